//! Limits on what one item file may cost: its size, its number of lines, the size of its front
//! matter, and how deeply its front matter, Markdown and HTML nest.
//!
//! The YAML and TOML parsers, pulldown-cmark and the HTML sanitiser all take time (and stack) that
//! grows faster than the input when it nests deeply: a few hundred kilobytes of unclosed `[` in
//! front matter, or of `>` quotes, `<div>` tags or nested brackets in a body, used to take
//! minutes. So the depth is measured here, by a single linear scan, *before* any parser sees the
//! text, and a file over a limit is refused with a diagnostic naming the limit.
//!
//! The scans are written by hand because no crate measures nesting without parsing (which is
//! what must be avoided), and they only need to over-estimate real nesting: a file a little
//! under a limit is always cheap.

use serde::{Deserialize, Serialize};

/// `[limits]` as written in `config.toml` (and as `config show` prints it).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawLimits {
    pub max_file_bytes: u64,
    pub max_lines: usize,
    pub max_front_matter_bytes: usize,
    pub max_nesting: usize,
    pub max_blocks: usize,
    pub max_attachment_bytes: u64,
}

impl Default for RawLimits {
    fn default() -> Self {
        let l = Limits::default();
        RawLimits {
            max_file_bytes: l.max_file_bytes,
            max_lines: l.max_lines,
            max_front_matter_bytes: l.max_front_matter_bytes,
            max_nesting: l.max_nesting,
            max_blocks: l.max_blocks,
            max_attachment_bytes: l.max_attachment_bytes,
        }
    }
}

impl RawLimits {
    /// Every limit must be at least 1; on failure returns the key and the message.
    pub fn resolve(self) -> Result<Limits, (&'static str, String)> {
        let positive = |key: &'static str, n: u64| {
            if n == 0 {
                Err((key, "must be at least 1".to_owned()))
            } else {
                Ok(())
            }
        };
        positive("limits.max_file_bytes", self.max_file_bytes)?;
        positive("limits.max_lines", self.max_lines as u64)?;
        positive(
            "limits.max_front_matter_bytes",
            self.max_front_matter_bytes as u64,
        )?;
        positive("limits.max_nesting", self.max_nesting as u64)?;
        positive("limits.max_blocks", self.max_blocks as u64)?;
        positive("limits.max_attachment_bytes", self.max_attachment_bytes)?;
        Ok(Limits {
            max_file_bytes: self.max_file_bytes,
            max_lines: self.max_lines,
            max_front_matter_bytes: self.max_front_matter_bytes,
            max_nesting: self.max_nesting,
            max_blocks: self.max_blocks,
            max_attachment_bytes: self.max_attachment_bytes,
        })
    }
}

/// The validated limits (each at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest item file read, in bytes.
    pub max_file_bytes: u64,
    /// Most lines in an item file.
    pub max_lines: usize,
    /// Largest front-matter block, in bytes.
    pub max_front_matter_bytes: usize,
    /// Deepest nesting of front-matter brackets, Markdown quotes and lists, brackets in a
    /// paragraph, and HTML elements.
    pub max_nesting: usize,
    /// Most Markdown quote and list markers opening blocks, all lines together: each costs the
    /// parser and the sanitiser a block, so a file of many lines each nested just under
    /// `max_nesting` (1 MB of `> > > … x` paragraphs took over a second) is refused too.
    pub max_blocks: usize,
    /// Largest file published with an item (lead image, attachment, image of the text).
    pub max_attachment_bytes: u64,
}

impl Default for Limits {
    /// Generous for any statement (the longest real ones are a few hundred lines and nest three
    /// or four levels), and small enough that a file at every limit at once is read in well under
    /// a second.
    fn default() -> Self {
        Limits {
            max_file_bytes: 1024 * 1024,
            max_lines: 20_000,
            max_front_matter_bytes: 64 * 1024,
            max_nesting: 64,
            max_blocks: 20_000,
            max_attachment_bytes: 100 * 1024 * 1024,
        }
    }
}

/// A limit a file goes over: the 1-based line where it shows and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub line: usize,
    pub message: String,
}

impl Limits {
    pub fn check_file_size(&self, bytes: u64) -> Result<(), String> {
        if bytes > self.max_file_bytes {
            return Err(format!(
                "the file is {bytes} bytes, over the limit of {} bytes (`max_file_bytes` in \
                 `[limits]`): not read",
                self.max_file_bytes
            ));
        }
        Ok(())
    }

