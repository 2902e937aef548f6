//! The instance's folders must not overlap in ways that make a build read its own output or
//! publish its sources or state: checked once, when the configuration is resolved.
//!
//! - The items folder and the output folder: neither may be the other or inside it. An output
//!   folder inside the items folder would be walked as items (every page and feed a
//!   "statement" on the next run); an items folder inside the output folder would be published.
//!   The one exception is an output folder under a hidden folder (`.name`) of the items folder,
//!   which the walk never enters.
//! - The items folder and the state folder: the same rule (the state's files would be walked, or
//!   the items' folder would be the state's). That the state folder is not inside the output
//!   folder is checked by [`crate::config`] itself.
//!
//! Paths are compared after resolving symbolic links of the part that exists and `.`/`..` of the
//! rest, so `items_dir = "public/.."` or a link to the output folder is seen for what it is.

use std::path::{Component, Path, PathBuf};

/// The first overlap among the folders, as (configuration key, message).
pub(crate) fn check(
    items_dir: &Path,
    output_dir: &Path,
    state_dir: &Path,
) -> Result<(), (&'static str, String)> {
    let items = comparable(items_dir);
    let output = comparable(output_dir);
    let state = comparable(state_dir);
    if let Some(why) = overlap(&items, &output, "output folder") {
        return Err(("output_dir", why));
    }
    if let Some(why) = overlap(&items, &state, "state folder") {
        return Err(("state_dir", why));
    }
    Ok(())
}

/// Why `other` (the `what` folder) cannot be used with the items folder `items`, if it cannot.
fn overlap(items: &Path, other: &Path, what: &str) -> Option<String> {
    if other == items {
        return Some(format!(
            "is the items folder: the {what} and `items_dir` must be different folders, neither \
             inside the other"
        ));
    }
    if items.starts_with(other) {
        return Some(format!(
            "contains the items folder: the {what} and `items_dir` must be different folders, \
             neither inside the other"
        ));
    }
    let below = other.strip_prefix(items).ok()?;
    let hidden = below.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    (!hidden).then(|| {
        format!(
            "is inside the items folder, so a build would read its own output as items: the \
             {what} and `items_dir` must be different folders, neither inside the other (or \
             put it in a hidden folder such as `items/.{}`, which is never read)",
            below
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )
    })
}

/// `path` with its longest existing ancestor's symbolic links resolved and the rest's `.` and
/// `..` applied by hand (the rest does not exist yet, so the file system cannot do it; no crate
/// does this split for paths that partly exist).
fn comparable(path: &Path) -> PathBuf {
    let path = lexical(path);
    for ancestor in path.ancestors() {
        if let Ok(real) = ancestor.canonicalize() {
            let rest = path.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return lexical(&real.join(rest));
        }
    }
    path
}

/// `.` and `..` removed without looking at the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_paths(items: &str, output: &str, state: &str) -> Result<(), &'static str> {
        check(Path::new(items), Path::new(output), Path::new(state)).map_err(|(key, _)| key)
    }

    #[test]
    fn separate_folders_pass() {
        assert_eq!(
            check_paths("/x/items", "/x/public", "/x/.communique"),
            Ok(())
        );
        // The state beside an output folder inside a hidden folder of the items: never walked.
        assert_eq!(
            check_paths("/x", "/x/.site/public", "/x/.site/.communique"),
            Ok(())
        );
    }

    #[test]
    fn overlapping_folders_are_refused() {
        assert_eq!(
            check_paths("/x/public", "/x/public", "/x/s"),
            Err("output_dir")
        );
        assert_eq!(
            check_paths("/x/items", "/x/items/public", "/x/s"),
            Err("output_dir")
        );
        assert_eq!(
            check_paths("/x/public/items", "/x/public", "/x/s"),
            Err("output_dir")
        );
        assert_eq!(
            check_paths("/x/a/../public", "/x/public", "/x/s"),
            Err("output_dir")
        );
        assert_eq!(
            check_paths("/x", "/x/public", "/x/.communique"),
            Err("output_dir")
        );
        assert_eq!(
            check_paths("/x/items", "/x/public", "/x/items/state"),
            Err("state_dir")
        );
        assert_eq!(
            check_paths("/x/items", "/x/public", "/x/items"),
            Err("state_dir")
        );
    }
}
