//! Stage 2, **publish**: plan the feed set, render every document (feeds in three formats,
//! archives, item pages, the index, the OPML list) in memory, then write what changed.

use std::path::{Path, PathBuf};

use thiserror::Error;
use url::Url;

use crate::config::Config;
use crate::links;
use crate::model::Item;
use crate::normalise::dates;
use crate::plan::{self, FeedKind, FeedPlan};
use crate::render::html::{FeedLinks, PageRenderer, Site, TagLink, Templates};
use crate::render::{newest_update, opml, FeedDoc, FeedFormat, History, RenderError};
use crate::write::{self, Outcome};

/// A fatal publishing problem.
#[derive(Debug, Error)]
pub enum PublishError {
    #[error("{path}: error: cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: error: cannot read the template: {source}")]
    Template {
        path: String,
        source: std::io::Error,
    },
    #[error("error: {0}")]
    Render(#[from] RenderError),
    #[error("error: cannot make a URL from base_url `{base}` and `{path}`")]
    Url { base: String, path: String },
}

/// One output file and what happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub outcome: Outcome,
    pub bytes: usize,
}

/// A rendered document: its path relative to the output folder, and its bytes.
pub type Document = (String, Vec<u8>);

fn url(config: &Config, path: &str) -> Result<Url, PublishError> {
    links::output_url(config, path).ok_or_else(|| PublishError::Url {
        base: config.base_url.to_string(),
        path: path.to_owned(),
    })
}

/// Reads the user's templates, falling back to the built-in ones.
pub fn load_templates(config: &Config) -> Result<Templates, PublishError> {
    let mut templates = Templates::default();
    if let Some(dir) = &config.feeds.templates_dir {
        for (name, slot) in [
            ("item.html", &mut templates.item),
            ("index.html", &mut templates.index),
        ] {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(source) => *slot = (config.display_path(&path), source),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(PublishError::Template {
                        path: config.display_path(&path),
                        source,
                    })
                }
            }
        }
    }
    Ok(templates)
}

/// Renders every document in memory. Pure: the result depends only on the items, the
/// configuration and the templates.
pub fn render_all(
    items: &[Item],
    config: &Config,
    templates: &Templates,
) -> Result<Vec<Document>, PublishError> {
    let mut docs = Vec::new();
    // An empty feed still needs an `updated`: the id minting date is as stable as it gets.
    let fallback = dates::midnight(
        chrono::NaiveDate::parse_from_str(&minting_day(&config.ids.date), "%Y-%m-%d")
            .unwrap_or_default(),
        chrono_tz::UTC,
    );
    let feeds = plan::plan(items, config, &mut Vec::new());
    for feed in &feeds {
        render_feed(feed, config, fallback, &mut docs)?;
    }

    let feed_links = |feed: &FeedPlan<'_>| -> Result<FeedLinks, PublishError> {
        Ok(FeedLinks {
            title: feed.title.clone(),
            lang: feed.lang.clone(),
            atom: url(config, &format!("{}atom.xml", feed.dir))?.into(),
            rss: url(config, &format!("{}rss.xml", feed.dir))?.into(),
            json: url(config, &format!("{}feed.json", feed.dir))?.into(),
        })
    };
    let mut main_links = Vec::new();
    let mut lang_links = Vec::new();
    let mut tag_links = Vec::new();
    for feed in &feeds {
        let links = feed_links(feed)?;
        match feed.kind {
            FeedKind::All => main_links.push(links),
            FeedKind::Language(_) => lang_links.push(links),
            FeedKind::Tag { .. } => tag_links.push(links),
        }
    }

    if config.feeds.opml {
        let groups = [
            opml::Group {
                title: None,
                feeds: &main_links,
            },
            opml::Group {
                title: Some("Languages"),
                feeds: &lang_links,
            },
            opml::Group {
                title: Some("Tags"),
                feeds: &tag_links,
            },
        ];
        docs.push((
            "feeds.opml".to_owned(),
            opml::render(&config.title, config.base_url.as_str(), &groups)?,
        ));
    }

    if config.feeds.pages && config.feeds.permalink.is_none() {
        let pages = PageRenderer::new(templates)?;
        let site = Site {
            title: config.title.clone(),
            subtitle: config.subtitle.clone(),
            lang: config.lang.clone(),
            dir: crate::render::html::direction(&config.lang),
            home: config.base_url.to_string(),
            feeds_opml: config
                .feeds
                .opml
                .then(|| url(config, "feeds.opml"))
                .transpose()?
                .map(String::from),
        };
        let mut published: Vec<&Item> = items.iter().filter(|i| !i.draft).collect();
        plan::newest_first(&mut published);
        for item in &published {
            let mut advertised = main_links.clone();
            advertised.extend(
                lang_links
                    .iter()
                    .find(|l| l.lang == item.lang.value)
                    .cloned(),
            );
            let tags = if config.feeds.tags {
                item.tags
                    .value
                    .iter()
                    .map(|t| {
                        Ok(TagLink {
                            name: t.clone(),
                            url: url(config, &format!("tags/{}/atom.xml", plan::tag_slug(t)))?
                                .into(),
                        })
                    })
                    .collect::<Result<Vec<_>, PublishError>>()?
            } else {
                vec![]
            };
            let dir = links::page_dir(&item.published.value, &item.stem);
            docs.push((
                format!("{dir}index.html"),
                pages.item(&site, item, tags, &advertised)?,
            ));
        }
        let mut discovery = main_links.clone();
        discovery.extend(lang_links.iter().cloned());
        let mut all = discovery.clone();
        all.extend(tag_links.iter().cloned());
        docs.push((
            "index.html".to_owned(),
            pages.index(&site, &published, &discovery, &all)?,
        ));
    }
    Ok(docs)
}

