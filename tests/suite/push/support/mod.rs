//! Support for the `communique push` tests: a push instance ([`Instance`], the harness's
//! [`TestEnv`] with a minimal configuration), the real binary ([`Instance::push`]), and real
//! servers on 127.0.0.1, each started on a free port and stopped when dropped:
//!
//! - [`s3::S3Server`]: s3s + s3s-fs in this process, checking SigV4, with fault injection;
//! - [`nginx::Nginx`]: nginx with the dav and dav-ext modules and Basic auth (process);
//! - [`sshd::Sshd`]: OpenSSH `sshd -D` with its own host key, config and client key (process);
//! - [`hub::Hub`]: a WebSub hub that records publish pings and can answer 503 first, or hang;
//! - [`echo::Echo`]: a careless server whose error page echoes the request's credentials;
//! - [`proxy`]: TCP proxies that slow uploads down or answer 503 to the first connections.
//!
//! Server binaries are looked up with [`require`]: when one is missing the test is skipped with
//! a note, except in CI (`CI` set), where that is a failure: `.ci/install-push-deps` installs them.
#![allow(dead_code)]

pub(super) mod echo;
pub(super) mod hub;
pub(super) mod nginx;
pub(super) mod proxy;
pub(super) mod s3;
pub(super) mod sshd;

use std::collections::BTreeMap;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::TestEnv;
pub(super) use crate::harness::{tree, Run};

/// A free port on 127.0.0.1 (bound, then released).
pub(super) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something accepts connections on `port`.
pub(super) fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{what} did not start listening on 127.0.0.1:{port} within 10 s");
}

/// True when every path exists. Otherwise: in CI, a failure; elsewhere, a printed note and
/// `false` (the caller returns early).
pub(super) fn require(what: &str, paths: &[&str]) -> bool {
    let missing: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "{what} is not installed (missing {}); run .ci/install-push-deps",
        missing.join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}. The push tests must run in CI, not be skipped.");
    }
    eprintln!("note: skipping this test: {message}");
    false
}

/// The files of a small site, as a build would leave them (plus an asset).
pub(super) fn site_v1() -> BTreeMap<&'static str, String> {
    let mut files = BTreeMap::new();
    files.insert(
        "index.html",
        "<!doctype html><title>Statements</title>\n".to_owned(),
    );
    files.insert(
        "2024/first/index.html",
        "<!doctype html><title>First</title>\n".to_owned(),
    );
    files.insert(
        "2024/second/index.html",
        "<!doctype html><title>Second</title>\n".to_owned(),
    );
    files.insert("style.css", "body { margin: 0 }\n".to_owned());
    files.insert(
        "feeds.opml",
        "<?xml version=\"1.0\"?><opml version=\"2.0\"/>\n".to_owned(),
    );
    files.insert("atom.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>v1</title></feed>\n".to_owned());
    files.insert("rss.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>v1</title></channel></rss>\n".to_owned());
    files.insert(
        "feed.json",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"v1\"}\n".to_owned(),
    );
    files
}

/// An Atom document of about `size` bytes whose feed-level metadata is `head`.
pub(super) fn atom_doc(head: &str, size: usize) -> String {
    let mut doc = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" \
         xmlns:fh=\"http://purl.org/syndication/history/1.0\">{head}<title>Statements</title>\n"
    );
    while doc.len() < size {
        doc.push_str("<entry><title>A statement</title><id>tag:example.org,2022:x</id></entry>\n");
    }
    doc.push_str("</feed>\n");
    doc
}

/// A throw-away instance for push tests: the harness's [`TestEnv`] (every method of it works
/// here) made from scratch with a minimal `config.toml`, an empty `items/` and `public/`. Runs
/// find the configuration the default way (no `--config`), as a cron job would.
pub(super) struct Instance(TestEnv);

impl Deref for Instance {
    type Target = TestEnv;

    fn deref(&self) -> &TestEnv {
        &self.0
    }
}

impl DerefMut for Instance {
    fn deref_mut(&mut self) -> &mut TestEnv {
        &mut self.0
    }
}

