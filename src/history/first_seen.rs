//! `<state_dir>/first_seen.json`: the moment this instance first saw each item file that has no
//! date anywhere else, so that the date never moves from run to run.
//!
//! Records are keyed by the file's path relative to the items folder. A file renamed with `mv`
//! keeps its inode, so a record whose file is gone passes to a new file with the same inode;
//! a copy is a new file with a new date. Only a run holding the instance lock (`build`,
//! `publish`) saves the table; `check` and `items` show what such a run would record. The file
//! is outside `state.bin` on purpose: invalidating the no-op state must never forget a date.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The table's file name inside the state folder.
pub(crate) const FILE: &str = "first_seen.json";

/// Bumped if the meaning of the file changes.
const FORMAT: u32 = 1;

/// One file's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// When the file was first seen, in the instance's time zone, to the second.
    pub date: DateTime<FixedOffset>,
    /// The file's inode then, to follow a rename (0 where there are no inodes).
    pub inode: u64,
}

/// The whole table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub format: u32,
    /// Relative path (`/`-separated) → record. A `BTreeMap`, so the file's bytes are stable.
    pub items: BTreeMap<String, Record>,
}

/// A table that cannot be read: fatal, because starting afresh would move every date in it.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot read the first-seen dates ({reason}); fix the file or restore it from \
     a backup (removing it gives every undated item a new date)"
)]
pub struct TableError {
    pub path: String,
    pub reason: String,
}

impl crate::report::Located for TableError {
    fn place(&self) -> crate::report::Place {
        crate::report::Place::file(&self.path)
    }
}

/// Loads the table in `state_dir`; a missing file is an empty table.
pub(crate) fn load(state_dir: &Path, shown: &str) -> Result<Table, TableError> {
    let path = state_dir.join(FILE);
    let error = |reason: String| TableError {
        path: shown.to_owned(),
        reason,
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let table: Table = serde_json::from_slice(&bytes).map_err(|e| error(e.to_string()))?;
            if table.format != FORMAT {
                return Err(error(format!("unknown format {}", table.format)));
            }
            Ok(table)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Table {
            format: FORMAT,
            items: BTreeMap::new(),
        }),
        Err(e) => Err(error(e.to_string())),
    }
}

/// Writes the table atomically (temporary file, then rename); an unchanged table is not
/// rewritten.
pub(crate) fn save(state_dir: &Path, table: &Table) -> io::Result<()> {
    let mut json = serde_json::to_vec_pretty(table).map_err(io::Error::other)?;
    json.push(b'\n');
    crate::write::write_if_changed(&state_dir.join(FILE), &json).map(|_| ())
}

impl Table {
    /// The records of files no longer present, by inode: where a renamed file finds its record.
    /// An inode shared by several vanished files is ambiguous and left out.
    pub fn orphans(&self, present: &BTreeSet<String>) -> BTreeMap<u64, Record> {
        let mut by_inode: BTreeMap<u64, Option<Record>> = BTreeMap::new();
        for (path, record) in &self.items {
            if record.inode != 0 && !present.contains(path) {
                by_inode
                    .entry(record.inode)
                    .and_modify(|r| *r = None)
                    .or_insert_with(|| Some(record.clone()));
            }
        }
        by_inode
            .into_iter()
            .filter_map(|(inode, r)| Some((inode, r?)))
            .collect()
    }

    /// The table to save after a run: the records of the files still present, and `new` ones
    /// (files first seen by this run, or renamed). Records of files gone are dropped.
    pub fn updated(&self, new: BTreeMap<String, Record>, present: &BTreeSet<String>) -> Table {
        let mut items: BTreeMap<String, Record> = self
            .items
            .iter()
            .filter(|(path, _)| present.contains(path.as_str()))
            .map(|(p, r)| (p.clone(), r.clone()))
            .collect();
        items.extend(new);
        Table {
            format: FORMAT,
            items,
        }
    }
}

/// A file's inode (0 where the platform has none).
#[cfg(unix)]
pub(crate) fn inode(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| m.ino())
}

#[cfg(not(unix))]
pub fn inode(_path: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(date: &str, inode: u64) -> Record {
        Record {
            date: DateTime::parse_from_rfc3339(date).unwrap(),
            inode,
        }
    }

    #[test]
    fn a_vanished_file_passes_its_record_to_its_inode() {
        let mut table = Table::default();
        table
            .items
            .insert("old.txt".into(), record("2024-01-01T00:00:00Z", 7));
        table
            .items
            .insert("kept.txt".into(), record("2024-02-01T00:00:00Z", 8));
        let present: BTreeSet<String> =
            ["new.txt", "kept.txt", "copy.txt"].map(String::from).into();
        // kept.txt is still there: a file with its inode is not its rename.
        let orphans = table.orphans(&present);
        assert_eq!(orphans.keys().collect::<Vec<_>>(), [&7]);
        assert_eq!(orphans[&7], table.items["old.txt"]);
        let updated = table.updated(
            BTreeMap::from([("new.txt".into(), record("2024-01-01T00:00:00Z", 7))]),
            &present,
        );
        let paths: Vec<&str> = updated.items.keys().map(String::as_str).collect();
        assert_eq!(paths, ["kept.txt", "new.txt"]);
    }

    #[test]
    fn missing_is_empty_and_garbage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path(), "x").unwrap().items.is_empty());
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        let e = load(dir.path(), ".communique/first_seen.json").unwrap_err();
        assert_eq!(
            crate::report::Located::place(&e),
            crate::report::Place::file(".communique/first_seen.json")
        );
        assert!(
            e.to_string().starts_with("cannot read the first-seen"),
            "{e}"
        );
    }
}
