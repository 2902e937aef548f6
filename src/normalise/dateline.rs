//! Rule `dateline`: a first paragraph that opens with a place and a date set apart by a dash,
//! as news agencies write it (`TRENTO, 3 marzo 2023 – La Segreteria provinciale della … esprime
//! …`, `Hannover, 14. Juni 2023 – Der Mieterverein … ruft …`).
//!
//! The place may be long when small words join its parts (`CIUDAD DE LAS ROSAS, 5 de junio de
//! 2024.– …`, `SAN LORENZO DEL MARE, 3 luglio 2023 – …`), and Spanish agencies put the dash right
//! after the date's full stop (`.–`).
//!
//! German press releases close it with a full stop instead (`Grünfelde, 11. Februar 2025. Der
//! Landesverband … fordert …`).
//!
//! A dateline with no date, a place in capitals before a news site's name in brackets or a
//! region after a comma (`TANJUNG LAUT (Kabarwarga.id) – …`, `PORT ELLIS, NORTHMARK – …`), or a
//! place in any case before a wire service's mark (`Kleinmoor (ots) – …`), gives no date, but
//! the summary starts after the dash all the same. The summary after either
//! kind is read by rule `after-dateline`.
//!
//! The dateline gives the statement's date (it stands in a header position: the top of the
//! body); the paragraph after the dash is the summary; and when that paragraph opens with the
//! name of a body (`La Segreteria provinciale della Federazione …`, `Союз жителей Самары`), that
//! body is the issuer. Written by hand: a dateline is a layout convention, not a grammar a
//! crate parses.

use super::closing::without_article;
use super::dates::{self, FoundDate};
use super::signatory_words::names_organisation;
use super::statement::words_up_to;
use crate::types::text::first_chars;

/// The dashes that close a dateline: with a space on each side, or right after the date's
/// full stop (`… de junio de 2024.– La …`).
const DASHES: &[&str] = &[" – ", " — ", " - ", ".– ", ".— ", ".- "];
/// The dashes that close a dateline with no date (spaced only: `A.- B` is no place).
const SPACED_DASHES: &[&str] = &[" – ", " — ", " - "];
/// The most characters of a dash in [`DASHES`].
const DASH_CHARS: usize = 3;

/// The first of [`DASHES`] in `text` and where it starts (what the smallest `text.find(dash)`
/// gives: no two dashes start alike), found in one pass over the spaces and full stops every
/// dash starts with, instead of a substring searcher built for each dash over a window of a few
/// dozen characters, for every paragraph.
fn first_dash(text: &str) -> Option<(usize, &'static str)> {
    memchr::memchr2_iter(b' ', b'.', text.as_bytes()).find_map(|i| {
        // `i` is at an ASCII byte: a character boundary.
        DASHES
            .iter()
            .find(|dash| text[i..].starts_with(**dash))
            .map(|dash| (i, *dash))
    })
}

/// The first of [`SPACED_DASHES`] in `text` and where it starts, in one pass over the spaces
/// they all start with (as [`first_dash`] does for [`DASHES`]).
fn first_spaced_dash(text: &str) -> Option<(usize, &'static str)> {
    memchr::memchr_iter(b' ', text.as_bytes()).find_map(|i| {
        // `i` is at an ASCII byte: a character boundary.
        SPACED_DASHES
            .iter()
            .find(|dash| text[i..].starts_with(**dash))
            .map(|dash| (i, *dash))
    })
}

/// The longest dateline, in characters (`Porto Velho, 8 de abril de 2024`).
const MAX_DATELINE_CHARS: usize = 60;
/// The shortest running text after the dash.
const MIN_BODY_CHARS: usize = 30;
/// The most words a dateline's place may have, not counting the small words that join its
/// parts (`Porto Velho`, `Saltillo, Coah.`, `SAN LORENZO DEL MARE`).
const MAX_PLACE_WORDS: usize = 3;
/// The most words a place may have with its joining words (`CIUDAD DE LAS ROSAS`).
const MAX_PLACE_WORDS_WITH_JOINING: usize = 6;
/// The most words of the news site's name in brackets after a place (`(Kabarwarga.id)`).
const MAX_AGENCY_WORDS: usize = 3;

