//! Stage 1a, **collect**: find the statement files under `items/`, read them, and split off their
//! front matter.
//!
//! The walk is sorted so that every later stage sees files in the same order on every machine.
//! Text is cleaned once here (byte-order mark, CRLF, characters XML 1.0 forbids) so that nothing
//! downstream can emit a document a feed reader rejects.

pub(crate) mod front_matter;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use thiserror::Error;
use walkdir::WalkDir;

use crate::diag::Diagnostic;
pub use crate::types::format::Format;
pub use crate::types::limits::{self, Limits};
use crate::types::stamp::FileStamp;
pub use crate::types::text;
pub use front_matter::{FrontMatter, FrontMatterKind, Value};

/// A statement file as read from disk, before any interpretation of its body.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Where it is.
    pub path: PathBuf,
    /// The path as shown to the user.
    pub display: String,
    /// File name without extension(s) we understand: `2022-01-08-kazakhstan` for
    /// `2022-01-08-kazakhstan.md`.
    pub stem: String,
    pub format: Format,
    /// The parsed front matter, if the file has one.
    pub front_matter: Option<FrontMatter>,
    /// The body, with front matter removed.
    pub body: String,
    /// The 1-based file line on which `body` starts.
    pub body_line: usize,
    /// The file's stamp before it was read and the digest of the bytes read, when the walk
    /// was asked for them ([`Walk::digesting`]).
    pub(crate) read_as: Option<ReadAs>,
}

/// What a file was when it was read: its stamp before anything was read (the fingerprint's
/// walk's, else taken as the file was opened) and the digest of the bytes read. The item cache
/// keys the file's entry by them, without reading the file a second time; a change made
/// since the stamp moves the file's stamp from this one, so the next run reads it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReadAs {
    pub stamp: FileStamp,
    pub digest: u128,
}

/// How the bytes of a file read are digested for [`ReadAs`].
pub(crate) type DigestFn = fn(&[u8]) -> u128;

/// A problem that stops the whole run (as opposed to a [`Diagnostic`] about one file).
#[derive(Debug, Error)]
pub enum CollectError {
    #[error("the items folder does not exist or cannot be read: {source}")]
    ItemsDir {
        path: String,
        source: std::io::Error,
    },
}

impl crate::report::Located for CollectError {
    fn place(&self) -> crate::report::Place {
        let CollectError::ItemsDir { path, .. } = self;
        crate::report::Place::file(path)
    }
}

/// Everything `collect` found.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Statement files the caller's `reuse` hook took over unread (`collect_with`): each with
    /// the number of `files` read before it, so the two lists merge back into walk order.
    pub reused: Vec<(usize, PathBuf)>,
    /// Every other file the walk found (not read): an item's attachments are among them, and
    /// what no item claims is reported by [`OtherFile::skipped`].
    pub others: Vec<OtherFile>,
}

/// A file under `items/` that is not a statement file: regular, or a link whose target is
/// inside the items folder (any other link was refused by the walk).
#[derive(Clone, Debug)]
pub struct OtherFile {
    /// Where the walk found it.
    pub path: PathBuf,
    /// Where to read from when `path` is a link.
    pub real: Option<PathBuf>,
    /// The path as shown to the user.
    pub shown: String,
}

impl OtherFile {
    /// The warning for a file that is neither a statement nor an item's attachment.
    pub fn skipped(&self) -> Diagnostic {
        Diagnostic::warning(
            &self.shown,
            None,
            "skipped: not a statement file (expected .md, .markdown or .txt)",
        )
    }
}

/// Walks `items_dir` and reads every statement file in a deterministic order.
///
/// `display` turns a path into what the user should see in messages. A link (to a file or a
/// folder) is followed only when its target is inside `items_dir`: anything else is an error
/// naming the link, and nothing behind it is read.
pub fn collect(
    items_dir: &Path,
    limits: &Limits,
    display: &(dyn Fn(&Path) -> String + Sync),
) -> Result<Collected, CollectError> {
    collect_with(items_dir, limits, display, &|_| false)
}

/// [`collect`], leaving unread every statement file for which `reuse(path)` says the caller
/// already knows what it holds (the item cache): such files go to [`Collected::reused`].
pub(crate) fn collect_with(
    items_dir: &Path,
    limits: &Limits,
    display: &(dyn Fn(&Path) -> String + Sync),
    reuse: &(dyn Fn(&Path) -> bool + Sync),
) -> Result<Collected, CollectError> {
    let reuse = |path: &Path, _: Option<Listed<'_>>| reuse(path);
    Ok(walk_with(items_dir, display, &reuse, None)?.read_in_shares(
        limits,
        usize::MAX,
        &mut |_, _| {},
    ))
}

/// A file of a listing made before `collect` ran (the no-op check's walk): its path under the
/// items folder, `/`-separated, and its stamp when it was listed.
pub(crate) type Listed<'a> = (&'a str, FileStamp);

/// The hook asked before a statement file is read: whether the caller already knows what it
/// holds. Given the file's [`Listed`] entry when the walk was handed a listing.
pub(crate) type Reuse<'a> = dyn Fn(&Path, Option<Listed<'_>>) -> bool + Sync + 'a;

/// What the walk of [`walk_with`] found, in walk order, before any file is read.
pub(crate) struct Walk {
    found: Vec<Found>,
    digest: Option<DigestFn>,
}

impl Walk {
    /// The walk, each file read also stamped and its bytes digested by `digest`
    /// ([`SourceFile::read_as`]).
    pub(crate) fn digesting(self, digest: DigestFn) -> Walk {
        Walk {
            digest: Some(digest),
            ..self
        }
    }

