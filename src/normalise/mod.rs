//! Stage 1b, **normalise**: turn each collected [`SourceFile`] into one typed [`Item`].
//!
//! Front matter wins; what it does not say is inferred from the text by the rules in
//! `statement` and [`dates`], detected (`lang`), or taken from the configuration, and every
//! value records its [`Origin`]. An item with no date anywhere is dated by its history
//! (`crate::history`) when the caller gives one. Normalising never panics on user input: a
//! problem is a [`Diagnostic`], and an item with an error is left out of the feeds while the
//! others go on.

pub(crate) mod attachments;
pub(crate) mod calendars;
pub(crate) mod closing;
pub(crate) mod content;
mod date_limits;
pub mod date_words;
mod dateline;
pub mod dates;
pub(crate) mod field;
mod fields;
pub(crate) mod header;
pub(crate) mod header_words;
pub mod id;
pub(crate) mod joint_line;
pub(crate) mod month_names;
pub(crate) mod month_names_more;
mod phrases;
pub(crate) mod residue;
mod residue_words;
pub(crate) mod role_dash;
mod safe_html;
pub(crate) mod signatory_list;
pub(crate) mod signatory_words;
pub(crate) mod signature;
pub(crate) mod slogans;
pub(crate) mod source_line;
pub(crate) mod statement;
pub(crate) mod subject_issuer;
pub(crate) mod title_issuer;
pub(crate) mod translations;

use rule::Rule;
use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use url::Url;

use crate::collect::{Format, SourceFile};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::history::History;
use crate::model::{AttachmentKind, AttachmentRef, Item, Origin, Sourced};
use crate::published::{is_relative_file, relative_file, Record};
pub(crate) use crate::types::clock::Release;
pub(crate) use crate::types::{lang, rule};
use field::{Date, Fallback, Input};
pub use fields::KNOWN_KEYS;
use fields::{Fields, Key};
use statement::{Role, Statement};

pub use field::summary::SUMMARY_CHARS;
pub use field::title::TITLE_CHARS;

/// Normalises every file, then rejects duplicate ids. Items come back in file order. An item
/// with no date at all is an error.
pub fn normalise_all(files: &[SourceFile], config: &Config) -> (Vec<Item>, Vec<Diagnostic>) {
    normalise_all_with(files, config, None, &Record::default())
}

/// [`normalise_all`], with undated items dated by their `history` when one is given, and where an
/// id already published (in `published`, from the same file) stays with that file: a newer file
/// claiming it is held back instead of both.
pub(crate) fn normalise_all_with(
    files: &[SourceFile],
    config: &Config,
    history: Option<&History>,
    published: &Record,
) -> (Vec<Item>, Vec<Diagnostic>) {
    let results = normalise_each(files, config, history);
    let shown: Vec<(&Path, &str)> = files
        .iter()
        .map(|f| (f.path.as_path(), f.display.as_str()))
        .collect();
    let (items, _, diagnostics) = settle(results, &shown, config, published, Release::Everything);
    (items, diagnostics)
}

/// One file's item (`None` when it has errors) and its diagnostics.
pub(crate) type Normalised = (Option<Item>, Vec<Diagnostic>);

/// Whether `item`, made from its file when the release clock read `then_ns`, is what that
/// file makes at `now_ns` (nanoseconds since the epoch): the clock is read only to warn about
/// dates ahead of it ([`date_limits::judged_alike`]). The item cache's judge of an entry
/// whose item was dated ahead of the clock (`cache::items::ItemCache::judging_dates`).
pub(crate) fn made_alike(item: &Item, then_ns: i128, now_ns: i128) -> bool {
    let at = |ns: i128| {
        i64::try_from(ns)
            .ok()
            .map(chrono::DateTime::from_timestamp_nanos)
    };
    match (at(then_ns), at(now_ns)) {
        (Some(then), Some(now)) => {
            date_limits::judged_alike(&item.published, &item.updated, then, now)
        }
        _ => false,
    }
}

