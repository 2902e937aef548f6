//! The shape of the `[[push]]` and `[push_settings]` tables as written (and as `config show`
//! prints them): serde both ways, unknown keys rejected, `type` a serde tag.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::file::{lossy_optional_path, lossy_path};

/// One `[[push]]` table as written. `type` selects the variant.
#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "type")]
pub enum RawTarget {
    #[serde(rename = "s3")]
    S3(RawS3),
    #[serde(rename = "webdav")]
    WebDav(RawWebDav),
    #[serde(rename = "sftp")]
    Sftp(RawSftp),
    #[serde(rename = "dir")]
    Dir(RawDir),
}

/// `type = "s3"`: any S3-compatible object store.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawS3 {
    pub name: String,
    /// Default: AWS (`https://s3.<region>.amazonaws.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub bucket: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default = "default_region")]
    pub region: String,
    /// `true`: `https://endpoint/bucket/key`; `false`: `https://bucket.endpoint/key`.
    #[serde(default)]
    pub path_style: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_access_key_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token_env: Option<String>,
    /// Allows a plain `http://` endpoint on another machine (the key id, session token and
    /// signatures would travel in clear).
    #[serde(default)]
    pub insecure: bool,
    /// First matching rule wins; see `crate::push::plan::cache_control` for files no rule matches.
    #[serde(default)]
    pub cache_control: Vec<RawCacheRule>,
    /// Pre-compressed variants to upload (`["gzip"]`; default none). See docs/push.md.
    #[serde(default)]
    pub precompress: Vec<Encoding>,
}

/// `{ pattern = "**/*.html", value = "max-age=60" }`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCacheRule {
    pub pattern: String,
    pub value: String,
}

/// `type = "webdav"`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWebDav {
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    /// PUT to a temporary name, then MOVE into place (for servers whose PUT is not atomic).
    #[serde(default)]
    pub atomic_move: bool,
    /// Allows Basic credentials over a plain `http://` URL on another machine.
    #[serde(default)]
    pub insecure: bool,
    /// Pre-compressed variants to upload (`["gzip"]`; default none). See docs/push.md.
    #[serde(default)]
    pub precompress: Vec<Encoding>,
}

/// `type = "sftp"`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSftp {
    pub name: String,
    pub host: String,
    #[serde(default = "default_ssh_port")]
    pub port: u16,
    pub user: String,
    /// The remote folder the output folder is copied into.
    pub path: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "lossy_optional_path"
    )]
    pub key_file: Option<PathBuf>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "lossy_optional_path"
    )]
    pub known_hosts: Option<PathBuf>,
    #[serde(default = "default_true")]
    pub strict_host_key_checking: bool,
    /// Pre-compressed variants to upload (`["gzip"]`; default none). See docs/push.md.
    #[serde(default)]
    pub precompress: Vec<Encoding>,
}

/// `type = "dir"`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDir {
    pub name: String,
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// Pre-compressed variants to upload (`["gzip"]`; default none). See docs/push.md.
    #[serde(default)]
    pub precompress: Vec<Encoding>,
}

/// `[push_settings]`, shared by every target. Every key is optional.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPushSettings {
    /// Files in flight at once, per target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<usize>,
    /// More deletions than this in one push need `--force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_deletes: Option<usize>,
    /// Time limit for one request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<f64>,
    /// Time limit for one file including all its retries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_seconds: Option<f64>,
    /// Retries after the first attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// A program and its arguments (no shell), run after every target was pushed and before
    /// the WebSub pings, with the changed public URLs on stdin, one a line. `[]`: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purge_command: Option<Vec<String>>,
    /// Time limit for the purge command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purge_timeout_seconds: Option<f64>,
    /// `true`: a failed purge postpones the WebSub pings (they stay pending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purge_must_succeed: Option<bool>,
}

/// A pre-compressed variant a target can receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Encoding {
    /// `Content-Encoding: gzip` on S3; a `.gz` sibling elsewhere.
    #[serde(rename = "gzip")]
    Gzip,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}
fn default_ssh_port() -> u16 {
    22
}
fn default_true() -> bool {
    true
}
