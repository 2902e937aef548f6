//! Previewing: `build --base-url` (links move, ids do not) and `communique serve` run as a
//! person would: started on a free port, its pages fetched over loopback, a statement edited
//! and the page seen to change, a broken statement shown in the banner, Ctrl-C ending it with
//! status 0 and its temporary folder gone. (The browser's reload is in `browser.rs`.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{assert_whole, TestEnv, FEED_FILES};

/// A statement for the serve tests, titled `title`.
fn statement(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = 2024-03-08\nlang = \"en\"\n+++\n\nA statement about \
         the strike, long enough to be a real paragraph of text.\n"
    )
}

fn ids_and_links(env: &TestEnv) -> (Vec<String>, Vec<String>) {
    let feed = env.parsed("atom.xml");
    let ids = feed.entries.iter().map(|e| e.id.clone()).collect();
    let links = feed
        .entries
        .iter()
        .map(|e| e.links[0].href.clone())
        .collect();
    (ids, links)
}

#[test]
fn build_base_url_moves_every_link_and_no_id() {
    let env = TestEnv::new("feed_set");
    env.run(&["build", "-q"]).assert_code(0);
    let (ids, links) = ids_and_links(&env);
    assert!(links[0].starts_with("https://example.org/s/"), "{links:?}");

    // Not mistaken for a build with nothing to do: every document changes, but the stylesheet,
    // which names no address.
    env.run(&["build", "--base-url", "http://localhost:8123/preview"])
        .assert_code(0)
        .assert_stderr_contains("1 unchanged");
    let (moved_ids, moved_links) = ids_and_links(&env);
    assert_eq!(moved_ids, ids, "ids never depend on the address");
    assert_eq!(moved_links.len(), links.len());
    for (moved, link) in moved_links.iter().zip(&links) {
        assert_eq!(
            moved,
            &link.replace("https://example.org/s/", "http://localhost:8123/preview/")
        );
    }
    for name in FEED_FILES {
        assert_whole(name, &env.output(name));
    }
    let index = env.output_string("index.html");
    assert!(!index.contains("https://example.org/s/"), "{index}");
    let opml = env.output_string("feeds.opml");
    assert!(
        opml.contains("xmlUrl=\"http://localhost:8123/preview/atom.xml\""),
        "{opml}"
    );

    // And back, with the configuration untouched.
    env.run(&["build", "-q"]).assert_code(0);
    assert_eq!(ids_and_links(&env), (ids, links));
}

#[test]
fn build_base_url_is_checked_as_the_configuration_is() {
    let env = TestEnv::new("basic");
    env.run(&["build", "--base-url", "ftp://example.org/"])
        .assert_code(2)
        .assert_stderr_contains("`base_url` must be an http:// or https:// URL");
    env.run(&["build", "--base-url", "https://user:pw@example.org/"])
        .assert_code(2)
        .assert_stderr_contains("must not contain a user name or password");
    assert!(!env.public().exists());
}