    /// The statement files found: those to read and those the `reuse` hook took over.
    pub(crate) fn statement_paths(&self) -> impl Iterator<Item = &Path> {
        self.found.iter().filter_map(|f| match f {
            Found::File { path, .. } | Found::Reused(path) => Some(path.as_path()),
            _ => None,
        })
    }

    /// The statement files to read.
    pub(crate) fn to_read(&self) -> usize {
        self.found
            .iter()
            .filter(|f| matches!(f, Found::File { .. }))
            .count()
    }

    /// Reads the files found, `share` statement files at a time (each share on every core),
    /// and hands each share's files, with the diagnostics of its part of the walk, to `each`
    /// as soon as they are read: a caller that is done with their texts there drops them, so
    /// that a large folder's texts are never all held at once. Files and diagnostics keep
    /// the walk's order.
    pub(crate) fn read_in_shares(
        self,
        limits: &Limits,
        share: usize,
        each: &mut dyn FnMut(&mut [SourceFile], &[Diagnostic]),
    ) -> Collected {
        let mut out = Collected::default();
        // Sized once: grown share by share, the files read (their texts held elsewhere) were
        // copied at each doubling, on the one thread that reads the shares in turn.
        out.files.reserve(self.to_read());
        let mut found = self.found.into_iter().peekable();
        let digest = self.digest;
        while found.peek().is_some() {
            // The next part of the walk, up to its `share`-th file to read: a file's own
            // diagnostics from the walk come before it, so they are in its part.
            let mut files = 0;
            // Sized for the rest of the walk (a bound): after a few changes, the first part is
            // nearly the whole walk, and growing it copied 10,000 entries a dozen times.
            let mut part = Vec::with_capacity(found.len());
            while files < share.max(1) {
                let Some(next) = found.next() else { break };
                files += usize::from(matches!(next, Found::File { .. }));
                part.push(next);
            }
            let start = (out.files.len(), out.diagnostics.len());
            read_all(part, limits, digest, &mut out);
            each(&mut out.files[start.0..], &out.diagnostics[start.1..]);
        }
        out
    }
}

/// Walks `items_dir` as [`collect_with`] does, reading nothing yet ([`Walk::read_in_shares`]
/// reads the files).
///
/// `listing`: every regular file under `items_dir` in this walk's order, as a walk of this run
/// that met no link, no unreadable entry and no name that is not UTF-8 found them
/// (`cache::ItemStamps::listing`): the folders are then not listed again. Such a walk finds
/// what this one would (hidden names skipped, links refused or followed only inside, other
/// entries than files and folders left out), so the files, their order and the diagnostics
/// are the same (`state::tests`).
pub(crate) fn walk_with(
    items_dir: &Path,
    display: &(dyn Fn(&Path) -> String + Sync),
    reuse: &Reuse<'_>,
    listing: Option<&[(String, FileStamp)]>,
) -> Result<Walk, CollectError> {
    let items_error = |source| CollectError::ItemsDir {
        path: display(items_dir),
        source,
    };
    std::fs::read_dir(items_dir).map_err(items_error)?;
    if let Some(listing) = listing {
        return Ok(walk_listed(items_dir, display, reuse, listing));
    }
    let root = items_dir.canonicalize().map_err(items_error)?;
    let mut found: Vec<Found> = Vec::new();
    let mut walker = WalkDir::new(items_dir)
        .follow_links(true)
        // By name, compared as whole paths: siblings share their folder's path, so the order
        // is the names' order, without `Path::file_name` parsing both paths on every
        // comparison (a twentieth of a build after one change, at 10,000 items).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| escape_controls(&display(p)))
                    .unwrap_or_else(|| display(items_dir));
                found.push(Found::Diagnostic(Diagnostic::error(
                    &path,
                    None,
                    format!("cannot read: {}", io_message(&err)),
                )));
                continue;
            }
        };
        let path = entry.path();
        // Made only for files that are reported or read: a file the item cache answers for
        // keeps the name it was shown by (one `getcwd` a file saved at 10,000 items).
        let shown = || escape_controls(&display(path));
        // Where to read from: the link's target once it is known to stay inside.
        let real = if entry.path_is_symlink() && entry.depth() > 0 {
            match inside(&root, path) {
                Ok(real) => Some(real),
                Err(refused) => {
                    let message = match refused {
                        Refused::Outside(real) => format!(
                            "is a link to {}, outside the items folder: not read (links must \
                             point inside the items folder)",
                            display(&real)
                        ),
                        Refused::Unresolved(err) => format!("cannot read: {err}"),
                    };
                    found.push(Found::Diagnostic(Diagnostic::error(
                        &shown(),
                        None,
                        message,
                    )));
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
        } else {
            None
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(diagnostic) = control_warning(path, &shown) {
            found.push(diagnostic);
        }
        found.push(found_file(path, real, &shown, reuse, None));
    }
    Ok(Walk {
        found,
        digest: None,
    })
}

/// [`walk_with`] over a listing made before: no folder is listed and no link can be met.
fn walk_listed(
    items_dir: &Path,
    display: &(dyn Fn(&Path) -> String + Sync),
    reuse: &Reuse<'_>,
    listing: &[(String, FileStamp)],
) -> Walk {
    // On every core: each file's path, the path messages show and the cache's word on it were
    // a stretch on one core at 10,000 files, the other idle, before any file was read.
    let per_file: Vec<(Option<Found>, Found)> = listing
        .par_iter()
        .map(|(rel, stamp)| {
            // `items_dir` joined with `rel` as walkdir joins names, in one allocation.
            let mut path = PathBuf::with_capacity(items_dir.as_os_str().len() + 1 + rel.len());
            path.push(items_dir);
            path.push(rel);
            let shown = || escape_controls(&display(&path));
            let warning = control_warning(&path, &shown);
            let file = found_file(&path, None, &shown, reuse, Some((rel, *stamp)));
            (warning, file)
        })
        .collect();
    let mut found = Vec::with_capacity(listing.len());
    for (warning, file) in per_file {
        found.extend(warning);
        found.push(file);
    }
    Walk {
        found,
        digest: None,
    }
}

/// The warning for a file name holding a control character, if it does.
fn control_warning(path: &Path, shown: &dyn Fn() -> String) -> Option<Found> {
    let name = control_in_name(path)?;
    Some(Found::Diagnostic(Diagnostic::warning(
        &shown(),
        None,
        format!(
            "the file name holds the control character U+{:04X} (shown escaped): rename the \
             file",
            name as u32
        ),
    )))
}

/// What the walk makes of a regular file at `path` (read from `real` when it is a link): a
/// statement file to read, one `reuse` takes over, or another file.
fn found_file(
    path: &Path,
    real: Option<PathBuf>,
    shown: &dyn Fn() -> String,
    reuse: &Reuse<'_>,
    listed: Option<Listed<'_>>,
) -> Found {
    let Some(format) = Format::from_path(path) else {
        return Found::Other(OtherFile {
            path: path.to_owned(),
            real,
            shown: shown(),
        });
    };
    if reuse(path, listed) {
        return Found::Reused(path.to_path_buf());
    }
    Found::File {
        path: path.to_owned(),
        shown: shown(),
        format,
        real,
        listed: listed.map(|(_, stamp)| stamp),
    }
}

/// What the walk found, in walk order: a problem to report, or a statement file to read.
enum Found {
    Diagnostic(Diagnostic),
    /// A file the item cache already knows: not read (see [`Collected::reused`]).
    Reused(PathBuf),
    /// Not a statement file: not read (see [`Collected::others`]).
    Other(OtherFile),
    File {
        path: PathBuf,
        shown: String,
        format: Format,
        /// Where to read from when `path` is a link.
        real: Option<PathBuf>,
        /// The file's stamp as the fingerprint's walk found it ([`walk_listed`]), before this
        /// run read any file: the read takes it rather than stamping the file again.
        listed: Option<FileStamp>,
    },
}

/// What reading one [`Found`] gave.
enum Read {
    File(SourceFile),
    Reused(PathBuf),
    Other(OtherFile),
    Nothing,
    /// A statement file whose bytes were not in memory: the disk was asked for them, and the
    /// file is read once the others are ([`read_all`]).
    Later(Found),
}

/// Whether a file's read may wait for the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    /// It may: the bytes are read, from the disk if need be.
    ForDisk,
    /// It may not: bytes the system does not hold in memory are asked of the disk and left
    /// for later (Linux, `RWF_NOWAIT`; elsewhere the read waits).
    NotForDisk,
    /// Every file is left for later (tests of the second pass).
    #[cfg(test)]
    Never,
}