/// A paragraph's dateline: its date, and where the running text after the dash starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub(crate) found: FoundDate,
    pub(crate) body_start: usize,
}

/// The dateline `text` opens with, if it opens with one.
pub(crate) fn split(text: &str) -> Option<Dateline> {
    // A dash that starts after the first `MAX_DATELINE_CHARS` characters leaves too long a
    // dateline, so the dashes are looked for only where one could close it: not in the whole
    // paragraph, once for each dash. Without one there, the dateline may close with a full stop.
    let window = first_chars(text, MAX_DATELINE_CHARS + DASH_CHARS);
    let Some((head_end, dash)) = first_dash(window) else {
        return split_at_full_stop(text);
    };
    let head = &text[..head_end];
    let body = text[head_end + dash.len()..].trim_start();
    if head.chars().count() > MAX_DATELINE_CHARS || body.chars().count() < MIN_BODY_CHARS {
        return None;
    }
    let found = dates::find_in_text(head)?;
    let place = head[..found.span.start].trim();
    let after = head[found.span.end..].trim();
    (is_place(place) && is_date_tail(after) && starts_capitalised(body))
        .then(|| Dateline {
            found,
            body_start: text.len() - body.len(),
        })
        .or_else(|| split_at_full_stop(text))
}

/// `Kleinmoor, 3. März 2025. Der Fahrgastverband … fordert …`: a place, a comma and a date
/// closed by a full stop, as German press releases write a dateline without a dash. The place
/// must be there: a sentence may open with a bare date.
fn split_at_full_stop(text: &str) -> Option<Dateline> {
    // A comma after the first `MAX_DATELINE_CHARS` characters leaves too long a place: it is
    // looked for only where it could close one, not through the whole paragraph.
    let (place, _) = first_chars(text, MAX_DATELINE_CHARS + 1).split_once([',', '،'])?;
    if place.chars().count() > MAX_DATELINE_CHARS || !is_place(place) || place.trim().is_empty() {
        return None;
    }
    let found = dates::find_first_in_text(text)?;
    // A date inside the place (before its comma) is no dateline of this shape.
    let between = text
        .get(place.len()..found.span.start)?
        .trim_matches([',', '،', ' ']);
    let rest = text[found.span.end..].strip_prefix(". ")?;
    let body = rest.trim_start();
    let short = found.span.end <= MAX_DATELINE_CHARS * 4;
    (between.is_empty()
        && short
        && body.chars().count() >= MIN_BODY_CHARS
        && starts_capitalised(body))
    .then(|| Dateline {
        found,
        body_start: text.len() - body.len(),
    })
}

/// The running text of `text` after its dateline (with or without a date), or all of it.
#[cfg(test)]
fn body(text: &str) -> &str {
    body_start(text).map_or(text, |start| &text[start..])
}

/// Where the running text of `text` starts after its dateline (with or without a date), if
/// it opens with one.
pub(crate) fn body_start(text: &str) -> Option<usize> {
    split(text)
        .map(|d| d.body_start)
        .or_else(|| place_only(text))
}

/// Where the running text starts after a dateline that gives no date,
/// a place in capitals followed by a news site's name in brackets (`TANJUNG LAUT
/// (Kabarwarga.id) – …`) or by a region after a comma (`PORT ELLIS, NORTHMARK – …`). A bare
/// word in capitals before a dash (`UNITE – the union …`, `CGT – …`) may be a name: it stays.
pub(crate) fn place_only(text: &str) -> Option<usize> {
    let (head_end, dash) = first_spaced_dash(text)?;
    let head = text[..head_end].trim();
    let body = text[head_end + dash.len()..].trim_start();
    if head.chars().count() > MAX_DATELINE_CHARS
        || body.chars().count() < MIN_BODY_CHARS
        || !starts_capitalised(body)
        || dates::find_in_text(head).is_some()
    {
        return None;
    }
    let (place, set_apart, wire) = match head.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        Some((place, agency)) => (
            place.trim(),
            (1..=MAX_AGENCY_WORDS).contains(&words_up_to(agency, MAX_AGENCY_WORDS + 1)),
            WIRE_SERVICES.contains(&agency.trim().to_lowercase().as_str()),
        ),
        None => (head, head.contains(','), false),
    };
    let place = place.trim_end_matches(',');
    // `Kleinmoor (ots) – …`: a wire service's mark after the place, in any case.
    (set_apart && (in_capitals(place) || wire) && is_place(place)).then(|| text.len() - body.len())
}

