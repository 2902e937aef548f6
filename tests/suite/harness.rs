//! The one harness of the integration suite. A [`TestEnv`] is a throw-away instance in a
//! temporary folder (a copy of a fixture from `tests/fixtures/<case>/`, or made from scratch)
//! with helpers to write and read its files, run the real `communique` binary in it (arguments,
//! environment variables, closed pipes, paused at a test point), read its outputs and take
//! snapshots of them. A [`Run`] keeps a command's exit code and output so that a failed
//! assertion shows everything the command printed; [`assert_whole`] and the `parse_*` helpers
//! read a feed back with a real parser.
//!
//! The push servers live in `push/support/`, built on this instance.
//!
//! Each module uses only some of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_communique");

/// The three feed files every build writes at the top of the output folder.
pub(crate) const FEED_FILES: [&str; 3] = ["atom.xml", "rss.xml", "feed.json"];

/// Variables of the machine that would change what the binary does: every run removes them.
const SCRUBBED_VARS: [&str; 10] = [
    "COMMUNIQUE_CONFIG",
    "COMMUNIQUE_NOW",
    "COMMUNIQUE_LOG_FORMAT",
    "RUST_LOG",
    "CLICOLOR_FORCE",
    "COMMUNIQUE_TEST_PAUSE",
    "COMMUNIQUE_TEST_PAUSE_FILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

/// How long one run may take before it counts as a hang: the binary is killed and the test
/// fails, instead of the whole suite waiting forever.
pub(crate) const HANG: Duration = Duration::from_secs(300);

/// The binary, to run in `dir`: the machine's variables that would change what it does removed
/// ([`SCRUBBED_VARS`]), stdin empty. Prefer [`TestEnv::command`].
pub(crate) fn command_in(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).stdin(Stdio::null());
    for var in SCRUBBED_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// `tests/fixtures/<case>`.
pub(crate) fn fixture_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// Copies a folder recursively (files and folders only, in any order).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries = fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
            // Fixture files may be read-only in the repository; tests edit their copies.
            let mut perms = fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            fs::set_permissions(&target, perms).unwrap();
        }
    }
}

/// A throw-away instance in a temporary folder.
pub(crate) struct TestEnv {
    // Dropped (and deleted) with the TestEnv.
    _dir: tempfile::TempDir,
    /// The instance folder (holds `config.toml`), canonical so that paths the binary prints
    /// relative to its working folder come out relative.
    pub root: PathBuf,
    /// Environment variables set for every run of the binary (see [`TestEnv::set_env`]).
    vars: Vec<(String, String)>,
}

impl TestEnv {
    /// A copy of `tests/fixtures/<case>`.
    pub(crate) fn new(case: &str) -> TestEnv {
        let env = TestEnv::empty();
        copy_dir(&fixture_dir(case), &env.root);
        env
    }

    /// A copy of `tests/fixtures/<case>`, old enough for its fingerprint to be trusted (see
    /// [`TestEnv::settle`]): the starting point of the `publish` tests.
    pub(crate) fn settled(case: &str) -> TestEnv {
        let env = TestEnv::new(case);
        env.settle();
        env
    }

    /// [`TestEnv::settled`] on the `ops` fixture.
    pub(crate) fn ops() -> TestEnv {
        TestEnv::settled("ops")
    }

    /// [`TestEnv::minimal`] with `files` (`(path, text)`) written into it.
    pub(crate) fn minimal_with(files: &[(&str, &str)]) -> TestEnv {
        let env = TestEnv::minimal();
        for (path, text) in files {
            env.write(path, text);
        }
        env
    }

    /// An empty instance folder.
    pub(crate) fn empty() -> TestEnv {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir
            .path()
            .canonicalize()
            .expect("canonical temporary folder");
        TestEnv {
            _dir: dir,
            root,
            vars: Vec::new(),
        }
    }

