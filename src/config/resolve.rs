//! Checking a [`RawConfig`] into a [`Config`]: every value validated once, paths made absolute,
//! defaults filled in. The messages name the key (`config.toml: error: `base_url` …`).

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use url::Url;

use super::file::{RawConfig, RawSafety};
use super::{Config, ConfigError, FeedSet, IdScheme, Language, Safety, PERMALINK_PLACEHOLDERS};
use crate::config::push::resolve_targets;

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

impl RawConfig {
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
        let base_url = parse_base_url(&self.base_url).map_err(|m| invalid("base_url", m))?;
        let lang = crate::types::lang::normalise_tag(&self.lang).ok_or_else(|| {
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
        if let Some(pattern) = &self.feeds.permalink {
            check_permalink(pattern).map_err(|m| invalid("feeds.permalink", m))?;
        }
        let mut languages = BTreeMap::new();
        for (tag, language) in self.languages {
            let Some(code) = crate::types::lang::normalise_tag(&tag) else {
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
            archives: self.feeds.archives.period(),
            pages: self.feeds.pages,
            opml: self.feeds.opml,
            permalink: self.feeds.permalink,
            templates_dir: self.feeds.templates_dir.map(|d| root.join(d)),
            main_feed: self.feeds.main_feed,
            language_fallback: self.feeds.language_fallback,
            withdrawn_page: self.feeds.withdrawn_page,
            tag_content: self.feeds.tag_content,
            tag_limit: NonZeroUsize::new(self.feeds.tag_limit)
                .ok_or_else(|| invalid("feeds.tag_limit", "must be at least 1".into()))?,
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
        let import_settings = self
            .import_settings
            .resolve()
            .map_err(|(key, message)| invalid(key, message))?;
        let sources =
            super::import::resolve_sources(self.sources).map_err(|m| invalid("sources", m))?;
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
            date_order: self.date_order,
            limit,
            limit_bytes: NonZeroUsize::new(self.limit_bytes),
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
            import_settings,
            sources,
        })
    }
}

/// Checks a `base_url` (from the file, or `build --base-url`): an absolute http(s) URL with no
/// query, fragment or user name, ending in `/` (added when missing).
pub(crate) fn parse_base_url(text: &str) -> Result<Url, String> {
    let mut base_url = Url::parse(text).map_err(|e| format!("is not an absolute URL ({e})"))?;
    if !matches!(base_url.scheme(), "http" | "https") {
        return Err("must be an http:// or https:// URL".into());
    }
    if base_url.query().is_some() || base_url.fragment().is_some() {
        return Err("must not have a query or fragment".into());
    }
    refuse_user_info(&base_url)?;
    if !base_url.path().ends_with('/') {
        let with_slash = format!("{}/", base_url.path());
        base_url.set_path(&with_slash);
    }
    Ok(base_url)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ArchivePeriod;
    use crate::report::Located;
    use crate::types::dates::DateOrder;
    use crate::types::feed::FeedNames;

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
        // The line and column the TOML parser reported, and the close key.
        assert!(msg.starts_with("config.toml:7:1: error:"), "{msg}");
        assert!(msg.contains("unknown field `tittle`"), "{msg}");
        assert!(msg.ends_with("(help: did you mean `title`?)"), "{msg}");
        let err = resolve(&format!("{MINIMAL}[feeds]\nlanguage = true\n")).unwrap_err();
        assert_eq!(err.help(), Some("did you mean `languages`?"));
        let err = resolve(&format!("{MINIMAL}colour = 1\n")).unwrap_err();
        assert_eq!(err.help(), None);
        // A syntax error keeps its column.
        let msg = crate::report::plain(&resolve(&format!("{MINIMAL}limit = = 3\n")).unwrap_err());
        assert!(msg.starts_with("config.toml:7:9: error:"), "{msg}");
    }

    #[test]
    fn date_order_is_checked() {
        let c = resolve(&format!("{MINIMAL}date_order = \"mdy\"\n")).unwrap();
        assert_eq!(c.date_order, DateOrder::MonthFirst);
        let c = resolve(&format!("{MINIMAL}date_order = \"dmy\"\n")).unwrap();
        assert_eq!(c.date_order, DateOrder::DayFirst);
        // Spaces around the value were always accepted.
        let c = resolve(&format!("{MINIMAL}date_order = \" mdy \"\n")).unwrap();
        assert_eq!(c.date_order, DateOrder::MonthFirst);
        let err = crate::report::plain(
            &resolve(&format!("{MINIMAL}date_order = \"ymd\"\n")).unwrap_err(),
        );
        assert_eq!(
            err,
            "config.toml:7:14: error: unknown variant `ymd`, expected one of `auto`, `dmy`, `mdy`"
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
        let err = crate::report::plain(
            &resolve(&format!("{MINIMAL}[feeds]\narchives = \"week\"\n")).unwrap_err(),
        );
        assert_eq!(
            err,
            "config.toml:8:12: error: unknown variant `week`, expected one of `year`, `month`, `off`"
        );
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
