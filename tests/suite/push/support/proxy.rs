//! TCP proxies on 127.0.0.1 in front of a real server, for fault tests:
//! - [`Throttle`] forwards everything but slows client→server bytes to a fixed rate, so an
//!   upload takes long enough for a reader to poll during it;
//! - [`FailFirst`] answers the first `n` connections with `503` (after reading the request),
//!   then forwards the rest untouched.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub(crate) struct Throttle {
    pub port: u16,
}

impl Throttle {
    /// Forwards to `upstream`, client→server at about `bytes_per_second`.
    pub(crate) fn start(upstream: u16, bytes_per_second: usize) -> Throttle {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                pipe(client, server, Some(bytes_per_second));
            }
        });
        Throttle { port }
    }
}

pub(crate) struct FailFirst {
    pub port: u16,
    pub failed: Arc<AtomicUsize>,
}

impl FailFirst {
    pub(crate) fn start(upstream: u16, n: usize) -> FailFirst {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let failed = Arc::new(AtomicUsize::new(0));
        let counter = failed.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { continue };
                if counter.load(Ordering::SeqCst) < n {
                    counter.fetch_add(1, Ordering::SeqCst);
                    read_one_request(&mut client);
                    let _ = client.write_all(
                        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\
                          Content-Length: 12\r\nConnection: close\r\n\r\nbusy, sorry\n",
                    );
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                pipe(client, server, None);
            }
        });
        FailFirst { port, failed }
    }
}

/// Reads one request head and its Content-Length body.
fn read_one_request(stream: &mut TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    let _ = stream.read_exact(&mut body);
}

fn pipe(client: TcpStream, server: TcpStream, rate: Option<usize>) {
    let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    std::thread::spawn(move || copy(client, server, rate));
    std::thread::spawn(move || copy(s2, c2, None));
}

fn copy(mut from: TcpStream, mut to: TcpStream, rate: Option<usize>) {
    let chunk = rate.map_or(64 * 1024, |r| (r / 50).max(1));
    let mut buf = vec![0u8; chunk];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
                if let Some(r) = rate {
                    std::thread::sleep(Duration::from_secs_f64(n as f64 / r as f64));
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}
