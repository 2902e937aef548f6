//! Dates for statements that say nothing about when they were published: after the front
//! matter, the text and the file name, an item is dated by its **history**.
//!
//! 1. When the items folder is in a git work tree: the author date of the commit that added the
//!    file, following renames ([`git`]). The author date travels with the commit, so every clone
//!    gives the same dates. A shallow clone may lack the commit that added a file, so its
//!    history is not used at all (and a warning says so).
//! 2. Otherwise (no git, a shallow clone, or a file not committed yet): the moment this
//!    instance first saw the file, recorded in `<state_dir>/first_seen.json`
//!    ([`first_seen`]) so that it never moves from run to run. These dates belong to one
//!    instance; `communique ids --pin` writes them into the front matter.
//!
//! git is asked once per run, and only when some item needs it. Each date keeps its origin
//! (`history` with the commit, or `first_seen`), and each dated item gets a warning of the
//! kind [`Guess::DateFromHistory`] or [`Guess::DateFirstSeen`], which `check` prints as one
//! summary line.

pub(crate) mod first_seen;
pub(crate) mod git;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, FixedOffset, SubsecRound};
use chrono_tz::Tz;

use crate::collect::SourceFile;
use crate::config::Config;
use crate::diag::{Diagnostic, Guess};
use crate::model::{Origin, Sourced};
use first_seen::{Record, Table, TableError};
use git::GitDates;

/// Dates items by their history, for one run.
#[derive(Debug)]
pub(crate) struct History {
    items_dir: PathBuf,
    /// The items folder as messages show it.
    items_shown: String,
    tz: Tz,
    /// The moment of this run: the first-seen date of every file it sees first.
    now: DateTime<FixedOffset>,
    /// Asked on first need.
    git: OnceLock<GitDates>,
    table: Table,
    /// Records of files gone, by inode, for files renamed since the last run.
    orphans: BTreeMap<u64, Record>,
    /// The item files of this run that `table` has a record of, relative to the items folder.
    present: BTreeSet<String>,
    /// Records this run adds (new files, renamed files).
    new: Mutex<BTreeMap<String, Record>>,
}

impl History {
    /// Loads the first-seen table of `config`'s instance for a run over the item files at
    /// `paths` (read this run or not).
    pub(crate) fn new<'p>(
        config: &Config,
        paths: impl IntoIterator<Item = &'p Path>,
    ) -> Result<History, TableError> {
        let shown = config.display_path(&config.state_dir.join(first_seen::FILE));
        let table = first_seen::load(&config.state_dir, &shown)?;
        // The release clock: an item first seen now is dated now, and so released this run.
        let now = crate::types::clock::now()
            .with_timezone(&config.timezone)
            .fixed_offset()
            .trunc_subsecs(0);
        // Only the files the table has records of: `present` is asked only about those (which
        // records are orphans, which are kept). Most instances date every item, so their table
        // is empty and no path is spelt out (a path and a B-tree insertion per item file were
        // 32 M instructions of a build after one addition at 10,000 items).
        let present: BTreeSet<String> = if table.items.is_empty() {
            BTreeSet::new()
        } else {
            paths
                .into_iter()
                .filter_map(|p| relative(&config.items_dir, p))
                .filter(|rel| table.items.contains_key(rel))
                .collect()
        };
        Ok(History {
            orphans: table.orphans(&present),
            items_dir: config.items_dir.clone(),
            items_shown: config.display_path(&config.items_dir),
            tz: config.timezone,
            now,
            git: OnceLock::new(),
            present,
            table,
            new: Mutex::new(BTreeMap::new()),
        })
    }

    /// The date of `file` from its history, with its origin, and the warning that says so.
    pub(crate) fn date_of(
        &self,
        file: &SourceFile,
    ) -> (Sourced<DateTime<FixedOffset>>, Diagnostic) {
        let rel = relative(&self.items_dir, &file.path).unwrap_or_default();
        if let GitDates::Complete(files) = self.git() {
            if let Some(added) = files.get(&rel) {
                let date = added.date.with_timezone(&self.tz).fixed_offset();
                let warning = Diagnostic::warning(
                    &file.display,
                    None,
                    format!(
                        "no date in the front matter, text or file name: dated {} by the commit \
                         that added the file ({}); `communique ids --pin` writes it into the \
                         front matter",
                        crate::types::dates::rfc3339(&date),
                        short(&added.commit),
                    ),
                )
                .guessed(Guess::DateFromHistory);
                let origin = Origin::History {
                    commit: added.commit.clone(),
                };
                return (Sourced::new(date, origin), warning);
            }
        }
        let date = self.first_seen(&rel, &file.path);
        let warning = Diagnostic::warning(
            &file.display,
            None,
            format!(
                "no date in the front matter, text or file name, and no commit adds the file: \
                 dated {} by when this instance first saw it; `communique ids --pin` writes it \
                 into the front matter",
                crate::types::dates::rfc3339(&date)
            ),
        )
        .guessed(Guess::DateFirstSeen);
        (Sourced::new(date, Origin::FirstSeen), warning)
    }

    /// What the whole run should know about the history it used (a shallow clone, git failing):
    /// at most one warning, on the items folder.
    pub(crate) fn notes(&self) -> Vec<Diagnostic> {
        let message = match self.git.get() {
            Some(GitDates::Shallow) => {
                "the items folder is in a shallow git clone, which may lack the commits that \
                 added its files: undated items are dated by when this instance first saw them \
                 (`git fetch --unshallow` gives the full history)"
                    .to_owned()
            }
            Some(GitDates::Failed(why)) => format!(
                "git could not read the history of the items folder ({why}): undated items are \
                 dated by when this instance first saw them"
            ),
            _ => return vec![],
        };
        vec![Diagnostic::warning(&self.items_shown, None, message)]
    }

    /// The first-seen table to save after this run, if it changed.
    pub(crate) fn updated_table(&self) -> Option<Table> {
        let new = self.new.lock().map(|n| n.clone()).unwrap_or_default();
        let updated = self.table.updated(new, &self.present);
        (updated != self.table).then_some(updated)
    }

    fn git(&self) -> &GitDates {
        self.git.get_or_init(|| git::dates(&self.items_dir))
    }

    /// The recorded first-seen date of the file at `rel`, or now (recorded for saving).
    fn first_seen(&self, rel: &str, path: &Path) -> DateTime<FixedOffset> {
        if let Some(record) = self.table.items.get(rel) {
            return record.date;
        }
        let inode = first_seen::inode(path).unwrap_or(0);
        let record = match self.orphans.get(&inode) {
            // Renamed: the record moves to the new name.
            Some(r) => r.clone(),
            None => Record {
                date: self.now,
                inode,
            },
        };
        let date = record.date;
        if let Ok(mut new) = self.new.lock() {
            new.insert(rel.to_owned(), record);
        }
        date
    }
}

/// `path` relative to `dir`, `/`-separated.
fn relative(dir: &Path, path: &Path) -> Option<String> {
    path.starts_with(dir)
        .then(|| crate::published::relative_file(dir, path))
}

/// A commit hash as people quote it.
fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}
