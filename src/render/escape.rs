//! Escaping text into XML, HTML and JSON output, copying the runs between special bytes whole.
//!
//! The feeds escape every string they carry, and the largest of them (an item's sanitised HTML,
//! written into Atom's `<content>`) is mostly runs of ordinary bytes between tags: `escape` of
//! quick-xml tests one byte at a time and returns a new string, which the writer then copies
//! again. Here the bytes are looked at 32 at a time with a test the compiler turns into vector
//! instructions, a block without a special byte is passed whole, and the escaped text goes
//! straight into the output buffer. Hand-written because neither quick-xml nor minijinja offers
//! escaping into a caller's buffer; the result is byte for byte what the escapers it replaces
//! give (`quick_xml::escape::escape`; pulldown-cmark's `escape_html` then `'` as `&#39;`;
//! serde_json's strings), which the property tests below check. serde_json escapes a string one
//! byte at a time, with no way to hand it an escaper: the JSON Feed writer splices the item's
//! HTML, escaped here, into what serde_json writes for the rest of the item.

use crate::types::text::any_byte;

/// A byte's replacement, kept padded to eight bytes too: a buffer takes it as one fixed-size copy
/// and gives back the padding ([`push_escape`]), where copying its few bytes as they are is a
/// call to `memcpy` per replaced byte (two in three bytes replaced in an item's HTML are `<`
/// or `>`).
struct Escape {
    text: &'static str,
    padded: [u8; PADDED],
}

/// The room every [`Escape`] is padded to: the longest replacement is six bytes.
const PADDED: usize = 8;

impl Escape {
    const fn new(text: &'static str) -> Self {
        let mut padded = [0; PADDED];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            padded[i] = bytes[i];
            i += 1;
        }
        Escape { text, padded }
    }
}

static LT: Escape = Escape::new("&lt;");
static GT: Escape = Escape::new("&gt;");
static AMP: Escape = Escape::new("&amp;");
static APOS: Escape = Escape::new("&apos;");
static QUOT: Escape = Escape::new("&quot;");
static HTML_APOS: Escape = Escape::new("&#39;");

/// The five characters quick-xml's `escape` replaces, with what it writes for each: text and
/// attribute values in feeds.
fn xml_replacement(b: u8) -> Option<&'static Escape> {
    match b {
        b'<' => Some(&LT),
        b'>' => Some(&GT),
        b'&' => Some(&AMP),
        b'\'' => Some(&APOS),
        b'"' => Some(&QUOT),
        _ => None,
    }
}

/// What the pages' formatter writes for each character HTML needs escaped in text and in quoted
/// attributes.
fn html_replacement(b: u8) -> Option<&'static Escape> {
    match b {
        b'<' => Some(&LT),
        b'>' => Some(&GT),
        b'&' => Some(&AMP),
        b'\'' => Some(&HTML_APOS),
        b'"' => Some(&QUOT),
        _ => None,
    }
}

/// One of the five bytes both escapers replace. Bitwise operators, not `||`, so that the test
/// has no branch and a block of them becomes vector instructions.
#[inline(always)]
fn is_special(b: u8) -> bool {
    (b == b'<') | (b == b'>') | (b == b'&') | (b == b'\'') | (b == b'"')
}

/// What serde_json writes inside a string for each control character (`U+0000`–`U+001F`): the
/// five short escapes JSON has, `\u00xx` in lower-case hex for the others.
static JSON_CONTROLS: [Escape; 32] = {
    const TEXTS: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
        "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    let mut escapes = [const { Escape::new("") }; 32];
    let mut i = 0;
    while i < TEXTS.len() {
        escapes[i] = Escape::new(TEXTS[i]);
        i += 1;
    }
    escapes
};

static JSON_QUOTE: Escape = Escape::new("\\\"");
static JSON_BACKSLASH: Escape = Escape::new("\\\\");

/// What serde_json writes inside a string for each byte it escapes: `"`, `\` and the control
/// characters.
fn json_replacement(b: u8) -> Option<&'static Escape> {
    match b {
        b'"' => Some(&JSON_QUOTE),
        b'\\' => Some(&JSON_BACKSLASH),
        0..0x20 => Some(&JSON_CONTROLS[usize::from(b)]),
        _ => None,
    }
}

