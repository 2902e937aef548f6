//! The command line around push: dry runs, target selection, configuration errors.

use crate::push::support::{site_v1, tree, Instance};

fn dir_target(name: &str, path: &str) -> String {
    format!("[[push]]\nname = \"{name}\"\ntype = \"dir\"\npath = \"{path}\"\n")
}

#[test]
fn dry_run_prints_the_plan_in_order_and_touches_nothing() {
    let env = Instance::new(&format!(
        "hubs = [\"http://127.0.0.1:9/hub\"]\n{}",
        dir_target("www", "www")
    ));
    env.write_site(&site_v1());
    let run = env.push(&["--dry-run"]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("push `www` (dir, "), "{run}");
    assert_eq!(
        lines[1], "  sending everything: no manifest from an earlier push",
        "{run}"
    );
    let uploads: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("  upload "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        uploads,
        [
            "2024/first/index.html",
            "2024/second/index.html",
            "style.css",
            "feeds.opml",
            "index.html",
            "atom.xml",
            "feed.json",
            "rss.xml"
        ],
        "{run}"
    );
    assert!(run.stdout.contains("upload atom.xml ("), "{run}");
    assert!(
        run.stdout.contains("application/atom+xml; charset=utf-8"),
        "{run}"
    );
    assert!(run.stdout.contains("would send 8 files"), "{run}");
    assert!(
        run.stdout.ends_with(
            "after a successful push, would announce to 1 WebSub hub(s): \
             https://example.org/statements/atom.xml https://example.org/statements/feed.json \
             https://example.org/statements/rss.xml\n"
        ),
        "{run}"
    );
    assert!(!env.root.join("www").exists(), "dry run created the target");
    assert!(!env.state().exists(), "dry run wrote state");
}

#[test]
fn dry_run_shows_deletions_and_the_guard() {
    let env = Instance::new(&format!(
        "{}[push_settings]\nmax_deletes = 1\n",
        dir_target("www", "www")
    ));
    let mut site = site_v1();
    env.write_site(&site);
    env.push(&[]).ok();
    site.remove("style.css");
    site.remove("2024/second/index.html");
    env.write_site(&site);
    let run = env.push(&["--dry-run"]);
    run.ok();
    assert!(
        run.stdout
            .contains("  delete 2024/second/index.html\n  delete style.css\n"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("deletions refused: 2 is more than max_deletes = 1 (needs --force)"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("would send 0 files (0 B), delete 0, skip 6"),
        "{run}"
    );
    let forced = env.push(&["--dry-run", "--force"]);
    assert!(forced.stdout.contains("delete 2, skip 6"), "{forced}");
    assert_eq!(
        tree(&env.root.join("www")).len(),
        8,
        "dry run deleted something"
    );
}

#[test]
fn targets_can_be_selected_and_unknown_ones_are_named() {
    let env = Instance::new(&format!(
        "{}{}",
        dir_target("a", "www-a"),
        dir_target("b", "www-b")
    ));
    env.write_site(&site_v1());
    let run = env.push(&["--target", "b"]);
    run.ok();
    assert!(!env.root.join("www-a").exists());
    assert_eq!(tree(&env.root.join("www-b")).len(), 8);
    assert!(run.stderr.contains("push `b`: 8 sent"), "{run}");

    let run = env.push(&["--target", "c"]);
    run.failed();
    assert_eq!(
        run.stderr.trim(),
        "error: no push target is named `c` (configured: a, b)",
        "{run}"
    );
}

#[test]
fn without_targets_or_output_the_push_fails_clearly() {
    let env = Instance::new("");
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr
            .contains("no push target is configured; add a [[push]] table to config.toml"),
        "{run}"
    );

    let env = Instance::new(&dir_target("www", "www"));
    std::fs::remove_dir_all(env.public()).unwrap();
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr
            .contains("public: error: cannot read the output folder"),
        "{run}"
    );
    assert!(run.stderr.contains("run `communique build` first"), "{run}");
}

#[test]
fn bad_push_configuration_is_reported_before_anything_happens() {
    let env = Instance::new(
        "[[push]]\nname = \"x\"\ntype = \"webdav\"\nurl = \"https://u:hunter2@dav.example.org/\"\n",
    );
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains(
            "config.toml: error: `push` target `x`: `url` must not contain a user name or password"
        ),
        "{run}"
    );
    assert!(!run.stderr.contains("hunter2"), "{run}");

    let env =
        Instance::new("[[push]]\nname = \"x\"\ntype = \"s3\"\nbucket = \"b\"\nbukket = \"c\"\n");
    let run = env.push(&[]);
    run.failed();
    assert!(run.stderr.contains("unknown field `bukket`"), "{run}");

    // `build` reads the same file: a push table it does not use must still be valid.
    let run = env.run(&["build"]);
    run.failed();
}
