//! The `published` and `updated` fields.
//!
//! Rules for `published`, in order:
//! 1. the front matter's `date`;
//! 2. the signature's date (read once the language is known: `03/04/2022` reads two ways);
//! 3. a date in the statement's header: a labelled date (`Date:`, `Fecha:`, `Дата:` …), a date line
//!    above or under the title or right after the first paragraph, a place-and-date line at the
//!    top, a date in the title (see [`statement`](super::super::statement));
//! 4. a `yyyy-mm-dd` prefix of the file name;
//! 5. the [`Fallback`], the last resort (the file's history), given by the caller.
//!
//! Dates in the body that are in neither a header nor a signature position (events the statement
//! speaks of) are never taken. `updated` is the front matter's `updated`, else `published`.

use chrono::{DateTime, FixedOffset};

use super::super::dates::{self, FoundDate};
use super::super::fields::{Fields, Key};
use super::Input;
use crate::model::{Origin, Rule, Sourced};

/// A date with where it came from.
pub(crate) type Date = Sourced<DateTime<FixedOffset>>;

/// The last-resort rule for a statement that gives no date anywhere: the caller's answer (for
/// example the date the file was added), or `None`.
pub(crate) type Fallback<'a> = &'a dyn Fn(&Input<'_>, &mut Fields<'_>) -> Option<Date>;

/// The publication date; an error (and the epoch) when no rule gives one.
pub(crate) fn published(
    input: &Input<'_>,
    f: &mut Fields<'_>,
    lang: &str,
    fallback: Fallback<'_>,
) -> Date {
    front_matter(f, Key::Date, input)
        .or_else(|| signature(input, f, lang))
        .or_else(|| header(input, f, lang))
        .or_else(|| file_name(input))
        .or_else(|| fallback(input, f))
        .unwrap_or_else(|| missing(input, f))
}

/// The date of the last update: the front matter's `updated`, else the publication date.
pub(crate) fn updated(input: &Input<'_>, f: &mut Fields<'_>, published: &Date) -> Date {
    match front_matter(f, Key::Updated, input) {
        Some(u) => {
            if u.value < published.value {
                if let Origin::FrontMatter { line } = u.origin {
                    f.warning(
                        line,
                        "`updated` is earlier than the publication date".to_owned(),
                    );
                }
            }
            u
        }
        None => Sourced::new(
            published.value,
            Origin::Derived {
                rule: Rule::SameAsPublished,
            },
        ),
    }
}

fn front_matter(f: &mut Fields<'_>, key: Key, input: &Input<'_>) -> Option<Date> {
    let (dt, line) = f.date(key, input.config.timezone)?;
    Some(Sourced::new(dt, Origin::FrontMatter { line }))
}

/// The signature's date.
fn signature(input: &Input<'_>, f: &mut Fields<'_>, lang: &str) -> Option<Date> {
    let s = input.statement;
    let d = s.signature.as_ref()?.date.as_ref()?;
    let line = s.line_of(d.block, d.offset);
    Some(read(input, f, &d.found, &d.text, line, lang, None))
}

/// A date in the statement's header.
fn header(input: &Input<'_>, f: &mut Fields<'_>, lang: &str) -> Option<Date> {
    let h = input.statement.header_date.as_ref()?;
    let line = input.line(h.block);
    Some(read(input, f, &h.found, &h.text, line, lang, Some(h.rule)))
}

/// Reads a found date for the item's language, reporting how an ambiguous one was read. The
/// origin's rule is `position` when given (where the date was), else the format that read it.
fn read(
    input: &Input<'_>,
    f: &mut Fields<'_>,
    found: &FoundDate,
    text: &str,
    line: usize,
    lang: &str,
    position: Option<Rule>,
) -> Date {
    let reading = dates::read(found, text, lang, input.config.date_order);
    for warning in reading.warnings {
        f.warning(line, warning);
    }
    Sourced::new(
        dates::midnight(reading.date, input.config.timezone),
        Origin::Text {
            line,
            rule: position.unwrap_or(reading.rule),
        },
    )
}

fn file_name(input: &Input<'_>) -> Option<Date> {
    let date = dates::from_file_stem(&input.file.stem)?;
    Some(Sourced::new(
        dates::midnight(date, input.config.timezone),
        Origin::FileName,
    ))
}

fn missing(input: &Input<'_>, f: &mut Fields<'_>) -> Date {
    if !f.failed {
        let line = input
            .file
            .front_matter
            .as_ref()
            .map_or(input.first_line(), |fm| fm.open_line);
        f.invalid(
            line,
            "no date: add `date = 2022-01-08` to the front matter, a dated signature line, or a \
             yyyy-mm-dd prefix to the file name"
                .to_owned(),
        );
    }
    Sourced::new(DateTime::UNIX_EPOCH.fixed_offset(), Origin::Config)
}

/// The fallback that finds nothing: for callers without a history to ask.
pub(crate) fn no_fallback(_: &Input<'_>, _: &mut Fields<'_>) -> Option<Date> {
    None
}
