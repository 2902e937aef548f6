//! **Plan**: the site, decided before anything is rendered. A [`SitePlan`] lists every document
//! a build writes (its path in the output folder, its public URL, its [`Kind`] and what the
//! renderer needs to produce it), in the order the build writes them.
//!
//! It is made once per run, when the instance is loaded ([`crate::instance`]), and everything
//! after reads it: the renderers take their documents and links from it, `write` writes its
//! paths and records them in the outputs list (what a later build may remove), and `check`
//! reports the warnings planning gives (tags sharing a folder, names too long for one).
//!
//! - `feeds`: the feed set (all items, per language, per tag), items per feed, archives.
//! - `paths`: the only code that spells an output path or turns one into a URL.
//!
//! Pure: it reads the items and the configuration and decides; it renders and writes nothing.
//! `push` does not read the plan: it sends what is in the output folder (which may hold files
//! a build never wrote) and runs without loading the items.

pub(crate) mod feeds;
pub(crate) mod paths;
pub(crate) mod statements;

use std::collections::BTreeMap;

use rayon::prelude::*;
use thiserror::Error;
use url::Url;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Item, UrlText};
use crate::types::feed::FeedFormat;
pub use feeds::{newest_first, tag_slug, ArchivePlan, FeedKind, FeedPlan};
pub use statements::Statements;

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
    /// A redirect page left at an old address of an item's page: alias `alias` (an index into
    /// the item's `aliases`).
    Redirect { item: usize, alias: usize },
    /// The front page: every item, every feed.
    Index,
    /// The OPML list of every feed.
    Opml,
    /// The HTML page of a language or tag feed: its statements and its feeds, in the feed's
    /// folder.
    FeedPage { feed: usize },
    /// `sitemap.xml` (sitemaps.org): every page, translations as `hreflang` alternates.
    Sitemap,
    /// `style.css`, the stylesheet every page links to.
    Stylesheet,
}

/// One output document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Where it is served: `base_url` joined with `path`, except that an `index.html` is
    /// served as its folder (an item page's is the URL its entries link to).
    pub url: UrlText,
    pub kind: Kind,
}

/// A file copied into the output folder as it is (an item's attachment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopiedFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// The file to copy, inside the items folder.
    pub source: std::path::PathBuf,
}

/// The URLs of one feed's documents.
#[derive(Debug)]
struct FeedUrls {
    /// The subscription documents, in [`FeedFormat::ALL`] order.
    current: Vec<Url>,
    /// The Atom archives, oldest first.
    archives: Vec<Url>,
}

/// Every document of the site, and the feed set they come from.
#[derive(Debug)]
pub struct SitePlan {
    /// The feed set: the feed of all items, then one per language, then one per tag.
    pub feeds: Vec<FeedPlan>,
    /// The items that are not drafts (indices into the item list), newest first.
    pub published: Vec<usize>,
    /// Which published items are one statement in several languages, and which is the original.
    pub statements: Statements,
    /// Item pages and the index are made (pages on, and no permalink pattern sending entries
    /// elsewhere).
    pub pages: bool,
    /// Every document, in the order the build writes (and lists) them: each feed's
    /// subscription document format by format, the Atom one followed by its archives; the OPML
    /// list; the stylesheet; the item pages, newest first; the index; the language and tag
    /// pages; the sitemap; the redirects.
    pub documents: Vec<Document>,
    /// The files published with the items (`Item::attachments` of every published item), copied
    /// as they are: after the documents, in item order.
    pub files: Vec<CopiedFile>,
    urls: Vec<FeedUrls>,
    /// Feed index → the URL of its HTML page (language and tag feeds, when pages are made).
    feed_pages: BTreeMap<usize, Url>,
    /// Tag slug → index of its feed.
    tag_feeds: BTreeMap<String, usize>,
    opml_url: Option<Url>,
    stylesheet_url: Option<Url>,
}

