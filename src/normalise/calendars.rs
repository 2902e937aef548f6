//! Dates outside the Latin, Cyrillic, Arabic and Hebrew word forms: Chinese dates (`2025年2月7日`,
//! `二〇二五年二月七日`, `二零二一年九月十六日于南岭`, rule `chinese-date`), Korean dates
//! (`2024년 4월 3일`, rule `korean-date`), Solar Hijri dates
//! written with Persian month names (`۹ اردیبهشت ۱۴۰۱`, rule `persian-date`) and Islamic Hijri
//! dates (`28 رمضان 1443 هـ`, rule `hijri-date`, Umm al-Qura reckoning) and Hebrew-calendar dates
//! in Hebrew numerals (`ט"ו בניסן תשפ"ה`, `י״ד באדר ב׳ ה׳תשפ״ד`, rule `hebrew-date`). A Hijri or
//! Hebrew date gives way to a Gregorian date on the same line ([`super::dates::find_in_text`]).
//!
//! The calendar arithmetic is ICU4X's (`icu_calendar`): a date is built as a `Date<Persian>` or
//! `Date<Hijri>` or `Date<Hebrew>` and converted to ISO, never by hand. Reading Chinese numerals
//! (`二〇二五`, `十六`) and Hebrew numerals (`תשפ"ה`: letters summed) is a few lines here: no
//! maintained crate reads the forms dates use.

use std::sync::LazyLock;

use chrono::NaiveDate;
use icu_calendar::cal::{Hebrew, Hijri};
use icu_calendar::types::Month;
use icu_calendar::{Date, Iso};
use regex::Regex;

use super::date_words::digit_value;
use super::dates::FoundDate;
use super::rule::Rule;

/// A Chinese numeral or an ASCII / full-width digit.
const CN: &str = "[0-9０-９〇零一二三四五六七八九十两]";

static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    // Optional `于<place>` after the date: where it was written, not who wrote it.
    Regex::new(&format!(
        r"({CN}{{4}})\s*年\s*({CN}{{1,3}})\s*月\s*({CN}{{1,3}})\s*[日号](?:\s*于\s*\p{{Han}}{{1,6}})?"
    ))
    .expect("static regex")
});

/// A Minguo date (the Republic of China's years, Taiwan's official dates), in figures: `民國115年
/// 11月5日`, or without the era when the year has two or three figures (`115年11月5日`; a
/// four-figure year is Gregorian, [`CHINESE`]). The character before it, when there is one,
/// is no figure (`2026年` holds `026年`); it is matched and left out of the span.
static MINGUO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9０-９])((?:民國|民国)\s*([0-9０-９]{1,3})|([0-9０-９]{2,3}))\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*[日号]",
    )
    .expect("static regex")
});

/// The Minguo years read without the era: from 38 (1949) to 200 (2111). A smaller number
/// before `年` is more often a count of years than a date.
const MINGUO_YEARS: std::ops::RangeInclusive<i32> = 38..=200;

/// A Korean date, Gregorian, year first (`2024년 4월 3일`, `2023년 9월 12일(화)`).
static KOREAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*년\s*([0-9]{1,2})\s*월\s*([0-9]{1,2})\s*일").expect("static regex")
});

/// The Solar Hijri months, Farvardin first.
const PERSIAN_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

static PERSIAN: LazyLock<Regex> = LazyLock::new(|| {
    let months = PERSIAN_MONTHS.join("|");
    Regex::new(&format!(
        r"([0-9۰-۹٠-٩]{{1,2}})\s+({months})(?:\s+ماه)?\s+([0-9۰-۹٠-٩]{{4}})"
    ))
    .expect("static regex")
});

/// A Solar Hijri date in figures, year first, in Persian digits (`۱۴۰۱/۰۲/۰۹`): a year of the
/// 1300s or 1400s written in Persian digits is always Solar Hijri.
static PERSIAN_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(۱[۳۴][۰-۹]{2})\s*[/\-.]\s*([۰-۹]{1,2})\s*[/\-.]\s*([۰-۹]{1,2})")
        .expect("static regex")
});

/// The Islamic months, Muharram first, with their common spellings.
const HIJRI_MONTHS: [&[&str]; 12] = [
    &["محرم"],
    &["صفر"],
    &["ربيع الأول", "ربيع الاول"],
    &["ربيع الآخر", "ربيع الثاني", "ربيع الاخر"],
    &["جمادى الأولى", "جمادى الاولى"],
    &["جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة"],
    &["رجب"],
    &["شعبان"],
    &["رمضان"],
    &["شوال"],
    &["ذو القعدة"],
    &["ذو الحجة"],
];

