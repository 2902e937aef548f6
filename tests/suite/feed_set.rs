//! The feed set: per-language and per-tag feeds, RFC 5005 archives (the main feed's, in Atom),
//! complete feeds, translations linked both ways, item pages, the index and the OPML list; and
//! that adding one item rewrites exactly the documents it belongs to.

use std::collections::{BTreeMap, BTreeSet};

use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::{command_in, tree, TestEnv, FEED_FILES};

/// A copy of a fixture instance in a temporary folder, and its path.
fn instance(fixture: &str) -> (TestEnv, PathBuf) {
    let env = TestEnv::new(fixture);
    let root = env.root.clone();
    (env, root)
}

fn communique(root: &Path, args: &[&str]) -> std::process::Output {
    command_in(root)
        .arg("--config")
        .arg(root.join("config.toml"))
        .args(args)
        .output()
        .unwrap()
}

fn build(root: &Path) {
    let out = communique(root, &["build", "-q"]);
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn atom(root: &Path, rel: &str) -> atom_syndication::Feed {
    let bytes = fs::read(root.join("public").join(rel)).unwrap();
    atom_syndication::Feed::read_from(&bytes[..]).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn link<'a>(links: &'a [atom_syndication::Link], rel: &str) -> Option<&'a str> {
    links.iter().find(|l| l.rel == rel).map(|l| l.href.as_str())
}

/// The `(hreflang, href)` links of the entry whose id ends with `id_end`.
fn hreflang_links(feed: &atom_syndication::Feed, id_end: &str) -> Vec<(String, String)> {
    let entry = feed
        .entries
        .iter()
        .find(|e| e.id.ends_with(id_end))
        .unwrap_or_else(|| panic!("no entry {id_end}"));
    entry
        .links
        .iter()
        .filter_map(|l| Some((l.hreflang.clone()?, l.href.clone())))
        .collect()
}

