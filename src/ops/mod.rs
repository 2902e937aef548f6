//! Cron-grade operation: the `publish` run (check, build, push in one locked run that is a
//! no-op when nothing changed) and the locked part of `build`.
//!
//! The order of a publish run is the safety argument, so it lives in one function,
//! [`publish`]:
//!
//! 1. take the instance lock ([`crate::lock`]), waiting or not;
//! 2. remove temporary files a killed run left ([`leftovers`]);
//! 3. fingerprint the inputs without reading them and compare with the saved state
//!    ([`crate::state`]): when both the inputs and the output files are as the last successful
//!    run left them, stop here: nothing is read, written, uploaded or pinged;
//! 4. otherwise collect and normalise, refuse a run that would unpublish too much ([`guard`],
//!    leaving the last state as it was), invalidate the state, write the feeds atomically,
//!    record what was published
//!    ([`crate::published`]), push ([`push_hook`]), and only then save the new state.
//!
//! A kill at any point leaves every output file old or new (atomic renames), no state or the old
//! one describing other inputs or outputs, and so a next run that does the whole job.
//!
//! This module decides and does; it prints nothing. The caller ([`crate::cmd::publish`]) turns
//! the [`Report`] or [`OpsError`] into messages and an exit status.

pub(crate) mod guard;
pub(crate) mod leftovers;
pub(crate) mod push_hook;
pub(crate) mod test_hooks;

use std::collections::BTreeSet;

use thiserror::Error;

use crate::build::{self, BuildError, Written};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::instance::{Instance, LoadError};
use crate::lock::{InstanceLock, LockError, Wait};
use crate::published::{self, Record};
use crate::state::{self, State};
use crate::types::clock::Release;
use crate::types::stamp::OutputsSeen;
pub(crate) use guard::{Unpublish, UnpublishRefused};
pub(crate) use push_hook::{PushError, PushOutcome};

/// A problem that stops a run: exit status 2.
#[derive(Debug, Error)]
pub(crate) enum OpsError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Push(#[from] PushError),
    #[error(transparent)]
    Unpublish(#[from] UnpublishRefused),
    #[error("cannot update the build state: {source}")]
    State {
        path: String,
        source: std::io::Error,
    },
}

impl crate::report::Located for OpsError {
    fn place(&self) -> crate::report::Place {
        use crate::report::Place;
        match self {
            OpsError::Lock(e) => e.place(),
            OpsError::Load(e) => e.place(),
            OpsError::Build(e) => e.place(),
            OpsError::Push(e) => e.place(),
            OpsError::Unpublish(e) => e.place(),
            OpsError::State { path, .. } => Place::file(path),
        }
    }
}

pub(crate) use crate::ui::{Observer, Stage};

/// An observer that ignores everything (the tests' runs).
#[cfg(test)]
pub(crate) struct Quiet;

#[cfg(test)]
impl Observer for Quiet {
    fn stage(&mut self, _stage: Stage) {}
}

/// What a successful publish run did.
#[derive(Debug)]
pub(crate) struct Report {
    /// True when nothing had changed and nothing was done.
    pub noop: bool,
    /// Item files the fingerprint walk saw.
    pub files: usize,
    /// Items in the feeds (drafts and items with errors excluded).
    pub items: usize,
    /// Every diagnostic, as a full run reports them (replayed from the state on a no-op).
    pub diagnostics: Vec<Diagnostic>,
    /// Output files and what happened to each (empty on a no-op).
    pub written: Vec<Written>,
    pub push: Option<PushOutcome>,
    /// Leftover temporary files removed.
    pub leftovers: usize,
    /// Published entries this run took out because their files are gone (`guard::gone_files`):
    /// said by this run only, so not in the state's diagnostics that a no-op replays.
    pub removed: Vec<Diagnostic>,
    /// What following `[[sources]]` could not read or kept as it was (see `crate::import`).
    pub imported: Vec<Diagnostic>,
}

impl Report {
    /// True when some items had errors (exit status 1).
    pub(crate) fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
    }
}

/// The lock file of an instance, as messages show it.
fn lock_display(config: &Config) -> String {
    config.display_path(&config.state_dir.join(crate::lock::LOCK_FILE))
}

/// Takes the instance lock for `config`.
pub(crate) fn lock(config: &Config, wait: Wait) -> Result<InstanceLock, LockError> {
    InstanceLock::acquire(&config.state_dir, wait, &lock_display(config))
}

