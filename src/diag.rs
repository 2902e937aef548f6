//! Diagnostics: what `communique check` prints, and what every stage reports about bad input.
//!
//! A problem with one item is a [`Diagnostic`], never an early return: the run goes on with the
//! other items (the ripgrep model). Lines count from the top of the file, front matter included,
//! so an editor can jump straight to them.
//!
//! A warning that a value was *guessed* carries its [`Guess`]: when many items share one (a
//! folder of plain statements, every title taken from the first line), [`summarise`] turns them
//! into one summary line per kind, with the count and a couple of example files; `-v` shows
//! each.

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
    /// What was guessed, for a warning about a value inferred with low confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guess: Option<Guess>,
}

/// A kind of low-confidence guess. Warnings of one kind are summarised together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guess {
    /// The title is the statement's first line.
    TitleFromFirstLine,
    /// The title is the first sentence of the first paragraph.
    TitleFromFirstSentence,
    /// The language was not detected reliably; the configured one is used.
    LanguageNotDetected,
    /// The language is detection's best guess, below its confidence for a reliable answer.
    LanguageLowConfidence,
    /// The date is the author date of the commit that added the file.
    DateFromHistory,
    /// The date is when the instance first saw the file.
    DateFirstSeen,
}

impl Guess {
    /// What the summary line says was done, and how to settle it.
    fn summary(self) -> (&'static str, &'static str) {
        match self {
            Guess::TitleFromFirstLine => (
                "title inferred from the first line",
                "add `title` to the front matter to choose it",
            ),
            Guess::TitleFromFirstSentence => (
                "title inferred from the first sentence",
                "add `title` to the front matter to choose it",
            ),
            Guess::LanguageNotDetected => (
                "language not detected reliably, the configured one used",
                "add `lang` to the front matter",
            ),
            Guess::LanguageLowConfidence => (
                "language detected with low confidence",
                "add `lang` to the front matter where it is wrong",
            ),
            Guess::DateFromHistory => (
                "no date in the front matter, text or file name: dated by the commit that added \
                 the file",
                "`communique ids --pin` writes the dates into the front matter",
            ),
            Guess::DateFirstSeen => (
                "no date in the front matter, text or file name, and no commit: dated by when \
                 this instance first saw the file",
                "`communique ids --pin` writes the dates into the front matter",
            ),
        }
    }

    /// How many warnings of this kind make a summary line instead of one line each. A date
    /// from the history is always summarised: it concerns every undated item at once.
    fn summarised_from(self) -> usize {
        match self {
            Guess::DateFromHistory | Guess::DateFirstSeen => 1,
            _ => SUMMARY_FROM,
        }
    }
}

/// Guesses of one kind in this many items or more are summarised.
pub(crate) const SUMMARY_FROM: usize = 4;

/// A line of `check`'s output: a diagnostic as it is, or the summary of several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line<'d> {
    One(&'d Diagnostic),
    /// `count` warnings of one kind; `examples` are the first files.
    Summary {
        guess: Guess,
        count: usize,
        examples: Vec<&'d str>,
    },
}

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::One(d) => d.fmt(f),
            Line::Summary {
                guess,
                count,
                examples,
            } => {
                let (what, fix) = guess.summary();
                let items = if *count == 1 { "item" } else { "items" };
                let more = count - examples.len();
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                write!(
                    f,
                    "warning: {count} {items}: {what} ({}{more}): {fix}; `-v` shows each",
                    examples.join(", ")
                )
            }
        }
    }
}

/// How many files a summary line names.
const EXAMPLES: usize = 2;

/// The lines to print for sorted `diagnostics`: with `verbose`, every diagnostic; otherwise
/// guesses of a kind shared by enough items become one summary line per kind, after the others.
pub fn summarise(diagnostics: &[Diagnostic], verbose: bool) -> Vec<Line<'_>> {
    let mut by_guess: std::collections::BTreeMap<Guess, Vec<&Diagnostic>> = Default::default();
    for d in diagnostics {
        if let Some(g) = d.guess.filter(|_| !verbose && !d.is_error()) {
            by_guess.entry(g).or_default().push(d);
        }
    }
    by_guess.retain(|g, ds| ds.len() >= g.summarised_from());
    let mut lines: Vec<Line<'_>> = diagnostics
        .iter()
        .filter(|d| !d.guess.is_some_and(|g| by_guess.contains_key(&g)))
        .map(Line::One)
        .collect();
    for (guess, ds) in by_guess {
        let mut examples: Vec<&str> = ds.iter().map(|d| d.path.as_str()).collect();
        examples.dedup();
        examples.truncate(EXAMPLES);
        lines.push(Line::Summary {
            guess,
            count: ds.len(),
            examples,
        });
    }
    lines
}

impl Diagnostic {
    pub fn error(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            severity: Severity::Error,
            message: message.into(),
            guess: None,
        }
    }

    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            severity: Severity::Warning,
            message: message.into(),
            guess: None,
        }
    }

    /// This diagnostic, marked as the warning about a guess of kind `guess`.
    pub fn guessed(mut self, guess: Guess) -> Self {
        self.guess = Some(guess);
        self
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

    #[test]
    fn many_guesses_of_a_kind_make_one_summary_line() {
        let title = |p: &str| {
            Diagnostic::warning(p, Some(1), "title inferred").guessed(Guess::TitleFromFirstLine)
        };
        let mut v: Vec<Diagnostic> = (0..2000)
            .map(|i| title(&format!("items/{i:04}.txt")))
            .collect();
        v.push(Diagnostic::warning("items/0001.txt", Some(3), "other"));
        v.push(Diagnostic::warning("items/x.txt", None, "dated").guessed(Guess::DateFirstSeen));
        let lines: Vec<String> = summarise(&v, false).iter().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            [
                "items/0001.txt:3: warning: other",
                "warning: 2000 items: title inferred from the first line (items/0000.txt, \
                 items/0001.txt and 1998 more): add `title` to the front matter to choose it; \
                 `-v` shows each",
                "warning: 1 item: no date in the front matter, text or file name, and no \
                 commit: dated by when this instance first saw the file (items/x.txt): \
                 `communique ids --pin` writes the dates into the front matter; `-v` shows each",
            ]
        );
        assert_eq!(summarise(&v, true).len(), v.len());
        // A few titles are shown one by one.
        let few: Vec<Diagnostic> = (0..3).map(|i| title(&format!("{i}"))).collect();
        assert_eq!(summarise(&few, false).len(), 3);
    }
}
