//! An instance: a configuration with its collected and normalised items. What `build`, `check`
//! and `items` share.

use std::path::Path;

use thiserror::Error;

use crate::collect::{self, CollectError};
use crate::config::{Config, ConfigError};
use crate::diag::{self, Diagnostic};
use crate::model::Item;
use crate::normalise;

/// A problem that stops the run before any item is looked at.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{source} (`items_dir` in {config})")]
    Collect {
        source: CollectError,
        config: String,
    },
}

/// The loaded instance.
#[derive(Debug)]
pub struct Instance {
    pub config: Config,
    /// Every item without errors, in file order (drafts included).
    pub items: Vec<Item>,
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Instance {
    /// Loads the configuration at `config_path`, then collects and normalises its items.
    pub fn load(config_path: &Path) -> Result<Instance, LoadError> {
        let config = Config::load(config_path)?;
        Self::from_config(config)
    }

    pub fn from_config(config: Config) -> Result<Instance, LoadError> {
        let display = |p: &Path| config.display_path(p);
        let collected =
            collect::collect(&config.items_dir, &config.limits, &display).map_err(|source| {
                LoadError::Collect {
                    source,
                    config: config.display_path(&config.path),
                }
            })?;
        let (items, mut diagnostics) = normalise::normalise_all(&collected.files, &config);
        diagnostics.extend(collected.diagnostics);
        // Planning is cheap and pure; done here so that `check` reports what only the feed set
        // reveals (tags that share a feed folder).
        crate::plan::plan(&items, &config, &mut diagnostics);
        diag::sort(&mut diagnostics);
        Ok(Instance {
            config,
            items,
            diagnostics,
        })
    }

    pub fn has_errors(&self) -> bool {
        diag::has_errors(&self.diagnostics)
    }
}