/// Wire services whose mark in brackets follows the place of a dateline (`Kleinmoor (ots) –`).
const WIRE_SERVICES: &[&str] = &[
    "ots", "dpa", "epd", "kna", "afp", "ap", "reuters", "efe", "ansa", "apa", "sda", "ats",
];

/// Every letter of `text` is a capital, and there are at least two.
fn in_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The body named at the opening of the text after a dateline (`La Segreteria provinciale
/// della Federazione Lavoratori Metalmeccanici esprime …` → `Segreteria provinciale della
/// Federazione Lavoratori Metalmeccanici`), if it names one.
pub(crate) fn issuer(text: &str) -> Option<String> {
    let d = split(text)?;
    let name = leading_name(&text[d.body_start..])?;
    let name = without_article(&name);
    (names_organisation(&name) && starts_capitalised(&name)).then_some(name)
}

/// A place before the date: empty, or a few words opening with a capital (scripts without
/// capitals pass), ending perhaps with a comma, and not a preposition (`On 3 March`).
fn is_place(place: &str) -> bool {
    let place = place.trim_end_matches([',', '،', '.']);
    // Too many words is no place, whichever of them join: told before any word is lower-cased
    // (a paragraph's first clause is looked at here as often as a place is).
    if words_up_to(place, MAX_PLACE_WORDS_WITH_JOINING + 1) > MAX_PLACE_WORDS_WITH_JOINING {
        return false;
    }
    let words: Vec<&str> = place.split_whitespace().collect();
    let first = words.first().map_or(String::new(), |w| w.to_lowercase());
    let content = words.iter().filter(|w| !is_joining_word(w)).count();
    place.is_empty()
        || (content <= MAX_PLACE_WORDS
            && words.len() <= MAX_PLACE_WORDS_WITH_JOINING
            && starts_capitalised(place)
            && !PREPOSITIONS.contains(&first.as_str()))
}

/// A small word that joins the parts of a name (`de`, `DEL`, `of the`), in any case.
fn is_joining_word(word: &str) -> bool {
    JOINING_WORDS.contains(&word.to_lowercase().as_str())
}

/// Words that open a phrase about a time, not a place (`On 3 March`, `Am 3. März`).
#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "on", "in", "since", "until", "by", "am", "im", "seit", "bis", "le", "el", "il", "em", "en",
    "au", "desde", "hasta", "dal", "dallo", "от", "с", "до", "в",
];

/// What may follow the date inside a dateline: nothing, a year mark (`г.`, `r.`), a time.
fn is_date_tail(after: &str) -> bool {
    let after = after.trim_matches(|c: char| c == ',' || c == '.' || c.is_whitespace());
    after.is_empty()
        || matches!(after, "г" | "р" | "r" | "yılı")
        || after
            .chars()
            .all(|c| c.is_ascii_digit() || ":.h ".contains(c))
}

fn starts_capitalised(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| !c.is_lowercase())
}

/// Small words that join the parts of a body's name (`della`, `des`, `por la`, `of the`).
#[rustfmt::skip]
const JOINING_WORDS: &[&str] = &[
    "of", "the", "and", "for", "de", "da", "do", "das", "dos", "del", "della", "dello", "dei",
    "degli", "delle", "di", "la", "le", "les", "el", "los", "las", "lo", "des", "du", "d'", "l'",
    "der", "den", "für", "und", "y", "e", "et", "per", "por", "para", "pour", "no", "na", "nos",
    "nas", "em", "en", "in", "im", "am", "του", "της", "των", "και", "и", "за", "по", "для",
    "στο", "στη", "στην", "στον", "στις", "στους", "στα",
];

/// Adverbs of time that stand between a subject and its verb (`The Coalition for Safe Rail
/// today urged the Ministry …`): a name never runs on past them.
#[rustfmt::skip]
const TIME_ADVERBS: &[&str] = &[
    "today", "yesterday", "tonight", "hoy", "ayer", "aujourd'hui", "hier", "heute", "gestern",
    "oggi", "ieri", "hoje", "ontem", "сегодня", "вчера", "сьогодні", "учора", "вчора", "σήμερα",
    "χθες", "bugün", "dün", "avui", "ahir", "vandaag", "gisteren", "idag", "igår", "dzisiaj",
    "wczoraj",
];

