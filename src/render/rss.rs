//! RSS 2.0 with the RSS Advisory Board's best practices: the channel written by the rss crate,
//! each item by quick-xml's writer exactly as the crate writes it ([`entry`]).
//!
//! - the summary goes in `description` and the full text in `content:encoded`; both are HTML to
//!   every reader, so the summary (plain text) is HTML-escaped first and the content is the
//!   sanitised HTML;
//! - signatories go in `dc:creator`, because `<author>` must be an e-mail address;
//! - tag-URI guids carry `isPermaLink="false"`;
//! - dates are RFC 822 with English names (the crate keeps dates as strings, so we format them);
//! - `atom:link rel="self"` names the document's own URL, and `atom:link rel="hub"` each
//!   WebSub hub;
//! - one `enclosure` per item, as the profile allows: the first attachment, else the lead image
//!   (`Item::enclosure`); the lead image is also Media RSS `media:content`;
//! - `<source url>` names the feed of the organisation that first published a republished
//!   statement (`source_feed`), never a page: with only a page known there is no `<source>`.

use std::collections::BTreeMap;
use std::io;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use quick_xml::events::{BytesCData, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rss::extension::atom::{AtomExtension, Link};
use rss::Channel;

use rss::extension::{Extension, ExtensionMap};

use super::escape::{push_xml_escaped, write_html_escaped};
use super::{xml_safe, EntryItem, FeedDoc, Frame, RenderError, GENERATOR, HISTORY_NAMESPACE};
use crate::model::Attachment;
use crate::types::dates::rfc822;

/// What the rss crate writes after a channel's last item (its items come last).
const CHANNEL_END: &[u8] = b"\n  </channel>\n</rss>";

/// The namespaces every item declares on `<rss>`: `content:encoded` and `dc:creator` /
/// `dc:language` (the crate declares what its items use; the channel is written without them).
const ITEM_NAMESPACES: [(&str, &str); 2] = [
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("dc", rss::extension::dublincore::NAMESPACE),
];

/// Media RSS, for the lead image (`media:content`).
const MEDIA_NAMESPACE: &str = "http://search.yahoo.com/mrss/";

fn err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Writer {
        format: "RSS",
        message: e.to_string(),
    }
}

fn s(text: &str) -> String {
    xml_safe(text).into_owned()
}

/// Plain text as HTML that shows exactly that text: `<description>` is read as HTML by every
/// reader, so a summary written `<script>` must arrive as `&lt;script&gt;`.
fn html_text(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    // Escaping into a String cannot fail. The same bytes as pulldown-cmark's `escape_html`
    // (`& < > " '`, the last as `&#39;`), by the block scan of `escape`.
    let _ = write_html_escaped(&mut html, &xml_safe(text));
    html
}

