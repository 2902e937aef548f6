//! A small HTTP/1.1 server on 127.0.0.1 for the import tests: fixed documents by path (with an
//! `ETag`, answering 304 to a matching `If-None-Match`), redirects, and the bad servers an
//! import must survive: one that never finishes, one that sends without end, one that fails.
//! Plain std threads; every loop is bounded, and the server stops when dropped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server answers at one path.
#[derive(Clone, Debug)]
pub(crate) enum Route {
    /// 200 with the body, its media type and an `ETag` made from its bytes.
    Document {
        body: Vec<u8>,
        content_type: &'static str,
    },
    /// 302 to the given path.
    Redirect(String),
    /// Headers, then nothing for ten seconds.
    Slow,
    /// A body without end (without a length), until the client hangs up (at most 1 GiB).
    Endless,
    /// The given status, no body.
    Status(u16),
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub path: String,
    pub if_none_match: Option<String>,
    pub user_agent: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct Shared {
    routes: Mutex<BTreeMap<String, Route>>,
    hits: Mutex<Vec<Hit>>,
    stop: AtomicBool,
}

/// The running server.
pub(crate) struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    pub(crate) fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let for_thread = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if for_thread.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&for_thread);
                std::thread::spawn(move || answer(stream, &shared));
            }
        });
        Server { addr, shared }
    }

    /// `http://127.0.0.1:port/path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub(crate) fn route(&self, path: &str, route: Route) {
        self.shared
            .routes
            .lock()
            .unwrap()
            .insert(path.to_owned(), route);
    }

    /// Serves `body` at `path`, with `{base}` replaced by the server's address.
    pub(crate) fn document(&self, path: &str, content_type: &'static str, body: &str) {
        let body = body.replace("{base}", &self.url("")).into_bytes();
        self.route(path, Route::Document { body, content_type });
    }

    /// Every request so far.
    pub(crate) fn hits(&self) -> Vec<Hit> {
        self.shared.hits.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

fn etag_of(body: &[u8]) -> String {
    let sum = body
        .iter()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(*b)));
    format!("\"{sum:x}-{}\"", body.len())
}

fn answer(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let mut if_none_match = None;
    let mut user_agent = None;
    for _ in 0..100 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "if-none-match" => if_none_match = Some(value.trim().to_owned()),
                "user-agent" => user_agent = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    let route = shared.routes.lock().unwrap().get(&path).cloned();
    let mut out = stream;
    let mut hit = Hit {
        path,
        if_none_match: if_none_match.clone(),
        user_agent,
        status: 200,
    };
    match route {
        None => {
            hit.status = 404;
            let _ = out.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
        Some(Route::Status(code)) => {
            hit.status = code;
            let _ = write!(
                out,
                "HTTP/1.1 {code} Status\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
        Some(Route::Redirect(to)) => {
            hit.status = 302;
            let _ = write!(out, "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
        Some(Route::Document { body, content_type }) => {
            let etag = etag_of(&body);
            if if_none_match.as_deref() == Some(etag.as_str()) {
                hit.status = 304;
                let _ = write!(
                    out,
                    "HTTP/1.1 304 Not Modified\r\netag: {etag}\r\nconnection: close\r\n\r\n"
                );
            } else {
                let _ = write!(
                    out,
                    "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\netag: {etag}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = out.write_all(&body);
            }
        }
        Some(Route::Slow) => {
            let _ = out.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/atom+xml\r\ncontent-length: 100\r\nconnection: close\r\n\r\n<feed");
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
            }
        }
        Some(Route::Endless) => {
            let _ = out.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\nconnection: close\r\n\r\n<rss>");
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..1024 {
                if out.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
    }
    shared.hits.lock().unwrap().push(hit);
}