static HIJRI: LazyLock<Regex> = LazyLock::new(|| {
    let months: Vec<&str> = HIJRI_MONTHS
        .iter()
        .flat_map(|m| m.iter().copied())
        .collect();
    Regex::new(&format!(
        r"([0-9٠-٩]{{1,2}})\s+({})\s+(1[3-5][0-9]{{2}}|١[٣-٥][٠-٩]{{2}})\s*(?:هـ|ه)?",
        months.join("|")
    ))
    .expect("static regex")
});

/// The Hebrew months as dates write them (after the prefix ב), with their ICU4X month: Adar alone
/// is `M06` (Adar II in a leap year), Adar I is the leap month `M05L`.
const HEBREW_MONTHS: [(&str, u8); 17] = [
    ("תשרי", 1),
    ("מרחשוון", 2),
    ("חשוון", 2),
    ("חשון", 2),
    ("כסלו", 3),
    ("כסליו", 3),
    ("טבת", 4),
    ("שבט", 5),
    ("אדר", 6),
    ("ניסן", 7),
    ("אייר", 8),
    ("איר", 8),
    ("סיוון", 9),
    ("סיון", 9),
    ("תמוז", 10),
    ("אב", 11),
    ("אלול", 12),
];

static HEBREW: LazyLock<Regex> = LazyLock::new(|| {
    let months: Vec<&str> = HEBREW_MONTHS.iter().map(|(m, _)| *m).collect();
    // A day and a year in Hebrew numerals always carry a geresh or gershayim (`ז'`, `ט"ו`,
    // `תשפ"ה`): without one, Hebrew letters are a word, not a number.
    Regex::new(&format!(
        r#"(?:^|[^\p{{Hebrew}}])([א-ת]['׳]|[א-ת]["״][א-ת])\s+ב({})(?:\s+([אב])['׳])?\s*,?\s+((?:ה['׳]?)?[א-ת]{{1,3}}["״][א-ת])"#,
        months.join("|")
    ))
    .expect("static regex")
});

/// Every Chinese, Solar Hijri, Islamic Hijri and Hebrew-calendar date in `text`.
pub(crate) fn find_all(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    if text.contains('年') {
        for c in CHINESE.captures_iter(text) {
            let date = (|| {
                let y = chinese_number(&c[1])?;
                NaiveDate::from_ymd_opt(y as i32, chinese_number(&c[2])?, chinese_number(&c[3])?)
            })();
            if let (Some(date), Some(m)) = (date, c.get(0)) {
                found.push(found_date(date, m.range(), Rule::ChineseDate));
            }
        }
    }
    if text.contains('年') {
        found.extend(MINGUO.captures_iter(text).filter_map(|c| minguo_found(&c)));
    }
    if text.contains('년') {
        for c in KOREAN.captures_iter(text) {
            let date = (|| {
                NaiveDate::from_ymd_opt(
                    number(&c[1])?,
                    number(&c[2])? as u32,
                    number(&c[3])? as u32,
                )
            })();
            if let (Some(date), Some(m)) = (date, c.get(0)) {
                found.push(found_date(date, m.range(), Rule::KoreanDate));
            }
        }
    }
    if has_arabic_script(text) {
        found.extend(arabic_script_dates(text));
    }
    // The byte scan first: the search for any of four marks decodes every character.
    if has_hebrew_letter(text) && text.contains(['\'', '׳', '"', '״']) {
        found.extend(HEBREW.captures_iter(text).filter_map(|c| hebrew_found(&c)));
    }
    found
}

/// Whether `text` holds a character of the Arabic block (U+0600–U+06FF), as every match of
/// [`PERSIAN`], [`PERSIAN_NUMERIC`] and [`HIJRI`] does (their month names and Persian digits are
/// in it): such a character opens with a byte 0xD8–0xDB in UTF-8, which no other character
/// does. Most texts hold none, and skip three regexes.
fn has_arabic_script(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Two `memchr` searches go through the text many bytes at a time.
    memchr::memchr3(0xD8, 0xD9, 0xDA, bytes).is_some() || memchr::memchr(0xDB, bytes).is_some()
}

/// Whether `text` holds a Hebrew letter's block (U+05C0–U+05FF: lead byte 0xD7 in UTF-8), as
/// every match of [`HEBREW`] does.
fn has_hebrew_letter(text: &str) -> bool {
    memchr::memchr(0xD7, text.as_bytes()).is_some()
}

