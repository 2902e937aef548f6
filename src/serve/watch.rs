//! Watching the inputs of a build: the items folder and the templates folder (recursively) and
//! the configuration file, with `notify` (the operating system's file events: inotify, FSEvents,
//! ReadDirectoryChangesW). Every event that may change an input calls the given function;
//! reads (`Access` events, which the build's own reading makes) and events on hidden files
//! (editors' swap and backup files; the walk never reads them either) are ignored. The caller
//! gathers the burst of calls an editor's save makes into one rebuild.
//!
//! The configuration file is watched through its folder (not recursively), since editors often
//! save by replacing the file, which ends a watch on the file itself.

use std::path::{Path, PathBuf};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::ServeError;
use crate::config::Config;

/// What is watched for one configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inputs {
    pub config: PathBuf,
    /// Watched recursively.
    pub folders: Vec<PathBuf>,
}

impl Inputs {
    /// The inputs of `config`: its file, its items folder, its templates folder if any.
    pub(crate) fn of(config: &Config) -> Inputs {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut folders = vec![absolute(&config.items_dir)];
        folders.extend(config.feeds.templates_dir.as_deref().map(absolute));
        Inputs {
            config: absolute(&config.path),
            folders,
        }
    }

    /// True when an event on `path` concerns these inputs.
    fn concerns(&self, path: &Path) -> bool {
        if path == self.config {
            return true;
        }
        self.folders.iter().any(|folder| {
            path.strip_prefix(folder).is_ok_and(|rest| {
                !rest
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
        })
    }
}

/// A running watch; dropping it stops it.
pub(crate) struct Watch {
    pub inputs: Inputs,
    _watcher: RecommendedWatcher,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("inputs", &self.inputs)
            .finish_non_exhaustive()
    }
}

/// Starts watching `inputs`; `changed` is called (from the watcher's thread) after each event
/// that may change them.
pub(crate) fn start(
    inputs: Inputs,
    changed: impl Fn() + Send + 'static,
) -> Result<Watch, ServeError> {
    let filter = inputs.clone();
    let handler = move |result: notify::Result<notify::Event>| match result {
        Ok(event) => {
            if !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|p| filter.concerns(p))
            {
                changed();
            }
        }
        Err(e) => tracing::warn!(error = %e, "file watch"),
    };
    let failed = |path: &Path, e: notify::Error| ServeError::Watch {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut watcher =
        notify::recommended_watcher(handler).map_err(|e| failed(&inputs.config, e))?;
    let config_folder = inputs.config.parent().unwrap_or(Path::new("/"));
    watcher
        .watch(config_folder, RecursiveMode::NonRecursive)
        .map_err(|e| failed(config_folder, e))?;
    for folder in inputs.folders.iter().filter(|f| f.is_dir()) {
        watcher
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| failed(folder, e))?;
    }
    Ok(Watch {
        inputs,
        _watcher: watcher,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_inputs_and_no_hidden_file_concern_a_build() {
        let inputs = Inputs {
            config: PathBuf::from("/i/config.toml"),
            folders: vec![PathBuf::from("/i/items"), PathBuf::from("/i/templates")],
        };
        assert!(inputs.concerns(Path::new("/i/config.toml")));
        assert!(inputs.concerns(Path::new("/i/items/2024/a.md")));
        assert!(inputs.concerns(Path::new("/i/items/2024")));
        assert!(inputs.concerns(Path::new("/i/templates/item.html")));
        assert!(!inputs.concerns(Path::new("/i/items/2024/.a.md.swp")));
        assert!(!inputs.concerns(Path::new("/i/items/.git/index")));
        assert!(!inputs.concerns(Path::new("/i/.config.toml.swp")));
        assert!(!inputs.concerns(Path::new("/i/public/index.html")));
    }
}
