//! `communique import` and `[[sources]]` against a loopback HTTP server ([`server`]) serving the
//! fixtures of `tests/fixtures/import/` (written for the project): a WordPress site's history
//! and a sister organisation's live feed arrive as valid items, a second import writes nothing,
//! an upstream change updates only files not edited here, and every bad input (malformed feed,
//! HTML served as a feed, an endless answer, a slow server, a redirect loop, duplicate ids,
//! entries without date or link) gets its diagnostic and no partial file.

mod server;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use crate::harness::{assert_whole, fixture_dir, walk, TestEnv};
use server::{Route, Server};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_dir("import").join(name)).unwrap()
}

/// The minimal instance with short import limits, and a server.
fn env_and_server() -> (TestEnv, Server) {
    let env = TestEnv::minimal();
    env.append_config(
        "\n[import_settings]\ntimeout_seconds = 2\nmax_bytes = 200000\nmax_redirects = 3\n",
    );
    (env, Server::start())
}

/// Serves the sister organisation's feed (`feed` is the fixture to serve as the current feed).
fn serve_sister(server: &Server, feed: &str) {
    server.document("/sister/feed.xml", "application/atom+xml", &fixture(feed));
    server.document(
        "/sister/archive-2023.xml",
        "application/atom+xml",
        &fixture("sister-archive-2023.xml"),
    );
    server.document(
        "/sister/files/night-shift.pdf",
        "application/pdf",
        "%PDF-1.4 fixture\n",
    );
    server.document(
        "/sister/files/night-shift-signed.pdf",
        "application/pdf",
        "%PDF-1.4 signed fixture\n",
    );
}

/// Every file under `items/` and the state folder, with bytes and mtime.
fn files(env: &TestEnv) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    for dir in [env.path("items"), env.state_dir()] {
        for path in walk(&dir) {
            let meta = std::fs::metadata(&path).unwrap();
            let rel = path.strip_prefix(env.root()).unwrap().display().to_string();
            out.insert(
                rel,
                (std::fs::read(&path).unwrap(), meta.modified().unwrap()),
            );
        }
    }
    out
}

