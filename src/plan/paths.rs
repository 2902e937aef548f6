//! Where things live: the rules that turn a feed, an archive period, a tag, a language or an
//! item into a path inside the output folder, and a path into its public URL.
//!
//! Only this module spells output paths, and only [`super::SitePlan`] (and, for an item's own
//! URL, `normalise`, through [`item_url`]) calls it, so the page an entry links to is the page
//! that is written. Paths are relative to the output folder, `/`-separated; a folder's path is
//! `""` for the top or ends in `/`.
//!
//! Every name put into an output path passes [`fit_component`], so no folder or file name can
//! exceed what file systems allow: a name longer than [`MAX_COMPONENT_BYTES`] is cut and given
//! a hash of the whole name, and a short name is left exactly as it was (page URLs and feed URLs
//! never move).

use std::borrow::Cow;

use chrono::{DateTime, Datelike, FixedOffset};
use sha2::{Digest, Sha256};
use url::Url;

use crate::config::Config;
use crate::types::feed::{FeedFormat, FeedNames};

/// The site's front page.
pub(crate) const INDEX_FILE: &str = "index.html";

/// The list of every feed.
pub(crate) const OPML_FILE: &str = "feeds.opml";

/// The pages' one stylesheet, linked from every page (written once, not inlined in each).
pub(crate) const STYLESHEET_FILE: &str = "style.css";

/// The sitemap (sitemaps.org protocol), at the top so that it may list every page.
pub(crate) const SITEMAP_FILE: &str = "sitemap.xml";

/// The folder of the feed of all items: the top of the output folder.
pub(crate) const ALL_FEED_DIR: &str = "";

/// The folder of a language's feed: the lower-cased tag, fitted (a BCP 47 tag has no length
/// limit, a folder name has).
pub(crate) fn language_dir(lang: &str) -> String {
    format!("{}/", fit_component(&lang.to_ascii_lowercase()))
}

/// The folder of a tag's feed, from its slug (already fitted, see
/// [`tag_slug`](super::feeds::tag_slug)).
pub(crate) fn tag_dir(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// The folder of one archive period (`2022` or `2022-01`) of the feed in `feed_dir`.
pub(crate) fn archive_dir(feed_dir: &str, period: &str) -> String {
    format!("{feed_dir}archive/{period}/")
}

/// The file of a feed (or archive) in `dir`, in one format, under the configured names.
pub(crate) fn feed_file(dir: &str, format: FeedFormat, names: FeedNames) -> String {
    format!("{dir}{}", format.file_name_in(names))
}

/// The HTML page of a language or tag feed: `index.html` in the feed's folder, so that the
/// folder's URL shows its statements and the feeds sit beside it.
pub(crate) fn feed_page_file(feed_dir: &str) -> String {
    format!("{feed_dir}{INDEX_FILE}")
}

/// The page of an item: `2022/<stem>/index.html`.
pub(crate) fn page_file(published: &DateTime<FixedOffset>, stem: &str) -> String {
    let mut file = page_dir(published, stem);
    file.push_str(INDEX_FILE);
    file
}

/// The file of a redirect page left at an old page address (front matter `aliases`): the alias
/// is a path under `base_url` as it was served, `2022/old-name/` (or `/2022/old-name`) for a
/// folder, which gets an `index.html`, or `old/page.html` for a file. Refused (with the reason)
/// when it could leave the output folder or name a folder or file no page address could:
/// empty, `.` or `..` segments, a backslash, a query, fragment or scheme, control characters,
/// or a name longer than [`MAX_COMPONENT_BYTES`].
pub(crate) fn alias_file(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() {
        return Err("is the front page, not an old page address".to_owned());
    }
    if trimmed.contains(['\\', '?', '#', ':']) || trimmed.chars().any(char::is_control) {
        return Err(
            "must be a path under the site's address, like `2022/old-name/`: no `\\`, `?`, \
             `#`, `:` or control characters"
                .to_owned(),
        );
    }
    let folder = trimmed.ends_with('/');
    let path = trimmed.trim_end_matches('/');
    for segment in path.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err("must not have empty, `.` or `..` segments".to_owned());
        }
        if segment.len() > MAX_COMPONENT_BYTES {
            return Err(format!(
                "has a segment longer than {MAX_COMPONENT_BYTES} bytes"
            ));
        }
    }
    let is_page_file = !folder
        && path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.ends_with(".html") || name.ends_with(".htm"));
    Ok(if is_page_file {
        path.to_owned()
    } else {
        format!("{path}/{INDEX_FILE}")
    })
}

/// The longest folder or file name communique writes, in bytes. File systems allow 255; the
/// margin leaves room for file systems that count differently and for temporary-file names.
pub(crate) const MAX_COMPONENT_BYTES: usize = 200;

/// Hex digits of the hash that makes a shortened name unique.
const HASH_HEX_DIGITS: usize = 16;

/// `name` if it fits in [`MAX_COMPONENT_BYTES`], else its longest prefix (cut at a character
/// boundary) that leaves room for `-` and a SHA-256 prefix of the whole name, so two long names
/// that share a beginning still get different folders, and a name is shortened the same way on
/// every run and platform.
pub(crate) fn fit_component(name: &str) -> String {
    if name.len() <= MAX_COMPONENT_BYTES {
        return name.to_owned();
    }
    let mut cut = MAX_COMPONENT_BYTES - HASH_HEX_DIGITS - 1;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(HASH_HEX_DIGITS)
        .collect();
    format!("{}-{hash}", &name[..cut])
}

