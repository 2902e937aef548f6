//! The record of what was published: `<state_dir>/published.bin` lists every entry id the last
//! writing run (`build` or `publish`) put into the output, with the item file it came from.
//!
//! Unlike `state.bin` (a cache that only ever costs a full run when lost), the record is a
//! memory of what readers have seen, so it is never removed when the no-op state is
//! invalidated. It answers two questions about the next run:
//!
//! - would it unpublish many entries at once (an emptied or misconfigured `items/`)? See
//!   [`crate::ops::guard`];
//! - which of two files that claim one id was there first? See
//!   `normalise::reject_duplicate_ids`.
//!
//! A missing record means "nothing published yet"; a corrupt one too, with a warning. The file
//! is postcard (magic, format, then the entries sorted by id) written atomically
//! ([`crate::write::write_if_changed`]), so an unchanged set of entries leaves it untouched.
//!
//! **Upgrades are lossless.** Before format 2 the record was JSON (`published.json`). When there
//! is no `published.bin`, that file is read instead ([`load`]), and the next writing run saves
//! the record as `published.bin` even if no entry changed, and only then removes the JSON file
//! ([`save`]): a kill in between leaves both, and the newer, `published.bin`, is the one read.
//! Postcard because the record is read by every run and written by every run that adds or
//! removes an item: at 10,000 entries the pretty JSON (2 MB) cost about 50 M instructions to
//! read and write, most of a state folder's share of adding one item.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::model::Item;

/// The record's file name inside the state folder.
pub(crate) const RECORD_FILE: &str = "published.bin";

/// The record's file before format 2 (JSON): read when there is no [`RECORD_FILE`], removed once
/// the record is saved as one.
pub(crate) const LEGACY_RECORD_FILE: &str = "published.json";

/// Bumped whenever the meaning of the record changes (2: postcard, `published.bin`).
const FORMAT: u32 = 2;

/// The format of [`LEGACY_RECORD_FILE`].
const LEGACY_FORMAT: u32 = 1;

/// The first bytes of a record file.
const MAGIC: &[u8; 8] = b"cmqpubld";

/// The published entries: id → the item file it came from, relative to `items_dir`,
/// `/`-separated.
#[derive(Clone, Debug, Default)]
pub struct Record {
    entries: BTreeMap<String, String>,
    /// Read from [`LEGACY_RECORD_FILE`]: the next save writes [`RECORD_FILE`] whatever changed.
    legacy: bool,
}

/// Two records are equal when their entries are (wherever they were read from).
impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Record {}

/// One entry of the JSON record of before format 2.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyEntry {
    id: String,
    file: String,
}

/// The JSON record of before format 2: entries sorted by id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Legacy {
    format: u32,
    entries: Vec<LegacyEntry>,
}

/// The record as stored ([`RECORD_FILE`]): (id, file) pairs sorted by id.
#[derive(Serialize)]
struct Stored<'a> {
    magic: [u8; 8],
    format: u32,
    entries: Vec<(&'a str, &'a str)>,
}

/// [`Stored`], read back.
#[derive(Deserialize)]
struct Loaded {
    magic: [u8; 8],
    format: u32,
    entries: Vec<(String, String)>,
}

impl Record {
    /// The entries `items` publish: every item that is not a draft.
    pub fn of(items: &[Item], items_dir: &Path) -> Record {
        // Made and sorted on every core (stably: of two equal ids the later wins, as in a map
        // made from the items in order); the map is then made from a sorted list, which it
        // checks in one pass. One thread making 10,000 paths and sorting by ids that share a
        // long prefix was 10 M instructions before every build wrote.
        let mut entries: Vec<(String, String)> = items
            .par_iter()
            .filter(|item| !item.draft)
            .map(|item| (item.id.value.clone(), relative_file(items_dir, &item.file)))
            .collect();
        entries.par_sort_by(|a, b| a.0.cmp(&b.0));
        let entries = entries.into_iter().collect();
        Record {
            entries,
            legacy: false,
        }
    }

