//! **Push**: copy the output folder to every configured target, then announce changed feeds to
//! WebSub hubs. The only module that touches the network.
//!
//! For each target, in configuration order:
//! 1. [`plan::scan`] the output folder (once), load the target's [`Manifest`], and
//!    [`Plan::new`] the difference: what to send, what to delete, what is already there;
//! 2. send the files stage by stage ([`Stage`]: pages and assets, then index pages, then the
//!    subscription feeds), a few at a time; a stage starts only when the previous one fully
//!    arrived, and after a failure nothing new starts;
//! 3. delete what vanished locally, unless that is more than `max_deletes` and `--force` was
//!    not given;
//! 4. save the manifest (it is also saved every second while files arrive, so an interrupted
//!    push resumes where it stopped).
//!
//! Then, if every target succeeded, ping the hubs for every subscription feed whose bytes
//! changed ([`websub`]). A failing target does not stop the others; it makes the exit status
//! non-zero and postpones the pings.
//!
//! This file holds the orchestration across targets and the types they share; `job.rs` runs
//! one target, [`plan`] decides the order and the difference from the [`manifest`]. Backends
//! (`s3.rs`, `webdav.rs`, `sftp.rs`, `dir.rs`) implement `Backend` (`put` atomically,
//! `delete`, `close`) and do their own retries ([`retry`]), since only they know which of
//! their requests are safe to repeat.
//!
//! Each network backend, and the WebSub pings, is a Cargo feature (`push-s3`, `push-webdav`,
//! `push-sftp`, `websub`; all on by default). Without them there is no tokio: the futures run
//! on [`futures_executor`]'s plain executor, which is all the `dir` backend and the purge
//! command need, and a target or `hubs` needing a missing feature fails with
//! [`PushError::NotBuiltIn`].

pub(crate) use crate::config::push as config;
pub(crate) mod archive;
pub(crate) mod manifest;
pub(crate) mod plan;
pub(crate) mod retry;
pub(crate) mod websub;

mod dir;
mod job;
mod purge;
#[cfg(feature = "push-s3")]
mod s3;
#[cfg(feature = "push-sftp")]
mod sftp;
#[cfg(any(feature = "push-webdav", feature = "websub"))]
mod webdav;

use std::io::{self, Write};
use std::time::Duration;

use bytes::Bytes;
use indicatif::HumanBytes;
use thiserror::Error;

use crate::config::Config;
use config::{PushSettings, Target};
use manifest::Manifest;
use plan::{Plan, Stage};
use retry::Failure;

/// What the command line asked for.
#[derive(Clone, Debug, Default)]
pub(crate) struct PushOptions {
    /// Print the plan, touch nothing.
    pub dry_run: bool,
    /// Send every file, whatever the manifest says.
    pub full: bool,
    /// Delete even more than `max_deletes` files.
    pub force: bool,
    /// Only these targets (all when empty).
    pub targets: Vec<String>,
    /// Draw a progress bar (only on a terminal).
    pub progress: bool,
}

/// A push problem. Each names the target, and the file and the server's answer where there
/// is one. Credentials never appear: they are not in URLs, and the server's text has every
/// secret cut out when it becomes a [`Failure`] ([`crate::secret::redact`]).
#[derive(Debug, Error)]
pub(crate) enum PushError {
    #[error("cannot read the output folder: {source} (run `communique build` first)")]
    Output { path: String, source: io::Error },
    #[error(
        "a link to {target}, outside the output folder: nothing pushed (links in \
         the output folder must stay inside it)"
    )]
    LinkOutside { link: String, target: String },
    #[error("no push target is configured; add a [[push]] table to {config}")]
    NoTargets { config: String },
    #[error("no push target is named `{name}` (configured: {known})")]
    UnknownTarget { name: String, known: String },
    #[error("{message}")]
    Connect { target: String, message: String },
    #[error("cannot upload {path}: {message}")]
    Upload {
        target: String,
        path: String,
        message: String,
    },
    #[error("cannot delete {path}: {message}")]
    Delete {
        target: String,
        path: String,
        message: String,
    },
    #[error(
        "{count} files vanished locally, more than max_deletes = {max}; \
         nothing was deleted (check the output folder, then run with --force to delete them)"
    )]
    TooManyDeletes {
        target: String,
        count: usize,
        max: usize,
    },
    #[error("{path}: cannot keep the manifest: {source}")]
    Manifest {
        target: String,
        path: String,
        source: io::Error,
    },
    #[cfg_attr(not(feature = "websub"), allow(dead_code))]
    #[error("hub {hub}: cannot announce {topic}: {message} (it will be announced after the next successful push)")]
    WebSub {
        hub: String,
        topic: String,
        message: String,
    },
    #[error("purge command `{program}` {message}")]
    Purge { program: String, message: String },
    #[error("cannot keep the list of feeds to announce: {source}")]
    Pending { path: String, source: io::Error },
    #[error("cannot start the network runtime: {0}")]
    Runtime(io::Error),
    #[error(
        "{what} needs the `{feature}` feature, which this communique was built without \
         (build it with `--features {feature}`, or with the default features)"
    )]
    NotBuiltIn {
        target: Option<String>,
        what: String,
        feature: &'static str,
    },
}

