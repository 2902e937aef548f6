//! **Plan**: the site, decided before anything is rendered. A [`SitePlan`] lists every document
//! a build writes (its path in the output folder, its public URL, its [`Kind`] and what the
//! renderer needs to produce it), in the order the build writes them.
//!
//! It is made once per run, when the instance is loaded ([`crate::instance`]), and everything
//! after reads it: the renderers take their documents and links from it, `write` writes its
//! paths and records them in the outputs list (what a later build may remove), and `check`
//! reports the warnings planning gives (tags sharing a folder, names too long for one).
//!
//! - [`feeds`]: the feed set (all items, per language, per tag), items per feed, archives.
//! - [`paths`]: the only code that spells an output path or turns one into a URL.
//!
//! Pure: it reads the items and the configuration and decides; it renders and writes nothing.
//! `push` does not read the plan: it sends what is in the output folder (which may hold files
//! a build never wrote) and runs without loading the items.

pub mod feeds;
pub mod paths;

use std::collections::BTreeMap;

use thiserror::Error;
use url::Url;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Item;
use crate::render::FeedFormat;
pub use feeds::{newest_first, tag_slug, ArchivePlan, FeedKind, FeedPlan};

/// A site that cannot be planned: fatal.
#[derive(Debug, Error)]
pub enum PlanError {
    #[error("cannot make a URL from base_url `{base}` and `{path}`")]
    Url { base: String, path: String },
}

/// What a document is, and what the renderer needs to know to produce it. Feeds and items are
/// named by their index in [`SitePlan::feeds`] and in the item list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A feed's subscription document in one format.
    Feed { feed: usize, format: FeedFormat },
    /// One archive document (one period) of a feed, in one format.
    Archive {
        feed: usize,
        archive: usize,
        format: FeedFormat,
    },
    /// The page of one item.
    Page { item: usize },
    /// The front page: every item, every feed.
    Index,
    /// The OPML list of every feed.
    Opml,
}

/// One output document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Where it is served: `base_url` joined with `path`, except that an `index.html` is
    /// served as its folder (an item page's is the URL its entries link to).
    pub url: Url,
    pub kind: Kind,
}

/// The URLs of one feed's documents, in [`FeedFormat::ALL`] order.
#[derive(Debug)]
struct FeedUrls {
    current: Vec<Url>,
    /// One list per archive, oldest first.
    archives: Vec<Vec<Url>>,
}

/// Every document of the site, and the feed set they come from.
#[derive(Debug)]
pub struct SitePlan {
    /// The feed set: the feed of all items, then one per language, then one per tag.
    pub feeds: Vec<FeedPlan>,
    /// The items that are not drafts (indices into the item list), newest first.
    pub published: Vec<usize>,
    /// Item pages and the index are made (pages on, and no permalink pattern sending entries
    /// elsewhere).
    pub pages: bool,
    /// Every document, in the order the build writes (and lists) them: each feed's
    /// subscription document and archives, format by format; the OPML list; the item pages,
    /// newest first; the index.
    pub documents: Vec<Document>,
    urls: Vec<FeedUrls>,
    /// Tag slug → index of its feed.
    tag_feeds: BTreeMap<String, usize>,
    opml_url: Option<Url>,
}