/// The most lowercase words (besides joining words) between two capitalised words of a name
/// (`Segreteria provinciale della Federazione`, `Union locale des syndicats de la Croix`).
const MAX_LOWERCASE_RUN: usize = 2;

/// The words from the start of `text` that read as one name: they end on a capitalised word,
/// and lowercase words inside it come in short runs that end on a joining word (`provinciale
/// della`) or are one word of a language whose names hold lowercase nouns (`Союз жителей
/// Самары`).
fn leading_name(text: &str) -> Option<String> {
    // In a script without capitals (Arabic, Chinese) nothing shows where a name ends.
    if !text.chars().find(|c| c.is_alphabetic())?.is_uppercase() {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut end = 0;
    let mut run: Vec<&str> = Vec::new();
    for (i, raw) in words.iter().enumerate() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        if w.is_empty() {
            break;
        }
        // `… Moortal e.V.`, `… e. V.`: a legal form closes the name and is part of it.
        if end == i && i > 0 && super::signatory_words::is_legal_form(raw) {
            end = i + 1;
            continue;
        }
        if starts_capitalised(w) && !w.chars().all(|c| c.is_ascii_digit()) {
            if i > 0 && !run_may_join(&run) {
                break;
            }
            run.clear();
            end = i + 1;
            // A comma or a full stop ends the name.
            if raw.ends_with([',', '.', ';', ':']) {
                break;
            }
        } else {
            // A verb of taking a stand or an adverb of time ends the subject.
            let folded = w.to_lowercase();
            if TIME_ADVERBS.contains(&folded.as_str()) || super::subject_issuer::is_stance_verb(w) {
                break;
            }
            run.push(w);
            if run.len() > MAX_LOWERCASE_RUN + 4 {
                break;
            }
        }
    }
    (end > 0).then(|| {
        let name = words[..end].join(" ");
        let name = name.trim_end_matches([',', ';', ':']);
        if super::signatory_words::is_legal_form(words[end - 1]) {
            name.to_owned()
        } else {
            name.trim_end_matches(['.', ',', ';', ':']).to_owned()
        }
    })
}

