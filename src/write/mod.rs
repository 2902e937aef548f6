//! **Write**: the only code that touches the output folder.
//!
//! A file whose bytes would not change is not rewritten, so its mtime (and the ETag and
//! Last-Modified a static server derives from it) stays, and readers' conditional GETs keep
//! answering 304. A file that does change is written to a temporary file in the same folder,
//! flushed to disk, and renamed over the old one: a reader sees the old or the new document,
//! never half of one.
//!
//! This is communique's one atomic-write path: the output folder, push's `dir` targets, `ids
//! --pin` (through [`write_if_changed`]) and `communique new` (through [`create_new`], which
//! never replaces a file) all go through it. Its temporary files are named by [`temp_file_in`]
//! and recognised by [`is_temp_name`], which is how [`crate::ops::leftovers`] finds what a killed
//! run left behind and push leaves them out.
//!
//! The outputs list (`<state_dir>/outputs.bin`, [`replace_outputs`]) remembers what the last
//! build wrote, so that only files communique wrote are ever removed.
//!
//! A large streamed file (a feed of every item, an item-cache segment) may skip the page cache:
//! [`direct`] writes it with direct I/O from its first mebibyte on, where the file system
//! allows ([`Streamed::direct`]).

mod direct;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// Written by an earlier build, no longer produced, deleted.
    Removed,
}

/// Writes `bytes` to `path` atomically, unless the file already holds exactly these bytes.
/// Parent folders are created as needed. For one file: the data and the rename are flushed with
/// `fsync`; batches use [`prepare`] and [`Flush`] instead.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<Outcome> {
    let prepared = prepare_with(path, bytes, true)?;
    let outcome = prepared.commit().map_err(|e| e.source)?;
    if outcome != Outcome::Unchanged {
        if let Some(dir) = path.parent() {
            sync_dir(dir);
        }
    }
    Ok(outcome)
}

/// Writes `bytes` to `path` atomically (temporary file, rename), without flushing either to
/// disk: for the state folder's caches only, which are trusted together with stamps of files
/// that were flushed before them, and which are ignored when a crash leaves them missing, empty
/// or cut short (each checks that it decodes whole). An output file never comes here: readers
/// of those need the data on disk before the new name ([`Flush`]).
pub(crate) fn replace_unflushed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = temp_file_beside(path)?;
    write_in_pieces(&mut tmp, bytes)?;
    set_readable(tmp.as_file())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A failure while writing a batch, naming the file.
#[derive(Debug)]
pub(crate) struct BatchError {
    pub path: std::path::PathBuf,
    pub source: io::Error,
}

/// The first half of a batched write: the file compared with what is on disk and, when it
/// changed, written to a temporary file beside it (not yet renamed).
#[derive(Debug)]
pub(crate) struct Prepared {
    pub outcome: Outcome,
    pending: Option<(tempfile::TempPath, std::path::PathBuf)>,
}

/// Compares `bytes` with `path` and, if they differ, writes them to a temporary file in the
/// same folder. Safe to call from several threads at once. The rule every batched write
/// follows; the writers themselves use [`prepare_in`], [`prepare_copy`] and [`Streamed`] (the
/// item cache's segments too, streamed rather than gathered into one buffer), the tests this.
#[cfg(test)]
pub(crate) fn prepare(path: &Path, bytes: &[u8]) -> io::Result<Prepared> {
    prepare_with(path, bytes, !can_sync_fs())
}

/// [`prepare`] for one file of a batch whose folders are made through `folders` (shared by the
/// threads writing the batch): a file in a folder the batch created cannot be there yet, so it
/// is not opened to compare.
pub(crate) fn prepare_in(folders: &Folders, path: &Path, bytes: &[u8]) -> io::Result<Prepared> {
    let dir = folder_of(path);
    let existed = if folders.ensure(dir)? {
        false
    } else {
        match compare(path, bytes)? {
            Some(existed) => existed,
            None => return Ok(Prepared::unchanged()),
        }
    };
    let tmp = temp_file_in(dir)?;
    Prepared::pending(tmp, path, bytes, existed, !can_sync_fs())
}

/// [`prepare`], flushing the temporary file itself when `fsync` is set.
fn prepare_with(path: &Path, bytes: &[u8], fsync: bool) -> io::Result<Prepared> {
    let Some(existed) = compare(path, bytes)? else {
        return Ok(Prepared::unchanged());
    };
    let tmp = temp_file_beside(path)?;
    Prepared::pending(tmp, path, bytes, existed, fsync)
}

/// Whether `path` must be written to hold `bytes`: `None` when it holds them already, else
/// whether there is a file to replace.
fn compare(path: &Path, bytes: &[u8]) -> io::Result<Option<bool>> {
    match fs::read(path) {
        Ok(old) if old == bytes => Ok(None),
        Ok(_) => Ok(Some(true)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Some(false)),
        Err(e) => Err(e),
    }
}

/// [`prepare`] for a file copied as it is (an item's attachment) from `source`: compared with
/// `path` piece by piece, and when they differ, streamed to a temporary file beside `path`, so
/// that a large file is never held in memory. Returns the outcome and the size copied.
pub(crate) fn prepare_copy(source: &Path, path: &Path) -> io::Result<(Prepared, u64)> {
    let size = fs::metadata(source)?.len();
    let existed = match same_bytes(source, path) {
        Ok(true) => return Ok((Prepared::unchanged(), size)),
        Ok(false) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound && source.exists() => false,
        Err(e) => return Err(e),
    };
    let mut tmp = temp_file_beside(path)?;
    let copied = io::copy(&mut fs::File::open(source)?, tmp.as_file_mut())?;
    set_readable(tmp.as_file())?;
    if !can_sync_fs() {
        tmp.as_file().sync_all()?;
    }
    Ok((Prepared::written(tmp, path, existed), copied))
}

/// Whether the files `a` and `b` hold the same bytes (sizes first, then 64 KiB at a time).
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (mut fa, mut fb) = (fs::File::open(a)?, fs::File::open(b)?);
    if fa.metadata()?.len() != fb.metadata()?.len() {
        return Ok(false);
    }
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = fa.read(&mut ba)?;
        if n == 0 {
            return Ok(true);
        }
        fb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

/// [`prepare`] for a document whose bytes come a piece at a time (a feed document of hundreds of
/// megabytes, written as its entries are rendered: `render::FeedWriter`), so that it is never
/// held whole in memory. The pieces are compared with the file at `path` as they come; from the
/// first piece that differs (or at once, when there is no such file) they go to a temporary
/// file beside it, after the part that matched, copied from the old file. A document whose
/// bytes are the file's writes nothing. [`Streamed::finish`] gives the [`Prepared`] to commit.
///
/// Hand-written rather than a crate: it is [`prepare`]'s compare-then-write over a stream, and
/// needs the same temporary files ([`temp_file_beside`]) and flushing rules.
pub(crate) struct Streamed<'a> {
    path: std::path::PathBuf,
    /// The file at `path`, while every byte so far matched it (none when there was no file, or
    /// once the bytes differ): read a buffer at a time, not an entry at a time.
    old: Option<io::BufReader<fs::File>>,
    existed: bool,
    /// Bytes written so far.
    written: u64,
    /// The temporary file, once the bytes differ from the old file's.
    tmp: Option<Sink>,
    /// Whether the temporary file may be written with direct I/O once it is large
    /// ([`Streamed::direct`]).
    direct: bool,
    /// The first I/O error: later writes fail too, and [`Streamed::finish`] returns it.
    failed: Option<io::Error>,
    /// Told of every byte written to the temporary file, as it is written.
    early: Option<&'a EarlyFlush>,
}

