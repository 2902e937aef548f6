//! **Render**: one feed document in one format, as bytes.
//!
//! Renderers are pure functions of a [`FeedDoc`]: no I/O but into the `std::io::Write` they are
//! given, no clock. The document's `updated` time comes from its items, never from the time of
//! the build, so the same inputs give the same bytes. Every string is passed through [`xml_safe`](crate::types::text::xml_safe) on the way
//! out, as a last defence against characters XML 1.0 forbids (behind a byte scan that lets the
//! usual, already clean, text through without looking at its characters).
//!
//! An item's entry does not depend on the feed that holds it, so it is rendered once per format
//! ([`render_entry`]) and its bytes are spliced into every document that holds it: the main
//! feed, its language feed, each of its tag feeds. Each format's entry renderer writes the entry
//! exactly as the document renderer's writer would at that depth, so the spliced document is the
//! one a single writer would have written.
//!
//! A feed document is written a piece at a time ([`FeedWriter`]): its head, then its entries as
//! they come, then its end, so that a document holding every item is never held whole. Its
//! head is decided from the items before the first entry is written ([`FeedDoc::entries`],
//! [`FeedDoc::images`]), never from the entries' bytes.

pub(crate) mod atom;
pub(crate) mod escape;
pub mod html;
pub(crate) mod json_feed;
pub(crate) mod opml;
pub(crate) mod rss;
pub(crate) mod sitemap;

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;
use url::Url;

use crate::model::{Item, UrlText};

/// The name the feeds give as their generator. No version: upgrading communique must not
/// rewrite every feed.
pub const GENERATOR: &str = "communique";

/// A rendering failure. Only the underlying writers can fail, and only on I/O, which writing
/// to memory does not do; the type exists so that a future writer's failure is not a panic.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("cannot render {format}: {message}")]
    Writer {
        format: &'static str,
        message: String,
    },
}

/// Everything a renderer needs for one document.
#[derive(Debug)]
pub struct FeedDoc<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub lang: &'a str,
    pub id: &'a str,
    /// The site the feed belongs to.
    pub home_url: &'a Url,
    /// Where this very document is served.
    pub self_url: Url,
    /// The organisation, as feed author.
    pub author: &'a str,
    /// The newest `updated` of the items (or `fallback_updated` when there are none).
    pub updated: DateTime<FixedOffset>,
    /// How many entries the document holds: each is written by [`FeedWriter::entry`], in this
    /// document's format ([`render_entry`]), newest first.
    pub entries: usize,
    /// Whether an entry has a lead image (`Item::image`): RSS declares Media RSS's namespace
    /// then, and only then.
    pub images: bool,
    /// RFC 5005 links, in this document's format.
    pub history: History,
    /// WebSub hubs, announced with `rel="hub"` links (none: no links).
    pub hubs: &'a [Url],
    /// Withdrawn entries this document no longer holds: Atom writes an RFC 6721 tombstone for
    /// each; RSS and JSON Feed have no such construct.
    pub deleted: &'a [Tombstone<'a>],
}

/// An entry that was withdrawn and is no longer in the document (RFC 6721 `at:deleted-entry`).
#[derive(Debug)]
pub struct Tombstone<'a> {
    /// The entry's id.
    pub id: &'a str,
    /// When it was withdrawn.
    pub when: DateTime<FixedOffset>,
    /// The withdrawal's reason.
    pub comment: &'a str,
    /// The statement's page, which shows the withdrawal notice.
    pub url: Option<&'a UrlText>,
}

/// RFC 6721's namespace (Atom tombstones).
pub const TOMBSTONES_NAMESPACE: &str = "http://purl.org/atompub/tombstones/1.0";

/// RFC 5005 section 4 (archived feeds): where a document sits in its feed's history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// This document is an archive (`fh:archive`): immutable, one period of the feed.
    pub archive: bool,
    /// This subscription document holds every item of its feed (`fh:complete`, RFC 5005
    /// section 2): there are no archives to look for.
    pub complete: bool,
    /// The subscription document (`rel="current"`), for archives.
    pub current: Option<Url>,
    /// The next older archive.
    pub prev_archive: Option<Url>,
    /// The next newer archive.
    pub next_archive: Option<Url>,
}

impl History {
    /// The document's history links as `(rel, url)`, in a fixed order.
    pub fn links(&self) -> impl Iterator<Item = (&'static str, &Url)> {
        [
            ("current", &self.current),
            ("prev-archive", &self.prev_archive),
            ("next-archive", &self.next_archive),
        ]
        .into_iter()
        .filter_map(|(rel, url)| Some((rel, url.as_ref()?)))
    }
}

/// RFC 5005's namespace.
pub const HISTORY_NAMESPACE: &str = "http://purl.org/syndication/history/1.0";

pub use crate::types::feed::{FeedFormat, FeedNames};

