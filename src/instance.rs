//! An instance: a configuration with its collected and normalised items, and the record of what
//! was published last (`crate::published`). What `build`, `check` and `items` share.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use thiserror::Error;

use crate::cache::documents;
use crate::cache::items::{Bodies, Body, Fresh, FreshItem, ItemCache, Update};
use crate::cache::record::ItemUrls;
use crate::cache::{Digest, ItemStamps, RunKey};
use crate::collect::{self, CollectError, Collected};
use crate::config::{Config, ConfigError};
use crate::diag::{self, Diagnostic};
use crate::history::History;
use crate::model::Item;
use crate::normalise;
use crate::normalise::{Normalised, Release};
use crate::plan::SitePlan;
use crate::published::{self, Record};
use rayon::prelude::*;

/// An item's base digest, with its record's postcard bytes when they were made for it
/// (`documents::base_digest_and_record`).
type Based = (Digest, Option<Vec<u8>>);

/// What the item cache keeps of each file of a share read this run: its diagnostics from
/// collect (those of the share's part of the walk that name it) and from normalise, and its
/// item with its base digest. Borrowed from the share, and made on every core: copied here, on
/// the one thread that loads, the paths and diagnostics of a share's 5,000 files were a stretch
/// of several milliseconds with the other core idle, twice a cold 10,000-item build.
fn cache_entries<'a>(
    files: &'a [collect::SourceFile],
    collect_diagnostics: &[Diagnostic],
    fresh: &'a [Normalised],
    bases: &'a [Option<Based>],
) -> Vec<Fresh<'a>> {
    // Collect reports few files: most entries borrow normalise's list as it is.
    let mut by_file: FxHashMap<&str, Vec<&Diagnostic>> = FxHashMap::default();
    for d in collect_diagnostics {
        by_file.entry(d.path.as_str()).or_default().push(d);
    }
    files
        .par_iter()
        .zip(fresh)
        .zip(bases)
        .map(|((file, (item, normalised)), base)| {
            let diagnostics = match by_file.get(file.display.as_str()) {
                Some(collected) => Cow::Owned(
                    collected
                        .iter()
                        .copied()
                        .chain(normalised)
                        .cloned()
                        .collect(),
                ),
                None => Cow::Borrowed(normalised.as_slice()),
            };
            let item = item
                .as_ref()
                .zip(base.as_ref())
                .map(|(item, (base, record))| FreshItem {
                    item,
                    base: *base,
                    record: record.as_deref(),
                });
            (
                file.path.as_path(),
                file.display.as_str(),
                diagnostics,
                item,
                file.read_as,
            )
        })
        .collect()
}

/// What [`in_walk_order`] gives back.
type InWalkOrder<'c> = (
    Vec<Normalised>,
    Vec<(&'c Path, String)>,
    FxHashMap<&'c OsStr, Body>,
);