/// The most bytes one `write` system call hands the kernel's page cache (direct writes, which
/// take no page-cache pages, hand it [`direct::BLOCK`]). Linux sizes the page cache's folios
/// of a file by the writes that fill it: writes of 64 KiB let ext4 grow a large file's folios
/// up to 2 MiB, taken whole from the page allocator's large free blocks, while writes of
/// 32 KiB keep them within the sizes the per-core free lists hold (up to 32 KiB): pages freed
/// moments ago. On a virtual machine whose balloon driver hands free blocks of 2 MiB back to
/// the host (free page reporting), every large block is memory the host must fault in again
/// on first touch. A cold like-for-like build at 10,000 items (205 MB written) spent a median
/// 652 ms of system time with 64 KiB writes, 325 ms with 32 KiB (368 and 397 ms with 16 and
/// 8 KiB); `kmem:mm_page_alloc` counted 264 allocations of 64 KiB to 2 MiB (the 153 MB of
/// feeds) against 32. Measured in `benches/RESULTS.md`, 2026-12-06. Twice the system calls
/// of 64 KiB writes cost about 2 ms there.
const WRITE_PIECE: usize = 32 * 1024;

/// How much of the temporary file [`Streamed`] buffers between system calls (a
/// [`WRITE_PIECE`]), and how much of the old file it reads at a time to compare.
const STREAM_BUFFER: usize = WRITE_PIECE;

/// Writes `bytes` into `out` a [`WRITE_PIECE`] at a time.
fn write_in_pieces(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    bytes
        .chunks(WRITE_PIECE)
        .try_for_each(|piece| out.write_all(piece))
}

/// The most slices one gathered write ([`write_gathered_in_pieces`]) hands the kernel: well
/// under every system's `IOV_MAX` (1,024 on Linux).
const PIECE_SLICES: usize = 256;

