//! Build state: what `publish` remembers between runs so that a run with nothing to do is a
//! no-op that reads no item and writes nothing.
//!
//! The state file (`<state_dir>/state.bin`, postcard) records a **fingerprint of the inputs**
//! of the last successful run, the **stamps of the output files** it left, and its
//! diagnostics. A run is a no-op when the fingerprint it computes now equals the stored one and
//! every output file still has its stamp. The fingerprint never reads an item's content: it hashes
//!
//! - the state format and the binary (version, and the executable's size and mtime, so a rebuilt
//!   binary always rebuilds);
//! - the current folder (messages show paths relative to it) and the configuration file's path
//!   and bytes;
//! - for every file the walk of the items folder would visit (same rules as `collect`): its
//!   relative path, size, inode, mtime and ctime in nanoseconds;
//! - the current commit of the git work tree holding the items folder, if any (a commit can
//!   change the date of an item dated by its history without touching its file);
//! - the bytes of `first_seen.json` (small; it dates items that have no date anywhere else).
//!   A full run records new first-seen dates before it writes anything, so it stores its
//!   fingerprint [`Fingerprint::with_first_seen`] the table as the run left it.
//!
//! The ctime and inode catch edits that keep size and mtime (`touch -d`, `cp -p`, rsync
//! replacing a file). A file changed again in the same clock tick as the fingerprint saw it could
//! still look unchanged ("racy" in git's words), so a fingerprint with an input whose ctime is
//! within [`racy_window`] of the run is stored as *untrusted*: the next run does the full work
//! again, and trusts what it sees once the inputs are older than a clock tick.
//!
//! The walk lists the whole items folder, stats all its files at once on every core, then
//! hashes them in name order; it keeps each item file's stamp (`Fingerprint::stamps`), which
//! the item cache of the same run (under the same lock) takes instead of stat'ing every file a
//! second time.
//!
//! The no-op check reads the state file on a thread of its own while the inputs are walked
//! (`fingerprint_and_states`), and stats that state's output files on that thread too, so the
//! two sets of stats overlap; it stats them relative to open folders on Linux
//! (`relative`): a name lookup or two per file instead of the whole absolute path. Its stats
//! run on scoped threads that claim runs of them (`on_cores`), not on rayon's pool.
//!
//! The file is postcard (format 4; JSON before, `state.json`): magic, format and input digest
//! first, so a state of other inputs is dismissed by its first bytes; the fingerprint is 128-bit
//! XXH3 like the caches' (SipHash before). A state of another format is no state (a full run
//! once); the JSON files of before are removed by `invalidate` with the others.
//!
//! `build` keeps a state of its own (`<state_dir>/build-state.bin`, the same shape): a `build`
//! whose inputs and outputs match it, or match the state of the last `publish`, is a no-op too.
//! It stays apart from `state.bin`, which also vouches that the output was pushed: a `build`
//! never makes the next `publish` skip its push.
//!
//! Failure costs a full run, never a wrong answer: a missing, unreadable, corrupt or
//! other-version state file reads as "no state". The file is written atomically
//! (`crate::write::write_if_changed`), only after everything the run had to do succeeded, and
//! `invalidate`d before a full run writes anything.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cache::record::RecordDiagnostic;
use crate::cache::{Hash, ItemStamps};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::types::memo::Memo;
use crate::types::stamp::{nanos, FileStamp, OutputsSeen, StampsUnder};

/// The state file's name inside the state folder.
pub(crate) const STATE_FILE: &str = "state.bin";

/// The state file `build` writes (same shape; see the module documentation).
pub(crate) const BUILD_STATE_FILE: &str = "build-state.bin";

/// The names the state files had before format 4 (JSON): removed with the others by
/// [`invalidate`], and still proof of a finished run for [`any_saved`]; never read.
const LEGACY_FILES: [&str; 2] = ["state.json", "build-state.json"];

/// Bumped whenever the meaning of the state or the fingerprint changes (4: postcard instead of
/// JSON, XXH3-128 instead of SipHash-1-3).
const FORMAT: u32 = 4;

/// The first bytes of a state file: anything else is not one.
const MAGIC: &[u8; 8] = b"cmqstate";

/// How recent a file's ctime may be before the fingerprint cannot vouch for it (see
/// `types::stamp::racy_window`; public for the test harness, which waits it out).
pub fn racy_window(ctime_ns: i128) -> Duration {
    crate::types::stamp::racy_window(ctime_ns)
}

/// A fingerprint of everything a build reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// 128-bit XXH3 of the inputs, then of the first-seen table: 64 hex digits.
    pub digest: String,
    /// The first half of `digest`: everything but the first-seen table.
    base: String,
    /// How many files the items walk visited.
    pub files: usize,
    /// False when the fingerprint cannot vouch for the inputs (an input changed too recently to
    /// be told apart from a later change, or something could not be examined): such a state
    /// never makes a run a no-op.
    pub trusted: bool,
    /// Each item file's stamp as the walk found it, for the item cache (one walk, not two).
    pub(crate) stamps: ItemStamps,
    /// The output files the no-op check found with the stamps a state recorded, for the
    /// build's check of its documents (one stat of each, not two).
    pub(crate) outputs_seen: OutputsSeen,
}

/// Metadata of one output file, to notice a file deleted or edited behind communique's back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub size: u64,
    pub inode: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
}

/// The state file's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub format: u32,
    /// The binary that wrote it, for people reading the file.
    pub version: String,
    pub inputs: String,
    pub trusted: bool,
    /// Files the items walk visited.
    pub files: usize,
    /// Published items.
    pub items: usize,
    pub outputs: Vec<Stamp>,
    /// Every diagnostic of that run, so a no-op run reports exactly what a full run would.
    pub diagnostics: Vec<Diagnostic>,
    /// The soonest instant at which a run on the same files would do or say something else (an
    /// item that run held back, scheduled, is released; a warning about a date ahead of the
    /// clock ends: `Instance::next_change`): from then on the state no longer vouches for the
    /// output or the diagnostics, so the first run after it is a full one though no file
    /// changed.
    pub next_release: Option<DateTime<Utc>>,
    /// In which output folder, and whether, the state's outputs still had their stamps, checked
    /// on the state's reader thread while the inputs were walked ([`fingerprint_and_states`]):
    /// the no-op check then need not stat them again after the walk. Never saved.
    seen: Memo<(PathBuf, bool)>,
    /// Which outputs that check found with their stamps, one flag per output, kept even when it
    /// stopped early (the inputs turned out to be others): a build after an added item takes
    /// those stamps instead of stat'ing the same files again ([`OutputsSeen`]). Never saved.
    confirmed: Memo<Vec<bool>>,
}

impl State {
    /// The state of a run on the inputs of `fingerprint` that left `outputs` (kept sorted by
    /// path, the order the no-op check looks them up in).
    pub fn new(
        fingerprint: &Fingerprint,
        items: usize,
        mut outputs: Vec<Stamp>,
        diagnostics: Vec<Diagnostic>,
    ) -> State {
        if !outputs.is_sorted_by(|a, b| a.path <= b.path) {
            // On every core: 10,000 paths sorted on one were 8 M instructions at the end of a
            // build (no path is there twice: the plan names each document once).
            outputs.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        }
        State {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            inputs: fingerprint.digest.clone(),
            trusted: fingerprint.trusted,
            files: fingerprint.files,
            items,
            outputs,
            diagnostics,
            next_release: None,
            seen: Memo::new(),
            confirmed: Memo::new(),
        }
    }

    /// This state, remembering the soonest instant at which it stops standing for a run
    /// (`State::next_release`).
    pub(crate) fn releasing_at(self, next_release: Option<DateTime<Utc>>) -> State {
        State {
            next_release,
            ..self
        }
    }

    /// True when this state describes the current inputs and outputs exactly, and no item it
    /// held back is due at `now` (the run's clock), so nothing needs doing. `output_dir` is
    /// where the stamped files are.
    pub fn is_current(
        &self,
        fingerprint: &Fingerprint,
        output_dir: &Path,
        now: DateTime<Utc>,
    ) -> bool {
        if !(self.trusted && fingerprint.trusted && self.inputs == fingerprint.digest) {
            return false;
        }
        if self.next_release.is_some_and(|t| t <= now) {
            return false;
        }
        match self.seen.get() {
            Some((dir, unchanged)) if dir == output_dir => *unchanged,
            _ => outputs_unchanged(output_dir, &self.outputs, &|| true, None),
        }
    }

