//! Dates as statements write them: front-matter values (RFC 3339, TOML datetimes, bare dates),
//! dates inside signature lines, and the date prefix of a file name.
//!
//! Each textual format is one small rule with its own name, so `communique items` can say which
//! rule read a date: the numeric ones here (`dd.mm.yy`, `yyyy-mm-dd`, …), the ones in words in
//! `date_words`. chrono does the calendar arithmetic; the rules only find the
//! numbers. A numeric date that reads two ways (`03/04/2022`) is read once the item's language is
//! known ([`read`]), and the reading is reported.

use super::rule::Rule;
pub use crate::types::dates::{rfc3339, rfc822, DateOrder};
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday,
};
use chrono_tz::Tz;
use regex::Regex;

use super::calendars;
use super::date_words::{self, digit_value};

/// A date found inside a line of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    /// The date as read day first (or from words).
    pub date: NaiveDate,
    /// Byte range of the date in the text (with a weekday or article written before it).
    pub span: Range<usize>,
    /// The rule that read it, e.g. `dd.mm.yy` or `d month yyyy`.
    pub rule: Rule,
    /// The weekday written with the date, if any.
    pub weekday: Option<Weekday>,
    /// The month-first reading of a numeric date with `/` or `-` whose day and month are both 12
    /// or less and differ (`03/04/2022`); see [`read`].
    pub month_first: Option<NaiveDate>,
}

/// A decimal digit in the scripts we read (ASCII and Arabic-Indic).
const D: &str = "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}]";

/// The first year read from a `yyyy/mm/dd` date: earlier ones are in another calendar.
const MIN_SLASHED_YEAR: i32 = 1600;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({D}{{4}})([-/])({D}{{1,2}})([-/])({D}{{1,2}})\b"
    ))
    .expect("static regex")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({D}{{1,2}})([./-])({D}{{1,2}})([./-])({D}{{4}}|{D}{{2}})\b"
    ))
    .expect("static regex")
});

/// Finds the last date written in `text` (a signature names its date last): numeric, or in
/// words in one of the languages of `month_names`.
pub fn find_in_text(text: &str) -> Option<FoundDate> {
    remembered_ends(text).last
}

/// The first and last dates written in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Ends {
    first: Option<FoundDate>,
    last: Option<FoundDate>,
}

fn ends(text: &str) -> Ends {
    let all = all_dates(text);
    Ends {
        first: all
            .iter()
            .min_by_key(|f| (f.span.start, f.span.end))
            .cloned(),
        last: all.into_iter().max_by_key(|f| (f.span.start, f.span.end)),
    }
}

/// How many texts' dates each thread remembers.
const REMEMBERED_TEXTS: usize = 16;
/// The longest text remembered, in bytes: a line or short paragraph, which the header, closing
/// and signature rules ask about several times; longer texts are read afresh each time.
const REMEMBERED_TEXT_BYTES: usize = 2048;

/// The last texts whose dates were read on this thread, oldest overwritten first. Hand-written,
/// not a cache crate: sixteen slots compared by length and bytes cost less than hashing the
/// text would, and a ring needs no eviction policy beyond "oldest".
#[derive(Default)]
struct RecentTexts {
    slots: Vec<(Box<str>, Ends)>,
    next: usize,
}

impl RecentTexts {
    fn get(&self, text: &str) -> Option<&Ends> {
        self.slots
            .iter()
            .find(|(t, _)| &**t == text)
            .map(|(_, e)| e)
    }

    fn put(&mut self, text: &str, found: Ends) {
        let slot = (Box::from(text), found);
        if self.slots.len() < REMEMBERED_TEXTS {
            self.slots.push(slot);
        } else {
            self.slots[self.next] = slot;
        }
        self.next = (self.next + 1) % REMEMBERED_TEXTS;
    }
}

thread_local! {
    static RECENT_TEXTS: std::cell::RefCell<RecentTexts> = Default::default();
}

