//! Stage 2, **publish**: plan the feed set, render every document (feeds in three formats,
//! archives, item pages, the index, the OPML list) in memory, then write what changed.

use rayon::prelude::*;
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
    #[error("cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read the template: {source}")]
    Template {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "is a link to {target}, outside the templates folder: not read (links \
         must point inside the templates folder)"
    )]
    TemplateOutside { path: String, target: String },
    #[error("{0}")]
    Render(#[from] RenderError),
    #[error("cannot make a URL from base_url `{base}` and `{path}`")]
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

/// Reads the user's templates, falling back to the built-in ones. A template that is a link
/// resolving outside `templates_dir` is refused, so a commit to the instance cannot publish
/// another file the user can read.
pub fn load_templates(config: &Config) -> Result<Templates, PublishError> {
    let mut templates = Templates::default();
    if let Some(dir) = &config.feeds.templates_dir {
        for (name, slot) in [
            ("item.html", &mut templates.item),
            ("index.html", &mut templates.index),
        ] {
            let path = dir.join(name);
            let unreadable = |source| PublishError::Template {
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
                return Err(PublishError::TemplateOutside {
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

/// One document to render.
enum Job<'p, 'i> {
    /// A feed's subscription document (`archive: None`) or one of its archives.
    Feed {
        feed: &'p FeedPlan<'i>,
        format: FeedFormat,
        archive: Option<usize>,
    },
    Page(&'i Item),
    Index,
    Opml,
}

/// Everything rendering needs, computed once.
struct Context<'c, 'i> {
    config: &'c Config,
    feeds: Vec<FeedPlan<'i>>,
    /// Newest first, drafts excluded.
    published: Vec<&'i Item>,
    main_links: Vec<FeedLinks>,
    lang_links: Vec<FeedLinks>,
    tag_links: Vec<FeedLinks>,
    pages: Option<(PageRenderer, Site)>,
    /// `updated` of an empty feed: the id minting date is as stable as it gets.
    fallback: chrono::DateTime<chrono::FixedOffset>,
}

impl<'c, 'i> Context<'c, 'i> {
    fn new(
        items: &'i [Item],
        config: &'c Config,
        templates: &Templates,
    ) -> Result<Self, PublishError> {
        let fallback = dates::midnight(
            chrono::NaiveDate::parse_from_str(&minting_day(&config.ids.date), "%Y-%m-%d")
                .unwrap_or_default(),
            chrono_tz::UTC,
        );
        let feeds = plan::plan(items, config, &mut Vec::new());
        let mut main_links = Vec::new();
        let mut lang_links = Vec::new();
        let mut tag_links = Vec::new();
        let [atom_name, rss_name, json_name] =
            FeedFormat::ALL.map(|f| f.file_name_in(config.feed_names));
        for feed in &feeds {
            let links = FeedLinks {
                title: feed.title.clone(),
                lang: feed.lang.clone(),
                atom: url(config, &format!("{}{}", feed.dir, atom_name))?.into(),
                rss: url(config, &format!("{}{}", feed.dir, rss_name))?.into(),
                json: url(config, &format!("{}{}", feed.dir, json_name))?.into(),
            };
            match feed.kind {
                FeedKind::All => main_links.push(links),
                FeedKind::Language(_) => lang_links.push(links),
                FeedKind::Tag { .. } => tag_links.push(links),
            }
        }
        let pages = if config.feeds.pages && config.feeds.permalink.is_none() {
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
            Some((PageRenderer::new(templates)?, site))
        } else {
            None
        };
        let mut published: Vec<&Item> = items.iter().filter(|i| !i.draft).collect();
        plan::newest_first(&mut published);
        Ok(Context {
            config,
            feeds,
            published,
            main_links,
            lang_links,
            tag_links,
            pages,
            fallback,
        })
    }

    /// Every document of the instance, in a fixed order.
    fn jobs(&self) -> Vec<Job<'_, 'i>> {
        let mut jobs = Vec::new();
        for feed in &self.feeds {
            for format in FeedFormat::ALL {
                jobs.push(Job::Feed {
                    feed,
                    format,
                    archive: None,
                });
                for i in 0..feed.archives.len() {
                    jobs.push(Job::Feed {
                        feed,
                        format,
                        archive: Some(i),
                    });
                }
            }
        }
        if self.config.feeds.opml {
            jobs.push(Job::Opml);
        }
        if self.pages.is_some() {
            jobs.extend(self.published.iter().map(|i| Job::Page(i)));
            jobs.push(Job::Index);
        }
        jobs
    }

    fn render(&self, job: &Job<'_, 'i>) -> Result<Document, PublishError> {
        let config = self.config;
        match job {
            Job::Feed {
                feed,
                format,
                archive,
            } => self.render_feed(feed, *format, *archive),
            Job::Opml => {
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
                Ok((
                    "feeds.opml".to_owned(),
                    opml::render(&config.title, config.base_url.as_str(), &groups)?,
                ))
            }
            Job::Page(item) => {
                let Some((pages, site)) = &self.pages else {
                    return Err(PublishError::Render(RenderError::Writer {
                        format: "HTML",
                        message: "pages are switched off".to_owned(),
                    }));
                };
                let mut advertised = self.main_links.clone();
                advertised.extend(
                    self.lang_links
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
                                url: url(
                                    config,
                                    &format!(
                                        "tags/{}/{}",
                                        plan::tag_slug(t),
                                        FeedFormat::Atom.file_name_in(config.feed_names)
                                    ),
                                )?
                                .into(),
                            })
                        })
                        .collect::<Result<Vec<_>, PublishError>>()?
                } else {
                    vec![]
                };
                let dir = links::page_dir(&item.published.value, &item.stem);
                Ok((
                    format!("{dir}index.html"),
                    pages.item(site, item, tags, &advertised)?,
                ))
            }
            Job::Index => {
                let Some((pages, site)) = &self.pages else {
                    return Err(PublishError::Render(RenderError::Writer {
                        format: "HTML",
                        message: "pages are switched off".to_owned(),
                    }));
                };
                let mut discovery = self.main_links.clone();
                discovery.extend(self.lang_links.iter().cloned());
                let mut all = discovery.clone();
                all.extend(self.tag_links.iter().cloned());
                Ok((
                    "index.html".to_owned(),
                    pages.index(site, &self.published, &discovery, &all)?,
                ))
            }
        }
    }

    /// A subscription document (`archive: None`) or archive `i` of a feed.
    fn render_feed(
        &self,
        feed: &FeedPlan<'_>,
        format: FeedFormat,
        archive: Option<usize>,
    ) -> Result<Document, PublishError> {
        let config = self.config;
        let name = format.file_name_in(config.feed_names);
        let current_path = format!("{}{name}", feed.dir);
        let current = url(config, &current_path)?;
        let archive_url = |i: usize| url(config, &format!("{}{name}", feed.archives[i].dir));
        let Some(i) = archive else {
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
                self_url: current,
                author: &config.author,
                updated: newest_update(&feed.items, self.fallback),
                items: &feed.items,
                history: History {
                    prev_archive: newest_archive,
                    ..History::default()
                },
                hubs: &config.hubs,
            };
            return Ok((current_path, format.render(&doc)?));
        };
        let archive = &feed.archives[i];
        let title = format!("{} ({})", feed.title, archive.period);
        let doc = FeedDoc {
            title: &title,
            subtitle: feed.subtitle.as_deref(),
            lang: &archive.lang,
            id: &archive.id,
            home_url: &config.base_url,
            self_url: archive_url(i)?,
            author: &config.author,
            updated: newest_update(&archive.items, self.fallback),
            items: &archive.items,
            // Hubs announce changes; archives do not change, so they name none.
            hubs: &[],
            history: History {
                archive: true,
                current: Some(current),
                prev_archive: i.checked_sub(1).map(archive_url).transpose()?,
                next_archive: (i + 1 < feed.archives.len())
                    .then(|| archive_url(i + 1))
                    .transpose()?,
            },
        };
        Ok((format!("{}{name}", archive.dir), format.render(&doc)?))
    }
}

/// Renders every document in memory, in a fixed order. Pure: the result depends only on the
/// items, the configuration and the templates. (`publish` streams instead, in parallel.)
pub fn render_all(
    items: &[Item],
    config: &Config,
    templates: &Templates,
) -> Result<Vec<Document>, PublishError> {
    let ctx = Context::new(items, config, templates)?;
    ctx.jobs().iter().map(|job| ctx.render(job)).collect()
}

fn minting_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_owned(),
    }
}

/// The list of files the last build wrote, kept in the state folder so that files which are
/// no longer produced (a deleted item's page, a tag nobody uses any more) are removed.
/// JSON, so that any file name survives the round trip.
pub const OUTPUTS_FILE: &str = "outputs.json";

/// What `OUTPUTS_FILE` holds: the files a build wrote, and the output folder it wrote them to,
/// so that a list never applies to another folder (a renamed output folder, or another instance
/// sharing the state folder).
#[derive(serde::Serialize, serde::Deserialize)]
struct Outputs {
    output_dir: String,
    files: Vec<String>,
}

fn output_dir_key(config: &Config) -> String {
    std::path::absolute(&config.output_dir)
        .unwrap_or_else(|_| config.output_dir.clone())
        .to_string_lossy()
        .into_owned()
}

/// The previous build's outputs in this output folder; a missing, damaged or foreign list only
/// means nothing stale is removed.
fn read_outputs(config: &Config) -> Vec<String> {
    std::fs::read(config.state_dir.join(OUTPUTS_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Outputs>(&bytes).ok())
        .filter(|o| o.output_dir == output_dir_key(config))
        .map(|o| o.files)
        .unwrap_or_default()
}

/// Renders and writes every document into the output folder, then removes what the previous
/// build wrote and this one no longer produces.
///
/// Documents are rendered in parallel and each goes straight to its temporary file, so memory
/// holds only the documents in flight; then every changed file is renamed into place at once
/// (see [`write::Batch`]).
pub fn publish(items: &[Item], config: &Config) -> Result<Vec<Written>, PublishError> {
    publish_with(items, config, &mut |_| {})
}

/// [`publish`], calling `after_write` after each file is put in place (or found unchanged), in
/// document order: how `publish`'s progress and its test pause points see the writes.
pub fn publish_with(
    items: &[Item],
    config: &Config,
    after_write: &mut dyn FnMut(&Written),
) -> Result<Vec<Written>, PublishError> {
    let templates = load_templates(config)?;
    let ctx = Context::new(items, config, &templates)?;
    let jobs = ctx.jobs();
    let prepared: Vec<(String, usize, write::Prepared)> = jobs
        .par_iter()
        .map(|job| {
            let (rel, bytes) = ctx.render(job)?;
            let path = config.output_dir.join(&rel);
            let prepared = write::prepare(&path, &bytes).map_err(|source| PublishError::Write {
                path: config.display_path(&path),
                source,
            })?;
            Ok((rel, bytes.len(), prepared))
        })
        .collect::<Vec<Result<_, PublishError>>>()
        // In document order, so that the error reported is the same on every run.
        .into_iter()
        .collect::<Result<_, PublishError>>()?;
    let batch_error = |e: write::BatchError| PublishError::Write {
        path: config.display_path(&e.path),
        source: e.source,
    };
    let flush = write::Flush::before_renames(prepared.iter().map(|(_, _, p)| p));
    let mut written = Vec::with_capacity(prepared.len());
    for (rel, bytes, p) in prepared {
        let outcome = p.commit().map_err(batch_error)?;
        let w = Written {
            path: rel,
            outcome,
            bytes,
        };
        after_write(&w);
        written.push(w);
    }
    flush.after_renames();
    let current: std::collections::BTreeSet<&str> =
        written.iter().map(|w| w.path.as_str()).collect();
    let removed = write::remove_stale(&config.output_dir, &read_outputs(config), &current)
        .map_err(|source| PublishError::Write {
            path: config.display_path(&config.output_dir),
            source,
        })?;
    let outputs = Outputs {
        output_dir: output_dir_key(config),
        files: written.iter().map(|w| w.path.clone()).collect(),
    };
    let mut list = serde_json::to_vec_pretty(&outputs).unwrap_or_default();
    list.push(b'\n');
    let state = config.state_dir.join(OUTPUTS_FILE);
    write::write_if_changed(&state, &list).map_err(|source| PublishError::Write {
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
