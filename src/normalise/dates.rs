//! Dates as statements write them: front-matter values (RFC 3339, TOML datetimes, bare dates),
//! dates inside signature lines, and the date prefix of a file name.
//!
//! Each textual format is one small rule with its own name, so `communique items` can say which
//! rule read a date. chrono does the calendar arithmetic; the rules only find the numbers.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use regex::Regex;

/// A date found inside a line of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    /// Byte range of the date in the text.
    pub span: Range<usize>,
    /// The rule that read it, e.g. `dd.mm.yy`.
    pub rule: &'static str,
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("static regex"));
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})\b").expect("static regex")
});

/// Finds the last date written in `text` (a signature names its date last).
pub fn find_in_text(text: &str) -> Option<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for c in ISO.captures_iter(text) {
        let (y, m, d) = (num(&c[1]), num(&c[2]), num(&c[3]));
        if let Some(date) = NaiveDate::from_ymd_opt(y, m as u32, d as u32) {
            found.push(FoundDate {
                date,
                span: c.get(0).map(|m| m.range()).unwrap_or_default(),
                rule: "yyyy-mm-dd",
            });
        }
    }
    for c in DAY_FIRST.captures_iter(text) {
        if c[2] != c[4] {
            continue;
        }
        let (d, m, y) = (num(&c[1]), num(&c[3]), &c[5]);
        let (year, rule) = if y.len() == 2 {
            (two_digit_year(num(y)), two_digit_rule(&c[2]))
        } else {
            (num(y), four_digit_rule(&c[2]))
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, m as u32, d as u32) {
            found.push(FoundDate {
                date,
                span: c.get(0).map(|m| m.range()).unwrap_or_default(),
                rule,
            });
        }
    }
    found.into_iter().max_by_key(|f| f.span.start)
}

fn num(s: &str) -> i32 {
    s.parse().unwrap_or(0)
}

/// POSIX `%y`: 69–99 are 1969–1999, 00–68 are 2000–2068.
fn two_digit_year(yy: i32) -> i32 {
    if yy >= 69 {
        1900 + yy
    } else {
        2000 + yy
    }
}

fn two_digit_rule(sep: &str) -> &'static str {
    match sep {
        "." => "dd.mm.yy",
        "/" => "dd/mm/yy",
        _ => "dd-mm-yy",
    }
}

fn four_digit_rule(sep: &str) -> &'static str {
    match sep {
        "." => "dd.mm.yyyy",
        "/" => "dd/mm/yyyy",
        _ => "dd-mm-yyyy",
    }
}

/// The `yyyy-mm-dd` prefix of a file stem such as `2022-01-08-kazakhstan`.
pub fn from_file_stem(stem: &str) -> Option<NaiveDate> {
    let prefix = stem.get(..10)?;
    let rest = &stem[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', '.'])) {
        return None;
    }
    NaiveDate::parse_from_str(prefix, "%Y-%m-%d").ok()
}

/// Midnight of `date` in `tz`, as a fixed-offset time.
pub fn midnight(date: NaiveDate, tz: Tz) -> DateTime<FixedOffset> {
    local(date.and_time(NaiveTime::MIN), tz)
}

/// A wall-clock time in `tz`. In a daylight-saving gap the first valid instant after it is used.
pub fn local(naive: NaiveDateTime, tz: Tz) -> DateTime<FixedOffset> {
    let mut t = naive;
    for _ in 0..4 {
        if let Some(dt) = tz.from_local_datetime(&t).earliest() {
            return dt.fixed_offset();
        }
        t += chrono::Duration::minutes(30);
    }
    tz.from_utc_datetime(&naive).fixed_offset()
}

/// Parses a front-matter date: RFC 3339 (`2022-01-08T10:00:00+03:00`), a local date-time without
/// offset (`2022-01-08T10:00`, `2022-01-08 10:00:00`; read in `tz`), or a bare date (midnight in
/// `tz`).
pub fn parse_front_matter(s: &str, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(local(naive, tz));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(midnight(date, tz));
    }
    Err(format!(
        "`{s}` is not a date: write 2022-01-08, 2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00"
    ))
}

