//! Two runs on one instance at once: the second waits (then finds nothing to do) or, with
//! `--no-wait`, exits 2 at once; writes never interleave. The first run is held at a test pause
//! point (see `src/ops/test_hooks.rs`), so nothing here depends on timing.

use std::fs;
use std::process::Stdio;

use crate::harness::{assert_whole, edit, wait_for_line, TestEnv};

#[test]
fn second_publish_with_no_wait_exits_2_at_once() {
    let env = TestEnv::ops();
    let (first, pause) = env.spawn_paused(&["publish"], "locked");

    for args in [&["publish", "--no-wait"][..], &["build", "-q", "--no-wait"]] {
        let out = env.run_bare(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            out.stderr,
            format!(
                ".communique/lock: error: another communique run (process {}) is working on \
                 this instance; not waiting (--no-wait)\n",
                first.id()
            ),
            "{args:?}"
        );
        assert!(!env.public().exists(), "{args:?} wrote nothing");
    }

    fs::remove_file(pause).unwrap();
    let out = first.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    for (name, bytes) in env.feeds() {
        assert_whole(name, &bytes.unwrap());
    }
}

#[test]
fn second_publish_waits_then_finds_nothing_to_do() {
    let env = TestEnv::ops();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    edit(
        &env.path("items/2022/2022-03-01-solidarity.md"),
        "three weeks",
        "four weeks",
    );
    env.settle();

    // The first run holds the lock in the middle of writing the feeds.
    let (first, pause) = env.spawn_paused(&["publish"], "after-write:1");
    let mut second = env
        .command()
        .args(["publish", "-v"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (seen, rest) = wait_for_line(&mut second, "waiting for another communique run to finish");
    assert!(
        seen.last()
            .unwrap()
            .contains(&format!("holder={}", first.id())),
        "{seen:?}"
    );

    fs::remove_file(pause).unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let feeds = env.feeds();
    let second_status = second.wait().unwrap();
    assert_eq!(second_status.code(), Some(0));
    // The waiting run found the first run's work complete and wrote nothing.
    let rest = rest.join().unwrap();
    assert!(
        rest.contains("nothing changed since the last successful run"),
        "{rest}"
    );
    assert_eq!(env.feeds(), feeds);
    let atom = String::from_utf8(feeds["atom.xml"].clone().unwrap()).unwrap();
    assert!(atom.contains("four weeks"));
    for (name, bytes) in feeds {
        assert_whole(name, &bytes.unwrap());
    }
}

#[test]
fn waiting_gives_up_after_lock_timeout() {
    let env = TestEnv::ops();
    edit(
        &env.path("config.toml"),
        "limit = 50",
        "limit = 50\nlock_timeout = 1",
    );
    let (first, pause) = env.spawn_paused(&["publish"], "locked");
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(2));
    let err = out.stderr;
    assert!(
        err.starts_with(&format!(
            ".communique/lock: error: another communique run (process {}) is still working",
            first.id()
        )),
        "{err}"
    );
    assert!(err.contains("(lock_timeout); giving up"), "{err}");
    fs::remove_file(pause).unwrap();
    assert_eq!(first.wait_with_output().unwrap().status.code(), Some(0));
}

#[test]
fn lock_is_released_when_the_holder_is_killed() {
    let env = TestEnv::ops();
    let (mut first, _pause) = env.spawn_paused(&["publish"], "locked");
    first.kill().unwrap();
    first.wait().unwrap();
    let out = env.run_bare(&["publish", "--no-wait"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
}
