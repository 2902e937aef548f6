//! `[import_settings]` and `[[sources]]`: how `communique import` reads the web, and the feeds of
//! other sites that `publish` follows.
//!
//! The file's shape (`RawImportSettings`, `RawSource`, serde, unknown keys rejected), its checks
//! (`resolve`) and the way back for `config show` (`to_file`) sit together here, as the push
//! tables do in `config::push`: a source's folder is a plain relative path under the items
//! folder (no `..`, no root), its URL an absolute http(s) URL without credentials, its filter a
//! regular expression compiled once.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use serde::{Deserialize, Serialize};
use url::Url;

/// `[import_settings]` as written.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawImportSettings {
    /// Seconds one request may take, body included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<f64>,
    /// The largest response (or file) read, in bytes; a larger one is refused while streaming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<u64>,
    /// Redirects followed for one request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_redirects: Option<usize>,
    /// Feed documents read for one import: the feed and its older pages (RFC 5005
    /// `prev-archive`, JSON Feed `next_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<usize>,
}

/// One `[[sources]]` table as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// The feed to follow.
    pub url: String,
    /// Where its entries go, under the items folder.
    pub folder: String,
    /// Tags added to every imported entry.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A regular expression: only entries whose title or a category matches are imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

/// The checked `[import_settings]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSettings {
    pub timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: usize,
    pub max_pages: usize,
}

impl Default for ImportSettings {
    fn default() -> Self {
        ImportSettings {
            timeout: Duration::from_secs(30),
            max_bytes: 50 * 1024 * 1024,
            max_redirects: 5,
            max_pages: 100,
        }
    }
}

/// A checked `[[sources]]` table.
#[derive(Clone, Debug)]
pub struct FollowedSource {
    pub url: Url,
    /// Relative to the items folder, plain names only.
    pub folder: PathBuf,
    pub tags: Vec<String>,
    pub filter: Option<Regex>,
}

fn positive_seconds(s: f64) -> Option<Duration> {
    (s.is_finite() && s > 0.0 && s < 1e9).then(|| Duration::from_secs_f64(s))
}

impl RawImportSettings {
    /// The checked settings, or the key at fault and why.
    pub(crate) fn resolve(self) -> Result<ImportSettings, (&'static str, String)> {
        let mut settings = ImportSettings::default();
        if let Some(s) = self.timeout_seconds {
            settings.timeout = positive_seconds(s).ok_or((
                "import_settings.timeout_seconds",
                "must be a positive number of seconds".to_owned(),
            ))?;
        }
        if let Some(n) = self.max_bytes {
            if n == 0 {
                return Err(("import_settings.max_bytes", "must be above 0".to_owned()));
            }
            settings.max_bytes = n;
        }
        if let Some(n) = self.max_redirects {
            settings.max_redirects = n;
        }
        if let Some(n) = self.max_pages {
            if n == 0 {
                return Err(("import_settings.max_pages", "must be above 0".to_owned()));
            }
            settings.max_pages = n;
        }
        Ok(settings)
    }
}

impl ImportSettings {
    /// Back to the file's shape, every key written out.
    pub(crate) fn to_file(&self) -> RawImportSettings {
        RawImportSettings {
            timeout_seconds: Some(self.timeout.as_secs_f64()),
            max_bytes: Some(self.max_bytes),
            max_redirects: Some(self.max_redirects),
            max_pages: Some(self.max_pages),
        }
    }
}

/// A folder under the items folder: relative, plain names only.
pub(crate) fn plain_folder(folder: &str) -> Option<PathBuf> {
    let path = Path::new(folder.trim());
    let plain = !path.as_os_str().is_empty()
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| path.to_path_buf())
}

/// Checks every `[[sources]]` table; the message names the table by its number.
pub(crate) fn resolve_sources(raw: Vec<RawSource>) -> Result<Vec<FollowedSource>, String> {
    let mut sources = Vec::with_capacity(raw.len());
    for (i, source) in raw.into_iter().enumerate() {
        let n = i + 1;
        let url = Url::parse(source.url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| format!("number {n}: url `{}` is not an http(s) URL", source.url))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!(
                "number {n}: url must not contain a user name or password"
            ));
        }
        let folder = plain_folder(&source.folder).ok_or_else(|| {
            format!(
                "number {n}: folder `{}` must be a relative path inside the items folder \
                 (no `..`, no leading `/`)",
                source.folder
            )
        })?;
        let filter = match source.filter {
            Some(f) => Some(
                Regex::new(&f)
                    .map_err(|e| format!("number {n}: filter is not a regular expression: {e}"))?,
            ),
            None => None,
        };
        let tags = source
            .tags
            .iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        sources.push(FollowedSource {
            url,
            folder,
            tags,
            filter,
        });
    }
    Ok(sources)
}

impl FollowedSource {
    /// Back to the file's shape.
    pub(crate) fn to_file(&self) -> RawSource {
        RawSource {
            url: self.url.to_string(),
            folder: self.folder.to_string_lossy().into_owned(),
            tags: self.tags.clone(),
            filter: self.filter.as_ref().map(|f| f.as_str().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: &str, folder: &str, filter: Option<&str>) -> RawSource {
        RawSource {
            url: url.into(),
            folder: folder.into(),
            tags: vec![" sister ".into(), "".into()],
            filter: filter.map(Into::into),
        }
    }

    #[test]
    fn sources_are_checked() {
        let ok = resolve_sources(vec![source("https://x.example/feed", "sister/a", None)]);
        let ok = ok.unwrap();
        assert_eq!(ok[0].folder, PathBuf::from("sister/a"));
        assert_eq!(ok[0].tags, vec!["sister".to_owned()]);
        for (url, folder, filter, want) in [
            ("ftp://x/", "a", None, "not an http(s) URL"),
            ("https://u:p@x/", "a", None, "user name or password"),
            ("https://x/", "../a", None, "relative path"),
            ("https://x/", "/a", None, "relative path"),
            ("https://x/", "", None, "relative path"),
            ("https://x/", "a", Some("("), "not a regular expression"),
        ] {
            let err = resolve_sources(vec![source(url, folder, filter)]).unwrap_err();
            assert!(err.starts_with("number 1: ") && err.contains(want), "{err}");
        }
    }

    #[test]
    fn settings_are_checked() {
        let s = RawImportSettings {
            timeout_seconds: Some(0.0),
            ..Default::default()
        };
        assert_eq!(
            s.resolve().unwrap_err().0,
            "import_settings.timeout_seconds"
        );
        let s = RawImportSettings {
            max_bytes: Some(0),
            ..Default::default()
        };
        assert_eq!(s.resolve().unwrap_err().0, "import_settings.max_bytes");
        let s = RawImportSettings::default().resolve().unwrap();
        assert_eq!(s, ImportSettings::default());
    }
}
