//! The one place `publish` calls push.
//!
//! `publish` calls [`push_if_configured`] once, after every feed is written and before the state
//! is saved, and only on a full run (a no-op run uploads nothing and pings no hub):
//!
//! - an `Err` is fatal (exit status 2) and the state is not saved, so the next run retries;
//! - pushing must be idempotent: after a crash the next run pushes the same files again.
//!
//! `publish` stays quiet on success: push's progress events are logged at debug level, and its
//! errors come back typed in [`PushError::Failed`], for the caller to report one by one.

use thiserror::Error;

use crate::build::Written;
use crate::instance::Instance;
use crate::push::{self, Event, PushOptions};

/// What the push step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PushOutcome {
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

/// A push that failed: fatal for the run. Each error names the target, the file and the
/// server's answer.
#[derive(Debug, Error)]
pub(crate) enum PushError {
    /// Never empty.
    #[error("{}{}", errors[0], more(errors.len()))]
    Failed { errors: Vec<push::PushError> },
}

fn more(errors: usize) -> String {
    match errors {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    }
}

impl crate::report::Located for PushError {
    fn place(&self) -> crate::report::Place {
        let PushError::Failed { errors } = self;
        errors[0].place()
    }
}

/// Logs push's progress at debug level: `publish` is quiet on success.
struct DebugLog;

impl push::Events for DebugLog {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::TargetDone(report) => tracing::debug!("{}", report.summary()),
            Event::Failed(_) => {}
            other => tracing::debug!("{}", other.text()),
        }
    }
}

/// Pushes the output folder to every configured target (and pings the hubs); does nothing when
/// the configuration names no target. `written` lists every output file of this run; push
/// itself decides what to send from its per-target manifests, so it also finishes what an
/// interrupted earlier run left unsent.
pub(crate) fn push_if_configured(
    instance: &Instance,
    written: &[Written],
) -> Result<PushOutcome, PushError> {
    let _ = written;
    let config = &instance.config;
    if config.push.is_empty() {
        return Ok(PushOutcome::NotConfigured);
    }
    let options = PushOptions::default();
    // Nothing is printed: `--dry-run` is not set, so `out` stays empty.
    let report = push::push(config, &options, &mut std::io::sink(), &mut DebugLog);
    if !report.errors.is_empty() {
        return Err(PushError::Failed {
            errors: report.errors,
        });
    }
    Ok(PushOutcome::Pushed {
        targets: report.targets.len(),
        uploaded: report.targets.iter().map(|t| t.sent).sum(),
    })
}