/// `communique publish`: see the module documentation for the order of things.
pub(crate) fn publish(
    config: Config,
    wait: Wait,
    unpublish: Unpublish,
    observer: &mut dyn Observer,
) -> Result<Report, OpsError> {
    let mut result = publish_locked(config.clone(), wait, unpublish, observer);
    if is_damaged_cache(&result) {
        // The damaged cache is gone (`forget_damaged_cache`) and nothing was written: the
        // run is done again from the item files.
        tracing::warn!("the item cache was damaged: removed, and the items read again");
        result = publish_locked(config, wait, unpublish, observer);
    }
    observer.done();
    result
}

/// Whether `result` failed on an item body that did not read back from the item cache.
pub(crate) fn is_damaged_cache<T>(result: &Result<T, OpsError>) -> bool {
    matches!(
        result,
        Err(OpsError::Build(BuildError::DamagedCache { .. }))
    )
}

/// A build that failed on a damaged item cache renamed nothing into place (documents are
/// rendered before any is renamed): the cache is removed, so that the run done again reads the
/// item files. Under the instance lock.
fn forget_damaged_cache<T>(config: &Config, result: Result<T, BuildError>) -> Result<T, OpsError> {
    if let Err(BuildError::DamagedCache { .. }) = &result {
        let dir = config.state_dir.join(crate::cache::items::DIR);
        std::fs::remove_dir_all(&dir).map_err(|source| OpsError::State {
            path: config.display_path(&dir),
            source,
        })?;
    }
    Ok(result?)
}

fn publish_locked(
    config: Config,
    wait: Wait,
    unpublish: Unpublish,
    observer: &mut dyn Observer,
) -> Result<Report, OpsError> {
    let _lock = lock(&config, wait)?;
    test_hooks::pause("locked");
    // New statements from the followed feeds first: they are inputs of this run.
    let imported = follow_sources(&config);

    // The state is read beside the walk of the inputs, kept only when it stands for them.
    let (fingerprint, old) = state::fingerprint_and_states(&config, &[state::STATE_FILE]);
    let old = old.into_iter().next();
    let now = crate::types::clock::now();
    let release = Release::At(now);
    // A current state means the last run that wrote anything finished (a full `publish` or a
    // `build` deletes the state before it writes; only a finished `publish` saves it), so
    // leftovers can only be files someone put there: the top of the output folder and the state
    // folder are checked, not every output folder, which would be most of a no-op run's time.
    // Stats every output file: asked once.
    if let Some(old) = old
        .as_ref()
        .filter(|o| o.is_current(&fingerprint, &config.output_dir, now))
    {
        let removed = leftovers::remove_in(&BTreeSet::from([
            config.output_dir.clone(),
            config.state_dir.clone(),
        ]))
        .len();
        tracing::debug!(digest = %fingerprint.digest, "inputs and outputs unchanged");
        return Ok(Report {
            noop: true,
            files: fingerprint.files,
            items: old.items,
            diagnostics: old.diagnostics.clone(),
            written: Vec::new(),
            push: None,
            leftovers: removed,
            removed: Vec::new(),
            imported,
        });
    }
    log_full_run(&fingerprint);
    // A state left by the last `build` or `publish` means that run finished (each removes both
    // states before it writes, and saves one only at its end): no run was killed since, so
    // temporary files are looked for only at the top of the output and state folders, as a
    // no-op does; otherwise in every output folder, once this run has written (below).
    let last_run_finished = state::any_saved(&config.state_dir);
    let output_is_new = leftovers::is_new(&config.output_dir);
    let mut dirs = leftovers::folders_of(&config.output_dir, []);
    dirs.insert(config.state_dir.clone());
    dirs.insert(config.state_dir.join(crate::cache::items::DIR));
    let mut removed = leftovers::remove_in(&dirs).len();
    let state_error = |config: &Config, source| OpsError::State {
        path: config.display_path(&config.state_dir.join(state::STATE_FILE)),
        source,
    };

    observer.stage(Stage::Reading {
        files: fingerprint.files,
    });
    let stamps = fingerprint.stamps.clone();
    let (instance, cache) = Instance::from_config_cached(config, true, release, stamps)?;
    // The item cache's new segments are written, to temporary files only (renamed below).
    test_hooks::pause("loaded");
    let config = &instance.config;
    let next = Record::of(&instance.items, &config.items_dir);
    // Before the state is invalidated: a refused run leaves the last one's state as it was.
    guard::check(config, &instance.published, &next, unpublish)?;
    let gone = guard::gone_files(config, &instance.published, &next);
    state::invalidate(&config.state_dir).map_err(|e| state_error(config, e))?;
    record_first_seen(&instance)?;
    let config = &instance.config;
    // The first-seen dates are an input of this run: the state describes them as it left them.
    let fingerprint = fingerprint.with_first_seen(&config.state_dir);

    test_hooks::pause("before-write");
    observer.stage(Stage::Writing);
    let mut count = 0usize;
    let digests = Some(instance.digests.as_slice());
    let commits = if test_hooks::pauses_between_writes() {
        build::Commits::InOrder
    } else {
        build::Commits::Parallel
    };
    let (saved, written) = save_cache_beside(config, cache, || {
        build::build_with(
            &instance.items,
            &instance.bodies,
            // Every output stat'ed now, not taken from the no-op check: what `publish` leaves
            // in the folder is what it pushes, so it does not widen the window in which a file
            // changed behind its back would be taken for the one it wrote.
            build::Known {
                digests,
                outputs: &OutputsSeen::default(),
            },
            config,
            &instance.plan,
            commits,
            &mut |_| {
                count += 1;
                test_hooks::pause(&format!("after-write:{count}"));
            },
        )
    });
    saved?;
    let written = forget_damaged_cache(config, written)?;
    save_record(config, &instance.published, &next)?;
    if !last_run_finished && !output_is_new {
        // Opening every output folder: a tenth of a second at 10,000 items.
        removed += leftovers::remove_in(&leftovers::folders_of(
            &config.output_dir,
            written.iter().map(|w| w.path.as_str()),
        ))
        .len();
    }

    test_hooks::pause("before-push");
    observer.stage(Stage::Pushing);
    let push = push_hook::push_if_configured(&instance, &written)?;

    test_hooks::pause("before-state");
    let items = instance.items.iter().filter(|i| !i.draft).count();
    save_state(&instance, &fingerprint, items, &written).map_err(|e| state_error(config, e))?;
    Ok(Report {
        noop: false,
        files: fingerprint.files,
        items,
        diagnostics: instance.diagnostics,
        removed: gone,
        written,
        push: Some(push),
        leftovers: removed,
        imported,
    })
}

