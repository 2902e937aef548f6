//! Each item file's normalised form, so that a run reads and normalises only new or changed
//! files.
//!
//! The entries live in a few segment files in `<state_dir>/items/` (`seg-<n>.bin`, each a list
//! of entries under the [`RunKey`] it was made with, encoded by `postcard` as `record` spells
//! them). A run that read new or changed files adds
//! one segment holding only their entries, so adding one item writes one small file; a later
//! segment's entry for a file wins over an earlier one's. When segments pile up or most of
//! what they hold is outdated (files removed, entries replaced), the live entries are written
//! afresh as a handful of segments (one per share of the work, so loading parses them in
//! parallel; the files read this run in the segments written as they were read) and the others
//! are removed: a cold run writes a few files, not one per item. A
//! segment of another key or that does not parse is ignored (its files are read again) and
//! removed at the next rewrite.
//!
//! A cold run writes the entries of the files it reads a share at a time, as each share is
//! normalised ([`ItemCache::write_fresh`]), to temporary files that [`Update::save`] renames
//! into place with the rest, under the lock, on a thread of its own while the output is written
//! (`ops::save_cache_beside`): once the bodies the items keep in memory reach a budget
//! (`instance`), the share's items read theirs back from there, so a cold run never holds every
//! body, and a run that does not finish leaves no segment in place (its temporary files are
//! leftovers).
//!
//! An entry holds the file's [`Stamp`] and the hash of its bytes, what `collect` and
//! `normalise` said about it (its diagnostics, the path messages show) and the item itself,
//! before anything decided across items (duplicate ids, the published record, translations:
//! `normalise::settle` runs every time).
//!
//! A file is taken from the cache when its entry has this run's key and either its stamp (as
//! this run's fingerprint walk found it, `cache::ItemStamps`, else read now) is
//! unchanged (and was not taken within a clock tick of a change, see `Stamp::is_racy`) or its
//! bytes hash the same (a `touch`, a fresh checkout). What could come out differently on another
//! run is never cached: an item with errors, an item dated by its history (git or first seen),
//! a file whose name holds control characters, an item whose Markdown shows images of relative
//! paths (whether each file is there decides its link). An item dated ahead of the clock (a
//! scheduled statement) is cached with the release clock it was made at, and taken while
//! `normalise` says its dates are judged alike at this run's clock (what it warns about such a
//! date changes as the clock passes); then its file is read again.
//!
//! An item's body (`content_html`, most of what an entry holds) is kept apart in its segment,
//! after the entries: loading reads the entries only and leaves each body in the open segment
//! file ([`Body`]), read and checked against its hash when a document that shows it is
//! rendered. A build after one change reads a few dozen bodies, not every one, and never holds
//! them all. A body that does not read back (the segment damaged since it was loaded) is a
//! [`DamagedCache`]: the caller removes the cache and does the run again from the item files.
//! With its own index or list template an instance reads every body with its entry (a template
//! may show any of them).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::de::DeserializeSeed;
use serde::{Deserialize, Serialize};

use super::record::{ItemUrls, RecordDiagnostic, RecordItem};
use super::{nanos_now, Digest, Hash, ItemStamps, RunKey, Stamp};
use crate::collect::ReadAs;
use crate::diag::{Diagnostic, Guess};
use crate::model::Item;
use crate::write;

/// The folder of the entries, in the state folder.
pub(crate) const DIR: &str = "items";

/// Segments beyond this many are merged at the next write.
const MAX_SEGMENTS: usize = 32;

/// Entries per segment below which a rewrite does not split its entries further.
const MIN_SEGMENT: usize = 512;

/// Entries per segment a large rewrite aims at (at most `MAX_SEGMENTS / 2` segments), so that
/// writing and loading hold a few segments' bytes at a time, not the whole cache's.
const SEGMENT_ENTRIES: usize = 4096;

/// One item file's normalised form.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The path relative to the items folder, `/`-separated.
    rel: String,
    stamp: Stamp,
    /// The stamp was taken within a clock tick of the file's last change: not enough alone.
    racy: bool,
    bytes: Digest,
    /// The item's digest as this file makes it (`documents::base_digest`).
    pub(crate) base: Digest,
    /// The file as messages show it.
    pub(crate) shown: String,
    /// What collect and normalise said about the file.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The release clock when the file was normalised (nanoseconds since the epoch): what
    /// normalise warns about a date ahead of the clock depends on the clock, so an entry whose
    /// item was dated ahead of it then, or read by a run whose clock is earlier, stands for the
    /// file only while the cache's judge finds the item made alike now
    /// ([`ItemCache::judging_dates`]). `None` when cached without a judge (no date was ahead).
    judged_at: Option<i128>,
    /// The item; its `content_html` is empty when `body` is set.
    pub(crate) item: Item,
    /// Where the item's body lies in its segment, when it was not read with the entry.
    pub(crate) body: Option<Body>,
}

/// One entry as a segment file holds it (`record`: plain types, no field names). Written by
/// [`encode_records`] (which the layout test checks against this type's own encoding).
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct RecordEntry {
    rel: String,
    stamp: Stamp,
    racy: bool,
    bytes: Digest,
    base: Digest,
    shown: String,
    diagnostics: Vec<RecordDiagnostic>,
    judged_at: Option<i128>,
    item: RecordItem,
    body: RecordBody,
}

/// Where an entry's body lies in its segment's bodies, and the hash of its bytes.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct RecordBody {
    offset: u64,
    len: u64,
    digest: Digest,
}

/// An item's body (its `content_html`) left in its segment file: read only when a document
/// that shows it is rendered, so that a run holds the bodies of the documents it renders, not
/// of every item. The segment stays open, so a rewrite that removes the file (the handle keeps
/// its bytes) does not take the body away; the bytes are checked against their hash when read.
#[derive(Clone, Debug)]
pub(crate) struct Body {
    segment: Arc<SegmentFile>,
    /// From the start of the file.
    offset: u64,
    len: u64,
    digest: Digest,
}

/// An open segment file.
#[derive(Debug)]
struct SegmentFile {
    path: PathBuf,
    /// Read at each body's offset (`pread`): threads read bodies of one segment at once, with
    /// no shared position to lock and move.
    file: fs::File,
}

/// A body that could not be read back as it was written: the segment was damaged since it was
/// loaded (a cut or a changed byte). What depends on it must be read from the item files again.
#[derive(Clone, Debug, thiserror::Error)]
#[error("the item cache is damaged (`{path}`: {reason})")]
pub(crate) struct DamagedCache {
    pub(crate) path: PathBuf,
    reason: String,
}

impl Body {
    /// The body's length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// The body's text, checked against the hash it was written with.
    pub(crate) fn read(&self) -> Result<String, DamagedCache> {
        let damaged = |reason: &str| DamagedCache {
            path: self.segment.path.clone(),
            reason: reason.to_owned(),
        };
        let mut bytes = vec![0; self.len()];
        read_exact_at(&self.segment.file, &mut bytes, self.offset)
            .map_err(|e| damaged(&e.to_string()))?;
        if bytes_digest(&bytes) != self.digest {
            return Err(damaged("a body does not match its hash"));
        }
        String::from_utf8(bytes).map_err(|_| damaged("a body is not UTF-8"))
    }
}

