//! Incremental builds: a `build` with nothing changed is a no-op; after a change only the
//! documents whose inputs changed are rendered (`state_dir/documents.bin`); whatever the cache
//! holds (another configuration, template or binary, a corrupt file, an output deleted by hand),
//! the output is byte for byte what a build from nothing writes.

use std::fs;

use crate::harness::{copy_dir, tree, Run, TestEnv};

/// The `feed_set` fixture, settled, with debug logs (to read how many documents a run
/// rendered).
fn instance() -> TestEnv {
    let mut env = TestEnv::settled("feed_set");
    env.set_env("RUST_LOG", "communique=debug");
    env
}

/// `(documents, rendered)` from a build's debug log; `None` when it rendered nothing at all (a
/// no-op build does not get that far).
fn rendered(run: &Run) -> Option<(usize, usize)> {
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("documents with changed inputs rendered"))?;
    let number = |key: &str| -> usize {
        let start = line.find(key).unwrap_or_else(|| panic!("{key} in {line}")) + key.len();
        line[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    Some((number("documents="), number("rendered=")))
}

/// The output of a build of the same items and configuration from nothing (another folder, no
/// state, `--no-cache`), and what that build printed.
fn cold_build(env: &TestEnv) -> (std::collections::BTreeMap<String, Vec<u8>>, Run) {
    let cold = TestEnv::empty();
    for entry in fs::read_dir(env.root()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "public" || name == ".communique" {
            continue;
        }
        let to = cold.root().join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), to).unwrap();
        }
    }
    let run = cold.run(&["build", "--no-cache"]);
    run.assert_code(0);
    (tree(&cold.public()), run)
}

/// The output folder holds what a cold build writes; returns that build's run.
fn assert_same_as_cold(env: &TestEnv) -> Run {
    let warm = tree(&env.public());
    let (cold, run) = cold_build(env);
    assert_eq!(
        warm.keys().collect::<Vec<_>>(),
        cold.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cold {
        assert!(warm[path] == *bytes, "{path} differs from a cold build");
    }
    run
}

/// `(read, reused)`: item files read and taken from the item cache, from a debug log.
fn items_read(run: &Run) -> (usize, usize) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("item files read, and taken from the cache"))
        .unwrap_or_else(|| panic!("no item count in {}", run.stderr));
    let number = |key: &str| -> usize {
        let start = line.find(key).unwrap() + key.len();
        line[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    (number("read="), number("reused="))
}

/// The diagnostics a build prints, without the debug log and the summary line.
fn diagnostics(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| !l.contains("DEBUG") && !l.contains(" INFO ") && !l.contains(" files in "))
        .collect()
}

#[test]
fn a_warm_build_reads_renders_and_writes_nothing() {
    let env = instance();
    let cold = env.build();
    let (documents, rendered_cold) = rendered(&cold).expect("a cold build renders");
    assert_eq!(rendered_cold, documents);
    env.settle();
    let before = env.snapshot();
    let warm = env.build();
    assert_eq!(rendered(&warm), None, "nothing rendered: {}", warm.stderr);
    assert_eq!(before, env.snapshot(), "no file written, state included");
    assert!(!diagnostics(&cold).is_empty(), "the fixture has warnings");
    assert_eq!(
        diagnostics(&warm),
        diagnostics(&cold),
        "the same diagnostics"
    );
    assert!(
        warm.stderr
            .contains(&format!("0 created, 0 updated, {documents} unchanged")),
        "{}",
        warm.stderr
    );
    // A publish after it still does the full run (and its own no-op after that).
    let publish = env.run(&["publish"]);
    publish.assert_code(0);
    assert_eq!(rendered(&publish), Some((documents, 0)));
}

