//! What `config show` prints: the resolved [`Config`] written back in the file's own shape
//! ([`RawConfig`]), every setting present, defaults filled in, paths absolute.
//!
//! [`to_file`] is the inverse of [`RawConfig::resolve`]: it builds every table with struct
//! literals and no `..`, so a key added to the file's shape does not compile until it is shown
//! too, and the tests below check that what is shown loads back into the same configuration.
//! Secrets are not in the configuration at all (only the names of the environment variables
//! that hold them), so nothing shown can leak one.

use super::file::{Archives, RawConfig, RawFeeds, RawLanguage, RawSafety};
use super::Config;
use crate::types::limits::RawLimits;
use std::num::NonZeroUsize;

/// The resolved configuration as `config.toml` text (no header; the command adds where the file
/// came from).
pub(crate) fn render(config: &Config) -> Result<String, toml::ser::Error> {
    toml::to_string(&to_file(config))
}

/// The configuration as a file that resolves back to it, every key written out.
pub(crate) fn to_file(config: &Config) -> RawConfig {
    RawConfig {
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        base_url: config.base_url.to_string(),
        author: config.author.clone(),
        lang: config.lang.clone(),
        timezone: config.timezone.name().to_owned(),
        date_order: config.date_order,
        limit: config.limit.get(),
        limit_bytes: config.limit_bytes.map_or(0, NonZeroUsize::get),
        id_authority: config.ids.authority.clone(),
        id_date: config.ids.date.clone(),
        id_prefix: config.ids.prefix.clone(),
        items_dir: config.items_dir.clone(),
        output_dir: config.output_dir.clone(),
        state_dir: Some(config.state_dir.clone()),
        lock_timeout: config.lock_timeout.as_secs(),
        feed_names: config.feed_names,
        hubs: config.hubs.iter().map(|h| h.to_string()).collect(),
        feeds: RawFeeds {
            languages: config.feeds.languages,
            tags: config.feeds.tags,
            archives: Archives::of(config.feeds.archives),
            pages: config.feeds.pages,
            opml: config.feeds.opml,
            permalink: config.feeds.permalink.clone(),
            templates_dir: config.feeds.templates_dir.clone(),
            main_feed: config.feeds.main_feed,
            language_fallback: config.feeds.language_fallback,
            withdrawn_page: config.feeds.withdrawn_page,
            tag_content: config.feeds.tag_content,
            tag_limit: config.feeds.tag_limit.get(),
        },
        languages: config
            .languages
            .iter()
            .map(|(code, language)| {
                let table = RawLanguage {
                    title: language.title.clone(),
                    description: language.description.clone(),
                };
                (code.clone(), table)
            })
            .collect(),
        safety: RawSafety {
            max_unpublish_share: Some(config.safety.max_unpublish_share),
        },
        limits: RawLimits {
            max_file_bytes: config.limits.max_file_bytes,
            max_lines: config.limits.max_lines,
            max_front_matter_bytes: config.limits.max_front_matter_bytes,
            max_nesting: config.limits.max_nesting,
            max_blocks: config.limits.max_blocks,
            max_attachment_bytes: config.limits.max_attachment_bytes,
        },
        push_settings: config.push_settings.to_file(),
        push: config.push.iter().map(|t| t.to_file()).collect(),
        import_settings: config.import_settings.to_file(),
        sources: config.sources.iter().map(|s| s.to_file()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde::de::{self, Deserialize, Deserializer, Visitor};

    use super::*;
    use crate::config::file::RawFeeds;
    use crate::config::import::{RawImportSettings, RawSource};
    use crate::config::push::{RawCacheRule, RawDir, RawPushSettings, RawS3, RawSftp, RawWebDav};

    /// A configuration that sets every key the file accepts, each to a value other than its
    /// default where it has one.
    const FULL: &str = r#"
title = "Statements"
subtitle = "Public statements"
base_url = "https://example.org/statements/"
author = "Example"
lang = "pt"
timezone = "Europe/Lisbon"
date_order = "mdy"
limit = 20
limit_bytes = 200000
id_authority = "example.org"
id_date = "2022-03"
id_prefix = "press"
items_dir = "texts"
output_dir = "site/out"
state_dir = "state"
lock_timeout = 30
feed_names = "extensions"
hubs = ["https://hub.example.net/"]

[feeds]
languages = false
tags = false
archives = "month"
pages = false
opml = false
permalink = "https://example.org/{year}/{stem}/"
templates_dir = "templates"
main_feed = "originals"
language_fallback = true
withdrawn_page = "notice_above"
tag_content = "full"
tag_limit = 25

[languages.pt]
title = "Declarações"
description = "Declarações públicas"

[safety]
max_unpublish_share = 0.25

[limits]
max_file_bytes = 1000
max_lines = 100
max_front_matter_bytes = 500
max_nesting = 8
max_blocks = 50
max_attachment_bytes = 2000

[push_settings]
concurrency = 2
max_deletes = 10
timeout_seconds = 2.5
retry_seconds = 30
retries = 1
purge_command = ["cdn-purge", "--zone", "feeds"]
purge_timeout_seconds = 45
purge_must_succeed = true

[[push]]
name = "cdn"
type = "s3"
endpoint = "https://s3.example.net"
bucket = "feeds"
prefix = "statements/"
region = "eu-central-1"
path_style = true
access_key_id_env = "CDN_KEY"
secret_access_key_env = "CDN_SECRET"
session_token_env = "CDN_TOKEN"
insecure = true
cache_control = [{ pattern = "**/*.html", value = "max-age=60" }]
precompress = ["gzip"]

[[push]]
name = "dav"
type = "webdav"
url = "https://dav.example.org/feeds/"
user_env = "DAV_USER"
password_env = "DAV_PASSWORD"
atomic_move = true
insecure = true
precompress = ["gzip"]

[[push]]
name = "host"
type = "sftp"
host = "ssh.example.org"
port = 2222
user = "deploy"
path = "/var/www/feeds"
key_file = "keys/deploy"
known_hosts = "keys/known_hosts"
strict_host_key_checking = false
precompress = ["gzip"]

[[push]]
name = "local"
type = "dir"
path = "www"
precompress = ["gzip"]

[import_settings]
timeout_seconds = 5.5
max_bytes = 1000000
max_redirects = 2
max_pages = 7

[[sources]]
url = "https://sister.example.net/feed.xml"
folder = "sister"
tags = ["sister"]
filter = "(?i)strike"
"#;

    /// Loads `text` as `config.toml` in a fresh folder (which the folder checks need).
    fn load(text: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let config = Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
        (dir, config)
    }

    /// The keys a serde struct accepts, as its derived `Deserialize` declares them: read from
    /// the definition itself, so this list cannot drift from what the loader accepts.
    fn keys_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
        struct Lister<'a>(&'a mut &'static [&'static str]);
        impl<'de> Deserializer<'de> for Lister<'_> {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("only a struct's keys are listed"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _name: &'static str,
                fields: &'static [&'static str],
                _visitor: V,
            ) -> Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(de::Error::custom("listed"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut keys: &'static [&'static str] = &[];
        let _ = T::deserialize(Lister(&mut keys));
        assert!(
            !keys.is_empty(),
            "{} lists no keys",
            std::any::type_name::<T>()
        );
        keys
    }

    /// Every table of the file: its path in `config show`'s output (`push.N` for the N-th
    /// target of FULL) and the keys its definition accepts (`type` is the push tables' tag).
    fn every_table() -> Vec<(&'static str, Vec<&'static str>)> {
        let with_type = |keys: &[&'static str]| {
            let mut keys = keys.to_vec();
            keys.push("type");
            keys
        };
        vec![
            ("", keys_of::<RawConfig>().to_vec()),
            ("feeds", keys_of::<RawFeeds>().to_vec()),
            ("languages.pt", keys_of::<RawLanguage>().to_vec()),
            ("safety", keys_of::<RawSafety>().to_vec()),
            ("limits", keys_of::<RawLimits>().to_vec()),
            ("push_settings", keys_of::<RawPushSettings>().to_vec()),
            ("push.0", with_type(keys_of::<RawS3>())),
            ("push.0.cache_control.0", keys_of::<RawCacheRule>().to_vec()),
            ("push.1", with_type(keys_of::<RawWebDav>())),
            ("push.2", with_type(keys_of::<RawSftp>())),
            ("push.3", with_type(keys_of::<RawDir>())),
            ("import_settings", keys_of::<RawImportSettings>().to_vec()),
            ("sources.0", keys_of::<RawSource>().to_vec()),
        ]
    }

    /// `root` at a dotted path where numbers index arrays (`push.0`).
    fn lookup<'a>(root: &'a toml::Table, path: &str) -> &'a toml::Table {
        let mut value: Option<&toml::Value> = None;
        let mut table = root;
        for step in path.split('.').filter(|s| !s.is_empty()) {
            let item = match (value, step.parse::<usize>()) {
                (Some(toml::Value::Array(a)), Ok(i)) => &a[i],
                _ => table
                    .get(step)
                    .unwrap_or_else(|| panic!("no `{step}` in {path}")),
            };
            value = Some(item);
            if let toml::Value::Table(t) = item {
                table = t;
            }
        }
        table
    }

    #[test]
    fn every_key_the_file_accepts_is_shown() {
        let (_dir, config) = load(FULL);
        let shown: toml::Table = toml::from_str(&render(&config).unwrap()).unwrap();
        let given: toml::Table = toml::from_str(FULL).unwrap();
        for (path, keys) in every_table() {
            let (shown_table, given_table) = (lookup(&shown, path), lookup(&given, path));
            for key in keys {
                assert!(
                    shown_table.contains_key(key),
                    "`config show` leaves out {path}.{key}"
                );
                assert!(
                    given_table.contains_key(key),
                    "FULL does not set {path}.{key}"
                );
            }
        }
    }

    #[test]
    fn defaults_are_shown_too() {
        let (_dir, config) = load(
            "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n\
             id_authority = \"example.org\"\nid_date = \"2022\"\n\
             [[push]]\nname = \"cdn\"\ntype = \"s3\"\nbucket = \"b\"\n",
        );
        let text = render(&config).unwrap();
        let shown: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(shown["date_order"].as_str(), Some("auto"), "{text}");
        assert_eq!(shown["feed_names"].as_str(), Some("xml"), "{text}");
        assert_eq!(shown["feeds"]["archives"].as_str(), Some("year"), "{text}");
        let settings = &shown["push_settings"];
        assert_eq!(settings["concurrency"].as_integer(), Some(4), "{text}");
        assert_eq!(settings["max_deletes"].as_integer(), Some(256), "{text}");
        assert_eq!(settings["timeout_seconds"].as_float(), Some(60.0), "{text}");
        assert_eq!(settings["retry_seconds"].as_float(), Some(120.0), "{text}");
        assert_eq!(settings["retries"].as_integer(), Some(5), "{text}");
        assert_eq!(settings["purge_command"].as_array().map(Vec::len), Some(0));
        assert_eq!(settings["purge_timeout_seconds"].as_float(), Some(120.0));
        assert_eq!(settings["purge_must_succeed"].as_bool(), Some(false));
        let cdn = &shown["push"][0];
        assert_eq!(cdn["region"].as_str(), Some("us-east-1"), "{text}");
        assert_eq!(cdn["access_key_id_env"].as_str(), Some("AWS_ACCESS_KEY_ID"));
    }

    #[test]
    fn what_is_shown_loads_back_into_the_same_configuration() {
        let (dir, config) = load(FULL);
        let shown = render(&config).unwrap();
        let again_path = dir.path().join("shown.toml");
        std::fs::write(&again_path, &shown).unwrap();
        let mut again = Config::load(&again_path).unwrap_or_else(|e| panic!("{e}\n{shown}"));
        assert_eq!(render(&again).unwrap(), shown);
        again.path = config.path.clone();
        assert_eq!(format!("{again:?}"), format!("{config:?}"));
        assert!(Path::new(&config.items_dir).is_absolute());
    }

    #[test]
    fn the_readme_lists_every_key() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("### Every key")
            .expect("README has a `### Every key` section");
        let section = &readme[start..];
        let section = &section[..section[4..].find("\n#").map_or(section.len(), |e| e + 4)];
        for (path, keys) in every_table() {
            for key in keys {
                // A key as `key`, a table as `[key]`, `[key.<tag>]` or `[[key]]`.
                let named = [
                    format!("`{key}`"),
                    format!("`[{key}"),
                    format!("`[[{key}]]`"),
                ];
                assert!(
                    named.iter().any(|n| section.contains(n.as_str())),
                    "README's `Every key` section does not name `{key}` (table `{path}`)"
                );
            }
        }
    }
}
