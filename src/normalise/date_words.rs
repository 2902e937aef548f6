//! Dates written in words: `8 de janeiro de 2022`, `8 января 2022 г.`, `Saturday 8 January
//! 2022`, `January 8, 2022`, `le 12 mars 2021`, `1er mai 2024`, `1° maggio 2024`,
//! `6. Januar 2022`, `٨ يناير ٢٠٢٢`, `8 בינואר 2022`.
//!
//! A line is cut into `Token`s (numbers in Western or Arabic-Indic digits, words, single
//! punctuation marks), and two small rules read them: `d month yyyy` and `month d, yyyy`. Both
//! accept the little words and marks that languages put around a date (`de`, `of`, ordinal
//! suffixes, `г.`), and a weekday and an article (`le`, `den`, `am`, `el`, `في`) in front, which
//! become part of the date's span so that what is left of the line is the signatory or a place.
//! Month and weekday names come from `month_names`.

use super::rule::Rule;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};

use super::month_names::{self, fold};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of decimal digits, with its value (saturating) and its number of digits.
    Num { value: u32, digits: usize },
    /// A run of letters (and combining marks); an inner hyphen joins (`segunda-feira`).
    Word,
    /// Any other character that is not white space.
    Punct(char),
}

/// A piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte range in the line.
    pub span: Range<usize>,
    /// True when no white space separates it from the previous token.
    pub glued: bool,
}

/// The value of a decimal digit in the scripts statements use: ASCII, Arabic-Indic and
/// Extended Arabic-Indic (Persian, Urdu).
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || month_names::is_mark(c) || c == 'ʼ'
}