#[test]
fn editing_one_item_renders_only_its_documents() {
    let env = instance();
    env.build();
    let before = tree(&env.public());
    let item = "items/2021-05-01-old.en.md";
    let text = env.read_string(item).replace("+++\n\n", "+++\n\nEdited. ");
    assert_ne!(text, env.read_string(item), "the edit changes the body");
    env.write(item, text);
    let run = env.build();
    assert_eq!(items_read(&run), (1, 5), "only the edited file is read");
    let after = tree(&env.public());
    let changed = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .count();
    let (_, rendered) = rendered(&run).expect("a build after an edit renders");
    assert!(
        changed > 0 && rendered >= changed,
        "{rendered} rendered, {changed} changed"
    );
    assert!(
        rendered < after.len() / 2,
        "{rendered} of {} rendered for one item",
        after.len()
    );
    let cold = assert_same_as_cold(&env);
    assert_eq!(
        diagnostics(&run),
        diagnostics(&cold),
        "cached items report what they reported when read"
    );
}

/// Writes a statement scheduled for 2030-02-01 and updated 2030-03-01 (both front matter) and
/// waits out the racy window.
fn write_scheduled(env: &TestEnv) {
    env.write(
        "items/2030-02-01-scheduled.en.md",
        "+++\ntitle = \"Scheduled\"\ndate = 2030-02-01T09:00:00Z\nupdated = 2030-03-01T09:00:00Z\n+++\n\nA statement released later.\n",
    );
    env.settle();
}

/// The instance with the scheduled statement ([`write_scheduled`]), built at 2030-01-01, and
/// how many item files that build read (all of them).
fn built_with_scheduled() -> (TestEnv, usize) {
    let mut env = instance();
    env.set_env("COMMUNIQUE_NOW", "2030-01-01T00:00:00Z");
    write_scheduled(&env);
    let (files, _) = items_read(&env.build());
    (env, files)
}

/// Whether a build warned that the scheduled statement's update date is more than a day ahead.
fn warned_of_the_update(run: &Run) -> bool {
    diagnostics(run)
        .iter()
        .any(|d| d.contains("`updated`") && d.contains("more than a day in the future"))
}

/// Asserts that `run` reported what a build reading every file (`--no-cache`, at the same
/// clock) reports; returns that build.
fn reported_as_when_read(env: &TestEnv, run: &Run) -> Run {
    let cold = env.run(&["build", "--no-cache"]);
    cold.assert_code(0);
    assert_eq!(
        diagnostics(run),
        diagnostics(&cold),
        "as when every file is read"
    );
    cold
}

/// A day before the scheduled statement's update date (its warning ended, the statement
/// released): the next build reads its file again, and only it of the `files`, and reports what
/// a build reading every file reports.
fn read_again_when_the_warning_ends(env: &mut TestEnv, files: usize) {
    env.set_env("COMMUNIQUE_NOW", "2030-02-28T12:00:00Z");
    let run = env.build();
    assert_eq!(items_read(&run), (1, files - 1), "{}", run.stderr);
    assert!(!warned_of_the_update(&run), "{}", run.stderr);
    reported_as_when_read(env, &run);
}

/// Edits an item other than the ones a test dates, so that the next build is a full one.
fn edit_another_item(env: &TestEnv) {
    let other = "items/2022-01-08-a.md";
    env.write(other, env.read_string(other) + "\nEdited.\n");
    env.settle();
}

/// An item dated ahead of the clock (scheduled, and updated more than a day ahead, which is
/// warned about): its entry is taken from the item cache while the clock says the same of its
/// dates, even as the clock moves, and its file is read again once it does not (the warning
/// gone). Each build reports what a build that reads every file reports at its clock.
#[test]
fn an_item_dated_ahead_is_cached_while_the_clock_says_the_same_of_its_dates() {
    let (mut env, files) = built_with_scheduled();

    // Two weeks later, another item edited: the scheduled one is taken from the cache.
    env.set_env("COMMUNIQUE_NOW", "2030-01-15T00:00:00Z");
    edit_another_item(&env);
    let run = env.build();
    assert_eq!(items_read(&run), (1, files - 1), "{}", run.stderr);
    assert!(
        warned_of_the_update(&run),
        "the warning is reported from the cache: {}",
        run.stderr
    );
    let cold = reported_as_when_read(&env, &run);
    assert_eq!(items_read(&cold), (files, 0));

    // Less than a day before the update date (the item released since): read again.
    read_again_when_the_warning_ends(&mut env, files);
}

