//! Rule `signatory-list`: a `Signed by:` line (`Assinam:`, `Firman:`, `Signataires :`,
//! `Unterzeichnet von:`, `Firmatari:`, `Подписали:`, `الموقعون:` …) followed by one signatory per
//! line or bullet, with the date on the line before the header or after the list. It gives an
//! item several authors.

use super::dates;
use super::rule::Rule;
use super::signatory_words::is_list_header;
use super::signature::{
    markdown_line, read_dated_line, strip_bullet, DatedLine, Signature, Signed,
    MAX_SIGNATORY_CHARS, MAX_SIGNATURE_CHARS,
};
use super::statement::words_up_to;
use super::statement::{squash, Block};
use crate::collect::Format;

/// Rule `signatory-list`, its first line: `Signed by:` and its translations. Returns the label.
/// A note in brackets may follow the label, and then the colon may be left out (`Signatories
/// (in alphabetical order)`).
pub(crate) fn list_header(line: &str) -> Option<&str> {
    let t = line.trim();
    if let Some(label) = t.strip_suffix([':', '：']).map(str::trim_end) {
        if is_list_header(label) || is_header_with_noun(label) {
            return Some(label);
        }
    }
    // `Signed,` on a line of its own, the names under it (a letter's closing).
    if let Some(label) = t.strip_suffix(',').map(str::trim_end) {
        if is_list_header(label) {
            return Some(label);
        }
    }
    let label = without_bracketed_note(t.trim_end_matches([':', '：']).trim_end())?;
    is_list_header(label).then_some(label)
}

/// The most characters of the noun after a header word in a script without spaces (`联署` +
/// `团体`: "co-signing" + "groups").
const MAX_HEADER_NOUN_CHARS: usize = 3;

/// `联署团体`, `联署个人`: a header word of a script written without spaces, followed by a short
/// noun for who signs (the list holds the common ones whole: `联署单位`).
fn is_header_with_noun(label: &str) -> bool {
    let uncased = !label.is_empty()
        && !label.contains(char::is_whitespace)
        && label
            .chars()
            .all(|c| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase());
    uncased
        && label.char_indices().skip(1).any(|(i, _)| {
            let rest = label[i..].chars().count();
            rest <= MAX_HEADER_NOUN_CHARS && is_list_header(&label[..i])
        })
}

/// `Signatories (in alphabetical order)` → `Signatories`.
fn without_bracketed_note(label: &str) -> Option<&str> {
    let (head, note) = label.strip_suffix(')')?.split_once('(')?;
    (!note.contains(['(', ')']) && !head.trim().is_empty()).then(|| head.trim_end())
}

/// One line of the closing part, with the block it is in.
struct Line {
    block: usize,
    offset: usize,
    text: String,
    bullet: bool,
}

/// Rule `signatory-list`: the last `Signed by:` line after the first paragraph, the signatories
/// listed after it (one per line, with or without bullets), and a date line right after the
/// list or right before the header. The list ends at the first line that is not a name, and, if
/// the first name has a bullet, at the first line without one.
pub(crate) fn signatory_list(
    blocks: &[Block],
    format: Format,
    body_start: usize,
) -> Option<Signature> {
    // Only the blocks from the last one that may hold a header on are read line by line (every
    // block is looked at: its line ends found by a vector search, not a word at a time).
    let last_candidate = (body_start + 1..blocks.len()).rev().find(|&b| {
        crate::types::text::lines(&blocks[b].source).any(|l| {
            may_be_header(l) && {
                let (bullet, rest) = strip_bullet(l);
                let text = match format {
                    Format::Text => squash(rest),
                    Format::Markdown => markdown_line(rest),
                };
                !bullet && list_header(&text).is_some()
            }
        })
    })?;
    let mut lines = Vec::new();
    let first = (body_start + 1).max(last_candidate.saturating_sub(1));
    for (b, block) in blocks.iter().enumerate().skip(first) {
        let source_lines: Vec<&str> = match format {
            Format::Text => vec![block.text.as_str()],
            Format::Markdown => block.source.lines().collect(),
        };
        for (offset, raw) in source_lines.into_iter().enumerate() {
            let (bullet, rest) = strip_bullet(raw);
            let text = match format {
                Format::Text => squash(rest),
                Format::Markdown => markdown_line(rest),
            };
            lines.push(Line {
                block: b,
                offset,
                text,
                bullet,
            });
        }
    }
    let header = lines
        .iter()
        .rposition(|l| l.offset == 0 && !l.bullet && list_header(&l.text).is_some())?;
    let mut names: Vec<String> = Vec::new();
    let mut end = header + 1;
    while let Some(l) = lines.get(end) {
        let bullets = lines[header + 1].bullet;
        if !is_name(&l.text) || (bullets && !l.bullet) {
            break;
        }
        let name = l.text.trim_end_matches([',', ';']).trim();
        match names.last_mut() {
            Some(prev) if continues_wrapped(prev, name) => {
                prev.push(' ');
                prev.push_str(name);
            }
            _ => names.push(name.to_owned()),
        }
        end += 1;
    }
    if names.is_empty() {
        return None;
    }
    let dated = |l: &Line| {
        let found = dates::find_in_text(&l.text)?;
        let (author, place) = read_dated_line(&l.text, &found);
        (author.is_none() && l.text.chars().count() <= MAX_SIGNATURE_CHARS).then(|| {
            (
                DatedLine {
                    block: l.block,
                    offset: l.offset,
                    text: l.text.clone(),
                    found,
                },
                place,
            )
        })
    };
    let after = lines.get(end).and_then(dated);
    let before = header
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .filter(|l| l.block > body_start)
        .and_then(dated);
    let first = match &before {
        Some((d, _)) if after.is_none() => d.block,
        _ => lines[header].block,
    };
    let last = match &after {
        Some((d, _)) => d.block,
        None => lines[end - 1].block,
    };
    let (date, place) = after.or(before).map_or((None, None), |(d, p)| (Some(d), p));
    let signed = Signed {
        date,
        authors: names,
        authors_block: lines[header].block,
        authors_rule: Rule::SignatoryList,
        place,
    };
    Some(Signature::over(blocks, first..last + 1, format, signed))
}

