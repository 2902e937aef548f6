//! Hostile input, `build` and `publish`: the unpublish guard, pinned ids that collide with
//! published ones, closed pipes.

use std::fs;

use crate::harness::{TestEnv, FEED_FILES};

/// The entry ids of `public/atom.xml`, parsed with feed-rs (every feed is parsed back: the
/// other two formats must hold the same entries).
fn entry_ids(env: &TestEnv) -> Vec<String> {
    let mut sets = FEED_FILES.iter().map(|name| {
        let feed = feed_rs::parser::parse(&env.output(name)[..])
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let mut ids: Vec<String> = feed.entries.into_iter().map(|e| e.id).collect();
        ids.sort();
        ids
    });
    let first = sets.next().unwrap();
    for other in sets {
        assert_eq!(other, first, "the three feeds hold different entries");
    }
    first
}

/// Every item file of the `basic` fixture's `items/`.
fn item_files(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(env.path("items"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The bytes and mtimes of the three feeds.
fn feeds_on_disk(env: &TestEnv) -> Vec<(Vec<u8>, std::time::SystemTime)> {
    FEED_FILES
        .iter()
        .map(|name| {
            let path = env.path(&format!("public/{name}"));
            (
                fs::read(&path).unwrap(),
                fs::metadata(&path).unwrap().modified().unwrap(),
            )
        })
        .collect()
}

// ---- the record of what was published ----

/// The record's entries as `.communique/published.bin` holds them (postcard: magic, format,
/// then (id, file) pairs), in the file's order.
fn record(env: &TestEnv) -> Vec<(String, String)> {
    let bytes = env.read(".communique/published.bin");
    let (magic, format, entries): ([u8; 8], u32, Vec<(String, String)>) =
        postcard::from_bytes(&bytes).unwrap();
    assert_eq!((&magic, format), (b"cmqpubld", 2));
    entries
}

#[test]
fn the_record_lists_every_published_entry_and_outlives_the_state() {
    let env = TestEnv::new("basic");
    env.run(&["publish"]).assert_code(0);
    assert!(env.path(".communique/state.bin").is_file());
    let entries = record(&env);
    let ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "entries sorted by id");
    assert_eq!(ids, entry_ids(&env), "exactly the entries of the feeds");
    let may_day = entries
        .iter()
        .find(|(id, _)| id == "tag:example.org,2022:statements/2021-05-01-may-day")
        .unwrap();
    assert_eq!(may_day.1, "2021-05-01-may-day.md");

    // A `build` that writes invalidates the no-op state; the record stays (rewritten with the
    // same bytes). `--no-cache`, because a plain `build` right after `publish` is a no-op once
    // the fixture's files are older than the racy window (a slow machine), and writes nothing.
    let before = env.read(".communique/published.bin");
    env.run(&["build", "--no-cache"]).assert_code(0);
    assert!(!env.path(".communique/state.bin").exists());
    assert_eq!(env.read(".communique/published.bin"), before);
}

#[test]
fn the_json_record_of_an_older_version_is_kept_entry_for_entry() {
    let env = TestEnv::new("basic");
    env.run(&["publish"]).assert_code(0);
    let entries = record(&env);
    assert_eq!(entries.len(), 5);
    // The record as versions before the binary one wrote it, and no binary record.
    let json = serde_json::json!({
        "format": 1,
        "entries": entries
            .iter()
            .map(|(id, file)| serde_json::json!({ "id": id, "file": file }))
            .collect::<Vec<_>>(),
    });
    env.write(
        ".communique/published.json",
        serde_json::to_string_pretty(&json).unwrap(),
    );
    env.remove(".communique/published.bin");

    // It is read: emptying the items folder would unpublish what it lists.
    let files = item_files(&env);
    for name in &files {
        env.rename(&format!("items/{name}"), &format!("aside-{name}"));
    }
    let run = env.run(&["build"]);
    run.assert_code(2);
    run.assert_stderr_contains("this run would unpublish 5 of the 5 published entries");
    assert!(env.path(".communique/published.json").is_file());
    for name in &files {
        env.rename(&format!("aside-{name}"), &format!("items/{name}"));
    }

    // The next run that writes saves it in the new form, the same entries, and drops the JSON.
    env.run(&["build", "--no-cache"]).assert_code(0);
    assert_eq!(record(&env), entries);
    assert!(!env.path(".communique/published.json").exists());
}

#[test]
fn a_corrupt_record_means_nothing_published_with_a_warning() {
    let env = TestEnv::new("basic");
    env.write(
        ".communique/published.json",
        "{\"format\": 1, \"entries\": [",
    );
    for name in item_files(&env) {
        env.remove(&format!("items/{name}"));
    }
    let run = env.run(&["build"]);
    run.assert_code(0);
    run.assert_stderr_contains(
        ".communique/published.json: warning: the record of published entries cannot be used (",
    );
    assert_eq!(entry_ids(&env), Vec::<String>::new());
}

// ---- hole 4: an empty items/ silently unpublishes everything ----

#[test]
fn publish_refuses_to_unpublish_everything_before_writing_anything() {
    let env = TestEnv::new("basic");
    env.run(&["publish"]).assert_code(0);
    let published = entry_ids(&env);
    assert_eq!(published.len(), 5);
    let before = feeds_on_disk(&env);
    for name in item_files(&env) {
        env.remove(&format!("items/{name}"));
    }

    let run = env.run(&["publish"]);
    run.assert_code(2);
    run.assert_stderr_contains(
        "items: error: this run would unpublish 5 of the 5 published entries, all of them",
    );
    run.assert_stderr_contains(
        "Nothing was written or pushed. If this is intended, run it again with --force",
    );
    assert_eq!(feeds_on_disk(&env), before, "the feeds were touched");
    assert_eq!(entry_ids(&env), published);
    // The refused run left the last run's state alone (it wrote nothing that needs redoing).
    assert!(
        env.path(".communique/state.bin").is_file(),
        "a refused run removed state.bin"
    );

    // Refused again on the next run (the record did not change), until confirmed.
    env.run(&["publish"]).assert_code(2);
    env.run(&["publish", "--force"]).assert_code(0);
    assert_eq!(entry_ids(&env), Vec::<String>::new());
    // Nothing is published now, so an empty run is no longer a loss.
    env.build();
}

#[test]
fn build_refuses_to_unpublish_everything_too() {
    let env = TestEnv::new("basic");
    env.build();
    let before = feeds_on_disk(&env);
    for name in item_files(&env) {
        env.remove(&format!("items/{name}"));
    }
    env.run(&["build"])
        .assert_code(2)
        .assert_stderr_contains("would unpublish 5 of the 5 published entries");
    assert_eq!(feeds_on_disk(&env), before);
    env.run(&["build", "--force"]).assert_code(0);
    assert_eq!(entry_ids(&env), Vec::<String>::new());
}

#[test]
fn check_reports_what_the_unpublish_guard_would_refuse() {
    let env = TestEnv::new("basic");
    env.build();
    env.run(&["check"]).assert_code(0);
    for name in item_files(&env) {
        env.remove(&format!("items/{name}"));
    }
    let run = env.run(&["check"]);
    run.assert_code(2);
    run.assert_stdout_contains(
        "items: error: `build` and `publish` would refuse this run: it would unpublish 5 of the 5 \
         published entries, all of them (the feeds would be left empty); for example",
    );
    run.assert_stdout_contains("If this is intended, run them with --force");
    run.assert_stdout_line("0 items checked: 1 error, 0 warnings");
    // `check` agrees with `build`, which refuses the same run.
    env.run(&["build"]).assert_code(2);
}

#[test]
fn losing_more_than_the_configured_share_is_refused() {
    let env = TestEnv::new("basic");
    env.build();
    // 2 of 5 (40%): within the default half.
    env.remove("items/2021-05-01-may-day.md");
    env.remove("items/2022-01-08-kazakhstan-solidarity.md");
    env.build();
    assert_eq!(entry_ids(&env).len(), 3);
    // 2 of the 3 now published (66%): more than half.
    env.remove("items/2022-03-15-stop-the-repression.md");
    env.remove("items/2023-11-07-заявление.txt");
    env.run(&["build"]).assert_code(2).assert_stderr_contains(
        "would unpublish 2 of the 3 published entries, 66%, more than \
             `[safety] max_unpublish_share = 0.5` allows",
    );
    assert_eq!(entry_ids(&env).len(), 3);
    // A looser share lets it through.
    env.append_config("\n[safety]\nmax_unpublish_share = 0.7\n");
    env.build();
    assert_eq!(entry_ids(&env).len(), 1);
}

#[test]
fn the_share_is_validated_once_as_configuration() {
    let env = TestEnv::new("basic");
    env.append_config("\n[safety]\nmax_unpublish_share = 1.5\n");
    for cmd in ["check", "build", "publish"] {
        env.run(&[cmd]).assert_code(2).assert_stderr_contains(
            "config.toml: error: `safety.max_unpublish_share` is 1.5; use a share between 0 and 1",
        );
    }
    let env = TestEnv::new("basic");
    env.append_config("\n[safety]\nmax_unpublish = 0.5\n");
    env.run(&["check"])
        .assert_code(2)
        .assert_stderr_contains("unknown field `max_unpublish`");
}

#[test]
fn folders_that_make_a_build_read_its_own_output_are_refused() {
    let cases = [
        (
            "items_dir = \"public\"\n",
            "`output_dir` is the items folder",
        ),
        (
            "output_dir = \"items/public\"\n",
            "`output_dir` is inside the items folder, so a build would read its own output",
        ),
        (
            "items_dir = \"public/items\"\n",
            "`output_dir` contains the items folder",
        ),
        (
            "items_dir = \".\"\n",
            "`output_dir` is inside the items folder",
        ),
        (
            "state_dir = \"items/.state/..\"\n",
            "`state_dir` is the items folder",
        ),
        (
            "state_dir = \"items/state\"\n",
            "`state_dir` is inside the items folder",
        ),
    ];
    for (line, message) in cases {
        let env = TestEnv::new("basic");
        let config = env.read_string("config.toml");
        env.write("config.toml", format!("{line}{config}"));
        fs::create_dir_all(env.path("public/items")).unwrap();
        for cmd in ["build", "publish", "check"] {
            env.run(&[cmd])
                .assert_code(2)
                .assert_stderr_contains(&format!("config.toml: error: {message}"));
        }
    }
    // An output folder in a hidden folder of the items folder is never walked: allowed.
    let env = TestEnv::new("basic");
    let config = env.read_string("config.toml");
    env.write(
        "config.toml",
        format!("items_dir = \".\"\noutput_dir = \".site/public\"\n{config}"),
    );
    fs::rename(env.path("items"), env.path("statements")).unwrap();
    env.run(&["build"]).assert_code(0);
}

#[test]
fn an_output_folder_reached_through_a_link_is_seen_for_what_it_is() {
    let env = TestEnv::new("basic");
    std::os::unix::fs::symlink(env.path("items"), env.path("out")).unwrap();
    let config = env.read_string("config.toml");
    env.write("config.toml", format!("output_dir = \"out\"\n{config}"));
    env.run(&["build"])
        .assert_code(2)
        .assert_stderr_contains("config.toml: error: `output_dir` is the items folder");
}

// ---- hole 6: a new file can take down a published entry ----

const PINNED: &str = "tag:example.org,2022:statements/first";

fn pinned_item(title: &str) -> String {
    format!(
        "+++\nid = \"{PINNED}\"\ntitle = \"{title}\"\ndate = 2022-03-01\n+++\n\nThe text of {title}.\n"
    )
}

#[test]
fn a_new_file_pinning_a_published_id_is_held_back_and_the_entry_stays() {
    let env = TestEnv::minimal();
    env.write("items/first.md", pinned_item("The first"));
    env.write(
        "items/other.md",
        "+++\ntitle = \"Other\"\ndate = 2022-02-01\n+++\n\nOther.\n",
    );
    env.build();
    assert!(entry_ids(&env).contains(&PINNED.to_owned()));

    // The newcomer sorts before the published file; order must not matter.
    env.write("items/a-newcomer.md", pinned_item("The newcomer"));
    let run = env.run(&["build"]);
    run.assert_code(1);
    run.assert_stderr_line(&format!(
        "items/a-newcomer.md:2: error: id `{PINNED}` is already published from items/first.md, \
         which keeps it; this file is held back: give it another `id` in its front matter"
    ));
    assert!(!run.stderr.contains("items/first.md:2: error"), "{run}");
    let atom = env.parsed("atom.xml");
    let entry = atom
        .entries
        .iter()
        .find(|e| e.id == PINNED)
        .expect("the published entry");
    assert_eq!(entry.title.as_ref().unwrap().content, "The first");
    assert_eq!(entry_ids(&env).len(), 2);

    // `check` says the same as `build`.
    env.run(&["check"])
        .assert_code(1)
        .assert_stdout_line(&format!(
        "items/a-newcomer.md:2: error: id `{PINNED}` is already published from items/first.md, \
         which keeps it; this file is held back: give it another `id` in its front matter"
    ));
}

#[test]
fn when_neither_file_was_published_both_are_held_back() {
    let env = TestEnv::minimal();
    env.write("items/first.md", pinned_item("The first"));
    env.write("items/second.md", pinned_item("The second"));
    let run = env.run(&["check"]);
    run.assert_code(1);
    run.assert_stdout_line(&format!(
        "items/first.md:2: error: id `{PINNED}` is also the id of items/second.md; give one of \
         them another `id` in its front matter"
    ));
    run.assert_stdout_line(&format!(
        "items/second.md:2: error: id `{PINNED}` is also the id of items/first.md; give one of \
         them another `id` in its front matter"
    ));
}

#[test]
fn a_published_file_renamed_with_its_pinned_id_keeps_the_entry() {
    let env = TestEnv::minimal();
    env.write("items/first.md", pinned_item("The first"));
    env.build();
    env.rename("items/first.md", "items/renamed.md");
    env.build();
    assert_eq!(entry_ids(&env), vec![PINNED.to_owned()]);
    assert_eq!(
        record(&env),
        vec![(PINNED.to_owned(), "renamed.md".to_owned())]
    );
}

#[test]
fn an_id_moved_off_the_published_file_may_be_taken_by_another() {
    let env = TestEnv::minimal();
    env.write("items/first.md", pinned_item("The first"));
    env.write(
        "items/other.md",
        "+++\ntitle = \"Other\"\ndate = 2022-02-01\n+++\n\nOther.\n",
    );
    env.build();
    // One edit: the published file gets a new id, a new file takes the old one.
    env.write(
        "items/first.md",
        pinned_item("The first").replace(PINNED, "tag:example.org,2022:statements/first-v2"),
    );
    env.write("items/successor.md", pinned_item("The successor"));
    env.build();
    let atom = env.parsed("atom.xml");
    let entry = atom
        .entries
        .iter()
        .find(|e| e.id == PINNED)
        .expect("the moved id");
    assert_eq!(entry.title.as_ref().unwrap().content, "The successor");
}

// ---- hole 10: output piped into `head` panics ----

#[test]
fn every_command_ends_quietly_when_its_output_pipe_closes() {
    let env = TestEnv::new("basic");
    let target = env.path("served");
    env.append_config(&format!(
        "\n[[push]]\nname = \"local\"\ntype = \"dir\"\npath = \"{}\"\n",
        target.display()
    ));
    env.build();
    let commands: &[&[&str]] = &[
        &["ids"],
        &["items"],
        &["items", "--format", "json"],
        &["check"],
        &["config", "show"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["man"],
        &[
            "new",
            "--title",
            "Closed pipe",
            "--text",
            "A statement written into a closed pipe.",
        ],
        &["push", "--dry-run"],
        &["push"],
        &["build"],
        &["publish"],
        &["--help"],
        &["--version"],
        &["build", "--help"],
    ];
    for args in commands {
        let out = env.run_into_closed_pipe(args);
        let stderr = &out.stderr;
        assert_eq!(
            out.status.code(),
            Some(0),
            "communique {} into a closed pipe\n{stderr}",
            args.join(" ")
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "communique {}: {stderr}",
            args.join(" ")
        );
    }
    // The work was still done: `new` wrote its file, `push` copied the feeds.
    let created = walkdir::WalkDir::new(env.path("items"))
        .into_iter()
        .any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .contains("closed-pipe")
        });
    assert!(created, "`new` did not create its file");
    assert!(target.join("atom.xml").is_file());
}

#[test]
fn ids_pin_finishes_pinning_when_its_output_pipe_closes() {
    let env = TestEnv::new("basic");
    let out = env.run_into_closed_pipe(&["ids", "--pin"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let run = env.run(&["ids"]);
    run.assert_code(0);
    assert!(run.stdout.lines().all(|l| l.ends_with("\tpinned")), "{run}");
}

#[test]
fn every_command_ends_quietly_with_its_status_when_stderr_closes() {
    let commands: &[&[&str]] = &[
        &["check"],
        &["-v", "check"],
        &["build"],
        &["build", "--log-format", "json"],
        &["ids"],
        &["items"],
        &["publish"],
        &["-v", "publish"],
        &["-v", "--log-format", "json", "publish"],
        &["push"],
        &["config", "show"],
        &["completions", "bash"],
        &["man"],
        &["new", "--title", "Closed stderr", "--text", "A statement."],
        &["--no-such-flag"],
    ];
    // Two twin instances run the same commands in the same order, one with stderr closed: each
    // command must end with the status it has when stderr is read. An item with an error gives
    // every command diagnostics to print.
    let twin = || {
        let env = TestEnv::new("basic");
        env.write("items/2024-03-01-bad.md", "+++\ntitle = [\n+++\nBody.\n");
        let target = env.path("served");
        env.append_config(&format!(
            "\n[[push]]\nname = \"local\"\ntype = \"dir\"\npath = \"{}\"\n",
            target.display()
        ));
        env
    };
    let (closed, open) = (twin(), twin());
    for args in commands {
        let want = open.run(args).code;
        let out = closed.run_with_closed_stderr(args);
        assert_eq!(
            out.status.code(),
            Some(want),
            "communique {} with a closed stderr",
            args.join(" ")
        );
    }
    // The work was still done.
    assert!(closed.path("served/atom.xml").is_file());
    assert_eq!(entry_ids(&closed), entry_ids(&open));
    assert!(!entry_ids(&closed).is_empty());
    // A fatal error (no configuration) is a message on stderr too.
    for env in [&closed, &open] {
        env.remove("config.toml");
    }
    for cmd in ["build", "check", "publish", "push", "ids", "config"] {
        let args: &[&str] = if cmd == "config" {
            &["config", "show"]
        } else {
            &[cmd]
        };
        open.run(args).assert_code(2);
        let out = closed.run_with_closed_stderr(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "communique {cmd}, no configuration"
        );
    }
}
