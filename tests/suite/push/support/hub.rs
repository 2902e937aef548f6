//! A WebSub hub stand-in: records every request (method, Content-Type, body) on
//! 127.0.0.1:<free port> and answers `503` to the first `fail_first` requests, `202` after.
//! [`Hub::start_hanging`] instead never answers the first requests (the connection stays
//! open), so a test can kill the publishing process in the middle of a ping.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ping {
    pub method: String,
    pub path: String,
    pub content_type: String,
    pub body: String,
    /// Whether the hub's witness file existed when the ping arrived
    /// ([`Hub::start_with_witness`]; `false` without one).
    pub witnessed: bool,
}

impl Ping {
    /// The form fields, decoded.
    pub(crate) fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

pub(crate) struct Hub {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<Ping>>>,
}

impl Hub {
    pub(crate) fn start(fail_first: usize) -> Hub {
        Hub::start_with(fail_first, 0)
    }

    /// Records the first `hang_first` requests but never answers them; answers `202` after.
    pub(crate) fn start_hanging(hang_first: usize) -> Hub {
        Hub::start_with(0, hang_first)
    }

    /// Answers `202`, and records with each ping whether `witness` existed when it arrived,
    /// so a test can tell what ran before the ping.
    pub(crate) fn start_with_witness(witness: std::path::PathBuf) -> Hub {
        Hub::start_full(0, 0, Some(witness))
    }

    fn start_with(fail_first: usize, hang_first: usize) -> Hub {
        Hub::start_full(fail_first, hang_first, None)
    }

    fn start_full(
        fail_first: usize,
        hang_first: usize,
        witness: Option<std::path::PathBuf>,
    ) -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        std::thread::spawn(move || {
            let mut seen = 0usize;
            // Held open, unanswered, for as long as the hub lives.
            let mut hanging = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(mut ping) = read_request(&mut stream) else {
                    continue;
                };
                ping.witnessed = witness.as_ref().is_some_and(|w| w.exists());
                seen += 1;
                recorded.lock().unwrap().push(ping);
                if seen <= hang_first {
                    hanging.push(stream);
                    continue;
                }
                let answer = if seen <= fail_first {
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\nConnection: close\r\n\r\ntry later\r\n"
                } else {
                    "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                };
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        Hub { port, requests }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hub", self.port)
    }

    pub(crate) fn pings(&self) -> Vec<Ping> {
        self.requests.lock().unwrap().clone()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Ping> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut content_type = String::new();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = v.trim().to_owned(),
                "content-length" => length = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(Ping {
        method,
        path,
        content_type,
        body: String::from_utf8_lossy(&body).into_owned(),
        witnessed: false,
    })
}