#[test]
fn writes_the_whole_feed_set() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let files: BTreeSet<String> = tree(&root.join("public")).into_keys().collect();

    let mut want: BTreeSet<String> = BTreeSet::new();
    // The Russian statement has its language detected, so it has its own feed. Only the main
    // feed has archives, and only in Atom.
    for dir in [
        "",
        "en/",
        "pt/",
        "es/",
        "ru/",
        "tags/greve/",
        "tags/strike/",
    ] {
        for f in FEED_FILES {
            want.insert(format!("{dir}{f}"));
        }
    }
    for y in ["2021", "2022", "2023"] {
        want.insert(format!("archive/{y}/atom.xml"));
    }
    for page in [
        "2021/2021-05-01-old.en",
        "2021/2021-05-01-old.pt",
        "2022/2022-01-08-a",
        "2022/2022-06-01-b",
        "2022/2022-06-02-b-es",
        "2023/2023-02-01-c",
    ] {
        want.insert(format!("{page}/index.html"));
    }
    want.insert("index.html".into());
    want.insert("feeds.opml".into());
    want.insert("sitemap.xml".into());
    want.insert("style.css".into());
    for dir in ["en/", "es/", "pt/", "ru/", "tags/greve/", "tags/strike/"] {
        want.insert(format!("{dir}index.html"));
    }
    assert_eq!(files, want);

    // Every feed document parses.
    for f in files.iter().filter(|f| {
        !f.ends_with(".html") && !f.ends_with(".opml") && *f != "sitemap.xml" && *f != "style.css"
    }) {
        let bytes = fs::read(root.join("public").join(f)).unwrap();
        feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

#[test]
fn archives_follow_rfc_5005() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let base = "https://example.org/s/";

    let current = atom(&root, "atom.xml");
    assert_eq!(current.entries.len(), 2, "limit = 2");
    assert_eq!(
        link(&current.links, "prev-archive"),
        Some(format!("{base}archive/2023/atom.xml").as_str())
    );
    assert_eq!(link(&current.links, "next-archive"), None);

    let y2022 = atom(&root, "archive/2022/atom.xml");
    let ids: Vec<&str> = y2022.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "tag:example.org,2022:statements/2022-06-02-b-es",
            "tag:example.org,2022:statements/2022-06-01-b",
            "tag:example.org,2022:statements/2022-01-08-a",
        ]
    );
    assert_eq!(
        link(&y2022.links, "current"),
        Some(format!("{base}atom.xml").as_str())
    );
    assert_eq!(
        link(&y2022.links, "prev-archive"),
        Some(format!("{base}archive/2021/atom.xml").as_str())
    );
    assert_eq!(
        link(&y2022.links, "next-archive"),
        Some(format!("{base}archive/2023/atom.xml").as_str())
    );
    assert_eq!(
        link(&y2022.links, "self"),
        Some(format!("{base}archive/2022/atom.xml").as_str())
    );
    assert_eq!(y2022.id, "tag:example.org,2022:statements/archive/2022");
    let text = fs::read_to_string(root.join("public/archive/2022/atom.xml")).unwrap();
    assert!(text.contains("xmlns:fh=\"http://purl.org/syndication/history/1.0\""));
    assert!(text.contains("<fh:archive/>"));
    assert!(!fs::read_to_string(root.join("public/atom.xml"))
        .unwrap()
        .contains("fh:archive"));

    let oldest = atom(&root, "archive/2021/atom.xml");
    assert_eq!(link(&oldest.links, "prev-archive"), None);

    // Archives are Atom documents: no RSS or JSON Feed archive, and the RSS and JSON Feed
    // subscription documents point to none.
    assert!(!root.join("public/archive/2022/rss.xml").exists());
    assert!(!root.join("public/archive/2022/feed.json").exists());
    let rss = fs::read_to_string(root.join("public/rss.xml")).unwrap();
    assert!(!rss.contains("archive"), "{rss}");
    let channel = rss::Channel::read_from(rss.as_bytes()).unwrap();
    assert_eq!(channel.items().len(), 2);
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("public/feed.json")).unwrap()).unwrap();
    assert_eq!(json["next_url"], serde_json::Value::Null);
    assert_eq!(json["items"].as_array().map(Vec::len), Some(2));
}

/// A feed whose subscription document holds all its items says so (`fh:complete`, RFC 5005
/// section 2) in Atom and RSS; one that does not, does not. Language and tag feeds have no
/// archives.
#[test]
fn complete_feeds_say_so() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let complete = |rel: &str| {
        let text = fs::read_to_string(root.join("public").join(rel)).unwrap();
        // Atom `<fh:complete/>`; the rss crate writes the element with an empty body.
        text.contains("<fh:complete")
            && text.contains("xmlns:fh=\"http://purl.org/syndication/history/1.0\"")
    };
    for rel in ["es/atom.xml", "es/rss.xml", "ru/atom.xml", "ru/rss.xml"] {
        assert!(complete(rel), "{rel}");
    }
    for rel in ["atom.xml", "rss.xml", "archive/2022/atom.xml"] {
        assert!(!complete(rel), "{rel}");
    }
    let es = atom(&root, "es/atom.xml");
    assert_eq!(es.entries.len(), 1);
    assert_eq!(link(&es.links, "prev-archive"), None);
    assert!(!root.join("public/en/archive").exists());
    assert!(!root.join("public/tags/strike/archive").exists());
}

#[test]
fn language_and_tag_feeds() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let pt = atom(&root, "pt/atom.xml");
    assert_eq!(pt.title.value, "Declarações");
    assert_eq!(pt.lang.as_deref(), Some("pt"));
    assert!(pt
        .entries
        .iter()
        .all(|e| e.id.contains("old.pt") || e.id.ends_with("-a")));
    let es = atom(&root, "es/atom.xml");
    assert_eq!(
        es.title.value, "Statements (es)",
        "falls back to the main title"
    );

    let greve = atom(&root, "tags/greve/atom.xml");
    assert_eq!(
        greve.entries.len(),
        2,
        "`greve` and `Greve!` share one feed"
    );
    assert_eq!(
        greve.lang.as_deref(),
        Some("pt"),
        "a one-language tag takes that language"
    );

    let out = communique(&root, &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "items/2022-01-08-a.md:5: warning: tags `greve` and `Greve!` share the feed folder \
             `tags/greve/`; their items are published in one feed"
        ),
        "{stdout}"
    );
}

