//! The `webdav` target against nginx (dav + dav-ext, Basic auth).

use crate::push::support::nginx::{Nginx, HUB, ORIGIN, PASSWORD, USER};
use crate::push::support::{as_bytes, atom_doc, gunzip, site_v1, Instance};
use crate::push::FAST_SETTINGS;

fn setup(nginx: &Nginx, folder: &str, extra: &str) -> Instance {
    let mut env = Instance::new(&format!(
        "{}{FAST_SETTINGS}",
        nginx.target_toml("dav", folder, extra)
    ));
    env.set_env("DAV_USER", USER);
    env.set_env("DAV_PASSWORD", PASSWORD);
    env
}

#[test]
fn files_arrive_in_new_folders_and_are_served_with_their_types() {
    let Some(nginx) = Nginx::start() else { return };
    let env = setup(&nginx, "statements", "");
    let mut site = site_v1();
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `dav`: 8 sent"), "{run}");
    assert_eq!(nginx.files("statements"), as_bytes(&site));

    // The media types nginx serves with the documented snippet (docs/snippets/nginx-feeds.conf).
    let cases = [
        ("atom.xml", "application/atom+xml; charset=utf-8"),
        ("rss.xml", "application/rss+xml; charset=utf-8"),
        ("feed.json", "application/feed+json; charset=utf-8"),
        ("index.html", "text/html; charset=utf-8"),
        ("feeds.opml", "text/x-opml; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
    ];
    for (path, content_type) in cases {
        let (status, ct, body) = nginx.get(&format!("statements/{path}"));
        assert_eq!(status, 200, "{path}");
        assert_eq!(ct.as_deref(), Some(content_type), "{path}");
        assert_eq!(body, site[path].as_bytes(), "{path}");
    }

    // Changes and deletions.
    site.insert("rss.xml", "<rss>v2</rss>\n".into());
    site.remove("2024/first/index.html");
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr
            .contains("push `dav`: 1 sent (14 B), 1 deleted, 6 skipped"),
        "{run}"
    );
    assert_eq!(nginx.files("statements"), as_bytes(&site));
}

#[test]
fn a_wrong_password_fails_with_the_answer_but_not_the_password() {
    let Some(nginx) = Nginx::start() else { return };
    let mut env = setup(&nginx, "site", "");
    env.set_env("DAV_PASSWORD", "wrong-horse-battery");
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains("push `dav`: error: cannot upload "),
        "{run}"
    );
    assert!(
        run.stderr.contains("the server answered 401 Unauthorized"),
        "{run}"
    );
    assert!(run.stderr.contains("user_env"), "{run}");
    assert!(!run.stderr.contains("wrong-horse-battery"), "{run}");
    assert!(nginx.files("site").is_empty());
}

#[test]
fn atomic_move_puts_to_a_temporary_name_first() {
    let Some(nginx) = Nginx::start() else { return };
    let env = setup(&nginx, "site", "atomic_move = true");
    let site = site_v1();
    env.write_site(&site);
    env.push(&[]).ok();
    // Exactly the site: no temporary file left behind.
    assert_eq!(nginx.files("site"), as_bytes(&site));
    let log = std::fs::read_to_string(nginx.www.parent().unwrap().join("access.log")).unwrap();
    assert!(
        log.contains("\"MOVE /dav/site/.atom.xml.communique-"),
        "{log}"
    );
}

#[test]
fn feed_names_with_extensions_need_no_server_snippet() {
    let Some(nginx) = Nginx::start() else { return };
    let env = setup(&nginx, "site", "");
    let mut config = std::fs::read_to_string(env.root.join("config.toml")).unwrap();
    config = config.replace(
        "id_date = \"2022\"\n",
        "id_date = \"2022\"\nfeed_names = \"extensions\"\n",
    );
    std::fs::write(env.root.join("config.toml"), config).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("items/000_9d9a61bf827e93db.txt"),
        env.root.join("items/000_9d9a61bf827e93db.txt"),
    )
    .unwrap();
    env.run(&["build"]).ok();
    assert!(env.public().join("feed.atom").exists());
    assert!(env.public().join("feed.rss").exists());
    env.push(&[]).ok();
    // Debian's mime.types maps .atom and .rss; the snippet is not needed for these names.
    let (status, ct, body) = nginx.get("site/feed.atom");
    assert_eq!(status, 200);
    assert_eq!(ct.as_deref(), Some("application/atom+xml; charset=utf-8"));
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains("href=\"https://example.org/statements/feed.atom\""),
        "{body}"
    );
    let (_, ct, _) = nginx.get("site/feed.rss");
    assert_eq!(ct.as_deref(), Some("application/rss+xml; charset=utf-8"));
}