/// Whether the lowercase words `run` may stand between two capitalised words of one name.
fn run_may_join(run: &[&str]) -> bool {
    let is_joining = |w: &&str| is_joining_word(w);
    let content = run.iter().filter(|w| !is_joining(w)).count();
    match run.last() {
        None => true,
        Some(last) if is_joining(last) => content <= MAX_LOWERCASE_RUN,
        Some(last) => run.len() == 1 && last.chars().any(is_cyrillic),
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::{body, first_chars, issuer, place_only, split};
    use super::{
        first_dash, first_spaced_dash, DASHES, DASH_CHARS, MAX_DATELINE_CHARS, SPACED_DASHES,
    };

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        #[test]
        fn the_first_dash_is_the_nearest_of_every_dash_search(text in "[ .\\-–—aé,]{0,40}") {
            let searched = DASHES
                .iter()
                .filter_map(|d| text.find(d).map(|i| (i, *d)))
                .min_by_key(|(i, _)| *i);
            proptest::prop_assert_eq!(first_dash(&text), searched);
        }

        #[test]
        fn the_first_characters_are_the_decoded_ones(
            text in "[a é中😀\u{301}]{0,20}",
            chars in 0usize..24,
        ) {
            let decoded = text.char_indices().nth(chars).map_or(text.as_str(), |(i, _)| &text[..i]);
            proptest::prop_assert_eq!(first_chars(&text, chars), decoded);
        }

        #[test]
        fn the_place_window_finds_every_place_short_enough(text in "[a,،é ]{0,130}") {
            let whole = text
                .split_once([',', '،'])
                .map(|(place, _)| place)
                .filter(|place| place.chars().count() <= MAX_DATELINE_CHARS);
            let windowed = first_chars(&text, MAX_DATELINE_CHARS + 1)
                .split_once([',', '،'])
                .map(|(place, _)| place);
            proptest::prop_assert_eq!(whole, windowed);
        }

        #[test]
        fn the_first_spaced_dash_is_the_nearest_of_every_spaced_dash_search(
            text in "[ .\\-–—aé,]{0,40}"
        ) {
            let searched = SPACED_DASHES
                .iter()
                .filter_map(|d| text.find(d).map(|i| (i, *d)))
                .min_by_key(|(i, _)| *i);
            proptest::prop_assert_eq!(first_spaced_dash(&text), searched);
        }
    }

    #[test]
    fn every_dash_fits_the_window() {
        assert!(DASHES.iter().all(|d| d.chars().count() <= DASH_CHARS));
        assert_eq!(first_chars("Porto – x", 5), "Porto");
        assert_eq!(first_chars("Porto", 9), "Porto");
        // A dash closing a dateline of the longest length is still found, one character more
        // is too long.
        let date = "TRENTO, 3 marzo 2023";
        let body = " – La Segreteria provinciale della Federazione esprime piena solidarietà.";
        let longest = format!(
            "{}{date}{body}",
            "X".repeat(MAX_DATELINE_CHARS - date.len())
        );
        assert!(split(&longest).is_some(), "{longest}");
        let longer = format!("X{longest}");
        assert!(split(&longer).is_none(), "{longer}");
    }

    #[test]
    fn a_place_and_date_before_a_dash_is_a_dateline() {
        let text = "TRENTO, 3 marzo 2023 – La Segreteria provinciale della Federazione Lavoratori \
                    Metalmeccanici esprime piena solidarietà ai dipendenti.";
        let d = split(text).expect("a dateline");
        assert_eq!(d.found.date.to_string(), "2023-03-03");
        assert!(body(text).starts_with("La Segreteria provinciale"));
        assert_eq!(
            issuer(text).as_deref(),
            Some("Segreteria provinciale della Federazione Lavoratori Metalmeccanici")
        );
    }

    #[test]
    fn the_issuer_ends_where_the_verb_phrase_starts() {
        let de = "Hannover, 14. Juni 2023 – Der Mieterverein Hannover-Nord ruft zu einer \
                  Kundgebung gegen die Mieterhöhungen auf.";
        assert_eq!(issuer(de).as_deref(), Some("Mieterverein Hannover-Nord"));
        let ru = "Самара, 12 января 2023 г. – Союз жителей Самары провёл пикет у здания \
                  администрации города.";
        assert_eq!(issuer(ru).as_deref(), Some("Союз жителей Самары"));
        let fr = "LYON, 16 novembre 2023 – L'Union locale des syndicats de la Croix-Rousse \
                  apporte son soutien aux salariées.";
        assert_eq!(
            issuer(fr).as_deref(),
            Some("Union locale des syndicats de la Croix-Rousse")
        );
        // An adverb of time or a verb of taking a stand ends it, before the object's name.
        let en = "MILLBROOK, March 3, 2025 – The Alliance for Clean Rivers today called on \
                  the Environment Agency to act.";
        assert_eq!(issuer(en).as_deref(), Some("Alliance for Clean Rivers"));
        let el = "ΑΓΙΑ ΜΑΡΙΝΑ, 4 Απριλίου 2024 – Ο Σύλλογος Εργαζομένων στο Νοσοκομείο Αγίας \
                  Μαρίνας καταγγέλλει στις Αρχές την υποστελέχωση.";
        assert_eq!(
            issuer(el).as_deref(),
            Some("Σύλλογος Εργαζομένων στο Νοσοκομείο Αγίας Μαρίνας")
        );
    }

    #[test]
    fn a_sentence_about_a_date_or_a_person_is_no_dateline_issuer() {
        // A date inside the sentence, not before a dash at its start.
        let text = "On 3 March 2019 – a Sunday – the police arrested eleven leaders of the union.";
        assert_eq!(split(text), None);
        let person = "Roma, 3 marzo 2023 – Maria Rossi ha ricevuto oggi la lettera del ministero.";
        assert_eq!(issuer(person), None);
        assert_eq!(
            body("No dateline here – just text that runs on."),
            "No dateline here – just text that runs on."
        );
    }

    #[test]
    fn a_place_of_many_words_joined_by_small_words() {
        let es = "CIUDAD DE LAS ROSAS, 5 de junio de 2024 – La Federación de Trabajadores \
                  Portuarios del Sur denuncia el incumplimiento del convenio.";
        assert_eq!(
            split(es).expect("a dateline").found.date.to_string(),
            "2024-06-05"
        );
        let it = "SAN LORENZO DEL MARE, 3 luglio 2023 – Mare Pulito Onlus denuncia la presenza \
                  di scarichi fognari lungo la costa.";
        assert!(body(it).starts_with("Mare Pulito Onlus denuncia"));
        // Four words that are not small joining words make no place.
        let long = "Alta Baja Media Nueva, 5 de junio de 2024 – La Federación denuncia el \
                    incumplimiento del convenio firmado.";
        assert_eq!(split(long), None);
    }

    #[test]
    fn a_dash_right_after_the_dates_full_stop() {
        let es = "VILLA SECA, 12 de marzo de 2023.– El Sindicato de Trabajadores del Agua exige \
                  la reincorporación de los despedidos.";
        let d = split(es).expect("a dateline");
        assert_eq!(d.found.date.to_string(), "2023-03-12");
        assert!(body(es).starts_with("El Sindicato de Trabajadores del Agua exige"));
    }

    #[test]
    fn a_place_in_capitals_with_a_news_site_or_a_region_but_no_date() {
        let id = "TANJUNG BARU (Suarawarga.id) – Serikat Nelayan Teluk menolak rencana \
                  penimbunan pantai di utara kota.";
        assert!(body(id).starts_with("Serikat Nelayan Teluk menolak"));
        let en = "PORT ELLIS, NORTHMARK – The Coalition for Safe Rail today urged the ministry \
                  to publish the inspection reports.";
        assert!(body(en).starts_with("The Coalition for Safe Rail"));
        assert!(place_only(en).is_some());
        // A bare word in capitals before a dash may be a name, and a place in lower case is
        // running text.
        for text in [
            "UNITE – the union for transport workers – calls for a national strike ballot today.",
            "CGT – La confédération appelle à la grève dans toutes les entreprises du secteur.",
            "Port Ellis, Northmark – The Coalition for Safe Rail today urged the ministry to act.",
        ] {
            assert_eq!(body(text), text, "{text}");
        }
    }
}

