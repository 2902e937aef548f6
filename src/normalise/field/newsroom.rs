//! The newsroom fields: `embargo` (scheduled release), `[[changes]]` (corrections) and
//! `withdrawn`, and what they do to `updated`, the summary and the content.
//!
//! - `embargo` is the instant of release when it must differ from the date shown; without it the
//!   publication date is the instant of release. Which items are out is decided per run
//!   (`normalise::settle`, against `types::clock`), not here: a file's item does not depend on
//!   the clock.
//! - Each `[[changes]]` entry is a correction note (`date`, `note`). The newest note's date is the
//!   item's `updated` (unless the front matter's `updated` is later), so an edit without a note
//!   does not re-announce the item. The feeds' content opens with the notes, newest first.
//! - `withdrawn = { date, reason }` keeps the id; `updated` becomes the withdrawal date; the
//!   feeds' content and summary become the notice; the page shows the notice alone or above the
//!   text (`[feeds] withdrawn_page`).

use chrono::{DateTime, FixedOffset};
use pulldown_cmark_escape::escape_html;

use super::super::fields::{Fields, Key};
use super::{Date, Input};
use crate::model::{Change, Origin, Sourced, Withdrawal};

/// The keys of one `[[changes]]` entry.
const CHANGE_KEYS: [&str; 2] = ["date", "note"];

/// The keys of `withdrawn`.
const WITHDRAWN_KEYS: [&str; 2] = ["date", "reason"];

/// The front matter's `embargo`.
pub(crate) fn embargo(input: &Input<'_>, f: &mut Fields<'_>) -> Option<Date> {
    let (dt, line) = f.date(Key::Embargo, input.config.timezone)?;
    Some(Sourced::new(dt, Origin::FrontMatter { line }))
}

/// The front matter's `[[changes]]`, oldest first (each needs a `date` and a `note`).
pub(crate) fn changes(input: &Input<'_>, f: &mut Fields<'_>, published: &Date) -> Vec<Change> {
    let Some((tables, line)) = f.tables(Key::Changes) else {
        return Vec::new();
    };
    let mut changes = Vec::with_capacity(tables.len());
    for table in &tables {
        f.unknown_in(Key::Changes, table, &CHANGE_KEYS, line);
        let date = f.date_in(Key::Changes, table, "date", line, input.config.timezone);
        let note = f.string_in(Key::Changes, table, "note", line);
        if let (Some(date), Some(note)) = (date, note) {
            if date < published.value {
                f.warning(
                    line,
                    format!(
                        "a change dated {} is earlier than the publication date",
                        day(&date)
                    ),
                );
            }
            changes.push(Change { date, note, line });
        }
    }
    changes.sort_by_key(|c| c.date);
    changes
}

/// The front matter's `withdrawn` (needs a `date` and a `reason`).
pub(crate) fn withdrawn(
    input: &Input<'_>,
    f: &mut Fields<'_>,
    published: &Date,
) -> Option<Withdrawal> {
    let (table, line) = f.table(Key::Withdrawn)?;
    f.unknown_in(Key::Withdrawn, &table, &WITHDRAWN_KEYS, line);
    let date = f.date_in(Key::Withdrawn, &table, "date", line, input.config.timezone);
    let reason = f.string_in(Key::Withdrawn, &table, "reason", line);
    let (date, reason) = (date?, reason?);
    if date < published.value {
        f.invalid(
            line,
            format!(
                "`withdrawn.date` {} is earlier than the publication date {}",
                day(&date),
                day(&published.value)
            ),
        );
    }
    Some(Withdrawal { date, reason, line })
}

/// `updated` as the corrections and the withdrawal move it: the newest note's date when later,
/// and the withdrawal date when withdrawn.
pub(crate) fn updated(updated: Date, changes: &[Change], withdrawn: Option<&Withdrawal>) -> Date {
    let mut updated = updated;
    if let Some(newest) = changes.iter().max_by_key(|c| c.date) {
        if newest.date > updated.value {
            updated = Sourced::new(newest.date, Origin::FrontMatter { line: newest.line });
        }
    }
    if let Some(w) = withdrawn {
        updated = Sourced::new(w.date, Origin::FrontMatter { line: w.line });
    }
    updated
}