impl crate::report::Located for PushError {
    fn place(&self) -> crate::report::Place {
        use crate::report::Place;
        match self {
            PushError::Output { path, .. } | PushError::Pending { path, .. } => Place::file(path),
            PushError::LinkOutside { link, .. } => Place::file(link),
            PushError::NoTargets { .. }
            | PushError::UnknownTarget { .. }
            | PushError::Purge { .. }
            | PushError::Runtime(_)
            | PushError::NotBuiltIn { target: None, .. } => Place::Nowhere,
            PushError::NotBuiltIn {
                target: Some(target),
                ..
            } => Place::Target(target.clone()),
            PushError::Connect { target, .. }
            | PushError::Upload { target, .. }
            | PushError::Delete { target, .. }
            | PushError::TooManyDeletes { target, .. }
            | PushError::Manifest { target, .. } => Place::Target(target.clone()),
            PushError::WebSub { .. } => Place::WebSub,
        }
    }
}

/// What a push tells as it goes, in order; the `push` command shows each, `publish` logs them.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A target gets every file (its manifest is missing, stale or for another destination).
    SendingEverything { target: &'a str, reason: &'a str },
    /// A target is done (whether or not every file arrived).
    TargetDone(&'a TargetReport),
    /// Hub pings that succeeded.
    Announced { pings: usize, hubs: usize },
    /// Changed feeds not announced because a target (or a required purge) failed.
    NotAnnounced { feeds: usize },
    /// The purge command got the changed URLs and succeeded.
    Purged { urls: usize, program: &'a str },
    /// A failure (also in [`PushReport::errors`]).
    Failed(&'a PushError),
}

impl Event<'_> {
    /// The line a person reads (errors are worded by the reporter, from their place).
    pub(crate) fn text(&self) -> String {
        match self {
            Event::SendingEverything { target, reason } => {
                format!("push `{target}`: sending everything: {reason}")
            }
            Event::TargetDone(report) => report.summary(),
            Event::Announced { pings, hubs } => {
                format!("websub: announced {pings} change(s) to {hubs} hub(s)")
            }
            Event::NotAnnounced { feeds } => format!(
                "websub: not announcing {feeds} changed feed(s) because the push failed; the \
                 next successful push will"
            ),
            Event::Purged { urls, program } => {
                format!("purge: handed {urls} changed URL(s) to `{program}`")
            }
            Event::Failed(e) => e.to_string(),
        }
    }
}

/// Receives a push's [`Event`]s as they happen.
pub(crate) trait Events {
    fn event(&mut self, event: Event<'_>);
}

/// What one push did to one target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct TargetReport {
    pub target: String,
    pub sent: usize,
    pub bytes: u64,
    pub deleted: usize,
    /// Already on the target, not sent.
    pub skipped: usize,
    pub elapsed: Duration,
    /// Subscription feeds whose bytes changed and arrived, as paths in the output folder.
    pub changed_feeds: Vec<String>,
    /// Every file that arrived with new bytes or a new encoding, or was deleted: what a CDN in
    /// front of the target must forget (paths in the output folder).
    pub changed: Vec<String>,
}

impl TargetReport {
    /// `cdn: 3 sent (12.1 KiB), 1 deleted, 40 skipped in 0.42 s`
    pub(crate) fn summary(&self) -> String {
        format!(
            "push `{}`: {} sent ({}), {} deleted, {} skipped in {:.2} s",
            self.target,
            self.sent,
            HumanBytes(self.bytes),
            self.deleted,
            self.skipped,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Everything a push did.
#[derive(Debug, Default)]
pub(crate) struct PushReport {
    pub targets: Vec<TargetReport>,
    pub errors: Vec<PushError>,
    /// Successful hub pings (one per hub and topic).
    pub pings: usize,
}

/// Content metadata for one upload. S3 stores all three; WebDAV sends the type (servers mostly
/// ignore it); SFTP and folders cannot carry any.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "runtime"), allow(dead_code))]
pub(crate) struct PutMeta<'a> {
    pub content_type: &'a str,
    pub cache_control: &'a str,
    /// `Some("gzip")` for a pre-compressed variant.
    pub content_encoding: Option<&'a str>,
}

/// A push destination. `put` must be atomic for readers (old or new bytes, never a mix) and may
/// retry; `delete` of a missing file succeeds.
pub(crate) trait Backend {
    async fn put(&self, path: &str, bytes: Bytes, meta: &PutMeta<'_>) -> Result<(), Failure>;
    async fn delete(&self, path: &str) -> Result<(), Failure>;
    async fn close(self) -> Result<(), Failure>;
}

/// Runs `communique push`. Progress and errors go to `log` as [`Event`]s as they happen (errors
/// are also returned in the report); the `--dry-run` plan goes to `out`.
pub(crate) fn push(
    config: &Config,
    options: &PushOptions,
    out: &mut dyn Write,
    log: &mut dyn Events,
) -> PushReport {
    let mut report = PushReport::default();
    let fail = |report: &mut PushReport, log: &mut dyn Events, e: PushError| {
        log.event(Event::Failed(&e));
        report.errors.push(e);
    };
    let targets = match select_targets(config, &options.targets) {
        Ok(t) => t,
        Err(e) => {
            fail(&mut report, log, e);
            return report;
        }
    };
    let local = match plan::scan(&config.output_dir) {
        Ok(local) => local,
        Err(source) => {
            let error = match source
                .get_ref()
                .and_then(|e| e.downcast_ref::<plan::LinkOutside>())
            {
                Some(outside) => PushError::LinkOutside {
                    link: config.display_path(&outside.link),
                    target: config.display_path(&outside.target),
                },
                None => PushError::Output {
                    path: config.display_path(&config.output_dir),
                    source,
                },
            };
            fail(&mut report, log, error);
            return report;
        }
    };
    if let Some(error) = hubs_not_built_in(config) {
        fail(&mut report, log, error);
        return report;
    }
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            fail(&mut report, log, PushError::Runtime(e));
            return report;
        }
    };

    // The feeds to announce are listed before they are sent (hole: a run killed between the
    // manifest recording a new feed and the ping would otherwise lose the announcement).
    let pending_path = websub::Pending::path(&config.state_dir);
    let mut pending = None;
    if !config.hubs.is_empty() && !options.dry_run {
        match websub::Pending::load(&pending_path) {
            Ok(p) => pending = Some(p),
            Err(source) => {
                let path = config.display_path(&pending_path);
                fail(&mut report, log, PushError::Pending { path, source });
                return report;
            }
        }
    }

    let mut dry_run_topics = std::collections::BTreeSet::new();
    let mut dry_run_changed = std::collections::BTreeSet::new();
    for target in targets {
        let manifest_path = Manifest::path(&config.state_dir, &target.name);
        let destination = target.destination();
        let loaded = match Manifest::load(&manifest_path, &target.name, &destination) {
            Ok(m) => m,
            Err(source) => {
                let path = config.display_path(&manifest_path);
                let target = target.name.clone();
                fail(
                    &mut report,
                    log,
                    PushError::Manifest {
                        target,
                        path,
                        source,
                    },
                );
                continue;
            }
        };
        let plan = Plan::new(&local, &loaded, options.full, target.gzip());
        if options.dry_run {
            print_plan(
                out,
                target,
                &destination,
                &plan,
                &config.push_settings,
                options,
            );
            dry_run_topics.extend(
                plan.uploads
                    .iter()
                    .filter(|u| u.changed && u.file.stage == Stage::Feeds)
                    .map(|u| u.file.path.clone()),
            );
            dry_run_changed.extend(
                plan.uploads
                    .iter()
                    .filter(|u| u.changed || u.recode)
                    .map(|u| u.file.path.clone())
                    .chain(plan.deletes.iter().cloned()),
            );
            continue;
        }
        if let Some(pending) = &mut pending {
            let feeds = plan
                .uploads
                .iter()
                .filter(|u| u.changed && u.file.stage == Stage::Feeds)
                .map(|u| u.file.path.as_str());
            if let Err(e) = list_topics(config, pending, feeds, &pending_path) {
                // Sending feeds that could not be announced later would risk a lost ping.
                fail(&mut report, log, e);
                continue;
            }
        }
        if let (Some(reason), false) = (&plan.full_reason, options.full) {
            log.event(Event::SendingEverything {
                target: &target.name,
                reason,
            });
        }
        let manifest = loaded.unwrap_or_else(|_| Manifest::empty(&target.name, &destination));
        let job = job::Job {
            target,
            settings: &config.push_settings,
            output_dir: &config.output_dir,
            manifest_path: &manifest_path,
            display_manifest: config.display_path(&manifest_path),
            options,
        };
        let (target_report, errors) = runtime.block_on(job.run(plan, manifest));
        log.event(Event::TargetDone(&target_report));
        for e in errors {
            fail(&mut report, log, e);
        }
        report.targets.push(target_report);
    }

    // Whether the targets all succeeded, before the purge adds its own error.
    let targets_ok = report.errors.is_empty();
    let purge = &config.push_settings.purge_command;
    let purge_ok = if options.dry_run {
        if let (Some(program), false) = (purge.first(), dry_run_changed.is_empty()) {
            let urls = changed_urls(&config.base_url, dry_run_changed.iter());
            let _ = writeln!(
                out,
                "after the push, would hand {} changed URL(s) to the purge command `{program}`",
                urls.len()
            );
        }
        true
    } else {
        purge_changed(config, &mut report, log, &runtime)
    };

    if config.hubs.is_empty() {
        return report;
    }
    if options.dry_run {
        let topics: Vec<String> = dry_run_topics
            .iter()
            .filter_map(|path| config.base_url.join(path).ok())
            .map(|u| u.to_string())
            .collect();
        if !topics.is_empty() {
            let _ = writeln!(
                out,
                "after a successful push, would announce to {} WebSub hub(s): {}",
                config.hubs.len(),
                topics.join(" ")
            );
        }
        return report;
    }
    let Some(mut pending) = pending else {
        return report;
    };
    // Feeds a build changed while they were being sent are found only now.
    let changed: Vec<String> = report
        .targets
        .iter()
        .flat_map(|t| t.changed_feeds.iter().cloned())
        .collect();
    if let Err(e) = list_topics(
        config,
        &mut pending,
        changed.iter().map(String::as_str),
        &pending_path,
    ) {
        fail(&mut report, log, e);
        return report;
    }
    if targets_ok && purge_ok && !pending.topics.is_empty() {
        let (pings, errors) = runtime.block_on(announce(config, &mut pending, &pending_path));
        report.pings = pings;
        if pings > 0 {
            log.event(Event::Announced {
                pings,
                hubs: config.hubs.len(),
            });
        }
        for e in errors {
            fail(&mut report, log, e);
        }
    } else if !pending.topics.is_empty() {
        log.event(Event::NotAnnounced {
            feeds: pending.topics.len(),
        });
    }
    report
}

/// The executor the push futures run on: tokio's when a network backend is built in (their
/// clients need its reactor and timers).
#[cfg(feature = "runtime")]
type Runtime = tokio::runtime::Runtime;

#[cfg(feature = "runtime")]
fn runtime() -> io::Result<Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// Without a network backend, a plain executor: the `dir` backend and the purge command block
/// and need no reactor.
#[cfg(not(feature = "runtime"))]
#[derive(Debug)]
struct Runtime;

#[cfg(not(feature = "runtime"))]
impl Runtime {
    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        futures_executor::block_on(future)
    }
}

#[cfg(not(feature = "runtime"))]
fn runtime() -> io::Result<Runtime> {
    Ok(Runtime)
}

#[cfg(feature = "websub")]
use websub::announce;

/// Without the `websub` feature a configuration with hubs is refused ([`hubs_not_built_in`]),
/// so nothing is ever pending here.
#[cfg(not(feature = "websub"))]
async fn announce(
    _: &Config,
    _: &mut websub::Pending,
    _: &std::path::Path,
) -> (usize, Vec<PushError>) {
    (0, Vec::new())
}

/// An error when the configuration names WebSub hubs and this build cannot ping them.
fn hubs_not_built_in(config: &Config) -> Option<PushError> {
    (!cfg!(feature = "websub") && !config.hubs.is_empty()).then(|| PushError::NotBuiltIn {
        target: None,
        what: "`hubs` (WebSub pings)".into(),
        feature: "websub",
    })
}

/// Runs the purge command, if one is configured, with the public URLs of every file the
/// targets changed or deleted; nothing when nothing changed. `false` when it failed and the
/// configuration says the pings must wait for it.
fn purge_changed(
    config: &Config,
    report: &mut PushReport,
    log: &mut dyn Events,
    runtime: &Runtime,
) -> bool {
    let settings = &config.push_settings;
    let Some(program) = settings.purge_command.first() else {
        return true;
    };
    let urls = changed_urls(
        &config.base_url,
        report.targets.iter().flat_map(|t| t.changed.iter()),
    );
    if urls.is_empty() {
        return true;
    }
    match runtime.block_on(purge::run(
        &settings.purge_command,
        settings.purge_timeout,
        &urls,
    )) {
        Ok(()) => {
            log.event(Event::Purged {
                urls: urls.len(),
                program,
            });
            true
        }
        Err(e) => {
            log.event(Event::Failed(&e));
            report.errors.push(e);
            !settings.purge_must_succeed
        }
    }
}

/// The public URLs of `paths` (in the output folder), sorted, once each. An `index.html` is
/// also served as its folder (`…/2024/x/`), which is the URL readers and caches use.
fn changed_urls<'a>(base: &url::Url, paths: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut urls = std::collections::BTreeSet::new();
    for path in paths {
        if let Ok(url) = base.join(path) {
            urls.insert(url.to_string());
        }
        if let Some(folder) = path.strip_suffix("index.html") {
            if folder.is_empty() || folder.ends_with('/') {
                if let Ok(url) = base.join(folder) {
                    urls.insert(url.to_string());
                }
            }
        }
    }
    urls.into_iter().collect()
}