/// Solar Hijri dates in words or Persian figures, and Islamic Hijri dates.
fn arabic_script_dates(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    for c in PERSIAN.captures_iter(text) {
        let month = PERSIAN_MONTHS.iter().position(|m| *m == &c[2]);
        let date =
            month.and_then(|m| solar_hijri(number(&c[3])?, m as u8 + 1, number(&c[1])? as u8));
        if let (Some(date), Some(m)) = (date, c.get(0)) {
            found.push(found_date(date, m.range(), Rule::PersianDate));
        }
    }
    for c in PERSIAN_NUMERIC.captures_iter(text) {
        let date = (|| solar_hijri(number(&c[1])?, number(&c[2])? as u8, number(&c[3])? as u8))();
        if let (Some(date), Some(m)) = (date, c.get(0)) {
            found.push(found_date(date, m.range(), Rule::PersianDate));
        }
    }
    for c in HIJRI.captures_iter(text) {
        let month = HIJRI_MONTHS.iter().position(|m| m.contains(&&c[2]));
        let date = month.and_then(|m| islamic(number(&c[3])?, m as u8 + 1, number(&c[1])? as u8));
        if let (Some(date), Some(m)) = (date, c.get(0)) {
            found.push(found_date(date, m.range(), Rule::HijriDate));
        }
    }
    found
}

/// One match of [`HEBREW`] as a date, when it is one.
fn hebrew_found(c: &regex::Captures<'_>) -> Option<FoundDate> {
    let day = u8::try_from(hebrew_number(&c[1])?).ok()?;
    let month = HEBREW_MONTHS.iter().find(|(m, _)| *m == &c[2])?.1;
    let month = match (month, c.get(3).map(|m| m.as_str())) {
        (6, Some("א")) => Month::leap(5),
        (m, _) => Month::new(m),
    };
    let year = c[4]
        .strip_prefix("ה'")
        .or_else(|| c[4].strip_prefix("ה׳"))
        .or_else(|| without_article_he(&c[4]))
        .unwrap_or(&c[4]);
    // The thousands are left out (`תשפ"ה` is 785: 5785); years 5600–5899 are 1839–2139.
    let year = hebrew_number(year).filter(|y| (600..900).contains(y))? + 5000;
    let date = hebrew(year as i32, month, day)?;
    let span = c.get(1)?.start()..c.get(4)?.end();
    Some(found_date(date, span, Rule::HebrewDate))
}

/// `התשפ"ד` → `תשפ"ד`: the year written with the article `ה` (four letters before the
/// quotation mark: no year of 5600–5899 needs more than three).
fn without_article_he(year: &str) -> Option<&str> {
    let rest = year.strip_prefix('ה')?;
    let before_quote = rest.chars().take_while(|c| !matches!(c, '"' | '״')).count();
    (before_quote == 3).then_some(rest)
}

/// A Hebrew-calendar date in the Gregorian calendar, by ICU4X.
pub(crate) fn hebrew(year: i32, month: Month, day: u8) -> Option<NaiveDate> {
    let date: Date<Hebrew> = Date::try_new_hebrew_v2(year, month, day).ok()?;
    iso_date(date.to_calendar(Iso))
}

/// A number in Hebrew numerals: the letters' values summed (`ט"ו` 15, `תשפ"ה` 785), geresh and
/// gershayim ignored.
pub(crate) fn hebrew_number(s: &str) -> Option<u32> {
    const VALUES: [(char, u32); 27] = [
        ('א', 1),
        ('ב', 2),
        ('ג', 3),
        ('ד', 4),
        ('ה', 5),
        ('ו', 6),
        ('ז', 7),
        ('ח', 8),
        ('ט', 9),
        ('י', 10),
        ('כ', 20),
        ('ך', 20),
        ('ל', 30),
        ('מ', 40),
        ('ם', 40),
        ('נ', 50),
        ('ן', 50),
        ('ס', 60),
        ('ע', 70),
        ('פ', 80),
        ('ף', 80),
        ('צ', 90),
        ('ץ', 90),
        ('ק', 100),
        ('ר', 200),
        ('ש', 300),
        ('ת', 400),
    ];
    s.chars()
        .filter(|c| !matches!(c, '\'' | '׳' | '"' | '״'))
        .try_fold(0, |n, c| {
            let (_, v) = VALUES.iter().find(|(l, _)| *l == c)?;
            Some(n + v)
        })
}

