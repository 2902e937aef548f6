//! The preview server: `tiny_http` on 127.0.0.1 only (a small, maintained, synchronous HTTP/1.1
//! server with no TLS and no client code, so it is in every build, the lean one included).
//!
//! It answers `GET` and `HEAD` with the files of the [`Site`]'s folder (a folder's
//! `index.html`; a folder named without its final `/` is redirected to it, as a web server
//! would), with the media types `push` uploads them with, and never a file outside the folder
//! (`..` refused, links resolved and checked). HTML gets the banner and the reload script
//! ([`super::inject`]); [`super::EVENTS_PATH`] is the long poll. Every request runs on its own
//! thread, so a held poll never delays a page.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Method, Request, Response};

use super::{inject, ServeError, Site, EVENTS_PATH, POLL_HOLD};

/// The running server; [`Server::stop`] ends it.
pub(crate) struct Server {
    inner: Arc<tiny_http::Server>,
    port: u16,
    accept: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Listens on `127.0.0.1:port` (`0`: a free port) and serves `site` from a thread.
    pub(crate) fn start(port: u16, site: Arc<Site>) -> Result<Server, ServeError> {
        let inner =
            tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| ServeError::Listen {
                port,
                message: e.to_string(),
            })?;
        let inner = Arc::new(inner);
        let port = inner.server_addr().to_ip().map_or(port, |addr| addr.port());
        let accept = {
            let inner = inner.clone();
            std::thread::spawn(move || {
                for request in inner.incoming_requests() {
                    let site = site.clone();
                    std::thread::spawn(move || answer(&site, request));
                }
            })
        };
        Ok(Server {
            inner,
            port,
            accept: Some(accept),
        })
    }

    /// The port it listens on.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Stops accepting requests.
    pub(crate) fn stop(mut self) {
        self.inner.unblock();
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// What a request gets.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    File { path: PathBuf },
    Redirect { location: String },
    Events { since: u64 },
    NotFound,
    BadMethod,
}

/// Answers one request (a failed write means the browser went away: nothing to do).
fn answer(site: &Site, request: Request) {
    let reply = route(site, request.method(), request.url());
    let (status, response) = respond(site, reply);
    tracing::info!(method = %request.method(), path = %request.url(), status, "request");
    let _ = request.respond(response);
}

/// Which reply a method and URL get.
fn route(site: &Site, method: &Method, url: &str) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        return Reply::BadMethod;
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == EVENTS_PATH {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        return Reply::Events { since };
    }
    let Some(relative) = relative_path(path) else {
        return Reply::NotFound;
    };
    let file = site.root.join(&relative);
    if !inside(&site.root, &file) {
        return Reply::NotFound;
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            // A header value is ASCII: a path a client sent with raw non-ASCII bytes is
            // percent-encoded (`%` and the ASCII it already has are kept as they are).
            let location = percent_encoding::utf8_percent_encode(path, NON_ASCII).to_string();
            return Reply::Redirect {
                location: format!("{location}/"),
            };
        }
        let index = file.join("index.html");
        return if inside(&site.root, &index) && index.is_file() {
            Reply::File { path: index }
        } else {
            Reply::NotFound
        };
    }
    if file.is_file() {
        Reply::File { path: file }
    } else {
        Reply::NotFound
    }
}

/// The URL path as a relative file path: percent-decoded, no `..`, `.`, empty, hidden or
/// backslashed segment. `None` for a path that is none of the folder's.
fn relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

/// True when `path` exists and resolves (links followed) inside `root`.
fn inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        // A missing file is answered 404 later; it cannot lead outside.
        (_, Err(e)) => e.kind() == ErrorKind::NotFound,
        _ => false,
    }
}

/// Bytes a redirect's `Location` percent-encodes: controls and everything outside ASCII.
const NON_ASCII: &percent_encoding::AsciiSet = percent_encoding::CONTROLS;

/// A header whose value is ASCII (static names and values, media types, encoded locations).
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header")
}