#[cfg(test)]
mod legal_form_tests {
    use super::{body, issuer, split};

    #[test]
    fn a_date_inside_the_place_is_no_full_stop_dateline() {
        // Found by the property test `rendered_feeds_always_parse`: the date starts before the
        // place's comma, so there is nothing between them to slice.
        assert!(split("A (0000-01-01) ,À i a").is_none());
        assert!(
            split("Place (2025-03-01), more words. Der Text geht weiter hier und länger.")
                .is_none()
        );
    }

    #[test]
    fn a_dateline_closed_by_a_full_stop_or_a_wire_service_s_mark() {
        let text = "Kleinmoor, 3. März 2025. Der Fahrgastverband Unteres Moortal e.V. fordert den Landkreis auf, die Linie zu erhalten.";
        assert_eq!(
            split(text).map(|d| d.found.date.to_string()).as_deref(),
            Some("2025-03-03")
        );
        assert_eq!(
            issuer(text).as_deref(),
            Some("Fahrgastverband Unteres Moortal e.V.")
        );
        let wire =
            "Kleinmoor (ots) – Der Fahrgastverband Unteres Moortal e.V. fordert den Landkreis auf.";
        assert!(body(wire).starts_with("Der Fahrgastverband"));
        // A sentence opening with a date, or a place with a verb, is no dateline.
        assert_eq!(
            split("Am 3. März 2025. Der Verband fordert den Landkreis auf, zu handeln."),
            None
        );
        assert_eq!(
            split("3. März 2025. Der Verband fordert den Landkreis auf, zu handeln."),
            None
        );
    }

    #[test]
    fn a_legal_form_closes_a_dateline_s_issuer() {
        assert_eq!(
            issuer("Kleinmoor, 3. März 2025 – Der Fahrgastverband Unteres Moortal e.V. fordert den Landkreis auf, die Linie zu erhalten.").as_deref(),
            Some("Fahrgastverband Unteres Moortal e.V.")
        );
    }
}
