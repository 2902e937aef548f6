//! Rule `dateline`: a first paragraph that opens with a place and a date set apart by a dash,
//! as news agencies write it (`TRENTO, 3 marzo 2023 – La Segreteria provinciale della … esprime
//! …`, `Hannover, 14. Juni 2023 – Der Mieterverein … ruft …`).
//!
//! The dateline gives the statement's date (it stands in a header position: the top of the
//! body); the paragraph after the dash is the summary; and when that paragraph opens with the
//! name of a body (`La Segreteria provinciale della Federazione …`, `Союз жителей Самары`), that
//! body is the issuer. Written by hand: a dateline is a layout convention, not a grammar a
//! crate parses.

use super::closing::without_article;
use super::dates::{self, FoundDate};
use super::signatory_words::names_organisation;

/// The dashes that close a dateline (with a space on each side).
const DASHES: &[&str] = &[" – ", " — ", " - "];
/// The longest dateline, in characters (`Porto Velho, 8 de abril de 2024`).
const MAX_DATELINE_CHARS: usize = 60;
/// The shortest running text after the dash.
const MIN_BODY_CHARS: usize = 30;
/// The most words a dateline's place may have (`Porto Velho`, `Saltillo, Coah.`).
const MAX_PLACE_WORDS: usize = 3;

/// A paragraph's dateline: its date, and where the running text after the dash starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub(crate) found: FoundDate,
    pub(crate) body_start: usize,
}

/// The dateline `text` opens with, if it opens with one.
pub(crate) fn split(text: &str) -> Option<Dateline> {
    let (head_end, dash) = DASHES
        .iter()
        .filter_map(|d| text.find(d).map(|i| (i, *d)))
        .min_by_key(|(i, _)| *i)?;
    let head = &text[..head_end];
    let body = text[head_end + dash.len()..].trim_start();
    if head.chars().count() > MAX_DATELINE_CHARS || body.chars().count() < MIN_BODY_CHARS {
        return None;
    }
    let found = dates::find_in_text(head)?;
    let place = head[..found.span.start].trim();
    let after = head[found.span.end..].trim();
    (is_place(place) && is_date_tail(after) && starts_capitalised(body)).then(|| Dateline {
        found,
        body_start: text.len() - body.len(),
    })
}

/// The running text of `text` after its dateline, or all of it.
pub(crate) fn body(text: &str) -> &str {
    split(text).map_or(text, |d| &text[d.body_start..])
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
    let first = place.split_whitespace().next().unwrap_or("").to_lowercase();
    place.is_empty()
        || (place.split_whitespace().count() <= MAX_PLACE_WORDS
            && starts_capitalised(place)
            && !PREPOSITIONS.contains(&first.as_str()))
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
            run.push(w);
            if run.len() > MAX_LOWERCASE_RUN + 4 {
                break;
            }
        }
    }
    (end > 0).then(|| {
        words[..end]
            .join(" ")
            .trim_end_matches([',', '.', ';', ':'])
            .to_owned()
    })
}

/// Whether the lowercase words `run` may stand between two capitalised words of one name.
fn run_may_join(run: &[&str]) -> bool {
    let is_joining = |w: &&str| JOINING_WORDS.contains(&w.to_lowercase().as_str());
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
    use super::{body, issuer, split};

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
}