/// Imports what is new in the `[[sources]]` feeds. It never stops the run: a source that fails
/// is a diagnostic, and is asked again next time.
#[cfg(feature = "import")]
fn follow_sources(config: &Config) -> Vec<Diagnostic> {
    match crate::import::follow(config, false) {
        Ok(report) => {
            for done in &report.done {
                tracing::info!(path = %done.path, action = ?done.action, "import");
            }
            report.diagnostics
        }
        Err(e) => vec![Diagnostic::error(
            &config.display_path(&config.path),
            None,
            format!("[[sources]] not followed: {e}"),
        )],
    }
}

/// Without the `import` feature, `[[sources]]` are not followed (a warning says so).
#[cfg(not(feature = "import"))]
fn follow_sources(config: &Config) -> Vec<Diagnostic> {
    if config.sources.is_empty() {
        return Vec::new();
    }
    vec![Diagnostic::warning(
        &config.display_path(&config.path),
        None,
        "[[sources]] are not followed: this communique was built without the `import` feature",
    )]
}

/// Records what this run put into the output folder (after the write succeeded).
/// Saves the record of what this run publishes, unless it is the one loaded (a run that added
/// or removed no item): a non-empty record loaded is the file's content, so nothing is written
/// or read to compare. A record read from the JSON file of an older version is saved in the
/// new form whatever changed (`published::save`).
fn save_record(config: &Config, loaded: &Record, next: &Record) -> Result<(), OpsError> {
    if next == loaded && !next.is_empty() && !loaded.is_legacy() {
        return Ok(());
    }
    published::save(&config.state_dir, next).map_err(|source| OpsError::State {
        path: config.display_path(&config.state_dir.join(published::RECORD_FILE)),
        source,
    })
}

fn save_state(
    instance: &Instance,
    fingerprint: &state::Fingerprint,
    items: usize,
    written: &[Written],
) -> std::io::Result<()> {
    let config = &instance.config;
    let outputs = stamps(config, written)?;
    let state = State::new(fingerprint, items, outputs, instance.diagnostics.clone())
        .releasing_at(instance.next_change());
    state::save(&config.state_dir, &state)
}

/// Whether `build` may use what the state folder remembers (`build --no-cache` says no).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cache {
    Use,
    Ignore,
}

