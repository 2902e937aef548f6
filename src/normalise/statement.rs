//! The shape of a statement: which blocks of the body are its title, paragraphs, `[Source]`
//! markers, signature line and closing slogans.
//!
//! A body is first cut into [`Block`]s (a line of a `.txt` file; a blank-line separated chunk of
//! Markdown). Each rule below looks at blocks and claims some; the rules are small, named and
//! tested one by one, because real statements vary and a single large pattern would be
//! impossible to reason about.

use std::ops::Range;

use super::dates::{self, FoundDate};
use crate::collect::Format;

/// A block of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// 1-based file line of the block's first line.
    pub line: usize,
    /// Number of source lines it spans.
    pub lines: usize,
    /// The block's source text (Markdown or plain), lines joined with `\n`.
    pub source: String,
    /// The block as plain text on one line, for the rules to read.
    pub text: String,
}

/// What a signature line says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub block: usize,
    /// The signatory, if the line names one besides the date.
    pub author: Option<String>,
    pub date: Option<FoundDate>,
}

/// The title found in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub block: usize,
    pub text: String,
    /// `markdown-heading` or `first-line`.
    pub rule: &'static str,
}

/// The analysed body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub blocks: Vec<Block>,
    pub heading: Option<Heading>,
    /// Blocks that are `[Source]` markers, with the word inside the brackets.
    pub source_markers: Vec<(usize, String)>,
    pub signature: Option<Signature>,
    /// The closing slogans, as a range of block indices.
    pub slogans: Range<usize>,
}

impl Statement {
    /// Analyses a body. `first_line` is the file line the body starts on.
    pub fn analyse(body: &str, first_line: usize, format: Format) -> Statement {
        let blocks = match format {
            Format::Text => text_blocks(body, first_line),
            Format::Markdown => markdown_blocks(body, first_line),
        };
        let source_markers = blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| source_marker(&b.text).map(|w| (i, w)))
            .collect::<Vec<_>>();
        let is_marker = |i: usize| source_markers.iter().any(|(m, _)| *m == i);
        let heading = heading(&blocks, format).filter(|h| !is_marker(h.block));
        let body_start = heading.as_ref().map_or(0, |h| h.block + 1);
        let slogans = slogans(&blocks, body_start);
        let signature = signature(&blocks, body_start, slogans.start);
        Statement {
            blocks,
            heading,
            source_markers,
            signature,
            slogans,
        }
    }

    /// Indices of ordinary paragraphs: everything that is not the title, a marker, the signature
    /// or a slogan.
    pub fn paragraphs(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.blocks.len()).filter(move |&i| self.role(i) == Role::Paragraph)
    }

    /// Paragraphs that are running text (not Markdown headings): what summaries and inferred
    /// titles are taken from.
    pub fn prose(&self) -> impl Iterator<Item = usize> + '_ {
        self.paragraphs()
            .filter(move |&i| !self.blocks[i].source.trim_start().starts_with('#'))
    }

    /// What block `i` is.
    pub fn role(&self, i: usize) -> Role {
        if self.heading.as_ref().is_some_and(|h| h.block == i) {
            Role::Heading
        } else if self.source_markers.iter().any(|(m, _)| *m == i) {
            Role::SourceMarker
        } else if self.signature.as_ref().is_some_and(|s| s.block == i) {
            Role::Signature
        } else if self.slogans.contains(&i) {
            Role::Slogan
        } else {
            Role::Paragraph
        }
    }
}

/// The role of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Heading,
    Paragraph,
    SourceMarker,
    Signature,
    Slogan,
}

/// Plain text: every non-empty line is a block.
fn text_blocks(body: &str, first_line: usize) -> Vec<Block> {
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Block {
            line: first_line + i,
            lines: 1,
            source: l.trim().to_owned(),
            text: squash(l),
        })
        .collect()
}

