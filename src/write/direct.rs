//! Direct I/O for the large files a build writes: a feed document of every item, an item-cache
//! segment.
//!
//! Written through the page cache, each of those bytes first needs a page-cache page: on the
//! 2-core virtual machine the benchmarks run on, allocating those pages (and charging, listing
//! and later writing them back) was about half the time of the thread that writes the render's
//! documents, and the kernel's write-back workers took tens of milliseconds of the two cores
//! more (`benches/RESULTS.md`, 2026-12-07). With `O_DIRECT` the bytes go from an aligned buffer
//! of the process straight to the disk: a [`Writer`] copies what it is given into a buffer of
//! [`BLOCK`] bytes and hands each full one to a thread of its own, which writes it while the
//! next fills, so the thread that renders never waits for the disk.
//!
//! A file is written directly only from its first full buffer on: a smaller file (most feeds
//! and archives of a default feed set) is written with one ordinary write when it ends, and no
//! thread is started for it. The end of a large file that does not fill an aligned block is
//! written through the page cache. A file system that refuses direct I/O (the flag cannot be
//! set, or the first direct write is refused as `EINVAL`) is written through the page cache
//! instead, from where it stopped. The data reaches the disk before the rename either way: the
//! batch's flush ([`super::Flush`]) also writes out the metadata direct writes leave to the
//! journal.
//!
//! Hand-written: no maintained crate offers buffered `O_DIRECT` writing with a fall-back; the
//! flag itself comes from `rustix`.

use std::fs;
use std::io::{self, Write};
use std::sync::mpsc;

/// The alignment direct I/O asks of the buffer's address, the file offset and each write's
/// length: 4 KiB covers every logical block size in use (512 bytes and 4 KiB).
const ALIGN: usize = 4096;

/// The bytes one direct write hands the disk, and the size of the file's first part, held
/// before deciding: 1 MiB writes ran at the disk's speed here (`dd oflag=direct`: 146 MiB in
/// 0.10-0.13 s with 1 MiB or 4 MiB writes, 0.17 s with 256 KiB).
pub(super) const BLOCK: usize = 1 << 20;

/// A buffer of [`BLOCK`] bytes whose start is [`ALIGN`]ed: a vector with room for the block
/// and the alignment, the block starting where the alignment falls (`align_offset`: no
/// `unsafe` allocation). Never grown past its capacity, so it never moves.
struct Block {
    storage: Vec<u8>,
    start: usize,
}

impl Block {
    fn new() -> Block {
        let mut storage: Vec<u8> = Vec::with_capacity(BLOCK + ALIGN);
        let start = storage.as_ptr().align_offset(ALIGN).min(ALIGN);
        storage.resize(start, 0);
        Block { storage, start }
    }

    fn len(&self) -> usize {
        self.storage.len() - self.start
    }

    /// Copies as much of `bytes` as there is room for; returns how much.
    fn fill(&mut self, bytes: &[u8]) -> usize {
        let n = bytes.len().min(BLOCK - self.len());
        self.storage.extend_from_slice(&bytes[..n]);
        n
    }

    fn bytes(&self) -> &[u8] {
        &self.storage[self.start..]
    }

    fn clear(&mut self) {
        self.storage.truncate(self.start);
    }
}

/// The thread that writes full blocks, the channel that hands it one, and the one that brings
/// each written block back to be filled again.
struct Io {
    to_write: mpsc::SyncSender<Block>,
    written: mpsc::Receiver<Block>,
    thread: std::thread::JoinHandle<io::Result<()>>,
    /// Blocks made so far: the one being filled and those handed over.
    blocks: usize,
}

/// How many blocks a file writes through at once: one being filled while the others wait for
/// the disk or are written. The disk, not the cores, now paces the render of a large feed
/// (146 MiB take it about 0.1 s): with room for three blocks ahead, the render's writing
/// thread waits for it less. Cold like-for-like builds at 10,000 items, 20 shuffled rounds,
/// paired against two blocks: four −34 ms, eight −44 ms with a peak 18 MiB higher
/// (`benches/RESULTS.md`, 2026-12-07, early morning).
const BLOCKS: usize = 4;