/// The files read this run and those taken from the cache, merged back into walk order: each
/// one's normalised form, and its path with the path messages show; and the bodies left in the
/// cache, by item file (its path's bytes: hashing a `Path` walks its components, which was
/// most of this function's time at 10,000 items).
/// The cached entries are moved out of the cache (which is done with them), not cloned.
/// `reused_rels`: each of `collected.reused`'s paths under the items folder, by which the cache
/// knows its entry (empty without a cache).
fn in_walk_order<'c>(
    collected: &'c Collected,
    (fresh, fresh_bodies): (Vec<Normalised>, Vec<Option<Body>>),
    mut cache: Option<&mut ItemCache>,
    reused_rels: &[Cow<'_, str>],
) -> InWalkOrder<'c> {
    let total = fresh.len() + collected.reused.len();
    let mut shown = Vec::with_capacity(total);
    let mut bodies =
        FxHashMap::with_capacity_and_hasher(collected.reused.len(), Default::default());
    if collected.reused.is_empty() {
        // Every file was read (a cold run): the items are in walk order already, and stay
        // where normalising put them (copied into a new list, 11 MB at 10,000 items, on the
        // one thread that loads).
        for (file, body) in collected.files.iter().zip(fresh_bodies) {
            if let Some(body) = body {
                bodies.insert(file.path.as_os_str(), body);
            }
            shown.push((file.path.as_path(), file.display.clone()));
        }
        return (fresh, shown, bodies);
    }
    let mut results = Vec::with_capacity(total);
    let mut reused = collected.reused.iter().zip(reused_rels).peekable();
    let mut cached = |(path, rel): (&'c PathBuf, &Cow<'_, str>),
                      results: &mut Vec<Normalised>,
                      shown: &mut Vec<_>,
                      bodies: &mut FxHashMap<_, _>| {
        let entry = cache.as_deref_mut().and_then(|c| c.take(rel));
        // `collect` reused only files the cache has an entry for.
        if let Some(entry) = entry {
            let mut item = entry.item;
            // The entry names the file as the walk does (the items folder joined with its path
            // under it) but for a folder written otherwise: replaced only then. Freeing the
            // entry's copy (made on a decoding thread) and making another, for every item, was
            // the largest part of this loop.
            if item.file.as_os_str() != path.as_os_str() {
                item.file = path.clone();
            }
            results.push((Some(item), entry.diagnostics));
            shown.push((path.as_path(), entry.shown));
            if let Some(body) = entry.body {
                bodies.insert(path.as_os_str(), body);
            }
        }
    };
    let fresh = fresh.into_iter().zip(fresh_bodies);
    for (i, (file, (normalised, body))) in collected.files.iter().zip(fresh).enumerate() {
        while let Some(((_, path), rel)) = reused.next_if(|((at, _), _)| *at == i) {
            cached((path, rel), &mut results, &mut shown, &mut bodies);
        }
        if let Some(body) = body {
            bodies.insert(file.path.as_os_str(), body);
        }
        results.push(normalised);
        shown.push((file.path.as_path(), file.display.clone()));
    }
    for ((_, path), rel) in reused {
        cached((path, rel), &mut results, &mut shown, &mut bodies);
    }
    (results, shown, bodies)
}

/// Whether the bodies of the items taken from the item cache can be left there until a
/// document that shows one is rendered (feed entries and item pages ask for them). Not when
/// the instance's own index or list template could show every item's body.
fn bodies_can_wait(config: &Config) -> bool {
    let own_list_templates = config.feeds.templates_dir.as_ref().is_some_and(|dir| {
        ["index.html", "list.html"]
            .iter()
            .any(|name| dir.join(name).exists())
    });
    !own_list_templates
}

/// Files normalised per share of the walk, at most.
const NORMALISED_AT_ONCE: usize = 8192;

/// How many of `total` files to read are normalised per share: as few shares as
/// [`NORMALISED_AT_ONCE`] allows, all of about the same size. The last share's item-cache
/// segments are written while no other share is read, so a small last share (1,808 of 10,000
/// files, written as one segment on one core) left the other core idle; two even shares are
/// written as two segments each, on both.
fn even_share(total: usize) -> usize {
    let shares = total.div_ceil(NORMALISED_AT_ONCE).max(1);
    total.div_ceil(shares).max(1)
}

/// How many bytes of the bodies normalised this run the items keep in memory, at most, when
/// the item cache could hold them instead. Reading a body back from its segment (a `pread`,
/// the hash, the UTF-8 check) and rendering from a copy of its item was about a tenth of a
/// cold 10,000-item build's CPU, whose 50 MB of bodies fit; at 100,000 items (about 500 MB)
/// the rest still waits in the cache, so the peak rises by this much at most. Measured in
/// `benches/RESULTS.md` (2026-12-04, bodies kept in memory).
const BODIES_KEPT_BYTES: usize = 96 << 20;

/// The files read this run, normalised a share of the walk at a time as `collect` reads them
/// ([`Normalising::share`]), each share's texts dropped once it is (only paths are asked of
/// the files after this). With the item cache, each share's entries are written to it as soon
/// as the share is normalised, and, when bodies can wait for the documents that show them
/// (`lazy`), the share's items keep their bodies while `kept_room` allows and leave the rest
/// there: at 100,000 items neither the texts nor the bodies are ever all held at once.
struct Normalising<'a> {
    config: &'a Config,
    history: &'a History,
    cache: Option<&'a mut ItemCache>,
    lazy: bool,
    /// The bytes of bodies items may still keep in memory ([`BODIES_KEPT_BYTES`] at first).
    kept_room: usize,
    /// The files to read this run.
    total: usize,
    /// Each file's normalised form (its `content_html` empty when the cache keeps its body).
    fresh: Vec<Normalised>,
    /// Each file's body, by file as `fresh`, when the cache keeps it instead of the item.
    fresh_bodies: Vec<Option<Body>>,
    /// Each file's base digest (with the cache only).
    bases: Vec<Option<Digest>>,
}

