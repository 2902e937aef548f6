//! Checking the push tables: [`resolve_targets`] and [`RawPushSettings::resolve`]. The errors
//! name the target and the key; a URL holding credentials is refused without repeating it.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use globset::Glob;
use url::Url;

use super::{
    CacheRule, DirTarget, Encoding, PushSettings, RawPushSettings, RawTarget, S3Target, SftpTarget,
    Target, TargetKind, WebDavTarget,
};

impl RawPushSettings {
    /// Checks the values; the error is `(key, message)`.
    pub fn resolve(self) -> Result<PushSettings, (&'static str, String)> {
        let mut settings = PushSettings::default();
        if let Some(n) = self.concurrency {
            settings.concurrency = NonZeroUsize::new(n)
                .filter(|n| n.get() <= 64)
                .ok_or(("push_settings.concurrency", "must be 1 to 64".to_owned()))?;
        }
        if let Some(n) = self.max_deletes {
            settings.max_deletes = n;
        }
        if let Some(s) = self.timeout_seconds {
            settings.timeout = seconds(s).ok_or((
                "push_settings.timeout_seconds",
                "must be a positive number of seconds".to_owned(),
            ))?;
        }
        if let Some(s) = self.retry_seconds {
            settings.retry.max_total = seconds(s).ok_or((
                "push_settings.retry_seconds",
                "must be a positive number of seconds".to_owned(),
            ))?;
        }
        if let Some(n) = self.retries {
            settings.retry.max_retries = n;
        }
        if let Some(command) = self.purge_command {
            if command.first().is_some_and(|p| p.trim().is_empty()) {
                return Err((
                    "push_settings.purge_command",
                    "the first element must name a program".to_owned(),
                ));
            }
            settings.purge_command = command;
        }
        if let Some(s) = self.purge_timeout_seconds {
            settings.purge_timeout = seconds(s).ok_or((
                "push_settings.purge_timeout_seconds",
                "must be a positive number of seconds".to_owned(),
            ))?;
        }
        if let Some(b) = self.purge_must_succeed {
            settings.purge_must_succeed = b;
        }
        Ok(settings)
    }
}

fn seconds(s: f64) -> Option<Duration> {
    (s.is_finite() && s > 0.0 && s < 86_400.0).then(|| Duration::from_secs_f64(s))
}

/// Checks every `[[push]]` table. `root` resolves relative paths; `output_dir` and `state_dir`
/// are where a `dir` target must not point. The error is a message naming the target.
pub(crate) fn resolve_targets(
    raw: Vec<RawTarget>,
    root: &Path,
    output_dir: &Path,
) -> Result<Vec<Target>, String> {
    let mut targets: Vec<Target> = Vec::with_capacity(raw.len());
    for (i, raw) in raw.into_iter().enumerate() {
        let target = resolve_target(raw, root, output_dir)
            .and_then(refuse_credentials_in_clear)
            .map_err(|(name, message)| {
                if name.is_empty() {
                    format!("target #{}: {message}", i + 1)
                } else {
                    format!("target `{name}`: {message}")
                }
            })?;
        if targets.iter().any(|t| t.name == target.name) {
            return Err(format!(
                "target `{}`: the name is used twice; names must be unique",
                target.name
            ));
        }
        targets.push(target);
    }
    Ok(targets)
}

/// A target that would send credentials in clear to another machine is refused unless it
/// says `insecure = true`.
fn refuse_credentials_in_clear(target: Target) -> Result<Target, (String, String)> {
    match target.credentials_in_clear() {
        Some(url) if !target.insecure() => {
            let key = match target.kind {
                TargetKind::S3(_) => "endpoint",
                _ => "url",
            };
            let host = url.host_str().unwrap_or_default();
            Err((
                target.name.clone(),
                format!(
                    "`{key}` is plain http:// to {host}, so the credentials would cross the \
                     network in clear; use https://, or set `insecure = true` if that network \
                     is trusted"
                ),
            ))
        }
        _ => Ok(target),
    }
}

fn check_name(name: &str) -> Result<String, (String, String)> {
    let name = name.trim().to_owned();
    if name.is_empty()
        || name.starts_with('.')
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return Err((
            name,
            "`name` must be ASCII letters, digits, `-`, `_` or `.` (it names the manifest file)"
                .into(),
        ));
    }
    Ok(name)
}

fn check_env_name(name: &str, key: &str, target: &str) -> Result<String, (String, String)> {
    if name.is_empty()
        || name.as_bytes()[0].is_ascii_digit()
        || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err((
            target.to_owned(),
            format!("`{key}` must name an environment variable (letters, digits, `_`), not hold a value"),
        ));
    }
    Ok(name.to_owned())
}

