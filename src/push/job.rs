//! One push to one target: connect the backend, send the plan stage by stage with bounded
//! concurrency, delete what vanished, and keep the manifest in step with what arrived.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::config::{CacheRule, PushSettings, Target, TargetKind};
use super::dir;
use super::manifest::{Entry, Manifest};
use super::plan::{self, LocalFile, Plan, Stage, Upload};
use super::retry::Failure;
#[cfg(feature = "push-s3")]
use super::s3;
#[cfg(feature = "push-sftp")]
use super::sftp;
#[cfg(feature = "push-webdav")]
use super::webdav;
use super::{Backend, PushError, PushOptions, PutMeta, TargetReport};

/// The folders holding the manifest's files, and their ancestors (`""` is the top).
#[cfg(feature = "push-webdav")]
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
pub(super) struct Job<'a> {
    pub target: &'a Target,
    pub settings: &'a PushSettings,
    pub output_dir: &'a Path,
    pub manifest_path: &'a Path,
    pub display_manifest: String,
    pub options: &'a PushOptions,
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
    /// Sent again for another encoding.
    recode: bool,
    stage: Stage,
    /// Bytes on the wire (the compressed variant included).
    sent: u64,
}

/// The name of a file's pre-compressed sibling, which nginx `gzip_static` and Apache serve.
pub(super) fn gz_sibling(path: &str) -> String {
    format!("{path}.gz")
}

/// `bytes` gzip-compressed at zlib's default level: on communique's feeds and pages the best
/// level saves about 0.1 % more and costs more time. The header carries no file name and no
/// time, so the same bytes always compress the same.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::GzBuilder::new().write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

impl Job<'_> {
    pub(super) async fn run(
        &self,
        plan: Plan,
        manifest: Manifest,
    ) -> (TargetReport, Vec<PushError>) {
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
        if let Some(url) = self.target.credentials_in_clear() {
            // Only reachable with `insecure = true`: the configuration refuses it otherwise.
            tracing::warn!(
                "push `{}`: warning: credentials go to {} over plain http:// (insecure = true)",
                self.target.name,
                url.host_str().unwrap_or_default()
            );
        }
        let errors = match &self.target.kind {
            #[cfg(feature = "push-s3")]
            TargetKind::S3(t) => match s3::S3::connect(t, self.settings) {
                Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                Err(f) => vec![self.connect_error(f)],
            },
            #[cfg(feature = "push-webdav")]
            TargetKind::WebDav(t) => {
                match webdav::WebDav::connect(t, self.settings, folders_of(&progress.manifest)) {
                    Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                    Err(f) => vec![self.connect_error(f)],
                }
            }
            #[cfg(feature = "push-sftp")]
            TargetKind::Sftp(t) => match sftp::Sftp::connect(t, self.settings).await {
                Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                Err(f) => vec![self.connect_error(f)],
            },
            TargetKind::Dir(t) => match dir::Dir::connect(t) {
                Ok(b) => self.with_backend(b, &plan, &mut progress).await,
                Err(f) => vec![self.connect_error(f)],
            },
            // The kinds whose feature this build lacks (none in a default build).
            #[allow(unreachable_patterns)]
            kind => vec![PushError::NotBuiltIn {
                target: Some(self.target.name.clone()),
                what: format!("type = \"{}\"", kind.type_name()),
                feature: kind.missing_feature().unwrap_or_default(),
            }],
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
                        progress.report.bytes += sent.sent;
                        if sent.changed && sent.stage == Stage::Feeds {
                            progress.report.changed_feeds.push(sent.path.clone());
                        }
                        if sent.changed || sent.recode {
                            progress.report.changed.push(sent.path.clone());
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
            content_encoding: None,
        };
        let size = bytes.len() as u64;
        let sent = match self.put_encoded(backend, upload, bytes, &meta).await {
            Ok(sent) => sent,
            Err(f) => return Some(Err(error(f.message))),
        };
        Some(Ok(Sent {
            path: file.path.clone(),
            entry: Entry {
                sha256,
                size,
                content_type: file.content_type.to_owned(),
                gzip: upload.gzip,
            },
            changed,
            recode: upload.recode,
            stage: file.stage,
            sent,
        }))
    }

    /// Puts `bytes` with the encoding `upload` asks for; returns the bytes sent. On S3 a
    /// compressed file replaces the plain one under its key, with `Content-Encoding: gzip`.
    /// Elsewhere the `.gz` sibling goes first, then the file (a reader of either gets a whole
    /// document), and a sibling no longer wanted is deleted after the file.
    async fn put_encoded<B: Backend>(
        &self,
        backend: &B,
        upload: &Upload,
        bytes: Bytes,
        meta: &PutMeta<'_>,
    ) -> Result<u64, Failure> {
        let path = &upload.file.path;
        if !upload.gzip {
            let size = bytes.len() as u64;
            backend.put(path, bytes, meta).await?;
            if upload.recode && !self.target.encodes_in_place() {
                backend.delete(&gz_sibling(path)).await?;
            }
            return Ok(size);
        }
        let compressed = Bytes::from(
            gzip(&bytes).map_err(|e| Failure::permanent(format!("cannot compress: {e}")))?,
        );
        let gz_meta = PutMeta {
            content_encoding: Some("gzip"),
            ..*meta
        };
        let mut sent = compressed.len() as u64;
        if self.target.encodes_in_place() {
            backend.put(path, compressed, &gz_meta).await?;
        } else {
            let sibling_meta = PutMeta {
                content_type: "application/gzip",
                cache_control: meta.cache_control,
                content_encoding: None,
            };
            backend
                .put(&gz_sibling(path), compressed, &sibling_meta)
                .await?;
            sent += bytes.len() as u64;
            backend.put(path, bytes, meta).await?;
        }
        Ok(sent)
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
        let with_sibling: std::collections::BTreeSet<String> = plan
            .deletes
            .iter()
            .filter(|p| {
                !self.target.encodes_in_place()
                    && progress.manifest.files.get(*p).is_some_and(|e| e.gzip)
            })
            .cloned()
            .collect();
        let has_sibling = |path: &str| with_sibling.contains(path);
        let stop = Cell::new(false);
        let mut errors = Vec::new();
        let mut results = stream::iter(&plan.deletes)
            .map(|path| {
                let stop = &stop;
                async move {
                    if stop.get() {
                        return None;
                    }
                    Some((
                        path,
                        self.delete_one(backend, path, has_sibling(path)).await,
                    ))
                }
            })
            .buffer_unordered(self.settings.concurrency.get());
        while let Some(result) = results.next().await {
            match result {
                None => {}
                Some((path, Ok(()))) => {
                    progress.report.deleted += 1;
                    progress.report.changed.push(path.clone());
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

    /// Deletes a file, and first its `.gz` sibling if it has one (so the sibling never
    /// outlives it).
    async fn delete_one<B: Backend>(
        &self,
        backend: &B,
        path: &str,
        sibling: bool,
    ) -> Result<(), Failure> {
        if sibling {
            backend.delete(&gz_sibling(path)).await?;
        }
        backend.delete(path).await
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
