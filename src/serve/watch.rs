//! Watching the inputs of a build: the items folder and the templates folder (recursively) and
//! the configuration file, with `notify` (the operating system's file events: inotify, FSEvents,
//! ReadDirectoryChangesW) through `notify-debouncer-mini`, which gathers the burst of events an
//! editor's save makes into one. Each burst that touches an input calls the given function
//! once; events on hidden files (editors' swap and backup files; the walk never reads them
//! either) are ignored.
//!
//! The configuration file is watched through its folder (not recursively), since editors often
//! save by replacing the file, which ends a watch on the file itself.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

use super::ServeError;
use crate::config::Config;

/// How long the debouncer waits for a burst of events to end.
const QUIET: Duration = Duration::from_millis(150);

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
    _debouncer: Debouncer<RecommendedWatcher>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("inputs", &self.inputs)
            .finish_non_exhaustive()
    }
}

/// Starts watching `inputs`; `changed` is called (from the watcher's thread) after each burst
/// of events that concerns them.
pub(crate) fn start(
    inputs: Inputs,
    changed: impl Fn() + Send + 'static,
) -> Result<Watch, ServeError> {
    let filter = inputs.clone();
    let mut debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| match result {
        Ok(events) => {
            if events.iter().any(|e| filter.concerns(&e.path)) {
                changed();
            }
        }
        Err(e) => tracing::warn!(error = %e, "file watch"),
    })
    .map_err(|e| ServeError::Watch {
        path: inputs.config.display().to_string(),
        message: e.to_string(),
    })?;
    let mut watch = |path: &Path, mode: RecursiveMode| {
        debouncer
            .watcher()
            .watch(path, mode)
            .map_err(|e| ServeError::Watch {
                path: path.display().to_string(),
                message: e.to_string(),
            })
    };
    let config_folder = inputs.config.parent().unwrap_or(Path::new("/")).to_path_buf();
    watch(&config_folder, RecursiveMode::NonRecursive)?;
    for folder in inputs.folders.iter().filter(|f| f.is_dir()) {
        watch(folder, RecursiveMode::Recursive)?;
    }
    Ok(Watch {
        inputs,
        _debouncer: debouncer,
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