/// A scheduled item's entry keeps the clock it was read at when a `touch` moves its stamp (the
/// entry is taken by its bytes and written again with the new stamp): a later clock that ends
/// its warning still reads it again.
#[test]
fn a_touched_scheduled_item_keeps_the_clock_it_was_read_at() {
    let (mut env, files) = built_with_scheduled();
    // The same bytes under a new stamp: taken from the cache, its entry restamped.
    env.set_env("COMMUNIQUE_NOW", "2030-01-15T00:00:00Z");
    let scheduled = "items/2030-02-01-scheduled.en.md";
    env.write(scheduled, env.read(scheduled));
    env.settle();
    let run = env.build();
    assert_eq!(items_read(&run), (0, files), "{}", run.stderr);
    assert!(warned_of_the_update(&run), "{}", run.stderr);
    // A day before the update date: the restamped entry is judged by its first clock.
    read_again_when_the_warning_ends(&mut env, files);
}

/// A build with nothing changed replays the diagnostics of the run it stands for, so it stands
/// for it only until the clock would change them: the end of a warning about a date ahead is a
/// full run, like a scheduled item's release.
#[test]
fn a_no_op_ends_when_a_warning_about_a_date_ahead_would() {
    let mut env = instance();
    write_scheduled(&env);
    // Released (a full run), the update still more than a day ahead.
    env.set_env("COMMUNIQUE_NOW", "2030-02-10T00:00:00Z");
    assert!(warned_of_the_update(&env.build()));
    // Nothing would change: a no-op, the warning replayed.
    env.set_env("COMMUNIQUE_NOW", "2030-02-20T00:00:00Z");
    let run = env.build();
    assert_eq!(rendered(&run), None, "a no-op: {}", run.stderr);
    assert!(warned_of_the_update(&run), "{}", run.stderr);
    // A day before the update date the warning ends: a full run says so.
    env.set_env("COMMUNIQUE_NOW", "2030-02-28T12:00:00Z");
    let run = env.build();
    assert!(rendered(&run).is_some(), "a full run: {}", run.stderr);
    assert!(!warned_of_the_update(&run), "{}", run.stderr);
    reported_as_when_read(&env, &run);
}

/// An item whose dates had passed when it was cached is read again by a run whose clock is
/// earlier than that (a clock set back), whose warnings about dates ahead may be others.
#[test]
fn a_clock_set_back_reads_an_item_whose_dates_had_passed_again() {
    let mut env = instance();
    env.set_env("COMMUNIQUE_NOW", "2026-06-01T00:00:00Z");
    env.write(
        "items/2025-06-01-past.en.md",
        "+++\ntitle = \"Past\"\ndate = 2025-06-01T09:00:00Z\n+++\n\nA statement of last year.\n",
    );
    env.settle();
    let (files, _) = items_read(&env.build());
    env.set_env("COMMUNIQUE_NOW", "2024-01-01T00:00:00Z");
    edit_another_item(&env);
    let run = env.build();
    assert_eq!(items_read(&run), (2, files - 2), "{}", run.stderr);
    assert!(
        diagnostics(&run)
            .iter()
            .any(|d| d.contains("more than a year ahead")),
        "{}",
        run.stderr
    );
    reported_as_when_read(&env, &run);
}