/// A running `communique serve`; killed when dropped (a failed test leaves no server behind).
pub(crate) struct Serving {
    pub child: Child,
    pub url: String,
    /// `TMPDIR` of the process: where it makes its temporary folder.
    pub tmp: PathBuf,
    pub stderr: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    /// Starts `serve --port 0` (with `extra` arguments) in `env` and waits for its URL.
    pub(crate) fn start(env: &TestEnv, extra: &[&str]) -> Serving {
        let tmp = env.path("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let mut child = env
            .command()
            .args(["--config", "config.toml", "serve", "--port", "0"])
            .args(extra)
            .env("TMPDIR", &tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        {
            let lines = stderr.clone();
            let err = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut url = String::new();
        out.read_line(&mut url).unwrap();
        let url = url.trim().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "no URL on stdout: {url:?}; stderr: {:?}",
            stderr.lock().unwrap()
        );
        Serving {
            child,
            url,
            tmp,
            stderr,
        }
    }

    /// `GET path` over loopback: the status and the body.
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        let authority = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(authority).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// Fetches `path` until its body contains `want`, or panics after a minute.
    pub(crate) fn wait_for(&self, path: &str, want: &str) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if body.contains(want) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{path} never showed {want:?} (last: {status}) {body}\nstderr: {:#?}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit code.
    pub(crate) fn interrupt(&mut self) -> i32 {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "serve still running 30 s after Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The names in `dir`.
fn names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn serve_shows_each_edit_and_its_problems_and_stops_cleanly() {
    let env = TestEnv::minimal_with(&[(
        "items/2024/2024-03-08-strike.md",
        &statement("On the strike"),
    )]);
    // `pages = false` in this configuration: a preview has pages all the same.
    let mut serving = Serving::start(&env, &[]);
    let url = serving.url.clone();

    // The index, the feeds for the local address, the reload script, no banner.
    let (status, index) = serving.get("/");
    assert_eq!(status, 200, "{index}");
    assert!(index.contains("On the strike"), "{index}");
    assert!(index.contains("/__communique/events?since="), "{index}");
    assert!(!index.contains("communique-serve-banner"), "{index}");
    let (status, atom) = serving.get("/atom.xml");
    assert_eq!(status, 200);
    assert_whole("atom.xml", atom.as_bytes());
    assert!(
        atom.contains(&format!("href=\"{url}2024/2024-03-08-strike/\"")),
        "{atom}"
    );
    assert!(!atom.contains("__communique"), "feeds are served as built");
    let (status, page) = serving.get("/2024/2024-03-08-strike");
    assert_eq!(status, 301, "{page}");
    let (status, page) = serving.get("/2024/2024-03-08-strike/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>On the strike</h1>") || page.contains("On the strike"));
    assert_eq!(serving.get("/../config.toml").0, 404);
    assert_eq!(serving.get("/nothing/").0, 404);

    // An edit: the page changes by itself.
    env.write(
        "items/2024/2024-03-08-strike.md",
        statement("On the general strike"),
    );
    serving.wait_for("/", "On the general strike");

    // A broken statement: the banner names it, the rest is still served.
    env.write(
        "items/2024/2024-03-09-broken.md",
        "+++\ntitle = \"Broken\"\ndate = \"8 Jan\"\n+++\n\nText.\n",
    );
    let index = serving.wait_for("/", "communique-serve-banner");
    assert!(
        index.contains("items/2024/2024-03-09-broken.md:3:8: error:"),
        "{index}"
    );
    assert!(index.contains("On the general strike"), "{index}");
    env.remove("items/2024/2024-03-09-broken.md");
    let start = Instant::now();
    while serving.get("/").1.contains("communique-serve-banner") {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the banner stayed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // Ctrl-C: status 0, the temporary folder removed, the instance's own output untouched.
    assert!(
        names(&serving.tmp)
            .iter()
            .any(|n| n.starts_with("communique-serve-")),
        "the preview is built in TMPDIR"
    );
    assert_eq!(
        serving.interrupt(),
        0,
        "{:#?}",
        serving.stderr.lock().unwrap()
    );
    assert_eq!(names(&serving.tmp), Vec::<String>::new());
    assert!(
        !env.public().exists(),
        "serve never writes the output folder"
    );
    assert!(!env.state_dir().exists(), "nor the state folder");
}

#[test]
fn serve_shows_a_broken_configuration_and_recovers() {
    let env = TestEnv::minimal_with(&[(
        "items/2024/2024-03-08-strike.md",
        &statement("On the strike"),
    )]);
    // `pages = false` in this configuration: a preview has pages all the same.
    let mut serving = Serving::start(&env, &[]);
    serving.wait_for("/", "On the strike");
    let good = env.read_string("config.toml");
    env.write("config.toml", good.replace("title = ", "title = 7 #"));
    let index = serving.wait_for("/", "communique-serve-banner");
    assert!(index.contains("config.toml"), "{index}");
    assert!(
        index.contains("On the strike"),
        "the last build stays served: {index}"
    );
    env.write(
        "config.toml",
        good.replace("Example Statements", "Renamed Statements"),
    );
    serving.wait_for("/", "Renamed Statements");
    // The page is written a moment before the build's banner is settled.
    let start = Instant::now();
    while serving.get("/").1.contains("communique-serve-banner") {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the banner stayed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(serving.interrupt(), 0);
}

#[test]
fn serve_refuses_a_port_in_use() {
    let env = TestEnv::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    env.run_within(Duration::from_secs(60), &["serve", "--port", &port])
        .assert_code(2)
        .assert_stderr_contains(&format!("error: cannot listen on 127.0.0.1:{port}"));
}
