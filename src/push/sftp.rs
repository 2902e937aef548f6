//! The `sftp` backend: the openssh crate drives the system `ssh` client (one multiplexed
//! connection per push) and openssh-sftp-client speaks SFTP over it.
//!
//! - Host keys: strict checking by default (`StrictHostKeyChecking=yes`) against the
//!   configured `known_hosts` file or ssh's defaults; `strict_host_key_checking = false` means
//!   `accept-new` (a changed key is still refused). Never `no`.
//! - Authentication: the key file if given, else whatever ssh would use (agent, `~/.ssh/config`);
//!   `BatchMode=yes`, so ssh never stops to ask for a password.
//! - Atomicity: each file is written to a hidden temporary name in its folder, flushed (fsync
//!   when the server offers it), then moved over the real name with the
//!   `posix-rename@openssh.com` extension, which replaces atomically. The plain SFTP rename
//!   fails onto an existing file, so a server without the extension is refused at connect.
//! - Folders are created on demand when the server says a parent is missing.
//!
//! Why this pair of crates rather than russh or shelling out to rsync: see the design section
//! of docs/push.md.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use openssh::{ControlPersist, KnownHosts, SessionBuilder};
use openssh_sftp_client::error::{Error as SftpError, SftpErrorKind};
use openssh_sftp_client::{Sftp as Client, SftpOptions};

use super::config::{PushSettings, SftpTarget};
use super::retry::{error_chain, retry, Failure};
use super::{Backend, PutMeta};

pub(super) struct Sftp {
    client: Client,
    root: String,
    fsync: bool,
    timeout: std::time::Duration,
    /// Remote folders known to exist.
    folders: Mutex<BTreeSet<String>>,
    /// Holds the ssh control socket; removed when the backend is dropped.
    _control_dir: tempfile::TempDir,
}

impl Sftp {
    /// Connects (retrying refused or timed-out connections) and checks that the server can
    /// replace files atomically.
    pub(super) async fn connect(
        target: &SftpTarget,
        settings: &PushSettings,
    ) -> Result<Sftp, Failure> {
        // Control sockets have a short path limit (~100 bytes): keep them in the temp folder.
        let control_dir = tempfile::Builder::new()
            .prefix("communique-ssh-")
            .tempdir()
            .map_err(|e| {
                Failure::permanent(format!(
                    "cannot create a folder for ssh's control socket: {e}"
                ))
            })?;
        let mut builder = SessionBuilder::default();
        builder
            .user(target.user.clone())
            .port(target.port)
            .known_hosts_check(if target.strict_host_key_checking {
                KnownHosts::Strict
            } else {
                KnownHosts::Add
            })
            .connect_timeout(settings.timeout)
            .server_alive_interval(std::time::Duration::from_secs(15))
            .control_directory(control_dir.path())
            // The background ssh exits when idle, even if this process dies without closing it.
            .control_persist(ControlPersist::IdleFor(
                std::num::NonZeroUsize::new(30).unwrap_or(std::num::NonZeroUsize::MIN),
            ));
        if let Some(key) = &target.key_file {
            check_readable(key, "key_file")?;
            builder.keyfile(key);
        }
        if let Some(known_hosts) = &target.known_hosts {
            check_readable(known_hosts, "known_hosts")?;
            builder.user_known_hosts_file(known_hosts);
        }
        let session = retry(&settings.retry, || async {
            builder
                .connect_mux(&target.host)
                .await
                .map_err(|e| connect_failure(&error_chain(&e)))
        })
        .await?;
        let client = Client::from_session(session, SftpOptions::default())
            .await
            .map_err(|e| {
                Failure::permanent(format!(
                    "cannot start the SFTP subsystem: {}",
                    error_chain(&e)
                ))
            })?;
        if !client.support_posix_rename() {
            let _ = client.close().await;
            return Err(Failure::permanent(
                "the server does not offer posix-rename@openssh.com, so files cannot be \
                 replaced atomically; refusing to upload in place",
            ));
        }
        let fsync = client.support_fsync();
        Ok(Sftp {
            client,
            root: target.path.clone(),
            fsync,
            timeout: settings.timeout,
            folders: Mutex::new(BTreeSet::new()),
            _control_dir: control_dir,
        })
    }

    fn remote(&self, path: &str) -> PathBuf {
        Path::new(&self.root).join(path)
    }

    async fn write_file(&self, remote: &Path, bytes: &[u8]) -> Result<(), SftpError> {
        let mut file = self
            .client
            .options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(remote)
            .await?;
        file.write_all(bytes).await?;
        if self.fsync {
            file.sync_all().await?;
        }
        file.close().await
    }