/// An item with a tag no other item has, then one in a language no other item has: each build
/// renders exactly the documents whose bytes change or are new (the item's page, the feeds and
/// lists that hold it, the index, the OPML list, the sitemap), not the pages of the other
/// items, which show only their own tags' and language's links.
#[test]
fn a_new_tag_or_language_renders_only_the_documents_that_change() {
    let env = instance();
    env.build();
    for (name, front_matter) in [
        (
            "items/2023-03-01-new-tag.md",
            "lang = \"en\"\ntags = [\"strike\", \"brand-new\"]",
        ),
        ("items/2023-03-02-new-lang.md", "lang = \"de\""),
    ] {
        let before = tree(&env.public());
        env.write(
            name,
            format!("+++\ntitle = \"{name}\"\n{front_matter}\n+++\n\nA new statement.\n"),
        );
        let run = env.build();
        let after = tree(&env.public());
        let changed: Vec<&String> = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .collect();
        let (_, rendered) = rendered(&run).expect("a build after an addition renders");
        assert_eq!(rendered, changed.len(), "{name}: {changed:?}");
        assert!(
            changed
                .iter()
                .all(|k| !k.ends_with("/index.html") || k.contains("new-") || !k.starts_with("20")),
            "{name}: another item's page changed: {changed:?}"
        );
        assert_same_as_cold(&env);
    }
}

#[test]
fn a_deleted_or_edited_output_is_written_again() {
    let env = instance();
    env.build();
    let page = tree(&env.public())
        .into_keys()
        .find(|n| n.ends_with("/index.html"));
    let page = page.expect("an item page");
    fs::remove_file(env.public().join(&page)).unwrap();
    fs::write(env.public().join("atom.xml"), "edited by hand").unwrap();
    let run = env.build();
    assert_eq!(rendered(&run).map(|r| r.1), Some(2), "{}", run.stderr);
    assert_same_as_cold(&env);
}

#[test]
fn configuration_template_and_binary_changes_render_everything() {
    let env = instance();
    let (documents, _) = rendered(&env.build()).unwrap();

    // A setting that changes no byte of output still changes the inputs.
    let config = env.read_string("config.toml");
    env.write("config.toml", format!("lock_timeout = 301\n{config}"));
    assert_eq!(rendered(&env.build()), Some((documents, documents)));

    // A user template changes every page.
    fs::create_dir_all(env.path("templates")).unwrap();
    let config = env
        .read_string("config.toml")
        .replace("[feeds]\n", "[feeds]\ntemplates_dir = \"templates\"\n");
    assert!(
        config.contains("templates_dir"),
        "the fixture has a [feeds] table"
    );
    env.write("config.toml", config);
    env.build();
    env.write("templates/index.html", "<p>{{ site.title }}</p>\n");
    let run = env.build();
    let (_, rendered_now) = rendered(&run).unwrap();
    assert_eq!(
        rendered_now, documents,
        "a template is part of every fingerprint"
    );
    assert!(env.output_string("index.html").starts_with("<p>"));
    assert_same_as_cold(&env);

    // Another binary (here: a copy, with another mtime) trusts nothing of the old one's.
    let copy = env.path("communique-copy");
    fs::copy(crate::harness::BIN, &copy).unwrap();
    let run = Run::of(
        std::process::Command::new(&copy)
            .current_dir(env.root())
            .env("RUST_LOG", "communique=debug")
            .args(["--config", "config.toml", "build"]),
    );
    run.assert_code(0);
    assert_eq!(rendered(&run), Some((documents, documents)));
}

/// The item cache is saved beside the build (on a thread of its own), whatever becomes of the
/// build: one that cannot write its output still leaves the entries of the files it read, in
/// segments renamed into place, and no temporary file.
#[test]
fn the_item_cache_is_saved_when_the_build_fails() {
    let env = instance();
    fs::write(env.public(), "a file where the output folder goes").unwrap();
    let run = env.run(&["build"]);
    assert_ne!(run.code, 0, "the output cannot be written\n{run}");
    let names: Vec<String> = fs::read_dir(env.state_dir().join("items"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("seg-")),
        "no segment saved: {names:?}"
    );
    assert!(
        names.iter().all(|n| n.starts_with("seg-")),
        "a temporary file left: {names:?}"
    );
    // The next build, through the saved cache, writes what a build from nothing writes.
    fs::remove_file(env.public()).unwrap();
    env.build();
    assert_same_as_cold(&env);
}

