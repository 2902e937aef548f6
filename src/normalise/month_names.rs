//! Month and weekday names as statements write them, one `const` table per language, and the
//! case- and accent-folding they are matched with.
//!
//! The tables are data, not patterns: adding a language is adding a table to [`LANGUAGES`]. The
//! first spelling of each month or weekday is the one a person would write in full; the others
//! (abbreviations, other cases, regional names, spellings without accents or umlauts) are read
//! too. Matching is on whole words, after [`fold`], so `Février`, `février` and `fevrier` are one
//! word.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::Weekday;

use super::month_names_more as more;

/// The names one language uses in dates.
#[derive(Debug)]
pub(crate) struct DateWords {
    /// BCP 47 primary language subtag.
    pub lang: &'static str,
    /// Month names, January first.
    pub months: [&'static [&'static str]; 12],
    /// Weekday names, Monday first.
    pub weekdays: [&'static [&'static str]; 7],
}

pub(crate) const PT: DateWords = DateWords {
    lang: "pt",
    months: [
        &["janeiro", "jan"],
        &["fevereiro", "fev"],
        &["março", "mar"],
        &["abril", "abr"],
        &["maio", "mai"],
        &["junho", "jun"],
        &["julho", "jul"],
        &["agosto", "ago"],
        &["setembro", "set"],
        &["outubro", "out"],
        &["novembro", "nov"],
        &["dezembro", "dez"],
    ],
    weekdays: [
        &["segunda-feira", "segunda"],
        &["terça-feira", "terça"],
        &["quarta-feira", "quarta"],
        &["quinta-feira", "quinta"],
        &["sexta-feira", "sexta"],
        &["sábado"],
        &["domingo"],
    ],
};

pub(crate) const ES: DateWords = DateWords {
    lang: "es",
    months: [
        &["enero", "ene"],
        &["febrero", "feb"],
        &["marzo", "mar"],
        &["abril", "abr"],
        &["mayo", "may"],
        &["junio", "jun"],
        &["julio", "jul"],
        &["agosto", "ago"],
        &["septiembre", "setiembre", "sep", "sept"],
        &["octubre", "oct"],
        &["noviembre", "nov"],
        &["diciembre", "dic"],
    ],
    weekdays: [
        &["lunes"],
        &["martes"],
        &["miércoles"],
        &["jueves"],
        &["viernes"],
        &["sábado"],
        &["domingo"],
    ],
};

pub(crate) const EN: DateWords = DateWords {
    lang: "en",
    months: [
        &["January", "Jan"],
        &["February", "Feb"],
        &["March", "Mar"],
        &["April", "Apr"],
        &["May"],
        &["June", "Jun"],
        &["July", "Jul"],
        &["August", "Aug"],
        &["September", "Sep", "Sept"],
        &["October", "Oct"],
        &["November", "Nov"],
        &["December", "Dec"],
    ],
    weekdays: [
        &["Monday", "Mon"],
        &["Tuesday", "Tue", "Tues"],
        &["Wednesday", "Wed"],
        &["Thursday", "Thu", "Thur", "Thurs"],
        &["Friday", "Fri"],
        &["Saturday", "Sat"],
        &["Sunday", "Sun"],
    ],
};

pub(crate) const FR: DateWords = DateWords {
    lang: "fr",
    months: [
        &["janvier", "janv"],
        &["février", "févr"],
        &["mars"],
        &["avril", "avr"],
        &["mai"],
        &["juin"],
        &["juillet", "juil"],
        &["août"],
        &["septembre", "sept"],
        &["octobre", "oct"],
        &["novembre", "nov"],
        &["décembre", "déc"],
    ],
    weekdays: [
        &["lundi"],
        &["mardi"],
        &["mercredi"],
        &["jeudi"],
        &["vendredi"],
        &["samedi"],
        &["dimanche"],
    ],
};

pub(crate) const DE: DateWords = DateWords {
    lang: "de",
    months: [
        &["Januar", "Jänner", "Jan"],
        &["Februar", "Feb"],
        &["März", "Maerz", "Mär"],
        &["April", "Apr"],
        &["Mai"],
        &["Juni", "Jun"],
        &["Juli", "Jul"],
        &["August", "Aug"],
        &["September", "Sep", "Sept"],
        &["Oktober", "Okt"],
        &["November", "Nov"],
        &["Dezember", "Dez"],
    ],
    weekdays: [
        &["Montag"],
        &["Dienstag"],
        &["Mittwoch"],
        &["Donnerstag"],
        &["Freitag"],
        &["Samstag", "Sonnabend"],
        &["Sonntag"],
    ],
};