#[test]
fn translations_link_both_ways() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let base = "https://example.org/s/";
    let feed = atom(&root, "archive/2021/atom.xml");
    let hreflang = |id_end: &str| hreflang_links(&feed, id_end);
    assert_eq!(
        hreflang("old.pt"),
        [("en".to_owned(), format!("{base}2021/2021-05-01-old.en/"))]
    );
    assert_eq!(
        hreflang("old.en"),
        [("pt".to_owned(), format!("{base}2021/2021-05-01-old.pt/"))]
    );

    // translation_key groups, in JSON Feed too.
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("public/en/feed.json")).unwrap()).unwrap();
    let item_b = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().ends_with("2022-06-01-b"))
        .unwrap();
    assert!(
        item_b["_translations"].is_object(),
        "JSON Feed extensions are objects"
    );
    assert_eq!(
        item_b["_translations"]["es"]["url"],
        format!("{base}2022/2022-06-02-b-es/")
    );

    // And in the pages.
    let page = fs::read_to_string(root.join("public/2022/2022-06-02-b-es/index.html")).unwrap();
    assert!(
        page.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"{base}2022/2022-06-01-b/\">"
        )),
        "{page}"
    );
    assert!(page.contains("<html lang=\"es\" dir=\"ltr\">"));
}

#[test]
fn index_page_and_opml_list_every_feed() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let index = fs::read_to_string(root.join("public/index.html")).unwrap();
    for dir in ["", "en/", "pt/", "es/", "ru/"] {
        for (kind, file) in [
            ("application/atom+xml", "atom.xml"),
            ("application/rss+xml", "rss.xml"),
            ("application/feed+json", "feed.json"),
        ] {
            let needle = format!("type=\"{kind}\"");
            let href = format!("href=\"https://example.org/s/{dir}{file}\"");
            assert!(
                index
                    .lines()
                    .any(|l| l.starts_with("<link rel=\"alternate\"")
                        && l.contains(&needle)
                        && l.contains(&href)),
                "no autodiscovery link for {dir}{file}"
            );
        }
    }
    assert_eq!(index.matches("<li lang=").count(), 6);
    let opml = fs::read_to_string(root.join("public/feeds.opml")).unwrap();
    for dir in [
        "",
        "en/",
        "pt/",
        "es/",
        "ru/",
        "tags/greve/",
        "tags/strike/",
    ] {
        assert!(
            opml.contains(&format!("xmlUrl=\"https://example.org/s/{dir}atom.xml\"")),
            "{dir}: {opml}"
        );
    }
}

/// Writes a generated instance of `n` items: six languages, per-language tags, dates spread
/// over 2000–2025, one item per file.
fn generated_instance(n: usize) -> (TestEnv, PathBuf) {
    let dir = TestEnv::empty();
    let root = dir.root.clone();
    fs::write(
        root.join("config.toml"),
        "title = \"Generated\"\nbase_url = \"https://example.org/g/\"\nauthor = \"Gen\"\n\
         id_authority = \"example.org\"\nid_date = \"2022\"\nlimit = 20\n",
    )
    .unwrap();
    let langs = ["pt", "en", "es", "fr", "de", "ru"];
    for i in 0..n {
        let lang = langs[i % langs.len()];
        let year = 2000 + (i * 7 % 26);
        let month = 1 + (i * 5 % 12);
        let day = 1 + (i * 3 % 28);
        let folder = root.join(format!("items/{year}"));
        fs::create_dir_all(&folder).unwrap();
        let stem = format!("{year}-{month:02}-{day:02}-item-{i}");
        fs::write(
            folder.join(format!("{stem}.md")),
            format!(
                "+++\ntitle = \"Item {i}\"\ndate = {year}-{month:02}-{day:02}\nlang = \"{lang}\"\n\
                 tags = [\"{lang}-t{}\", \"{lang}-t{}\"]\n+++\n\nBody of item {i}.\n",
                i % 5,
                (i / 5) % 5
            ),
        )
        .unwrap();
    }
    (dir, root)
}

