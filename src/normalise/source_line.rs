//! Where a statement says what it republishes: a `[Source]` marker (rule `source-marker`), or a
//! `Source: URL` line near the top (rule `source-line`), in many languages.
//!
//! A marker is turned into a link to the item's `source`; a source line also gives that link
//! when the front matter has none. Neither is shown as text.

use std::sync::LazyLock;

use url::Url;

use super::month_names::fold;

/// Words used for "source" by statements, by language (compared after [`fold`]).
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
    "مصدر",
    "מקור",
    "origem",
    "original",
    "original source",
    "source originale",
    "fonte original",
    "fuente original",
    "originalquelle",
    "fonte originale",
    "первоисточник",
    "оригинал",
    "originally published",
    "originally published at",
    "publicado originalmente",
    "publicado originalmente em",
    "publicado originalmente en",
    "publié sur",
    "publié initialement sur",
    "zuerst veröffentlicht",
    "erstveröffentlichung",
    "pubblicato su",
    "pubblicato originariamente su",
    "опубликовано",
    // zh, ja, ko, el, fa, sv, id: a republished statement's origin
    "来源",
    "來源",
    "转载自",
    "轉載自",
    "转自",
    "原文",
    "原文链接",
    "出处",
    "出典",
    "출처",
    "πηγή",
    "منبع",
    "källa",
    "sumber",
];

static FOLDED_SOURCE_WORDS: LazyLock<Vec<String>> =
    LazyLock::new(|| SOURCE_WORDS.iter().map(|w| fold(w)).collect());

fn is_source_word(word: &str) -> bool {
    let folded = fold(word.trim());
    FOLDED_SOURCE_WORDS.contains(&folded)
}

/// Rule `source-marker`: a block that is only `[Source]` (in one of several languages). Returns
/// the word inside the brackets.
pub(crate) fn source_marker(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    is_source_word(inner).then(|| inner.to_owned())
}

/// Rule `source-line`: a line that names a source and gives its URL, as people write it:
/// `Source: https://…`, `Fonte : https://…` (French spacing too), `**Fuente:** <https://…>`,
/// `[Источник] https://…`, `[Quelle]: https://…`, `[Source](https://…)`. `source` is the line as
/// written (Markdown included). Returns the word and the URL.
pub(crate) fn source_line(source: &str) -> Option<(String, Url)> {
    let s = source.trim();
    let (word, rest) = if let Some(inner) = s.strip_prefix('[') {
        let (word, rest) = inner.split_once(']')?;
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix('(') {
            Some(link) => link.strip_suffix(')')?,
            None => rest.strip_prefix([':', '：']).unwrap_or(rest),
        };
        (word, rest)
    } else {
        let (word, rest) = split_at_colon(s)?;
        // `**Source:** URL`: the emphasis closes after the colon.
        let rest = rest.trim_start_matches(['*', '_']);
        (word, rest)
    };
    let word = word.trim().trim_matches(['*', '_']).trim();
    // The longest source word is a few words long; a paragraph with a colon is not one.
    if word.len() > 80 || !is_source_word(word) {
        return None;
    }
    let url = link_target(rest.trim())?;
    Some((word.to_owned(), url))
}

/// `s.split_once([':', '：'])`, each colon found by the `memchr` crate's vector search (a
/// pattern of two characters decodes every character of a paragraph that holds neither, the
/// standard library's search for one looks at a word at a time, and this runs on every block).
pub(super) fn split_at_colon(s: &str) -> Option<(&str, &str)> {
    static WIDE_COLON: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("："));
    let bytes = s.as_bytes();
    // Both are whole characters of valid UTF-8, so a match starts on a character boundary.
    let ascii = memchr::memchr(b':', bytes);
    let wide = WIDE_COLON.find(&bytes[..ascii.unwrap_or(s.len())]);
    let (at, width) = match wide {
        Some(w) => (w, '：'.len_utf8()),
        None => (ascii?, 1),
    };
    Some((&s[..at], &s[at + width..]))
}

/// The URL in what follows the word: bare, `<…>`, or a Markdown link `[text](…)`.
fn link_target(s: &str) -> Option<Url> {
    let s = if let Some(inner) = s.strip_prefix('<') {
        inner.strip_suffix('>')?
    } else if let Some((_, target)) = s.strip_prefix('[').and_then(|r| r.split_once("](")) {
        target.strip_suffix(')')?
    } else {
        s
    };
    let s = s.trim().trim_end_matches(['.', ',', ';']);
    if s.is_empty() || s.contains(char::is_whitespace) {
        return None;
    }
    Url::parse(s)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        #[test]
        fn colon_split_agrees_with_split_once(s in "[a:：é ]{0,12}") {
            proptest::prop_assert_eq!(split_at_colon(&s), s.split_once([':', '：']));
        }
    }

    #[test]
    fn markers() {
        assert_eq!(source_marker(" [Fonte] ").as_deref(), Some("Fonte"));
        assert_eq!(source_marker("[Источник]").as_deref(), Some("Источник"));
        assert_eq!(source_marker("[المصدر]").as_deref(), Some("المصدر"));
        assert_eq!(source_marker("[1]"), None);
        assert_eq!(source_marker("Source"), None);
    }

    #[test]
    fn source_lines_in_many_shapes_and_languages() {
        let url = "https://example.net/a/b?x=1";
        let cases = [
            (format!("Source: {url}"), "Source"),
            (format!("Fonte: {url}"), "Fonte"),
            (format!("Fuente:{url}"), "Fuente"),
            (format!("Source\u{a0}: {url}"), "Source"),
            (format!("Quelle : <{url}>"), "Quelle"),
            (format!("**Источник:** {url}"), "Источник"),
            (format!("**Источник**: {url}"), "Источник"),
            (format!("[Source] {url}"), "Source"),
            (format!("[Quelle]: {url}"), "Quelle"),
            (format!("[Fonte]({url})"), "Fonte"),
            (format!("Fonte: [{url}]({url})"), "Fonte"),
            (format!("المصدر: {url}"), "المصدر"),
            (format!("转载自：{url}"), "转载自"),
            (format!("來源：{url}"), "來源"),
            (format!("Πηγή: {url}"), "Πηγή"),
            (format!("منبع: {url}"), "منبع"),
            (
                format!("Originally published at: {url}."),
                "Originally published at",
            ),
        ];
        for (line, word) in cases {
            let (w, u) = source_line(&line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((w.as_str(), u.as_str()), (word, url), "{line}");
        }
    }

    #[test]
    fn not_source_lines() {
        for line in [
            "Source: the workers themselves",
            "Source: ftp://example.net/x",
            "Note: https://example.net/",
            "Source https://example.net/",
            "Source: https://example.net/ and more",
            "[Source]",
            "Source:",
            "",
        ] {
            assert_eq!(source_line(line), None, "{line}");
        }
    }
}