pub(crate) const IT: DateWords = DateWords {
    lang: "it",
    months: [
        &["gennaio", "gen"],
        &["febbraio", "feb"],
        &["marzo", "mar"],
        &["aprile", "apr"],
        &["maggio", "mag"],
        &["giugno", "giu"],
        &["luglio", "lug"],
        &["agosto", "ago"],
        &["settembre", "set"],
        &["ottobre", "ott"],
        &["novembre", "nov"],
        &["dicembre", "dic"],
    ],
    weekdays: [
        &["lunedì"],
        &["martedì"],
        &["mercoledì"],
        &["giovedì"],
        &["venerdì"],
        &["sabato"],
        &["domenica"],
    ],
};

/// Russian dates use the genitive (`8 января`); the nominative is read too.
pub(crate) const RU: DateWords = DateWords {
    lang: "ru",
    months: [
        &["января", "январь", "янв"],
        &["февраля", "февраль", "фев"],
        &["марта", "март"],
        &["апреля", "апрель", "апр"],
        &["мая", "май"],
        &["июня", "июнь"],
        &["июля", "июль"],
        &["августа", "август", "авг"],
        &["сентября", "сентябрь", "сен", "сент"],
        &["октября", "октябрь", "окт"],
        &["ноября", "ноябрь", "ноя"],
        &["декабря", "декабрь", "дек"],
    ],
    weekdays: [
        &["понедельник"],
        &["вторник"],
        &["среда"],
        &["четверг"],
        &["пятница"],
        &["суббота"],
        &["воскресенье"],
    ],
};

/// Ukrainian, genitive first as in Russian.
pub(crate) const UK: DateWords = DateWords {
    lang: "uk",
    months: [
        &["січня", "січень"],
        &["лютого", "лютий"],
        &["березня", "березень"],
        &["квітня", "квітень"],
        &["травня", "травень"],
        &["червня", "червень"],
        &["липня", "липень"],
        &["серпня", "серпень"],
        &["вересня", "вересень"],
        &["жовтня", "жовтень"],
        &["листопада", "листопад"],
        &["грудня", "грудень"],
    ],
    weekdays: [
        &["понеділок"],
        &["вівторок"],
        &["середа"],
        &["четвер"],
        &["пʼятниця", "п'ятниця", "п’ятниця"],
        &["субота"],
        &["неділя"],
    ],
};

/// Arabic: the Egyptian and Gulf names first, then the Levantine and Iraqi ones (some are two
/// words), then the Maghrebi ones (Algerian and Tunisian, then Moroccan: `يوليوز`, `غشت`,
/// `شتنبر`, `نونبر`, `دجنبر`).
pub(crate) const AR: DateWords = DateWords {
    lang: "ar",
    months: [
        &["يناير", "كانون الثاني", "جانفي"],
        &["فبراير", "شباط", "فيفري"],
        &["مارس", "آذار"],
        &["أبريل", "إبريل", "نيسان", "أفريل"],
        &["مايو", "أيار", "ماي"],
        &["يونيو", "يونيه", "حزيران", "جوان"],
        &["يوليو", "يوليه", "تموز", "جويلية", "يوليوز"],
        &["أغسطس", "آب", "أوت", "غشت"],
        &["سبتمبر", "أيلول", "شتنبر"],
        &["أكتوبر", "تشرين الأول"],
        &["نوفمبر", "تشرين الثاني", "نونبر"],
        &["ديسمبر", "كانون الأول", "دجنبر"],
    ],
    weekdays: [
        &["الاثنين", "الإثنين"],
        &["الثلاثاء"],
        &["الأربعاء"],
        &["الخميس"],
        &["الجمعة"],
        &["السبت"],
        &["الأحد"],
    ],
};

/// Hebrew: dates write the month with the prefix ב (`8 בינואר 2022`); see [`month`].
pub(crate) const HE: DateWords = DateWords {
    lang: "he",
    months: [
        &["ינואר"],
        &["פברואר"],
        &["מרץ", "מרס"],
        &["אפריל"],
        &["מאי"],
        &["יוני"],
        &["יולי"],
        &["אוגוסט"],
        &["ספטמבר"],
        &["אוקטובר"],
        &["נובמבר"],
        &["דצמבר"],
    ],
    weekdays: [
        &["שני"],
        &["שלישי"],
        &["רביעי"],
        &["חמישי"],
        &["שישי"],
        &["שבת"],
        &["ראשון"],
    ],
};

/// Every language whose dates in words are read.
pub(crate) const LANGUAGES: &[&DateWords] = &[
    &PT,
    &ES,
    &EN,
    &FR,
    &DE,
    &IT,
    &RU,
    &UK,
    &AR,
    &HE,
    &more::CA,
    &more::EL,
    &more::PL,
    &more::SV,
    &more::TR,
    &more::NL,
    &more::FA,
];