/// The name of an item's page folder: its file stem, fitted (see [`fit_component`]).
pub(crate) fn page_name(stem: &str) -> String {
    fit_component(stem)
}

/// The folder of an item's generated page inside the output folder: `2022/<stem>/`.
pub(crate) fn page_dir(published: &DateTime<FixedOffset>, stem: &str) -> String {
    use std::fmt::Write as _;
    // One allocation, room for the `index.html` a page's file adds (made for every item of
    // every run).
    let name: Cow<'_, str> = if stem.len() <= MAX_COMPONENT_BYTES {
        Cow::Borrowed(stem)
    } else {
        Cow::Owned(page_name(stem))
    };
    let mut dir = String::with_capacity(name.len() + 8 + INDEX_FILE.len());
    let _ = write!(dir, "{}", published.year());
    dir.push('/');
    dir.push_str(&name);
    dir.push('/');
    dir
}

/// The public URL of an item: the configured permalink pattern, else its generated page, else
/// none (pages switched off and no permalink).
pub(crate) fn item_url(
    config: &Config,
    published: &DateTime<FixedOffset>,
    stem: &str,
    lang: &str,
) -> Option<Url> {
    if let Some(pattern) = &config.feeds.permalink {
        let url = pattern
            .replace("{year}", &format!("{:04}", published.year()))
            .replace("{month}", &format!("{:02}", published.month()))
            .replace("{day}", &format!("{:02}", published.day()))
            .replace("{lang}", lang)
            .replace("{stem}", &encode_segment(stem));
        return Url::parse(&url).ok();
    }
    if !config.feeds.pages {
        return None;
    }
    page_url(&config.base_url, published, stem)
}

/// The URL of an item's generated page: its folder ([`page_dir`]) under `base_url`, each
/// segment percent-encoded.
pub(crate) fn page_url(
    base_url: &Url,
    published: &DateTime<FixedOffset>,
    stem: &str,
) -> Option<Url> {
    let mut url = base_url.clone();
    {
        let mut segments = url.path_segments_mut().ok()?;
        segments.pop_if_empty();
        segments.push(&published.year().to_string());
        segments.push(&page_name(stem));
        segments.push("");
    }
    Some(url)
}

/// Percent-encodes a path segment the way `Url::path_segments_mut().push` does.
fn encode_segment(segment: &str) -> String {
    let mut url = match Url::parse("https://x/") {
        Ok(url) => url,
        Err(_) => return segment.to_owned(),
    };
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.clear().push(segment);
    }
    url.path().trim_start_matches('/').to_owned()
}

/// The URL of a file inside the output folder: `base_url` joined with its path.
pub(crate) fn output_url(base_url: &Url, path: &str) -> Option<Url> {
    base_url.join(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_folder_is_its_year_and_fitted_stem() {
        let long = "x".repeat(MAX_COMPONENT_BYTES + 1);
        for date in ["2022-01-08T10:00:00Z", "0001-01-01T00:00:00+05:00"] {
            let date = DateTime::parse_from_rfc3339(date).unwrap();
            for stem in ["2022-01-08-new", "ação", long.as_str()] {
                let expected = format!("{}/{}/", date.year(), page_name(stem));
                assert_eq!(page_dir(&date, stem), expected);
                assert_eq!(page_file(&date, stem), format!("{expected}{INDEX_FILE}"));
            }
        }
    }

    #[test]
    fn aliases_become_files_inside_the_output_folder() {
        assert_eq!(
            alias_file("2022/old-name/").unwrap(),
            "2022/old-name/index.html"
        );
        assert_eq!(
            alias_file("/2022/old-name").unwrap(),
            "2022/old-name/index.html"
        );
        assert_eq!(alias_file("old/page.html").unwrap(), "old/page.html");
        assert_eq!(alias_file("2022/ação/").unwrap(), "2022/ação/index.html");
        for bad in [
            "",
            "/",
            "../x/",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            "a?b=1",
            "https://x.org/a",
            "a#b",
            "a\u{7}b",
        ] {
            assert!(alias_file(bad).is_err(), "{bad:?}");
        }
        assert!(alias_file(&"x".repeat(MAX_COMPONENT_BYTES + 1)).is_err());
    }

    #[test]
    fn short_names_are_kept_and_long_ones_fit() {
        assert_eq!(
            fit_component("2022-01-08-kazakhstan"),
            "2022-01-08-kazakhstan"
        );
        let exact = "a".repeat(MAX_COMPONENT_BYTES);
        assert_eq!(fit_component(&exact), exact);
        let flags = "🚩".repeat(60);
        let fitted = fit_component(&flags);
        assert!(fitted.len() <= MAX_COMPONENT_BYTES, "{fitted}");
        assert!(fitted.starts_with("🚩🚩"), "{fitted}");
        // Stable: the same name gives the same folder; another long name, another folder.
        assert_eq!(fitted, fit_component(&flags));
        assert_ne!(fitted, fit_component(&format!("{flags}x")));
        // The hash is SHA-256 of the whole name: the same on every platform and release.
        assert_eq!(
            fit_component(&"b".repeat(300)),
            format!("{}-dccc1450d6fc4232", "b".repeat(183))
        );
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b?c#d"), "a%20b%3Fc%23d");
        assert_eq!(
            encode_segment("заявление"),
            "%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5"
        );
    }
}
