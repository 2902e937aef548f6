//! Byte-level hygiene for statement files: UTF-8 decoding, byte-order marks, line ends, and the
//! characters XML 1.0 forbids.
//!
//! Written by hand because it is a few lines over `std` and must report file lines, which no
//! crate that strips control characters does.

use std::borrow::Cow;

/// Decodes UTF-8, dropping a leading byte-order mark. On failure returns the 1-based line of the
/// first invalid byte.
///
/// Valid text (the usual case) is checked by `simdutf8`'s SIMD validator; only invalid text goes
/// through `std`'s, whose error says where the first invalid byte is.
pub fn decode(bytes: &[u8]) -> Result<&str, usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    })
}

/// True for characters that may appear in an XML 1.0 document. The discouraged (but legal)
/// C1 controls and noncharacters are rejected too: readers choke on them as often as on the
/// illegal ones, and they never belong in a statement.
pub fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' => false,
        '\u{7F}'..='\u{84}' | '\u{86}'..='\u{9F}' => false,
        '\u{FDD0}'..='\u{FDEF}' => false,
        c if (c as u32) & 0xFFFE == 0xFFFE => false,
        _ => true,
    }
}

/// Normalises line ends to `\n` and removes characters XML forbids, calling `removed(line, ch)`
/// for each removal (line is 1-based).
///
/// Runs of characters that stay as they are (printable ASCII, tab, `\n`, any other character
/// XML allows) are copied whole; only a `\r` or a forbidden character breaks a run, so a clean
/// file costs a byte scan, and is borrowed, not copied (the caller keeps a part of it).
pub fn clean(text: &str, mut removed: impl FnMut(usize, char)) -> Cow<'_, str> {
    // The usual file has nothing to change: the block scan says so without decoding it.
    if !may_need_cleaning(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if b == b'\t' || (0x20..0x7F).contains(&b) {
            i += 1;
            continue;
        }
        // `i` is always on a character boundary: runs advance by whole characters.
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c != '\r' && is_xml_char(c) {
            i += c.len_utf8();
            continue;
        }
        out.push_str(&text[copied..i]);
        i += c.len_utf8();
        if c == '\r' {
            if bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
            out.push('\n');
            line += 1;
        } else {
            removed(line, c);
        }
        copied = i;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Whether `test` holds for a byte of `block`, written so that the compiler turns it into a few
/// vector instructions: the bytes' answers OR-ed as `u8`. (OR-ed as `bool`, or into a mask with
/// a bit per byte, the same test may compile to byte-by-byte code three to five times as long.)
#[inline(always)]
pub(crate) fn any_byte<const N: usize>(block: &[u8; N], test: impl Fn(u8) -> bool) -> bool {
    block.iter().fold(0u8, |any, &b| any | u8::from(test(b))) != 0
}

/// Whether `test` holds for a byte of `bytes`: [`any_byte`] over each block of [`BLOCK`] bytes,
/// then the bytes left over one by one.
pub(crate) fn any_byte_in(bytes: &[u8], test: impl Fn(u8) -> bool + Copy) -> bool {
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    blocks.iter().any(|block| any_byte(block, test)) || rest.iter().any(|&b| test(b))
}

/// True when `bytes` (UTF-8) may hold a character that [`is_xml_char`]
/// rejects, or a carriage return: C0 controls but tab and line feed, DEL, `C2 80`–`C2 9F` (C1
/// controls), `EF B7 90`–`EF B7 AF` and `EF BF BE`/`BF` (noncharacters), and a four-byte
/// character ending in `BF BE`/`BF BF` (the noncharacters of the other planes).
///
/// Hand-written because it runs over every byte of every item file and every entry: the bytes
/// are looked at 32 at a time with a test of each byte alone ([`may_start`]) that the compiler
/// turns into a few vector instructions, and a block holding a byte that may start such a
/// character (a block is passed otherwise) is tested again with the three bytes after each of
/// its bytes, in vectors too ([`block_starts_forbidden`]). Byte by byte, the second test cost
/// a block holding a `C2` (a no-break space, `«`, `°`, `§`: common in Latin text) about ten
/// instructions a byte. The last bytes, fewer than a block and three, are tested the same way
/// in a copy padded with `a`, which starts nothing and reads as the end of the text does for
/// every character that can end one.
pub(crate) fn may_need_cleaning(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(window) = bytes.get(at..at + BLOCK + 3) {
        if window_starts_forbidden(window) {
            return true;
        }
        at += BLOCK;
    }
    let rest = &bytes[at..];
    let mut padded = [b'a'; 2 * BLOCK + 3];
    padded[..rest.len()].copy_from_slice(rest);
    window_starts_forbidden(&padded[..BLOCK + 3]) || window_starts_forbidden(&padded[BLOCK..])
}

/// Whether one of the first `BLOCK` bytes of `window` (which holds three more) starts a
/// character [`may_need_cleaning`] describes: the test of each byte alone first, which passes
/// most blocks, then the test with the bytes after it.
#[inline(always)]
fn window_starts_forbidden(window: &[u8]) -> bool {
    any_byte(block_at::<BLOCK>(window, 0), may_start) && block_starts_forbidden(window)
}

/// A byte that may start a character [`may_need_cleaning`] describes: a C0 control but tab and
/// line feed, DEL, or the lead bytes `C2`, `EF` and `F0`–`F4`. Bitwise operators, not `&&` and
/// `||`, so that the test has no branch and a block of them becomes vector instructions.
#[inline(always)]
fn may_start(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n'))
        | (b == 0x7F)
        | (b == 0xC2)
        | (b == 0xEF)
        | (b.wrapping_sub(0xF0) <= 4)
}

/// The bytes the block scans test at once (here, and in the escaping and digit scans of
/// `normalise`).
pub(crate) const BLOCK: usize = 32;

/// The `N` bytes of `window` from `from` on: a block and a block shifted by a few bytes are
/// read from one window, so that a test may look at each byte and the bytes after it at once.
#[inline(always)]
pub(crate) fn block_at<const N: usize>(window: &[u8], from: usize) -> &[u8; N] {
    window[from..from + N]
        .try_into()
        .expect("the window holds a block after `from`")
}

/// Whether one of the first `BLOCK` bytes of `window` (which holds three more) starts a
/// character [`may_need_cleaning`] describes: [`forbidden_start`] of each byte and the three
/// after it, OR-ed as `u8` so that the compiler makes vector instructions of it.
#[inline(always)]
fn block_starts_forbidden(window: &[u8]) -> bool {
    let (first, second, third, fourth) = (
        block_at::<BLOCK>(window, 0),
        block_at::<BLOCK>(window, 1),
        block_at::<BLOCK>(window, 2),
        block_at::<BLOCK>(window, 3),
    );
    (0..BLOCK).fold(0u8, |any, i| {
        any | u8::from(forbidden_start(first[i], second[i], third[i], fourth[i]))
    }) != 0
}

/// Whether a byte `b` followed by `c`, `d` and `e` starts a character [`may_need_cleaning`]
/// describes, without a branch: bitwise operators, not `&&`, `||` or `match`.
#[inline(always)]
fn forbidden_start(b: u8, c: u8, d: u8, e: u8) -> bool {
    let control = ((b < 0x20) & (b != b'\t') & (b != b'\n')) | (b == 0x7F);
    let c1 = (b == 0xC2) & (c <= 0x9F);
    let bmp_nonchar = (b == 0xEF)
        & (((c == 0xB7) & (d.wrapping_sub(0x90) <= 0x1F)) | ((c == 0xBF) & (d >= 0xBE)));
    let plane_nonchar = (b.wrapping_sub(0xF0) <= 4) & (d == 0xBF) & (e >= 0xBE);
    control | c1 | bmp_nonchar | plane_nonchar
}

/// Removes characters XML forbids from a string that did not come from an item file (config
/// values, for instance). Renderers call it as a last line of defence. A string the byte scan
/// ([`may_need_cleaning`]) finds nothing in is borrowed without decoding it.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if may_need_cleaning(s.as_bytes()) {
        xml_safe_by_chars(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// [`xml_safe`], character by character: the reference of its byte scan.
pub(crate) fn xml_safe_by_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| is_xml_char(c) && c != '\r') {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c) && c != '\r').collect())
    }
}