/// Fills `buf` from `file` at `offset`, leaving the file's position alone.
#[cfg(unix)]
fn read_exact_at(file: &fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `file` at `offset` (Windows' positional read may return less: read on).
#[cfg(windows)]
fn read_exact_at(file: &fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The bodies of a run's items that were left in the item cache, by item index (`None`: the
/// item holds its body).
#[derive(Clone, Debug, Default)]
pub(crate) struct Bodies(Vec<Option<Body>>);

impl Bodies {
    pub(crate) fn new(bodies: Vec<Option<Body>>) -> Bodies {
        Bodies(bodies)
    }

    /// True when every item holds its body.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// Item `i`'s body, when it is left in the cache.
    pub(crate) fn get(&self, i: usize) -> Option<&Body> {
        self.0.get(i).and_then(Option::as_ref)
    }
}

/// An entry to write, borrowing its item and diagnostics from where they are (the run's items,
/// or the entries loaded): encoded one at a time, so that writing the cache never holds a copy
/// of every item.
#[derive(Clone, Copy, Debug)]
struct Pending<'a> {
    rel: &'a str,
    stamp: Stamp,
    racy: bool,
    bytes: Digest,
    base: Digest,
    shown: &'a str,
    diagnostics: &'a [Diagnostic],
    judged_at: Option<i128>,
    item: &'a Item,
    /// The item's record, encoded, when it was with its base digest (else it is encoded from
    /// `item` when the entry is written).
    record: Option<&'a [u8]>,
    /// The item's body, when it is left in a segment (else it is the item's own).
    body: Option<&'a Body>,
}

impl<'a> Pending<'a> {
    fn of(e: &'a Entry) -> Pending<'a> {
        Pending {
            rel: &e.rel,
            stamp: e.stamp,
            racy: e.racy,
            bytes: e.bytes,
            base: e.base,
            shown: &e.shown,
            diagnostics: &e.diagnostics,
            judged_at: e.judged_at,
            item: &e.item,
            record: None,
            body: e.body.as_ref(),
        }
    }

    /// The item's body: its own, or read from the segment that holds it.
    fn content(&self) -> Result<Cow<'a, str>, DamagedCache> {
        match self.body {
            Some(body) => body.read().map(Cow::Owned),
            None => Ok(Cow::Borrowed(&self.item.content_html)),
        }
    }
}

/// The list of entries a segment holds, encoded: what postcard makes of the list of their
/// [`RecordEntry`]s, but with each item's record written as the bytes it was already encoded to
/// when it has them (postcard writes a struct as its fields one after another, with nothing
/// around them, so a field's bytes can be spliced in).
fn encode_records(records: &[(Pending<'_>, RecordBody)]) -> postcard::Result<Vec<u8>> {
    // Sized once for the records encoded already and about what an entry's head and body
    // place take: grown from empty, the list (about 3 MB a segment at 10,000 items) was
    // copied into fresh memory at each doubling.
    let encoded: usize = records
        .iter()
        .map(|(e, _)| e.record.map_or(0, <[u8]>::len) + e.rel.len() + e.shown.len() + 96)
        .sum();
    let mut out = Vec::with_capacity(encoded);
    out = postcard::to_extend(&records.len(), out)?;
    for (e, body) in records {
        out = postcard::to_extend(&EntryHead::of(e), out)?;
        match e.record {
            Some(record) => out.extend_from_slice(record),
            None => out = postcard::to_extend(&RecordItem::from_item(e.item), out)?,
        }
        out = postcard::to_extend(body, out)?;
    }
    Ok(out)
}

/// The fields of a [`RecordEntry`] before its item, borrowed, in its order.
#[derive(Serialize)]
struct EntryHead<'e> {
    rel: &'e str,
    stamp: Stamp,
    racy: bool,
    bytes: Digest,
    base: Digest,
    shown: &'e str,
    diagnostics: Vec<RecordDiagnostic>,
    judged_at: Option<i128>,
}

impl<'e> EntryHead<'e> {
    fn of(e: &Pending<'e>) -> EntryHead<'e> {
        EntryHead {
            rel: e.rel,
            stamp: e.stamp,
            racy: e.racy,
            bytes: e.bytes,
            base: e.base,
            shown: e.shown,
            diagnostics: e
                .diagnostics
                .iter()
                .map(RecordDiagnostic::from_diagnostic)
                .collect(),
            judged_at: e.judged_at,
        }
    }
}

impl RecordEntry {
    /// The entry `e` whose body lies at `body`, as [`encode_records`] writes it.
    #[cfg(test)]
    fn from_pending(e: &Pending<'_>, body: RecordBody) -> RecordEntry {
        RecordEntry {
            rel: e.rel.to_owned(),
            stamp: e.stamp,
            racy: e.racy,
            bytes: e.bytes,
            base: e.base,
            shown: e.shown.to_owned(),
            diagnostics: e
                .diagnostics
                .iter()
                .map(RecordDiagnostic::from_diagnostic)
                .collect(),
            judged_at: e.judged_at,
            item: RecordItem::from_item(e.item),
            body,
        }
    }

    /// The entry, its item's file under `items_dir`, its URL made as `urls` says, its body
    /// left in `segment`, whose bodies start at `bodies` and are `len` bytes long.
    fn into_entry(
        self,
        items_dir: &Path,
        urls: ItemUrls<'_>,
        segment: &Arc<SegmentFile>,
        (bodies, len): (u64, u64),
    ) -> Option<Entry> {
        let file = super::joined(items_dir, &self.rel);
        let end = self.body.offset.checked_add(self.body.len)?;
        if end > len {
            return None;
        }
        Some(Entry {
            body: Some(Body {
                segment: Arc::clone(segment),
                offset: bodies + self.body.offset,
                len: self.body.len,
                digest: self.body.digest,
            }),
            item: self.item.into_item(file, urls)?,
            rel: self.rel,
            stamp: self.stamp,
            racy: self.racy,
            bytes: self.bytes,
            base: self.base,
            shown: self.shown,
            diagnostics: self
                .diagnostics
                .into_iter()
                .map(RecordDiagnostic::into_diagnostic)
                .collect(),
            judged_at: self.judged_at,
        })
    }
}

/// The head of a segment file: the magic bytes, then the format (4 bytes), the key (16), the
/// length of the entries (8) and of the bodies (8), little-endian; then the entries (postcard),
/// then the bodies, one after the other. Loading reads the head and the entries only.
const MAGIC: &[u8] = b"communique-items\n";

/// The length of a segment's head.
const HEAD: usize = MAGIC.len() + 4 + 16 + 8 + 8;

/// Where an entry is in [`ItemCache`]'s segments: the segment's place in the list, the
/// entry's in the segment.
#[derive(Clone, Copy, Debug)]
struct Slot {
    segment: usize,
    index: usize,
}

// `ItemCache::load` turns each segment's list of entries into its list of slots in place.
const _: () = assert!(size_of::<Option<Entry>>() == size_of::<Entry>());

/// A segment file as it was found: its number, and how many entries it held (none when it
/// was of another key or did not parse).
#[derive(Clone, Copy, Debug)]
struct Found {
    number: u64,
    entries: usize,
}

/// The entries of this run's key, by relative path, and what this run reused and made.
#[derive(Debug)]
pub(crate) struct ItemCache {
    key: RunKey,
    dir: PathBuf,
    items_dir: PathBuf,
    /// When this run began: a file changed since may differ from what collect read.
    start_ns: i128,
    /// Where each entry is in `segments`, by relative path. Hashed, not ordered: a B-tree
    /// shifts its neighbours on every removal (`take` removes each one; at 10,000 items that
    /// was 6 % of an add-one build).
    /// FxHash: SipHash of 10,000 paths, at each insert and lookup, was 2 % of an add-one
    /// build; the keys are the walk's own paths, not chosen by anyone who could collide them.
    at: FxHashMap<String, Slot>,
    /// The entries as each segment's decoding left them, in one list per segment (an entry
    /// taken is `None`, and an entry a later segment replaces stays, unreachable): a box per
    /// entry, allocated on the decoding threads, grew their allocator's arenas a page at a time
    /// (about 3,000 of the 7,000 `mprotect` calls of an add-one build at 10,000 items).
    segments: Vec<Vec<Option<Entry>>>,
    /// The segment files found, in order.
    found: Vec<Found>,
    /// Files of the folder that are no segment of this key (another key, corrupt, an older
    /// layout): the next write rewrites the segments and removes them.
    untrusted: usize,
    /// Entries reused this run, by relative path; marked stale when only their bytes vouched.
    /// A list in the order `collect` asked, sorted once by [`ItemCache::update`]: a B-tree
    /// insert per reused file was 13 M instructions of a build after one added item at 10,000
    /// items, and the walk's order is nearly the paths' order already.
    reused: Mutex<Vec<(String, bool)>>,
    /// The item files' stamps as this run's fingerprint walk found them (none: each is stat'ed).
    stamps: ItemStamps,
    /// The number of the first segment this run writes (after every one found).
    first: u64,
    /// The segments of the files read this run, written to temporary files a share at a time
    /// as the files are normalised ([`ItemCache::write_fresh`]); renamed into place by
    /// [`Update::save`].
    written: Vec<SegmentWrite>,
    /// How many entries they hold.
    written_entries: usize,
    /// The first error writing them: [`Update::save`] reports it.
    write_error: Option<std::io::Error>,
    /// Whether an item dated ahead of the clock, made when the clock read the first time given,
    /// is what its file makes at the second ([`ItemCache::judging_dates`]); without one, such
    /// an item is not cached.
    judge: Option<Judge>,
}

/// Whether `item`, made from its file when the release clock read `then_ns`, is what that file
/// makes at `now_ns` (nanoseconds since the epoch). Given by the caller: what the clock changes
/// in an item is `normalise`'s to say.
pub(crate) type Judge = fn(item: &Item, then_ns: i128, now_ns: i128) -> bool;

impl ItemCache {
    /// The entries in `state_dir` made under `key`, their items' URLs made as `urls` says;
    /// none when `enabled` is false. With `lazy`,
    /// the items' bodies are left in their segments (`Entry::body`); else they are read now
    /// (an entry whose body does not read back is dropped: its file is read again).
    pub(crate) fn load(
        state_dir: &Path,
        items_dir: &Path,
        urls: ItemUrls<'_>,
        key: RunKey,
        enabled: bool,
        lazy: bool,
    ) -> Self {
        let start_ns = nanos_now();
        let dir = state_dir.join(DIR);
        let mut at = FxHashMap::default();
        let mut lists = Vec::new();
        let mut found = Vec::new();
        let mut untrusted = 0;
        if enabled {
            let mut files: Vec<(Option<u64>, PathBuf)> = fs::read_dir(&dir)
                .map(|read| {
                    read.filter_map(|e| {
                        let path = e.ok()?.path();
                        Some((segment_number(&path), path))
                    })
                    .collect()
                })
                .unwrap_or_default();
            untrusted = files.iter().filter(|(n, _)| n.is_none()).count();
            files.retain(|(n, _)| n.is_some());
            files.sort();
            let segments: Vec<(u64, Vec<Option<Entry>>)> = files
                .par_iter()
                .filter_map(|(n, path)| {
                    let mut entries = read_segment(path, key, items_dir, urls);
                    if !lazy {
                        entries = entries.map(read_bodies);
                    }
                    // In place: an `Option<Entry>` is the size of an `Entry`.
                    let slots = entries.unwrap_or_default().into_iter().map(Some).collect();
                    Some(((*n)?, slots))
                })
                .collect();
            at.reserve(segments.iter().map(|(_, s)| s.len()).sum());
            for (segment, (number, entries_of)) in segments.into_iter().enumerate() {
                if entries_of.is_empty() {
                    untrusted += 1;
                }
                found.push(Found {
                    number,
                    entries: entries_of.len(),
                });
                // A later segment's entry for a file wins over an earlier one's.
                for (index, entry) in entries_of.iter().enumerate() {
                    if let Some(entry) = entry {
                        at.insert(entry.rel.clone(), Slot { segment, index });
                    }
                }
                lists.push(entries_of);
            }
        }
        ItemCache {
            key,
            dir,
            items_dir: items_dir.to_path_buf(),
            start_ns,
            at,
            segments: lists,
            untrusted,
            reused: Mutex::new(Vec::new()),
            stamps: ItemStamps::default(),
            first: found.last().map_or(0, |f| f.number + 1),
            found,
            written: Vec::new(),
            written_entries: 0,
            write_error: None,
            judge: None,
        }
    }

    /// This cache, taking the item files' stamps from `stamps` (the fingerprint walk of this
    /// run, under the same lock) rather than from the file system again.
    pub(crate) fn with_stamps(self, stamps: ItemStamps) -> Self {
        ItemCache { stamps, ..self }
    }

    /// The cache, caching items dated ahead of the clock too: such an entry is taken while
    /// `judge` finds its item made alike at this run's clock (else its file is read again).
    pub(crate) fn judging_dates(self, judge: Judge) -> Self {
        ItemCache {
            judge: Some(judge),
            ..self
        }
    }

    /// The stamps this cache was given ([`ItemCache::with_stamps`]): their listing spares
    /// `collect` a walk of the items folder.
    pub(crate) fn stamps(&self) -> &ItemStamps {
        &self.stamps
    }

    /// Whether the file at `path` (under the items folder) is what its entry describes: the
    /// hook `collect` asks before reading a file.
    /// `listed`: the file's path under the items folder and stamp, when `collect` walked this
    /// run's listing ([`ItemStamps::listing`]): the same path text and stamp as looked up here.
    pub(crate) fn reuse(&self, path: &Path, listed: Option<crate::collect::Listed<'_>>) -> bool {
        let rel = match listed {
            Some((rel, _)) => Cow::Borrowed(rel),
            None => crate::published::relative_text(&self.items_dir, path),
        };
        let Some(entry) = self.get(&rel) else {
            return false;
        };
        let stamp = listed.map(|(_, stamp)| stamp);
        let Some(stamp) = stamp
            .or_else(|| self.stamps.get(&rel))
            .or_else(|| Stamp::read(path).ok())
        else {
            return false;
        };
        if !self.made_alike_now(entry) {
            return false;
        }
        let fresh = if stamp == entry.stamp && !entry.racy {
            true
        } else if stamp.size == entry.stamp.size {
            // The stamp changed (or cannot vouch): the bytes decide.
            fs::read(path).is_ok_and(|bytes| bytes_digest(&bytes) == entry.bytes)
        } else {
            false
        };
        if fresh {
            let stale = stamp != entry.stamp || entry.racy;
            if let Ok(mut reused) = self.reused.lock() {
                reused.push((rel.into_owned(), stale));
            }
        }
        fresh
    }

    /// Whether `entry`'s item is what its file makes at this run's release clock: at once when
    /// every date had passed when it was made and the clock has not gone back since (nothing
    /// said of a past date changes as the clock goes on); else as the judge says.
    fn made_alike_now(&self, entry: &Entry) -> bool {
        let Some(then) = entry.judged_at else {
            // Cached without a judge: no date was ahead of the clock.
            return true;
        };
        let now = release_now_ns();
        if now >= then && !dated_ahead(&entry.item, then) {
            return true;
        }
        self.judge
            .is_some_and(|judge| judge(&entry.item, then, now))
    }

    /// The path under the items folder by which the entry of the file at `path` is known (the
    /// key of [`ItemCache::get`] and [`ItemCache::take`]).
    pub(crate) fn relative<'p>(&self, path: &'p Path) -> Cow<'p, str> {
        crate::published::relative_text(&self.items_dir, path)
    }

    /// The entry of the file at `rel` (relative to the items folder, as
    /// [`ItemCache::relative`] says), unless taken.
    pub(crate) fn get(&self, rel: &str) -> Option<&Entry> {
        let slot = self.at.get(rel)?;
        self.segments.get(slot.segment)?.get(slot.index)?.as_ref()
    }

    /// The entry of a reused file (at `rel`, as [`ItemCache::relative`] says), taken out of the
    /// cache (after [`ItemCache::update`], which needs them all).
    pub(crate) fn take(&mut self, rel: &str) -> Option<Entry> {
        let slot = self.at.remove(rel)?;
        self.segments
            .get_mut(slot.segment)?
            .get_mut(slot.index)?
            .take()
    }

    /// What is known of each file read this run (`fresh`) that its entry may be cached: its
    /// path under the items folder, its stamp, the hash of its bytes and, for an item dated
    /// ahead of the clock, the release clock it was made at (`Entry::judged_at`); `None` for a
    /// file whose item could come out differently on another run, or whose stamp shows a change
    /// since this run began.
    fn known_fresh(&self, fresh: &[Fresh<'_>]) -> Vec<Option<KnownFresh>> {
        let release_ns = release_now_ns();
        fresh
            .par_iter()
            .map(|(path, shown, diagnostics, item, read_as)| {
                let item = item.as_ref()?.item;
                if !cacheable(item, diagnostics, shown) {
                    return None;
                }
                // An item is cached with the clock normalise judged its dates at, when there
                // is a judge to say whether a later run's clock makes it alike. Without one,
                // an item dated ahead of the clock is not cached, judged at the start of the
                // run (a date ahead of the clock when normalise looked is ahead of it then
                // too; the release clock may be set back, for tests: the earlier one).
                let judged_at = match self.judge {
                    Some(_) => Some(release_ns),
                    None if dated_ahead(item, self.start_ns.min(release_ns)) => return None,
                    None => None,
                };
                // The stamp and digest of the bytes collect read (the stamp taken before they
                // were read, by the fingerprint's walk or as the file was opened: a change
                // since moves the stamp the next run finds, which then hashes the file);
                // else the bytes are read again, and must not change meanwhile. Either way a
                // file whose stamp shows a change since this run began is not cached.
                let (stamp, bytes) = match read_as {
                    Some(read) => (read.stamp, read.digest),
                    None => Self::read_again(path)?,
                };
                (stamp.ctime_ns < self.start_ns).then(|| {
                    let rel = crate::published::relative_file(&self.items_dir, path);
                    (rel, stamp, bytes, judged_at)
                })
            })
            .collect()
    }

    /// The stamp of the file at `path` and the digest of its bytes, read now; none when it
    /// changes while it is read.
    fn read_again(path: &Path) -> Option<(Stamp, Digest)> {
        let stamp = Stamp::read(path).ok()?;
        let bytes = bytes_digest(&fs::read(path).ok()?);
        (Stamp::read(path).ok()? == stamp).then_some((stamp, bytes))
    }

    /// Writes the entries of one share of the files read this run (`fresh`: each file read,
    /// as messages show it, its diagnostics and its item) as segments in temporary files, as
    /// soon as the share is normalised, so that the share's items can leave their bodies there:
    /// a cold run holds about one share's bodies at a time, not every item's. Nothing is
    /// renamed into place before [`Update::save`] (an update dropped unsaved removes the files,
    /// and a killed run's are leftovers), so a run that does not finish leaves no segment to
    /// trust. `total`: the files read this run, which sets how many segments a share is split
    /// into. Returns each file's body as its segment holds it (`None`: not cached), when
    /// `want_bodies`; else none (the segments are not opened again for them: with every body
    /// kept in memory, that was two files opened and a table of the share's bodies made on
    /// the one thread that loads, twice in a cold 10,000-item build, for nothing).
    pub(crate) fn write_fresh(
        &mut self,
        fresh: &[Fresh<'_>],
        total: usize,
        want_bodies: bool,
    ) -> Vec<Option<Body>> {
        let mut bodies = vec![None; fresh.len()];
        if self.write_error.is_some() {
            return bodies;
        }
        let known = self.known_fresh(fresh);
        let (at, entries): (Vec<usize>, Vec<Pending<'_>>) = fresh
            .iter()
            .zip(&known)
            .enumerate()
            .filter_map(|(i, ((_, shown, diagnostics, item, _), known))| {
                let (fresh, (rel, stamp, bytes, judged_at)) = (item.as_ref()?, known.as_ref()?);
                let pending = Pending {
                    rel,
                    stamp: *stamp,
                    // Judged at the run's start, before any file was opened: a stamp taken
                    // within a clock tick of a change cannot vouch for what was read after it.
                    racy: stamp.is_racy(self.start_ns),
                    bytes: *bytes,
                    base: fresh.base,
                    shown,
                    diagnostics: diagnostics.as_ref(),
                    judged_at: *judged_at,
                    item: fresh.item,
                    record: fresh.record,
                    body: None,
                };
                Some((i, pending))
            })
            .unzip();
        if entries.is_empty() {
            return bodies;
        }
        let start = self.first + self.written.len() as u64;
        let parts = share_parts(fresh.len(), total);
        // Segments whose bodies this run asks back are written through the page cache, to be
        // read from memory moments later; the others skip it (`write::Streamed::direct`).
        let placing = Written::new(start, !want_bodies);
        let segments = match write_segments(&self.dir, placing, self.key, &entries, parts) {
            Ok(segments) => segments,
            Err(e) => {
                self.write_error = Some(e);
                return bodies;
            }
        };
        if want_bodies {
            match open_bodies(&segments) {
                Ok(mut placed) => {
                    for (i, e) in at.into_iter().zip(&entries) {
                        bodies[i] = placed.remove(e.rel);
                    }
                }
                Err(e) => {
                    self.write_error = Some(e);
                    return bodies;
                }
            }
        }
        self.written_entries += entries.len();
        self.written.extend(segments);
        bodies
    }

    /// The rest of what this run changes in the cache, after the files read were written
    /// ([`ItemCache::write_fresh`]): the reused entries whose stamp changed, written to
    /// temporary files now; or, when segments pile up or most of what they hold is outdated,
    /// every live entry rewritten, the segments found to be removed. [`Update::save`] renames
    /// the segments into place; dropped unsaved, they are removed.
    pub(crate) fn update(&mut self) -> Update {
        let now = nanos_now();
        let mut segments = std::mem::take(&mut self.written);
        let error = self.write_error.take();
        let fresh = self.written_entries;
        // Taken, not copied: the update is made once, at the end of loading.
        let reused = self
            .reused
            .get_mut()
            .map(|r| by_path(std::mem::take(r)))
            .unwrap_or_default();
        let mut restamped: BTreeMap<&str, Pending<'_>> = BTreeMap::new();
        for (rel, stale) in &reused {
            let Some(entry) = self.get(rel).filter(|_| *stale) else {
                continue;
            };
            let Ok(stamp) = Stamp::read(&self.items_dir.join(rel)) else {
                continue;
            };
            let pending = Pending {
                racy: stamp.is_racy(now),
                stamp,
                ..Pending::of(entry)
            };
            restamped.insert(rel, pending);
        }
        // A file is either read this run or reused, never both.
        let live = reused.len() + fresh;
        let held: usize = self.found.iter().map(|f| f.entries).sum();
        let next = self.first + segments.len() as u64;
        let rewrite = self.untrusted > 0
            || self.found.len() >= MAX_SEGMENTS
            || held + fresh + restamped.len() > 2 * live.max(MIN_SEGMENT);
        tracing::debug!(
            rewrite,
            untrusted = self.untrusted,
            segments = self.found.len(),
            held,
            fresh,
            restamped = restamped.len(),
            live,
            "item cache updated"
        );
        let entries: Vec<Pending<'_>> = if rewrite {
            // Every live entry: those of the files read are written already; the restamped
            // ones win.
            reused
                .iter()
                .filter_map(|(rel, _)| {
                    let entry = self.get(rel)?;
                    Some(
                        restamped
                            .remove(rel.as_str())
                            .unwrap_or_else(|| Pending::of(entry)),
                    )
                })
                .collect()
        } else {
            restamped.into_values().collect()
        };
        let error = error.or_else(|| {
            let parts = segment_parts(entries.len());
            // The bodies this run reads come from the segments they were found in.
            match write_segments(
                &self.dir,
                Written::new(next, true),
                self.key,
                &entries,
                parts,
            ) {
                Ok(more) => {
                    segments.extend(more);
                    None
                }
                Err(e) => Some(e),
            }
        });
        Update {
            dir: self.dir.clone(),
            segments,
            error,
            remove_before: rewrite.then_some(self.first),
        }
    }
}

/// Where each entry's body lies in a segment file: its item file's relative path, the body's
/// offset from the start of the file, length and hash.
type BodiesAt = Vec<(String, RecordBody)>;

/// A segment written to a temporary file: the file, and where each entry's body lies in it
/// (its relative path, and the body's offset from the start of the file, length and hash).
#[derive(Debug)]
struct SegmentWrite {
    prepared: write::Prepared,
    path: PathBuf,
    bodies: BodiesAt,
}

/// The reused files in the order of their paths, each once (the last word on a file asked
/// twice wins, as a map's insert keeps it): the order the segments are written in.
fn by_path(mut reused: Vec<(String, bool)>) -> Vec<(String, bool)> {
    reused.sort_by(|a, b| a.0.cmp(&b.0));
    reused.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 = later.1;
        }
        same
    });
    reused
}

/// The bodies of segments just written (not yet renamed into place), by the relative path of
/// their item file: each opened once, so that a body is read from the file as it was written,
/// whatever name the file has by then.
fn open_bodies(segments: &[SegmentWrite]) -> std::io::Result<FxHashMap<&str, Body>> {
    let mut placed = FxHashMap::with_capacity_and_hasher(
        segments.iter().map(|s| s.bodies.len()).sum(),
        Default::default(),
    );
    for segment in segments {
        let file = Arc::new(SegmentFile {
            file: segment.prepared.open_prepared(&segment.path)?,
            path: segment.path.clone(),
        });
        for (rel, body) in &segment.bodies {
            let body = Body {
                segment: Arc::clone(&file),
                offset: body.offset,
                len: body.len,
                digest: body.digest,
            };
            placed.insert(rel.as_str(), body);
        }
    }
    Ok(placed)
}

/// A file read this run: its path, the path messages show, its diagnostics, its item and the
/// item's base digest, and its stamp and bytes' digest as `collect` read it (when it did).
/// Borrowed from the share being normalised: its diagnostics are the file's own list unless
/// collect also had something to say of it.
pub(crate) type Fresh<'a> = (
    &'a Path,
    &'a str,
    Cow<'a, [Diagnostic]>,
    Option<FreshItem<'a>>,
    Option<ReadAs>,
);

