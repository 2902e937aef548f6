//! Item content: Markdown and plain text to HTML (pulldown-cmark), sanitised so no script or
//! event handler reaches a reader, relative links made absolute against `base_url`; plus the
//! plain-text helpers that titles and summaries are cut from.
//!
//! Both formats become pulldown-cmark events; [`Sanitiser::html_of`] writes them with
//! `safe_html` (no second parse) when it is sure of them, else as pulldown-cmark's HTML cleaned
//! by ammonia (raw HTML always goes that way). Either way the bytes are ammonia's.

use std::borrow::Cow;
use std::ops::Range;

use ammonia::UrlRelative;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;
use url::Url;

use super::safe_html::{self, Policy};
use super::statement::{squash, squash_owned};
use crate::types::text::char_offset;

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
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        markdown_events_with(markdown, &mut |_, _| None).into_iter(),
    );
    html
}

/// Parses Markdown into its events, each image's destination given to `image` with its byte
/// offset in `markdown`: a `Some` replaces it.
#[cfg(test)]
pub(crate) fn markdown_events_with<'m>(
    markdown: &'m str,
    image: &mut dyn FnMut(&str, usize) -> Option<String>,
) -> Vec<Event<'m>> {
    with_images(
        Parser::new_ext(markdown, markdown_options()).into_offset_iter(),
        image,
    )
}

/// The events of Markdown, each with its byte range.
pub(crate) fn parse_with_offsets(markdown: &str) -> Vec<(Event<'_>, Range<usize>)> {
    Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .collect()
}

/// The events, each image's destination given to `image` with its byte offset: a `Some`
/// replaces it.
pub(crate) fn with_images<'m>(
    events: impl Iterator<Item = (Event<'m>, Range<usize>)>,
    image: &mut dyn FnMut(&str, usize) -> Option<String>,
) -> Vec<Event<'m>> {
    events
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
        })
        .collect()
}

/// The events of a paragraph of plain text.
pub(crate) fn push_text_paragraph_events<'a>(events: &mut Vec<Event<'a>>, text: &'a str) {
    events.push(Event::Start(Tag::Paragraph));
    events.push(Event::Text(text.into()));
    events.push(Event::End(TagEnd::Paragraph));
}

/// The events of a paragraph holding one link, `label` to `url`.
pub(crate) fn push_link_paragraph_events<'a>(
    events: &mut Vec<Event<'a>>,
    url: &'a Url,
    label: &'a str,
) {
    events.push(Event::Start(Tag::Paragraph));
    events.push(Event::Start(Tag::Link {
        link_type: LinkType::Inline,
        dest_url: url.as_str().into(),
        title: "".into(),
        id: "".into(),
    }));
    events.push(Event::Text(label.into()));
    events.push(Event::End(TagEnd::Link));
    events.push(Event::End(TagEnd::Paragraph));
}

/// Appends `<p>text</p>` with the text escaped: the HTML text items had before their events
/// went to [`Sanitiser::html_of`], kept as the reference the tests compare with.
#[cfg(test)]
pub(crate) fn push_text_paragraph(html: &mut String, text: &str) {
    html.push_str("<p>");
    // Escaping into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *html, text);
    html.push_str("</p>\n");
}

/// Appends `<p><a href="url">label</a></p>` (the tests' reference, as above).
#[cfg(test)]
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

/// A Markdown body parsed once, for its blocks' plain text and for its HTML: the events of
/// `text`, the body without its last newline (which is what `body.lines()` joined with `\n`
/// gives, the content's Markdown when no line is blanked), each with its byte range in `text`.
pub(crate) struct ParsedBody<'b> {
    text: &'b str,
    events: Vec<(Event<'b>, Range<usize>)>,
}

