//! JSON Feed 1.1, written by serde_json from typed structs.
//!
//! No maintained crate writes JSON Feed 1.1 (the `jsonfeed` crate stops at 1.0 and is
//! unmaintained); the format is small enough that its structs are the specification.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use serde::Serialize;

use super::escape::push_json_escaped;
use super::{EntryItem, FeedDoc, Frame, RenderError};
use crate::model::Item;
use crate::types::dates::rfc3339;

pub(crate) const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct Feed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    /// The next older archive document: JSON Feed's paging, used for RFC 5005-style history.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_url: Option<&'a str>,
    language: &'a str,
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hubs: Vec<Hub<'a>>,
    /// Always empty here: the items are spliced in afterwards (see [`frame`]). Last, so that
    /// they end the document.
    items: Vec<FeedItem<'a>>,
}

/// JSON Feed 1.1 `hubs`: only WebSub is defined.
#[derive(Serialize)]
struct Hub<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct FeedItem<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    /// The whole text (a full-text feed): written empty, the HTML escaped into it afterwards
    /// (see [`entry`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    /// The summary, in a summary feed: JSON Feed 1.1 asks every item for `content_html` or
    /// `content_text`, and the summary is then all the text the item carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    date_published: String,
    date_modified: String,
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    language: &'a str,
    /// Extension: the item's translations (`hreflang` alternates in Atom), keyed by language.
    /// JSON Feed 1.1 requires extensions to be objects.
    #[serde(rename = "_translations", skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationLink<'a>>,
    /// The lead image.
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<FeedAttachment<'a>>,
}

/// JSON Feed 1.1 `attachments`: one published file.
#[derive(Serialize)]
struct FeedAttachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    /// The file's name (its path beside the item).
    title: &'a str,
    size_in_bytes: u64,
}

#[derive(Serialize)]
struct TranslationLink<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    title: &'a str,
}

fn feed_item(item: &Item, full: bool) -> FeedItem<'_> {
    FeedItem {
        id: &item.id.value,
        url: item.url.as_ref().map(|u| u.as_str()),
        external_url: item.source.as_ref().map(|s| s.value.as_str()),
        title: &item.title.value,
        summary: full.then_some(item.summary.value.as_str()),
        content_html: full.then_some(""),
        content_text: (!full).then_some(item.summary.value.as_str()),
        date_published: rfc3339(&item.published.value),
        date_modified: rfc3339(&item.updated.value),
        authors: item
            .authors
            .value
            .iter()
            .map(|a| Author { name: a })
            .collect(),
        tags: &item.tags.value,
        language: &item.lang.value,
        translations: item
            .translations
            .iter()
            .map(|t| {
                (
                    t.lang.as_str(),
                    TranslationLink {
                        id: &t.id,
                        url: t.url.as_ref().map(|u| u.as_str()),
                        title: &t.title,
                    },
                )
            })
            .collect(),
        image: item.image().map(|i| i.url.as_str()),
        attachments: item
            .files()
            .map(|a| FeedAttachment {
                url: a.url.as_str(),
                mime_type: &a.media_type,
                title: &a.name,
                size_in_bytes: a.size,
            })
            .collect(),
    }
}

fn err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Writer {
        format: "JSON Feed",
        message: e.to_string(),
    }
}

/// How serde_json's pretty printer ends a feed whose `items` is empty.
const EMPTY_ITEMS_END: &[u8] = b"[]\n}";

/// An item as a feed document holds it: the only member of the `items` of an object, so that
/// the pretty printer writes it two levels down, indented as a feed's items are.
#[derive(Serialize)]
struct AtItemDepth<'i, 'a> {
    items: [&'i FeedItem<'a>; 1],
}

/// What the pretty printer writes before and after the item of an [`AtItemDepth`].
const ITEM_PREFIX: &[u8] = b"{\n  \"items\": [\n    ";
const ITEM_SUFFIX: &[u8] = b"\n  ]\n}";

