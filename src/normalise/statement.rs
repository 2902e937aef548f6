//! The shape of a statement: which blocks of the body are its title, paragraphs, `[Source]`
//! markers and source lines, signature and closing slogans.
//!
//! A body is first cut into [`Block`]s (a line of a `.txt` file; a blank-line separated chunk of
//! Markdown). Each rule looks at blocks and claims some; the rules are small, named and tested
//! one by one, because real statements vary and a single large pattern would be impossible to
//! reason about. This module holds the title rule and the order the rules run in; the others
//! live in [`source_line`](super::source_line), [`signature`](super::signature) and
//! [`slogans`](super::slogans). Web-page residue around the statement is dropped first, by
//! [`residue`](super::residue).

use super::rule::Rule;
use std::ops::Range;

use url::Url;

use super::content::ParsedBody;
use super::dates;
pub(crate) use super::signature::Signature;
use super::slogans::{self, unquote};
use super::{closing, header, residue, role_dash, signatory_list, signature, source_line};
use crate::collect::Format;
use crate::types::memo::Memo;

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
    /// Its Markdown source lines as plain text, parsed on first use
    /// ([`signature::plain_lines`](super::signature::plain_lines)): the closing, signature and
    /// role rules each read the same last blocks line by line, and parsing a line as Markdown
    /// is what that costs. A block whose `source` changes gets a fresh memo.
    pub plain_lines: Memo<Vec<String>>,
}

/// The title found in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub block: usize,
    pub text: String,
    /// `markdown-heading` or `first-line`.
    pub rule: Rule,
}

/// How many blocks from the top a `Source: URL` line may be.
pub(crate) const SOURCE_LINE_BLOCKS: usize = 5;

/// The analysed body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub blocks: Vec<Block>,
    pub heading: Option<Heading>,
    /// Blocks that are `[Source]` markers or `Source: URL` lines, with the word they use.
    pub source_markers: Vec<(usize, String)>,
    /// The URL of the first `Source: URL` line near the top, with its block.
    pub source_url: Option<(usize, Url)>,
    pub signature: Option<Signature>,
    /// The closing slogans, as a range of block indices.
    pub slogans: Range<usize>,
    /// Header lines around the title (labels, date lines, bylines, formulas, salutations).
    pub header_blocks: Vec<usize>,
    /// A date in a header position (above or under the title, labelled, in the title).
    pub header_date: Option<HeaderDate>,
    /// The issuer a byline or an opening formula names: block, name, rule.
    pub issuer: Option<(usize, String, Rule)>,
    /// A news site's intro to the statement, ending with a colon: a header line.
    pub intro: Option<usize>,
}

/// A date found in the statement's header, and the rule that placed it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderDate {
    pub block: usize,
    /// The block's text; `found.span` indexes it.
    pub text: String,
    pub found: dates::FoundDate,
    pub rule: Rule,
}

impl Statement {
    /// Analyses a body. `first_line` is the file line the body starts on.
    pub fn analyse(body: &str, first_line: usize, format: Format) -> Statement {
        Statement::analyse_parsed(body, first_line, format, None)
    }

