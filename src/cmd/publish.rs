//! `communique publish`: check, build and push in one locked run; the command a cron line
//! needs. The work is [`crate::ops::publish`]; this turns its outcome into messages and an exit
//! status.
//!
//! Quiet on success: nothing is printed unless `--verbose`. Item errors always reach stderr
//! (exit status 1, the other items are published); warnings only with `--verbose`. A no-op run
//! reports the same diagnostics and status as the full run it stands for.

use super::{Context, Error, Status};
use crate::ops::{self, PushOutcome};
use crate::ui::Progress;
use crate::write::Outcome;

pub(crate) use crate::cli::PublishArgs;

/// Runs `publish`.
pub(crate) fn run(ctx: &Context, args: &PublishArgs) -> Result<Status, Error> {
    let reporter = &ctx.reporter;
    let config = ctx.config()?;
    let wait = args.lock.wait(&config);
    let mut progress = Progress::new(reporter.progress_allowed());
    let report = ops::publish(config, wait, args.guard.unpublish(), &mut progress)?;
    for d in report.imported.iter().chain(&report.diagnostics) {
        reporter.diagnostic(d);
    }
    // An entry gone from the feeds with no notice is worth a word even without -v.
    if !reporter.quiet {
        for d in &report.removed {
            reporter.diagnostic_line(&crate::diag::Line::One(d));
        }
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
    let import_errors = report.imported.iter().any(|d| d.is_error());
    Ok(Status::from_item_errors(
        report.has_errors() || import_errors,
    ))
}