/// The subscription documents and archives of one feed, in every format.
fn render_feed(
    feed: &FeedPlan<'_>,
    config: &Config,
    fallback: chrono::DateTime<chrono::FixedOffset>,
    docs: &mut Vec<Document>,
) -> Result<(), PublishError> {
    for format in FeedFormat::ALL {
        let name = format.file_name();
        let current_path = format!("{}{name}", feed.dir);
        let current = url(config, &current_path)?;
        let archive_url = |i: usize| url(config, &format!("{}{name}", feed.archives[i].dir));
        let newest_archive = match feed.archives.len() {
            0 => None,
            n => Some(archive_url(n - 1)?),
        };
        let doc = FeedDoc {
            title: &feed.title,
            subtitle: feed.subtitle.as_deref(),
            lang: &feed.lang,
            id: &feed.id,
            home_url: &config.base_url,
            self_url: current.clone(),
            author: &config.author,
            updated: newest_update(&feed.items, fallback),
            items: &feed.items,
            history: History {
                prev_archive: newest_archive,
                ..History::default()
            },
        };
        docs.push((current_path, format.render(&doc)?));

        for (i, archive) in feed.archives.iter().enumerate() {
            let title = format!("{} ({})", feed.title, archive.period);
            let doc = FeedDoc {
                title: &title,
                subtitle: feed.subtitle.as_deref(),
                lang: &feed.lang,
                id: &archive.id,
                home_url: &config.base_url,
                self_url: archive_url(i)?,
                author: &config.author,
                updated: newest_update(&archive.items, fallback),
                items: &archive.items,
                history: History {
                    archive: true,
                    current: Some(current.clone()),
                    prev_archive: i.checked_sub(1).map(archive_url).transpose()?,
                    next_archive: (i + 1 < feed.archives.len())
                        .then(|| archive_url(i + 1))
                        .transpose()?,
                },
            };
            docs.push((format!("{}{name}", archive.dir), format.render(&doc)?));
        }
    }
    Ok(())
}

fn minting_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_owned(),
    }
}

/// Writes rendered documents into the output folder, skipping those whose bytes are unchanged.
pub fn write_all(
    docs: Vec<Document>,
    output_dir: &Path,
    config: &Config,
) -> Result<Vec<Written>, PublishError> {
    let mut names = Vec::with_capacity(docs.len());
    let files: Vec<(PathBuf, Vec<u8>)> = docs
        .into_iter()
        .map(|(rel, bytes)| {
            let path = output_dir.join(&rel);
            names.push((rel, bytes.len()));
            (path, bytes)
        })
        .collect();
    let outcomes = write::write_all_if_changed(&files).map_err(|e| PublishError::Write {
        path: config.display_path(&e.path),
        source: e.source,
    })?;
    Ok(names
        .into_iter()
        .zip(outcomes)
        .map(|((path, bytes), outcome)| Written {
            path,
            outcome,
            bytes,
        })
        .collect())
}

/// The list of files the last build wrote, kept in the state folder so that files which are
/// no longer produced (a deleted item's page, a tag nobody uses any more) are removed.
pub const OUTPUTS_FILE: &str = "outputs.txt";

fn read_outputs(config: &Config) -> Vec<String> {
    std::fs::read_to_string(config.state_dir.join(OUTPUTS_FILE))
        .map(|s| s.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Renders and writes every document into the output folder, then removes what the previous
/// build wrote and this one no longer produces.
pub fn publish(items: &[Item], config: &Config) -> Result<Vec<Written>, PublishError> {
    let templates = load_templates(config)?;
    let docs = render_all(items, config, &templates)?;
    let mut written = write_all(docs, &config.output_dir, config)?;
    let current: std::collections::BTreeSet<&str> =
        written.iter().map(|w| w.path.as_str()).collect();
    let removed = write::remove_stale(&config.output_dir, &read_outputs(config), &current)
        .map_err(|source| PublishError::Write {
            path: config.display_path(&config.output_dir),
            source,
        })?;
    let mut list = String::new();
    for w in &written {
        list.push_str(&w.path);
        list.push('\n');
    }
    let state = config.state_dir.join(OUTPUTS_FILE);
    write::write_if_changed(&state, list.as_bytes()).map_err(|source| PublishError::Write {
        path: config.display_path(&state),
        source,
    })?;
    written.extend(removed.into_iter().map(|path| Written {
        path,
        outcome: Outcome::Removed,
        bytes: 0,
    }));
    Ok(written)
}