/// Writes every byte of `bufs` into `out`, gathered straight from them (`writev`): a
/// [`WRITE_PIECE`] (and at most [`PIECE_SLICES`] slices) per system call, as
/// [`write_in_pieces`] writes, but without first copying each slice into a buffer. A chunk of
/// feed entries is tens of slices of a few kilobytes: that copy was about a sixth of the
/// render's writing thread, the one the render waits for. (The kernel's own copy, now from
/// memory the buffer no longer brought into the processor's cache, takes back about half of
/// it: `benches/RESULTS.md`, 2026-12-06.)
fn write_gathered_in_pieces(out: &mut impl Write, bufs: &[io::IoSlice<'_>]) -> io::Result<()> {
    let mut batch: Vec<io::IoSlice<'_>> = Vec::with_capacity(PIECE_SLICES);
    let mut room = WRITE_PIECE;
    for buf in bufs {
        let mut rest: &[u8] = buf;
        while !rest.is_empty() {
            let (piece, after) = rest.split_at(rest.len().min(room));
            batch.push(io::IoSlice::new(piece));
            room -= piece.len();
            rest = after;
            if room == 0 || batch.len() == PIECE_SLICES {
                write_all_slices(out, &mut batch)?;
                room = WRITE_PIECE;
            }
        }
    }
    write_all_slices(out, &mut batch)
}

/// Writes every byte of `batch` into `out` ([`write_all_vectored`]), and empties it.
fn write_all_slices(out: &mut impl Write, batch: &mut Vec<io::IoSlice<'_>>) -> io::Result<()> {
    write_all_vectored(out, batch)?;
    batch.clear();
    Ok(())
}

/// Writes every byte of `slices` into `out` with `write_vectored` (a short write continues
/// where it stopped): what the standard library's unstable `write_all_vectored` does. A
/// [`Streamed`] document takes them all in one call, gathered straight from the slices.
pub(crate) fn write_all_vectored(
    out: &mut (impl Write + ?Sized),
    slices: &mut [io::IoSlice<'_>],
) -> io::Result<()> {
    let mut slices = slices;
    io::IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => io::IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl<'a> Streamed<'a> {
    /// A document to be written to `path` (its folder created when missing), compared with the
    /// file there as it comes.
    pub(crate) fn new(path: &Path) -> io::Result<Streamed<'a>> {
        let old = match fs::File::open(path) {
            Ok(file) => Some(io::BufReader::with_capacity(STREAM_BUFFER, file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        Ok(Streamed {
            path: path.to_path_buf(),
            existed: old.is_some(),
            old,
            written: 0,
            tmp: None,
            direct: false,
            failed: None,
            early: None,
        })
    }

    /// Tells `early` of the bytes written to the temporary file as they are written, so that
    /// their disk writes start while the rest of the document is rendered.
    pub(crate) fn reporting_to(self, early: &'a EarlyFlush) -> Streamed<'a> {
        Streamed {
            early: Some(early),
            ..self
        }
    }

    /// Lets the document's temporary file be written with direct I/O from its first mebibyte
    /// on ([`direct`]: the page cache skipped), when `on`. For a document nothing reads back
    /// in this run: read moments after it was written, its bytes would come from the disk
    /// rather than from memory.
    pub(crate) fn direct(self, on: bool) -> Streamed<'a> {
        Streamed {
            direct: on && cfg!(target_os = "linux"),
            ..self
        }
    }

    /// Tells the early flush of `bytes` more in the temporary file.
    fn report(&self, bytes: u64) {
        if let Some(early) = self.early {
            early.wrote(usize::try_from(bytes).unwrap_or(usize::MAX));
        }
    }

    /// Ends the document: the [`Prepared`] write (unchanged when every byte matched the old
    /// file and it has no more) and the document's size; or the first I/O error.
    pub(crate) fn finish(mut self) -> io::Result<(Prepared, u64)> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if self.tmp.is_none() && self.old.is_some() && self.old_ended()? {
            return Ok((Prepared::unchanged(), self.written));
        }
        let sink = match self.tmp.take() {
            Some(sink) => sink,
            None => self.diverge()?,
        };
        let tmp = match sink {
            Sink::Buffered(tmp) => tmp.into_inner().map_err(io::IntoInnerError::into_error)?,
            Sink::Direct(writer) => {
                let before = writer.cached();
                let (tmp, cached) = writer.finish()?;
                self.report(cached - before);
                tmp
            }
        };
        set_readable(tmp.as_file())?;
        if !can_sync_fs() {
            tmp.as_file().sync_all()?;
        }
        let prepared = Prepared::written(tmp, &self.path, self.existed);
        Ok((prepared, self.written))
    }

    /// The first I/O error a write met, if any (a renderer that failed because of it reports
    /// it as its own failure, without the file's name).
    pub(crate) fn failure(mut self) -> Option<io::Error> {
        self.failed.take()
    }

    /// Whether the old file has no bytes after those written so far.
    fn old_ended(&mut self) -> io::Result<bool> {
        use std::io::Read;
        let Some(old) = &mut self.old else {
            return Ok(true);
        };
        let mut byte = [0u8; 1];
        Ok(old.read(&mut byte)? == 0)
    }

    /// Whether the old file's next `bytes.len()` bytes are `bytes` (reading past them when they
    /// are not is harmless: the old file is read again from its start by [`Self::diverge`]).
    fn old_continues_with(&mut self, bytes: &[u8]) -> io::Result<bool> {
        use std::io::BufRead;
        let Some(old) = &mut self.old else {
            return Ok(false);
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            let buffered = old.fill_buf()?;
            let n = buffered.len().min(rest.len());
            if n == 0 || buffered[..n] != rest[..n] {
                return Ok(false);
            }
            old.consume(n);
            rest = &rest[n..];
        }
        Ok(true)
    }

    /// The bytes differ from the old file's (or there is none): a temporary file beside `path`,
    /// holding the bytes written so far (which matched, so they are copied from the old file).
    fn diverge(&mut self) -> io::Result<Sink> {
        use std::io::{Read, Seek};
        let tmp = temp_file_beside(&self.path)?;
        let mut sink = if self.direct {
            Sink::Direct(direct::Writer::new(tmp))
        } else {
            Sink::Buffered(io::BufWriter::with_capacity(STREAM_BUFFER, tmp))
        };
        if let Some(old) = self.old.take() {
            let mut old = old.into_inner();
            old.seek(io::SeekFrom::Start(0))?;
            let (copied, cached) = match &mut sink {
                Sink::Buffered(tmp) => {
                    let copied = io::copy(
                        &mut (&mut old).take(self.written),
                        tmp.get_mut().as_file_mut(),
                    )?;
                    (copied, copied)
                }
                Sink::Direct(writer) => {
                    let copied = io::copy(&mut (&mut old).take(self.written), writer)?;
                    (copied, writer.cached())
                }
            };
            if copied != self.written {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the file changed while it was compared",
                ));
            }
            self.report(cached);
        }
        Ok(sink)
    }

    fn write_piece(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.tmp.is_none() {
            if self.old_continues_with(bytes)? {
                self.written += bytes.len() as u64;
                return Ok(());
            }
            let tmp = self.diverge()?;
            self.tmp = Some(tmp);
        }
        match &mut self.tmp {
            // A piece larger than the buffer would go past it in one system call.
            Some(Sink::Buffered(tmp)) => {
                write_in_pieces(tmp, bytes)?;
                self.report(bytes.len() as u64);
            }
            Some(Sink::Direct(writer)) => {
                let before = writer.cached();
                writer.push(bytes)?;
                let cached = writer.cached() - before;
                self.report(cached);
            }
            None => {}
        }
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes `bufs` as [`Self::write_piece`] writes each, but once the bytes go to the
    /// temporary file, gathered straight from `bufs` ([`write_gathered_in_pieces`]) after what
    /// the buffer holds.
    fn write_gathered(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<()> {
        let Some(Sink::Buffered(tmp)) = self.tmp.as_mut() else {
            return bufs.iter().try_for_each(|buf| self.write_piece(buf));
        };
        tmp.flush()?;
        write_gathered_in_pieces(tmp.get_mut().as_file_mut(), bufs)?;
        let bytes: u64 = bufs.iter().map(|buf| buf.len() as u64).sum();
        self.report(bytes);
        self.written += bytes;
        Ok(())
    }

    /// Runs `write`, keeping its first error for [`Streamed::finish`] (the caller gets one of
    /// the same kind); once one failed, every later write fails.
    fn keeping_failure(
        &mut self,
        write: impl FnOnce(&mut Self) -> io::Result<()>,
    ) -> io::Result<()> {
        if let Some(e) = &self.failed {
            return Err(io::Error::new(e.kind(), e.to_string()));
        }
        write(self).map_err(|e| {
            let copy = io::Error::new(e.kind(), e.to_string());
            self.failed = Some(e);
            copy
        })
    }
}

/// Where a [`Streamed`] document's bytes go once they differ from the old file's: its
/// temporary file, through a buffer of [`STREAM_BUFFER`] bytes (gathered writes straight from
/// the slices), or as [`direct::Writer`] writes it.
enum Sink {
    Buffered(io::BufWriter<tempfile::NamedTempFile>),
    Direct(direct::Writer),
}

impl Write for Streamed<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    /// Every piece whole, or the error (kept for [`Streamed::finish`]; the caller gets one of
    /// the same kind).
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.keeping_failure(|s| s.write_piece(bytes))
    }

    /// Every slice whole ([`Streamed::write_gathered`]), or the error as `write_all` keeps it.
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        self.keeping_failure(|s| s.write_gathered(bufs))?;
        Ok(bufs.iter().map(|buf| buf.len()).sum())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The start and end of every temporary file name communique writes.
const TEMP_PREFIX: &str = ".communique-";
const TEMP_SUFFIX: &str = ".tmp";

/// A new, empty temporary file in `dir` (which must exist), named `.communique-*.tmp`: hidden,
/// and recognised by [`is_temp_name`]. Removed when dropped unless persisted.
/// Every file written through here is to be readable by all ([`set_readable`]), so it is
/// created so when the umask lets it.
pub(crate) fn temp_file_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    if created_readable() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(READABLE));
    }
    builder.tempfile_in(dir)
}

/// A temporary file in `path`'s folder (created when missing), to be renamed onto `path`.
fn temp_file_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = folder_of(path);
    fs::create_dir_all(dir)?;
    temp_file_in(dir)
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The folders a batch of writes made or found, shared by the threads writing it: each is
/// made once (no `stat` first, as `fs::create_dir_all` does for every file), and a file whose
/// folder the batch created is known not to be there yet. Only the instance's one writer
/// writes into the output folder, and a batch never writes one path twice, so nothing else
/// puts a file into a folder the batch has just made.
#[derive(Debug, Default)]
pub(crate) struct Folders {
    /// Each folder seen, and whether this batch created it.
    seen: std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, bool>>,
}