/// The date a [`MINGUO`] match gives, its span the date's own.
fn minguo_found(c: &regex::Captures<'_>) -> Option<FoundDate> {
    // `chinese_number` reads full-width figures too (`１１５`).
    let figures = |s: &str| chinese_number(s).and_then(|n| i32::try_from(n).ok());
    let (year, with_era) = match (c.get(2), c.get(3)) {
        (Some(y), _) => (figures(y.as_str())?, true),
        (None, Some(y)) => (figures(y.as_str())?, false),
        (None, None) => return None,
    };
    if !with_era && !MINGUO_YEARS.contains(&year) {
        return None;
    }
    let month = u8::try_from(figures(&c[4])?).ok()?;
    let day = u8::try_from(figures(&c[5])?).ok()?;
    let date = minguo(year, month, day)?;
    let start = c.get(1)?.start();
    let end = c.get(0)?.end();
    Some(found_date(date, start..end, Rule::MinguoDate))
}

/// A Minguo date in the Gregorian calendar, by ICU4X.
pub(crate) fn minguo(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    iso_date(Date::try_new_roc(year, month, day).ok()?.to_calendar(Iso))
}

/// An Islamic Hijri date (Umm al-Qura) in the Gregorian calendar, by ICU4X.
pub(crate) fn islamic(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let date =
        Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    iso_date(date.to_calendar(Iso))
}

