//! Item content: Markdown and plain text to HTML (pulldown-cmark), sanitised with ammonia so no
//! script or event handler reaches a reader, relative links made absolute against `base_url`;
//! plus the plain-text helpers that titles and summaries are cut from.

use std::borrow::Cow;

use ammonia::UrlRelative;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;
use url::Url;

/// Markdown extensions we accept: what GitHub-flavoured statements use.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to (unsanitised) HTML.
pub(crate) fn markdown_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, markdown_options()));
    html
}

/// Appends `<p>text</p>` with the text escaped.
pub(crate) fn push_text_paragraph(html: &mut String, text: &str) {
    html.push_str("<p>");
    // Escaping into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *html, text);
    html.push_str("</p>\n");
}

/// Appends `<p><a href="url">label</a></p>`.
pub(crate) fn push_link_paragraph(html: &mut String, url: &Url, label: &str) {
    html.push_str("<p><a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut *html, url.as_str());
    html.push_str("\">");
    let _ = pulldown_cmark_escape::escape_html(&mut *html, label);
    html.push_str("</a></p>\n");
}

/// The plain text of a Markdown fragment: what a reader would see, without markup.
pub(crate) fn markdown_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            Event::Start(Tag::Image { .. }) => {}
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Sanitises HTML for feeds. Built once per run and shared by every item.
#[derive(Debug)]
pub(crate) struct Sanitiser {
    builder: ammonia::Builder<'static>,
}

/// The prefix given to every `id` in content, so that an item's ids cannot clobber the reader's
/// own page (or another entry's) when entries are shown together.
pub(crate) const ID_PREFIX: &str = "cq-";

/// Resolves relative URLs in content: fragment links (`#note-1`, as footnotes make) stay on the
/// page and follow the id prefix; everything else is made absolute against the base URL,
/// because readers and e-mail services ignore `xml:base`.
struct Relative {
    base: Url,
}

impl<'a> ammonia::UrlRelativeEvaluate<'a> for Relative {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        match url.strip_prefix('#') {
            Some(fragment) => Some(Cow::Owned(format!("#{ID_PREFIX}{fragment}"))),
            None => self.base.join(url).ok().map(|u| Cow::Owned(u.into())),
        }
    }
}

impl Sanitiser {
    pub(crate) fn new(base: &Url) -> Sanitiser {
        let mut builder = ammonia::Builder::default();
        builder
            .url_relative(UrlRelative::Custom(Box::new(Relative {
                base: base.clone(),
            })))
            .add_generic_attributes(["id"])
            .id_prefix(Some(ID_PREFIX));
        Sanitiser { builder }
    }

    pub(crate) fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }
}

/// The first sentence of `text` (Unicode sentence boundaries).
pub(crate) fn first_sentence(text: &str) -> &str {
    text.unicode_sentences().next().unwrap_or(text).trim()
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_word_bounds() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        out.push_str(word);
    }
    let mut out = out
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-(".contains(c))
        .to_owned();
    if out.is_empty() {
        // One very long word: cut inside it.
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises_and_absolutises() {
        let base = Url::parse("https://example.org/statements/").unwrap();
        let s = Sanitiser::new(&base);
        let html = markdown_html(
            "Hi <script>alert(1)</script> [rel](../about/) <img src=x onerror=alert(1)>",
        );
        let clean = s.clean(&html);
        assert!(!clean.contains("script"), "{clean}");
        assert!(!clean.contains("onerror"), "{clean}");
        assert!(
            clean.contains("href=\"https://example.org/about/\""),
            "{clean}"
        );
        assert!(
            clean.contains("src=\"https://example.org/statements/x\""),
            "{clean}"
        );
    }

    #[test]
    fn footnotes_link_within_the_entry() {
        let base = Url::parse("https://example.org/statements/").unwrap();
        let html = Sanitiser::new(&base).clean(&markdown_html("Prices[^p].\n\n[^p]: Up 20%.\n"));
        assert!(html.contains("href=\"#cq-p\""), "{html}");
        assert!(html.contains("id=\"cq-p\""), "{html}");
    }

    #[test]
    fn text_paragraphs_are_escaped() {
        let mut html = String::new();
        push_text_paragraph(&mut html, "R&D < 3 \"quoted\"");
        assert_eq!(html, "<p>R&amp;D &lt; 3 &quot;quoted&quot;</p>\n");
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(markdown_text("## A *b* `c`"), "A b c");
        assert_eq!(
            markdown_text("[link](http://x) and **bold**"),
            "link and bold"
        );
    }

    #[test]
    fn shortening() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(
            shorten("Nos últimos dias, o mundo", 18),
            "Nos últimos dias…"
        );
        assert_eq!(shorten("abcdefghijkl", 5), "abcd…");
        assert!(shorten(&"palavra ".repeat(40), 90).chars().count() <= 90);
    }

    #[test]
    fn sentences() {
        assert_eq!(first_sentence("One thing. Another."), "One thing.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