#[test]
fn a_corrupt_cache_is_ignored_and_rebuilt() {
    let env = instance();
    let (documents, _) = rendered(&env.build()).unwrap();
    let store = env.state_dir().join("documents.bin");
    let good = fs::read(&store).unwrap();
    let mut longer = good.clone();
    longer.push(0);
    for garbage in [
        &b""[..],
        b"{",
        b"[]",
        b"\xff\xfe",
        &good[..good.len() / 2],
        &good[..good.len() - 1],
        &longer,
    ] {
        fs::write(&store, garbage).unwrap();
        // The no-op check does not read the cache: make the inputs differ.
        fs::remove_file(env.state_dir().join("build-state.bin")).unwrap();
        assert_eq!(rendered(&env.build()), Some((documents, documents)));
        assert_same_as_cold(&env);
    }
    // An entry with another fingerprint renders its document again, and only it. A record is
    // the path (its length, then its bytes) and then the 16 bytes of the fingerprint.
    let mut bytes = fs::read(&store).unwrap();
    let path = b"\x0aindex.html";
    let at = bytes
        .windows(path.len())
        .position(|w| w == path)
        .expect("the index page's record")
        + path.len();
    bytes[at] ^= 1;
    fs::write(&store, bytes).unwrap();
    fs::remove_file(env.state_dir().join("build-state.bin")).unwrap();
    assert_eq!(rendered(&env.build()), Some((documents, 1)));
    assert_same_as_cold(&env);
}

