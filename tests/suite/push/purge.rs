//! The purge command: the changed public URLs on its stdin after every target was pushed and
//! before the WebSub pings; its failure reported, and the pings held back only when asked.

use crate::push::support::hub::Hub;
use crate::push::support::{site_v1, Instance};
use crate::push::FAST_SETTINGS;

const WWW: &str = "[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n";

/// An instance pushing to a `dir` target, announcing to `hub`, with `purge` (TOML) in
/// `[push_settings]`.
fn setup(hub: &Hub, purge: &str) -> Instance {
    Instance::new(&format!(
        "hubs = [\"{}\"]\n{FAST_SETTINGS}{purge}\n{WWW}",
        hub.url()
    ))
}

/// A purge command writing its stdin to `file`.
fn recording(file: &std::path::Path) -> String {
    format!(
        "purge_command = [\"sh\", \"-c\", \"cat > \\\"$0\\\"\", \"{}\"]",
        file.display()
    )
}

#[test]
fn the_purge_command_gets_exactly_the_changed_urls_before_the_pings() {
    let dir = tempfile::tempdir().unwrap();
    let urls = dir.path().join("urls.txt");
    let hub = Hub::start_with_witness(urls.clone());
    let env = setup(&hub, &recording(&urls));
    let mut site = site_v1();
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr
            .contains("purge: handed 11 changed URL(s) to `sh`"),
        "{run}"
    );
    assert_eq!(
        std::fs::read_to_string(&urls).unwrap(),
        "https://example.org/statements/\n\
         https://example.org/statements/2024/first/\n\
         https://example.org/statements/2024/first/index.html\n\
         https://example.org/statements/2024/second/\n\
         https://example.org/statements/2024/second/index.html\n\
         https://example.org/statements/atom.xml\n\
         https://example.org/statements/feed.json\n\
         https://example.org/statements/feeds.opml\n\
         https://example.org/statements/index.html\n\
         https://example.org/statements/rss.xml\n\
         https://example.org/statements/style.css\n"
    );
    let pings = hub.pings();
    assert_eq!(pings.len(), 3, "{pings:?}");
    assert!(
        pings.iter().all(|p| p.witnessed),
        "a hub was pinged before the purge command ran"
    );

    // One feed changed, one page deleted: only their URLs.
    std::fs::remove_file(&urls).unwrap();
    site.insert("atom.xml", "<feed>v2</feed>\n".into());
    site.remove("2024/second/index.html");
    env.write_site(&site);
    env.push(&[]).ok();
    assert_eq!(
        std::fs::read_to_string(&urls).unwrap(),
        "https://example.org/statements/2024/second/\n\
         https://example.org/statements/2024/second/index.html\n\
         https://example.org/statements/atom.xml\n"
    );
    assert_eq!(hub.pings().len(), 4);
    assert!(hub.pings()[3].witnessed);

    // Nothing changed: the command does not run.
    std::fs::remove_file(&urls).unwrap();
    let run = env.push(&[]);
    run.ok();
    assert!(!urls.exists());
    assert!(!run.stderr.contains("purge"), "{run}");
}

#[test]
fn a_failed_purge_is_reported_and_the_pings_still_go_unless_it_must_succeed() {
    let hub = Hub::start(0);
    let failing = "purge_command = [\"sh\", \"-c\", \"echo 'zone not found' >&2; exit 4\"]";
    let env = setup(&hub, failing);
    let mut site = site_v1();
    env.write_site(&site);
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr
            .contains("error: purge command `sh` exited with status 4: zone not found"),
        "{run}"
    );
    assert_eq!(hub.pings().len(), 3, "{run}");

    // With purge_must_succeed, the pings wait (and stay listed for the next push).
    env.set_config(&format!(
        "hubs = [\"{}\"]\n{FAST_SETTINGS}{failing}\npurge_must_succeed = true\n{WWW}",
        hub.url()
    ));
    site.insert("rss.xml", "<rss>v2</rss>\n".into());
    env.write_site(&site);
    let run = env.push(&[]);
    run.failed();
    assert!(run.stderr.contains("purge command `sh` exited"), "{run}");
    assert!(
        run.stderr
            .contains("websub: not announcing 1 changed feed(s)"),
        "{run}"
    );
    assert_eq!(hub.pings().len(), 3);
    assert!(env.state().join("websub-pending.json").exists());
}

#[test]
fn a_purge_command_that_hangs_is_stopped() {
    let hub = Hub::start(0);
    let env = setup(
        &hub,
        "purge_command = [\"sleep\", \"60\"]\npurge_timeout_seconds = 0.5",
    );
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr
            .contains("error: purge command `sleep` still running after 0.5 s, stopped"),
        "{run}"
    );
    assert_eq!(hub.pings().len(), 3);
}

#[test]
fn a_dry_run_says_it_would_purge() {
    let hub = Hub::start(0);
    let env = setup(&hub, "purge_command = [\"cdn-purge\"]");
    env.write_site(&site_v1());
    let run = env.push(&["--dry-run"]);
    run.ok();
    assert!(
        run.stdout.contains(
            "after the push, would hand 11 changed URL(s) to the purge command `cdn-purge`"
        ),
        "{run}"
    );
    assert!(hub.pings().is_empty());
}
