//! `communique publish` as cron runs it: quiet success, no-op runs that write nothing, the
//! state file's failure modes, leftover cleanup, and the exit status of each failure class.

use std::fs;
use std::time::Duration;

use crate::harness::{assert_whole, edit, Run, TestEnv, FEED_FILES};

#[test]
fn first_publish_is_silent_and_writes_whole_feeds() {
    let env = TestEnv::ops();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "", "warnings are shown only with --verbose");
    for (name, bytes) in env.feeds() {
        assert_whole(name, &bytes.unwrap());
    }
    assert!(env.state_dir().join("state.bin").is_file());
    assert!(env.state_dir().join("lock").is_file());
}

#[test]
fn no_op_publish_writes_nothing_and_says_nothing() {
    let env = TestEnv::ops();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    env.settle();
    let before = env.snapshot();
    assert!(before.0.contains_key(".communique/state.bin"));
    assert!(before.0.contains_key(".communique/lock"));
    std::thread::sleep(Duration::from_millis(20));
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "");
    assert_eq!(
        before,
        env.snapshot(),
        "a no-op run changes no file (bytes and mtimes), state and lock file included"
    );

    let out = env.run_bare(&["publish", "-v"]);
    assert_eq!(out.status.code(), Some(0));
    let err = out.stderr;
    assert!(
        err.contains("nothing changed since the last successful run"),
        "{err}"
    );
    assert!(
        err.contains("warning: title inferred from the first line"),
        "a no-op run reports what a full run would: {err}"
    );
}

#[test]
fn changes_to_items_and_outputs_are_noticed() {
    let env = TestEnv::ops();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    env.settle();

    // An edited item.
    let item = env.path("items/2022/2022-03-01-solidarity.md");
    edit(&item, "striking oil workers", "striking gas workers");
    env.settle();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    let atom = fs::read_to_string(env.public().join("atom.xml")).unwrap();
    assert!(atom.contains("striking gas workers"), "{atom}");

    // Same size, mtime put back: ctime and the new inode still tell.
    let meta = fs::metadata(&item).unwrap();
    let mtime = meta.modified().unwrap();
    edit(&item, "striking gas workers", "striking tea workers");
    fs::File::options()
        .write(true)
        .open(&item)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(fs::metadata(&item).unwrap().len(), meta.len());
    env.settle();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    let atom = fs::read_to_string(env.public().join("atom.xml")).unwrap();
    assert!(atom.contains("striking tea workers"));

    // A new item.
    fs::write(
        env.path("items/2024/2024-05-01-may-day.md"),
        "+++\ntitle = \"May Day\"\ndate = 2024-05-01\n+++\n\nWorkers of the world.\n",
    )
    .unwrap();
    env.settle();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    let json = fs::read_to_string(env.public().join("feed.json")).unwrap();
    assert!(json.contains("May Day"));

    // A deleted and an edited output file.
    env.settle();
    let good = env.feeds();
    fs::remove_file(env.public().join("rss.xml")).unwrap();
    fs::write(env.public().join("atom.xml"), "vandalised").unwrap();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    assert_eq!(env.feeds(), good);

    // The configuration.
    env.settle();
    edit(
        &env.path("config.toml"),
        "title = \"Ops fixture\"",
        "title = \"Renamed\"",
    );
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    let atom = fs::read_to_string(env.public().join("atom.xml")).unwrap();
    assert!(atom.contains(">Renamed</title>"), "{atom}");
}

#[test]
fn missing_or_corrupt_state_costs_a_full_run_not_a_wrong_result() {
    let env = TestEnv::ops();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    let good = env.feeds();
    let state = env.state_dir().join("state.bin");
    for garbage in [&b""[..], b"{not json", b"{\"format\":99}", b"\x00\x01\x02"] {
        // Also change an output, so a state wrongly trusted would leave it broken.
        fs::write(env.public().join("feed.json"), "{}").unwrap();
        fs::write(&state, garbage).unwrap();
        env.settle();
        let out = env.run_bare(&["publish"]);
        assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
        assert_eq!(out.stderr, "");
        assert_eq!(env.feeds(), good);
        // The state written again: its magic, then format 4 (a postcard `u32`).
        let repaired = fs::read(&state).unwrap();
        assert_eq!(&repaired[..9], b"cmqstate\x04");
    }
    fs::remove_file(&state).unwrap();
    fs::remove_file(env.public().join("atom.xml")).unwrap();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    assert_eq!(env.feeds(), good);
}

