//! The `dir` target, and the behaviour every target shares (changed-only, manifest, deletions,
//! guard, --full), checked where the remote side is easiest to see: a local folder.

use std::time::SystemTime;

use crate::push::support::{as_bytes, atom_doc, gunzip, sha256, site_v1, tree, Instance};

fn setup(extra: &str) -> Instance {
    Instance::new(&format!(
        "[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n{extra}"
    ))
}

fn mtime(path: &std::path::Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn sends_only_changes_and_keeps_the_manifest_right() {
    let env = setup("");
    let mut site = site_v1();
    env.write_site(&site);
    let www = env.root.join("www");

    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `www`: 8 sent ("), "{run}");
    assert!(run.stderr.contains("0 deleted, 0 skipped in "), "{run}");
    assert_eq!(tree(&www), as_bytes(&site));
    let manifest = env.manifest("www");
    assert_eq!(manifest["target"], "www");
    assert_eq!(manifest["destination"], www.display().to_string());
    let atom = &manifest["files"]["atom.xml"];
    assert_eq!(atom["sha256"], sha256(site["atom.xml"].as_bytes()));
    assert_eq!(atom["size"], site["atom.xml"].len());
    assert_eq!(atom["content_type"], "application/atom+xml; charset=utf-8");
    assert_eq!(
        manifest["files"]["feeds.opml"]["content_type"],
        "text/x-opml; charset=utf-8"
    );

    // Nothing changed: nothing sent, nothing rewritten.
    let before = mtime(&www.join("index.html"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = env.push(&[]);
    run.ok();
    assert!(
        run.stderr
            .contains("push `www`: 0 sent (0 B), 0 deleted, 8 skipped"),
        "{run}"
    );
    assert_eq!(mtime(&www.join("index.html")), before);

    // One change, one new file, one deletion.
    site.insert("atom.xml", "<feed>v2</feed>\n".into());
    site.insert("2024/third/index.html", "third\n".into());
    site.remove("2024/first/index.html");
    env.write_site(&site);
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `www`: 2 sent ("), "{run}");
    assert!(run.stderr.contains("1 deleted, 6 skipped"), "{run}");
    assert_eq!(tree(&www), as_bytes(&site));
    let hashes = env.manifest_hashes("www");
    let expected: std::collections::BTreeMap<String, String> = site
        .iter()
        .map(|(k, v)| ((*k).to_owned(), sha256(v.as_bytes())))
        .collect();
    assert_eq!(hashes, expected);

    // --full sends everything again.
    let run = env.push(&["--full"]);
    run.ok();
    assert!(run.stderr.contains("push `www`: 8 sent"), "{run}");
}

#[test]
fn a_missing_or_foreign_manifest_means_a_full_push_without_deletions() {
    let env = setup("");
    env.write_site(&site_v1());
    env.push(&[]).ok();
    std::fs::write(env.root.join("www/stray.html"), "not ours").unwrap();
    std::fs::remove_file(env.state().join("push/www.json")).unwrap();
    let run = env.push(&[]);
    run.ok();
    assert!(run.stderr.contains("push `www`: 8 sent"), "{run}");
    assert!(
        env.root.join("www/stray.html").exists(),
        "a file we never pushed was deleted"
    );

    // Point the target elsewhere: the old manifest describes another destination.
    env.set_config("[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www2\"\n");
    let run = env.push(&["--dry-run"]);
    assert!(
        run.stdout
            .contains("sending everything: the manifest is for another destination"),
        "{run}"
    );
    env.push(&[]).ok();
    assert_eq!(tree(&env.root.join("www2")).len(), 8);
    assert_eq!(
        tree(&env.root.join("www")).len(),
        9,
        "the old destination was touched"
    );
}

#[test]
fn more_deletions_than_the_guard_need_force() {
    let env = setup("[push_settings]\nmax_deletes = 2\n");
    let mut site = site_v1();
    env.write_site(&site);
    env.push(&[]).ok();
    for gone in [
        "style.css",
        "2024/first/index.html",
        "2024/second/index.html",
    ] {
        site.remove(gone);
    }
    site.insert("atom.xml", "<feed>v2</feed>\n".into());
    env.write_site(&site);

    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains("push `www`: error: 3 files vanished locally, more than max_deletes = 2; nothing was deleted (check the output folder, then run with --force to delete them)"),
        "{run}"
    );
    // The uploads happened; the deletions did not, and the manifest still lists those files.
    assert_eq!(
        std::fs::read_to_string(env.root.join("www/atom.xml")).unwrap(),
        "<feed>v2</feed>\n"
    );
    assert!(env.root.join("www/style.css").exists());
    assert!(env.manifest_hashes("www").contains_key("style.css"));

    let run = env.push(&["--force"]);
    run.ok();
    assert!(run.stderr.contains("0 sent (0 B), 3 deleted"), "{run}");
    assert_eq!(tree(&env.root.join("www")), as_bytes(&site));
    assert!(!env.manifest_hashes("www").contains_key("style.css"));
}

#[test]
fn a_target_that_fails_does_not_stop_the_others() {
    let env = Instance::new(
        "[[push]]\nname = \"broken\"\ntype = \"dir\"\npath = \"blocked/www\"\n\
         [[push]]\nname = \"fine\"\ntype = \"dir\"\npath = \"www\"\n",
    );
    std::fs::write(env.root.join("blocked"), "a file where a folder should be").unwrap();
    env.write_site(&site_v1());
    let run = env.push(&[]);
    run.failed();
    assert!(
        run.stderr.contains("push `broken`: error: cannot create "),
        "{run}"
    );
    assert!(run.stderr.contains("push `fine`: 8 sent"), "{run}");
    assert_eq!(tree(&env.root.join("www")).len(), 8);
}

#[test]
fn precompressed_siblings_are_deterministic_and_never_outlive_their_file() {
    let env = setup("precompress = [\"gzip\"]");
    let mut site = site_v1();
    site.insert("atom.xml", atom_doc("", 3000));
    env.write_site(&site);
    let www = env.root.join("www");
    env.push(&[]).ok();
    let first = std::fs::read(www.join("atom.xml.gz")).unwrap();
    assert_eq!(gunzip(&first), site["atom.xml"].as_bytes());
    // Compressed again from the same bytes (--full), the sibling is the same bytes.
    let before = mtime(&www.join("atom.xml.gz"));
    env.push(&["--full"]).ok();
    assert_eq!(std::fs::read(www.join("atom.xml.gz")).unwrap(), first);
    assert_eq!(mtime(&www.join("atom.xml.gz")), before, "rewritten");

    site.remove("atom.xml");
    env.write_site(&site);
    env.push(&[]).ok();
    assert_eq!(tree(&www), as_bytes(&site));
}
