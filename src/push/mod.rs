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
//! Backends implement [`Backend`] (`put` atomically, `delete`, `close`) and do their own
//! retries ([`retry`]), since only they know which of their requests are safe to repeat.

pub mod config;
pub mod manifest;
pub mod plan;
pub mod retry;
pub mod websub;

mod dir;
mod s3;
mod sftp;
mod webdav;

use std::cell::Cell;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};
use thiserror::Error;

use crate::config::Config;
use config::{CacheRule, PushSettings, Target, TargetKind};
use manifest::{Entry, Manifest};
use plan::{LocalFile, Plan, Stage, Upload};
use retry::Failure;

/// What the command line asked for.
#[derive(Clone, Debug, Default)]
pub struct PushOptions {
    /// Print the plan, touch nothing.
    pub dry_run: bool,
    /// Send every file, whatever the manifest says.
    pub full: bool,
    /// Delete even more than `max_deletes` files.
    pub force: bool,
    /// Only these targets (all when empty).
    pub targets: Vec<String>,
    /// Print only errors.
    pub quiet: bool,
    /// Draw a progress bar (only on a terminal).
    pub progress: bool,
}

/// A push problem. Each names the target, and the file and the server's answer where there
/// is one. Credentials never appear: they are not in URLs, and servers do not echo them.
#[derive(Debug, Error)]
pub enum PushError {
    #[error(
        "{path}: error: cannot read the output folder: {source} (run `communique build` first)"
    )]
    Output { path: String, source: io::Error },
    #[error("error: no push target is configured; add a [[push]] table to {config}")]
    NoTargets { config: String },
    #[error("error: no push target is named `{name}` (configured: {known})")]
    UnknownTarget { name: String, known: String },
    #[error("push `{target}`: error: {message}")]
    Connect { target: String, message: String },
    #[error("push `{target}`: error: cannot upload {path}: {message}")]
    Upload {
        target: String,
        path: String,
        message: String,
    },
    #[error("push `{target}`: error: cannot delete {path}: {message}")]
    Delete {
        target: String,
        path: String,
        message: String,
    },
    #[error(
        "push `{target}`: error: {count} files vanished locally, more than max_deletes = {max}; \
         nothing was deleted (check the output folder, then run with --force to delete them)"
    )]
    TooManyDeletes {
        target: String,
        count: usize,
        max: usize,
    },
    #[error("push `{target}`: error: {path}: cannot keep the manifest: {source}")]
    Manifest {
        target: String,
        path: String,
        source: io::Error,
    },
    #[error("websub: error: hub {hub}: cannot announce {topic}: {message} (it will be announced after the next successful push)")]
    WebSub {
        hub: String,
        topic: String,
        message: String,
    },
    #[error("{path}: error: cannot keep the list of feeds to announce: {source}")]
    Pending { path: String, source: io::Error },
    #[error("error: cannot start the network runtime: {0}")]
    Runtime(io::Error),
}

/// What one push did to one target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetReport {
    pub target: String,
    pub sent: usize,
    pub bytes: u64,
    pub deleted: usize,
    /// Already on the target, not sent.
    pub skipped: usize,
    pub elapsed: Duration,
    /// Subscription feeds whose bytes changed and arrived, as paths in the output folder.
    pub changed_feeds: Vec<String>,
}