    /// Creates `folder` and its missing ancestors (`mkdir -p`, the configured root included).
    async fn make_folders(&self, folder: &Path) -> Result<(), Failure> {
        let mut current = PathBuf::new();
        for part in folder.components() {
            current.push(part);
            let key = current.to_string_lossy().into_owned();
            if self
                .folders
                .lock()
                .map(|f| f.contains(&key))
                .unwrap_or(false)
            {
                continue;
            }
            let mut fs = self.client.fs();
            if let Err(e) = fs.create_dir(&current).await {
                // It may exist already (a failure code on OpenSSH): believe it if stat says so.
                let exists = fs
                    .metadata(&current)
                    .await
                    .map(|m| m.file_type().is_some_and(|t| t.is_dir()));
                if !matches!(exists, Ok(true)) {
                    return Err(Failure::permanent(format!(
                        "cannot create the folder {}: {}",
                        current.display(),
                        describe(&e)
                    )));
                }
            }
            if let Ok(mut f) = self.folders.lock() {
                f.insert(key);
            }
        }
        Ok(())
    }

    /// Bounds one operation: the request timeout plus time for the bytes at a slow 32 KiB/s,
    /// so a server that stops answering ends the push instead of hanging it.
    async fn timed<T>(
        &self,
        size: usize,
        op: impl std::future::Future<Output = Result<T, Failure>>,
    ) -> Result<T, Failure> {
        let limit = self.timeout + std::time::Duration::from_secs((size / (32 * 1024)) as u64);
        match tokio::time::timeout(limit, op).await {
            Ok(r) => r,
            Err(_) => Err(Failure::permanent(format!(
                "no answer from the SFTP server within {} s",
                limit.as_secs()
            ))),
        }
    }
}

fn check_readable(path: &Path, key: &str) -> Result<(), Failure> {
    std::fs::metadata(path)
        .map(|_| ())
        .map_err(|e| Failure::permanent(format!("`{key}` {}: {e}", path.display())))
}

/// ssh's own words are the useful part ("Host key verification failed.", "Permission denied
/// (publickey)."). Only network trouble is worth a retry.
fn connect_failure(message: &str) -> Failure {
    let transient = [
        "Connection refused",
        "timed out",
        "Connection reset",
        "Connection closed",
        "No route to host",
    ]
    .iter()
    .any(|m| message.contains(m));
    let message = format!("cannot connect: {}", message.trim());
    if transient {
        Failure::transient(message)
    } else {
        Failure::permanent(message)
    }
}

fn describe(e: &SftpError) -> String {
    match e {
        SftpError::SftpError(kind, msg) => format!("the server answered {kind:?}: {}", msg.get().0),
        other => error_chain(other),
    }
}

fn is_missing(e: &SftpError) -> bool {
    matches!(e, SftpError::SftpError(SftpErrorKind::NoSuchFile, _))
}

impl Backend for Sftp {
    async fn put(&self, path: &str, bytes: Bytes, _meta: &PutMeta<'_>) -> Result<(), Failure> {
        let remote = self.remote(path);
        let (folder, name) = match (remote.parent(), remote.file_name()) {
            (Some(folder), Some(name)) => {
                (folder.to_path_buf(), name.to_string_lossy().into_owned())
            }
            _ => return Err(Failure::permanent("not a file path")),
        };
        let temp = folder.join(format!(".{name}.communique-{:08x}.tmp", fastrand::u32(..)));
        self.timed(bytes.len(), async {
            if let Err(e) = self.write_file(&temp, &bytes).await {
                if !is_missing(&e) {
                    return Err(Failure::permanent(describe(&e)));
                }
                self.make_folders(&folder).await?;
                self.write_file(&temp, &bytes)
                    .await
                    .map_err(|e| Failure::permanent(describe(&e)))?;
            }
            if let Err(e) = self.client.fs().rename(&temp, &remote).await {
                let _ = self.client.fs().remove_file(&temp).await;
                return Err(Failure::permanent(format!(
                    "cannot rename into place: {}",
                    describe(&e)
                )));
            }
            Ok(())
        })
        .await
    }

    async fn delete(&self, path: &str) -> Result<(), Failure> {
        let remote = self.remote(path);
        self.timed(0, async {
            match self.client.fs().remove_file(&remote).await {
                Ok(()) => Ok(()),
                Err(e) if is_missing(&e) => Ok(()),
                Err(e) => Err(Failure::permanent(describe(&e))),
            }
        })
        .await
    }

    async fn close(self) -> Result<(), Failure> {
        self.client
            .close()
            .await
            .map_err(|e| Failure::permanent(format!("cannot close the SFTP session: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_network_trouble_is_retried() {
        assert!(
            connect_failure("ssh: connect to host 127.0.0.1 port 1: Connection refused").transient
        );
        assert!(!connect_failure("Host key verification failed.").transient);
        assert!(!connect_failure("root@127.0.0.1: Permission denied (publickey).").transient);
    }
}