/// [`ends`], remembered for the last few short texts of this thread: a statement's header,
/// closing and signature rules read the same lines' dates again and again (a pure function, so
/// the answer is the same; at 1,000 generated items, 1,478 of 3,776 readings were repeats).
fn remembered_ends(text: &str) -> Ends {
    if text.len() > REMEMBERED_TEXT_BYTES {
        return ends(text);
    }
    RECENT_TEXTS.with_borrow_mut(|recent| {
        if let Some(found) = recent.get(text) {
            return found.clone();
        }
        let found = ends(text);
        recent.put(text, found.clone());
        found
    })
}

/// Every date written in `text`: numeric, in words, or in another calendar (left out when a
/// Gregorian date stands beside it).
fn all_dates(text: &str) -> Vec<FoundDate> {
    let mut found = numeric_dates(text);
    found.extend(date_words::find_all(text).into_iter().map(|w| FoundDate {
        date: w.date,
        span: w.span,
        rule: w.rule,
        weekday: w.weekday,
        month_first: None,
    }));
    found.extend(calendars::find_all(text));
    without_other_calendars(found)
}

/// `found` without its Hijri and Hebrew dates when a Gregorian date stands beside them.
fn without_other_calendars(found: Vec<FoundDate>) -> Vec<FoundDate> {
    let beside = |f: &FoundDate| matches!(f.rule, Rule::HijriDate | Rule::HebrewDate);
    let gregorian = found.iter().any(|f| !beside(f));
    found
        .into_iter()
        .filter(|f| !gregorian || !beside(f))
        .collect()
}

/// Finds the first date written in `text` (a header line names the publication first: `Publié
/// le 3 février 2022, mis à jour le 4 février 2022`).
pub(crate) fn find_first_in_text(text: &str) -> Option<FoundDate> {
    remembered_ends(text).first
}

/// Rules `yyyy-mm-dd`, `dd.mm.yyyy`, `dd/mm/yyyy`, `dd-mm-yyyy` and their two-digit-year forms.
fn numeric_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    if !has_separated_digits(text) {
        return found;
    }
    for c in ISO.captures_iter(text) {
        // `2023-06-18` or `2023/06/18`, never the two mixed.
        if c[2] != c[4] {
            continue;
        }
        let (y, m, d) = (num(&c[1]), num(&c[3]), num(&c[5]));
        // `1401/02/09` is a Solar Hijri date ([`calendars`]), not the year 1401.
        if &c[2] == "/" && y < MIN_SLASHED_YEAR {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(y, m as u32, d as u32) {
            found.push(FoundDate {
                date,
                span: c.get(0).map(|m| m.range()).unwrap_or_default(),
                rule: Rule::YyyyMmDd,
                weekday: None,
                month_first: None,
            });
        }
    }
    for c in DAY_FIRST.captures_iter(text) {
        if c[2] != c[4] {
            continue;
        }
        let (d, m, y) = (num(&c[1]), num(&c[3]), &c[5]);
        let (year, rule) = if y.chars().count() == 2 {
            (two_digit_year(num(y)), two_digit_rule(&c[2]))
        } else {
            (num(y), four_digit_rule(&c[2]))
        };
        let Some(date) = NaiveDate::from_ymd_opt(year, m as u32, d as u32) else {
            continue;
        };
        // Month first is how `/` and `-` dates are written in the United States; nobody writes
        // a dotted date month first.
        let month_first = (&c[2] != "." && d != m)
            .then(|| NaiveDate::from_ymd_opt(year, d as u32, m as u32))
            .flatten();
        found.push(FoundDate {
            date,
            span: c.get(0).map(|m| m.range()).unwrap_or_default(),
            rule,
            weekday: None,
            month_first,
        });
    }
    found
}

/// Whether `text` holds a digit, a separator of [`ISO`] or [`DAY_FIRST`] (`-`, `/`, `.`) and a
/// digit in a row, as every match of either does. Most paragraphs hold none: the scan spares
/// them the regexes, whose Unicode word boundaries make them slow on text that is not ASCII.
fn has_separated_digits(text: &str) -> bool {
    if date_words::only_ascii_digits(text) {
        // Digit, separator and digit are then three ASCII bytes in a row: looked for after each
        // digit, found without a step per byte.
        let bytes = text.as_bytes();
        return date_words::ascii_digits(bytes).any(|at| {
            matches!(bytes.get(at + 1), Some(b'-' | b'/' | b'.'))
                && bytes.get(at + 2).is_some_and(u8::is_ascii_digit)
        });
    }
    has_separated_digit_chars(text)
}