/// A byte serde_json escapes inside a string. Bitwise operators, as in [`is_special`].
#[inline(always)]
fn is_json_special(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// A piece of escaped text: a run of the text as it is, or a special byte's replacement.
enum Piece<'t> {
    Run(&'t str),
    Escape(&'static Escape),
}

/// Calls `push` with `text` cut at every special byte: each run of ordinary text as it is, each
/// special byte as `replacement` gives it. Runs are whole UTF-8 characters (the special bytes
/// are ASCII), so each is a `&str`.
///
/// Text is looked at 32 bytes at a time: each block is only asked whether it holds a special
/// byte ([`any_byte`], a few vector instructions), and a block that does is turned into a mask
/// with a bit per special byte ([`special_bits`]), whose set bits are the only bytes looked at
/// one by one. The bytes after the last whole block are tested one by one.
#[inline(always)]
fn escape_with<'t>(
    text: &'t str,
    is_special: impl Fn(u8) -> bool + Copy,
    replacement: fn(u8) -> Option<&'static Escape>,
    mut push: impl FnMut(Piece<'t>),
) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    for (n, block) in blocks.iter().enumerate() {
        if !any_byte(block, is_special) {
            continue;
        }
        let mut bits = special_bits(block, is_special);
        while bits != 0 {
            let at = n * BLOCK + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            escape_at(text, at, replacement, &mut copied, &mut push);
        }
    }
    for at in bytes.len() - rest.len()..bytes.len() {
        escape_at(text, at, replacement, &mut copied, &mut push);
    }
    push(Piece::Run(&text[copied..]));
}

/// The bytes [`escape_with`] looks at together.
const BLOCK: usize = 32;

/// The bytes of `block` for which `test` holds, as a mask (bit `i` for byte `i`). The test is
/// made on the whole block into an array of 0 and 1 bytes, which the compiler turns into vector
/// compares; each eight of those bytes are then [`gather`]ed into eight bits. (A mask built bit
/// by bit from the tests, `bits | test(b) << i`, compiles to a hundred instructions for sixteen
/// bytes; this is about twenty for thirty-two.)
#[inline(always)]
fn special_bits(block: &[u8; BLOCK], test: impl Fn(u8) -> bool) -> u32 {
    let flags: [u8; BLOCK] = std::array::from_fn(|i| u8::from(test(block[i])));
    flags
        .as_chunks::<8>()
        .0
        .iter()
        .enumerate()
        .fold(0, |bits, (n, word)| {
            bits | gather(u64::from_le_bytes(*word)) << (8 * n)
        })
}

/// The eight bytes of `word`, each 0 or 1, as the eight low bits of the result (byte `i` as bit
/// `i`): the multiply puts byte `i`'s bit at bit `56 + i`, and no two of its partial products
/// fall on the same bit (so nothing carries into those eight).
#[inline(always)]
fn gather(word: u64) -> u32 {
    // At most 0xFF after the shift.
    (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// The byte at `at` of `text`, if `replacement` has one for it: the run since `copied` and the
/// replacement pushed, `copied` moved past the byte.
#[inline(always)]
fn escape_at<'t>(
    text: &'t str,
    at: usize,
    replacement: fn(u8) -> Option<&'static Escape>,
    copied: &mut usize,
    push: &mut impl FnMut(Piece<'t>),
) {
    if let Some(escaped) = replacement(text.as_bytes()[at]) {
        push(Piece::Run(&text[*copied..at]));
        push(Piece::Escape(escaped));
        *copied = at + 1;
    }
}

/// Appends `piece` to `out`; a replacement as its padded bytes, the padding then cut off.
#[inline(always)]
fn push_piece(out: &mut Vec<u8>, piece: Piece<'_>) {
    match piece {
        Piece::Run(run) => out.extend_from_slice(run.as_bytes()),
        Piece::Escape(escape) => push_escape(out, escape),
    }
}

/// `escape`'s text appended to `out` by a copy of a fixed size (a few moves, no call).
#[inline(always)]
fn push_escape(out: &mut Vec<u8>, escape: &Escape) {
    let len = out.len() + escape.text.len();
    out.extend_from_slice(&escape.padded);
    out.truncate(len);
}

/// Appends `text` to `out` escaped as quick-xml's `escape` escapes it (`< > & ' "`).
pub(crate) fn push_xml_escaped(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len());
    escape_with(text, is_special, xml_replacement, |piece| {
        push_piece(out, piece)
    });
}

/// Writes `text` to `out` escaped for HTML text and quoted attributes (`& < > " '`, the last as
/// `&#39;`).
pub(crate) fn write_html_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut result = Ok(());
    escape_with(text, is_special, html_replacement, |piece| {
        let piece = match piece {
            Piece::Run(run) => run,
            Piece::Escape(escape) => escape.text,
        };
        if result.is_ok() && !piece.is_empty() {
            result = out.write_str(piece);
        }
    });
    result
}

/// Appends `text` to `out` as serde_json writes the inside of a JSON string (without the
/// quotes): `"` and `\\` after a backslash, control characters as `\\n`, `\\u001f` and the like,
/// every other character as it is. For the largest string of a JSON Feed item (its HTML), which
/// serde_json escapes one byte at a time.
pub(crate) fn push_json_escaped(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + text.len() / 8);
    escape_with(text, is_json_special, json_replacement, |piece| {
        push_piece(out, piece)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The escapers these replace.
    fn slow_xml(text: &str) -> String {
        quick_xml::escape::escape(text).into_owned()
    }

    fn slow_html(text: &str) -> String {
        let mut escaped = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
        escaped.replace('\'', "&#39;")
    }

    fn fast_xml(text: &str) -> String {
        let mut out = b"head".to_vec();
        push_xml_escaped(&mut out, text);
        String::from_utf8(out[4..].to_vec()).unwrap()
    }

    fn slow_json(text: &str) -> String {
        let quoted = serde_json::to_string(text).unwrap();
        quoted[1..quoted.len() - 1].to_owned()
    }

    fn fast_json(text: &str) -> String {
        let mut out = b"head".to_vec();
        push_json_escaped(&mut out, text);
        String::from_utf8(out[4..].to_vec()).unwrap()
    }

    fn fast_html(text: &str) -> String {
        let mut out = String::new();
        write_html_escaped(&mut out, text).unwrap();
        out
    }

    /// Every pattern of special bytes in a block gives its mask.
    #[test]
    fn the_mask_has_a_bit_for_each_special_byte() {
        for seed in 0u64..2000 {
            let pattern = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) as u32;
            let block: [u8; BLOCK] =
                std::array::from_fn(|i| if pattern >> i & 1 == 1 { b'<' } else { b'x' });
            assert_eq!(special_bits(&block, is_special), pattern);
        }
        assert_eq!(gather(0x0101_0101_0101_0101), 0xFF);
        assert_eq!(gather(0x0100_0000_0000_0001), 0x81);
    }

    #[test]
    fn specials_anywhere_in_and_across_blocks() {
        for special in [
            "<", ">", "&", "'", "\"", "é", "<>", "&&", "\\", "\n", "\u{1}", "\u{7f}",
        ] {
            for before in 0..66 {
                for after in [0, 1, 15, 16, 17, 31, 32, 33] {
                    let text = format!("{}{special}{}", "x".repeat(before), "y".repeat(after));
                    assert_eq!(fast_xml(&text), slow_xml(&text), "{text:?}");
                    assert_eq!(fast_html(&text), slow_html(&text), "{text:?}");
                    assert_eq!(fast_json(&text), slow_json(&text), "{text:?}");
                }
            }
        }
        assert_eq!(fast_xml(""), "");
        assert_eq!(
            fast_html("<a href=\"x\">it's</a>"),
            slow_html("<a href=\"x\">it's</a>")
        );
    }

    proptest! {
        #[test]
        fn the_fast_escapers_write_what_the_slow_ones_return(
            text in "([<>&'\"a-z \n]|\\PC){0,200}"
        ) {
            prop_assert_eq!(fast_xml(&text), slow_xml(&text));
            prop_assert_eq!(fast_html(&text), slow_html(&text));
            prop_assert_eq!(fast_json(&text), slow_json(&text));
        }

        #[test]
        fn any_string_escapes_as_before(text in "\\PC*") {
            prop_assert_eq!(fast_xml(&text), slow_xml(&text));
            prop_assert_eq!(fast_html(&text), slow_html(&text));
            prop_assert_eq!(fast_json(&text), slow_json(&text));
        }

        #[test]
        fn json_strings_with_any_control_escape_as_serde_json_does(
            text in "([\\x00-\\x1f\"\\\\/<a-z \u{7f}\u{80}-\u{a0}\u{2028}\u{2029}]|\\PC){0,200}"
        ) {
            prop_assert_eq!(fast_json(&text), slow_json(&text));
        }
    }
}