    /// [`analyse`](Self::analyse), the blocks' plain text read from `parsed` (the Markdown
    /// body parsed once, for its HTML too) where the body's own parse would be used.
    pub(crate) fn analyse_parsed(
        body: &str,
        first_line: usize,
        format: Format,
        parsed: Option<&ParsedBody<'_>>,
    ) -> Statement {
        let blocks = match format {
            Format::Text => text_blocks(body, first_line),
            Format::Markdown => markdown_blocks(body, first_line, parsed),
        };
        // Web-page furniture around the statement is never title, summary, author or slogan.
        let blocks = residue::strip(blocks);
        let mut source_markers = Vec::new();
        let mut source_url = None;
        for (i, b) in blocks.iter().enumerate() {
            if let Some(word) = source_line::source_marker(&b.text) {
                source_markers.push((i, word));
            } else if let Some((word, url)) = ((i < SOURCE_LINE_BLOCKS || i + 1 == blocks.len())
                && b.lines == 1)
                .then(|| source_line::source_line(&b.source))
                .flatten()
            {
                source_markers.push((i, word));
                source_url.get_or_insert((i, url));
            }
        }
        let is_marker = |i: usize| source_markers.iter().any(|(m, _)| *m == i);
        let top = header::analyse(&blocks, format, &is_marker);
        // The body proper starts after the title and any source or header lines right under it.
        let mut body_start = top.heading.as_ref().map_or(0, |h| h.block + 1);
        while (is_marker(body_start) || top.blocks.contains(&body_start))
            && body_start + 1 < blocks.len()
        {
            body_start += 1;
        }
        let (signature, slogans) = match signatory_list::signatory_list(&blocks, format, body_start)
        {
            Some(list) => {
                let mut slogans = slogans::run_before(&blocks, list.blocks.end, blocks.len());
                // Slogans may come before the list instead of after it.
                if slogans.is_empty() {
                    slogans = slogans::run_before(&blocks, body_start + 1, list.blocks.start);
                }
                (Some(list), slogans)
            }
            None => {
                // A `Source:` line may close the text (`Fonte: https://…`): the closing is above it.
                let mut tail = blocks.len();
                while tail > body_start + 2 && is_marker(tail - 1) {
                    tail -= 1;
                }
                let mut run = slogans::run_before(&blocks, body_start + 1, tail);
                // Organisations in capitals at the end sign: they are no slogans.
                if closing::is_caps_organisations(&blocks, run.clone()) {
                    run = run.end..run.end;
                }
                // An organisation in capitals under the slogans signs them.
                if let Some(run) = slogans::caps_signatory_last(&blocks, run.clone()) {
                    let signature = closing::name_lines(&blocks, format, body_start, tail);
                    if signature.is_some() {
                        return Statement::with(
                            blocks,
                            source_markers,
                            source_url,
                            top,
                            signature,
                            run,
                        );
                    }
                }
                let mut slogans = slogans::without_caps_signatory(&blocks, run);
                // A motto that neither exclaims nor is set in capitals closes the text.
                let last = blocks.len().saturating_sub(1);
                if slogans.is_empty()
                    && last > body_start + 1
                    && slogans::is_closing_motto(&blocks[last], &blocks[last - 1])
                {
                    slogans = last..blocks.len();
                }
                // The closing rules, in order.
                let end = slogans.start;
                let signature = closing::inline_list(&blocks, format, body_start, end)
                    .or_else(|| signature::find(&blocks, format, body_start, end))
                    .or_else(|| role_dash::signature(&blocks, format, body_start, end))
                    .or_else(|| role_dash::inline_people(&blocks, format, body_start, end))
                    .or_else(|| closing::name_lines(&blocks, format, body_start, end));
                // Slogans may come before the signature instead of after it.
                if let Some(s) = signature.as_ref().filter(|_| slogans.is_empty()) {
                    slogans = slogans::run_before(&blocks, body_start + 1, s.blocks.start);
                }
                (signature, slogans)
            }
        };
        Statement::with(blocks, source_markers, source_url, top, signature, slogans)
    }

    fn with(
        blocks: Vec<Block>,
        source_markers: Vec<(usize, String)>,
        source_url: Option<(usize, Url)>,
        top: header::Header,
        signature: Option<Signature>,
        slogans: Range<usize>,
    ) -> Statement {
        Statement {
            blocks,
            heading: top.heading,
            source_markers,
            source_url,
            signature,
            slogans,
            header_blocks: top.blocks,
            header_date: top.date,
            issuer: top.issuer,
            intro: top.intro,
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
        } else if self.header_blocks.contains(&i) {
            Role::Header
        } else if self
            .signature
            .as_ref()
            .is_some_and(|s| s.blocks.contains(&i))
        {
            Role::Signature
        } else if self.slogans.contains(&i) {
            Role::Slogan
        } else {
            Role::Paragraph
        }
    }

    /// The closing slogans as text, without quotation marks that wrap a whole slogan.
    pub fn slogan_texts(&self) -> Vec<String> {
        self.slogans
            .clone()
            .map(|i| unquote(&self.blocks[i].text).to_owned())
            .collect()
    }

    /// The signature's lines, one per line.
    pub fn signature_text(&self) -> Option<String> {
        self.signature.as_ref().map(|s| s.lines.join("\n"))
    }

    /// The file line of a block's `offset`-th line.
    pub fn line_of(&self, block: usize, offset: usize) -> usize {
        self.blocks.get(block).map_or(0, |b| b.line + offset)
    }
}