/// The first instant after `now` at which what normalise says of `item`'s dates changes with
/// no change to its file ([`date_limits::next_judgement`]): a state that replays the run's
/// diagnostics no longer stands for a run from then on.
pub(crate) fn next_judgement(
    item: &Item,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    date_limits::next_judgement(&item.published, &item.updated, now)
}

/// Normalises every file on its own (in parallel, in file order): what [`settle`] takes.
pub(crate) fn normalise_each(
    files: &[SourceFile],
    config: &Config,
    history: Option<&History>,
) -> Vec<Normalised> {
    let normaliser = Normaliser::with_history(config, history);
    files
        .par_iter()
        .map(|f| normaliser.normalise_one(f))
        .collect()
}

/// The most files one task of [`normalise_each_freeing_into`] normalises: a few milliseconds
/// of work, so that the two cores finish a share together.
const NORMALISED_PER_TASK: usize = 32;

/// [`normalise_each`], each file's text and front matter freed as soon as its item is made, on
/// the thread that made it, and the results added to `into`: what the build does with a share
/// of files, which it needs no more. Freed in a pass of their own afterwards, the texts took
/// about five milliseconds a share of 5,000 files on about one core, and were memory the
/// share's items could not reuse. Each result is written straight into `into`'s room (rayon
/// extends a list in place from an indexed iterator): collected into a list of the share's and
/// moved over, the items (over a kilobyte each) were copied into fresh memory on the one thread
/// that loads, about 5 MB and 1,400 page faults a share of 5,000.
pub(crate) fn normalise_each_freeing_into(
    files: &mut [SourceFile],
    config: &Config,
    history: Option<&History>,
    into: &mut Vec<Normalised>,
) {
    let normaliser = Normaliser::with_history(config, history);
    // Left to rayon's adaptive split, a share's last few hundred files were one task on one
    // core while the other idled (about 9 ms at the end of each share of 5,000).
    into.par_extend(
        files
            .par_iter_mut()
            .with_max_len(NORMALISED_PER_TASK)
            .map(|f| {
                let normalised = normaliser.normalise_one(f);
                f.body = String::new();
                f.front_matter = None;
                normalised
            }),
    );
}

/// What one run makes of its items: those it releases, those it holds back until their
/// release instant (scheduled, oldest release first), and every diagnostic.
pub(crate) type Settled = (Vec<Item>, Vec<Item>, Vec<Diagnostic>);

/// What is decided across items, after each file is normalised ([`normalise_each`], or a cache
/// of its results): published ids kept by their files, duplicate ids and pages rejected, items
/// not yet released by `release` held back (before translations are linked, so no released item
/// links to a scheduled one), translations linked. `shown` is every file with its path as
/// messages show it.
pub(crate) fn settle(
    results: Vec<Normalised>,
    shown: &[(&Path, &str)],
    config: &Config,
    published: &Record,
    release: Release,
) -> Settled {
    // Sized once: growing it copied every diagnostic of the cached entries several times.
    let mut diagnostics = Vec::with_capacity(results.iter().map(|(_, d)| d.len()).sum());
    // Collected in place (the standard library reuses `results`' allocation, whose elements
    // are larger): a new list would copy every item into fresh memory, about 15 MB and 3,600
    // page faults at 10,000 items.
    let items: Vec<Item> = results
        .into_iter()
        .filter_map(|(item, mut d)| {
            diagnostics.append(&mut d);
            item
        })
        .collect();
    let items =
        hold_back_claims_on_published_ids(items, shown, config, published, &mut diagnostics);
    let items = reject_duplicate_ids(items, &mut diagnostics);
    let mut items = reject_shared_pages(items, &mut diagnostics);
    // The items held back are taken out in place: partitioning into two new lists copied every
    // item into fresh memory (at 10,000 items, a quarter of a build's page faults after one
    // addition, whenever a single item is dated ahead).
    let mut scheduled: Vec<Item> = items
        .extract_if(.., |item| !release.releases(&item.release()))
        .collect();
    scheduled.sort_by(|a, b| (a.release(), &a.path).cmp(&(b.release(), &b.path)));
    translations::link(&mut items, &mut diagnostics, &config.items_dir);
    (items, scheduled, diagnostics)
}

