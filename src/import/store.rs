//! Where imported entries land, so that importing again changes nothing and duplicates nothing.
//!
//! `state_dir/imported.json` (the ledger) keeps, per pinned id, the item file written, the
//! entry's source URL and the SHA-256 of the bytes written. An entry is looked up by its id,
//! then by its source URL (an upstream that changed its ids keeps the file and the id readers
//! already have). Then:
//!
//! - not known: a new file `<items>/<folder>/<yyyy>/<yyyy-mm-dd>-<slug>.md` (`undated/<slug>.md`
//!   without a date), never over an existing one (`write::create_new`), its enclosures
//!   downloaded beside it with the same stem (the attachment convention);
//! - known, same bytes: nothing is written;
//! - known, changed upstream: the file is replaced atomically only when it still holds what was
//!   written (its hash); a file edited here is kept and a warning says so, and a file removed
//!   here is not brought back.
//!
//! With `--dry-run` the same decisions are made and reported, and nothing is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::entry::Entry;
use super::fetch::Fetcher;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::write;

/// The ledger's file name in the state folder.
pub(crate) const LEDGER: &str = "imported.json";
const FORMAT: u32 = 1;

/// Extensions an attachment may not have: they would be read as statements.
const ITEM_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text"];

#[derive(Debug, Default, Serialize, Deserialize)]
struct Ledger {
    format: u32,
    entries: BTreeMap<String, Record>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Record {
    /// Relative to the items folder, `/`-separated.
    file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    sha256: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<String>,
}

/// What happened to one entry's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Created,
    Updated,
    Unchanged,
    /// Changed upstream, but edited here: kept.
    KeptEdited,
    /// Removed here: not brought back.
    KeptRemoved,
    /// An enclosure downloaded beside an item.
    Attached,
}

impl Action {
    /// The word `import` prints before the path (`would …` in a dry run).
    pub(crate) fn word(self, dry_run: bool) -> &'static str {
        match (self, dry_run) {
            (Action::Created, false) => "created",
            (Action::Created, true) => "would create",
            (Action::Updated, false) => "updated",
            (Action::Updated, true) => "would update",
            (Action::Attached, false) => "attached",
            (Action::Attached, true) => "would attach",
            (Action::Unchanged, _) => "unchanged",
            (Action::KeptEdited, _) => "kept (edited here)",
            (Action::KeptRemoved, _) => "kept out (removed here)",
        }
    }
}

/// One file and what happened to it.
#[derive(Clone, Debug)]
pub(crate) struct Done {
    pub action: Action,
    pub path: String,
}

/// A problem with the ledger: it cannot be trusted, so nothing is imported.
#[derive(Debug, Error)]
pub(crate) enum StoreError {
    #[error("cannot read the import ledger: {message}; move it away to import afresh (entries already imported would then be imported again)")]
    Ledger { path: String, message: String },
    #[error("cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl crate::report::Located for StoreError {
    fn place(&self) -> crate::report::Place {
        match self {
            StoreError::Ledger { path, .. } | StoreError::Write { path, .. } => {
                crate::report::Place::file(path)
            }
        }
    }
}

/// An entry to store, with where it was read (for messages) and where it goes.
#[derive(Debug)]
pub(crate) struct Incoming<'a> {
    pub entry: &'a Entry,
    /// The document it came from, as messages show it (URL or file).
    pub from: &'a str,
    /// Under the items folder.
    pub folder: &'a Path,
    pub tags: &'a [String],
}

