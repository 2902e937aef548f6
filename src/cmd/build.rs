//! `communique build`: collect, normalise, and write the feeds into the output folder, under the
//! instance lock (taken before anything is read, like `publish`). The writing is
//! [`crate::ops::build_locked`]; this reports the diagnostics and one summary line.

use serde_json::json;

use super::{Context, Error, Status};
use crate::cli::BuildArgs;
use crate::instance::Instance;
use crate::ops;
use crate::write::Outcome;

/// Runs `build`.
pub(crate) fn run(ctx: &Context, args: &BuildArgs) -> Result<Status, Error> {
    let config = ctx.config()?;
    let held = ops::lock(&config, args.lock.wait(&config)).map_err(ops::OpsError::from)?;
    let instance = Instance::from_config(config)?;
    ctx.report_diagnostics(&instance.diagnostics, false);
    let written = ops::build_locked(&instance, &held, args.guard.unpublish())?;
    for w in &written {
        tracing::info!(path = %w.path, bytes = w.bytes, outcome = ?w.outcome, "feed");
    }
    let count = |o: Outcome| written.iter().filter(|w| w.outcome == o).count();
    let items = instance.items.iter().filter(|i| !i.draft).count();
    let files = written.len() - count(Outcome::Removed);
    let output_dir = instance.config.display_path(&instance.config.output_dir);
    let (created, updated, unchanged, removed) = (
        count(Outcome::Created),
        count(Outcome::Updated),
        count(Outcome::Unchanged),
        count(Outcome::Removed),
    );
    let fields = json!({
        "items": items,
        "files": files,
        "output_dir": output_dir,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "removed": removed,
    });
    ctx.reporter.note(
        &format!(
            "{items} {}, {files} files in {output_dir}: {created} created, {updated} updated, \
             {unchanged} unchanged, {removed} removed",
            super::plural(items, "item", "items"),
        ),
        fields,
    );
    Ok(Status::from_item_errors(instance.has_errors()))
}
