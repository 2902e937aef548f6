//! The `s3` backend: any S3-compatible store (AWS, R2, B2, GCS's S3 API, MinIO, Garage...)
//! through the object_store crate.
//!
//! A PUT is atomic on S3: readers see the old object or the new one. Each object carries its
//! `Content-Type` and `Cache-Control`, which S3 then serves as headers, so feeds go out as
//! `application/atom+xml; charset=utf-8` and so on with no server configuration.
//!
//! Requests are signed with SigV4 from credentials read from the environment at connect time.
//! Retries are object_store's own loop, configured with the push's [`RetryPolicy`] limits; the
//! errors that reach us have been retried already, so they are all final.

use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as StorePath;
use object_store::{Attribute, Attributes, ClientOptions, ObjectStore, ObjectStoreExt, PutOptions};

use super::config::{PushSettings, S3Target};
use super::retry::{answer_snippet, Failure};
use super::{Backend, PutMeta};
use crate::secret::Secret;

pub(super) struct S3 {
    store: AmazonS3,
    prefix: String,
}

impl S3 {
    /// Builds the client; fails if credentials are missing or the endpoint is unusable. Sends
    /// nothing yet.
    pub(super) fn connect(target: &S3Target, settings: &PushSettings) -> Result<S3, Failure> {
        let key_id = Secret::from_env(&target.access_key_id_env).map_err(Failure::permanent)?;
        let secret = Secret::from_env(&target.secret_access_key_env).map_err(Failure::permanent)?;
        let token =
            Secret::from_env_optional(&target.session_token_env).map_err(Failure::permanent)?;

        let mut options = ClientOptions::new()
            .with_timeout(settings.timeout)
            .with_connect_timeout(settings.timeout.min(std::time::Duration::from_secs(10)));
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&target.bucket)
            .with_region(&target.region)
            .with_access_key_id(key_id.expose())
            .with_secret_access_key(secret.expose())
            .with_virtual_hosted_style_request(!target.path_style)
            // One plain `DELETE /key` per file: every S3-compatible server has it, while the
            // bulk `POST /?delete` is missing from some (GCS's XML API, OSS).
            .with_disable_bulk_delete(true)
            .with_retry(settings.retry.object_store());
        if let Some(token) = token {
            builder = builder.with_token(token.expose());
        }
        if let Some(endpoint) = &target.endpoint {
            if endpoint.scheme() == "http" {
                options = options.with_allow_http(true);
            }
            builder =
                builder.with_endpoint(endpoint_url(endpoint, &target.bucket, target.path_style)?);
        }
        let store = builder
            .with_client_options(options)
            .build()
            .map_err(|e| Failure::permanent(e.to_string()))?;
        Ok(S3 {
            store,
            prefix: target.prefix.clone(),
        })
    }

    fn key(&self, path: &str) -> Result<StorePath, Failure> {
        StorePath::parse(format!("{}{path}", self.prefix))
            .map_err(|e| Failure::permanent(format!("not a valid object key: {e}")))
    }
}

/// The endpoint as object_store wants it: as configured for path-style requests, with the
/// bucket in front of the host name for virtual-hosted ones (`https://feeds.s3.example.net`).
fn endpoint_url(endpoint: &url::Url, bucket: &str, path_style: bool) -> Result<String, Failure> {
    let mut url = endpoint.clone();
    if !path_style {
        let host = url.host_str().unwrap_or_default().to_owned();
        url.set_host(Some(&format!("{bucket}.{host}")))
            .map_err(|e| {
                Failure::permanent(format!(
                    "cannot put the bucket into the endpoint's host name: {e}"
                ))
            })?;
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn failure(e: object_store::Error) -> Failure {
    // Already retried by object_store (see the module documentation).
    Failure::permanent(answer_snippet(&e.to_string()))
}

impl Backend for S3 {
    async fn put(&self, path: &str, bytes: Bytes, meta: &PutMeta<'_>) -> Result<(), Failure> {
        let key = self.key(path)?;
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, meta.content_type.to_owned().into());
        attributes.insert(
            Attribute::CacheControl,
            meta.cache_control.to_owned().into(),
        );
        if let Some(encoding) = meta.content_encoding {
            attributes.insert(Attribute::ContentEncoding, encoding.to_owned().into());
        }
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(&key, bytes.into(), options)
            .await
            .map(|_| ())
            .map_err(failure)
    }

    async fn delete(&self, path: &str) -> Result<(), Failure> {
        let key = self.key(path)?;
        match self.store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failure(e)),
        }
    }

    async fn close(self) -> Result<(), Failure> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_hosted_endpoints_name_the_bucket() {
        let e = url::Url::parse("https://s3.eu-central-003.backblazeb2.com").unwrap();
        assert_eq!(
            endpoint_url(&e, "feeds", false).unwrap(),
            "https://feeds.s3.eu-central-003.backblazeb2.com"
        );
        assert_eq!(
            endpoint_url(&e, "feeds", true).unwrap(),
            "https://s3.eu-central-003.backblazeb2.com"
        );
        let ip = url::Url::parse("http://127.0.0.1:9000/").unwrap();
        assert_eq!(
            endpoint_url(&ip, "feeds", true).unwrap(),
            "http://127.0.0.1:9000"
        );
    }
}
