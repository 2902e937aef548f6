//! The pages as a person sees them: opened in headless Chromium, their DOM read back (the index
//! page's content; no page wider than the window, left-to-right or right-to-left), and a
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

/// Lists, in the page's `data-overflow`, every element that reaches past either side of the
/// viewport: to the left in a right-to-left page (or the right in a left-to-right one) that
/// widens the page with a horizontal scroll bar.
const OVERFLOW_PROBE: &str = "<script>
var w=document.documentElement.clientWidth,bad=[];
for(const e of document.body.querySelectorAll('*')){const r=e.getBoundingClientRect();
if(r.width>0&&(r.left<-1||r.right>w+1))bad.push(e.tagName+'.'+e.className+' '+Math.round(r.left)+'..'+Math.round(r.right));}
document.body.setAttribute('data-overflow',bad.join('; ')||'none');
</script></body>";

/// Every `.html` file under `dir`.
fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "html") {
            found.push(path);
        }
    }
}

#[test]
fn no_bundled_page_overflows_sideways_in_either_direction() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed; scripts/test installs it"
        );
        eprintln!("note: chromium not installed; browser test skipped");
        return;
    };
    let env = TestEnv::empty();
    let root = env.root();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(bundled.join("config.toml"), root.join("config.toml")).unwrap();
    crate::harness::copy_dir(&bundled.join("items"), &root.join("items"));
    // A right-to-left statement beside the bundled ones, with a tag too long for one line of
    // a phone (its page's heading must wrap), a signature and a slogan.
    env.write(
        "items/2024/2024-06-01-rtl.md",
        "+++\ntitle = \"بيان للتجربة\"\ndate = 2024-06-01\nlang = \"ar\"\n\
         tags = [\"تضامن-مع-عمال-النفط-المضربين-في-كل-مكان-من-العالم-اليوم-وغدا\"]\n+++\n\n\
         نص قصير لصفحة تقرأ من اليمين إلى اليسار.\n\nاللجنة التنفيذية (01.06.24)\n\nعاش التضامن!\n",
    );
    env.run(&["build", "-q"]).assert_code(0);

    let mut pages = Vec::new();
    html_files(&root.join("public"), &mut pages);
    pages.sort();
    assert!(pages.len() > 5, "too few pages: {pages:?}");
    let profile = root.join("profile");
    let mut right_to_left = 0;
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        right_to_left += usize::from(html.contains("dir=\"rtl\""));
        let probed = page.with_extension("probe.html");
        fs::write(&probed, html.replace("</body>", OVERFLOW_PROBE)).unwrap();
        let url = format!("file://{}", probed.display());
        let out = headless(&browser, &profile, &["--dump-dom", &url]);
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(
            dom.contains("data-overflow=\"none\""),
            "{} overflows sideways: {}",
            page.display(),
            dom.split("data-overflow=\"").nth(1).unwrap_or(&dom)
        );
    }
    assert!(right_to_left > 0, "no right-to-left page among {pages:?}");
    // The language and tag pages were among them.
    let public = root.join("public");
    for page in [
        "ar/index.html",
        "pt/index.html",
        "tags/kazakhstan/index.html",
    ] {
        assert!(
            pages.contains(&public.join(page)),
            "no {page} among {pages:?}"
        );
    }
    assert!(
        pages.iter().any(|p| p.starts_with(public.join("tags")) && {
            let html = fs::read_to_string(p).unwrap();
            html.contains("dir=\"rtl\"")
        }),
        "no right-to-left tag page"
    );
}

/// How many times the server logged a `GET` of `path` (from `serve -v`'s request lines).
fn fetches(lines: &[String], path: &str) -> usize {
    let want = format!("method=GET path={path} status=200");
    lines.iter().filter(|l| l.contains(&want)).count()
}

#[test]
fn a_page_served_by_serve_reloads_itself_after_an_edit() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed; scripts/test installs it"
        );
        eprintln!("note: chromium not installed; browser test skipped");
        return;
    };
    let statement = |title: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2024-03-08\nlang = \"en\"\n+++\n\nA statement.\n")
    };
    let env = TestEnv::minimal_with(&[("items/2024/2024-03-08-a.md", &statement("Before"))]);
    let serving = crate::serve::Serving::start(&env, &["-v"]);
    let profile = env.path("profile");
    // A browser left open on the index (the debugging port keeps headless Chromium running).
    let mut open = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(&serving.url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, done: &dyn Fn(&[String]) -> bool| {
        let start = std::time::Instant::now();
        while !done(&serving.stderr.lock().unwrap()) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(90),
                "{what}: {:#?}",
                serving.stderr.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    wait_for("the browser never fetched the page", &|l| {
        fetches(l, "/") >= 1
    });
    // Give the page's script time to start its long poll, then edit the statement.
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(fetches(&serving.stderr.lock().unwrap(), "/"), 1);
    env.write("items/2024/2024-03-08-a.md", statement("After"));
    wait_for("the page did not reload after the edit", &|l| {
        fetches(l, "/") >= 2
    });
    let _ = open.kill();
    let _ = open.wait();
    assert!(serving.get("/").1.contains("After"));
}
