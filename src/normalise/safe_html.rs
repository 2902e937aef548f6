//! Sanitised HTML written straight from pulldown-cmark's events: byte for byte what
//! [`Sanitiser::clean`](super::content::Sanitiser::clean) makes of `push_html(events)`
//! (ammonia parsing pulldown-cmark's HTML again with html5ever, dropping what its allow-list
//! refuses and serialising the tree), without that second parse and serialisation.
//!
//! Hand-written because no crate sanitises pulldown-cmark's events (ammonia and its peers take
//! HTML text). The writer follows pulldown-cmark's own `HtmlWriter` event by event (the same
//! tags, the same newlines between blocks, footnotes numbered in the same order) and writes of
//! each tag what ammonia keeps, as html5ever serialises it:
//!
//! - dropped: the task-list `<input>` (the newline after it stays), `class` (code-block
//!   languages, footnotes) and `style` (table column alignment);
//! - `href` and `src` kept as written when absolute with a scheme ammonia allows, resolved by
//!   the sanitiser's own resolver when relative (fragments take the id prefix, the rest is
//!   joined to the base URL), dropped otherwise; every link gets ammonia's `rel` last;
//! - ids take the `cq-` prefix (unless they have it);
//! - text escaped as html5ever escapes it (`&`, `<`, `>`, no-break space; `"` too in
//!   attribute values), void elements (`br`, `hr`, `img`) without a slash.
//!
//! Safety never depends on this writer being complete: whatever it is not sure of ends it with
//! [`Unsure`], and the caller takes the slow path (push_html, then ammonia). Unsure: raw HTML
//! (`Html`, `InlineHtml`, HTML blocks); a link inside a link (html5ever's adoption agency would
//! move it); a carriage return or NUL in any text (html5ever's input stream rewrites them);
//! heading attributes and the extensions not enabled (math, definition lists, super- and
//! subscript, metadata blocks); a relative URL the resolver refuses (ammonia then reorders the
//! attributes); and any allow-list that differs from the one this writer was written for
//! ([`Policy::of`]).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use url::Url;

use super::content::ID_PREFIX;
use crate::types::text::BLOCK;

/// The writer met something it cannot promise to write as ammonia would.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unsure;

/// What the writer needs of the sanitiser's configuration: the URL schemes it allows and the
/// `rel` it gives links.
#[derive(Debug)]
pub(crate) struct Policy {
    schemes: HashSet<&'static str>,
    rel: String,
}

/// Tags the writer writes, each of which ammonia's allow-list must keep.
const TAGS: [&str; 24] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "pre",
    "code",
    "ol",
    "ul",
    "li",
    "em",
    "strong",
    "del",
    "a",
    "sup",
];

/// Tags (and attributes) the writer writes too, kept with the attributes it gives them.
const MORE_TAGS: [&str; 5] = ["img", "br", "hr", "div", "input"];

impl Policy {
    /// The policy of a configured ammonia builder, when it is the one this writer was written
    /// for: every tag above kept, `<input>` dropped, the attributes the writer keeps allowed
    /// and the ones it drops refused, no attribute filters or class lists, a `rel` for links.
    /// `None` otherwise: then every body takes the slow path.
    pub(crate) fn of(builder: &ammonia::Builder<'static>) -> Option<Policy> {
        let tags = builder.clone_tags();
        let generic = builder.clone_generic_attributes();
        let by_tag = builder.clone_tag_attributes();
        let allows = |tag: &str, attr: &str| {
            generic.contains(attr) || by_tag.get(tag).is_some_and(|a| a.contains(attr))
        };
        let writable = TAGS.iter().chain(&MORE_TAGS[..4]).all(|t| tags.contains(t))
            && !tags.contains("input")
            && !builder.clone_clean_content_tags().contains("input")
            && allows("a", "href")
            && allows("a", "title")
            && allows("img", "src")
            && allows("img", "alt")
            && allows("img", "title")
            && allows("ol", "start")
            && allows("div", "id")
            && TAGS
                .iter()
                .chain(&MORE_TAGS)
                .all(|t| !allows(t, "class") && !allows(t, "style") && !allows(t, "rel"))
            && builder.clone_generic_attribute_prefixes().is_none()
            && builder.clone_tag_attribute_values().is_empty()
            && builder.clone_set_tag_attribute_values().is_empty()
            && builder.clone_allowed_classes().is_empty()
            && builder.is_url_relative_custom();
        let rel = builder.get_link_rel()?;
        writable.then(|| Policy {
            schemes: builder.clone_url_schemes(),
            rel: rel.to_owned(),
        })
    }
}