#[test]
fn a_touched_item_is_checked_by_its_bytes_and_a_corrupt_segment_is_read_again() {
    let env = instance();
    env.build();
    let segments = || -> Vec<_> {
        let mut files: Vec<_> = fs::read_dir(env.state_dir().join("items"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    };
    let first = segments();
    assert_eq!(first.len(), 1, "a small cold run writes one segment");
    // Same bytes, new stamp: taken from the cache after comparing the bytes.
    let item = "items/2022-01-08-a.md";
    env.write(item, env.read(item));
    let run = env.build();
    assert_eq!(items_read(&run), (0, 6));
    assert_eq!(rendered(&run).map(|r| r.1), Some(0));
    // One edited file: one small segment more, the first one untouched.
    env.write(item, env.read_string(item).replace("+++\n", "+++\n\n"));
    let run = env.build();
    assert_eq!(items_read(&run), (1, 5));
    let now = segments();
    assert_eq!(now[0], first[0]);
    let size = |p: &std::path::PathBuf| fs::metadata(p).unwrap().len();
    assert!(
        now.len() > 1 && size(&now[now.len() - 1]) < size(&now[0]),
        "{now:?}"
    );
    assert_same_as_cold(&env);
    // A corrupt segment is ignored: its files are read again, and the segments are rewritten.
    fs::write(&now[0], "{").unwrap();
    fs::remove_file(env.state_dir().join("build-state.bin")).unwrap();
    let run = env.build();
    assert_eq!(items_read(&run), (5, 1));
    assert_same_as_cold(&env);
    // Rewritten: the entries of the files read again in one segment (written as they were
    // read), the entry reused in another, the corrupt segment and the others removed.
    let rewritten = segments();
    assert_eq!(rewritten.len(), 2, "{rewritten:?}");
    assert!(rewritten.iter().all(|s| !now.contains(s)), "{rewritten:?}");
    // The configuration counts by what it says, not by its bytes.
    env.append_config("\n# a comment\n");
    assert_eq!(items_read(&env.build()), (0, 6));
    // Another setting reads every file again.
    let config = env.read_string("config.toml");
    env.write("config.toml", format!("lock_timeout = 301\n{config}"));
    assert_eq!(items_read(&env.build()), (6, 0));
}

/// The segment files of the item cache, in order.
fn segments(env: &TestEnv) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(env.state_dir().join("items"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Every item page rendered again (a template of item pages only), so that every body is asked
/// for: taken from the cache, none read.
fn render_every_page(env: &TestEnv, marker: &str) -> Run {
    fs::create_dir_all(env.path("templates")).unwrap();
    let config = env.read_string("config.toml");
    if !config.contains("templates_dir") {
        env.write(
            "config.toml",
            config.replace("[feeds]\n", "[feeds]\ntemplates_dir = \"templates\"\n"),
        );
        env.build();
    }
    env.write(
        "templates/item.html",
        format!("<p>{marker}</p>\n{{{{ item.content_html | safe }}}}\n"),
    );
    env.build()
}

/// The item cache keeps each body apart from the item and a build reads it only for the
/// documents it renders: a build that renders the main feed after another item changed, and
/// one that renders every page, show each body as a build from nothing does.
#[test]
fn bodies_left_in_the_cache_are_read_for_the_documents_rendered() {
    let env = instance();
    let (documents, _) = rendered(&env.build()).unwrap();
    // Another item changed: the feeds that list it splice the others' entries, read back.
    let item = "items/2022-01-08-a.md";
    env.write(item, env.read_string(item).replace("+++\n", "+++\n\n"));
    let run = env.build();
    assert_eq!(items_read(&run), (1, 5));
    let (_, now) = rendered(&run).unwrap();
    assert!(now > 1 && now < documents, "{now} of {documents}");
    assert_same_as_cold(&env);
    // Every page rendered again from the bodies in the cache.
    let run = render_every_page(&env, "page");
    assert_eq!(items_read(&run), (0, 6));
    let page = tree(&env.public())
        .into_iter()
        .find(|(path, bytes)| path.ends_with("a/index.html") && bytes.starts_with(b"<p>page"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .expect("a page of the new template");
    assert!(page.contains("</p>\n<"), "with its body: {page}");
    assert_same_as_cold(&env);
}

/// A segment damaged after a build (a body's bytes changed, its length kept, so that loading
/// it finds nothing wrong) is found when a body is read: the cache is removed and the run done
/// again from the item files, for `build` and for `publish`, and the output is what a build from
/// nothing writes.
#[test]
fn a_body_damaged_in_the_cache_is_found_when_read_and_the_items_are_read_again() {
    let env = instance();
    // The templates folder first: another configuration writes the cache afresh.
    render_every_page(&env, "zero");
    for (command, marker) in [("build", "one"), ("publish", "two")] {
        // Every body's closing tags changed, its length kept. The bodies follow the head
        // (`communique-items\n`, format, key, the entries' length, the bodies' length) and the
        // entries.
        let segment = segments(&env).pop().unwrap();
        let bytes = fs::read(&segment).unwrap();
        let head = 17 + 4 + 16 + 8 + 8;
        let entries = u64::from_le_bytes(bytes[head - 16..head - 8].try_into().unwrap());
        let bodies = head + entries as usize;
        let mut damaged = bytes[..bodies].to_vec();
        let mut rest = &bytes[bodies..];
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix(b"</p>") {
                damaged.extend_from_slice(b"<=p>");
                rest = after;
            } else {
                damaged.push(rest[0]);
                rest = &rest[1..];
            }
        }
        assert_ne!(damaged, bytes);
        fs::write(&segment, damaged).unwrap();
        if command == "build" {
            let run = render_every_page(&env, marker);
            assert!(
                run.stderr.contains("item cache was damaged"),
                "{}",
                run.stderr
            );
            let reads: Vec<&str> = run
                .stderr
                .lines()
                .filter(|l| l.contains("item files read"))
                .collect();
            assert_eq!(reads.len(), 2, "{}", run.stderr);
            assert!(reads[1].contains("read=6 reused=0"), "{}", reads[1]);
        } else {
            env.write(
                "templates/item.html",
                format!("<p>{marker}</p>\n{{{{ item.content_html | safe }}}}\n"),
            );
            let run = env.run(&["publish"]);
            run.assert_code(0);
            assert!(
                run.stderr.contains("item cache was damaged"),
                "{}",
                run.stderr
            );
        }
        assert_same_as_cold(&env);
        assert_eq!(segments(&env).len(), 1, "the cache written afresh");
    }
}
