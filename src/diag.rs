//! Diagnostics: what `communique check` prints, and what every stage reports about bad input.
//!
//! A problem with one item is a [`Diagnostic`], never an early return: the run goes on with the
//! other items (the ripgrep model). Lines count from the top of the file, front matter included,
//! so an editor can jump straight to them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is. An error keeps the item out of the feeds; a warning does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding about one file, printed as `path:line: severity: message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file as the user knows it (relative to the instance folder where possible).
    pub path: String,
    /// 1-based line in the file, when the finding has one.
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "{}:{}: {}: {}",
                self.path, line, self.severity, self.message
            ),
            None => write!(f, "{}: {}: {}", self.path, self.severity, self.message),
        }
    }
}

/// Sorts diagnostics by file, then line, so output is stable whatever order stages ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.path.as_str(), a.line.unwrap_or(0)).cmp(&(b.path.as_str(), b.line.unwrap_or(0)))
    });
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_rustc() {
        let d = Diagnostic::warning("items/a.txt", Some(3), "title was inferred");
        assert_eq!(d.to_string(), "items/a.txt:3: warning: title was inferred");
        let d = Diagnostic::error("items/b.md", None, "no date");
        assert_eq!(d.to_string(), "items/b.md: error: no date");
    }

    #[test]
    fn sorts_by_path_then_line_keeping_order_within_a_line() {
        let mut v = vec![
            Diagnostic::warning("b", Some(1), "x"),
            Diagnostic::warning("a", Some(9), "y"),
            Diagnostic::error("a", Some(2), "z"),
            Diagnostic::warning("a", Some(2), "w"),
        ];
        sort(&mut v);
        let got: Vec<_> = v.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(got, ["z", "w", "y", "x"]);
        assert!(has_errors(&v));
    }
}
