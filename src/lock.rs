//! The instance lock: one writer per instance at a time.
//!
//! `publish` and `build` hold an exclusive OS file lock on `<state_dir>/lock` for as long as they
//! may write into the output folder, the state folder or a push target. The lock belongs to the
//! open file, so the operating system releases it when the process ends, however it ends
//! (SIGKILL included): there is no stale lock to clean up by hand. A second run either waits for
//! it (up to the configured `lock_timeout`) or, with `--no-wait`, gives up at once.
//!
//! Taking the lock writes nothing (the file stays empty), so a no-op run changes no file. On
//! Linux, messages name the process holding the lock, read from `/proc/locks`.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use thiserror::Error;

/// The lock file's name inside the state folder.
pub(crate) const LOCK_FILE: &str = "lock";

/// How long to wait for a lock another run holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Give up at once (`--no-wait`).
    No,
    /// Wait at most this long.
    UpTo(Duration),
}

/// Why the lock could not be taken.
#[derive(Debug, Error)]
pub(crate) enum LockError {
    #[error(
        "another communique run{} is working on this instance; not waiting \
         (--no-wait)",
        holder_suffix(*pid)
    )]
    Busy { path: String, pid: Option<u32> },
    #[error(
        "another communique run{} is still working on this instance after \
         waiting {} s (lock_timeout); giving up",
        holder_suffix(*pid),
        waited.as_secs()
    )]
    TimedOut {
        path: String,
        pid: Option<u32>,
        waited: Duration,
    },
    #[error("cannot take the instance lock: {source}")]
    Io { path: String, source: io::Error },
}

fn holder_suffix(pid: Option<u32>) -> String {
    pid.map(|p| format!(" (process {p})")).unwrap_or_default()
}

impl crate::report::Located for LockError {
    fn place(&self) -> crate::report::Place {
        match self {
            LockError::Busy { path, .. }
            | LockError::TimedOut { path, .. }
            | LockError::Io { path, .. } => crate::report::Place::file(path),
        }
    }
}

/// A held instance lock. Dropping it (or the process ending) releases it.
#[derive(Debug)]
pub(crate) struct InstanceLock {
    file: File,
}

impl InstanceLock {
    /// Takes the lock of the instance whose state folder is `state_dir`, creating the folder if
    /// needed. `shown` is the lock file's path as messages show it.
    pub(crate) fn acquire(
        state_dir: &Path,
        wait: Wait,
        shown: &str,
    ) -> Result<InstanceLock, LockError> {
        let path = state_dir.join(LOCK_FILE);
        let io_err = |source| LockError::Io {
            path: shown.to_owned(),
            source,
        };
        fs::create_dir_all(state_dir).map_err(io_err)?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err)?;
        let started = Instant::now();
        let mut announced = false;
        let mut pause = Duration::from_millis(10);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(io_err(e)),
            }
            let pid = holder_pid(&file);
            let limit = match wait {
                Wait::No => {
                    return Err(LockError::Busy {
                        path: shown.to_owned(),
                        pid,
                    })
                }
                Wait::UpTo(limit) => limit,
            };
            let waited = started.elapsed();
            if waited >= limit {
                return Err(LockError::TimedOut {
                    path: shown.to_owned(),
                    pid,
                    waited,
                });
            }
            if !announced {
                tracing::info!(
                    lock = shown,
                    holder = pid,
                    timeout_s = limit.as_secs(),
                    "waiting for another communique run to finish"
                );
                announced = true;
            }
            std::thread::sleep(pause.min(limit - waited));
            pause = (pause * 2).min(Duration::from_millis(250));
        }
        tracing::debug!(lock = shown, "instance lock taken");
        Ok(InstanceLock { file })
    }
}

impl Drop for InstanceLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes the order explicit.
        let _ = self.file.unlock();
    }
}

/// The process holding a lock on `file`, from `/proc/locks` (Linux; elsewhere `None`).
#[cfg(target_os = "linux")]
fn holder_pid(file: &File) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().ok()?;
    // `/proc/locks` writes the device as `major:minor:inode` in hex, hex, decimal.
    let dev = meta.dev();
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    let want = format!("{major:02x}:{minor:02x}:{}", meta.ino());
    let locks = fs::read_to_string("/proc/locks").ok()?;
    locks.lines().find_map(|line| {
        // `1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF`; waiters are marked `->`.
        let fields: Vec<&str> = line.split_whitespace().collect();
        let pos = fields.iter().position(|f| *f == want)?;
        if pos < 2 || fields.get(1) == Some(&"->") || fields[1] != "FLOCK" {
            return None;
        }
        fields[pos - 1].parse().ok()
    })
}

#[cfg(not(target_os = "linux"))]
fn holder_pid(_file: &File) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_then_granted_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let first = InstanceLock::acquire(&state, Wait::No, "lock").unwrap();
        let err = InstanceLock::acquire(&state, Wait::No, "lock").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!(
                "another communique run (process {})",
                std::process::id()
            )),
            "{msg}"
        );
        assert!(msg.ends_with("not waiting (--no-wait)"), "{msg}");
        let err = InstanceLock::acquire(&state, Wait::UpTo(Duration::from_millis(30)), "lock")
            .unwrap_err();
        assert!(matches!(err, LockError::TimedOut { .. }), "{err}");
        drop(first);
        let _again = InstanceLock::acquire(&state, Wait::No, "lock").unwrap();
        assert!(state.join(LOCK_FILE).is_file());
    }

    #[test]
    fn waiting_run_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().to_path_buf();
        let first = InstanceLock::acquire(&state, Wait::No, "lock").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            tx.send(()).unwrap();
            InstanceLock::acquire(&state, Wait::UpTo(Duration::from_secs(60)), "lock").is_ok()
        });
        rx.recv().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        drop(first);
        assert!(waiter.join().unwrap());
    }
}