/// Item files (not attachments) under `items/`.
fn item_files(env: &TestEnv) -> Vec<String> {
    walk(&env.path("items"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(env.root()).unwrap().display().to_string())
        .collect()
}

/// Entry ids of the built Atom feed, every feed checked whole first.
fn built_ids(env: &TestEnv) -> Vec<String> {
    for name in ["atom.xml", "rss.xml", "feed.json"] {
        assert_whole(name, &env.output(name));
    }
    let mut ids: Vec<String> = env
        .parsed("atom.xml")
        .entries
        .into_iter()
        .map(|e| e.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_wordpress_history_and_a_live_sister_feed_arrive_and_a_second_import_writes_nothing() {
    let (env, server) = env_and_server();
    serve_sister(&server, "sister-feed.xml");
    env.write("riverside.xml", fixture("export.xml"));

    let run = env.run(&[
        "import",
        "wordpress",
        "riverside.xml",
        "--category",
        "statements",
        "--folder",
        "archive",
    ]);
    run.ok().assert_stdout(
        "created items/archive/2019/2019-03-04-no-rent-rise-without-repairs.md\n\
         created items/archive/2019/2019-03-04-nenhum-aumento-de-renda-sem-obras.md\n\
         created items/archive/2020/2020-01-14-the-heating-is-back-on.md\n",
    );
    run.assert_stderr_contains("riverside.xml:");
    run.assert_stderr_contains(
        "post `Draft: letter to the council` is `draft`, not published: left out",
    );
    let rent = env.read_string("items/archive/2019/2019-03-04-no-rent-rise-without-repairs.md");
    assert!(
        rent.starts_with(
            "+++\nid = \"https://riverside.example/?p=41\"\ntitle = \"No rent rise without repairs\"\n\
             date = 2019-03-04T18:00:00Z\nauthors = [\"Riverside Tenants' Association\"]\n\
             lang = \"en\"\ntags = [\"Statements\", \"rent\"]\n\
             source = \"https://riverside.example/2019/03/no-rent-rise/\"\n\
             translation_key = \"pll_rent2019\"\n+++\n\nThe landlord announced"
        ),
        "{rent}"
    );

    // The sister organisation's feed is followed by publish: its archive too, the first time.
    env.append_config(&format!(
        "\n[[sources]]\nurl = \"{}\"\nfolder = \"sister\"\ntags = [\"sister\"]\n",
        server.url("/sister/feed.xml")
    ));
    env.run(&["publish"]).ok();
    assert_eq!(
        item_files(&env),
        vec![
            "items/archive/2019/2019-03-04-nenhum-aumento-de-renda-sem-obras.md",
            "items/archive/2019/2019-03-04-no-rent-rise-without-repairs.md",
            "items/archive/2020/2020-01-14-the-heating-is-back-on.md",
            "items/sister/2023/2023-11-20-a-fair-roster-for-the-winter.md",
            "items/sister/2024/2024-03-11-cranes-need-inspections-not-promises.md",
            "items/sister/2024/2024-05-02-the-night-shift-stays-staffed.md",
        ]
    );
    assert_eq!(
        env.read("items/sister/2024/2024-05-02-the-night-shift-stays-staffed.pdf"),
        b"%PDF-1.4 fixture\n"
    );
    // A second file of the same type follows the attachment convention: `stem.2.pdf`.
    assert_eq!(
        env.read("items/sister/2024/2024-05-02-the-night-shift-stays-staffed.2.pdf"),
        b"%PDF-1.4 signed fixture\n"
    );
    let roster = env.read_string("items/sister/2023/2023-11-20-a-fair-roster-for-the-winter.md");
    assert!(
        roster.contains("\n<div>\n<p>The winter roster"),
        "a table with merged cells stays HTML: {roster}"
    );
    let atom = env.parsed("atom.xml");
    let entry = atom
        .entries
        .iter()
        .find(|e| e.id.ends_with("winter-roster"))
        .unwrap();
    let summary = entry.summary.as_ref().map(|s| s.content.as_str());
    assert_eq!(
        summary,
        Some("A fair roster for the winter"),
        "never a blank summary"
    );
    assert_eq!(
        built_ids(&env),
        vec![
            "https://riverside.example/?p=41",
            "https://riverside.example/?p=42",
            "https://riverside.example/?p=57",
            "tag:harbour.example,2021:statements/cranes",
            "tag:harbour.example,2021:statements/night-shift",
            "tag:harbour.example,2021:statements/winter-roster",
        ]
    );
    env.run(&["check"]).ok();
    assert!(server.hits().iter().all(|h| h
        .user_agent
        .as_deref()
        .is_some_and(|a| a.starts_with("communique/"))));

    // Again: nothing is written, and the feed is asked for conditionally (304).
    let before = files(&env);
    env.run(&[
        "import",
        "wordpress",
        "riverside.xml",
        "--category",
        "statements",
        "--folder",
        "archive",
    ])
    .ok()
    .assert_stdout("");
    env.run(&["import", "sources"]).ok().assert_stdout("");
    assert_eq!(files(&env), before);
    let last = server.hits().last().cloned().unwrap();
    assert_eq!((last.path.as_str(), last.status), ("/sister/feed.xml", 304));
    assert!(last.if_none_match.is_some(), "{last:?}");

    // The sister feed moves on: a new statement, one changed, one changed that was edited here.
    let cranes = "items/sister/2024/2024-03-11-cranes-need-inspections-not-promises.md";
    let edited = format!("{}\nEdited here.\n", env.read_string(cranes));
    env.write(cranes, &edited);
    serve_sister(&server, "sister-feed-later.xml");
    let run = env.run(&["import", "sources"]);
    run.ok().assert_stdout(
        "created items/sister/2024/2024-06-01-solidarity-with-the-dock-cleaners.md\n\
         updated items/sister/2024/2024-05-02-the-night-shift-stays-staffed.md\n",
    );
    run.assert_stderr_line(&format!(
        "{cranes}: warning: changed upstream, but edited here since it was imported: kept as it is"
    ));
    assert_eq!(env.read_string(cranes), edited);
    let night = env.read_string("items/sister/2024/2024-05-02-the-night-shift-stays-staffed.md");
    assert!(
        night.contains("\nupdated = 2024-05-03T08:00:00Z\n") && night.contains("south quay"),
        "{night}"
    );
    env.run(&["build"]).ok();
    assert!(built_ids(&env).contains(&"tag:harbour.example,2021:statements/cleaners".to_owned()));
}

#[test]
fn a_statement_page_and_a_json_feed_with_next_url() {
    let (env, server) = env_and_server();
    server.document(
        "/pages/tariffs.html",
        "text/html",
        &fixture("statement.html"),
    );
    server.document(
        "/json/feed-1.json",
        "application/feed+json",
        &fixture("feed-1.json"),
    );
    server.document(
        "/json/feed-2.json",
        "application/feed+json",
        &fixture("feed-2.json"),
    );

    let page = server.url("/pages/tariffs.html");
    env.run(&["import", "page", &page, "--folder", "sister"])
        .ok()
        .assert_stdout(
            "created items/sister/2024/2024-04-15-statement-on-the-new-port-tariffs.md\n",
        );
    let text = env.read_string("items/sister/2024/2024-04-15-statement-on-the-new-port-tariffs.md");
    assert!(text.contains(&format!("\nid = \"{page}\"\n")), "{text}");
    assert!(text.contains(&format!("\nsource = \"{page}\"\n")), "{text}");
    assert!(
        text.contains("\nlang = \"en\"\n")
            && text.contains("authors = [\"Harbour Workers' Union\"]"),
        "{text}"
    );
    assert!(
        text.contains("open its books") && !text.contains("Share this page"),
        "{text}"
    );

    let run = env.run(&[
        "import",
        "feed",
        &server.url("/json/feed-1.json"),
        "--folder",
        "bakers",
    ]);
    run.ok().assert_stdout(
        "created items/bakers/2024/2024-02-20-bread-prices-and-the-flour-tax.md\n\
         created items/bakers/2023/2023-10-02-early-hours-fair-pay.md\n",
    );
    run.assert_stderr_contains("which was read already: a loop, stopped");
    env.run(&["build"]).ok();
    assert_eq!(built_ids(&env).len(), 3);
}

#[test]
fn a_dry_run_writes_nothing() {
    let (env, server) = env_and_server();
    serve_sister(&server, "sister-feed.xml");
    let run = env.run(&[
        "import",
        "feed",
        &server.url("/sister/feed.xml"),
        "--dry-run",
    ]);
    run.ok().assert_stdout(
        "would attach items/2024/2024-05-02-the-night-shift-stays-staffed.pdf\n\
         would attach items/2024/2024-05-02-the-night-shift-stays-staffed.2.pdf\n\
         would create items/2024/2024-05-02-the-night-shift-stays-staffed.md\n\
         would create items/2024/2024-03-11-cranes-need-inspections-not-promises.md\n\
         would create items/2023/2023-11-20-a-fair-roster-for-the-winter.md\n",
    );
    assert!(walk(&env.path("items")).is_empty());
    assert!(!env.state_dir().join("imported.json").exists());
    assert!(server.hits().iter().all(|h| !h.path.ends_with(".pdf")));
}

/// Runs `import feed` on the server's `path` and returns the run; nothing may be written.
fn import_bad(env: &TestEnv, server: &Server, path: &str) -> crate::harness::Run {
    let run = env.run_within(
        std::time::Duration::from_secs(60),
        &["import", "feed", &server.url(path)],
    );
    run.assert_code(1);
    assert!(item_files(env).is_empty(), "{run}");
    assert!(env.leftovers().is_empty());
    run
}

#[test]
fn bad_feeds_and_bad_servers_each_get_a_diagnostic_and_no_file() {
    let (env, server) = env_and_server();
    server.document(
        "/bad/malformed.xml",
        "application/rss+xml",
        "<rss><channel><item><title>Half",
    );
    server.document("/bad/page.xml", "text/html", &fixture("statement.html"));
    server.route("/bad/endless.xml", Route::Endless);
    server.route("/bad/slow.xml", Route::Slow);
    server.route("/bad/loop.xml", Route::Redirect("/bad/loop.xml".into()));
    server.route("/bad/gone.xml", Route::Status(500));
    let line = |path: &str, message: &str| format!("{}: error: {message}", server.url(path));

    let run = import_bad(&env, &server, "/bad/malformed.xml");
    run.assert_stderr_contains(&line("/bad/malformed.xml", "not a readable feed: "));
    let run = import_bad(&env, &server, "/bad/page.xml");
    run.assert_stderr_line(&line(
        "/bad/page.xml",
        "this is an HTML page, not a feed (import a statement page with `communique import page`, \
         or give the address of the site's feed)",
    ));
    let run = import_bad(&env, &server, "/bad/endless.xml");
    run.assert_stderr_line(&line(
        "/bad/endless.xml",
        "larger than 200000 bytes (import_settings.max_bytes): not read further",
    ));
    let run = import_bad(&env, &server, "/bad/slow.xml");
    run.assert_stderr_line(&line(
        "/bad/slow.xml",
        "no whole answer within 2 s (import_settings.timeout_seconds): the server is too slow",
    ));
    let run = import_bad(&env, &server, "/bad/loop.xml");
    run.assert_stderr_line(&line(
        "/bad/loop.xml",
        "more than 3 redirects (import_settings.max_redirects): a redirect loop?",
    ));
    let run = import_bad(&env, &server, "/bad/gone.xml");
    run.assert_stderr_line(&line("/bad/gone.xml", "the server answered 500"));
    let file = env.path("missing.xml");
    let run = env.run(&["import", "feed", "missing.xml"]);
    run.assert_code(1);
    assert!(!file.exists());
    run.assert_stderr_contains("missing.xml: error: cannot read: ");
}

#[test]
fn duplicate_ids_and_entries_without_date_or_link() {
    let (env, server) = env_and_server();
    server.document(
        "/careless.xml",
        "application/rss+xml",
        &fixture("duplicates.xml"),
    );
    let url = server.url("/careless.xml");
    let run = env.run(&["import", "feed", &url]);
    run.assert_code(1).assert_stdout(
        "created items/2024/2024-03-01-first-with-this-guid.md\n\
         created items/undated/no-date-here.md\n",
    );
    let one = server.url("/careless/one/");
    run.assert_stderr_line(&format!(
        "{url}: warning: entry 2 (`Second with the same guid`): id `{one}` is also entry 1's \
         upstream: only the first is imported"
    ));
    run.assert_stderr_line(&format!(
        "{url}: warning: entry 3 (`No date here`): no date; the build dates it by the file's history"
    ));
    run.assert_stderr_line(&format!(
        "{url}: error: entry 4 (`No link, no guid`): neither an id nor a link: it could not be \
         recognised again, so it is not imported"
    ));
    // The imported files build: the undated one is dated by its history.
    env.run(&["build"]).ok();
    assert_eq!(built_ids(&env).len(), 2);
    let again = env.run(&["import", "feed", &url]);
    again.assert_code(1).assert_stdout("");
}

#[test]
fn a_failing_source_never_stops_the_others_or_the_build() {
    let (env, server) = env_and_server();
    serve_sister(&server, "sister-feed.xml");
    server.route("/down.xml", Route::Status(503));
    env.append_config(&format!(
        "\n[[sources]]\nurl = \"{}\"\nfolder = \"down\"\n\n[[sources]]\nurl = \"{}\"\nfolder = \"sister\"\nfilter = \"(?i)night\"\n",
        server.url("/down.xml"),
        server.url("/sister/feed.xml"),
    ));
    let run = env.run(&["publish"]);
    run.assert_code(1);
    let down = server.url("/down.xml");
    run.assert_stderr_line(&format!("{down}: error: the server answered 503"));
    run.assert_stderr_line(&format!(
        "{down}: error: source not imported this time; it is asked again on the next run"
    ));
    assert_eq!(
        item_files(&env),
        vec!["items/sister/2024/2024-05-02-the-night-shift-stays-staffed.md"]
    );
    assert_eq!(
        built_ids(&env),
        vec!["tag:harbour.example,2021:statements/night-shift"]
    );
    // Next run: asked again.
    let asked = |env: &Server| env.hits().iter().filter(|h| h.path == "/down.xml").count();
    assert_eq!(asked(&server), 1);
    env.run(&["publish"]).assert_code(1);
    assert_eq!(asked(&server), 2);
    assert!(Path::new(&env.state_dir().join("sources.json")).exists());
}

/// A saved page that declares no address of its own is refused (it would have no id and no
/// `source`) unless `--url` says where it was published.
#[test]
fn a_saved_page_takes_its_address_from_url() {
    let (env, _server) = env_and_server();
    env.write("saved/tariffs.html", fixture("statement.html"));
    let refused = env.run(&["import", "page", "saved/tariffs.html"]);
    refused.assert_code(1);
    assert!(walk(&env.path("items")).is_empty());

    let url = "https://sister.example/2024/tariffs/";
    env.run(&["import", "page", "saved/tariffs.html", "--url", url])
        .ok()
        .assert_stdout("created items/2024/2024-04-15-statement-on-the-new-port-tariffs.md\n");
    let text = env.read_string("items/2024/2024-04-15-statement-on-the-new-port-tariffs.md");
    assert!(text.contains(&format!("\nid = \"{url}\"\n")), "{text}");
    assert!(text.contains(&format!("\nsource = \"{url}\"\n")), "{text}");

    env.run(&["import", "page", "saved/tariffs.html", "--url", "not a url"])
        .assert_code(2);
}