/// Reads every file found, on every core, adding them to `out` in the walk's order, files and
/// diagnostics.
///
/// Two passes. The first reads the files whose bytes the system holds in memory and, for the
/// others, asks the disk for them and goes on ([`Wait::NotForDisk`]); the second reads those,
/// by then in memory or on their way. With a read that waits for each file in turn, two cores
/// wait for one file each: a cold file (a cron run, or a page cache the system trimmed since
/// the last run) held a core idle for the disk's whole round trip, one file after another.
fn read_all(found: Vec<Found>, limits: &Limits, digest: Option<DigestFn>, out: &mut Collected) {
    read_all_first(found, limits, digest, out, Wait::NotForDisk);
}

/// [`read_all`], its first pass reading as `first` says. Returns how many files the first
/// pass left for the second.
fn read_all_first(
    found: Vec<Found>,
    limits: &Limits,
    digest: Option<DigestFn>,
    out: &mut Collected,
    first: Wait,
) -> usize {
    let folders = open_folders(&found);
    let mut read: Vec<(Read, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|found| read_found(found, &folders, limits, digest, first))
        .collect();
    let later: Vec<(usize, Found)> = read
        .iter_mut()
        .enumerate()
        .filter(|(_, (r, _))| matches!(r, Read::Later(_)))
        .filter_map(|(i, (r, _))| match std::mem::replace(r, Read::Nothing) {
            Read::Later(found) => Some((i, found)),
            _ => None,
        })
        .collect();
    let waited = later.len();
    if waited > 0 {
        tracing::debug!(files = waited, "files not in memory read after the others");
        let again: Vec<(usize, (Read, Vec<Diagnostic>))> = later
            .into_par_iter()
            .map(|(i, found)| {
                (
                    i,
                    read_found(found, &folders, limits, digest, Wait::ForDisk),
                )
            })
            .collect();
        for (i, r) in again {
            read[i] = r;
        }
    }
    for (read, diagnostics) in read {
        match read {
            Read::File(file) => out.files.push(file),
            Read::Reused(path) => out.reused.push((out.files.len(), path)),
            Read::Other(other) => out.others.push(other),
            Read::Nothing => {}
            // The second pass reads every file it is given: none is left for a third.
            Read::Later(Found::File { shown, .. }) => out.diagnostics.push(Diagnostic::error(
                &shown,
                None,
                "cannot read: the file was left unread",
            )),
            Read::Later(_) => {}
        }
        out.diagnostics.extend(diagnostics);
    }
    waited
}