/// Adding one item rewrites only the documents it belongs to: the subscription feeds of the
/// whole set, of its language and of its tags, the main feed's newest archive, its own page,
/// the pages of its language and tags, the index and the sitemap. Every other file keeps its
/// bytes and its mtime.
#[test]
fn adding_one_item_rewrites_only_its_documents() {
    let n: usize = std::env::var("COMMUNIQUE_TEST_CORPUS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let (_tmp, root) = generated_instance(n);
    build(&root);
    let public = root.join("public");
    let before = tree(&public);
    let mtimes: BTreeMap<String, std::time::SystemTime> = before
        .keys()
        .map(|k| {
            (
                k.clone(),
                fs::metadata(public.join(k)).unwrap().modified().unwrap(),
            )
        })
        .collect();

    fs::write(
        root.join("items/2025/2025-12-31-new.md"),
        "+++\ntitle = \"New\"\ndate = 2025-12-31\nlang = \"fr\"\ntags = [\"fr-t1\", \"fr-t3\"]\n+++\n\nNew.\n",
    )
    .unwrap();
    build(&root);
    let after = tree(&public);

    let changed: BTreeSet<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    assert!(
        before.keys().all(|k| after.contains_key(k)),
        "no file disappears"
    );

    let mut want = BTreeSet::new();
    for dir in ["", "fr/", "tags/fr-t1/", "tags/fr-t3/"] {
        for f in FEED_FILES {
            want.insert(format!("{dir}{f}"));
        }
    }
    want.insert("archive/2025/atom.xml".to_owned());
    want.insert("2025/2025-12-31-new/index.html".to_owned());
    want.insert("index.html".to_owned());
    // The pages of its language and tags (new, or listing it), and the sitemap.
    for dir in ["fr/", "tags/fr-t1/", "tags/fr-t3/"] {
        want.insert(format!("{dir}index.html"));
    }
    want.insert("sitemap.xml".to_owned());
    assert_eq!(changed, want);

    // Unchanged files were not even rewritten.
    for (k, t) in &mtimes {
        if !changed.contains(k) {
            let now = fs::metadata(public.join(k)).unwrap().modified().unwrap();
            assert_eq!(&now, t, "{k} was rewritten");
        }
    }
}

/// A deleted item's page, and the feeds of a tag nobody uses any more, are removed; files
/// communique never wrote stay.
#[test]
fn stale_outputs_are_removed() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let public = root.join("public");
    fs::write(public.join("custom.css"), "body{}").unwrap();
    assert!(public.join("es/atom.xml").exists());
    fs::remove_file(root.join("items/2022-06-02-b-es.md")).unwrap();
    let out = communique(&root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(" removed"), "{stderr}");
    assert!(
        !public.join("es").exists(),
        "the Spanish feeds went with their only item"
    );
    assert!(!public.join("2022/2022-06-02-b-es").exists());
    assert!(
        public.join("custom.css").exists(),
        "files we never wrote are kept"
    );
    assert!(public.join("2022/2022-06-01-b/index.html").exists());
}