/// Writes the sanitised HTML of `events` into `out`; `resolve` is the sanitiser's resolver of
/// relative URLs. On [`Unsure`], `out` holds a part of the HTML: the caller starts again.
pub(crate) fn write<'e>(
    events: &'e [Event<'e>],
    policy: &Policy,
    resolve: &dyn Fn(&str) -> Option<String>,
    out: &mut String,
) -> Result<(), Unsure> {
    let mut writer = Writer {
        out,
        policy,
        resolve,
        end_newline: true,
        table_head: false,
        links: 0,
        numbers: HashMap::new(),
    };
    writer.run(events)
}

struct Writer<'o, 'p, 'e> {
    out: &'o mut String,
    policy: &'p Policy,
    resolve: &'p dyn Fn(&str) -> Option<String>,
    /// Whether pulldown-cmark's HTML would end with a newline here (it then opens a block
    /// without one).
    end_newline: bool,
    /// In a table's head row (`th`) rather than its body (`td`).
    table_head: bool,
    /// Links open: a link inside one is [`Unsure`].
    links: usize,
    /// Footnote numbers by name, in the order pulldown-cmark gives them.
    numbers: HashMap<&'e str, usize>,
}

impl<'e> Writer<'_, '_, 'e> {
    fn run(&mut self, events: &'e [Event<'e>]) -> Result<(), Unsure> {
        let mut i = 0;
        while let Some(event) = events.get(i) {
            i += 1;
            match event {
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => i = self.image(dest_url, title, events, i)?,
                Event::Start(tag) => self.start(tag)?,
                Event::End(tag) => self.end(*tag)?,
                Event::Text(text) => {
                    push_text(self.out, text)?;
                    self.end_newline = text.ends_with('\n');
                }
                Event::Code(text) => {
                    self.write("<code>");
                    push_text(self.out, text)?;
                    self.write("</code>");
                }
                Event::SoftBreak => self.write("\n"),
                Event::HardBreak => self.write("<br>\n"),
                Event::Rule => self.write_block("<hr>\n"),
                Event::FootnoteReference(name) => self.footnote_reference(name)?,
                // The `<input>` is dropped; the newline pulldown-cmark writes after it stays.
                Event::TaskListMarker(_) => self.write("\n"),
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => return Err(Unsure),
            }
        }
        Ok(())
    }

    /// Writes markup, noting (as pulldown-cmark does) whether it ends a line.
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.is_empty() {
            self.end_newline = s.ends_with('\n');
        }
    }

    /// Writes a block's opening markup, after a newline when the HTML does not end with one.
    fn write_block(&mut self, s: &str) {
        if !self.end_newline {
            self.out.push('\n');
        }
        self.write(s);
    }

    fn start(&mut self, tag: &'e Tag<'e>) -> Result<(), Unsure> {
        match tag {
            Tag::Paragraph => self.write_block("<p>"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                if id.is_some() || !classes.is_empty() || !attrs.is_empty() {
                    return Err(Unsure);
                }
                self.write_block(&format!("<{level}>"));
            }
            Tag::Table(_) => self.write("<table>"),
            Tag::TableHead => {
                self.table_head = true;
                self.write("<thead><tr>");
            }
            Tag::TableRow => self.write("<tr>"),
            Tag::TableCell => self.write(if self.table_head { "<th>" } else { "<td>" }),
            Tag::BlockQuote(_) => self.write_block("<blockquote>\n"),
            Tag::CodeBlock(_) => self.write_block("<pre><code>"),
            Tag::List(Some(1)) => self.write_block("<ol>\n"),
            Tag::List(Some(start)) => self.write_block(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.write_block("<ul>\n"),
            Tag::Item => self.write_block("<li>"),
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                if self.links > 0 {
                    return Err(Unsure);
                }
                self.links += 1;
                let mut href = String::new();
                if *link_type == LinkType::Email {
                    href.push_str("mailto:");
                }
                href.push_str(&href_value(dest_url));
                self.write("<a");
                self.url_attribute("href", &href)?;
                if !title.is_empty() {
                    self.attribute("title", title)?;
                }
                let policy = self.policy;
                self.attribute("rel", &policy.rel)?;
                self.write(">");
            }
            Tag::FootnoteDefinition(name) => {
                let number = self.number(name);
                self.write_block("<div");
                let id = if name.starts_with(ID_PREFIX) {
                    name.to_string()
                } else {
                    format!("{ID_PREFIX}{name}")
                };
                self.attribute("id", &id)?;
                self.write(&format!("><sup>{number}</sup>"));
            }
            Tag::Image { .. }
            | Tag::HtmlBlock
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => return Err(Unsure),
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) -> Result<(), Unsure> {
        match tag {
            TagEnd::Paragraph => self.write("</p>\n"),
            TagEnd::Heading(level) => self.write(&format!("</{level}>\n")),
            TagEnd::Table => self.write("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.write("</tr></thead><tbody>\n");
                self.table_head = false;
            }
            TagEnd::TableRow => self.write("</tr>\n"),
            TagEnd::TableCell => self.write(if self.table_head { "</th>" } else { "</td>" }),
            TagEnd::BlockQuote(_) => self.write("</blockquote>\n"),
            TagEnd::CodeBlock => self.write("</code></pre>\n"),
            TagEnd::List(true) => self.write("</ol>\n"),
            TagEnd::List(false) => self.write("</ul>\n"),
            TagEnd::Item => self.write("</li>\n"),
            TagEnd::Emphasis => self.write("</em>"),
            TagEnd::Strong => self.write("</strong>"),
            TagEnd::Strikethrough => self.write("</del>"),
            TagEnd::Link => {
                self.links = self.links.saturating_sub(1);
                self.write("</a>");
            }
            TagEnd::FootnoteDefinition => self.write("</div>\n"),
            TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => return Err(Unsure),
        }
        Ok(())
    }

    /// A footnote's number: the one it was given, or the next.
    fn number(&mut self, name: &'e str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(name).or_insert(next)
    }

    fn footnote_reference(&mut self, name: &'e str) -> Result<(), Unsure> {
        if self.links > 0 {
            return Err(Unsure);
        }
        let number = self.number(name);
        self.write("<sup><a");
        self.url_attribute("href", &format!("#{name}"))?;
        let policy = self.policy;
        self.attribute("rel", &policy.rel)?;
        self.write(&format!(">{number}</a></sup>"));
        Ok(())
    }

    /// An image (`<img src alt title>`) and its alt text, the plain text of the events up to
    /// its end (as pulldown-cmark writes it); returns the index after the image's end.
    fn image(
        &mut self,
        dest_url: &str,
        title: &str,
        events: &'e [Event<'e>],
        mut i: usize,
    ) -> Result<usize, Unsure> {
        let mut alt = String::new();
        let mut nest = 0usize;
        while let Some(event) = events.get(i) {
            i += 1;
            match event {
                Event::Start(_) => nest += 1,
                Event::End(_) => {
                    if nest == 0 {
                        break;
                    }
                    nest -= 1;
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(text),
                Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
                Event::FootnoteReference(name) => {
                    let number = self.number(name);
                    alt.push_str(&format!("[{number}]"));
                }
                Event::TaskListMarker(true) => alt.push_str("[x]"),
                Event::TaskListMarker(false) => alt.push_str("[ ]"),
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => return Err(Unsure),
            }
        }
        self.write("<img");
        self.url_attribute("src", &href_value(dest_url))?;
        self.attribute("alt", &alt)?;
        if !title.is_empty() {
            self.attribute("title", title)?;
        }
        self.write(">");
        Ok(i)
    }

    /// ` name="value"`, the value escaped as html5ever escapes attributes.
    fn attribute(&mut self, name: &str, value: &str) -> Result<(), Unsure> {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_escaped(self.out, value, true)?;
        self.out.push('"');
        Ok(())
    }

    /// A URL attribute as ammonia leaves it: kept when absolute with an allowed scheme,
    /// resolved when relative, left out when neither (see `Builder::clean_child` and
    /// `adjust_node_attributes` in ammonia, which take the same two `Url::parse` answers).
    fn url_attribute(&mut self, name: &str, value: &str) -> Result<(), Unsure> {
        match Url::parse(value) {
            Ok(url) => {
                if self.policy.schemes.contains(url.scheme()) {
                    self.attribute(name, value)?;
                }
                Ok(())
            }
            Err(url::ParseError::RelativeUrlWithoutBase) => match (self.resolve)(value) {
                Some(resolved) => self.attribute(name, &resolved),
                None => Err(Unsure),
            },
            Err(_) => Ok(()),
        }
    }
}

