//! The instance configuration: `config.toml`, loaded once and validated into a [`Config`] that
//! cannot be invalid.
//!
//! Two layers, as in zola and mdBook: [`RawConfig`] (`mod@file`) is the one definition of the
//! file's shape (serde, unknown keys rejected), `RawConfig::resolve` (`resolve`) turns it
//! into [`Config`] with parsed URLs, absolute paths, a real time zone and non-zero limits, and
//! `show` turns a [`Config`] back into a [`RawConfig`] for `config show`. Nothing downstream
//! re-checks what is checked here; nothing lists the keys a second time.

pub(crate) mod file;
pub(crate) mod import;
pub(crate) mod push;
pub(crate) mod resolve;
pub(crate) mod show;

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono_tz::Tz;
use thiserror::Error;
use url::Url;

pub use file::WithdrawnPage;
pub use file::{EntryContent, MainFeed, RawConfig};

use crate::config::import::{FollowedSource, ImportSettings};
use crate::config::push::{PushSettings, Target};
use crate::types::dates::DateOrder;
use crate::types::feed::FeedNames;
use crate::types::limits::Limits;

/// A fatal problem with the configuration. Each names the file; parse errors name the line.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read the configuration: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
        /// Where in the line the TOML parser stopped (its column), with the line.
        span: Option<crate::diag::Span>,
        /// A close known key, for an unknown one (`did you mean `author`?`).
        help: Option<String>,
    },
    #[error("`{key}` {message}")]
    Invalid {
        path: String,
        key: &'static str,
        message: String,
    },
}

/// The validated `[safety]` table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Safety {
    /// Between 0 and 1: a run removing more than this share of the published entries, or all of
    /// them, is refused unless forced (see `crate::ops::guard`).
    pub max_unpublish_share: f64,
}

/// How archive documents are cut (RFC 5005 section 4). Pages are calendar periods, so a page's
/// boundaries never move when new items arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchivePeriod {
    Year,
    Month,
}

/// The validated `[feeds]` table.
#[derive(Clone, Debug)]
pub struct FeedSet {
    pub languages: bool,
    pub tags: bool,
    pub archives: Option<ArchivePeriod>,
    pub pages: bool,
    pub opml: bool,
    pub permalink: Option<String>,
    pub templates_dir: Option<PathBuf>,
    /// What the main feed, its archives and the tag feeds hold of a translated statement.
    pub main_feed: MainFeed,
    /// Language feeds fall back to the original of statements not translated into theirs.
    pub language_fallback: bool,
    pub withdrawn_page: WithdrawnPage,
    /// What a tag feed's entries carry: a summary linking to the page, or the whole text.
    pub tag_content: EntryContent,
    /// Entries in a tag feed's subscription documents (besides `limit` and `limit_bytes`).
    pub tag_limit: NonZeroUsize,
}

/// Title and description of one language's feeds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Language {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// How entry ids are minted: `tag:{authority},{date}:{prefix}/{stem}` (RFC 4151).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdScheme {
    /// A lower-case DNS name or an e-mail address the organisation owned on `date`.
    pub authority: String,
    /// The minting date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// The first segment of every entry's specific part, e.g. `statements`.
    pub prefix: String,
}

impl IdScheme {
    /// `tag:example.org,2022:statements` — the base every entry and feed id extends.
    pub fn base(&self) -> String {
        format!("tag:{},{}:{}", self.authority, self.date, self.prefix)
    }
}

/// The validated configuration every stage reads.
#[derive(Clone, Debug)]
pub struct Config {
    /// The configuration file, as given.
    pub path: PathBuf,
    /// The folder that relative paths in the file are resolved against.
    pub root: PathBuf,
    pub title: String,
    pub subtitle: Option<String>,
    /// Absolute http(s) URL ending in `/`, where the output folder is served.
    pub base_url: Url,
    /// The feed-level author (the organisation).
    pub author: String,
    /// Default language for items whose language is neither given nor detected.
    pub lang: String,
    pub timezone: Tz,
    /// How ambiguous numeric dates in signature lines are read.
    pub date_order: DateOrder,
    pub limit: NonZeroUsize,
    /// A subscription document's byte budget (content, summary and title of its items); `None`
    /// for none.
    pub limit_bytes: Option<NonZeroUsize>,
    pub ids: IdScheme,
    pub items_dir: PathBuf,
    pub output_dir: PathBuf,
    /// Never inside the output folder, so state is not published.
    pub state_dir: PathBuf,
    pub feeds: FeedSet,
    /// Keyed by normalised language tag.
    pub languages: BTreeMap<String, Language>,
    /// How long a run waits for the instance lock another run holds.
    pub lock_timeout: Duration,
    pub feed_names: FeedNames,
    /// Absolute http(s) URLs.
    pub hubs: Vec<Url>,
    pub push: Vec<Target>,
    pub push_settings: PushSettings,
    pub safety: Safety,
    /// What one item file may cost.
    pub limits: Limits,
    /// `[import_settings]`.
    pub import_settings: ImportSettings,
    /// `[[sources]]`: feeds `publish` imports from.
    pub sources: Vec<FollowedSource>,
}

impl Config {
    /// Reads and validates the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: display.clone(),
            source,
        })?;
        let raw = RawConfig::parse(&text, &display)?;
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Absolute, so that messages can show paths relative to the current folder.
        let root = std::path::absolute(&root).unwrap_or(root);
        raw.resolve(path, &root)
    }

    /// Builds for another address than the file's `base_url` (`build --base-url`, `serve`): the
    /// same checks as the file's value. Entry ids do not depend on it (see `IdScheme`).
    pub(crate) fn override_base_url(&mut self, text: &str) -> Result<(), ConfigError> {
        self.base_url = resolve::parse_base_url(text).map_err(|message| ConfigError::Invalid {
            path: "--base-url".to_owned(),
            key: "base_url",
            message,
        })?;
        Ok(())
    }

    /// The path of an item or output file as the user should see it: relative to the current
    /// folder when the instance is below it, else as resolved.
    pub fn display_path(&self, path: &Path) -> String {
        shown_from(path, std::env::current_dir().ok().as_deref())
    }

    /// [`Config::display_path`] for many paths (every file of the items folder): the current
    /// folder is asked once, not once a path (a system call each).
    pub(crate) fn path_display(&self) -> impl Fn(&Path) -> String {
        let cwd = std::env::current_dir().ok();
        move |path| shown_from(path, cwd.as_deref())
    }
}

/// `path` relative to `cwd` when it is below it, else as it is.
fn shown_from(path: &Path, cwd: Option<&Path>) -> String {
    match cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(rel) => rel.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The placeholders a permalink pattern may use.
pub const PERMALINK_PLACEHOLDERS: &[&str] = &["{year}", "{month}", "{day}", "{stem}", "{lang}"];

pub use crate::types::text::line_of_offset;

impl fmt::Display for IdScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base())
    }
}