#[test]
fn leftover_temporary_files_are_removed_even_by_a_no_op_run() {
    let env = TestEnv::ops();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    env.settle();
    let planted = [
        env.public().join(".communique-AbC123.tmp"),
        env.state_dir().join(".communique-XyZ789.tmp"),
    ];
    for p in &planted {
        fs::write(p, "half a feed").unwrap();
    }
    let unrelated = env.public().join("notes.tmp");
    fs::write(&unrelated, "keep").unwrap();
    let out = env.run_bare(&["publish", "-v"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.contains("nothing changed"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("removed temporary files left by an interrupted run"),
        "{}",
        out.stderr
    );
    assert!(env.leftovers().is_empty(), "{:?}", env.leftovers());
    assert!(unrelated.exists());
}

#[test]
fn bad_config_is_fatal() {
    let env = TestEnv::ops();
    edit(
        &env.path("config.toml"),
        "limit = 50",
        "limit = 50\nlimmit = 3",
    );
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(2));
    let err = out.stderr;
    assert!(err.starts_with("config.toml:9:1: error:"), "{err}");
    assert!(err.contains("unknown field `limmit`"), "{err}");
    assert!(err.contains("(help: did you mean `limit`?)"), "{err}");
    assert!(!env.public().exists(), "nothing is written");

    let out = env.run_bare(&["publish", "--config", "missing.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out
        .stderr
        .starts_with("missing.toml: error: cannot read the configuration"));
}

#[test]
fn item_errors_exit_1_and_the_other_items_are_published() {
    let env = TestEnv::ops();
    fs::write(
        env.path("items/2023/broken.md"),
        "+++\ntitle = \"Broken\"\ndate = \"8 Jan\"\n+++\n\nText.\n",
    )
    .unwrap();
    env.settle();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = "items/2023/broken.md:3:8: error: `date`: `8 Jan` is not a date: write \
                    2022-01-08, 2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00 (help: write \
                    the date as 2022-01-08, or in words as the text would (`8 January 2022`, \
                    `12 mars 2025`))\n";
    assert_eq!(out.stderr, expected);
    let atom = fs::read_to_string(env.public().join("atom.xml")).unwrap();
    assert!(atom.contains("Solidarity with the striking oil workers"));
    assert!(!atom.contains("Broken"));

    // The no-op run that follows reports the same thing with the same status.
    env.settle();
    let before = env.feeds();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stderr, expected);
    assert_eq!(env.feeds(), before);
}

#[test]
fn unwritable_output_folder_is_fatal() {
    let env = TestEnv::ops();
    // A file where the output folder should be: no permission trick, so it holds for root too.
    fs::write(env.public(), "not a folder").unwrap();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(2));
    let err = out.stderr;
    assert!(
        err.starts_with("public/atom.xml: error: cannot write:"),
        "{err}"
    );
    assert!(!env.state_dir().join("state.bin").exists());

    fs::remove_file(env.public()).unwrap();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
}

#[test]
fn unusable_state_folder_is_fatal() {
    let env = TestEnv::ops();
    fs::write(env.state_dir(), "not a folder").unwrap();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(2));
    let err = out.stderr;
    assert!(
        err.starts_with(".communique/lock: error: cannot take the instance lock:"),
        "{err}"
    );
    assert!(!env.public().exists());
}

#[test]
fn missing_items_folder_is_fatal() {
    let env = TestEnv::ops();
    fs::remove_dir_all(env.path("items")).unwrap();
    let out = env.run_bare(&["publish"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out
        .stderr
        .starts_with("items: error: the items folder does not exist"));
}

#[test]
fn config_path_from_the_environment() {
    let env = TestEnv::ops();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = Run::of(
        env.command()
            .current_dir(elsewhere.path())
            .env("COMMUNIQUE_CONFIG", env.path("config.toml"))
            .arg("publish"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    for (name, bytes) in env.feeds() {
        assert_whole(name, &bytes.unwrap());
    }

    // From the instance folder, messages name files relatively: not a no-op of the run above,
    // whose messages named them absolutely.
    env.settle();
    let out = env.run_bare(&["publish", "-v"]);
    let err = out.stderr;
    assert!(err.contains("INFO published"), "{err}");
    assert!(
        err.starts_with("items/2024/2024-03-08-womens-day.txt:1: warning:"),
        "{err}"
    );
}

#[test]
fn json_logs_are_one_object_per_line() {
    let env = TestEnv::ops();
    fs::write(
        env.path("items/2023/broken.md"),
        "+++\ntitle = \"Broken\"\ndate = \"8 Jan\"\n+++\n\nText.\n",
    )
    .unwrap();
    let out = env.run_bare(&["publish", "-v", "--log-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = out.stderr;
    let events: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let error = events
        .iter()
        .find(|e| e["level"] == "ERROR")
        .expect("an error event");
    assert_eq!(error["fields"]["path"], "items/2023/broken.md");
    assert_eq!(error["target"], "communique::diagnostic");
    assert!(events
        .iter()
        .any(|e| e["level"] == "INFO" && e["fields"]["message"] == "published"));

    // Fatal errors too, and the variable works like the flag.
    edit(&env.path("config.toml"), "limit = 50", "limit = 0");
    let out = Run::of(
        env.command()
            .env("COMMUNIQUE_LOG_FORMAT", "json")
            .arg("publish"),
    );
    assert_eq!(out.status.code(), Some(2));
    let event: serde_json::Value = serde_json::from_str(out.stderr.trim()).unwrap();
    assert_eq!(event["level"], "ERROR");
    let message = event["fields"]["message"].as_str().unwrap();
    assert!(message.contains("`limit` must be at least 1"), "{message}");
}

#[test]
fn no_colour_when_not_a_terminal_or_with_no_color() {
    let env = TestEnv::ops();
    fs::write(
        env.path("items/2023/broken.md"),
        "+++\ntitle = \"B\"\ndate = \"8 Jan\"\n+++\n",
    )
    .unwrap();
    for no_color in [None, Some("1")] {
        let mut cmd = env.command();
        cmd.args(["publish", "-v"]);
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = Run::of(&mut cmd);
        assert_eq!(out.status.code(), Some(1));
        assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
        assert!(out.stderr.contains("error:"));
    }
}

#[test]
fn build_does_not_make_publish_skip_its_work() {
    // `build` writes without saving the state, so the publish after it still does a full run
    // (and would push what build wrote).
    let env = TestEnv::ops();
    assert_eq!(env.run_bare(&["publish"]).status.code(), Some(0));
    edit(
        &env.path("items/2023/2023-05-01-mayo.md"),
        "¡Viva el Primero de Mayo!",
        "¡Viva el 1.º de Mayo!",
    );
    env.settle();
    let out = env.run_bare(&["build", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let out = env.run_bare(&["publish", "-v"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.contains("INFO published"), "{}", out.stderr);
    for name in FEED_FILES {
        let bytes = fs::read(env.public().join(name)).unwrap();
        assert_whole(name, &bytes);
    }
}