impl TargetReport {
    /// `cdn: 3 sent (12.1 KiB), 1 deleted, 40 skipped in 0.42 s`
    pub fn summary(&self) -> String {
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
pub struct PushReport {
    pub targets: Vec<TargetReport>,
    pub errors: Vec<PushError>,
    /// Successful hub pings (one per hub and topic).
    pub pings: usize,
}

/// Content metadata for one upload. S3 stores both; WebDAV sends the type (servers mostly
/// ignore it); SFTP and folders cannot carry either.
#[derive(Clone, Copy, Debug)]
pub struct PutMeta<'a> {
    pub content_type: &'a str,
    pub cache_control: &'a str,
}

/// A push destination. `put` must be atomic for readers (old or new bytes, never a mix) and may
/// retry; `delete` of a missing file succeeds.
pub(crate) trait Backend {
    async fn put(&self, path: &str, bytes: Bytes, meta: &PutMeta<'_>) -> Result<(), Failure>;
    async fn delete(&self, path: &str) -> Result<(), Failure>;
    async fn close(self) -> Result<(), Failure>;
}

/// Runs `communique push`. Summary lines and errors go to `log` as they happen (errors are also
/// returned in the report); the `--dry-run` plan goes to `out`.
pub fn push(
    config: &Config,
    options: &PushOptions,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> PushReport {
    let mut report = PushReport::default();
    let fail = |report: &mut PushReport, log: &mut dyn Write, e: PushError| {
        let _ = writeln!(log, "{e}");
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
            let path = config.display_path(&config.output_dir);
            fail(&mut report, log, PushError::Output { path, source });
            return report;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            fail(&mut report, log, PushError::Runtime(e));
            return report;
        }
    };

    let mut dry_run_topics = std::collections::BTreeSet::new();
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
        let plan = Plan::new(&local, &loaded, options.full);
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
            continue;
        }
        if let (Some(reason), false) = (&plan.full_reason, options.full || options.quiet) {
            let _ = writeln!(log, "push `{}`: sending everything: {reason}", target.name);
        }
        let manifest = loaded.unwrap_or_else(|_| Manifest::empty(&target.name, &destination));
        let job = Job {
            target,
            settings: &config.push_settings,
            output_dir: &config.output_dir,
            manifest_path: &manifest_path,
            display_manifest: config.display_path(&manifest_path),
            options,
        };
        let (target_report, errors) = runtime.block_on(job.run(plan, manifest));
        if !options.quiet {
            let _ = writeln!(log, "{}", target_report.summary());
        }
        for e in errors {
            fail(&mut report, log, e);
        }
        report.targets.push(target_report);
    }

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
    let pending_path = websub::Pending::path(&config.state_dir);
    let mut pending = match websub::Pending::load(&pending_path) {
        Ok(p) => p,
        Err(source) => {
            let path = config.display_path(&pending_path);
            fail(&mut report, log, PushError::Pending { path, source });
            return report;
        }
    };
    for t in &report.targets {
        for path in &t.changed_feeds {
            if let Ok(url) = config.base_url.join(path) {
                pending.topics.insert(url.to_string());
            }
        }
    }
    if report.errors.is_empty() && !pending.topics.is_empty() {
        let (pings, errors) = runtime.block_on(announce(config, &mut pending));
        report.pings = pings;
        if !options.quiet && pings > 0 {
            let _ = writeln!(
                log,
                "websub: announced {} change(s) to {} hub(s)",
                pings,
                config.hubs.len()
            );
        }
        for e in errors {
            fail(&mut report, log, e);
        }
    } else if !pending.topics.is_empty() && !options.quiet {
        let _ = writeln!(
            log,
            "websub: not announcing {} changed feed(s) because the push failed; the next successful push will",
            pending.topics.len()
        );
    }
    if let Err(source) = pending.save(&pending_path) {
        let path = config.display_path(&pending_path);
        fail(&mut report, log, PushError::Pending { path, source });
    }
    report
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
            "  upload {} ({} bytes, {}, {})",
            u.file.path,
            u.file.size,
            u.file.content_type,
            if u.changed { "changed" } else { "unchanged" }
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

/// Pings every hub for every pending topic; removes the topics all hubs accepted. A hub that
/// fails one topic after its retries is not asked about the rest in this run.
async fn announce(config: &Config, pending: &mut websub::Pending) -> (usize, Vec<PushError>) {
    let client = match webdav::http_client(&config.push_settings) {
        Ok(c) => c,
        Err(f) => {
            return (
                0,
                vec![PushError::WebSub {
                    hub: "(all)".into(),
                    topic: "(all)".into(),
                    message: f.message,
                }],
            )
        }
    };
    let mut pings = 0;
    let mut errors = Vec::new();
    let topics: Vec<(String, Option<url::Url>)> = pending
        .topics
        .iter()
        .map(|t| (t.clone(), url::Url::parse(t).ok()))
        .collect();
    // Topic → hubs that accepted it.
    let mut accepted: std::collections::BTreeMap<&str, usize> = Default::default();
    for hub in &config.hubs {
        for (i, (topic, url)) in topics.iter().enumerate() {
            let Some(url) = url else { continue };
            match websub::ping(&client, &config.push_settings.retry, hub, url).await {
                Ok(()) => {
                    pings += 1;
                    *accepted.entry(topic.as_str()).or_default() += 1;
                }
                Err(f) => {
                    // Retries are used up: this hub is down or refusing. Do not spend the same
                    // time again on each remaining topic.
                    let left = topics.len() - i - 1;
                    let message = if left > 0 {
                        format!("{} ({left} more feed(s) not tried)", f.message)
                    } else {
                        f.message
                    };
                    errors.push(PushError::WebSub {
                        hub: hub.to_string(),
                        topic: topic.clone(),
                        message,
                    });
                    break;
                }
            }
        }
    }
    for (topic, url) in &topics {
        if url.is_none() || accepted.get(topic.as_str()) == Some(&config.hubs.len()) {
            pending.topics.remove(topic);
        }
    }
    (pings, errors)
}

/// The folders holding the manifest's files, and their ancestors (`""` is the top).
fn folders_of(manifest: &Manifest) -> std::collections::BTreeSet<String> {
    let mut folders = std::collections::BTreeSet::new();
    for path in manifest.files.keys() {
        let mut folder = path.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            folders.insert(parent.to_owned());
            folder = parent;
        }
        folders.insert(String::new());
    }
    folders
}