/// [`has_separated_digits`] character by character, for text that may hold digits other than
/// ASCII ones.
fn has_separated_digit_chars(text: &str) -> bool {
    let is_digit = |c: char| digit_value(c).is_some();
    let mut chars = text.chars();
    let (mut a, mut b) = match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => (a, b),
        _ => return false,
    };
    for c in chars {
        if matches!(b, '-' | '/' | '.') && is_digit(a) && is_digit(c) {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}

fn num(s: &str) -> i32 {
    s.chars()
        .try_fold(0i32, |n, c| {
            n.checked_mul(10)?.checked_add(digit_value(c)? as i32)
        })
        .unwrap_or(0)
}

/// POSIX `%y`: 69–99 are 1969–1999, 00–68 are 2000–2068.
fn two_digit_year(yy: i32) -> i32 {
    if yy >= 69 {
        1900 + yy
    } else {
        2000 + yy
    }
}

fn two_digit_rule(sep: &str) -> Rule {
    match sep {
        "." => Rule::DdMmYy,
        "/" => Rule::DdSlashMmYy,
        _ => Rule::DdDashMmYy,
    }
}

fn four_digit_rule(sep: &str) -> Rule {
    match sep {
        "." => Rule::DdMmYyyy,
        "/" => Rule::DdSlashMmYyyy,
        _ => Rule::DdDashMmYyyy,
    }
}

/// The month-first name of a day-first numeric rule.
fn month_first_rule(rule: Rule) -> Rule {
    match rule {
        Rule::DdSlashMmYy => Rule::MmSlashDdYy,
        Rule::DdDashMmYy => Rule::MmDashDdYy,
        Rule::DdDashMmYyyy => Rule::MmDashDdYyyy,
        _ => Rule::MmSlashDdYyyy,
    }
}

/// A date found in a line, read for one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub date: NaiveDate,
    pub rule: Rule,
    /// What `check` should say about it: which way an ambiguous date was read, a weekday that
    /// does not match.
    pub warnings: Vec<String>,
}

/// Reads a found date for an item in language `lang`: an ambiguous numeric date goes day or
/// month first by `order` and the language, and the choice is reported. `line` is the text the
/// date was found in.
pub fn read(found: &FoundDate, line: &str, lang: &str, order: DateOrder) -> Reading {
    let written = line.get(found.span.clone()).unwrap_or_default();
    let mut reading = Reading {
        date: found.date,
        rule: found.rule,
        warnings: Vec::new(),
    };
    if let Some(other) = found.month_first {
        let english = lang
            .split('-')
            .next()
            .is_some_and(|p| p.eq_ignore_ascii_case("en"));
        let (month_first, why) = match order {
            DateOrder::DayFirst => (false, "from `date_order = \"dmy\"`".to_owned()),
            DateOrder::MonthFirst if english => (
                true,
                format!("from `date_order = \"mdy\"` and the item's language {lang}"),
            ),
            DateOrder::Auto if lang.eq_ignore_ascii_case("en-US") => {
                (true, "from the item's language en-US".to_owned())
            }
            _ => (false, format!("from the item's language {lang}")),
        };
        if month_first {
            reading.date = other;
            reading.rule = month_first_rule(found.rule);
        }
        reading.warnings.push(format!(
            "read {written} as {} ({} first, {why}); write {} to make it unambiguous",
            english_date(reading.date),
            if month_first { "month" } else { "day" },
            reading.date.format("%Y-%m-%d"),
        ));
    }
    if let Some(day) = found.weekday {
        if day != reading.date.weekday() {
            reading.warnings.push(format!(
                "`{written}` names a {}, but {} is a {}: check the date",
                english_weekday(day),
                english_date(reading.date),
                english_weekday(reading.date.weekday()),
            ));
        }
    }
    reading
}

