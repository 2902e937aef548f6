//! The instance configuration: `config.toml`, loaded once and validated into a [`Config`] that
//! cannot be invalid.
//!
//! Two layers, as in zola and mdBook: [`RawConfig`] mirrors the file (serde, unknown keys
//! rejected), and [`RawConfig::resolve`] turns it into [`Config`] with parsed URLs, absolute paths,
//! a real time zone and non-zero limits. Nothing downstream re-checks what is checked here.

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use thiserror::Error;
use url::Url;

use crate::collect::limits::{Limits, RawLimits};
use crate::normalise::dates::DateOrder;
use crate::push::config::{resolve_targets, PushSettings, RawPushSettings, RawTarget, Target};
use crate::render::FeedNames;

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
    },
    #[error("`{key}` {message}")]
    Invalid {
        path: String,
        key: &'static str,
        message: String,
    },
}

/// `config.toml` as written. Every table rejects unknown keys, so a typo is an error that names it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    pub base_url: String,
    pub author: String,
    #[serde(default = "default_lang")]
    pub lang: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// How ambiguous numeric dates such as `03/04/2022` are read: `auto`, `dmy` or `mdy`.
    #[serde(default = "default_date_order")]
    pub date_order: String,
    #[serde(default = "default_limit")]
    pub limit: usize,
    pub id_authority: String,
    pub id_date: String,
    #[serde(default = "default_id_prefix")]
    pub id_prefix: String,
    #[serde(default = "default_items_dir")]
    pub items_dir: PathBuf,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Where communique keeps what it remembers between runs (push manifests, build state).
    /// Default: `.communique` beside the output folder.
    #[serde(default)]
    pub state_dir: Option<PathBuf>,
    /// Which parts of the feed set to write.
    #[serde(default)]
    pub feeds: RawFeeds,
    /// Per-language feed titles and descriptions, keyed by language tag.
    #[serde(default)]
    pub languages: BTreeMap<String, RawLanguage>,
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
    /// `[[push]]` targets (see docs/push.md).
    #[serde(default)]
    pub push: Vec<RawTarget>,
    #[serde(default)]
    pub push_settings: RawPushSettings,
    /// `[safety]`: guards against a run that would unpublish much at once.
    #[serde(default)]
    pub safety: RawSafety,
    /// `[limits]`: what one item file may cost (size, lines, nesting).
    #[serde(default)]
    pub limits: RawLimits,
}

/// `[safety]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSafety {
    /// The largest share (0 to 1) of the published entries one `build` or `publish` may remove
    /// without `--force`. Default 0.5.
    pub max_unpublish_share: Option<f64>,
}

/// The validated `[safety]` table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Safety {
    /// Between 0 and 1: a run removing more than this share of the published entries, or all of
    /// them, is refused unless forced (see [`crate::ops::guard`]).
    pub max_unpublish_share: f64,
}

impl RawSafety {
    fn resolve(self) -> Result<Safety, String> {
        let share = self.max_unpublish_share.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&share) {
            return Err(format!(
                "is {share}; use a share between 0 and 1, such as 0.5 (half of the published \
                 entries)"
            ));
        }
        Ok(Safety {
            max_unpublish_share: share,
        })
    }
}

/// `[feeds]`: switches for each part of the feed set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawFeeds {
    /// `public/<lang>/…` feeds, one set per language.
    pub languages: bool,
    /// `public/tags/<slug>/…` feeds, one set per tag.
    pub tags: bool,
    /// RFC 5005 archives: `"year"`, `"month"` or `"off"`.
    pub archives: String,
    /// Per-item HTML pages and `index.html`.
    pub pages: bool,
    /// `feeds.opml`, listing every feed.
    pub opml: bool,
    /// Links entries to an existing website instead of generated pages, e.g.
    /// `"https://example.org/{year}/{stem}/"` (placeholders: `{year}`, `{month}`, `{day}`,
    /// `{stem}`, `{lang}`).
    pub permalink: Option<String>,
    /// Folder with `item.html` / `index.html` overriding the built-in templates.
    pub templates_dir: Option<PathBuf>,
}

impl Default for RawFeeds {
    fn default() -> Self {
        RawFeeds {
            languages: true,
            tags: true,
            archives: "year".to_owned(),
            pages: true,
            opml: true,
            permalink: None,
            templates_dir: None,
        }
    }
}

/// `[languages.<code>]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    pub title: Option<String>,
    pub description: Option<String>,
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
}

/// Title and description of one language's feeds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Language {
    pub title: Option<String>,
    pub description: Option<String>,
}

