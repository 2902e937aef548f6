//! Who signed a statement and when: the signature at its end, in the shapes statements use.
//!
//! - rule `signature`: one line with a signatory and a date, either way round
//!   (`Name (08.01.22)`, `Executive Committee, 1 March 2022`, `08.01.2022 — Central Committee`);
//! - rule `place`: a place before the date (`Moscow, 8 January 2022`) is not a signatory, nor
//!   one set apart by a dash (`Elternnetzwerk Nordkreis – Wittenau, 12.05.2024`);
//! - rule `signatory-line`, a person above their role: `Name` / `General Secretary, X` (/ the
//!   body of the role) / perhaps `place, date`, or the date above the name: the name signs;
//! - rule `signatory-line`: a line naming the signatory, with the date on the line after it (or
//!   before it);
//! - rule `signatory-list` ([`signatory_list`]): a `Signed by:` line followed by one signatory
//!   per line or bullet, with the date before or after the list.
//!
//! The signature is searched for before the closing slogans; which blocks it covers is recorded,
//! so that they are not taken for paragraphs.

use super::rule::Rule;
use super::statement::words_up_to;
use std::ops::Range;

use super::content::markdown_plain_text;
use super::dates::{self, FoundDate};
use super::month_names::fold;
use super::signatory_list;
use super::signatory_words::{is_particle, is_role_line, names_organisation, opens_with_role_word};
use super::slogans;
use super::statement::{squash, Block};
use crate::collect::Format;

/// The longest line that can be a signature or a dated line.
pub(super) const MAX_SIGNATURE_CHARS: usize = 200;
/// The longest line that can name a signatory.
pub(super) const MAX_SIGNATORY_CHARS: usize = 120;
/// The most words a signatory line can have.
const MAX_SIGNATORY_WORDS: usize = 12;

/// A line that carries the signature's date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedLine {
    pub block: usize,
    /// The line's index within its block (Markdown blocks can hold a signatory and a date line).
    pub offset: usize,
    /// The line as plain text; `found.span` indexes it.
    pub text: String,
    pub found: FoundDate,
}

/// What the signature says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The blocks it covers.
    pub blocks: Range<usize>,
    /// The signature's lines as plain text.
    pub lines: Vec<String>,
    pub date: Option<DatedLine>,
    /// The signatories, in the order given; empty when the signature names none.
    pub authors: Vec<String>,
    /// The block the signatories were read from, and the rule that read them.
    pub authors_block: usize,
    pub authors_rule: Rule,
    /// A place written before the date.
    pub place: Option<String>,
}

/// What a signature says, apart from the blocks it covers: see [`Signature::over`].
#[derive(Debug)]
pub struct Signed {
    pub date: Option<DatedLine>,
    pub authors: Vec<String>,
    pub authors_block: usize,
    pub authors_rule: Rule,
    pub place: Option<String>,
}

impl Signature {
    /// The signature covering `range` of `blocks`, its lines taken as plain text.
    pub fn over(blocks: &[Block], range: Range<usize>, format: Format, signed: Signed) -> Self {
        Signature {
            lines: blocks[range.clone()]
                .iter()
                .flat_map(|b| plain_lines(b, format).iter().cloned())
                .collect(),
            blocks: range,
            date: signed.date,
            authors: signed.authors,
            authors_block: signed.authors_block,
            authors_rule: signed.authors_rule,
            place: signed.place,
        }
    }
}

/// The plain-text lines of a block: its text for a `.txt` line; for Markdown, each source line
/// as plain text, parsed the first time a rule asks (the rules ask about the same blocks again
/// and again).
pub(crate) fn plain_lines(block: &Block, format: Format) -> &[String] {
    match format {
        Format::Text => std::slice::from_ref(&block.text),
        Format::Markdown => block.plain_lines.get_or_init(|| {
            block
                .source
                .lines()
                .map(|l| markdown_line(strip_bullet(l).1))
                .filter(|l| !l.is_empty())
                .collect()
        }),
    }
}

/// One line of Markdown as plain text. A line that opens with a number and a full stop stays
/// text (`6. Januar 2022` is a date here, whatever CommonMark makes of it).
pub(super) fn markdown_line(line: &str) -> String {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        let escaped = format!("{}\\{}", &line[..digits], &line[digits..]);
        return markdown_plain_text(&escaped);
    }
    markdown_plain_text(line)
}

