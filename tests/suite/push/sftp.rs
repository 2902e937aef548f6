//! The `sftp` target against OpenSSH's sshd.

use crate::push::support::sshd::Sshd;
use crate::push::support::{as_bytes, atom_doc, gunzip, site_v1, tree, Instance};
use crate::push::FAST_SETTINGS;

#[test]
fn files_arrive_through_temporary_names_and_changes_only_are_sent() {
    let Some(sshd) = Sshd::start() else { return };
    let env = Instance::new(&format!(
        "{}{FAST_SETTINGS}",
        sshd.target_toml("host", "www/feeds", sshd.port, "")
    ));
    let mut site = site_v1();
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr.contains("push `host`: 8 sent"),
        "{run}\n{}",
        sshd.log()
    );
    let remote = sshd.home.join("www/feeds");
    assert_eq!(
        tree(&remote),
        as_bytes(&site),
        "temporary files left behind?"
    );

    let run = env.push(&[]);
    assert!(
        run.stderr
            .contains("push `host`: 0 sent (0 B), 0 deleted, 8 skipped"),
        "{run}"
    );

    site.insert("feed.json", "{\"v\": 2}\n".into());
    site.remove("style.css");
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("1 sent (9 B), 1 deleted"), "{run}");
    assert_eq!(tree(&remote), as_bytes(&site));
    // That readers never see a half-written file is checked in faults.rs.
}

#[test]
fn an_unknown_host_key_is_refused() {
    let Some(sshd) = Sshd::start() else { return };
    // A known_hosts file that knows another key for this host.
    std::fs::write(
        &sshd.known_hosts,
        format!(
            "[127.0.0.1]:{} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt1Bq7U4H7c2zM0o4cQ0uKLlY1r5pXnHzXlq9m1YyQ5\n",
            sshd.port
        ),
    )
    .unwrap();
    let env = Instance::new(&format!(
        "{}{FAST_SETTINGS}",
        sshd.target_toml("host", "www", sshd.port, "")
    ));
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains("push `host`: error: cannot connect"),
        "{run}"
    );
    assert!(
        run.stderr.contains("Host key verification failed")
            || run
                .stderr
                .contains("REMOTE HOST IDENTIFICATION HAS CHANGED"),
        "{run}"
    );
    assert!(tree(&sshd.home).is_empty());
}

#[test]
fn precompress_puts_gz_siblings_beside_the_files() {
    let Some(sshd) = Sshd::start() else { return };
    let env = Instance::new(&format!(
        "{}{FAST_SETTINGS}",
        sshd.target_toml("host", "www/feeds", sshd.port, "precompress = [\"gzip\"]")
    ));
    let mut site = site_v1();
    site.insert("rss.xml", atom_doc("", 3000));
    env.write_site(&site);
    env.push(&[]).ok();
    let remote = tree(&sshd.home.join("www/feeds"));
    let mut expected = as_bytes(&site);
    expected.insert("rss.xml.gz".into(), remote["rss.xml.gz"].clone());
    assert_eq!(remote, expected, "one sibling, for the one large text file");
    assert_eq!(gunzip(&remote["rss.xml.gz"]), site["rss.xml"].as_bytes());

    site.remove("rss.xml");
    env.write_site(&site);
    env.push(&[]).ok();
    assert_eq!(tree(&sshd.home.join("www/feeds")), as_bytes(&site));
}
