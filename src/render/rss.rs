//! RSS 2.0 with the RSS Advisory Board's best practices, written by the rss crate.
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

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Enclosure, Guid, Item as RssItem, Source};

use rss::extension::{Extension, ExtensionMap};

use super::escape::write_html_escaped;
use super::{xml_safe, EntryItem, FeedDoc, Frame, RenderError, GENERATOR, HISTORY_NAMESPACE};
use crate::model::Item;
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

/// One item's `<item>`, as bytes to splice into any channel that holds it: cut from a channel
/// holding only that item, so it starts with the line break and indentation the crate gives an
/// item.
/// Without `full`, the item has its summary as `description` and no `content:encoded`.
pub(crate) fn entry(entry: &EntryItem<'_>, full: bool) -> Result<Vec<u8>, RenderError> {
    let item = entry.item();
    let channel = Channel {
        items: vec![rss_item(entry, full)],
        ..Channel::default()
    };
    // Room for the item's text and the channel around it, so that the buffer does not grow
    // by doubling (escaping makes the text longer, rarely by more than a quarter).
    let text = item.content_html.len() + item.summary.value.len();
    let buffer = Vec::with_capacity(text + text / 4 + 4096);
    let bytes = channel.pretty_write_to(buffer, b' ', 2).map_err(err)?;
    let start = find(&bytes, b"\n    <item>");
    let end = bytes.len().checked_sub(CHANNEL_END.len());
    match (start, end) {
        (Some(start), Some(end)) if start <= end && bytes[end..] == *CHANNEL_END => {
            let mut bytes = bytes;
            bytes.truncate(end);
            bytes.drain(..start);
            // Kept for the whole build: give back what the estimate left over.
            bytes.shrink_to_fit();
            Ok(bytes)
        }
        _ => Err(err("the item cannot be cut from its channel")),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn rss_item(entry: &EntryItem<'_>, full: bool) -> RssItem {
    let item = entry.item();
    let mut guid = Guid::default();
    guid.set_value(item.id.value.clone());
    guid.set_permalink(false);
    let mut dc = DublinCoreExtension::default();
    dc.set_creators(item.authors.value.iter().map(|a| s(a)).collect::<Vec<_>>());
    // RSS has no per-item language; Dublin Core's carries it for mixed-language feeds.
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
        extensions: media_content(item),
        ..RssItem::default()
    }
}

/// The lead image as Media RSS `<media:content url type fileSize medium="image"/>`.
fn media_content(item: &Item) -> ExtensionMap {
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
