//! Render dispatch: one planned [`Document`] in, its bytes out. Builds what each renderer takes
//! (a [`FeedDoc`], the feed links, the page templates' values) from the [`SitePlan`] and hands
//! it to the pure renderer of its kind; writes nothing, and reads only the item bodies left in
//! the item cache (`cache::items::Bodies`), one entry or page at a time, so that a build holds
//! the bodies of the documents in flight, not every item's (templates are loaded by the caller,
//! [`load_templates`]).
//!
//! Feed documents are streamed ([`Renderer::stream`]) into the writers the caller gives (the
//! build's are `write::Streamed` files): head, entries a chunk at a time, end, so that a
//! document of hundreds of megabytes is never held whole; a feed's documents in its three
//! formats are streamed together ([`stream_group`]). Other documents are rendered in memory.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use super::BuildError;
use crate::cache::items::{Bodies, DamagedCache};
use crate::config::{Config, EntryContent};
use crate::model::Item;
use crate::normalise::dates;
use crate::plan::feeds::carries_content;
use crate::plan::{FeedKind, FeedPlan, Kind, SitePlan};
use crate::render::html::{FeedLinks, PageFacts, PageRenderer, Site, TagLink, Templates};
use crate::render::sitemap::{self, SitemapUrl};
use crate::render::{
    newest_update, opml, render_entry, EntryItem, FeedDoc, FeedFormat, FeedWriter, History,
    RenderError, Tombstone,
};

/// The fewest items one task of [`Renderer::render_chunk`] renders: fewer cost more to hand
/// out than to render. (On every core: a document holding every item, the main feed with a
/// large `limit`, would otherwise render its entries on one while the other waits.)
const ENTRIES_PER_TASK: usize = 64;

/// How many entries of a streamed feed document are rendered (on every core) before they are
/// written and dropped: about a megabyte per format, so that a build holds a chunk of a large
/// document, not the document. A smaller chunk starts the disk sooner, leaves less to write
/// once the last entries are rendered, and holds fewer fresh pages: a cold like-for-like build
/// at 10,000 items, 16 shuffled rounds, paired against 1,024 entries: 256 −31 ms (13 of 16
/// faster, peak 186 → 163 MiB), 512 −12 ms, 128 as 256 within the noise; the default feed set
/// cold unchanged (`benches/RESULTS.md`, 2026-12-07, morning). Four tasks of
/// [`ENTRIES_PER_TASK`] a chunk keep both cores busy.
const ENTRIES_PER_CHUNK: usize = 256;

/// Reads the user's templates, falling back to the built-in ones. A template that is a link
/// resolving outside `templates_dir` is refused, so a commit to the instance cannot publish
/// another file the user can read.
pub fn load_templates(config: &Config) -> Result<Templates, BuildError> {
    let mut templates = Templates::default();
    if let Some(dir) = &config.feeds.templates_dir {
        for (name, slot) in [
            ("item.html", &mut templates.item),
            ("index.html", &mut templates.index),
            ("list.html", &mut templates.list),
        ] {
            let path = dir.join(name);
            let unreadable = |source| BuildError::Template {
                path: config.display_path(&path),
                source,
            };
            let real = match path.canonicalize() {
                Ok(real) => real,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(unreadable(e)),
            };
            // The folder itself may be a link; what must not leave it is the template.
            let root = dir.canonicalize().map_err(unreadable)?;
            if !real.starts_with(&root) {
                return Err(BuildError::TemplateOutside {
                    path: config.display_path(&path),
                    target: config.display_path(&real),
                });
            }
            let source = std::fs::read_to_string(&real).map_err(unreadable)?;
            *slot = (config.display_path(&path), source);
        }
    }
    Ok(templates)
}

/// One item's entry in one format, once rendered (or why it could not be).
type Rendered = Arc<Result<Vec<u8>, EntryError>>;

/// A chunk of a streamed feed's items, and their entries rendered in each of its formats (by
/// item, then format).
type Chunk<'c> = (&'c [usize], Vec<Vec<Rendered>>);

/// Why an entry could not be rendered.
#[derive(Debug)]
enum EntryError {
    /// The renderer's message.
    Render(String),
    /// The item's body, left in the item cache, did not read back.
    Cache(DamagedCache),
}

