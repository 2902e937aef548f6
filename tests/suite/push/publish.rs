//! `communique publish` runs the push: a full run uploads and pings, a no-op run touches
//! nothing, and a failed push is fatal and retried by the next run.

use crate::push::support::hub::Hub;
use crate::push::support::Instance;

const ITEM: &str = "items/000_9d9a61bf827e93db.txt";

fn instance(config: &str) -> Instance {
    let env = Instance::new(config);
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ITEM),
        env.root.join(ITEM),
    )
    .unwrap();
    env
}

#[test]
fn publish_pushes_once_and_a_no_op_publish_sends_nothing() {
    let hub = Hub::start(0);
    let env = instance(&format!(
        "hubs = [\"{}\"]\n[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n",
        hub.url()
    ));
    let run = env.run(&["publish"]);
    run.ok();
    let www = env.root.join("www");
    assert_eq!(
        std::fs::read(www.join("atom.xml")).unwrap(),
        std::fs::read(env.public().join("atom.xml")).unwrap()
    );
    assert_eq!(
        hub.pings().len(),
        6,
        "three feeds of the set and three of `pt`"
    );
    let manifest = env.state().join("push/www.json");
    let stamp = std::fs::metadata(&manifest).unwrap().modified().unwrap();

    // Nothing changed: no upload, no ping, the manifest is not even rewritten.
    env.run(&["publish"]).ok();
    assert_eq!(hub.pings().len(), 6);
    assert_eq!(
        std::fs::metadata(&manifest).unwrap().modified().unwrap(),
        stamp
    );
}

#[test]
fn a_failed_push_is_fatal_and_the_next_publish_finishes_it() {
    let env = instance("[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"blocked/www\"\n");
    std::fs::write(env.root.join("blocked"), "a file where a folder should be").unwrap();
    let run = env.run(&["publish"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("push `www`: error:"), "{run}");

    std::fs::remove_file(env.root.join("blocked")).unwrap();
    env.run(&["publish"]).ok();
    assert!(env.root.join("blocked/www/atom.xml").exists());
}