/// Adds the public URLs of `feeds` (paths in the output folder) to the pending announcements
/// and saves the list atomically when it grew.
fn list_topics<'a>(
    config: &Config,
    pending: &mut websub::Pending,
    feeds: impl Iterator<Item = &'a str>,
    path: &std::path::Path,
) -> Result<(), PushError> {
    let mut grew = false;
    for feed in feeds {
        if let Ok(url) = config.base_url.join(feed) {
            grew |= pending.topics.insert(url.to_string());
        }
    }
    if !grew {
        return Ok(());
    }
    pending.save(path).map_err(|source| PushError::Pending {
        path: config.display_path(path),
        source,
    })
}

fn select_targets<'a>(config: &'a Config, names: &[String]) -> Result<Vec<&'a Target>, PushError> {
    if config.push.is_empty() {
        return Err(PushError::NoTargets {
            config: config.display_path(&config.path),
        });
    }
    if names.is_empty() {
        return Ok(config.push.iter().collect());
    }
    let known = || {
        config
            .push
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut selected = Vec::new();
    for name in names {
        match config.push.iter().find(|t| &t.name == name) {
            Some(t) => selected.push(t),
            None => {
                return Err(PushError::UnknownTarget {
                    name: name.clone(),
                    known: known(),
                })
            }
        }
    }
    Ok(selected)
}