/// What a `build` with nothing to do reports: the run its state stands for.
#[derive(Debug)]
pub(crate) struct BuildNoop {
    /// Items in the feeds (drafts and items with errors excluded).
    pub items: usize,
    /// Output files, all unchanged.
    pub files: usize,
    /// Every diagnostic of the run the state stands for.
    pub diagnostics: Vec<Diagnostic>,
}

/// The no-op check of `communique build`, under the instance lock (`_held`), before any item is
/// read: the fingerprint of the inputs, and `Some` when it and every output's stamp match the
/// state of the last `build` or the last `publish` (either one vouches that the output folder
/// holds what these inputs make). Leftovers at the top of the output and state folders are
/// removed, as a no-op `publish` does.
pub(crate) fn build_noop(
    config: &Config,
    _held: &InstanceLock,
) -> (state::Fingerprint, Option<BuildNoop>) {
    let names = [state::BUILD_STATE_FILE, state::STATE_FILE];
    let (fingerprint, states) = state::fingerprint_and_states(config, &names);
    let now = crate::types::clock::now();
    let current = states
        .into_iter()
        .find(|s| s.is_current(&fingerprint, &config.output_dir, now));
    let noop = current.map(|state| {
        leftovers::remove_in(&BTreeSet::from([
            config.output_dir.clone(),
            config.state_dir.clone(),
        ]));
        tracing::debug!(digest = %fingerprint.digest, "inputs and outputs unchanged");
        BuildNoop {
            items: state.items,
            files: state.outputs.len(),
            diagnostics: state.diagnostics,
        }
    });
    if noop.is_none() {
        log_full_run(&fingerprint);
    }
    (fingerprint, noop)
}

/// The debug line of a `publish` or `build` that is not a no-op (the first stage of `-vv`).
fn log_full_run(fingerprint: &state::Fingerprint) {
    tracing::debug!(
        digest = %fingerprint.digest,
        trusted = fingerprint.trusted,
        files = fingerprint.files,
        "inputs or outputs changed; full run"
    );
}

/// The writing part of `communique build`, under the instance lock (`_held`, taken with
/// [`lock`] before the items were read): leftovers are removed and the feeds written. `build`
/// never saves `publish`'s state: what it writes changes the output files' stamps, so the next
/// `publish` does a full run and pushes it. It saves its own (`state::BUILD_STATE_FILE`,
/// describing `fingerprint`, taken before the items were read), so that the next `build` with
/// nothing changed is a no-op.
pub(crate) fn build_locked(
    instance: &mut Instance,
    _held: &InstanceLock,
    unpublish: Unpublish,
    fingerprint: &state::Fingerprint,
    cache: (Cache, crate::cache::items::Update),
) -> Result<Vec<Written>, OpsError> {
    let (cache, items_cache) = cache;
    let config = &instance.config;
    let next = Record::of(&instance.items, &config.items_dir);
    guard::check(config, &instance.published, &next, unpublish)?;
    let state_error = |source| OpsError::State {
        path: config.display_path(&config.state_dir.join(state::BUILD_STATE_FILE)),
        source,
    };
    // A state left by the last `build` or `publish` means that run finished (each removes both
    // before it writes, and saves one only at its end): no run was killed since, so there are
    // no temporary files to look for below the top of the output folder.
    let last_run_finished = state::any_saved(&config.state_dir);
    // The next `publish` must not take this build's outputs for its own last run's.
    state::invalidate(&config.state_dir).map_err(state_error)?;
    if cache == Cache::Ignore {
        crate::cache::documents::Store::remove(&config.state_dir).map_err(state_error)?;
    }
    record_first_seen(instance)?;
    let config = &instance.config;
    let state_error = |source| OpsError::State {
        path: config.display_path(&config.state_dir.join(state::BUILD_STATE_FILE)),
        source,
    };
    let fingerprint = fingerprint.with_first_seen(&config.state_dir);
    let output_is_new = leftovers::is_new(&config.output_dir);
    // The item cache's folder is cleared of leftovers by the save, once this run's own
    // temporary segments are renamed.
    let mut dirs = leftovers::folders_of(&config.output_dir, []);
    dirs.insert(config.state_dir.clone());
    leftovers::remove_in(&dirs);
    let (saved, written) = save_cache_beside(config, items_cache, || {
        build::build(
            &instance.items,
            &instance.bodies,
            build::Known {
                digests: Some(&instance.digests),
                outputs: &fingerprint.outputs_seen,
            },
            config,
            &instance.plan,
        )
    });
    saved?;
    let written = forget_damaged_cache(config, written)?;
    if !last_run_finished && !output_is_new {
        // Opening every output folder: a tenth of a second at 10,000 items.
        leftovers::remove_in(&leftovers::folders_of(
            &config.output_dir,
            written.iter().map(|w| w.path.as_str()),
        ));
    }
    if instance.is_preview() {
        // A preview (`build --future`) shows scheduled items: it records no publication and
        // leaves no state (the last ones were invalidated above), so the next run writes the
        // output as released again.
        return Ok(written);
    }
    // The state (every output's stamp: 10,000 paths, encoded) is made on another core while
    // the record of what was published is saved (compared, written, flushed): one after the
    // other, both were the one thread's last stretch. It is still written only once the record
    // is, and not when that fails.
    let items = instance.items.iter().filter(|i| !i.draft).count();
    let (recorded, state) = rayon::join(
        || save_record(config, &instance.published, &next),
        || {
            let outputs = stamps(config, &written)?;
            State::new(&fingerprint, items, outputs, instance.diagnostics.clone())
                .releasing_at(instance.next_change())
                .encoded()
        },
    );
    recorded?;
    let state = state.map_err(state_error)?;
    state::save_encoded(&config.state_dir, state::BUILD_STATE_FILE, &state).map_err(state_error)?;
    Ok(written)
}

