//! The push manifest: what one target is known to hold, kept in the state folder as
//! `push/<target>.json`.
//!
//! Invariants:
//! - An entry is added only after the server confirmed the upload of exactly those bytes, and
//!   removed only after it confirmed the deletion. So the manifest never claims a file the target
//!   does not have; at worst (a crash between an upload and the next save) it forgets one, and
//!   the next push sends that file again.
//! - It records the destination it describes. A manifest whose destination differs from the
//!   configured one (bucket, prefix, URL or folder changed) is not trusted: the push is a full one.
//! - It is written atomically ([`crate::write::write_if_changed`]) and often enough during a
//!   push that an interrupted run resumes where it stopped.
//!
//! Server ETags are not used to detect changes: nginx's is mtime-size, not a content hash.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const VERSION: u32 = 1;

/// One file the target holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Lower-case hex SHA-256 of the bytes sent.
    pub sha256: String,
    pub size: u64,
    pub content_type: String,
    /// The target also holds it gzip-compressed: under the same key with
    /// `Content-Encoding: gzip` (S3), or as a `.gz` sibling (the other targets).
    #[serde(default, skip_serializing_if = "is_false")]
    pub gzip: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// What was pushed successfully to one target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    pub target: String,
    pub destination: String,
    /// Keyed by path relative to the output folder, `/`-separated.
    pub files: BTreeMap<String, Entry>,
}

/// Why a manifest could not be used; the push then sends everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stale {
    Missing,
    Unreadable(String),
    OtherDestination(String),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Missing => f.write_str("no manifest from an earlier push"),
            Stale::Unreadable(why) => write!(f, "the manifest cannot be read ({why})"),
            Stale::OtherDestination(old) => {
                write!(f, "the manifest is for another destination ({old})")
            }
        }
    }
}

impl Manifest {
    pub(crate) fn empty(target: &str, destination: &str) -> Manifest {
        Manifest {
            version: VERSION,
            target: target.to_owned(),
            destination: destination.to_owned(),
            files: BTreeMap::new(),
        }
    }

    /// `state_dir/push/<target>.json`.
    pub(crate) fn path(state_dir: &Path, target: &str) -> PathBuf {
        state_dir.join("push").join(format!("{target}.json"))
    }

    /// Loads the manifest of `target`, if there is a trustworthy one for `destination`.
    /// An I/O error other than "not found" is returned: the state folder is broken and
    /// pretending otherwise would re-send everything on every run.
    pub(crate) fn load(
        path: &Path,
        target: &str,
        destination: &str,
    ) -> io::Result<Result<Manifest, Stale>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Err(Stale::Missing)),
            Err(e) => return Err(e),
        };
        let manifest: Manifest = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => return Ok(Err(Stale::Unreadable(e.to_string()))),
        };
        if manifest.version != VERSION {
            return Ok(Err(Stale::Unreadable(format!(
                "version {} is not {VERSION}",
                manifest.version
            ))));
        }
        if manifest.destination != destination || manifest.target != target {
            return Ok(Err(Stale::OtherDestination(manifest.destination)));
        }
        Ok(Ok(manifest))
    }

    /// Writes the manifest atomically (unchanged bytes are not rewritten).
    pub(crate) fn save(&self, path: &Path) -> io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        bytes.push(b'\n');
        crate::write::write_if_changed(path, &bytes).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: &str) -> Entry {
        Entry {
            sha256: hash.into(),
            size: 3,
            content_type: "text/plain".into(),
            gzip: false,
        }
    }

    #[test]
    fn round_trips_and_checks_destination() {
        let dir = tempfile::tempdir().unwrap();
        let path = Manifest::path(dir.path(), "cdn");
        assert_eq!(
            Manifest::load(&path, "cdn", "s3://a/").unwrap(),
            Err(Stale::Missing)
        );
        let mut m = Manifest::empty("cdn", "s3://a/");
        m.files.insert("atom.xml".into(), entry("ab"));
        m.save(&path).unwrap();
        assert_eq!(Manifest::load(&path, "cdn", "s3://a/").unwrap(), Ok(m));
        assert!(matches!(
            Manifest::load(&path, "cdn", "s3://b/").unwrap(),
            Err(Stale::OtherDestination(d)) if d == "s3://a/"
        ));
    }

    #[test]
    fn a_corrupt_manifest_means_a_full_push() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        std::fs::write(&path, "{\"version\": 1, \"files\": [").unwrap();
        assert!(matches!(
            Manifest::load(&path, "x", "y").unwrap(),
            Err(Stale::Unreadable(_))
        ));
    }
}