/// One item's entry in one format: rendered by the first document that needs it, kept for the
/// others, and dropped once the last of them is rendered (`uses` counts down), so that a build
/// holds only the entries still to be spliced, not every item's in every format.
#[derive(Default)]
struct EntrySlot {
    rendered: Mutex<Option<Rendered>>,
    uses: AtomicUsize,
}

/// Everything rendering needs, computed once per build.
pub(super) struct Renderer<'a> {
    items: &'a [Item],
    /// The bodies of the items that were left in the item cache.
    bodies: &'a Bodies,
    config: &'a Config,
    plan: &'a SitePlan,
    main_links: Vec<FeedLinks>,
    lang_links: Vec<FeedLinks>,
    tag_links: Vec<FeedLinks>,
    pages: Option<(PageRenderer, Site)>,
    /// `updated` of an empty feed: the id minting date is as stable as it gets.
    fallback: DateTime<FixedOffset>,
    /// Each item's entry per format (in [`FeedFormat::ALL`] order), full text then summary
    /// only, rendered by the first document that needs it and spliced into every other: an
    /// item in the main feed, its language feed and three tag feeds is rendered at most twice
    /// per format, not five times.
    entries: Vec<[EntrySlot; 6]>,
}

impl<'a> Renderer<'a> {
    /// A renderer for the documents of `plan` of kinds `to_render` (each one rendered once).
    pub(super) fn new(
        items: &'a [Item],
        bodies: &'a Bodies,
        config: &'a Config,
        plan: &'a SitePlan,
        templates: &Templates,
        to_render: impl Iterator<Item = Kind>,
    ) -> Result<Self, BuildError> {
        let fallback = dates::midnight(
            chrono::NaiveDate::parse_from_str(&minting_day(&config.ids.date), "%Y-%m-%d")
                .unwrap_or_default(),
            chrono_tz::UTC,
        );
        let mut main_links = Vec::new();
        let mut lang_links = Vec::new();
        let mut tag_links = Vec::new();
        for (i, feed) in plan.feeds.iter().enumerate() {
            let url = |format| String::from(plan.feed_url(i, format).clone());
            let links = FeedLinks {
                title: feed.title.clone(),
                lang: feed.lang.clone(),
                atom: url(FeedFormat::Atom),
                rss: url(FeedFormat::Rss),
                json: url(FeedFormat::JsonFeed),
                page: plan.feed_page_url(i).map(|u| u.to_string()),
            };
            match feed.kind {
                FeedKind::All => main_links.push(links),
                FeedKind::Language(_) => lang_links.push(links),
                FeedKind::Tag { .. } => tag_links.push(links),
            }
        }
        let pages = if plan.pages {
            let site = Site {
                title: config.title.clone(),
                subtitle: config.subtitle.clone(),
                lang: config.lang.clone(),
                dir: crate::render::html::direction(&config.lang),
                home: config.base_url.to_string(),
                feeds_opml: plan.opml_url().map(|u| u.to_string()),
                stylesheet: plan.stylesheet_url().map(|u| u.to_string()),
                author: config.author.clone(),
            };
            Some((PageRenderer::new(templates)?, site))
        } else {
            None
        };
        let entries: Vec<[EntrySlot; 6]> = items.iter().map(|_| Default::default()).collect();
        for kind in to_render {
            if let Some((indices, format, content)) = entries_spliced(plan, kind) {
                for &i in indices {
                    let slot = entry_slot(&items[i], format, content);
                    entries[i][slot].uses.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        Ok(Renderer {
            items,
            bodies,
            config,
            plan,
            main_links,
            lang_links,
            tag_links,
            pages,
            fallback,
            entries,
        })
    }

    /// Item `i`'s entry in `format` as a feed whose entries carry `content` holds it, rendered
    /// on first use.
    fn entry(&self, i: usize, format: FeedFormat, content: EntryContent) -> Rendered {
        let full = carries_content(&self.items[i], content);
        let slot = &self.entries[i][entry_slot(&self.items[i], format, content)];
        let render = || {
            Arc::new(
                self.with_body(i, full, |item| {
                    let item = EntryItem::new(item);
                    if full {
                        self.render_siblings(i, &item, format);
                    }
                    render_entry(format, &item, full).map_err(|e| EntryError::Render(e.to_string()))
                })
                .unwrap_or_else(|e| Err(EntryError::Cache(e))),
            )
        };
        match slot.rendered.lock() {
            Ok(mut kept) => kept.get_or_insert_with(render).clone(),
            // A thread panicked while rendering this entry: render it again.
            Err(_) => render(),
        }
    }

    /// While item `i`'s full-text entry in `format` is rendered: its full-text entries in the
    /// other formats that documents still to render splice, and that no thread has rendered or
    /// is rendering, are rendered too, so that a body left in the item cache is read (and its
    /// hash checked) once per item rather than once per format, and the item's content is made
    /// XML-safe once for Atom and RSS (`EntryItem`). An entry a document no
    /// longer needs is not rendered (the use count is read under the slot's lock, as
    /// `done_with` drops an entry after counting down), nor one another thread holds.
    fn render_siblings(&self, i: usize, item: &EntryItem<'_>, format: FeedFormat) {
        for other in FeedFormat::ALL.into_iter().filter(|f| *f != format) {
            let slot = &self.entries[i][entry_slot(item.item(), other, EntryContent::Full)];
            let Ok(mut kept) = slot.rendered.try_lock() else {
                continue;
            };
            if kept.is_none() && slot.uses.load(Ordering::Acquire) > 0 {
                let rendered =
                    render_entry(other, item, true).map_err(|e| EntryError::Render(e.to_string()));
                *kept = Some(Arc::new(rendered));
            }
        }
    }

    /// Calls `f` with item `i`, its body read from the item cache when `needs_body` and it was
    /// left there (read for this call only: a build holds the bodies of the documents in
    /// flight, not every item's).
    fn with_body<T>(
        &self,
        i: usize,
        needs_body: bool,
        f: impl FnOnce(&Item) -> T,
    ) -> Result<T, DamagedCache> {
        let item = &self.items[i];
        match self.bodies.get(i).filter(|_| needs_body) {
            None => Ok(f(item)),
            Some(body) => Ok(f(&Item {
                content_html: body.read()?,
                ..item.clone()
            })),
        }
    }

    /// One document that spliced the entries of `indices` in `format` is done with them: an
    /// entry no document still to render needs is dropped.
    fn done_with(&self, indices: &[usize], format: FeedFormat, content: EntryContent) {
        for &i in indices {
            let slot = &self.entries[i][entry_slot(&self.items[i], format, content)];
            let left = slot
                .uses
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
            if left == Ok(1) {
                if let Ok(mut kept) = slot.rendered.lock() {
                    *kept = None;
                }
            }
        }
    }

    /// The bytes of one document of the plan, in memory (a feed document too: the build
    /// streams those instead, [`Renderer::stream`]).
    pub(super) fn render(&self, kind: Kind) -> Result<Vec<u8>, BuildError> {
        match kind {
            Kind::Feed { .. } | Kind::Archive { .. } => {
                let mut bytes = Vec::new();
                self.stream(&mut [(kind, &mut bytes)])?;
                Ok(bytes)
            }
            Kind::Opml => self.render_opml(),
            Kind::Page { item } => self.render_page(item),
            Kind::Redirect { item, .. } => Ok(self.render_redirect(&self.items[item])),
            Kind::Index => self.render_index(),
            Kind::FeedPage { feed } => self.render_feed_page(feed),
            Kind::Sitemap => self.render_sitemap(),
            Kind::Stylesheet => Ok(crate::render::html::STYLESHEET.as_bytes().to_vec()),
        }
    }

    fn items_of(&self, indices: &[usize]) -> Vec<&'a Item> {
        indices.iter().map(|&i| &self.items[i]).collect()
    }

    /// Streams the feed documents `docs` (of one [`stream_group`]: the same entries in each
    /// one's format), each into its writer: the heads, then the entries a chunk at a time
    /// (each chunk rendered in every format of the group, so that an item's body is read once
    /// for all of them, and dropped once written), then the ends. A document holding every item
    /// is never held whole.
    ///
    /// A chunk is written while the next one renders (`rayon::join`): writing is one thread's
    /// work (the documents' order), and without the overlap the other cores would wait for it
    /// between chunks. So a build holds two chunks of entries at most.
    pub(super) fn stream(
        &self,
        docs: &mut [(Kind, &mut (dyn Write + Send))],
    ) -> Result<(), BuildError> {
        self.stream_in_chunks(docs, ENTRIES_PER_CHUNK)
    }

    /// [`Renderer::stream`], `per_chunk` entries at a time.
    fn stream_in_chunks(
        &self,
        docs: &mut [(Kind, &mut (dyn Write + Send))],
        per_chunk: usize,
    ) -> Result<(), BuildError> {
        let Some(&(first, _)) = docs.first() else {
            return Ok(());
        };
        let (indices, _, content) = entries_spliced(self.plan, first).ok_or_else(not_a_feed)?;
        let mut writers = Vec::with_capacity(docs.len());
        for (kind, out) in docs.iter_mut() {
            if stream_group(*kind) != stream_group(first) {
                return Err(not_a_feed());
            }
            let format = format_of(*kind).ok_or_else(not_a_feed)?;
            let writer = self.with_head(*kind, |doc| FeedWriter::start(format, doc, &mut **out))?;
            writers.push((format, writer?));
        }
        let formats: Vec<FeedFormat> = writers.iter().map(|(format, _)| *format).collect();
        let mut rendered: Option<Chunk<'_>> = None;
        for chunk in indices.chunks(per_chunk.max(1)) {
            let last = rendered.take();
            let (written, next) = rayon::join(
                || self.write_chunk(&mut writers, last, content),
                || self.render_chunk(chunk, &formats, content),
            );
            written?;
            rendered = Some((chunk, next));
        }
        self.write_chunk(&mut writers, rendered, content)?;
        for (_, writer) in writers {
            writer.finish()?;
        }
        Ok(())
    }

    /// The entries of `chunk` in each of `formats` (by item, then format), on every core.
    fn render_chunk(
        &self,
        chunk: &[usize],
        formats: &[FeedFormat],
        content: EntryContent,
    ) -> Vec<Vec<Rendered>> {
        // One parallel loop for every format: an item's full-text entries in the other formats
        // are rendered with its first (`render_siblings`), on the same thread.
        chunk
            .par_iter()
            .with_min_len(ENTRIES_PER_TASK)
            .map(|&i| {
                formats
                    .iter()
                    .map(|&format| self.entry(i, format, content))
                    .collect()
            })
            .collect()
    }

    /// Writes a rendered chunk (none: nothing to write) into each format's document, in the
    /// documents' order, and drops the entries no document still needs.
    fn write_chunk<W: Write>(
        &self,
        writers: &mut [(FeedFormat, FeedWriter<W>)],
        rendered: Option<Chunk<'_>>,
        content: EntryContent,
    ) -> Result<(), BuildError> {
        let Some((chunk, rendered)) = rendered else {
            return Ok(());
        };
        for (f, (format, writer)) in writers.iter_mut().enumerate() {
            let column: Vec<&Rendered> = rendered.iter().filter_map(|r| r.get(f)).collect();
            writer.entries(&as_slices(column)?)?;
            self.done_with(chunk, *format, content);
        }
        Ok(())
    }

    /// Calls `f` with the head of the feed document `kind` (a feed's subscription document or
    /// an archive): everything but its entries, decided from its items.
    fn with_head<T>(&self, kind: Kind, f: impl FnOnce(&FeedDoc<'_>) -> T) -> Result<T, BuildError> {
        let (config, plan) = (self.config, self.plan);
        match kind {
            Kind::Feed { feed: i, format } => {
                let feed: &FeedPlan = &plan.feeds[i];
                let items = self.items_of(&feed.items);
                // Archives are Atom documents: only the Atom subscription document links to
                // them.
                let newest_archive = feed
                    .archives
                    .len()
                    .checked_sub(1)
                    .filter(|_| format == FeedFormat::Atom)
                    .map(|a| plan.archive_url(i, a).clone());
                let deleted = self.tombstones(&feed.withdrawn, format);
                let updated = deleted
                    .iter()
                    .map(|t| t.when)
                    .fold(newest_update(&items, self.fallback), DateTime::max);
                Ok(f(&FeedDoc {
                    title: &feed.title,
                    subtitle: feed.subtitle.as_deref(),
                    lang: &feed.lang,
                    id: &feed.id,
                    home_url: &config.base_url,
                    self_url: plan.feed_url(i, format).clone(),
                    author: &config.author,
                    updated,
                    entries: items.len(),
                    images: items.iter().any(|item| item.image().is_some()),
                    history: History {
                        prev_archive: newest_archive,
                        complete: feed.complete,
                        ..History::default()
                    },
                    hubs: &config.hubs,
                    deleted: &deleted,
                }))
            }
            Kind::Archive {
                feed: i,
                archive: a,
                format,
            } => {
                let feed = &plan.feeds[i];
                let archive = &feed.archives[a];
                let items = self.items_of(&archive.items);
                let title = format!("{} ({})", feed.title, archive.period);
                let url = |a: usize| plan.archive_url(i, a).clone();
                Ok(f(&FeedDoc {
                    title: &title,
                    subtitle: feed.subtitle.as_deref(),
                    lang: &archive.lang,
                    id: &archive.id,
                    home_url: &config.base_url,
                    self_url: url(a),
                    author: &config.author,
                    updated: newest_update(&items, self.fallback),
                    entries: items.len(),
                    images: items.iter().any(|item| item.image().is_some()),
                    // Hubs announce changes; archives do not change, so they name none.
                    hubs: &[],
                    history: History {
                        archive: true,
                        complete: false,
                        current: Some(plan.feed_url(i, format).clone()),
                        prev_archive: a.checked_sub(1).map(url),
                        next_archive: (a + 1 < feed.archives.len()).then(|| url(a + 1)),
                    },
                    deleted: &[],
                }))
            }
            _ => Err(not_a_feed()),
        }
    }

    /// The tombstones of the withdrawn items `indices` (Atom only: the other formats have none).
    fn tombstones(&self, indices: &[usize], format: FeedFormat) -> Vec<Tombstone<'a>> {
        if format != FeedFormat::Atom {
            return Vec::new();
        }
        indices
            .iter()
            .filter_map(|&i| {
                let item = &self.items[i];
                let withdrawn = item.withdrawn.as_ref()?;
                Some(Tombstone {
                    id: &item.id.value,
                    when: withdrawn.date,
                    comment: &withdrawn.reason,
                    url: item.url.as_ref(),
                })
            })
            .collect()
    }

    fn render_opml(&self) -> Result<Vec<u8>, BuildError> {
        let groups = [
            opml::Group {
                title: None,
                feeds: &self.main_links,
            },
            opml::Group {
                title: Some("Languages"),
                feeds: &self.lang_links,
            },
            opml::Group {
                title: Some("Tags"),
                feeds: &self.tag_links,
            },
        ];
        let config = self.config;
        Ok(opml::render(
            &config.title,
            config.base_url.as_str(),
            &groups,
        )?)
    }

    fn pages(&self) -> Result<&(PageRenderer, Site), BuildError> {
        self.pages.as_ref().ok_or_else(|| {
            BuildError::Render(RenderError::Writer {
                format: "HTML",
                message: "pages are switched off".to_owned(),
            })
        })
    }

    /// A redirect to an item's page from one of its old addresses (all of an item's redirect
    /// pages are the same bytes).
    fn render_redirect(&self, item: &Item) -> Vec<u8> {
        match &item.url {
            Some(url) => crate::render::html::redirect(url, &item.title.value, &item.lang.value),
            // Redirects are planned only where the item has a page.
            None => Vec::new(),
        }
    }

    fn render_page(&self, i: usize) -> Result<Vec<u8>, BuildError> {
        let item = &self.items[i];
        let (pages, site) = self.pages()?;
        let mut advertised = self.main_links.clone();
        advertised.extend(
            self.lang_links
                .iter()
                .find(|l| l.lang == item.lang.value)
                .cloned(),
        );
        let tags = if self.config.feeds.tags {
            item.tags
                .value
                .iter()
                .filter_map(|t| {
                    // What `cache::documents` hashes for the page: keep the two alike.
                    let url = self.plan.tag_link(t)?;
                    Some(TagLink {
                        name: t.clone(),
                        url: url.to_string(),
                    })
                })
                .collect()
        } else {
            vec![]
        };
        let original = self.plan.statements.original_of(i);
        let facts = PageFacts {
            organisations: item
                .authors
                .value
                .iter()
                .map(|a| is_organisation(a, &self.config.author))
                .collect(),
            original: (original != i)
                .then(|| {
                    let id = &self.items[original].id.value;
                    item.translations.iter().find(|t| &t.id == id)
                })
                .flatten(),
        };
        let page = self.with_body(i, true, |item| {
            pages.item(site, item, tags, &advertised, &facts)
        });
        Ok(page.map_err(damaged_cache)??)
    }

    /// The page of a language or tag feed: every statement of the feed, newest first.
    fn render_feed_page(&self, feed: usize) -> Result<Vec<u8>, BuildError> {
        let (pages, site) = self.pages()?;
        let plan = &self.plan.feeds[feed];
        let links = self
            .lang_links
            .iter()
            .chain(&self.tag_links)
            .find(|l| l.page.as_deref() == self.plan.feed_page_url(feed).map(|u| u.as_str()))
            .ok_or_else(|| {
                BuildError::Render(RenderError::Writer {
                    format: "HTML",
                    message: format!("no page planned for the feed in `{}`", plan.dir),
                })
            })?;
        let items = self.items_of(&plan.members);
        Ok(pages.list(site, links, &items, &plan.lang)?)
    }

    /// `sitemap.xml`: the index, every item page (translations as alternates) and every
    /// language and tag page, each with its newest change.
    fn render_sitemap(&self) -> Result<Vec<u8>, BuildError> {
        let plan = self.plan;
        let newest = |indices: &[usize]| {
            let items = self.items_of(indices);
            (!items.is_empty()).then(|| newest_update(&items, self.fallback))
        };
        let home = self.config.base_url.as_str();
        let mut urls = vec![SitemapUrl {
            loc: home,
            lastmod: newest(&plan.published),
            alternates: Vec::new(),
        }];
        for &i in &plan.published {
            let item = &self.items[i];
            let Some(url) = &item.url else { continue };
            let mut alternates: Vec<(&str, &str)> = item
                .translations
                .iter()
                .filter_map(|t| Some((t.lang.as_str(), t.url.as_ref()?.as_str())))
                .collect();
            if !alternates.is_empty() {
                alternates.push((item.lang.value.as_str(), url.as_str()));
                alternates.sort();
            }
            urls.push(SitemapUrl {
                loc: url.as_str(),
                lastmod: Some(item.updated.value.max(item.published.value)),
                alternates,
            });
        }
        for (feed, plan_feed) in plan.feeds.iter().enumerate() {
            if let Some(url) = plan.feed_page_url(feed) {
                urls.push(SitemapUrl {
                    loc: url.as_str(),
                    lastmod: newest(&plan_feed.members),
                    alternates: Vec::new(),
                });
            }
        }
        Ok(sitemap::render(&urls)?)
    }

    fn render_index(&self) -> Result<Vec<u8>, BuildError> {
        let (pages, site) = self.pages()?;
        let mut discovery = self.main_links.clone();
        discovery.extend(self.lang_links.iter().cloned());
        let mut all = discovery.clone();
        all.extend(self.tag_links.iter().cloned());
        let published = self.items_of(&self.plan.published);
        Ok(pages.index(site, &published, &discovery, &all)?)
    }
}

/// The entries a document of `kind` splices, and in which format: a feed's or an archive's
/// items; no other document holds entries.
fn entries_spliced(plan: &SitePlan, kind: Kind) -> Option<(&[usize], FeedFormat, EntryContent)> {
    match kind {
        Kind::Feed { feed, format } => {
            let feed = &plan.feeds[feed];
            Some((&feed.items, format, feed.content))
        }
        Kind::Archive {
            feed,
            archive,
            format,
        } => {
            let feed = &plan.feeds[feed];
            Some((&feed.archives[archive].items, format, feed.content))
        }
        _ => None,
    }
}

/// Feed documents that splice the same entries (a feed's subscription documents, one per
/// format; an archive): the build streams a group's documents together ([`Renderer::stream`]),
/// so that each item's body is read once for all of them. `None` for a document that holds no
/// entries (rendered in memory, [`Renderer::render`]).
pub(super) fn stream_group(kind: Kind) -> Option<(usize, Option<usize>)> {
    match kind {
        Kind::Feed { feed, .. } => Some((feed, None)),
        Kind::Archive { feed, archive, .. } => Some((feed, Some(archive))),
        _ => None,
    }
}

/// Roughly how much work rendering a document of `kind` is, to start the heaviest first: its
/// entries (a full entry costs a few list rows), or the rows of a page that lists statements;
/// one for any other page.
pub(super) fn weight(plan: &SitePlan, kind: Kind) -> usize {
    /// What rendering one entry costs, in rows of a list page.
    const ENTRY: usize = 4;
    match kind {
        Kind::Feed { .. } | Kind::Archive { .. } => {
            entries_spliced(plan, kind).map_or(1, |(indices, ..)| ENTRY * indices.len())
        }
        Kind::Index | Kind::Sitemap => plan.published.len(),
        Kind::FeedPage { feed } => plan.feeds[feed].members.len(),
        _ => 1,
    }
}

/// The format of a feed document.
fn format_of(kind: Kind) -> Option<FeedFormat> {
    match kind {
        Kind::Feed { format, .. } | Kind::Archive { format, .. } => Some(format),
        _ => None,
    }
}

fn not_a_feed() -> BuildError {
    BuildError::Render(RenderError::Writer {
        format: "feed",
        message: "not the documents of one feed".to_owned(),
    })
}

/// Where `item`'s entry in `format`, in a feed carrying `content`, is kept among its six: the
/// formats in [`FeedFormat::ALL`] order, full text then summary only.
fn entry_slot(item: &Item, format: FeedFormat, content: EntryContent) -> usize {
    let full = carries_content(item, content);
    FeedFormat::ALL
        .iter()
        .position(|f| *f == format)
        .unwrap_or_default()
        + if full { 0 } else { FeedFormat::ALL.len() }
}

/// The entries' bytes, or the first one's error.
fn as_slices(rendered: Vec<&Rendered>) -> Result<Vec<&[u8]>, BuildError> {
    rendered
        .into_iter()
        .map(|r| {
            r.as_deref().map_err(|e| match e {
                EntryError::Render(message) => BuildError::Render(RenderError::Writer {
                    format: "entry",
                    message: message.clone(),
                }),
                EntryError::Cache(e) => damaged_cache(e.clone()),
            })
        })
        .collect()
}

fn damaged_cache(e: DamagedCache) -> BuildError {
    BuildError::DamagedCache {
        path: e.path.display().to_string(),
        message: e.to_string(),
    }
}

/// Whether a signatory is an organisation (schema.org `Organization`) or a person: the
/// configured publisher, a name with a word that names a body (the signature rules' own list:
/// `committee`, `comité`, `Gewerkschaft`, `لجنة` …) or a name in capitals (an acronym such as
/// `CGT`) is an organisation; any other name is a person's.
fn is_organisation(name: &str, publisher: &str) -> bool {
    name == publisher
        || crate::normalise::signatory_words::names_organisation(name)
        || (name.chars().any(char::is_alphabetic)
            && !name.chars().any(char::is_lowercase)
            && !name.contains(' '))
}

fn minting_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An instance of a few items in `root` (two of them tagged), loaded.
    fn small_instance(root: &std::path::Path, count: usize) -> crate::instance::Instance {
        crate::instance::write_minimal_instance(
            root,
            (0..count).map(|n| {
                let name = format!("2022-01-{:02}-item-{n}.md", n % 28 + 1);
                let tag = ["x", "y"][n % 2];
                let text = format!(
                    "+++\ntitle = \"{name}\"\nlang = \"en\"\ntags = [\"{tag}\"]\n+++\nText of {n}, <b>bold</b> & more.\n"
                );
                (name, text)
            }),
        );
        crate::instance::Instance::load(&root.join("config.toml")).unwrap()
    }

    /// A streamed feed group is the same bytes however many entries a chunk holds: writing a
    /// chunk while the next one renders changes nothing in what is written, or in which order.
    #[test]
    fn streamed_feeds_do_not_depend_on_the_chunk_size() {
        let dir = tempfile::tempdir().unwrap();
        let instance = small_instance(dir.path(), 7);
        let plan = &instance.plan;
        let templates = Templates::default();
        let mut groups: Vec<Vec<Kind>> = Vec::new();
        for kind in plan.documents.iter().map(|d| d.kind) {
            let Some(group) = stream_group(kind) else {
                continue;
            };
            match groups
                .iter_mut()
                .find(|g| stream_group(g[0]) == Some(group))
            {
                Some(g) => g.push(kind),
                None => groups.push(vec![kind]),
            }
        }
        assert!(
            groups.len() > 2,
            "main feed, language, tags: {}",
            groups.len()
        );
        let streamed = |per_chunk: usize| -> Vec<Vec<u8>> {
            let renderer = renderer_of(&instance, &templates);
            let mut all = Vec::new();
            for group in &groups {
                let mut bytes: Vec<Vec<u8>> = vec![Vec::new(); group.len()];
                let mut outs: Vec<(Kind, &mut (dyn Write + Send))> = group
                    .iter()
                    .zip(&mut bytes)
                    .map(|(&k, b)| {
                        let out: &mut (dyn Write + Send) = b;
                        (k, out)
                    })
                    .collect();
                renderer.stream_in_chunks(&mut outs, per_chunk).unwrap();
                drop(outs);
                all.extend(bytes);
            }
            all
        };
        let whole = streamed(ENTRIES_PER_CHUNK);
        assert!(whole.iter().all(|d| !d.is_empty()));
        for per_chunk in [1, 2, 3, 6, 7] {
            assert!(streamed(per_chunk) == whole, "{per_chunk} entries a chunk");
        }
    }

    /// A renderer for every document of `instance`'s plan.
    fn renderer_of<'a>(
        instance: &'a crate::instance::Instance,
        templates: &Templates,
    ) -> Renderer<'a> {
        let kinds = instance.plan.documents.iter().map(|d| d.kind);
        Renderer::new(
            &instance.items,
            &instance.bodies,
            &instance.config,
            &instance.plan,
            templates,
            kinds,
        )
        .unwrap()
    }

    /// Every document of `instance`, rendered in plan order.
    fn every_document(instance: &crate::instance::Instance) -> Vec<Vec<u8>> {
        let plan = &instance.plan;
        let kinds = || plan.documents.iter().map(|d| d.kind);
        let templates = Templates::default();
        let renderer = renderer_of(instance, &templates);
        kinds().map(|k| renderer.render(k).unwrap()).collect()
    }

    /// A cold run keeps the bodies it normalised in memory up to a byte budget and leaves the
    /// rest in the item cache: an item rendered from a body kept and one rendered from a body
    /// read back from its segment make the same documents, whatever the budget.
    #[test]
    fn bodies_kept_in_memory_and_left_in_the_cache_render_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        crate::instance::write_minimal_instance(
            root,
            (0..6).map(|n| {
                let name = format!("2022-01-{:02}-item-{n}.md", n + 1);
                let text = format!(
                    "+++\ntitle = \"{name}\"\nlang = \"en\"\ntags = [\"x\"]\n+++\nText of {n}, <b>bold</b> & more.\n"
                );
                (name, text)
            }),
        );
        let config = || Config::load(&root.join("config.toml")).unwrap();
        let (all_kept, _all_kept_update) =
            crate::instance::Instance::with_bodies_kept(config(), usize::MAX);
        assert!(all_kept.bodies.is_empty(), "every item keeps its body");
        let body = all_kept.items[0].content_html.len();
        assert!(body > 0);
        let expected = every_document(&all_kept);
        let (some_kept, _some_kept_update) =
            crate::instance::Instance::with_bodies_kept(config(), 2 * body + 1);
        let left = (0..some_kept.items.len())
            .filter(|&i| some_kept.bodies.get(i).is_some())
            .count();
        assert!(
            (1..some_kept.items.len()).contains(&left),
            "some bodies kept, some left: {left}"
        );
        assert!(every_document(&some_kept) == expected, "some bodies kept");
        let (none_kept, _none_kept_update) =
            crate::instance::Instance::with_bodies_kept(config(), 0);
        assert!((0..none_kept.items.len()).all(|i| none_kept.bodies.get(i).is_some()));
        assert!(
            every_document(&none_kept) == expected,
            "every body left in the cache"
        );
    }

    /// Every entry a build renders is dropped once the documents that splice it are rendered:
    /// the build holds only entries still to be spliced.
    #[test]
    fn entries_are_dropped_after_their_last_document() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        crate::instance::write_minimal_instance(
            root,
            [("2022-01-08-a.md", "x"), ("2023-02-01-b.md", "y")].map(|(name, tag)| {
                let text = format!(
                    "+++\ntitle = \"{name}\"\nlang = \"en\"\ntags = [\"{tag}\"]\n+++\nText.\n"
                );
                (name.to_owned(), text)
            }),
        );
        let instance = crate::instance::Instance::load(&root.join("config.toml")).unwrap();
        let plan = &instance.plan;
        let templates = Templates::default();
        let kinds = || plan.documents.iter().map(|d| d.kind);
        let renderer = renderer_of(&instance, &templates);
        let spliced: usize = kinds()
            .filter_map(|k| entries_spliced(plan, k))
            .map(|(items, ..)| items.len())
            .sum();
        assert!(spliced > 4, "feeds hold the items: {spliced}");
        for kind in kinds() {
            renderer.render(kind).unwrap();
        }
        for slots in &renderer.entries {
            for slot in slots {
                assert_eq!(slot.uses.load(Ordering::Relaxed), 0);
                assert!(slot.rendered.lock().unwrap().is_none());
            }
        }
    }
}