/// `text.split('\n')`, each line end found by the `memchr` crate's vector search: the
/// standard library's `char` search decodes as it goes and looks at a word at a time, which
/// costs several instructions a byte over every line of every body.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    // A line feed is ASCII: every cut is on a character boundary.
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// `text.lines()`, the line ends found as in [`split_lines`]: no empty line after a final line
/// feed, and a carriage return dropped where it ends a line before a line feed (a lone one at
/// the very end stays), as `str::lines` does.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    split_inclusive_lines(text).map(|line| {
        line.strip_suffix('\n')
            .map_or(line, |line| line.strip_suffix('\r').unwrap_or(line))
    })
}

/// `text.split_inclusive('\n')`, the line ends found as in [`split_lines`]: each line with its
/// line feed, the last one without when the text does not end with one, and no empty line
/// after a final line feed.
pub(crate) fn split_inclusive_lines(text: &str) -> impl Iterator<Item = &str> {
    let unterminated = Some(text.len()).filter(|_| !text.is_empty() && !text.ends_with('\n'));
    let ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|at| at + 1)
        .chain(unterminated);
    let mut start = 0;
    // A line feed is ASCII: every cut is on a character boundary.
    ends.map(move |end| {
        let line = &text[start..end];
        start = end;
        line
    })
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The byte offset of character `n` (0-based) of `text`, `None` when it has no more than `n`
/// characters: `text.char_indices().nth(n)`, without decoding the characters before it.
///
/// Characters are counted by their first bytes (every byte but a UTF-8 continuation byte), 32
/// bytes at a time by a sum the compiler turns into vector instructions; only the block where
/// character `n` starts is looked at byte by byte. A summary's or title's limit falls a few
/// hundred characters into a text, each of which `char_indices` decoded.
pub(crate) fn char_offset(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Summed as `u8` (at most 32), so that the vectors hold 32 counts, not four.
    let starts = |block: &[u8; BLOCK]| -> usize {
        usize::from(
            block
                .iter()
                .fold(0u8, |sum, &b| sum + u8::from(!is_continuation(b))),
        )
    };
    let mut before = 0;
    let mut at = 0;
    for block in bytes.as_chunks::<BLOCK>().0 {
        let here = starts(block);
        if before + here > n {
            break;
        }
        before += here;
        at += BLOCK;
    }
    // Character `n` starts in the bytes from `at` on, or nowhere.
    let mut seen = before;
    for (i, &b) in bytes[at..].iter().enumerate() {
        if !is_continuation(b) {
            if seen == n {
                return Some(at + i);
            }
            seen += 1;
        }
    }
    None
}