/// A line without its list marker (`- `, `* `, `• `, `1. `, `1) `), and whether it had one.
pub(super) fn strip_bullet(line: &str) -> (bool, &str) {
    let t = line.trim_start();
    for b in ['-', '*', '+', '•', '–', '—', '·'] {
        if let Some(rest) = t.strip_prefix(b) {
            if rest.starts_with(char::is_whitespace) {
                return (true, rest.trim_start());
            }
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        if let Some(rest) = t[digits..].strip_prefix(['.', ')']) {
            // `6. Januar 2022` is a date, not the sixth item of a list.
            let is_date = || dates::find_in_text(t).is_some_and(|d| d.span.start == 0);
            if rest.starts_with(char::is_whitespace) && !is_date() {
                return (true, rest.trim_start());
            }
        }
    }
    (false, t)
}

/// Finds the signature of a statement whose body starts at block `body_start` and whose closing
/// slogans start at `end`.
pub(crate) fn find(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    end: usize,
) -> Option<Signature> {
    let last = end.checked_sub(1).filter(|&l| l > body_start)?;
    // The source's line count first: it answers before the lines are read as Markdown.
    if blocks[last].lines > 2 {
        return None;
    }
    let lines = plain_lines(&blocks[last], format);
    if lines.is_empty()
        || lines.len() > 2
        || lines
            .iter()
            .any(|l| l.chars().count() > MAX_SIGNATURE_CHARS)
    {
        return None;
    }
    let line = lines.last().map(String::as_str).unwrap_or_default();
    // The line before the last: in the same Markdown block, or the block before.
    let (prev, prev_block) = if lines.len() == 2 {
        (Some(lines[0].clone()), last)
    } else {
        let b = last - 1;
        let prev = (b > body_start && blocks[b].lines == 1)
            .then(|| plain_lines(&blocks[b], format).last().cloned())
            .flatten();
        (prev, b)
    };
    let offset = lines.len() - 1;
    let signature = |range: Range<usize>, date, authors: Vec<String>, by, rule, place| {
        let lines = blocks[range.clone()]
            .iter()
            .flat_map(|b| plain_lines(b, format).iter().cloned())
            .collect();
        Signature {
            blocks: range,
            lines,
            date,
            authors,
            authors_block: by,
            authors_rule: rule,
            place,
        }
    };

    if let Some(found) = dates::find_in_text(line).filter(|f| !is_sentence_about(line, f)) {
        let dated = DatedLine {
            block: last,
            offset,
            text: line.to_owned(),
            found,
        };
        let (author, place) = read_dated_line(line, &dated.found);
        if let Some(author) = author {
            // Rule `signature`: the dated line names its signatory.
            return (lines.len() == 1).then(|| {
                signature(
                    last..last + 1,
                    Some(dated),
                    vec![author],
                    last,
                    Rule::Signature,
                    place,
                )
            });
        }
        // Rule `signatory-line`, a person above their role: `Name` / `General Secretary, X`
        // (/ `Body of the role`) / `place, date`.
        if lines.len() == 1 {
            if let Some((b, name)) = person_above_role(blocks, format, body_start, last) {
                return Some(signature(
                    b..last + 1,
                    Some(dated),
                    vec![name],
                    b,
                    Rule::SignatoryLine,
                    place,
                ));
            }
        }
        // Rule `signatory-line`: organisations one under another, the date under them all.
        if lines.len() == 1 && prev.as_deref().is_some_and(is_signatory_line) {
            if let Some(names) = organisations_above_date(blocks, format, body_start, last) {
                return Some(Signature::over(
                    blocks,
                    names.blocks.start..last + 1,
                    format,
                    Signed {
                        date: Some(dated),
                        authors: names.authors,
                        authors_block: names.authors_block,
                        authors_rule: Rule::SignatoryLine,
                        place,
                    },
                ));
            }
        }
        // Rule `signatory-line`: the line before names the signatory.
        if let Some(name) = prev.filter(|p| is_signatory_line(p)) {
            return Some(signature(
                prev_block..last + 1,
                Some(dated),
                vec![name],
                prev_block,
                Rule::SignatoryLine,
                place,
            ));
        }
        return (lines.len() == 1).then(|| {
            signature(
                last..last + 1,
                Some(dated),
                vec![],
                last,
                Rule::Signature,
                place,
            )
        });
    }

    // Rule `signatory-line`, undated: a person above their role (`Иван Соколов,` /
    // `председатель …`).
    if lines.len() == 1 && opens_with_role(line) {
        if let Some((b, name)) = person_above_role(blocks, format, body_start, last + 1) {
            // `Lisboa, 12 de maio de 2023` above the name: the signature's date.
            let above = b - 1;
            let dated = (above > body_start && blocks[above].lines == 1)
                .then(|| plain_lines(&blocks[above], format).last().cloned())
                .flatten()
                .and_then(|text| {
                    let found = dates::find_in_text(&text)?;
                    let (author, place) = read_dated_line(&text, &found);
                    author.is_none().then_some((
                        DatedLine {
                            block: above,
                            offset: 0,
                            text,
                            found,
                        },
                        place,
                    ))
                });
            return Some(match dated {
                Some((dated, place)) => signature(
                    above..last + 1,
                    Some(dated),
                    vec![name],
                    b,
                    Rule::SignatoryLine,
                    place,
                ),
                None => signature(b..last + 1, None, vec![name], b, Rule::SignatoryLine, None),
            });
        }
    }
    // Rule `signatory-line`, the other way round: a date line, then the signatory.
    if !is_signatory_line(line) {
        return None;
    }
    let prev = prev?;
    let found = dates::find_in_text(&prev)?;
    let (author, place) = read_dated_line(&prev, &found);
    if author.is_some() || prev.chars().count() > MAX_SIGNATURE_CHARS {
        return None;
    }
    let dated = DatedLine {
        block: prev_block,
        offset: 0,
        text: prev,
        found,
    };
    Some(signature(
        prev_block..last + 1,
        Some(dated),
        vec![line.to_owned()],
        last,
        Rule::SignatoryLine,
        place,
    ))
}

/// Two or more organisations signing one under another, right above the date line at block
/// `date_block` (`Mieterverein Nordstadt` / `Initiative Bezahlbares Wohnen` / `Hamburg, den
/// 12. März 2021`): read as the names closing the statement, every one naming an organisation.
fn organisations_above_date(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    date_block: usize,
) -> Option<Signature> {
    let names = super::closing::name_lines(blocks, format, body_start, date_block)?;
    let organisations = names.authors.len() >= 2
        && names.date.is_none()
        && names.authors.iter().any(|a| names_organisation(a));
    organisations.then_some(names)
}

/// The most lines a role may take under a person's name (`Secretaria General` /
/// `Sindicato de …`).
const MAX_ROLE_LINES: usize = 2;

/// The most words of a short role line whose role word also names a body (`Secretaria
/// General`: a secretary, or a secretariat).
const MAX_SHORT_ROLE_WORDS: usize = 3;

/// A role line, or a short line opening with a role word.
fn opens_with_role(line: &str) -> bool {
    is_role_line(line)
        || (words_up_to(line, MAX_SHORT_ROLE_WORDS + 1) <= MAX_SHORT_ROLE_WORDS
            && opens_with_role_word(line))
}

/// A person's name above one or two role lines, which stand right above block `dated`: the
/// first role line opens with a role word (`General Secretary, …`, `Secretaria General`); a
/// second one may name the body of the role. Returns the name's block and the name.
fn person_above_role(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    dated: usize,
) -> Option<(usize, String)> {
    let line_of = |b: usize| -> Option<String> {
        (b > body_start && blocks[b].lines == 1)
            .then(|| plain_lines(&blocks[b], format).last().cloned())
            .flatten()
    };
    let mut b = dated.checked_sub(1)?;
    let mut roles = 0;
    while roles < MAX_ROLE_LINES {
        let line = line_of(b)?;
        let above = line_of(b.checked_sub(1)?)?;
        let is_role = opens_with_role(&line);
        let is_body_of_role = roles == 0 && opens_with_role(&above) && names_organisation(&line);
        if !(is_role || is_body_of_role) {
            break;
        }
        roles += 1;
        b -= 1;
        if is_role {
            break;
        }
    }
    let name = line_of(b)?;
    let name = name.trim_end_matches(',');
    // `Ana Pereira` / `Secretária-Geral` / `Luís Matos` / `Tesoureiro`: several people, each
    // with a role, are a list for the other rules.
    let another_role_above = b
        .checked_sub(1)
        .and_then(line_of)
        .is_some_and(|l| opens_with_role(&l));
    (roles > 0 && is_person_name(name) && !another_role_above).then(|| (b, name.to_owned()))
}

/// The most words a person's name has (`Иван Петрович Соколов`, `Ana María Castro Ruiz`).
const MAX_PERSON_WORDS: usize = 5;

/// A short line of capitalised words, with no organisation word and no date (`Maria
/// O'Connell`, `Dr. Petra Lindner`).
fn is_person_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=MAX_PERSON_WORDS).contains(&words.len())
        && !names_organisation(line)
        && !is_role_line(line)
        && dates::find_in_text(line).is_none()
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| !c.is_lowercase())
                || is_particle(w)
        })
}