/// The role of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Heading,
    /// A header line: label, date line, byline, issuer formula, subtitle, salutation.
    Header,
    Paragraph,
    SourceMarker,
    Signature,
    Slogan,
}

/// Plain text: every non-empty line is a block.
fn text_blocks(body: &str, first_line: usize) -> Vec<Block> {
    crate::types::text::lines(body)
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Block {
            line: first_line + i,
            lines: 1,
            source: l.trim().to_owned(),
            text: squash(l),
            plain_lines: Memo::default(),
        })
        .collect()
}

/// Markdown: blocks are separated by blank lines, except inside fenced code. Each block's text
/// comes from one parse of the whole body when that reads every block as it reads alone, else
/// from a parse of the block ([`content::markdown_block_texts`](super::content::markdown_block_texts)).
fn markdown_blocks(body: &str, first_line: usize, parsed: Option<&ParsedBody<'_>>) -> Vec<Block> {
    let chunks = markdown_chunks(body);
    let ranges: Vec<Range<usize>> = chunks.iter().map(|c| c.range.clone()).collect();
    let mut texts = super::content::markdown_block_texts(body, &ranges, parsed);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let source = chunk.lines.join("\n");
            let text = match texts.as_mut() {
                Some(texts) => std::mem::take(&mut texts[i]),
                None => super::content::markdown_plain_text(&source),
            };
            Block {
                line: first_line + chunk.start,
                lines: chunk.lines.len(),
                source,
                text,
                plain_lines: Memo::default(),
            }
        })
        .collect()
}

/// A blank-line separated chunk of a Markdown body: its lines, the index of its first line, and
/// its byte range in the body.
struct Chunk<'a> {
    start: usize,
    lines: Vec<&'a str>,
    range: Range<usize>,
}

fn markdown_chunks(body: &str) -> Vec<Chunk<'_>> {
    let offset = |line: &str| line.as_ptr() as usize - body.as_ptr() as usize;
    let mut chunks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut fence: Option<&str> = None;
    fn flush<'a>(
        current: &mut Vec<&'a str>,
        start: usize,
        chunks: &mut Vec<Chunk<'a>>,
        offset: impl Fn(&str) -> usize,
    ) {
        if let (Some(first), Some(last)) = (current.first(), current.last()) {
            let range = offset(first)..offset(last) + last.len();
            chunks.push(Chunk {
                start,
                lines: std::mem::take(current),
                range,
            });
        }
    }
    for (i, line) in crate::types::text::lines(body).enumerate() {
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
            flush(&mut current, start, &mut chunks, offset);
            continue;
        }
        if current.is_empty() {
            start = i;
        }
        current.push(line);
    }
    flush(&mut current, start, &mut chunks, offset);
    chunks
}

/// The words of `text` (as `split_whitespace` splits them) counted up to `limit`: the smaller of
/// their number and `limit`. The rules compare a line's words with a small bound (`at most 5`,
/// `at least 2`), and a block may be a paragraph of hundreds of words: counting them all cost
/// more than the rules themselves.
pub(crate) fn words_up_to(text: &str, limit: usize) -> usize {
    text.split_whitespace().take(limit).count()
}

/// Collapses runs of white space (including no-break spaces) to one space and trims.
///
/// What `s.split_whitespace()` joined with spaces gives, in one pass over the bytes: ASCII
/// white space is told by its byte, and only characters whose first byte may start a Unicode
/// space (`0xC2`, `0xE1`–`0xE3`: U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) are decoded.
pub(crate) fn squash(s: &str) -> String {
    let trimmed = s.trim_matches(' ');
    if is_squashed(trimmed) {
        return trimmed.to_owned();
    }
    squash_unsquashed(s)
}

/// [`squash`] of a text of one's own, in its own buffer when only spaces at its ends go (a
/// Markdown block's text gathered from its events ends with the space its paragraph's end
/// gave: without this, every block took the slow path).
pub(crate) fn squash_owned(mut s: String) -> String {
    if !is_squashed(s.trim_matches(' ')) {
        return squash_unsquashed(&s);
    }
    let end = s.trim_end_matches(' ').len();
    s.truncate(end);
    let start = s.len() - s.trim_start_matches(' ').len();
    s.drain(..start);
    s
}

