//! Reading what an import names: a URL through one HTTP client, or a local file, both under the
//! same limits (`[import_settings]`).
//!
//! The client is reqwest with rustls (as push's), a timeout for the whole request body included,
//! a redirect limit, and the user agent `communique/VERSION`. The body is read chunk by chunk
//! and refused as soon as it passes `max_bytes`, so a gigabyte answer costs at most that much
//! memory; a declared `Content-Length` above the limit is refused before any byte is read.
//! Conditional GET: the caller passes the `ETag` and `Last-Modified` it kept, and a 304 answer is
//! [`Got::NotModified`].

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use url::Url;

use crate::config::import::ImportSettings;

/// What the command line names: a URL or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Url(Url),
    File(PathBuf),
}

impl Location {
    /// An http(s) URL, else a file path.
    pub(crate) fn parse(given: &str) -> Location {
        match Url::parse(given.trim()) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Location::Url(url),
            _ => Location::File(PathBuf::from(given)),
        }
    }
}

/// A server's cache validators, kept between runs for conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// A document read whole.
#[derive(Debug)]
pub(crate) struct Document {
    pub bytes: Vec<u8>,
    /// The URL it came from after redirects (`None` for a file).
    pub url: Option<Url>,
    pub validators: Validators,
}

/// The answer to a conditional GET.
#[derive(Debug)]
pub(crate) enum Got {
    Document(Document),
    NotModified,
}

/// Why a document could not be read.
#[derive(Debug, Error)]
pub(crate) enum FetchError {
    #[error(
        "no whole answer within {0} s (import_settings.timeout_seconds): the server is too slow"
    )]
    Timeout(f64),
    #[error("larger than {0} bytes (import_settings.max_bytes): not read further")]
    TooLarge(u64),
    #[error("more than {0} redirects (import_settings.max_redirects): a redirect loop?")]
    Redirects(usize),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("cannot fetch: {0}")]
    Http(String),
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

/// The one HTTP client of an import run, on a runtime of its own.
#[derive(Debug)]
pub(crate) struct Fetcher {
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    settings: ImportSettings,
}

impl Fetcher {
    pub(crate) fn new(settings: &ImportSettings) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("communique/", env!("CARGO_PKG_VERSION")))
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(settings.max_redirects))
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            runtime,
            settings: settings.clone(),
        })
    }

    /// The document at `location`: a GET (conditional when `validators` are given) or a file.
    pub(crate) fn get(
        &self,
        location: &Location,
        validators: Option<&Validators>,
    ) -> Result<Got, FetchError> {
        match location {
            Location::Url(url) => self.runtime.block_on(self.get_url(url, validators)),
            Location::File(path) => Ok(Got::Document(Document {
                bytes: read_file(path, self.settings.max_bytes)?,
                url: None,
                validators: Validators::default(),
            })),
        }
    }

    /// The document at `url`, unconditionally.
    pub(crate) fn get_document(&self, url: &Url) -> Result<Document, FetchError> {
        match self.get(&Location::Url(url.clone()), None)? {
            Got::Document(d) => Ok(d),
            Got::NotModified => Err(FetchError::Status(304)),
        }
    }

    async fn get_url(&self, url: &Url, validators: Option<&Validators>) -> Result<Got, FetchError> {
        let mut request = self.client.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        let mut response = request.send().await.map_err(|e| self.classify(&e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && validators.is_some() {
            return Ok(Got::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        let max = self.settings.max_bytes;
        if response.content_length().is_some_and(|n| n > max) {
            return Err(FetchError::TooLarge(max));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let final_url = response.url().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
            if (bytes.len() + chunk.len()) as u64 > max {
                return Err(FetchError::TooLarge(max));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Got::Document(Document {
            bytes,
            url: Some(final_url),
            validators,
        }))
    }

    fn classify(&self, e: &reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.settings.timeout.as_secs_f64())
        } else if e.is_redirect() {
            FetchError::Redirects(self.settings.max_redirects)
        } else {
            // The source chain says what failed (connection refused, reset, TLS).
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message = format!("{message}: {s}");
                source = s.source();
            }
            FetchError::Http(message)
        }
    }
}

/// A local file, refused when larger than `max` bytes (read no further than that).
pub(crate) fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, FetchError> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(FetchError::TooLarge(max));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert_eq!(
            Location::parse("https://x.example/feed"),
            Location::Url(Url::parse("https://x.example/feed").unwrap())
        );
        assert_eq!(
            Location::parse("export.xml"),
            Location::File(PathBuf::from("export.xml"))
        );
        assert_eq!(
            Location::parse("file:///etc/passwd"),
            Location::File(PathBuf::from("file:///etc/passwd"))
        );
    }

    #[test]
    fn files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.xml");
        std::fs::write(&path, vec![b'x'; 101]).unwrap();
        assert!(matches!(
            read_file(&path, 100),
            Err(FetchError::TooLarge(100))
        ));
        assert_eq!(read_file(&path, 101).unwrap().len(), 101);
    }
}