    pub fn check_lines(&self, bytes: &[u8]) -> Result<(), Exceeded> {
        // `\n`, `\r\n` and a lone `\r` each end a line, as `text::clean` reads them.
        // `memchr` finds the (rare) carriage returns without a test on every pair of bytes.
        let lone_cr = memchr::memchr_iter(b'\r', bytes)
            .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
            .count();
        let lines = memchr::memchr_iter(b'\n', bytes).count() + lone_cr + 1;
        if lines > self.max_lines {
            return Err(Exceeded {
                line: self.max_lines + 1,
                message: format!(
                    "the file has {lines} lines, over the limit of {} (`max_lines` in \
                     `[limits]`): not read",
                    self.max_lines
                ),
            });
        }
        Ok(())
    }

    /// `text` is the front-matter block; `first_line` its first line in the file.
    pub fn check_front_matter(&self, text: &str, first_line: usize) -> Result<(), Exceeded> {
        if text.len() > self.max_front_matter_bytes {
            return Err(Exceeded {
                line: first_line - 1,
                message: format!(
                    "the front matter is {} bytes, over the limit of {} bytes \
                     (`max_front_matter_bytes` in `[limits]`): not read",
                    text.len(),
                    self.max_front_matter_bytes
                ),
            });
        }
        // Each `[` or `{` deepens the nesting by one at most: a block with no more of them than
        // the limit cannot pass it, and is not scanned (nearly every block: a list or two).
        let opening = memchr::memchr2_iter(b'[', b'{', text.as_bytes());
        if !more_than(opening, self.max_nesting) {
            return Ok(());
        }
        if let Some(line) = deeper_than(bracket_depths(text), self.max_nesting) {
            return Err(self.too_deep(first_line + line, "front-matter brackets `[` `{`"));
        }
        Ok(())
    }

    /// `body` is Markdown; `first_line` its first line in the file.
    pub fn check_markdown(&self, body: &str, first_line: usize) -> Result<(), Exceeded> {
        let first = FirstOffences::of(body, self.max_nesting, self.max_blocks);
        // In this order: the first line of the first kind of excess found.
        let too_deep = [
            (first.containers, "Markdown quotes and lists"),
            (first.brackets, "brackets `[` in a paragraph"),
            (first.html, "HTML elements"),
        ];
        for (line, what) in too_deep {
            if let Some(line) = line {
                return Err(self.too_deep(first_line + line, what));
            }
        }
        if let Some(line) = first.blocks {
            return Err(Exceeded {
                line: first_line + line,
                message: format!(
                    "Markdown quotes and lists open more than {} blocks by this line \
                     (`max_blocks` in `[limits]`): not read",
                    self.max_blocks
                ),
            });
        }
        Ok(())
    }

    fn too_deep(&self, line: usize, what: &str) -> Exceeded {
        Exceeded {
            line,
            message: format!(
                "{what} nest more than {} deep (`max_nesting` in `[limits]`): not read",
                self.max_nesting
            ),
        }
    }
}

/// Whether `found` (the places of a byte) holds more than `max` of them; it stops looking at
/// the first one over.
fn more_than(found: impl Iterator<Item = usize>, max: usize) -> bool {
    found.take(max.saturating_add(1)).count() > max
}

/// The 0-based line of the first (line, depth) deeper than `max`.
fn deeper_than(depths: impl IntoIterator<Item = (usize, usize)>, max: usize) -> Option<usize> {
    depths
        .into_iter()
        .find(|&(_, depth)| depth > max)
        .map(|(line, _)| line)
}

/// The first 0-based line of a body where each Markdown limit is passed, found in one pass over
/// its lines (three scans, each splitting the body into lines and collecting every line's
/// depth, cost more than the checks themselves).
#[derive(Debug, Default, PartialEq)]
struct FirstOffences {
    /// Quotes and list markers deeper than the nesting limit.
    containers: Option<usize>,
    /// `[` deeper than the nesting limit in a paragraph.
    brackets: Option<usize>,
    /// HTML elements deeper than the nesting limit.
    html: Option<usize>,
    /// More quotes and list markers in all than the blocks limit.
    blocks: Option<usize>,
}