/// [`squash`] of a text [`is_squashed`] said no to, word by word.
fn squash_unsquashed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            (b == b' ' || (b'\t'..=b'\r').contains(&b), 1)
        } else if matches!(b, 0xC2 | 0xE1..=0xE3) {
            // A lead byte: `i` is on a character boundary.
            let c = s[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        } else {
            (false, 1)
        };
        match (space, word) {
            (true, Some(start)) => {
                push_word(&mut out, &s[start..i]);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word {
        push_word(&mut out, &s[start..]);
    }
    out
}

/// Whether `s` is already as [`squash`] leaves it: no white space but single ASCII spaces
/// between other characters. Most block texts are, and then squashing is a copy.
///
/// Hand-written because it runs over every byte of every block: a run of two spaces is found
/// by `memchr`'s substring search, other ASCII white space by a test of 32 bytes at a time that
/// the compiler makes vector instructions of, and Unicode spaces by the bytes that encode them
/// ([`has_unicode_space`]), never decoding the text.
fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    !(memchr::memmem::find(bytes, b"  ").is_some()
        || has_control_space(bytes)
        || has_unicode_space(bytes))
}

/// Whether `bytes` hold ASCII white space other than a space (tab, line feed, vertical tab,
/// form feed, carriage return).
fn has_control_space(bytes: &[u8]) -> bool {
    crate::types::text::any_byte_in(bytes, |b| b.wrapping_sub(b'\t') <= b'\r' - b'\t')
}

/// Whether the UTF-8 `bytes` hold a character outside ASCII that is white space (`U+0085`,
/// `U+00A0`, `U+1680`, `U+2000`–`U+200A`, `U+2028`, `U+2029`, `U+202F`, `U+205F`, `U+3000`),
/// told by their encodings: each opens with a byte `C2`, `E1`, `E2` or `E3`, which no other
/// position of a character holds, so only those places are looked at.
fn has_unicode_space(bytes: &[u8]) -> bool {
    let at = |i: usize| bytes.get(i).copied();
    let encodes_space = |i: usize| match bytes[i] {
        0xC2 => matches!(at(i + 1), Some(0x85 | 0xA0)),
        0xE1 => at(i + 1) == Some(0x9A) && at(i + 2) == Some(0x80),
        0xE2 => match at(i + 1) {
            Some(0x80) => matches!(at(i + 2), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)),
            Some(0x81) => at(i + 2) == Some(0x9F),
            _ => false,
        },
        _ => at(i + 1) == Some(0x80) && at(i + 2) == Some(0x80),
    };
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).any(encodes_space)
        || memchr::memchr_iter(0xE3, bytes).any(encodes_space)
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tests/fixtures/seed/items/000_9d9a61bf827e93db.txt");

    /// Each block's text as a parse of the block alone gives it.
    fn texts_block_by_block(body: &str) -> Vec<String> {
        markdown_chunks(body)
            .iter()
            .map(|c| squash(&super::super::content::markdown_text(&c.lines.join("\n"))))
            .collect()
    }

    fn texts(body: &str) -> Vec<String> {
        markdown_blocks(body, 1, None)
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        #[test]
        fn squash_is_split_whitespace_joined_for_any_text(
            text in "[ a\t\n\r\u{b}\u{c}\u{a0}\u{85}\u{1680}\u{2003}\u{2028}\u{202f}\u{205f}\u{3000}\u{200b}é—’中]{0,24}"
        ) {
            let reference = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(squash_owned(text.clone()), reference.clone());
            proptest::prop_assert_eq!(squash(&text), reference);
        }
    }

    #[test]
    fn unicode_spaces_are_told_by_their_bytes() {
        let mut buf = [0; 4];
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(has_unicode_space(bytes), c.is_whitespace(), "{c:?}");
        }
        assert!(has_unicode_space("a\u{3000}".as_bytes()));
        assert!(!has_unicode_space("“a” – b’s …".as_bytes()));
    }

    #[test]
    fn words_up_to_is_the_count_or_the_limit() {
        for (text, limit, want) in [
            ("", 3, 0),
            ("one", 3, 1),
            (" a  b\u{a0}c\u{3000}d ", 3, 3),
            (" a  b\u{a0}c\u{3000}d ", 9, 4),
            ("a b", 0, 0),
        ] {
            assert_eq!(words_up_to(text, limit), want, "{text:?} {limit}");
            assert_eq!(want, text.split_whitespace().count().min(limit));
        }
    }

    #[test]
    fn squash_owned_is_squash() {
        for text in [
            "",
            "   ",
            "one ",
            "  two words ",
            "a\u{a0}b ",
            " a  b\tc ",
            "squashed already",
        ] {
            assert_eq!(squash_owned(text.to_owned()), squash(text), "{text:?}");
        }
    }

    #[test]
    fn squash_is_split_whitespace_joined() {
        for text in [
            "",
            "   ",
            "one",
            " a  b\tc\n\rd\u{b}e\u{c}f ",
            "nbsp\u{a0}nel\u{85}ogham\u{1680}em\u{2003}line\u{2028}narrow\u{202f}ideo\u{3000}end",
            "“quoted” — dash ’ and é ü ß Россия 中文 \u{200b}zero-width stays",
            "\u{1c}\u{1f} not white space",
        ] {
            let reference = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(text), reference, "{text:?}");
        }
    }

    #[test]
    fn one_parse_gives_the_texts_of_block_by_block_parses() {
        for body in [
            "# Title\n\nA *first* paragraph\nwrapped.\n\n- one\n- two\n\n- three\n\n1. x\n2. y\n\n> quoted **bold**\n\nTitle\n===\n\n---\n\n| a | b |\n|---|---|\n| c | `d` |\n\n~~no~~ &amp; \\*x\\* [link](http://x) ![img](y.png) <b>b</b>\n\nLast  \nline\n",
            "Para\n\n  indented after a list?\n",
            "- item\n\n      code\n",
            "Text[^1]\n\n[^1]: note\n",
            "[a]\n\n[a]: http://example.org\n",
            "<div>\n\n*x*\n\n</div>\n",
            "```\ncode\n\nmore\n```\n\nafter\n",
            "a\n\u{a0}\nb\n",
        ] {
            assert_eq!(texts(body), texts_block_by_block(body), "{body:?}");
        }
    }

    #[test]
    fn seed_statement_shape() {
        let s = Statement::analyse(SEED, 1, Format::Text);
        assert_eq!(s.blocks.len(), 11);
        assert_eq!(s.heading, None);
        assert_eq!(s.source_markers, vec![(1, "Source".to_owned())]);
        assert_eq!(s.source_url, None);
        assert_eq!(s.paragraphs().count(), 5);
        let sig = s.signature.clone().unwrap();
        assert_eq!(sig.blocks, 6..7);
        assert_eq!(
            sig.authors,
            ["Comitê Central da Tendência Marxista (Rússia)"]
        );
        assert_eq!((sig.authors_block, sig.authors_rule), (6, Rule::Signature));
        let date = sig.date.unwrap();
        assert_eq!(date.found.date.to_string(), "2022-01-08");
        assert_eq!((date.found.rule, date.block), (Rule::DdMmYy, 6));
        assert_eq!(
            s.signature_text().as_deref(),
            Some("Comitê Central da Tendência Marxista (Rússia) (08.01.22)")
        );
        assert_eq!(s.slogans, 7..11);
        assert_eq!(s.slogan_texts().len(), 4);
        assert_eq!(s.blocks[7].line, 8);
    }

    fn blocks(lines: &[&str]) -> Vec<Block> {
        text_blocks(&lines.join("\n"), 1)
    }

    #[test]
    fn first_line_title_rule() {
        let title = |lines: &[&str]| heading(&blocks(lines), Format::Text).map(|h| h.text);
        fn heading(blocks: &[Block], format: Format) -> Option<Heading> {
            header::analyse(blocks, format, &|_| false).heading
        }
        let t = |s: &str| Some(s.to_owned());
        assert_eq!(
            title(&["Stop the war", "Body text follows here."]),
            t("Stop the war")
        );
        assert_eq!(title(&["A full sentence ends with a stop.", "Body."]), None);
        assert_eq!(title(&["Only a title"]), None);
        assert_eq!(
            title(&["¡Fuera las manos de Kazajistán!", "Texto."]),
            t("¡Fuera las manos de Kazajistán!")
        );
        assert_eq!(
            title(&["Руки прочь от Казахстана", "Текст."]),
            t("Руки прочь от Казахстана")
        );
        assert_eq!(title(&["«Nein zum Krieg»", "Text."]), t("Nein zum Krieg"));
        assert_eq!(title(&["“Stop the war”", "Text."]), t("Stop the war"));
        assert_eq!(
            title(&["Stop\u{a0}the\u{202f}war", "Text."]),
            t("Stop the war")
        );
        assert_eq!(
            title(&["التضامن مع عمال كازاخستان", "نص."]),
            t("التضامن مع عمال كازاخستان")
        );
        assert_eq!(title(&["الحرب على العمال، ", "نص."]), None);
        assert_eq!(
            title(&["סולידריות עם עובדי קזחסטן", "טקסט."]),
            t("סולידריות עם עובדי קזחסטן")
        );
        assert_eq!(
            title(&["Statement on the events of 8 January 2022", "Text."]),
            t("Statement on the events of 8 January 2022")
        );
        assert_eq!(title(&["Moscow, 8 January 2022", "Text."]), None);
        assert_eq!(title(&["Comité (08.01.2022)", "Text."]), None);
        let b = markdown_blocks("# A *heading*\n\nBody.", 1, None);
        let h = header::analyse(&b, Format::Markdown, &|_| false)
            .heading
            .unwrap();
        assert_eq!(
            (h.text.as_str(), h.rule),
            ("A heading", Rule::MarkdownHeading)
        );
    }

    #[test]
    fn fenced_code_is_one_block() {
        let b = markdown_blocks("a\nb\n\n```\nx\n\ny\n```\n\nlast", 10, None);
        assert_eq!(b.len(), 3);
        assert_eq!((b[1].line, b[1].lines), (13, 5));
        assert_eq!(b[2].line, 19);
    }

    #[test]
    fn source_lines_only_near_the_top() {
        let s = Statement::analyse(
            "Title\nFonte: https://example.net/a\nText.\nMore.\n(08.01.22)",
            1,
            Format::Text,
        );
        assert_eq!(s.source_markers, [(1, "Fonte".to_owned())]);
        assert_eq!(
            s.source_url.as_ref().map(|(i, u)| (*i, u.to_string())),
            Some((1, "https://example.net/a".into()))
        );
        assert_eq!(s.role(1), Role::SourceMarker);
        let far = "a.\nb.\nc.\nd.\ne.\nSource: https://example.net/a\nf.";
        let s = Statement::analyse(far, 1, Format::Text);
        assert_eq!((s.source_markers.len(), s.source_url), (0, None));
        // The last line may give the source too.
        let last = "a.\nb.\nc.\nd.\ne.\nf.\nFuente: https://example.net/a";
        let s = Statement::analyse(last, 1, Format::Text);
        assert_eq!(s.source_url.map(|(i, _)| i), Some(6));
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

    #[test]
    fn a_source_line_under_the_signature() {
        let s = Statement::analyse(
            "Title\nText of the statement.\nMore text.\nSignatories: Union A, Union B and Union C.\nSource: https://example.org/a",
            1,
            Format::Text,
        );
        let sig = s
            .signature
            .as_ref()
            .expect("a signature above the source line");
        assert_eq!(sig.authors, ["Union A", "Union B", "Union C"]);
        assert_eq!(s.role(4), Role::SourceMarker);
    }

    #[test]
    fn slogans_before_the_signature() {
        let s = Statement::analyse(
            "Text.\n¡Viva la huelga!\nABAJO LA GUERRA\nMadrid, 8 de enero de 2022",
            1,
            Format::Text,
        );
        assert_eq!(s.slogans, 1..3);
        assert_eq!(s.signature.as_ref().map(|s| s.blocks.clone()), Some(3..4));
        assert_eq!(s.slogan_texts(), ["¡Viva la huelga!", "ABAJO LA GUERRA"]);
    }

    #[test]
    fn slogans_before_a_signatory_list() {
        let s = Statement::analyse(
            "Title\nText.\nMore text.\nParkımıza dokunma!\nİmzacı topluluklar:\nÇınar Dayanışması\nYeşil Semt Gönüllüleri\n18 Nisan 2025",
            1,
            Format::Text,
        );
        assert_eq!(s.slogan_texts(), ["Parkımıza dokunma!"]);
        let sig = s.signature.unwrap();
        assert_eq!(sig.authors, ["Çınar Dayanışması", "Yeşil Semt Gönüllüleri"]);
        assert_eq!(
            sig.date.map(|d| d.found.date.to_string()).as_deref(),
            Some("2025-04-18")
        );
    }
}
