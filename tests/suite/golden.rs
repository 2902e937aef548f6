//! Golden files: the three feeds of the `basic` fixture, byte for byte, and the rebuild rules
//! (same bytes, untouched files, no temporary files left behind).
//!
//! `UPDATE_GOLDEN=1 cargo test --test suite golden::` rewrites `tests/golden/basic/*` from the current
//! output; review the diff before committing it (see tests/README.md).

use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::{TestEnv, FEED_FILES};

fn golden_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(case)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The first line where two texts differ, with a little context, for readable failures.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        let (el, al) = (e.get(i), a.get(i));
        if el != al {
            return format!(
                "first difference at line {}:\n  golden: {}\n  actual: {}",
                i + 1,
                el.copied().unwrap_or("<end of file>"),
                al.copied().unwrap_or("<end of file>"),
            );
        }
    }
    "the texts differ only in line ends or the final newline".to_owned()
}

/// Compares `actual` with `tests/golden/<case>/<name>`, or rewrites the golden file when
/// `UPDATE_GOLDEN` is set.
fn assert_golden(case: &str, name: &str, actual: &[u8]) {
    let path = golden_dir(case).join(name);
    if updating() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        eprintln!("updated {}", path.display());
        return;
    }
    let expected = fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\nrun `UPDATE_GOLDEN=1 cargo test --test suite golden::` to \
             create it",
            path.display()
        )
    });
    if expected != actual {
        let diff = first_difference(
            &String::from_utf8_lossy(&expected),
            &String::from_utf8_lossy(actual),
        );
        panic!(
            "{name} differs from {}\n{diff}\n--- actual {name}:\n{}\nIf the change is intended, \
             run `UPDATE_GOLDEN=1 cargo test --test suite golden::` and review the diff.",
            path.display(),
            String::from_utf8_lossy(actual)
        );
    }
}

#[test]
fn basic_feeds_match_golden_files() {
    let env = TestEnv::new("basic");
    env.build();
    for name in FEED_FILES {
        assert_golden("basic", name, &env.output(name));
    }
}

#[test]
fn attachments_feeds_match_golden_files() {
    // Enclosures, Media RSS, JSON Feed attachments and image, RSS <source>.
    let env = TestEnv::new("attachments");
    env.build();
    for name in FEED_FILES {
        assert_golden("attachments", name, &env.output(name));
        crate::harness::assert_whole(name, &env.output(name));
        let feed = feed_rs::parser::parse(&env.output(name)[..])
            .unwrap_or_else(|e| panic!("feed-rs cannot parse {name}: {e}"));
        assert_eq!(feed.entries.len(), 3, "{name}");
    }
}

#[test]
fn golden_files_are_valid_feeds() {
    // The golden files themselves must stay parseable, so a careless update cannot freeze a
    // broken document.
    if updating() {
        return;
    }
    let dir = golden_dir("basic");
    let atom = fs::read(dir.join("atom.xml")).unwrap();
    let rss = fs::read(dir.join("rss.xml")).unwrap();
    let json = fs::read(dir.join("feed.json")).unwrap();
    atom_syndication::Feed::read_from(&atom[..]).expect("golden atom.xml parses");
    rss::Channel::read_from(&rss[..]).expect("golden rss.xml parses");
    serde_json::from_slice::<serde_json::Value>(&json).expect("golden feed.json parses");
    for (name, bytes) in [("atom.xml", &atom), ("rss.xml", &rss), ("feed.json", &json)] {
        let feed = feed_rs::parser::parse(&bytes[..])
            .unwrap_or_else(|e| panic!("feed-rs cannot parse golden {name}: {e}"));
        assert_eq!(feed.entries.len(), 5, "{name}: five published items");
    }
}

#[test]
fn building_twice_changes_nothing() {
    let env = TestEnv::new("basic");
    let first = env.build();
    first.assert_stderr_contains("3 files in public: 3 created, 0 updated, 0 unchanged");
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = FEED_FILES
        .iter()
        .map(|name| {
            let meta = fs::metadata(env.path(&format!("public/{name}"))).unwrap();
            (env.output(name), meta.modified().unwrap())
        })
        .collect();

    let second = env.build();
    second.assert_stderr_contains("3 files in public: 0 created, 0 updated, 3 unchanged");
    for (name, (bytes, mtime)) in FEED_FILES.iter().zip(&before) {
        assert_eq!(
            &env.output(name),
            bytes,
            "{name}: the second build changed the bytes"
        );
        let now = fs::metadata(env.path(&format!("public/{name}")))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(
            now, *mtime,
            "{name}: the second build rewrote an unchanged file"
        );
    }
    assert_eq!(
        env.output_names(),
        sorted(&FEED_FILES),
        "no temporary files"
    );
}

#[test]
fn output_does_not_depend_on_the_instance_folder() {
    // Two copies in different temporary folders give the same bytes.
    let a = TestEnv::new("basic");
    let b = TestEnv::new("basic");
    a.build();
    b.build();
    for name in FEED_FILES {
        assert_eq!(a.output(name), b.output(name), "{name}");
    }
}

#[test]
fn a_changed_item_updates_the_feeds_and_leaves_no_temporary_files() {
    let env = TestEnv::new("basic");
    env.build();
    let path = "items/2021-05-01-may-day.md";
    let text = env
        .read_string(path)
        .replace("decent wage", "decent wage and pension");
    env.write(path, text);
    env.build()
        .assert_stderr_contains("3 files in public: 0 created, 3 updated, 0 unchanged");
    assert_eq!(
        env.output_names(),
        sorted(&FEED_FILES),
        "no temporary files"
    );
    assert!(env
        .output_string("atom.xml")
        .contains("decent wage and pension"));
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    v.sort();
    v
}