impl Instance {
    /// `push_toml` is appended to a minimal configuration (use it for `hubs`, `[[push]]`...).
    pub(super) fn new(push_toml: &str) -> Instance {
        let instance = Instance(TestEnv::empty());
        fs::create_dir_all(instance.path("items")).unwrap();
        fs::create_dir_all(instance.public()).unwrap();
        instance.set_config(push_toml);
        instance
    }

    pub(super) fn set_config(&self, push_toml: &str) {
        let config = format!(
            "title = \"Statements\"\nbase_url = \"https://example.org/statements/\"\n\
             author = \"Example\"\nid_authority = \"example.org\"\nid_date = \"2022\"\n\
             {push_toml}\n"
        );
        self.write("config.toml", config);
    }

    pub(super) fn state(&self) -> PathBuf {
        self.state_dir()
    }

    /// Replaces the output folder with `files`.
    pub(super) fn write_site(&self, files: &BTreeMap<&str, String>) {
        let public = self.public();
        let _ = fs::remove_dir_all(&public);
        for (path, text) in files {
            let p = public.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
    }

    /// The manifest of `target`, as JSON.
    pub(super) fn manifest(&self, target: &str) -> serde_json::Value {
        let path = self.state().join("push").join(format!("{target}.json"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap()
    }

    /// `path → sha256` of the manifest's files.
    pub(super) fn manifest_hashes(&self, target: &str) -> BTreeMap<String, String> {
        let m = self.manifest(target);
        m["files"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v["sha256"].as_str().unwrap().to_owned()))
            .collect()
    }

    /// Runs `communique <args>` in the instance folder ([`TestEnv::run_bare`]: the machine's
    /// AWS variables removed, the instance's own set).
    pub(super) fn run(&self, args: &[&str]) -> Run {
        self.run_bare(args)
    }

    /// Starts `communique <args>` like [`Instance::run`] and returns at once, for tests that
    /// kill it midway. stdout and stderr are discarded.
    pub(super) fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.command()
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    }

    pub(super) fn push(&self, extra: &[&str]) -> Run {
        let mut args = vec!["push"];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

/// sha256 hex of bytes.
pub(super) fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The site as `path → bytes`, to compare with [`tree`].
pub(super) fn as_bytes(files: &BTreeMap<&str, String>) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone().into_bytes()))
        .collect()
}

/// A blocking HTTP/1.1 GET over a fresh connection (`Connection: close`), for checking what a
/// server serves: status, Content-Type, body. `url` must be `http://127.0.0.1:PORT/...`.
pub(super) fn http_get(
    url: &str,
    basic_auth: Option<(&str, &str)>,
) -> (u16, Option<String>, Vec<u8>) {
    let response = http_request(url, basic_auth, &[]);
    let content_type = response.header("content-type").map(str::to_owned);
    (response.status, content_type, response.body)
}

/// An HTTP response as [`http_request`] read it.
#[derive(Debug)]
pub(super) struct Response {
    pub status: u16,
    /// Names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header named `name` (lower case).
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every header named `name` (lower case).
    pub(super) fn headers(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A blocking HTTP/1.1 GET over a fresh connection (`Connection: close`) with extra request
/// `headers`. `url` must be `http://127.0.0.1:PORT/...`.
pub(super) fn http_request(
    url: &str,
    basic_auth: Option<(&str, &str)>,
    headers: &[(&str, &str)],
) -> Response {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if let Some((user, password)) = basic_auth {
        request.push_str(&format!(
            "Authorization: Basic {}\r\n",
            base64(format!("{user}:{password}").as_bytes())
        ));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let body = response[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let response = Response {
        status,
        headers,
        body,
    };
    assert!(
        !response
            .header("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked")),
        "chunked responses are not expected from the test servers"
    );
    response
}

/// `bytes` gunzipped.
pub(super) fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip data");
    out
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Stops a server process we started: SIGTERM (nginx then stops its workers, sshd its
/// listener), a wait of up to five seconds, then SIGKILL.
pub(super) fn stop(child: &mut std::process::Child) {
    let _ = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
}
