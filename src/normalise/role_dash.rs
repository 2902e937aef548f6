//! People closing a statement with their roles. Rule `name-lines`, with roles after a dash: the
//! lines that give people and, after a dash, their role (`MARTA IBÁÑEZ - SEC. GRAL. CENTRAL DE
//! TRABAJADORES`, `RAÚL OCAMPO Y LIDIA FERRER - SEC. ADJUNTOS`), often set in capitals. They
//! sign; they are no slogans. The people are given by name only, several on one line split at
//! "and" or a comma. Rule `inline-list`, people and roles in one paragraph: `Luca Ferraris,
//! segretario generale FP, Giulia Sartori, segretaria generale della Camera del Lavoro`.

use std::ops::Range;

use super::month_names::fold;
use super::rule::Rule;
use super::signatory_words::opens_with_role_word;
use super::signature::{Signature, Signed};
use super::statement::Block;
use crate::collect::Format;

/// Abbreviated role words (compared after [`fold`]), besides the full ones
/// [`opens_with_role_word`] knows.
#[rustfmt::skip]
const ROLE_ABBREVIATIONS: &[&str] = &[
    "sec.", "secr.", "sec", "pres.", "vicepres.", "coord.", "tes.", "gen.", "sg", "adj.",
    "secretarios", "secretarias", "delegado", "delegada", "delegados", "vocal", "vocales",
];

/// Words for "and" between two names on one line (compared after [`fold`]).
const AND_WORDS: &[&str] = &["y", "e", "and", "et", "und", "i", "ve", "και"];

/// The most lines of such a closing.
const MAX_LINES: usize = 8;

/// The most words of one person's name.
const MAX_NAME_WORDS: usize = 5;

/// The lines with roles after a dash that close the statement (blocks `body_start + 1 .. end`),
/// as a signature.
pub(crate) fn signature(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    end: usize,
) -> Option<Signature> {
    let mut start = end;
    while start > body_start + 1
        && end - start < MAX_LINES
        && blocks[start - 1].lines == 1
        && names_with_role(&blocks[start - 1].text).is_some()
    {
        start -= 1;
    }
    if start == end {
        return None;
    }
    let authors: Vec<String> = blocks[start..end]
        .iter()
        .filter_map(|b| names_with_role(&b.text))
        .flatten()
        .collect();
    let range: Range<usize> = start..end;
    Some(Signature::over(
        blocks,
        range,
        format,
        Signed {
            date: None,
            authors,
            authors_block: start,
            authors_rule: Rule::NameLines,
            place: None,
        },
    ))
}

/// Rule `inline-list`: the last block, a paragraph alternating people and their roles set apart
/// by commas (`Luca Ferraris, segretario generale FP, Giulia Sartori, segretaria generale …`),
/// two people or more, as a signature.
pub(crate) fn inline_people(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    end: usize,
) -> Option<Signature> {
    let last = end.checked_sub(1).filter(|&b| b > body_start + 1)?;
    let people = people_and_roles(&blocks[last].text)?;
    Some(Signature::over(
        blocks,
        last..end,
        format,
        Signed {
            date: None,
            authors: people,
            authors_block: last,
            authors_rule: Rule::InlineList,
            place: None,
        },
    ))
}

/// `A, role, B, role, role` → `A`, `B`: every part a person or a role, each person followed
/// by a role, two people or more.
fn people_and_roles(text: &str) -> Option<Vec<String>> {
    // Split as the loop goes: most paragraphs fail at their first part.
    let parts = text.trim().trim_end_matches('.').split(", ").map(str::trim);
    let mut people = Vec::new();
    let mut after_person = false;
    // One part after a person may be a role no word list knows (`RSU ospedale di X`, a
    // workplace body and its place), when the others are known roles.
    let mut unknown_roles = 0;
    for part in parts {
        if is_person(part) && !is_role(part) {
            if after_person {
                return None;
            }
            people.push(part.to_owned());
            after_person = true;
        } else if !people.is_empty() && is_role(part) {
            after_person = false;
        } else if after_person && part.chars().any(char::is_lowercase) {
            unknown_roles += 1;
            after_person = false;
        } else {
            return None;
        }
    }
    (people.len() >= 2 && !after_person && unknown_roles <= 1 && unknown_roles < people.len() - 1)
        .then_some(people)
}

/// True when `text` is a line of people with their role after a dash.
pub(crate) fn is_names_with_role(text: &str) -> bool {
    names_with_role(text).is_some()
}

/// `RAÚL OCAMPO Y LIDIA FERRER - SEC. ADJUNTOS` → `RAÚL OCAMPO`, `LIDIA FERRER`.
fn names_with_role(text: &str) -> Option<Vec<String>> {
    let (names, role) = split_at_role_dash(text)?;
    if !is_role(role.trim()) {
        return None;
    }
    let people = split_names(names.trim());
    (!people.is_empty() && people.iter().all(|p| is_person(p))).then_some(people)
}

/// The dashes between names and their role, in the order they are tried.
const ROLE_DASHES: [&str; 3] = [" - ", " – ", " — "];