/// A sentence that mentions a date (`On 3 March 2015 the landlord promised new boilers.`): the
/// words after the date run on in lower case, or the line is long and ends a sentence. Such a
/// date is an event the statement speaks of, never its own date.
fn is_sentence_about(line: &str, found: &FoundDate) -> bool {
    let after: Vec<&str> = line[found.span.end..].split_whitespace().collect();
    let runs_on = after.len() > 3
        && after
            .first()
            .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
            .is_some_and(char::is_lowercase);
    let long_sentence = words_up_to(line, MAX_SIGNATORY_WORDS + 1) > MAX_SIGNATORY_WORDS
        && line.trim_end().ends_with(['.', '!', '?', '。']);
    runs_on || long_sentence
}

/// What a dated line says besides its date: the signatory, and a place before the date.
pub(crate) fn read_dated_line(line: &str, found: &FoundDate) -> (Option<String>, Option<String>) {
    let before = line[..found.span.start].trim_end();
    let after = line[found.span.end..].trim_start();
    let in_parens = before.ends_with('(') && after.starts_with(')');
    if !in_parens {
        let place = without_done_at(before.trim_end_matches(SEPARATORS));
        if is_place(place) {
            let rest = squash(after.trim_matches(SEPARATORS));
            let author = rest.chars().any(char::is_alphabetic).then_some(rest);
            return (author, Some(place.to_owned()));
        }
    }
    match signatory(line, &found.span).map(|s| without_dashed_place(&s)) {
        Some((name, place)) => (Some(name), place),
        None => (None, None),
    }
}