/// The stamps of the files a run wrote (or found unchanged).
fn stamps(config: &Config, written: &[Written]) -> std::io::Result<Vec<state::Stamp>> {
    // Files this run removed as stale are gone: nothing to stamp.
    // The build stamped each file once it was done with it; a file it could not stamp is
    // stamped again here, so that the error is this run's.
    written
        .iter()
        .filter(|w| w.outcome != crate::write::Outcome::Removed)
        .map(|w| match w.stamp {
            Some(s) => Ok(state::Stamp {
                path: w.path.clone(),
                size: s.size,
                inode: s.inode,
                mtime_ns: s.mtime_ns,
                ctime_ns: s.ctime_ns,
            }),
            None => state::stamp(&config.output_dir, &w.path),
        })
        .collect()
}

/// Saves what the item cache learnt this run (its segments, written to temporary files while
/// the items were loaded, renamed into place) on a thread of its own while `build` writes the
/// output here, and returns both results once both are done. The entries describe item files,
/// so they are saved whatever becomes of the build; the save's error is the run's first (it
/// is reported before the build's). The save mostly waits for the disk (the segments flushed
/// before their renames, about 50 MB at 10,000 items): done first, as it was, both cores
/// idled for a tenth of a cold build. A build failing on a damaged cache removes the cache
/// after this returns ([`forget_damaged_cache`]), so never while it is being saved. Without a
/// thread to be had, the cache is saved here, after the build.
fn save_cache_beside<T>(
    config: &Config,
    update: crate::cache::items::Update,
    build: impl FnOnce() -> T,
) -> (Result<(), OpsError>, T) {
    let update = std::sync::Mutex::new(Some(update));
    // Saves the update unless it was saved already: on the thread, or here when none started.
    let save = || match update.lock().ok().and_then(|mut u| u.take()) {
        Some(update) => save_cache(config, update),
        None => Ok(()),
    };
    std::thread::scope(|scope| {
        let saving = std::thread::Builder::new()
            .name("save-cache".to_owned())
            .spawn_scoped(scope, save);
        let built = build();
        let saved = match saving {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => save(),
        };
        (saved, built)
    })
}

/// Saves the item cache's update, then removes the temporary files a killed run left in its
/// folder (this run's own are renamed by then, or removed when the save failed).
fn save_cache(config: &Config, update: crate::cache::items::Update) -> Result<(), OpsError> {
    let dir = config.state_dir.join(crate::cache::items::DIR);
    update.save().map_err(|source| OpsError::State {
        path: config.display_path(&dir),
        source,
    })?;
    leftovers::remove_in(&BTreeSet::from([dir]));
    tracing::debug!("item cache saved");
    Ok(())
}

/// Saves the first-seen dates this run gave items (under the lock, before any feed shows them),
/// so that the next run gives the same ones.
fn record_first_seen(instance: &Instance) -> Result<(), OpsError> {
    let config = &instance.config;
    let Some(table) = &instance.first_seen else {
        return Ok(());
    };
    crate::history::first_seen::save(&config.state_dir, table).map_err(|source| OpsError::State {
        path: config.display_path(&config.state_dir.join(crate::history::first_seen::FILE)),
        source,
    })
}
