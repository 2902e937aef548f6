//! nginx as a WebDAV server: the dav module (PUT, DELETE, MKCOL, MOVE) plus Debian's dav-ext
//! module (PROPFIND, OPTIONS), Basic auth, on 127.0.0.1:<free port>, everything (config, pid,
//! logs, temp files) under its own prefix folder. `create_full_put_path` is off, as on many
//! hosts, so communique must create folders with MKCOL.
//!
//! Media types come from Debian's `/etc/nginx/mime.types` plus `docs/snippets/nginx-feeds.conf`,
//! the snippet docs/push.md tells users to include, so the tests check the documented setup.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub(crate) const USER: &str = "feeder";
pub(crate) const PASSWORD: &str = "dav-s3cret";
const NGINX: &str = "/usr/sbin/nginx";
const DAV_EXT: &str = "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so";
const MIME_TYPES: &str = "/etc/nginx/mime.types";
/// What the server block sets for the snippet's `Link` headers.
pub(crate) const ORIGIN: &str = "https://example.org";
pub(crate) const HUB: &str = "https://hub.example.net/";

pub(crate) struct Nginx {
    pub port: u16,
    _dir: tempfile::TempDir,
    /// The document root: `/dav/x` is `www/dav/x`.
    pub www: PathBuf,
    child: Child,
}

impl Nginx {
    /// `None` (after a note) when nginx is not installed and `CI` is not set.
    pub(crate) fn start() -> Option<Nginx> {
        if !super::require(
            "nginx with the WebDAV modules",
            &[NGINX, DAV_EXT, MIME_TYPES, "/usr/bin/openssl"],
        ) {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let www = d.join("www");
        std::fs::create_dir_all(www.join("dav")).unwrap();
        std::fs::create_dir_all(d.join("tmp/body")).unwrap();
        let hash = Command::new("openssl")
            .args(["passwd", "-apr1", PASSWORD])
            .output()
            .unwrap();
        assert!(hash.status.success(), "openssl passwd failed");
        let hash = String::from_utf8(hash.stdout).unwrap();
        std::fs::write(d.join("htpasswd"), format!("{USER}:{}\n", hash.trim())).unwrap();
        let snippet = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/snippets/nginx-feeds.conf");
        let port = super::free_port();
        // As root, workers would switch to `nobody` and could not write the temp folder.
        let user = if is_root() { "user root;" } else { "" };
        let p = d.display();
        let conf = format!(
            r#"load_module {DAV_EXT};
{user}
daemon off;
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/error.log info;
events {{ worker_connections 128; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log {p}/access.log;
    client_body_temp_path {p}/tmp/body;
    proxy_temp_path {p}/tmp/proxy;
    fastcgi_temp_path {p}/tmp/fcgi;
    uwsgi_temp_path {p}/tmp/uwsgi;
    scgi_temp_path {p}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {p}/www;
        set $communique_origin "{ORIGIN}";
        set $communique_hub "{HUB}";
        client_max_body_size 64m;
        location /dav/ {{
            dav_methods PUT DELETE MKCOL COPY MOVE;
            dav_ext_methods PROPFIND OPTIONS;
            dav_access user:rw group:r all:r;
            auth_basic "feeds";
            auth_basic_user_file {p}/htpasswd;
            include {snippet};
        }}
    }}
}}
"#,
            snippet = snippet.display()
        );
        std::fs::write(d.join("nginx.conf"), conf).unwrap();
        let log = std::fs::File::create(d.join("stdout.log")).unwrap();
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(&d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .arg("-e")
            .arg(d.join("error.log"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut nginx = Nginx {
            port,
            _dir: dir,
            www,
            child,
        };
        nginx.wait_ready();
        Some(nginx)
    }

    fn wait_ready(&mut self) {
        for _ in 0..500 {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log =
                    std::fs::read_to_string(self._dir.path().join("error.log")).unwrap_or_default();
                panic!("nginx exited with {status}:\n{log}");
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("nginx did not start on port {}", self.port);
    }

    /// `http://127.0.0.1:PORT/dav/<path>`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/dav/{path}", self.port)
    }

    /// A `[[push]]` table for this server; credentials come from `DAV_USER` / `DAV_PASSWORD`.
    pub(crate) fn target_toml(&self, name: &str, folder: &str, extra: &str) -> String {
        format!(
            "[[push]]\nname = \"{name}\"\ntype = \"webdav\"\nurl = \"{}\"\n\
             user_env = \"DAV_USER\"\npassword_env = \"DAV_PASSWORD\"\n{extra}\n",
            self.url(folder)
        )
    }

    /// The files under `/dav/<folder>` as stored on disk.
    pub(crate) fn files(&self, folder: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
        super::tree(&self.www.join("dav").join(folder))
    }

    /// GETs `/dav/<path>` with the test credentials: status, Content-Type, body.
    pub(crate) fn get(&self, path: &str) -> (u16, Option<String>, Vec<u8>) {
        super::http_get(&self.url(path), Some((USER, PASSWORD)))
    }

    /// GETs `/dav/<path>` with the test credentials and `headers`: the whole response.
    pub(crate) fn request(&self, path: &str, headers: &[(&str, &str)]) -> super::Response {
        super::http_request(&self.url(path), Some((USER, PASSWORD)), headers)
    }
}

pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // Not SIGKILL: nginx's workers would outlive their master.
        super::stop(&mut self.child);
    }
}