/// `item`'s entry in `format` (an Atom `<entry>`, an RSS `<item>`, a JSON Feed item), as bytes
/// every document of that format splices in ([`FeedDoc::entries`]). With `full` the entry
/// carries the item's whole text; without, its summary and the link to its page only (a
/// summary feed: the item must have a page, see `plan::feeds::carries_content`).
///
/// The same [`EntryItem`] given for each format of an item makes its content XML-safe once for
/// all of them.
pub fn render_entry(
    format: FeedFormat,
    item: &EntryItem<'_>,
    full: bool,
) -> Result<Vec<u8>, RenderError> {
    match format {
        FeedFormat::Atom => atom::entry(item, full),
        FeedFormat::Rss => rss::entry(item, full),
        FeedFormat::JsonFeed => json_feed::entry(item, full),
    }
}

/// An item as its entries read it: its content as the feeds carry it (`feed_content`) and,
/// for the XML formats, that content made XML-safe (`xml_safe`), each worked out on first use
/// and kept for the item's other formats. The content is the largest text of an entry and both
/// Atom and RSS carry it: the byte scan that proves it safe is made once per item, not once per
/// format.
#[derive(Debug)]
pub struct EntryItem<'a> {
    item: &'a Item,
    content: std::cell::OnceCell<Cow<'a, str>>,
    /// `None` when the content is XML-safe as it is (the usual case), else its cleaned copy.
    xml_cleaned: std::cell::OnceCell<Option<String>>,
}

impl<'a> EntryItem<'a> {
    pub fn new(item: &'a Item) -> Self {
        EntryItem {
            item,
            content: std::cell::OnceCell::new(),
            xml_cleaned: std::cell::OnceCell::new(),
        }
    }

    /// The item.
    pub fn item(&self) -> &'a Item {
        self.item
    }

    /// The item's content as every feed format carries it ([`feed_content`]).
    pub(crate) fn content(&self) -> &str {
        self.content.get_or_init(|| feed_content(self.item))
    }

    /// [`EntryItem::content`] without the characters XML forbids: what Atom and RSS carry.
    pub(crate) fn xml_content(&self) -> XmlSafe<'_> {
        let cleaned = self
            .xml_cleaned
            .get_or_init(|| match xml_safe(self.content()) {
                Cow::Borrowed(_) => None,
                Cow::Owned(cleaned) => Some(cleaned),
            });
        XmlSafe(cleaned.as_deref().unwrap_or_else(|| self.content()))
    }
}

/// Text that holds only characters XML 1.0 allows, so that a writer given it need not scan it
/// again. Made only here, by [`XmlSafe::of`] (which cleans what it is given) and by
/// [`EntryItem::xml_content`] (which did): text that was not cleaned cannot pass for one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct XmlSafe<'t>(&'t str);

impl<'t> XmlSafe<'t> {
    /// `text` cleaned by [`xml_safe`], in `buffer` when cleaning changed it.
    pub(crate) fn of(text: &'t str, buffer: &'t mut Option<String>) -> Self {
        match xml_safe(text) {
            Cow::Borrowed(text) => XmlSafe(text),
            Cow::Owned(cleaned) => XmlSafe(buffer.insert(cleaned)),
        }
    }

    pub(crate) fn as_str(self) -> &'t str {
        self.0
    }
}

/// The renderers' last line of defence: text with no byte sequence that may start a character
/// XML forbids is borrowed as it is, after a byte scan (collect and the sanitiser already
/// cleaned item text, so this is the usual case).
pub(crate) use crate::types::text::xml_safe;

