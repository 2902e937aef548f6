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
//! parallel) and the others are removed: a cold run writes a few files, not one per item. A
//! segment of another key or that does not parse is ignored (its files are read again) and
//! removed at the next rewrite.
//!
//! An entry holds the file's [`Stamp`] and the hash of its bytes, what `collect` and
//! `normalise` said about it (its diagnostics, the path messages show) and the item itself,
//! before anything decided across items (duplicate ids, the published record, translations:
//! `normalise::settle` runs every time).
//!
//! A file is taken from the cache when its entry has this run's key and either its stamp is
//! unchanged (and was not taken within a clock tick of a change, see `Stamp::is_racy`) or its
//! bytes hash the same (a `touch`, a fresh checkout). What could come out differently on another
//! run is never cached: an item with errors, an item dated by its history (git or first seen),
//! an item dated ahead of the clock (its warning goes when the date passes), a file whose name
//! holds control characters, an item whose Markdown shows images of relative paths (whether
//! each file is there decides its link).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::record::{RecordDiagnostic, RecordItem};
use super::{nanos_now, Digest, Hash, RunKey, Stamp};
use crate::diag::{Diagnostic, Guess};
use crate::model::Item;
use crate::write;

/// The folder of the entries, in the state folder.
pub(crate) const DIR: &str = "items";

/// Segments beyond this many are merged at the next write.
const MAX_SEGMENTS: usize = 32;

/// Entries per segment below which a rewrite does not split its entries further.
const MIN_SEGMENT: usize = 512;

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
    pub(crate) item: Item,
}

/// One entry as a segment file holds it (`record`: plain types, no field names).
#[derive(Debug, Serialize, Deserialize)]
struct RecordEntry {
    rel: String,
    stamp: Stamp,
    racy: bool,
    bytes: Digest,
    base: Digest,
    shown: String,
    diagnostics: Vec<RecordDiagnostic>,
    item: RecordItem,
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
    item: &'a Item,
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
            item: &e.item,
        }
    }
}

/// A share of the pending entries, serialised as the list a segment holds.
struct Records<'p, 'a>(&'p [Pending<'a>]);

impl Serialize for Records<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(RecordEntry::from_pending))
    }
}

impl RecordEntry {
    fn from_pending(e: &Pending<'_>) -> RecordEntry {
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
            item: RecordItem::from_item(e.item),
        }
    }

    /// The entry, its item's file under `items_dir`.
    fn into_entry(self, items_dir: &Path) -> Option<Entry> {
        let file = items_dir.join(&self.rel);
        Some(Entry {
            item: self.item.into_item(file)?,
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
        })
    }
}

/// The head of a segment file: the magic bytes, then the format and key, each in postcard.
const MAGIC: &[u8] = b"communique-items\n";

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
    entries: BTreeMap<String, Entry>,
    /// The segment files found, in order.
    found: Vec<Found>,
    /// Files of the folder that are no segment of this key (another key, corrupt, an older
    /// layout): the next write rewrites the segments and removes them.
    untrusted: usize,
    /// Entries reused this run, by relative path; marked stale when only their bytes vouched.
    reused: Mutex<BTreeMap<String, bool>>,
}

