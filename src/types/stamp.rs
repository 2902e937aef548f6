//! `FileStamp`: what tells that a file changed without reading it (size, inode, modification
//! and change times), and the "racy" window within which a stamp cannot vouch for a file.
//! Shared by the no-op check (`state`) and the caches (`cache`).

use std::fs;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// Size, inode and times of a file, in nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileStamp {
    pub(crate) size: u64,
    pub(crate) inode: u64,
    pub(crate) mtime_ns: i128,
    pub(crate) ctime_ns: i128,
}

impl FileStamp {
    /// The stamp of `path` as it is now (links followed).
    pub(crate) fn read(path: &Path) -> io::Result<FileStamp> {
        fs::metadata(path).map(|m| FileStamp::of(&m))
    }

    #[cfg(unix)]
    pub(crate) fn of(meta: &fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            size: meta.size(),
            inode: meta.ino() ^ meta.dev().rotate_left(32),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        }
    }

    /// The stamp of a `statx` answer: the same fields as [`FileStamp::of`] makes of the
    /// `fs::Metadata` that std builds from `statx` (the device number made with `makedev`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub(crate) fn of_statx(x: &rustix::fs::Statx) -> FileStamp {
        let dev = rustix::fs::makedev(x.stx_dev_major, x.stx_dev_minor);
        let ns = |t: rustix::fs::StatxTimestamp| {
            i128::from(t.tv_sec) * 1_000_000_000 + i128::from(t.tv_nsec)
        };
        FileStamp {
            size: x.stx_size,
            inode: x.stx_ino ^ dev.rotate_left(32),
            mtime_ns: ns(x.stx_mtime),
            ctime_ns: ns(x.stx_ctime),
        }
    }

    #[cfg(not(unix))]
    pub(crate) fn of(meta: &fs::Metadata) -> FileStamp {
        let mtime_ns = meta.modified().map(nanos).unwrap_or(0);
        FileStamp {
            size: meta.len(),
            inode: 0,
            mtime_ns,
            // No ctime: the creation time at least catches a replaced file.
            ctime_ns: meta.created().map(nanos).unwrap_or(mtime_ns),
        }
    }

    /// True when a change to the file in the same clock tick as this stamp could go unseen
    /// (git's "racy" files): such a stamp alone cannot vouch for the file. Every change to a
    /// file sets its ctime to the current time, so the ctime alone says so.
    pub(crate) fn is_racy(&self, now_ns: i128) -> bool {
        now_ns - self.ctime_ns < racy_window(self.ctime_ns).as_nanos() as i128
    }
}

/// How long after a file's change time a stamp cannot tell a later change apart: file systems
/// with nanosecond timestamps advance them with the kernel's clock tick (at most 10 ms on
/// Linux; 100 ms leaves room), those with whole seconds only every second (3 s leaves room).
pub(crate) fn racy_window(ctime_ns: i128) -> Duration {
    if ctime_ns % 1_000_000_000 == 0 {
        Duration::from_secs(3)
    } else {
        Duration::from_millis(100)
    }
}

/// Nanoseconds since the Unix epoch (negative before it).
pub(crate) fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Now, in nanoseconds since the Unix epoch.
pub(crate) fn nanos_now() -> i128 {
    nanos(SystemTime::now())
}