impl SitePlan {
    /// Plans the site of `items` (the instance's item list, drafts included). `diagnostics`
    /// receives the warnings only the feed set reveals.
    pub fn new(
        items: &[Item],
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<SitePlan, PlanError> {
        #[cfg(test)]
        if let Ok(mut seen) = PLANNED.lock() {
            seen.push(config.output_dir.clone());
        }
        let published = feeds::published(items);
        let feeds = feeds::plan(items, &published, config, diagnostics);
        let pages = config.feeds.pages && config.feeds.permalink.is_none();
        let mut plan = SitePlan {
            feeds,
            published,
            pages,
            documents: Vec::new(),
            urls: Vec::new(),
            tag_feeds: BTreeMap::new(),
            opml_url: None,
        };
        plan.list_feed_documents(config)?;
        if config.feeds.opml {
            let url = plan.push(config, paths::OPML_FILE.to_owned(), Kind::Opml)?;
            plan.opml_url = Some(url);
        }
        if pages {
            for &item in &plan.published {
                let i = &items[item];
                let path = paths::page_file(&i.published.value, &i.stem);
                let url = paths::page_url(&config.base_url, &i.published.value, &i.stem)
                    .ok_or_else(|| url_error(config, &path))?;
                plan.documents.push(Document {
                    path,
                    url,
                    kind: Kind::Page { item },
                });
            }
            plan.push(config, paths::INDEX_FILE.to_owned(), Kind::Index)?;
        }
        Ok(plan)
    }

    /// Lists every feed's documents: per format, the subscription document, then its archives.
    fn list_feed_documents(&mut self, config: &Config) -> Result<(), PlanError> {
        let names = config.feed_names;
        for feed in 0..self.feeds.len() {
            let mut urls = FeedUrls {
                current: Vec::new(),
                archives: vec![Vec::new(); self.feeds[feed].archives.len()],
            };
            for format in FeedFormat::ALL {
                let path = paths::feed_file(&self.feeds[feed].dir, format, names);
                urls.current
                    .push(self.push(config, path, Kind::Feed { feed, format })?);
                for archive in 0..self.feeds[feed].archives.len() {
                    let dir = &self.feeds[feed].archives[archive].dir;
                    let path = paths::feed_file(dir, format, names);
                    let kind = Kind::Archive {
                        feed,
                        archive,
                        format,
                    };
                    urls.archives[archive].push(self.push(config, path, kind)?);
                }
            }
            if let FeedKind::Tag { slug, .. } = &self.feeds[feed].kind {
                self.tag_feeds.insert(slug.clone(), feed);
            }
            self.urls.push(urls);
        }
        Ok(())
    }

    /// Adds a document served at `base_url` + `path` (an `index.html` as its folder); returns
    /// its URL.
    fn push(&mut self, config: &Config, path: String, kind: Kind) -> Result<Url, PlanError> {
        let served = path.strip_suffix(paths::INDEX_FILE).unwrap_or(&path);
        let url =
            paths::output_url(&config.base_url, served).ok_or_else(|| url_error(config, &path))?;
        self.documents.push(Document {
            path,
            url: url.clone(),
            kind,
        });
        Ok(url)
    }

    /// The URL of a feed's subscription document in `format`.
    pub fn feed_url(&self, feed: usize, format: FeedFormat) -> &Url {
        &self.urls[feed].current[slot(format)]
    }

    /// The URL of archive `archive` (oldest first) of a feed in `format`.
    pub fn archive_url(&self, feed: usize, archive: usize, format: FeedFormat) -> &Url {
        &self.urls[feed].archives[archive][slot(format)]
    }

    /// The URL of a tag's feed in `format`, `None` when no feed has that tag (tag feeds off).
    pub fn tag_feed_url(&self, tag: &str, format: FeedFormat) -> Option<&Url> {
        let feed = *self.tag_feeds.get(&tag_slug(tag))?;
        Some(self.feed_url(feed, format))
    }

    /// The URL of the OPML list, when there is one.
    pub fn opml_url(&self) -> Option<&Url> {
        self.opml_url.as_ref()
    }
}

/// Output folders a site was planned for, one entry per plan: how tests count the plans a run
/// makes.
#[cfg(test)]
pub(crate) static PLANNED: std::sync::Mutex<Vec<std::path::PathBuf>> =
    std::sync::Mutex::new(Vec::new());

/// The position of `format` in [`FeedFormat::ALL`].
fn slot(format: FeedFormat) -> usize {
    FeedFormat::ALL
        .iter()
        .position(|f| *f == format)
        .unwrap_or_default()
}

fn url_error(config: &Config, path: &str) -> PlanError {
    PlanError::Url {
        base: config.base_url.to_string(),
        path: path.to_owned(),
    }
}

#[cfg(test)]
mod tests;