    /// Checks this state's outputs in `output_dir` now, for a later [`State::is_current`],
    /// while `wanted` holds: once it no longer does (the inputs turned out to be others than
    /// this state's), the check stops and nothing is remembered.
    fn see_outputs(&mut self, output_dir: &Path, wanted: &(dyn Fn() -> bool + Sync)) -> bool {
        let confirmed: Vec<AtomicBool> = self
            .outputs
            .iter()
            .map(|_| AtomicBool::new(false))
            .collect();
        let unchanged = outputs_unchanged(output_dir, &self.outputs, wanted, Some(&confirmed));
        self.confirmed
            .set(confirmed.into_iter().map(AtomicBool::into_inner).collect());
        if !wanted() {
            self.seen = Memo::new();
            return false;
        }
        self.seen.set((output_dir.to_path_buf(), unchanged));
        unchanged
    }
}

impl State {
    /// The outputs [`State::see_outputs`] found with their stamps, when it looked at any.
    fn into_outputs_seen(self) -> Option<OutputsSeen> {
        let confirmed = self.confirmed.get()?;
        let seen = self
            .outputs
            .into_iter()
            .zip(confirmed)
            .filter(|(_, &c)| c)
            .map(|(s, _)| {
                let stamp = FileStamp {
                    size: s.size,
                    inode: s.inode,
                    mtime_ns: s.mtime_ns,
                    ctime_ns: s.ctime_ns,
                };
                (s.path, stamp)
            })
            .collect();
        Some(OutputsSeen::new(seen))
    }
}

impl Stamp {
    /// True when `now` is the stamp this output file was left with.
    fn matches(&self, now: &FileStamp) -> bool {
        (self.size, self.inode, self.mtime_ns, self.ctime_ns)
            == (now.size, now.inode, now.mtime_ns, now.ctime_ns)
    }
}

/// True when every file of `outputs` (relative to `output_dir`) still has its stamp.
///
/// Tens of thousands of stats on a large instance, most of a no-op run: spread over the cores
/// ([`all_on_cores`]), and on Linux taken relative to open folders ([`relative`]), since looking
/// up the whole path of every file, component by component, was most of the system time they
/// cost.
///
/// Every output is stat'ed: a file edited in place (same inode, same folder) changes only its
/// own stamp, and a no-op must notice it (`tests/suite/ops_publish.rs`). Folder stamps would
/// catch deletes, renames and atomic replacements for a tenth of the stats, but not that.
///
/// Each thread gives up (false) as soon as `wanted` says the answer is no longer needed. Where
/// `confirmed` is given (a flag per output), the check relative to open folders sets the flag of
/// each output it found with its stamp.
fn outputs_unchanged(
    output_dir: &Path,
    outputs: &[Stamp],
    wanted: &(dyn Fn() -> bool + Sync),
    confirmed: Option<&[AtomicBool]>,
) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Some(unchanged) = relative::outputs_unchanged(output_dir, outputs, wanted, confirmed) {
        return unchanged;
    }
    let _ = confirmed;
    all_on_cores(outputs, |s| {
        wanted() && stamp(output_dir, &s.path).ok().as_ref() == Some(s)
    })
}

/// How many threads the no-op check's stats use: the cores this process may run on, read once
/// (std reads the affinity mask and the cgroup's quota for it, a few system calls).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1)
            .min(MAX_STAT_THREADS)
    })
}

/// More threads than this only queue on the same folder locks.
const MAX_STAT_THREADS: usize = 4;

/// How many threads to give `len` stats: at least [`STATS_AT_ONCE`] each.
fn threads_for(len: usize) -> usize {
    (len / STATS_AT_ONCE).clamp(1, cores())
}

/// `f` of each run of [`CLAIM`] elements of `items`, in order, on up to [`cores`] scoped
/// threads (this one included), each thread claiming the next run as it finishes one.
///
/// Hand-written on `std::thread::scope` rather than rayon: the no-op check is the only parallel
/// work of a no-op run, and rayon's pool (started for it, then idle) spun in `sched_yield` on
/// both cores while the other worked; a no-op run now starts no pool at all. Runs are claimed,
/// not dealt out in fixed shares: on a busy machine a helper thread may wait for a core, and
/// this thread then does its work instead of waiting for it. A thread that cannot be started
/// leaves its runs to the others.
fn on_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    on_threads(items, CLAIM, threads_for(items.len()), f)
}

/// [`on_cores`] with runs of `claim` elements on up to `threads` threads.
fn on_threads<T: Sync, R: Send>(
    items: &[T],
    claim: usize,
    threads: usize,
    f: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 {
        return items.chunks(claim).map(&f).collect();
    }
    let runs: Vec<&[T]> = items.chunks(claim).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(run) = runs.get(i) else {
                return done;
            };
            done.push((i, f(run)));
        }
    };
    let work = &work;
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("stat".to_owned())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// How many elements a thread of [`on_cores`] claims at a time.
const CLAIM: usize = 32;

/// `f` of every element of `items`, in order, spread over the cores ([`on_cores`]).
fn map_on_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let shares = on_cores(items, |share| share.iter().map(&f).collect::<Vec<R>>());
    shares.into_iter().flatten().collect()
}

/// Whether `f` holds for every element of `items`, spread over the cores ([`on_cores`]); every
/// thread stops at the first `false` any of them finds.
fn all_on_cores<T: Sync>(items: &[T], f: impl Fn(&T) -> bool + Sync) -> bool {
    let failed = AtomicBool::new(false);
    on_cores(items, |share| {
        for item in share {
            if failed.load(Ordering::Relaxed) {
                return;
            }
            if !f(item) {
                failed.store(true, Ordering::Relaxed);
                return;
            }
        }
    });
    !failed.load(Ordering::Relaxed)
}

/// The state file as stored (postcard: no field names, integers as varints). The magic, the
/// format and the input digest come first, so that a state of other inputs (every run after a
/// change) is told apart by its first bytes and not decoded further ([`Head`]).
#[derive(Serialize)]
struct Stored<'a> {
    magic: [u8; 8],
    format: u32,
    inputs: &'a str,
    version: &'a str,
    trusted: bool,
    files: u64,
    items: u64,
    outputs: &'a [Stamp],
    /// `Diagnostic`'s own serde form skips absent fields, which postcard cannot read back.
    diagnostics: Vec<RecordDiagnostic>,
    next_release: Option<DateTime<Utc>>,
}

/// [`Stored`], read back.
#[derive(Deserialize)]
struct Loaded {
    magic: [u8; 8],
    format: u32,
    inputs: String,
    version: String,
    trusted: bool,
    files: u64,
    items: u64,
    outputs: Vec<Stamp>,
    diagnostics: Vec<RecordDiagnostic>,
    next_release: Option<DateTime<Utc>>,
}

/// The first fields of [`Stored`].
#[derive(Deserialize)]
struct Head<'a> {
    magic: [u8; 8],
    format: u32,
    inputs: &'a str,
}

impl State {
    /// The state file's bytes, for [`save_encoded`] (made apart from the write, so that a run
    /// can make them while it writes something else).
    pub(crate) fn encoded(&self) -> io::Result<Vec<u8>> {
        postcard::to_stdvec(&Stored {
            magic: *MAGIC,
            format: FORMAT,
            inputs: &self.inputs,
            version: &self.version,
            trusted: self.trusted,
            files: self.files as u64,
            items: self.items as u64,
            outputs: &self.outputs,
            diagnostics: self
                .diagnostics
                .iter()
                .map(RecordDiagnostic::from_diagnostic)
                .collect(),
            next_release: self.next_release,
        })
        .map_err(io::Error::other)
    }

    /// The state of `bytes`; `None` unless they are a whole state file of this format.
    fn decode(bytes: &[u8]) -> Option<State> {
        let (loaded, rest) = postcard::take_from_bytes::<Loaded>(bytes).ok()?;
        if loaded.magic != *MAGIC || loaded.format != FORMAT || !rest.is_empty() {
            return None;
        }
        Some(State {
            format: loaded.format,
            version: loaded.version,
            inputs: loaded.inputs,
            trusted: loaded.trusted,
            files: usize::try_from(loaded.files).ok()?,
            items: usize::try_from(loaded.items).ok()?,
            outputs: loaded.outputs,
            diagnostics: loaded
                .diagnostics
                .into_iter()
                .map(RecordDiagnostic::into_diagnostic)
                .collect(),
            next_release: loaded.next_release,
            seen: Memo::new(),
            confirmed: Memo::new(),
        })
    }
}

