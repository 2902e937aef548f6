//! Handlers of the subcommands added for cron-grade operation (`publish`, `new`, `config show`,
//! `completions`, `man`), so that `cli.rs` stays a thin list of clap definitions and dispatch.
//!
//! Each handler returns an exit status from [`crate::cli::exit`]. [`Reporter`] is the one place
//! that decides how a run's messages reach stderr: plain (coloured on a terminal) or, with
//! `--log-format json`, as JSON log events.

pub mod config;
pub mod generate;
pub mod new;
pub mod publish;

use clap::{Args, ValueEnum};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::lock::Wait;
use crate::ops::Unpublish;
use crate::ui;

/// `--log-format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line (for log shippers); `publish` reports diagnostics and errors
    /// as log events too.
    Json,
}

/// Options of the commands that write the output folder.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct LockArgs {
    /// When another run holds this instance's lock, exit at once (status 2) instead of waiting
    /// up to `lock_timeout` seconds.
    #[arg(long)]
    pub no_wait: bool,
}

impl LockArgs {
    pub fn wait(&self, config: &Config) -> Wait {
        if self.no_wait {
            Wait::No
        } else {
            Wait::UpTo(config.lock_timeout)
        }
    }
}

/// `--force` of the commands that write the output folder (`build`, `publish`).
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct GuardArgs {
    /// Write even when this run would unpublish all the published entries or more than
    /// `[safety] max_unpublish_share` of them (refused otherwise, before anything is written).
    #[arg(long)]
    pub force: bool,
}

impl GuardArgs {
    pub fn unpublish(&self) -> Unpublish {
        if self.force {
            Unpublish::Forced
        } else {
            Unpublish::Guarded
        }
    }
}

/// How a command's messages reach stderr.
#[derive(Clone, Copy, Debug)]
pub struct Reporter {
    pub format: LogFormat,
    pub verbose: bool,
    pub quiet: bool,
}

impl Reporter {
    /// Errors always; warnings only with `--verbose`.
    pub fn diagnostic(&self, d: &Diagnostic) {
        if !d.is_error() && (!self.verbose || self.quiet) {
            return;
        }
        match (self.format, d.severity) {
            (LogFormat::Text, _) => ui::eprint_diagnostic(d),
            (LogFormat::Json, Severity::Error) => {
                tracing::error!(target: "communique::diagnostic", path = %d.path, line = d.line, "{}", d.message)
            }
            (LogFormat::Json, Severity::Warning) => {
                tracing::warn!(target: "communique::diagnostic", path = %d.path, line = d.line, "{}", d.message)
            }
        }
    }

    /// A problem that ends the run.
    pub fn fatal(&self, error: &dyn std::error::Error) {
        match self.format {
            LogFormat::Text => ui::eprint_error(&error.to_string()),
            LogFormat::Json => tracing::error!(target: "communique::fatal", "{error}"),
        }
    }

    /// True when a progress spinner may be drawn on stderr.
    pub fn progress_allowed(&self) -> bool {
        self.format == LogFormat::Text && !self.quiet && ui::stderr_is_terminal()
    }
}
