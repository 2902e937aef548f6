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
    pub url: Option<Url>,
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
    /// The item's page: a generated HTML page or the configured permalink.
    pub url: Option<Url>,
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
}