/// The input digest a state file's bytes name, when they start as a state of this format does.
fn head_digest(bytes: &[u8]) -> Option<&str> {
    let (head, _) = postcard::take_from_bytes::<Head<'_>>(bytes).ok()?;
    (head.magic == *MAGIC && head.format == FORMAT).then_some(head.inputs)
}

/// Reads the state file; anything other than a well-formed state of this format is `None`.
/// (`publish` reads it with [`load_file_for`], decoded only when it stands for the inputs.)
#[cfg(test)]
pub(crate) fn load(state_dir: &Path) -> Option<State> {
    load_file(state_dir, STATE_FILE)
}

/// Reads the state file `name` ([`STATE_FILE`] or [`BUILD_STATE_FILE`]) of `state_dir`.
#[cfg(test)]
pub(crate) fn load_file(state_dir: &Path, name: &str) -> Option<State> {
    State::decode(&fs::read(state_dir.join(name)).ok()?)
}

/// The state file `name` of `state_dir`, when it may stand for a run on the inputs of
/// `fingerprint`: the file is decoded only when its head names that input digest.
pub(crate) fn load_file_for(
    state_dir: &Path,
    name: &str,
    fingerprint: &Fingerprint,
) -> Option<State> {
    read_for(state_dir, name, |head| head == fingerprint.digest)
}

/// The state file `name` of `state_dir`, decoded when `wanted` says yes to the input digest its
/// head names. Anything else (missing, unreadable, corrupt, another format) is `None`: a full run.
fn read_for(state_dir: &Path, name: &str, wanted: impl Fn(&str) -> bool) -> Option<State> {
    let path = state_dir.join(name);
    let bytes = fs::read(&path).ok()?;
    if !wanted(head_digest(&bytes)?) {
        return None;
    }
    let state = State::decode(&bytes);
    if state.is_none() {
        tracing::debug!(path = %path.display(), "state corrupt; full run");
    }
    state
}

/// The no-op check's reading, two things side by side: the fingerprint of the inputs (the walk
/// of the items folder) on this thread, and the state files `names` of the state folder read
/// and decoded on another. Returns the fingerprint and those states that stand for its inputs,
/// in the order of `names`.
///
/// A state is decoded unless the inputs' digest is already known and its head names another
/// (decoding 10,000 output stamps takes a millisecond or two, well within the walk's time).
/// The reader thread then stats the outputs of the first trusted state it decoded (of the next,
/// if they changed), while the walk still runs: a no-op run's two sets of stats, the inputs' and
/// the outputs', overlap instead of following each other. When the walk finds other inputs than
/// the state's, the outputs' stats stop there (an added item's build would otherwise stat every
/// output for nothing); the outputs found unchanged until then are kept in the fingerprint
/// (`Fingerprint::outputs_seen`), for `build`'s check of its documents.
pub(crate) fn fingerprint_and_states(config: &Config, names: &[&str]) -> (Fingerprint, Vec<State>) {
    let digest: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let (fingerprint, read) = std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("state".to_owned())
            .spawn_scoped(scope, || {
                let mut vouched = false;
                let states: Vec<Option<State>> = names
                    .iter()
                    .map(|name| {
                        let mut state = read_for(&config.state_dir, name, |head| {
                            digest.get().is_none_or(|d| d == head)
                        })?;
                        if !vouched && state.trusted {
                            // Until the walk has found other inputs than the state's.
                            let inputs = state.inputs.clone();
                            let wanted = || digest.get().is_none_or(|d| *d == inputs);
                            vouched = state.see_outputs(&config.output_dir, &wanted);
                        }
                        Some(state)
                    })
                    .collect();
                states
            });
        let fingerprint = fingerprint(config);
        let _ = digest.set(fingerprint.digest.clone());
        let read = match reader {
            Ok(reader) => reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => names
                .iter()
                .map(|name| load_file_for(&config.state_dir, name, &fingerprint))
                .collect(),
        };
        (fingerprint, read)
    });
    let mut fingerprint = fingerprint;
    let (states, others): (Vec<State>, Vec<State>) = read
        .into_iter()
        .flatten()
        .partition(|s| s.inputs == fingerprint.digest);
    fingerprint.outputs_seen = others
        .into_iter()
        .find_map(State::into_outputs_seen)
        .unwrap_or_default();
    (fingerprint, states)
}

/// Writes the state file atomically.
pub(crate) fn save(state_dir: &Path, state: &State) -> io::Result<()> {
    save_file(state_dir, STATE_FILE, state)
}

/// Writes the state file `name` of `state_dir` atomically.
pub(crate) fn save_file(state_dir: &Path, name: &str, state: &State) -> io::Result<()> {
    save_encoded(state_dir, name, &state.encoded()?)
}

/// Writes the state file `name` of `state_dir` atomically, as [`State::encoded`] gave it.
pub(crate) fn save_encoded(state_dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    crate::write::write_if_changed(&state_dir.join(name), bytes).map(|_| ())
}

