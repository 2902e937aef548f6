//! Faults: servers that fail for a while, die mid-push, or are slow while readers watch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::push::support::nginx::{Nginx, PASSWORD, USER};
use crate::push::support::proxy::{FailFirst, Throttle};
use crate::push::support::s3::{S3Server, ACCESS_KEY, SECRET_KEY};
use crate::push::support::sshd::Sshd;
use crate::push::support::{as_bytes, sha256, site_v1, Instance};
use crate::push::FAST_SETTINGS;

#[test]
fn s3_503s_are_retried() {
    let server = S3Server::start();
    server.faults.fail_next.store(3, Ordering::SeqCst);
    let mut env = Instance::new(&format!(
        "{}{FAST_SETTINGS}",
        server.target_toml("cdn", "", "")
    ));
    env.set_env("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.set_env("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.ok();
    assert_eq!(
        server.faults.requests.load(Ordering::SeqCst),
        8 + 3,
        "{run}"
    );
    assert_eq!(server.objects(), as_bytes(&site_v1()));
}

#[test]
fn webdav_503s_are_retried() {
    let Some(nginx) = Nginx::start() else { return };
    let proxy = FailFirst::start(nginx.port, 2);
    let url = format!("http://127.0.0.1:{}/dav/site/", proxy.port);
    let mut env = Instance::new(&format!(
        "[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"{url}\"\nuser_env = \"DAV_USER\"\n\
         password_env = \"DAV_PASSWORD\"\n{FAST_SETTINGS}"
    ));
    env.set_env("DAV_USER", USER);
    env.set_env("DAV_PASSWORD", PASSWORD);
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.ok();
    assert_eq!(proxy.failed.load(Ordering::SeqCst), 2);
    assert_eq!(nginx.files("site"), as_bytes(&site_v1()));
}

#[test]
fn a_server_that_dies_mid_push_leaves_a_manifest_of_what_arrived_and_the_next_run_finishes() {
    let server = S3Server::start();
    server.faults.die_after_puts.store(3, Ordering::SeqCst);
    let mut env = Instance::new(&format!(
        "{}[push_settings]\nretries = 3\nretry_seconds = 1.5\ntimeout_seconds = 2\nconcurrency = 1\n",
        server.target_toml("cdn", "", "")
    ));
    env.set_env("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.set_env("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    let site = site_v1();
    env.write_site(&site);

    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains("push `cdn`: error: cannot upload "),
        "{run}"
    );
    assert!(run.stderr.contains("push `cdn`: 3 sent"), "{run}");
    // The manifest lists exactly what is on the server, with the right hashes, and no feed
    // went out before the pages it links to.
    let arrived = server.objects();
    assert_eq!(arrived.len(), 3);
    let manifest = env.manifest_hashes("cdn");
    let on_server: std::collections::BTreeMap<String, String> = arrived
        .iter()
        .map(|(k, v)| (k.clone(), sha256(v)))
        .collect();
    assert_eq!(manifest, on_server);
    for feed in ["atom.xml", "rss.xml", "feed.json"] {
        assert!(
            !arrived.contains_key(feed),
            "{feed} was sent before the pages"
        );
    }

    server.revive();
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `cdn`: 5 sent"), "{run}");
    assert!(run.stderr.contains("3 skipped"), "{run}");
    assert_eq!(server.objects(), as_bytes(&site));
    let all: std::collections::BTreeMap<String, String> = site
        .iter()
        .map(|(k, v)| ((*k).to_owned(), sha256(v.as_bytes())))
        .collect();
    assert_eq!(env.manifest_hashes("cdn"), all);
}

/// A feed big enough that a throttled upload takes a couple of seconds.
fn big_feed(version: char) -> String {
    let mut s = format!("<feed version=\"{version}\">\n");
    while s.len() < 600 * 1024 {
        s.push_str(&format!("<entry><title>{version} entry</title></entry>\n"));
    }
    s.push_str("</feed>\n");
    s
}

/// Runs `push` in a thread while `read` polls; every read must be the whole old or the whole
/// new document. Returns how many reads happened while `uploading` said the new bytes were
/// on their way (a temporary file on the server side).
fn poll_during_push(
    env: &Instance,
    read: impl Fn() -> Option<Vec<u8>>,
    uploading: impl Fn() -> bool,
    old: &str,
    new: &str,
) -> usize {
    let done = Arc::new(AtomicBool::new(false));
    let done_in_thread = done.clone();
    let mut cmd = env.command();
    cmd.arg("push");
    let pusher = std::thread::spawn(move || {
        let out = cmd.output().unwrap();
        done_in_thread.store(true, Ordering::SeqCst);
        out
    });
    let mut reads_during_upload = 0;
    let mut reads = 0;
    while !done.load(Ordering::SeqCst) {
        let during = uploading();
        if let Some(bytes) = read() {
            reads += 1;
            if during {
                reads_during_upload += 1;
            }
            if bytes != old.as_bytes() {
                assert!(
                    bytes == new.as_bytes(),
                    "read {} bytes: a truncated or mixed document",
                    bytes.len()
                );
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let out = pusher.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(reads > 0);
    assert_eq!(read().as_deref(), Some(new.as_bytes()));
    reads_during_upload
}

/// True when `dir` holds a file whose name contains `part`.
fn has_file(dir: &std::path::Path, part: &str) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(part))
        })
        .unwrap_or(false)
}