/// Words that open a closing place-and-date line in formal texts (`Fait à Lyon, le 9 janvier
/// 2025`, `Done at Geneva on …`, `Hecho en Quito, el …`), compared after [`fold`].
const DONE_AT: &[&str] = &[
    "fait à",
    "fait a",
    "done at",
    "done in",
    "hecho en",
    "dado en",
    "feito em",
    "fatto a",
    "dato a",
    "gegeben zu",
    "geschehen zu",
    "gedaan te",
    "sporządzono w",
];

/// Words between the place and the date (`…, le`, `…, el`, `…, den`, `… on`).
const PLACE_DATE_TIES: &[&str] = &["le", "el", "den", "am", "il", "em", "on", "the", "de"];

/// Rule `place`, formal: `Fait à Lyon, le` → `Lyon`; any other phrase as it is.
fn without_done_at(before: &str) -> &str {
    let folded = fold(before);
    let Some(opener) = DONE_AT.iter().find(|w| {
        folded
            .strip_prefix(*w)
            .is_some_and(|rest| rest.starts_with(' '))
    }) else {
        return before;
    };
    // Skip the opener by characters: folding keeps the number of characters of these words.
    let at = before
        .char_indices()
        .nth(opener.chars().count())
        .map_or(before.len(), |(i, _)| i);
    let mut place = before[at..].trim();
    if let Some((head, tie)) = place.rsplit_once(' ') {
        if PLACE_DATE_TIES.contains(&fold(tie).as_str()) {
            place = head;
        }
    }
    place.trim_matches(SEPARATORS)
}

