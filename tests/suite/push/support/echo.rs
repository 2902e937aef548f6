//! A careless HTTP server on 127.0.0.1:<free port> that answers every request with
//! `503 Service Unavailable` and an error page echoing what it was sent: the credential
//! headers first (`Authorization`, decoded when it is Basic, `X-Amz-Security-Token`), then
//! `leak` (a text the server happens to know, such as the S3 secret), then every other header.
//! It stands for the debugging pages and proxies that print request headers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use base64::Engine;

pub(crate) struct Echo {
    pub port: u16,
    /// How many requests arrived.
    pub seen: Arc<Mutex<usize>>,
}

impl Echo {
    pub(crate) fn start(leak: &str) -> Echo {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(0));
        let counter = seen.clone();
        let leak = leak.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(headers) = read_headers(&mut stream) else {
                    continue;
                };
                *counter.lock().unwrap() += 1;
                let body = echo_page(&headers, &leak);
                let answer = format!(
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        Echo { port, seen }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    pub(crate) fn requests(&self) -> usize {
        *self.seen.lock().unwrap()
    }
}

fn echo_page(headers: &[(String, String)], leak: &str) -> String {
    let mut lines = Vec::new();
    for (name, value) in headers {
        if name == "authorization" {
            lines.push(format!("Authorization: {value}"));
            if let Some(basic) = value.strip_prefix("Basic ") {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(basic.trim())
                    .unwrap_or_default();
                lines.push(format!("(you are {})", String::from_utf8_lossy(&decoded)));
            }
        }
        if name == "x-amz-security-token" {
            lines.push(format!("X-Amz-Security-Token: {value}"));
        }
    }
    if !leak.is_empty() {
        lines.push(format!("(expected {leak})"));
    }
    for (name, value) in headers {
        if name != "authorization" && name != "x-amz-security-token" {
            lines.push(format!("{name}: {value}"));
        }
    }
    format!(
        "<html><head><title>503 Service Unavailable</title></head><body><pre>{}</pre></body></html>",
        lines.join("\n")
    )
}

/// The request's headers (names in lower case); the body is read and dropped.
fn read_headers(stream: &mut std::net::TcpStream) -> Option<Vec<(String, String)>> {
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            if k == "content-length" {
                length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k, v.trim().to_owned()));
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(headers)
}
