//! Shared by the `ops_*` integration tests: a copy of the `tests/fixtures/ops` instance in a
//! temporary folder, the real binary run inside it, and snapshots of what it wrote.
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::SystemTime;

pub const BIN: &str = env!("CARGO_BIN_EXE_communique");
pub const FEEDS: [&str; 3] = ["atom.xml", "rss.xml", "feed.json"];

/// A temporary instance.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A copy of `tests/fixtures/ops`, old enough for its fingerprint to be trusted.
    pub fn new() -> Env {
        Self::from_fixture("ops")
    }

    pub fn from_fixture(name: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&src, dir.path());
        let env = Env { dir };
        env.settle();
        env
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    pub fn state_dir(&self) -> PathBuf {
        self.path(".communique")
    }

    /// The binary, run in the instance folder, with no inherited configuration or log settings.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(self.root())
            .env_remove("COMMUNIQUE_CONFIG")
            .env_remove("COMMUNIQUE_LOG_FORMAT")
            .env_remove("RUST_LOG")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COMMUNIQUE_TEST_PAUSE")
            .env_remove("COMMUNIQUE_TEST_PAUSE_FILE")
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Waits until every file's ctime is older than the state's racy window, so that the next
    /// run's fingerprint can be trusted (a no-op becomes possible).
    pub fn settle(&self) {
        let newest = walk(self.root())
            .into_iter()
            .filter_map(|p| fs::metadata(p).ok())
            .map(|m| ctime_ns(&m))
            .max()
            .unwrap_or(0);
        let window = communique::state::racy_window(newest).as_nanos() as i128;
        loop {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as i128;
            if now - newest > window + 5_000_000 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Every file under `public/` and the state folder: bytes and mtime.
    pub fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        for dir in [self.public(), self.state_dir()] {
            for path in walk(&dir) {
                let meta = fs::metadata(&path).unwrap();
                let rel = path
                    .strip_prefix(self.root())
                    .unwrap()
                    .display()
                    .to_string();
                files.insert(rel, (fs::read(&path).unwrap(), meta.modified().unwrap()));
            }
        }
        Snapshot(files)
    }

    /// The three feeds' bytes (`None` for a missing one).
    pub fn feeds(&self) -> BTreeMap<&'static str, Option<Vec<u8>>> {
        FEEDS
            .iter()
            .map(|f| (*f, fs::read(self.public().join(f)).ok()))
            .collect()
    }

    /// Leftover temporary files anywhere in the instance.
    pub fn leftovers(&self) -> Vec<PathBuf> {
        walk(self.root())
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(".communique-") && n.ends_with(".tmp"))
            })
            .collect()
    }

    /// Starts `communique <args>` with a test pause at `point`, and returns once it is paused
    /// there (it stays paused while the returned pause file exists).
    pub fn spawn_paused(&self, args: &[&str], point: &str) -> (Child, PathBuf) {
        let pause = self.path(&format!("pause-{}", point.replace(':', "-")));
        fs::write(&pause, "").unwrap();
        let mut child = self
            .cmd()
            .args(args)
            .env("COMMUNIQUE_TEST_PAUSE", point)
            .env("COMMUNIQUE_TEST_PAUSE_FILE", &pause)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let want = format!("communique-test: paused at {point}");
        wait_for_line(&mut child, &want);
        (child, pause)
    }
}

/// Reads the child's stderr until a line contains `want`; panics if it ends first. Returns the
/// lines read and a thread that collects the rest of stderr (so the child never blocks on a
/// full pipe).
pub fn wait_for_line(child: &mut Child, want: &str) -> (Vec<String>, JoinHandle<String>) {
    let stderr = child.stderr.take().expect("stderr piped");
    let mut reader = BufReader::new(stderr);
    let mut seen = Vec::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap();
        if n == 0 {
            panic!("the process ended before printing {want:?}; stderr: {seen:#?}");
        }
        let found = line.contains(want);
        seen.push(line);
        if found {
            break;
        }
    }
    let rest = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut reader, &mut rest);
        rest
    });
    (seen, rest)
}

/// Files under a folder: bytes and mtime, by path relative to the instance.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(pub BTreeMap<String, (Vec<u8>, SystemTime)>);

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every regular file below `dir`, sorted; nothing when it does not exist.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[cfg(unix)]
fn ctime_ns(meta: &fs::Metadata) -> i128 {
    use std::os::unix::fs::MetadataExt;
    i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
}

#[cfg(not(unix))]
fn ctime_ns(meta: &fs::Metadata) -> i128 {
    meta.modified()
        .unwrap()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i128
}

/// Panics unless `bytes` is a whole document of the feed named `name`.
pub fn assert_whole(name: &str, bytes: &[u8]) {
    match name {
        "atom.xml" => {
            atom_syndication::Feed::read_from(bytes)
                .unwrap_or_else(|e| panic!("{name} is not a whole Atom feed: {e}"));
        }
        "rss.xml" => {
            rss::Channel::read_from(bytes)
                .unwrap_or_else(|e| panic!("{name} is not a whole RSS feed: {e}"));
        }
        "feed.json" => {
            let v: serde_json::Value = serde_json::from_slice(bytes)
                .unwrap_or_else(|e| panic!("{name} is not whole JSON: {e}"));
            assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
        }
        other => panic!("unknown feed {other}"),
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Replaces `from` with `to` in the file at `path`.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{path:?} has no {from:?}");
    fs::write(path, text.replace(from, to)).unwrap();
}
