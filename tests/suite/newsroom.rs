//! Newsroom semantics through the binary: scheduled release (`embargo`, a date ahead of the
//! clock) held back from every output until the first `publish` at or after its instant with no
//! file touched; `check`, `items` and `build --future`; correction notes (`[[changes]]`) in all
//! three formats and on the page; withdrawal notices, RFC 6721 tombstones, and a removed file
//! reported by `publish`. The clock is `COMMUNIQUE_NOW`; every feed is parsed back.

use crate::harness::{assert_whole, item_at, tree, Run, TestEnv, FEED_FILES};

/// The embargoed statement of the cron test: dated the day before, released at 09:00 UTC.
const EMBARGOED: &str = "items/2026/2026-12-02-embargoed.md";
const EMBARGOED_TEXT: &str = "+++\ntitle = \"Embargoed statement\"\ndate = 2026-12-02\n\
    embargo = 2026-12-03T09:00:00Z\n+++\nWe announce the strike at nine o'clock sharp.\n";

/// The ids of a feed's entries, read back with feed-rs (all three formats).
fn ids(env: &TestEnv, name: &str) -> Vec<String> {
    env.parsed(name)
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect()
}

/// The output files (under `public/`, recursively) that mention `needle`.
fn mentioning(env: &TestEnv, needle: &str) -> Vec<String> {
    tree(&env.public())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

/// Where a released item must show: the three feeds, their language versions, the index.
const RELEASED_IN: [&str; 7] = [
    "atom.xml",
    "rss.xml",
    "feed.json",
    "en/atom.xml",
    "en/rss.xml",
    "en/feed.json",
    "index.html",
];

/// `publish -v` at the instant `now`.
fn publish_at(env: &mut TestEnv, now: &str) -> Run {
    env.set_env("COMMUNIQUE_NOW", now);
    let run = env.run_bare(&["publish", "-v"]);
    run.assert_code(0);
    run
}

#[test]
fn an_embargoed_item_appears_on_the_first_publish_after_its_instant_and_not_a_second_earlier() {
    let mut env = TestEnv::ops();
    env.write(EMBARGOED, EMBARGOED_TEXT);
    env.settle();
    let first = publish_at(&mut env, "2026-12-03T08:59:58Z");
    assert!(!first.stderr.contains("nothing changed"), "{first}");
    assert_eq!(
        mentioning(&env, "Embargoed statement"),
        Vec::<String>::new(),
        "held back from every output before its instant"
    );
    let held = ids(&env, "atom.xml");

    // A second before: the cron run is a no-op (stat only), and still holds the item back.
    env.settle();
    let before = env.snapshot();
    let early = publish_at(&mut env, "2026-12-03T08:59:59Z");
    assert!(early.stderr.contains("nothing changed"), "{early}");
    assert_eq!(before, env.snapshot(), "a no-op run writes nothing");

    // At the instant, with no file touched: a full run that releases it everywhere.
    let release = publish_at(&mut env, "2026-12-03T09:00:00Z");
    assert!(!release.stderr.contains("nothing changed"), "{release}");
    let shown = mentioning(&env, "Embargoed statement");
    for name in RELEASED_IN {
        assert!(
            shown.iter().any(|s| s == name),
            "{name} is not in {shown:?}"
        );
    }
    for name in FEED_FILES {
        assert_whole(name, &env.output(name));
        let now = ids(&env, name);
        assert_eq!(now.len(), held.len() + 1, "{name}: {now:?}");
        assert!(
            now[0].ends_with("/2026-12-02-embargoed"),
            "{name}: newest first: {now:?}"
        );
    }
    let page = env.output_string("2026/2026-12-02-embargoed/index.html");
    assert!(
        page.contains("nine o&#39;clock") || page.contains("nine o'clock"),
        "{page}"
    );

    // The next cron run has nothing left to release: a no-op again.
    env.settle();
    let after = publish_at(&mut env, "2026-12-03T09:05:00Z");
    assert!(after.stderr.contains("nothing changed"), "{after}");
}

#[test]
fn check_and_items_list_what_is_scheduled_and_build_future_previews_it() {
    let mut env = TestEnv::ops();
    env.write(EMBARGOED, EMBARGOED_TEXT);
    env.set_env("COMMUNIQUE_NOW", "2026-12-01T12:00:00Z");
    let check = env.run(&["check"]);
    check.assert_code(0);
    check.assert_stdout_line(
        "items/2026/2026-12-02-embargoed.md: scheduled: in no output until 2026-12-03T09:00:00Z \
         (its embargo)",
    );
    assert!(check.stdout.contains(", 1 scheduled"), "{check}");

    let table = env.run(&["items"]);
    table.assert_code(0);
    assert!(
        table
            .stdout
            .contains("items/2026/2026-12-02-embargoed.md (scheduled until 2026-12-03T09:00:00Z)"),
        "{table}"
    );
    let items = env.items_json();
    let item = item_at(&items, "2026-12-02-embargoed.md");
    assert_eq!(item["scheduled_until"], "2026-12-03T09:00:00Z");
    assert_eq!(item["embargo"]["value"], "2026-12-03T09:00:00Z");

    let preview = env.run(&["build", "--future"]);
    preview.assert_code(0);
    assert!(ids(&env, "atom.xml")[0].ends_with("/2026-12-02-embargoed"));
    assert!(!env.state_dir().join("build-state.bin").exists());
    let build = env.run(&["build"]);
    build.assert_code(0);
    assert_eq!(
        mentioning(&env, "Embargoed statement"),
        Vec::<String>::new(),
        "a plain build holds it back again"
    );
}

#[test]
fn a_date_ahead_of_the_clock_is_a_scheduled_release_too() {
    let mut env = TestEnv::ops();
    env.write(
        "items/2030-01-01-ahead.md",
        "+++\ntitle = \"Ahead\"\ndate = 2030-01-01T10:00:00+01:00\n+++\nText ahead.\n",
    );
    env.set_env("COMMUNIQUE_NOW", "2029-12-31T12:00:00Z");
    env.run(&["build"]).assert_code(0);
    let atom = env.output_string("atom.xml");
    assert!(
        !atom.contains("2030"),
        "no 2030 date reaches the feed: {atom}"
    );
    env.set_env("COMMUNIQUE_NOW", "2030-01-01T09:00:00Z");
    env.run(&["build"]).assert_code(0);
    assert!(env
        .output_string("atom.xml")
        .contains("<title type=\"text\">Ahead</title>"));
}

/// An item with two correction notes.
const CORRECTED: &str = "+++\ntitle = \"Corrected statement\"\ndate = 2024-05-01\n\n\
    [[changes]]\ndate = 2024-05-02\nnote = \"The march starts at 10:00, not 11:00.\"\n\n\
    [[changes]]\ndate = 2024-05-03T12:00:00Z\nnote = \"Added the <second> meeting point.\"\n\
    +++\nWe call on everyone to march on 1 May.\n";

#[test]
fn corrections_move_updated_and_say_what_changed_in_every_format_and_on_the_page() {
    let env = TestEnv::ops();
    env.write("items/2024/2024-05-01-corrected.md", CORRECTED);
    env.build().assert_code(0);
    for name in FEED_FILES {
        assert_whole(name, &env.output(name));
        let feed = env.parsed(name);
        let entry = feed
            .entries
            .iter()
            .find(|e| e.id.ends_with("/2024-05-01-corrected"))
            .unwrap_or_else(|| panic!("{name} has the corrected item"));
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(
            content.contains("Corrected on 2024-05-03:</strong> Added the &lt;second&gt; meeting"),
            "{name}: {content}"
        );
        assert!(
            content.contains("Corrected on 2024-05-02:"),
            "{name}: {content}"
        );
        if name != "rss.xml" {
            let updated = entry.updated.map(|u| u.to_rfc3339());
            assert_eq!(
                updated.as_deref(),
                Some("2024-05-03T12:00:00+00:00"),
                "{name}"
            );
        }
    }
    let page = env.output_string("2024/2024-05-01-corrected/index.html");
    assert!(page.contains("class=\"changes\""), "{page}");
    assert!(page.contains("Corrected on 2024-05-03"), "{page}");

    // An edit without a note does not re-announce the item: `updated` stays.
    let atom = env.output_string("atom.xml");
    env.write(
        "items/2024/2024-05-01-corrected.md",
        CORRECTED.replace("march on 1 May", "march on the first of May"),
    );
    env.build().assert_code(0);
    let edited = env.output_string("atom.xml");
    assert_ne!(atom, edited);
    let updated = |t: &str| {
        let at = t.find("/2024-05-01-corrected</id>").unwrap();
        t[at..].split("<updated>").nth(1).unwrap()[..20].to_owned()
    };
    assert_eq!(updated(&atom), updated(&edited));
    assert_eq!(updated(&edited), "2024-05-03T12:00:00Z");
}

#[test]
fn bad_newsroom_values_are_errors_at_their_line() {
    let env = TestEnv::minimal();
    env.write(
        "items/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-05-01\nembargo = \"soon\"\n+++\nText.\n",
    );
    env.write(
        "items/b.md",
        "+++\ntitle = \"B\"\ndate = 2024-05-01\n\n[[changes]]\ndate = 2024-05-02\n+++\nText.\n",
    );
    env.write(
        "items/c.md",
        "+++\ntitle = \"C\"\ndate = 2024-05-01\nwithdrawn = { date = 2024-04-01, reason = \"x\" }\n\
         +++\nText.\n",
    );
    env.write(
        "items/d.md",
        "+++\ntitle = \"D\"\ndate = 2024-05-01\nwithdrawn = true\n+++\nText.\n",
    );
    let check = env.run(&["check"]);
    check.assert_code(1);
    check.assert_stdout_line(
        "items/a.md:4:11: error: `embargo`: `soon` is not a date: write 2022-01-08, \
         2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00 (help: write the date as \
         2022-01-08, or in words as the text would (`8 January 2022`, `12 mars 2025`))",
    );
    check.assert_stdout_line(
        "items/b.md:5: error: `changes` needs a non-empty `note`: add `note = \"…\"`",
    );
    check.assert_stdout_line(
        "items/c.md:4: error: `withdrawn.date` 2024-04-01 is earlier than the publication date \
         2024-05-01",
    );
    check.assert_stdout_line("items/d.md:4: error: `withdrawn` must be a table, not a boolean");
}

/// A withdrawn statement.
const WITHDRAWN: &str = "+++\ntitle = \"Withdrawn statement\"\ndate = 2022-02-01\n\
    withdrawn = { date = 2024-06-01T08:00:00Z, reason = \"Issued in error & retracted.\" }\n\
    +++\nThe original text that should no longer be read.\n";

#[test]
fn a_withdrawal_is_announced_in_every_format_and_the_page_shows_the_notice() {
    let env = TestEnv::ops();
    env.write("items/2022/2022-02-01-withdrawn.md", WITHDRAWN);
    env.build().assert_code(0);
    for name in FEED_FILES {
        assert_whole(name, &env.output(name));
        let feed = env.parsed(name);
        let entry = feed
            .entries
            .iter()
            .find(|e| e.id.ends_with("/2022-02-01-withdrawn"))
            .unwrap_or_else(|| panic!("{name} keeps the withdrawn entry and its id"));
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(
            content.contains("Withdrawn on 2024-06-01:</strong> Issued in error &amp; retracted."),
            "{name}: {content}"
        );
        assert!(!content.contains("original text"), "{name}: {content}");
        if name != "rss.xml" {
            let updated = entry.updated.map(|u| u.to_rfc3339());
            assert_eq!(
                updated.as_deref(),
                Some("2024-06-01T08:00:00+00:00"),
                "{name}"
            );
        }
    }
    let page = env.output_string("2022/2022-02-01-withdrawn/index.html");
    assert!(page.contains("class=\"withdrawn\""), "{page}");
    assert!(!page.contains("original text"), "{page}");

    env.append_config("\n[feeds]\nwithdrawn_page = \"notice_above\"\n");
    env.build().assert_code(0);
    let page = env.output_string("2022/2022-02-01-withdrawn/index.html");
    let notice = page.find("class=\"withdrawn\"").expect("the notice");
    let text = page
        .find("original text")
        .expect("the text under the notice");
    assert!(notice < text, "{page}");
    assert!(!env.output_string("atom.xml").contains("original text"));
}

#[test]
fn a_withdrawn_entry_beyond_the_window_leaves_an_rfc6721_tombstone_in_atom() {
    let env = TestEnv::ops();
    env.write("items/2022/2022-02-01-withdrawn.md", WITHDRAWN);
    let config = env
        .read_string("config.toml")
        .replace("limit = 50", "limit = 2");
    env.write("config.toml", config);
    env.build().assert_code(0);
    let atom = env.output_string("atom.xml");
    assert!(
        atom.contains("xmlns:at=\"http://purl.org/atompub/tombstones/1.0\""),
        "{atom}"
    );
    assert!(
        atom.contains(
            "<at:deleted-entry ref=\"tag:example.org,2022:statements/2022-02-01-withdrawn\" \
             when=\"2024-06-01T08:00:00Z\">"
        ),
        "{atom}"
    );
    assert!(atom.contains("<at:comment>Issued in error &amp; retracted.</at:comment>"));
    assert!(
        atom.find("<at:deleted-entry") < atom.find("<entry"),
        "extension elements come before the entries (RFC 4287's schema)"
    );
    // Readers that do not know tombstones still read the feed, and the entry is not in it.
    let feed = atom_syndication::Feed::read_from(atom.as_bytes()).expect("Atom parses");
    assert_eq!(feed.entries().len(), 2);
    assert!(feed
        .entries()
        .iter()
        .all(|e| !e.id().ends_with("-withdrawn")));
    assert_eq!(feed.updated().to_rfc3339(), "2024-06-01T08:00:00+00:00");
    assert_eq!(ids(&env, "atom.xml").len(), 2);
    for name in ["rss.xml", "feed.json"] {
        assert!(!env.output_string(name).contains("deleted-entry"), "{name}");
    }
}

#[test]
fn publish_reports_a_published_item_whose_file_was_removed() {
    let env = TestEnv::ops();
    env.write(
        "items/2025/2025-01-01-extra.md",
        "+++\ntitle = \"Extra\"\ndate = 2025-01-01\n+++\nText.\n",
    );
    let first = env.run_bare(&["publish"]);
    first.assert_code(0);
    env.remove("items/2025/2025-01-01-extra.md");
    env.settle();
    let second = env.run_bare(&["publish"]);
    second.assert_code(0);
    assert!(
        second.stderr.contains(
            "items/2025/2025-01-01-extra.md: warning: the published entry \
             `tag:example.org,2022:statements/2025-01-01-extra` is gone from every feed"
        ),
        "{second}"
    );
    env.settle();
    let third = env.run_bare(&["publish"]);
    assert!(!third.stderr.contains("is gone"), "said once: {third}");
}

/// The example instance in `examples/newsroom/` uses every newsroom feature at once: before the
/// embargo `check` lists the scheduled statement and finds nothing to warn about; after it, the
/// build carries the enclosure, the RSS `<source>`, the correction, the tombstone, the
/// right-to-left wrapper and the `hreflang` link, and every feed parses.
#[test]
fn the_newsroom_example_uses_every_feature_and_builds_clean_feeds() {
    let mut env = TestEnv::empty();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/newsroom");
    std::fs::copy(example.join("config.toml"), env.path("config.toml")).unwrap();
    crate::harness::copy_dir(&example.join("items"), &env.path("items"));

    env.set_env("COMMUNIQUE_NOW", "2026-12-02T08:59:59Z");
    let check = env.run_bare(&["check"]);
    check.assert_code(0);
    assert!(
        check
            .stdout
            .contains("7 items checked: 0 errors, 0 warnings, 1 scheduled"),
        "{check}"
    );

    env.set_env("COMMUNIQUE_NOW", "2026-12-02T09:00:00Z");
    env.run_bare(&["build"]).assert_code(0);
    for name in FEED_FILES {
        assert!(!ids(&env, name).is_empty(), "{name} has no entry");
    }
    let read = |name: &str| std::fs::read_to_string(env.public().join(name)).unwrap();
    let rss = read("rss.xml");
    assert!(
        rss.contains("<source url=\"https://sister.example.net/rss.xml\">"),
        "{rss}"
    );
    assert!(rss.contains("type=\"application/pdf\""), "{rss}");
    assert!(read("atom.xml").contains("<at:deleted-entry"));
    assert!(read("atom.xml").contains("Response to the budget"));
    assert!(read("tags/wages/atom.xml").contains("hreflang=\"ar\""));
    assert!(read("en/feed.json").contains("Corrected on 2026-11-03"));
    assert!(read("ar/feed.json").contains("dir=\\\"rtl\\\""));
    let page = read("2026/2026-11-01-wages/index.html");
    assert!(page.contains("og:image"), "{page}");
    assert!(page.contains("application/ld+json"), "{page}");
}
