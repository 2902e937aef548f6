//! JSON Feed 1.1, written by serde_json from typed structs.
//!
//! No maintained crate writes JSON Feed 1.1 (the `jsonfeed` crate stops at 1.0 and is
//! unmaintained); the format is small enough that its structs are the specification.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{FeedDoc, RenderError};
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
    summary: &'a str,
    content_html: &'a str,
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
}

#[derive(Serialize)]
struct TranslationLink<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    title: &'a str,
}

fn item(item: &Item) -> FeedItem<'_> {
    FeedItem {
        id: &item.id.value,
        url: item.url.as_ref().map(|u| u.as_str()),
        external_url: item.source.as_ref().map(|s| s.value.as_str()),
        title: &item.title.value,
        summary: &item.summary.value,
        content_html: &item.content_html,
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
    }
}

/// Renders `doc` as a JSON Feed 1.1 document (pretty-printed, ending in a newline).
pub(crate) fn render(doc: &FeedDoc<'_>) -> Result<Vec<u8>, RenderError> {
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
        items: doc.items.iter().map(|i| item(i)).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&feed).map_err(|e| RenderError::Writer {
        format: "JSON Feed",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