fn iso_date(iso: Date<Iso>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

fn found_date(date: NaiveDate, span: std::ops::Range<usize>, rule: Rule) -> FoundDate {
    FoundDate {
        date,
        span,
        rule,
        weekday: None,
        month_first: None,
    }
}

/// A Solar Hijri date in the Gregorian calendar, by ICU4X.
pub(crate) fn solar_hijri(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    iso_date(
        Date::try_new_persian(year, month, day)
            .ok()?
            .to_calendar(Iso),
    )
}

/// Digits in any script we read (`۱۴۰۱`, `1401`).
fn number(s: &str) -> Option<i32> {
    s.chars().try_fold(0i32, |n, c| {
        n.checked_mul(10)?.checked_add(digit_value(c)? as i32)
    })
}

/// A Chinese numeral as dates write it: a year digit by digit (`二〇二五`), a month or day with
/// 十 (`十二`, `二十七`, `十`), or figures.
pub(crate) fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        match c {
            '〇' | '零' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            '０'..='９' => Some(c as u32 - '０' as u32),
            _ => c.to_digit(10),
        }
    };
    if let Some((tens, ones)) = s.split_once('十') {
        let tens = if tens.is_empty() {
            1
        } else {
            digit(single(tens)?)?
        };
        let ones = if ones.is_empty() {
            0
        } else {
            digit(single(ones)?)?
        };
        return Some(tens * 10 + ones);
    }
    s.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?))
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of dates in every calendar here, and of text that is none.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[0-9۰-۹٠-٩]{1,4}",
            "[ /.\\-'\"׳״ھ]{1,2}",
            proptest::sample::select(
                PERSIAN_MONTHS
                    .iter()
                    .chain(HIJRI_MONTHS.iter().flat_map(|m| m.iter()))
                    .map(|m| (*m).to_owned())
                    .chain(HEBREW_MONTHS.iter().map(|(m, _)| format!("ב{m}")))
                    .chain(["ماه", "هـ", "תשפ\"ה", "ט\"ו", "ז'", "a", "é"].map(str::to_owned))
                    .collect::<Vec<_>>()
            ),
        ]
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The byte scans never spare a text one of the regexes they guard would match.
        #[test]
        fn scans_never_spare_a_match(pieces in proptest::collection::vec(piece(), 0..8)) {
            let text = pieces.join(" ");
            let arabic = PERSIAN.is_match(&text)
                || PERSIAN_NUMERIC.is_match(&text)
                || HIJRI.is_match(&text);
            proptest::prop_assert!(!arabic || has_arabic_script(&text), "{:?}", text);
            proptest::prop_assert!(
                !HEBREW.is_match(&text) || has_hebrew_letter(&text),
                "{:?}",
                text
            );
            let block = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
            proptest::prop_assert_eq!(has_arabic_script(&text), text.contains(block));
            let hebrew = |c: char| ('\u{05C0}'..='\u{05FF}').contains(&c);
            proptest::prop_assert_eq!(has_hebrew_letter(&text), text.contains(hebrew));
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn one(text: &str) -> (NaiveDate, Rule, &str) {
        let f = find_all(text).pop().unwrap();
        (f.date, f.rule, &text[f.span])
    }

    #[test]
    fn chinese_dates() {
        assert_eq!(one("二〇二五年二月七日").0, d(2025, 2, 7));
        assert_eq!(
            one("二零二一年九月十六日于南岭"),
            (
                d(2021, 9, 16),
                Rule::ChineseDate,
                "二零二一年九月十六日于南岭"
            )
        );
        assert_eq!(one("2024年11月3日于临江").0, d(2024, 11, 3));
        assert_eq!(one("2023年5月12日").0, d(2023, 5, 12));
        assert_eq!(one("二〇二二年十二月二十七日").0, d(2022, 12, 27));
        assert!(find_all("二〇二二年十三月一日").is_empty());
    }

    #[test]
    fn minguo_dates_by_icu() {
        assert_eq!(one("發稿日期：115年11月5日").0, d(2026, 11, 5));
        assert_eq!(one("民國114年3月1日").0, d(2025, 3, 1));
        assert_eq!(one("民国 38 年 10 月 1 日").0, d(1949, 10, 1));
        assert_eq!(one("中華民國１１５年１１月５日").0, d(2026, 11, 5));
        // A Gregorian year is not read again as a Minguo one, nor a count of years.
        assert_eq!(find_all("2026年11月5日").len(), 1);
        assert!(find_all("已经12年3月5日").is_empty());
        assert!(find_all("115年13月5日").is_empty());
    }

    #[test]
    fn korean_dates() {
        assert_eq!(
            one("2024년 4월 3일"),
            (d(2024, 4, 3), Rule::KoreanDate, "2024년 4월 3일")
        );
        assert_eq!(
            one("□ 일시 : 2023년 9월 12일(화) 오전 11시").0,
            d(2023, 9, 12)
        );
        assert!(find_all("2023년 13월 1일").is_empty());
    }

    #[test]
    fn solar_hijri_dates_by_icu() {
        assert_eq!(one("تاریخ صدور: ۹ اردیبهشت ۱۴۰۱").0, d(2022, 4, 29));
        assert_eq!(one("۳۰ مهر ۱۴۰۲").0, d(2023, 10, 22));
        assert_eq!(
            one("۲۳ آذر ۱۳۹۹"),
            (d(2020, 12, 13), Rule::PersianDate, "۲۳ آذر ۱۳۹۹")
        );
        assert!(find_all("۳۲ آذر ۱۳۹۹").is_empty());
    }

    #[test]
    fn solar_hijri_dates_in_persian_figures() {
        assert_eq!(one("تاریخ: ۱۴۰۱/۰۲/۰۹").0, d(2022, 4, 29));
        assert_eq!(one("۱۴۰۲-۰۷-۱۵").0, d(2023, 10, 7));
        assert!(find_all("۱۲۰۱/۰۲/۰۹").is_empty());
    }

    #[test]
    fn islamic_dates_by_icu() {
        assert_eq!(one("الجمعة 28 رمضان 1443 هـ").0, d(2022, 4, 29));
        assert_eq!(
            one("6 ربيع الآخر 1445 هـ"),
            (d(2023, 10, 21), Rule::HijriDate, "6 ربيع الآخر 1445 هـ")
        );
    }

    #[test]
    fn hebrew_dates_by_icu() {
        assert_eq!(
            one("ז' בחשוון תשפ\"ד"),
            (d(2023, 10, 22), Rule::HebrewDate, "ז' בחשוון תשפ\"ד")
        );
        assert_eq!(one("ירושלים, כ\"ז בכסלו תשפ\"א").0, d(2020, 12, 13));
        // The year with the article `ה`.
        assert_eq!(one("ו' בתשרי התשפ\"ד").0, d(2023, 9, 21));
        assert_eq!(one("ט״ו בניסן ה׳תשפ״ה").0, d(2025, 4, 13));
        // Adar II in a leap year, Adar I before it.
        assert_eq!(one("י\"ד באדר ב' תשפ\"ד").0, d(2024, 3, 24));
        assert_eq!(one("י\"ד באדר א' תשפ\"ד").0, d(2024, 2, 23));
        assert_eq!(one("י\"ד באדר תשפ\"ה").0, d(2025, 3, 14));
        // Without geresh or gershayim the letters are words; a day past the month's end is none.
        assert!(find_all("זה בניסן תשפה").is_empty());
        assert!(find_all("ל\"ב בניסן תשפ\"ה").is_empty());
        assert_eq!(hebrew_number("תשפ\"ה"), Some(785));
        assert_eq!(hebrew_number("ט\"ז"), Some(16));
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number("二〇二五"), Some(2025));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十六"), Some(16));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("三十一"), Some(31));
        assert_eq!(chinese_number("x"), None);
    }
}