/// The head and the end of `doc` as an RSS 2.0 document: its items, as [`entry`] rendered them,
/// go between the two.
pub(super) fn frame(doc: &FeedDoc<'_>) -> Result<Frame, RenderError> {
    let mut channel = Channel {
        title: s(doc.title),
        link: doc.home_url.to_string(),
        description: s(doc.subtitle.unwrap_or(doc.title)),
        language: Some(doc.lang.to_owned()),
        last_build_date: Some(rfc822(&doc.updated)),
        generator: Some(GENERATOR.to_owned()),
        ..Channel::default()
    };
    let mut self_link = Link::default();
    self_link.set_rel("self");
    self_link.set_href(doc.self_url.as_str());
    self_link.set_mime_type(Some("application/rss+xml".to_owned()));
    let mut links = vec![self_link];
    for (rel, url) in doc.history.links() {
        let mut l = Link::default();
        l.set_rel(rel);
        l.set_href(url.as_str());
        l.set_mime_type(Some("application/rss+xml".to_owned()));
        links.push(l);
    }
    for hub in doc.hubs {
        let mut hub_link = Link::default();
        hub_link.set_rel("hub");
        hub_link.set_href(hub.as_str());
        links.push(hub_link);
    }
    let mut atom = AtomExtension::default();
    atom.set_links(links);
    channel.set_atom_ext(Some(atom));
    let mut namespaces = BTreeMap::new();
    if doc.entries > 0 {
        for (prefix, uri) in ITEM_NAMESPACES {
            namespaces.insert(prefix.to_owned(), uri.to_owned());
        }
    }
    // Declared only where an item uses it (its lead image, `media_content`), so that feeds
    // without images keep their bytes.
    if doc.images {
        namespaces.insert("media".to_owned(), MEDIA_NAMESPACE.to_owned());
    }
    let mut history = Vec::new();
    if doc.history.archive {
        history.push("archive");
    }
    if doc.history.complete {
        history.push("complete");
    }
    if !history.is_empty() {
        namespaces.insert("fh".to_owned(), HISTORY_NAMESPACE.to_owned());
        let mut map: ExtensionMap = BTreeMap::new();
        for name in history {
            let mut element = Extension::default();
            element.set_name(format!("fh:{name}"));
            map.entry("fh".to_owned())
                .or_default()
                .insert(name.to_owned(), vec![element]);
        }
        channel.set_extensions(map);
    }
    channel.set_namespaces(namespaces);

    let mut bytes = channel.pretty_write_to(Vec::new(), b' ', 2).map_err(err)?;
    let Some(head) = bytes.len().checked_sub(CHANNEL_END.len()) else {
        return Err(err("the channel does not end as expected"));
    };
    let mut tail = bytes.split_off(head);
    if tail != CHANNEL_END {
        return Err(err("the channel does not end as expected"));
    }
    tail.push(b'\n');
    Ok(Frame { head: bytes, tail })
}

/// Room for what an item holds besides its summary and content (title, links, dates, names):
/// its buffer is allocated once at about its final size instead of doubling as it grows.
const ITEM_CAPACITY: usize = 2048;

/// One item's `<item>`, as bytes to splice into any channel that holds it: written at the depth
/// of a channel's children (after `<rss>` and `<channel>` start tags the bytes leave out), so it
/// starts with the line break and indentation the crate gives an item.
/// Without `full`, the item has its summary as `description` and no `content:encoded`.
///
/// Written with quick-xml's writer, event for event as the rss crate's `Item::to_xml` writes it
/// (the crate writes items only inside a whole channel, and its item holds owned copies of every
/// string, the content too): the channel the crate wrote around each item, the copies and the
/// cut cost more than the item itself. The entry is byte for byte what the crate writes, which
/// the tests below check against the crate for items with every optional part.
pub(crate) fn entry(entry: &EntryItem<'_>, full: bool) -> Result<Vec<u8>, RenderError> {
    let item = entry.item();
    // Escaping makes the summary longer, rarely by more than a quarter; CDATA keeps the
    // content as it is.
    let summary = item.summary.value.len();
    let content = if full { item.content_html.len() } else { 0 };
    let capacity = content + summary + summary / 4 + ITEM_CAPACITY;
    let mut w = Writer::new_with_indent(Vec::with_capacity(capacity), b' ', 2);
    for parent in ["rss", "channel"] {
        w.write_event(Event::Start(BytesStart::new(parent)))
            .map_err(err)?;
    }
    // The writer keeps its depth; the bytes of the start tags are not wanted.
    w.get_mut().clear();
    write_item(&mut w, entry, full).map_err(err)?;
    let mut bytes = w.into_inner();
    // Kept for the whole build: give back what the estimate left over.
    bytes.shrink_to_fit();
    Ok(bytes)
}

type W = Writer<Vec<u8>>;