fn print_plan(
    out: &mut dyn Write,
    target: &Target,
    destination: &str,
    plan: &Plan,
    settings: &PushSettings,
    options: &PushOptions,
) {
    let _ = writeln!(
        out,
        "push `{}` ({}, {destination}):",
        target.name,
        target.kind_name()
    );
    if let Some(reason) = &plan.full_reason {
        let _ = writeln!(out, "  sending everything: {reason}");
    }
    for u in &plan.uploads {
        let _ = writeln!(
            out,
            "  upload {} ({} bytes, {}{}, {})",
            u.file.path,
            u.file.size,
            u.file.content_type,
            if u.gzip { ", gzip" } else { "" },
            match (u.changed, u.recode) {
                (true, _) => "changed",
                (false, true) => "new encoding",
                (false, false) => "unchanged",
            }
        );
    }
    let refused = plan.deletes.len() > settings.max_deletes && !options.force;
    for path in &plan.deletes {
        let _ = writeln!(out, "  delete {path}");
    }
    if refused {
        let _ = writeln!(
            out,
            "  deletions refused: {} is more than max_deletes = {} (needs --force)",
            plan.deletes.len(),
            settings.max_deletes
        );
    }
    let _ = writeln!(
        out,
        "  would send {} files ({}), delete {}, skip {}",
        plan.uploads.len(),
        HumanBytes(plan.upload_bytes()),
        if refused { 0 } else { plan.deletes.len() },
        plan.unchanged
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_urls_name_folders_of_index_pages_too() {
        let base = url::Url::parse("https://example.org/statements/").unwrap();
        let paths: Vec<String> = [
            "atom.xml",
            "index.html",
            "2024/a b/index.html",
            "xindex.html",
        ]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
        assert_eq!(
            changed_urls(&base, paths.iter()),
            [
                "https://example.org/statements/",
                "https://example.org/statements/2024/a%20b/",
                "https://example.org/statements/2024/a%20b/index.html",
                "https://example.org/statements/atom.xml",
                "https://example.org/statements/index.html",
                "https://example.org/statements/xindex.html",
            ]
        );
    }
}