/// An id already published stays with the file it was published from, so a new file that pins
/// it cannot take the published statement down (or over): every other file with that id is held
/// back, naming the published one, as long as the published file is still there and still
/// claims the id (or has errors of its own this run, so what it claims is unknown). When the
/// published file is gone (renamed with its id pinned) or now has another id, the id is free to
/// move.
fn hold_back_claims_on_published_ids(
    items: Vec<Item>,
    shown: &[(&Path, &str)],
    config: &Config,
    published: &Record,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    if published.is_empty() {
        return items;
    }
    // Almost every item is the file its id was published from (or a new id): only the others
    // need the tables of files below, which cost a path and a string per item to build.
    // On every core: a B-tree lookup of each item's id (tag URIs share a long prefix) and two
    // scans of its path were 18 M instructions at 10,000 items, on the one thread that settles.
    let claims: Vec<(usize, &str)> = items
        .par_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let owner = published.file_of(&item.id.value)?;
            (!is_relative_file(&config.items_dir, &item.file, owner)).then_some((i, owner))
        })
        .collect();
    if claims.is_empty() {
        return items;
    }
    let shown_by_file: BTreeMap<String, &str> = shown
        .iter()
        .map(|&(path, display)| (relative_file(&config.items_dir, path), display))
        .collect();
    let id_by_file: BTreeMap<String, &str> = items
        .iter()
        .map(|i| {
            (
                relative_file(&config.items_dir, &i.file),
                i.id.value.as_str(),
            )
        })
        .collect();
    let mut held_back = vec![false; items.len()];
    for (i, owner) in claims {
        let item = &items[i];
        let Some(owner_shown) = shown_by_file.get(owner) else {
            continue;
        };
        let owner_claims_it = id_by_file.get(owner).is_none_or(|id| *id == item.id.value);
        if !owner_claims_it {
            continue;
        }
        held_back[i] = true;
        diagnostics.push(Diagnostic::error(
            &item.path,
            id_line(item),
            format!(
                "id `{}` is already published from {owner_shown}, which keeps it; this file \
                 is held back: give it another `id` in its front matter",
                item.id.value
            ),
        ));
    }
    if !held_back.contains(&true) {
        return items;
    }
    items
        .into_iter()
        .zip(held_back)
        .filter_map(|(item, held_back)| (!held_back).then_some(item))
        .collect()
}

/// The front-matter line of a pinned id.
fn id_line(item: &Item) -> Option<usize> {
    match item.id.origin {
        Origin::FrontMatter { line } => Some(line),
        _ => None,
    }
}

/// Whether the front matter says `draft = true` (read before the other fields, for the empty
/// statement check).
/// The old page addresses of front matter `aliases` (a list of paths, or one), each checked by
/// [`crate::plan::paths::alias_file`]; one that could not be a page address is an error.
fn aliases(f: &mut Fields<'_>) -> Vec<String> {
    let Some((aliases, line)) = f.strings(Key::Aliases) else {
        return Vec::new();
    };
    let mut kept = Vec::with_capacity(aliases.len());
    for alias in aliases {
        match crate::plan::paths::alias_file(&alias) {
            Ok(_) => kept.push(alias),
            Err(why) => f.invalid(line, format!("`aliases`: `{alias}` {why}")),
        }
    }
    kept
}

fn draft_of(file: &SourceFile) -> bool {
    file.front_matter
        .as_ref()
        .and_then(|fm| fm.get("draft"))
        .is_some_and(|e| e.value == crate::collect::Value::Bool(true))
}

