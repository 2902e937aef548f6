//! Secrets (push credentials): read from the environment, never printed, and cut out of any
//! text a server sends back.
//!
//! A build without network backends reads no credentials: only [`redact`] is used there.
#![cfg_attr(not(feature = "runtime"), allow(dead_code))]
//!
//! A [`Secret`] is read from an environment variable only when a push really talks to its
//! target. Its `Debug` and `Display` forms are `<redacted>`; only [`Secret::expose`] gives the
//! value, for the code that authenticates.
//!
//! A server can still echo what it was sent: a WebDAV server that prints the request headers in
//! its error page, an S3 server that shows the canonical request with the session token. So
//! every value read through [`Secret`] is also remembered in a process-wide list, and
//! [`redact`] replaces it, and the forms in which it travels, by `<redacted>`:
//!
//! - the value itself and its percent-encoded form;
//! - its base64 forms (standard and URL-safe, with and without padding), also where the value
//!   sits at any offset inside a longer base64 text;
//! - the HTTP Basic credential `base64(user:password)` registered with [`register_basic`].
//!
//! [`redact`] is applied where server text enters our errors: every
//! [`crate::push::retry::Failure`] is built through it. The list only grows, and only with
//! values this process read as credentials.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use aho_corasick::{AhoCorasick, MatchKind};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use percent_encoding::NON_ALPHANUMERIC;

/// What replaces a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// Base64 fragments shorter than this are not looked for inside longer base64 text: they would
/// match ordinary words. The whole encodings are always looked for.
const MIN_FRAGMENT: usize = 8;

/// Every text to cut out of server answers, in no particular order.
static PATTERNS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A credential read from an environment variable. Its value never appears in `Debug` or
/// `Display`, and is cut out of server answers by [`redact`].
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    /// Reads `var`; a missing or empty variable is an error that names the variable, never a value.
    pub(crate) fn from_env(var: &str) -> Result<Secret, String> {
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(Secret::remembered(v)),
            Ok(_) => Err(format!("environment variable {var} is empty")),
            Err(std::env::VarError::NotPresent) => {
                Err(format!("environment variable {var} is not set"))
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(format!("environment variable {var} is not valid UTF-8"))
            }
        }
    }

    /// Like [`Secret::from_env`], but an unset variable is `None`.
    pub(crate) fn from_env_optional(var: &str) -> Result<Option<Secret>, String> {
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(Some(Secret::remembered(v))),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(format!("environment variable {var} is not valid UTF-8"))
            }
        }
    }

    /// A secret with this value, remembered for [`redact`]: for unit tests elsewhere.
    #[cfg(test)]
    pub(crate) fn for_tests(value: &str) -> Secret {
        Secret::remembered(value.to_owned())
    }

    fn remembered(value: String) -> Secret {
        remember(&forms_of(value.as_bytes()));
        Secret(value)
    }

    /// The value, for the one place that must send it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Remembers the HTTP Basic credential `user:password` in every form [`redact`] looks for.
pub(crate) fn register_basic(user: &Secret, password: &Secret) {
    let pair = format!("{}:{}", user.expose(), password.expose());
    remember(&forms_of(pair.as_bytes()));
}

/// `text` with every remembered secret, in every form, replaced by `<redacted>`.
pub(crate) fn redact(text: &str) -> String {
    let patterns = PATTERNS.lock().unwrap_or_else(PoisonError::into_inner);
    if patterns.is_empty() {
        return text.to_owned();
    }
    // One leftmost-longest pass, so that a whole encoding wins over a fragment of it and a
    // replacement is never matched again.
    match AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns.iter())
    {
        Ok(ac) => ac.replace_all(text, &vec![REDACTED; patterns.len()]),
        // Cannot happen for a few short patterns; say nothing rather than risk the secret.
        Err(_) => REDACTED.to_owned(),
    }
}

fn remember(forms: &[String]) {
    let mut patterns = PATTERNS.lock().unwrap_or_else(PoisonError::into_inner);
    for form in forms {
        if !form.is_empty() && !patterns.contains(form) {
            patterns.push(form.clone());
        }
    }
}

