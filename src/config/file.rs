//! The shape of `config.toml`: the one definition of every key the file accepts.
//!
//! [`RawConfig`] and the tables under it derive both `Deserialize` (reading the file, unknown
//! keys rejected) and `Serialize` (`config show` prints the resolved configuration back in this
//! same shape, see [`super::show`]). So a key added here is accepted by the loader and printed
//! by `config show` without a second list to keep in step; the push tables
//! ([`crate::config::push`]) and `[limits]` (`types::limits`) follow the same rule.
//!
//! Enumerated values (`date_order`, `feed_names`, `feeds.archives`, the push `type`) are serde
//! enums: their spellings are written once, on the enum.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, Error as _, IntoDeserializer};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{line_of_offset, ArchivePeriod, ConfigError};
use crate::config::import::{RawImportSettings, RawSource};
use crate::config::push::{RawPushSettings, RawTarget};
use crate::types::dates::DateOrder;
use crate::types::feed::FeedNames;
use crate::types::limits::RawLimits;

/// `config.toml` as written. Every table rejects unknown keys, so a typo is an error that names
/// it. The order of the fields is the order `config show` prints them in.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub base_url: String,
    pub author: String,
    #[serde(default = "default_lang")]
    pub lang: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// How ambiguous numeric dates such as `03/04/2022` are read: `auto`, `dmy` or `mdy`
    /// (surrounding spaces allowed).
    #[serde(default, deserialize_with = "trimmed")]
    pub date_order: DateOrder,
    #[serde(default = "default_limit")]
    pub limit: usize,
    /// A subscription document's byte budget: the newest items whose content, summary and
    /// title add up to at most this many bytes (at least one item); 0 for none.
    #[serde(default = "default_limit_bytes")]
    pub limit_bytes: usize,
    pub id_authority: String,
    pub id_date: String,
    #[serde(default = "default_id_prefix")]
    pub id_prefix: String,
    #[serde(default = "default_items_dir", serialize_with = "lossy_path")]
    pub items_dir: PathBuf,
    #[serde(default = "default_output_dir", serialize_with = "lossy_path")]
    pub output_dir: PathBuf,
    /// Where communique keeps what it remembers between runs (push manifests, build state).
    /// Default: `.communique` beside the output folder.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "lossy_optional_path"
    )]
    pub state_dir: Option<PathBuf>,
    /// Seconds a `publish` or `build` waits for another run on the same instance to finish.
    #[serde(default = "default_lock_timeout")]
    pub lock_timeout: u64,
    /// File names of the feeds: `xml` (`atom.xml`, `rss.xml`) or `extensions` (`feed.atom`,
    /// `feed.rss`), which web servers map to the right media types by default.
    #[serde(default)]
    pub feed_names: FeedNames,
    /// WebSub hubs announced in every feed and pinged after a push.
    #[serde(default)]
    pub hubs: Vec<String>,
    /// Which parts of the feed set to write.
    #[serde(default)]
    pub feeds: RawFeeds,
    /// Per-language feed titles and descriptions, keyed by language tag.
    #[serde(default)]
    pub languages: BTreeMap<String, RawLanguage>,
    /// `[safety]`: guards against a run that would unpublish much at once.
    #[serde(default)]
    pub safety: RawSafety,
    /// `[limits]`: what one item file may cost (size, lines, nesting).
    #[serde(default)]
    pub limits: RawLimits,
    /// `[push_settings]`, shared by every push target (see docs/push.md).
    #[serde(default)]
    pub push_settings: RawPushSettings,
    /// `[[push]]` targets (see docs/push.md). Last, as TOML wants arrays of tables after the
    /// plain keys.
    #[serde(default)]
    pub push: Vec<RawTarget>,
    /// `[import_settings]`: how `communique import` reads the web (see README, Import).
    #[serde(default)]
    pub import_settings: RawImportSettings,
    /// `[[sources]]`: feeds of other sites that `publish` follows (see README, Import).
    #[serde(default)]
    pub sources: Vec<RawSource>,
}

/// `[safety]` as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSafety {
    /// The largest share (0 to 1) of the published entries one `build` or `publish` may remove
    /// without `--force`. Default 0.5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unpublish_share: Option<f64>,
}

/// `[feeds]`: switches for each part of the feed set.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawFeeds {
    /// `public/<lang>/…` feeds, one set per language.
    pub languages: bool,
    /// `public/tags/<slug>/…` feeds, one set per tag.
    pub tags: bool,
    /// The main feed's RFC 5005 archives (Atom): `"year"`, `"month"` or `"off"`.
    pub archives: Archives,
    /// Per-item HTML pages and `index.html`.
    pub pages: bool,
    /// `feeds.opml`, listing every feed.
    pub opml: bool,
    /// Links entries to an existing website instead of generated pages, e.g.
    /// `"https://example.org/{year}/{stem}/"` (placeholders: `{year}`, `{month}`, `{day}`,
    /// `{stem}`, `{lang}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permalink: Option<String>,
    /// Folder with `item.html` / `index.html` overriding the built-in templates.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "lossy_optional_path"
    )]
    pub templates_dir: Option<PathBuf>,
    /// What the main feed (its archives and the tag feeds too) holds of a statement published
    /// in several languages: `"all"` (every translation as its own entry) or `"originals"`
    /// (the statement once, in its original language, its translations linked).
    pub main_feed: MainFeed,
    /// Language feeds also carry, in its original language, each statement not (yet)
    /// translated into theirs.
    pub language_fallback: bool,
    /// What a withdrawn statement's page shows: `"notice"` (the notice instead of the text) or
    /// `"notice_above"` (the notice, then the text).
    pub withdrawn_page: WithdrawnPage,
    /// What a tag feed's entries carry: `"summary"` (title, summary and link to the page) or
    /// `"full"` (the whole text, as the main feed).
    pub tag_content: EntryContent,
    /// Entries in a tag feed's subscription documents (at least 1; `limit` and `limit_bytes`
    /// apply too).
    pub tag_limit: usize,
}