/// The events of the rss crate's `Item::to_xml`, in its order, for the parts an item here has.
fn write_item(w: &mut W, entry: &EntryItem<'_>, full: bool) -> io::Result<()> {
    let item = entry.item();
    w.write_event(Event::Start(BytesStart::new("item")))?;
    text_element(w, "title", &xml_safe(&item.title.value))?;
    if let Some(url) = &item.url {
        text_element(w, "link", url.as_str())?;
    }
    cdata_element(w, "description", &html_text(&item.summary.value))?;
    for tag in &item.tags.value {
        text_element(w, "category", &xml_safe(tag))?;
    }
    if let Some(file) = item.enclosure() {
        let mut enclosure = BytesStart::new("enclosure");
        enclosure.push_attribute(("url", file.url.as_str()));
        enclosure.push_attribute(("length", file.size.to_string().as_str()));
        enclosure.push_attribute(("type", file.media_type.as_str()));
        w.write_event(Event::Empty(enclosure))?;
    }
    // A constant start tag: `push_attribute` would copy the tag to escape a constant value.
    let guid = BytesStart::from_content(r#"guid isPermaLink="false""#, "guid".len());
    start_text_end(w, guid, &item.id.value)?;
    text_element(w, "pubDate", &rfc822(&item.published.value))?;
    if let Some(feed) = &item.source_feed {
        let title = item
            .source_name
            .as_ref()
            .map_or_else(|| feed.value.host_str().unwrap_or_default(), |n| &n.value);
        let mut source = BytesStart::new("source");
        source.push_attribute(("url", feed.value.as_str()));
        start_text_end(w, source, &xml_safe(title))?;
    }
    if full {
        cdata_element(w, "content:encoded", entry.xml_content().as_str())?;
    }
    if let Some(image) = item.image() {
        media_content(w, image)?;
    }
    for t in &item.translations {
        if let Some(url) = &t.url {
            let mut link = BytesStart::new("atom:link");
            link.push_attribute(("href", url.as_str()));
            link.push_attribute(("rel", "alternate"));
            link.push_attribute(("hreflang", t.lang.as_str()));
            link.push_attribute(("type", "text/html"));
            w.write_event(Event::Empty(link))?;
        }
    }
    // RSS has no per-item language; Dublin Core's carries it for mixed-language feeds.
    for author in &item.authors.value {
        text_element(w, "dc:creator", &xml_safe(author))?;
    }
    text_element(w, "dc:language", &item.lang.value)?;
    w.write_event(Event::End(BytesEnd::new("item")))
}

/// The lead image as Media RSS `<media:content fileSize medium type url>`, written as the
/// crate writes an extension element: its attributes in name order (the crate keeps them in a
/// map), a start tag and an end tag.
fn media_content(w: &mut W, image: &Attachment) -> io::Result<()> {
    let mut element = BytesStart::new("media:content");
    element.push_attribute(("fileSize", image.size.to_string().as_str()));
    element.push_attribute(("medium", "image"));
    element.push_attribute(("type", image.media_type.as_str()));
    element.push_attribute(("url", image.url.as_str()));
    w.write_event(Event::Start(element.borrow()))?;
    w.write_event(Event::End(element.to_end()))
}

/// `<name>text</name>`, `text` escaped as the crate's `BytesText::new` escapes it.
fn text_element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    start_text_end(w, BytesStart::new(name), text)
}

/// `start`, `text` escaped straight into the writer's buffer ([`push_xml_escaped`], the bytes
/// of `BytesText::new`) after an empty text event that leaves the writer's indentation state as
/// the text would (no line break before the end tag), and the end tag.
fn start_text_end(w: &mut W, start: BytesStart<'_>, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(start.borrow()))?;
    w.write_event(Event::Text(BytesText::from_escaped("")))?;
    push_xml_escaped(w.get_mut(), text);
    w.write_event(Event::End(start.to_end()))
}