/// Rule `place`, beside a dash: `Elternnetzwerk Nordkreis – Wittenau` or `Wittenau –
/// Elternnetzwerk Nordkreis` signs as the body; the town is its place.
fn without_dashed_place(signatory: &str) -> (String, Option<String>) {
    for dash in [" – ", " — ", " - "] {
        if let Some((a, b)) = signatory.split_once(dash) {
            let (a, b) = (a.trim(), b.trim_matches(|c: char| SEPARATORS.contains(&c)));
            if is_place(b) && names_organisation(a) {
                return (a.to_owned(), Some(b.to_owned()));
            }
            if is_place(a) && names_organisation(b) {
                return (b.to_owned(), Some(a.to_owned()));
            }
        }
    }
    (signatory.to_owned(), None)
}

const SEPARATORS: &[char] = &[
    ',', '،', ';', '-', '–', '—', '|', '/', ' ', '·', '.', ':', '\u{a0}',
];

/// Rule `signature`: the signatory in a dated line, that is the line without its date (and the
/// parentheses or separators around the date).
pub(crate) fn signatory(line: &str, date: &Range<usize>) -> Option<String> {
    let before = line[..date.start].trim_end();
    let after = line[date.end..].trim_start();
    let (before, after) = match (before.strip_suffix('('), after.strip_prefix(')')) {
        (Some(b), Some(a)) => (b, a),
        _ => (before, after),
    };
    let name = format!(
        "{} {}",
        before.trim_end_matches(SEPARATORS),
        after.trim_matches(SEPARATORS)
    );
    let name = without_other_calendar(&squash(&name));
    (name.chars().any(char::is_alphabetic) && !is_issued_on(&name)).then_some(name)
}

/// Words that say "issued on" before a closing date (`صدر في 12 رمضان … الموافق 3 أبريل 2023
/// م`, `Issued on 3 April 2023`): what is left of such a line once its date is taken off names
/// no signatory.
const ISSUED_ON: &[&str] = &[
    "صدر",
    "صدر في",
    "صدرت",
    "صدرت في",
    "صادر في",
    "issued",
    "issued on",
    "given on",
];

/// True when a dated line's remainder is only an "issued on" word (rule `signature`).
fn is_issued_on(name: &str) -> bool {
    let name = name.trim_matches(|c: char| SEPARATORS.contains(&c) || c == 'م');
    let folded = fold(name);
    ISSUED_ON.iter().any(|w| fold(w) == folded)
}

/// `اتحاد … – في 12 رمضان 1444 هـ الموافق` → `اتحاد …`: a date in another calendar written
/// before the Gregorian one (and the `في` that introduces it) is no part of the signatory.
fn without_other_calendar(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let mut month_or_era = false;
    while let Some(w) = words.last().filter(|w| super::header::is_calendar_word(w)) {
        month_or_era |= w.chars().any(char::is_alphabetic);
        words.pop();
    }
    // Numbers alone may be part of the name (`Section 8`).
    if !month_or_era {
        return name.to_owned();
    }
    while words
        .last()
        .is_some_and(|w| *w == "في" || w.chars().all(|c| SEPARATORS.contains(&c)))
    {
        words.pop();
    }
    words.join(" ")
}

/// Rule `place`: a phrase of one to five words that reads as a place name: each word
/// capitalised (or in a script without capitals) or a particle, no digits or parentheses, and
/// no word that names an organisation (`Moscow`, `São Paulo`, `Rio de Janeiro`, `القاهرة`; not
/// `Executive Committee`).
pub(crate) fn is_place(phrase: &str) -> bool {
    // `г. Озёрск`, `м. Зеленодар`: the abbreviation for "town" before the name.
    let phrase = without_town_abbreviation(phrase);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if !(1..=5).contains(&words.len())
        || phrase.contains(|c: char| c.is_numeric() || "()[]@".contains(c))
    {
        return false;
    }
    words.iter().all(|w| {
        let folded = fold(w.trim_matches(|c: char| !c.is_alphabetic()));
        let first = w.chars().find(|c| c.is_alphabetic());
        let named = first.is_some_and(|c| c.is_uppercase() || !c.is_lowercase());
        let particle = is_particle(&folded);
        named || particle
    }) && !names_organisation(phrase)
        && words
            .first()
            .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
            .is_some_and(|c| !c.is_lowercase())
}