impl Folders {
    /// Makes `dir` and its missing parents; true when this batch created `dir`.
    pub(crate) fn ensure(&self, dir: &Path) -> io::Result<bool> {
        if let Some(&created) = self.lock().get(dir) {
            return Ok(created);
        }
        let created = match fs::create_dir(dir) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                match dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                    Some(parent) => {
                        self.ensure(parent)?;
                    }
                    None => return Err(e),
                }
                made_or_there(dir)?
            }
            Err(_) => made_or_there(dir)?,
        };
        // Another thread may have made it meanwhile: then that one created it.
        *self.lock().entry(dir.to_path_buf()).or_insert(created) |= created;
        Ok(created)
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<std::path::PathBuf, bool>> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Makes `dir` (its parent exists): true when this call made it, false when a folder is
/// already there; an error when anything else is (as `fs::create_dir_all` reports it).
fn made_or_there(dir: &Path) -> io::Result<bool> {
    match fs::create_dir(dir) {
        Ok(()) => Ok(true),
        Err(_) if dir.is_dir() => Ok(false),
        Err(e) => Err(e),
    }
}

/// True for the names [`temp_file_in`] gives: a file a run was writing when it was killed.
pub(crate) fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Writes `bytes` to `path` atomically, only if nothing is there yet: an existing file (or one
/// another process creates meanwhile) is never replaced, and the error is
/// [`io::ErrorKind::AlreadyExists`]. Parent folders are created; the data and the new name are
/// flushed with `fsync`.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = temp_file_beside(path)?;
    write_in_pieces(&mut tmp, bytes)?;
    set_readable(tmp.as_file())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(
        path.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    );
    Ok(())
}

impl Prepared {
    fn unchanged() -> Prepared {
        Prepared {
            outcome: Outcome::Unchanged,
            pending: None,
        }
    }

    /// `bytes` written to `tmp` (flushed when `fsync` is set), to be renamed onto `path`.
    fn pending(
        mut tmp: tempfile::NamedTempFile,
        path: &Path,
        bytes: &[u8],
        existed: bool,
        fsync: bool,
    ) -> io::Result<Prepared> {
        write_in_pieces(&mut tmp, bytes)?;
        set_readable(tmp.as_file())?;
        if fsync {
            tmp.as_file().sync_all()?;
        }
        Ok(Prepared::written(tmp, path, existed))
    }

    /// `tmp`, written in full, to be renamed onto `path` (which held other bytes, or nothing).
    fn written(tmp: tempfile::NamedTempFile, path: &Path, existed: bool) -> Prepared {
        Prepared {
            outcome: if existed {
                Outcome::Updated
            } else {
                Outcome::Created
            },
            pending: Some((tmp.into_temp_path(), path.to_path_buf())),
        }
    }

    /// The bytes prepared for `path`, opened for reading before they are renamed into place:
    /// the temporary file (the handle stays on the same file through the rename), or `path`
    /// itself when it already held them.
    pub(crate) fn open_prepared(&self, path: &Path) -> io::Result<fs::File> {
        match &self.pending {
            Some((tmp, _)) => fs::File::open(tmp),
            None => fs::File::open(path),
        }
    }

    /// The second half: renames the temporary file into place (nothing to do when unchanged).
    /// Call [`Flush::before_renames`] over the whole batch first.
    pub(crate) fn commit(self) -> Result<Outcome, BatchError> {
        if let Some((tmp, path)) = self.pending {
            tmp.persist(&path).map_err(|e| BatchError {
                path,
                source: e.error,
            })?;
        }
        Ok(self.outcome)
    }
}

/// One flush of the file system for a whole batch, instead of an fsync per file: `syncfs`
/// before the renames (so no rename can expose a file whose data is not on disk) and after them
/// (so the renames themselves are durable). Readers see each file old or new, never partial,
/// and the new versions appear within the short rename phase.
///
/// A small batch (a build after a few changes) is flushed file by file instead: `syncfs` waits
/// for every dirty page of the file system, other programs' included, which on a busy machine
/// cost more than the rest of such a build. The guarantee is the same: each temporary file's
/// data is on disk before its rename, and each renamed file's folder is flushed after.
pub(crate) struct Flush {
    handle: Option<fs::File>,
    /// The folders to flush after the renames, when the batch was flushed file by file.
    dirs: Option<std::collections::BTreeSet<std::path::PathBuf>>,
}

/// Batches of at most this many changed files are flushed file by file rather than with
/// `syncfs`.
const SMALL_BATCH: usize = 64;

impl Flush {
    /// Flushes the batch's temporary files: each one when they are few, else the file system
    /// holding them.
    pub(crate) fn before_renames<'a>(batch: impl IntoIterator<Item = &'a Prepared>) -> Flush {
        let pending: Vec<&(tempfile::TempPath, std::path::PathBuf)> = batch
            .into_iter()
            .filter_map(|p| p.pending.as_ref())
            .collect();
        if can_sync_fs() && pending.len() > SMALL_BATCH {
            let handle = pending
                .first()
                .and_then(|(tmp, _)| fs::File::open(&**tmp).ok());
            sync_fs(handle.as_ref());
            return Flush { handle, dirs: None };
        }
        let mut dirs = std::collections::BTreeSet::new();
        for (tmp, path) in pending {
            // Best effort, as `syncfs` is: the kernel's write-back still takes the data.
            if let Ok(file) = fs::File::open(&**tmp) {
                let _ = file.sync_all();
            }
            dirs.extend(path.parent().map(Path::to_path_buf));
        }
        Flush {
            handle: None,
            dirs: Some(dirs),
        }
    }

    /// Flushes again once every rename is done: the renamed files' folders, or the file system.
    pub(crate) fn after_renames(self) {
        match self.dirs {
            Some(dirs) => dirs.iter().for_each(|d| sync_dir(d)),
            None => sync_fs(self.handle.as_ref()),
        }
    }
}

/// The disk writes of a large batch, started while the batch is still being written: once
/// the batch has written [`EARLY_FLUSH_STEP`] bytes, a thread of its own flushes the file
/// system each time another step was written, so that the flush before the renames
/// ([`Flush::before_renames`], which still vouches for every file) finds little left to wait
/// for, instead of the whole batch written to disk while every core waits.
///
/// By bytes, not files: the like-for-like feeds are three files of 50 MB, and a build that
/// writes a few megabytes (a few changed files) never starts the thread, so never calls
/// `syncfs`, which waits for other programs' dirty pages too. The bytes are told as they are
/// written ([`Streamed::reporting_to`] tells each piece of a streamed document), not when a
/// document ends, or a 50 MB feed would be flushed only once it is whole.
pub(crate) struct EarlyFlush {
    /// The folder the batch writes into, opened by the thread for `syncfs`.
    dir: std::path::PathBuf,
    written: std::sync::atomic::AtomicUsize,
    /// The flushing thread and what wakes it (a wake while one is pending is dropped: one
    /// flush serves), started at the first step; none when it could not be started.
    flusher: std::sync::OnceLock<Option<Flusher>>,
}

/// [`EarlyFlush`]'s thread and the sender that wakes it.
type Flusher = (std::sync::mpsc::SyncSender<()>, std::thread::JoinHandle<()>);

/// Bytes written between two early flushes: small enough that the last step, left to the
/// flush before the renames, takes a few milliseconds of the disk (about 1.3 GB/s here).
const EARLY_FLUSH_STEP: usize = 16 << 20;