/// Two items with one id would show as one entry in every reader (or flip between the two), so
/// both are left out and both files are named.
fn reject_duplicate_ids(items: Vec<Item>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    reject_shared(
        items,
        diagnostics,
        |item| Some(item.id.value.as_str()),
        id_line,
        |id, others| {
            format!(
                "id `{id}` is also the id of {others}; give one of them another `id` in its \
                 front matter"
            )
        },
    )
}

/// Two published items with one page (the same file name in the same year, in different
/// folders) would overwrite each other's page and both entries would link to one statement, so
/// both are left out and both files are named.
fn reject_shared_pages(items: Vec<Item>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    reject_shared(
        items,
        diagnostics,
        |item| {
            item.url
                .as_ref()
                .filter(|_| !item.draft)
                .map(|u| u.as_str())
        },
        |_| None,
        |url, others| {
            format!(
                "the page {url} would also be the page of {others}: give one of the files \
                 another name (pages are named by year and file name)"
            )
        },
    )
}

/// Leaves out every item whose `key` another item shares, with an error on each naming the
/// others: `message(key, other files)`, at `line(item)`.
fn reject_shared(
    items: Vec<Item>,
    diagnostics: &mut Vec<Diagnostic>,
    key: impl Fn(&Item) -> Option<&str>,
    line: impl Fn(&Item) -> Option<usize>,
    message: impl Fn(&str, &str) -> String,
) -> Vec<Item> {
    // The shared keys first, in a hash set of borrowed keys (no list per item: almost no key is
    // shared), then the items of each shared key, in key order. Fx rather than SipHash: the
    // keys are the run's own items', and this runs on the one thread between normalising and
    // rendering.
    let mut seen: rustc_hash::FxHashSet<&str> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(items.len(), Default::default());
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for k in items.iter().filter_map(&key) {
        if !seen.insert(k) {
            by_key.entry(k).or_default();
        }
    }
    if by_key.is_empty() {
        return items;
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(indices) = key(item).and_then(|k| by_key.get_mut(k)) {
            indices.push(i);
        }
    }
    let mut rejected = vec![false; items.len()];
    for (k, indices) in &by_key {
        for &i in indices {
            rejected[i] = true;
            let others: Vec<&str> = indices
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| items[j].path.as_str())
                .collect();
            diagnostics.push(Diagnostic::error(
                &items[i].path,
                line(&items[i]),
                message(k, &others.join(", ")),
            ));
        }
    }
    if !rejected.contains(&true) {
        return items;
    }
    items
        .into_iter()
        .zip(rejected)
        .filter_map(|(item, rejected)| (!rejected).then_some(item))
        .collect()
}

/// Normalises items under one configuration; holds what is built once per run.
#[derive(Debug)]
pub struct Normaliser<'c> {
    config: &'c Config,
    sanitiser: content::Sanitiser,
    /// Dates items that have no date anywhere else; without it, that is an error.
    history: Option<&'c History>,
}

impl<'c> Normaliser<'c> {
    /// The normaliser of a run that dates undated items by their `history`, when one is given.
    fn with_history(config: &'c Config, history: Option<&'c History>) -> Self {
        Normaliser {
            history,
            ..Normaliser::new(config)
        }
    }

    pub fn new(config: &'c Config) -> Self {
        Normaliser {
            config,
            sanitiser: content::Sanitiser::new(&config.base_url),
            history: None,
        }
    }

    /// One file's item and its diagnostics.
    fn normalise_one(&self, file: &SourceFile) -> Normalised {
        let mut diagnostics = Vec::new();
        let item = self.normalise(file, &mut diagnostics);
        (item, diagnostics)
    }

