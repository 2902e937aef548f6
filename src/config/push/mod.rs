//! Push configuration: the `[[push]]` targets and the `[push_settings]` table of `config.toml`.
//!
//! Same layers as [`crate::config`]: the `Raw*` structs (`file.rs`) are the one definition of the
//! tables' shape (serde both ways, unknown keys rejected, one struct per target `type`),
//! [`resolve_targets`] / [`RawPushSettings::resolve`] (`resolve.rs`) turn them into [`Target`] and
//! [`PushSettings`] (here), which cannot be invalid (parsed URLs, absolute paths, unique names,
//! non-zero limits), and [`Target::to_file`] / [`PushSettings::to_file`] turn them back for
//! `config show`.
//!
//! Secrets are deliberately *not* part of the resolved configuration. The file names the
//! environment variables that hold them, and `crate::secret::Secret::from_env` reads them only
//! when a push really talks to the target, so `communique build` never needs them, `--dry-run`
//! works without them and `config show` cannot print them.

mod file;
mod resolve;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use globset::GlobMatcher;
use url::Url;

mod retry;

pub(crate) use file::{
    Encoding, RawCacheRule, RawDir, RawPushSettings, RawS3, RawSftp, RawTarget, RawWebDav,
};
pub(crate) use resolve::resolve_targets;

pub(crate) use retry::RetryPolicy;

/// Default number of files in flight per target.
pub(crate) const DEFAULT_CONCURRENCY: usize = 4;
/// Default deletion guard, as `hugo deploy --maxDeletes`.
pub(crate) const DEFAULT_MAX_DELETES: usize = 256;

/// Default limit for one request, the upload of its file included.
pub(crate) const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// Default limit for the purge command.
pub(crate) const DEFAULT_PURGE_TIMEOUT_SECONDS: u64 = 120;

/// The checked `[push_settings]`.
#[derive(Clone, Debug)]
pub struct PushSettings {
    pub concurrency: NonZeroUsize,
    pub max_deletes: usize,
    /// Per request.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// The CDN purge command: program first, never through a shell. Empty: none.
    pub purge_command: Vec<String>,
    pub purge_timeout: Duration,
    /// A failed purge postpones the WebSub pings.
    pub purge_must_succeed: bool,
}

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            concurrency: NonZeroUsize::new(DEFAULT_CONCURRENCY).unwrap_or(NonZeroUsize::MIN),
            max_deletes: DEFAULT_MAX_DELETES,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECONDS),
            retry: RetryPolicy::default(),
            purge_command: Vec::new(),
            purge_timeout: Duration::from_secs(DEFAULT_PURGE_TIMEOUT_SECONDS),
            purge_must_succeed: false,
        }
    }
}

impl PushSettings {
    /// The table as written, every key set: what `config show` prints, and what resolves back
    /// to these settings.
    pub fn to_file(&self) -> RawPushSettings {
        RawPushSettings {
            concurrency: Some(self.concurrency.get()),
            max_deletes: Some(self.max_deletes),
            timeout_seconds: Some(self.timeout.as_secs_f64()),
            retry_seconds: Some(self.retry.max_total.as_secs_f64()),
            retries: Some(self.retry.max_retries),
            purge_command: Some(self.purge_command.clone()),
            purge_timeout_seconds: Some(self.purge_timeout.as_secs_f64()),
            purge_must_succeed: Some(self.purge_must_succeed),
        }
    }
}

/// A checked push target.
#[derive(Clone, Debug)]
pub struct Target {
    /// Unique among targets; names the manifest file.
    pub name: String,
    pub kind: TargetKind,
    /// Pre-compressed variants it receives (sorted, once each).
    pub precompress: Vec<Encoding>,
}

#[derive(Clone, Debug)]
pub enum TargetKind {
    S3(S3Target),
    WebDav(WebDavTarget),
    Sftp(SftpTarget),
    Dir(DirTarget),
}

#[derive(Clone, Debug)]
pub struct S3Target {
    /// `None`: AWS, derived from the region.
    pub endpoint: Option<Url>,
    pub bucket: String,
    /// Empty, or ending in `/` without a leading `/`.
    pub prefix: String,
    pub region: String,
    pub path_style: bool,
    pub access_key_id_env: String,
    pub secret_access_key_env: String,
    pub session_token_env: String,
    pub cache_control: Vec<CacheRule>,
    /// `insecure = true`: credentials may go over plain http to another machine.
    pub insecure: bool,
}

/// A Cache-Control rule: files whose path (relative to the output folder) matches `pattern`
/// get `value`.
#[derive(Clone, Debug)]
pub struct CacheRule {
    pub pattern: String,
    pub matcher: GlobMatcher,
    pub value: String,
}

#[derive(Clone, Debug)]
pub struct WebDavTarget {
    /// http(s), ending in `/`, without user name or password.
    pub url: Url,
    pub user_env: Option<String>,
    pub password_env: Option<String>,
    pub atomic_move: bool,
    /// `insecure = true`: credentials may go over plain http to another machine.
    pub insecure: bool,
}

#[derive(Clone, Debug)]
pub struct SftpTarget {
    pub host: String,
    pub port: u16,
    pub user: String,
    /// Absolute, without a trailing `/` (except for `/` itself).
    pub path: String,
    pub key_file: Option<PathBuf>,
    pub known_hosts: Option<PathBuf>,
    pub strict_host_key_checking: bool,
}

#[derive(Clone, Debug)]
pub struct DirTarget {
    pub path: PathBuf,
}