/// The encodings once each, in a fixed order.
fn precompress_of(raw: &RawTarget) -> Vec<Encoding> {
    let list = match raw {
        RawTarget::S3(t) => &t.precompress,
        RawTarget::WebDav(t) => &t.precompress,
        RawTarget::Sftp(t) => &t.precompress,
        RawTarget::Dir(t) => &t.precompress,
    };
    let set: std::collections::BTreeSet<Encoding> = list.iter().copied().collect();
    set.into_iter().collect()
}

fn resolve_target(
    raw: RawTarget,
    root: &Path,
    output_dir: &Path,
) -> Result<Target, (String, String)> {
    let precompress = precompress_of(&raw);
    resolve_kind(raw, root, output_dir).map(|(name, kind)| Target {
        name,
        kind,
        precompress,
    })
}

fn resolve_kind(
    raw: RawTarget,
    root: &Path,
    output_dir: &Path,
) -> Result<(String, TargetKind), (String, String)> {
    match raw {
        RawTarget::S3(s3) => {
            let name = check_name(&s3.name)?;
            let err = |m: String| (name.clone(), m);
            let endpoint = match s3.endpoint {
                None => None,
                Some(e) => Some(http_url(&e, "endpoint").map_err(err)?),
            };
            let bucket = s3.bucket.trim().to_owned();
            if bucket.is_empty() || bucket.contains('/') {
                return Err(err("`bucket` must be a bucket name without `/`".into()));
            }
            let region = s3.region.trim().to_owned();
            if region.is_empty() {
                return Err(err("`region` must not be empty".into()));
            }
            let prefix = clean_prefix(&s3.prefix).map_err(err)?;
            let env = |v: Option<String>, key: &str, default: &str| match v {
                Some(v) => check_env_name(v.trim(), key, &name),
                None => Ok(default.to_owned()),
            };
            let access_key_id_env = env(
                s3.access_key_id_env,
                "access_key_id_env",
                "AWS_ACCESS_KEY_ID",
            )?;
            let secret_access_key_env = env(
                s3.secret_access_key_env,
                "secret_access_key_env",
                "AWS_SECRET_ACCESS_KEY",
            )?;
            let session_token_env = env(
                s3.session_token_env,
                "session_token_env",
                "AWS_SESSION_TOKEN",
            )?;
            let mut cache_control = Vec::with_capacity(s3.cache_control.len());
            for rule in s3.cache_control {
                let glob = Glob::new(&rule.pattern).map_err(|e| {
                    err(format!(
                        "cache_control pattern `{}` is not a glob: {e}",
                        rule.pattern
                    ))
                })?;
                let value = rule.value.trim().to_owned();
                if value.is_empty() || value.bytes().any(|b| b.is_ascii_control()) {
                    return Err(err(format!(
                        "cache_control value for `{}` must be a non-empty header value",
                        rule.pattern
                    )));
                }
                cache_control.push(CacheRule {
                    pattern: rule.pattern,
                    matcher: glob.compile_matcher(),
                    value,
                });
            }
            Ok((
                name.clone(),
                TargetKind::S3(S3Target {
                    endpoint,
                    bucket,
                    prefix,
                    region,
                    path_style: s3.path_style,
                    access_key_id_env,
                    secret_access_key_env,
                    session_token_env,
                    cache_control,
                    insecure: s3.insecure,
                }),
            ))
        }
        RawTarget::WebDav(dav) => {
            let name = check_name(&dav.name)?;
            let err = |m: String| (name.clone(), m);
            let mut url = http_url(&dav.url, "url").map_err(err)?;
            if !url.path().ends_with('/') {
                let with_slash = format!("{}/", url.path());
                url.set_path(&with_slash);
            }
            let user_env = dav
                .user_env
                .map(|v| check_env_name(v.trim(), "user_env", &name))
                .transpose()?;
            let password_env = dav
                .password_env
                .map(|v| check_env_name(v.trim(), "password_env", &name))
                .transpose()?;
            if user_env.is_some() != password_env.is_some() {
                return Err(err(
                    "give both `user_env` and `password_env`, or neither".into()
                ));
            }
            Ok((
                name.clone(),
                TargetKind::WebDav(WebDavTarget {
                    url,
                    user_env,
                    password_env,
                    atomic_move: dav.atomic_move,
                    insecure: dav.insecure,
                }),
            ))
        }
        RawTarget::Sftp(sftp) => {
            let name = check_name(&sftp.name)?;
            let err = |m: String| (name.clone(), m);
            let host = sftp.host.trim().to_owned();
            if host.is_empty() || host.starts_with('-') || host.contains(char::is_whitespace) {
                return Err(err("`host` must be a host name or address".into()));
            }
            let user = sftp.user.trim().to_owned();
            if user.is_empty() || user.starts_with('-') || user.contains(['@', ' ']) {
                return Err(err("`user` must be a user name".into()));
            }
            if sftp.port == 0 {
                return Err(err("`port` must not be 0".into()));
            }
            let path = sftp.path.trim();
            if !path.starts_with('/') || path.split('/').any(|s| s == "..") {
                return Err(err(
                    "`path` must be an absolute remote folder such as `/var/www/feeds`".into(),
                ));
            }
            let path = match path.trim_end_matches('/') {
                "" => "/".to_owned(),
                p => p.to_owned(),
            };
            Ok((
                name.clone(),
                TargetKind::Sftp(SftpTarget {
                    host,
                    port: sftp.port,
                    user,
                    path,
                    key_file: sftp.key_file.map(|p| local_path(root, &p)),
                    known_hosts: sftp.known_hosts.map(|p| local_path(root, &p)),
                    strict_host_key_checking: sftp.strict_host_key_checking,
                }),
            ))
        }
        RawTarget::Dir(dir) => {
            let name = check_name(&dir.name)?;
            let path = local_path(root, &dir.path);
            if path.starts_with(output_dir) {
                return Err((
                    name,
                    "`path` must not be the output folder or inside it".into(),
                ));
            }
            Ok((name, TargetKind::Dir(DirTarget { path })))
        }
    }
}