/// What a feed's entries carry of each statement (`[feeds] tag_content`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryContent {
    /// Title, summary and the link to the statement's page; no content.
    #[default]
    Summary,
    /// The statement's whole text, as the main feed carries it.
    Full,
}

/// What a withdrawn statement's page shows (`[feeds] withdrawn_page`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawnPage {
    /// The withdrawal notice instead of the text.
    #[default]
    Notice,
    /// The withdrawal notice above the text.
    NoticeAbove,
}

impl Default for RawFeeds {
    fn default() -> Self {
        RawFeeds {
            languages: true,
            tags: true,
            archives: Archives::Year,
            pages: true,
            opml: true,
            permalink: None,
            templates_dir: None,
            main_feed: MainFeed::All,
            language_fallback: false,
            withdrawn_page: WithdrawnPage::Notice,
            tag_content: EntryContent::Summary,
            tag_limit: default_tag_limit(),
        }
    }
}

/// `feeds.archives` as written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Archives {
    #[default]
    Year,
    Month,
    Off,
}

impl Archives {
    /// The archive pages' period; `None` for `off`.
    pub fn period(self) -> Option<ArchivePeriod> {
        match self {
            Archives::Year => Some(ArchivePeriod::Year),
            Archives::Month => Some(ArchivePeriod::Month),
            Archives::Off => None,
        }
    }

    /// The value that resolves to `period`.
    pub fn of(period: Option<ArchivePeriod>) -> Archives {
        match period {
            Some(ArchivePeriod::Year) => Archives::Year,
            Some(ArchivePeriod::Month) => Archives::Month,
            None => Archives::Off,
        }
    }
}

/// `feeds.main_feed`: which entries of a statement with translations the main feed, its
/// archives and the tag feeds hold. `all` is the default so that upgrading changes no feed:
/// a subscriber reading the translations in the main feed would lose them from it (see
/// "Once per reader" in the README).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MainFeed {
    /// Every translation is an entry of its own.
    #[default]
    All,
    /// Each statement once, in its original language; its translations are linked with
    /// `hreflang` from that entry and have entries in their language feeds.
    Originals,
}

/// `[languages.<code>]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn default_lang() -> String {
    "en".to_owned()
}
fn default_timezone() -> String {
    "UTC".to_owned()
}
fn default_limit() -> usize {
    50
}
/// Ten, as WordPress gives every feed: a topic feed tells its reader what is new on the topic.
pub(crate) fn default_tag_limit() -> usize {
    10
}
fn default_limit_bytes() -> usize {
    64 * 1024
}
fn default_id_prefix() -> String {
    "statements".to_owned()
}
fn default_items_dir() -> PathBuf {
    PathBuf::from("items")
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_lock_timeout() -> u64 {
    300
}

impl RawConfig {
    /// Parses the TOML text; `path` is only used in messages.
    pub fn parse(text: &str, path: &str) -> Result<RawConfig, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_owned();
            let (line, span) = match e.span() {
                Some(range) => {
                    let (line, span) = crate::diag::Span::in_text(text, range);
                    (line, Some(span))
                }
                None => (line_of_offset(text, 0), None),
            };
            ConfigError::Parse {
                path: path.to_owned(),
                line,
                help: unknown_field_help(&message),
                message,
                span,
            }
        })
    }
}

/// "did you mean `author`?" for serde's `unknown field `autor`, expected one of `title`, …`
/// message (from `deny_unknown_fields`), which names both the key and the keys its table
/// accepts; `None` for any other message or when no known key is close.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let known = rest.split('`').skip(1).step_by(2).filter(|k| !k.is_empty());
    crate::diag::did_you_mean(key, known)
}

/// A serde enum written as a string that may have spaces around it (`date_order = " mdy "` was
/// always accepted). The spellings and the "unknown variant" message are serde's.
fn trimmed<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    T::deserialize(text.trim().into_deserializer())
        .map_err(|e: serde::de::value::Error| D::Error::custom(e))
}

/// A path as text, lossily when it is not UTF-8: `config show` prints what it can rather than
/// fail (serde's own `PathBuf` serialisation refuses such paths).
pub(crate) fn lossy_path<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// [`lossy_path`] for an optional path (`None` is skipped before this is called).
pub(crate) fn lossy_optional_path<S: Serializer>(
    path: &Option<PathBuf>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match path {
        Some(path) => lossy_path(path, s),
        None => s.serialize_none(),
    }
}