impl<'b> ParsedBody<'b> {
    /// `None` for a body with a carriage return (`lines()` drops it, so the content's Markdown
    /// is not a slice of the body): such a body is parsed for each use.
    pub(crate) fn new(body: &'b str) -> Option<ParsedBody<'b>> {
        if body.contains('\r') {
            return None;
        }
        let text = body.strip_suffix('\n').unwrap_or(body);
        let events = Parser::new_ext(text, markdown_options())
            .into_offset_iter()
            .collect();
        Some(ParsedBody { text, events })
    }

    /// The events of the content's Markdown: the body with the lines of the `blanked` blocks
    /// (line ranges of the body, each made empty) left out, without parsing it again, when
    /// that is sure to read as the parse of the blanked text would: nothing blanked, or one
    /// block of lines after nothing but blank lines holding exactly one heading or paragraph
    /// (no definition a later line could refer to). `None` otherwise: the caller blanks the
    /// lines and parses the text. The ranges stay those of [`text`](Self::text).
    pub(crate) fn events_without(
        self,
        blanked: &[Range<usize>],
    ) -> Option<Vec<(Event<'b>, Range<usize>)>> {
        let lines = match blanked {
            [] => return Some(self.events),
            [lines] => lines.clone(),
            _ => return None,
        };
        let block = line_span(self.text, lines)?;
        let first_line = &self.text[block.start..block.end];
        let leading = first_line.len() - first_line.trim_start_matches([' ', '\t']).len();
        let blank_before = self.text[..block.start]
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n'));
        // The first top-level element: it must be the whole block.
        let first_end = top_level_end(&self.events)?;
        let (first, at) = self.events.first()?;
        let end = self.events[first_end].1.end;
        let whole = blank_before
            && matches!(first, Event::Start(Tag::Heading { .. } | Tag::Paragraph))
            && at.start == block.start + leading
            && end <= block.end + 1
            && self.text[end.min(block.end)..block.end]
                .trim_matches([' ', '\t'])
                .is_empty();
        if !whole {
            return None;
        }
        let mut events = self.events;
        events.drain(..=first_end);
        Some(events)
    }

    /// The text the events were read from (the body without its last newline).
    pub(crate) fn text(&self) -> &'b str {
        self.text
    }
}

/// The byte range in `text` of its lines `lines` (the last without its newline); `None` when
/// `lines` is empty or `text` has fewer lines.
fn line_span(text: &str, lines: Range<usize>) -> Option<Range<usize>> {
    let mut start = None;
    let mut at = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i == lines.start {
            start = Some(at);
        }
        if i + 1 == lines.end {
            return Some(start?..at + line.len());
        }
        at += line.len() + 1;
    }
    None
}

/// The index of the event that ends the first top-level element of `events`.
fn top_level_end(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.checked_sub(1)?,
            _ => {}
        }
        if depth == 0 {
            return Some(i);
        }
    }
    None
}

/// The plain text of each block of a Markdown `body` (as [`markdown_plain_text`] gives it for
/// the block alone) from one parse of the whole body (`parsed`'s, when given); `ranges` are the
/// blocks' byte ranges in `body`, in order, each a run of non-blank lines. `None` when the body
/// uses something a whole parse may read across blocks (see [`blocks_read_alone`]): the caller
/// then parses each block.
pub(crate) fn markdown_block_texts(
    body: &str,
    ranges: &[Range<usize>],
    parsed: Option<&ParsedBody<'_>>,
) -> Option<Vec<String>> {
    if !blocks_read_alone(body, ranges) {
        return None;
    }
    // Each block's text is at most its source's length (events carry the source's text less
    // its syntax, plus one space per break or block end, which replaces a newline or a marker):
    // sized once, instead of growing through a few reallocations per block.
    let mut texts: Vec<String> = ranges
        .iter()
        .map(|r| String::with_capacity(r.len()))
        .collect();
    // The block the last event went to: the next event is most often in it too.
    let mut current = 0;
    let mut add = |event: &Event<'_>, at: &Range<usize>| {
        let piece: &str = match event {
            Event::Text(t) | Event::Code(t) => t,
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => " ",
            _ => return,
        };
        // The block an event starts in; an event between blocks (none carries text) goes to the
        // one before.
        let block = block_at(ranges, current, at.start);
        current = block;
        if let Some(text) = texts.get_mut(block) {
            text.push_str(piece);
        }
    };
    match parsed {
        // The same events as the body's own parse: it differs from the parsed text by a last
        // newline only, and the blocks read alone (no code or HTML block a newline could end).
        Some(parsed) => parsed.events.iter().for_each(|(e, at)| add(e, at)),
        None => Parser::new_ext(body, markdown_options())
            .into_offset_iter()
            .for_each(|(e, at)| add(&e, &at)),
    }
    Some(texts.into_iter().map(squash_owned).collect())
}

/// The index of the last of the sorted `ranges` starting at or before `at` (0 when none does),
/// as `partition_point` finds it, `guess` tried first: a block's events come one after another,
/// and a search per event cost more than the rest of gathering the texts.
fn block_at(ranges: &[Range<usize>], guess: usize, at: usize) -> usize {
    let starts_by = |i: usize| ranges.get(i).is_some_and(|r| r.start <= at);
    if starts_by(guess) && !starts_by(guess + 1) {
        return guess;
    }
    ranges.partition_point(|r| r.start <= at).saturating_sub(1)
}