    /// A copy of the `basic` fixture's configuration (with the feed set switched off) and an
    /// empty `items/` folder: the starting point of most bad-input cases.
    pub(crate) fn minimal() -> TestEnv {
        let env = TestEnv::empty();
        fs::copy(
            fixture_dir("basic").join("config.toml"),
            env.path("config.toml"),
        )
        .unwrap();
        fs::create_dir_all(env.path("items")).unwrap();
        env
    }

    /// The instance folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// `root/rel`.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The output folder, `root/public`.
    pub(crate) fn public(&self) -> PathBuf {
        self.path("public")
    }

    /// The state folder, `root/.communique`.
    pub(crate) fn state_dir(&self) -> PathBuf {
        self.path(".communique")
    }

    /// Writes a file (creating folders), replacing what was there.
    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    pub(crate) fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub(crate) fn read_string(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"))
    }

    pub(crate) fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    pub(crate) fn rename(&self, from: &str, to: &str) {
        fs::rename(self.path(from), self.path(to))
            .unwrap_or_else(|e| panic!("rename {from} -> {to}: {e}"));
    }

    /// Appends `text` to the configuration.
    pub(crate) fn append_config(&self, text: &str) {
        let mut config = self.read_string("config.toml");
        config.push_str(text);
        self.write("config.toml", config);
    }

    /// Sets an environment variable for every later run of the binary in this instance.
    pub(crate) fn set_env(&mut self, key: &str, value: &str) {
        self.vars.retain(|(k, _)| k != key);
        self.vars.push((key.to_owned(), value.to_owned()));
    }

    /// The binary, to run in the instance folder: the machine's variables that would change
    /// what it does removed ([`SCRUBBED_VARS`]), the instance's own set, stdin empty. No arguments
    /// yet: add them, then [`Run::of`] runs it.
    pub(crate) fn command(&self) -> Command {
        let mut cmd = command_in(&self.root);
        cmd.envs(self.vars.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Runs `communique --config config.toml <args>` in the instance folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command().args(["--config", "config.toml"]).args(args))
    }

    /// [`TestEnv::run`], killing the binary (and failing) after `limit` instead of [`HANG`].
    pub(crate) fn run_within(&self, limit: Duration, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.args(["--config", "config.toml"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Run::finish_within(limit, &mut cmd)
    }

    /// Runs `communique <args>` in the instance folder, as given: the configuration is found
    /// the default way (`COMMUNIQUE_CONFIG` unset, so `./config.toml`) unless `args` name one.
    pub(crate) fn run_bare(&self, args: &[&str]) -> Run {
        Run::of(self.command().args(args))
    }

    /// `communique build`, which must succeed with exit code 0.
    pub(crate) fn build(&self) -> Run {
        let run = self.run(&["build"]);
        run.assert_code(0);
        run
    }

    /// Runs `communique --config config.toml <args>` with a standard output whose reader is
    /// already gone, as after `| head` has read its lines.
    pub(crate) fn run_into_closed_pipe(&self, args: &[&str]) -> Run {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = self.command();
        cmd.args(["--config", "config.toml"])
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped());
        Run::finish_within(HANG, &mut cmd)
    }

    /// Runs `communique --config config.toml <args>` with a standard error whose reader is
    /// already gone (`communique build 2>&1 | head -1` after `head` has read its line).
    pub(crate) fn run_with_closed_stderr(&self, args: &[&str]) -> Run {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = self.command();
        cmd.args(["--config", "config.toml"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(writer);
        Run::finish_within(HANG, &mut cmd)
    }

    /// Starts `communique <args>` with a test pause at `point`, and returns once it is paused
    /// there (it stays paused while the returned pause file exists).
    pub(crate) fn spawn_paused(&self, args: &[&str], point: &str) -> (Child, PathBuf) {
        let pause = self.path(&format!("pause-{}", point.replace(':', "-")));
        fs::write(&pause, "").unwrap();
        let mut child = self
            .command()
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

    /// The bytes of an output file, `public/<rel>`.
    pub(crate) fn output(&self, rel: &str) -> Vec<u8> {
        self.read(&format!("public/{rel}"))
    }

    pub(crate) fn output_string(&self, rel: &str) -> String {
        self.read_string(&format!("public/{rel}"))
    }

    /// Names of every entry in the output folder (sorted).
    pub(crate) fn output_names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.public())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The output file `public/<rel>` (a feed in any of the three formats) parsed with feed-rs.
    pub(crate) fn parsed(&self, rel: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(&self.output(rel)[..])
            .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
    }

    /// `communique items --format json`, which must succeed: one JSON object per item.
    pub(crate) fn items_json(&self) -> Vec<serde_json::Value> {
        let run = self.run(&["items", "--format", "json"]);
        run.assert_code(0);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("items --format json is not JSON: {e}\n{run}"))
    }

    /// The three feeds' bytes (`None` for a missing one).
    pub(crate) fn feeds(&self) -> BTreeMap<&'static str, Option<Vec<u8>>> {
        FEED_FILES
            .iter()
            .map(|f| (*f, fs::read(self.public().join(f)).ok()))
            .collect()
    }

    /// Waits until every file's ctime is older than the state's racy window, so that the next
    /// run's fingerprint can be trusted (a no-op becomes possible).
    pub(crate) fn settle(&self) {
        let newest = walk(&self.root)
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
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every file under `public/` and the state folder: bytes and mtime.
    pub(crate) fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        for dir in [self.public(), self.state_dir()] {
            for path in walk(&dir) {
                let meta = fs::metadata(&path).unwrap();
                let rel = path.strip_prefix(&self.root).unwrap().display().to_string();
                files.insert(rel, (fs::read(&path).unwrap(), meta.modified().unwrap()));
            }
        }
        Snapshot(files)
    }

    /// Leftover temporary files anywhere in the instance.
    pub(crate) fn leftovers(&self) -> Vec<PathBuf> {
        walk(&self.root)
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(".communique-") && n.ends_with(".tmp"))
            })
            .collect()
    }
}

