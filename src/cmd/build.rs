//! `communique build`: collect, normalise, and write the feeds into the output folder, under the
//! instance lock (taken before anything is read, like `publish`). When the inputs and the
//! outputs are as the last `build` or `publish` left them, nothing is read or written
//! ([`crate::ops::build_noop`]) and the diagnostics of that run are reported again. The writing
//! is [`crate::ops::build_locked`]; this reports the diagnostics and one summary line.

use serde_json::json;

use super::{Context, Error, Status};
use crate::cli::BuildArgs;
use crate::config::Config;
use crate::instance::Instance;
use crate::normalise::Release;
use crate::ops;
use crate::write::Outcome;

/// Runs `build`.
pub(crate) fn run(ctx: &Context, args: &BuildArgs) -> Result<Status, Error> {
    let mut config = ctx.config()?;
    if let Some(url) = &args.base_url {
        config.override_base_url(url)?;
    }
    let how = How {
        wait: args.lock.wait(&config),
        unpublish: args.guard.unpublish(),
        no_cache: args.no_cache,
        future: args.future,
        ends_process: true,
    };
    Ok(build_config(ctx, config, how)?.status)
}

/// How a build runs: the lock wait, the unpublish guard, whether the caches count and whether
/// scheduled items are released too (`--future`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct How {
    pub wait: crate::lock::Wait,
    pub unpublish: ops::Unpublish,
    pub no_cache: bool,
    pub future: bool,
    /// The process ends after this build (`build`), rather than going on (`serve`).
    pub ends_process: bool,
}

/// What one build ended with: its status and the diagnostics it reported.
#[derive(Debug)]
pub(crate) struct Built {
    pub status: Status,
    pub diagnostics: Vec<crate::diag::Diagnostic>,
    /// True when a file of the output folder was written or removed.
    pub files_changed: bool,
}

/// Builds `config`'s instance as `build` does (also what `serve` runs after every change):
/// no-op check, load through the caches, write, report the diagnostics and one summary line.
pub(crate) fn build_config(ctx: &Context, config: Config, how: How) -> Result<Built, Error> {
    let held = ops::lock(&config, how.wait).map_err(ops::OpsError::from)?;
    let (fingerprint, noop) = ops::build_noop(&config, &held);
    if let Some(noop) = noop.filter(|_| !how.no_cache && !how.future) {
        ctx.report_diagnostics(&noop.diagnostics, false);
        let output_dir = config.display_path(&config.output_dir);
        let counts = Counts {
            unchanged: noop.files,
            ..Counts::default()
        };
        summary(ctx, noop.items, &output_dir, &counts);
        let status = Status::from_item_errors(crate::diag::has_errors(&noop.diagnostics));
        return Ok(Built {
            status,
            diagnostics: noop.diagnostics,
            files_changed: false,
        });
    }
    let release = if how.future {
        Release::Everything
    } else {
        Release::now()
    };
    let cache = if how.no_cache {
        ops::Cache::Ignore
    } else {
        ops::Cache::Use
    };
    // The item files' stamps the no-op check's walk found (under `held`): not stat'ed again.
    let load = |config: Config| {
        let stamps = fingerprint.stamps.clone();
        Instance::from_config_cached(config, !how.no_cache, release, stamps)
    };
    let (mut instance, items_cache) = load(config.clone())?;
    let mut written = ops::build_locked(
        &mut instance,
        &held,
        how.unpublish,
        &fingerprint,
        (cache, items_cache),
    );
    if ops::is_damaged_cache(&written) {
        // The damaged cache is gone and nothing was written: built again from the item files.
        tracing::warn!("the item cache was damaged: removed, and the items read again");
        let (again, items_cache) = load(config)?;
        instance = again;
        written = ops::build_locked(
            &mut instance,
            &held,
            how.unpublish,
            &fingerprint,
            (cache, items_cache),
        );
    }
    ctx.report_diagnostics(&instance.diagnostics, false);
    let written = written?;
    for w in &written {
        tracing::info!(path = %w.path, bytes = w.bytes, outcome = ?w.outcome, "feed");
    }
    let count = |o: Outcome| written.iter().filter(|w| w.outcome == o).count();
    let items = instance.items.iter().filter(|i| !i.draft).count();
    let output_dir = instance.config.display_path(&instance.config.output_dir);
    let counts = Counts {
        created: count(Outcome::Created),
        updated: count(Outcome::Updated),
        unchanged: count(Outcome::Unchanged),
        removed: count(Outcome::Removed),
    };
    summary(ctx, items, &output_dir, &counts);
    let status = Status::from_item_errors(instance.has_errors());
    let diagnostics = std::mem::take(&mut instance.diagnostics);
    let_go(instance, how.ends_process);
    Ok(Built {
        status,
        diagnostics,
        files_changed: counts.created + counts.updated + counts.removed > 0,
    })
}

/// Lets the loaded instance go. Freeing every item's strings one by one is tens of milliseconds
/// at 10,000 items. When the process ends right after the build, nothing is freed: the exit
/// takes the memory back whole. (Freed on a thread of its own, as before, it still ran beside
/// the exit and each page the allocator gave back to the kernel interrupted the other core to
/// flush its address cache: a cold 10,000-item build was about 20 ms slower, adding one item
/// about 10 ms; measured in `benches/RESULTS.md`, 2026-12-05.) Nothing in an [`Instance`]
/// needs its drop to run: no file it holds is written or removed on drop. `serve` goes on, so
/// there it is freed on a thread of its own, which the next build need not wait for.
fn let_go(instance: Instance, ends_process: bool) {
    if ends_process {
        std::mem::forget(instance);
    } else {
        drop_aside(instance);
    }
}

/// Frees the loaded instance on a thread of its own.
fn drop_aside(instance: Instance) {
    let spawned = std::thread::Builder::new()
        .name("drop-instance".to_owned())
        .spawn(move || drop(instance));
    // No thread to be had: the spawn hands the instance back dropped, here.
    drop(spawned);
}

/// What happened to the output files.
#[derive(Debug, Default)]
struct Counts {
    created: usize,
    updated: usize,
    unchanged: usize,
    removed: usize,
}

/// The one summary line of `build`.
fn summary(ctx: &Context, items: usize, output_dir: &str, counts: &Counts) {
    let Counts {
        created,
        updated,
        unchanged,
        removed,
    } = *counts;
    let files = created + updated + unchanged;
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
}