/// Removes both state files (`publish`'s and `build`'s, and their JSON forms of before format
/// 4), so that a run interrupted from now on is followed by a full run.
pub(crate) fn invalidate(state_dir: &Path) -> io::Result<()> {
    for name in [STATE_FILE, BUILD_STATE_FILE].iter().chain(&LEGACY_FILES) {
        match fs::remove_file(state_dir.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Whether a state file (`publish`'s or `build`'s, of any format) is in `state_dir`: the last
/// run that wrote the output finished, since each removes both before writing ([`invalidate`])
/// and saves one atomically only at its end. (Whether it is current is [`State::is_current`]'s
/// question.)
pub(crate) fn any_saved(state_dir: &Path) -> bool {
    [STATE_FILE, BUILD_STATE_FILE]
        .iter()
        .chain(&LEGACY_FILES)
        .any(|name| fs::symlink_metadata(state_dir.join(name)).is_ok_and(|m| m.is_file()))
}

/// Computes the fingerprint of the build inputs of `config` without reading any item.
pub fn fingerprint(config: &Config) -> Fingerprint {
    let now_ns = nanos(SystemTime::now());
    let mut h = Hash::new();
    let mut trusted = true;

    field(&mut h, b"communique-state");
    field(&mut h, &FORMAT.to_le_bytes());
    field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    match std::env::current_exe().and_then(fs::metadata) {
        Ok(meta) => {
            let m = FileStamp::of(&meta);
            field(&mut h, &m.size.to_le_bytes());
            field(&mut h, &m.mtime_ns.to_le_bytes());
        }
        Err(_) => trusted = false,
    }

    // Messages show paths relative to the current folder, and a no-op run replays them.
    match std::env::current_dir() {
        Ok(cwd) => field(&mut h, cwd.as_os_str().as_encoded_bytes()),
        Err(_) => trusted = false,
    }
    let config_path = std::path::absolute(&config.path).unwrap_or_else(|_| config.path.clone());
    field(&mut h, config_path.as_os_str().as_encoded_bytes());
    match fs::read(&config.path) {
        Ok(bytes) => field(&mut h, &bytes),
        Err(_) => trusted = false,
    }

    // `build --base-url` builds the same files for another address.
    field(&mut h, config.base_url.as_str().as_bytes());
    field(&mut h, config.items_dir.as_os_str().as_encoded_bytes());
    // `git rev-parse` is a process of its own, a few milliseconds mostly spent starting it:
    // started before the walk, on a thread of its own, and waited for after it.
    let (walked, head) = std::thread::scope(|scope| {
        let git = std::thread::Builder::new()
            .name("git-head".to_owned())
            .spawn_scoped(scope, || crate::history::git::head(&config.items_dir));
        let walked = walk_inputs(&mut h, config, now_ns);
        let head = match git {
            Ok(git) => git.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => crate::history::git::head(&config.items_dir),
        };
        (walked, head)
    });
    let Walked {
        files,
        trusted: walk_trusted,
        stamps,
    } = walked;
    trusted &= walk_trusted;
    field(&mut h, &(files as u64).to_le_bytes());
    field(&mut h, b"git");
    match head {
        Some(head) => field(&mut h, &head),
        None => field(&mut h, b"-"),
    }
    let base = format!("{:032x}", h.finish());
    Fingerprint {
        digest: format!("{base}{}", first_seen_digest(&config.state_dir)),
        base,
        files,
        trusted,
        stamps,
        outputs_seen: OutputsSeen::default(),
    }
}

/// What the fingerprint's walks found: files visited, whether all could be examined, and the
/// item files' stamps.
struct Walked {
    files: usize,
    trusted: bool,
    stamps: ItemStamps,
}

/// Hashes the walk of the items folder, then of the user templates' folder, into `h`.
fn walk_inputs(h: &mut Hash, config: &Config, now_ns: i128) -> Walked {
    let mut walk = Walk::new(h, now_ns);
    walk.stamps = Some(Vec::new());
    walk.walk(&config.items_dir);
    let (mut files, mut trusted) = (walk.files, walk.trusted);
    let list = walk.stamps.take().unwrap_or_default();
    let stamps = if walk.listed_all {
        ItemStamps::complete(list)
    } else {
        ItemStamps::new(list)
    };
    // User templates shape every page: an edited template must rebuild.
    if let Some(dir) = config.feeds.templates_dir.as_ref().filter(|d| d.is_dir()) {
        field(h, b"templates");
        field(h, dir.as_os_str().as_encoded_bytes());
        let mut walk = Walk::new(h, now_ns);
        walk.walk(dir);
        files += walk.files;
        trusted &= walk.trusted;
    }
    Walked {
        files,
        trusted,
        stamps,
    }
}

impl Fingerprint {
    /// This fingerprint with the first-seen table of `state_dir` as it is now.
    pub fn with_first_seen(&self, state_dir: &Path) -> Fingerprint {
        Fingerprint {
            digest: format!("{}{}", self.base, first_seen_digest(state_dir)),
            ..self.clone()
        }
    }
}

/// The hash of `first_seen.json` (of its absence when there is none).
fn first_seen_digest(state_dir: &Path) -> String {
    let mut h = Hash::new();
    match fs::read(state_dir.join(crate::history::first_seen::FILE)) {
        Ok(bytes) => field(&mut h, &bytes),
        Err(_) => field(&mut h, b"-"),
    }
    format!("{:032x}", h.finish())
}

/// Files stat'ed by one thread at a time in the fingerprint's walk: a share worth handing to
/// another core.
const STATS_AT_ONCE: usize = 64;

/// The fingerprint's walk of the items folder. It visits what `collect`'s walk visits (links
/// followed, names starting with `.` skipped) in a fixed order (names sorted by their bytes).
/// It lists the whole tree first ([`Lister`]: each folder read once; an entry's type comes with
/// the listing, so only links are stat'ed then), then stats every file found at once on every
/// core ([`map_on_cores`]), each relative to the walked folder opened once
/// ([`StampsUnder`]), then hashes them in order: at 10,000 files the stats are most of a no-op
/// run. (Stat'ed folder by folder, each folder's few hundred files started helper threads of
/// their own, which barely began before this thread had done the folder alone.)
struct Walk<'h> {
    h: &'h mut Hash,
    now_ns: i128,
    files: usize,
    /// False once anything could not be examined (the full run reports it).
    trusted: bool,
    /// Each file's path, `/`-separated, and stamp, when asked for (the items folder's walk).
    stamps: Option<Vec<(String, FileStamp)>>,
    /// False once the walk met anything `collect`'s walk treats otherwise (a link, which it
    /// checks stays inside; an entry or folder that could not be read, which it reports; a
    /// name that is not UTF-8, which `stamps` leaves out; a loop): `stamps` is then not
    /// `collect`'s listing. Racy stamps do not matter here: they are the files' listing still.
    listed_all: bool,
}

/// A file the listing found: its path relative to the walked folder, and its stamp when the
/// listing already has it (a link, stat'ed to know where it leads); `None`: a plain file, as
/// the listing typed it, stat'ed after the listing.
struct Found {
    rel: PathBuf,
    stamp: Option<FileStamp>,
}

impl<'h> Walk<'h> {
    fn new(h: &'h mut Hash, now_ns: i128) -> Self {
        Walk {
            h,
            now_ns,
            files: 0,
            trusted: true,
            stamps: None,
            listed_all: cfg!(unix),
        }
    }

    /// Something could not be examined: the fingerprint cannot vouch, nor the listing.
    fn untrusted(&mut self) {
        self.trusted = false;
        self.listed_all = false;
    }

    /// Walks the folder `root`: lists it, stats its files, hashes them in order.
    fn walk(&mut self, root: &Path) {
        let mut lister = Lister::new(self.listed_all);
        let found = lister.list_root(root);
        self.trusted &= lister.trusted;
        self.listed_all &= lister.listed_all;
        let under = StampsUnder::open(root);
        let stamps: Vec<io::Result<FileStamp>> = map_on_cores(&found, |f| match f.stamp {
            Some(stamp) => Ok(stamp),
            None => match f.rel.to_str() {
                Some(rel) => under.read(rel),
                None => FileStamp::read(&root.join(&f.rel)),
            },
        });
        for (f, stamp) in found.iter().zip(stamps) {
            match stamp {
                Ok(stamp) => self.file(&f.rel, &stamp),
                Err(_) => self.untrusted(),
            }
        }
    }

    fn file(&mut self, rel: &Path, m: &FileStamp) {
        field(self.h, rel.as_os_str().as_encoded_bytes());
        field(self.h, &m.size.to_le_bytes());
        field(self.h, &m.inode.to_le_bytes());
        field(self.h, &m.mtime_ns.to_le_bytes());
        field(self.h, &m.ctime_ns.to_le_bytes());
        // Every change to a file sets its ctime to the current time, so the ctime alone says
        // whether a later change could go unseen.
        if m.is_racy(self.now_ns) {
            self.trusted = false;
        }
        if let Some(stamps) = self.stamps.as_mut() {
            match rel.to_str() {
                // `rel` is made by joining names to "": `/`-separated on Unix, as the cache
                // names files; elsewhere the cache stats the file itself.
                Some(rel) if cfg!(unix) => stamps.push((rel.to_owned(), *m)),
                _ => self.listed_all = false,
            }
        }
        self.files += 1;
    }
}

/// The listing half of [`Walk`]: every file under a folder, in walk order, and whether
/// everything could be examined. The top folder's entries are taken on every core
/// ([`on_threads`]: each of its subfolders listed by a lister of its own, the results joined
/// in order). Listed on one core, the 10,000 files of an items folder in yearly folders took
/// 8–11 ms at the start of every full run with the other core idle; now the walk's digest is
/// ready about 4 ms sooner. (A no-op run does not move: both cores are busy there anyway,
/// stat'ing the items and, beside them, the outputs.)
#[derive(Clone)]
struct Lister {
    /// False once anything could not be examined.
    trusted: bool,
    /// As [`Walk::listed_all`].
    listed_all: bool,
    /// Folders being visited, to stop at link loops.
    ancestors: Vec<Option<(u64, u64)>>,
}

impl Lister {
    fn new(listed_all: bool) -> Lister {
        Lister {
            trusted: true,
            listed_all,
            ancestors: Vec::new(),
        }
    }

    /// Something could not be examined: the fingerprint cannot vouch, nor the listing.
    fn untrusted(&mut self) {
        self.trusted = false;
        self.listed_all = false;
    }

    /// Every file under `root`, in walk order, its subfolders listed on every core.
    fn list_root(&mut self, root: &Path) -> Vec<Found> {
        let mut found = Vec::new();
        let Some(entries) = self.enter(root) else {
            return found;
        };
        // A folder with fewer than two subfolders (flat, or the templates) is listed on this
        // thread, as any folder below it is.
        let folders = entries
            .iter()
            .filter(|(_, entry)| entry.file_type().is_ok_and(|t| t.is_dir()))
            .count();
        if folders < 2 {
            self.list_entries(entries, Path::new(""), &mut found);
            return found;
        }
        // One entry claimed at a time: each may be a folder of hundreds of files.
        let this = &*self;
        let threads = cores().min(entries.len());
        let parts: Vec<(Vec<Found>, Lister)> = on_threads(&entries, 1, threads, |run| {
            run.iter()
                .map(|(name, entry)| {
                    let mut lister = this.clone();
                    let mut found = Vec::new();
                    lister.entry(entry, Path::new("").join(name), &mut found);
                    (found, lister)
                })
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
        self.ancestors.pop();
        found.reserve(parts.iter().map(|(f, _)| f.len()).sum());
        for (part, lister) in parts {
            found.extend(part);
            self.trusted &= lister.trusted;
            self.listed_all &= lister.listed_all;
        }
        found
    }

    /// Lists the folder `dir` (at `rel` in the walk) into `found`, in walk order, its
    /// subfolders in their place.
    fn list(&mut self, dir: &Path, rel: &Path, found: &mut Vec<Found>) {
        if let Some(entries) = self.enter(dir) {
            self.list_entries(entries, rel, found);
        }
    }

    /// The `entries` of the folder [`Lister::enter`] just entered (at `rel`), in order, into
    /// `found`; then leaves the folder.
    fn list_entries(
        &mut self,
        entries: Vec<(std::ffi::OsString, fs::DirEntry)>,
        rel: &Path,
        found: &mut Vec<Found>,
    ) {
        for (name, entry) in entries {
            self.entry(&entry, rel.join(&name), found);
        }
        self.ancestors.pop();
    }

    /// The entries of the folder `dir` sorted by name, hidden names left out, with `dir`
    /// pushed onto the ancestors (the caller pops it); `None` (and nothing pushed) when it
    /// cannot be read or closes a link loop.
    fn enter(&mut self, dir: &Path) -> Option<Vec<(std::ffi::OsString, fs::DirEntry)>> {
        let id = fs::metadata(dir).map(|m| dir_id(&m));
        let Ok(id) = id else {
            self.untrusted();
            return None;
        };
        // A link loop (or, where folders have no identity, absurd depth) is left to `collect`
        // to report.
        if id.is_some_and(|id| self.ancestors.contains(&Some(id))) || self.ancestors.len() > 64 {
            self.untrusted();
            return None;
        }
        let Ok(read) = fs::read_dir(dir) else {
            self.untrusted();
            return None;
        };
        let mut entries = Vec::new();
        for entry in read {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    if !crate::collect::is_hidden(&name) {
                        entries.push((name, entry));
                    }
                }
                Err(_) => self.untrusted(),
            }
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.ancestors.push(id);
        Some(entries)
    }

    /// One listed entry at `rel`: a folder listed in its place, a file added to `found`.
    fn entry(&mut self, entry: &fs::DirEntry, rel: PathBuf, found: &mut Vec<Found>) {
        let Some((kind, meta)) = self.entry_type(entry) else {
            return;
        };
        if kind.is_dir() {
            self.list(&entry.path(), &rel, found);
        } else if kind.is_file() {
            let stamp = meta.as_ref().map(FileStamp::of);
            found.push(Found { rel, stamp });
        }
    }

    /// The type of a listed entry, from the listing (no stat on most file systems); a link's
    /// target's, with the target's metadata. `None` (the listing untrusted) when it cannot be
    /// told.
    fn entry_type(&mut self, entry: &fs::DirEntry) -> Option<(fs::FileType, Option<fs::Metadata>)> {
        let typed = match entry.file_type() {
            Ok(t) if t.is_symlink() => {
                // `collect` checks where a link leads (and refuses one that leaves the folder).
                self.listed_all = false;
                fs::metadata(entry.path()).map(|m| (m.file_type(), Some(m)))
            }
            Ok(t) => Ok((t, None)),
            Err(e) => Err(e),
        };
        if typed.is_err() {
            self.untrusted();
        }
        typed.ok()
    }
}

#[cfg(unix)]
fn dir_id(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_id(_meta: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Output folders [`stamp`] was asked about, one entry per call: how tests count the stats a
/// run makes.
#[cfg(test)]
pub(crate) static STAMPED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Counts one stat of a file of `output_dir` (tests only; see [`STAMPED`]).
fn note_stamped(output_dir: &Path) {
    #[cfg(test)]
    if let Ok(mut seen) = STAMPED.lock() {
        seen.push(output_dir.to_path_buf());
    }
    #[cfg(not(test))]
    let _ = output_dir;
}

/// The stamp of `output_dir/rel` as it is now.
pub(crate) fn stamp(output_dir: &Path, rel: &str) -> io::Result<Stamp> {
    note_stamped(output_dir);
    stamp_uncounted(output_dir, rel)
}

/// [`stamp`], not counted in [`STAMPED`].
fn stamp_uncounted(output_dir: &Path, rel: &str) -> io::Result<Stamp> {
    let meta = fs::metadata(output_dir.join(rel))?;
    let m = FileStamp::of(&meta);
    Ok(Stamp {
        path: rel.to_owned(),
        size: m.size,
        inode: m.inode,
        mtime_ns: m.mtime_ns,
        ctime_ns: m.ctime_ns,
    })
}

/// The output files' stats relative to open folders (Linux): each file is looked up from the
/// deepest folder holding at least [`relative::OPEN_AT`] outputs, opened once (`O_PATH`), so
/// that `2021/some-slug/index.html` costs two name lookups, not every component of the output
/// folder's absolute path again. Hand-written on `rustix` (`openat`, `statx`): std has no stat
/// relative to a folder. Where `statx` is missing (Linux before 4.11) a file falls back to
/// [`stamp`], and anything that cannot be opened makes the whole check fall back to it.
#[cfg(any(target_os = "linux", target_os = "android"))]
mod relative {
    use std::os::fd::OwnedFd;
    use std::path::Path;

    use rustix::fs::CWD;

    use std::sync::atomic::{AtomicBool, Ordering};

    use super::{all_on_cores, note_stamped, stamp_uncounted, Stamp};
    use crate::types::stamp::{open_folder, stamp_at};

    /// A folder holding at least this many outputs (at any depth) is opened; fewer are looked up
    /// from the folder above (opening a folder costs an `openat` and a `close`).
    pub(super) const OPEN_AT: usize = 8;

    /// Which folders to open, and where each output is looked up from.
    #[derive(Debug, Default)]
    pub(super) struct Plan<'a> {
        /// Folders relative to the output folder; the first is the output folder itself ("").
        pub(super) folders: Vec<&'a str>,
        /// Each output once: the index of its folder in `folders`, its path from that folder,
        /// and its index in the outputs planned.
        pub(super) lookups: Vec<(usize, &'a str, usize)>,
    }

    impl<'a> Plan<'a> {
        /// The plan for `outputs`, sorted by path so that a folder's outputs are contiguous.
        pub(super) fn of(outputs: &'a [Stamp]) -> Plan<'a> {
            let mut sorted: Vec<(usize, &Stamp)> = outputs.iter().enumerate().collect();
            // A saved state lists its outputs sorted already (`State::new`).
            if !sorted.is_sorted_by(|a, b| a.1.path <= b.1.path) {
                sorted.sort_unstable_by(|a, b| a.1.path.cmp(&b.1.path));
            }
            let mut plan = Plan {
                folders: vec![""],
                lookups: Vec::with_capacity(outputs.len()),
            };
            plan.split(&sorted, 0, 0, 0);
            plan
        }

        /// Plans `group`, outputs whose paths share their first `depth` bytes (a folder's path
        /// and its `/`), looked up from folder `from`, whose path is their first `from_len`
        /// bytes (with its `/`).
        fn split(
            &mut self,
            group: &[(usize, &'a Stamp)],
            depth: usize,
            from: usize,
            from_len: usize,
        ) {
            let mut i = 0;
            while i < group.len() {
                let (index, stamp) = group[i];
                let path = stamp.path.as_str();
                let Some(slash) = path[depth..].find('/').map(|s| depth + s) else {
                    self.lookups.push((from, &path[from_len..], index));
                    i += 1;
                    continue;
                };
                let inside = &path[..=slash];
                let n = group[i..]
                    .iter()
                    .take_while(|(_, s)| s.path.starts_with(inside))
                    .count();
                let members = &group[i..i + n];
                if n >= OPEN_AT {
                    self.folders.push(&path[..slash]);
                    self.split(members, slash + 1, self.folders.len() - 1, slash + 1);
                } else {
                    self.lookups.extend(
                        members
                            .iter()
                            .map(|&(index, s)| (from, &s.path[from_len..], index)),
                    );
                }
                i += n;
            }
        }
    }

    /// [`super::outputs_unchanged`] relative to open folders; `None` when a folder cannot be
    /// opened (the caller then stats every path whole, which reports what is missing).
    pub(super) fn outputs_unchanged(
        output_dir: &Path,
        outputs: &[Stamp],
        wanted: &(dyn Fn() -> bool + Sync),
        confirmed: Option<&[AtomicBool]>,
    ) -> Option<bool> {
        let plan = Plan::of(outputs);
        let root = open_folder(CWD, output_dir).ok()?;
        let mut folders: Vec<OwnedFd> = Vec::with_capacity(plan.folders.len());
        for folder in &plan.folders[1..] {
            folders.push(open_folder(&root, *folder).ok()?);
        }
        folders.insert(0, root);
        let unchanged = all_on_cores(&plan.lookups, |&(from, rel, index)| {
            if !wanted() {
                return false;
            }
            note_stamped(output_dir);
            let s = &outputs[index];
            let unchanged = match stamp_at(&folders[from], rel) {
                Ok(Some(now)) => s.matches(&now),
                Ok(None) => stamp_uncounted(output_dir, &s.path).ok().as_ref() == Some(s),
                Err(_) => false,
            };
            if let Some(flag) = confirmed.and_then(|c| c.get(index)) {
                flag.store(unchanged, Ordering::Relaxed);
            }
            unchanged
        });
        Some(unchanged)
    }
}

/// Length-prefixed ([`Hash::field`]), so that no two different field sequences hash the same
/// bytes.
fn field(h: &mut Hash, bytes: &[u8]) {
    h.field(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;

    fn instance(dir: &Path) -> Config {
        let text = "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n\
                    id_authority = \"example.org\"\nid_date = \"2022\"\n";
        fs::write(dir.join("config.toml"), text).unwrap();
        fs::create_dir_all(dir.join("items/2022")).unwrap();
        fs::write(dir.join("items/2022/a.md"), "hello").unwrap();
        RawConfig::parse(text, "config.toml")
            .unwrap()
            .resolve(&dir.join("config.toml"), dir)
            .unwrap()
    }

    fn age(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }

    #[test]
    fn a_state_is_loaded_for_its_own_inputs_only() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let fp = fingerprint(&config);
        let diagnostics = vec![Diagnostic::warning("items/2022/a.md", Some(1), "w")];
        let state = State::new(&fp, 1, Vec::new(), diagnostics);
        save_file(dir.path(), BUILD_STATE_FILE, &state).unwrap();
        assert_eq!(
            load_file_for(dir.path(), BUILD_STATE_FILE, &fp),
            Some(state)
        );
        let other = Fingerprint {
            digest: "0".repeat(64),
            ..fp.clone()
        };
        assert_eq!(load_file_for(dir.path(), BUILD_STATE_FILE, &other), None);
        // The head names the inputs but the rest is damaged: parsed, refused.
        let mut bytes = fs::read(dir.path().join(BUILD_STATE_FILE)).unwrap();
        bytes.truncate(bytes.len() - 3);
        fs::write(dir.path().join(BUILD_STATE_FILE), bytes).unwrap();
        assert_eq!(load_file_for(dir.path(), BUILD_STATE_FILE, &fp), None);
    }

    #[test]
    fn fresh_files_make_an_untrusted_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let fp = fingerprint(&config);
        assert_eq!(fp.files, 1);
        // ctime cannot be set back, so a file written now stays "racy" for a moment.
        assert!(!fp.trusted);
        let item = FileStamp::of(&fs::metadata(dir.path().join("items/2022/a.md")).unwrap());
        std::thread::sleep(racy_window(item.ctime_ns));
        assert!(fingerprint(&config).trusted);
    }

    #[test]
    fn fingerprint_follows_names_sizes_and_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let item = dir.path().join("items/2022/a.md");
        age(&item);
        let before = fingerprint(&config);
        assert_eq!(before, fingerprint(&config));
        fs::write(dir.path().join("items/.hidden.md"), "x").unwrap();
        assert_eq!(
            before.digest,
            fingerprint(&config).digest,
            "hidden files are ignored"
        );
        fs::write(&item, "hello!").unwrap();
        age(&item);
        let edited = fingerprint(&config);
        assert_ne!(before.digest, edited.digest);
        fs::write(dir.path().join("config.toml"), "title = \"U\"\n").unwrap();
        assert_ne!(edited.digest, fingerprint(&config).digest);
        fs::write(dir.path().join("items/b.txt"), "x").unwrap();
        assert_eq!(fingerprint(&config).files, 2);
    }

    #[test]
    fn user_templates_are_part_of_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = instance(dir.path());
        let templates = dir.path().join("templates");
        config.feeds.templates_dir = Some(templates.clone());
        age(&dir.path().join("items/2022/a.md"));
        let without = fingerprint(&config);
        fs::create_dir_all(&templates).unwrap();
        fs::write(templates.join("index.html"), "<p>one</p>").unwrap();
        age(&templates.join("index.html"));
        let one = fingerprint(&config);
        assert_ne!(without.digest, one.digest);
        fs::write(templates.join("index.html"), "<p>two!</p>").unwrap();
        age(&templates.join("index.html"));
        assert_ne!(one.digest, fingerprint(&config).digest);
    }

    /// What `collect` finds in the items folder of `config`, walking it or walking `listing`.
    fn collected(config: &Config, listing: Option<&[(String, FileStamp)]>) -> String {
        let display = |p: &Path| p.display().to_string();
        let walk =
            crate::collect::walk_with(&config.items_dir, &display, &|_, _| false, listing).unwrap();
        let limits = crate::types::limits::Limits::default();
        format!("{:?}", walk.read_in_shares(&limits, 2, &mut |_, _| {}))
    }

    /// The fingerprint's listing is handed to `collect` only when it is what `collect`'s own walk
    /// finds: same files in the same order, same diagnostics, same other files; a link or a name
    /// that is not UTF-8 keeps `collect` walking the folders itself.
    #[cfg(unix)]
    #[test]
    fn the_fingerprint_listing_is_what_collect_walks() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let items = dir.path().join("items");
        for (rel, text) in [
            ("2022/a-b.md", "# A-B\n\nText.\n"),
            ("2022/a.jpg", "jpeg"),
            ("2022/a/x.txt", "Inside a folder named like a file.\n"),
            ("2022/.draft.md", "hidden"),
            ("2022/b.markdown", "+++\ntitle = \"B\"\n+++\nBody.\n"),
            ("2022/c.md", "+++\ntitle = broken\n+++\nBody.\n"),
            ("2022/d.md", "\u{feff}Body with a BOM.\r\n"),
            (".git/config", "[core]"),
            (".hidden.md", "hidden"),
            ("README", "no extension"),
            ("notes.pdf", "%PDF"),
            ("tab\tname.md", "A control character in the name.\n"),
            ("Z.md", "Capital first.\n"),
        ] {
            let path = items.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        }
        fs::write(items.join("2022/bad.md"), b"\xff\xfe not UTF-8").unwrap();
        fs::create_dir_all(items.join("empty")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(items.join("pipe.md"))
            .status();
        assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");

        let stamps = fingerprint(&config).stamps;
        let listing = stamps
            .listing()
            .expect("no link, no error: a whole listing");
        let walked = collected(&config, None);
        assert_eq!(collected(&config, Some(listing)), walked);
        assert!(walked.contains("a-b.md") && walked.contains("x.txt") && walked.contains("\\t"));
        assert!(!walked.contains("draft") && !walked.contains("pipe"));

        // Links (inside, outside, to a folder) and a name that is not UTF-8: `collect` walks.
        let outside = dir.path().join("outside.md");
        fs::write(&outside, "Outside.\n").unwrap();
        let links: [(&Path, &str); 3] = [
            (&items.join("2022/a-b.md"), "inside.md"),
            (&outside, "outside.md"),
            (&items.join("2022/a"), "folder"),
        ];
        for (target, name) in links {
            std::os::unix::fs::symlink(target, items.join(name)).unwrap();
            assert!(fingerprint(&config).stamps.listing().is_none(), "{name}");
            fs::remove_file(items.join(name)).unwrap();
        }
        assert!(fingerprint(&config).stamps.listing().is_some());
        let latin1 = items.join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
        fs::write(&latin1, "Latin-1 name.\n").unwrap();
        assert!(fingerprint(&config).stamps.listing().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_loops_end_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let outside = dir.path().join("outside.md");
        fs::write(&outside, "linked").unwrap();
        std::os::unix::fs::symlink(&outside, dir.path().join("items/linked.md")).unwrap();
        let before = fingerprint(&config);
        assert_eq!(before.files, 2);
        fs::write(&outside, "linked, edited").unwrap();
        assert_ne!(
            before.digest,
            fingerprint(&config).digest,
            "the target is stat'ed"
        );

        std::os::unix::fs::symlink(dir.path().join("items"), dir.path().join("items/loop"))
            .unwrap();
        let item = FileStamp::of(&fs::metadata(dir.path().join("items/loop")).unwrap());
        std::thread::sleep(racy_window(item.ctime_ns));
        let looped = fingerprint(&config);
        assert!(!looped.trusted, "a loop is left to the full run to report");
    }

    /// The top folder's subfolders are listed on several threads: a loop below one of them
    /// still ends the walk, and the files keep their order.
    #[cfg(unix)]
    #[test]
    fn subfolders_listed_on_every_core_keep_the_order_and_end_at_loops() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let items = dir.path().join("items");
        let files = [
            "2021/b.md",
            "2021/a.md",
            "2022/a.md",
            "2023/c.md",
            "2022-note.md",
            "2024/d/e.md",
        ];
        for rel in files {
            let path = items.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, rel).unwrap();
            age(&path);
        }
        let listed = fingerprint(&config).stamps;
        let names: Vec<&str> = listed
            .listing()
            .expect("a whole listing")
            .iter()
            .map(|(rel, _)| rel.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "2021/a.md",
                "2021/b.md",
                "2022/a.md",
                "2022-note.md",
                "2023/c.md",
                "2024/d/e.md"
            ],
            "names in byte order, a folder's files in its place"
        );
        let walked = collected(&config, None);
        assert_eq!(collected(&config, listed.listing()), walked);

        std::os::unix::fs::symlink(&items, items.join("2023/loop")).unwrap();
        let looped = fingerprint(&config);
        assert!(!looped.trusted, "a loop is left to the full run to report");
        assert!(looped.stamps.listing().is_none());
    }

    #[test]
    fn the_first_seen_table_is_part_of_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let before = fingerprint(&config);
        fs::create_dir_all(&config.state_dir).unwrap();
        fs::write(config.state_dir.join("first_seen.json"), "{}").unwrap();
        let after = before.with_first_seen(&config.state_dir);
        assert_ne!(before.digest, after.digest);
        assert_eq!(after.digest, fingerprint(&config).digest);
    }

    #[test]
    fn state_round_trips_and_garbage_is_no_state() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("atom.xml"), "<feed/>").unwrap();
        let fp = Fingerprint {
            digest: "00".repeat(16),
            base: String::new(),
            files: 1,
            trusted: true,
            stamps: ItemStamps::default(),
            outputs_seen: OutputsSeen::default(),
        };
        let state = State::new(
            &fp,
            1,
            vec![stamp(&out, "atom.xml").unwrap()],
            vec![Diagnostic::warning("items/a.md", Some(1), "w")],
        );
        save(dir.path(), &state).unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded, state);
        let now = Utc::now();
        assert!(loaded.is_current(&fp, &out, now));
        let other = Fingerprint {
            digest: "11".repeat(16),
            ..fp.clone()
        };
        assert!(!loaded.is_current(&other, &out, now));
        let untrusted = Fingerprint {
            trusted: false,
            ..fp.clone()
        };
        assert!(!loaded.is_current(&untrusted, &out, now));
        let due = now - chrono::TimeDelta::seconds(1);
        let pending = loaded
            .clone()
            .releasing_at(Some(now + chrono::TimeDelta::seconds(1)));
        assert!(
            pending.is_current(&fp, &out, now),
            "a release ahead keeps a no-op"
        );
        assert!(
            !loaded
                .clone()
                .releasing_at(Some(due))
                .is_current(&fp, &out, now),
            "a release due makes a full run"
        );
        assert!(
            !loaded
                .clone()
                .releasing_at(Some(now))
                .is_current(&fp, &out, now),
            "a release at this very instant makes a full run"
        );
        fs::write(out.join("atom.xml"), "<feed />").unwrap();
        assert!(
            !loaded.is_current(&fp, &out, now),
            "an edited output is noticed"
        );
        fs::remove_file(out.join("atom.xml")).unwrap();
        assert!(
            !loaded.is_current(&fp, &out, now),
            "a deleted output is noticed"
        );

        for garbage in [&b""[..], b"{", b"{\"format\":1}", b"\xff\xfe", b"[]"] {
            fs::write(dir.path().join(STATE_FILE), garbage).unwrap();
            assert!(load(dir.path()).is_none());
        }
        invalidate(dir.path()).unwrap();
        invalidate(dir.path()).unwrap();
        assert!(load(dir.path()).is_none());
    }

    /// An output stamp as `stamp` records it, for the relative-stat tests.
    fn stamp_of(out: &Path, rel: &str) -> Stamp {
        stamp(out, rel).unwrap()
    }

    /// Writes `rels` under `out` (folders made as needed) and returns their stamps.
    fn outputs_in(out: &Path, rels: &[String]) -> Vec<Stamp> {
        for rel in rels {
            let path = out.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, rel.as_bytes()).unwrap();
        }
        rels.iter().map(|rel| stamp_of(out, rel)).collect()
    }

    /// The check over whole paths, as before relative stats: the reference.
    fn unchanged_by_paths(out: &Path, outputs: &[Stamp]) -> bool {
        outputs
            .iter()
            .all(|s| stamp(out, &s.path).ok().as_ref() == Some(s))
    }

    #[test]
    fn outputs_are_checked_relative_to_open_folders_as_by_whole_paths() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut rels: Vec<String> = (0..30)
            .map(|i| format!("2021/slug-{i}/index.html"))
            .collect();
        rels.extend((0..5).map(|i| format!("tags/t{i}/atom.xml")));
        rels.extend(["atom.xml".to_owned(), "deep/a/b/c/feed.json".to_owned()]);
        let outputs = outputs_in(&out, &rels);
        assert!(outputs_unchanged(&out, &outputs, &|| true, None));
        assert!(outputs_unchanged(&out, &[], &|| true, None));
        assert!(!outputs_unchanged(
            &dir.path().join("missing"),
            &outputs,
            &|| true,
            None
        ));

        // Edited in place (same inode; another size, as a same-size edit within the clock tick
        // of the write would keep every time too).
        let edited = out.join("2021/slug-7/index.html");
        fs::write(&edited, b"edited").unwrap();
        assert!(!outputs_unchanged(&out, &outputs, &|| true, None));
        assert!(!unchanged_by_paths(&out, &outputs));
        let outputs = outputs_in(&out, &rels);
        fs::remove_file(out.join("tags/t3/atom.xml")).unwrap();
        assert!(!outputs_unchanged(&out, &outputs, &|| true, None));

        // A folder that is a link is followed, as `fs::metadata` follows it.
        #[cfg(unix)]
        {
            let outputs = outputs_in(&out, &rels);
            fs::rename(out.join("2021"), dir.path().join("elsewhere")).unwrap();
            std::os::unix::fs::symlink(dir.path().join("elsewhere"), out.join("2021")).unwrap();
            assert!(unchanged_by_paths(&out, &outputs));
            assert!(outputs_unchanged(&out, &outputs, &|| true, None));
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    proptest::proptest! {
        #![proptest_config(crate::types::proptest_config(64))]
        /// The plan looks every output up once, from a folder whose path and the rest make the
        /// output's path; the folders it opens hold enough outputs to be worth opening.
        #[test]
        fn the_plan_looks_each_output_up_once(
            paths in proptest::collection::vec("(a|b|ab|a-b|a.b)(/(a|b|c|a-b)){0,3}", 0..60),
        ) {
            let outputs: Vec<Stamp> = paths
                .iter()
                .map(|p| Stamp { path: p.clone(), size: 0, inode: 0, mtime_ns: 0, ctime_ns: 0 })
                .collect();
            let plan = relative::Plan::of(&outputs);
            proptest::prop_assert_eq!(plan.folders[0], "");
            let mut seen: Vec<usize> = Vec::new();
            for &(from, rel, index) in &plan.lookups {
                let folder = plan.folders[from];
                let whole = if folder.is_empty() { rel.to_owned() } else { format!("{folder}/{rel}") };
                proptest::prop_assert_eq!(&whole, &outputs[index].path);
                seen.push(index);
            }
            seen.sort();
            proptest::prop_assert_eq!(seen, (0..outputs.len()).collect::<Vec<_>>());
            for folder in &plan.folders[1..] {
                let inside = outputs.iter().filter(|s| s.path.starts_with(&format!("{folder}/"))).count();
                proptest::prop_assert!(inside >= relative::OPEN_AT, "{folder}: {inside}");
            }
        }

        /// On real files, the check relative to open folders answers what the check over whole
        /// paths answers, with every output as it was, one edited in place, or one deleted.
        #[test]
        fn relative_stats_answer_as_whole_paths(
            names in proptest::collection::btree_set("[ab]{1,2}(/[abc]{1,2}){0,2}/f[0-9]", 1..40),
            pick in 0usize..40,
            change in 0u8..3,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            // A name that is also another's folder cannot be both: keep the files only.
            let rels: Vec<String> = names.into_iter().collect();
            let outputs = outputs_in(&out, &rels);
            let target = out.join(&rels[pick % rels.len()]);
            match change {
                0 => {}
                1 => fs::write(&target, b"changed in place, longer").unwrap(),
                _ => fs::remove_file(&target).unwrap(),
            }
            let confirmed: Vec<AtomicBool> = outputs.iter().map(|_| AtomicBool::new(false)).collect();
            proptest::prop_assert_eq!(
                relative::outputs_unchanged(&out, &outputs, &|| true, Some(&confirmed)),
                Some(unchanged_by_paths(&out, &outputs))
            );
            proptest::prop_assert_eq!(change == 0, unchanged_by_paths(&out, &outputs));
            // A flag says the output had its stamp; when nothing changed, every flag is set.
            for (s, c) in outputs.iter().zip(&confirmed) {
                if c.load(Ordering::Relaxed) {
                    let now = stamp(&out, &s.path).ok();
                    proptest::prop_assert_eq!(now.as_ref(), Some(s));
                }
            }
            if change == 0 {
                proptest::prop_assert!(confirmed.iter().all(|c| c.load(Ordering::Relaxed)));
            }
        }
    }

    #[test]
    fn states_read_beside_the_walk_are_kept_for_their_own_inputs_only() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        let fp = fingerprint(&config);
        fs::create_dir_all(&config.state_dir).unwrap();
        let state = State::new(&fp, 1, Vec::new(), Vec::new());
        save_file(&config.state_dir, BUILD_STATE_FILE, &state).unwrap();
        let names = [BUILD_STATE_FILE, STATE_FILE];
        let (again, states) = fingerprint_and_states(&config, &names);
        assert_eq!(again.digest, fp.digest);
        assert_eq!(states, vec![state]);
        fs::write(dir.path().join("items/b.txt"), "x").unwrap();
        let (other, states) = fingerprint_and_states(&config, &names);
        assert_ne!(other.digest, fp.digest);
        assert!(states.is_empty());
    }

    #[test]
    fn the_outputs_of_a_state_read_beside_the_walk_are_stated_once_and_edits_seen() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        fs::create_dir_all(&config.output_dir).unwrap();
        fs::write(config.output_dir.join("atom.xml"), "<feed/>").unwrap();
        // Inputs changed within a clock tick are not trusted (`racy_window`).
        std::thread::sleep(Duration::from_millis(150));
        let fp = fingerprint(&config);
        assert!(fp.trusted);
        fs::create_dir_all(&config.state_dir).unwrap();
        let outputs = vec![stamp(&config.output_dir, "atom.xml").unwrap()];
        save_file(
            &config.state_dir,
            STATE_FILE,
            &State::new(&fp, 1, outputs, Vec::new()),
        )
        .unwrap();
        let stats = || {
            STAMPED
                .lock()
                .unwrap()
                .iter()
                .filter(|d| **d == config.output_dir)
                .count()
        };
        let now = Utc::now();
        let before = stats();
        let (fp, states) = fingerprint_and_states(&config, &[STATE_FILE]);
        assert_eq!(stats() - before, 1, "stated on the reader thread");
        assert!(states[0].is_current(&fp, &config.output_dir, now));
        assert_eq!(stats() - before, 1, "and not again");

        fs::write(config.output_dir.join("atom.xml"), "<feed>edited</feed>").unwrap();
        let (fp, states) = fingerprint_and_states(&config, &[STATE_FILE]);
        assert!(!states[0].is_current(&fp, &config.output_dir, now));

        // Once the inputs are known to be others, the outputs are no longer stat'ed and nothing
        // is remembered: the state is asked again in full.
        let mut state = states[0].clone();
        let before = stats();
        assert!(!state.see_outputs(&config.output_dir, &|| false));
        assert_eq!(stats(), before, "no stat once unwanted");
        assert_eq!(state.seen.get(), None);
    }

    #[test]
    fn the_outputs_a_check_found_unchanged_are_kept_for_the_build_even_when_it_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let config = instance(dir.path());
        fs::create_dir_all(&config.output_dir).unwrap();
        for name in ["atom.xml", "rss.xml"] {
            fs::write(config.output_dir.join(name), name).unwrap();
        }
        let fp = fingerprint(&config);
        let outputs: Vec<Stamp> = ["atom.xml", "rss.xml"]
            .iter()
            .map(|name| stamp(&config.output_dir, name).unwrap())
            .collect();
        let state = State::new(&fp, 1, outputs.clone(), Vec::new());

        // A check that looked at every output keeps each stamp it found.
        let mut checked = state.clone();
        assert!(checked.see_outputs(&config.output_dir, &|| true));
        let seen = checked.into_outputs_seen().unwrap();
        assert_eq!(seen.len(), 2);
        for s in &outputs {
            let found = seen.get(&s.path).unwrap();
            assert_eq!(
                (found.size, found.inode, found.mtime_ns, found.ctime_ns),
                (s.size, s.inode, s.mtime_ns, s.ctime_ns)
            );
        }
        assert_eq!(seen.get("index.html"), None);

        // An output edited since is not kept; nor is anything a check never looked at.
        fs::write(config.output_dir.join("rss.xml"), "edited, longer").unwrap();
        let mut checked = state.clone();
        assert!(!checked.see_outputs(&config.output_dir, &|| true));
        let seen = checked.into_outputs_seen().unwrap();
        assert_eq!(seen.get("rss.xml"), None);
        let mut stopped = state.clone();
        assert!(!stopped.see_outputs(&config.output_dir, &|| false));
        assert_eq!(stopped.into_outputs_seen().unwrap().len(), 0);
        assert!(state.into_outputs_seen().is_none(), "never checked");
    }

    #[test]
    fn a_state_round_trips_with_every_field_and_its_head_names_its_inputs() {
        let outputs: Vec<Stamp> = (0..300)
            .map(|i| Stamp {
                path: format!("{i}/index.html"),
                size: i,
                inode: u64::MAX - i,
                mtime_ns: -1,
                ctime_ns: i128::from(i64::MAX) + 1,
            })
            .collect();
        let fp = Fingerprint {
            digest: "ab".repeat(32),
            base: String::new(),
            files: 7,
            trusted: true,
            stamps: ItemStamps::default(),
            outputs_seen: OutputsSeen::default(),
        };
        let mut spanned = Diagnostic::warning("items/a.md", Some(3), "w");
        spanned.help = Some("help".to_owned());
        spanned.code = Some("code".to_owned());
        let diagnostics = vec![spanned, Diagnostic::error("items/b.md", None, "e")];
        let state = State::new(&fp, 5, outputs, diagnostics)
            .releasing_at(Some("2030-01-02T03:04:05Z".parse().unwrap()));
        let bytes = state.encoded().unwrap();
        assert_eq!(head_digest(&bytes), Some(fp.digest.as_str()));
        assert_eq!(State::decode(&bytes), Some(state.clone()));
        // Cut anywhere, or with bytes after it, it is not a state.
        for cut in [0, 1, 8, 9, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(State::decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(State::decode(&longer), None);
        // Another format is not read, and neither is a JSON state of before format 4.
        let mut other = bytes.clone();
        other[8] = other[8].wrapping_add(1);
        assert_eq!(head_digest(&other), None);
        assert_eq!(State::decode(&other), None);
        assert_eq!(head_digest(b"{\"format\":3,\"inputs\":\"ab\"}"), None);
    }

    #[test]
    fn legacy_json_states_are_removed_and_still_prove_a_finished_run() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!any_saved(dir.path()));
        for name in LEGACY_FILES {
            fs::write(dir.path().join(name), "{}").unwrap();
            assert!(any_saved(dir.path()), "{name}");
            invalidate(dir.path()).unwrap();
            assert!(!dir.path().join(name).exists());
            assert!(!any_saved(dir.path()));
        }
    }

    #[test]
    fn shares_on_cores_keep_the_order_and_stop_at_a_failure() {
        for len in [0, 1, STATS_AT_ONCE - 1, STATS_AT_ONCE * 2 + 1, 1000] {
            let items: Vec<usize> = (0..len).collect();
            assert_eq!(
                map_on_cores(&items, |i| i * 2),
                items.iter().map(|i| i * 2).collect::<Vec<_>>()
            );
            assert!(all_on_cores(&items, |&i| i < len));
            if len > 0 {
                assert!(!all_on_cores(&items, |&i| i != len / 2));
            }
        }
    }
}
