//! `communique publish`: check, build and push in one locked run; the command a cron line
//! needs. The work is [`crate::ops::publish`]; this turns its outcome into messages and an exit
//! status.
//!
//! Quiet on success: nothing is printed unless `--verbose`. Item errors always reach stderr
//! (exit status 1, the other items are published); warnings only with `--verbose`. A no-op run
//! reports the same diagnostics and status as the full run it stands for.

use clap::Args;

use super::{GuardArgs, LockArgs, Reporter};
use crate::cli::exit;
use crate::config::Config;
use crate::ops::{self, PushOutcome};
use crate::ui::Progress;
use crate::write::Outcome;

/// Options of `communique publish`.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub lock: LockArgs,
    #[command(flatten)]
    pub guard: GuardArgs,
}

/// Runs `publish` for the configuration at `config_path`.
pub fn run(config_path: &std::path::Path, args: &PublishArgs, reporter: &Reporter) -> u8 {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            reporter.fatal(&e);
            return exit::FATAL;
        }
    };
    let wait = args.lock.wait(&config);
    let mut progress = Progress::new(reporter.progress_allowed());
    let report = match ops::publish(config, wait, args.guard.unpublish(), &mut progress) {
        Ok(report) => report,
        Err(e) => {
            reporter.fatal(&e);
            return exit::FATAL;
        }
    };
    for d in &report.diagnostics {
        reporter.diagnostic(d);
    }
    if report.leftovers > 0 {
        tracing::info!(
            files = report.leftovers,
            "removed temporary files left by an interrupted run"
        );
    }
    if report.noop {
        tracing::info!(
            items = report.items,
            files = report.files,
            "nothing changed since the last successful run; nothing written or pushed"
        );
    } else {
        let count = |o: Outcome| report.written.iter().filter(|w| w.outcome == o).count();
        for w in &report.written {
            tracing::debug!(path = %w.path, bytes = w.bytes, outcome = ?w.outcome, "feed");
        }
        tracing::info!(
            items = report.items,
            created = count(Outcome::Created),
            updated = count(Outcome::Updated),
            unchanged = count(Outcome::Unchanged),
            "published"
        );
        match &report.push {
            Some(PushOutcome::Pushed { targets, uploaded }) => {
                tracing::info!(targets, uploaded, "pushed")
            }
            Some(PushOutcome::NotConfigured) | None => {
                tracing::debug!("no push targets configured")
            }
        }
    }
    if report.has_errors() {
        exit::ITEM_ERRORS
    } else {
        exit::OK
    }
}