fn default_lang() -> String {
    "en".to_owned()
}
fn default_timezone() -> String {
    "UTC".to_owned()
}
fn default_date_order() -> String {
    "auto".to_owned()
}
fn default_limit() -> usize {
    50
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

    /// The path of an item or output file as the user should see it: relative to the current
    /// folder when the instance is below it, else as resolved.
    pub fn display_path(&self, path: &Path) -> String {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rel) = path.strip_prefix(&cwd) {
                return rel.display().to_string();
            }
        }
        path.display().to_string()
    }
}

impl RawConfig {
    /// Parses the TOML text; `path` is only used in messages.
    pub fn parse(text: &str, path: &str) -> Result<RawConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            line: e.span().map(|s| line_of_offset(text, s.start)).unwrap_or(1),
            message: e.message().trim().to_owned(),
        })
    }

    /// Checks every value and resolves paths against `root`.
    pub fn resolve(self, path: &Path, root: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let invalid = |key: &'static str, message: String| ConfigError::Invalid {
            path: display.clone(),
            key,
            message,
        };

        let title = self.title.trim().to_owned();
        if title.is_empty() {
            return Err(invalid("title", "must not be empty".into()));
        }
        let author = self.author.trim().to_owned();
        if author.is_empty() {
            return Err(invalid("author", "must not be empty".into()));
        }
        let mut base_url = Url::parse(&self.base_url)
            .map_err(|e| invalid("base_url", format!("is not an absolute URL ({e})")))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(invalid(
                "base_url",
                "must be an http:// or https:// URL".into(),
            ));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(invalid(
                "base_url",
                "must not have a query or fragment".into(),
            ));
        }
        refuse_user_info(&base_url).map_err(|m| invalid("base_url", m))?;
        if !base_url.path().ends_with('/') {
            let with_slash = format!("{}/", base_url.path());
            base_url.set_path(&with_slash);
        }
        let lang = crate::normalise::lang::normalise_tag(&self.lang).ok_or_else(|| {
            invalid(
                "lang",
                format!(
                    "`{}` is not a language tag such as `en` or `pt-BR`",
                    self.lang
                ),
            )
        })?;
        let timezone: Tz = self.timezone.parse().map_err(|_| {
            invalid(
                "timezone",
                format!(
                    "`{}` is not an IANA time zone such as `UTC` or `Europe/Lisbon`",
                    self.timezone
                ),
            )
        })?;
        let date_order = DateOrder::parse(&self.date_order).ok_or_else(|| {
            invalid(
                "date_order",
                format!(
                    "is `{}`; use \"auto\" (month first only for en-US items), \"dmy\" or \"mdy\"",
                    self.date_order
                ),
            )
        })?;
        let limit = NonZeroUsize::new(self.limit)
            .ok_or_else(|| invalid("limit", "must be at least 1".into()))?;
        let authority = self.id_authority.trim().to_owned();
        if !is_tag_authority(&authority) {
            return Err(invalid(
                "id_authority",
                format!(
                    "`{authority}` must be a lower-case domain name (example.org) or an e-mail \
                     address that the organisation owned on `id_date`"
                ),
            ));
        }
        let date = self.id_date.trim().to_owned();
        if !is_tag_date(&date) {
            return Err(invalid(
                "id_date",
                format!("`{date}` must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
            ));
        }
        let prefix = self.id_prefix.trim_matches('/').to_owned();
        if prefix.is_empty()
            || !prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b))
        {
            return Err(invalid(
                "id_prefix",
                format!("`{prefix}` must be non-empty ASCII letters, digits, `-._~/`"),
            ));
        }

        let output_dir = root.join(self.output_dir);
        let state_dir = match self.state_dir {
            Some(dir) => root.join(dir),
            None => output_dir.parent().unwrap_or(root).join(".communique"),
        };
        if state_dir.starts_with(&output_dir) {
            return Err(invalid(
                "state_dir",
                "must not be inside the output folder (it would be published)".into(),
            ));
        }
        let items_dir = root.join(self.items_dir);
        crate::folders::check(&items_dir, &output_dir, &state_dir)
            .map_err(|(key, message)| invalid(key, message))?;
        let safety = self
            .safety
            .resolve()
            .map_err(|m| invalid("safety.max_unpublish_share", m))?;
        let archives = match self.feeds.archives.as_str() {
            "year" => Some(ArchivePeriod::Year),
            "month" => Some(ArchivePeriod::Month),
            "off" => None,
            other => {
                return Err(invalid(
                    "feeds.archives",
                    format!("is `{other}`; use \"year\", \"month\" or \"off\""),
                ))
            }
        };
        if let Some(pattern) = &self.feeds.permalink {
            check_permalink(pattern).map_err(|m| invalid("feeds.permalink", m))?;
        }
        let mut languages = BTreeMap::new();
        for (tag, language) in self.languages {
            let Some(code) = crate::normalise::lang::normalise_tag(&tag) else {
                return Err(invalid(
                    "languages",
                    format!("has a table `[languages.{tag}]`, but `{tag}` is not a language tag"),
                ));
            };
            languages.insert(
                code,
                Language {
                    title: language.title.filter(|t| !t.trim().is_empty()),
                    description: language.description.filter(|t| !t.trim().is_empty()),
                },
            );
        }
        let feeds = FeedSet {
            languages: self.feeds.languages,
            tags: self.feeds.tags,
            archives,
            pages: self.feeds.pages,
            opml: self.feeds.opml,
            permalink: self.feeds.permalink,
            templates_dir: self.feeds.templates_dir.map(|d| root.join(d)),
        };
        let mut hubs = Vec::with_capacity(self.hubs.len());
        for hub in &self.hubs {
            let url = Url::parse(hub.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| invalid("hubs", format!("`{hub}` is not an http(s) URL")))?;
            refuse_user_info(&url).map_err(|m| invalid("hubs", m))?;
            hubs.push(url);
        }
        let push_settings = self
            .push_settings
            .resolve()
            .map_err(|(key, message)| invalid(key, message))?;
        let push = resolve_targets(self.push, root, &output_dir).map_err(|m| invalid("push", m))?;
        let limits = self
            .limits
            .resolve()
            .map_err(|(key, message)| invalid(key, message))?;
        Ok(Config {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
            title,
            subtitle: self
                .subtitle
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            base_url,
            author,
            lang,
            timezone,
            date_order,
            limit,
            ids: IdScheme {
                authority,
                date,
                prefix,
            },
            items_dir,
            output_dir,
            state_dir,
            feeds,
            languages,
            lock_timeout: Duration::from_secs(self.lock_timeout),
            feed_names: self.feed_names,
            hubs,
            push,
            push_settings,
            safety,
            limits,
        })
    }
}