/// Files under a folder: bytes and mtime, by path relative to the instance.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Snapshot(pub BTreeMap<String, (Vec<u8>, SystemTime)>);

/// Reads the child's stderr until a line contains `want`; panics if it ends first. Returns the
/// lines read and a thread that collects the rest of stderr (so the child never blocks on a
/// full pipe).
pub(crate) fn wait_for_line(child: &mut Child, want: &str) -> (Vec<String>, JoinHandle<String>) {
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

/// Every file under `dir`, `path → bytes`, paths relative with `/` separators; empty when
/// `dir` does not exist.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes = fs::read(&path).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// Every regular file below `dir`, sorted; nothing when it does not exist.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
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

/// Replaces `from` with `to` in the file at `path`; panics when `from` is not there.
pub(crate) fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{path:?} has no {from:?}");
    fs::write(path, text.replace(from, to)).unwrap();
}

/// Panics unless `bytes` is a whole document of the feed named `name`.
pub(crate) fn assert_whole(name: &str, bytes: &[u8]) {
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

/// The item of `items --format json` whose path ends with `path`; panics when there is none.
pub(crate) fn item_at<'a>(items: &'a [serde_json::Value], path: &str) -> &'a serde_json::Value {
    items
        .iter()
        .find(|i| i["path"].as_str().is_some_and(|p| p.ends_with(path)))
        .unwrap_or_else(|| panic!("{path} was not published"))
}

