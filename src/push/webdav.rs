//! The `webdav` backend: PUT, MKCOL, MOVE and DELETE over HTTP(S) with reqwest.
//!
//! - Credentials: HTTP Basic from two environment variables, sent as a header. The URL never
//!   holds them (the configuration refuses that), and a server that echoes the header in its
//!   error page has it cut out ([`crate::secret::redact`], applied to every failure). Over
//!   plain `http://` to another machine they are refused unless the target says
//!   `insecure = true`.
//! - Folders: a PUT into a missing folder fails (`409 Conflict` per RFC 4918, `404` on some
//!   servers, `500` on nginx without `create_full_put_path`), so folders are created with
//!   MKCOL *before* the first PUT into them, top down, the base URL included. Folders that
//!   hold files of the manifest exist already and are skipped, so an incremental push sends
//!   MKCOLs only for new folders.
//! - Atomicity: nginx and Apache's mod_dav write a PUT body to a temporary file and rename it,
//!   so a plain PUT is atomic there. For servers that write in place, `atomic_move = true`
//!   PUTs to a hidden temporary name and MOVEs it over the target (`Overwrite: T`).
//! - Content-Type: sent with each PUT, but file-system-backed servers ignore it and serve by
//!   name; docs/push.md has the nginx and Apache snippets.
//!
//! Retries (by the caller, [`super::retry`]): timeouts, connection errors, 408, 429 and 5xx.

use std::collections::BTreeSet;
use std::sync::Mutex;

use bytes::Bytes;
use reqwest::{Method, StatusCode};
use url::Url;

use super::config::{PushSettings, WebDavTarget};
use super::retry::{retry, Failure, RetryPolicy};
use super::{Backend, PutMeta};
use crate::secret::Secret;

pub(super) struct WebDav {
    client: reqwest::Client,
    base: Url,
    auth: Option<(Secret, Secret)>,
    atomic_move: bool,
    policy: RetryPolicy,
    /// Folders known to exist, relative to `base` (`""` is `base` itself).
    folders: Mutex<BTreeSet<String>>,
}

/// The HTTP client every network backend and WebSub share: rustls, a per-request timeout, our
/// name as user agent.
pub(super) fn http_client(settings: &PushSettings) -> Result<reqwest::Client, Failure> {
    reqwest::Client::builder()
        .user_agent(concat!("communique/", env!("CARGO_PKG_VERSION")))
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout.min(std::time::Duration::from_secs(10)))
        .build()
        .map_err(|e| Failure::permanent(format!("cannot set up the HTTP client: {e}")))
}

impl WebDav {
    /// Reads the credentials and sets up the client; sends nothing yet. `known_folders` are
    /// folders (relative to the base URL, `/`-separated, `""` for the base) that hold files
    /// pushed earlier, so they need no MKCOL.
    pub(super) fn connect(
        target: &WebDavTarget,
        settings: &PushSettings,
        known_folders: BTreeSet<String>,
    ) -> Result<WebDav, Failure> {
        let auth = match (&target.user_env, &target.password_env) {
            (Some(u), Some(p)) => {
                let user = Secret::from_env(u).map_err(Failure::permanent)?;
                let password = Secret::from_env(p).map_err(Failure::permanent)?;
                // The Authorization header a server might echo back.
                crate::secret::register_basic(&user, &password);
                Some((user, password))
            }
            _ => None,
        };
        Ok(WebDav {
            client: http_client(settings)?,
            base: target.url.clone(),
            auth,
            atomic_move: target.atomic_move,
            policy: settings.retry.clone(),
            folders: Mutex::new(known_folders),
        })
    }

