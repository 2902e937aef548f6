//! Retries: which failures are worth another attempt, and how long to wait before it.
//!
//! One policy for every backend and for WebSub pings: exponential backoff with jitter, a cap on
//! the number of retries *and* on the total time spent on one operation, so a dead server ends
//! a push in bounded time. Retried: timeouts, connection errors, `408`, `429` and `5xx`
//! (honouring `Retry-After` when the server sends one, within the same bounds). Everything
//! else (`401`, `403`, `404` on a PUT, a refused signature...) fails at once, because asking
//! again cannot change the answer.
//!
//! S3 is the one exception in mechanism, not in policy: object_store has its own retry loop,
//! which [`RetryPolicy::object_store`] configures with the same limits, and its errors reach us
//! already retried.
//!
//! A build without network backends has no retrying backend (`dir` is local): what is unused
//! there stays compiled, for the tests and for one code path.
#![cfg_attr(not(feature = "runtime"), allow(dead_code))]

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

pub(crate) use crate::config::push::RetryPolicy;

/// Why one operation failed: the server's answer (or the transport error) in words, and
/// whether trying again could help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub message: String,
    pub transient: bool,
    /// From a `Retry-After` header.
    pub retry_after: Option<Duration>,
}

impl Failure {
    pub(crate) fn permanent(message: impl Into<String>) -> Failure {
        Failure::new(message.into(), false, None)
    }

    pub(crate) fn transient(message: impl Into<String>) -> Failure {
        Failure::new(message.into(), true, None)
    }

    /// The one way a failure is made: its text may come from a server (an error page, a
    /// header, an error chain naming a URL), so every remembered secret is cut out of it
    /// before anything can print or log it.
    fn new(message: String, transient: bool, retry_after: Option<Duration>) -> Failure {
        Failure {
            message: crate::secret::redact(&message),
            transient,
            retry_after,
        }
    }

    /// A failure from an HTTP answer: `status` and the start of the body, which is where
    /// servers explain themselves (S3's `<Code>`, nginx's title).
    #[cfg(feature = "http")]
    pub(crate) fn from_status(
        status: reqwest::StatusCode,
        headers: &reqwest::header::HeaderMap,
        body: &str,
    ) -> Failure {
        let transient = status.is_server_error()
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::REQUEST_TIMEOUT;
        let retry_after = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let snippet = answer_snippet(body);
        let message = if snippet.is_empty() {
            format!("the server answered {status}")
        } else {
            format!("the server answered {status}: {snippet}")
        };
        Failure::new(message, transient, retry_after)
    }

    /// A failure before any answer: timeouts and connection problems are transient.
    #[cfg(feature = "http")]
    pub(crate) fn from_reqwest(e: &reqwest::Error) -> Failure {
        let transient = e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
        // reqwest's message names the URL, which never holds credentials here (config refuses
        // them); the source chain has the useful part ("connection refused").
        Failure::new(error_chain(e), transient, None)
    }
}

/// An error and its sources, `: `-separated, each said once.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The first useful part of an error body: tags dropped, white space collapsed, secrets cut
/// out ([`crate::secret::redact`]), at most 300 characters. Secrets are cut out of the whole
/// text before it is shortened, so a secret cut in half by the limit cannot leak its first half.
pub(crate) fn answer_snippet(body: &str) -> String {
    const LIMIT: usize = 300;
    let text = crate::secret::redact(&text_of_markup(body));
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// `body` without tags, its white space collapsed to single spaces, trimmed.
fn text_of_markup(body: &str) -> String {
    let mut text = String::with_capacity(body.len().min(4096));
    let mut in_tag = false;
    let mut last_space = true;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                if !last_space {
                    text.push(' ');
                    last_space = true;
                }
            }
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !last_space {
                    text.push(' ');
                    last_space = true;
                }
            }
            c => {
                text.push(c);
                last_space = false;
            }
        }
    }
    text.trim().to_owned()
}

/// Runs `op` until it succeeds, fails permanently, or the policy is used up. The final failure
/// says how many attempts were made.
pub(crate) async fn retry<T, F, Fut>(policy: &RetryPolicy, mut op: F) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let start = Instant::now();
    let mut retries = 0u32;
    loop {
        let failure = match op().await {
            Ok(v) => return Ok(v),
            Err(f) => f,
        };
        if !failure.transient {
            return Err(with_attempts(failure, retries, start));
        }
        if retries >= policy.max_retries {
            return Err(with_attempts(failure, retries, start));
        }
        let wait = match failure.retry_after {
            Some(d) => d.min(policy.max_backoff),
            None => policy.backoff(retries),
        };
        if start.elapsed() + wait > policy.max_total {
            return Err(with_attempts(failure, retries, start));
        }
        tracing::info!(
            "{}; retrying in {:.2} s (retry {} of {})",
            failure.message,
            wait.as_secs_f64(),
            retries + 1,
            policy.max_retries
        );
        sleep(wait).await;
        retries += 1;
    }
}

