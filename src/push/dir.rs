//! The `dir` backend: a local or mounted folder, such as a web server's document root on the
//! same machine.
//!
//! Files are written with [`crate::write::write_if_changed`], the same code that writes the
//! output folder: a temporary file in the same folder, flushed, renamed over the old one, so a
//! web server reading the folder never serves half a document, and identical bytes are not
//! rewritten (the file keeps its mtime, so conditional GETs keep answering 304).

use std::io;
use std::path::PathBuf;

use bytes::Bytes;

use super::config::DirTarget;
use super::retry::Failure;
use super::{Backend, PutMeta};

pub(super) struct Dir {
    root: PathBuf,
}

impl Dir {
    pub(super) fn connect(target: &DirTarget) -> Result<Dir, Failure> {
        std::fs::create_dir_all(&target.path).map_err(|e| {
            Failure::permanent(format!("cannot create {}: {e}", target.path.display()))
        })?;
        Ok(Dir {
            root: target.path.clone(),
        })
    }

    fn path(&self, rel: &str) -> PathBuf {
        rel.split('/').fold(self.root.clone(), |p, s| p.join(s))
    }
}

impl Backend for Dir {
    async fn put(&self, path: &str, bytes: Bytes, _meta: &PutMeta<'_>) -> Result<(), Failure> {
        let dest = self.path(path);
        crate::write::write_if_changed(&dest, &bytes)
            .map(|_| ())
            .map_err(|e| Failure::permanent(format!("{}: {e}", dest.display())))
    }

    async fn delete(&self, path: &str) -> Result<(), Failure> {
        let dest = self.path(path);
        match std::fs::remove_file(&dest) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Failure::permanent(format!("{}: {e}", dest.display()))),
        }
    }

    async fn close(self) -> Result<(), Failure> {
        Ok(())
    }
}
