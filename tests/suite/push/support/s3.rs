//! An S3 server inside the test process: s3s-fs (objects as files under a temporary folder)
//! behind s3s, which checks every request's SigV4 signature against one key pair, served by
//! hyper on 127.0.0.1.
//!
//! Faults, for the retry and resume tests: answer `503 SlowDown` to the next N requests, or
//! "die" after N successful PUTs (every connection is cut and the port closed; the PUT that
//! tripped it fails too). [`S3Server::revive`] starts it again on the same port and folder.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use object_store::aws::AmazonS3Builder;
use object_store::{Attribute, ObjectStoreExt};

pub(crate) const ACCESS_KEY: &str = "AKTESTPUSH";
pub(crate) const SECRET_KEY: &str = "secret-key-for-tests-0123456789";
pub(crate) const BUCKET: &str = "feeds";

#[derive(Default)]
pub(crate) struct Faults {
    /// Answer 503 to this many more requests.
    pub fail_next: AtomicUsize,
    /// Die when the number of successful PUTs would exceed this (0: never).
    pub die_after_puts: AtomicUsize,
    pub puts: AtomicUsize,
    pub requests: AtomicUsize,
    pub dead: AtomicBool,
    /// `METHOD /path` of every request that reached the S3 service, in arrival order.
    pub log: Mutex<Vec<String>>,
}