/// An item normalised this run, as the item cache takes it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FreshItem<'a> {
    pub(crate) item: &'a Item,
    /// Its base digest (`documents::base_digest`).
    pub(crate) base: Digest,
    /// Its record's postcard bytes, when they were made with the digest
    /// (`documents::base_digest_and_record`): written into its entry as they are.
    pub(crate) record: Option<&'a [u8]>,
}

/// What a run changes in the item cache (its segments written to temporary files), saved by
/// the run holding the lock.
#[derive(Debug, Default)]
pub(crate) struct Update {
    dir: PathBuf,
    /// The new segments, in temporary files.
    segments: Vec<SegmentWrite>,
    /// Writing them failed.
    error: Option<std::io::Error>,
    /// A rewrite: the segments numbered below this one are removed once the new ones are in
    /// place.
    remove_before: Option<u64>,
}

impl Update {
    /// Renames the new segments into place (removing the ones they replace).
    pub(crate) fn save(self) -> std::io::Result<()> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let flush = write::Flush::before_renames(self.segments.iter().map(|s| &s.prepared));
        for segment in self.segments {
            segment.prepared.commit().map_err(|e| e.source)?;
        }
        flush.after_renames();
        let Some(start) = self.remove_before else {
            return Ok(());
        };
        let read = match fs::read_dir(&self.dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            read => read?,
        };
        for entry in read {
            let entry = entry?;
            let old = segment_number(&entry.path()).is_none_or(|n| n < start);
            if old && entry.file_type()?.is_file() {
                fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }
}

/// How many segments `n` entries are written in: a few rather than one, so that the next run
/// parses them in parallel (about [`SEGMENT_ENTRIES`] each for many, at most
/// `MAX_SEGMENTS / 2`), none smaller than [`MIN_SEGMENT`] entries but for a single one.
fn segment_parts(n: usize) -> usize {
    let most = (2 * rayon::current_num_threads())
        .max(n.div_ceil(SEGMENT_ENTRIES))
        .min(MAX_SEGMENTS / 2);
    (n / MIN_SEGMENT).clamp(1, most)
}

/// How many segments one share of `share` of the `total` files read this run is written in:
/// its part of [`segment_parts`] of the whole, at least one, so that a cold run writes about
/// as many segments as if it wrote them all at once (one per share at 100,000 items, a few
/// per share at 10,000).
fn share_parts(share: usize, total: usize) -> usize {
    (segment_parts(total) * share / total.max(1)).clamp(1, segment_parts(share))
}

/// Where a run's new segments start (their first number) and whether they may skip the page
/// cache (`write::Streamed::direct`): when nothing reads them back this run.
#[derive(Clone, Copy, Debug)]
struct Written {
    start: u64,
    direct: bool,
}

impl Written {
    fn new(start: u64, direct: bool) -> Written {
        Written { start, direct }
    }
}

/// The entries in `parts` segments, each written in parallel, streamed to a temporary file in
/// `dir` (numbered from `written.start`; `write::Streamed`, which compares with a file of that
/// name as `write::prepare` does): only the entries of the segments in flight are held.
fn write_segments(
    dir: &Path,
    written: Written,
    key: RunKey,
    entries: &[Pending<'_>],
    parts: usize,
) -> std::io::Result<Vec<SegmentWrite>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    fs::create_dir_all(dir)?;
    let size = entries.len().div_ceil(parts.max(1)).max(1);
    entries
        .par_chunks(size)
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(segment_name(written.start + i as u64));
            let mut file = write::Streamed::new(&path)?.direct(written.direct);
            let bodies = write_segment(key, chunk, &mut file)?;
            let (prepared, _) = file.finish()?;
            Ok(SegmentWrite {
                prepared,
                path,
                bodies,
            })
        })
        .collect()
}