/// Whether a parse of the whole body reads each block as a parse of the block alone would:
/// blocks are split where CommonMark splits them too (blank lines of spaces and tabs, no
/// `\r`), and nothing reaches from one block into another: no link reference or footnote
/// definitions (`[`, `[^`), no HTML blocks (`<` opening a line), no fenced code, and no block
/// opening indented (which could continue a list item or be code).
fn blocks_read_alone(body: &str, ranges: &[Range<usize>]) -> bool {
    if has_cr_nul_or_footnote(body) {
        return false;
    }
    let lines_ok = crate::types::text::split_lines(body).all(|line| {
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

/// Whether `body` holds `\r`, NUL or `[^`: byte searches (`memchr`), since all three are ASCII
/// and ASCII bytes never occur inside a longer UTF-8 character. The same answer as
/// `body.contains(['\r', '\0']) || body.contains("[^")`, which decoded every character.
fn has_cr_nul_or_footnote(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr2(b'\r', b'\0', bytes).is_some() || memchr::memmem::find(bytes, b"[^").is_some()
}

/// Whether `markdown` can only be a paragraph of plain text, so that its text is the source with
/// white space squashed: no character that inline Markdown, entities, escapes, HTML or tables
/// use anywhere, and no line that could open a heading, list, quote, code block, thematic break
/// or setext underline. Deliberately cautious: anything doubtful takes the parser.
///
/// The bytes are tested 32 at a time by a test the compiler turns into vector instructions
/// (`types::text::any_byte_in`), and the lines split by `memchr`: every line of a signature block
/// passes here.
fn is_plain_paragraph(markdown: &str) -> bool {
    !crate::types::text::any_byte_in(markdown.as_bytes(), is_inline_syntax)
        && crate::types::text::split_lines(markdown).all(is_plain_line_start)
}

/// A byte that inline Markdown, entities, escapes, HTML or tables use, or a CR, tab or NUL.
/// Bitwise operators, not `matches!`, so that a block of them becomes vector instructions.
#[inline(always)]
fn is_inline_syntax(b: u8) -> bool {
    (b == b'\\')
        | (b == b'`')
        | (b == b'*')
        | (b == b'_')
        | (b == b'[')
        | (b == b']')
        | (b == b'<')
        | (b == b'>')
        | (b == b'&')
        | (b == b'~')
        | (b == b'|')
        | (b == b'!')
        | (b == b'\r')
        | (b == b'\t')
        | (b == b'\0')
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
    base: Url,
    /// What [`safe_html`] needs to write sanitised HTML from Markdown events; `None` when the
    /// builder's allow-list is not the one it was written for (every body then takes ammonia).
    policy: Option<Policy>,
}

impl Sanitiser {
    /// Whether bodies may take [`safe_html`] (the allow-list is the one it knows).
    #[cfg(test)]
    pub(super) fn has_fast_path(&self) -> bool {
        self.policy.is_some()
    }
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

/// What [`Relative`] makes of a relative URL (`None`: the attribute is dropped).
fn resolve_relative(base: &Url, url: &str) -> Option<String> {
    match url.strip_prefix('#') {
        Some(fragment) => Some(format!("#{ID_PREFIX}{fragment}")),
        None => base.join(url).ok().map(String::from),
    }
}

impl<'a> ammonia::UrlRelativeEvaluate<'a> for Relative {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        resolve_relative(&self.base, url).map(Cow::Owned)
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
        let policy = Policy::of(&builder);
        Sanitiser {
            builder,
            base: base.clone(),
            policy,
        }
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

    /// The sanitised HTML of Markdown events: what [`clean`](Self::clean) makes of
    /// pulldown-cmark's HTML of them, written straight from the events by [`safe_html`] when it
    /// is sure of them, else by pulldown-cmark and ammonia. `size` is a guess of its length.
    pub(crate) fn html_of(&self, events: &[Event<'_>], size: usize) -> String {
        if let Some(html) = self.fast_html_of(events, size) {
            return html;
        }
        self.slow_html_of(events, size)
    }

    /// [`html_of`](Self::html_of) by [`safe_html`] alone: `None` where it is unsure.
    pub(super) fn fast_html_of(&self, events: &[Event<'_>], size: usize) -> Option<String> {
        let policy = self.policy.as_ref()?;
        let mut html = String::with_capacity(size);
        let resolve = |url: &str| resolve_relative(&self.base, url);
        safe_html::write(events, policy, &resolve, &mut html).ok()?;
        Some(html)
    }

    /// [`html_of`](Self::html_of) by pulldown-cmark and ammonia: the reference.
    pub(super) fn slow_html_of(&self, events: &[Event<'_>], size: usize) -> String {
        let mut html = String::with_capacity(size);
        pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
        self.clean(&html)
    }
}

/// The first sentence of `text` (Unicode sentence boundaries).
pub(crate) fn first_sentence(text: &str) -> &str {
    text.unicode_sentences().next().unwrap_or(text).trim()
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if char_offset(text, max).is_none() {
        return text.to_owned();
    }
    let mut out = words_within(text, max.saturating_sub(1))
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-(".contains(c))
        .to_owned();
    if out.is_empty() {
        // One very long word: cut inside it.
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// The longest start of `text` that ends at a word boundary (Unicode word boundaries) and holds
/// at most `limit` characters.
///
/// The words are read from the last sure boundary at or before the limit, not from the start
/// of the text (word segmentation costs about a hundred instructions a character): a space
/// followed by an ASCII letter or digit is a boundary (UAX #29: no rule joins white space to a
/// letter or digit, and neither is an extending character), and the segmenter reads the words
/// after a boundary as it does at the start of a text.
fn words_within(text: &str, limit: usize) -> &str {
    let (start, start_chars) = last_sure_boundary(text, limit);
    let mut end = start;
    // Characters up to `end`, kept as it grows (counting again for every word was quadratic).
    let mut chars = start_chars;
    for word in text[start..].split_word_bounds() {
        let word_chars = word.chars().count();
        if chars + word_chars > limit {
            break;
        }
        end += word.len();
        chars += word_chars;
    }
    &text[..end]
}

/// The last byte offset of `text` with at most `limit` characters before it that follows a space
/// and starts an ASCII letter or digit, and the characters before it; the start when none.
fn last_sure_boundary(text: &str, limit: usize) -> (usize, usize) {
    let within = char_offset(text, limit).unwrap_or(text.len());
    let bytes = text.as_bytes();
    let found = (1..=within)
        .rev()
        .find(|&at| bytes[at - 1] == b' ' && bytes.get(at).is_some_and(u8::is_ascii_alphanumeric));
    match found {
        Some(at) => (at, text[..at].chars().count()),
        None => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The block found from a guess is the one the search finds, whatever the guess.
        #[test]
        fn the_block_from_a_guess_is_the_block_searched(
            gaps in proptest::collection::vec(0usize..6, 0..8),
            guess in 0usize..10,
            at in 0usize..40,
        ) {
            let mut start = 0;
            let ranges: Vec<Range<usize>> = gaps
                .iter()
                .map(|gap| {
                    start += gap;
                    let range = start..start + 2;
                    start += 2;
                    range
                })
                .collect();
            let searched = ranges.partition_point(|r| r.start <= at).saturating_sub(1);
            proptest::prop_assert_eq!(block_at(&ranges, guess, at), searched);
        }
    }

    /// What `shorten` was before it read the words from the last sure boundary: every word
    /// from the start.
    fn shorten_from_the_start(text: &str, max: usize) -> String {
        let text = text.trim();
        if text.chars().count() <= max {
            return text.to_owned();
        }
        let mut out = String::new();
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
            out = text.chars().take(max.saturating_sub(1)).collect();
        }
        out.push('…');
        out
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2048))]
        /// Reading the words from the last sure boundary shortens as reading them all did: text
        /// with the characters word boundaries turn on (letters, digits, the middle of words and
        /// numbers, spaces of several kinds, combining and joining marks, flags, CJK).
        #[test]
        fn shortening_from_a_sure_boundary_is_shortening_from_the_start(
            text in "[ab1 ,.'’:;—\\-(_\u{301}\u{200d}\u{200b}\u{a0}\u{3000}\u{1F1E6}\u{1F1E7}\u{1F600}中カé\t\n]{0,60}",
            max in 0usize..50,
        ) {
            proptest::prop_assert_eq!(shorten(&text, max), shorten_from_the_start(&text, max));
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(0))]
        /// The byte search answers as the character searches it replaces.
        #[test]
        fn cr_nul_or_footnote_is_the_character_search(
            body in "[a\\r\\x00\\[\\^\n é中\u{d00}\u{2000}]{0,24}"
        ) {
            let reference = body.contains(['\r', '\0']) || body.contains("[^");
            proptest::prop_assert_eq!(has_cr_nul_or_footnote(&body), reference);
        }
    }

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

    /// [`is_plain_paragraph`] as it was first written, byte by byte: its reference.
    fn is_plain_paragraph_bytewise(markdown: &str) -> bool {
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

    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(2000))]
        /// The blocks answer as the bytes, wherever the syntax falls.
        #[test]
        fn plain_paragraphs_found_by_blocks_as_by_bytes(
            text in "([a-z \n#=+.1-]|[\\\\`*_\\[\\]<>&~|!\r\t\u{0}]|é|«){0,80}",
        ) {
            proptest::prop_assert_eq!(is_plain_paragraph(&text), is_plain_paragraph_bytewise(&text));
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