    /// `base` + the path's segments, percent-encoded.
    fn url(&self, segments: &[&str], folder: bool) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut s) = url.path_segments_mut() {
            s.pop_if_empty().extend(segments);
            if folder {
                s.push("");
            }
        }
        url
    }

    fn request(&self, method: Method, url: Url) -> reqwest::RequestBuilder {
        let request = self.client.request(method, url);
        match &self.auth {
            Some((user, password)) => request.basic_auth(user.expose(), Some(password.expose())),
            None => request,
        }
    }

    /// Sends one request; any status in `ok` is success.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        ok: &[StatusCode],
    ) -> Result<StatusCode, Failure> {
        let response = request
            .send()
            .await
            .map_err(|e| Failure::from_reqwest(&e))?;
        let status = response.status();
        if status.is_success() || ok.contains(&status) {
            return Ok(status);
        }
        let headers = response.headers().clone();
        let body = response.text().await.unwrap_or_default();
        let mut failure = Failure::from_status(status, &headers, &body);
        if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            failure.message.push_str(
                " (check the user and password in the environment variables named by \
                 `user_env` and `password_env`)",
            );
        }
        Err(failure)
    }

    /// Creates the folders above `segments` that are not known to exist, top down, starting
    /// with the base URL itself. `405 Method Not Allowed` means the folder exists already. A
    /// refusal is not fatal here (some servers answer oddly for folders that exist): its
    /// answer is returned, so that a failing PUT can explain itself.
    async fn make_folders(&self, folders: &[&str]) -> Option<String> {
        for depth in 0..=folders.len() {
            let key = folders[..depth].join("/");
            if self.known(&key) {
                continue;
            }
            let url = self.url(&folders[..depth], true);
            let result = retry(&self.policy, || async {
                let mkcol =
                    Method::from_bytes(b"MKCOL").map_err(|e| Failure::permanent(e.to_string()))?;
                self.send(
                    self.request(mkcol, url.clone()),
                    &[StatusCode::METHOD_NOT_ALLOWED],
                )
                .await
            })
            .await;
            match result {
                Ok(_) => self.remember(key),
                Err(f) => return Some(format!("creating the folder {url} first: {}", f.message)),
            }
        }
        None
    }

    /// Creates the parent folders if needed, then PUTs (with retries).
    async fn put_in_folder(
        &self,
        segments: &[&str],
        bytes: &Bytes,
        content_type: &str,
    ) -> Result<(), Failure> {
        let folders = &segments[..segments.len().saturating_sub(1)];
        let mkcol_answer = self.make_folders(folders).await;
        let url = self.url(segments, false);
        retry(&self.policy, || {
            self.send(
                self.request(Method::PUT, url.clone())
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes.clone()),
                &[],
            )
        })
        .await
        .map(|_| ())
        .map_err(|mut f| {
            if let Some(answer) = mkcol_answer {
                f.message = format!("{} (after {answer})", f.message);
            }
            f
        })
    }

    fn known(&self, folder: &str) -> bool {
        self.folders
            .lock()
            .map(|f| f.contains(folder))
            .unwrap_or(false)
    }

    fn remember(&self, folder: String) {
        if let Ok(mut f) = self.folders.lock() {
            f.insert(folder);
        }
    }
}

impl Backend for WebDav {
    async fn put(&self, path: &str, bytes: Bytes, meta: &PutMeta<'_>) -> Result<(), Failure> {
        let segments: Vec<&str> = path.split('/').collect();
        if !self.atomic_move {
            return self
                .put_in_folder(&segments, &bytes, meta.content_type)
                .await;
        }
        let (name, folders) = match segments.split_last() {
            Some((name, folders)) => (*name, folders),
            None => return Err(Failure::permanent("empty path")),
        };
        let temp_name = format!(".{name}.communique-{:08x}.tmp", fastrand::u32(..));
        let mut temp: Vec<&str> = folders.to_vec();
        temp.push(&temp_name);
        self.put_in_folder(&temp, &bytes, meta.content_type).await?;
        let destination = self.url(&segments, false);
        let moved = retry(&self.policy, || {
            let mv = Method::from_bytes(b"MOVE");
            let request = mv.map(|m| {
                self.request(m, self.url(&temp, false))
                    .header("Destination", destination.as_str())
                    .header("Overwrite", "T")
            });
            async move {
                let request = request.map_err(|e| Failure::permanent(e.to_string()))?;
                self.send(request, &[]).await.map(|_| ())
            }
        })
        .await;
        if moved.is_err() {
            // Best effort: do not leave the temporary file behind.
            let _ = self
                .send(
                    self.request(Method::DELETE, self.url(&temp, false)),
                    &[StatusCode::NOT_FOUND],
                )
                .await;
        }
        moved
    }

    async fn delete(&self, path: &str) -> Result<(), Failure> {
        let segments: Vec<&str> = path.split('/').collect();
        let url = self.url(&segments, false);
        retry(&self.policy, || {
            self.send(
                self.request(Method::DELETE, url.clone()),
                &[StatusCode::NOT_FOUND],
            )
        })
        .await
        .map(|_| ())
    }

    async fn close(self) -> Result<(), Failure> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_per_segment() {
        let target = WebDavTarget {
            url: Url::parse("https://dav.example.org/site/").unwrap(),
            user_env: None,
            password_env: None,
            atomic_move: false,
            insecure: false,
        };
        let dav = WebDav::connect(&target, &PushSettings::default(), BTreeSet::new()).unwrap();
        assert_eq!(
            dav.url(&["2024", "a b#c", "index.html"], false).as_str(),
            "https://dav.example.org/site/2024/a%20b%23c/index.html"
        );
        assert_eq!(
            dav.url(&["2024"], true).as_str(),
            "https://dav.example.org/site/2024/"
        );
    }
}