/// Markdown: blocks are separated by blank lines, except inside fenced code.
fn markdown_blocks(body: &str, first_line: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut fence: Option<&str> = None;
    let flush = |current: &mut Vec<&str>, start: usize, blocks: &mut Vec<Block>| {
        if !current.is_empty() {
            let source = current.join("\n");
            blocks.push(Block {
                line: first_line + start,
                lines: current.len(),
                text: squash(&super::content::markdown_text(&source)),
                source,
            });
            current.clear();
        }
    };
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            current.push(line);
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        }
        if line.trim().is_empty() && fence.is_none() {
            flush(&mut current, start, &mut blocks);
            continue;
        }
        if current.is_empty() {
            start = i;
        }
        current.push(line);
    }
    flush(&mut current, start, &mut blocks);
    blocks
}

/// Collapses runs of white space (including no-break spaces) to one space and trims.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words used for "source" inside a `[Source]` marker, by language.
const SOURCE_WORDS: &[&str] = &[
    "source",
    "fonte",
    "fuente",
    "quelle",
    "источник",
    "джерело",
    "font",
    "bron",
    "źródło",
    "kaynak",
    "المصدر",
    "מקור",
    "origem",
    "original",
];

/// Rule `source-marker`: a block that is only `[Source]` (in one of several languages).
pub fn source_marker(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    let lower = inner.to_lowercase();
    SOURCE_WORDS
        .contains(&lower.as_str())
        .then(|| inner.to_owned())
}

/// The longest line that still reads as a title.
const MAX_HEADING_CHARS: usize = 120;

/// Rule `markdown-heading` / `first-line`: the first block is the title when it is a Markdown
/// heading, or a short single line with no closing full stop that more text follows.
fn heading(blocks: &[Block], format: Format) -> Option<Heading> {
    let first = blocks.first()?;
    if first.lines != 1 {
        return None;
    }
    if format == Format::Markdown {
        let trimmed = first.source.trim_start();
        if trimmed.starts_with('#') {
            return Some(Heading {
                block: 0,
                text: first.text.clone(),
                rule: "markdown-heading",
            })
            .filter(|h| !h.text.is_empty());
        }
    }
    let text = first.text.as_str();
    let reads_as_title = blocks.len() >= 2
        && !text.is_empty()
        && text.chars().count() <= MAX_HEADING_CHARS
        && !text.ends_with(['.', ',', ';', ':', '…'])
        && dates::find_in_text(text).is_none()
        && text.chars().any(char::is_alphabetic);
    reads_as_title.then(|| Heading {
        block: 0,
        text: text.to_owned(),
        rule: "first-line",
    })
}

/// The longest line that can be a slogan.
const MAX_SLOGAN_CHARS: usize = 200;

