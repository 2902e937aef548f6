//! The suite's own shape: every integration test is a module of this one binary. A file
//! directly under `tests/` (or a `tests/<dir>/main.rs`) would be a second test binary that links
//! the whole crate again; this test names it, so it is moved into `tests/suite/` instead.

use std::path::Path;

#[test]
fn the_suite_is_the_only_integration_test_binary() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut others = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let own_binary = if path.is_dir() {
            path.join("main.rs").is_file()
        } else {
            name.ends_with(".rs")
        };
        if own_binary && name != "suite" {
            others.push(name);
        }
    }
    assert!(
        others.is_empty(),
        "tests/{others:?} would be separate test binaries: move them to tests/suite/ and \
         declare them in tests/suite/main.rs (see tests/README.md)"
    );
}