impl ItemCache {
    /// The entries in `state_dir` made under `key`; none when `enabled` is false.
    pub(crate) fn load(state_dir: &Path, items_dir: &Path, key: RunKey, enabled: bool) -> Self {
        let start_ns = nanos_now();
        let dir = state_dir.join(DIR);
        let mut entries = BTreeMap::new();
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
            let segments: Vec<(u64, Option<Vec<Entry>>)> = files
                .par_iter()
                .filter_map(|(n, path)| Some(((*n)?, read_segment(path, key, items_dir))))
                .collect();
            for (number, segment) in segments {
                let entries_of = segment.unwrap_or_default();
                if entries_of.is_empty() {
                    untrusted += 1;
                }
                found.push(Found {
                    number,
                    entries: entries_of.len(),
                });
                entries.extend(entries_of.into_iter().map(|e| (e.rel.clone(), e)));
            }
        }
        ItemCache {
            key,
            dir,
            items_dir: items_dir.to_path_buf(),
            start_ns,
            entries,
            found,
            untrusted,
            reused: Mutex::new(BTreeMap::new()),
        }
    }

    /// Whether the file at `path` (under the items folder) is what its entry describes: the
    /// hook `collect` asks before reading a file.
    pub(crate) fn reuse(&self, path: &Path) -> bool {
        let rel = crate::published::relative_file(&self.items_dir, path);
        let Some(entry) = self.entries.get(&rel) else {
            return false;
        };
        let Ok(stamp) = Stamp::read(path) else {
            return false;
        };
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
                reused.insert(rel, stale);
            }
        }
        fresh
    }

    /// The entry of a reused file.
    pub(crate) fn entry(&self, path: &Path) -> Option<&Entry> {
        let rel = crate::published::relative_file(&self.items_dir, path);
        self.entries.get(&rel)
    }

    /// The entry of a reused file, taken out of the cache (after [`ItemCache::update`], which
    /// needs them all).
    pub(crate) fn take(&mut self, path: &Path) -> Option<Entry> {
        let rel = crate::published::relative_file(&self.items_dir, path);
        self.entries.remove(&rel)
    }

    /// The segments to write for the files read this run (`fresh`: each file read, as
    /// messages show it, its diagnostics and its item), and for the reused entries whose stamp
    /// changed: encoded now, so that the caller holds their bytes, not a copy of the items.
    pub(crate) fn update(&self, fresh: Vec<Fresh<'_>>) -> Update {
        let now = nanos_now();
        // What is known of each file read: its path under the items folder and its stamp.
        let known: Vec<Option<(String, Stamp, Digest)>> = fresh
            .par_iter()
            .map(|(path, shown, diagnostics, item)| {
                let (item, _) = item.as_ref()?;
                // Judged at the start of the run: a date ahead of the clock when normalise
                // looked is ahead of it then too. The release clock may be set back (for
                // tests), and normalise's warnings about dates ahead follow it: the earlier one.
                let release_ns = crate::types::clock::now()
                    .timestamp_nanos_opt()
                    .map_or(i128::MIN, i128::from);
                if !cacheable(item, diagnostics, shown, self.start_ns.min(release_ns)) {
                    return None;
                }
                // The bytes are read again: they must be the ones collect read, so a file
                // changed since this run began is not cached, nor one changing while read.
                let stamp = Stamp::read(path).ok()?;
                if stamp.ctime_ns >= self.start_ns {
                    return None;
                }
                let bytes = bytes_digest(&fs::read(path).ok()?);
                (Stamp::read(path).ok()? == stamp).then(|| {
                    let rel = crate::published::relative_file(&self.items_dir, path);
                    (rel, stamp, bytes)
                })
            })
            .collect();
        let mut write: Vec<Pending<'_>> = fresh
            .iter()
            .zip(&known)
            .filter_map(|((_, shown, diagnostics, item), known)| {
                let ((item, base), (rel, stamp, bytes)) = (item.as_ref()?, known.as_ref()?);
                Some(Pending {
                    rel,
                    stamp: *stamp,
                    racy: stamp.is_racy(now),
                    bytes: *bytes,
                    base: *base,
                    shown,
                    diagnostics,
                    item,
                })
            })
            .collect();
        let reused = self.reused.lock().map(|r| r.clone()).unwrap_or_default();
        for (rel, stale) in &reused {
            let Some(entry) = self.entries.get(rel).filter(|_| *stale) else {
                continue;
            };
            let Ok(stamp) = Stamp::read(&self.items_dir.join(rel)) else {
                continue;
            };
            write.push(Pending {
                racy: stamp.is_racy(now),
                stamp,
                ..Pending::of(entry)
            });
        }
        let live: BTreeSet<&str> = reused
            .keys()
            .map(String::as_str)
            .chain(write.iter().map(|e| e.rel))
            .collect();
        let held: usize = self.found.iter().map(|f| f.entries).sum();
        let next = self.found.last().map_or(0, |f| f.number + 1);
        let rewrite = self.untrusted > 0
            || self.found.len() >= MAX_SEGMENTS
            || held + write.len() > 2 * live.len().max(MIN_SEGMENT);
        let plan = if rewrite {
            // Every live entry, the fresh ones winning.
            let mut all: BTreeMap<&str, Pending<'_>> = live
                .iter()
                .filter_map(|rel| Some((*rel, Pending::of(self.entries.get(*rel)?))))
                .collect();
            all.extend(write.iter().map(|e| (e.rel, *e)));
            let all: Vec<Pending<'_>> = all.into_values().collect();
            Plan::Rewrite {
                start: next,
                segments: encode_segments(self.key, &all),
            }
        } else if write.is_empty() {
            Plan::Keep
        } else {
            Plan::Append {
                number: next,
                segments: encode_segments(self.key, &write),
            }
        };
        Update {
            dir: self.dir.clone(),
            plan,
        }
    }
}

/// What a run does to the segment files.
#[derive(Debug, Default)]
enum Plan {
    /// Nothing changed.
    #[default]
    Keep,
    /// New segments, numbered from `number`, of the entries made this run.
    Append {
        number: u64,
        segments: std::io::Result<Vec<Vec<u8>>>,
    },
    /// Every live entry, in segments numbered from `start`; every other file is removed.
    Rewrite {
        start: u64,
        segments: std::io::Result<Vec<Vec<u8>>>,
    },
}

/// A file read this run: its path, the path messages show, its diagnostics, its item and the
/// item's base digest.
pub(crate) type Fresh<'a> = (PathBuf, String, Vec<Diagnostic>, Option<(&'a Item, Digest)>);

/// What a run changes in the item cache (its segments encoded), saved by the run holding the
/// lock.
#[derive(Debug, Default)]
pub(crate) struct Update {
    dir: PathBuf,
    plan: Plan,
}