/// The value html5ever reads from pulldown-cmark's `escape_href` of `url`: that, with the two
/// entities it writes (`&amp;`, `&#x27;`) read back.
fn href_value(url: &str) -> String {
    let mut escaped = String::with_capacity(url.len());
    // Escaping into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut escaped, url);
    if escaped.contains('&') {
        escaped.replace("&amp;", "&").replace("&#x27;", "'")
    } else {
        escaped
    }
}

/// Appends text as html5ever serialises a text node.
fn push_text(out: &mut String, text: &str) -> Result<(), Unsure> {
    push_escaped(out, text, false)
}

/// Appends `text` escaped as html5ever's serialiser escapes it (`&`, `<`, `>`, no-break space,
/// and `"` in an attribute); [`Unsure`] on a carriage return or NUL, which html5ever's input
/// stream would have rewritten or dropped. A byte scan: a no-break space is the only character
/// outside ASCII it escapes, and it is the only one whose UTF-8 starts with `0xC2 0xA0`.
///
/// Every byte of every item's text passes here, and the bytes it looks at are rare in running
/// text, so the text is looked at 32 bytes at a time with a test of each byte alone that the
/// compiler turns into vector instructions ([`may_escape`] through `types::text::any_byte`);
/// a block holding such a byte is tested again with the byte after each of its bytes, in
/// vectors too ([`escapes_in`]), and only a block that passes both is looked at byte by byte.
/// The second test reads the byte after a `0xC2` and `"` only in an attribute, so that a `«`,
/// `°` or `§` (common in Latin text, and led by `0xC2` too) or a quotation mark in text does not
/// send its block byte by byte. The last bytes, fewer than a block, are tested the same way in
/// a copy padded with `a` (which is never escaped): a short text is not read byte by byte
/// unless it holds something to escape. A no-break space across two blocks is read whole from
/// the text, so the blocks change nothing but the speed.
fn push_escaped(out: &mut String, text: &str, attribute: bool) -> Result<(), Unsure> {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(window) = bytes.get(at..at + BLOCK + 1) {
        if escapes_in(window, attribute) {
            escape_run(out, text, at..at + BLOCK, attribute, &mut copied)?;
        }
        at += BLOCK;
    }
    let rest = &bytes[at..];
    let mut padded = [b'a'; BLOCK + 1];
    padded[..rest.len()].copy_from_slice(rest);
    if escapes_in(&padded, attribute) {
        escape_run(out, text, at..bytes.len(), attribute, &mut copied)?;
    }
    out.push_str(&text[copied..]);
    Ok(())
}

