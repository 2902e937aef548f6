//! Leftover temporary files: what a run killed between creating a temporary file and renaming
//! it over its target leaves behind.
//!
//! [`crate::write`] writes every file as a temporary file in the target's folder (named by
//! [`crate::write::temp_file_in`], recognised by [`crate::write::is_temp_name`]), then renames
//! it. SIGKILL between the two leaves the temporary file (the target keeps its old bytes). The
//! next locked run removes them: only a run holding the instance lock writes there, so a
//! temporary file seen under the lock belongs to no live process.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Removes leftover temporary files directly inside each of `dirs` (not below). Folders that do
/// not exist or cannot be read are skipped; returns the paths removed.
pub(crate) fn remove_in(dirs: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for dir in dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.to_str().is_some_and(crate::write::is_temp_name) {
                let path = entry.path();
                match fs::remove_file(&path) {
                    Ok(()) => {
                        tracing::debug!(path = %path.display(), "removed a leftover temporary file");
                        removed.push(path);
                    }
                    Err(e) => {
                        tracing::warn!(path = %path.display(), error = %e, "cannot remove a leftover temporary file")
                    }
                }
            }
        }
    }
    removed
}

/// The folders that hold the files at `rels` (relative, `/`-separated) inside `root`, and
/// `root` itself.
pub(crate) fn folders_of<'a>(
    root: &Path,
    rels: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<PathBuf> {
    let mut dirs = BTreeSet::from([root.to_path_buf()]);
    for rel in rels {
        if let Some(parent) = root.join(rel).parent() {
            dirs.insert(parent.to_path_buf());
        }
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_our_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("en");
        fs::create_dir_all(&sub).unwrap();
        for name in [
            ".communique-a1.tmp",
            "atom.xml",
            ".communique-notes",
            "x.tmp",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::write(sub.join(".communique-b2.tmp"), "x").unwrap();
        fs::create_dir(dir.path().join(".communique-dir.tmp")).unwrap();
        let dirs = folders_of(dir.path(), ["en/atom.xml", "rss.xml"]);
        assert_eq!(dirs.len(), 2);
        let removed = remove_in(&dirs);
        assert_eq!(removed.len(), 2);
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".communique-dir.tmp",
                ".communique-notes",
                "atom.xml",
                "en",
                "x.tmp"
            ]
        );
    }
}