/// `<name><![CDATA[text]]></name>`, the text cut after every `]]` of a `]]>` as the crate
/// cuts it (quick-xml's `BytesCData::escaped`), each piece a CDATA section.
fn cdata_element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    for piece in cdata_pieces(text) {
        w.write_event(Event::CData(BytesCData::new(piece)))?;
    }
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// The pieces of `BytesCData::escaped`, found by a finder built once for the run: the crate's
/// iterator looks at every `>` of the text (dozens in an item's HTML) to see whether `]]`
/// comes before it. Hand-written for that alone; the test below checks the pieces against the
/// crate's.
fn cdata_pieces(text: &str) -> impl Iterator<Item = &str> {
    static CDATA_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("]]>"));
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match CDATA_END.find(text.as_bytes()) {
            Some(at) => {
                let (piece, after) = text.split_at(at + 2);
                rest = Some(after);
                Some(piece)
            }
            None => rest.take(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttachmentKind, Item, Translation, UrlText};
    use crate::render::html::tests::row_item;
    use chrono::DateTime;
    use rss::extension::atom::{AtomExtension, Link};
    use rss::extension::dublincore::DublinCoreExtension;
    use rss::{Category, Enclosure, Guid, Item as RssItem, Source};
    use url::Url;

    /// The item as the crate wrote it before: cut from a channel holding only that item.
    fn entry_by_the_crate(entry: &EntryItem<'_>, full: bool) -> Vec<u8> {
        let channel = Channel {
            items: vec![rss_item(entry, full)],
            ..Channel::default()
        };
        let bytes = channel.pretty_write_to(Vec::new(), b' ', 2).unwrap();
        let start = memchr::memmem::find(&bytes, b"\n    <item>").unwrap();
        assert!(bytes.ends_with(CHANNEL_END));
        bytes[start..bytes.len() - CHANNEL_END.len()].to_vec()
    }

    fn rss_item(entry: &EntryItem<'_>, full: bool) -> RssItem {
        let item = entry.item();
        let mut guid = Guid::default();
        guid.set_value(item.id.value.clone());
        guid.set_permalink(false);
        let mut dc = DublinCoreExtension::default();
        dc.set_creators(item.authors.value.iter().map(|a| s(a)).collect::<Vec<_>>());
        dc.set_languages(vec![item.lang.value.clone()]);
        let translations: Vec<Link> = item
            .translations
            .iter()
            .filter_map(|t| {
                let url = t.url.as_ref()?;
                let mut l = Link::default();
                l.set_rel("alternate");
                l.set_href(url.as_str());
                l.set_hreflang(Some(t.lang.clone()));
                l.set_mime_type(Some("text/html".to_owned()));
                Some(l)
            })
            .collect();
        let atom_ext = (!translations.is_empty()).then(|| {
            let mut atom = AtomExtension::default();
            atom.set_links(translations);
            atom
        });
        RssItem {
            title: Some(s(&item.title.value)),
            link: item.url.as_ref().map(|u| u.to_string()),
            atom_ext,
            guid: Some(guid),
            pub_date: Some(rfc822(&item.published.value)),
            categories: item
                .tags
                .value
                .iter()
                .map(|t| Category {
                    name: s(t),
                    domain: None,
                })
                .collect(),
            description: Some(html_text(&item.summary.value)),
            content: full.then(|| entry.xml_content().as_str().to_owned()),
            dublin_core_ext: Some(dc),
            enclosure: item.enclosure().map(|a| Enclosure {
                url: a.url.to_string(),
                length: a.size.to_string(),
                mime_type: a.media_type.clone(),
            }),
            source: item.source_feed.as_ref().map(|feed| Source {
                url: feed.value.to_string(),
                title: Some(s(item.source_name.as_ref().map_or_else(
                    || feed.value.host_str().unwrap_or_default(),
                    |n| &n.value,
                ))),
            }),
            extensions: crate_media_content(item),
            ..RssItem::default()
        }
    }

    fn crate_media_content(item: &Item) -> ExtensionMap {
        let mut map: ExtensionMap = BTreeMap::new();
        if let Some(image) = item.image() {
            let mut element = Extension::default();
            element.set_name("media:content");
            let attrs = [
                ("url", image.url.to_string()),
                ("type", image.media_type.clone()),
                ("fileSize", image.size.to_string()),
                ("medium", "image".to_owned()),
            ];
            element.attrs = attrs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            map.entry("media".to_owned())
                .or_default()
                .insert("content".to_owned(), vec![element]);
        }
        map
    }

    fn attachment(name: &str, kind: AttachmentKind, size: u64) -> Attachment {
        Attachment {
            name: name.to_owned(),
            kind,
            path: format!("a/{name}"),
            url: Url::parse(&format!("https://example.org/a/{name}?x=1&y='2'")).unwrap(),
            media_type: "image/png".to_owned(),
            size,
            file: name.into(),
        }
    }

    /// Items with and without each optional part, with text that needs escaping everywhere
    /// (and a `]]>` in the content and the summary, which CDATA must cut).
    fn items() -> Vec<Item> {
        let published = DateTime::parse_from_rfc3339("2022-01-08T10:00:00+02:00").unwrap();
        let plain = row_item("Plain".to_owned(), "en".to_owned(), vec![], None, published);
        let mut rich = row_item(
            "A <b>title</b> & \"quotes\" 'here'\u{1}".to_owned(),
            "fr".to_owned(),
            vec!["Comité <A&B>".to_owned(), "CGT".to_owned()],
            Some(Url::parse("https://example.org/s/a?b=1&c=<2>").unwrap()),
            published,
        );
        rich.id.value = "tag:example.org,2022:<a&b>".to_owned();
        rich.summary.value = "Summary <script> & ]]> 'q' \"d\"\u{2}".to_owned();
        rich.content_html = "<p>a ]]> b &amp; <a href=\"x\">c</a>\u{1}</p>]]>".to_owned();
        rich.tags.value = vec!["t<1>".to_owned(), "t&2".to_owned(), String::new()];
        rich.translations = vec![
            Translation {
                lang: "en".to_owned(),
                id: "tag:x".to_owned(),
                url: Some(UrlText::from(
                    Url::parse("https://example.org/en?a=1&b=2").unwrap(),
                )),
                title: "T".to_owned(),
            },
            Translation {
                lang: "de".to_owned(),
                id: "tag:y".to_owned(),
                url: None,
                title: "U".to_owned(),
            },
        ];
        rich.source_feed = Some(sourced(
            Url::parse("https://source.example/feed?a&b").unwrap(),
        ));
        rich.attachments = vec![
            attachment("lead.png", AttachmentKind::Image, 1234),
            attachment("file one.pdf", AttachmentKind::File, 99),
        ];
        let mut named = rich.clone();
        named.source_name = Some(sourced("Source <&> name".to_owned()));
        named
            .attachments
            .retain(|a| a.kind == AttachmentKind::Image);
        named.lang.value = "ar".to_owned();
        let mut empty = plain.clone();
        empty.summary.value = String::new();
        empty.content_html = String::new();
        empty.tags.value = vec![];
        vec![plain, rich, named, empty]
    }

    fn sourced<T>(value: T) -> crate::model::Sourced<T> {
        let published = DateTime::parse_from_rfc3339("2022-01-08T10:00:00Z").unwrap();
        let origin = row_item(String::new(), String::new(), vec![], None, published)
            .title
            .origin;
        crate::model::Sourced::new(value, origin)
    }

    /// CDATA is cut where the crate cuts it.
    #[test]
    fn cdata_pieces_are_the_crates() {
        for text in [
            "",
            "a",
            "]]>",
            "a]]>b",
            "]]]]>>",
            "]]>]]>",
            "x]]",
            ">]]>",
            "é]]>é]]>",
        ] {
            let ours: Vec<&str> = cdata_pieces(text).collect();
            let theirs: Vec<String> = BytesCData::escaped(text)
                .map(|p| String::from_utf8(p.into_inner().into_owned()).unwrap())
                .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    /// The item written here is byte for byte the item the rss crate wrote, full text and
    /// summary only.
    #[test]
    fn items_are_what_the_crate_writes() {
        for item in items() {
            for full in [true, false] {
                let entry_item = EntryItem::new(&item);
                let ours = entry(&entry_item, full).unwrap();
                let theirs = entry_by_the_crate(&entry_item, full);
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(theirs).unwrap(),
                    "{} full={full}",
                    item.title.value
                );
            }
        }
    }
}