    /// Normalises one file. Returns `None` (with at least one error diagnostic) when the item
    /// cannot be published.
    pub fn normalise(&self, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Item> {
        match self.history {
            Some(history) => self.normalise_with(file, diagnostics, &|input, f| {
                history_date(history, input, f)
            }),
            None => self.normalise_with(file, diagnostics, &field::no_fallback),
        }
    }

    /// Normalises one file, with `fallback` as the last rule for its publication date.
    pub fn normalise_with(
        &self,
        file: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
        fallback: Fallback<'_>,
    ) -> Option<Item> {
        let config = self.config;
        let mut f = Fields::new(file.front_matter.as_ref(), &file.display);
        let fm_title = field::front_matter_title(&mut f);
        // A Markdown body is parsed once, for its blocks' plain text and its HTML.
        let parsed = match file.format {
            Format::Markdown => content::ParsedBody::new(&file.body),
            Format::Text => None,
        };
        let statement = analyse(
            file,
            fm_title.as_ref().map(|(t, _)| t.as_str()),
            parsed.as_ref(),
        );
        reject_empty_statement(file, &mut f);
        let input = Input {
            config,
            file,
            statement: &statement,
        };
        // The order matters only where one field reads another: the language before the dates
        // (`03/04/2022` is read by language), the title before the summary (its last resort).
        let source = field::source(&input, &mut f);
        let title = field::title(&input, &mut f, fm_title);
        let authors = field::authors(&input, &mut f);
        let lang = field::language(&input, &mut f);
        let published = field::published(&input, &mut f, &lang.value, fallback);
        let updated = field::updated(&input, &mut f, &published);
        let embargo = field::newsroom::embargo(&input, &mut f);
        let changes = field::newsroom::changes(&input, &mut f, &published);
        let withdrawn = field::newsroom::withdrawn(&input, &mut f, &published);
        let updated = field::newsroom::updated(updated, &changes, withdrawn.as_ref());
        let date_line = file
            .front_matter
            .as_ref()
            .map_or(input.first_line(), |fm| fm.open_line);
        date_limits::check(&published, &updated, date_line, &mut f);
        let tags = match f.strings(Key::Tags) {
            Some((t, line)) => Sourced::new(t, Origin::FrontMatter { line }),
            None => Sourced::new(vec![], Origin::Config),
        };
        let mut summary = field::summary(&input, &mut f, &title.value);
        let slogans = field::slogans(&input);
        let id = self.id(file, &mut f);
        let draft = f.boolean(Key::Draft).is_some_and(|(d, _)| d);
        let aliases = aliases(&mut f);
        let stem_lang = translations::split_lang_suffix(&file.stem);
        let translation_key = translations::key_from(
            f.string(Key::TranslationKey),
            f.string(Key::TranslationOf),
            stem_lang.as_ref().map(|(base, _)| *base),
        );
        let url = crate::plan::paths::item_url(config, &published.value, &file.stem, &lang.value)
            .map(crate::model::UrlText::from);
        let (source_name, source_feed) = field::source::republished(&mut f);
        let mut attachment_refs = attachments::declared(&mut f);
        let page_dir = crate::plan::paths::page_dir(&published.value, &file.stem);
        let html = self.content_html(
            file,
            &statement,
            parsed,
            source.as_ref().map(|s| &s.value),
            &mut |name| {
                let found = file.path.parent().is_some_and(|d| d.join(name).is_file());
                let url = found
                    .then(|| attachments::url_of(&config.base_url, &page_dir, name))
                    .flatten();
                (url, found)
            },
            &mut attachment_refs,
        );
        let html = field::newsroom::with_changes(html, &changes);
        let (html, page_html) = match &withdrawn {
            Some(w) => {
                summary = Sourced::new(
                    field::newsroom::withdrawn_text(w),
                    Origin::FrontMatter { line: w.line },
                );
                let notice = field::newsroom::withdrawn_html(w);
                let page = (config.feeds.withdrawn_page
                    == crate::config::WithdrawnPage::NoticeAbove)
                    .then(|| format!("{notice}{html}"));
                (notice, page)
            }
            None => (html, None),
        };
        let signature = statement.signature_text();

        if f.failed {
            // The item is not published until its errors are fixed; warnings about what was
            // inferred in the meantime would only be noise. Unknown keys are kept: a misspelt
            // key is often the reason for the error.
            diagnostics.extend(f.unknown_keys);
            diagnostics.extend(f.diagnostics.into_iter().filter(Diagnostic::is_error));
            return None;
        }
        diagnostics.append(&mut f.unknown_keys);
        diagnostics.append(&mut f.diagnostics);
        Some(Item {
            path: file.display.clone(),
            file: file.path.clone(),
            format: file.format,
            front_matter: file.front_matter.as_ref().map(|fm| fm.kind),
            stem: file.stem.clone(),
            id,
            title,
            published,
            updated,
            authors,
            lang,
            tags,
            source,
            translation_key,
            translations: vec![],
            url,
            summary,
            slogans,
            signature,
            content_html: html,
            draft,
            source_name,
            source_feed,
            attachment_refs,
            attachments: vec![],
            aliases,
            embargo,
            changes,
            withdrawn,
            page_html,
        })
    }

    /// The entry id: pinned in the front matter (and checked), else the tag URI of the file name.
    fn id(&self, file: &SourceFile, f: &mut Fields<'_>) -> Sourced<String> {
        match f.string(Key::Id) {
            Some((id, line)) => {
                if let Err(message) = id::check_pinned(&id) {
                    f.invalid(line, message);
                }
                Sourced::new(id, Origin::FrontMatter { line })
            }
            None => Sourced::new(
                id::tag_uri(&self.config.ids, &file.stem),
                Origin::Derived { rule: Rule::TagUri },
            ),
        }
    }

    /// The item's sanitised HTML: the whole statement (signature and slogans included) without
    /// the title block, with `[Source]` markers turned into links (or left out when there is no
    /// source link).
    ///
    /// A Markdown image naming a file beside the item (`![…](chart.png)`) is looked up with
    /// `image(name)` (its URL in the output, and whether the file is there); one that is there
    /// links to its copy, and every such image is recorded in `refs` (see `attachments`).
    fn content_html(
        &self,
        file: &SourceFile,
        statement: &Statement,
        parsed: Option<content::ParsedBody<'_>>,
        source: Option<&Url>,
        image: &mut dyn FnMut(&str) -> (Option<Url>, bool),
        refs: &mut Vec<AttachmentRef>,
    ) -> String {
        let size = file.body.len() * 5 / 4;
        match file.format {
            Format::Text => {
                let mut events = Vec::with_capacity(statement.blocks.len() * 5);
                for (i, block) in statement.blocks.iter().enumerate() {
                    match statement.role(i) {
                        Role::Heading => {}
                        Role::SourceMarker => {
                            if let Some(url) = source {
                                let word = statement.source_markers.iter().find(|(m, _)| *m == i);
                                let label = word.map_or("Source", |(_, w)| w.as_str());
                                content::push_link_paragraph_events(&mut events, url, label);
                            }
                        }
                        Role::Paragraph | Role::Header | Role::Signature | Role::Slogan => {
                            content::push_text_paragraph_events(&mut events, &block.text)
                        }
                    }
                }
                self.sanitiser.html_of(&events, size)
            }
            Format::Markdown => {
                // The body's one parse when it reads as the blanked text would, else a parse of
                // the blanked text (see `ParsedBody::events_without`).
                let reused = parsed.and_then(|parsed| {
                    let text = parsed.text();
                    let blanked = blanked_lines(file, statement, source)?;
                    Some((text, parsed.events_without(&blanked)?))
                });
                let blanked_text;
                let (text, events) = match reused {
                    Some(reused) => reused,
                    None => {
                        blanked_text = markdown_without_title(file, statement, source);
                        let events = content::parse_with_offsets(&blanked_text);
                        (blanked_text.as_str(), events)
                    }
                };
                let events = content::with_images(events.into_iter(), &mut |dest, offset| {
                    let name = attachments::local_image(dest)?;
                    let (url, found) = image(name);
                    if !refs.iter().any(|r| r.name == name) {
                        refs.push(AttachmentRef {
                            name: name.to_owned(),
                            kind: AttachmentKind::Inline,
                            line: Some(
                                file.body_line + crate::types::text::line_of_offset(text, offset)
                                    - 1,
                            ),
                            found,
                        });
                    }
                    url.map(String::from)
                });
                self.sanitiser.html_of(&events, size)
            }
        }
    }
}

/// The lines of the body (0-based ranges) that [`markdown_without_title`] makes empty, when
/// it replaces none with a link.
fn blanked_lines(
    file: &SourceFile,
    statement: &Statement,
    source: Option<&Url>,
) -> Option<Vec<std::ops::Range<usize>>> {
    let mut blanked = Vec::new();
    for (i, block) in statement.blocks.iter().enumerate() {
        match (statement.role(i), source) {
            (Role::Heading, _) | (Role::SourceMarker, None) => {
                let first = block.line - file.body_line;
                blanked.push(first..first + block.lines);
            }
            (Role::SourceMarker, Some(_)) => return None,
            _ => {}
        }
    }
    Some(blanked)
}

/// The Markdown of the content: the body with the title and marker lines blanked out (a marker
/// becomes a link to the source, or nothing), so the rest (lists, tables, footnote
/// definitions) renders exactly as written.
fn markdown_without_title(
    file: &SourceFile,
    statement: &Statement,
    source: Option<&Url>,
) -> String {
    let mut lines: Vec<String> = file.body.lines().map(str::to_owned).collect();
    for (i, block) in statement.blocks.iter().enumerate() {
        let replacement = match statement.role(i) {
            Role::Heading => String::new(),
            Role::SourceMarker => match source {
                Some(url) => {
                    let word = statement.source_markers.iter().find(|(m, _)| *m == i);
                    let label = word.map_or("Source", |(_, w)| w.as_str());
                    format!("[{label}](<{url}>)")
                }
                None => String::new(),
            },
            _ => continue,
        };
        let first = block.line - file.body_line;
        for (k, line) in lines.iter_mut().skip(first).take(block.lines).enumerate() {
            *line = if k == 0 {
                replacement.clone()
            } else {
                String::new()
            };
        }
    }
    lines.join("\n")
}

/// Analyses the body. A title in the front matter wins; a heading that merely repeats it is
/// dropped from the content, any other first heading stays part of the text.
fn analyse(
    file: &SourceFile,
    fm_title: Option<&str>,
    parsed: Option<&content::ParsedBody<'_>>,
) -> Statement {
    let mut statement = Statement::analyse_parsed(&file.body, file.body_line, file.format, parsed);
    if let (Some(t), Some(h)) = (fm_title, &statement.heading) {
        if statement::squash(t).to_lowercase() != h.text.to_lowercase() {
            statement.heading = None;
        }
    }
    statement
}

/// The last resort for the publication date: the file's history (the commit that added it, or
/// when this instance first saw it), with the warning that says so.
fn history_date(history: &History, input: &Input<'_>, f: &mut Fields<'_>) -> Option<Date> {
    let (date, warning) = history.date_of(input.file);
    f.diagnostics.push(warning);
    Some(date)
}

/// A file with front matter and nothing under it would be published as a blank entry: an error
/// (a warning for a draft).
fn reject_empty_statement(file: &SourceFile, f: &mut Fields<'_>) {
    if !file.body.trim().is_empty() {
        return;
    }
    let message = "empty statement: there is no text under the front matter; write the \
                   statement (or delete the file)"
        .to_owned();
    if draft_of(file) {
        f.warning(file.body_line, message);
    } else {
        f.invalid(file.body_line, message);
    }
}