/// The authors of an item of `items --format json` (none when it has none).
pub(crate) fn item_authors(item: &serde_json::Value) -> Vec<&str> {
    item["authors"]["value"]
        .as_array()
        .map(|v| v.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default()
}

/// What one run of the binary did.
pub(crate) struct Run {
    pub args: Vec<String>,
    /// How the process ended.
    pub status: ExitStatus,
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `cmd` (a [`TestEnv::command`] with its arguments) with stdout and stderr captured,
    /// to its end, or kills it after [`HANG`] and panics.
    pub(crate) fn of(cmd: &mut Command) -> Run {
        Run::finish_within(HANG, cmd.stdout(Stdio::piped()).stderr(Stdio::piped()))
    }

    /// Runs `cmd` as its stdio is set to its end, or kills it after `limit` and panics. What it
    /// writes to a piped stdout or stderr is kept.
    pub(crate) fn finish_within(limit: Duration, cmd: &mut Command) -> Run {
        // The arguments after `--config config.toml`, as the test gave them.
        let all: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let args = match all.first().map(String::as_str) {
            Some("--config") => all[2.min(all.len())..].to_vec(),
            _ => all,
        };
        let mut child = spawn_when_not_busy(cmd);
        // Read both pipes on threads so the child never blocks on a full one while we wait.
        let out = child.stdout.take().map(read_on_thread);
        let err = child.stderr.take().map(read_on_thread);
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for communique") {
                break status;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("communique {args:?} still running after {limit:?}: a hang");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let text = |h: Option<JoinHandle<Vec<u8>>>| {
            String::from_utf8_lossy(&h.map(|h| h.join().unwrap()).unwrap_or_default()).into_owned()
        };
        Run {
            args,
            status,
            code: status.code().unwrap_or(-1),
            stdout: text(out),
            stderr: text(err),
        }
    }

    /// Asserts the exit code, showing the whole run when it differs.
    pub(crate) fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit code\n{self}");
        self
    }

    /// Asserts exit code 0.
    pub(crate) fn ok(&self) -> &Run {
        self.assert_code(0)
    }

    /// Asserts exit code 2 (a fatal error).
    pub(crate) fn failed(&self) -> &Run {
        self.assert_code(2)
    }

    /// Asserts stdout exactly, showing the whole run when it differs.
    pub(crate) fn assert_stdout(&self, expected: &str) -> &Run {
        assert_eq!(self.stdout, expected, "unexpected stdout\n{self}");
        self
    }

    /// Asserts stderr exactly, showing the whole run when it differs.
    pub(crate) fn assert_stderr(&self, expected: &str) -> &Run {
        assert_eq!(self.stderr, expected, "unexpected stderr\n{self}");
        self
    }

    /// Asserts that stdout holds `line` as one whole line.
    pub(crate) fn assert_stdout_line(&self, line: &str) -> &Run {
        assert!(
            self.stdout.lines().any(|l| l == line),
            "stdout has no line\n  {line}\n{self}"
        );
        self
    }

    /// Asserts that stderr holds `line` as one whole line.
    pub(crate) fn assert_stderr_line(&self, line: &str) -> &Run {
        assert!(
            self.stderr.lines().any(|l| l == line),
            "stderr has no line\n  {line}\n{self}"
        );
        self
    }

    /// Asserts that stderr contains `text`.
    pub(crate) fn assert_stderr_contains(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr does not contain\n  {text}\n{self}"
        );
        self
    }

    /// Asserts that stdout contains `text`.
    pub(crate) fn assert_stdout_contains(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout does not contain\n  {text}\n{self}"
        );
        self
    }

    /// The diagnostic lines (`path:line: severity: message` or `path: severity: message`) of
    /// stdout, in order.
    pub(crate) fn stdout_diagnostics(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect()
    }
}

fn read_on_thread(mut pipe: impl std::io::Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "--- communique {} (exit {})",
            self.args.join(" "),
            self.code
        )?;
        writeln!(f, "--- stdout:\n{}", self.stdout)?;
        write!(f, "--- stderr:\n{}---", self.stderr)
    }
}

/// Spawns `cmd`, again while the kernel says its program is busy (`ETXTBSY`): a binary a test
/// has just copied can still be open for writing in a child that another test's thread forked
/// before the copy's file was closed, until that child execs. Retried for up to five seconds.
fn spawn_when_not_busy(cmd: &mut Command) -> Child {
    let start = Instant::now();
    loop {
        match cmd.spawn() {
            Err(e)
                if e.kind() == std::io::ErrorKind::ExecutableFileBusy
                    && start.elapsed() < Duration::from_secs(5) =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            spawned => return spawned.expect("run communique"),
        }
    }
}