impl TargetKind {
    /// The `type` of the target, as the configuration spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            TargetKind::S3(_) => "s3",
            TargetKind::WebDav(_) => "webdav",
            TargetKind::Sftp(_) => "sftp",
            TargetKind::Dir(_) => "dir",
        }
    }

    /// The Cargo feature this kind of target needs when this build was made without it
    /// (`cargo build --no-default-features`); `None` when it can be pushed to. The
    /// configuration accepts every kind either way, so that a lean build still builds an
    /// instance whose configuration names network targets: only `push` refuses them.
    pub fn missing_feature(&self) -> Option<&'static str> {
        let (feature, built_in) = match self {
            TargetKind::S3(_) => ("push-s3", cfg!(feature = "push-s3")),
            TargetKind::WebDav(_) => ("push-webdav", cfg!(feature = "push-webdav")),
            TargetKind::Sftp(_) => ("push-sftp", cfg!(feature = "push-sftp")),
            TargetKind::Dir(_) => ("", true),
        };
        (!built_in).then_some(feature)
    }
}

impl Target {
    /// Where the files go, without secrets: shown in messages and kept in the manifest, so that
    /// a manifest written for another destination is not trusted.
    pub fn destination(&self) -> String {
        match &self.kind {
            TargetKind::S3(s3) => {
                let endpoint = s3
                    .endpoint
                    .as_ref()
                    .map(|u| u.as_str().trim_end_matches('/').to_owned())
                    .unwrap_or_else(|| format!("aws:{}", s3.region));
                format!("s3://{}/{} at {endpoint}", s3.bucket, s3.prefix)
            }
            TargetKind::WebDav(dav) => dav.url.to_string(),
            TargetKind::Sftp(sftp) => {
                format!(
                    "sftp://{}@{}:{}{}",
                    sftp.user, sftp.host, sftp.port, sftp.path
                )
            }
            TargetKind::Dir(dir) => dir.path.display().to_string(),
        }
    }

    /// The URL when this target sends credentials over plain `http://` to a host that is not
    /// this machine: an S3 endpoint (key id, session token, signatures), or a WebDAV URL with
    /// Basic credentials. Refused unless the target says `insecure = true`, and warned about then.
    pub fn credentials_in_clear(&self) -> Option<&Url> {
        let url = match &self.kind {
            TargetKind::S3(s3) => s3.endpoint.as_ref()?,
            TargetKind::WebDav(dav) if dav.user_env.is_some() => &dav.url,
            _ => return None,
        };
        (url.scheme() == "http" && !is_loopback(url)).then_some(url)
    }

    /// Whether the configuration allows [`Target::credentials_in_clear`].
    pub fn insecure(&self) -> bool {
        match &self.kind {
            TargetKind::S3(s3) => s3.insecure,
            TargetKind::WebDav(dav) => dav.insecure,
            _ => false,
        }
    }

    /// The table as written, defaults filled in: what `config show` prints, and what resolves
    /// back to this target. Credentials are not in it, only the names of their variables.
    pub fn to_file(&self) -> RawTarget {
        let name = self.name.clone();
        let precompress = self.precompress.clone();
        match &self.kind {
            TargetKind::S3(s3) => RawTarget::S3(RawS3 {
                name,
                endpoint: s3.endpoint.as_ref().map(Url::to_string),
                bucket: s3.bucket.clone(),
                prefix: s3.prefix.clone(),
                region: s3.region.clone(),
                path_style: s3.path_style,
                access_key_id_env: Some(s3.access_key_id_env.clone()),
                secret_access_key_env: Some(s3.secret_access_key_env.clone()),
                session_token_env: Some(s3.session_token_env.clone()),
                insecure: s3.insecure,
                cache_control: s3
                    .cache_control
                    .iter()
                    .map(|rule| RawCacheRule {
                        pattern: rule.pattern.clone(),
                        value: rule.value.clone(),
                    })
                    .collect(),
                precompress,
            }),
            TargetKind::WebDav(dav) => RawTarget::WebDav(RawWebDav {
                name,
                url: dav.url.to_string(),
                user_env: dav.user_env.clone(),
                password_env: dav.password_env.clone(),
                atomic_move: dav.atomic_move,
                insecure: dav.insecure,
                precompress,
            }),
            TargetKind::Sftp(sftp) => RawTarget::Sftp(RawSftp {
                name,
                host: sftp.host.clone(),
                port: sftp.port,
                user: sftp.user.clone(),
                path: sftp.path.clone(),
                key_file: sftp.key_file.clone(),
                known_hosts: sftp.known_hosts.clone(),
                strict_host_key_checking: sftp.strict_host_key_checking,
                precompress,
            }),
            TargetKind::Dir(dir) => RawTarget::Dir(RawDir {
                name,
                path: dir.path.clone(),
                precompress,
            }),
        }
    }

    /// Whether files are sent gzip-compressed too.
    pub fn gzip(&self) -> bool {
        self.precompress.contains(&Encoding::Gzip)
    }

    /// Whether a compressed variant replaces the file under its own key, with
    /// `Content-Encoding` (S3, which serves one representation per key), rather than beside it
    /// as a `.gz` sibling (WebDAV, SFTP, dir: the web server picks it, see docs/push.md).
    pub fn encodes_in_place(&self) -> bool {
        matches!(self.kind, TargetKind::S3(_))
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            TargetKind::S3(_) => "s3",
            TargetKind::WebDav(_) => "webdav",
            TargetKind::Sftp(_) => "sftp",
            TargetKind::Dir(_) => "dir",
        }
    }
}

/// 127.0.0.0/8, ::1 (also as `::ffff:127.x.y.z`) and `localhost`: this machine.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Some(url::Host::Domain(name)) => {
            name.trim_end_matches('.').eq_ignore_ascii_case("localhost")
        }
        None => false,
    }
}