/// Waits without holding up the runtime's other tasks.
#[cfg(feature = "runtime")]
async fn sleep(wait: Duration) {
    tokio::time::sleep(wait).await;
}

/// Without tokio (no network backend) nothing retries in a push, so a plain sleep does.
#[cfg(not(feature = "runtime"))]
async fn sleep(wait: Duration) {
    std::thread::sleep(wait);
}

fn with_attempts(mut failure: Failure, retries: u32, start: Instant) -> Failure {
    if retries > 0 {
        failure.message = format!(
            "{} (gave up after {} attempts in {:.1} s)",
            failure.message,
            retries + 1,
            start.elapsed().as_secs_f64()
        );
    }
    failure
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn fast() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(4),
            max_total: Duration::from_secs(5),
        }
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        for retry in 0..40 {
            let exp = (Duration::from_millis(250) * 2u32.saturating_pow(retry.min(20)))
                .min(Duration::from_secs(10));
            let d = p.backoff(retry);
            assert!(d >= exp / 2 && d <= exp, "{retry}: {d:?}");
        }
        let distinct: std::collections::BTreeSet<_> = (0..20).map(|_| p.backoff(3)).collect();
        assert!(distinct.len() > 1, "no jitter");
    }

    #[test]
    fn transient_failures_are_retried_then_succeed() {
        let calls = Cell::new(0);
        let out = block_on(retry(&fast(), || {
            calls.set(calls.get() + 1);
            let n = calls.get();
            async move {
                if n < 3 {
                    Err(Failure::transient("503"))
                } else {
                    Ok(n)
                }
            }
        }));
        assert_eq!(out, Ok(3));
    }

    #[test]
    fn permanent_failures_are_not_retried() {
        let calls = Cell::new(0);
        let out: Result<(), _> = block_on(retry(&fast(), || {
            calls.set(calls.get() + 1);
            async { Err(Failure::permanent("403 Forbidden")) }
        }));
        assert_eq!(calls.get(), 1);
        assert_eq!(out.unwrap_err().message, "403 Forbidden");
    }

    #[test]
    fn retries_are_bounded_in_number_and_time() {
        let calls = Cell::new(0);
        let out: Result<(), _> = block_on(retry(&fast(), || {
            calls.set(calls.get() + 1);
            async { Err(Failure::transient("connection refused")) }
        }));
        assert_eq!(calls.get(), 4);
        assert!(out
            .unwrap_err()
            .message
            .contains("gave up after 4 attempts"));

        let slow = RetryPolicy {
            max_retries: 100,
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(40),
            max_total: Duration::from_millis(150),
        };
        let start = Instant::now();
        let _: Result<(), _> = block_on(retry(&slow, || async {
            Err(Failure::transient("timeout"))
        }));
        assert!(
            start.elapsed() < Duration::from_millis(400),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    #[cfg(feature = "http")]
    fn server_answers_lose_every_secret_even_one_cut_by_the_limit() {
        let token = "tok-Zx81-qq-0123456789abcdefghij";
        crate::secret::Secret::for_tests(token);
        let h = reqwest::header::HeaderMap::new();
        // The token straddles the 300-character limit of the snippet.
        let body = format!("<p>{}</p> {token} tail", "x".repeat(290));
        let f = Failure::from_status(reqwest::StatusCode::FORBIDDEN, &h, &body);
        assert!(!f.message.contains("tok-Zx81"), "{}", f.message);
        let f = Failure::permanent(format!("x-amz-security-token: {token}"));
        assert_eq!(f.message, "x-amz-security-token: <redacted>");
    }

    #[test]
    #[cfg(feature = "http")]
    fn http_answers_are_classified() {
        let h = reqwest::header::HeaderMap::new();
        for (code, transient) in [
            (500, true),
            (503, true),
            (429, true),
            (408, true),
            (401, false),
            (403, false),
            (404, false),
        ] {
            let status = reqwest::StatusCode::from_u16(code).unwrap();
            assert_eq!(
                Failure::from_status(status, &h, "").transient,
                transient,
                "{code}"
            );
        }
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "2".parse().unwrap());
        let f = Failure::from_status(
            reqwest::StatusCode::SERVICE_UNAVAILABLE,
            &h,
            "<html><title>503 Service Temporarily Unavailable</title></html>",
        );
        assert_eq!(f.retry_after, Some(Duration::from_secs(2)));
        assert_eq!(
            f.message,
            "the server answered 503 Service Unavailable: 503 Service Temporarily Unavailable"
        );
    }
}