/// Writes a segment file's bytes to `out`: the head (see [`MAGIC`]), the entries, their
/// bodies; returns where each entry's body lies from the start of the file. An entry whose
/// body, left in an older segment, no longer reads back is left out (its file is read again).
///
/// Streamed rather than gathered into one buffer first: the bodies are most of a segment
/// (about 12 MB at 10,000 items), and a buffer that size was fresh pages to fault in and one
/// more copy of every body, on the cores normalising the next share.
fn write_segment(
    key: RunKey,
    entries: &[Pending<'_>],
    out: &mut impl std::io::Write,
) -> std::io::Result<BodiesAt> {
    let mut records = Vec::with_capacity(entries.len());
    // Held until they are written: the items' own bodies are borrowed, those read back from an
    // older segment owned.
    let mut contents = Vec::with_capacity(entries.len());
    let mut bodies_len = 0;
    for e in entries {
        let Ok(content) = e.content() else {
            continue;
        };
        let body = RecordBody {
            offset: bodies_len,
            len: content.len() as u64,
            digest: bytes_digest(content.as_bytes()),
        };
        bodies_len += body.len;
        records.push((*e, body));
        contents.push(content);
    }
    let meta = encode_records(&records).map_err(std::io::Error::other)?;
    let head = segment_head(key, meta.len() as u64, bodies_len);
    // One gathered write (`write::write_all_vectored`): the bodies are not copied into a
    // buffer first.
    let mut slices = Vec::with_capacity(contents.len() + 2);
    slices.push(std::io::IoSlice::new(&head));
    slices.push(std::io::IoSlice::new(&meta));
    slices.extend(contents.iter().map(|c| std::io::IoSlice::new(c.as_bytes())));
    write::write_all_vectored(out, &mut slices)?;
    let start = (HEAD + meta.len()) as u64;
    let placed = records
        .iter()
        .map(|(e, b)| {
            let at = RecordBody {
                offset: start + b.offset,
                ..*b
            };
            (e.rel.to_owned(), at)
        })
        .collect();
    Ok(placed)
}

/// A segment's head: [`MAGIC`], the cache's format, the run key, and the lengths of the
/// entries and of the bodies that follow it.
fn segment_head(key: RunKey, meta_len: u64, bodies_len: u64) -> [u8; HEAD] {
    let mut head = [0; HEAD];
    let fields: [&[u8]; 5] = [
        MAGIC,
        &super::FORMAT.to_le_bytes(),
        &key.0.to_le_bytes(),
        &meta_len.to_le_bytes(),
        &bodies_len.to_le_bytes(),
    ];
    let mut at = 0;
    for field in fields {
        head[at..at + field.len()].copy_from_slice(field);
        at += field.len();
    }
    head
}

/// The lengths of a segment's entries and bodies, from its head, when it was made under `key`.
fn parse_head(head: &[u8; HEAD], key: RunKey) -> Option<(u64, u64)> {
    let rest = head.strip_prefix(MAGIC)?;
    let (format, rest) = rest.split_first_chunk::<4>()?;
    let (found, rest) = rest.split_first_chunk::<16>()?;
    let (meta, rest) = rest.split_first_chunk::<8>()?;
    let (bodies, _) = rest.split_first_chunk::<8>()?;
    (u32::from_le_bytes(*format) == super::FORMAT && u128::from_le_bytes(*found) == key.0)
        .then(|| (u64::from_le_bytes(*meta), u64::from_le_bytes(*bodies)))
}

/// The entries of the segment at `path` when it was made under `key`, its length is what its
/// head says and its entries decode whole; their bodies are left in the file.
fn read_segment(
    path: &Path,
    key: RunKey,
    items_dir: &Path,
    urls: ItemUrls<'_>,
) -> Option<Vec<Entry>> {
    let decoded = open_segment(path, key, items_dir, urls);
    if decoded.is_none() {
        tracing::debug!(path = %path.display(), "cache of another key, or corrupt; ignored");
    }
    decoded
}

fn open_segment(
    path: &Path,
    key: RunKey,
    items_dir: &Path,
    urls: ItemUrls<'_>,
) -> Option<Vec<Entry>> {
    let mut file = fs::File::open(path).ok()?;
    let mut head = [0; HEAD];
    file.read_exact(&mut head).ok()?;
    let (meta_len, bodies_len) = parse_head(&head, key)?;
    let size = file.metadata().ok()?.len();
    let bodies = (HEAD as u64).checked_add(meta_len)?;
    if bodies.checked_add(bodies_len)? != size {
        return None;
    }
    let mut meta = vec![0; usize::try_from(meta_len).ok()?];
    file.read_exact(&mut meta).ok()?;
    let segment = Arc::new(SegmentFile {
        path: path.to_path_buf(),
        file,
    });
    let mut decoder = postcard::Deserializer::from_bytes(&meta);
    let entries = EntriesSeed {
        items_dir,
        urls,
        segment: &segment,
        bodies: (bodies, bodies_len),
        meta_len: meta.len(),
    }
    .deserialize(&mut decoder)
    .ok()?;
    decoder.finalize().ok()?.is_empty().then_some(entries)
}

/// Decodes a segment's list of entries straight into [`Entry`]s, each record converted as soon
/// as it is read: decoding into a `Vec<RecordEntry>` first, then converting into a
/// `Vec<Entry>`, then moving each entry into the cache's map copied every entry (about 1.5 KB)
/// three times, into fresh memory each time (a third of an add-one build's page faults at
/// 10,000 items). Now an entry is written once, into its segment's list (one allocation of the
/// length the segment gives), where [`ItemCache`] leaves it until it is taken. A record that
/// does not convert ([`RecordEntry::into_entry`]) refuses the whole segment, as before.
struct EntriesSeed<'s> {
    items_dir: &'s Path,
    urls: ItemUrls<'s>,
    segment: &'s Arc<SegmentFile>,
    /// Where the bodies start in the file, and their length.
    bodies: (u64, u64),
    /// The length of the encoded entries: no list of more than one entry per
    /// [`MIN_RECORD`] bytes of it is preallocated, whatever length a damaged segment says.
    meta_len: usize,
}

