//! Secrets (push credentials): read from the environment, never printed.
//!
//! A [`Secret`] remembers which variable it came from. Its `Debug`, `Display` and `Serialize`
//! forms are a redaction naming that variable, so a secret cannot reach a log line, an error
//! message or `communique config show` by accident; only [`Secret::expose`] gives the value, for
//! the code that authenticates.

use std::fmt;

use serde::{Serialize, Serializer};

/// A credential taken from an environment variable.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    var: String,
    value: String,
}

impl Secret {
    /// Reads `var`; `None` when it is unset or empty.
    pub fn from_env(var: &str) -> Option<Secret> {
        std::env::var(var)
            .ok()
            .filter(|v| !v.is_empty())
            .map(|value| Secret {
                var: var.to_owned(),
                value,
            })
    }

    /// The variable it came from.
    pub fn var(&self) -> &str {
        &self.var
    }

    /// The value, for the code that authenticates with it and nothing else.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// What is shown instead of the value.
    pub fn redacted(&self) -> String {
        format!("<redacted: from ${}>", self.var)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_the_value() {
        let s = Secret {
            var: "COMMUNIQUE_TEST_TOKEN".into(),
            value: "hunter2".into(),
        };
        for shown in [
            format!("{s}"),
            format!("{s:?}"),
            serde_json::to_string(&s).unwrap(),
        ] {
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("$COMMUNIQUE_TEST_TOKEN"), "{shown}");
        }
        assert_eq!(s.expose(), "hunter2");
        assert_eq!(s.var(), "COMMUNIQUE_TEST_TOKEN");
    }

    #[test]
    fn unset_variable_is_none() {
        assert!(Secret::from_env("COMMUNIQUE_SURELY_UNSET_VARIABLE_1234").is_none());
    }
}