/// Reads one [`Found`] (a statement file as `wait` allows).
fn read_found(
    found: Found,
    folders: &Folders,
    limits: &Limits,
    digest: Option<DigestFn>,
    wait: Wait,
) -> (Read, Vec<Diagnostic>) {
    let (path, shown, format, real, listed) = match found {
        Found::Diagnostic(diagnostic) => return (Read::Nothing, vec![diagnostic]),
        Found::Reused(path) => return (Read::Reused(path), Vec::new()),
        Found::Other(other) => return (Read::Other(other), Vec::new()),
        Found::File {
            path,
            shown,
            format,
            real,
            listed,
        } => (path, shown, format, real, listed),
    };
    let mut diagnostics = Vec::new();
    // A link is read where it leads (a real path: its folder is opened only when it is one of
    // the walk's own, and then it is the same folder).
    let at = real.as_deref().unwrap_or(&path);
    let file = match read_limited(at, folders, limits, wait, listed) {
        Ok(Some((bytes, stamp))) => {
            let file = read_file(&path, shown, format, &bytes, limits, &mut diagnostics);
            let read_as = digest.zip(stamp).map(|(digest, stamp)| ReadAs {
                stamp,
                digest: digest(&bytes),
            });
            file.map(|file| SourceFile { read_as, ..file })
        }
        Ok(None) => {
            let found = Found::File {
                path,
                shown,
                format,
                real,
                listed,
            };
            return (Read::Later(found), diagnostics);
        }
        Err(message) => {
            diagnostics.push(Diagnostic::error(&shown, None, message));
            None
        }
    };
    (file.map_or(Read::Nothing, Read::File), diagnostics)
}

/// Why a link is not followed.
enum Refused {
    /// It resolves to this path, outside the items folder.
    Outside(PathBuf),
    /// It cannot be resolved (a loop, a missing target).
    Unresolved(std::io::Error),
}

/// The real path of `link` when it resolves inside `root`.
fn inside(root: &Path, link: &Path) -> Result<PathBuf, Refused> {
    match link.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(real),
        Ok(real) => Err(Refused::Outside(real)),
        Err(err) => Err(Refused::Unresolved(err)),
    }
}

/// A file's bytes, and its stamp before they were read, when it could be taken.
type Bytes = (Vec<u8>, Option<FileStamp>);

/// Reads at most `limits.max_file_bytes` (plus one, to tell a bigger file), so a huge or
/// growing file costs no more than the limit. Returns the bytes and the file's stamp before
/// anything was read (when it could be taken): `listed`, the stamp the fingerprint's walk took
/// before this run read any file, else the file's as it was opened. A change made after that
/// stamp changes the stamp the next run finds, which then reads the file again. `None` when
/// `wait` did not allow waiting for the disk and the bytes were not in memory: the file is
/// closed (opened again when it is read).
///
/// The walk's stamp spares a `fstat` per file: the size it gives only sizes the first read
/// (a file that grew or shrank since is still read to its end, [`read_sized`]) and the limit
/// is checked again on the bytes read.
fn read_limited(
    path: &Path,
    folders: &Folders,
    limits: &Limits,
    wait: Wait,
    listed: Option<FileStamp>,
) -> Result<Option<Bytes>, String> {
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    #[cfg(test)]
    if wait == Wait::Never {
        return Ok(None);
    }
    let file = open_item(path, folders).map_err(cannot)?;
    let stamp = listed.or_else(|| file.metadata().ok().as_ref().map(FileStamp::of));
    let size = stamp.map_or(0, |s| s.size);
    limits.check_file_size(size)?;
    let Some(bytes) = read_sized(&file, size, limits.max_file_bytes + 1, wait).map_err(cannot)?
    else {
        return Ok(None);
    };
    limits.check_file_size(bytes.len() as u64)?;
    Ok(Some((bytes, stamp)))
}

/// The folders of the files a share reads, each opened once (by [`open_folders`]), so that
/// their files are opened relative to them rather than by a path walked from the root; by
/// their paths' bytes (hashing a `Path` walks its components).
#[cfg(any(target_os = "linux", target_os = "android"))]
type Folders = FxHashMap<std::ffi::OsString, std::os::fd::OwnedFd>;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
type Folders = FxHashMap<std::ffi::OsString, ()>;

/// The fewest files of a share a folder must hold to be opened for them: opening it costs what
/// walking its path costs a few files.
const FOLDER_FILES: usize = 8;

/// The most folders a share holds open: well under the usual limit of 1,024 open files, so
/// that a folder per statement (or per day) cannot leave the reads none to open. The files of
/// the other folders are opened by their whole path.
const FOLDERS_OPEN: usize = 64;

/// The folders holding [`FOLDER_FILES`] or more of the files among `found` read by their own
/// path (not through a link), at most [`FOLDERS_OPEN`] of them. A folder that cannot be opened
/// is left out: its files are opened by their whole path.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_folders(found: &[Found]) -> Folders {
    let mut counts: FxHashMap<&std::ffi::OsStr, usize> = FxHashMap::default();
    for f in found {
        if let Found::File {
            path, real: None, ..
        } = f
        {
            if let Some(parent) = path.parent() {
                *counts.entry(parent.as_os_str()).or_default() += 1;
            }
        }
    }
    // The fullest folders first, so that the cap leaves out the ones that save least.
    let mut counts: Vec<(&std::ffi::OsStr, usize)> = counts
        .into_iter()
        .filter(|(_, files)| *files >= FOLDER_FILES)
        .collect();
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .into_iter()
        .take(FOLDERS_OPEN)
        .filter_map(|(folder, _)| {
            let fd = crate::types::stamp::open_folder(rustix::fs::CWD, folder).ok()?;
            Some((folder.to_owned(), fd))
        })
        .collect()
}

/// Elsewhere every file is opened by its whole path.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn open_folders(_: &[Found]) -> Folders {
    Folders::default()
}

/// Opens the file at `path` for reading: from its open folder when `folders` holds it, else by
/// the whole path. Never through a link in its last part ([`open_not_following`]).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_item(path: &Path, folders: &Folders) -> std::io::Result<std::fs::File> {
    let folder = path.parent().and_then(|p| folders.get(p.as_os_str()));
    match folder.zip(path.file_name()) {
        Some((folder, name)) => {
            use rustix::fs::{openat, Mode, OFlags};
            let fd = openat(
                folder,
                name,
                OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
                Mode::empty(),
            )?;
            Ok(std::fs::File::from(fd))
        }
        None => open_not_following(path),
    }
}