impl EarlyFlush {
    /// For a batch written into `dir` (made by the batch if missing). No thread yet.
    pub(crate) fn for_batch(dir: &Path) -> EarlyFlush {
        EarlyFlush {
            dir: dir.to_path_buf(),
            written: std::sync::atomic::AtomicUsize::new(0),
            flusher: std::sync::OnceLock::new(),
        }
    }

    /// Counts `bytes` more written to the batch's temporary files, and wakes the flushing
    /// thread (starting it the first time) each time another step is reached.
    pub(crate) fn wrote(&self, bytes: usize) {
        if !can_sync_fs() {
            return;
        }
        let before = self
            .written
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
        if before / EARLY_FLUSH_STEP == (before + bytes) / EARLY_FLUSH_STEP {
            return;
        }
        if let Some((wake, _)) = self.flusher.get_or_init(|| self.start()) {
            let _ = wake.try_send(());
        }
    }

    /// The flushing thread, flushing the file system holding the batch's folder at each wake.
    fn start(&self) -> Option<Flusher> {
        let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
        let dir = self.dir.clone();
        let thread = std::thread::Builder::new()
            .name("early-flush".into())
            .spawn(move || {
                // Opened at the first wake: by then the batch has written into the folder.
                let mut handle = None;
                while woken.recv().is_ok() {
                    handle = handle.or_else(|| fs::File::open(&dir).ok());
                    sync_fs(handle.as_ref());
                }
            })
            .ok()?;
        Some((wake, thread))
    }

    /// Stops the flushing thread, if it was started (after the flush it is doing, if any).
    pub(crate) fn finish(self) {
        if let Some(Some((wake, thread))) = self.flusher.into_inner() {
            drop(wake);
            let _ = thread.join();
        }
    }
}

/// Writes many files with the same rules as [`write_if_changed`], with one flush for all
/// ([`prepare`], [`Flush`], [`Prepared::commit`]). The build does these steps itself (it renders
/// between them); this one call is what the tests of the batch rules use.
#[cfg(test)]
pub(crate) fn write_all_if_changed(
    files: &[(std::path::PathBuf, Vec<u8>)],
) -> Result<Vec<Outcome>, BatchError> {
    let mut prepared = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        prepared.push(prepare(path, bytes).map_err(|source| BatchError {
            path: path.clone(),
            source,
        })?);
    }
    let flush = Flush::before_renames(&prepared);
    let outcomes = prepared
        .into_iter()
        .map(Prepared::commit)
        .collect::<Result<Vec<_>, _>>()?;
    flush.after_renames();
    Ok(outcomes)
}

#[cfg(target_os = "linux")]
fn can_sync_fs() -> bool {
    true
}

#[cfg(not(target_os = "linux"))]
fn can_sync_fs() -> bool {
    false
}

