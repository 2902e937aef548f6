//! Stage 2, **publish**: plan the feeds, render each in every format, write what changed.

use std::path::PathBuf;

use thiserror::Error;

use crate::config::Config;
use crate::model::Item;
use crate::normalise::dates;
use crate::plan;
use crate::render::{newest_update, FeedDoc, FeedFormat, RenderError};
use crate::write::{self, Outcome};

/// A fatal publishing problem.
#[derive(Debug, Error)]
pub enum PublishError {
    #[error("{path}: error: cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("error: cannot make a feed URL from base_url `{base}` and `{path}`: {source}")]
    Url {
        base: String,
        path: String,
        source: url::ParseError,
    },
}

/// One output file and what happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub outcome: Outcome,
    pub bytes: usize,
}

/// Renders every planned feed in memory. Pure: the result depends only on the items and the
/// configuration.
pub fn render_all(items: &[Item], config: &Config) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    let mut files = Vec::new();
    // An empty feed still needs an `updated`: the id minting date is as stable as it gets.
    let fallback = dates::midnight(
        chrono::NaiveDate::parse_from_str(&minting_day(&config.ids.date), "%Y-%m-%d")
            .unwrap_or_default(),
        chrono_tz::UTC,
    );
    for feed in plan::plan(items, config) {
        let updated = newest_update(&feed.items, fallback);
        for format in FeedFormat::ALL {
            let path = format!("{}{}", feed.dir, format.file_name_in(config.feed_names));
            let self_url = config
                .base_url
                .join(&path)
                .map_err(|source| PublishError::Url {
                    base: config.base_url.to_string(),
                    path: path.clone(),
                    source,
                })?;
            let doc = FeedDoc {
                title: &feed.title,
                subtitle: feed.subtitle.as_deref(),
                lang: &feed.lang,
                id: &feed.id,
                home_url: &config.base_url,
                self_url,
                author: &config.author,
                updated,
                items: &feed.items,
                hubs: &config.hubs,
            };
            files.push((path, format.render(&doc)?));
        }
    }
    Ok(files)
}

fn minting_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_owned(),
    }
}

/// Renders and writes every feed into the output folder.
pub fn publish(items: &[Item], config: &Config) -> Result<Vec<Written>, PublishError> {
    let files = render_all(items, config)?;
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path: PathBuf = config.output_dir.join(&rel);
        let outcome =
            write::write_if_changed(&path, &bytes).map_err(|source| PublishError::Write {
                path: config.display_path(&path),
                source,
            })?;
        written.push(Written {
            path: rel,
            outcome,
            bytes: bytes.len(),
        });
    }
    Ok(written)
}
