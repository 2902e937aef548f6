//! **Render**: one feed document in one format, as bytes.
//!
//! Renderers are pure functions of a [`FeedDoc`]: no I/O, no clock. The document's `updated` time
//! comes from its items, never from the time of the build, so the same inputs give the same
//! bytes. Every string is passed through [`xml_safe`](crate::types::text::xml_safe) on the way
//! out, as a last defence against characters XML 1.0 forbids.

pub(crate) mod atom;
pub mod html;
pub(crate) mod json_feed;
pub(crate) mod opml;
pub(crate) mod rss;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;
use url::Url;

use crate::model::Item;

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
    /// Newest first.
    pub items: &'a [&'a Item],
    /// RFC 5005 links, in this document's format.
    pub history: History,
    /// WebSub hubs, announced with `rel="hub"` links (none: no links).
    pub hubs: &'a [Url],
}

/// RFC 5005 section 4 (archived feeds): where a document sits in its feed's history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// This document is an archive (`fh:archive`): immutable, one period of the feed.
    pub archive: bool,
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

/// Renders `doc` in `format`.
pub fn render_feed(format: FeedFormat, doc: &FeedDoc<'_>) -> Result<Vec<u8>, RenderError> {
    match format {
        FeedFormat::Atom => atom::render(doc),
        FeedFormat::Rss => rss::render(doc),
        FeedFormat::JsonFeed => json_feed::render(doc),
    }
}

/// The newest `updated` among `items`, or `fallback` for an empty feed.
pub fn newest_update(items: &[&Item], fallback: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    items
        .iter()
        .map(|i| i.updated.value.max(i.published.value))
        .max()
        .unwrap_or(fallback)
}