/// Flushes the whole file system holding `file` (Linux `syncfs`). Best effort: on failure the
/// data still reaches the disk with the kernel's normal write-back.
fn sync_fs(file: Option<&fs::File>) {
    #[cfg(target_os = "linux")]
    if let Some(f) = file {
        let _ = rustix::fs::syncfs(f);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// The mode of every file written: published files must be readable by the web server.
#[cfg(unix)]
const READABLE: u32 = 0o644;

/// Makes a temporary file readable by all, unless [`temp_file_in`] created it so already.
#[cfg(unix)]
fn set_readable(file: &fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if created_readable() {
        return Ok(());
    }
    file.set_permissions(fs::Permissions::from_mode(READABLE))
}

/// Whether a file created with mode [`READABLE`] gets exactly that mode: true when the
/// process's umask masks none of its bits (the usual `022`), so no `fchmod` per file is needed.
/// Read once from `/proc/self/status`: the `umask` call itself would have to set a mask to
/// read it, while other threads may be creating files. Unknown (no `/proc`, a kernel before
/// 4.7): false, and every file is `fchmod`ed as before.
#[cfg(unix)]
fn created_readable() -> bool {
    static READABLE_AT_CREATION: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *READABLE_AT_CREATION.get_or_init(|| {
        fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| umask_of_status(&status))
            .is_some_and(|umask| umask & READABLE == 0)
    })
}

/// The `Umask:` field of a `/proc/<pid>/status` text (octal).
#[cfg(unix)]
fn umask_of_status(status: &str) -> Option<u32> {
    let value = status
        .lines()
        .find_map(|line| line.strip_prefix("Umask:"))?;
    u32::from_str_radix(value.trim(), 8).ok()
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

/// Removes files that an earlier build wrote (`previous`, paths relative to `dir`) and this one
/// did not (`current`), then any folders that leaves empty. Files communique never wrote are
/// never touched. Returns the removed paths.
pub(crate) fn remove_stale(
    dir: &Path,
    previous: &[String],
    current: &rustc_hash::FxHashSet<&str>,
) -> io::Result<Vec<String>> {
    let mut removed = Vec::new();
    for rel in previous {
        if current.contains(rel.as_str()) || !is_safe_relative(rel) {
            continue;
        }
        let path = dir.join(rel);
        // Only regular files: whatever a list says, a folder or a link is never removed.
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        match fs::remove_file(&path) {
            Ok(()) => removed.push(rel.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        // Prune folders emptied by the removal, up to (not including) `dir`.
        let mut parent = path.parent();
        while let Some(p) = parent {
            if p == dir || fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    Ok(removed)
}

/// The list of files the last build wrote, kept in the state folder so that files which are
/// no longer produced (a deleted item's page, a tag nobody uses any more) are removed.
/// Postcard (names are UTF-8 text, as before): read and written by every build that changes
/// anything, and the pretty JSON it replaced cost about 40 M instructions a build at 10,000
/// items.
pub(crate) const OUTPUTS_FILE: &str = "outputs.bin";

/// The list as JSON, before the binary form: read when there is no [`OUTPUTS_FILE`] (so an
/// upgrade still removes the files the last build no longer makes), removed once it is written.
const LEGACY_OUTPUTS_FILE: &str = "outputs.json";

/// The first bytes of [`OUTPUTS_FILE`] (then its format, a postcard `u32`).
const OUTPUTS_MAGIC: &[u8; 8] = b"cmqoutpt";

/// Bumped whenever the meaning of [`OUTPUTS_FILE`] changes.
const OUTPUTS_FORMAT: u32 = 1;

/// What [`OUTPUTS_FILE`] holds: the files a build wrote, and the output folder it wrote them
/// to, so that a list never applies to another folder (a renamed output folder, or another
/// instance sharing the state folder).
#[derive(serde::Serialize, serde::Deserialize)]
struct Outputs {
    output_dir: String,
    files: Vec<String>,
}

/// [`Outputs`] as [`OUTPUTS_FILE`] stores it, behind its magic and format.
#[derive(serde::Deserialize)]
struct StoredOutputs {
    magic: [u8; 8],
    format: u32,
    outputs: Outputs,
}

/// [`StoredOutputs`] as a build saves it: the same bytes, from the build's own list of paths
/// rather than a copy of every path (10,000 and more).
#[derive(serde::Serialize)]
struct SavedOutputs<'a> {
    magic: [u8; 8],
    format: u32,
    output_dir: String,
    files: &'a [&'a str],
}

fn output_dir_key(output_dir: &Path) -> String {
    std::path::absolute(output_dir)
        .unwrap_or_else(|_| output_dir.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The previous build's outputs in this output folder; a missing, damaged or foreign list only
/// means nothing stale is removed.
fn read_outputs(state_dir: &Path, output_dir: &Path) -> Vec<String> {
    let outputs = match fs::read(state_dir.join(OUTPUTS_FILE)) {
        Ok(bytes) => decode_outputs(&bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::read(state_dir.join(LEGACY_OUTPUTS_FILE))
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Outputs>(&bytes).ok())
        }
        Err(_) => None,
    };
    outputs
        .filter(|o| o.output_dir == output_dir_key(output_dir))
        .map(|o| o.files)
        .unwrap_or_default()
}

/// The list of [`OUTPUTS_FILE`]'s bytes, unless they are not a whole list of this format.
fn decode_outputs(bytes: &[u8]) -> Option<Outputs> {
    let (stored, rest) = postcard::take_from_bytes::<StoredOutputs>(bytes).ok()?;
    (stored.magic == *OUTPUTS_MAGIC && stored.format == OUTPUTS_FORMAT && rest.is_empty())
        .then_some(stored.outputs)
}

/// After a build wrote `files` (relative to `output_dir`, in the order they were written):
/// removes what the previous build's list names and `files` does not ([`remove_stale`]), then
/// saves `files` as the new list. Returns the removed paths.
pub(crate) fn replace_outputs(
    output_dir: &Path,
    state_dir: &Path,
    files: &[&str],
) -> Result<Vec<String>, BatchError> {
    // Hashed: a B-tree of every path compared path bytes a dozen times per lookup.
    let current: rustc_hash::FxHashSet<&str> = files.iter().copied().collect();
    let previous = read_outputs(state_dir, output_dir);
    let removed = remove_stale(output_dir, &previous, &current).map_err(|source| BatchError {
        path: output_dir.to_path_buf(),
        source,
    })?;
    let stored = SavedOutputs {
        magic: *OUTPUTS_MAGIC,
        format: OUTPUTS_FORMAT,
        output_dir: output_dir_key(output_dir),
        files,
    };
    let path = state_dir.join(OUTPUTS_FILE);
    let list = postcard::to_stdvec(&stored).map_err(|e| BatchError {
        path: path.clone(),
        source: io::Error::other(e),
    })?;
    write_if_changed(&path, &list).map_err(|source| BatchError { path, source })?;
    let legacy = state_dir.join(LEGACY_OUTPUTS_FILE);
    match fs::remove_file(&legacy) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(BatchError {
                path: legacy,
                source: e,
            })
        }
        _ => {}
    }
    Ok(removed)
}

/// A relative path with no `..`, root or prefix: it cannot point outside the output folder,
/// whatever a corrupt state file says.
fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The outputs list removes what the last build wrote and this one did not, whether that
    /// build left the list in the binary form or as the JSON of before (read once, replaced).
    #[test]
    fn the_outputs_list_removes_stale_files_and_replaces_a_json_list() {
        let dir = tempfile::tempdir().unwrap();
        let (out, state) = (dir.path().join("public"), dir.path().join("state"));
        fs::create_dir_all(out.join("old")).unwrap();
        fs::create_dir_all(&state).unwrap();
        for name in ["a.xml", "old/b.html", "mine.txt"] {
            fs::write(out.join(name), name).unwrap();
        }
        let legacy = serde_json::json!({
            "output_dir": output_dir_key(&out),
            "files": ["a.xml", "old/b.html"],
        });
        fs::write(state.join(LEGACY_OUTPUTS_FILE), legacy.to_string()).unwrap();
        assert_eq!(read_outputs(&state, &out), ["a.xml", "old/b.html"]);
        let removed = replace_outputs(&out, &state, &["a.xml"]).unwrap();
        assert_eq!(removed, ["old/b.html"]);
        assert!(!state.join(LEGACY_OUTPUTS_FILE).exists());
        assert!(
            out.join("mine.txt").exists(),
            "a file never written is kept"
        );
        assert_eq!(read_outputs(&state, &out), ["a.xml"]);
        assert!(read_outputs(&state, &dir.path().join("elsewhere")).is_empty());

        fs::write(out.join("c.json"), "{}").unwrap();
        replace_outputs(&out, &state, &["a.xml", "c.json"]).unwrap();
        let removed = replace_outputs(&out, &state, &["c.json"]).unwrap();
        assert_eq!(removed, ["a.xml"]);
        assert!(!out.join("a.xml").exists());

        let bytes = fs::read(state.join(OUTPUTS_FILE)).unwrap();
        for cut in [0, 8, bytes.len() - 1] {
            fs::write(state.join(OUTPUTS_FILE), &bytes[..cut]).unwrap();
            assert!(read_outputs(&state, &out).is_empty(), "cut at {cut}");
        }
    }

    /// A writer recording the length of every write it is handed (and, of a gathered write,
    /// how many slices it held).
    #[derive(Default)]
    struct Calls {
        lengths: Vec<usize>,
        slices: Vec<usize>,
        bytes: Vec<u8>,
    }

    impl Write for Calls {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.lengths.push(bytes.len());
            self.bytes.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
            let len = bufs.iter().map(|b| b.len()).sum();
            self.lengths.push(len);
            self.slices.push(bufs.len());
            bufs.iter().for_each(|b| self.bytes.extend_from_slice(b));
            Ok(len)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn no_write_hands_the_kernel_more_than_a_piece() {
        let big: Vec<u8> = (0..WRITE_PIECE * 5 / 2).map(|i| (i % 251) as u8).collect();
        let mut out = Calls::default();
        write_in_pieces(&mut out, &big).unwrap();
        assert_eq!(out.bytes, big);
        assert_eq!(out.lengths, [WRITE_PIECE, WRITE_PIECE, WRITE_PIECE / 2]);
    }

    /// A gathered write hands the kernel whole pieces (the last one aside), never more than a
    /// piece's bytes or [`PIECE_SLICES`] slices at once, and every byte in order.
    #[test]
    fn no_gathered_write_hands_the_kernel_more_than_a_piece() {
        let big: Vec<u8> = (0..WRITE_PIECE * 5 / 2).map(|i| (i % 251) as u8).collect();
        let tiny: Vec<[u8; 3]> = (0..PIECE_SLICES as u8 * 2).map(|i| [i, i, i]).collect();
        let mut bufs = vec![io::IoSlice::new(b"<head>"), io::IoSlice::new(&big)];
        bufs.extend(tiny.iter().map(|t| io::IoSlice::new(t)));
        bufs.extend([io::IoSlice::new(b""), io::IoSlice::new(&big)]);
        let want: Vec<u8> = bufs.iter().flat_map(|b| b.iter().copied()).collect();
        let mut out = Calls::default();
        write_gathered_in_pieces(&mut out, &bufs).unwrap();
        assert_eq!(out.bytes, want);
        assert!(
            out.lengths.iter().all(|&n| n <= WRITE_PIECE),
            "{:?}",
            out.lengths
        );
        assert!(
            out.slices.iter().all(|&n| n <= PIECE_SLICES),
            "{:?}",
            out.slices
        );
        let calls = out.lengths.len();
        for (&len, &slices) in out.lengths.iter().zip(&out.slices).take(calls - 1) {
            assert!(
                len == WRITE_PIECE || slices == PIECE_SLICES,
                "{len} bytes in {slices}"
            );
        }
        assert_eq!(out.lengths.iter().sum::<usize>(), want.len());
    }

    #[test]
    fn a_streamed_piece_larger_than_the_buffer_arrives_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        let big: Vec<u8> = (0..STREAM_BUFFER * 3 + 7)
            .map(|i| (i % 241) as u8)
            .collect();
        let mut doc = Streamed::new(&path).unwrap();
        doc.write_all(b"<head>").unwrap();
        doc.write_all(&big).unwrap();
        doc.write_all(b"</tail>").unwrap();
        let (prepared, size) = doc.finish().unwrap();
        assert_eq!(prepared.commit().unwrap(), Outcome::Created);
        let want = [&b"<head>"[..], &big, b"</tail>"].concat();
        assert_eq!(size, want.len() as u64);
        assert_eq!(fs::read(&path).unwrap(), want);
    }

    #[test]
    fn copies_stream_and_skip_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("signed.pdf");
        let target = dir.path().join("out/2024/x/signed.pdf");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&source, &big).unwrap();
        let copy = || {
            let (p, size) = prepare_copy(&source, &target).unwrap();
            (p.commit().unwrap(), size)
        };
        assert_eq!(copy(), (Outcome::Created, 200_000));
        assert_eq!(fs::read(&target).unwrap(), big);
        assert_eq!(copy().0, Outcome::Unchanged);
        let mut edited = big.clone();
        edited[150_000] ^= 1;
        fs::write(&source, &edited).unwrap();
        assert_eq!(
            copy().0,
            Outcome::Updated,
            "one byte late in the file differs"
        );
        assert_eq!(fs::read(&target).unwrap(), edited);
        assert!(prepare_copy(&dir.path().join("missing.pdf"), &target).is_err());
    }

    /// Writes `pieces` through a [`Streamed`] to `path` and commits it.
    fn stream_pieces(path: &Path, pieces: &[&[u8]]) -> (Outcome, u64) {
        stream_pieces_with(path, pieces, false)
    }

    /// [`stream_pieces`], with direct I/O allowed when `direct`.
    fn stream_pieces_with(path: &Path, pieces: &[&[u8]], direct: bool) -> (Outcome, u64) {
        let mut sink = Streamed::new(path).unwrap().direct(direct);
        for piece in pieces {
            sink.write_all(piece).unwrap();
        }
        let (prepared, size) = sink.finish().unwrap();
        (prepared.commit().unwrap(), size)
    }

    #[cfg(unix)]
    #[test]
    fn streamed_documents_are_compared_as_they_come() {
        compared_as_they_come(700_000, false);
    }

    /// The same with direct I/O, for a document of a few blocks and a ragged end: the edits
    /// fall in its second block, so an update copies the matched part through the blocks.
    #[cfg(unix)]
    #[test]
    fn streamed_documents_written_directly_are_compared_as_they_come() {
        compared_as_they_come(2 * direct::BLOCK + 300_777, true);
    }

    /// A document of `len` bytes (at least 600,001) streamed, unchanged, edited, cut short,
    /// emptied: each outcome and file as [`prepare`] would make them.
    #[cfg(unix)]
    fn compared_as_they_come(len: usize, direct: bool) {
        let stream_pieces =
            |path: &Path, pieces: &[&[u8]]| stream_pieces_with(path, pieces, direct);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/feed/atom.xml");
        let big: Vec<u8> = (0..len).map(|i| (i % 253) as u8).collect();
        let (head, rest) = big.split_at(1000);
        assert_eq!(
            stream_pieces(&path, &[head, rest]),
            (Outcome::Created, len as u64)
        );
        assert_eq!(fs::read(&path).unwrap(), big);
        let stamp = |p: &Path| {
            let m = fs::metadata(p).unwrap();
            (
                m.modified().unwrap(),
                std::os::unix::fs::MetadataExt::ino(&m),
            )
        };
        let before = stamp(&path);
        assert_eq!(stream_pieces(&path, &[&big]).0, Outcome::Unchanged);
        assert_eq!(stamp(&path), before, "an unchanged file is not rewritten");
        let mut edited = big.clone();
        let at = if direct {
            direct::BLOCK + 600_000
        } else {
            600_000
        };
        edited[at] ^= 1;
        assert_eq!(
            stream_pieces(&path, &[head, &edited[1000..]]).0,
            Outcome::Updated
        );
        assert_eq!(fs::read(&path).unwrap(), edited);
        let short = at - 100_000;
        assert_eq!(
            stream_pieces(&path, &[&edited[..short]]).0,
            Outcome::Updated
        );
        assert_eq!(fs::read(&path).unwrap(), &edited[..short]);
        assert_eq!(stream_pieces(&path, &[&edited]).0, Outcome::Updated);
        assert_eq!(fs::read(&path).unwrap(), edited);
        assert_eq!(stream_pieces(&path, &[]), (Outcome::Updated, 0));
        assert_eq!(fs::read(&path).unwrap(), b"");
        assert_eq!(
            file_names(path.parent().unwrap()),
            ["atom.xml"],
            "no temporary file left"
        );
    }

    proptest::proptest! {
        /// A streamed document, in any pieces, over any old file (or none), gives the outcome
        /// and the file that [`prepare`] gives for the whole document.
        #[test]
        fn streaming_writes_what_prepare_writes(
            old in proptest::option::of(proptest::collection::vec(0u8..4, 0..300)),
            new in proptest::collection::vec(0u8..4, 0..300),
            cuts in proptest::collection::vec(0usize..300, 0..6),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let (whole, streamed) = (dir.path().join("a/x"), dir.path().join("b/x"));
            if let Some(old) = &old {
                for path in [&whole, &streamed] {
                    fs::create_dir_all(path.parent().unwrap()).unwrap();
                    fs::write(path, old).unwrap();
                }
            }
            let expected = prepare(&whole, &new).unwrap().commit().unwrap();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(new.len())).collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([new.len()]) {
                pieces.push(&new[from..cut]);
                from = cut;
            }
            let (outcome, size) = stream_pieces(&streamed, &pieces);
            proptest::prop_assert_eq!(outcome, expected);
            proptest::prop_assert_eq!(size, new.len() as u64);
            proptest::prop_assert_eq!(&fs::read(&streamed).unwrap(), &new);
            // The same pieces, the first written alone and the rest gathered.
            let gathered = dir.path().join("c/x");
            if let Some(old) = &old {
                fs::create_dir_all(gathered.parent().unwrap()).unwrap();
                fs::write(&gathered, old).unwrap();
            }
            // Direct I/O allowed: a document this small is held, and written when it ends.
            let mut sink = Streamed::new(&gathered).unwrap().direct(true);
            sink.write_all(pieces[0]).unwrap();
            let mut rest: Vec<io::IoSlice<'_>> =
                pieces[1..].iter().map(|p| io::IoSlice::new(p)).collect();
            write_all_vectored(&mut sink, &mut rest).unwrap();
            let (prepared, size) = sink.finish().unwrap();
            proptest::prop_assert_eq!(prepared.commit().unwrap(), expected);
            proptest::prop_assert_eq!(size, new.len() as u64);
            proptest::prop_assert_eq!(fs::read(&gathered).unwrap(), new);
        }
    }

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

    #[test]
    fn batches_create_update_and_skip() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x/a.xml");
        let b = dir.path().join("b.xml");
        write_if_changed(&b, b"same").unwrap();
        let files = vec![(a.clone(), b"new".to_vec()), (b.clone(), b"same".to_vec())];
        let outcomes = write_all_if_changed(&files).unwrap();
        assert_eq!(outcomes, vec![Outcome::Created, Outcome::Unchanged]);
        let files = vec![(a.clone(), b"newer".to_vec())];
        assert_eq!(
            write_all_if_changed(&files).unwrap(),
            vec![Outcome::Updated]
        );
        assert_eq!(fs::read(&a).unwrap(), b"newer");
        assert_eq!(
            file_names(&dir.path().join("x")),
            ["a.xml"],
            "no temp files left"
        );
    }

    /// The names of the files in `dir`, sorted.
    fn file_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn removes_only_stale_files_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in ["a/b/old.xml", "a/keep.xml", "user.css"] {
            write_if_changed(&d.join(f), b"x").unwrap();
        }
        let previous = vec![
            "a/b/old.xml".to_owned(),
            "a/keep.xml".to_owned(),
            "../outside".to_owned(),
            "/etc/passwd".to_owned(),
        ];
        let current = ["a/keep.xml"].into_iter().collect();
        let removed = remove_stale(d, &previous, &current).unwrap();
        assert_eq!(removed, vec!["a/b/old.xml".to_owned()]);
        assert!(!d.join("a/b").exists(), "emptied folder pruned");
        assert!(d.join("a/keep.xml").exists() && d.join("user.css").exists());
    }

    #[test]
    fn create_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2024/new.md");
        create_new(&path, b"first").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"first");
        let err = create_new(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert_eq!(
            file_names(&dir.path().join("2024")),
            ["new.md"],
            "no temp files left"
        );
    }

    #[test]
    fn temporary_files_are_recognised_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = temp_file_in(dir.path()).unwrap();
        let name = tmp.path().file_name().unwrap().to_str().unwrap();
        assert!(is_temp_name(name), "{name}");
        for other in ["atom.xml", ".communique-notes", "x.tmp", ".communique"] {
            assert!(!is_temp_name(other), "{other}");
        }
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
        let folders = Folders::default();
        let batch = dir.path().join("new/page/index.html");
        prepare_in(&folders, &batch, b"x")
            .unwrap()
            .commit()
            .unwrap();
        let mode = fs::metadata(&batch).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "a batch's file too");
    }

    #[cfg(unix)]
    #[test]
    fn the_umask_is_read_from_the_status_text() {
        let status = "Name:\tcommunique\nUmask:\t0022\nState:\tR (running)\n";
        assert_eq!(umask_of_status(status), Some(0o022));
        assert_eq!(umask_of_status("Umask:\t0077\n"), Some(0o077));
        assert_eq!(umask_of_status("Name:\tx\n"), None);
        assert_eq!(umask_of_status("Umask:\tzz\n"), None);
    }

    #[test]
    fn a_batch_compares_only_files_in_folders_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write_if_changed(&d.join("old/same.xml"), b"same").unwrap();
        write_if_changed(&d.join("old/changed.xml"), b"before").unwrap();
        let folders = Folders::default();
        let outcome = |rel: &str, bytes: &[u8]| {
            let prepared = prepare_in(&folders, &d.join(rel), bytes).unwrap();
            prepared.commit().unwrap()
        };
        assert_eq!(outcome("old/same.xml", b"same"), Outcome::Unchanged);
        assert_eq!(outcome("old/changed.xml", b"after"), Outcome::Updated);
        assert_eq!(outcome("old/new.xml", b"new"), Outcome::Created);
        assert_eq!(outcome("a/b/c/deep.xml", b"deep"), Outcome::Created);
        assert_eq!(outcome("a/b/other.xml", b"other"), Outcome::Created);
        assert_eq!(outcome("top.xml", b"top"), Outcome::Created);
        assert!(folders.ensure(&d.join("a/b")).unwrap(), "made by the batch");
        assert!(!folders.ensure(&d.join("old")).unwrap(), "found");
        assert_eq!(fs::read(d.join("old/changed.xml")).unwrap(), b"after");
        assert_eq!(fs::read(d.join("a/b/c/deep.xml")).unwrap(), b"deep");
        assert_eq!(
            file_names(&d.join("a/b")),
            ["c", "other.xml"],
            "no temp files left"
        );
        // A file where a folder should be is an error, as `fs::create_dir_all` reports it.
        fs::write(d.join("file"), b"x").unwrap();
        assert!(prepare_in(&folders, &d.join("file/index.html"), b"x").is_err());
        assert!(prepare_in(&Folders::default(), &d.join("file/x/index.html"), b"x").is_err());
    }

    /// The early flush starts its thread (and so calls `syncfs`) only once the batch has
    /// written a step of bytes, told piece by piece by a streamed document as it is written:
    /// a small build never waits for other programs' dirty pages.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_early_flush_starts_at_a_step_of_bytes_told_as_they_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let early = EarlyFlush::for_batch(dir.path());
        let path = dir.path().join("feed/atom.xml");
        let mut sink = Streamed::new(&path).unwrap().reporting_to(&early);
        let piece = vec![b'x'; 1 << 20];
        sink.write_all(&piece).unwrap();
        assert_eq!(
            early.written.load(std::sync::atomic::Ordering::Relaxed),
            piece.len()
        );
        assert!(early.flusher.get().is_none(), "a few bytes start nothing");
        let steps = EARLY_FLUSH_STEP / piece.len();
        for _ in 1..steps {
            sink.write_all(&piece).unwrap();
        }
        assert!(
            matches!(early.flusher.get(), Some(Some(_))),
            "a step written starts the flushing thread before the document ends"
        );
        let (prepared, size) = sink.finish().unwrap();
        assert_eq!(size as usize, EARLY_FLUSH_STEP);
        early.finish();
        assert_eq!(prepared.commit().unwrap(), Outcome::Created);
        assert_eq!(
            fs::metadata(&path).unwrap().len() as usize,
            EARLY_FLUSH_STEP
        );
    }
}
