//! The typed statement every later stage works with: an [`Item`], and where each of its metadata
//! values came from ([`Origin`]).
//!
//! The model is plain data. Renderers read it; they never change it and never look at files.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::types::format::{Format, FrontMatterKind};
pub use crate::types::rule::Rule;
pub use crate::types::translation::TranslationKey;
pub use crate::types::url_text::UrlText;

/// Where a metadata value came from, so that every inference is visible
/// (`communique items --format json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Origin {
    /// Written in the front matter, at this line of the file.
    FrontMatter { line: usize },
    /// Taken from the file name (date prefix, stem).
    FileName,
    /// Inferred from the statement's text, at this line of the file.
    Text { line: usize, rule: Rule },
    /// Detected by a statistical detector, with its confidence (0 to 1).
    Detected { confidence: f64 },
    /// Taken from the configuration.
    Config,
    /// The author date of the commit that added the file (git history, renames followed).
    History { commit: String },
    /// When this instance first saw the file (recorded in the state folder).
    FirstSeen,
    /// Computed from other values of the item (for example `updated` from `published`).
    Derived { rule: Rule },
}

/// A value with its origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    #[serde(flatten)]
    pub origin: Origin,
}

impl<T> Sourced<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Sourced { value, origin }
    }
}

/// A translation of an item, for `hreflang` alternates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    pub lang: String,
    pub id: String,
    /// The translation's page, when items have pages or permalinks.
    pub url: Option<UrlText>,
    pub title: String,
}

/// One normalised statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The file, as shown in diagnostics.
    pub path: String,
    /// The file on disk.
    #[serde(skip)]
    pub file: PathBuf,
    pub format: Format,
    /// The front matter's syntax, if the file has front matter.
    pub front_matter: Option<FrontMatterKind>,
    /// The file name without extension; the default basis of the id.
    pub stem: String,
    /// The stable entry id (a tag URI unless front matter pins another).
    pub id: Sourced<String>,
    pub title: Sourced<String>,
    pub published: Sourced<DateTime<FixedOffset>>,
    pub updated: Sourced<DateTime<FixedOffset>>,
    /// Signatories, in the order given.
    pub authors: Sourced<Vec<String>>,
    /// A BCP 47 language tag such as `pt` or `pt-BR`.
    pub lang: Sourced<String>,
    pub tags: Sourced<Vec<String>>,
    /// The original this statement republishes or translates.
    pub source: Option<Sourced<Url>>,
    /// What groups this item with its translations: a front-matter `translation_key` or
    /// `translation_of`, or the file name's stem without its language suffix.
    pub translation_key: Option<Sourced<TranslationKey>>,
    /// The other items of its translation group, ordered by language.
    pub translations: Vec<Translation>,
    /// The item's page: a generated HTML page or the configured permalink. Kept as text: it
    /// is only ever written out, and a cached item's is not parsed again on every run.
    pub url: Option<UrlText>,
    /// Plain-text summary.
    pub summary: Sourced<String>,
    /// Closing slogans, kept in the content too.
    pub slogans: Vec<String>,
    /// The signature line, kept in the content too.
    pub signature: Option<String>,
    /// Sanitised HTML with absolute links and only XML 1.0 characters.
    pub content_html: String,
    /// Drafts are checked but never published.
    pub draft: bool,
    /// Old addresses of the item's page (front matter `aliases`, as written), where a redirect
    /// page to it is left.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The instant of release when it differs from `published` (front matter `embargo`): the
    /// item stays out of every output until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embargo: Option<Sourced<DateTime<FixedOffset>>>,
    /// Correction notes, oldest first (front matter `[[changes]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The withdrawal, when the statement was withdrawn (front matter `withdrawn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
    /// The page's HTML when it differs from the feeds' `content_html` (a withdrawn statement
    /// whose page keeps its text under the notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_html: Option<String>,
    /// The name of the organisation (or its feed) that first published the statement this one
    /// republishes: front matter `source_name`.
    pub source_name: Option<Sourced<String>>,
    /// The RSS feed of that organisation (front matter `source_feed`): RSS `<source url>`.
    pub source_feed: Option<Sourced<Url>>,
    /// The files the item names (front matter `attachments` and `image`, relative images in its
    /// Markdown), as its file alone says them: found beside it and checked by
    /// `normalise::attachments` on every run.
    pub attachment_refs: Vec<AttachmentRef>,
    /// The files published with the item, checked and measured this run: the lead image, the
    /// attachments (front matter first, then the files beside the item), the images its text
    /// shows.
    pub attachments: Vec<Attachment>,
}

impl Item {
    /// The instant the item may appear in any output: its `embargo`, else its publication date.
    pub fn release(&self) -> DateTime<FixedOffset> {
        self.embargo
            .as_ref()
            .map_or(self.published.value, |e| e.value)
    }
}

/// A correction note: when the statement was corrected and what changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub date: DateTime<FixedOffset>,
    pub note: String,
    /// The front-matter line that holds it.
    pub line: usize,
}

/// A withdrawal: when, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub date: DateTime<FixedOffset>,
    pub reason: String,
    /// The front-matter line that holds it.
    pub line: usize,
}

/// What a file published with an item is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// The lead image: JSON Feed `image`, Media RSS `media:content`, the page's `og:image`.
    Image,
    /// An attachment: RSS `enclosure`, Atom `rel="enclosure"`, JSON Feed `attachments`.
    File,
    /// An image the text shows (`![…](chart.png)`): copied, linked from the content only.
    Inline,
}

/// A file an item names, as its file says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    /// The file's path relative to the item's folder, `/`-separated, as written.
    pub name: String,
    pub kind: AttachmentKind,
    /// Where the item names it (front matter, or the Markdown line of an image).
    pub line: Option<usize>,
    /// For an image of the text: whether a file was there when the item was read (when not,
    /// its link is left under `base_url`, as for any relative link).
    pub found: bool,
}

/// A file published with an item: copied into the output folder beside the item's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The path relative to the item's folder, `/`-separated: also its path under the item's
    /// page folder in the output.
    pub name: String,
    pub kind: AttachmentKind,
    /// The output path, relative to the output folder.
    pub path: String,
    pub url: Url,
    /// The media type, from the file name's extension.
    pub media_type: String,
    /// In bytes, as the file is now.
    pub size: u64,
    /// The file to copy (a link's target inside the items folder).
    #[serde(skip)]
    pub file: PathBuf,
}

impl Item {
    /// The lead image, when the item has one.
    pub fn image(&self) -> Option<&Attachment> {
        self.attachments
            .iter()
            .find(|a| a.kind == AttachmentKind::Image)
    }

    /// The attachments (no lead image, no image of the text), in order.
    pub fn files(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments
            .iter()
            .filter(|a| a.kind == AttachmentKind::File)
    }

    /// The one RSS `enclosure`: the first attachment, else the lead image.
    pub fn enclosure(&self) -> Option<&Attachment> {
        self.files().next().or_else(|| self.image())
    }
}