/// Abbreviations for "town", "village" or "settlement" written before a place's name in small
/// letters (ru, uk, be, bg).
const TOWN_ABBREVIATIONS: &[&str] = &["г.", "м.", "с.", "п.", "пос.", "смт", "смт.", "гр.", "д."];

/// `г. Озёрск` → `Озёрск`; any other phrase as it is.
fn without_town_abbreviation(phrase: &str) -> &str {
    let t = phrase.trim();
    TOWN_ABBREVIATIONS
        .iter()
        .find_map(|a| t.strip_prefix(a).filter(|rest| rest.starts_with(' ')))
        .map_or(t, str::trim_start)
}

/// Rule `signatory-line`: a line that only names a signatory: short, no closing punctuation,
/// starting with a capital (or a letter of a script without capitals), no date, not a slogan
/// (a line in capitals signs only if it names an organisation: `COMITÉ CENTRAL`).
pub(crate) fn is_signatory_line(line: &str) -> bool {
    let t = line.trim();
    // `FP LAVORO (BRUNI) – SANITÀ UNITA (ESPOSITO)`: organisations signing together (rule
    // `joint-line`), however many words.
    if super::joint_line::joint_names(t).is_some() && dates::find_in_text(t).is_none() {
        return t.chars().count() <= MAX_SIGNATURE_CHARS;
    }
    if slogans::in_capitals(t) && !names_organisation(t) {
        return false;
    }
    let chars = t.chars().count();
    (2..=MAX_SIGNATORY_CHARS).contains(&chars)
        && words_up_to(t, MAX_SIGNATORY_WORDS + 1) <= MAX_SIGNATORY_WORDS
        && !t.ends_with(['.', ',', ';', ':', '!', '?', '…', '،', '؛', '؟', '！'])
        && !t.starts_with('¡')
        && t.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !c.is_lowercase())
        && dates::find_in_text(t).is_none()
        && signatory_list::list_header(t).is_none()
}

#[cfg(test)]
mod tests {
    use super::super::statement::Statement;
    use super::*;

    fn sig(body: &str, format: Format) -> Option<Signature> {
        Statement::analyse(body, 1, format).signature
    }

    #[test]
    fn place_rule() {
        for p in [
            "Moscow",
            "São Paulo",
            "Rio de Janeiro",
            "Москва",
            "القاهرة",
            "Frankfurt am Main",
        ] {
            assert!(is_place(p), "{p}");
        }
        for p in [
            "Executive Committee",
            "Comitê Central",
            "Исполнительный комитет",
            "اللجنة المركزية",
            "Comité (Rússia)",
            "the workers",
            "A Very Long Place Name Here Too",
            "",
        ] {
            assert!(!is_place(p), "{p}");
        }
    }

    #[test]
    fn dated_lines_with_places_and_signatories() {
        let read = |line: &str| {
            let found = dates::find_in_text(line).unwrap();
            read_dated_line(line, &found)
        };
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(read("Moscow, 8 January 2022"), (None, s("Moscow")));
        assert_eq!(read("Paris, le 12 mars 2021."), (None, s("Paris")));
        assert_eq!(read("Москва, 8 января 2022 г."), (None, s("Москва")));
        assert_eq!(read("القاهرة، ٨ يناير ٢٠٢٢"), (None, s("القاهرة")));
        assert_eq!(
            read("Lisboa, 8 de janeiro de 2022 — Comissão Executiva"),
            (s("Comissão Executiva"), s("Lisboa"))
        );
        assert_eq!(
            read("International Secretariat, 1 March 2022"),
            (s("International Secretariat"), None)
        );
        assert_eq!(read("Maria (08.01.22)"), (s("Maria"), None));
        assert_eq!(read("8 January 2022"), (None, None));
        assert_eq!(
            read("г. Озёрск, 28 сентября 2023 г."),
            (None, s("г. Озёрск"))
        );
        assert_eq!(
            read("м. Зеленодар, 14 листопада 2022 року"),
            (None, s("м. Зеленодар"))
        );
    }

