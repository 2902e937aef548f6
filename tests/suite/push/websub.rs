//! WebSub: hub links in the built feeds, and publish pings after successful pushes only.

use crate::push::support::hub::Hub;
use crate::push::support::Instance;

const ITEM: &str = "items/000_9d9a61bf827e93db.txt";

fn instance_with_item(hub: &str, targets: &str) -> Instance {
    let env = Instance::new(&format!(
        "hubs = [\"{hub}\"]\n[push_settings]\nretries = 3\nretry_seconds = 5\n{targets}"
    ));
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ITEM),
        env.root.join(ITEM),
    )
    .unwrap();
    env
}

const WWW: &str = "[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n";

#[test]
fn built_feeds_name_the_hubs() {
    let env = instance_with_item("https://hub.example.net/", "");
    env.run(&["build"]).ok();
    let public = env.public();

    let atom = atom_syndication::Feed::read_from(std::io::BufReader::new(
        std::fs::File::open(public.join("atom.xml")).unwrap(),
    ))
    .unwrap();
    let hubs: Vec<&str> = atom
        .links()
        .iter()
        .filter(|l| l.rel() == "hub")
        .map(|l| l.href())
        .collect();
    assert_eq!(hubs, ["https://hub.example.net/"]);
    assert!(atom
        .links()
        .iter()
        .any(|l| l.rel() == "self" && l.href() == "https://example.org/statements/atom.xml"));

    let rss = rss::Channel::read_from(std::io::BufReader::new(
        std::fs::File::open(public.join("rss.xml")).unwrap(),
    ))
    .unwrap();
    let links = rss.atom_ext().unwrap().links();
    assert!(
        links
            .iter()
            .any(|l| l.rel() == "hub" && l.href() == "https://hub.example.net/"),
        "{links:?}"
    );
    assert!(links.iter().any(|l| l.rel() == "self"));

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("feed.json")).unwrap()).unwrap();
    assert_eq!(
        json["hubs"],
        serde_json::json!([{"type": "WebSub", "url": "https://hub.example.net/"}])
    );

    // Without hubs there is no hub link and no `hubs` key.
    env.set_config("");
    env.run(&["build"]).ok();
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    assert!(!atom.contains("rel=\"hub\""));
    let json = std::fs::read_to_string(public.join("feed.json")).unwrap();
    assert!(!json.contains("\"hubs\""));
}

#[test]
fn changed_feeds_are_announced_once_with_a_retry() {
    let hub = Hub::start(1);
    let env = instance_with_item(&hub.url(), WWW);
    env.run(&["build"]).ok();
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr
            .contains("websub: announced 6 change(s) to 1 hub(s)"),
        "{run}"
    );

    let pings = hub.pings();
    // The whole set's three feeds and the Portuguese feeds (the item's language).
    assert_eq!(pings.len(), 7, "one 503, then six feeds: {pings:?}");
    assert_eq!(
        pings[0], pings[1],
        "the 503 was not retried with the same request"
    );
    let mut topics = Vec::new();
    for ping in &pings[1..] {
        assert_eq!(ping.method, "POST");
        assert_eq!(ping.path, "/hub");
        assert_eq!(ping.content_type, "application/x-www-form-urlencoded");
        let form = ping.form();
        assert_eq!(form[0], ("hub.mode".to_owned(), "publish".to_owned()));
        assert_eq!(form[1].0, "hub.topic");
        assert_eq!(form[2], ("hub.url".to_owned(), form[1].1.clone()));
        topics.push(form[1].1.clone());
    }
    topics.sort();
    assert_eq!(
        topics,
        [
            "https://example.org/statements/atom.xml",
            "https://example.org/statements/feed.json",
            "https://example.org/statements/pt/atom.xml",
            "https://example.org/statements/pt/feed.json",
            "https://example.org/statements/pt/rss.xml",
            "https://example.org/statements/rss.xml",
        ]
    );

    // A push that changes nothing pings nothing.
    let run = env.push(&[]);
    run.ok();
    assert!(!run.stderr.contains("websub"), "{run}");
    assert_eq!(hub.pings().len(), 7);

    // A page that changes without the feeds changing pings nothing either.
    std::fs::write(env.public().join("extra.html"), "x").unwrap();
    env.push(&[]).ok();
    assert_eq!(hub.pings().len(), 7);
}