/// Cuts a line into tokens.
pub(crate) fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut glued = false;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            glued = false;
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if let Some(v) = digit_value(c) {
            let (mut value, mut digits) = (v, 1);
            while let Some(&(i, d)) = chars.peek() {
                let Some(v) = digit_value(d) else { break };
                value = value.saturating_mul(10).saturating_add(v);
                digits += 1;
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Num { value, digits }
        } else if is_word_char(c) {
            while let Some(&(i, d)) = chars.peek() {
                let joins = matches!(d, '-' | '\'' | '’')
                    && line[i + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                if !(is_word_char(d) || joins) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        out.push(Token {
            kind,
            text: &line[start..end],
            span: start..end,
            glued,
        });
        glued = true;
    }
    out
}

/// A date read from words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WordDate {
    pub date: NaiveDate,
    /// Byte range in the line, weekday and article included.
    pub span: Range<usize>,
    /// `d month yyyy` or `month d, yyyy`.
    pub rule: Rule,
    /// The weekday written before the date, if any (it may disagree with the date).
    pub weekday: Option<Weekday>,
}

/// Finds every date written in words in `line`, left to right.
pub(crate) fn find_all(line: &str) -> Vec<WordDate> {
    // Every date in words has a year of four figures: a run of exactly four digits.
    if !has_four_digit_run(line) {
        return Vec::new();
    }
    dates_in(line)
}

/// [`find_all`] without the scan that spares most lines.
fn dates_in(line: &str) -> Vec<WordDate> {
    let t = tokens(line);
    let is_num = |i: usize| t.get(i).is_some_and(|t| matches!(t.kind, Kind::Num { .. }));
    let mut found = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let core = match t[i].kind {
            Kind::Num { .. } => day_month_year(&t, i).map(|c| (c, Rule::DayMonthYear)),
            // A month name is only looked up where a day follows it.
            Kind::Word if is_num(i + 1) || is_num(i + 2) || is_num(i + 3) => {
                month_day_year(&t, i).map(|c| (c, Rule::MonthDayYear))
            }
            _ => None,
        };
        match core {
            Some(((date, end), rule)) => {
                let (start, weekday) = preamble(&t, i);
                found.push(WordDate {
                    date,
                    span: t[start].span.start..t[end - 1].span.end,
                    rule,
                    weekday,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Whether `line` holds a run of exactly four digits ([`digit_value`]), as a token
/// [`year_at`] reads does: a number token is a longest run of digits. Most paragraphs hold
/// none, and are then not cut into tokens at all.
fn has_four_digit_run(line: &str) -> bool {
    if only_ascii_digits(line) {
        // Byte by byte: no other character's bytes look like an ASCII digit in UTF-8.
        four_in_a_row_at(ascii_digits(line.as_bytes()))
    } else {
        exactly_four_in_a_row(line.chars().map(|c| digit_value(c).is_some()))
    }
}

/// Whether the ascending positions `digits` (those of the digits of a text) hold a run of
/// exactly four in a row: [`exactly_four_in_a_row`] of the text's flags, told from where the
/// digits are (a paragraph holds few, and [`ascii_digits`] finds them without a step per byte).
fn four_in_a_row_at(digits: impl Iterator<Item = usize>) -> bool {
    let mut run: Option<(usize, usize)> = None;
    for at in digits {
        run = match run {
            Some((start, end)) if end == at => Some((start, at + 1)),
            Some((start, end)) if end - start == 4 => return true,
            _ => Some((at, at + 1)),
        };
    }
    run.is_some_and(|(start, end)| end - start == 4)
}

/// The positions of the ASCII digits of `bytes`, in order. The bytes are tested 32 at a time
/// with a test the compiler turns into a few vector instructions
/// ([`any_byte`](crate::types::text::any_byte)), and only a block holding a digit is looked at
/// byte by byte: the date rules scan every paragraph for digits, and most hold few or none.
pub(crate) fn ascii_digits(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    use crate::types::text::BLOCK;
    fn digits_in(block: &[u8], offset: usize) -> impl Iterator<Item = usize> + '_ {
        block
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_digit())
            .map(move |(i, _)| offset + i)
    }
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| crate::types::text::any_byte(block, |b| b.is_ascii_digit()))
        .flat_map(move |(k, block)| digits_in(block, k * BLOCK))
        .chain(digits_in(rest, blocks.len() * BLOCK))
}

/// Whether `digits` (one flag per byte or character: is it a digit) holds a run of exactly
/// four `true`s.
fn exactly_four_in_a_row(digits: impl Iterator<Item = bool>) -> bool {
    let mut run = 0;
    for digit in digits {
        if digit {
            run += 1;
        } else if run == 4 {
            return true;
        } else {
            run = 0;
        }
    }
    run == 4
}

/// Whether the only digits [`digit_value`] reads in `text` are ASCII ones: Arabic-Indic digits
/// (U+0660–0669) open with the byte 0xD9 in UTF-8 and Extended Arabic-Indic ones (U+06F0–06F9)
/// with 0xDB, so a text without either byte (found by `memchr`, far faster than decoding
/// characters) holds none. The scans for digits then go byte by byte.
pub(crate) fn only_ascii_digits(text: &str) -> bool {
    memchr::memchr2(0xD9, 0xDB, text.as_bytes()).is_none()
}

fn word_is(t: Option<&Token<'_>>, words: &[&str]) -> bool {
    t.is_some_and(|t| t.kind == Kind::Word && words.contains(&fold(t.text).as_str()))
}

fn punct_is(t: Option<&Token<'_>>, marks: &[char]) -> bool {
    t.is_some_and(|t| matches!(t.kind, Kind::Punct(c) if marks.contains(&c)))
}

/// A day of the month: one or two digits, 1–31.
fn day_at(t: &[Token<'_>], i: usize) -> Option<u32> {
    match t.get(i)?.kind {
        Kind::Num { value, digits } if digits <= 2 && (1..=31).contains(&value) => Some(value),
        _ => None,
    }
}

/// A year: four digits.
fn year_at(t: &[Token<'_>], i: usize) -> Option<i32> {
    match t.get(i)?.kind {
        Kind::Num { value, digits: 4 } => i32::try_from(value).ok(),
        _ => None,
    }
}

/// A month name (one or two words) at `i`: the month and how many tokens it took. An
/// abbreviation may end with a full stop.
fn month_at(t: &[Token<'_>], i: usize) -> Option<(u32, usize)> {
    let first = t.get(i).filter(|t| t.kind == Kind::Word)?;
    let second = t.get(i + 1).filter(|t| t.kind == Kind::Word);
    if let Some(second) = second.filter(|_| month_names::opens_two_word_month(first.text)) {
        if let Some(m) = month_names::month(&format!("{} {}", first.text, second.text)) {
            return Some((m, 2));
        }
    }
    // Catalan elides `de` before a vowel and glues it to the month: `9 d'octubre del 2024`.
    let elided = ["d'", "d’", "D'", "D’"]
        .iter()
        .find_map(|p| first.text.strip_prefix(p));
    let m = month_names::month(first.text).or_else(|| elided.and_then(month_names::month))?;
    let dot = t
        .get(i + 1)
        .is_some_and(|n| n.glued && n.kind == Kind::Punct('.'))
        && first.text.chars().count() <= 5;
    Some((m, if dot { 2 } else { 1 }))
}

/// Ordinal marks glued to a day: `1er`, `1st`, `1°`, `1º`, `1.º`, `6.`, Greek `5ης` / `5η`
/// (compared folded: `ης` → `ησ`).
/// Returns how many tokens.
fn ordinal_after(t: &[Token<'_>], i: usize) -> usize {
    let Some(next) = t.get(i).filter(|t| t.glued) else {
        return 0;
    };
    match next.kind {
        Kind::Word
            if word_is(
                Some(next),
                &["er", "re", "st", "nd", "rd", "th", "º", "ª", "o", "ησ", "η"],
            ) =>
        {
            1
        }
        Kind::Punct('.') => {
            if t.get(i + 1)
                .is_some_and(|n| n.glued && matches!(n.text, "º" | "ª"))
            {
                2
            } else {
                1
            }
        }
        Kind::Punct('°' | 'º') => 1,
        // `«3» февраля 2025 г.`: the day in quotation marks, as Russian and Ukrainian papers
        // write it.
        Kind::Punct('»' | '"' | '”')
            if i >= 2
                && t[i - 1].glued
                && matches!(t[i - 2].kind, Kind::Punct('«' | '"' | '“')) =>
        {
            1
        }
        _ => 0,
    }
}

/// The marks after a year: Russian `г.` / `года`, Ukrainian `р.`, Arabic `م` (glued or not).
fn year_suffix(t: &[Token<'_>], i: usize) -> usize {
    if !word_is(
        t.get(i),
        &["г", "гг", "года", "год", "р", "року", "م", "r", "yılı"],
    ) {
        return 0;
    }
    if t.get(i + 1)
        .is_some_and(|n| n.glued && n.kind == Kind::Punct('.'))
    {
        2
    } else {
        1
    }
}

fn make(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Rule `d month yyyy`: `8 January 2022`, `8th of January, 2022`, `8 de janeiro de 2022`,
/// `6. Januar 2022`, `1er mai 2024`, `8 января 2022 г.`, `8 يناير 2022`. Returns the date and
/// the index after its last token.
fn day_month_year(t: &[Token<'_>], i: usize) -> Option<(NaiveDate, usize)> {
    let day = day_at(t, i)?;
    let mut j = i + 1;
    j += ordinal_after(t, j);
    if word_is(t.get(j), &["de", "of"]) {
        j += 1;
    }
    let (month, used) = month_at(t, j)?;
    j += used;
    // `نيسان/أبريل`: one month in two names.
    if punct_is(t.get(j), &['/']) && month_at(t, j + 1).is_some_and(|(m, _)| m == month) {
        j += 1 + month_at(t, j + 1).map_or(0, |(_, u)| u);
    }
    if punct_is(t.get(j), &[',']) {
        j += 1;
    }
    if word_is(t.get(j), &["de", "del"]) {
        j += 1;
    }
    let year = year_at(t, j)?;
    j += 1;
    j += year_suffix(t, j);
    Some((make(year, month, day)?, j))
}

/// Rule `month d, yyyy`: `January 8, 2022`, `Jan. 8th 2022`, `enero 8 de 2022`.
fn month_day_year(t: &[Token<'_>], i: usize) -> Option<(NaiveDate, usize)> {
    let (month, used) = month_at(t, i)?;
    let mut j = i + used;
    let day = day_at(t, j)?;
    j += 1;
    j += ordinal_after(t, j);
    if punct_is(t.get(j), &[',']) || word_is(t.get(j), &["de", "del"]) {
        j += 1;
    }
    let year = year_at(t, j)?;
    Some((make(year, month, day)?, j + 1))
}

/// Words that introduce a date: French `le`, German `den` / `am`, Spanish `a` / `el`, Italian
/// `il`, Portuguese `em`, English `on` / `the`, Arabic `في`.
const ARTICLES: &[&str] = &[
    "le", "den", "am", "a", "el", "il", "li", "em", "on", "the", "في",
];

/// Words that introduce a weekday: Arabic `يوم`, Hebrew `יום`.
const DAY_WORDS: &[&str] = &["يوم", "יום"];

/// Extends a date back over an article and a weekday (`Saturday, the 8th…`, `samedi le 8…`,
/// `يوم السبت 8…`). Returns the first token of the date and the weekday.
fn preamble(t: &[Token<'_>], core: usize) -> (usize, Option<Weekday>) {
    let mut start = core;
    if start > 0 && word_is(t.get(start - 1), ARTICLES) {
        start -= 1;
    }
    let mut k = start;
    if k > 0 && punct_is(t.get(k - 1), &[',', '،']) {
        k -= 1;
    }
    let weekday = k
        .checked_sub(1)
        .and_then(|w| t.get(w))
        .filter(|w| w.kind == Kind::Word)
        .and_then(|w| month_names::weekday(w.text));
    if weekday.is_some() {
        start = k - 1;
        if start > 0 && word_is(t.get(start - 1), DAY_WORDS) {
            start -= 1;
        }
    }
    (start, weekday)
}

/// The long form of `date` in a language, as a person there would write it in a signature:
/// the inverse of the rules above (used to test them, and in messages).
pub fn long_form(date: NaiveDate, lang: &str) -> Option<String> {
    let words = month_names::for_lang(lang)?;
    let (d, m, y) = (
        date.day(),
        words.months[date.month0() as usize][0],
        date.year(),
    );
    Some(match words.lang {
        "pt" | "es" => format!("{d} de {m} de {y}"),
        "en" => format!("{d} {m} {y}"),
        "fr" if d == 1 => format!("le 1er {m} {y}"),
        "fr" => format!("le {d} {m} {y}"),
        "de" => format!("{d}. {m} {y}"),
        "it" if d == 1 => format!("1° {m} {y}"),
        "ru" => format!("{d} {m} {y} г."),
        "uk" => format!("{d} {m} {y} р."),
        "ar" => format!("{} {m} {}", arabic_digits(d), arabic_digits(y as u32)),
        "he" => format!("{d} ב{m} {y}"),
        _ => format!("{d} {m} {y}"),
    })
}

fn arabic_digits(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + 0x0660).unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The scan finds a run of four digits exactly when the tokens hold a four-digit number.
        #[test]
        fn four_digit_runs_are_four_digit_tokens(text in "[0-9٠-٩۰-۹a-zé .,-]{0,16}") {
            let token = tokens(&text)
                .iter()
                .any(|t| matches!(t.kind, Kind::Num { digits: 4, .. }));
            proptest::prop_assert_eq!(has_four_digit_run(&text), token, "{:?}", text);
        }

        /// The digits found a block at a time are those a byte-by-byte scan finds, and the runs
        /// told from their positions are the runs of the flags; texts long enough to fill blocks.
        #[test]
        fn digits_found_by_blocks_are_digits_found_by_bytes(
            text in "([a-z .,/-]{0,40}[0-9]{0,6}){0,6}"
        ) {
            let bytes = text.as_bytes();
            let by_bytes: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i].is_ascii_digit()).collect();
            proptest::prop_assert_eq!(ascii_digits(bytes).collect::<Vec<_>>(), by_bytes);
            let flags = exactly_four_in_a_row(bytes.iter().map(u8::is_ascii_digit));
            proptest::prop_assert_eq!(has_four_digit_run(&text), flags, "{:?}", text);
        }

        /// The scan never spares a line in which the rules find a date.
        #[test]
        fn no_date_in_words_without_a_four_digit_run(
            day in 1u32..32,
            month in "(janvier|Jan\\.|de mayo|يناير|января|d'octubre)",
            year in "[0-9٠-٩]{3,5}",
            glue in "[ ,.a-z]{0,3}",
        ) {
            for text in [
                format!("{day}{glue} {month} {year}"),
                format!("{month} {day}{glue} {year}"),
            ] {
                let found = dates_in(&text);
                proptest::prop_assert!(found.is_empty() || has_four_digit_run(&text), "{:?}", text);
                proptest::prop_assert_eq!(find_all(&text), found, "{:?}", text);
            }
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn one(line: &str) -> WordDate {
        let mut all = find_all(line);
        assert_eq!(all.len(), 1, "{line}: {all:?}");
        all.remove(0)
    }

    #[test]
    fn tokens_keep_spans_and_gluing() {
        let t = tokens("1er mai, ٢٠٢٢ segunda-feira");
        let texts: Vec<_> = t.iter().map(|t| (t.text, t.glued)).collect();
        assert_eq!(
            texts,
            [
                ("1", false),
                ("er", true),
                ("mai", false),
                (",", true),
                ("٢٠٢٢", false),
                ("segunda-feira", false)
            ]
        );
        assert_eq!(
            t[4].kind,
            Kind::Num {
                value: 2022,
                digits: 4
            }
        );
    }

    #[test]
    fn a_day_in_quotation_marks() {
        for (line, want) in [
            ("«3» февраля 2025 г.", d(2025, 2, 3)),
            ("\"12\" квітня 2025 року", d(2025, 4, 12)),
        ] {
            assert_eq!(one(line).date, want, "{line}");
        }
    }

    #[test]
    fn day_month_year_in_every_language() {
        let cases = [
            ("8 de janeiro de 2022", d(2022, 1, 8)),
            ("1º de maio de 2024", d(2024, 5, 1)),
            ("8 de enero de 2022", d(2022, 1, 8)),
            ("8 de enero del 2022", d(2022, 1, 8)),
            ("8 January 2022", d(2022, 1, 8)),
            ("8th of January, 2022", d(2022, 1, 8)),
            ("8 Jan. 2022", d(2022, 1, 8)),
            ("le 12 mars 2021", d(2021, 3, 12)),
            ("1er mai 2024", d(2024, 5, 1)),
            ("3 fevrier 2023", d(2023, 2, 3)),
            ("6. Januar 2022", d(2022, 1, 6)),
            ("1. Maerz 2022", d(2022, 3, 1)),
            ("1° maggio 2024", d(2024, 5, 1)),
            ("8 января 2022 г.", d(2022, 1, 8)),
            ("8 ЯНВАРЯ 2022", d(2022, 1, 8)),
            ("8 травня 2022 р.", d(2022, 5, 8)),
            ("8 يناير 2022", d(2022, 1, 8)),
            ("٨ يناير ٢٠٢٢", d(2022, 1, 8)),
            ("٨ كانون الثاني ٢٠٢٢م", d(2022, 1, 8)),
            ("8 בינואר 2022", d(2022, 1, 8)),
            ("9 d'octubre del 2024", d(2024, 10, 9)),
            ("1 d’abril de 2023", d(2023, 4, 1)),
            ("5ης Μαρτίου 2024", d(2024, 3, 5)),
            ("21η Μαΐου 2023", d(2023, 5, 21)),
        ];
        for (line, want) in cases {
            let f = one(line);
            assert_eq!((f.date, f.rule), (want, Rule::DayMonthYear), "{line}");
            assert_eq!(f.span, 0..line.len(), "{line}");
        }
    }

    #[test]
    fn month_day_year_rule() {
        for line in ["January 8, 2022", "Jan. 8th 2022", "enero 8 de 2022"] {
            let f = one(line);
            assert_eq!(
                (f.date, f.rule),
                (d(2022, 1, 8), Rule::MonthDayYear),
                "{line}"
            );
        }
    }

    #[test]
    fn weekday_and_article_join_the_date() {
        let line = "Moscow, Saturday 8 January 2022";
        let f = one(line);
        assert_eq!(&line[f.span.clone()], "Saturday 8 January 2022");
        assert_eq!(f.weekday, Some(Weekday::Sat));
        let line = "Paris, samedi, le 8 janvier 2022";
        assert_eq!(&line[one(line).span], "samedi, le 8 janvier 2022");
        let line = "Berlin, den 6. Januar 2022";
        assert_eq!(&line[one(line).span], "den 6. Januar 2022");
        let line = "القاهرة، يوم السبت ٨ يناير ٢٠٢٢";
        let f = one(line);
        assert_eq!(&line[f.span], "يوم السبت ٨ يناير ٢٠٢٢");
        assert_eq!(f.weekday, Some(Weekday::Sat));
        let f = one("sábado, 8 de janeiro de 2022");
        assert_eq!(f.weekday, Some(Weekday::Sat));
    }

    #[test]
    fn not_dates() {
        for line in [
            "31 February 2022",
            "8 January",
            "January 2022",
            "the 8 mayors of 2022",
            "8 janeiros de 2022",
            "in 2021 May 2022",
            "32 May 2022",
            "May 8, 22",
            "",
            "٨",
        ] {
            assert!(find_all(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn long_forms_read_back() {
        let date = d(2024, 5, 1);
        for lang in ["pt", "es", "en", "fr", "de", "it", "ru", "uk", "ar", "he"] {
            let text = long_form(date, lang).unwrap();
            assert_eq!(one(&text).date, date, "{lang}: {text}");
        }
        assert_eq!(long_form(date, "fr").unwrap(), "le 1er mai 2024");
        assert_eq!(long_form(date, "ar").unwrap(), "١ مايو ٢٠٢٤");
    }
}
