//! Once per reader, in the reader's language: `main_feed = "originals"` puts each statement in
//! the main feed (its archives and the tag feeds) once, in its original language, with its
//! translations linked by `hreflang`; `language_fallback` fills a language feed with the
//! originals of statements not translated into it; right-to-left content is wrapped in
//! `<div dir="rtl">` in all three formats. Every feed is parsed back with feed-rs, and the Atom
//! ones also with atom_syndication.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::harness::{copy_dir, edit, TestEnv};

const ID: &str = "tag:example.org,2022:statements/";

/// The `feed_set` fixture with every statement in its subscription documents and `settings`
/// added to its `[feeds]` table, built.
fn built(settings: &str) -> TestEnv {
    let env = TestEnv::new("feed_set");
    let config = env.path("config.toml");
    edit(&config, "limit = 2", "limit = 50");
    edit(
        &config,
        "archives = \"year\"",
        &format!("archives = \"year\"\n{settings}"),
    );
    env.run(&["build", "-q"]).assert_code(0);
    env
}

/// The entry ids of an output feed, parsed back with feed-rs (newest first), without the id
/// base.
fn ids(env: &TestEnv, rel: &str) -> Vec<String> {
    env.parsed(rel)
        .entries
        .iter()
        .map(|e| e.id.trim_start_matches(ID).to_owned())
        .collect()
}

/// The ids of one feed folder, the same in all three formats.
fn ids_in_every_format(env: &TestEnv, dir: &str) -> Vec<String> {
    let atom = ids(env, &format!("{dir}atom.xml"));
    assert_eq!(atom, ids(env, &format!("{dir}rss.xml")), "{dir}rss.xml");
    assert_eq!(atom, ids(env, &format!("{dir}feed.json")), "{dir}feed.json");
    atom
}

#[test]
fn all_is_the_default_and_holds_every_translation() {
    let env = built("");
    assert_eq!(
        ids_in_every_format(&env, ""),
        [
            "2023-02-01-c",
            "2022-06-02-b-es",
            "2022-06-01-b",
            "2022-01-08-a",
            "2021-05-01-old.en",
            "2021-05-01-old.pt"
        ]
    );
}

#[test]
fn originals_hold_each_statement_once_with_its_translations_linked() {
    let all = built("");
    let env = built("main_feed = \"originals\"");
    // `b` (en) is older than its Spanish translation; of `old`, published the same day in en and
    // pt, the one in the configured language (en) is the original.
    let main = ids_in_every_format(&env, "");
    assert_eq!(
        main,
        [
            "2023-02-01-c",
            "2022-06-01-b",
            "2022-01-08-a",
            "2021-05-01-old.en"
        ]
    );
    // No id changed: every entry is one the `all` feed has, under the same id.
    let every: BTreeSet<String> = ids_in_every_format(&all, "").into_iter().collect();
    assert!(main.iter().all(|id| every.contains(id)));

    // The translations are linked from the original's entry, in every format.
    let atom = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    let b = atom
        .entries()
        .iter()
        .find(|e| e.id().ends_with("/2022-06-01-b"))
        .unwrap();
    let hreflangs: Vec<(&str, &str)> = b
        .links()
        .iter()
        .filter_map(|l| Some((l.hreflang()?, l.href())))
        .collect();
    assert_eq!(
        hreflangs,
        [("es", "https://example.org/s/2022/2022-06-02-b-es/")]
    );
    let rss = env.output_string("rss.xml");
    assert!(
        rss.contains(
            "<atom:link href=\"https://example.org/s/2022/2022-06-02-b-es/\" rel=\"alternate\" \
             hreflang=\"es\" type=\"text/html\"/>"
        ),
        "{rss}"
    );
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    assert_eq!(
        json["items"][1]["_translations"]["es"]["url"],
        "https://example.org/s/2022/2022-06-02-b-es/"
    );

    // Translations keep their entries in their language feeds.
    assert_eq!(ids_in_every_format(&env, "es/"), ["2022-06-02-b-es"]);
    assert_eq!(
        ids_in_every_format(&env, "pt/"),
        ["2022-01-08-a", "2021-05-01-old.pt"]
    );
    // A tag feed holds each statement once too: `strike` tags `b` and `old.en`.
    assert_eq!(
        ids_in_every_format(&env, "tags/strike/"),
        ["2022-06-01-b", "2021-05-01-old.en"]
    );
    // `greve` tags only the Portuguese `old`: a translation stands for its statement when the
    // original does not carry the tag.
    assert_eq!(
        ids_in_every_format(&env, "tags/greve/"),
        ["2022-01-08-a", "2021-05-01-old.pt"]
    );
}