    #[test]
    fn a_hijri_date_before_the_gregorian_one_is_no_part_of_the_signatory() {
        assert_eq!(
            without_other_calendar("اتحاد لجان الأحياء – في 12 رمضان 1444 هـ الموافق"),
            "اتحاد لجان الأحياء"
        );
        assert_eq!(without_other_calendar("Section 8"), "Section 8");
    }

    #[test]
    fn an_issued_on_line_names_no_signatory() {
        let read = |line: &str| {
            let d = dates::find_in_text(line).unwrap();
            signatory(line, &d.span)
        };
        assert_eq!(read("صدر في 12 رمضان 1444 هـ الموافق 3 أبريل 2023 م"), None);
        assert_eq!(read("Issued on 3 April 2023"), None);
        assert_eq!(
            read("نقابة الصيادين – 3 أبريل 2023").as_deref(),
            Some("نقابة الصيادين")
        );
        // The organisation above it signs (rule `signatory-line`).
        let s = sig(
            "Title\n\nإن هذا القرار يهدد مصدر رزق الصيادين.\n\nالهيئة الإدارية لنقابة البحارة\n\nصدر في 12 رمضان 1444 هـ الموافق 3 أبريل 2023 م\n",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors, ["الهيئة الإدارية لنقابة البحارة"]);
    }

    #[test]
    fn signatory_rule() {
        let sig = |line: &str| {
            let d = dates::find_in_text(line).unwrap();
            signatory(line, &d.span)
        };
        assert_eq!(
            sig("Comitê Central (Rússia) (08.01.22)").as_deref(),
            Some("Comitê Central (Rússia)")
        );
        assert_eq!(
            sig("Executive Committee, 08.01.2022").as_deref(),
            Some("Executive Committee")
        );
        assert_eq!(
            sig("2022-01-08 — Secretariat").as_deref(),
            Some("Secretariat")
        );
        assert_eq!(
            sig("08.01.2022 — Central Committee.").as_deref(),
            Some("Central Committee")
        );
        assert_eq!(sig("(08.01.22)"), None);
    }

    #[test]
    fn a_sentence_with_a_date_is_no_signature() {
        let s = sig(
            "Title\nBody text.\nOn 3 March 2015 the landlord promised new boilers; none came.",
            Format::Text,
        );
        assert_eq!(s.and_then(|s| s.date), None);
        let s = sig(
            "Title\nBody text.\nExecutive Committee, 1 March 2022",
            Format::Text,
        );
        assert!(s.unwrap().date.is_some());
    }

    #[test]
    fn signatory_lines() {
        for line in [
            "Central Committee",
            "Comitê Central (Rússia)",
            "COMITÉ CENTRAL",
            "اللجنة المركزية",
        ] {
            assert!(is_signatory_line(line), "{line}");
        }
        for line in [
            "ABAJO LA GUERRA",
            "We will win.",
            "Viva!",
            "lower case",
            "Signed by:",
            "Moscow, 8 January 2022",
        ] {
            assert!(!is_signatory_line(line), "{line}");
        }
    }

    #[test]
    fn signatory_line_then_date_line() {
        let s = sig(
            "Body text.\nCentral Committee\nMoscow, 8 January 2022\nDown with the war!",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.blocks, 1..3);
        assert_eq!(s.authors, ["Central Committee"]);
        assert_eq!(s.authors_rule, Rule::SignatoryLine);
        assert_eq!(s.place.as_deref(), Some("Moscow"));
        assert_eq!(s.date.unwrap().block, 2);
        // In Markdown the two lines may share a block.
        let s = sig(
            "Body text.\n\n**Central Committee**\n8 January 2022\n",
            Format::Markdown,
        )
        .unwrap();
        assert_eq!(
            (s.blocks, s.authors),
            (1..2, vec!["Central Committee".into()])
        );
        assert_eq!(s.date.unwrap().offset, 1);
        // A sentence is not a signatory line.
        let s = sig(
            "Body text.\nWe will be there.\n8 January 2022",
            Format::Text,
        )
        .unwrap();
        assert_eq!((s.blocks, s.authors.len()), (2..3, 0));
    }