/// Lower case without accents, umlauts, Arabic vowel marks or hamza seats: the form names are
/// compared in. Only what people actually drop when typing is folded.
pub(crate) fn fold(word: &str) -> String {
    fold_at_most(word, usize::MAX).unwrap_or_default()
}

/// [`fold`], or `None` as soon as the folded text is longer than `max_bytes`: comparing a line
/// with a list of short words need not fold the whole of a long line.
pub(crate) fn fold_at_most(word: &str, max_bytes: usize) -> Option<String> {
    if word.is_ascii() {
        // Folding ASCII never shortens it.
        return (word.len() <= max_bytes)
            .then(|| fold_ascii(word))
            .filter(|f| f.len() <= max_bytes);
    }
    let mut out = String::with_capacity(word.len().min(max_bytes));
    for c in word.chars() {
        // ASCII as `fold_ascii` folds it; the rest through Unicode's lower case.
        if c.is_ascii() {
            out.push(fold_ascii_char(c));
        } else {
            for c in c.to_lowercase() {
                if let Some(folded) = fold_lowercase(c) {
                    out.push(folded);
                }
            }
        }
        if out.len() > max_bytes {
            return None;
        }
    }
    Some(out)
}

/// One lower-case character as [`fold`] writes it, `None` for one it drops (a mark, the
/// Arabic tatweel).
#[inline]
fn fold_lowercase(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ё' => 'е',
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        'ς' => 'σ',
        'ı' => 'i',
        'ş' => 's',
        'ğ' => 'g',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        // Apostrophes inside Ukrainian words are written three ways.
        '\'' | '’' => 'ʼ',
        c if is_mark(c) || c == 'ـ' => return None,
        c => c,
    })
}

/// [`fold`] of an ASCII character: lower case, and the apostrophe as `ʼ`.
#[inline]
fn fold_ascii_char(c: char) -> char {
    match c {
        '\'' => 'ʼ',
        c => c.to_ascii_lowercase(),
    }
}

/// [`fold`] of an ASCII word, byte by byte: lower case, and the apostrophe as `ʼ` (the only
/// ASCII character `fold` changes besides capitals).
fn fold_ascii(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for b in word.bytes() {
        match b {
            b'\'' => out.push('ʼ'),
            _ => out.push(char::from(b.to_ascii_lowercase())),
        }
    }
    out
}

/// Combining marks that appear inside words in the scripts we read (Latin accents written as
/// separate marks, Hebrew points, Arabic vowel marks).
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}')
}

/// Folded spelling → month (1–12), for lookups.
static MONTH_INDEX: LazyLock<HashMap<String, u32>> =
    LazyLock::new(|| MONTHS.iter().cloned().collect());

/// `(folded name, number)` for every spelling, months numbered 1–12.
static MONTHS: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    let mut all = Vec::new();
    for lang in LANGUAGES {
        for (i, names) in lang.months.iter().enumerate() {
            for name in names.iter() {
                all.push((fold(name), i as u32 + 1));
            }
        }
    }
    all
});

static WEEKDAYS: LazyLock<Vec<(String, Weekday)>> = LazyLock::new(|| {
    let mut all = Vec::new();
    for lang in LANGUAGES {
        for (i, names) in lang.weekdays.iter().enumerate() {
            for name in names.iter() {
                // Weekday indices are below 7, so this never falls back.
                let day = Weekday::try_from(i as u8).unwrap_or(Weekday::Mon);
                all.push((fold(name), day));
            }
        }
    }
    all
});

/// The month (1–12) a word or two-word phrase names, in any language. A Hebrew month may carry
/// the prefix ב ("in").
pub(crate) fn month(phrase: &str) -> Option<u32> {
    let folded = fold(phrase);
    let find = |w: &str| MONTH_INDEX.get(w).copied();
    find(&folded).or_else(|| {
        let rest = folded.strip_prefix('ב')?;
        find(rest).filter(|_| rest.chars().next().is_some_and(is_hebrew))
    })
}

/// First words of the month names that take two words (Levantine Arabic `كانون الثاني`).
static TWO_WORD_FIRSTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    MONTHS
        .iter()
        .filter_map(|(n, _)| n.split_once(' ').map(|(first, _)| first.to_owned()))
        .collect()
});

/// True when `word` is the first word of a two-word month name.
pub(crate) fn opens_two_word_month(word: &str) -> bool {
    let folded = fold(word);
    TWO_WORD_FIRSTS.contains(&folded)
}

/// The weekday a word names, in any language.
pub(crate) fn weekday(word: &str) -> Option<Weekday> {
    let folded = fold(word);
    WEEKDAYS.iter().find(|(n, _)| *n == folded).map(|&(_, d)| d)
}