#[test]
fn originals_reach_the_archives_too() {
    let env = TestEnv::new("feed_set");
    edit(
        &env.path("config.toml"),
        "archives = \"year\"",
        "archives = \"year\"\nmain_feed = \"originals\"",
    );
    env.run(&["build", "-q"]).assert_code(0);
    // limit = 2: the rest of the main feed's history is in its archives, once per statement.
    let mut history = ids(&env, "atom.xml");
    for year in ["2023", "2022", "2021"] {
        let rel = format!("archive/{year}/atom.xml");
        if env.path(&format!("public/{rel}")).exists() {
            history.extend(ids(&env, &rel));
        }
    }
    let history: BTreeSet<String> = history.into_iter().collect();
    let want: BTreeSet<String> = [
        "2023-02-01-c",
        "2022-06-01-b",
        "2022-01-08-a",
        "2021-05-01-old.en",
    ]
    .map(String::from)
    .into();
    assert_eq!(history, want);
}

#[test]
fn language_feeds_fall_back_to_the_original_of_untranslated_statements() {
    let env = built("language_fallback = true");
    // Portuguese readers: their own statements, and the originals of `c` (ru) and `b` (en);
    // not `old.en`, whose statement they have in Portuguese.
    assert_eq!(
        ids_in_every_format(&env, "pt/"),
        [
            "2023-02-01-c",
            "2022-06-01-b",
            "2022-01-08-a",
            "2021-05-01-old.pt"
        ]
    );
    assert_eq!(
        ids_in_every_format(&env, "es/"),
        [
            "2023-02-01-c",
            "2022-06-02-b-es",
            "2022-01-08-a",
            "2021-05-01-old.en"
        ]
    );
    // A fallback entry keeps its own language.
    let atom = atom_syndication::Feed::read_from(&env.output("pt/atom.xml")[..]).unwrap();
    assert_eq!(atom.lang(), Some("pt"));
    let c = env.output_string("pt/atom.xml");
    assert!(c.contains("<entry xml:lang=\"ru\">"), "{c}");
    // Without the option, a language feed holds its language only.
    let plain = built("");
    assert_eq!(
        ids_in_every_format(&plain, "pt/"),
        ["2022-01-08-a", "2021-05-01-old.pt"]
    );
}

#[test]
fn right_to_left_content_is_wrapped_in_every_format() {
    let env = TestEnv::new("feed_set");
    env.write(
        "items/2024-06-01-rtl.md",
        "+++\ntitle = \"بيان\"\ndate = 2024-06-01\nlang = \"ar\"\n+++\n\nنص البيان.\n",
    );
    env.run(&["build", "-q"]).assert_code(0);
    let wrapped = "<div dir=\"rtl\"><p>نص البيان.</p>\n</div>";
    for rel in ["atom.xml", "rss.xml", "feed.json", "ar/atom.xml"] {
        let feed = env.parsed(rel);
        let rtl = &feed.entries[0];
        let body = rtl
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .unwrap_or_else(|| panic!("{rel}: no content"));
        assert_eq!(body, wrapped, "{rel}");
        // A left-to-right statement is not wrapped.
        if let Some(ltr) = feed.entries.get(1) {
            let body = ltr.content.as_ref().and_then(|c| c.body.as_deref());
            assert!(body.is_some_and(|b| !b.contains("dir=")), "{rel}: {body:?}");
        }
    }
    let en = env.output_string("en/atom.xml");
    assert!(!en.contains("dir="), "{en}");
}

/// The bundled instance (`config.toml` and `items/` of the repository) built in a copy.
fn bundled() -> TestEnv {
    let env = TestEnv::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("config.toml"), env.path("config.toml")).unwrap();
    copy_dir(&root.join("items"), &env.path("items"));
    env.run(&["build", "-q"]).assert_code(0);
    env
}

#[test]
fn the_bundled_main_feed_has_each_statement_once_and_no_two_entries_updated_together() {
    let env = bundled();
    let atom = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    let updated: Vec<String> = atom
        .entries()
        .iter()
        .map(|e| e.updated().to_rfc3339())
        .collect();
    let distinct: BTreeSet<&String> = updated.iter().collect();
    assert_eq!(distinct.len(), updated.len(), "{updated:?}");
    let ids: Vec<&str> = atom.entries().iter().map(|e| e.id()).collect();
    assert!(
        ids.iter().all(|id| !id.ends_with(".en")),
        "the English translation is linked, not repeated: {ids:?}"
    );
    assert!(ids.contains(&"tag:example.org,2022:statements/000_9d9a61bf827e93db"));
    // It is still in the English feed.
    let en = env.parsed("en/atom.xml");
    assert!(en
        .entries
        .iter()
        .any(|e| e.id.ends_with("2022-01-08-kazakhstan.en")));
}