impl Normalising<'_> {
    /// Normalises one share of the files read (`diagnostics`: collect's, of its part of the
    /// walk), writes their cache entries, and drops their texts.
    fn share(&mut self, files: &mut [collect::SourceFile], diagnostics: &[Diagnostic]) {
        tracing::debug!(files = files.len(), "share read");
        let start = self.fresh.len();
        normalise::normalise_each_freeing_into(
            files,
            self.config,
            Some(self.history),
            &mut self.fresh,
        );
        tracing::debug!(files = files.len(), "share normalised");
        let normalised = &mut self.fresh[start..];
        let mut bodies = vec![None; normalised.len()];
        if let Some(cache) = self.cache.as_deref_mut() {
            // Each item's record is made and encoded once, for its digest and its entry.
            let bases: Vec<Option<Based>> = normalised
                .par_iter()
                .map(|(item, _)| item.as_ref().map(documents::base_digest_and_record))
                .collect();
            let entries = cache_entries(files, diagnostics, normalised, &bases);
            let keep_all = keeps_every_body(normalised, self.lazy, &mut self.kept_room);
            let written = cache.write_fresh(&entries, self.total, !keep_all);
            drop(entries);
            tracing::debug!(files = files.len(), "share's item cache entries written");
            if !keep_all {
                bodies = written;
                leave_bodies(normalised, &mut bodies, &mut self.kept_room);
            }
            self.bases
                .extend(bases.into_iter().map(|b| b.map(|(base, _)| base)));
        }
        self.fresh_bodies.append(&mut bodies);
    }
}

/// The item cache of `config`'s state folder, under this run's key (`enabled` and `lazy` as
/// [`ItemCache::load`] takes them).
fn item_cache(config: &Config, enabled: bool, lazy: bool) -> ItemCache {
    ItemCache::load(
        &config.state_dir,
        &config.items_dir,
        ItemUrls::of(config),
        RunKey::of(config),
        enabled,
        lazy,
    )
    .judging_dates(normalise::made_alike)
}

/// Whether the items of a share keep every body in memory: always when bodies cannot wait in
/// the cache (not `lazy`), else when they all fit in the `room` left (bytes, counted down
/// then). No body is then asked of the share's cache segments ([`ItemCache::write_fresh`]).
fn keeps_every_body(normalised: &[Normalised], lazy: bool, room: &mut usize) -> bool {
    if !lazy {
        return true;
    }
    let bytes: usize = normalised
        .iter()
        .filter_map(|(item, _)| item.as_ref())
        .map(|item| item.content_html.len())
        .sum();
    let fits = bytes <= *room;
    if fits {
        *room -= bytes;
    }
    fits
}

/// Drops the body of each item whose body the item cache keeps (`bodies`, by item), once the
/// bodies kept in memory would outgrow `room` (bytes, counted down): the build reads a dropped
/// body back for the documents that show it. An item that keeps its body, or whose body the
/// cache does not hold as it is (it cannot differ: it was written from the item), is
/// rendered from its own, and its `bodies` slot is emptied.
fn leave_bodies(normalised: &mut [Normalised], bodies: &mut [Option<Body>], room: &mut usize) {
    for ((item, _), body) in normalised.iter_mut().zip(bodies) {
        match (item.as_mut(), body.as_ref()) {
            (Some(item), Some(_)) if item.content_html.len() <= *room => {
                *room -= item.content_html.len();
                *body = None;
            }
            (Some(item), Some(b)) if b.len() == item.content_html.len() => {
                item.content_html = String::new();
            }
            _ => *body = None,
        }
    }
}