/// Opens the file at `path` for reading, by its whole path.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn open_item(path: &Path, _: &Folders) -> std::io::Result<std::fs::File> {
    open_not_following(path)
}

/// Opens `path` for reading, refusing a link as its last part (where the system can tell).
/// The walk found a file there, or a link it resolved to this path, which is no link: a link
/// there now was put in place of the file since, and is not followed out of the items folder.
fn open_not_following(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let no_follow = rustix::fs::OFlags::NOFOLLOW.bits();
        options.custom_flags(i32::try_from(no_follow).unwrap_or_default());
    }
    options.open(path)
}

/// Reads `file` to its end, or to `most` bytes, knowing it held `size` bytes when it was
/// stamped. Asked for one byte more than that, a file still that size is read in one call: a
/// short read ending at its size is its end. (`read_to_end` asks once more, to be told 0: a
/// system call more for every item.) A file that has grown is read on to its end; one that
/// grows while it is read may be cut at the size it was stamped at, and its stamp, taken
/// before the read, tells the next run to read it again. `None` when `wait` is
/// [`Wait::NotForDisk`] and the system does not hold the file's first bytes in memory: it has
/// then been asked to read them from the disk ([`first_read_from_memory`]).
#[cfg(unix)]
fn read_sized(
    file: &std::fs::File,
    size: u64,
    most: u64,
    wait: Wait,
) -> std::io::Result<Option<Vec<u8>>> {
    let most = usize::try_from(most).unwrap_or(usize::MAX);
    let first = usize::try_from(size).map_or(most, |s| s.saturating_add(1).min(most));
    let mut bytes = Vec::with_capacity(first.max(1));
    #[cfg(target_os = "linux")]
    if wait == Wait::NotForDisk {
        match first_read_from_memory(file, &mut bytes, first) {
            FromMemory::NotThere => return Ok(None),
            FromMemory::Unknown => {}
            FromMemory::Read(read) => {
                if read == 0 || (read < first && bytes.len() as u64 == size) {
                    return Ok(Some(bytes));
                }
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = wait;
    while bytes.len() < most {
        if bytes.len() == bytes.capacity() {
            let room = most - bytes.len();
            bytes.reserve_exact(room.min(bytes.len().max(8192)));
        }
        let asked = bytes.capacity() - bytes.len();
        // At the bytes' end rather than the file's offset: the first read may have been a
        // `pread`, which leaves the offset where it was.
        let at = bytes.len() as u64;
        let read = match rustix::io::pread(file, rustix::buffer::spare_capacity(&mut bytes), at) {
            Ok(read) => read,
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        };
        if read == 0 || (read < asked && bytes.len() as u64 == size) {
            break;
        }
    }
    Ok(Some(bytes))
}

/// Reads `file` to its end, or to `most` bytes (`size`: its size when it was opened); never
/// left for later.
#[cfg(not(unix))]
fn read_sized(
    file: &std::fs::File,
    size: u64,
    most: u64,
    _: Wait,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(most)).unwrap_or(0));
    file.take(most).read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// What a first read that may not wait for the disk gave.
#[cfg(target_os = "linux")]
enum FromMemory {
    /// This many bytes, now in the buffer.
    Read(usize),
    /// Nothing: the bytes are not in memory, and the system was asked to read them.
    NotThere,
    /// Nothing: the system would not read without waiting (another file system, an older
    /// kernel, a refusal); the file is read as usual.
    Unknown,
}

/// Reads up to `first` bytes from the start of `file` into the empty `bytes` if the system
/// holds them in memory (`preadv2` with `RWF_NOWAIT`). When it does not, the system is asked to
/// read the file (`posix_fadvise(WILLNEED)`, the page cache's readahead) and the call returns
/// at once: recent kernels start the readahead in the refused read itself, older ones (from
/// 5.8) do no I/O for it, so the advice is what asks the disk there. The advice does not wait
/// for the disk either.
#[cfg(target_os = "linux")]
fn first_read_from_memory(file: &std::fs::File, bytes: &mut Vec<u8>, first: usize) -> FromMemory {
    use rustix::io::Errno;
    // `preadv2` reads into initialised memory only; the zeroes cost a few hundred nanoseconds
    // for a statement's few kilobytes.
    bytes.resize(first, 0);
    match read_start_without_waiting(file, bytes) {
        Ok(read) => {
            bytes.truncate(read);
            FromMemory::Read(read)
        }
        Err(Errno::AGAIN) => {
            bytes.clear();
            // Best effort: without it the second pass still reads the file, waiting.
            let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::WillNeed);
            FromMemory::NotThere
        }
        // Not supported here (`EOPNOTSUPP`, `ENOSYS`, `EINVAL`), or refused (a sandbox's
        // filter): a read that may wait gives the file, or the error to report.
        Err(_) => {
            bytes.clear();
            FromMemory::Unknown
        }
    }
}

/// Fills `bytes` from the start of `file` with what the system holds in memory, without
/// waiting for the disk (`preadv2` with `RWF_NOWAIT`): how many bytes were read, or `EAGAIN`
/// when the first of them are not in memory.
#[cfg(target_os = "linux")]
fn read_start_without_waiting(
    file: &std::fs::File,
    bytes: &mut [u8],
) -> Result<usize, rustix::io::Errno> {
    use rustix::io::{Errno, IoSliceMut, ReadWriteFlags};
    loop {
        let mut slices = [IoSliceMut::new(bytes)];
        match rustix::io::preadv2(file, &mut slices, 0, ReadWriteFlags::NOWAIT) {
            Err(Errno::INTR) => continue,
            other => return other,
        }
    }
}

/// The first control character in the file name, if any: such names break the `path:line:`
/// shape of messages and most shells, so they are reported.
fn control_in_name(path: &Path) -> Option<char> {
    if !may_hold_control(path.as_os_str().as_encoded_bytes()) {
        return None;
    }
    path.file_name()?
        .to_string_lossy()
        .chars()
        .find(|c| c.is_control())
}

/// Whether `bytes` (a path, UTF-8 where it is text) hold a byte that can begin a control
/// character: a C0 control or DEL (one byte each), or `0xC2`, the lead byte of the C1 controls
/// (U+0080 to U+009F). A byte that is not UTF-8 is read as U+FFFD, no control. One scan of the
/// path answers for nearly every file; splitting off its name (`Path::file_name` parses the
/// components from the end) and decoding it was 2,000 instructions a file, 22 M at 10,000.
/// The bytes are tested a block at a time ([`text::any_byte_in`]): one at a time, the scan was
/// a thousand instructions a file, 10 M at 10,000, on the one thread that walks.
fn may_hold_control(bytes: &[u8]) -> bool {
    text::any_byte_in(bytes, |b| b < 0x20 || b == 0x7f || b == 0xc2)
}

/// `s` with control characters (a newline in a file name, say) written as escapes, so that a
/// message stays on one line.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn io_message(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// Files and folders whose name starts with `.` are not items (the build state fingerprint walks
/// by the same rule).
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Turns the bytes of one file into a [`SourceFile`], or `None` with an error diagnostic.
pub fn read_file(
    path: &Path,
    display: String,
    format: Format,
    bytes: &[u8],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let refuse = |diagnostics: &mut Vec<Diagnostic>, e: limits::Exceeded| {
        diagnostics.push(Diagnostic::error(&display, Some(e.line), e.message));
    };
    if let Err(message) = limits.check_file_size(bytes.len() as u64) {
        diagnostics.push(Diagnostic::error(&display, None, message));
        return None;
    }
    if let Err(e) = limits.check_lines(bytes) {
        refuse(diagnostics, e);
        return None;
    }
    let text = match text::decode(bytes) {
        Ok(text) => text,
        Err(line) => {
            diagnostics.push(Diagnostic::error(
                &display,
                Some(line),
                "not valid UTF-8: save the file as UTF-8",
            ));
            return None;
        }
    };
    let boms = text.chars().take_while(|&c| c == '\u{FEFF}').count();
    if boms > 0 {
        diagnostics.push(Diagnostic::warning(
            &display,
            Some(1),
            format!(
                "the file starts with {} byte-order marks; the extra ones were removed (save the \
                 file as UTF-8 without them)",
                boms + 1
            ),
        ));
    }
    let text = text::clean(text.trim_start_matches('\u{FEFF}'), |line, ch| {
        diagnostics.push(Diagnostic::warning(
            &display,
            Some(line),
            format!(
                "removed character U+{:04X}, which XML 1.0 does not allow",
                ch as u32
            ),
        ));
    });
    let (front_matter, body, body_line) = match front_matter::split(&text) {
        Ok(split) => split,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(&display, Some(e.line), e.message)
                    .with_span(e.span)
                    .with_code("front-matter-syntax"),
            );
            return None;
        }
    };
    if let Some(raw) = &front_matter {
        if let Err(e) = limits.check_front_matter(raw.text, raw.first_line) {
            refuse(diagnostics, e);
            return None;
        }
    }
    if format == Format::Markdown {
        if let Err(e) = limits.check_markdown(body, body_line) {
            refuse(diagnostics, e);
            return None;
        }
    }
    let front_matter = match front_matter {
        Some(raw) => match raw.parse() {
            Ok(fm) => Some(fm),
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(&display, Some(e.line), e.message)
                        .with_span(e.span)
                        .with_code("front-matter-syntax"),
                );
                return None;
            }
        },
        None => None,
    };
    Some(SourceFile {
        path: path.to_path_buf(),
        stem: stem_of(path),
        display,
        format,
        front_matter,
        body: body.to_owned(),
        body_line,
        read_as: None,
    })
}

