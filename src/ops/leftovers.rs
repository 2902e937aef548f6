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

/// Whether the output folder `dir` is not there yet, before a run writes: then every folder
/// below it is made by that run, and no killed run can have left a temporary file in one (the
/// run's own are renamed or removed), so they need not be searched afterwards. When in doubt
/// (it cannot be looked up), false.
pub(crate) fn is_new(dir: &Path) -> bool {
    matches!(fs::symlink_metadata(dir), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// The folders that hold the files at `rels` (relative, `/`-separated) inside `root`, and
/// `root` itself.
pub(crate) fn folders_of<'a>(
    root: &Path,
    rels: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<PathBuf> {
    // Told apart by their text first: ordering `PathBuf`s compares them component by
    // component, which was most of this function's time with 10,000 page folders.
    let rel_dirs: BTreeSet<&str> = rels
        .into_iter()
        .map(|rel| rel.rsplit_once('/').map_or("", |(dir, _)| dir))
        .collect();
    let mut dirs = BTreeSet::from([root.to_path_buf()]);
    dirs.extend(
        rel_dirs
            .into_iter()
            .filter(|dir| !dir.is_empty())
            .map(|dir| root.join(dir)),
    );
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
        let dirs = folders_of(dir.path(), ["en/atom.xml", "rss.xml", "en/rss.xml"]);
        assert_eq!(dirs.len(), 2);
        let nested = folders_of(
            Path::new("/out"),
            ["a/b/c.xml", "a/d.xml", "a/b/e.xml", "f.xml"],
        );
        let nested: Vec<_> = nested.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(nested, ["/out", "/out/a", "/out/a/b"]);
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