/// `Women's Shelter Alliance of` / `the North-West`: a name cut after a small word in lower
/// case goes on on the next line, which opens in lower case.
fn continues_wrapped(prev: &str, line: &str) -> bool {
    let cut_after_small_word = words_up_to(prev, 2) >= 2
        && prev
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().all(char::is_lowercase));
    cut_after_small_word
        && line.chars().next().is_some_and(char::is_lowercase)
        && !super::closing::opens_with_honorific(line)
}

/// A cheap test before the real one: the line ends with a colon (perhaps inside emphasis) or
/// with a bracketed note.
fn may_be_header(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['*', '_'])
        .ends_with([':', '：', ')', ','])
}

/// A line of a signatory list: a name, perhaps with a country or role, not a sentence, a
/// slogan, a date or another header.
fn is_name(text: &str) -> bool {
    let t = text.trim();
    let words = words_up_to(t, 15 + 1);
    !t.is_empty()
        && t.chars().count() <= MAX_SIGNATORY_CHARS
        && words <= 15
        && (!t.ends_with('.') || words <= 6)
        && !t.ends_with(['!', '?', ':', '！', '؟'])
        && !t.starts_with('¡')
        && t.chars().any(char::is_alphabetic)
        && dates::find_in_text(t).is_none()
}

#[cfg(test)]
mod tests {
    use super::super::statement::Statement;
    use super::*;

    fn sig(body: &str, format: Format) -> Option<Signature> {
        Statement::analyse(body, 1, format).signature
    }

    #[test]
    fn signatory_lists() {
        let s = sig(
            "Body text.\nSigned by:\n- Comité A\n- Comité B (Chile)\n8 January 2022\nViva!",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors, ["Comité A", "Comité B (Chile)"]);
        assert_eq!((s.blocks.clone(), s.authors_block), (1..5, 1));
        assert_eq!(s.date.unwrap().block, 4);
        // Date first, no bullets, French spacing.
        let s = sig(
            "Body text.\nParis, le 12 mars 2021\nSignataires\u{a0}:\nCollectif A\nGroupe B",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors, ["Collectif A", "Groupe B"]);
        assert_eq!(s.place.as_deref(), Some("Paris"));
        assert_eq!(s.blocks, 1..5);
        // Markdown: header and bullets in one block, or in two.
        for md in [
            "Body.\n\n**Unterzeichnet von:**\n\n* Gruppe A\n* Gruppe B\n\n6. Januar 2022\n",
            "Body.\n\nUnterzeichnet von:\n* Gruppe A\n* Gruppe B\n\n6. Januar 2022\n",
        ] {
            let s = sig(md, Format::Markdown).unwrap_or_else(|| panic!("{md}"));
            assert_eq!(s.authors, ["Gruppe A", "Gruppe B"], "{md}");
            assert_eq!(s.date.unwrap().found.date.to_string(), "2022-01-06");
        }
        // Bulleted lists stop at the first line without a bullet.
        let s = sig(
            "Body.\nПодписали:\n— Группа А\n— Группа Б\nИ ещё одна строка\n",
            Format::Text,
        )
        .unwrap();
        assert_eq!((s.authors.len(), s.blocks), (2, 1..4));
        assert_eq!(sig("Body.\nSigned by:\nViva!", Format::Text), None);
        // A note in brackets after the header, no colon.
        let s = sig(
            "Body.\nSignatories (in alphabetical order)\nBlue Alliance, Netherlands\nFishers Network, Ghana",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors.len(), 2);
        assert_eq!(
            list_header("Signatories (in alphabetical order)"),
            Some("Signatories")
        );
        assert_eq!(list_header("Signatories of (the) letter"), None);
        // A name wrapped after a small word goes on on the next line.
        let s = sig(
            "Body.\nSignatories:\nBlue Alliance\nHarbour Shelter Network of\nthe South Coast\nFishers Network",
            Format::Text,
        )
        .unwrap();
        assert_eq!(
            s.authors,
            [
                "Blue Alliance",
                "Harbour Shelter Network of the South Coast",
                "Fishers Network"
            ]
        );
        // `Signed,` above the names of a letter; a header word with a noun in Chinese.
        let s = sig(
            "Body.\nSigned,\nMaria Obi, Chair, Hill Tenants\nDr. Tom Reyes, Director, Law Clinic\n3 May 2024",
            Format::Text,
        )
        .unwrap();
        assert_eq!(s.authors.len(), 2);
        assert_eq!(s.date.unwrap().found.date.to_string(), "2024-05-03");
        assert_eq!(list_header("联署团体："), Some("联署团体"));
        assert_eq!(list_header("联署是我们的权利："), None);
        assert_eq!(list_header("Signed, sealed"), None);
        // A later line with a colon that is not a header does not hide the list.
        let s = sig(
            "Body.\nSigned by:\n- A\n- B\n8 January 2022\nOur demands:\nViva!",
            Format::Text,
        )
        .unwrap();
        assert_eq!((s.authors.len(), s.blocks), (2, 1..5));
    }
}