/// Fewer bytes than any entry's encoding takes (its fixed fields alone take more).
const MIN_RECORD: usize = 32;

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Vec<Entry>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed<'_> {
    type Value = Vec<Entry>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of item cache entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let most = self.meta_len / MIN_RECORD + 1;
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(most));
        while let Some(record) = seq.next_element::<RecordEntry>()? {
            let entry = record
                .into_entry(self.items_dir, self.urls, self.segment, self.bodies)
                .ok_or_else(|| serde::de::Error::custom("an entry that does not convert"))?;
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// The entries with their bodies read into their items; an entry whose body does not read back
/// is dropped.
fn read_bodies(entries: Vec<Entry>) -> Vec<Entry> {
    entries
        .into_iter()
        .filter_map(|mut e| {
            if let Some(body) = e.body.take() {
                e.item.content_html = body.read().ok()?;
            }
            Some(e)
        })
        .collect()
}

/// The number of the segment file at `path`; `None` for any other file.
fn segment_number(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    let digits = name.strip_prefix("seg-")?.strip_suffix(".bin")?;
    (digits.len() == 20 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The file name of segment `number`.
fn segment_name(number: u64) -> String {
    format!("seg-{number:020}.bin")
}

/// The hash of a file's bytes.
pub(crate) fn bytes_digest(bytes: &[u8]) -> Digest {
    Hash::new().field(bytes).finish()
}

/// Whether normalising the file would give the same on any later run with the same bytes.
fn cacheable(item: &Item, diagnostics: &[Diagnostic], shown: &str) -> bool {
    let from_history = diagnostics
        .iter()
        .any(|d| matches!(d.guess, Some(Guess::DateFromHistory | Guess::DateFirstSeen)));
    // Whether an image of its text is beside it is read from the folder, not from the file.
    let images = item
        .attachment_refs
        .iter()
        .any(|r| r.kind == crate::model::AttachmentKind::Inline);
    !from_history && !images && !shown.chars().any(char::is_control)
}

/// Whether `item`'s publication or update date is at or after `now_ns` (nanoseconds since the
/// epoch): what normalise says of it changes as the clock passes (`Entry::judged_at`).
fn dated_ahead(item: &Item, now_ns: i128) -> bool {
    [&item.published.value, &item.updated.value]
        .iter()
        .any(|d| i128::from(d.timestamp()) * 1_000_000_000 >= now_ns)
}

/// The release clock of this run (`types::clock`, read once), in nanoseconds since the epoch.
fn release_now_ns() -> i128 {
    crate::types::clock::now()
        .timestamp_nanos_opt()
        .map_or(i128::MIN, i128::from)
}

/// What [`ItemCache::known_fresh`] knows of a file read this run whose entry may be cached: its
/// path under the items folder, stamp, bytes' hash and `Entry::judged_at`.
type KnownFresh = (String, Stamp, Digest, Option<i128>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_files_are_listed_by_path_once_the_last_word_winning() {
        let asked = |list: &[(&str, bool)]| -> Vec<(String, bool)> {
            list.iter().map(|(r, s)| ((*r).to_owned(), *s)).collect()
        };
        // The walk's order: a folder's files before a sibling named with a `-` after its name.
        let reused = asked(&[
            ("2021/a/x.md", false),
            ("2021/a-b.md", true),
            ("2020/z.md", false),
            ("2021/a-b.md", false),
        ]);
        assert_eq!(
            by_path(reused),
            asked(&[
                ("2020/z.md", false),
                ("2021/a-b.md", false),
                ("2021/a/x.md", false),
            ])
        );
    }

    #[test]
    fn the_stamp_and_digest_collect_read_are_those_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let items = dir.path().join("items");
        fs::create_dir_all(items.join("2024")).unwrap();
        let texts = [
            (
                "2024/a.md",
                "+++\ntitle = \"A\"\n+++\r\nBody.\r\n".to_owned(),
            ),
            ("b.md", format!("\u{feff}# B\n\n{}\n", "word ".repeat(5000))),
            ("c.txt", String::new()),
        ];
        for (rel, text) in &texts {
            fs::write(items.join(rel), text).unwrap();
        }
        let walk =
            crate::collect::walk_with(&items, &|p| p.display().to_string(), &|_, _| false, None)
                .unwrap()
                .digesting(bytes_digest);
        let limits = crate::types::limits::Limits::default();
        let collected = walk.read_in_shares(&limits, 2, &mut |_, _| {});
        assert_eq!(collected.files.len(), texts.len());
        for file in &collected.files {
            let read = file.read_as.expect("stamped and digested");
            let again = ItemCache::read_again(&file.path).unwrap();
            assert_eq!((read.stamp, read.digest), again, "{}", file.path.display());
        }
    }

    fn entries() -> Vec<Entry> {
        let item = super::super::record::tests::item();
        ["a.md", "b/c.md"]
            .iter()
            .enumerate()
            .map(|(i, rel)| Entry {
                rel: (*rel).to_owned(),
                stamp: Stamp {
                    size: 10 + i as u64,
                    inode: 7,
                    mtime_ns: -1,
                    ctime_ns: 1_700_000_000_000_000_000,
                },
                racy: i == 0,
                bytes: u128::MAX - i as u128,
                base: 42,
                shown: format!("items/{rel}"),
                diagnostics: vec![Diagnostic {
                    path: format!("items/{rel}"),
                    line: None,
                    severity: crate::diag::Severity::Warning,
                    message: "w".to_owned(),
                    guess: Some(Guess::DateFirstSeen),
                    span: None,
                    help: Some("h".to_owned()),
                    code: None,
                }],
                // Both kinds: an item whose dates had passed, and one dated ahead.
                judged_at: (i == 1).then_some(1_800_000_000_000_000_000),
                item: Item {
                    content_html: format!("<p>body of {rel}</p>"),
                    ..item.clone()
                },
                body: None,
            })
            .collect()
    }

    /// A segment's bytes, as [`write_segments`] writes them to its file.
    fn encode_segment(
        key: RunKey,
        entries: &[Pending<'_>],
    ) -> std::io::Result<(Vec<u8>, BodiesAt)> {
        let mut bytes = Vec::new();
        let placed = write_segment(key, entries, &mut bytes)?;
        Ok((bytes, placed))
    }

    /// The segment file is laid out as the format says, byte for byte (as it was when the
    /// segment was gathered into one buffer before it was written): the head, the entries as
    /// `postcard` encodes them, the bodies one after another; each body where its entry says.
    #[test]
    fn a_segment_file_holds_the_head_the_entries_and_the_bodies() {
        let entries = entries();
        let pending: Vec<Pending<'_>> = entries.iter().map(Pending::of).collect();
        let dir = tempfile::tempdir().unwrap();
        let written =
            write_segments(dir.path(), Written::new(3, true), RunKey(5), &pending, 1).unwrap();
        let [segment] = &written[..] else {
            panic!("one segment: {written:?}");
        };
        let records: Vec<(Pending<'_>, RecordBody)> = pending
            .iter()
            .scan(0, |offset, e| {
                let body = e.item.content_html.as_bytes();
                let record = RecordBody {
                    offset: *offset,
                    len: body.len() as u64,
                    digest: bytes_digest(body),
                };
                *offset += record.len;
                Some((*e, record))
            })
            .collect();
        // The reference: postcard's encoding of the entries' list, record by record.
        let listed: Vec<RecordEntry> = records
            .iter()
            .map(|(e, b)| RecordEntry::from_pending(e, *b))
            .collect();
        let meta = postcard::to_stdvec(&listed).unwrap();
        let bodies: Vec<u8> = entries
            .iter()
            .flat_map(|e| e.item.content_html.bytes())
            .collect();
        let mut expected = MAGIC.to_vec();
        expected.extend_from_slice(&super::super::FORMAT.to_le_bytes());
        expected.extend_from_slice(&5u128.to_le_bytes());
        expected.extend_from_slice(&(meta.len() as u64).to_le_bytes());
        expected.extend_from_slice(&(bodies.len() as u64).to_le_bytes());
        expected.extend_from_slice(&meta);
        expected.extend_from_slice(&bodies);

        let mut file = segment.prepared.open_prepared(&segment.path).unwrap();
        let mut on_disk = Vec::new();
        file.read_to_end(&mut on_disk).unwrap();
        assert_eq!(on_disk, expected);
        assert_eq!(encode_segment(RunKey(5), &pending).unwrap().0, expected);
        // Records encoded beforehand (as a share's items are, with their digests) are spliced
        // in as they are: the same bytes.
        let encoded: Vec<Vec<u8>> = entries
            .iter()
            .map(|e| RecordItem::encode(&e.item).unwrap())
            .collect();
        let with_records: Vec<Pending<'_>> = pending
            .iter()
            .zip(&encoded)
            .map(|(p, record)| Pending {
                record: Some(record),
                ..*p
            })
            .collect();
        assert_eq!(
            encode_segment(RunKey(5), &with_records).unwrap().0,
            expected
        );
        for ((rel, at), e) in segment.bodies.iter().zip(&entries) {
            assert_eq!(rel, &e.rel);
            let range = at.offset as usize..(at.offset + at.len) as usize;
            assert_eq!(&on_disk[range], e.item.content_html.as_bytes());
        }
    }

    /// The entries of segment bytes, read as a file: `None` when refused.
    fn decode_segment(bytes: &[u8], key: RunKey, items_dir: &Path) -> Option<Vec<Entry>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(segment_name(0));
        fs::write(&path, bytes).unwrap();
        open_segment(&path, key, items_dir, ItemUrls::default())
    }

    #[test]
    fn a_segment_decodes_to_its_entries_under_its_key_only() {
        let dir = Path::new("/items");
        let entries = entries();
        let pending: Vec<Pending<'_>> = entries.iter().map(Pending::of).collect();
        let bytes = encode_segment(RunKey(5), &pending).unwrap().0;
        let back = decode_segment(&bytes, RunKey(5), dir).unwrap();
        assert_eq!(back.len(), 2);
        for (a, b) in back.iter().zip(&entries) {
            assert_eq!(
                (&a.rel, a.stamp, a.racy, a.bytes),
                (&b.rel, b.stamp, b.racy, b.bytes)
            );
            assert_eq!(
                (a.base, &a.shown, &a.diagnostics, a.judged_at),
                (b.base, &b.shown, &b.diagnostics, b.judged_at)
            );
            // The body is left in the segment, read back on demand (the file is removed by
            // now: the open segment keeps it).
            assert_eq!(a.item.content_html, "");
            let body = a.body.as_ref().unwrap();
            assert_eq!(body.len(), b.item.content_html.len());
            assert_eq!(
                Item {
                    content_html: body.read().unwrap(),
                    ..a.item.clone()
                },
                Item {
                    file: dir.join(&a.rel),
                    ..b.item.clone()
                }
            );
        }
        assert!(
            decode_segment(&bytes, RunKey(6), dir).is_none(),
            "another key"
        );
    }

    #[test]
    fn a_damaged_segment_is_refused_whole() {
        let entries = entries();
        let pending: Vec<Pending<'_>> = entries.iter().map(Pending::of).collect();
        let bytes = encode_segment(RunKey(5), &pending).unwrap().0;
        let mut longer = bytes.clone();
        longer.push(0);
        for damaged in [
            &bytes[..bytes.len() - 1],
            &bytes[..MAGIC.len() + 3],
            &bytes[1..],
            &longer[..],
            b"",
            b"[]",
        ] {
            assert!(decode_segment(damaged, RunKey(5), Path::new("/i")).is_none());
        }
    }

    /// A byte of a body changed after the segment was loaded: the body is refused when read,
    /// naming the segment, and a rewrite leaves its entry out (its file is read again).
    #[test]
    fn a_body_damaged_after_loading_is_refused_when_read() {
        let entries = entries();
        let pending: Vec<Pending<'_>> = entries.iter().map(Pending::of).collect();
        let bytes = encode_segment(RunKey(5), &pending).unwrap().0;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(segment_name(3));
        fs::write(&path, &bytes).unwrap();
        let loaded = open_segment(&path, RunKey(5), Path::new("/i"), ItemUrls::default()).unwrap();
        let mut damaged = bytes.clone();
        let last = damaged.len() - 5;
        damaged[last] ^= 0x20;
        fs::write(&path, &damaged).unwrap();
        let first = loaded[0].body.as_ref().unwrap().read().unwrap();
        assert_eq!(first, "<p>body of a.md</p>", "the first body is intact");
        let error = loaded[1].body.as_ref().unwrap().read().unwrap_err();
        assert_eq!(error.path, path);
        assert!(error.to_string().contains("hash"), "{error}");
        let again: Vec<Pending<'_>> = loaded.iter().map(Pending::of).collect();
        let rewritten = encode_segment(RunKey(5), &again).unwrap().0;
        let back = decode_segment(&rewritten, RunKey(5), Path::new("/i")).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].rel, "a.md");
        // Loaded eagerly, the damaged entry is dropped.
        let eager = read_bodies(
            open_segment(&path, RunKey(5), Path::new("/i"), ItemUrls::default()).unwrap(),
        );
        assert_eq!(eager.len(), 1);
        assert_eq!(eager[0].item.content_html, "<p>body of a.md</p>");
    }

    /// The decoding this module had before [`EntriesSeed`]: the whole list of records first,
    /// then each converted. The reference the streamed decoding is checked against.
    fn open_segment_in_two_steps(path: &Path, key: RunKey, items_dir: &Path) -> Option<Vec<Entry>> {
        let mut file = fs::File::open(path).ok()?;
        let mut head = [0; HEAD];
        file.read_exact(&mut head).ok()?;
        let (meta_len, bodies_len) = parse_head(&head, key)?;
        let bodies = (HEAD as u64).checked_add(meta_len)?;
        if bodies.checked_add(bodies_len)? != file.metadata().ok()?.len() {
            return None;
        }
        let mut meta = vec![0; usize::try_from(meta_len).ok()?];
        file.read_exact(&mut meta).ok()?;
        let (records, rest) = postcard::take_from_bytes::<Vec<RecordEntry>>(&meta).ok()?;
        if !rest.is_empty() {
            return None;
        }
        let segment = Arc::new(SegmentFile {
            path: path.to_path_buf(),
            file,
        });
        records
            .into_iter()
            .map(|r| {
                r.into_entry(
                    items_dir,
                    ItemUrls::default(),
                    &segment,
                    (bodies, bodies_len),
                )
            })
            .collect()
    }

    /// What two decodings of one segment must agree on (an open file's handle aside).
    fn shape(e: &Entry) -> String {
        let body = e.body.as_ref().map(|b| (b.offset, b.len, b.digest));
        format!(
            "{:?}",
            (
                &e.rel,
                e.stamp,
                e.racy,
                e.bytes,
                e.base,
                &e.shown,
                &e.diagnostics,
                &e.item,
                body
            )
        )
    }

    proptest::proptest! {
        /// The streamed decoding gives the entries the two-step one gave, and refuses what it
        /// refused, on segments cut short or with one byte changed anywhere.
        #[test]
        fn streamed_decoding_is_the_two_step_decoding(
            cut in proptest::option::of(0usize..4096),
            flip in proptest::option::of((0usize..4096, 1u8..=255)),
        ) {
            let entries = entries();
            let pending: Vec<Pending<'_>> = entries.iter().map(Pending::of).collect();
            let mut bytes = encode_segment(RunKey(5), &pending).unwrap().0;
            if let Some((at, x)) = flip {
                let at = at % bytes.len();
                bytes[at] ^= x;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut % (bytes.len() + 1));
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(segment_name(0));
            fs::write(&path, &bytes).unwrap();
            let items = Path::new("/items");
            let streamed = open_segment(&path, RunKey(5), items, ItemUrls::default())
                .map(|v| v.iter().map(shape).collect::<Vec<_>>());
            let reference = open_segment_in_two_steps(&path, RunKey(5), items)
                .map(|v| v.iter().map(shape).collect::<Vec<_>>());
            proptest::prop_assert_eq!(streamed, reference);
        }
    }

    #[test]
    fn only_segment_files_are_numbered() {
        assert_eq!(segment_number(Path::new(&segment_name(12))), Some(12));
        // The JSON segments of the format before are no segments: the next write removes them.
        assert_eq!(
            segment_number(Path::new("seg-00000000000000000012.json")),
            None
        );
        assert_eq!(segment_number(Path::new("seg-12.bin")), None);
    }
}
