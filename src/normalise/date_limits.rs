//! Limits on an item's settled dates: what Atom, RSS and JSON Feed can carry, and what is
//! probably a typing mistake.
//!
//! Runs once the publication and update dates are decided, whichever rule found them. Refused
//! (the item is left out): years outside 0001–9999, in the date as written or in UTC, which
//! RFC 3339 cannot write (`0000-01-01`, `9999-12-31T23:00:00-05:00`), and leap seconds
//! (`23:59:60`), which many feed parsers reject. Warned about: dates before 1900, and dates more
//! than a day ahead of the clock (a publication date: more than a year, as a date ahead is a
//! scheduled release). The clock is read only for that warning: it never reaches a feed.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};

use super::fields::Fields;
use crate::model::{Origin, Sourced};

/// The earliest year that is not warned about.
pub(super) const EARLIEST_LIKELY_YEAR: i32 = 1900;

/// How far ahead of the clock a date other than the publication date may be without a warning.
const FUTURE_MARGIN: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// How far ahead of the clock a publication date (a scheduled release) may be without a warning.
const SCHEDULE_MARGIN: chrono::TimeDelta = chrono::TimeDelta::days(366);

/// One problem with a date: an error (the item cannot be published) or a warning.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Problem {
    Error(String),
    Warning(String),
}

/// Checks the publication and update dates against the limits, reporting at the line each came
/// from (`fallback_line` for dates from the file name).
pub(super) fn check(
    published: &Sourced<DateTime<FixedOffset>>,
    updated: &Sourced<DateTime<FixedOffset>>,
    fallback_line: usize,
    fields: &mut Fields<'_>,
) {
    let now = crate::types::clock::now();
    for (key, date) in judged(published, updated) {
        let line = match date.origin {
            Origin::FrontMatter { line } | Origin::Text { line, .. } => line,
            _ => fallback_line,
        };
        for problem in problems(key, &date.value, now) {
            match problem {
                Problem::Error(message) => fields.invalid(line, message),
                Problem::Warning(message) => fields.warning(line, message),
            }
        }
    }
}

/// The dates [`check`] judges, with the keys its messages name them by: the publication date,
/// and the update date unless it was derived from it.
fn judged<'d>(
    published: &'d Sourced<DateTime<FixedOffset>>,
    updated: &'d Sourced<DateTime<FixedOffset>>,
) -> impl Iterator<Item = (&'static str, &'d Sourced<DateTime<FixedOffset>>)> {
    let derived = matches!(updated.origin, Origin::Derived { .. });
    std::iter::once(("date", published)).chain((!derived).then_some(("updated", updated)))
}

/// Whether [`check`] says the same of these dates at `now` as it said at `then` (no warning
/// about a date ahead ends between them, [`ahead_until`]): the clock is read for those warnings
/// only, so an item made at `then` is what its file makes at `now` too (the item cache asks).
pub(crate) fn judged_alike(
    published: &Sourced<DateTime<FixedOffset>>,
    updated: &Sourced<DateTime<FixedOffset>>,
    then: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    judged(published, updated).all(|(key, date)| {
        ahead_until(key, &date.value).is_none_or(|end| (then < end) == (now < end))
    })
}

/// The first instant after `now` at which [`check`] says something else of these dates: when a
/// warning about a date ahead of the clock ends (a publication date comes within a year, an
/// update date within a day). `None` when nothing it says of them changes as the clock goes on.
pub(crate) fn next_judgement(
    published: &Sourced<DateTime<FixedOffset>>,
    updated: &Sourced<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    judged(published, updated)
        .filter_map(|(key, date)| ahead_until(key, &date.value))
        .filter(|end| *end > now)
        .min()
}

/// The instant until which `date` (the value of `key`) is warned about as ahead of the clock:
/// its margin before it (a publication date is a scheduled release, warned about only a year
/// or more ahead; any other date a day ahead). The one place the clock meets a date here.
fn ahead_until(key: &str, date: &DateTime<FixedOffset>) -> Option<DateTime<Utc>> {
    let margin = if key == "date" {
        SCHEDULE_MARGIN
    } else {
        FUTURE_MARGIN
    };
    date.with_timezone(&Utc).checked_sub_signed(margin)
}