/// The file name without its (format) extension.
pub fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer without the scan: the name's first control character.
    fn control_in_name_read_whole(path: &Path) -> Option<char> {
        path.file_name()?
            .to_string_lossy()
            .chars()
            .find(|c| c.is_control())
    }

    /// A file is read whole whatever size it was stat'ed at (grown, shrunk, the same), up to
    /// the limit, and opened the same from its folder or by its path.
    #[test]
    fn a_file_is_read_whole_whatever_its_size_was_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text: Vec<u8> = (0..20_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        // Enough files of the folder in the share for it to be opened (where folders are).
        let found: Vec<Found> = (0..FOLDER_FILES)
            .map(|i| Found::File {
                path: dir.path().join(format!("{i}.md")),
                shown: format!("{i}.md"),
                format: Format::Markdown,
                real: None,
                listed: None,
            })
            .collect();
        let folders = open_folders(&found);
        assert_eq!(
            folders.len(),
            usize::from(cfg!(any(target_os = "linux", target_os = "android")))
        );
        assert!(open_folders(&found[1..]).is_empty());
        // Just written, the file is in memory: a read that may not wait for the disk reads it
        // as one that may.
        for wait in [Wait::ForDisk, Wait::NotForDisk] {
            for folders in [&folders, &Folders::default()] {
                for size in [0, 1, 100, 8191, 19_999, 20_000, 20_001, 1 << 20] {
                    let file = open_item(&path, folders).unwrap();
                    let whole = read_sized(&file, size, 1 << 30, wait).unwrap();
                    assert_eq!(whole.as_deref(), Some(&text[..]), "{size} {wait:?}");
                    let file = open_item(&path, folders).unwrap();
                    let most = read_sized(&file, size, 12_345, wait).unwrap();
                    assert_eq!(most.as_deref(), Some(&text[..12_345]), "{size} {wait:?}");
                }
            }
            let empty = dir.path().join("empty.md");
            std::fs::write(&empty, b"").unwrap();
            let file = open_item(&empty, &Folders::default()).unwrap();
            let read = read_sized(&file, 0, 100, wait).unwrap();
            assert_eq!(read.as_deref(), Some(&b""[..]), "{wait:?}");
        }
    }

    /// A file the fingerprint's walk listed carries the walk's stamp, not one of its own (a
    /// stamp taken before anything was read, whatever the file became since), and is read
    /// whole; a file the walk did not list is stamped as it is opened.
    #[test]
    fn a_listed_file_keeps_the_stamp_the_walk_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "grown since the walk").unwrap();
        let limits = Limits::default();
        let walked = FileStamp {
            size: 5,
            inode: 7,
            mtime_ns: 1,
            ctime_ns: 2,
        };
        let (bytes, stamp) = read_limited(
            &path,
            &Folders::default(),
            &limits,
            Wait::ForDisk,
            Some(walked),
        )
        .unwrap()
        .unwrap();
        assert_eq!(bytes, b"grown since the walk");
        assert_eq!(stamp, Some(walked));
        let (bytes, stamp) = read_limited(&path, &Folders::default(), &limits, Wait::ForDisk, None)
            .unwrap()
            .unwrap();
        assert_eq!(bytes, b"grown since the walk");
        assert_eq!(stamp, Some(FileStamp::read(&path).unwrap()));
    }

    /// Flushes `path` and drops its bytes from memory (where the file system keeps them on a
    /// disk: a file in memory, on tmpfs, stays).
    #[cfg(target_os = "linux")]
    fn drop_from_memory(path: &Path) {
        let file = std::fs::File::open(path).unwrap();
        file.sync_all().unwrap();
        rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
    }

    /// `file`'s first `size` bytes if all are in memory, asked with one read that may not wait
    /// and gives no advice.
    #[cfg(target_os = "linux")]
    fn whole_without_waiting(file: &std::fs::File, size: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0; size];
        (read_start_without_waiting(file, &mut bytes) == Ok(size)).then_some(bytes)
    }

    /// Whether, in `dir`'s file system, a first read finds a file dropped from memory not
    /// there (a disk, and a kernel with no-wait reads): where it does not, nothing is ever
    /// left for the second pass.
    #[cfg(target_os = "linux")]
    fn first_reads_tell_in_memory(dir: &Path) -> bool {
        let probe = dir.join("probe.bin");
        std::fs::write(&probe, vec![b'x'; 50_000]).unwrap();
        drop_from_memory(&probe);
        let file = std::fs::File::open(&probe).unwrap();
        let told = matches!(
            first_read_from_memory(&file, &mut Vec::new(), 4096),
            FromMemory::NotThere
        );
        std::fs::remove_file(&probe).unwrap();
        told
    }

    /// A file whose bytes the system dropped from memory: a read that may not wait for the
    /// disk gives nothing (where the file system can tell: on a disk, not in memory) and has
    /// asked the disk for them, so that they come into memory with no read waiting for them;
    /// a read that may wait gives them all.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_not_in_memory_is_left_for_later_then_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text: Vec<u8> = (0..50_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        drop_from_memory(&path);
        let file = std::fs::File::open(&path).unwrap();
        let size = text.len() as u64;
        let first = read_sized(&file, size, 1 << 30, Wait::NotForDisk).unwrap();
        if first.is_none() {
            // No read here waits, nor gives advice: the bytes arrive because the first read
            // asked the disk for them (recent kernels start the readahead in a refused no-wait
            // read as well, so there this shows the disk was asked, not which call asked it).
            let start = std::time::Instant::now();
            let arrived = loop {
                if let Some(bytes) = whole_without_waiting(&file, text.len()) {
                    break bytes;
                }
                assert!(
                    start.elapsed() < std::time::Duration::from_secs(20),
                    "the disk was never asked for the file"
                );
                std::thread::sleep(std::time::Duration::from_millis(5));
            };
            assert_eq!(arrived, text);
        } else {
            eprintln!("the file stayed in memory (a file system in memory, or no no-wait reads here): the first pass read it");
            assert_eq!(first.as_deref(), Some(&text[..]));
        }
        drop_from_memory(&path);
        let whole = read_sized(&file, size, 1 << 30, Wait::ForDisk).unwrap();
        assert_eq!(whole.as_deref(), Some(&text[..]));
    }

    /// Files left for later by the first pass are read by the second, in the walk's order, with
    /// their diagnostics where the walk had them: the same as reading each in turn.
    #[test]
    fn files_read_later_keep_the_walks_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut found = Vec::new();
        for i in 0..40 {
            let path = dir.path().join(format!("{i:02}.md"));
            let body = if i % 7 == 3 {
                // Front matter that does not parse: a diagnostic of its own.
                format!("+++\ntitle = \n+++\nItem {i}.\n")
            } else {
                format!("+++\ntitle = \"Item {i}\"\n+++\nItem {i}.\n")
            };
            std::fs::write(&path, body).unwrap();
            if i % 10 == 5 {
                found.push(Found::Diagnostic(Diagnostic::warning(
                    &format!("{i:02}.md"),
                    None,
                    "from the walk",
                )));
            }
            found.push(Found::File {
                path,
                shown: format!("{i:02}.md"),
                format: Format::Markdown,
                real: None,
                listed: None,
            });
        }
        found.push(Found::File {
            path: dir.path().join("missing.md"),
            shown: "missing.md".to_owned(),
            format: Format::Markdown,
            real: None,
            listed: None,
        });
        // A file the cache took over and another kind of file, between statement files.
        found.insert(12, Found::Reused(dir.path().join("cached.md")));
        found.insert(
            20,
            Found::Other(OtherFile {
                path: dir.path().join("photo.jpg"),
                real: None,
                shown: "photo.jpg".to_owned(),
            }),
        );
        let twin = |found: &[Found]| -> Vec<Found> {
            found
                .iter()
                .map(|f| match f {
                    Found::Diagnostic(d) => Found::Diagnostic(d.clone()),
                    Found::Reused(path) => Found::Reused(path.clone()),
                    Found::Other(other) => Found::Other(OtherFile {
                        path: other.path.clone(),
                        real: other.real.clone(),
                        shown: other.shown.clone(),
                    }),
                    Found::File {
                        path,
                        shown,
                        format,
                        real,
                        listed,
                    } => Found::File {
                        path: path.clone(),
                        shown: shown.clone(),
                        format: *format,
                        real: real.clone(),
                        listed: *listed,
                    },
                })
                .collect()
        };
        let limits = Limits::default();
        let waited = std::cell::Cell::new(0);
        let read = |first| {
            let mut out = Collected::default();
            waited.set(read_all_first(twin(&found), &limits, None, &mut out, first));
            let files: Vec<_> = out.files.iter().map(|f| f.display.clone()).collect();
            let diagnostics: Vec<_> = out.diagnostics.iter().map(|d| format!("{d:?}")).collect();
            let others: Vec<_> = out.others.iter().map(|o| o.shown.clone()).collect();
            (files, diagnostics, out.reused, others)
        };
        let whole = read(Wait::ForDisk);
        assert_eq!(whole.0.len(), 40 - 6);
        assert_eq!(whole.1.len(), 4 + 6 + 1, "{:#?}", whole.1);
        // Before 11 (00 to 10), but for 03 and 10, whose front matter does not parse.
        assert_eq!(whole.2, vec![(9, dir.path().join("cached.md"))]);
        assert_eq!(whole.3, vec!["photo.jpg".to_owned()]);
        assert_eq!(read(Wait::Never), whole);
        assert_eq!(waited.get(), 41, "every statement file waits, nothing else");
        assert_eq!(read(Wait::NotForDisk), whole);
        // Every third file dropped from memory (on a disk): the two passes mix.
        #[cfg(target_os = "linux")]
        {
            let told = first_reads_tell_in_memory(dir.path());
            for i in (0..40).step_by(3) {
                drop_from_memory(&dir.path().join(format!("{i:02}.md")));
            }
            assert_eq!(read(Wait::NotForDisk), whole);
            if told {
                assert!(waited.get() > 0, "no file waited for the second pass");
            } else {
                eprintln!("no file left for the second pass here: the two passes did not mix");
            }
        }
    }

    /// A file the walk found that is a link by the time it is read (put in its place since) is
    /// not followed: from its open folder or by its path, its read fails and nothing outside
    /// the items folder is read.
    #[cfg(unix)]
    #[test]
    fn a_link_put_in_place_of_a_file_after_the_walk_is_not_followed() {
        let items = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.md");
        std::fs::write(&secret, "outside the items folder").unwrap();
        let found: Vec<Found> = (0..FOLDER_FILES)
            .map(|i| {
                let path = items.path().join(format!("{i}.md"));
                std::fs::write(&path, format!("item {i}")).unwrap();
                Found::File {
                    path,
                    shown: format!("{i}.md"),
                    format: Format::Markdown,
                    real: None,
                    listed: None,
                }
            })
            .collect();
        let folders = open_folders(&found);
        let swapped = items.path().join("0.md");
        std::fs::remove_file(&swapped).unwrap();
        std::os::unix::fs::symlink(&secret, &swapped).unwrap();
        let limits = Limits::default();
        for wait in [Wait::ForDisk, Wait::NotForDisk] {
            for folders in [&folders, &Folders::default()] {
                let read = read_limited(&swapped, folders, &limits, wait, None);
                assert!(read.is_err(), "{:?}", read.map(|r| r.map(|(b, _)| b)));
                let other = read_limited(&items.path().join("1.md"), folders, &limits, wait, None);
                assert_eq!(other.unwrap().unwrap().0, b"item 1");
            }
            // A link the walk resolved is read at its real path, which is no link.
            let real = read_limited(&secret, &Folders::default(), &limits, wait, None);
            assert_eq!(real.unwrap().unwrap().0, b"outside the items folder");
        }
    }

    #[test]
    fn control_characters_in_a_name_are_found_and_others_are_not() {
        for (name, control) in [
            ("a.md", None),
            ("a\nb.md", Some('\n')),
            ("a\tb.md", Some('\t')),
            ("a\u{7f}.md", Some('\u{7f}')),
            ("a\u{85}.md", Some('\u{85}')),
            ("a\u{9f}.md", Some('\u{9f}')),
            ("\u{a0}\u{a2}\u{c2}é.md", None),
        ] {
            let path = Path::new("/items/2026").join(name);
            assert_eq!(control_in_name(&path), control, "{name:?}");
        }
        // A control in a folder's name is the folder's to report, not the file's.
        assert_eq!(control_in_name(Path::new("/items/a\nb/c.md")), None);
    }

    proptest::proptest! {
        /// The scan never hides a control character reading the whole name finds.
        #[test]
        fn the_scan_answers_as_reading_the_whole_name(
            folder in "[a-z\u{0}-\u{a0}]{0,4}",
            name in "\\PC{0,3}[\u{0}-\u{a0}é¢]{0,4}\\PC{0,3}",
        ) {
            let path = Path::new("/items").join(folder).join(name);
            proptest::prop_assert_eq!(
                control_in_name(&path),
                control_in_name_read_whole(&path)
            );
        }
    }
}
