//! An instance: a configuration with its collected and normalised items, and the record of what
//! was published last (`crate::published`). What `build`, `check` and `items` share.

use std::path::Path;

use thiserror::Error;

use crate::collect::{self, CollectError};
use crate::config::{Config, ConfigError};
use crate::diag::{self, Diagnostic};
use crate::history::History;
use crate::model::Item;
use crate::normalise;
use crate::plan::SitePlan;
use crate::published::{self, Record};

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
    #[error(transparent)]
    FirstSeen(#[from] crate::history::first_seen::TableError),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
}

impl crate::report::Located for LoadError {
    fn place(&self) -> crate::report::Place {
        match self {
            LoadError::Config(e) => e.place(),
            LoadError::Collect { source, .. } => source.place(),
            LoadError::FirstSeen(e) => e.place(),
            LoadError::Plan(_) => crate::report::Place::Nowhere,
        }
    }
}

/// The loaded instance.
#[derive(Debug)]
pub struct Instance {
    pub config: Config,
    /// Every item without errors, in file order (drafts included).
    pub items: Vec<Item>,
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Every output document of the items, planned once for the whole run.
    pub plan: SitePlan,
    /// What the last writing run published (empty when nothing was, or the record is unusable).
    pub published: Record,
    /// The first-seen dates to record, when this run saw files for the first time (or renamed):
    /// saved by the commands that hold the instance lock (`crate::ops`).
    pub first_seen: Option<crate::history::first_seen::Table>,
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
        let record_path = config.state_dir.join(published::RECORD_FILE);
        let (published, record_warning) =
            published::load(&config.state_dir, &config.display_path(&record_path));
        let history = History::new(&config, &collected.files)?;
        let (items, mut diagnostics) =
            normalise::normalise_all_with(&collected.files, &config, Some(&history), &published);
        diagnostics.extend(collected.diagnostics);
        diagnostics.extend(record_warning);
        diagnostics.extend(history.notes());
        let first_seen = history.updated_table();
        // Planned here, once: `build` writes this plan, and `check` reports what only the feed
        // set reveals (tags that share a feed folder).
        let plan = SitePlan::new(&items, &config, &mut diagnostics)?;
        diag::sort(&mut diagnostics);
        Ok(Instance {
            config,
            items,
            diagnostics,
            plan,
            published,
            first_seen,
        })
    }

    pub fn has_errors(&self) -> bool {
        diag::has_errors(&self.diagnostics)
    }
}