/// The value, its percent-encoded form and its base64 forms.
fn forms_of(value: &[u8]) -> Vec<String> {
    let mut forms = vec![String::from_utf8_lossy(value).into_owned()];
    forms.push(url::form_urlencoded::byte_serialize(value).collect());
    forms.push(percent_encoding::percent_encode(value, NON_ALPHANUMERIC).to_string());
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        forms.push(engine.encode(value));
    }
    forms.extend(base64_fragments(value));
    forms
}

/// The part of the base64 text that depends only on `value` when `value` starts 1 or 2 bytes
/// into a base64 group (offset 0 is the plain encoding): what `user:password` looks like
/// around the password, or a token inside a longer encoded blob. Hand-written because no
/// base64 crate offers it: encode after `offset` filler bytes, drop the characters the
/// filler touches and the last one, which also depends on whatever follows.
fn base64_fragments(value: &[u8]) -> Vec<String> {
    let mut fragments = Vec::new();
    for (offset, skip) in [(0usize, 0usize), (1, 2), (2, 3)] {
        let mut shifted = vec![0u8; offset];
        shifted.extend_from_slice(value);
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let encoded = engine.encode(&shifted);
            let end = if shifted.len() % 3 == 0 {
                encoded.len()
            } else {
                encoded.len() - 1
            };
            if end > skip && end - skip >= MIN_FRAGMENT {
                fragments.push(encoded[skip..end].to_owned());
            }
        }
    }
    fragments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(value: &str) -> Secret {
        Secret::remembered(value.to_owned())
    }

    #[test]
    fn never_shows_the_value() {
        let s = secret("hunter2-never-shown");
        let shown = format!("{s} {s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(s.expose(), "hunter2-never-shown");
    }

    #[test]
    fn unset_and_empty_variables_are_named() {
        let err = Secret::from_env("COMMUNIQUE_SURELY_UNSET_VARIABLE_1234").unwrap_err();
        assert_eq!(
            err,
            "environment variable COMMUNIQUE_SURELY_UNSET_VARIABLE_1234 is not set"
        );
        assert!(
            Secret::from_env_optional("COMMUNIQUE_SURELY_UNSET_VARIABLE_1234")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn every_form_of_a_secret_is_cut_out() {
        let password = secret("Pa ss/w+rd?9q");
        let user = secret("deploy-user");
        register_basic(&user, &password);
        let basic = STANDARD.encode("deploy-user:Pa ss/w+rd?9q");
        // The password inside a base64 blob under some other user name (offset 1 and 2).
        let other1 = STANDARD.encode("x:Pa ss/w+rd?9q trailing");
        let other2 = STANDARD.encode("xy:Pa ss/w+rd?9q");
        let text = format!(
            "raw Pa ss/w+rd?9q; form Pa+ss%2Fw%2Brd%3F9q; path Pa%20ss%2Fw%2Brd%3F9q; \
             b64 {} / {}; Authorization: Basic {basic}; blobs {other1} {other2}",
            STANDARD.encode("Pa ss/w+rd?9q"),
            URL_SAFE_NO_PAD.encode("Pa ss/w+rd?9q"),
        );
        let out = redact(&text);
        for leak in [
            "Pa ss",
            "ss%2Fw",
            "Pa%20ss",
            STANDARD_NO_PAD.encode("Pa ss/w+rd?9q").as_str(),
            basic.as_str(),
            &basic[4..12],
        ] {
            assert!(!out.contains(leak), "{leak} in {out}");
        }
        assert!(out.contains("Authorization: Basic <redacted>"), "{out}");
        // The fragments of the password inside the other blobs are gone.
        for blob in [&other1, &other2] {
            assert!(!out.contains(blob.as_str()), "{blob} in {out}");
        }
        assert!(out.starts_with("raw <redacted>; form <redacted>;"), "{out}");
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        secret("zq-unrelated-secret-value");
        let text = "the server answered 503 Service Unavailable: try later";
        assert_eq!(redact(text), text);
    }
}