/// One item of a feed's `items`, as bytes to splice into any feed document that holds it:
/// pretty-printed at the depth of a feed's items ([`AtItemDepth`]), without what is around it.
/// Without `full`, the item's text is its summary (`content_text`).
///
/// The item's HTML (`content_html`, most of its bytes) is escaped by [`push_json_escaped`],
/// not by serde_json, which escapes one byte at a time: serde_json writes the item with an empty
/// `content_html`, and the HTML is escaped straight into the entry between its quotes.
pub(crate) fn entry(entry: &EntryItem<'_>, full: bool) -> Result<Vec<u8>, RenderError> {
    let item = feed_item(entry.item(), full);
    let summary = item.summary.or(item.content_text).map_or(0, str::len);
    let mut bytes = Vec::with_capacity(summary + summary / 4 + 2048);
    serde_json::to_writer_pretty(&mut bytes, &AtItemDepth { items: [&item] }).map_err(err)?;
    let item_bytes = bytes
        .strip_prefix(ITEM_PREFIX)
        .and_then(|b| b.strip_suffix(ITEM_SUFFIX))
        .ok_or_else(|| err("the item is not where expected"))?;
    if !full {
        return Ok(item_bytes.to_vec());
    }
    let at = empty_content_at(item_bytes)
        .ok_or_else(|| err("the item's content_html is not where expected"))?;
    let html = entry.content();
    let mut out = Vec::with_capacity(item_bytes.len() + html.len() + html.len() / 8);
    out.extend_from_slice(&item_bytes[..at]);
    push_json_escaped(&mut out, html);
    out.extend_from_slice(&item_bytes[at..]);
    // Kept for the whole build: give back what the estimate left over.
    out.shrink_to_fit();
    Ok(out)
}

/// Where serde_json's pretty printer wrote the empty `content_html` of an item at the depth of
/// a feed's items: the offset of its closing quote. It is the first such line: no string holds
/// a raw line break, and the fields before it are plain strings. The finder is built once.
fn empty_content_at(item: &[u8]) -> Option<usize> {
    const EMPTY_CONTENT: &[u8] = b"\n      \"content_html\": \"\"";
    static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(EMPTY_CONTENT));
    FINDER.find(item).map(|at| at + EMPTY_CONTENT.len() - 1)
}

/// The head and the end of `doc` as a JSON Feed 1.1 document (pretty-printed, ending in a
/// newline): its items, as [`entry`] rendered them, go between the two, each after its
/// [`separator`], as the pretty printer writes an array of objects.
pub(super) fn frame(doc: &FeedDoc<'_>) -> Result<Frame, RenderError> {
    let feed = Feed {
        version: VERSION,
        title: doc.title,
        home_page_url: doc.home_url.as_str(),
        feed_url: doc.self_url.as_str(),
        description: doc.subtitle,
        next_url: doc.history.prev_archive.as_ref().map(|u| u.as_str()),
        language: doc.lang,
        authors: vec![Author { name: doc.author }],
        hubs: doc
            .hubs
            .iter()
            .map(|h| Hub {
                kind: "WebSub",
                url: h.as_str(),
            })
            .collect(),
        items: Vec::new(),
    };
    let mut head = serde_json::to_vec_pretty(&feed).map_err(err)?;
    if doc.entries == 0 {
        head.push(b'\n');
        return Ok(Frame {
            head,
            tail: Vec::new(),
        });
    }
    if !head.ends_with(EMPTY_ITEMS_END) {
        return Err(err("the feed does not end as expected"));
    }
    head.truncate(head.len() - EMPTY_ITEMS_END.len());
    head.push(b'[');
    Ok(Frame {
        head,
        tail: b"\n  ]\n}\n".to_vec(),
    })
}

/// What goes before entry `i` (counting from 0) of a document's `items`.
pub(super) fn separator(i: usize) -> &'static [u8] {
    if i == 0 {
        b"\n    "
    } else {
        b",\n    "
    }
}