/// Whether `b` continues a UTF-8 character (`10xxxxxx`) rather than starting one.
#[inline(always)]
fn is_continuation(b: u8) -> bool {
    (b & 0xC0) == 0x80
}

/// `text` up to its first `n` characters (all of it when it has no more): `char_offset`'s cut,
/// and no count at all for a text of no more than `n` bytes (a character is at least a byte).
pub(crate) fn first_chars(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text;
    }
    char_offset(text, n).map_or(text, |i| &text[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        /// Counting first bytes by blocks finds what `char_indices` finds.
        #[test]
        fn char_offsets_as_char_indices_give_them(
            text in "[a é«中🚩\n]{0,120}",
            n in 0usize..130,
        ) {
            proptest::prop_assert_eq!(
                char_offset(&text, n),
                text.char_indices().nth(n).map(|(i, _)| i)
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        #[test]
        fn lines_split_as_the_standard_library_splits(text in "[a\n\r é]{0,24}") {
            proptest::prop_assert_eq!(
                split_lines(&text).collect::<Vec<_>>(),
                text.split('\n').collect::<Vec<_>>()
            );
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
            proptest::prop_assert_eq!(
                split_inclusive_lines(&text).collect::<Vec<_>>(),
                text.split_inclusive('\n').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn lines_at_the_edges() {
        for text in [
            "", "\n", "\n\n", "a", "a\n", "a\r\n", "\r", "\r\n", "a\n\r", "a\r\r\n",
        ] {
            assert_eq!(
                split_lines(text).collect::<Vec<_>>(),
                text.split('\n').collect::<Vec<_>>()
            );
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(
                split_inclusive_lines(text).collect::<Vec<_>>(),
                text.split_inclusive('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn strips_bom_and_reports_bad_utf8_line() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc"), Ok("abc"));
        assert_eq!(decode(b"a\nb\n\xFFc"), Err(3));
    }

    #[test]
    fn cleans_line_ends_and_forbidden_characters() {
        let mut seen = vec![];
        let out = clean("a\r\nb\u{1D}c\rd\u{0}\ne\u{FFFF}", |line, c| {
            seen.push((line, c))
        });
        assert_eq!(out, "a\nbc\nd\ne");
        assert_eq!(seen, vec![(2, '\u{1D}'), (3, '\u{0}'), (4, '\u{FFFF}')]);
    }

    /// `clean` character by character, as it was first written: the fast path must agree.
    fn clean_char_by_char(text: &str) -> (String, Vec<(usize, char)>) {
        let mut seen = vec![];
        let mut out = String::new();
        let mut line = 1;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push('\n');
                    line += 1;
                }
                '\n' => {
                    out.push('\n');
                    line += 1;
                }
                c if is_xml_char(c) => out.push(c),
                c => seen.push((line, c)),
            }
        }
        (out, seen)
    }

    #[test]
    fn fast_path_agrees_with_char_by_char() {
        for text in [
            "",
            "plain ASCII\nlines\n",
            "\r\r\n\n\r",
            "Comitê «Central» — 08.01.22\r\n¡Viva! Россия 🚩\ttab\u{7F}x",
            "\u{85}\u{84}\u{9F}\u{A0}\u{FDD0}\u{FDEF}\u{FDF0}\u{1FFFE}\u{10FFFF}\u{FFFD}",
            "end with a forbidden one\u{1}",
            "\u{0}\u{0}\r",
        ] {
            let mut seen = vec![];
            let out = clean(text, |line, c| seen.push((line, c))).into_owned();
            assert_eq!((out, seen), clean_char_by_char(text), "{text:?}");
        }
    }

    /// True when the character at byte `i` of `bytes` (if one starts there) is one that
    /// [`may_need_cleaning`] describes, read byte by byte: the reference of its blocks.
    fn starts_forbidden(bytes: &[u8], i: usize) -> bool {
        let at = |i: usize| bytes.get(i).copied().unwrap_or_default();
        match at(i) {
            b'\t' | b'\n' => false,
            0..=0x1F | 0x7F => true,
            0xC2 => at(i + 1) <= 0x9F,
            0xEF => matches!(
                (at(i + 1), at(i + 2)),
                (0xB7, 0x90..=0xAF) | (0xBF, 0xBE..=0xBF)
            ),
            0xF0..=0xF4 => at(i + 2) == 0xBF && at(i + 3) >= 0xBE,
            _ => false,
        }
    }

    /// `may_need_cleaning` as it was first written: each byte's [`starts_forbidden`].
    fn may_need_cleaning_bytewise(bytes: &[u8]) -> bool {
        (0..bytes.len()).any(|i| starts_forbidden(bytes, i))
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(4000))]
        /// The blocks answer as the bytes do, whatever falls on a block's edge.
        #[test]
        fn blocks_answer_as_bytes(
            text in "[a\n\t\r\u{1}\u{7f}\u{80}\u{9f}\u{a0}«°\u{fdd0}\u{fdef}\u{fdf0}\u{fffd}\u{fffe}\u{ffff}\u{1fffe}\u{10ffff}🚩]{0,80}",
        ) {
            proptest::prop_assert_eq!(
                may_need_cleaning(text.as_bytes()),
                may_need_cleaning_bytewise(text.as_bytes())
            );
        }
    }

    #[test]
    fn every_forbidden_start_is_seen_at_every_place_in_a_block() {
        for bad in [
            "\r",
            "\u{1}",
            "\u{7f}",
            "\u{85}",
            "\u{fdd0}",
            "\u{ffff}",
            "\u{1fffe}",
        ] {
            for pad in 0..70 {
                let text = format!("{}{bad}{}", "«".repeat(pad / 2), "é".repeat(pad % 3));
                assert!(may_need_cleaning(text.as_bytes()), "{text:?}");
            }
        }
        let fine = "Comitê «Central» — 08.01.22 ¡Viva! § 3 ° Россия 🚩\u{a0}\u{fffd}".repeat(5);
        assert!(!may_need_cleaning(fine.as_bytes()));
    }

    #[test]
    fn keeps_ordinary_text() {
        let s = "Comitê «Central» — 08.01.22 ¡Viva! Россия 🚩\ttab";
        assert!(matches!(xml_safe(s), Cow::Borrowed(_)));
        assert_eq!(xml_safe("a\u{8}b"), "ab");
    }
}
