//! The `s3` target against s3s-fs, which checks SigV4 signatures.

use std::sync::atomic::Ordering;

use crate::push::support::s3::{S3Server, ACCESS_KEY, SECRET_KEY};
use crate::push::support::{as_bytes, atom_doc, gunzip, sha256, site_v1, Instance};
use crate::push::FAST_SETTINGS;

fn setup(server: &S3Server, prefix: &str, extra: &str) -> Instance {
    let mut env = Instance::new(&format!(
        "{}{FAST_SETTINGS}",
        server.target_toml("cdn", prefix, extra)
    ));
    env.set_env("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.set_env("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env
}

#[test]
fn objects_carry_content_type_and_cache_control() {
    let server = S3Server::start();
    let env = setup(
        &server,
        "site",
        "cache_control = [{ pattern = \"2024/**\", value = \"public, max-age=31536000, immutable\" }]",
    );
    let site = site_v1();
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `cdn`: 8 sent ("), "{run}");

    let objects = server.objects();
    let expected: std::collections::BTreeMap<String, Vec<u8>> = as_bytes(&site)
        .into_iter()
        .map(|(k, v)| (format!("site/{k}"), v))
        .collect();
    assert_eq!(objects, expected);

    let cases = [
        (
            "site/atom.xml",
            "application/atom+xml; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "site/rss.xml",
            "application/rss+xml; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "site/feed.json",
            "application/feed+json; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "site/index.html",
            "text/html; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "site/feeds.opml",
            "text/x-opml; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "site/style.css",
            "text/css; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "site/2024/first/index.html",
            "text/html; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
    ];
    for (key, content_type, cache_control) in cases {
        let (bytes, ct, cc) = server.get(key);
        assert_eq!(
            bytes,
            site[key.trim_start_matches("site/")].as_bytes(),
            "{key}"
        );
        assert_eq!(ct.as_deref(), Some(content_type), "{key}");
        assert_eq!(cc.as_deref(), Some(cache_control), "{key}");
    }
}

#[test]
fn pages_go_first_and_feeds_last() {
    let server = S3Server::start();
    let env = setup(&server, "", "");
    env.write_site(&site_v1());
    env.push(&[]).ok();
    let puts: Vec<String> = server
        .faults
        .log
        .lock()
        .unwrap()
        .iter()
        .filter_map(|l| l.strip_prefix("PUT /feeds/").map(str::to_owned))
        .collect();
    assert_eq!(puts.len(), 8, "{puts:?}");
    let rank = |p: &str| match p {
        "atom.xml" | "rss.xml" | "feed.json" => 2,
        "index.html" | "feeds.opml" => 1,
        _ => 0,
    };
    let ranks: Vec<i32> = puts.iter().map(|p| rank(p)).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "upload order {puts:?}");
}

#[test]
fn a_wrong_secret_is_refused_and_named_without_the_secret() {
    let server = S3Server::start();
    let mut env = setup(&server, "site", "");
    env.set_env("AWS_SECRET_ACCESS_KEY", "not-the-secret-at-all");
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains("push `cdn`: error: cannot upload "),
        "{run}"
    );
    assert!(run.stderr.contains("SignatureDoesNotMatch"), "{run}");
    assert!(!run.stderr.contains("not-the-secret-at-all"), "{run}");
    assert!(server.objects().is_empty());
    assert!(env.manifest_hashes("cdn").is_empty());
    // A permanent failure is not retried: one request per file that started.
    assert!(
        server.faults.requests.load(Ordering::SeqCst) <= 3,
        "retried a refused signature"
    );
}

#[test]
fn credentials_can_come_from_named_variables_and_missing_ones_are_named() {
    let server = S3Server::start();
    let mut env = setup(
        &server,
        "",
        "access_key_id_env = \"FEEDS_KEY_ID\"\nsecret_access_key_env = \"FEEDS_SECRET\"",
    );
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr
            .contains("push `cdn`: error: environment variable FEEDS_KEY_ID is not set"),
        "{run}"
    );

    env.set_env("FEEDS_KEY_ID", ACCESS_KEY);
    env.set_env("FEEDS_SECRET", SECRET_KEY);
    env.set_env("AWS_SECRET_ACCESS_KEY", "ignored");
    env.push(&[]).ok();
    assert_eq!(server.objects().len(), 8);
}