/// Templates in `templates_dir` replace the built-in ones; a broken one is a clear error.
#[test]
fn user_templates_override_the_built_in_ones() {
    let (_tmp, root) = instance("feed_set");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        config.replace("[feeds]\n", "[feeds]\ntemplates_dir = \"templates\"\n"),
    )
    .unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/index.html"),
        "<!DOCTYPE html><title>{{ site.title }}</title>{% for item in items %}<p>{{ item.title }}</p>{% endfor %}\n",
    )
    .unwrap();
    build(&root);
    let index = fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(
        index.starts_with("<!DOCTYPE html><title>Statements</title><p>Заявление C</p>"),
        "{index}"
    );
    // The item template was not overridden.
    assert!(
        fs::read_to_string(root.join("public/2022/2022-01-08-a/index.html"))
            .unwrap()
            .contains("<article>")
    );

    fs::write(root.join("templates/item.html"), "{% for x in %}\n").unwrap();
    let out = communique(&root, &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/item.html"), "{stderr}");
    assert!(stderr.contains("syntax error"), "{stderr}");
}

/// The multilingual instance (statements in nine languages, no front matter): one feed folder
/// per language, right-to-left pages marked as such, and the two Kazakhstan statements linked
/// to each other in every format.
#[test]
fn multilingual_instance_builds_the_feed_set_with_translations() {
    let (_tmp, root) = instance("languages");
    build(&root);
    let files: BTreeSet<String> = tree(&root.join("public")).into_keys().collect();
    for lang in [
        "ar", "de", "en", "en-us", "es", "fr", "he", "it", "pt", "ru",
    ] {
        for f in FEED_FILES {
            assert!(files.contains(&format!("{lang}/{f}")), "{lang}/{f} missing");
        }
    }
    let page = |stem: &str| {
        files
            .iter()
            .find(|f| f.ends_with(&format!("/{stem}/index.html")))
            .map(|f| fs::read_to_string(root.join("public").join(f)).unwrap())
            .unwrap_or_else(|| panic!("no page for {stem}"))
    };
    assert!(page("ar-tadamun").contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page("he-solidarity").contains("<html lang=\"he\" dir=\"rtl\">"));

    let base = "https://example.org/statements/2022/";
    let pt_page = format!("{base}2022-01-08-kazakhstan.pt/");
    let en_page = format!("{base}2022-01-08-kazakhstan.en/");
    let pt = page("2022-01-08-kazakhstan.pt");
    let en = page("2022-01-08-kazakhstan.en");
    assert!(
        pt.contains(&format!("hreflang=\"en\" href=\"{en_page}\"")),
        "{pt}"
    );
    assert!(
        en.contains(&format!("hreflang=\"pt\" href=\"{pt_page}\"")),
        "{en}"
    );

    let feed = atom(&root, "atom.xml");
    let links = |id_end: &str| hreflang_links(&feed, id_end);
    assert_eq!(links("kazakhstan.pt"), [("en".to_owned(), en_page.clone())]);
    assert_eq!(links("kazakhstan.en"), [("pt".to_owned(), pt_page.clone())]);
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("public/feed.json")).unwrap()).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().ends_with("kazakhstan.pt"))
        .unwrap();
    assert_eq!(item["_translations"]["en"]["url"], en_page);
}