/// Whether [`escape_run`] may act on one of the first [`BLOCK`] bytes of `window`
/// (which holds one more): [`may_escape`] of each byte alone, then [`escapes_at`] of each byte
/// and the one after it.
#[inline(always)]
fn escapes_in(window: &[u8], attribute: bool) -> bool {
    use crate::types::text::{any_byte, block_at};
    let (first, second) = (block_at::<BLOCK>(window, 0), block_at::<BLOCK>(window, 1));
    any_byte(first, may_escape)
        && (0..BLOCK).fold(0u8, |any, i| {
            any | u8::from(escapes_at(first[i], second[i], attribute))
        }) != 0
}

/// Escapes the bytes of `text` in `run` one by one, as [`push_escaped`] does: text up to an
/// escaped character is appended from `copied` on, and `copied` moves past it.
fn escape_run(
    out: &mut String,
    text: &str,
    run: std::ops::Range<usize>,
    attribute: bool,
    copied: &mut usize,
) -> Result<(), Unsure> {
    let bytes = text.as_bytes();
    for i in run {
        // A no-break space's second byte is escaped with its first: never read it again.
        if i < *copied {
            continue;
        }
        let (escape, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attribute => ("&quot;", 1),
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => ("&nbsp;", 2),
            b'\r' | b'\0' => return Err(Unsure),
            _ => continue,
        };
        // `i` is at an ASCII byte or the start of a no-break space: a character boundary.
        out.push_str(&text[*copied..i]);
        out.push_str(escape);
        *copied = i + width;
    }
    Ok(())
}