#[test]
fn a_failed_push_postpones_the_pings_until_one_succeeds() {
    let hub = Hub::start(0);
    let broken = "[[push]]\nname = \"broken\"\ntype = \"dir\"\npath = \"blocked/www\"\n";
    let env = instance_with_item(&hub.url(), &format!("{WWW}{broken}"));
    std::fs::write(env.root.join("blocked"), "a file where a folder should be").unwrap();
    env.run(&["build"]).ok();
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr
            .contains("websub: not announcing 6 changed feed(s) because the push failed"),
        "{run}"
    );
    assert!(hub.pings().is_empty());
    assert!(env.state().join("websub-pending.json").exists());

    // The broken target is fixed; `www` has nothing new, but the postponed pings go out.
    std::fs::remove_file(env.root.join("blocked")).unwrap();
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr.contains("websub: announced 6 change(s)"),
        "{run}"
    );
    assert_eq!(hub.pings().len(), 6);
    assert!(!env.state().join("websub-pending.json").exists());
}

#[test]
fn a_hub_that_keeps_failing_fails_the_push_and_keeps_the_topics() {
    let hub = Hub::start(usize::MAX);
    let env = instance_with_item(&hub.url(), WWW);
    env.set_config(&format!(
        "hubs = [\"{}\"]\n[push_settings]\nretries = 2\nretry_seconds = 2\n{WWW}",
        hub.url()
    ));
    env.run(&["build"]).ok();
    let run = env.push(&[]);
    run.failed();
    assert!(run.stderr.contains(&format!("websub: error: hub {}: cannot announce https://example.org/statements/atom.xml: the server answered 503 Service Unavailable: try later (gave up after 3 attempts", hub.url())), "{run}");
    let pending = std::fs::read_to_string(env.state().join("websub-pending.json")).unwrap();
    assert!(
        pending.contains("https://example.org/statements/rss.xml"),
        "{pending}"
    );
}

/// A publish killed while the hub holds the first ping: the manifest already records the new
/// feeds, so only the saved list of pending announcements can bring the ping back. The next run
/// must announce every changed feed.
#[test]
fn a_publish_killed_during_the_first_ping_pings_on_the_next_run() {
    let hub = Hub::start_hanging(1);
    let env = instance_with_item(&hub.url(), WWW);
    let mut child = env.spawn(&["publish"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while hub.pings().is_empty() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("publish ended ({status}) before it pinged the hub");
        }
        assert!(std::time::Instant::now() < deadline, "no ping within 60 s");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL, in the middle of the first ping
    child.wait().unwrap();
    assert!(
        env.state().join("push/www.json").exists(),
        "the manifest should record the feeds already"
    );

    let run = env.run(&["publish"]);
    run.ok();
    let mut topics: Vec<String> = hub.pings()[1..]
        .iter()
        .map(|p| p.form()[1].1.clone())
        .collect();
    topics.sort();
    assert_eq!(
        topics,
        [
            "https://example.org/statements/atom.xml",
            "https://example.org/statements/feed.json",
            "https://example.org/statements/pt/atom.xml",
            "https://example.org/statements/pt/feed.json",
            "https://example.org/statements/pt/rss.xml",
            "https://example.org/statements/rss.xml",
        ],
        "{run}"
    );
    assert!(!env.state().join("websub-pending.json").exists());

    // Announced once: a third run pings nothing.
    env.run(&["publish"]).ok();
    assert_eq!(hub.pings().len(), 7);
}