/// What is wrong with `date` (the value of `key`), judged at `now`.
pub(super) fn problems(
    key: &str,
    date: &DateTime<FixedOffset>,
    now: DateTime<Utc>,
) -> Vec<Problem> {
    let shown = super::dates::rfc3339(date);
    let mut found = Vec::new();
    let utc_year = date.with_timezone(&Utc).year();
    if !(1..=9999).contains(&date.year()) || !(1..=9999).contains(&utc_year) {
        found.push(Problem::Error(format!(
            "`{key}` {shown} is in year {utc_year} in UTC; feeds can only carry years 0001 to \
             9999"
        )));
        return found;
    }
    if date.nanosecond() >= 1_000_000_000 {
        found.push(Problem::Error(format!(
            "`{key}` {shown} is a leap second, which many feed readers reject; write :59 instead"
        )));
    }
    if date.year() < EARLIEST_LIKELY_YEAR {
        found.push(Problem::Warning(format!(
            "`{key}` {shown} is before {EARLIEST_LIKELY_YEAR}: is the year right?"
        )));
    }
    // A publication date ahead is a scheduled release (held back until then): only a year or
    // more ahead looks like a typing mistake. Any other date ahead is shown now, out of order.
    let ahead = ahead_until(key, date).is_some_and(|end| now < end);
    if ahead && key == "date" {
        found.push(Problem::Warning(format!(
            "`{key}` {shown} is more than a year ahead: the statement is scheduled and stays \
             out of every output until then; is the year right?"
        )));
    } else if ahead {
        found.push(Problem::Warning(format!(
            "`{key}` {shown} is more than a day in the future; readers show it now, out of \
             order"
        )));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at("2026-01-01T00:00:00Z").with_timezone(&Utc)
    }

    fn errors(s: &str) -> usize {
        problems("date", &at(s), now())
            .iter()
            .filter(|p| matches!(p, Problem::Error(_)))
            .count()
    }

    #[test]
    fn ordinary_dates_pass() {
        assert!(problems("date", &at("2022-01-08T10:00:00+03:00"), now()).is_empty());
        assert!(problems("date", &at("2026-01-01T23:00:00Z"), now()).is_empty());
    }

    #[test]
    fn unwritable_dates_are_errors() {
        assert_eq!(errors("0000-01-01T00:00:00Z"), 1);
        assert_eq!(errors("0001-01-01T00:30:00+01:00"), 1);
        assert_eq!(errors("9999-12-31T23:00:00-05:00"), 1);
        assert_eq!(errors("2016-12-31T23:59:60Z"), 1);
        assert_eq!(errors("9999-12-31T23:59:59Z"), 0);
    }

    #[test]
    fn unlikely_dates_are_warnings() {
        let old = problems("date", &at("1850-01-01T00:00:00Z"), now());
        assert!(matches!(&old[..], [Problem::Warning(m)] if m.contains("before 1900")));
        let ahead = problems("updated", &at("2026-01-02T00:00:01Z"), now());
        assert!(matches!(&ahead[..], [Problem::Warning(m)] if m.contains("future")));
        assert!(problems("date", &at("2026-06-01T00:00:00Z"), now()).is_empty());
        let far = problems("date", &at("2027-01-03T00:00:00Z"), now());
        assert!(matches!(&far[..], [Problem::Warning(m)] if m.contains("scheduled")));
    }

    #[test]
    fn dates_are_judged_alike_until_the_clock_passes_a_warnings_threshold() {
        let sourced = |s: &str| Sourced::new(at(s), Origin::FrontMatter { line: 2 });
        let published = sourced("2026-03-01T00:00:00Z");
        let updated = sourced("2026-04-01T00:00:00Z");
        let clock = |s: &str| at(s).with_timezone(&Utc);
        let alike =
            |then: &str, now: &str| judged_alike(&published, &updated, clock(then), clock(now));
        // The update is more than a day ahead at both: the same warning.
        assert!(alike("2026-01-01T00:00:00Z", "2026-03-30T23:59:59Z"));
        // Less than a day ahead at the second: the warning is gone.
        assert!(!alike("2026-01-01T00:00:00Z", "2026-03-31T00:00:01Z"));
        // Both dates passed at both: nothing to say at either.
        assert!(alike("2026-05-01T00:00:00Z", "2027-05-01T00:00:00Z"));
        // A publication date more than a year ahead, then less.
        let far = sourced("2027-03-01T00:00:00Z");
        let derived = Sourced::new(
            at("2027-03-01T00:00:00Z"),
            Origin::Derived {
                rule: crate::types::rule::Rule::SameAsPublished,
            },
        );
        let judged = |then: &str, now: &str| judged_alike(&far, &derived, clock(then), clock(now));
        assert!(judged("2026-01-01T00:00:00Z", "2026-02-27T00:00:00Z"));
        assert!(!judged("2026-01-01T00:00:00Z", "2026-03-02T00:00:00Z"));
        // An update date derived from the publication date is not judged on its own: a day
        // ahead of the clock, it says nothing either way.
        assert!(judged("2026-06-01T00:00:00Z", "2027-02-28T12:00:00Z"));
    }

    #[test]
    fn the_next_judgement_is_when_a_warning_about_a_date_ahead_ends() {
        let sourced = |s: &str| Sourced::new(at(s), Origin::FrontMatter { line: 2 });
        let clock = |s: &str| at(s).with_timezone(&Utc);
        let published = sourced("2026-03-01T00:00:00Z");
        let updated = sourced("2026-04-01T00:00:00Z");
        // The update's warning ends a day before it; the publication date warns about nothing.
        assert_eq!(
            next_judgement(&published, &updated, clock("2026-01-01T00:00:00Z")),
            Some(clock("2026-03-31T00:00:00Z"))
        );
        // Both passed, or within their margins: nothing changes any more.
        assert_eq!(
            next_judgement(&published, &updated, clock("2026-03-31T00:00:00Z")),
            None
        );
        // A publication date two years ahead: its warning ends a year (366 days) before it.
        let far = sourced("2028-01-01T00:00:00Z");
        let derived = Sourced::new(
            at("2028-01-01T00:00:00Z"),
            Origin::Derived {
                rule: crate::types::rule::Rule::SameAsPublished,
            },
        );
        assert_eq!(
            next_judgement(&far, &derived, clock("2026-01-01T00:00:00Z")),
            Some(clock("2026-12-31T00:00:00Z"))
        );
        // At that instant the warning is gone, as `problems` says.
        assert!(problems("date", &far.value, clock("2026-12-31T00:00:00Z")).is_empty());
        assert!(!problems("date", &far.value, clock("2026-12-30T23:59:59Z")).is_empty());
    }
}