/// A byte [`escape_run`] looks at: `&`, `<`, `>`, `"`, CR, NUL and `0xC2`. Bitwise operators,
/// not `||`, so that the test has no branch and a block of them becomes vector instructions.
#[inline(always)]
fn may_escape(b: u8) -> bool {
    (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\r') | (b == 0) | (b == 0xC2)
}

/// Whether [`escape_run`] acts on byte `b`, followed by `next`: `&`, `<`, `>`, `"` in an
/// attribute, CR, NUL, and `0xC2 0xA0` (a no-break space). Bitwise, as [`may_escape`].
#[inline(always)]
fn escapes_at(b: u8, next: u8, attribute: bool) -> bool {
    (b == b'&')
        | (b == b'<')
        | (b == b'>')
        | ((b == b'"') & attribute)
        | (b == b'\r')
        | (b == 0)
        | ((b == 0xC2) & (next == 0xA0))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use url::Url;

    use std::ops::Range;

    use super::super::content::{
        markdown_events_with, parse_with_offsets, push_link_paragraph, push_link_paragraph_events,
        push_text_paragraph, push_text_paragraph_events, ParsedBody, Sanitiser,
    };
    use super::super::statement::Statement;
    use crate::collect::Format;

    fn sanitiser() -> Sanitiser {
        Sanitiser::new(&Url::parse("https://example.org/statements/").unwrap())
    }

    /// The fast writer's HTML of `markdown` (`None`: unsure) and ammonia's.
    fn both(markdown: &str) -> (Option<String>, String) {
        let s = sanitiser();
        let events = markdown_events_with(markdown, &mut |_, _| None);
        (s.fast_html_of(&events, 0), s.slow_html_of(&events, 0))
    }

    /// Asserts the fast writer is sure of `markdown` and writes what ammonia writes; returns it.
    fn same(markdown: &str) -> String {
        let (fast, slow) = both(markdown);
        assert_eq!(fast.as_deref(), Some(slow.as_str()), "{markdown:?}");
        slow
    }

    #[test]
    fn the_bundled_allow_list_is_the_one_the_writer_knows() {
        assert!(sanitiser().has_fast_path());
    }

    #[test]
    fn task_list_inputs_are_dropped_with_their_newline_kept() {
        let html = same("- [ ] open\n- [x] done\n");
        assert_eq!(html, "<ul>\n<li>\nopen</li>\n<li>\ndone</li>\n</ul>\n");
    }

    #[test]
    fn table_alignment_styles_are_dropped() {
        let html = same("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert!(!html.contains("style"), "{html}");
        assert!(html.contains("<th>a</th>"), "{html}");
        same("| only | head |\n|---|---|\n");
    }

    #[test]
    fn code_block_languages_are_dropped() {
        let html = same("```rust\nlet a = 1 < 2 && \"x\";\n```\n");
        assert_eq!(
            html,
            "<pre><code>let a = 1 &lt; 2 &amp;&amp; \"x\";\n</code></pre>\n"
        );
        same("    indented <code>\n\ntext\n\n~~~\nfenced\n~~~");
    }

    #[test]
    fn footnotes_lose_their_classes_and_take_the_id_prefix() {
        let html = same("Prices[^p] rose[^cq-q].\n\n[^p]: Up 20%.\n[^cq-q]: Already prefixed.\n");
        assert!(html.contains("<sup><a href=\"#cq-p\" rel=\"noopener noreferrer\">1</a></sup>"));
        assert!(html.contains("<div id=\"cq-p\"><sup>1</sup>"), "{html}");
        assert!(html.contains("<div id=\"cq-q\">") || html.contains("id=\"cq-cq-q\""));
        assert!(!html.contains("class"), "{html}");
    }

    #[test]
    fn links_get_rel_and_refused_schemes_lose_their_href() {
        let html =
            same("[a](javascript:alert(1)) [b](https://x.org/?a=1&b='2') [c](../up \"T&\\\"\")");
        assert!(
            html.contains("<a rel=\"noopener noreferrer\">a</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://x.org/?a=1&amp;b='2'\" rel=\"noopener noreferrer\">"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://example.org/up\" title=\"T&amp;&quot;\" rel="),
            "{html}"
        );
        same("[d](data:text/html,x) [e](VBScript:x) [f](mailto:a@b.c) <a@b.c> <https://é.org/ü>");
        same("[g](http://[bad) [h](http://a:99999/) [i](#frag) [j](//host/x) [k](?q) [l](<a b>)");
    }

    #[test]
    fn disguised_scripts_lose_their_urls_as_in_ammonia() {
        for markdown in [
            "[a](&#106;avascript:alert(1))",
            "[a](<java\tscript:x>)",
            "[a](JAVASCRIPT:x) ![b](javascript:x) <javascript:alert(1)>",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "[a](\"onmouseover=alert(1)) [b](x \"t\\\" onclick=y\")",
        ] {
            let html = same(markdown);
            assert!(!html.contains("=\"javascript:"), "{html}");
            assert!(!html.contains("=\"data:"), "{html}");
            assert!(!html.contains("\" on"), "{html}");
        }
    }

    #[test]
    fn images_are_void_with_their_alt_text() {
        let html = same("![A *b* `c` & \"d\"](pic.png \"The title\") ![](javascript:x)");
        assert_eq!(
            html,
            "<p><img src=\"https://example.org/statements/pic.png\" alt=\"A b c &amp; &quot;d&quot;\" \
             title=\"The title\"> <img alt=\"\"></p>\n"
        );
        same("![x[^n]](a.png)\n\n[^n]: note");
    }

    #[test]
    fn text_is_escaped_as_html5ever_escapes_it() {
        let html = same(
            "R&D < 3 > 2 \"q\" 'a' \u{a0}nbsp &nbsp; &copy; &#x27; é 日本\\\nnext  \nend\n\n***\n",
        );
        assert_eq!(
            html,
            "<p>R&amp;D &lt; 3 &gt; 2 \"q\" 'a' &nbsp;nbsp &nbsp; © ' é 日本<br>\nnext<br>\nend</p>\n<hr>\n"
        );
    }

    #[test]
    fn what_the_writer_is_unsure_of_takes_ammonia() {
        for markdown in [
            "<div>raw</div>",
            "a <b>inline</b> c",
            "<!-- comment -->",
            "[a link <https://x.org/in/a/link>](https://x.org)",
            "a &#13; carriage return",
            "![alt <b>x</b>](p.png)",
        ] {
            let (fast, _) = both(markdown);
            assert_eq!(fast, None, "{markdown:?}");
        }
    }

    #[test]
    fn text_items_write_what_ammonia_made_of_their_html() {
        let s = sanitiser();
        let url = Url::parse("https://source.example/a?b=1&c='d'").unwrap();
        let text = "R&D < 3 \"quoted\" 'single' \u{a0} é";
        let mut events = Vec::new();
        push_text_paragraph_events(&mut events, text);
        push_link_paragraph_events(&mut events, &url, "Source & more");
        let mut html = String::new();
        push_text_paragraph(&mut html, text);
        push_link_paragraph(&mut html, &url, "Source & more");
        assert_eq!(s.fast_html_of(&events, 0), Some(s.clean(&html)));
    }

    /// URLs that matter to the sanitiser: refused and odd schemes, relative paths, fragments,
    /// characters pulldown-cmark percent-encodes or escapes.
    fn url() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "https://example.org/a?b=1&c=2",
                "http://x.y/é ü",
                "javascript:alert(1)",
                "JaVaScRiPt:x",
                "data:text/html,<b>",
                "vbscript:x",
                "mailto:a@b.c",
                "tel:+1-555",
                "ftp://f.example/",
                "irc://x",
                "foo:bar",
                "x:",
                "../up/",
                "rel/path.png",
                "/abs?q='1'",
                "//host/x",
                "#frag",
                "#cq-done",
                "#",
                "?q=1",
                "",
                "http://[::1]/",
                "http://[bad",
                "http://a:99999/",
                "%zz",
                "a&amp;b",
                "ñ/ü\"x",
                "https://example.org/\u{a0}",
            ])
            .prop_map(str::to_owned),
            "[a-z:/#?.&%' é]{0,12}",
        ]
    }

    /// A run of inline Markdown.
    fn inline() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Z ]{1,8}",
            prop::sample::select(vec![
                "&",
                "<",
                ">",
                "\"",
                "'",
                "\u{a0}",
                "&amp;",
                "&nbsp;",
                "&copy;",
                "&#39;",
                "&#x22;",
                "&#0;",
                "&bogus;",
                "é",
                "日本",
                "Россия",
                "*",
                "_",
                "`",
                "~~",
                "\\",
                "[",
                "]",
                "!",
                "#",
                ":",
                "|",
                "  \n",
                "\\\n",
                "\n",
                "[ ]",
                "[x]",
                "<b>",
                "</i>",
                "<https://n.example/>",
            ])
            .prop_map(str::to_owned),
        ];
        let words = prop::collection::vec(piece, 1..5).prop_map(|p| p.concat());
        let text = words.clone();
        prop_oneof![
            4 => words,
            1 => text.clone().prop_map(|t| format!("*{t}*")),
            1 => text.clone().prop_map(|t| format!("**{t}**")),
            1 => text.clone().prop_map(|t| format!("~~{t}~~")),
            1 => text.clone().prop_map(|t| format!("`{t}`")),
            2 => (text.clone(), url()).prop_map(|(t, u)| format!("[{t}]({u})")),
            1 => (text.clone(), url(), text.clone()).prop_map(|(t, u, ti)| format!("[{t}](<{u}> \"{ti}\")")),
            1 => (text.clone(), url()).prop_map(|(t, u)| format!("![{t}]({u} 'title & \"q\"')")),
            1 => (text.clone(), url()).prop_map(|(t, u)| format!("![{t}]({u})")),
            1 => url().prop_map(|u| format!("<{u}>")),
            1 => Just("<someone@example.org>".to_owned()),
            1 => text.clone().prop_map(|t| format!("[{t}][ref]")),
            1 => Just("[ref]".to_owned()),
            1 => prop::sample::select(vec!["a", "b", "cq-c", "&x"]).prop_map(|n| format!("[^{n}]")),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop::collection::vec(inline(), 1..4).prop_map(|p| p.join(" "))
    }

    /// A block of Markdown.
    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::collection::vec(line(), 1..3).prop_map(|l| l.join("\n")),
            1 => (1..7usize, line()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
            1 => line().prop_map(|l| format!("{l}\n===")),
            1 => prop::collection::vec(line(), 1..3).prop_map(|l| l.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n")),
            1 => prop::collection::vec(line(), 1..3).prop_map(|l| l.iter().map(|l| format!("- [ ] {l}\n- [x] done")).collect::<Vec<_>>().join("\n")),
            1 => (0..12u32, line(), line()).prop_map(|(n, a, b)| format!("{n}. {a}\n{}. {b}\n   - nested {a}", n + 1)),
            1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n\n- {b}")),
            1 => line().prop_map(|l| format!("> {l}\n> > {l}")),
            1 => (prop::sample::select(vec!["", "rust", "a\"b <c>"]), line()).prop_map(|(lang, l)| format!("```{lang}\n{l}\n <&> \n```")),
            1 => line().prop_map(|l| format!("    {l}")),
            1 => (prop::sample::select(vec![":--", ":-:", "--:", "---"]), line(), line()).prop_map(|(al, a, b)| format!("| h | {} |\n|---|{al}|\n| {} | {} |", a.replace('|', "\\|"), a.replace('|', "\\|"), b.replace('|', "\\|"))),
            1 => (prop::sample::select(vec!["a", "b", "cq-c", "&x"]), line()).prop_map(|(n, l)| format!("[^{n}]: {l}")),
            1 => (url(), line()).prop_map(|(u, t)| format!("[ref]: <{u}> \"{}\"", t.replace('"', ""))),
            1 => prop::sample::select(vec!["***", "---", "___"]).prop_map(str::to_owned),
        ]
    }

    fn markdown() -> impl Strategy<Value = String> {
        prop::collection::vec(block(), 1..6).prop_map(|b| b.join("\n\n"))
    }

    /// The property below would say little if the writer were unsure of most cases.
    #[test]
    fn the_fast_writer_is_sure_of_most_generated_markdown() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = markdown();
        let sure = (0..400)
            .filter(|_| {
                let markdown = strategy.new_tree(&mut runner).unwrap().current();
                both(&markdown).0.is_some()
            })
            .count();
        eprintln!("sure of {sure} of 400");
        assert!(sure >= 200, "sure of {sure} of 400");
    }

    /// The HTML of `body` with the `blanked` lines made empty, from a parse of that text (the
    /// reference) and from the body's one parse when it is sure (else `None`).
    fn blanked_html(body: &str, blanked: &[Range<usize>]) -> (Option<String>, String) {
        let text: Vec<&str> = body
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if blanked.iter().any(|r| r.contains(&i)) {
                    ""
                } else {
                    l
                }
            })
            .collect();
        let mut reference = String::new();
        pulldown_cmark::html::push_html(
            &mut reference,
            parse_with_offsets(&text.join("\n"))
                .into_iter()
                .map(|(e, _)| e),
        );
        let once = ParsedBody::new(body)
            .and_then(|p| p.events_without(blanked))
            .map(|events| {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
                html
            });
        (once, reference)
    }

    /// The lines of the first run of non-blank lines of `body`.
    fn first_block(body: &str) -> Range<usize> {
        let blank = |l: &str| l.trim().is_empty();
        let lines: Vec<&str> = body.lines().collect();
        let start = lines.iter().position(|l| !blank(l)).unwrap_or(0);
        let len = lines[start..].iter().take_while(|l| !blank(l)).count();
        start..start + len
    }

    #[test]
    fn a_title_is_left_out_of_the_bodys_one_parse() {
        for body in [
            "# Title\n\nText [a](b) and more.\n",
            "\n  ## Title *x*  \n\nText\n\n- a\n- b\n",
            "Title\n=====\n\n    code\n",
            "A title line\nover two\n\n> quote\n",
        ] {
            let (once, reference) = blanked_html(body, &[first_block(body)]);
            assert_eq!(once.as_deref(), Some(reference.as_str()), "{body:?}");
        }
        for (body, blanked) in [
            // More than the title in the block, a definition, a list going on, a later block.
            ("# Title\nText\n\nMore\n", 0..2),
            ("[a]: /x\n# Title\n\n[a]\n", 0..2),
            ("[^n]: note\n\nText[^n]\n", 0..1),
            ("- a\n\n- b\n", 0..1),
            ("Text\n\n# Title\n", 2..3),
        ] {
            let (once, _) = blanked_html(body, &[blanked]);
            assert_eq!(once, None, "{body:?}");
        }
    }

    proptest! {
        #![proptest_config(crate::types::proptest_config(500))]
        #[test]
        fn the_bodys_one_parse_reads_as_the_blanked_text(
            title in prop::sample::select(vec!["", "# Title\n\n", "\n## Title *a*\n\n", "Title\n===\n\n", "[^a]: x\n\n"]),
            markdown in markdown(),
            newline in any::<bool>(),
            later in any::<bool>(),
        ) {
            let body = format!("{title}{markdown}{}", if newline { "\n" } else { "" });
            let first = first_block(&body);
            let blanked = if later { first.end + 1..first.end + 2 } else { first };
            for blanked in [std::slice::from_ref(&blanked), &[]] {
                let (once, reference) = blanked_html(&body, blanked);
                if let Some(once) = once {
                    prop_assert_eq!(once, reference, "{:?} {:?}", body, blanked);
                }
            }
        }

        #[test]
        fn blocks_read_from_the_bodys_one_parse_are_the_same(
            markdown in markdown(),
            newline in any::<bool>(),
        ) {
            let body = format!("{markdown}{}", if newline { "\n" } else { "" });
            let texts = |parsed: Option<&ParsedBody<'_>>| {
                Statement::analyse_parsed(&body, 1, Format::Markdown, parsed)
                    .blocks
                    .into_iter()
                    .map(|b| b.text)
                    .collect::<Vec<_>>()
            };
            let parsed = ParsedBody::new(&body);
            prop_assert_eq!(texts(parsed.as_ref()), texts(None), "{:?}", body);
        }
    }

    proptest! {
        // At least 1,000 cases; more with `PROPTEST_CASES`.
        #![proptest_config(crate::types::proptest_config(1000))]
        #[test]
        fn the_fast_writer_writes_what_ammonia_writes(markdown in markdown()) {
            let (fast, slow) = both(&markdown);
            if let Some(fast) = fast {
                prop_assert_eq!(fast, slow, "{:?}", markdown);
            }
        }

        #[test]
        fn text_paragraphs_are_what_ammonia_made_of_them(
            text in "[a-z &<>\"'\u{a0}é\u{1}\u{7f}\u{fffd}\u{85}\u{2028}]{0,20}",
            label in "[a-z &<>\"']{1,8}",
        ) {
            let s = sanitiser();
            let url = Url::parse("https://x.example/a?b=1&c='d'#f").unwrap();
            let mut events = Vec::new();
            push_text_paragraph_events(&mut events, &text);
            push_link_paragraph_events(&mut events, &url, &label);
            let mut html = String::new();
            push_text_paragraph(&mut html, &text);
            push_link_paragraph(&mut html, &url, &label);
            prop_assert_eq!(s.fast_html_of(&events, 0), Some(s.clean(&html)));
        }
    }

    /// The byte-at-a-time escaper [`super::push_escaped`] replaced: the oracle its blocks are
    /// checked against.
    fn push_escaped_bytewise(
        out: &mut String,
        text: &str,
        attribute: bool,
    ) -> Result<(), super::Unsure> {
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (escape, width) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' if attribute => ("&quot;", 1),
                0xC2 if bytes.get(i + 1) == Some(&0xA0) => ("&nbsp;", 2),
                b'\r' | b'\0' => return Err(super::Unsure),
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.push_str(&text[copied..i]);
            out.push_str(escape);
            i += width;
            copied = i;
        }
        out.push_str(&text[copied..]);
        Ok(())
    }

    /// Both escapers' output for `text`, `None` where they are unsure.
    fn escaped_both_ways(text: &str, attribute: bool) -> (Option<String>, Option<String>) {
        let mut fast = String::new();
        let mut slow = String::new();
        let fast = super::push_escaped(&mut fast, text, attribute).map(|()| fast);
        let slow = push_escaped_bytewise(&mut slow, text, attribute).map(|()| slow);
        (fast.ok(), slow.ok())
    }

    #[test]
    fn a_no_break_space_across_blocks_is_escaped_once() {
        for pad in 0..70 {
            for text in [
                format!("{}\u{A0}x", "a".repeat(pad)),
                format!("{}\u{A0}&\u{A0}\u{AB}\"", "a".repeat(pad)),
                format!("{}\u{A0}", "<".repeat(pad)),
            ] {
                for attribute in [false, true] {
                    let (fast, slow) = escaped_both_ways(&text, attribute);
                    assert_eq!(fast, slow, "{text:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        #[test]
        fn the_block_escaper_writes_what_the_bytewise_one_wrote(
            text in "([&<>\"\r\0\u{A0}\u{AB}\u{C2}a-z ]|\\PC){0,120}",
            attribute in any::<bool>(),
        ) {
            let (fast, slow) = escaped_both_ways(&text, attribute);
            prop_assert_eq!(fast, slow);
        }
    }
}
