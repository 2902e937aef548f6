//! The one place `publish` calls push.
//!
//! `publish` calls [`push_if_configured`] once, after every feed is written and before the state
//! is saved, and only on a full run (a no-op run uploads nothing and pings no hub):
//!
//! - an `Err` is fatal (exit status 2) and the state is not saved, so the next run retries;
//! - pushing must be idempotent: after a crash the next run pushes the same files again.

use thiserror::Error;

use crate::build::Written;
use crate::instance::Instance;
use crate::push::{self, PushOptions};

/// What the push step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushOutcome {
    /// The configuration names no push target.
    NotConfigured,
    /// Every configured target is up to date.
    Pushed {
        /// Targets pushed to.
        targets: usize,
        /// Files uploaded (unchanged ones are not).
        uploaded: usize,
    },
}

/// A push that failed: fatal for the run. The messages name the target, the file and the
/// server's answer.
#[derive(Debug, Error)]
pub enum PushError {
    #[error("{message}")]
    Failed { first: String, message: String },
}

/// Pushes the output folder to every configured target (and pings the hubs); does nothing when
/// the configuration names no target. `written` lists every output file of this run; push
/// itself decides what to send from its per-target manifests, so it also finishes what an
/// interrupted earlier run left unsent.
pub fn push_if_configured(
    instance: &Instance,
    written: &[Written],
) -> Result<PushOutcome, PushError> {
    let _ = written;
    let config = &instance.config;
    if config.push.is_empty() {
        return Ok(PushOutcome::NotConfigured);
    }
    let options = PushOptions {
        dry_run: false,
        full: false,
        force: false,
        targets: Vec::new(),
        quiet: true,
        progress: false,
    };
    // Per-target summary lines are for `communique push`; `publish` stays quiet on success and
    // reports failures through its own error path.
    let mut summaries = Vec::new();
    let mut log = Vec::new();
    let report = push::push(config, &options, &mut summaries, &mut log);
    for line in String::from_utf8_lossy(&summaries).lines() {
        tracing::info!("{line}");
    }
    if let Some(first) = report.errors.first() {
        return Err(PushError::Failed {
            message: report
                .errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            first: first.to_string(),
        });
    }
    Ok(PushOutcome::Pushed {
        targets: report.targets.len(),
        uploaded: report.targets.iter().map(|t| t.sent).sum(),
    })
}