fn is_hebrew(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

/// The table for a language tag's primary subtag, if dates in that language are read.
pub(crate) fn for_lang(tag: &str) -> Option<&'static DateWords> {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag);
    LANGUAGES
        .iter()
        .copied()
        .find(|l| l.lang.eq_ignore_ascii_case(primary))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character loop [`fold_at_most`] had before ASCII characters took a path of their
    /// own: the oracle the new one is checked against.
    fn fold_at_most_before(word: &str, max_bytes: usize) -> Option<String> {
        let mut out = String::with_capacity(word.len().min(max_bytes));
        for c in word.chars().flat_map(char::to_lowercase) {
            // The table is shared: what changed is the ASCII path, checked against this loop.
            let Some(folded) = fold_lowercase(c) else {
                continue;
            };
            out.push(folded);
            if out.len() > max_bytes {
                return None;
            }
        }
        Some(out)
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        #[test]
        fn folding_folds_as_before(
            word in "([A-Za-z' ’éÉÀçİIıΣσςЁёأـ\u{0301}\u{064B}\u{212A}\u{2126}]|\\PC){0,30}",
            max_bytes in 0usize..50,
        ) {
            proptest::prop_assert_eq!(fold_at_most(&word, max_bytes), fold_at_most_before(&word, max_bytes));
            proptest::prop_assert_eq!(fold_at_most(&word, usize::MAX), fold_at_most_before(&word, usize::MAX));
        }
    }

    #[test]
    fn folding_at_most_stops_at_the_bound() {
        for word in ["Février", "MAY", "l'été", "ЯНВАРЯ", "", "İstanbul"] {
            let folded = fold(word);
            assert_eq!(fold_at_most(word, folded.len()), Some(folded.clone()));
            assert_eq!(fold_at_most(word, usize::MAX), Some(folded.clone()));
            if !folded.is_empty() {
                assert_eq!(fold_at_most(word, folded.len() - 1), None, "{word}");
            }
        }
    }

    #[test]
    fn folding_drops_what_people_drop() {
        assert_eq!(fold("Février"), "fevrier");
        assert_eq!(fold("MÄRZ"), "marz");
        assert_eq!(fold("Março"), "marco");
        assert_eq!(fold("ЯНВАРЯ"), "января");
        assert_eq!(fold("أغسطس"), "اغسطس");
    }

    #[test]
    fn months_in_every_language() {
        let cases = [
            ("janeiro", 1),
            ("fevereiro", 2),
            ("enero", 1),
            ("Setiembre", 9),
            ("January", 1),
            ("sept", 9),
            ("février", 2),
            ("fevrier", 2),
            ("aout", 8),
            ("März", 3),
            ("Maerz", 3),
            ("Marz", 3),
            ("maggio", 5),
            ("января", 1),
            ("Декабря", 12),
            ("травня", 5),
            ("يناير", 1),
            ("ابريل", 4),
            ("كانون الثاني", 1),
            ("تشرين الأول", 10),
            ("ינואר", 1),
            ("בינואר", 1),
        ];
        for (word, want) in cases {
            assert_eq!(month(word), Some(want), "{word}");
        }
        for word in ["jan2", "janeir", "", "كانون", "ב", "dezembros"] {
            assert_eq!(month(word), None, "{word}");
        }
    }

    #[test]
    fn weekdays_in_every_language() {
        let cases = [
            ("Saturday", Weekday::Sat),
            ("sábado", Weekday::Sat),
            ("sabado", Weekday::Sat),
            ("Segunda-feira", Weekday::Mon),
            ("samedi", Weekday::Sat),
            ("Samstag", Weekday::Sat),
            ("sabato", Weekday::Sat),
            ("venerdi", Weekday::Fri),
            ("суббота", Weekday::Sat),
            ("السبت", Weekday::Sat),
            ("الإثنين", Weekday::Mon),
            ("שבת", Weekday::Sat),
        ];
        for (word, want) in cases {
            assert_eq!(weekday(word), Some(want), "{word}");
        }
        assert_eq!(weekday("weekend"), None);
    }

    /// No spelling may name two different months (or weekdays) in two languages: matching
    /// ignores the item's language.
    #[test]
    fn no_spelling_is_ambiguous_across_languages() {
        for (i, (a, m)) in MONTHS.iter().enumerate() {
            for (b, n) in &MONTHS[i + 1..] {
                assert!(a != b || m == n, "{a} is month {m} and {n}");
            }
        }
        for (i, (a, m)) in WEEKDAYS.iter().enumerate() {
            for (b, n) in &WEEKDAYS[i + 1..] {
                assert!(a != b || m == n, "{a} is {m} and {n}");
            }
        }
    }

    #[test]
    fn language_lookup() {
        assert_eq!(for_lang("pt-BR").map(|l| l.lang), Some("pt"));
        assert_eq!(for_lang("AR").map(|l| l.lang), Some("ar"));
        assert!(for_lang("zz").is_none());
    }
}