/// The status and response of a reply.
fn respond(site: &Site, reply: Reply) -> (u16, Response<std::io::Cursor<Vec<u8>>>) {
    let no_store = header("Cache-Control", "no-store");
    match reply {
        Reply::File { path } => match std::fs::read(&path) {
            Ok(bytes) => {
                let name = path.to_string_lossy();
                let media_type = crate::push::plan::content_type(&name);
                let body = if media_type.starts_with("text/html") {
                    let (generation, banner) = site.current();
                    inject(&String::from_utf8_lossy(&bytes), generation, &banner).into_bytes()
                } else {
                    bytes
                };
                let response = Response::from_data(body)
                    .with_header(header("Content-Type", media_type))
                    .with_header(no_store);
                (200, response)
            }
            Err(_) => not_found(site),
        },
        Reply::Redirect { location } => (
            301,
            Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(header("Location", &location)),
        ),
        Reply::Events { since } => {
            let generation = site.wait_past(since, POLL_HOLD);
            let body = format!("{{\"generation\":{generation}}}");
            let response = Response::from_data(body.into_bytes())
                .with_header(header("Content-Type", "application/json"))
                .with_header(no_store);
            (200, response)
        }
        Reply::NotFound => not_found(site),
        Reply::BadMethod => (
            405,
            Response::from_data(b"only GET and HEAD\n".to_vec())
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD")),
        ),
    }
}

/// A 404 page that reloads too, so a page that a build is about to write appears by itself.
fn not_found(site: &Site) -> (u16, Response<std::io::Cursor<Vec<u8>>>) {
    let (generation, banner) = site.current();
    let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not \
                found</title></head><body><h1>Not found</h1><p>No such page in this build. \
                <a href=\"/\">The index</a>.</p></body></html>";
    let body = inject(page, generation, &banner).into_bytes();
    let response = Response::from_data(body)
        .with_status_code(404)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"));
    (404, response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("2024/a")).unwrap();
        std::fs::write(root.join("index.html"), "<body>index</body>").unwrap();
        std::fs::write(root.join("2024/a/index.html"), "<body>a</body>").unwrap();
        std::fs::write(root.join("atom.xml"), "<feed/>").unwrap();
        std::fs::write(dir.path().join("secret"), "no").unwrap();
        let site = Site::new(root);
        (dir, site)
    }

    #[test]
    fn routes_files_folders_and_events() {
        let (_dir, site) = site();
        let file = |p: &str| Reply::File {
            path: site.root.join(p),
        };
        assert_eq!(route(&site, &Method::Get, "/"), file("index.html"));
        assert_eq!(route(&site, &Method::Head, "/atom.xml"), file("atom.xml"));
        assert_eq!(
            route(&site, &Method::Get, "/2024/a/?x=1"),
            file("2024/a/index.html")
        );
        // A directory named with raw non-ASCII bytes redirects to an ASCII location.
        std::fs::create_dir_all(site.root.join("2024/ação")).unwrap();
        let Reply::Redirect { location } = route(&site, &Method::Get, "/2024/ação") else {
            panic!("no redirect");
        };
        assert_eq!(location, "/2024/a%C3%A7%C3%A3o/");
        let _ = header("Location", &location);
        assert_eq!(
            route(&site, &Method::Get, "/2024/a"),
            Reply::Redirect {
                location: "/2024/a/".into()
            }
        );
        assert_eq!(
            route(&site, &Method::Get, "/__communique/events?since=4"),
            Reply::Events { since: 4 }
        );
        assert_eq!(route(&site, &Method::Post, "/"), Reply::BadMethod);
        assert_eq!(route(&site, &Method::Get, "/2025/"), Reply::NotFound);
    }

    #[test]
    fn nothing_outside_the_folder_is_served() {
        let (_dir, site) = site();
        for url in [
            "/../secret",
            "/%2e%2e/secret",
            "/2024/../../secret",
            "/.x",
            "/a%5c..%5csecret",
        ] {
            assert_eq!(route(&site, &Method::Get, url), Reply::NotFound, "{url}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(site.root.parent().unwrap(), site.root.join("up")).unwrap();
            assert_eq!(route(&site, &Method::Get, "/up/secret"), Reply::NotFound);
        }
    }
}