impl FirstOffences {
    fn of(body: &str, max_nesting: usize, max_blocks: usize) -> FirstOffences {
        let mut first = FirstOffences::default();
        let (mut brackets, mut html, mut blocks) = (0usize, 0usize, 0usize);
        // Each `[` deepens the brackets by one at most, and each `<` the elements: a body with
        // no more of them than the limit cannot pass it, and its lines are not searched for
        // them (a statement holds a few links and seldom HTML; the two searches on every line
        // were most of the check). Counted by `memchr`, up to one over the limit.
        let bytes = body.as_bytes();
        let may_nest_brackets = more_than(memchr::memchr_iter(b'[', bytes), max_nesting);
        let may_nest_html = more_than(memchr::memchr_iter(b'<', bytes), max_nesting);
        for (i, line) in super::text::split_lines(body).enumerate() {
            let (containers, bracket_max, html_max) = if line.is_empty() {
                // What the scans give an empty line, without them: it opens nothing, ends a
                // paragraph's brackets, and leaves the open elements open.
                brackets = 0;
                (0, 0, html)
            } else {
                let bracket_max = if may_nest_brackets {
                    line_bracket_depth(line, &mut brackets)
                } else {
                    0
                };
                let html_max = if may_nest_html {
                    line_html_depth(line, &mut html)
                } else {
                    0
                };
                (line_container_depth(line), bracket_max, html_max)
            };
            blocks += containers;
            let note = |slot: &mut Option<usize>, over: bool| {
                if over && slot.is_none() {
                    *slot = Some(i);
                }
            };
            note(&mut first.containers, containers > max_nesting);
            note(&mut first.brackets, bracket_max > max_nesting);
            note(&mut first.html, html_max > max_nesting);
            note(&mut first.blocks, blocks > max_blocks);
        }
        first
    }
}

/// Depth of `[` / `{` outside quoted strings, at the end of each line (0-based), as TOML and
/// YAML flow collections nest. Comments are not recognised: a bracket in a comment counts, which
/// only over-estimates.
///
/// Byte by byte: every byte it acts on is ASCII, and a byte of a longer UTF-8 character does
/// what the character did (nothing outside a string, ending an escape inside one), so bytes
/// answer as characters, without decoding them.
fn bracket_depths(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut max_on_line = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let mut line = 0;
    for b in text.bytes() {
        match (quote, b) {
            (_, b'\n') => {
                out.push((line, max_on_line));
                line += 1;
                max_on_line = depth;
                // Neither TOML basic strings nor YAML quoted scalars span lines without
                // their closing quote in well-formed input; resetting keeps a stray quote
                // from hiding brackets.
                quote = None;
                escaped = false;
            }
            (Some(b'"'), b'\\') if !escaped => escaped = true,
            (Some(q), b) => {
                if b == q && !escaped {
                    quote = None;
                }
                escaped = false;
            }
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                max_on_line = max_on_line.max(depth);
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out.push((line, max_on_line));
    out
}

/// Block containers opened at the start of each line: `>` quote markers and list markers (`-`,
/// `*`, `+`, `1.`, `1)`). Nesting by indentation alone is not counted: each level costs a line
/// of growing indentation, so a file within the size limit cannot nest deeply that way.
#[cfg(test)]
fn container_depths(body: &str) -> Vec<(usize, usize)> {
    body.split('\n')
        .enumerate()
        .map(|(i, line)| (i, line_container_depth(line)))
        .collect()
}

fn line_container_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => {}
            b'>' => depth += 1,
            b'-' | b'*' | b'+' if bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t') => {
                depth += 1
            }
            b'0'..=b'9' => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match bytes.get(i + digits) {
                    Some(b'.' | b')') => {
                        depth += 1;
                        i += digits;
                    }
                    _ => break,
                }
            }
            _ => break,
        }
        i += 1;
    }
    depth
}

/// Unclosed `[` within a paragraph (blank lines end one), as link text nests.
#[cfg(test)]
fn paragraph_bracket_depths(body: &str) -> Vec<(usize, usize)> {
    let mut depth = 0usize;
    body.split('\n')
        .enumerate()
        .map(|(i, line)| (i, line_bracket_depth(line, &mut depth)))
        .collect()
}

/// [`paragraph_bracket_depths`] of one line: the deepest it reaches, `depth` carried over from
/// the line before (and left for the next).
fn line_bracket_depth(line: &str, depth: &mut usize) -> usize {
    if line.trim().is_empty() {
        *depth = 0;
    }
    let mut max = *depth;
    let bytes = line.as_bytes();
    let mut k = 0;
    // Only `[`, `]` and `\\` matter: `memchr` finds them without a test on every byte.
    while let Some(pos) = memchr::memchr3(b'[', b']', b'\\', &bytes[k..]) {
        let at = k + pos;
        match bytes[at] {
            // A backslash escapes the byte after it, whatever it is.
            b'\\' => {
                k = at + 2;
                if k >= bytes.len() {
                    break;
                }
                continue;
            }
            b'[' => {
                *depth += 1;
                max = max.max(*depth);
            }
            _ => *depth = depth.saturating_sub(1),
        }
        k = at + 1;
    }
    max
}