/// RFC 3339 as feeds want it: seconds always, `Z` for UTC.
pub fn rfc3339(dt: &DateTime<FixedOffset>) -> String {
    dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// RFC 822 as RSS wants it: English names, four-digit year, numeric zone.
pub fn rfc822(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seed_signature_date() {
        let line = "Comitê Central da Tendência Marxista (Rússia) (08.01.22)";
        let f = find_in_text(line).unwrap();
        assert_eq!(f.date, d(2022, 1, 8));
        assert_eq!(f.rule, "dd.mm.yy");
        assert_eq!(&line[f.span.clone()], "08.01.22");
    }

    #[test]
    fn numeric_formats() {
        let cases = [
            ("Comité (08.01.2022)", d(2022, 1, 8), "dd.mm.yyyy"),
            ("Comité, 08/01/2022", d(2022, 1, 8), "dd/mm/yyyy"),
            ("Comité — 2022-01-08", d(2022, 1, 8), "yyyy-mm-dd"),
            ("1.5.99", d(1999, 5, 1), "dd.mm.yy"),
            ("31-12-2021", d(2021, 12, 31), "dd-mm-yyyy"),
        ];
        for (text, date, rule) in cases {
            let f = find_in_text(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((f.date, f.rule), (date, rule), "{text}");
        }
    }

    #[test]
    fn rejects_impossible_and_mixed() {
        assert_eq!(find_in_text("32.01.22"), None);
        assert_eq!(find_in_text("08.13.2022"), None);
        assert_eq!(find_in_text("08.01/22"), None);
        assert_eq!(find_in_text("version 1.2.3"), None);
        assert_eq!(find_in_text("no date here"), None);
    }

    #[test]
    fn file_stem_prefix() {
        assert_eq!(from_file_stem("2022-01-08-slug"), Some(d(2022, 1, 8)));
        assert_eq!(from_file_stem("2022-01-08"), Some(d(2022, 1, 8)));
        assert_eq!(from_file_stem("2022-01-081"), None);
        assert_eq!(from_file_stem("000_9d9a61bf827e93db"), None);
        assert_eq!(from_file_stem("2022-02-30-x"), None);
    }

    #[test]
    fn front_matter_dates() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        let moscow: Tz = "Europe/Moscow".parse().unwrap();
        let f = |s, tz| parse_front_matter(s, tz).map(|d| rfc3339(&d));
        assert_eq!(
            f("2022-01-08", chrono_tz::UTC).unwrap(),
            "2022-01-08T00:00:00Z"
        );
        assert_eq!(
            f("2022-01-08", moscow).unwrap(),
            "2022-01-08T00:00:00+03:00"
        );
        assert_eq!(
            f("2022-07-01T10:30", lisbon).unwrap(),
            "2022-07-01T10:30:00+01:00"
        );
        assert_eq!(
            f("2022-01-08T10:00:00+03:00", lisbon).unwrap(),
            "2022-01-08T10:00:00+03:00"
        );
        assert_eq!(
            f("2022-01-08 10:00:00Z", lisbon).unwrap(),
            "2022-01-08T10:00:00Z"
        );
        // 01:30 does not exist in Lisbon on 2022-03-27: the next valid time is used.
        assert_eq!(
            f("2022-03-27T01:30", lisbon).unwrap(),
            "2022-03-27T02:00:00+01:00"
        );
        assert!(f("08/01/2022", lisbon)
            .unwrap_err()
            .contains("is not a date"));
    }

    #[test]
    fn feed_formats() {
        let dt = DateTime::parse_from_rfc3339("2022-01-08T00:00:00Z").unwrap();
        assert_eq!(rfc822(&dt), "Sat, 08 Jan 2022 00:00:00 +0000");
        assert_eq!(rfc3339(&dt), "2022-01-08T00:00:00Z");
        let dt = DateTime::parse_from_rfc3339("2022-01-08T10:00:00+03:00").unwrap();
        assert_eq!(rfc822(&dt), "Sat, 08 Jan 2022 10:00:00 +0300");
    }
}