/// A URL that reaches every feed and page (`base_url`, hubs, permalinks) must not carry a user
/// name or password: it would be published. The message never repeats the URL.
fn refuse_user_info(url: &Url) -> Result<(), String> {
    if url.username().is_empty() && url.password().is_none() {
        return Ok(());
    }
    Err(
        "must not contain a user name or password (`user:password@`): it would be \
         published in every feed and page"
            .to_owned(),
    )
}

/// The placeholders a permalink pattern may use.
pub const PERMALINK_PLACEHOLDERS: &[&str] = &["{year}", "{month}", "{day}", "{stem}", "{lang}"];

fn check_permalink(pattern: &str) -> Result<(), String> {
    if !pattern.contains("{stem}") {
        return Err(format!(
            "`{pattern}` must contain `{{stem}}`, or two items would share one URL"
        ));
    }
    let mut probe = pattern.to_owned();
    for p in PERMALINK_PLACEHOLDERS {
        probe = probe.replace(p, "x");
    }
    if probe.contains(['{', '}']) {
        return Err(format!(
            "`{pattern}` has an unknown placeholder; use {}",
            PERMALINK_PLACEHOLDERS.join(", ")
        ));
    }
    match Url::parse(&probe) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => refuse_user_info(&u),
        _ => Err(format!(
            "`{pattern}` must be an absolute http(s) URL pattern"
        )),
    }
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// RFC 4151 `taggingEntity` authority: a DNS name (we insist on lower case, as the RFC
/// recommends, so ids compare equal character by character) or an e-mail address.
fn is_tag_authority(s: &str) -> bool {
    let host = match s.rsplit_once('@') {
        Some((local, host)) => {
            if local.is_empty()
                || !local
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._+".contains(&b))
            {
                return false;
            }
            host
        }
        None => s,
    };
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn is_tag_date(s: &str) -> bool {
    let full = match s.len() {
        4 => format!("{s}-01-01"),
        7 => format!("{s}-01"),
        10 => s.to_owned(),
        _ => return false,
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d").is_ok()
}

impl fmt::Display for IdScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "Statements"
base_url = "https://example.org/statements"
author = "Example"
id_authority = "example.org"
id_date = "2022"
"#;

    fn resolve(text: &str) -> Result<Config, ConfigError> {
        RawConfig::parse(text, "config.toml")?.resolve(Path::new("config.toml"), Path::new("/x"))
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = resolve(MINIMAL).unwrap();
        assert_eq!(c.base_url.as_str(), "https://example.org/statements/");
        assert_eq!(c.limit.get(), 50);
        assert_eq!(c.lang, "en");
        assert_eq!(c.timezone, chrono_tz::UTC);
        assert_eq!(c.date_order, DateOrder::Auto);
        assert_eq!(c.ids.base(), "tag:example.org,2022:statements");
        assert_eq!(c.items_dir, Path::new("/x/items"));
        assert_eq!(c.output_dir, Path::new("/x/public"));
        assert_eq!(c.state_dir, Path::new("/x/.communique"));
        assert_eq!(c.lock_timeout, Duration::from_secs(300));
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = resolve(&format!("{MINIMAL}tittle = \"x\"\n")).unwrap_err();
        let msg = crate::report::plain(&err);
        assert!(msg.starts_with("config.toml:7: error:"), "{msg}");
        assert!(msg.contains("unknown field `tittle`"), "{msg}");
    }

    #[test]
    fn date_order_is_checked() {
        let c = resolve(&format!("{MINIMAL}date_order = \"mdy\"\n")).unwrap();
        assert_eq!(c.date_order, DateOrder::MonthFirst);
        let c = resolve(&format!("{MINIMAL}date_order = \"dmy\"\n")).unwrap();
        assert_eq!(c.date_order, DateOrder::DayFirst);
        let err = crate::report::plain(
            &resolve(&format!("{MINIMAL}date_order = \"ymd\"\n")).unwrap_err(),
        );
        assert_eq!(
            err,
            "config.toml: error: `date_order` is `ymd`; use \"auto\" (month first only for en-US \
             items), \"dmy\" or \"mdy\""
        );
    }

    #[test]
    fn bad_values_are_explained() {
        let cases = [
            (
                "base_url = \"https://example.org/statements\"",
                "base_url = \"ftp://x/\"",
                "`base_url` must be an http",
            ),
            (
                "id_authority = \"example.org\"",
                "id_authority = \"Example.org\"",
                "`id_authority`",
            ),
            ("id_date = \"2022\"", "id_date = \"22\"", "`id_date`"),
            (
                "author = \"Example\"",
                "author = \"Example\"\ntimezone = \"Mars/Olympus\"",
                "`timezone`",
            ),
            (
                "author = \"Example\"",
                "author = \"Example\"\nlimit = 0",
                "`limit` must be at least 1",
            ),
            (
                "author = \"Example\"",
                "author = \"Example\"\nlang = \"português\"",
                "`lang`",
            ),
        ];
        for (from, to, want) in cases {
            let err = resolve(&MINIMAL.replace(from, to)).unwrap_err().to_string();
            assert!(err.contains(want), "{to}: {err}");
        }
    }

    #[test]
    fn feed_set_and_languages() {
        let c = resolve(&format!(
            "{MINIMAL}[feeds]\narchives = \"month\"\ntags = false\n[languages.PT_br]\ntitle = \"Declarações\"\n"
        ))
        .unwrap();
        assert_eq!(c.feeds.archives, Some(ArchivePeriod::Month));
        assert!(!c.feeds.tags && c.feeds.languages && c.feeds.pages);
        assert_eq!(c.languages["pt-BR"].title.as_deref(), Some("Declarações"));
        let err = resolve(&format!("{MINIMAL}[feeds]\narchives = \"week\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`feeds.archives` is `week`"), "{err}");
        let err = resolve(&format!(
            "{MINIMAL}[feeds]\npermalink = \"https://x.org/{{slug}}/\"\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.contains("{stem}"), "{err}");
        let err = resolve(&format!("{MINIMAL}[feeds]\narchive = \"year\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `archive`"), "{err}");
    }

    #[test]
    fn hubs_feed_names_and_push_tables_are_checked() {
        let c = resolve(&format!(
            "{MINIMAL}feed_names = \"extensions\"\nhubs = [\"https://hub.example.net/\"]\n\
             [[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n\
             [push_settings]\nconcurrency = 2\n"
        ))
        .unwrap();
        assert_eq!(c.feed_names, FeedNames::Extensions);
        assert_eq!(c.hubs[0].as_str(), "https://hub.example.net/");
        assert_eq!(c.push[0].name, "www");
        assert_eq!(c.push_settings.concurrency.get(), 2);

        let err = resolve(&format!("{MINIMAL}hubs = [\"ftp://hub\"]\n")).unwrap_err();
        assert!(
            err.to_string()
                .contains("`hubs` `ftp://hub` is not an http(s) URL"),
            "{err}"
        );
        let err = resolve(&format!("{MINIMAL}feed_names = \"atom\"\n")).unwrap_err();
        assert!(err.to_string().contains("unknown variant `atom`"), "{err}");
        let err = resolve(&format!(
            "{MINIMAL}[[push]]\nname = \"out\"\ntype = \"dir\"\npath = \"public/www\"\n"
        ))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("`push` target `out`: `path` must not be the output folder"),
            "{err}"
        );
    }

    #[test]
    fn authority_may_be_an_email() {
        assert!(is_tag_authority("press@example.org"));
        assert!(!is_tag_authority("example..org"));
        assert!(!is_tag_authority(""));
    }
}