    #[test]
    fn date_line_then_signatory_line() {
        let s = sig(
            "Body text.\n8 de janeiro de 2022\nComissão Executiva\nViva!",
            Format::Text,
        )
        .unwrap();
        assert_eq!((s.blocks.clone(), s.authors_block), (1..3, 2));
        assert_eq!(s.authors, ["Comissão Executiva"]);
        assert_eq!(s.date.unwrap().found.date.to_string(), "2022-01-08");
        assert_eq!(sig("Body text.\nSome closing words", Format::Text), None);
    }

    #[test]
    fn a_person_above_their_role_signs() {
        let s = sig(
            "Body text.\nMaria O'Connell\nGeneral Secretary, Eastport Trades Council\nEastport, 3 October 2023",
            Format::Text,
        )
        .unwrap();
        assert_eq!(
            (s.blocks.clone(), s.authors),
            (1..4, vec!["Maria O'Connell".into()])
        );
        let s = sig(
            "Body text.\nAna María Castro\nSecretaria General\nSindicato de Pescadores del Sur\nValparaíso, 7 de agosto de 2023",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors, ["Ana María Castro"]);
        // Undated, the name with a comma; and with the date above the name.
        let s = sig(
            "Body text.\nИван Петрович Соколов,\nпредседатель Независимого профсоюза горняков",
            Format::Text,
        )
        .unwrap();
        assert_eq!(
            (s.authors, s.date),
            (vec!["Иван Петрович Соколов".into()], None)
        );
        let s = sig(
            "Body text.\nLisboa, 12 de maio de 2023\nJoana Ferreira Lopes\nCoordenadora Nacional da Frente Sindical",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors, ["Joana Ferreira Lopes"]);
        assert_eq!(s.place.as_deref(), Some("Lisboa"));
        // Several people with roles are a list for the other rules.
        assert!(sig(
            "Body text.\nAna Pereira\nSecretária-Geral\nLuís Matos\nTesoureiro",
            Format::Text
        )
        .is_none_or(|s| s.authors != ["Luís Matos"]));
    }

    #[test]
    fn a_formal_done_at_line_gives_a_place_and_no_signatory() {
        for (line, place) in [
            (
                "Fait à Villeneuve-sur-Lanne, le 2 mars 2025",
                "Villeneuve-sur-Lanne",
            ),
            ("Done at Port Elder on 4 May 2025", "Port Elder"),
            ("Hecho en San Telmo, el 4 de mayo de 2025", "San Telmo"),
        ] {
            let found = dates::find_in_text(line).unwrap();
            assert_eq!(
                read_dated_line(line, &found),
                (None, Some(place.to_owned())),
                "{line}"
            );
        }
        let s = sig(
            "Texte.\nPas un mètre de plus !\nFait à Villeneuve-sur-Lanne, le 2 mars 2025",
            Format::Text,
        )
        .unwrap();
        assert!(s.authors.is_empty());
        assert_eq!(s.place.as_deref(), Some("Villeneuve-sur-Lanne"));
    }

    #[test]
    fn a_place_beside_a_dash_is_not_part_of_the_signatory() {
        for line in [
            "12.05.2024, Wittenau – Elternnetzwerk Nordkreis",
            "Elternnetzwerk Nordkreis – Wittenau, 12.05.2024",
        ] {
            let s = sig(&format!("Body text.\n{line}"), Format::Text).unwrap();
            assert_eq!(s.authors, ["Elternnetzwerk Nordkreis"], "{line}");
            assert_eq!(s.place.as_deref(), Some("Wittenau"), "{line}");
        }
    }

    #[test]
    fn organisations_one_under_another_above_the_date() {
        let s = sig(
            "Title\nThe organisations below demand a rent freeze.\nMieterverein Nordstadt e.V.\nInitiative Bezahlbares Wohnen\nHamburg, den 12. März 2021",
            Format::Text,
        )
        .unwrap();
        assert_eq!(
            s.authors,
            [
                "Mieterverein Nordstadt e.V.",
                "Initiative Bezahlbares Wohnen"
            ]
        );
        assert_eq!(s.place.as_deref(), Some("Hamburg"));
        assert!(s.date.is_some());
    }
}