/// A temporary file written as [`BLOCK`]s: see the module's header.
pub(super) struct Writer {
    file: tempfile::NamedTempFile,
    block: Block,
    /// Started at the first full block, when the file takes direct I/O.
    io: Option<Io>,
    /// The file system refused direct I/O: each full block goes through the page cache.
    buffered: bool,
    /// Bytes written through the page cache so far (what the batch's early flush is told of).
    cached: u64,
}

impl Writer {
    pub(super) fn new(file: tempfile::NamedTempFile) -> Writer {
        Writer {
            file,
            block: Block::new(),
            io: None,
            buffered: false,
            cached: 0,
        }
    }

    /// Bytes written through the page cache so far.
    pub(super) fn cached(&self) -> u64 {
        self.cached
    }

    /// Writes every byte of `bytes` (a full block hands the block to the writing thread).
    pub(super) fn push(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let n = self.block.fill(bytes);
            bytes = &bytes[n..];
            if self.block.len() == BLOCK {
                self.hand_over()?;
            }
        }
        Ok(())
    }

    /// Hands the full block to the writing thread (started now if it is the first), and takes
    /// an empty one to fill; or, where direct I/O is refused, writes it through the page cache.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.io.is_none() && !self.buffered {
            if set_direct(self.file.as_file(), true) {
                self.io = Some(start(self.file.as_file())?);
            } else {
                self.buffered = true;
            }
        }
        if self.buffered {
            return self.write_held();
        }
        let Some(io) = self.io.as_mut() else {
            return Ok(());
        };
        let empty = match io.written.try_recv() {
            Ok(block) => block,
            Err(_) if io.blocks < BLOCKS => {
                io.blocks += 1;
                Block::new()
            }
            Err(_) => io.written.recv().map_err(|_| thread_gone())?,
        };
        let full = std::mem::replace(&mut self.block, empty);
        self.block.clear();
        io.to_write.send(full).map_err(|_| thread_gone())
    }

    /// Writes what the block holds through the page cache, and empties it.
    fn write_held(&mut self) -> io::Result<()> {
        self.cached += self.block.len() as u64;
        super::write_in_pieces(self.file.as_file_mut(), self.block.bytes())?;
        self.block.clear();
        Ok(())
    }

    /// Writes what is left and gives the file back, with the bytes written through the page
    /// cache in all: the whole aligned blocks of what is held directly (when the file is
    /// written so), the rest through the page cache.
    pub(super) fn finish(mut self) -> io::Result<(tempfile::NamedTempFile, u64)> {
        if let Some(io) = self.io.take() {
            drop(io.to_write);
            io.thread.join().map_err(|_| thread_gone())??;
            let whole = self.block.len() / ALIGN * ALIGN;
            let (direct, tail) = self.block.bytes().split_at(whole);
            write_direct(self.file.as_file(), direct)?;
            set_direct(self.file.as_file(), false);
            self.cached += tail.len() as u64;
            self.file.as_file_mut().write_all(tail)?;
        } else {
            self.write_held()?;
        }
        Ok((self.file, self.cached))
    }
}

/// Starts the thread that writes the blocks handed to it into (a second handle of) `file`,
/// directly until the file system refuses, then through the page cache.
fn start(file: &fs::File) -> io::Result<Io> {
    let out = file.try_clone()?;
    let (to_write, blocks) = mpsc::sync_channel::<Block>(BLOCKS - 1);
    let (back, written) = mpsc::channel::<Block>();
    let thread = std::thread::Builder::new()
        .name("direct-write".to_owned())
        .spawn(move || {
            let mut result = Ok(());
            for block in blocks {
                if result.is_ok() {
                    result = write_direct(&out, block.bytes());
                }
                // The writer may have finished (and dropped its receiver) already.
                let _ = back.send(block);
            }
            result
        })?;
    Ok(Io {
        to_write,
        written,
        thread,
        blocks: 1,
    })
}