/// A problem that stops the run before any item is looked at.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{source} (`items_dir` in {config})")]
    Collect {
        source: CollectError,
        config: String,
    },
    #[error(transparent)]
    FirstSeen(#[from] crate::history::first_seen::TableError),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
}

impl crate::report::Located for LoadError {
    fn place(&self) -> crate::report::Place {
        match self {
            LoadError::Config(e) => e.place(),
            LoadError::Collect { source, .. } => source.place(),
            LoadError::FirstSeen(e) => e.place(),
            LoadError::Plan(_) => crate::report::Place::Nowhere,
        }
    }
}

/// The loaded instance.
#[derive(Debug)]
pub struct Instance {
    pub config: Config,
    /// Every item without errors, in file order (drafts included).
    pub items: Vec<Item>,
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Every output document of the items, planned once for the whole run.
    pub plan: SitePlan,
    /// What the last writing run published (empty when nothing was, or the record is unusable).
    pub published: Record,
    /// The first-seen dates to record, when this run saw files for the first time (or renamed):
    /// saved by the commands that hold the instance lock (`crate::ops`).
    pub first_seen: Option<crate::history::first_seen::Table>,
    /// Each item's digest (`cache::documents::item_digest`), when loaded through the item cache;
    /// else empty, and the build computes them.
    pub(crate) digests: Vec<Digest>,
    /// The bodies of the items taken from the item cache, left there until a document that
    /// shows one is rendered (`content_html` of those items is empty); empty when every item
    /// holds its own.
    pub(crate) bodies: Bodies,
    /// Items held back until their release instant (front matter `date` or `embargo` ahead of
    /// the run's clock), soonest first; in no output.
    pub scheduled: Vec<Item>,
    /// Which items this run releases.
    pub(crate) release: Release,
}

impl Instance {
    /// Loads the configuration at `config_path`, then collects and normalises its items.
    pub fn load(config_path: &Path) -> Result<Instance, LoadError> {
        let config = Config::load(config_path)?;
        Self::from_config(config)
    }

    /// Loads the items of `config`, releasing those whose instant has come by the run's clock.
    pub fn from_config(config: Config) -> Result<Instance, LoadError> {
        Self::load_with(config, None, Release::now(), 0).map(|(instance, _)| instance)
    }

    /// [`Instance::from_config`], taking unchanged files from the item cache of the state
    /// folder (`cache`: else every file is read, and the cache is written afresh). The cache
    /// [`Update`] is for the caller to save, under the instance lock.
    /// Which items are out is `release` (the clock, or everything for a preview).
    /// `stamps`: the item files' stamps as this run's no-op check found them, under the same
    /// lock (else each file is stat'ed again).
    pub(crate) fn from_config_cached(
        config: Config,
        cache: bool,
        release: Release,
        stamps: ItemStamps,
    ) -> Result<(Instance, Update), LoadError> {
        let lazy = bodies_can_wait(&config);
        let mut cache = item_cache(&config, cache, lazy).with_stamps(stamps);
        let (instance, update) =
            Self::load_with(config, Some(&mut cache), release, BODIES_KEPT_BYTES)?;
        Ok((instance, update.unwrap_or_default()))
    }

    /// Test support: loaded through a fresh item cache (every file read), its items keeping
    /// at most `kept` bytes of their bodies in memory, the rest left in the cache's segments.
    #[cfg(test)]
    pub(crate) fn with_bodies_kept(config: Config, kept: usize) -> (Instance, Update) {
        let mut cache = item_cache(&config, true, true);
        let (instance, update) =
            Self::load_with(config, Some(&mut cache), Release::Everything, kept)
                .expect("the instance loads");
        (instance, update.unwrap_or_default())
    }