pub(crate) struct S3Server {
    pub addr: SocketAddr,
    _dir: tempfile::TempDir,
    /// The folder of bucket `feeds`: object `a/b` is the file `a/b` in it.
    pub bucket_dir: PathBuf,
    pub faults: Arc<Faults>,
    runtime: tokio::runtime::Runtime,
    tasks: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl S3Server {
    pub(crate) fn start() -> S3Server {
        let dir = tempfile::tempdir().unwrap();
        let bucket_dir = dir.path().join(BUCKET);
        std::fs::create_dir_all(&bucket_dir).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let server = S3Server {
            addr,
            bucket_dir,
            _dir: dir,
            faults: Arc::new(Faults::default()),
            runtime,
            tasks: Arc::new(Mutex::new(Vec::new())),
        };
        server.serve(listener);
        server
    }

    fn serve(&self, listener: tokio::net::TcpListener) {
        let root = self.bucket_dir.parent().unwrap().to_path_buf();
        let fs = s3s_fs::FileSystem::new(&root).unwrap();
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();
        let faults = self.faults.clone();
        let tasks = self.tasks.clone();
        let handle = self.runtime.spawn({
            let tasks = tasks.clone();
            async move {
                loop {
                    let Ok((socket, _)) = listener.accept().await else {
                        continue;
                    };
                    let service = service.clone();
                    let faults = faults.clone();
                    let tasks_inner = tasks.clone();
                    let conn = tokio::spawn(async move {
                        let svc = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                            let service = service.clone();
                            let faults = faults.clone();
                            let tasks = tasks_inner.clone();
                            async move { handle(req, &service, &faults, &tasks).await }
                        });
                        let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                            .serve_connection(TokioIo::new(socket), svc)
                            .await;
                    });
                    if let Ok(mut t) = tasks.lock() {
                        t.push(conn.abort_handle());
                    }
                }
            }
        });
        self.tasks.lock().unwrap().push(handle.abort_handle());
    }

    /// Starts the server again on the same port and folder, faults cleared.
    pub(crate) fn revive(&self) {
        self.faults.dead.store(false, Ordering::SeqCst);
        self.faults.die_after_puts.store(0, Ordering::SeqCst);
        self.faults.fail_next.store(0, Ordering::SeqCst);
        let addr = self.addr;
        let listener = self
            .runtime
            .block_on(async move {
                // The old listener is closed by the abort; the port may take a moment to free.
                for _ in 0..100 {
                    if let Ok(l) = tokio::net::TcpListener::bind(addr).await {
                        return Ok(l);
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                tokio::net::TcpListener::bind(addr).await
            })
            .unwrap();
        self.serve(listener);
    }

    pub(crate) fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A `[[push]]` table for this server.
    pub(crate) fn target_toml(&self, name: &str, prefix: &str, extra: &str) -> String {
        format!(
            "[[push]]\nname = \"{name}\"\ntype = \"s3\"\nendpoint = \"{}\"\nbucket = \"{BUCKET}\"\n\
             prefix = \"{prefix}\"\nregion = \"us-east-1\"\npath_style = true\n{extra}\n",
            self.endpoint()
        )
    }

    /// Reads an object back through the S3 API: bytes, Content-Type, Cache-Control.
    pub(crate) fn get(&self, key: &str) -> (Vec<u8>, Option<String>, Option<String>) {
        let (bytes, ct, cc, _) = self.get_encoded(key);
        (bytes, ct, cc)
    }

    /// Reads an object back through the S3 API: bytes as stored, Content-Type, Cache-Control,
    /// Content-Encoding.
    pub(crate) fn get_encoded(
        &self,
        key: &str,
    ) -> (Vec<u8>, Option<String>, Option<String>, Option<String>) {
        let store = AmazonS3Builder::new()
            .with_endpoint(self.endpoint())
            .with_bucket_name(BUCKET)
            .with_region("us-east-1")
            .with_access_key_id(ACCESS_KEY)
            .with_secret_access_key(SECRET_KEY)
            .with_allow_http(true)
            .build()
            .unwrap();
        self.runtime.block_on(async move {
            let result = store
                .get(&object_store::path::Path::from(key))
                .await
                .unwrap();
            let attrs = result.attributes.clone();
            let bytes = result.bytes().await.unwrap().to_vec();
            let attr = |a: &Attribute| attrs.get(a).map(|v| v.to_string());
            (
                bytes,
                attr(&Attribute::ContentType),
                attr(&Attribute::CacheControl),
                attr(&Attribute::ContentEncoding),
            )
        })
    }

    /// Object keys and bytes as stored (s3s-fs keeps each object as a file, and its metadata in
    /// hidden side files, which are left out).
    pub(crate) fn objects(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        super::tree(&self.bucket_dir)
            .into_iter()
            .filter(|(k, _)| !k.split('/').any(|s| s.starts_with('.')))
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        if let Ok(tasks) = self.tasks.lock() {
            for t in tasks.iter() {
                t.abort();
            }
        }
    }
}

type Response = hyper::Response<s3s::Body>;

async fn handle(
    req: hyper::Request<hyper::body::Incoming>,
    service: &s3s::service::S3Service,
    faults: &Faults,
    tasks: &Mutex<Vec<tokio::task::AbortHandle>>,
) -> Result<Response, s3s::HttpError> {
    faults.requests.fetch_add(1, Ordering::SeqCst);
    if faults.dead.load(Ordering::SeqCst) {
        return Err(died());
    }
    let failing = faults
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if failing {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
                    <Message>Please reduce your request rate.</Message></Error>";
        let mut response = hyper::Response::new(s3s::Body::from(body.to_owned()));
        *response.status_mut() = hyper::StatusCode::SERVICE_UNAVAILABLE;
        return Ok(response);
    }
    if req.method() == hyper::Method::PUT {
        let limit = faults.die_after_puts.load(Ordering::SeqCst);
        let n = faults.puts.fetch_add(1, Ordering::SeqCst) + 1;
        if limit > 0 && n > limit {
            faults.dead.store(true, Ordering::SeqCst);
            if let Ok(tasks) = tasks.lock() {
                for t in tasks.iter() {
                    t.abort();
                }
            }
            return Err(died());
        }
    }
    if let Ok(mut log) = faults.log.lock() {
        log.push(format!("{} {}", req.method(), req.uri().path()));
    }
    hyper::service::Service::call(service, req).await
}

fn died() -> s3s::HttpError {
    s3s::HttpError::new(Box::new(std::io::Error::other("the test server died")))
}
