//! Items with no date in their front matter, text or file name are dated by their history: the
//! author date of the commit that added the file (renames followed; a shallow clone is not
//! trusted), else when the instance first saw the file (`state_dir/first_seen.json`). `ids --pin`
//! writes those dates into the front matter, and `check` summarises the warnings.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::harness::TestEnv;

/// A statement with no date anywhere: no front matter, no signature, a plain file name.
const UNDATED: &str =
    "A statement title\n\nWe say something important about the world today and tomorrow.\n";

/// Runs git in `dir` with a fixed identity and author date, and asserts that it succeeds.
fn git(dir: &Path, author_date: &str, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", author_date)
        .env("GIT_COMMITTER_DATE", "2030-01-01T00:00:00Z")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git must be installed to run these tests");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A `minimal` instance whose folder is a git repository with `items/plain.txt` committed on
/// 4 March 2021, 05:06:07 +02:00.
fn repo() -> TestEnv {
    let env = TestEnv::minimal();
    env.write("items/plain.txt", UNDATED);
    git(&env.root, "2021-03-04T05:06:07+02:00", &["init", "-q"]);
    git(&env.root, "2021-03-04T05:06:07+02:00", &["add", "."]);
    git(
        &env.root,
        "2021-03-04T05:06:07+02:00",
        &["commit", "-qm", "one"],
    );
    env
}

/// The `items --format json` output.
fn items_json(env: &TestEnv) -> serde_json::Value {
    let run = env.run(&["items", "--format", "json"]);
    run.assert_code(0);
    serde_json::from_str(&run.stdout).expect("items JSON")
}

/// The `date_published` of the only item of `public/feed.json`, parsed back.
fn feed_date(env: &TestEnv) -> String {
    let feed: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{feed}");
    items[0]["date_published"].as_str().unwrap().to_owned()
}

#[test]
fn an_undated_item_takes_the_author_date_of_the_commit_that_added_it() {
    let env = repo();
    let items = items_json(&env);
    let published = &items[0]["published"];
    assert_eq!(published["value"], "2021-03-04T03:06:07Z", "{published}");
    assert_eq!(published["from"], "history");
    assert_eq!(published["commit"].as_str().unwrap().len(), 40);

    let check = env.run(&["check"]);
    check.assert_code(0);
    check.assert_stdout_line(
        "warning: 1 item: no date in the front matter, text or file name: dated by the commit \
         that added the file (items/plain.txt): `communique ids --pin` writes the dates into the \
         front matter; `-v` shows each",
    );
    env.build();
    assert_eq!(feed_date(&env), "2021-03-04T03:06:07Z");
    let atom = env.parsed("atom.xml");
    assert_eq!(
        atom.entries[0].published.unwrap().to_rfc3339(),
        "2021-03-04T03:06:07+00:00"
    );
    // The history is the date, not the moment of the run: nothing was recorded.
    assert!(!env.path(".communique/first_seen.json").exists());
}

#[test]
fn a_rename_keeps_the_date_of_the_commit_that_added_the_file() {
    let env = repo();
    git(
        &env.root,
        "2022-06-01T00:00:00Z",
        &["mv", "items/plain.txt", "items/renamed.txt"],
    );
    git(
        &env.root,
        "2022-06-01T00:00:00Z",
        &["commit", "-qm", "rename"],
    );
    // A file added later has its own date.
    env.write("items/later.txt", UNDATED.replace("title", "other title"));
    git(&env.root, "2023-01-02T03:04:05Z", &["add", "."]);
    git(
        &env.root,
        "2023-01-02T03:04:05Z",
        &["commit", "-qm", "later"],
    );
    let items = items_json(&env);
    let dates: Vec<(&str, &str)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap(),
                i["published"]["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("items/later.txt", "2023-01-02T03:04:05Z"),
            ("items/renamed.txt", "2021-03-04T03:06:07Z"),
        ]
    );
}

#[test]
fn a_shallow_clone_is_not_trusted() {
    let origin = repo();
    git(
        &origin.root,
        "2022-06-01T00:00:00Z",
        &["mv", "items/plain.txt", "items/renamed.txt"],
    );
    git(
        &origin.root,
        "2022-06-01T00:00:00Z",
        &["commit", "-qm", "rename"],
    );
    let env = TestEnv::empty();
    let url = format!("file://{}", origin.root.display());
    git(
        &env.root,
        "2022-06-01T00:00:00Z",
        &["clone", "-q", "--depth", "1", &url, "."],
    );
    let items = items_json(&env);
    assert_eq!(items[0]["published"]["from"], "first_seen", "{items}");
    let check = env.run(&["check"]);
    check.assert_code(0);
    check.assert_stdout_line(
        "items: warning: the items folder is in a shallow git clone, which may lack the commits \
         that added its files: undated items are dated by when this instance first saw them \
         (`git fetch --unshallow` gives the full history)",
    );
}

#[test]
fn a_file_not_committed_yet_is_dated_when_first_seen() {
    let env = repo();
    env.write("items/new.txt", UNDATED.replace("title", "new title"));
    let items = items_json(&env);
    assert_eq!(items[0]["path"], "items/new.txt");
    assert_eq!(items[0]["published"]["from"], "first_seen");
    assert_eq!(items[1]["published"]["from"], "history");
}