/// An item's content as every feed format carries it: the sanitised HTML, wrapped in
/// `<div dir="rtl">` for a language written right to left, since feed readers lay out content
/// left to right unless the markup says otherwise (`xml:lang` and `dc:language` do not set the
/// direction).
fn feed_content(item: &Item) -> Cow<'_, str> {
    if html::direction(&item.lang.value) == "rtl" {
        Cow::Owned(format!(r#"<div dir="rtl">{}</div>"#, item.content_html))
    } else {
        Cow::Borrowed(&item.content_html)
    }
}

/// A feed document cut where its entries go: the bytes before the first entry and after the
/// last one, as the format's writer writes them around entries it writes itself.
struct Frame {
    head: Vec<u8>,
    tail: Vec<u8>,
}

/// Writes one feed document into `W`: the head when made ([`FeedWriter::start`]), each entry as
/// it is given ([`FeedWriter::entry`]), and the end ([`FeedWriter::finish`]), so that the
/// document is never held whole. The bytes are those of a document written in one piece.
#[derive(Debug)]
pub struct FeedWriter<W> {
    out: W,
    format: FeedFormat,
    tail: Vec<u8>,
    /// Entries the head announced ([`FeedDoc::entries`]) and entries written so far.
    expected: usize,
    written: usize,
}

impl<W: std::io::Write> FeedWriter<W> {
    /// Writes the head of `doc` in `format` into `out`.
    pub fn start(format: FeedFormat, doc: &FeedDoc<'_>, mut out: W) -> Result<Self, RenderError> {
        let Frame { head, tail } = match format {
            FeedFormat::Atom => atom::frame(doc),
            FeedFormat::Rss => rss::frame(doc),
            FeedFormat::JsonFeed => json_feed::frame(doc),
        }?;
        out.write_all(&head).map_err(|e| io_error(format, e))?;
        Ok(FeedWriter {
            out,
            format,
            tail,
            expected: doc.entries,
            written: 0,
        })
    }

    /// Writes the next entry, as [`render_entry`] rendered it in this document's format.
    pub fn entry(&mut self, entry: &[u8]) -> Result<(), RenderError> {
        self.entries(&[entry])
    }

    /// Writes the next entries, each as [`render_entry`] rendered it in this document's
    /// format, in one gathered write (`write::write_all_vectored`): a writer that can hands
    /// the kernel the entries' own bytes (`write::Streamed`), without copying them into a
    /// buffer first.
    pub fn entries(&mut self, entries: &[&[u8]]) -> Result<(), RenderError> {
        if self.written + entries.len() > self.expected {
            return Err(self.miscounted(self.written + entries.len()));
        }
        let json = self.format == FeedFormat::JsonFeed;
        let mut slices = Vec::with_capacity(entries.len() * (1 + usize::from(json)));
        for (i, entry) in entries.iter().enumerate() {
            if json {
                slices.push(std::io::IoSlice::new(json_feed::separator(
                    self.written + i,
                )));
            }
            slices.push(std::io::IoSlice::new(entry));
        }
        crate::write::write_all_vectored(&mut self.out, &mut slices)
            .map_err(|e| io_error(self.format, e))?;
        self.written += entries.len();
        Ok(())
    }

    /// Writes the end of the document, once every entry the head announced is written, and
    /// hands back the writer.
    pub fn finish(mut self) -> Result<W, RenderError> {
        if self.written != self.expected {
            return Err(self.miscounted(self.written));
        }
        self.out
            .write_all(&self.tail)
            .map_err(|e| io_error(self.format, e))?;
        Ok(self.out)
    }

    /// The error for a document given `count` entries when its head announced another number.
    fn miscounted(&self, count: usize) -> RenderError {
        RenderError::Writer {
            format: self.format.name(),
            message: format!("the head announced {} entries, not {count}", self.expected),
        }
    }
}

fn io_error(format: FeedFormat, e: std::io::Error) -> RenderError {
    RenderError::Writer {
        format: format.name(),
        message: e.to_string(),
    }
}

/// Renders `doc` in `format` into memory, with `entries` (as many as `doc` announces): a
/// [`FeedWriter`] into a `Vec`.
pub fn render_feed(
    format: FeedFormat,
    doc: &FeedDoc<'_>,
    entries: &[&[u8]],
) -> Result<Vec<u8>, RenderError> {
    let mut writer = FeedWriter::start(format, doc, Vec::new())?;
    writer.entries(entries)?;
    writer.finish()
}

/// The newest `updated` among `items`, or `fallback` for an empty feed.
pub fn newest_update(items: &[&Item], fallback: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    items
        .iter()
        .map(|i| i.updated.value.max(i.published.value))
        .max()
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item whose content holds a character XML forbids: Atom and RSS carry it without, JSON
    /// Feed carries it escaped, in a language written either way; one [`EntryItem`] for every
    /// format renders the bytes an [`EntryItem`] for each renders.
    #[test]
    fn entries_share_the_content_made_xml_safe_once() {
        let published = DateTime::parse_from_rfc3339("2022-01-08T10:00:00Z").unwrap();
        let mut item =
            html::tests::row_item("T".to_owned(), String::new(), vec![], None, published);
        item.content_html = "<p>a\u{1}b &amp; c</p>".to_owned();
        for lang in ["en", "ar"] {
            item.lang.value = lang.to_owned();
            let shared = EntryItem::new(&item);
            for format in FeedFormat::ALL {
                let entry = render_entry(format, &shared, true).unwrap();
                let alone = render_entry(format, &EntryItem::new(&item), true).unwrap();
                assert_eq!(entry, alone, "{format:?}");
                let text = String::from_utf8(entry).unwrap();
                assert!(!text.contains('\u{1}'), "{format:?}: {text}");
                let (content, rtl) = match format {
                    FeedFormat::Atom => {
                        ("&lt;p&gt;ab &amp;amp; c&lt;/p&gt;", "dir=&quot;rtl&quot;")
                    }
                    FeedFormat::Rss => ("<p>ab &amp; c</p>", r#"dir="rtl""#),
                    FeedFormat::JsonFeed => (r"<p>a\u0001b &amp; c</p>", r#"dir=\"rtl\""#),
                };
                assert!(text.contains(content), "{format:?}: {text}");
                assert_eq!(text.contains(rtl), lang == "ar", "{format:?}: {text}");
            }
        }
    }

    /// The head of a feed at `home` that announces `entries` entries.
    fn head_announcing(home: &Url, entries: usize) -> FeedDoc<'_> {
        FeedDoc {
            title: "Statements",
            subtitle: None,
            lang: "en",
            id: "tag:example.org,2022:feed",
            home_url: home,
            self_url: home.join("feed").unwrap(),
            author: "Org",
            updated: DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z").unwrap(),
            entries,
            images: false,
            history: History::default(),
            hubs: &[],
            deleted: &[],
        }
    }

    /// A writer given fewer or more entries than its head announced says how many it got.
    #[test]
    fn a_miscounted_document_says_how_many_entries_it_got() {
        let home = Url::parse("https://example.org/").unwrap();
        let doc = head_announcing(&home, 2);
        for format in FeedFormat::ALL {
            let mut writer = FeedWriter::start(format, &doc, Vec::new()).unwrap();
            writer.entry(b"<a/>").unwrap();
            let short = writer.finish().unwrap_err().to_string();
            assert!(short.contains("announced 2 entries, not 1"), "{short}");
            let mut writer = FeedWriter::start(format, &doc, Vec::new()).unwrap();
            writer.entry(b"<a/>").unwrap();
            writer.entry(b"<b/>").unwrap();
            let long = writer.entry(b"<c/>").unwrap_err().to_string();
            assert!(long.contains("announced 2 entries, not 3"), "{long}");
            let mut writer = FeedWriter::start(format, &doc, Vec::new()).unwrap();
            writer.entry(b"<a/>").unwrap();
            let long = writer.entries(&[b"<b/>", b"<c/>"]).unwrap_err().to_string();
            assert!(long.contains("announced 2 entries, not 3"), "{long}");
        }
    }

    /// Entries written a few at a time make the document that entries written one at a time
    /// make (the JSON Feed's separators too), into a writer that takes a gathered write a
    /// slice at a time.
    #[test]
    fn entries_written_together_make_the_document_written_one_by_one() {
        struct OneSlice(Vec<u8>);
        impl std::io::Write for OneSlice {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                // At most three bytes per call: every write is a short one.
                let n = bytes.len().min(3);
                self.0.extend_from_slice(&bytes[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let home = Url::parse("https://example.org/").unwrap();
        let doc = head_announcing(&home, 5);
        let entries: [&[u8]; 5] = [b"{\"a\": 1}", b"", b"{\"c\": 3}", b"{}", b"{\"e\": 5}"];
        for format in FeedFormat::ALL {
            let mut one_by_one = FeedWriter::start(format, &doc, Vec::new()).unwrap();
            for entry in entries {
                one_by_one.entry(entry).unwrap();
            }
            let want = one_by_one.finish().unwrap();
            let mut together = FeedWriter::start(format, &doc, OneSlice(Vec::new())).unwrap();
            together.entries(&entries[..2]).unwrap();
            together.entries(&[]).unwrap();
            together.entries(&entries[2..]).unwrap();
            let got = together.finish().unwrap().0;
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }

    #[test]
    fn xml_safe_text_is_the_text_cleaned() {
        let mut buffer = None;
        assert_eq!(
            XmlSafe::of("plain « text »", &mut buffer).as_str(),
            "plain « text »"
        );
        assert!(buffer.is_none(), "clean text is borrowed");
        assert_eq!(XmlSafe::of("a\u{1}b\u{FFFE}", &mut buffer).as_str(), "ab");
        assert_eq!(buffer.as_deref(), Some("ab"));
    }

    #[test]
    fn the_byte_scan_lets_through_only_what_xml_safe_keeps() {
        let mut missed = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // The last three put the character across the scan's 32-byte blocks.
            for text in [
                c.to_string(),
                format!("a{c}b"),
                format!("{c}\u{FFFF}"),
                format!("{}{c}{}", "x".repeat(29), "y".repeat(32)),
                format!("{}{c}{}", "x".repeat(31), "y".repeat(32)),
                format!("{}{c}", "x".repeat(63)),
            ] {
                let exact = crate::types::text::xml_safe_by_chars(&text);
                if xml_safe(&text) != exact {
                    missed.push(c);
                }
                if !crate::types::text::may_need_cleaning(text.as_bytes()) && exact != text {
                    missed.push(c);
                }
            }
        }
        assert!(missed.is_empty(), "{missed:?}");
        assert!(matches!(
            xml_safe("Déclaration « à » 中文 🚩"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(xml_safe("a\u{1}b"), Cow::Owned(_)));
    }
}