/// `3 April 2022`: how messages write a date.
pub(crate) fn english_date(date: NaiveDate) -> String {
    format!("{} {}", date.day(), date.format("%B %Y"))
}

fn english_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The `yyyy-mm-dd` prefix of a file stem such as `2022-01-08-kazakhstan`.
pub(crate) fn from_file_stem(stem: &str) -> Option<NaiveDate> {
    let prefix = stem.get(..10)?;
    let rest = &stem[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', '.'])) {
        return None;
    }
    NaiveDate::parse_from_str(prefix, "%Y-%m-%d").ok()
}

/// Midnight of `date` in `tz`, as a fixed-offset time.
pub(crate) fn midnight(date: NaiveDate, tz: Tz) -> DateTime<FixedOffset> {
    local(date.and_time(NaiveTime::MIN), tz)
}

/// A wall-clock time in `tz`. In a daylight-saving gap the first valid instant after it is used.
pub(crate) fn local(naive: NaiveDateTime, tz: Tz) -> DateTime<FixedOffset> {
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
/// offset (`2022-01-08T10:00`, `2022-01-08 10:00:00`; read in `tz`), a bare date (midnight in
/// `tz`), or a date in words that a signature would be read from ([`words_only`]: `12 mars
/// 2025`, `March 12, 2025`, `الأحد 12 مارس 2025`, midnight in `tz`).
pub(crate) fn parse_front_matter(s: &str, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
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
    if let Some(date) = words_only(s) {
        return Ok(midnight(date, tz));
    }
    Err(format!(
        "`{s}` is not a date: write 2022-01-08, 2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00"
    ))
}

/// The date `s` writes in words (or in another calendar), when `s` is that date and nothing
/// else (a full stop or comma after it aside): the rules and month names the signature reader
/// uses, in every language it knows. Numeric dates other than ISO ones are not taken, since
/// front matter has no language yet to read `03/04/2022` by.
fn words_only(s: &str) -> Option<NaiveDate> {
    let s = s.trim_end_matches(['.', ',']).trim();
    let found = all_dates(s);
    let [one] = found.as_slice() else {
        return None;
    };
    let in_words = matches!(
        one.rule,
        Rule::DayMonthYear
            | Rule::MonthDayYear
            | Rule::ChineseDate
            | Rule::MinguoDate
            | Rule::PersianDate
            | Rule::HijriDate
            | Rule::HebrewDate
    );
    (in_words && one.span == (0..s.len())).then_some(one.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The remembered dates of a text are the dates read afresh, whatever was read before:
        /// texts repeat among twenty drawn from a few, so slots are hit, missed and overwritten.
        #[test]
        fn remembered_dates_are_read_afresh_dates(
            picks in proptest::collection::vec(0..24usize, 0..40),
            texts in proptest::collection::vec(
                "(le |am |on )?[0-9]{1,2}[./ ](mars |June |[0-9]{1,2}[./])?(19|20)[0-9]{2}[ ,a-z]{0,6}",
                24,
            ),
        ) {
            for i in picks {
                let text = &texts[i];
                let reference = ends(text);
                proptest::prop_assert_eq!(remembered_ends(text), reference.clone());
                proptest::prop_assert_eq!(find_in_text(text), reference.last.clone());
                proptest::prop_assert_eq!(find_first_in_text(text), reference.first);
            }
        }
        /// The scan that spares text the regexes never spares one they would match.
        #[test]
        fn no_numeric_date_without_separated_digits(
            text in "[0-9٠-٩۰-۹./ a-z-é]{0,24}"
        ) {
            let matched = ISO.is_match(&text) || DAY_FIRST.is_match(&text);
            proptest::prop_assert!(!matched || has_separated_digits(&text), "{text:?}");
            proptest::prop_assert_eq!(has_separated_digits(&text), has_separated_digit_chars(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The scan after each digit answers as a scan of every three bytes in a row does, on
        /// texts long enough to fill the blocks the digits are found by.
        #[test]
        fn separated_digits_found_after_digits_as_in_every_window(
            text in "([a-z ,é]{0,40}[0-9./-]{0,4}){0,6}"
        ) {
            let windows = text.as_bytes().windows(3).any(|w| {
                matches!(w[1], b'-' | b'/' | b'.') && w[0].is_ascii_digit() && w[2].is_ascii_digit()
            });
            proptest::prop_assert_eq!(has_separated_digits(&text), windows, "{:?}", text);
        }
    }

    #[test]
    fn separated_digits() {
        assert!(has_separated_digits("le 3.4.2022"));
        assert!(has_separated_digits("٠٣/٠٤"));
        assert!(!has_separated_digits("429 € - 30 %"));
        assert!(!has_separated_digits("1"));
        assert!(!has_separated_digits(""));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seed_signature_date() {
        let line = "Comitê Central da Tendência Marxista (Rússia) (08.01.22)";
        let f = find_in_text(line).unwrap();
        assert_eq!(f.date, d(2022, 1, 8));
        assert_eq!(f.rule.as_str(), "dd.mm.yy");
        assert_eq!(&line[f.span.clone()], "08.01.22");
    }

    #[test]
    fn numeric_formats() {
        let cases = [
            ("Comité (08.01.2022)", d(2022, 1, 8), Rule::DdMmYyyy),
            ("Comité, 08/01/2022", d(2022, 1, 8), Rule::DdSlashMmYyyy),
            ("Comité — 2022-01-08", d(2022, 1, 8), Rule::YyyyMmDd),
            ("اللجنة 2023/06/18", d(2023, 6, 18), Rule::YyyyMmDd),
            ("1.5.99", d(1999, 5, 1), Rule::DdMmYy),
            ("31-12-2021", d(2021, 12, 31), Rule::DdDashMmYyyy),
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
    fn front_matter_dates_in_words_as_a_signature_writes_them() {
        let lisbon: Tz = "Europe/Lisbon".parse().unwrap();
        let f = |s| parse_front_matter(s, lisbon).map(|d| rfc3339(&d));
        assert_eq!(f("12 mars 2025").unwrap(), "2025-03-12T00:00:00Z");
        assert_eq!(f("March 12, 2025").unwrap(), "2025-03-12T00:00:00Z");
        assert_eq!(
            f(" 3 de fevereiro de 2022. ").unwrap(),
            "2022-02-03T00:00:00Z"
        );
        assert_eq!(
            f("Mittwoch, 12. März 2025").unwrap(),
            "2025-03-12T00:00:00Z"
        );
        // Not a date alone, two dates, or a numeric date with no language to read it by.
        assert!(f("12 mars 2025 et 13 mars 2025").is_err());
        assert!(f("avant le 12 mars 2025").is_err());
        assert!(f("03/04/2022").is_err());
        assert!(f("12 zzz 2025").is_err());
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

    #[test]
    fn arabic_indic_digits() {
        let f = find_in_text("اللجنة التنفيذية ٠٨/٠١/٢٠٢٢").unwrap();
        assert_eq!((f.date, f.rule), (d(2022, 1, 8), Rule::DdSlashMmYyyy));
        let f = find_in_text("٢٠٢٢-٠١-٠٨").unwrap();
        assert_eq!(f.date, d(2022, 1, 8));
    }

    #[test]
    fn moroccan_month_names() {
        for (text, want) in [
            ("حرر بوادي الريحان في 18 نونبر 2026", d(2026, 11, 18)),
            ("الرباط، 2 دجنبر 2025", d(2025, 12, 2)),
            ("فاس في 9 شتنبر 2024", d(2024, 9, 9)),
            ("طنجة، 14 غشت 2023", d(2023, 8, 14)),
            ("مراكش، 30 يوليوز 2022", d(2022, 7, 30)),
        ] {
            assert_eq!(find_in_text(text).map(|f| f.date), Some(want), "{text}");
        }
    }

    #[test]
    fn words_and_numbers_together() {
        // The last date of the line wins, whichever rule reads it.
        let f = find_in_text("Comité, 8 de enero de 2022 (08.01.2022)").unwrap();
        assert_eq!(f.rule.as_str(), "dd.mm.yyyy");
        let f = find_in_text("08.01.2022 — Moscow, 9 January 2022").unwrap();
        assert_eq!((f.date, f.rule.as_str()), (d(2022, 1, 9), "d month yyyy"));
    }

    #[test]
    fn only_slash_and_dash_dates_can_be_month_first() {
        let mf = |t: &str| find_in_text(t).unwrap().month_first;
        assert_eq!(mf("03/04/2022"), Some(d(2022, 3, 4)));
        assert_eq!(mf("03-04-22"), Some(d(2022, 3, 4)));
        assert_eq!(mf("03.04.2022"), None);
        assert_eq!(mf("(08.01.22)"), None);
        assert_eq!(mf("13/04/2022"), None);
        assert_eq!(mf("04/04/2022"), None);
        assert_eq!(mf("2022-04-03"), None);
    }

    #[test]
    fn ambiguous_dates_follow_language_and_order() {
        let line = "Comissão Executiva, 03/04/2022";
        let found = find_in_text(line).unwrap();
        let r = read(&found, line, "pt", DateOrder::Auto);
        assert_eq!((r.date, r.rule.as_str()), (d(2022, 4, 3), "dd/mm/yyyy"));
        assert_eq!(
            r.warnings,
            [
                "read 03/04/2022 as 3 April 2022 (day first, from the item's language pt); write \
              2022-04-03 to make it unambiguous"
            ]
        );
        let r = read(&found, line, "en-US", DateOrder::Auto);
        assert_eq!((r.date, r.rule.as_str()), (d(2022, 3, 4), "mm/dd/yyyy"));
        assert_eq!(
            r.warnings,
            [
                "read 03/04/2022 as 4 March 2022 (month first, from the item's language en-US); \
              write 2022-03-04 to make it unambiguous"
            ]
        );
        assert_eq!(
            read(&found, line, "en", DateOrder::Auto).date,
            d(2022, 4, 3)
        );
        let r = read(&found, line, "en", DateOrder::MonthFirst);
        assert_eq!(r.date, d(2022, 3, 4));
        assert!(r.warnings[0].contains("from `date_order = \"mdy\"` and the item's language en"));
        assert_eq!(
            read(&found, line, "pt", DateOrder::MonthFirst).date,
            d(2022, 4, 3)
        );
        let r = read(&found, line, "en-US", DateOrder::DayFirst);
        assert_eq!(r.date, d(2022, 4, 3));
        assert!(r.warnings[0].contains("(day first, from `date_order = \"dmy\"`)"));
        // Unambiguous dates say nothing.
        let line = "Comité, 13/04/2022";
        let r = read(&find_in_text(line).unwrap(), line, "en-US", DateOrder::Auto);
        assert_eq!((r.date, r.warnings.len()), (d(2022, 4, 13), 0));
    }

    #[test]
    fn a_wrong_weekday_is_reported() {
        let line = "Saturday 9 January 2022";
        let r = read(&find_in_text(line).unwrap(), line, "en", DateOrder::Auto);
        assert_eq!(r.date, d(2022, 1, 9));
        assert_eq!(
            r.warnings,
            ["`Saturday 9 January 2022` names a Saturday, but 9 January 2022 is a Sunday: check \
              the date"]
        );
        let line = "sábado, 8 de janeiro de 2022";
        assert!(
            read(&find_in_text(line).unwrap(), line, "pt", DateOrder::Auto)
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn date_order_values() {
        assert_eq!(DateOrder::default().to_string(), "auto");
    }

    #[test]
    fn slashed_year_first_dates_are_gregorian_only() {
        assert!(find_in_text("2022/01-08").is_none());
        // A Solar Hijri year written with figures is left to the calendars.
        assert!(find_in_text("1401/02/09").is_none_or(|f| f.rule != Rule::YyyyMmDd));
    }
}