/// One push to one target.
struct Job<'a> {
    target: &'a Target,
    settings: &'a PushSettings,
    output_dir: &'a Path,
    manifest_path: &'a Path,
    display_manifest: String,
    options: &'a PushOptions,
}

/// The part of a push that changes while files arrive.
struct Progress {
    manifest: Manifest,
    report: TargetReport,
    last_save: Instant,
    bar: ProgressBar,
}

/// One file that arrived.
struct Sent {
    path: String,
    entry: Entry,
    changed: bool,
    stage: Stage,
}

impl Job<'_> {
    async fn run(&self, plan: Plan, manifest: Manifest) -> (TargetReport, Vec<PushError>) {
        let start = Instant::now();
        let bar = if self.options.progress && !plan.uploads.is_empty() {
            let bar = ProgressBar::with_draw_target(
                Some(plan.upload_bytes()),
                ProgressDrawTarget::stderr(),
            );
            if let Ok(style) =
                ProgressStyle::with_template("{prefix} [{bar:30}] {bytes}/{total_bytes} {msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(self.target.name.clone());
            bar
        } else {
            ProgressBar::hidden()
        };
        let mut progress = Progress {
            manifest,
            report: TargetReport {
                target: self.target.name.clone(),
                skipped: plan.unchanged,
                ..TargetReport::default()
            },
            last_save: Instant::now(),
            bar,
        };
        let errors = match &self.target.kind {
            TargetKind::S3(t) => match s3::S3::connect(t, self.settings) {
                Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                Err(f) => vec![self.connect_error(f)],
            },
            TargetKind::WebDav(t) => {
                match webdav::WebDav::connect(t, self.settings, folders_of(&progress.manifest)) {
                    Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                    Err(f) => vec![self.connect_error(f)],
                }
            }
            TargetKind::Sftp(t) => match sftp::Sftp::connect(t, self.settings).await {
                Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                Err(f) => vec![self.connect_error(f)],
            },
            TargetKind::Dir(t) => match dir::Dir::connect(t) {
                Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                Err(f) => vec![self.connect_error(f)],
            },
        };
        progress.bar.finish_and_clear();
        progress.report.elapsed = start.elapsed();
        (progress.report, errors)
    }

    fn connect_error(&self, f: Failure) -> PushError {
        PushError::Connect {
            target: self.target.name.clone(),
            message: f.message,
        }
    }

    async fn with_backend<B: Backend>(
        &self,
        backend: B,
        plan: &Plan,
        progress: &mut Progress,
    ) -> Vec<PushError> {
        let mut errors = self.transfer(&backend, plan, progress).await;
        if let Err(source) = self.save(progress, true) {
            errors.push(source);
        }
        if let Err(f) = backend.close().await {
            tracing::warn!("push `{}`: {}", self.target.name, f.message);
        }
        errors
    }

    async fn transfer<B: Backend>(
        &self,
        backend: &B,
        plan: &Plan,
        progress: &mut Progress,
    ) -> Vec<PushError> {
        let rules: &[CacheRule] = match &self.target.kind {
            TargetKind::S3(s3) => &s3.cache_control,
            _ => &[],
        };
        let concurrency = self.settings.concurrency.get();
        for stage in Stage::ALL {
            let uploads: Vec<&Upload> = plan
                .uploads
                .iter()
                .filter(|u| u.file.stage == stage)
                .collect();
            if uploads.is_empty() {
                continue;
            }
            progress.bar.set_message(stage.name());
            tracing::info!(
                "push `{}`: {} {}",
                self.target.name,
                uploads.len(),
                stage.name()
            );
            let stop = Cell::new(false);
            let mut errors = Vec::new();
            let mut results = stream::iter(uploads)
                .map(|u| self.upload_one(backend, rules, u, &stop))
                .buffer_unordered(concurrency);
            while let Some(result) = results.next().await {
                match result {
                    None => {}
                    Some(Ok(sent)) => {
                        progress.bar.inc(sent.entry.size);
                        progress.report.sent += 1;
                        progress.report.bytes += sent.entry.size;
                        if sent.changed && sent.stage == Stage::Feeds {
                            progress.report.changed_feeds.push(sent.path.clone());
                        }
                        progress.manifest.files.insert(sent.path, sent.entry);
                        if let Err(e) = self.save(progress, false) {
                            stop.set(true);
                            errors.push(e);
                        }
                    }
                    Some(Err(e)) => {
                        stop.set(true);
                        errors.push(e);
                    }
                }
            }
            if !errors.is_empty() {
                return errors;
            }
        }
        progress.report.changed_feeds.sort();
        self.delete_vanished(backend, plan, progress).await
    }

    async fn upload_one<B: Backend>(
        &self,
        backend: &B,
        rules: &[CacheRule],
        upload: &Upload,
        stop: &Cell<bool>,
    ) -> Option<Result<Sent, PushError>> {
        if stop.get() {
            return None;
        }
        let file: &LocalFile = &upload.file;
        let error = |message: String| PushError::Upload {
            target: self.target.name.clone(),
            path: file.path.clone(),
            message,
        };
        let local: PathBuf = file
            .path
            .split('/')
            .fold(self.output_dir.to_path_buf(), |p, s| p.join(s));
        let bytes = match std::fs::read(&local) {
            Ok(b) => Bytes::from(b),
            Err(e) => return Some(Err(error(format!("cannot read the local file: {e}")))),
        };
        // The manifest records the bytes really sent, even if a build changed the file since
        // the scan.
        let sha256 = plan::hash_bytes(&bytes);
        let changed = upload.changed || sha256 != file.sha256;
        let cache_control = plan::cache_control(rules, file);
        let meta = PutMeta {
            content_type: file.content_type,
            cache_control: &cache_control,
        };
        let size = bytes.len() as u64;
        match backend.put(&file.path, bytes, &meta).await {
            Ok(()) => Some(Ok(Sent {
                path: file.path.clone(),
                entry: Entry {
                    sha256,
                    size,
                    content_type: file.content_type.to_owned(),
                },
                changed,
                stage: file.stage,
            })),
            Err(f) => Some(Err(error(f.message))),
        }
    }

    async fn delete_vanished<B: Backend>(
        &self,
        backend: &B,
        plan: &Plan,
        progress: &mut Progress,
    ) -> Vec<PushError> {
        if plan.deletes.is_empty() {
            return Vec::new();
        }
        if plan.deletes.len() > self.settings.max_deletes && !self.options.force {
            return vec![PushError::TooManyDeletes {
                target: self.target.name.clone(),
                count: plan.deletes.len(),
                max: self.settings.max_deletes,
            }];
        }
        progress.bar.set_message("deleting");
        let stop = Cell::new(false);
        let mut errors = Vec::new();
        let mut results = stream::iter(&plan.deletes)
            .map(|path| {
                let stop = &stop;
                async move {
                    if stop.get() {
                        return None;
                    }
                    Some((path, backend.delete(path).await))
                }
            })
            .buffer_unordered(self.settings.concurrency.get());
        while let Some(result) = results.next().await {
            match result {
                None => {}
                Some((path, Ok(()))) => {
                    progress.report.deleted += 1;
                    progress.manifest.files.remove(path);
                    if let Err(e) = self.save(progress, false) {
                        stop.set(true);
                        errors.push(e);
                    }
                }
                Some((path, Err(f))) => {
                    stop.set(true);
                    errors.push(PushError::Delete {
                        target: self.target.name.clone(),
                        path: path.clone(),
                        message: f.message,
                    });
                }
            }
        }
        errors
    }

    /// Saves the manifest if `now`, or if the last save is more than a second old.
    fn save(&self, progress: &mut Progress, now: bool) -> Result<(), PushError> {
        if !now && progress.last_save.elapsed() < Duration::from_secs(1) {
            return Ok(());
        }
        progress.last_save = Instant::now();
        progress
            .manifest
            .save(self.manifest_path)
            .map_err(|source| PushError::Manifest {
                target: self.target.name.clone(),
                path: self.display_manifest.clone(),
                source,
            })
    }
}