/// A publish that removes stale files (here: the only Spanish item is deleted) succeeds and
/// saves its state, so the run after it is a no-op.
#[test]
fn publish_after_deleting_an_item_succeeds() {
    let (_tmp, root) = instance("feed_set");
    let out = communique(&root, &["publish"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::remove_file(root.join("items/2022-06-02-b-es.md")).unwrap();
    // Files changed within the last clock tick make a state untrusted (a change in the same
    // tick could be missed); let the fixture's fresh copies age first.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let out = communique(&root, &["publish"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!root.join("public/es").exists());
    assert!(root.join(".communique/state.bin").exists());
    let out = communique(&root, &["publish", "-v"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nothing changed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two items whose pages would be one file are both held back, with an error naming both.
#[test]
fn two_items_with_one_page_are_an_error() {
    let (_tmp, root) = instance("feed_set");
    for (folder, id) in [
        ("a", "tag:example.org,2022:x-a"),
        ("b", "tag:example.org,2022:x-b"),
    ] {
        fs::create_dir_all(root.join("items").join(folder)).unwrap();
        fs::write(
            root.join(format!("items/{folder}/same.md")),
            format!("+++\ntitle = \"From {folder}\"\ndate = 2022-03-0{}\nlang = \"en\"\nid = \"{id}\"\n+++\n\nText.\n", if folder == "a" { 1 } else { 2 }),
        )
        .unwrap();
    }
    let out = communique(&root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "items/a/same.md: error: the page https://example.org/s/2022/same/ would also be the \
             page of items/b/same.md"
        ),
        "{stderr}"
    );
    assert!(!root.join("public/2022/same").exists());
}

/// `translation_of` names a path under the items folder, whatever the current folder is.
#[test]
fn translation_of_a_path_does_not_depend_on_the_current_folder() {
    let (_tmp, root) = instance("feed_set");
    fs::create_dir_all(root.join("items/2024")).unwrap();
    fs::write(
        root.join("items/2024/orig.md"),
        "+++\ntitle = \"Original\"\ndate = 2024-01-01\nlang = \"en\"\n+++\n\nText.\n",
    )
    .unwrap();
    fs::write(
        root.join("items/2024/trad.md"),
        "+++\ntitle = \"Tradução\"\ndate = 2024-01-01\nlang = \"pt\"\ntranslation_of = \"2024/orig.md\"\n+++\n\nTexto.\n",
    )
    .unwrap();
    let out = command_in(&std::env::temp_dir())
        .arg("--config")
        .arg(root.join("config.toml"))
        .args(["build", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let feed = atom(&root, "archive/2024/atom.xml");
    let hreflangs: Vec<String> = feed
        .entries
        .iter()
        .flat_map(|e| e.links.iter().filter_map(|l| l.hreflang.clone()))
        .collect();
    assert_eq!(hreflangs.len(), 2, "linked both ways: {hreflangs:?}");
}

/// Archives a build no longer plans go away with the outputs list: here the main feed becomes
/// complete when `limit` grows, so its archives are removed and `fh:complete` appears.
#[test]
fn archives_no_longer_planned_are_removed() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    assert!(root.join("public/archive/2021/atom.xml").exists());
    let text = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        text.replace("limit = 2", "limit = 50"),
    )
    .unwrap();
    build(&root);
    assert!(!root.join("public/archive").exists());
    let atom = fs::read_to_string(root.join("public/atom.xml")).unwrap();
    assert!(atom.contains("<fh:complete/>"), "{atom}");
    assert!(!atom.contains("prev-archive"), "{atom}");
}

/// A new item with another spelling of a tag, in another language, does not retitle the tag's
/// feed: its name is the spelling its oldest item used.
#[test]
fn tag_feeds_keep_their_name_with_new_spellings() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let before = atom(&root, "tags/strike/atom.xml");
    fs::write(
        root.join("items/2024-05-01-new.md"),
        "+++\ntitle = \"Grève\"\ndate = 2024-05-01\nlang = \"fr\"\ntags = [\"Strike\"]\n+++\n\nTexte.\n",
    )
    .unwrap();
    build(&root);
    let after = atom(&root, "tags/strike/atom.xml");
    assert_eq!(before.title.value, after.title.value);
    assert!(after
        .entries
        .iter()
        .any(|e| e.id.ends_with("2024-05-01-new")));
}

/// The list of a build's outputs applies only to the folder it was written for: an instance
/// whose output folder changes (or another instance sharing the state folder) never has files
/// removed by someone else's list.
#[test]
fn another_output_folder_is_never_cleaned_by_an_old_list() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        config.replace("limit = 2\n", "limit = 2\noutput_dir = \"www\"\n"),
    )
    .unwrap();
    fs::create_dir_all(root.join("www/es")).unwrap();
    fs::write(root.join("www/es/atom.xml"), "not ours").unwrap();
    fs::remove_file(root.join("items/2022-06-02-b-es.md")).unwrap();
    build(&root);
    assert_eq!(
        fs::read_to_string(root.join("www/es/atom.xml")).unwrap(),
        "not ours"
    );
}

/// Tag feeds are summary feeds: each entry has its title, summary and link to the page, and no
/// content, in all three formats (parsed back with feed-rs, and with atom_syndication, rss and
/// serde_json for the fields feed-rs merges); `tag_limit` cuts them; the main and language
/// feeds keep the whole text; `tag_content = "full"` gives tag feeds the whole text back.
#[test]
fn tag_feeds_carry_summaries_and_the_main_feed_the_whole_text() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let strike = atom(&root, "tags/strike/atom.xml");
    assert!(!strike.entries.is_empty());
    for entry in &strike.entries {
        assert!(entry.content.is_none(), "{}: no content", entry.id);
        assert!(entry.summary.is_some(), "{}: a summary", entry.id);
        let page = link(&entry.links, "alternate").expect("a link to the page");
        assert!(page.starts_with("https://example.org/s/20"), "{page}");
    }
    let rss = fs::read(root.join("public/tags/strike/rss.xml")).unwrap();
    let channel = rss::Channel::read_from(&rss[..]).unwrap();
    for item in channel.items() {
        assert!(item.content().is_none(), "no content:encoded");
        assert!(item.description().is_some_and(|d| !d.is_empty()));
        assert!(item.link().is_some());
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("public/tags/strike/feed.json")).unwrap())
            .unwrap();
    for item in json["items"].as_array().unwrap() {
        assert!(item.get("content_html").is_none(), "{item}");
        assert!(item["content_text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(item["url"].is_string());
    }
    for name in FEED_FILES {
        let rel = format!("tags/strike/{name}");
        let bytes = fs::read(root.join("public").join(&rel)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(feed.entries.len(), strike.entries.len(), "{rel}");
    }
    // The main and language feeds carry the whole text.
    for rel in ["atom.xml", "en/atom.xml"] {
        let feed = atom(&root, rel);
        assert!(
            feed.entries.iter().all(|e| e.content.is_some()),
            "{rel}: content"
        );
    }

    // `tag_limit` cuts a tag feed (`strike` has more than one item); `limit` still applies.
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    let with = |feeds: &str| config.replace("[feeds]\n", &format!("[feeds]\n{feeds}"));
    fs::write(root.join("config.toml"), with("tag_limit = 1\n")).unwrap();
    build(&root);
    let cut = atom(&root, "tags/strike/atom.xml");
    assert_eq!(cut.entries.len(), 1);
    assert_eq!(cut.entries[0].id, strike.entries[0].id, "the newest");

    fs::write(root.join("config.toml"), with("tag_content = \"full\"\n")).unwrap();
    build(&root);
    let full = atom(&root, "tags/strike/atom.xml");
    assert_eq!(full.entries.len(), strike.entries.len());
    assert!(full.entries.iter().all(|e| e.content.is_some()));
}

/// Every page links the one stylesheet, `style.css`, written once; none inlines it; with pages
/// off it is no longer planned and the build removes it.
#[test]
fn pages_share_one_stylesheet() {
    let (_tmp, root) = instance("feed_set");
    build(&root);
    let public = root.join("public");
    let css = fs::read_to_string(public.join("style.css")).unwrap();
    assert_eq!(css, communique::render::html::STYLESHEET);
    let link = "<link rel=\"stylesheet\" href=\"https://example.org/s/style.css\">";
    for page in [
        "index.html",
        "2022/2022-06-01-b/index.html",
        "tags/strike/index.html",
        "en/index.html",
    ] {
        let html = fs::read_to_string(public.join(page)).unwrap();
        assert_eq!(html.matches(link).count(), 1, "{page}: {html}");
        assert!(!html.contains("<style"), "{page}: {html}");
    }

    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace("[feeds]\n", "[feeds]\npages = false\n");
    fs::write(root.join("config.toml"), config).unwrap();
    build(&root);
    assert!(
        !public.join("style.css").exists(),
        "no pages, no stylesheet"
    );
    assert!(!public.join("index.html").exists());
}