#[test]
fn the_snippet_sends_cache_control_and_websub_links() {
    let Some(nginx) = Nginx::start() else { return };
    let env = setup(&nginx, "site", "");
    let mut site = site_v1();
    site.insert("archive/2023/atom.xml", atom_doc("<fh:archive/>", 0));
    env.write_site(&site);
    env.push(&[]).ok();

    let link = format!("<{HUB}>; rel=\"hub\", <{ORIGIN}/dav/site/atom.xml>; rel=\"self\"");
    let cases = [
        ("atom.xml", "public, max-age=300", Some(link.as_str())),
        ("rss.xml", "public, max-age=300", None),
        ("feed.json", "public, max-age=300", None),
        ("archive/2023/atom.xml", "public, max-age=86400", None),
        ("index.html", "public, max-age=3600", None),
        ("feeds.opml", "public, max-age=3600", None),
        ("2024/first/index.html", "public, max-age=3600", None),
    ];
    for (path, cache_control, want_link) in cases {
        let r = nginx.request(&format!("site/{path}"), &[]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.headers("cache-control"), [cache_control], "{path}");
        let links = r.headers("link");
        let is_feed =
            !path.contains("archive/") && !path.ends_with(".html") && !path.ends_with(".opml");
        assert_eq!(links.len(), usize::from(is_feed), "{path}: {links:?}");
        if let Some(want) = want_link {
            assert_eq!(links, [want], "{path}");
        }
    }
    let r = nginx.request("site/archive/2023/atom.xml", &[]);
    assert_eq!(
        r.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
}

#[test]
fn precompress_writes_gz_siblings_that_nginx_serves() {
    let Some(nginx) = Nginx::start() else { return };
    let env = setup(&nginx, "site", "precompress = [\"gzip\"]");
    let mut site = site_v1();
    site.insert("atom.xml", atom_doc("", 4000));
    site.insert("2024/big/index.html", "<p>statement</p>\n".repeat(200));
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();

    let stored = nginx.files("site");
    let siblings: Vec<&str> = stored
        .keys()
        .filter(|k| k.ends_with(".gz"))
        .map(String::as_str)
        .collect();
    assert_eq!(siblings, ["2024/big/index.html.gz", "atom.xml.gz"]);
    for path in ["atom.xml", "2024/big/index.html"] {
        assert_eq!(
            gunzip(&stored[&format!("{path}.gz")]),
            site[path].as_bytes()
        );
        assert_eq!(stored[path], site[path].as_bytes());
    }

    // gzip_static: the sibling to a client that accepts gzip, the file to one that does not.
    let r = nginx.request("site/atom.xml", &[("Accept-Encoding", "gzip")]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(
        r.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    assert_eq!(r.header("vary"), Some("Accept-Encoding"));
    assert_eq!(r.header("cache-control"), Some("public, max-age=300"));
    assert_eq!(gunzip(&r.body), site["atom.xml"].as_bytes());
    let r = nginx.request("site/atom.xml", &[]);
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.body, site["atom.xml"].as_bytes());

    // A change replaces both; a deletion removes both.
    site.insert("atom.xml", atom_doc("<subtitle>v2</subtitle>", 4000));
    site.remove("2024/big/index.html");
    env.write_site(&site);
    env.push(&[]).ok();
    let stored = nginx.files("site");
    assert_eq!(gunzip(&stored["atom.xml.gz"]), site["atom.xml"].as_bytes());
    assert!(!stored.contains_key("2024/big/index.html.gz"));
    assert!(!stored.contains_key("2024/big/index.html"));

    // Switched off: the siblings go, so a stale one can never be served.
    env.set_config(&format!(
        "{}{FAST_SETTINGS}",
        nginx.target_toml("dav", "site", "")
    ));
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `dav`: 1 sent ("), "{run}");
    assert!(!nginx.files("site").keys().any(|k| k.ends_with(".gz")));
}
