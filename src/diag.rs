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

/// The source line a diagnostic points into, and where: what the terminal form shows under
/// the `path:line:column` header, with a caret under `start..end`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The text of the line, without its line end.
    pub source: String,
    /// Byte range in `source` the caret is drawn under (empty: one caret at `start`).
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span of `start..end` in `line` (clamped to the line and to character boundaries).
    pub fn new(line: &str, start: usize, end: usize) -> Span {
        let line = line.trim_end_matches(['\n', '\r']);
        let floor = |mut i: usize| {
            i = i.min(line.len());
            while !line.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(start);
        Span {
            source: line.to_owned(),
            start,
            end: floor(end).max(start),
        }
    }

    /// The span of the byte range `range` of `text`, on the line where it starts: for a
    /// parser's error span over a whole document. Returns the 1-based line too.
    pub fn in_text(text: &str, range: std::ops::Range<usize>) -> (usize, Span) {
        let start = range.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = range.end.clamp(start, line_end);
        let line = text[..start].matches('\n').count() + 1;
        let span = Span::new(
            &text[line_start..line_end],
            start - line_start,
            end - line_start,
        );
        (line, span)
    }

    /// The 1-based column of the span's start, counted in characters (as editors count).
    pub fn column(&self) -> usize {
        self.source[..self.start].chars().count() + 1
    }
}

/// One finding about one file, printed as `path:line: severity: message` (or
/// `path:line:column: …` when it points into the line).
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
    /// The part of the line the finding is about, where the parser or reader knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// How to fix it, shown as a `help:` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A stable name for the kind of finding (`unknown-key`, `toml-syntax`, …), for editors
    /// and `check --format json`; a guess is named by its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
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
            span: None,
            help: None,
            code: None,
        }
    }

    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            severity: Severity::Warning,
            message: message.into(),
            guess: None,
            span: None,
            help: None,
            code: None,
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

    /// This diagnostic, pointing at `span` of its line.
    pub fn with_span(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    /// This diagnostic, with a `help:` line.
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// This diagnostic, named by `code` (see [`Diagnostic::code`]).
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// The 1-based column the diagnostic points at, when it points into its line.
    pub fn column(&self) -> Option<usize> {
        self.span.as_ref().map(Span::column)
    }

    /// The diagnostic's code: its own, or its guess kind's name.
    pub fn code_name(&self) -> Option<String> {
        self.code.clone().or_else(|| {
            self.guess.map(|g| {
                serde_json::to_value(g)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
        })
    }
}

/// The known word closest to `word`, when one is close enough to be a likely misspelling
/// (`autor` → `author`, `titel` → `title`): for "did you mean" hints. The distance is
/// `strsim`'s normalised Damerau–Levenshtein (a swap of two letters counts as one edit).
pub fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    /// Below this similarity a suggestion is more noise than help.
    const LIKELY: f64 = 0.7;
    let word = word.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&word, k), k))
        .filter(|(score, _)| *score >= LIKELY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// The "did you mean" help for an unknown `key`, when a known one is close.
pub fn did_you_mean<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(key, known).map(|k| format!("did you mean `{k}`?"))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column()) {
            (Some(line), Some(column)) => write!(
                f,
                "{}:{}:{}: {}: {}",
                self.path, line, column, self.severity, self.message
            ),
            (Some(line), None) => write!(
                f,
                "{}:{}: {}: {}",
                self.path, line, self.severity, self.message
            ),
            (None, _) => write!(f, "{}: {}: {}", self.path, self.severity, self.message),
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
    fn a_span_adds_the_column_counted_in_characters() {
        let span = Span::new("tïtel = \"A\"\n", 0, 6);
        assert_eq!(span.source, "tïtel = \"A\"");
        assert_eq!(span.column(), 1);
        let d = Diagnostic::warning("items/a.md", Some(2), "unknown key")
            .with_span(Some(Span::new("date = \"12 zzz 2025\"", 7, 20)));
        assert_eq!(d.to_string(), "items/a.md:2:8: warning: unknown key");
        let (line, span) = Span::in_text("a = 1\nbé = = 3\n", 10..11);
        assert_eq!((line, span.column(), span.start), (2, 4, 4));
        assert_eq!(span.source, "bé = = 3");
        // Out of range and inside a character: clamped, never a panic.
        let span = Span::new("é", 1, 99);
        assert_eq!((span.start, span.end), (0, 2));
    }

    #[test]
    fn suggests_only_close_keys() {
        let known = ["title", "author", "authors", "date", "translation_of"];
        assert_eq!(closest("autor", known), Some("author"));
        assert_eq!(closest("titel", known), Some("title"));
        assert_eq!(closest("Date", known), Some("date"));
        assert_eq!(closest("translation_off", known), Some("translation_of"));
        assert_eq!(closest("colour", known), None);
        assert_eq!(
            did_you_mean("autor", known).as_deref(),
            Some("did you mean `author`?")
        );
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