/// HTML elements that have no end tag or whose end tag is implied by the next sibling; they
/// never deepen the tree a sanitiser builds, so they are not counted.
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "p", "li", "dt", "dd", "option", "tr", "td", "th", "rt", "rp", "optgroup",
    "colgroup", "thead", "tbody", "tfoot",
];

/// Open HTML elements (start tags less end tags) at the end of each line.
#[cfg(test)]
fn html_depths(body: &str) -> Vec<(usize, usize)> {
    let mut depth = 0usize;
    body.split('\n')
        .enumerate()
        .map(|(i, line)| (i, line_html_depth(line, &mut depth)))
        .collect()
}

/// [`html_depths`] of one line: the deepest it reaches, `depth` carried over from the line
/// before (and left for the next).
fn line_html_depth(line: &str, depth: &mut usize) -> usize {
    let mut max = *depth;
    let bytes = line.as_bytes();
    let mut k = 0;
    while let Some(pos) = memchr::memchr(b'<', &bytes[k..]) {
        k += pos + 1;
        let closing = bytes.get(k) == Some(&b'/');
        let start = k + usize::from(closing);
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = line[start..start + name_len].to_ascii_lowercase();
        if UNCOUNTED.contains(&name.as_str()) {
            continue;
        }
        // A tag ends at `>` before the next `<` (looking no further keeps the scan linear);
        // one still open at the end of the line may close on a later line, so it counts.
        let rest = &bytes[start + name_len..];
        let end = rest.iter().position(|&b| b == b'>' || b == b'<');
        if end.is_some_and(|end| rest[end] == b'<') {
            continue;
        }
        let self_closing = end.is_some_and(|end| end > 0 && rest[end - 1] == b'/');
        if closing {
            *depth = depth.saturating_sub(1);
        } else if !self_closing {
            *depth += 1;
            max = max.max(*depth);
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-by-byte scan [`paragraph_bracket_depths`] replaced, kept as its reference.
    fn paragraph_bracket_depths_bytewise(body: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        for (i, line) in body.split('\n').enumerate() {
            if line.trim().is_empty() {
                depth = 0;
            }
            let mut max = depth;
            let mut escaped = false;
            for b in line.bytes() {
                match b {
                    b'\\' if !escaped => {
                        escaped = true;
                        continue;
                    }
                    b'[' if !escaped => {
                        depth += 1;
                        max = max.max(depth);
                    }
                    b']' if !escaped => depth = depth.saturating_sub(1),
                    _ => {}
                }
                escaped = false;
            }
            out.push((i, max));
        }
        out
    }

    /// [`bracket_depths`] character by character, as it was first written: its reference.
    fn bracket_depths_by_char(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut max_on_line = 0usize;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut line = 0;
        for c in text.chars() {
            match (quote, c) {
                (_, '\n') => {
                    out.push((line, max_on_line));
                    line += 1;
                    max_on_line = depth;
                    quote = None;
                    escaped = false;
                }
                (Some('"'), '\\') if !escaped => escaped = true,
                (Some(q), c) => {
                    if c == q && !escaped {
                        quote = None;
                    }
                    escaped = false;
                }
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    max_on_line = max_on_line.max(depth);
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        out.push((line, max_on_line));
        out
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        /// The count of `[` and `{` passes only blocks the scan passes.
        #[test]
        fn front_matter_check_answers_as_the_scan(
            text in "[\\[\\]{}\"'a\n]{0,30}",
            max_nesting in 1usize..4,
        ) {
            let scanned = deeper_than(bracket_depths(&text), max_nesting).map(|line| 2 + line);
            let checked = limits(max_nesting).check_front_matter(&text, 2).err().map(|e| e.line);
            proptest::prop_assert_eq!(checked, scanned);
        }

        /// Bytes answer as characters, escapes and quotes next to long characters included.
        #[test]
        fn front_matter_bytes_answer_as_characters(text in "[\\[\\]{}\"'\\\\a\n é«🚩]{0,40}") {
            proptest::prop_assert_eq!(bracket_depths(&text), bracket_depths_by_char(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// One pass over the lines finds what the three scans and the count over all lines
        /// found.
        #[test]
        fn one_pass_finds_what_the_scans_found(
            body in "([\\[\\]\\\\a<>/ \n>*1.-]|<div>|</div>|<br>|- |> ){0,40}",
            max_nesting in 1usize..4,
            max_blocks in 1usize..6,
        ) {
            let containers = container_depths(&body);
            let mut blocks = 0;
            let scans = FirstOffences {
                containers: deeper_than(containers.iter().copied(), max_nesting),
                brackets: deeper_than(paragraph_bracket_depths(&body), max_nesting),
                html: deeper_than(html_depths(&body), max_nesting),
                blocks: containers.iter().find_map(|&(line, depth)| {
                    blocks += depth;
                    (blocks > max_blocks).then_some(line)
                }),
            };
            proptest::prop_assert_eq!(FirstOffences::of(&body, max_nesting, max_blocks), scans);
        }

        #[test]
        fn bracket_scan_agrees_with_the_bytewise_one(body in "[\\[\\]\\\\a é\n]{0,40}") {
            proptest::prop_assert_eq!(
                paragraph_bracket_depths(&body),
                paragraph_bracket_depths_bytewise(&body)
            );
        }
    }

    fn limits(max_nesting: usize) -> Limits {
        Limits {
            max_nesting,
            ..Limits::default()
        }
    }

    #[test]
    fn front_matter_brackets_outside_strings() {
        let l = limits(2);
        assert!(l.check_front_matter("tags = [[\"a\"]]\n", 2).is_ok());
        assert!(l.check_front_matter("title = \"[[[[[[\"\n", 2).is_ok());
        assert!(l.check_front_matter("title: '[[[[[['\n", 2).is_ok());
        let err = l.check_front_matter("a = 1\nb = [[[\n", 2).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("more than 2 deep"), "{err:?}");
    }

    #[test]
    fn markdown_containers() {
        let l = limits(3);
        assert!(l.check_markdown("> > > quote\n\n- a\n  - b\n", 1).is_ok());
        assert_eq!(l.check_markdown("x\n> > > > q\n", 5).unwrap_err().line, 6);
        assert!(l.check_markdown("- - - - x\n", 1).is_err());
        assert!(l.check_markdown("1. 2. 3) 4. x\n", 1).is_err());
        // Emphasis and rules are not list markers.
        assert!(l.check_markdown("***bold*** and -x- ----\n", 1).is_ok());
    }

    #[test]
    fn markdown_blocks_are_counted_over_all_lines() {
        let l = Limits {
            max_blocks: 4,
            ..Limits::default()
        };
        assert!(l
            .check_markdown(
                "> > a

- b
  - c
",
                1
            )
            .is_ok());
        let err = l
            .check_markdown(
                "> > a

- b
  - c
> d
",
                3,
            )
            .unwrap_err();
        assert_eq!(err.line, 7);
        assert!(err.message.contains("more than 4 blocks"), "{err:?}");
    }

    #[test]
    fn brackets_reset_at_paragraphs() {
        let l = limits(2);
        assert!(l
            .check_markdown("[a [b]]\n\n[[c]]\n[x] \\[\\[\\[\n", 1)
            .is_ok());
        assert!(l.check_markdown("[[\n[\n", 1).is_err());
        assert!(l.check_markdown("[[\n\n[\n", 1).is_ok());
    }

    #[test]
    fn html_elements() {
        let l = limits(2);
        assert!(l
            .check_markdown("<div><div>x</div></div><div>y</div>", 1)
            .is_ok());
        assert!(l
            .check_markdown("<p><p><p><br><br><img src=x><hr/><span/>", 1)
            .is_ok());
        assert!(l.check_markdown("a < b and 1<2 <3", 1).is_ok());
        assert!(l.check_markdown(&"<a".repeat(10), 1).is_ok());
        assert!(l.check_markdown("<div><b><i>x", 1).is_err());
    }

    #[test]
    fn size_and_lines() {
        let l = Limits {
            max_file_bytes: 10,
            max_lines: 2,
            ..Limits::default()
        };
        assert!(l.check_file_size(10).is_ok());
        assert!(l.check_file_size(11).is_err());
        assert!(l.check_lines(b"a\nb").is_ok());
        assert_eq!(l.check_lines(b"a\nb\nc").unwrap_err().line, 3);
        assert!(l.check_lines(b"a\r\nb").is_ok());
        assert!(l.check_lines(b"a\rb\rc").is_err());
        assert!(l.check_lines(b"a\nb\r").is_err());
    }

    #[test]
    fn zero_is_refused() {
        let raw = RawLimits {
            max_nesting: 0,
            ..RawLimits::default()
        };
        assert_eq!(raw.resolve().unwrap_err().0, "limits.max_nesting");
    }
}
