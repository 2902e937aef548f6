//! The one place `publish` calls push.
//!
//! **Merge point for the `push` branch.** `publish` calls [`push_if_configured`] once, after
//! every feed is written and before the state is saved, and only on a full run (a no-op run
//! uploads nothing and pings no hub). Today no push targets exist, so it does nothing. When
//! `src/push/` lands, the body of [`push_if_configured`] becomes the call into it (marked below);
//! nothing else in `ops` needs to change:
//!
//! - an `Err` is fatal (exit status 2) and the state is not saved, so the next run retries;
//! - pushing must be idempotent: after a crash the next run pushes the same files again.

use thiserror::Error;

use crate::instance::Instance;
use crate::publish::Written;

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

/// A push that failed: fatal for the run.
#[derive(Debug, Error)]
pub enum PushError {
    #[error("{target}: error: push failed: {message}")]
    Failed { target: String, message: String },
}

/// Pushes the output folder to every configured target; does nothing when none is configured.
/// `written` lists every output file of this run and what happened to it.
pub fn push_if_configured(
    instance: &Instance,
    written: &[Written],
) -> Result<PushOutcome, PushError> {
    // MERGE POINT (branch `push`): when `instance.config` has `[[push]]` targets, call
    // `crate::push` here with `instance` and `written`, map its error into `PushError`, and
    // return `PushOutcome::Pushed`.
    let _ = (instance, written);
    Ok(PushOutcome::NotConfigured)
}