    /// `kept`: how many bytes of the bodies read this run the items keep in memory when the
    /// item cache could hold them ([`BODIES_KEPT_BYTES`] but in tests).
    fn load_with(
        config: Config,
        mut cache: Option<&mut ItemCache>,
        release: Release,
        kept: usize,
    ) -> Result<(Instance, Option<Update>), LoadError> {
        let display = config.path_display();
        let reuse = |p: &Path, listed: Option<collect::Listed<'_>>| {
            cache.as_deref().is_some_and(|c| c.reuse(p, listed))
        };
        // The no-op check's walk of this run (under the same lock) listed the items folder.
        let stamps = cache.as_deref().map(|c| c.stamps().clone());
        let listing = stamps.as_ref().and_then(|s| s.listing());
        // The record of what was published is read and decoded beside the walk, on another
        // core: neither needs the other, and each was a stretch of the one thread that loads.
        let (walk, (published, record_warning)) = rayon::join(
            || collect::walk_with(&config.items_dir, &display, &reuse, listing),
            || {
                let record_path = config.state_dir.join(published::RECORD_FILE);
                published::load(&config.state_dir, &config.display_path(&record_path))
            },
        );
        let mut walk = walk.map_err(|source| LoadError::Collect {
            source,
            config: config.display_path(&config.path),
        })?;
        // Counted once: each count walks the whole listing.
        let to_read = walk.to_read();
        tracing::debug!(to_read, "items folder walked");
        if cache.is_some() {
            // The item cache keys each file by its stamp and bytes as they were read.
            walk = walk.digesting(crate::cache::items::bytes_digest);
        }
        let history = History::new(&config, walk.statement_paths())?;
        let mut normalising = Normalising {
            config: &config,
            history: &history,
            lazy: cache.is_some() && bodies_can_wait(&config),
            kept_room: kept,
            cache: cache.as_deref_mut(),
            total: to_read,
            // Sized once: grown share by share, it copied the first share's items.
            fresh: Vec::with_capacity(to_read),
            fresh_bodies: Vec::with_capacity(to_read),
            bases: Vec::new(),
        };
        let share = even_share(to_read);
        let collected = walk.read_in_shares(&config.limits, share, &mut |files, diagnostics| {
            normalising.share(files, diagnostics)
        });
        let Normalising {
            fresh,
            fresh_bodies,
            bases: fresh_bases,
            ..
        } = normalising;
        tracing::debug!(
            read = collected.files.len(),
            reused = collected.reused.len(),
            "item files read, and taken from the cache"
        );
        // Digests of the items as their files make them, for the documents' fingerprints: from
        // the cache, or computed for the files read (only when the cache is in use).
        // Keyed by the path's bytes, not by `PathBuf`, whose ordering compares component by
        // component: with 10,000 items that was a seventh of a build after one addition. Every
        // path here is the walk's own, so equal paths have equal bytes.
        // Hashed: only looked up, never walked in order.
        // The paths are borrowed from `collected`, which outlives the map (10,000 paths
        // copied were a tenth of this function's serial time).
        let mut bases: FxHashMap<&OsStr, Digest> = FxHashMap::with_capacity_and_hasher(
            collected.files.len() + collected.reused.len(),
            Default::default(),
        );
        // Each reused file's path under the items folder, by which the cache knows its entry:
        // worked out once (for its digest here and to take its entry below), on every core.
        let reused_rels: Vec<Cow<'_, str>> = match cache.as_deref() {
            Some(c) => collected
                .reused
                .par_iter()
                .map(|(_, path)| c.relative(path))
                .collect(),
            None => Vec::new(),
        };
        let update = cache.as_deref_mut().map(|c| {
            for (file, base) in collected.files.iter().zip(&fresh_bases) {
                bases.extend(base.map(|b| (file.path.as_os_str(), b)));
            }
            for ((_, path), rel) in collected.reused.iter().zip(&reused_rels) {
                bases.extend(c.get(rel).map(|e| (path.as_os_str(), e.base)));
            }
            c.update()
        });
        let cached = cache.is_some();
        let (results, shown, mut bodies) =
            in_walk_order(&collected, (fresh, fresh_bodies), cache, &reused_rels);
        let shown: Vec<(&Path, &str)> = shown.iter().map(|(p, s)| (*p, s.as_str())).collect();
        let (mut items, scheduled, mut diagnostics) =
            normalise::settle(results, &shown, &config, &published, release);
        // By item, in the settled order.
        let bodies = if bodies.is_empty() {
            Bodies::default()
        } else {
            Bodies::new(
                items
                    .iter()
                    .map(|i| bodies.remove(i.file.as_os_str()))
                    .collect(),
            )
        };
        // Each item's files, as they are this run (the item cache keeps only what the item's
        // own file says); the other files of the walk are reported as skipped.
        let claimed = normalise::attachments::resolve(
            &mut items,
            &collected.others,
            &config,
            &mut diagnostics,
        );
        let statements: Vec<&Path> = shown.iter().map(|(p, _)| *p).collect();
        diagnostics.extend(normalise::attachments::unclaimed(
            &collected.others,
            &claimed,
            &statements,
        ));
        diagnostics.extend(collected.diagnostics);
        diagnostics.extend(record_warning);
        diagnostics.extend(history.notes());
        let first_seen = history.updated_table();
        // Planned here, once: `build` writes this plan, and `check` reports what only the feed
        // set reveals (tags that share a feed folder).
        // A byte budget weighs each item's body: the lengths of those left in the cache.
        let body_lengths: Option<Vec<usize>> = (!bodies.is_empty()).then(|| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| bodies.get(i).map_or(item.content_html.len(), Body::len))
                .collect()
        });
        let plan = SitePlan::with_body_lengths(
            &items,
            body_lengths.as_deref(),
            &config,
            &mut diagnostics,
        )?;
        let digests = if cached {
            items
                .par_iter()
                .filter_map(|i| {
                    let base = *bases.get(i.file.as_os_str())?;
                    Some(documents::item_digest(base, i))
                })
                .collect()
        } else {
            Vec::new()
        };
        diag::sort(&mut diagnostics);
        tracing::debug!(
            items = items.len(),
            documents = plan.documents.len(),
            "instance loaded"
        );
        let instance = Instance {
            config,
            items,
            diagnostics,
            plan,
            published,
            first_seen,
            digests,
            bodies,
            scheduled,
            release,
        };
        Ok((instance, update))
    }

    pub fn has_errors(&self) -> bool {
        diag::has_errors(&self.diagnostics)
    }

    /// The soonest instant at which a run on the same files would write or say something else:
    /// the release of a scheduled item (not a draft), or the end of a warning about a date
    /// ahead of the clock (any item's, drafts' too: their warnings are reported). The state
    /// remembers it, so that the first `publish` or `build` after it is a full run even when
    /// no file changed (a no-op replays the diagnostics of the run it stands for).
    pub(crate) fn next_change(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let now = crate::types::clock::now();
        let releases = self
            .scheduled
            .iter()
            .filter(|i| !i.draft)
            .map(|i| i.release().with_timezone(&chrono::Utc));
        let judgements = self
            .items
            .iter()
            .chain(&self.scheduled)
            .filter_map(|i| normalise::next_judgement(i, now));
        releases.chain(judgements).min()
    }

    /// True for a preview (`build --future`): scheduled items are in the output.
    pub(crate) fn is_preview(&self) -> bool {
        self.release == Release::Everything
    }
}