/// `text` split at its first ` - `, or failing that its first ` – `, or failing that its
/// first ` — ` (what `split_once` tried dash by dash gives), in one pass over the places a dash
/// may be rather than a substring search of the whole paragraph for each dash: a space before
/// a `-` or before the byte `E2` that opens `–` and `—` in UTF-8 (a paragraph holds far fewer
/// of those than spaces).
fn split_at_role_dash(text: &str) -> Option<(&str, &str)> {
    let mut first: [Option<usize>; 3] = [None; 3];
    let bytes = text.as_bytes();
    let spaces_before = memchr::memchr2_iter(b'-', 0xE2, bytes)
        .filter_map(|dash| dash.checked_sub(1))
        .filter(|&i| bytes[i] == b' ');
    for i in spaces_before {
        // `i` is at an ASCII byte: a character boundary.
        let rest = &text[i..];
        for (found, dash) in first.iter_mut().zip(ROLE_DASHES) {
            if found.is_none() && rest.starts_with(dash) {
                *found = Some(i);
            }
        }
        if first[0].is_some() {
            break;
        }
    }
    let (i, dash) = first
        .into_iter()
        .zip(ROLE_DASHES)
        .find_map(|(found, dash)| found.map(|i| (i, dash)))?;
    Some((&text[..i], &text[i + dash.len()..]))
}

fn is_role(role: &str) -> bool {
    let first = role.split_whitespace().next().map(fold).unwrap_or_default();
    ROLE_ABBREVIATIONS.contains(&first.as_str()) || opens_with_role_word(role)
}

/// `A Y B`, `A, B`, `A and B` → `A`, `B`.
fn split_names(names: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in names.split_whitespace() {
        let bare = word.trim_end_matches(',');
        if AND_WORDS.contains(&fold(bare).as_str()) {
            out.push(current.join(" "));
            current.clear();
            continue;
        }
        current.push(bare);
        if word.ends_with(',') {
            out.push(current.join(" "));
            current.clear();
        }
    }
    out.push(current.join(" "));
    out.retain(|n| !n.is_empty());
    out
}

/// A person's name: two to five words of letters (`MARTA IBÁÑEZ`, `Ana María Castro`), each
/// opening with a capital.
fn is_person(name: &str) -> bool {
    let mut words = name.split_whitespace();
    // Counting stops one word past a name's most: a part may be a whole paragraph.
    let count = words.clone().take(MAX_NAME_WORDS + 1).count();
    (2..=MAX_NAME_WORDS).contains(&count)
        && words.all(|w| {
            w.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c))
                && w.chars().next().is_some_and(char::is_uppercase)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_with_roles_after_a_dash() {
        assert_eq!(
            names_with_role("MARTA IBÁÑEZ - SEC. GRAL. CENTRAL DE TRABAJADORES DEL SUR"),
            Some(vec!["MARTA IBÁÑEZ".to_owned()])
        );
        assert_eq!(
            names_with_role("RAÚL OCAMPO Y LIDIA FERRER - SEC. ADJUNTOS"),
            Some(vec!["RAÚL OCAMPO".to_owned(), "LIDIA FERRER".to_owned()])
        );
        assert_eq!(
            names_with_role("Ana Castro – Secretaria General"),
            Some(vec!["Ana Castro".to_owned()])
        );
    }

    #[test]
    fn people_and_roles_in_one_paragraph() {
        assert_eq!(
            people_and_roles(
                "Luca Ferraris, segretario generale FP Valcerreto, Giulia Sartori, segretaria \
                 generale della Camera del Lavoro, Marco Bellini, RSU ospedale"
            ),
            Some(vec![
                "Luca Ferraris".to_owned(),
                "Giulia Sartori".to_owned(),
                "Marco Bellini".to_owned()
            ]),
            "one role no word list knows, among known ones"
        );
        // Two such parts, or one beside a single known role, are too little to go on.
        assert_eq!(
            people_and_roles(
                "Luca Ferraris, RSU ospedale, Giulia Sartori, delegata di reparto, Marco Bellini, \
                 RSU scuola"
            ),
            None
        );
        assert_eq!(
            people_and_roles("Luca Ferraris, segretario generale FP, Giulia Sartori, RSU ospedale"),
            None
        );
        assert_eq!(
            people_and_roles(
                "Luca Ferraris, segretario generale FP, Giulia Sartori, segretaria generale CdL"
            ),
            Some(vec![
                "Luca Ferraris".to_owned(),
                "Giulia Sartori".to_owned()
            ])
        );
        assert_eq!(
            people_and_roles("Paris, Lyon, Marseille et Lille, les villes concernées"),
            None
        );
        assert_eq!(people_and_roles("Ana Castro, secretaria general"), None);
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        #[test]
        fn the_role_dash_split_is_split_once_dash_by_dash(text in "[ \\-–—’aé,]{0,40}") {
            let searched = text
                .split_once(" - ")
                .or_else(|| text.split_once(" – "))
                .or_else(|| text.split_once(" — "));
            proptest::prop_assert_eq!(split_at_role_dash(&text), searched);
        }
    }

    #[test]
    fn other_lines_with_a_dash_are_not() {
        for line in [
            "PAN, TRABAJO Y LIBERTAD - VIVA LA LUCHA",
            "Buenos Aires - 3 de mayo de 2021",
            "La lucha sigue - hasta la victoria",
            "MARTA IBÁÑEZ",
        ] {
            assert_eq!(names_with_role(line), None, "{line}");
        }
    }

    #[test]
    fn the_closing_lines_sign() {
        let blocks: Vec<Block> = [
            "Title",
            "The body of the statement.",
            "More of it.",
            "MARTA IBÁÑEZ - SEC. GRAL. CENTRAL DEL SUR",
            "RAÚL OCAMPO Y LIDIA FERRER - SEC. ADJUNTOS",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Block {
            line: i + 1,
            lines: 1,
            source: (*t).to_owned(),
            text: (*t).to_owned(),
            plain_lines: Default::default(),
        })
        .collect();
        let s = signature(&blocks, Format::Text, 1, 5).unwrap();
        assert_eq!(s.authors, ["MARTA IBÁÑEZ", "RAÚL OCAMPO", "LIDIA FERRER"]);
        assert_eq!(s.blocks, 3..5);
    }
}