/// The ledger, opened for one import run.
#[derive(Debug)]
pub(crate) struct Store<'c> {
    config: &'c Config,
    ledger: Ledger,
    dry_run: bool,
    /// Ids stored in this run, with where they were read: duplicates upstream.
    seen: BTreeMap<String, String>,
    /// Files planned in this run (a dry run creates none).
    planned: BTreeSet<PathBuf>,
    pub done: Vec<Done>,
    pub diagnostics: Vec<Diagnostic>,
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl<'c> Store<'c> {
    /// Opens the ledger (none yet is an empty one).
    pub(crate) fn open(config: &'c Config, dry_run: bool) -> Result<Store<'c>, StoreError> {
        let path = config.state_dir.join(LEDGER);
        let ledger = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<Ledger>(&bytes)
                .map_err(|e| e.to_string())
                .and_then(|l| {
                    if l.format == FORMAT {
                        Ok(l)
                    } else {
                        Err(format!("format {} is not {FORMAT}", l.format))
                    }
                })
                .map_err(|message| StoreError::Ledger {
                    path: config.display_path(&path),
                    message,
                })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ledger {
                format: FORMAT,
                entries: BTreeMap::new(),
            },
            Err(e) => {
                return Err(StoreError::Ledger {
                    path: config.display_path(&path),
                    message: e.to_string(),
                })
            }
        };
        Ok(Store {
            config,
            ledger,
            dry_run,
            seen: BTreeMap::new(),
            planned: BTreeSet::new(),
            done: Vec::new(),
            diagnostics: Vec::new(),
        })
    }

    /// Writes the ledger (unless nothing changed, or a dry run).
    pub(crate) fn save(&self) -> Result<(), StoreError> {
        if self.dry_run {
            return Ok(());
        }
        let path = self.config.state_dir.join(LEDGER);
        if self.ledger.entries.is_empty() && !path.exists() {
            return Ok(());
        }
        let mut bytes = serde_json::to_vec_pretty(&self.ledger).unwrap_or_default();
        bytes.push(b'\n');
        write::write_if_changed(&path, &bytes).map_err(|source| StoreError::Write {
            path: self.config.display_path(&path),
            source,
        })?;
        Ok(())
    }

    fn warn(&mut self, path: &str, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(path, None, message));
    }

    fn error(&mut self, path: &str, message: String) {
        self.diagnostics
            .push(Diagnostic::error(path, None, message));
    }

    fn shown(&self, path: &Path) -> String {
        self.config.display_path(path)
    }

    /// Stores one entry (see the module documentation); problems become diagnostics.
    pub(crate) fn put(&mut self, incoming: &Incoming<'_>, fetcher: Option<&Fetcher>) {
        let entry = incoming.entry;
        let from = incoming.from;
        let place = format!("{} (`{}`)", entry.place, entry.shown_title());
        let (id, note) = match entry.pinned_id() {
            Ok(found) => found,
            Err(why) => return self.error(from, format!("{place}: {why}")),
        };
        if let Some(note) = note {
            self.warn(from, format!("{place}: {note}"));
        }
        if let Some(first) = self.seen.get(&id) {
            let message = format!(
                "{place}: id `{id}` is also {first}'s upstream: only the first is imported"
            );
            return self.warn(from, message);
        }
        self.seen.insert(id.clone(), entry.place.clone());
        if entry.date().is_none() {
            self.warn(
                from,
                format!("{place}: no date; the build dates it by the file's history"),
            );
        }
        if entry.link.is_none() {
            self.warn(from, format!("{place}: no link, so no `source`"));
        }
        let source = entry.link.as_ref().map(|l| l.to_string());
        let known = self
            .ledger
            .entries
            .get(&id)
            .map(|r| (id.clone(), r.clone()))
            .or_else(|| {
                let source = source.as_ref()?;
                self.ledger
                    .entries
                    .iter()
                    .find(|(_, r)| r.source.as_ref() == Some(source))
                    .map(|(k, r)| (k.clone(), r.clone()))
            });
        match known {
            Some((key, record)) => {
                let text = entry.file_text(&key, incoming.tags);
                self.update(&key, record, text.as_bytes());
            }
            None => {
                let text = entry.file_text(&id, incoming.tags);
                self.create(&id, incoming, source, text.as_bytes(), fetcher);
            }
        }
    }

    /// A known entry: unchanged, updated, or kept as edited or removed here.
    fn update(&mut self, key: &str, record: Record, bytes: &[u8]) {
        let path = self.config.items_dir.join(&record.file);
        let shown = self.shown(&path);
        let current = match std::fs::read(&path) {
            Ok(current) => current,
            Err(_) => {
                return self.done.push(Done {
                    action: Action::KeptRemoved,
                    path: shown,
                })
            }
        };
        if current == bytes {
            return self.done.push(Done {
                action: Action::Unchanged,
                path: shown,
            });
        }
        if sha256(&current) != record.sha256 {
            self.warn(
                &shown,
                "changed upstream, but edited here since it was imported: kept as it is".to_owned(),
            );
            return self.done.push(Done {
                action: Action::KeptEdited,
                path: shown,
            });
        }
        if !self.dry_run {
            if let Err(e) = write::write_if_changed(&path, bytes) {
                return self.error(&shown, format!("cannot write: {e}"));
            }
        }
        if let Some(r) = self.ledger.entries.get_mut(key) {
            r.sha256 = sha256(bytes);
        }
        self.done.push(Done {
            action: Action::Updated,
            path: shown,
        });
    }

    /// The folder and stem of a new entry's file: dated, else `undated/`.
    fn stem_of(&self, entry: &Entry, folder: &Path) -> (PathBuf, String) {
        let slug = crate::new_item::slug(entry.title.as_deref().unwrap_or("statement"));
        let base = self.config.items_dir.join(folder);
        match entry.date() {
            Some(date) => (
                base.join(date.format("%Y").to_string()),
                format!("{}-{slug}", date.format("%Y-%m-%d")),
            ),
            None => (base.join("undated"), slug),
        }
    }

    /// True when a file of that stem exists in `dir` or is planned (any item extension).
    fn stem_taken(&self, dir: &Path, stem: &str) -> bool {
        ITEM_EXTENSIONS.iter().any(|ext| {
            let p = dir.join(format!("{stem}.{ext}"));
            p.exists() || self.planned.contains(&p)
        })
    }

    fn create(
        &mut self,
        id: &str,
        incoming: &Incoming<'_>,
        source: Option<String>,
        bytes: &[u8],
        fetcher: Option<&Fetcher>,
    ) {
        let (dir, base_stem) = self.stem_of(incoming.entry, incoming.folder);
        let mut stem = base_stem.clone();
        let mut n = 1;
        while self.stem_taken(&dir, &stem) {
            n += 1;
            stem = format!("{base_stem}-{n}");
        }
        let path = dir.join(format!("{stem}.md"));
        let shown = self.shown(&path);
        let attachments = self.attach(incoming, &dir, &stem, fetcher);
        if !self.dry_run {
            if let Err(e) = write::create_new(&path, bytes) {
                return self.error(&shown, format!("cannot write: {e}"));
            }
        }
        self.planned.insert(path.clone());
        let file = path
            .strip_prefix(&self.config.items_dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        self.ledger.entries.insert(
            id.to_owned(),
            Record {
                file,
                source,
                sha256: sha256(bytes),
                attachments,
            },
        );
        self.done.push(Done {
            action: Action::Created,
            path: shown,
        });
    }

    /// Downloads a new entry's enclosures beside it as `<stem>.<ext>` (then `<stem>.2.<ext>`, …
    /// for more of one type), never as a name that would be read as a statement. Returns the
    /// names written.
    fn attach(
        &mut self,
        incoming: &Incoming<'_>,
        dir: &Path,
        stem: &str,
        fetcher: Option<&Fetcher>,
    ) -> Vec<String> {
        let mut names = Vec::new();
        let from = incoming.from;
        for url in &incoming.entry.enclosures {
            let ext = Path::new(url.path())
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .filter(|e| {
                    (1..=8).contains(&e.len())
                        && e.bytes().all(|b| b.is_ascii_alphanumeric())
                        && !ITEM_EXTENSIONS.contains(&e.as_str())
                });
            let Some(ext) = ext else {
                self.warn(
                    from,
                    format!(
                        "{}: enclosure {url} has no usable file extension: not downloaded",
                        incoming.entry.place
                    ),
                );
                continue;
            };
            // The attachment convention: `stem.ext`, then `stem.2.ext`, `stem.3.ext`, … for more
            // files of the same type.
            let same_type = names
                .iter()
                .filter(|n: &&String| n.ends_with(&format!(".{ext}")))
                .count();
            let name = match same_type {
                0 => format!("{stem}.{ext}"),
                n => format!("{stem}.{}.{ext}", n + 1),
            };
            let path = dir.join(&name);
            let shown = self.shown(&path);
            if !self.dry_run {
                let Some(fetcher) = fetcher else { continue };
                let bytes = match fetcher.get_document(url) {
                    Ok(doc) => doc.bytes,
                    Err(e) => {
                        self.warn(
                            from,
                            format!("{}: enclosure {url}: {e}", incoming.entry.place),
                        );
                        continue;
                    }
                };
                if let Err(e) = write::create_new(&path, &bytes) {
                    self.warn(&shown, format!("cannot write the enclosure: {e}"));
                    continue;
                }
            }
            names.push(name);
            self.done.push(Done {
                action: Action::Attached,
                path: shown,
            });
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;

    fn config(root: &Path) -> Config {
        RawConfig::parse(
            "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n\
             id_authority = \"example.org\"\nid_date = \"2022\"\n",
            "config.toml",
        )
        .unwrap()
        .resolve(&root.join("config.toml"), root)
        .unwrap()
    }

    fn entry(title: &str, body: &str) -> Entry {
        Entry {
            id: Some("https://x.example/?p=1".into()),
            title: Some(title.into()),
            published: Some("2024-03-08T10:00:00Z".parse().unwrap()),
            link: Some(url::Url::parse("https://x.example/a").unwrap()),
            body: body.into(),
            place: "entry 1".into(),
            ..Entry::default()
        }
    }

    fn put(config: &Config, e: &Entry) -> (Vec<Done>, Vec<Diagnostic>) {
        let mut store = Store::open(config, false).unwrap();
        let incoming = Incoming {
            entry: e,
            from: "feed.xml",
            folder: Path::new("sister"),
            tags: &[],
        };
        store.put(&incoming, None);
        store.save().unwrap();
        (store.done, store.diagnostics)
    }

    #[test]
    fn create_then_nothing_then_update_then_keep_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let file = dir
            .path()
            .join("items/sister/2024/2024-03-08-on-the-strike.md");
        let (done, _) = put(&config, &entry("On the strike", "One."));
        assert_eq!(done[0].action, Action::Created);
        let first = std::fs::read_to_string(&file).unwrap();
        assert!(
            first.starts_with("+++\nid = \"https://x.example/?p=1\"\n"),
            "{first}"
        );
        let ledger = std::fs::read(config.state_dir.join(LEDGER)).unwrap();

        let (done, _) = put(&config, &entry("On the strike", "One."));
        assert_eq!(done[0].action, Action::Unchanged);
        assert_eq!(
            std::fs::read(config.state_dir.join(LEDGER)).unwrap(),
            ledger
        );

        // A new title upstream: the same file (found by id), rewritten.
        let (done, _) = put(&config, &entry("On the strike, again", "Two."));
        assert_eq!(done[0].action, Action::Updated);
        assert!(std::fs::read_to_string(&file).unwrap().contains("Two."));

        std::fs::write(&file, "+++\nid = \"https://x.example/?p=1\"\n+++\nMine.\n").unwrap();
        let (done, diagnostics) = put(&config, &entry("On the strike", "Three."));
        assert_eq!(done[0].action, Action::KeptEdited);
        assert!(
            diagnostics[0].message.contains("edited here"),
            "{diagnostics:?}"
        );
        assert!(std::fs::read_to_string(&file).unwrap().contains("Mine."));

        std::fs::remove_file(&file).unwrap();
        let (done, _) = put(&config, &entry("On the strike", "Four."));
        assert_eq!(done[0].action, Action::KeptRemoved);
        assert!(!file.exists());
    }

    #[test]
    fn a_new_id_for_a_known_link_keeps_the_old_id() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        put(&config, &entry("X", "One."));
        let mut moved = entry("X", "One, edited upstream.");
        moved.id = Some("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427".into());
        let (done, _) = put(&config, &moved);
        assert_eq!(done[0].action, Action::Updated);
        let file = dir.path().join("items/sister/2024/2024-03-08-x.md");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("id = \"https://x.example/?p=1\""), "{text}");
    }

    #[test]
    fn a_corrupt_ledger_stops_the_import() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        std::fs::create_dir_all(&config.state_dir).unwrap();
        std::fs::write(config.state_dir.join(LEDGER), "{not json").unwrap();
        let err = Store::open(&config, false).unwrap_err().to_string();
        assert!(err.starts_with("cannot read the import ledger"), "{err}");
    }
}