impl Update {
    /// Writes the new segments (removing the ones they replace).
    pub(crate) fn save(self) -> std::io::Result<()> {
        if self.dir.as_os_str().is_empty() {
            return Ok(());
        }
        let (start, segments, rewrite) = match self.plan {
            Plan::Keep => return Ok(()),
            Plan::Append { number, segments } => (number, segments?, false),
            Plan::Rewrite { start, segments } => (start, segments?, true),
        };
        fs::create_dir_all(&self.dir)?;
        let prepared = segments
            .par_iter()
            .enumerate()
            .map(|(i, bytes)| write::prepare(&self.dir.join(segment_name(start + i as u64)), bytes))
            .collect::<std::io::Result<Vec<_>>>()?;
        drop(segments);
        let flush = write::Flush::before_renames(&prepared);
        for p in prepared {
            p.commit().map_err(|e| e.source)?;
        }
        flush.after_renames();
        if rewrite {
            for entry in fs::read_dir(&self.dir)? {
                let entry = entry?;
                let old = segment_number(&entry.path()).is_none_or(|n| n < start);
                if old && entry.file_type()?.is_file() {
                    fs::remove_file(entry.path())?;
                }
            }
        }
        Ok(())
    }
}

/// The entries in a few segments rather than one, so that the next run parses them in
/// parallel, each encoded in parallel.
fn encode_segments(key: RunKey, entries: &[Pending<'_>]) -> std::io::Result<Vec<Vec<u8>>> {
    let parts = (entries.len() / MIN_SEGMENT).clamp(1, 2 * rayon::current_num_threads());
    let size = entries.len().div_ceil(parts).max(1);
    entries
        .par_chunks(size)
        .map(|chunk| encode_segment(key, chunk).map_err(std::io::Error::other))
        .collect()
}

/// A segment file's bytes: [`MAGIC`], the format, the key, then the entries.
fn encode_segment(key: RunKey, entries: &[Pending<'_>]) -> postcard::Result<Vec<u8>> {
    let mut bytes = MAGIC.to_vec();
    bytes = postcard::to_extend(&super::FORMAT, bytes)?;
    bytes = postcard::to_extend(&key.0, bytes)?;
    postcard::to_extend(&Records(entries), bytes)
}

/// The entries of the segment at `path` when it was made under `key` and decodes.
fn read_segment(path: &Path, key: RunKey, items_dir: &Path) -> Option<Vec<Entry>> {
    let bytes = fs::read(path).ok()?;
    let decoded = decode_segment(&bytes, key, items_dir);
    if decoded.is_none() {
        tracing::debug!(path = %path.display(), "cache of another key, or corrupt; ignored");
    }
    decoded
}

/// The entries of a segment file's bytes, when they were made under `key` and decode whole.
fn decode_segment(bytes: &[u8], key: RunKey, items_dir: &Path) -> Option<Vec<Entry>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (format, rest) = postcard::take_from_bytes::<u32>(rest).ok()?;
    let (found, rest) = postcard::take_from_bytes::<Digest>(rest).ok()?;
    if format != super::FORMAT || found != key.0 {
        return None;
    }
    let (records, rest) = postcard::take_from_bytes::<Vec<RecordEntry>>(rest).ok()?;
    if !rest.is_empty() {
        return None;
    }
    records
        .into_iter()
        .map(|r| r.into_entry(items_dir))
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
fn cacheable(item: &Item, diagnostics: &[Diagnostic], shown: &str, now_ns: i128) -> bool {
    let from_history = diagnostics
        .iter()
        .any(|d| matches!(d.guess, Some(Guess::DateFromHistory | Guess::DateFirstSeen)));
    let ahead = [&item.published.value, &item.updated.value]
        .iter()
        .any(|d| i128::from(d.timestamp()) * 1_000_000_000 >= now_ns);
    // Whether an image of its text is beside it is read from the folder, not from the file.
    let images = item
        .attachment_refs
        .iter()
        .any(|r| r.kind == crate::model::AttachmentKind::Inline);
    !from_history && !ahead && !images && !shown.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                item: item.clone(),
            })
            .collect()
    }

    #[test]
    fn a_segment_decodes_to_its_entries_under_its_key_only() {
        let dir = Path::new("/items");
        let entries = entries();
        let pending: Vec<Pending<'_>> = entries.iter().map(Pending::of).collect();
        let bytes = encode_segment(RunKey(5), &pending).unwrap();
        let back = decode_segment(&bytes, RunKey(5), dir).unwrap();
        assert_eq!(back.len(), 2);
        for (a, b) in back.iter().zip(&entries) {
            assert_eq!(
                (&a.rel, a.stamp, a.racy, a.bytes),
                (&b.rel, b.stamp, b.racy, b.bytes)
            );
            assert_eq!(
                (a.base, &a.shown, &a.diagnostics),
                (b.base, &b.shown, &b.diagnostics)
            );
            assert_eq!(
                a.item,
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
        let bytes = encode_segment(RunKey(5), &pending).unwrap();
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
