//! **Write**: the only code that touches the output folder.
//!
//! A file whose bytes would not change is not rewritten, so its mtime (and the ETag and
//! Last-Modified a static server derives from it) stays, and readers' conditional GETs keep
//! answering 304. A file that does change is written to a temporary file in the same folder,
//! flushed to disk, and renamed over the old one: a reader sees the old or the new document,
//! never half of one.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Writes `bytes` to `path` atomically, unless the file already holds exactly these bytes.
/// Parent folders are created as needed.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<Outcome> {
    let existed = match fs::read(path) {
        Ok(old) if old == bytes => return Ok(Outcome::Unchanged),
        Ok(_) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".communique-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    set_readable(tmp.as_file())?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(if existed {
        Outcome::Updated
    } else {
        Outcome::Created
    })
}

/// Temporary files are created 0600; published files must be readable by the web server.
#[cfg(unix)]
fn set_readable(file: &fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_file: &fs::File) -> io::Result<()> {
    Ok(())
}

/// Makes the rename durable. Best effort: some file systems do not support syncing folders.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_updates_and_skips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/feed.xml");
        assert_eq!(write_if_changed(&path, b"one").unwrap(), Outcome::Created);
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(write_if_changed(&path, b"one").unwrap(), Outcome::Unchanged);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);
        assert_eq!(write_if_changed(&path, b"two").unwrap(), Outcome::Updated);
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("feed.xml")]);
    }

    #[cfg(unix)]
    #[test]
    fn published_files_are_world_readable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.json");
        write_if_changed(&path, b"{}").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}