/// An absolute http(s) URL without credentials, query or fragment.
fn http_url(text: &str, key: &str) -> Result<Url, String> {
    let url =
        Url::parse(text.trim()).map_err(|e| format!("`{key}` is not an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{key}` must be an http:// or https:// URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Never repeat the URL here: it holds the credentials.
        return Err(format!(
            "`{key}` must not contain a user name or password; name environment variables \
             that hold them instead"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{key}` must not have a query or fragment"));
    }
    Ok(url)
}

/// `a/b` → `a/b/`; `/` and `` → ``.
fn clean_prefix(prefix: &str) -> Result<String, String> {
    let trimmed = prefix.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    if trimmed
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(format!(
            "`prefix` `{prefix}` must be folder names separated by `/`"
        ));
    }
    Ok(format!("{trimmed}/"))
}

/// `~/x` → `$HOME/x`; relative → under `root`.
fn local_path(root: &Path, path: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~") {
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(rest);
        }
    }
    root.join(path)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct File {
        #[serde(default)]
        push: Vec<RawTarget>,
    }

    fn resolve(text: &str) -> Result<Vec<Target>, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        resolve_targets(file.push, Path::new("/site"), Path::new("/site/public"))
    }

    #[test]
    fn every_type_resolves() {
        let targets = resolve(
            r#"
[[push]]
name = "cdn"
type = "s3"
endpoint = "http://127.0.0.1:9000"
bucket = "feeds"
prefix = "/statements"
path_style = true
cache_control = [{ pattern = "**/*.html", value = "max-age=60" }]

[[push]]
name = "dav"
type = "webdav"
url = "https://dav.example.org/feeds"
user_env = "DAV_USER"
password_env = "DAV_PASSWORD"

[[push]]
name = "host"
type = "sftp"
host = "ssh.example.org"
user = "deploy"
path = "/var/www/feeds/"
key_file = "keys/deploy"

[[push]]
name = "local"
type = "dir"
path = "../www"
"#,
        )
        .unwrap();
        assert_eq!(targets.len(), 4);
        match &targets[0].kind {
            TargetKind::S3(s3) => {
                assert_eq!(s3.prefix, "statements/");
                assert_eq!(s3.region, "us-east-1");
                assert_eq!(s3.access_key_id_env, "AWS_ACCESS_KEY_ID");
                assert!(s3.cache_control[0].matcher.is_match("2024/x/index.html"));
            }
            other => panic!("{other:?}"),
        }
        match &targets[1].kind {
            TargetKind::WebDav(dav) => {
                assert_eq!(dav.url.as_str(), "https://dav.example.org/feeds/")
            }
            other => panic!("{other:?}"),
        }
        match &targets[2].kind {
            TargetKind::Sftp(s) => {
                assert_eq!(s.path, "/var/www/feeds");
                assert_eq!(s.port, 22);
                assert!(s.strict_host_key_checking);
                assert_eq!(s.key_file.as_deref(), Some(Path::new("/site/keys/deploy")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            targets[2].destination(),
            "sftp://deploy@ssh.example.org:22/var/www/feeds"
        );
    }

    #[test]
    fn unknown_keys_and_types_are_rejected() {
        let err = resolve("[[push]]\nname = \"a\"\ntype = \"dir\"\npath = \"x\"\nbukket = 1\n")
            .unwrap_err();
        assert!(err.contains("unknown field `bukket`"), "{err}");
        let err = resolve("[[push]]\nname = \"a\"\ntype = \"ftp\"\n").unwrap_err();
        assert!(err.contains("unknown variant `ftp`"), "{err}");
    }

    #[test]
    fn credentials_in_urls_are_refused_without_repeating_them() {
        let err = resolve(
            "[[push]]\nname = \"d\"\ntype = \"webdav\"\nurl = \"https://bob:hunter2@dav.example.org/\"\n",
        )
        .unwrap_err();
        assert!(
            err.contains("must not contain a user name or password"),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn bad_targets_are_explained() {
        let cases = [
            ("name = \"a b\"\ntype = \"dir\"\npath = \"x\"", "`name`"),
            (
                "name = \"a\"\ntype = \"dir\"\npath = \"public/x\"",
                "inside it",
            ),
            (
                "name = \"a\"\ntype = \"s3\"\nbucket = \"b\"\nsecret_access_key_env = \"abc def\"",
                "must name an environment variable",
            ),
            (
                "name = \"a\"\ntype = \"sftp\"\nhost = \"h\"\nuser = \"u\"\npath = \"www\"",
                "absolute remote folder",
            ),
            (
                "name = \"a\"\ntype = \"webdav\"\nurl = \"https://x/\"\nuser_env = \"U\"",
                "or neither",
            ),
        ];
        for (table, want) in cases {
            let err = resolve(&format!("[[push]]\n{table}\n")).unwrap_err();
            assert!(err.contains(want), "{table}: {err}");
        }
        let err = resolve(
            "[[push]]\nname = \"a\"\ntype = \"dir\"\npath = \"x\"\n[[push]]\nname = \"a\"\ntype = \"dir\"\npath = \"y\"\n",
        )
        .unwrap_err();
        assert!(err.contains("used twice"), "{err}");
    }

    #[test]
    fn credentials_in_clear_need_insecure() {
        let dav = |url: &str, extra: &str| {
            resolve(&format!(
                "[[push]]\nname = \"d\"\ntype = \"webdav\"\nurl = \"{url}\"\n\
                 user_env = \"U\"\npassword_env = \"P\"\n{extra}"
            ))
        };
        let err = dav("http://dav.example.org/", "").unwrap_err();
        assert!(
            err.contains("`url` is plain http:// to dav.example.org"),
            "{err}"
        );
        let targets = dav("http://dav.example.org/", "insecure = true\n").unwrap();
        assert!(targets[0].credentials_in_clear().is_some());
        for url in [
            "https://dav.example.org/",
            "http://127.0.0.1:8080/",
            "http://127.255.0.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:81/",
        ] {
            let targets = dav(url, "").unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(targets[0].credentials_in_clear().is_none(), "{url}");
        }
        for url in [
            "http://10.0.0.1/",
            "http://[::2]/",
            "http://localhost.example/",
        ] {
            assert!(dav(url, "").is_err(), "{url}");
        }
        let err = resolve(
            "[[push]]\nname = \"c\"\ntype = \"s3\"\nendpoint = \"http://minio.lan:9000\"\n\
             bucket = \"b\"\n",
        )
        .unwrap_err();
        assert!(
            err.contains("`endpoint` is plain http:// to minio.lan"),
            "{err}"
        );
    }

    #[test]
    fn settings_are_checked() {
        let s = RawPushSettings {
            concurrency: Some(0),
            ..Default::default()
        };
        assert_eq!(s.resolve().unwrap_err().0, "push_settings.concurrency");
        let s = RawPushSettings {
            retry_seconds: Some(2.5),
            retries: Some(1),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(s.retry.max_total, Duration::from_millis(2500));
        assert_eq!(s.retry.max_retries, 1);
        assert_eq!(s.max_deletes, 256);
        assert!(s.purge_command.is_empty());
        let s = RawPushSettings {
            purge_command: Some(vec![" ".into()]),
            ..Default::default()
        };
        assert_eq!(s.resolve().unwrap_err().0, "push_settings.purge_command");
        let s = RawPushSettings {
            purge_timeout_seconds: Some(0.0),
            ..Default::default()
        };
        assert_eq!(
            s.resolve().unwrap_err().0,
            "push_settings.purge_timeout_seconds"
        );
    }
}