#[test]
fn without_git_the_first_seen_date_is_recorded_and_never_moves() {
    let env = TestEnv::minimal();
    env.write("items/plain.txt", UNDATED);
    let check = env.run(&["check"]);
    check.assert_code(0);
    check.assert_stdout_line(
        "warning: 1 item: no date in the front matter, text or file name, and no commit: dated \
         by when this instance first saw the file (items/plain.txt): `communique ids --pin` \
         writes the dates into the front matter; `-v` shows each",
    );
    // `check` holds no lock and records nothing.
    assert!(!env.path(".communique/first_seen.json").exists());

    env.build();
    let first = feed_date(&env);
    let table: serde_json::Value =
        serde_json::from_slice(&env.read(".communique/first_seen.json")).unwrap();
    assert!(table["items"]["plain.txt"]["date"].is_string(), "{table}");
    assert_eq!(items_json(&env)[0]["published"]["from"], "first_seen");

    // Later runs, a publish (whose state is invalidated and rewritten) and a rename with `mv`
    // keep the date.
    std::thread::sleep(Duration::from_millis(1100));
    env.build();
    assert_eq!(feed_date(&env), first);
    env.run(&["publish"]).assert_code(0);
    assert_eq!(feed_date(&env), first);
    // The rename changes the minted id, so the unpublish guard asks for `--force`.
    env.rename("items/plain.txt", "items/renamed.txt");
    env.run(&["build", "--force"]).assert_code(0);
    assert_eq!(feed_date(&env), first);
    let table: serde_json::Value =
        serde_json::from_slice(&env.read(".communique/first_seen.json")).unwrap();
    let names: Vec<&String> = table["items"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["renamed.txt"]);
}

#[test]
fn a_corrupt_first_seen_table_is_fatal_rather_than_forgotten() {
    let env = TestEnv::minimal();
    env.write("items/plain.txt", UNDATED);
    env.write(".communique/first_seen.json", "{");
    let run = env.run(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains(
        ".communique/first_seen.json: error: cannot read the first-seen dates",
    );
    assert_eq!(env.read_string(".communique/first_seen.json"), "{");
}

#[test]
fn publish_is_a_no_op_after_recording_first_seen_dates_and_not_after_losing_them() {
    let env = TestEnv::minimal();
    env.write("items/plain.txt", UNDATED);
    // Old enough that the fingerprint can vouch for the inputs.
    std::thread::sleep(Duration::from_millis(300));
    env.run(&["publish"]).assert_code(0);
    let again = env.run(&["-v", "publish"]);
    again.assert_code(0);
    again.assert_stderr_contains("nothing changed since the last successful run");

    env.remove(".communique/first_seen.json");
    let after_loss = env.run(&["-v", "publish"]);
    after_loss.assert_code(0);
    assert!(
        !after_loss.stderr.contains("nothing changed"),
        "a lost first-seen table changes the dates: full run\n{after_loss}"
    );
}

#[test]
fn pin_writes_the_id_and_the_history_date_into_the_front_matter() {
    let env = repo();
    env.write("items/seen.txt", UNDATED.replace("title", "seen title"));
    env.build();
    let before = std::str::from_utf8(&env.output("feed.json"))
        .unwrap()
        .to_owned();

    let pin = env.run(&["ids", "--pin"]);
    pin.assert_code(0);
    assert_eq!(
        env.read_string("items/plain.txt"),
        format!(
            "+++\nid = \"tag:example.org,2022:statements/plain\"\ndate = 2021-03-04T03:06:07Z\n+++\n{UNDATED}"
        )
    );
    let seen = env.read_string("items/seen.txt");
    assert!(
        seen.starts_with("+++\nid = \"tag:example.org,2022:statements/seen\"\ndate = 20"),
        "{seen}"
    );

    // Both dates now come from the front matter, the feeds do not change, and no warning about
    // the history is left.
    let items = items_json(&env);
    for item in items.as_array().unwrap() {
        assert_eq!(item["published"]["from"], "front_matter", "{item}");
    }
    env.build();
    assert_eq!(
        std::str::from_utf8(&env.output("feed.json")).unwrap(),
        before
    );
    let check = env.run(&["check"]);
    assert!(!check.stdout.contains("no date"), "{check}");
    let ids = env.run(&["ids"]);
    assert!(ids.stdout.lines().all(|l| l.ends_with("\tpinned")), "{ids}");
}

#[test]
fn many_guesses_of_one_kind_are_one_summary_line_and_each_with_verbose() {
    let env = TestEnv::minimal();
    for i in 0..5 {
        env.write(
            &format!("items/2022-01-0{}-s{i}.txt", i + 1),
            // (`Statement number 2` would be a numbered label, like `Comunicado N° 7`, not a title.)
            format!("Our view on topic {i}\n\nWe say something important about the world today.\n"),
        );
    }
    let check = env.run(&["check"]);
    check.assert_code(0);
    check.assert_stdout(
        "warning: 5 items: title inferred from the first line (items/2022-01-01-s0.txt, \
         items/2022-01-02-s1.txt and 3 more): add `title` to the front matter to choose it; `-v` \
         shows each\nwarning: 5 items: language not detected reliably, the configured one used \
         (items/2022-01-01-s0.txt, items/2022-01-02-s1.txt and 3 more): add `lang` to the front \
         matter; `-v` shows each\n5 items checked: 0 errors, 10 warnings\n",
    );
    let verbose = env.run(&["-v", "check"]);
    verbose.assert_code(0);
    assert_eq!(verbose.stdout_diagnostics().len(), 10, "{verbose}");
    verbose.assert_stdout_line(
        "items/2022-01-03-s2.txt:1: warning: title inferred from the first line: \"Our view \
         on topic 2\"; add `title` to the front matter to choose it",
    );
}
