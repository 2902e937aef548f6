//! Each item file's normalised form, so that a run reads and normalises only new or changed
//! files.
//!
//! One small JSON file per item file, in `<state_dir>/items/`, named by the hash of the file's
//! path relative to the items folder (so a run writes only the entries that changed, and a
//! corrupt entry costs one file). An entry holds the [`RunKey`] it was made under, the file's
//! [`Stamp`] and the hash of its bytes, what `collect` and `normalise` said about it (its
//! diagnostics, the path messages show) and the item itself, before anything decided across
//! items (duplicate ids, the published record, translations: `normalise::settle` runs every
//! time).
//!
//! A file is taken from the cache when its entry has this run's key and either its stamp is
//! unchanged (and was not taken within a clock tick of a change, see `Stamp::is_racy`) or its
//! bytes hash the same (a `touch`, a fresh checkout). What could come out differently on another
//! run is never cached: an item with errors, an item dated by its history (git or first seen),
//! an item dated ahead of the clock (its warning goes when the date passes), a file whose name
//! holds control characters.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{hex, nanos_now, Digest, Hash, RunKey, Stamp};
use crate::diag::{Diagnostic, Guess};
use crate::model::Item;
use crate::write;

/// The folder of the entries, in the state folder.
pub(crate) const DIR: &str = "items";

/// One item file's normalised form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    #[serde(with = "hex")]
    key: Digest,
    /// The path relative to the items folder, `/`-separated.
    rel: String,
    stamp: Stamp,
    /// The stamp was taken within a clock tick of the file's last change: not enough alone.
    racy: bool,
    #[serde(with = "hex")]
    bytes: Digest,
    /// The item's digest as this file makes it (`documents::base_digest`).
    #[serde(with = "hex")]
    pub(crate) base: Digest,
    /// The file as messages show it.
    pub(crate) shown: String,
    /// What collect and normalise said about the file.
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) item: Item,
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
    /// Entries reused this run, by relative path; marked stale when only their bytes vouched.
    reused: Mutex<BTreeMap<String, bool>>,
}

impl ItemCache {
    /// The entries in `state_dir` made under `key`; none when `enabled` is false.
    pub(crate) fn load(state_dir: &Path, items_dir: &Path, key: RunKey, enabled: bool) -> Self {
        let start_ns = nanos_now();
        let dir = state_dir.join(DIR);
        let mut entries = BTreeMap::new();
        if enabled {
            let paths: Vec<PathBuf> = fs::read_dir(&dir)
                .map(|read| read.filter_map(|e| Some(e.ok()?.path())).collect())
                .unwrap_or_default();
            entries = paths
                .par_iter()
                .filter_map(|p| {
                    let entry = serde_json::from_slice::<Entry>(&fs::read(p).ok()?).ok()?;
                    let named = p.file_name()? == entry_name(&entry.rel).as_str();
                    (named && entry.key == key.0).then(|| (entry.rel.clone(), entry))
                })
                .collect();
        }
        ItemCache {
            key,
            dir,
            items_dir: items_dir.to_path_buf(),
            start_ns,
            entries,
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

    /// The entries to write for the files read this run (`fresh`: each file read, as messages
    /// show it, its diagnostics and its item), and the reused entries whose stamp changed.
    pub(crate) fn update(&self, fresh: Vec<Fresh>) -> Update {
        let now = nanos_now();
        let mut write: Vec<Entry> = fresh
            .into_par_iter()
            .filter_map(|(path, shown, diagnostics, item)| {
                let (item, base) = item?;
                // Judged at the start of the run: a date ahead of the clock when normalise
                // looked is ahead of it then too.
                if !cacheable(&item, &diagnostics, &shown, self.start_ns) {
                    return None;
                }
                // The bytes are read again: they must be the ones collect read, so a file
                // changed since this run began is not cached, nor one changing while read.
                let stamp = Stamp::read(&path).ok()?;
                if stamp.ctime_ns >= self.start_ns {
                    return None;
                }
                let bytes = bytes_digest(&fs::read(&path).ok()?);
                (Stamp::read(&path).ok()? == stamp).then(|| Entry {
                    key: self.key.0,
                    rel: crate::published::relative_file(&self.items_dir, &path),
                    racy: stamp.is_racy(now),
                    stamp,
                    bytes,
                    base,
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
            write.push(Entry {
                racy: stamp.is_racy(now),
                stamp,
                ..entry.clone()
            });
        }
        let mut keep: BTreeSet<String> = reused.into_keys().map(|r| entry_name(&r)).collect();
        keep.extend(write.iter().map(|e| entry_name(&e.rel)));
        Update {
            dir: self.dir.clone(),
            write,
            keep,
        }
    }
}

/// A file read this run: its path, the path messages show, its diagnostics, its item and the
/// item's base digest.
pub(crate) type Fresh = (PathBuf, String, Vec<Diagnostic>, Option<(Item, Digest)>);

/// What a run changes in the item cache, saved by the run holding the lock.
#[derive(Debug, Default)]
pub(crate) struct Update {
    dir: PathBuf,
    write: Vec<Entry>,
    /// Entry file names still in use; every other entry is removed.
    keep: BTreeSet<String>,
}

impl Update {
    /// Writes the new entries and removes those of files no longer read or reused.
    pub(crate) fn save(&self) -> std::io::Result<()> {
        if self.dir.as_os_str().is_empty() {
            return Ok(());
        }
        fs::create_dir_all(&self.dir)?;
        let prepared = self
            .write
            .par_iter()
            .map(|e| {
                let json = serde_json::to_vec(e).map_err(std::io::Error::other)?;
                write::prepare(&self.dir.join(entry_name(&e.rel)), &json)
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        let flush = write::Flush::before_renames(&prepared);
        for p in prepared {
            p.commit().map_err(|e| e.source)?;
        }
        flush.after_renames();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let stale = name.to_str().is_none_or(|n| !self.keep.contains(n));
            if stale && entry.file_type()?.is_file() {
                fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }
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
    !from_history && !ahead && !shown.chars().any(char::is_control)
}

/// The entry file of the item file at `rel`.
fn entry_name(rel: &str) -> String {
    format!("{:032x}.json", Hash::new().field(rel.as_bytes()).finish())
}