/// Writes `bytes` at the file's offset, directly; where the file system refuses a direct write
/// (`EINVAL`: an alignment it asks for that [`ALIGN`] does not meet), what is left of `bytes`
/// through the page cache, and the file so from there on.
fn write_direct(file: &fs::File, bytes: &[u8]) -> io::Result<()> {
    let mut out = file;
    let mut done = 0;
    while done < bytes.len() {
        match out.write(&bytes[done..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
                set_direct(file, false);
                return super::write_in_pieces(&mut out, &bytes[done..]);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Turns direct I/O on or off for `file`; whether it is now as asked.
fn set_direct(file: &fs::File, on: bool) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::OFlags;
        let Ok(flags) = rustix::fs::fcntl_getfl(file) else {
            return !on;
        };
        let wanted = if on {
            flags | OFlags::DIRECT
        } else {
            flags - OFlags::DIRECT
        };
        rustix::fs::fcntl_setfl(file, wanted).is_ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        !on
    }
}

impl Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.push(bytes)?;
        Ok(bytes.len())
    }

    /// Nothing to flush: a held block is written by [`Writer::finish`], and the thread's writes
    /// are its own.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn thread_gone() -> io::Error {
    io::Error::other("the thread writing the file stopped")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the folder `dir` is on a file system that takes direct I/O.
    fn takes_direct(dir: &std::path::Path) -> bool {
        let probe = tempfile::tempfile_in(dir).unwrap();
        set_direct(&probe, true)
    }

    /// `bytes` written through a [`Writer`] in pieces of `piece` bytes: the file's bytes and
    /// how many of them went through the page cache.
    fn written(bytes: &[u8], piece: usize) -> (Vec<u8>, u64, bool) {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Writer::new(tempfile::NamedTempFile::new_in(dir.path()).unwrap());
        for chunk in bytes.chunks(piece) {
            writer.push(chunk).unwrap();
        }
        let started = writer.io.is_some();
        let (file, cached) = writer.finish().unwrap();
        assert!(!set_direct_is_on(file.as_file()), "direct I/O is off again");
        (fs::read(file.path()).unwrap(), cached, started)
    }

    fn set_direct_is_on(file: &fs::File) -> bool {
        #[cfg(target_os = "linux")]
        {
            rustix::fs::fcntl_getfl(file)
                .unwrap()
                .contains(rustix::fs::OFlags::DIRECT)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = file;
            false
        }
    }

    fn pattern(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn a_file_smaller_than_a_block_is_written_when_it_ends_without_a_thread() {
        let bytes = pattern(BLOCK - 1);
        let (back, cached, started) = written(&bytes, 10_007);
        assert_eq!(back, bytes);
        assert_eq!(cached, bytes.len() as u64, "all through the page cache");
        assert!(!started, "no thread for a small file");
    }

    #[test]
    fn a_large_file_is_written_directly_but_for_its_ragged_end() {
        let bytes = pattern(3 * BLOCK + 2 * ALIGN + 1234);
        let (back, cached, started) = written(&bytes, 65_537);
        assert_eq!(back, bytes);
        if takes_direct(&std::env::temp_dir()) {
            assert!(started);
            assert_eq!(cached, 1234, "only the end that fills no aligned block");
        } else {
            assert_eq!(cached, bytes.len() as u64);
        }
        // Exactly whole blocks: nothing left for the page cache.
        let bytes = pattern(2 * BLOCK);
        let (back, cached, _) = written(&bytes, BLOCK);
        assert_eq!(back, bytes);
        if takes_direct(&std::env::temp_dir()) {
            assert_eq!(cached, 0);
        }
    }

    /// A direct write the file system refuses (here: a length and an address no block size
    /// allows, which ext4 refuses with `EINVAL`) lands through the page cache, and the file is
    /// written so from then on.
    #[test]
    fn a_refused_direct_write_lands_through_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let file = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        let on = set_direct(file.as_file(), true);
        let bytes = pattern(1001);
        write_direct(file.as_file(), &bytes[1..]).unwrap();
        write_direct(file.as_file(), &bytes[..1]).unwrap();
        let mut expected = bytes[1..].to_vec();
        expected.push(bytes[0]);
        assert_eq!(fs::read(file.path()).unwrap(), expected);
        if on && set_direct_is_on(file.as_file()) {
            // A file system with no alignment to ask for took both writes directly.
            return;
        }
        assert!(!set_direct_is_on(file.as_file()));
    }
}