impl SitePlan {
    /// Plans the site of `items` (the instance's item list, drafts included). `diagnostics`
    /// receives the warnings only the feed set reveals.
    pub fn new(
        items: &[Item],
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<SitePlan, PlanError> {
        Self::with_body_lengths(items, None, config, diagnostics)
    }

    /// [`SitePlan::new`] for items some of whose bodies are held elsewhere (left in the item
    /// cache): `body_lengths` are the lengths of every item's `content_html`, which a byte
    /// budget weighs.
    pub(crate) fn with_body_lengths(
        items: &[Item],
        body_lengths: Option<&[usize]>,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<SitePlan, PlanError> {
        #[cfg(test)]
        if let Ok(mut seen) = PLANNED.lock() {
            seen.push(config.output_dir.clone());
        }
        let published = feeds::published(items);
        let statements = Statements::new(items, &published, &config.lang);
        let pages = config.feeds.pages && config.feeds.permalink.is_none();
        // The item pages are made on the other cores while the feed set is planned: neither
        // needs the other, and each was a stretch of the one thread between loading and
        // rendering.
        let (feeds, item_pages) = rayon::join(
            || {
                feeds::plan(
                    items,
                    body_lengths,
                    &published,
                    &statements,
                    config,
                    diagnostics,
                )
            },
            || {
                if pages {
                    page_documents(items, &published, config)
                } else {
                    Vec::new()
                }
            },
        );
        let mut plan = SitePlan {
            feeds,
            published,
            statements,
            pages,
            documents: Vec::new(),
            files: Vec::new(),
            urls: Vec::new(),
            feed_pages: BTreeMap::new(),
            tag_feeds: BTreeMap::new(),
            opml_url: None,
            stylesheet_url: None,
        };
        plan.list_feed_documents(config)?;
        if config.feeds.opml {
            let url = plan.push(config, paths::OPML_FILE.to_owned(), Kind::Opml)?;
            plan.opml_url = Some(url);
        }
        if pages {
            let url = plan.push(config, paths::STYLESHEET_FILE.to_owned(), Kind::Stylesheet)?;
            plan.stylesheet_url = Some(url);
            plan.documents.reserve(item_pages.len());
            for page in item_pages {
                // The first item (newest first) whose page has no URL is the error.
                plan.documents.push(page?);
            }
            plan.push(config, paths::INDEX_FILE.to_owned(), Kind::Index)?;
            plan.list_feed_pages(config)?;
            plan.push(config, paths::SITEMAP_FILE.to_owned(), Kind::Sitemap)?;
            plan.list_redirects(items, config, diagnostics)?;
        } else {
            warn_unused_aliases(items, &plan.published, diagnostics);
        }
        plan.files = copied_files(items, &plan.published);
        Ok(plan)
    }

    /// Lists a redirect page for every alias of every published item (after every other
    /// document, so none can take another's path): an alias on the path of another document
    /// or another alias is left out with a warning.
    fn list_redirects(
        &mut self,
        items: &[Item],
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), PlanError> {
        if self.published.iter().all(|&i| items[i].aliases.is_empty()) {
            // No redirects: the table of taken paths (every document's) is not needed.
            return Ok(());
        }
        let mut taken: BTreeMap<String, String> = self
            .documents
            .iter()
            .map(|d| (d.path.clone(), d.url.to_string()))
            .collect();
        for item in self.published.clone() {
            for (alias, written) in items[item].aliases.iter().enumerate() {
                let Ok(path) = paths::alias_file(written) else {
                    continue;
                };
                if let Some(holder) = taken.get(&path) {
                    diagnostics.push(Diagnostic::warning(
                        &items[item].path,
                        None,
                        format!(
                            "alias `{written}` is the address of {holder}: no redirect is left \
                             there"
                        ),
                    ));
                    continue;
                }
                self.push(config, path.clone(), Kind::Redirect { item, alias })?;
                taken.insert(path, format!("a redirect to {}", items[item].path));
            }
        }
        Ok(())
    }

    /// Lists the HTML page of every language and tag feed, in its feed's folder (the main
    /// feed's page is the index).
    fn list_feed_pages(&mut self, config: &Config) -> Result<(), PlanError> {
        for feed in 0..self.feeds.len() {
            if self.feeds[feed].kind == FeedKind::All {
                continue;
            }
            let path = paths::feed_page_file(&self.feeds[feed].dir);
            let url = self.push(config, path, Kind::FeedPage { feed })?;
            self.feed_pages.insert(feed, url);
        }
        Ok(())
    }

    /// Lists every feed's documents: per format, the subscription document, then its archives.
    /// Archives are written in Atom only, the format RFC 5005 defines them for: the same
    /// history in RSS and JSON Feed would triple the largest part of the output and tell a
    /// reader nothing more.
    fn list_feed_documents(&mut self, config: &Config) -> Result<(), PlanError> {
        let names = config.feed_names;
        for feed in 0..self.feeds.len() {
            let mut urls = FeedUrls {
                current: Vec::new(),
                archives: Vec::new(),
            };
            for format in FeedFormat::ALL {
                let path = paths::feed_file(&self.feeds[feed].dir, format, names);
                urls.current
                    .push(self.push(config, path, Kind::Feed { feed, format })?);
                if format != FeedFormat::Atom {
                    continue;
                }
                for archive in 0..self.feeds[feed].archives.len() {
                    let dir = &self.feeds[feed].archives[archive].dir;
                    let path = paths::feed_file(dir, format, names);
                    let kind = Kind::Archive {
                        feed,
                        archive,
                        format,
                    };
                    urls.archives.push(self.push(config, path, kind)?);
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
            url: UrlText::from(url.clone()),
            kind,
        });
        Ok(url)
    }

    /// The URL of a feed's subscription document in `format`.
    pub fn feed_url(&self, feed: usize, format: FeedFormat) -> &Url {
        &self.urls[feed].current[slot(format)]
    }

    /// The URL of archive `archive` (oldest first) of a feed (archives are Atom documents).
    pub fn archive_url(&self, feed: usize, archive: usize) -> &Url {
        &self.urls[feed].archives[archive]
    }

    /// The URL of a tag's feed in `format`, `None` when no feed has that tag (tag feeds off).
    pub fn tag_feed_url(&self, tag: &str, format: FeedFormat) -> Option<&Url> {
        let feed = *self.tag_feeds.get(&tag_slug(tag))?;
        Some(self.feed_url(feed, format))
    }

    /// The URL of a language or tag feed's HTML page, when pages are made.
    pub fn feed_page_url(&self, feed: usize) -> Option<&Url> {
        self.feed_pages.get(&feed)
    }

    /// The URL of a tag's HTML page, when pages are made and the tag has a feed.
    pub fn tag_page_url(&self, tag: &str) -> Option<&Url> {
        self.feed_page_url(*self.tag_feeds.get(&tag_slug(tag))?)
    }

    /// Where an item page links one of its tags: the tag's HTML page, else its Atom feed;
    /// `None` when no feed has that tag.
    pub fn tag_link(&self, tag: &str) -> Option<&Url> {
        let feed = *self.tag_feeds.get(&tag_slug(tag))?;
        self.feed_page_url(feed)
            .or_else(|| Some(self.feed_url(feed, FeedFormat::Atom)))
    }

    /// The language feed an item page in `lang` advertises beside the main feeds: the first
    /// language feed of that language.
    pub fn language_feed(&self, lang: &str) -> Option<usize> {
        self.feeds
            .iter()
            .position(|f| matches!(f.kind, FeedKind::Language(_)) && f.lang == lang)
    }

    /// The URL of the OPML list, when there is one.
    pub fn opml_url(&self) -> Option<&Url> {
        self.opml_url.as_ref()
    }

    /// The URL of the pages' stylesheet, when pages are made.
    pub fn stylesheet_url(&self) -> Option<&Url> {
        self.stylesheet_url.as_ref()
    }
}

/// The files of the published items (`published`, newest first), each once.
fn copied_files(items: &[Item], published: &[usize]) -> Vec<CopiedFile> {
    let mut seen = std::collections::BTreeSet::new();
    published
        .iter()
        .flat_map(|&i| &items[i].attachments)
        .filter(|a| seen.insert(a.path.clone()))
        .map(|a| CopiedFile {
            path: a.path.clone(),
            source: a.file.clone(),
        })
        .collect()
}

/// Warns about the `aliases` of published items when there are no pages to redirect to.
fn warn_unused_aliases(items: &[Item], published: &[usize], diagnostics: &mut Vec<Diagnostic>) {
    for &item in published {
        if !items[item].aliases.is_empty() {
            diagnostics.push(Diagnostic::warning(
                &items[item].path,
                None,
                "`aliases` are ignored: the site has no item pages to redirect to (`pages` is \
                 off or a `permalink` is set)",
            ));
        }
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

/// The page of each published item (`published`: indices into `items`, newest first), in that
/// order, made on every core: its path and URL (10,000 of each a run).
fn page_documents(
    items: &[Item],
    published: &[usize],
    config: &Config,
) -> Vec<Result<Document, PlanError>> {
    published
        .par_iter()
        .map(|&item| {
            let i = &items[item];
            let path = paths::page_file(&i.published.value, &i.stem);
            // With pages and no permalink pattern, the item's URL is its page's
            // (`paths::item_url`, from the same configuration, date and stem): cloned, not
            // made again.
            let url = match &i.url {
                Some(url) => url.clone(),
                None => paths::page_url(&config.base_url, &i.published.value, &i.stem)
                    .map(UrlText::from)
                    .ok_or_else(|| url_error(config, &path))?,
            };
            Ok(Document {
                path,
                url,
                kind: Kind::Page { item },
            })
        })
        .collect()
}

fn url_error(config: &Config, path: &str) -> PlanError {
    PlanError::Url {
        base: config.base_url.to_string(),
        path: path.to_owned(),
    }
}

// The tests live inline (not in `tests.rs`) so that the module graph, which ignores
// `#[cfg(test)] mod tests` blocks, sees only what the plan itself imports.
#[cfg(test)]
mod tests {
    //! The site plan: every document once, no two documents on one path, URLs from `base_url` and
    //! the path, the right kinds in the right order, and push sending each kind in its stage.

    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::collect::{self, Format};
    use crate::config::RawConfig;

    /// A configuration with `extra` appended (resolved inside `dir`), and the items of `files`
    /// (`(name, text)`), normalised.
    fn site(dir: &Path, extra: &str, files: &[(&str, &str)]) -> (Config, Vec<Item>) {
        let text = format!(
            "title = \"T\"\nbase_url = \"https://example.org/news\"\nauthor = \"A\"\n\
             id_authority = \"example.org\"\nid_date = \"2022\"\n{extra}"
        );
        std::fs::create_dir_all(dir.join("items")).unwrap();
        let config = RawConfig::parse(&text, "config.toml")
            .unwrap()
            .resolve(&dir.join("config.toml"), dir)
            .unwrap();
        let mut diagnostics = Vec::new();
        let sources: Vec<_> = files
            .iter()
            .map(|(name, body)| {
                let path = dir.join("items").join(name);
                collect::read_file(
                    &path,
                    format!("items/{name}"),
                    Format::Markdown,
                    body.as_bytes(),
                    &config.limits,
                    &mut diagnostics,
                )
                .unwrap()
            })
            .collect();
        let (items, diagnostics) = crate::normalise::normalise_all(&sources, &config);
        assert_eq!(items.len(), files.len(), "{diagnostics:#?}");
        (config, items)
    }

    const FILES: &[(&str, &str)] = &[
        (
            "2021-05-01-old.md",
            "+++\ntitle = \"Old\"\nlang = \"en\"\ntags = [\"Peace\"]\n+++\nText.\n",
        ),
        (
            "2022-01-08-new.md",
            "+++\ntitle = \"New\"\nlang = \"pt\"\ntags = [\"Peace\", \"Work\"]\n+++\nTexto.\n",
        ),
        (
            "2022-02-01-draft.md",
            "+++\ntitle = \"Draft\"\nlang = \"en\"\ndraft = true\n+++\nText.\n",
        ),
    ];

    fn plan_of(extra: &str) -> (Config, Vec<Item>, SitePlan) {
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = site(dir.path(), extra, FILES);
        let plan = SitePlan::new(&items, &config, &mut Vec::new()).unwrap();
        (config, items, plan)
    }

    #[test]
    fn every_document_has_its_own_path() {
        let (_, _, plan) = plan_of("");
        let paths: BTreeSet<&str> = plan.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths.len(),
            plan.documents.len(),
            "no two documents on one path"
        );
        let kinds: BTreeSet<String> = plan
            .documents
            .iter()
            .map(|d| format!("{:?}", d.kind))
            .collect();
        assert_eq!(kinds.len(), plan.documents.len(), "every document once");
    }

    #[test]
    fn the_default_site_is_listed_in_write_order() {
        // One item per subscription document: the main feed and the `peace` tag feed (two
        // items each) are not complete; only the main feed has archives, in Atom only.
        let (_, items, plan) = plan_of("limit = 1\n");
        let paths: Vec<&str> = plan.documents.iter().map(|d| d.path.as_str()).collect();
        let subscription = |dir: &str| {
            ["atom.xml", "rss.xml", "feed.json"]
                .iter()
                .map(|name| format!("{dir}{name}"))
                .collect::<Vec<_>>()
        };
        let mut expected = vec![
            "atom.xml".to_owned(),
            "archive/2021/atom.xml".to_owned(),
            "archive/2022/atom.xml".to_owned(),
            "rss.xml".to_owned(),
            "feed.json".to_owned(),
        ];
        for dir in ["en/", "pt/", "tags/peace/", "tags/work/"] {
            expected.extend(subscription(dir));
        }
        expected.push("feeds.opml".to_owned());
        expected.push("style.css".to_owned());
        expected.push("2022/2022-01-08-new/index.html".to_owned());
        expected.push("2021/2021-05-01-old/index.html".to_owned());
        expected.push("index.html".to_owned());
        for dir in ["en/", "pt/", "tags/peace/", "tags/work/"] {
            expected.push(format!("{dir}index.html"));
        }
        expected.push("sitemap.xml".to_owned());
        assert_eq!(paths, expected);

        // The draft has no page and is in no feed.
        let draft = items.iter().position(|i| i.draft).unwrap();
        assert!(!plan.published.contains(&draft));
        assert!(plan
            .documents
            .iter()
            .all(|d| d.kind != Kind::Page { item: draft }));
    }

    #[test]
    fn urls_are_base_url_and_path() {
        let (config, items, plan) = plan_of("");
        for doc in &plan.documents {
            let served = doc.path.strip_suffix("index.html").unwrap_or(&doc.path);
            assert_eq!(
                doc.url.as_str(),
                config.base_url.join(served).unwrap().as_str(),
                "{}",
                doc.path
            );
            assert!(doc.url.as_str().starts_with("https://example.org/news/"));
            if let Kind::Page { item } = doc.kind {
                assert_eq!(
                    Some(&doc.url),
                    items[item].url.as_ref(),
                    "entries link to it"
                );
            }
        }
        let atom = plan
            .documents
            .iter()
            .find(|d| d.path == "tags/work/atom.xml");
        assert_eq!(
            plan.tag_feed_url("work", FeedFormat::Atom).map(Url::as_str),
            atom.map(|d| d.url.as_str())
        );
        assert_eq!(
            plan.opml_url().map(Url::as_str),
            Some("https://example.org/news/feeds.opml")
        );
    }

    #[test]
    fn kinds_match_the_paths() {
        let (_, _, plan) = plan_of("limit = 1\nfeed_names = \"extensions\"\n");
        assert!(plan
            .documents
            .iter()
            .any(|d| matches!(d.kind, Kind::Archive { .. })));
        for doc in &plan.documents {
            let name = doc.path.rsplit('/').next().unwrap();
            match doc.kind {
                Kind::Feed { feed, format } => {
                    assert_eq!(doc.path, format!("{}{name}", plan.feeds[feed].dir));
                    assert_eq!(
                        name,
                        format.file_name_in(crate::types::feed::FeedNames::Extensions)
                    );
                    assert_eq!(doc.url.as_str(), plan.feed_url(feed, format).as_str());
                }
                Kind::Archive {
                    feed,
                    archive,
                    format,
                } => {
                    let dir = &plan.feeds[feed].archives[archive].dir;
                    assert_eq!(doc.path, format!("{dir}{name}"));
                    assert!(doc.path.contains("archive/"));
                    assert_eq!(format, FeedFormat::Atom, "archives are Atom documents");
                    assert_eq!(doc.url.as_str(), plan.archive_url(feed, archive).as_str());
                }
                Kind::Page { .. } | Kind::Redirect { .. } => assert_eq!(name, "index.html"),
                Kind::Index => assert_eq!(doc.path, "index.html"),
                Kind::Opml => assert_eq!(doc.path, "feeds.opml"),
                Kind::FeedPage { feed } => {
                    assert_eq!(doc.path, format!("{}index.html", plan.feeds[feed].dir));
                    assert_eq!(
                        Some(doc.url.as_str()),
                        plan.feed_page_url(feed).map(Url::as_str)
                    );
                }
                Kind::Sitemap => assert_eq!(doc.path, "sitemap.xml"),
                Kind::Stylesheet => {
                    assert_eq!(doc.path, "style.css");
                    assert_eq!(
                        Some(doc.url.as_str()),
                        plan.stylesheet_url().map(Url::as_str)
                    );
                }
            }
        }
    }

    #[test]
    fn a_feed_whose_items_all_fit_is_complete_and_has_no_archives() {
        let (_, _, plan) = plan_of("");
        assert!(plan
            .feeds
            .iter()
            .all(|f| f.complete && f.archives.is_empty()));
        assert!(plan.documents.iter().all(|d| !d.path.contains("archive/")));

        let (_, _, plan) = plan_of("limit = 1\n");
        let complete: Vec<(&str, bool, usize)> = plan
            .feeds
            .iter()
            .map(|f| (f.dir.as_str(), f.complete, f.archives.len()))
            .collect();
        assert_eq!(
            complete,
            [
                ("", false, 2),
                ("en/", true, 0),
                ("pt/", true, 0),
                ("tags/peace/", false, 0),
                ("tags/work/", true, 0)
            ]
        );
    }

    #[test]
    fn a_byte_budget_cuts_subscription_documents() {
        // Each item costs its content, summary and title: "Text." / "Texto." and a title.
        let (_, items, plan) = plan_of("limit_bytes = 1\n");
        assert!(
            plan.feeds.iter().all(|f| f.items.len() == 1),
            "at least one"
        );
        let main = &plan.feeds[0];
        assert!(!main.complete);
        assert_eq!(main.archives.len(), 2, "the rest is archived");
        let cost = |i: usize| {
            items[i].content_html.len() + items[i].summary.value.len() + items[i].title.value.len()
        };
        let both = cost(plan.published[0]) + cost(plan.published[1]);
        let (_, _, plan) = plan_of(&format!("limit_bytes = {both}\n"));
        assert_eq!(plan.feeds[0].items.len(), 2);
        assert!(plan.feeds[0].complete);
        let (_, _, plan) = plan_of(&format!("limit_bytes = {}\n", both - 1));
        assert_eq!(plan.feeds[0].items.len(), 1);
        let (_, _, plan) = plan_of("limit_bytes = 0\n");
        assert!(plan.feeds[0].complete, "no budget");
    }

    #[test]
    fn tag_feeds_hold_tag_limit_summaries() {
        use crate::config::EntryContent;
        let (_, items, plan) = plan_of("");
        let of = |plan: &SitePlan, dir: &str| {
            let feed = plan.feeds.iter().find(|f| f.dir == dir).unwrap();
            (feed.items.len(), feed.complete, feed.content)
        };
        assert_eq!(of(&plan, ""), (2, true, EntryContent::Full));
        assert_eq!(of(&plan, "en/"), (1, true, EntryContent::Full));
        assert_eq!(of(&plan, "tags/peace/"), (2, true, EntryContent::Summary));

        let (_, _, plan) = plan_of("[feeds]\ntag_limit = 1\n");
        assert_eq!(
            of(&plan, ""),
            (2, true, EntryContent::Full),
            "not the main feed"
        );
        assert_eq!(of(&plan, "tags/peace/"), (1, false, EntryContent::Summary));
        assert!(plan
            .feeds
            .iter()
            .all(|f| f.dir.is_empty() || f.archives.is_empty()));

        let (_, _, plan) = plan_of("limit = 1\n[feeds]\ntag_limit = 5\n");
        assert_eq!(
            of(&plan, "tags/peace/"),
            (1, false, EntryContent::Summary),
            "`limit` too"
        );

        let (_, _, plan) = plan_of("[feeds]\ntag_content = \"full\"\n");
        assert_eq!(of(&plan, "tags/peace/"), (2, true, EntryContent::Full));

        // A summary entry links to the item's page; without one it carries the text.
        let item = &items[plan.published[0]];
        assert!(item.url.is_some());
        assert!(!feeds::carries_content(item, EntryContent::Summary));
        assert!(feeds::carries_content(item, EntryContent::Full));
        let (_, items, _) = plan_of("[feeds]\npages = false\n");
        assert!(items[0].url.is_none());
        assert!(feeds::carries_content(&items[0], EntryContent::Summary));
    }

    #[test]
    fn switched_off_parts_have_no_documents() {
        let (_, _, plan) = plan_of(
            "[feeds]\nlanguages = false\ntags = false\narchives = \"off\"\npages = false\n\
             opml = false\n",
        );
        let paths: Vec<&str> = plan.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["atom.xml", "rss.xml", "feed.json"]);
        assert_eq!(plan.tag_feed_url("work", FeedFormat::Atom), None);
        assert_eq!(plan.opml_url(), None);

        // A permalink sends entries elsewhere: no pages, no index.
        let (_, _, plan) = plan_of("[feeds]\npermalink = \"https://example.org/{year}/{stem}/\"\n");
        assert!(plan.documents.iter().all(|d| !matches!(
            d.kind,
            Kind::Page { .. }
                | Kind::Index
                | Kind::FeedPage { .. }
                | Kind::Sitemap
                | Kind::Stylesheet
        )));
    }

    /// Stems of the main feed's items, with `extra` configuration and `files`.
    fn main_feed_of(extra: &str, files: &[(&str, &str)]) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = site(dir.path(), extra, files);
        let plan = SitePlan::new(&items, &config, &mut Vec::new()).unwrap();
        plan.feeds[0]
            .items
            .iter()
            .map(|&i| items[i].stem.clone())
            .collect()
    }

    #[test]
    fn the_original_is_not_a_translation_then_the_earliest_then_in_the_site_language() {
        let originals = "[feeds]\nmain_feed = \"originals\"\n";
        let md = |date: &str, extra: &str| format!("+++\ndate = {date}\n{extra}+++\nText.\n");
        // Same day, grouped by file name: the one in the configured language (`lang = "en"`
        // by default).
        let same_day = [
            ("2022-01-01-x.pt.md", md("2022-01-01", "")),
            ("2022-01-01-x.en.md", md("2022-01-01", "")),
        ];
        let files: Vec<(&str, &str)> = same_day.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(main_feed_of(originals, &files), ["2022-01-01-x.en"]);
        assert_eq!(
            main_feed_of("", &files),
            ["2022-01-01-x.en", "2022-01-01-x.pt"],
            "`all` keeps both"
        );
        // The earlier one, whatever its language.
        let earlier = [
            ("2022-01-01-x.pt.md", md("2022-01-01", "")),
            ("2022-01-01-x.en.md", md("2022-01-02", "")),
        ];
        let files: Vec<(&str, &str)> = earlier.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(main_feed_of(originals, &files), ["2022-01-01-x.pt"]);
        // `translation_of` marks a translation, even when it is dated first.
        let marked = [
            ("a.md", md("2022-01-02", "lang = \"pt\"\n")),
            (
                "b.md",
                md("2022-01-01", "lang = \"en\"\ntranslation_of = \"a\"\n"),
            ),
        ];
        let files: Vec<(&str, &str)> = marked.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(main_feed_of(originals, &files), ["a"]);
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = site(dir.path(), originals, &files);
        let plan = SitePlan::new(&items, &config, &mut Vec::new()).unwrap();
        let (a, b) = (0, 1);
        assert_eq!(items[b].stem, "b");
        assert!(plan.statements.is_original(a));
        assert_eq!(plan.statements.original_of(b), a);
        assert!(
            plan.statements.has_lang(&items, a, "en") && !plan.statements.has_lang(&items, a, "es")
        );
    }

    #[test]
    fn push_sends_each_kind_in_its_stage() {
        use crate::push::plan::{scan, Stage};
        let (_, _, plan) = plan_of("");
        let out = tempfile::tempdir().unwrap();
        for doc in &plan.documents {
            let path = out.path().join(&doc.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        let stages: BTreeMap<String, Stage> = scan(out.path())
            .unwrap()
            .into_iter()
            .map(|f| (f.path, f.stage))
            .collect();
        assert_eq!(stages.len(), plan.documents.len());
        for doc in &plan.documents {
            let expected = match doc.kind {
                Kind::Feed { .. } => Stage::Feeds,
                Kind::Index | Kind::Opml | Kind::FeedPage { .. } | Kind::Sitemap => Stage::Indexes,
                Kind::Archive { .. }
                | Kind::Page { .. }
                | Kind::Redirect { .. }
                | Kind::Stylesheet => Stage::Pages,
            };
            assert_eq!(stages[&doc.path], expected, "{}", doc.path);
        }
    }
}