#[test]
fn readers_of_nginx_never_see_a_truncated_feed_during_a_slow_upload() {
    let Some(nginx) = Nginx::start() else { return };
    let throttle = Throttle::start(nginx.port, 400 * 1024);
    let url = format!("http://127.0.0.1:{}/dav/site/", throttle.port);
    let mut env = Instance::new(&format!(
        "[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"{url}\"\nuser_env = \"DAV_USER\"\n\
         password_env = \"DAV_PASSWORD\"\n[push_settings]\ntimeout_seconds = 30\n"
    ));
    env.set_env("DAV_USER", USER);
    env.set_env("DAV_PASSWORD", PASSWORD);
    let (old, new) = (big_feed('1'), big_feed('2'));
    let mut site = site_v1();
    site.insert("atom.xml", old.clone());
    env.write_site(&site);
    env.push(&[]).ok();
    site.insert("atom.xml", new.clone());
    env.write_site(&site);

    // nginx receives a PUT body into its temporary folder, then renames it into place.
    let body_temp = nginx.www.parent().unwrap().join("tmp/body");
    let during = poll_during_push(
        &env,
        || {
            let (status, _, body) = nginx.get("site/atom.xml");
            (status == 200).then_some(body)
        },
        || has_file(&body_temp, ""),
        &old,
        &new,
    );
    assert!(during >= 5, "too few reads during the upload ({during})");
}

#[test]
fn readers_of_an_sftp_host_never_see_a_truncated_feed_during_a_slow_upload() {
    let Some(sshd) = Sshd::start() else { return };
    let throttle = Throttle::start(sshd.port, 400 * 1024);
    sshd.trust_port(throttle.port);
    let env = Instance::new(&format!(
        "{}[push_settings]\ntimeout_seconds = 30\n",
        sshd.target_toml("host", "www", throttle.port, "")
    ));
    let (old, new) = (big_feed('1'), big_feed('2'));
    let mut site = site_v1();
    site.insert("atom.xml", old.clone());
    env.write_site(&site);
    env.push(&[]).ok();
    site.insert("atom.xml", new.clone());
    env.write_site(&site);

    let folder = sshd.home.join("www");
    let path = folder.join("atom.xml");
    let during = poll_during_push(
        &env,
        || std::fs::read(&path).ok(),
        || has_file(&folder, ".atom.xml.communique-"),
        &old,
        &new,
    );
    assert!(during >= 5, "too few reads during the upload ({during})");
}
