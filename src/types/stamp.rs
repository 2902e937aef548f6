//! `FileStamp`: what tells that a file changed without reading it (size, inode, modification
//! and change times), and the "racy" window within which a stamp cannot vouch for a file.
//! Shared by the no-op check (`state`) and the caches (`cache`); [`StampsUnder`] reads many
//! stamps relative to their folder (the build's check of its documents).

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

/// Output files' stamps as the no-op check of this run found them, by path under the output
/// folder (`/`-separated): each matched the stamp the last run's state recorded for it. The
/// build's check of its documents takes a file's stamp from here instead of stat'ing the same
/// file again: after one added item, that second stat of every output was a tenth of the run.
/// Taken under the instance lock, like the rest of the run; a file not here is stat'ed.
#[derive(Clone, Default)]
pub(crate) struct OutputsSeen(std::sync::Arc<Vec<(String, FileStamp)>>);

impl OutputsSeen {
    /// The stamps `seen` holds (sorted here by path, if they are not).
    pub(crate) fn new(mut seen: Vec<(String, FileStamp)>) -> OutputsSeen {
        if !seen.is_sorted_by(|a, b| a.0 <= b.0) {
            seen.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        OutputsSeen(std::sync::Arc::new(seen))
    }

    /// The stamp the check found for the output file `rel`.
    pub(crate) fn get(&self, rel: &str) -> Option<FileStamp> {
        let at = self.0.binary_search_by(|(p, _)| p.as_str().cmp(rel)).ok()?;
        Some(self.0[at].1)
    }

    /// How many output files the check found with their stamps.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// An observation of the run, not one of its inputs: two fingerprints of the same inputs are
/// equal whatever their checks saw of the output folder.
impl PartialEq for OutputsSeen {
    fn eq(&self, _: &OutputsSeen) -> bool {
        true
    }
}

impl Eq for OutputsSeen {}

impl std::fmt::Debug for OutputsSeen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OutputsSeen({} files)", self.0.len())
    }
}

/// Stamps of files under one folder, each read by its path relative to that folder. On Linux
/// the folder is opened once (`O_PATH`) and each file stat'ed from it (`statx`), so that a
/// stat looks up only the components below the folder, not every component of the folder's
/// absolute path again: the build's check of its 10,000 unchanged documents was that many
/// whole-path lookups. Elsewhere, where `statx` is missing, or when the folder cannot be
/// opened, each file is stat'ed by its whole path, which answers the same.
#[derive(Debug)]
pub(crate) struct StampsUnder<'a> {
    dir: &'a Path,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    open: Option<std::os::fd::OwnedFd>,
}

impl<'a> StampsUnder<'a> {
    /// Stamps under `dir`.
    pub(crate) fn open(dir: &'a Path) -> StampsUnder<'a> {
        StampsUnder {
            dir,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            open: open_folder(rustix::fs::CWD, dir).ok(),
        }
    }

    /// The stamp of `dir/rel` as it is now (links followed), as [`FileStamp::read`] of the
    /// joined path gives it.
    pub(crate) fn read(&self, rel: &str) -> io::Result<FileStamp> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(open) = &self.open {
            if let Some(stamp) = stamp_at(open, rel)? {
                return Ok(stamp);
            }
        }
        FileStamp::read(&self.dir.join(rel))
    }
}

/// Opens the folder `dir` (relative to `at`) only to look files up under it (`O_PATH`: no read
/// permission needed, nothing read). Shared by [`StampsUnder`] and the no-op check's stats of
/// its outputs (`state`).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn open_folder(
    at: impl std::os::fd::AsFd,
    dir: impl rustix::path::Arg,
) -> io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::{openat, Mode, OFlags};
    let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
    Ok(openat(at, dir, flags, Mode::empty())?)
}

/// The stamp of `rel` under the open folder `folder` (links followed); `Ok(None)` where the
/// kernel has no `statx` (Linux before 4.11: the caller stats the whole path instead).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn stamp_at(folder: &std::os::fd::OwnedFd, rel: &str) -> io::Result<Option<FileStamp>> {
    use rustix::fs::{statx, AtFlags, StatxFlags};
    match statx(folder, rel, AtFlags::empty(), StatxFlags::BASIC_STATS) {
        Ok(x) => Ok(Some(FileStamp::of_statx(&x))),
        Err(rustix::io::Errno::NOSYS) => Ok(None),
        Err(e) => Err(e.into()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_under_a_folder_answer_as_whole_paths() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("2021/a-slug")).unwrap();
        fs::write(dir.path().join("2021/a-slug/index.html"), "page").unwrap();
        fs::write(dir.path().join("atom.xml"), "feed").unwrap();
        let under = StampsUnder::open(dir.path());
        for rel in ["2021/a-slug/index.html", "atom.xml"] {
            let whole = FileStamp::read(&dir.path().join(rel)).unwrap();
            assert_eq!(under.read(rel).unwrap(), whole, "{rel}");
        }
        assert!(under.read("2021/missing/index.html").is_err());
        // A link is followed, as `fs::metadata` follows it.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("atom.xml", dir.path().join("link.xml")).unwrap();
            let target = FileStamp::read(&dir.path().join("atom.xml")).unwrap();
            assert_eq!(under.read("link.xml").unwrap(), target);
        }
        // A folder that cannot be opened answers by whole paths: here, nothing.
        let gone = dir.path().join("gone");
        assert!(StampsUnder::open(&gone).read("atom.xml").is_err());
    }
}