/// Test support: a minimal `config.toml` and the given item files (name, text) written into
/// `root`, for unit tests that need a real instance on disk.
#[cfg(test)]
pub(crate) fn write_minimal_instance(
    root: &Path,
    items: impl IntoIterator<Item = (String, String)>,
) {
    std::fs::write(
        root.join("config.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n\
         id_authority = \"example.org\"\nid_date = \"2022\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("items")).unwrap();
    for (name, text) in items {
        std::fs::write(root.join("items").join(name), text).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::{even_share, NORMALISED_AT_ONCE};

    /// Shares are at most `NORMALISED_AT_ONCE` files, as few as that allows, and even.
    #[test]
    fn shares_are_even_and_never_larger_than_the_bound() {
        for total in [0, 1, 7, 1000, 8191, 8192, 8193, 10_000, 16_385, 100_000] {
            let share = even_share(total);
            assert!(
                (1..=NORMALISED_AT_ONCE).contains(&share),
                "{total}: {share}"
            );
            let shares = total.div_ceil(share);
            assert_eq!(shares, total.div_ceil(NORMALISED_AT_ONCE), "{total}");
            // The last share is within one share count of the others.
            assert!(
                total == 0 || total - (shares - 1) * share + shares > share,
                "{total}"
            );
        }
        assert_eq!(even_share(10_000), 5_000);
    }
}
