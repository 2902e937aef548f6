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

/// The five characters quick-xml's `escape` replaces, with what it writes for each: text and
/// attribute values in feeds.
fn xml_replacement(b: u8) -> Option<&'static str> {
    match b {
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'&' => Some("&amp;"),
        b'\'' => Some("&apos;"),
        b'"' => Some("&quot;"),
        _ => None,
    }
}

/// What the pages' formatter writes for each character HTML needs escaped in text and in quoted
/// attributes.
fn html_replacement(b: u8) -> Option<&'static str> {
    match b {
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'&' => Some("&amp;"),
        b'\'' => Some("&#39;"),
        b'"' => Some("&quot;"),
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
const JSON_CONTROLS: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b",
    "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012",
    "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a",
    "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];

/// What serde_json writes inside a string for each byte it escapes: `"`, `\` and the control
/// characters.
fn json_replacement(b: u8) -> Option<&'static str> {
    match b {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        0..0x20 => Some(JSON_CONTROLS[usize::from(b)]),
        _ => None,
    }
}

/// A byte serde_json escapes inside a string. Bitwise operators, as in [`is_special`].
#[inline(always)]
fn is_json_special(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Calls `push` with `text` cut at every special byte: each run of ordinary text as it is, each
/// special byte as `replacement` gives it. Runs and replacements are whole UTF-8 characters (the
/// special bytes are ASCII), so each piece is a `&str`.
///
/// Text is looked at 32 bytes at a time: each block is only asked whether it holds a special
/// byte ([`any_byte`], a few vector instructions), and a block that does is looked at 16 bytes
/// at a time as a mask with a bit per special byte ([`special_bits`]), whose set bits are the
/// only bytes looked at one by one. In an item's HTML, where every tag holds two special bytes
/// and a quarter of the blocks hold one, this costs a fifth less than testing each byte of such a
/// block. The bytes after the last whole block are tested one by one.
#[inline(always)]
fn escape_with(
    text: &str,
    is_special: impl Fn(u8) -> bool + Copy,
    replacement: fn(u8) -> Option<&'static str>,
    mut push: impl FnMut(&str),
) {
    const BLOCK: usize = 32;
    const HALF: usize = 16;
    let bytes = text.as_bytes();
    let mut copied = 0;
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    for (n, block) in blocks.iter().enumerate() {
        if !any_byte(block, is_special) {
            continue;
        }
        for (h, half) in block.as_chunks::<HALF>().0.iter().enumerate() {
            let mut bits = special_bits(half, is_special);
            while bits != 0 {
                let at = n * BLOCK + h * HALF + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                escape_at(text, at, replacement, &mut copied, &mut push);
            }
        }
    }
    for at in bytes.len() - rest.len()..bytes.len() {
        escape_at(text, at, replacement, &mut copied, &mut push);
    }
    push(&text[copied..]);
}

/// The bytes of `half` for which `test` holds, as the low 16 bits of a mask (bit `i` for byte
/// `i`). Sixteen bytes, one vector: the compiler turns the test into vector compares and the
/// mask into one `pmovmskb` (over 32 bytes, it writes byte-by-byte code instead).
#[inline(always)]
fn special_bits(half: &[u8; 16], test: impl Fn(u8) -> bool) -> u32 {
    half.iter()
        .enumerate()
        .fold(0, |bits, (i, &b)| bits | u32::from(test(b)) << i)
}

/// The byte at `at` of `text`, if `replacement` has one for it: the run since `copied` and the
/// replacement pushed, `copied` moved past the byte.
#[inline(always)]
fn escape_at(
    text: &str,
    at: usize,
    replacement: fn(u8) -> Option<&'static str>,
    copied: &mut usize,
    push: &mut impl FnMut(&str),
) {
    if let Some(escaped) = replacement(text.as_bytes()[at]) {
        push(&text[*copied..at]);
        push(escaped);
        *copied = at + 1;
    }
}

/// Appends `text` to `out` escaped as quick-xml's `escape` escapes it (`< > & ' "`).
pub(crate) fn push_xml_escaped(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len());
    escape_with(text, is_special, xml_replacement, |piece| {
        out.extend_from_slice(piece.as_bytes())
    });
}

/// Writes `text` to `out` escaped for HTML text and quoted attributes (`& < > " '`, the last as
/// `&#39;`).
pub(crate) fn write_html_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut result = Ok(());
    escape_with(text, is_special, html_replacement, |piece| {
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
        out.extend_from_slice(piece.as_bytes())
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