/// A date as the notices show it: `2026-03-02`, in the date's own offset.
fn day(date: &DateTime<FixedOffset>) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// One notice paragraph: `<p><strong>{label} {day}:</strong> {text}</p>`, text escaped.
fn notice_paragraph(html: &mut String, label: &str, date: &DateTime<FixedOffset>, text: &str) {
    html.push_str("<p><strong>");
    html.push_str(label);
    html.push(' ');
    html.push_str(&day(date));
    html.push_str(":</strong> ");
    // Writing into a String cannot fail.
    let _ = escape_html(&mut *html, text);
    html.push_str("</p>");
}

/// The correction notes as an HTML block, newest first (empty without notes).
fn changes_html(changes: &[Change]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut html = String::from("<div class=\"changes\">");
    for c in changes.iter().rev() {
        notice_paragraph(&mut html, "Corrected on", &c.date, &c.note);
    }
    html.push_str("</div>");
    html
}

/// The item's HTML `html` under its corrections' notices ([`changes_html`]). An item without
/// corrections keeps its own string (adding it to an empty notice copied every item's HTML
/// into a new string, about 40 MB at 10,000 items), trimmed to its length when it was given
/// much more room than it took.
pub(crate) fn with_changes(mut html: String, changes: &[Change]) -> String {
    if changes.is_empty() {
        if html.capacity() > html.len() + html.len() / 4 {
            html.shrink_to_fit();
        }
        return html;
    }
    changes_html(changes) + &html
}

/// The withdrawal notice as an HTML block.
pub(crate) fn withdrawn_html(w: &Withdrawal) -> String {
    let mut html = String::from("<div class=\"withdrawn\">");
    notice_paragraph(&mut html, "Withdrawn on", &w.date, &w.reason);
    html.push_str("</div>");
    html
}

/// The withdrawal notice as plain text (the feeds' summary of a withdrawn item).
pub(crate) fn withdrawn_text(w: &Withdrawal) -> String {
    format!("Withdrawn on {}: {}", day(&w.date), w.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn notes_are_escaped_and_newest_first() {
        let changes = [
            Change {
                date: at("2026-03-01T10:00:00+01:00"),
                note: "Fixed a <name>".into(),
                line: 3,
            },
            Change {
                date: at("2026-03-05T10:00:00+01:00"),
                note: "Added a & b".into(),
                line: 3,
            },
        ];
        assert_eq!(
            changes_html(&changes),
            "<div class=\"changes\"><p><strong>Corrected on 2026-03-05:</strong> Added a &amp; \
             b</p><p><strong>Corrected on 2026-03-01:</strong> Fixed a &lt;name&gt;</p></div>"
        );
        assert_eq!(changes_html(&[]), "");
        // The notices go above the item's HTML; without them its own string is kept.
        let html = String::from("<p>Text</p>");
        let at = html.as_ptr();
        let kept = with_changes(html, &[]);
        assert_eq!((kept.as_str(), kept.as_ptr()), ("<p>Text</p>", at));
        assert_eq!(
            with_changes("<p>Text</p>".into(), &changes),
            changes_html(&changes) + "<p>Text</p>"
        );
    }

    #[test]
    fn the_newest_note_moves_updated_and_a_withdrawal_sets_it() {
        let published = Sourced::new(
            at("2026-03-01T00:00:00Z"),
            Origin::Derived {
                rule: crate::model::Rule::SameAsPublished,
            },
        );
        let changes = [Change {
            date: at("2026-03-05T00:00:00Z"),
            note: "x".into(),
            line: 4,
        }];
        let u = updated(published.clone(), &changes, None);
        assert_eq!(u.value, at("2026-03-05T00:00:00Z"));
        assert_eq!(u.origin, Origin::FrontMatter { line: 4 });
        assert_eq!(updated(published.clone(), &[], None), published);
        let w = Withdrawal {
            date: at("2026-04-01T00:00:00Z"),
            reason: "r".into(),
            line: 6,
        };
        assert_eq!(updated(published, &changes, Some(&w)).value, w.date);
        assert_eq!(withdrawn_text(&w), "Withdrawn on 2026-04-01: r");
    }
}
