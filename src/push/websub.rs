//! WebSub publishing: after a successful push, tell each hub which feeds changed.
//!
//! The W3C recommendation leaves the publish request open; hubs in the wild take a
//! form-encoded `POST` with `hub.mode=publish` and either `hub.url` (the classic
//! PubSubHubbub name) or `hub.topic` (flask-websub and others answer 400 without it), so both
//! are sent. Any 2xx is success. Timeouts, connection errors, 408, 429 and 5xx are retried
//! with the push's [`RetryPolicy`].
//!
//! The topics to announce are kept in the state folder (`websub-pending.json`). A push adds
//! the feeds it is about to change *before* sending them, and a topic leaves the list only once
//! every hub acknowledged it, each removal saved at once (atomically). So a hub that was down, a
//! push that failed on another target, or a run killed in the middle of a ping delays an
//! announcement but never loses it: the next successful push announces what is still listed.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
#[cfg(feature = "websub")]
use url::Url;

#[cfg(feature = "websub")]
use super::retry::{retry, Failure, RetryPolicy};
#[cfg(feature = "websub")]
use super::PushError;
#[cfg(feature = "websub")]
use crate::config::Config;

/// The publish request body for `topic`.
#[cfg(feature = "websub")]
pub(crate) fn form(topic: &Url) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("hub.mode", "publish")
        .append_pair("hub.topic", topic.as_str())
        .append_pair("hub.url", topic.as_str())
        .finish()
}

/// Announces `topic` to `hub`, with retries.
#[cfg(feature = "websub")]
pub(crate) async fn ping(
    client: &reqwest::Client,
    policy: &RetryPolicy,
    hub: &Url,
    topic: &Url,
) -> Result<(), Failure> {
    let body = form(topic);
    retry(policy, || async {
        let response = client
            .post(hub.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body.clone())
            .send()
            .await
            .map_err(|e| Failure::from_reqwest(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Err(Failure::from_status(status, &headers, &text))
    })
    .await
}

/// Pings every hub for every pending topic. A topic every hub accepted is removed from
/// `pending`, and the list is saved to `path` at once (atomically), so a run killed during a
/// later ping repeats only what was not acknowledged. A hub that fails one topic after its
/// retries is not asked about the rest in this run.
#[cfg(feature = "websub")]
pub(crate) async fn announce(
    config: &Config,
    pending: &mut Pending,
    path: &Path,
) -> (usize, Vec<PushError>) {
    let client = match super::webdav::http_client(&config.push_settings) {
        Ok(c) => c,
        Err(f) => {
            return (
                0,
                vec![PushError::WebSub {
                    hub: "(all)".into(),
                    topic: "(all)".into(),
                    message: f.message,
                }],
            )
        }
    };
    let mut pings = 0;
    let mut errors = Vec::new();
    let topics: Vec<String> = pending.topics.iter().cloned().collect();
    // Hubs that failed: not asked again in this run.
    let mut down = vec![false; config.hubs.len()];
    for (i, topic) in topics.iter().enumerate() {
        let mut accepted = 0;
        if let Ok(url) = Url::parse(topic) {
            for (h, hub) in config.hubs.iter().enumerate() {
                if down[h] {
                    continue;
                }
                match ping(&client, &config.push_settings.retry, hub, &url).await {
                    Ok(()) => {
                        pings += 1;
                        accepted += 1;
                    }
                    Err(f) => {
                        // Retries are used up: this hub is down or refusing. Do not spend the
                        // same time again on each remaining topic.
                        down[h] = true;
                        let left = topics.len() - i - 1;
                        let message = if left > 0 {
                            format!("{} ({left} more feed(s) not tried)", f.message)
                        } else {
                            f.message
                        };
                        errors.push(PushError::WebSub {
                            hub: hub.to_string(),
                            topic: topic.clone(),
                            message,
                        });
                    }
                }
            }
        } else {
            // Not a URL (a hand-edited file): nothing to announce, drop it.
            accepted = config.hubs.len();
        }
        if accepted == config.hubs.len() {
            pending.topics.remove(topic);
            if let Err(source) = pending.save(path) {
                errors.push(PushError::Pending {
                    path: config.display_path(path),
                    source,
                });
                break;
            }
        }
    }
    (pings, errors)
}

/// Topics not yet announced, kept between runs.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pending {
    pub topics: BTreeSet<String>,
}

impl Pending {
    pub(crate) fn path(state_dir: &Path) -> PathBuf {
        state_dir.join("websub-pending.json")
    }

    /// A missing or unreadable file is an empty list (the worst case is a missed ping, which
    /// the next change repairs); other I/O errors are reported.
    pub(crate) fn load(path: &Path) -> io::Result<Pending> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(serde_json::from_str(&text).unwrap_or_default()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Pending::default()),
            Err(e) => Err(e),
        }
    }

    /// Writes the list atomically (temporary file, flush, rename), or removes the file when it
    /// is empty.
    pub(crate) fn save(&self, path: &Path) -> io::Result<()> {
        if self.topics.is_empty() {
            return match std::fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let mut bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        bytes.push(b'\n');
        crate::write::write_if_changed(path, &bytes).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "websub")]
    fn form_names_the_topic_twice() {
        let topic = Url::parse("https://example.org/statements/atom.xml?x=1&y").unwrap();
        assert_eq!(
            form(&topic),
            "hub.mode=publish\
             &hub.topic=https%3A%2F%2Fexample.org%2Fstatements%2Fatom.xml%3Fx%3D1%26y\
             &hub.url=https%3A%2F%2Fexample.org%2Fstatements%2Fatom.xml%3Fx%3D1%26y"
        );
    }

    #[test]
    fn pending_round_trips_and_empties() {
        let dir = tempfile::tempdir().unwrap();
        let path = Pending::path(dir.path());
        assert_eq!(Pending::load(&path).unwrap(), Pending::default());
        let mut p = Pending::default();
        p.topics.insert("https://example.org/atom.xml".into());
        p.save(&path).unwrap();
        assert_eq!(Pending::load(&path).unwrap(), p);
        Pending::default().save(&path).unwrap();
        assert!(!path.exists());
    }
}