    /// Whether the record was read from the JSON file of before format 2 (see [`save`]).
    pub(crate) fn is_legacy(&self) -> bool {
        self.legacy
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The item file (relative to `items_dir`) entry `id` was published from.
    pub fn file_of(&self, id: &str) -> Option<&str> {
        self.entries.get(id).map(String::as_str)
    }

    /// Entries of `self` that `next` no longer has, as (id, file), sorted by id.
    pub fn lost_in<'a>(&'a self, next: &Record) -> Vec<(&'a str, &'a str)> {
        // Both are in id order: one walk over the two, not a lookup per id (each compared the
        // long prefix tag URIs share a dozen times: 10 M instructions at 10,000 items, on the
        // one thread before the build writes).
        let mut next_ids = next.entries.keys().peekable();
        self.entries
            .iter()
            .filter(|(id, _)| {
                while next_ids.next_if(|n| n < id).is_some() {}
                next_ids.peek() != Some(id)
            })
            .map(|(id, file)| (id.as_str(), file.as_str()))
            .collect()
    }
}

/// `file` relative to `items_dir`, `/`-separated: how the record names an item file.
pub(crate) fn relative_file(items_dir: &Path, file: &Path) -> String {
    relative_text(items_dir, file).into_owned()
}

/// [`relative_file`], borrowed from `file`'s path text in the common case (for a lookup, which
/// needs no copy).
pub(crate) fn relative_text<'a>(items_dir: &Path, file: &'a Path) -> Cow<'a, str> {
    // The common case, a file whose path text starts with the folder's and a `/`, followed by a
    // plain relative path, is answered on the text: this runs several times for every item of
    // every run, and the walks over components were a tenth of an add-one build at 10k.
    // Only the rest is checked for UTF-8 (it is what is returned): the folder's bytes are
    // compared as they are.
    if cfg!(unix) {
        let rest = file
            .as_os_str()
            .as_encoded_bytes()
            .strip_prefix(items_dir.as_os_str().as_encoded_bytes())
            .and_then(|r| r.strip_prefix(b"/"))
            .and_then(|r| std::str::from_utf8(r).ok());
        if let Some(rest) = rest.filter(|r| is_plain(r)) {
            return Cow::Borrowed(rest);
        }
    }
    let relative = file.strip_prefix(items_dir).unwrap_or(file);
    Cow::Owned(
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Whether `relative_file(items_dir, file)` is `rel`, without making it in the common case (a
/// plain path under the folder, compared on the text).
pub(crate) fn is_relative_file(items_dir: &Path, file: &Path, rel: &str) -> bool {
    if cfg!(unix) {
        if let (Some(dir), Some(path)) = (items_dir.to_str(), file.to_str()) {
            let rest = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/'));
            if let Some(rest) = rest.filter(|r| is_plain(r)) {
                return rest == rel;
            }
        }
    }
    relative_file(items_dir, file) == rel
}

/// A relative path whose components joined with `/` are itself: no root, no empty, `.` or
/// trailing part.
fn is_plain(s: &str) -> bool {
    !s.is_empty() && s.split('/').all(|part| !part.is_empty() && part != ".")
}

/// Reads the record in `state_dir` ([`RECORD_FILE`], else the JSON [`LEGACY_RECORD_FILE`] of
/// before). Missing: empty. Unreadable or corrupt: empty, with a warning naming the file
/// (`shown` is its path as messages show it).
pub(crate) fn load(state_dir: &Path, shown: &str) -> (Record, Option<Diagnostic>) {
    let bytes = match std::fs::read(state_dir.join(RECORD_FILE)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return load_legacy(state_dir, shown),
        Err(e) => return (Record::default(), Some(unusable(shown, &e.to_string()))),
    };
    match decode(&bytes) {
        Ok(record) => (record, None),
        Err(why) => (Record::default(), Some(unusable(shown, &why))),
    }
}

/// The record of `bytes` ([`RECORD_FILE`]'s), or why it is not one.
fn decode(bytes: &[u8]) -> Result<Record, String> {
    let (loaded, rest) = postcard::take_from_bytes::<Loaded>(bytes).map_err(|e| e.to_string())?;
    if loaded.magic != *MAGIC {
        return Err("not a record of published entries".to_owned());
    }
    if loaded.format != FORMAT {
        return Err(format!("format {} is not {FORMAT}", loaded.format));
    }
    if !rest.is_empty() {
        return Err("bytes after the end".to_owned());
    }
    Ok(Record {
        entries: loaded.entries.into_iter().collect(),
        legacy: false,
    })
}

/// Reads the JSON record of before format 2, when there is one (`shown` names the new file: the
/// warning names the legacy one beside it).
fn load_legacy(state_dir: &Path, shown: &str) -> (Record, Option<Diagnostic>) {
    let shown = match shown.strip_suffix(RECORD_FILE) {
        Some(dir) => format!("{dir}{LEGACY_RECORD_FILE}"),
        None => shown.to_owned(),
    };
    let bytes = match std::fs::read(state_dir.join(LEGACY_RECORD_FILE)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (Record::default(), None),
        Err(e) => return (Record::default(), Some(unusable(&shown, &e.to_string()))),
    };
    match serde_json::from_slice::<Legacy>(&bytes) {
        Ok(stored) if stored.format == LEGACY_FORMAT => {
            let entries = stored.entries.into_iter().map(|e| (e.id, e.file)).collect();
            (
                Record {
                    entries,
                    legacy: true,
                },
                None,
            )
        }
        Ok(stored) => (
            Record::default(),
            Some(unusable(
                &shown,
                &format!("format {} is not {LEGACY_FORMAT}", stored.format),
            )),
        ),
        Err(e) => (Record::default(), Some(unusable(&shown, &e.to_string()))),
    }
}

fn unusable(shown: &str, why: &str) -> Diagnostic {
    Diagnostic::warning(
        shown,
        None,
        format!(
            "the record of published entries cannot be used ({why}); treating nothing as \
             published: the unpublish guard and the protection of published ids are off for \
             this run"
        ),
    )
}

/// Writes the record atomically (untouched when unchanged), then removes the JSON record of
/// before format 2 if there is one: the record it held is now in [`RECORD_FILE`].
pub(crate) fn save(state_dir: &Path, record: &Record) -> io::Result<()> {
    let stored = Stored {
        magic: *MAGIC,
        format: FORMAT,
        entries: record
            .entries
            .iter()
            .map(|(id, file)| (id.as_str(), file.as_str()))
            .collect(),
    };
    let bytes = postcard::to_stdvec(&stored).map_err(io::Error::other)?;
    crate::write::write_if_changed(&state_dir.join(RECORD_FILE), &bytes)?;
    match std::fs::remove_file(state_dir.join(LEGACY_RECORD_FILE)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain-path shortcut gives what the walk over components gives, for every shape.
    #[test]
    fn relative_file_is_the_components_joined_with_slashes() {
        for (items, file) in [
            ("items", "items/2024/a.md"),
            ("./items", "./items/2024/a.md"),
            ("items/", "items/2024/a.md"),
            ("/srv/items", "/srv/itemsx/a.md"),
            ("/srv//items", "/srv//items/a.md"),
        ] {
            let (items, file) = (Path::new(items), Path::new(file));
            let relative = file.strip_prefix(items).unwrap_or(file);
            let walked = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            assert_eq!(relative_file(items, file), walked, "{}", file.display());
            assert!(is_relative_file(items, file, &walked));
            assert!(!is_relative_file(items, file, "x/a.md"));
        }
        let items = Path::new("/srv/items");
        for file in [
            "/srv/items/2024/a.md",
            "/srv/items/a.md",
            "/srv/items/2024//a.md",
            "/srv/items/./2024/a.md",
            "/srv/items/2024/./a.md",
            "/srv/items/2024/a.md/",
            "/srv/items/2024/../a.md",
            "/elsewhere/a.md",
            "relative/a.md",
            "./relative/a.md",
        ] {
            let file = Path::new(file);
            let relative = file.strip_prefix(items).unwrap_or(file);
            let walked = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            assert_eq!(relative_file(items, file), walked, "{}", file.display());
            assert!(is_relative_file(items, file, &walked));
            assert!(!is_relative_file(items, file, "2024/b.md"));
        }
    }

    fn record(pairs: &[(&str, &str)]) -> Record {
        Record {
            entries: pairs
                .iter()
                .map(|(i, f)| (i.to_string(), f.to_string()))
                .collect(),
            legacy: false,
        }
    }

    #[test]
    fn round_trips_sorted_and_missing_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path(), "p").0, Record::default());
        let r = record(&[("tag:b", "2022/b.md"), ("tag:a", "a.txt")]);
        save(dir.path(), &r).unwrap();
        let bytes = std::fs::read(dir.path().join(RECORD_FILE)).unwrap();
        let at = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
        assert!(at(b"tag:a").unwrap() < at(b"tag:b").unwrap());
        let (loaded, warning) = load(dir.path(), "p");
        assert_eq!((&loaded, warning), (&r, None));
        assert!(!loaded.is_legacy());
    }

    #[test]
    fn corrupt_is_empty_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let good = {
            save(dir.path(), &record(&[("tag:a", "a.md")])).unwrap();
            std::fs::read(dir.path().join(RECORD_FILE)).unwrap()
        };
        let mut longer = good.clone();
        longer.push(0);
        let mut other_format = good.clone();
        other_format[8] += 1;
        for garbage in [
            &b"{not json"[..],
            b"",
            &good[..good.len() - 1],
            &longer,
            &other_format,
        ] {
            std::fs::write(dir.path().join(RECORD_FILE), garbage).unwrap();
            let (r, warning) = load(dir.path(), ".communique/published.bin");
            assert!(r.is_empty());
            let warning = warning.unwrap().to_string();
            assert!(
                warning.starts_with(".communique/published.bin: warning: the record"),
                "{warning}"
            );
        }
    }

    /// The JSON record of before format 2, as that version wrote it.
    const LEGACY_JSON: &str = r#"{
  "format": 1,
  "entries": [
    {
      "id": "tag:example.org,2022:statements/a",
      "file": "2000/a.md"
    },
    {
      "id": "tag:example.org,2022:statements/b",
      "file": "2001/b.txt"
    }
  ]
}
"#;

    #[test]
    fn a_json_record_of_before_is_read_and_replaced_without_loss() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LEGACY_RECORD_FILE), LEGACY_JSON).unwrap();
        let (old, warning) = load(dir.path(), ".communique/published.bin");
        assert_eq!(warning, None);
        assert!(old.is_legacy());
        let expected = record(&[
            ("tag:example.org,2022:statements/a", "2000/a.md"),
            ("tag:example.org,2022:statements/b", "2001/b.txt"),
        ]);
        assert_eq!(old, expected);
        save(dir.path(), &old).unwrap();
        assert!(!dir.path().join(LEGACY_RECORD_FILE).exists());
        let (new, warning) = load(dir.path(), ".communique/published.bin");
        assert_eq!((&new, warning), (&expected, None));
        assert!(!new.is_legacy());

        // Killed between the two steps: both files; the new one is read.
        std::fs::write(dir.path().join(LEGACY_RECORD_FILE), "{}").unwrap();
        assert_eq!(load(dir.path(), "p").0, expected);

        // A damaged JSON record is named in the warning.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LEGACY_RECORD_FILE), "{not json").unwrap();
        let (r, warning) = load(dir.path(), ".communique/published.bin");
        assert!(r.is_empty());
        let warning = warning.unwrap().to_string();
        assert!(
            warning.starts_with(".communique/published.json: warning: the record"),
            "{warning}"
        );
    }

    #[test]
    fn lost_entries_are_those_missing_from_the_next_run() {
        let old = record(&[("a", "a.md"), ("b", "b.md"), ("c", "c.md")]);
        let next = record(&[("b", "b.md"), ("d", "d.md")]);
        assert_eq!(old.lost_in(&next), vec![("a", "a.md"), ("c", "c.md")]);
    }
}
