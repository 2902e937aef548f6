//! [`UrlText`]: an absolute URL kept as its text, for the URLs the program only ever writes out
//! (an item's page, a translation's, a document's): made from a parsed [`Url`], or from the
//! item cache's text when a cheap check shows it is `base_url` followed by a path the URL parser
//! would keep as it is.
//!
//! Parsing every cached page URL again (scheme, host, each path character) was a tenth of the
//! instructions of a build after one added item at 10,000 items; the rest of the program reads
//! these URLs as text only.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use url::Url;

/// An absolute URL as [`Url`] serialises it: only ever made from a [`Url`], or by
/// [`UrlText::under`] from text that parses to itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UrlText(String);

impl UrlText {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `text` as a URL when it is `base` (a URL of the `http` or `https` scheme with no query
    /// or fragment, its path ending in `/`) followed by a path the URL parser keeps as it is;
    /// the text back when it is not, or when that cannot be told cheaply (for the caller to
    /// parse).
    ///
    /// The path may hold only ASCII letters and digits, `-._~!$&'()*+,;=:@/` and `%` followed by
    /// two hex digits (every one of them left alone in a path of these schemes, none of them
    /// starting a query or fragment), and no segment the parser removes (`.`, `..`, spelt
    /// with `%2e` or not).
    pub fn under(base: &Url, text: String) -> Result<UrlText, String> {
        let plain_base = matches!(base.scheme(), "http" | "https")
            && base.query().is_none()
            && base.fragment().is_none()
            && base.path().ends_with('/');
        let kept = plain_base
            && text
                .strip_prefix(base.as_str())
                .is_some_and(|path| path.as_bytes().split(|&b| b == b'/').all(kept_segment));
        if kept {
            Ok(UrlText(text))
        } else {
            Err(text)
        }
    }
}

/// Whether the URL parser keeps a path segment as it is: no dot segment it would resolve, and
/// every byte one it leaves alone (a `%` only before two hex digits).
fn kept_segment(segment: &[u8]) -> bool {
    !is_dot_segment(segment) && kept_bytes(segment)
}

/// The bytes a path of the `http` and `https` schemes keeps as they are, `%` aside: ASCII
/// letters and digits and `-._~!$&'()*+,;=:@` (no space, quote, `<>`, backtick, `{}`, `\`,
/// `?` or `#`, no control or non-ASCII byte).
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0;
    while b < 256 {
        plain[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let marks = b"-._~!$&'()*+,;=:@";
    let mut i = 0;
    while i < marks.len() {
        plain[marks[i] as usize] = true;
        i += 1;
    }
    plain
};

/// Whether every byte of a segment is one the parser leaves alone, a `%` only before two hex
/// digits. A table rather than a comparison per byte: 10,000 page URLs are checked a run.
fn kept_bytes(segment: &[u8]) -> bool {
    let mut at = 0;
    while let Some(&b) = segment.get(at) {
        if b == b'%' {
            let hex = segment.get(at + 1..at + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            at += 3;
        } else if PLAIN[usize::from(b)] {
            at += 1;
        } else {
            return false;
        }
    }
    true
}

/// A segment the URL parser removes or resolves (its single and double dot segments).
fn is_dot_segment(segment: &[u8]) -> bool {
    // Every spelling is at most six bytes and starts with `.` or `%`: most segments are told
    // by their first byte.
    matches!(segment.first(), Some(b'.' | b'%'))
        && segment.len() <= 6
        && [&b"."[..], b"..", b"%2e", b".%2e", b"%2e.", b"%2e%2e"]
            .iter()
            .any(|dots| segment.eq_ignore_ascii_case(dots))
}

impl From<Url> for UrlText {
    fn from(url: Url) -> UrlText {
        UrlText(url.into())
    }
}

impl fmt::Display for UrlText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// As [`Url`] does: the text.
impl Serialize for UrlText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// As [`Url`] does: parsed.
impl<'de> Deserialize<'de> for UrlText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<UrlText, D::Error> {
        Url::deserialize(d).map(UrlText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://example.org/statements/").unwrap()
    }

    /// What the parser makes of `text`, as text.
    fn parsed(text: &str) -> Option<String> {
        Url::parse(text).ok().map(String::from)
    }

    #[test]
    fn a_plain_page_url_under_the_base_is_taken_as_it_is() {
        for text in [
            "https://example.org/statements/",
            "https://example.org/statements/2026/a-b_c.d~e/",
            "https://example.org/statements/2026/caf%C3%A9/",
            "https://example.org/statements/2026/x!$&'()*+,;=:@/",
            "https://example.org/statements/2026/..a/",
        ] {
            let kept = UrlText::under(&base(), text.to_owned()).ok().map(|u| u.0);
            assert_eq!(kept.as_deref(), Some(text));
            assert_eq!(parsed(text).as_deref(), Some(text));
        }
    }

    #[test]
    fn text_the_parser_would_change_or_refuse_is_left_to_it() {
        for text in [
            "https://example.org/other/2026/a/",
            "https://example.org/statements/2026/a b/",
            "https://example.org/statements/2026/café/",
            "https://example.org/statements/2026/a?q/",
            "https://example.org/statements/2026/a#f/",
            "https://example.org/statements/2026/a\\b/",
            "https://example.org/statements/2026/%zz/",
            "https://example.org/statements/2026/%2/",
            "https://example.org/statements/2026/../a/",
            "https://example.org/statements/2026/./a/",
            "https://example.org/statements/2026/%2E%2e/a/",
            "https://example.org/statements/2026/.%2E",
            "https://example.org/statements/2026/{a}/",
            "https://example.org/statements/2026/a\u{7f}/",
            "not a url",
        ] {
            assert_eq!(
                UrlText::under(&base(), text.to_owned()).ok(),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn a_base_with_a_query_fragment_or_other_scheme_takes_nothing() {
        for base in [
            "https://example.org/statements/?x",
            "https://example.org/statements/#x",
            "https://example.org/statements",
            "ftp://example.org/statements/",
        ] {
            let base = Url::parse(base).unwrap();
            let text = format!("{}2026/a/", base.as_str());
            assert_eq!(UrlText::under(&base, text).ok(), None, "{base}");
        }
    }

    #[test]
    fn it_reads_and_writes_as_the_url_does() {
        let url = Url::parse("https://example.org/a%20b/").unwrap();
        let text = UrlText::from(url.clone());
        assert_eq!(text.as_str(), url.as_str());
        assert_eq!(text.to_string(), url.to_string());
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            serde_json::to_string(&url).unwrap()
        );
        let back: UrlText = serde_json::from_str("\"https://example.org/a%20b/\"").unwrap();
        assert_eq!(back, text);
        assert!(serde_json::from_str::<UrlText>("\"not a url\"").is_err());
    }

    proptest::proptest! {
        /// Whatever text it takes, the parser gives back unchanged.
        #[test]
        fn what_it_takes_parses_to_itself(path in "[a-zA-Z0-9%./~:@!$&'()*+,;=_-]{0,24}") {
            let text = format!("{}{path}", base().as_str());
            if let Ok(kept) = UrlText::under(&base(), text.clone()) {
                proptest::prop_assert_eq!(parsed(&text), Some(kept.0));
            }
        }
    }
}
