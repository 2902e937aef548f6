//! The index page as a person sees it: opened in headless Chromium, its DOM read back, and a
//! screenshot saved under `target/screenshots/` to check by eye.
//!
//! Needs `chromium` (Debian package). Without it the test fails under CI (`CI` set) and is
//! skipped with a note elsewhere.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::TestEnv;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("command -v {name}"))
                .output()
                .ok()?;
            let path = String::from_utf8(out.stdout).ok()?;
            let path = path.trim();
            (!path.is_empty()).then(|| PathBuf::from(path))
        })
}

fn headless(browser: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn index_page_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed; scripts/test installs it"
        );
        eprintln!("note: chromium not installed; browser test skipped");
        return;
    };
    let env = TestEnv::new("feed_set");
    let root = env.root();
    env.run(&["build", "-q"]).assert_code(0);
    let index = root.join("public/index.html");
    let url = format!("file://{}", index.display());
    let profile = root.join("profile");

    let out = headless(&browser, &profile, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<h1>Statements</h1>"), "{dom}");
    // Six statements, newest first, each linking to its page.
    let items: Vec<&str> = dom
        .match_indices("<li lang=")
        .map(|(i, _)| &dom[i..])
        .collect();
    assert_eq!(items.len(), 6, "{dom}");
    assert!(items[0].contains("href=\"https://example.org/s/2023/2023-02-01-c/\""));
    assert!(items[0].contains("Заявление C"));
    // Autodiscovery for the whole set and each language, in three formats.
    assert_eq!(dom.matches("<link rel=\"alternate\"").count(), 15, "{dom}");
    assert!(dom.contains("href=\"https://example.org/s/feeds.opml\""));

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    fs::create_dir_all(&shots).unwrap();
    let png = shots.join("index.png");
    let _ = fs::remove_file(&png);
    let out = headless(
        &browser,
        &profile,
        &[&format!("--screenshot={}", png.display()), &url],
    );
    let bytes = fs::read(&png).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    eprintln!("screenshot of the index page: {}", png.display());
}
