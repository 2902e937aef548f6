//! Shared helpers for the integration tests: a [`TestEnv`] that copies a fixture instance from
//! `tests/fixtures/<case>/` into a temporary folder and runs the real `communique` binary on it,
//! and a [`Run`] that keeps a command's exit code and output so that a failed assertion can show
//! everything the command printed.
//!
//! Each test binary uses only some of these helpers.
#![allow(dead_code)]

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The three feed files every build writes at the top of the output folder.
pub const FEED_FILES: [&str; 3] = ["atom.xml", "rss.xml", "feed.json"];

/// `tests/fixtures/<case>`.
pub fn fixture_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// Copies a folder recursively (files and folders only, in any order).
pub fn copy_dir(from: &Path, to: &Path) {
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
pub struct TestEnv {
    // Dropped (and deleted) with the TestEnv.
    _dir: tempfile::TempDir,
    /// The instance folder (holds `config.toml`), canonical so that paths the binary prints
    /// relative to its working folder come out relative.
    pub root: PathBuf,
}

impl TestEnv {
    /// A copy of `tests/fixtures/<case>`.
    pub fn new(case: &str) -> TestEnv {
        let env = TestEnv::empty();
        copy_dir(&fixture_dir(case), &env.root);
        env
    }

    /// An empty instance folder.
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir
            .path()
            .canonicalize()
            .expect("canonical temporary folder");
        TestEnv { _dir: dir, root }
    }

    /// A copy of the `basic` fixture's configuration (with the feed set switched off) and an
    /// empty `items/` folder: the starting point of most bad-input cases.
    pub fn minimal() -> TestEnv {
        let env = TestEnv::empty();
        fs::copy(
            fixture_dir("basic").join("config.toml"),
            env.path("config.toml"),
        )
        .unwrap();
        fs::create_dir_all(env.path("items")).unwrap();
        env
    }

    /// `root/rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file (creating folders), replacing what was there.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn read_string(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"))
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    pub fn rename(&self, from: &str, to: &str) {
        fs::rename(self.path(from), self.path(to))
            .unwrap_or_else(|e| panic!("rename {from} -> {to}: {e}"));
    }

    /// Appends `text` to the configuration.
    pub fn append_config(&self, text: &str) {
        let mut config = self.read_string("config.toml");
        config.push_str(text);
        self.write("config.toml", config);
    }

    /// Runs `communique --config config.toml <args>` in the instance folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::cargo_bin("communique").expect("the communique binary");
        cmd.current_dir(&self.root)
            .env_remove("COMMUNIQUE_CONFIG")
            .env_remove("RUST_LOG")
            .arg("--config")
            .arg("config.toml")
            .args(args);
        Run::from_output(args, cmd.output().expect("run communique"))
    }

    /// `communique build`, which must succeed with exit code 0.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        run.assert_code(0);
        run
    }

    /// The bytes of an output file, `public/<rel>`.
    pub fn output(&self, rel: &str) -> Vec<u8> {
        self.read(&format!("public/{rel}"))
    }

    pub fn output_string(&self, rel: &str) -> String {
        self.read_string(&format!("public/{rel}"))
    }

    /// Names of every entry in the output folder (sorted).
    pub fn output_names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path("public"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// What one run of the binary did.
pub struct Run {
    pub args: Vec<String>,
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(args: &[&str], out: std::process::Output) -> Run {
        Run {
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing the whole run when it differs.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit code\n{self}");
        self
    }

    /// Asserts stdout exactly, showing the whole run when it differs.
    pub fn assert_stdout(&self, expected: &str) -> &Run {
        assert_eq!(self.stdout, expected, "unexpected stdout\n{self}");
        self
    }

    /// Asserts stderr exactly, showing the whole run when it differs.
    pub fn assert_stderr(&self, expected: &str) -> &Run {
        assert_eq!(self.stderr, expected, "unexpected stderr\n{self}");
        self
    }

    /// Asserts that stdout holds `line` as one whole line.
    pub fn assert_stdout_line(&self, line: &str) -> &Run {
        assert!(
            self.stdout.lines().any(|l| l == line),
            "stdout has no line\n  {line}\n{self}"
        );
        self
    }

    /// Asserts that stderr holds `line` as one whole line.
    pub fn assert_stderr_line(&self, line: &str) -> &Run {
        assert!(
            self.stderr.lines().any(|l| l == line),
            "stderr has no line\n  {line}\n{self}"
        );
        self
    }

    /// Asserts that stderr contains `text`.
    pub fn assert_stderr_contains(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr does not contain\n  {text}\n{self}"
        );
        self
    }

    /// Asserts that stdout contains `text`.
    pub fn assert_stdout_contains(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout does not contain\n  {text}\n{self}"
        );
        self
    }

    /// The diagnostic lines (`path:line: severity: message` or `path: severity: message`) of
    /// stdout, in order.
    pub fn stdout_diagnostics(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect()
    }
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
