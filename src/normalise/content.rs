//! Item content: Markdown and plain text to HTML (pulldown-cmark), sanitised with ammonia so no
//! script or event handler reaches a reader, relative links made absolute against `base_url`;
//! plus the plain-text helpers that titles and summaries are cut from.

use std::borrow::Cow;
use std::ops::Range;

use ammonia::UrlRelative;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;
use url::Url;

use super::statement::squash;

/// Markdown extensions we accept: what GitHub-flavoured statements use.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to (unsanitised) HTML, images as written.
#[cfg(test)]
pub(crate) fn markdown_html(markdown: &str) -> String {
    markdown_html_with(markdown, &mut |_, _| None)
}

/// Renders Markdown to (unsanitised) HTML, each image's destination given to `image` with its
/// byte offset in `markdown`: a `Some` replaces it.
pub(crate) fn markdown_html_with(
    markdown: &str,
    image: &mut dyn FnMut(&str, usize) -> Option<String>,
) -> String {
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    let events = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .map(|(event, at)| match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match image(&dest_url, at.start) {
                    Some(url) => url.into(),
                    None => dest_url,
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        });
    pulldown_cmark::html::push_html(&mut html, events);
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

/// The plain text of a Markdown fragment on one line, white space squashed: what
/// [`squash`]`(`[`markdown_text`]`(markdown))` gives, without parsing a fragment that holds no
/// Markdown syntax (most blocks and short lines of a statement), whose text is its own.
pub(crate) fn markdown_plain_text(markdown: &str) -> String {
    if is_plain_paragraph(markdown) {
        squash(markdown)
    } else {
        squash(&markdown_text(markdown))
    }
}

/// The plain text of each block of a Markdown `body` (as [`markdown_plain_text`] gives it for
/// the block alone) from one parse of the whole body; `ranges` are the blocks' byte ranges in
/// `body`, in order, each a run of non-blank lines. `None` when the body uses something a whole
/// parse may read across blocks (see [`blocks_read_alone`]): the caller then parses each block.
pub(crate) fn markdown_block_texts(body: &str, ranges: &[Range<usize>]) -> Option<Vec<String>> {
    if !blocks_read_alone(body, ranges) {
        return None;
    }
    let mut texts = vec![String::new(); ranges.len()];
    for (event, at) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        let piece: &str = match &event {
            Event::Text(t) | Event::Code(t) => t,
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => " ",
            _ => continue,
        };
        // The block an event starts in; an event between blocks (none carries text) goes to the
        // one before.
        let block = ranges
            .partition_point(|r| r.start <= at.start)
            .saturating_sub(1);
        if let Some(text) = texts.get_mut(block) {
            text.push_str(piece);
        }
    }
    Some(texts.iter().map(|t| squash(t)).collect())
}

/// Whether a parse of the whole body reads each block as a parse of the block alone would:
/// blocks are split where CommonMark splits them too (blank lines of spaces and tabs, no
/// `\r`), and nothing reaches from one block into another: no link reference or footnote
/// definitions (`[`, `[^`), no HTML blocks (`<` opening a line), no fenced code, and no block
/// opening indented (which could continue a list item or be code).
fn blocks_read_alone(body: &str, ranges: &[Range<usize>]) -> bool {
    if body.contains(['\r', '\0']) || body.contains("[^") {
        return false;
    }
    let lines_ok = body.split('\n').all(|line| {
        let rest = line.trim_start_matches([' ', '\t']);
        // A line of other white space (no-break spaces) splits blocks here but not in CommonMark.
        let other_blank = line.trim().is_empty() && !rest.is_empty();
        !other_blank
            && !rest.starts_with(['[', '<'])
            && !rest.starts_with("```")
            && !rest.starts_with("~~~")
    });
    lines_ok
        && ranges
            .iter()
            .all(|r| !body[r.start..].starts_with([' ', '\t']))
}

/// Whether `markdown` can only be a paragraph of plain text, so that its text is the source with
/// white space squashed: no character that inline Markdown, entities, escapes, HTML or tables
/// use anywhere, and no line that could open a heading, list, quote, code block, thematic break
/// or setext underline. Deliberately cautious: anything doubtful takes the parser.
fn is_plain_paragraph(markdown: &str) -> bool {
    let inline_syntax = |b: u8| {
        matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'&'
                | b'~'
                | b'|'
                | b'!'
                | b'\r'
                | b'\t'
                | b'\0'
        )
    };
    !markdown.bytes().any(inline_syntax) && markdown.split('\n').all(is_plain_line_start)
}

/// A line whose start opens no block: indented less than four spaces, and opening with no
/// heading, list, thematic-break or setext marker (`#`, `-`, `+`, `=`, `1.`, `1)`).
fn is_plain_line_start(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() >= 4 || rest.starts_with(['#', '-', '+', '=']) {
        return false;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    !(digits > 0 && rest[digits..].starts_with(['.', ')']))
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
        let document = self.builder.clean(html);
        // Serialised straight into one buffer: `to_string` goes through `Display`, which
        // serialises into a buffer of its own and copies it into the string.
        let mut bytes = Vec::with_capacity(html.len() + html.len() / 8);
        match document.write_to(&mut bytes) {
            Ok(()) => String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(_) => document.to_string(),
        }
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
    // Characters in `out`, kept as it grows (counting `out` again for every word was quadratic).
    let mut chars = 0;
    for word in text.split_word_bounds() {
        let word_chars = word.chars().count();
        if chars + word_chars + 1 > max {
            break;
        }
        out.push_str(word);
        chars += word_chars;
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
    fn plain_text_without_parsing_is_the_parsers_text() {
        let plain = [
            "We call on everyone to join the march.",
            "Paris, 3 May 2024  \n  Signed   by the   committee\u{a0}today",
            "   Three spaces in, then 2024-05-03 and 10.5 % and a # sign",
            "São Paulo — 12 de maio de 2024 (UTC+3) e-mail: x@y.org",
            "الرئيسية . 已有0人发表了评论",
            "",
        ];
        for text in plain {
            assert!(is_plain_paragraph(text), "{text:?}");
            assert_eq!(markdown_plain_text(text), squash(&markdown_text(text)));
        }
        let markdown = [
            "## Heading",
            "Title\n=====",
            "Title\n---",
            "- a\n- b",
            "+ a",
            "1. one",
            "2) two",
            "    indented code",
            "\tcode",
            "> quoted",
            "a *b* c",
            "a_b_c",
            "x &amp; y",
            "back\\slash",
            "[ref]: http://example.org",
            "<div>x</div>",
            "a | b\n--|--\nc | d",
            "~~gone~~",
            "![img](x.png)",
        ];
        for text in markdown {
            assert!(!is_plain_paragraph(text), "{text:?}");
            assert_eq!(markdown_plain_text(text), squash(&markdown_text(text)));
        }
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