/// Rule `slogan`: a short one-line block that ends with `!` (closing quotes allowed), opens with
/// `¡`, or is set in capitals.
pub fn is_slogan(block: &Block) -> bool {
    let text = block
        .text
        .trim_end_matches(['"', '»', '”', '“', '\'', ')', ' ']);
    if block.lines != 1 || text.is_empty() || text.chars().count() > MAX_SLOGAN_CHARS {
        return false;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 4
        && letters
            .iter()
            .all(|c| c.is_uppercase() || !c.is_lowercase())
        && letters.iter().any(|c| c.is_uppercase());
    text.ends_with('!') || text.starts_with('¡') || capitals
}

/// The run of slogans that closes the statement. At least one block before it must remain for
/// the body.
fn slogans(blocks: &[Block], body_start: usize) -> Range<usize> {
    let mut start = blocks.len();
    while start > body_start + 1 && is_slogan(&blocks[start - 1]) {
        start -= 1;
    }
    start..blocks.len()
}

/// The longest line that can be a signature.
const MAX_SIGNATURE_CHARS: usize = 200;

/// Rule `signature`: the block right before the slogans (or the last block) is a short line that
/// carries a date; the rest of the line, if any, names the signatory.
fn signature(blocks: &[Block], body_start: usize, end: usize) -> Option<Signature> {
    if end <= body_start + 1 {
        return None;
    }
    let i = end - 1;
    let block = &blocks[i];
    if block.lines != 1 || block.text.chars().count() > MAX_SIGNATURE_CHARS {
        return None;
    }
    let date = dates::find_in_text(&block.text)?;
    Some(Signature {
        block: i,
        author: signatory(&block.text, &date.span),
        date: Some(date),
    })
}

/// The signatory in a signature line: the line without its date (and the parentheses or
/// separators around the date).
pub fn signatory(line: &str, date: &Range<usize>) -> Option<String> {
    let before = line[..date.start].trim_end();
    let after = line[date.end..].trim_start();
    let (before, after) = match (before.strip_suffix('('), after.strip_prefix(')')) {
        (Some(b), Some(a)) => (b, a),
        _ => (before, after),
    };
    let seps: &[char] = &[',', ';', '-', '–', '—', '|', '/', ' ', '·'];
    let name = format!(
        "{} {}",
        before.trim_end_matches(seps),
        after.trim_start_matches(seps)
    );
    let name = squash(&name);
    name.chars().any(char::is_alphabetic).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../items/000_9d9a61bf827e93db.txt");

    #[test]
    fn seed_statement_shape() {
        let s = Statement::analyse(SEED, 1, Format::Text);
        assert_eq!(s.blocks.len(), 11);
        assert_eq!(s.heading, None);
        assert_eq!(s.source_markers, vec![(1, "Source".to_owned())]);
        assert_eq!(s.paragraphs().count(), 5);
        let sig = s.signature.clone().unwrap();
        assert_eq!(sig.block, 6);
        assert_eq!(
            sig.author.as_deref(),
            Some("Comitê Central da Tendência Marxista (Rússia)")
        );
        assert_eq!(sig.date.unwrap().date.to_string(), "2022-01-08");
        assert_eq!(s.slogans, 7..11);
        assert_eq!(s.blocks[7].line, 8);
    }

    fn blocks(lines: &[&str]) -> Vec<Block> {
        text_blocks(&lines.join("\n"), 1)
    }

    #[test]
    fn first_line_title_rule() {
        let b = blocks(&["Stop the war", "Body text follows here.", "More."]);
        assert_eq!(heading(&b, Format::Text).unwrap().text, "Stop the war");
        let b = blocks(&["A full sentence ends with a stop.", "Body."]);
        assert_eq!(heading(&b, Format::Text), None);
        let b = blocks(&["Only a title"]);
        assert_eq!(heading(&b, Format::Text), None);
        let b = markdown_blocks("# A *heading*\n\nBody.", 1);
        let h = heading(&b, Format::Markdown).unwrap();
        assert_eq!((h.text.as_str(), h.rule), ("A heading", "markdown-heading"));
    }

    #[test]
    fn slogan_rule() {
        let one = |t: &str| blocks(&[t]).remove(0);
        assert!(is_slogan(&one(
            "Abaixo as ditaduras de Putin e Nazarbayev!"
        )));
        assert!(is_slogan(&one("¡Viva la solidaridad internacional")));
        assert!(is_slogan(&one("WORKERS OF THE WORLD, UNITE")));
        assert!(is_slogan(&one("«Paz, pão e terra!»")));
        assert!(!is_slogan(&one("An ordinary sentence.")));
        assert!(!is_slogan(&one("OK")));
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
        assert_eq!(sig("(08.01.22)"), None);
    }

    #[test]
    fn markers_and_fenced_code() {
        assert_eq!(source_marker(" [Fonte] ").as_deref(), Some("Fonte"));
        assert_eq!(source_marker("[1]"), None);
        let b = markdown_blocks("a\nb\n\n```\nx\n\ny\n```\n\nlast", 10);
        assert_eq!(b.len(), 3);
        assert_eq!((b[1].line, b[1].lines), (13, 5));
        assert_eq!(b[2].line, 19);
    }

    #[test]
    fn slogans_never_take_the_whole_body() {
        let s = Statement::analyse("Text.\nViva!\nAbaixo!\n", 1, Format::Text);
        assert_eq!(s.slogans, 1..3);
        assert_eq!(s.paragraphs().count(), 1);
        let s = Statement::analyse("Viva!\nAbaixo!\n", 1, Format::Text);
        assert_eq!(s.heading.as_ref().map(|h| h.text.as_str()), Some("Viva!"));
        assert_eq!(s.paragraphs().count(), 1);
    }
}
