//! Where things live: the output path of each item page and feed, and the public URL of each.
//!
//! One place decides paths, so the page an entry links to is the page that is written.

use chrono::{DateTime, Datelike, FixedOffset};
use url::Url;

use crate::config::Config;

/// The folder of an item's generated page inside the output folder: `2022/<stem>/`.
pub fn page_dir(published: &DateTime<FixedOffset>, stem: &str) -> String {
    format!("{}/{}/", published.year(), stem)
}

/// The public URL of an item: the configured permalink pattern, else its generated page, else
/// none (pages switched off and no permalink).
pub fn item_url(
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
    let mut url = config.base_url.clone();
    {
        let mut segments = url.path_segments_mut().ok()?;
        segments.pop_if_empty();
        segments.push(&published.year().to_string());
        segments.push(stem);
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

/// The URL of a file inside the output folder.
pub fn output_url(config: &Config, path: &str) -> Option<Url> {
    config.base_url.join(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b?c#d"), "a%20b%3Fc%23d");
        assert_eq!(
            encode_segment("заявление"),
            "%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5"
        );
    }
}