#[test]
fn vanished_files_are_deleted_after_the_feeds() {
    let server = S3Server::start();
    let env = setup(&server, "site", "");
    let mut site = site_v1();
    env.write_site(&site);
    env.push(&[]).ok();
    site.remove("2024/second/index.html");
    site.insert("atom.xml", "<feed>v2</feed>\n".into());
    env.write_site(&site);
    server.faults.log.lock().unwrap().clear();
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr.contains("1 sent (16 B), 1 deleted, 6 skipped"),
        "{run}"
    );
    let log = server.faults.log.lock().unwrap().clone();
    assert_eq!(
        log,
        [
            "PUT /feeds/site/atom.xml",
            "DELETE /feeds/site/2024/second/index.html"
        ]
    );
    assert!(!server.objects().contains_key("site/2024/second/index.html"));
}

#[test]
fn closed_archives_are_immutable_and_the_rest_short_or_medium() {
    let server = S3Server::start();
    let env = setup(
        &server,
        "",
        "cache_control = [{ pattern = \"pinned/**\", value = \"no-store\" }]",
    );
    let mut site = site_v1();
    let next = |year: u32| {
        format!("<fh:archive/><link rel=\"next-archive\" href=\"https://example.org/statements/history/{year}.xml\"/>")
    };
    // Archives at paths that say nothing: the documents' RFC 5005 markers decide.
    site.insert("history/2022.xml", atom_doc(&next(2023), 0));
    site.insert("history/2023.xml", atom_doc("<fh:archive/>", 0));
    site.insert("pinned/2021.xml", atom_doc(&next(2022), 0));
    let json = |own: &str, next: &str| {
        format!(
            "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \
             \"feed_url\": \"https://example.org/statements/{own}\", \
             \"next_url\": \"https://example.org/statements/{next}\", \"items\": []}}\n"
        )
    };
    site.insert("feed.json", json("feed.json", "j/2024.json"));
    site.insert("j/2024.json", json("j/2024.json", "j/2023.json"));
    site.insert(
        "j/2023.json",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \
         \"feed_url\": \"https://example.org/statements/j/2023.json\", \"items\": []}\n"
            .to_owned(),
    );
    env.write_site(&site);
    env.push(&[]).ok();
    let cases = [
        ("history/2022.xml", "public, max-age=31536000, immutable"),
        ("history/2023.xml", "public, max-age=300"),
        ("pinned/2021.xml", "no-store"),
        ("j/2023.json", "public, max-age=31536000, immutable"),
        ("j/2024.json", "public, max-age=300"),
        ("feed.json", "public, max-age=300"),
        ("atom.xml", "public, max-age=300"),
        ("index.html", "public, max-age=3600"),
        ("feeds.opml", "public, max-age=3600"),
        ("2024/first/index.html", "public, max-age=3600"),
    ];
    for (key, cache_control) in cases {
        let (_, _, cc) = server.get(key);
        assert_eq!(cc.as_deref(), Some(cache_control), "{key}");
    }
}

#[test]
fn precompressed_objects_carry_content_encoding() {
    let server = S3Server::start();
    let env = setup(&server, "site", "precompress = [\"gzip\"]");
    let mut site = site_v1();
    site.insert("atom.xml", atom_doc("", 4000));
    site.insert("logo.png", "p".repeat(4000));
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();

    let (stored, ct, cc, encoding) = server.get_encoded("site/atom.xml");
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert_eq!(ct.as_deref(), Some("application/atom+xml; charset=utf-8"));
    assert_eq!(cc.as_deref(), Some("public, max-age=300"));
    assert!(
        stored.len() < site["atom.xml"].len() / 4,
        "{}",
        stored.len()
    );
    assert_eq!(gunzip(&stored), site["atom.xml"].as_bytes());
    // Small files, and images (compressed already), go as they are.
    for key in ["site/index.html", "site/logo.png"] {
        let (stored, _, _, encoding) = server.get_encoded(key);
        assert_eq!(encoding, None, "{key}");
        assert_eq!(stored, site[key.trim_start_matches("site/")].as_bytes());
    }
    let manifest = env.manifest("cdn");
    assert_eq!(manifest["files"]["atom.xml"]["gzip"], true);
    assert_eq!(
        manifest["files"]["atom.xml"]["sha256"],
        sha256(site["atom.xml"].as_bytes()),
        "the manifest records the file, not its compressed form"
    );

    // Switched off: the same bytes go again, plain, and nothing else does.
    env.set_config(&format!(
        "{}{FAST_SETTINGS}",
        server.target_toml("cdn", "site", "")
    ));
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `cdn`: 1 sent ("), "{run}");
    let (stored, _, _, encoding) = server.get_encoded("site/atom.xml");
    assert_eq!(encoding, None);
    assert_eq!(stored, site["atom.xml"].as_bytes());
}
