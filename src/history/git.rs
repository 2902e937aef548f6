//! Dates from git: when each file of the items folder was added, following renames.
//!
//! This runs the `git` binary rather than linking a git library: one `git log` over the whole
//! folder answers for every file at once (10,000 items cost one process, not 10,000), git's own
//! rename detection is the one users see in `git log --follow`, and an instance without git
//! installed simply has no history (the caller falls back to first-seen dates). `gix` or `git2`
//! would add a large dependency for one read-only query whose output is stable plumbing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{DateTime, FixedOffset};

/// A commit that added a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Added {
    /// The commit's author date, as its author recorded it (the same on every clone).
    pub date: DateTime<FixedOffset>,
    /// The full commit hash.
    pub commit: String,
}

/// What git knows about the items folder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum GitDates {
    /// The folder is in a complete git work tree: files (relative to the folder, `/`-separated)
    /// and the commit that added each under its current name.
    Complete(BTreeMap<String, Added>),
    /// The folder is in a shallow clone: the commit that added a file may be missing, so no date
    /// from it can be trusted.
    Shallow,
    /// Not in a git work tree, or git is not installed.
    Absent,
    /// git is there but failed; the message says why.
    Failed(String),
}

/// Separates commits in the log output (never in a path or a date).
const COMMIT_MARK: char = '\u{1}';
/// Separates a commit's hash from its date.
const FIELD_MARK: char = '\u{2}';

/// Asks git when every file under `items_dir` was added.
pub(crate) fn dates(items_dir: &Path) -> GitDates {
    let probe = match git(items_dir)
        .args([
            "rev-parse",
            "--is-inside-work-tree",
            "--is-shallow-repository",
        ])
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            tracing::debug!("git is not available: {e}");
            return GitDates::Absent;
        }
    };
    if !probe.status.success() {
        return GitDates::Absent;
    }
    let answer = String::from_utf8_lossy(&probe.stdout);
    let mut lines = answer.lines();
    if lines.next() != Some("true") {
        return GitDates::Absent;
    }
    if lines.next() == Some("true") {
        return GitDates::Shallow;
    }
    let format = format!("--format={COMMIT_MARK}%H{FIELD_MARK}%aI");
    let log = git(items_dir)
        .args([
            "log",
            "-z",
            "--reverse",
            "--no-merges",
            "--name-status",
            "-M",
        ])
        .args(["--diff-filter=ADR", "--relative", &format, "--", "."])
        .output();
    match log {
        Ok(out) if out.status.success() => {
            GitDates::Complete(parse_log(&String::from_utf8_lossy(&out.stdout)))
        }
        // A repository without any commit yet has no history to give.
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("does not have any commits") => {
            GitDates::Complete(BTreeMap::new())
        }
        Ok(out) => GitDates::Failed(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
        Err(e) => GitDates::Failed(e.to_string()),
    }
}

/// The current commit of the work tree holding `items_dir`, with the shallow flag, for the
/// no-op fingerprint (a commit can change history dates without touching a file); `None`
/// outside a work tree or without git.
pub(crate) fn head(items_dir: &Path) -> Option<Vec<u8>> {
    let out = git(items_dir)
        .args(["rev-parse", "--is-shallow-repository", "HEAD"])
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// `git` run in `dir`, with nothing from the user's pager or terminal settings.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .arg("-c")
        .arg("core.quotepath=off")
        .arg("--no-optional-locks")
        .stdin(Stdio::null());
    cmd
}

/// Reads `git log -z --reverse --name-status` output, oldest commit first: an added file takes
/// its commit, a renamed file keeps the commit that added it under its old name, a deleted file
/// is forgotten (re-adding it later counts as a new addition).
pub(crate) fn parse_log(log: &str) -> BTreeMap<String, Added> {
    let mut files: BTreeMap<String, Added> = BTreeMap::new();
    let mut current: Option<Added> = None;
    let mut tokens = log.split('\0').map(|t| t.trim_start_matches('\n'));
    while let Some(token) = tokens.next() {
        if let Some(header) = token.strip_prefix(COMMIT_MARK) {
            current = header.split_once(FIELD_MARK).and_then(|(commit, date)| {
                Some(Added {
                    date: DateTime::parse_from_rfc3339(date.trim()).ok()?,
                    commit: commit.to_owned(),
                })
            });
            continue;
        }
        let Some(commit) = &current else { continue };
        match token.chars().next() {
            Some('A') => {
                if let Some(path) = tokens.next() {
                    files.insert(path.to_owned(), commit.clone());
                }
            }
            Some('D') => {
                if let Some(path) = tokens.next() {
                    files.remove(path);
                }
            }
            Some('R') => {
                if let (Some(from), Some(to)) = (tokens.next(), tokens.next()) {
                    // A file renamed into the folder from outside it was added here by this commit.
                    let added = files.remove(from).unwrap_or_else(|| commit.clone());
                    files.insert(to.to_owned(), added);
                }
            }
            _ => {}
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_adds_renames_and_deletes() {
        let log = "\u{1}c1\u{2}2021-03-04T05:06:07+02:00\0\nA\0a.txt\0A\0b.txt\0\
                   \u{1}c2\u{2}2022-01-01T00:00:00Z\0\nR100\0a.txt\0sub/c.txt\0D\0b.txt\0\
                   \u{1}c3\u{2}2023-01-01T00:00:00Z\0\nA\0b.txt\0R090\0../x.txt\0d.txt\0";
        let files = parse_log(log);
        let got: Vec<(&str, &str)> = files
            .iter()
            .map(|(k, v)| (k.as_str(), v.commit.as_str()))
            .collect();
        assert_eq!(got, [("b.txt", "c3"), ("d.txt", "c3"), ("sub/c.txt", "c1")]);
        assert_eq!(
            files["sub/c.txt"].date.to_rfc3339(),
            "2021-03-04T05:06:07+02:00"
        );
    }

    #[test]
    fn garbage_gives_nothing() {
        assert!(parse_log("").is_empty());
        assert!(parse_log("A\0x\0\u{1}nodate\0A\0y\0").is_empty());
    }
}
