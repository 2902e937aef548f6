//! The [`Reporter`]: the one writer of a command's messages to standard error, as text for
//! people or as JSON lines for log shippers (`--log-format json`), and the exit [`Status`].
//!
//! Errors do not word their own location: their `Display` is the message alone, and
//! [`Located::place`] says where it happened (a file and line, a push target, the WebSub step).
//! The reporter puts them together: `path:line: error: message` on a terminal (`error`
//! coloured when stderr wants colours), or one JSON object with `level`, `fields.message`,
//! `fields.path` and `fields.line`. Diagnostics about items go the same way.
//!
//! JSON events have the shape of `tracing-subscriber`'s JSON lines (the `-v` and `RUST_LOG`
//! logs), so a log shipper reads one format: `timestamp`, `level`, `fields`, `target`. They are
//! written here rather than through `tracing` because the reporter's events must not depend on
//! the log filter (a summary is shown by default, a debug log is not) and carry fields named at
//! run time.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use serde_json::{json, Map, Value};

use crate::diag::{Diagnostic, Line, Severity, Span};

/// `--log-format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line (for log shippers), for every command: diagnostics, summaries
    /// and errors are events with `path` and `line` fields where they have them.
    Json,
}

/// How a command ended; decided by the handler, turned into the process status in one place
/// ([`Status::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Status {
    /// Everything was done (for `publish`: published, or nothing to do).
    Ok,
    /// Some items have errors and were left out (or `check` found errors); the rest was done.
    ItemErrors,
    /// Configuration, folders, lock, push, or a file `new` would overwrite.
    Fatal,
}

impl Status {
    /// The process exit status: 0, 1 or 2.
    pub(crate) fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::ItemErrors => 1,
            Status::Fatal => 2,
        }
    }

    /// `ItemErrors` when `errors`, else `Ok`.
    pub(crate) fn from_item_errors(errors: bool) -> Status {
        if errors {
            Status::ItemErrors
        } else {
            Status::Ok
        }
    }
}

/// Where an error happened, as the reporter shows it before `error:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// Nowhere in particular: `error: message`.
    Nowhere,
    /// A file, with a 1-based line when known: `path:line: error: message`.
    File { path: String, line: Option<usize> },
    /// A push target: ``push `name`: error: message``.
    Target(String),
    /// Announcing to the WebSub hubs: `websub: error: message`.
    WebSub,
}

impl Place {
    /// A file without a line.
    pub(crate) fn file(path: &str) -> Place {
        Place::File {
            path: path.to_owned(),
            line: None,
        }
    }

    /// The text before `error:` (empty for [`Place::Nowhere`]).
    fn prefix(&self) -> String {
        match self {
            Place::Nowhere => String::new(),
            Place::File {
                path,
                line: Some(line),
            } => format!("{path}:{line}: "),
            Place::File { path, line: None } => format!("{path}: "),
            Place::Target(name) => format!("push `{name}`: "),
            Place::WebSub => "websub: ".to_owned(),
        }
    }

    /// The JSON fields naming this place.
    fn fields(&self, fields: &mut Map<String, Value>) {
        match self {
            Place::Nowhere => {}
            Place::File { path, line } => {
                fields.insert("path".into(), json!(path));
                if let Some(line) = line {
                    fields.insert("line".into(), json!(line));
                }
            }
            Place::Target(name) => {
                fields.insert("push_target".into(), json!(name));
            }
            Place::WebSub => {
                fields.insert("stage".into(), json!("websub"));
            }
        }
    }
}

/// An error that knows where it happened; its `Display` is the message alone.
pub(crate) trait Located: std::error::Error {
    fn place(&self) -> Place {
        Place::Nowhere
    }

    /// The part of the line at [`Located::place`] the error is about, when the parser said.
    fn span(&self) -> Option<&Span> {
        None
    }

    /// How to fix it, shown as a `help:` line.
    fn help(&self) -> Option<&str> {
        None
    }
}

/// One thing to report, whatever it came from (an item's diagnostic or a command's error):
/// what both text forms and the JSON event are made from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Finding<'a> {
    pub place: &'a Place,
    pub severity: Severity,
    pub message: &'a str,
    pub span: Option<&'a Span>,
    pub help: Option<&'a str>,
    pub code: Option<&'a str>,
}

impl Finding<'_> {
    /// `path:line:column: ` when the finding points into a line, else the place's prefix.
    fn prefix(&self) -> String {
        match (self.place, self.span) {
            (
                Place::File {
                    path,
                    line: Some(line),
                },
                Some(span),
            ) => format!("{path}:{line}:{}: ", span.column()),
            _ => self.place.prefix(),
        }
    }

    /// The one-line form, for scripts and logs: `path:line:column: severity: message`, then
    /// the help in brackets. The severity is styled (an `anstream` stream drops the style
    /// where colours are not wanted).
    pub(crate) fn write_line(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let style = severity_style(self.severity);
        let help = self
            .help
            .map(|h| format!(" (help: {h})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}{style}{}{style:#}: {}{help}",
            self.prefix(),
            self.severity,
            self.message
        )
    }

    /// The terminal form, like rustc's, drawn by `annotate-snippets` (the crate rustc's own
    /// diagnostics use): the severity and message, `--> path:line:column`, the source line
    /// with a caret under the span, and `help:`. `styled` adds the colours.
    pub(crate) fn write_snippet(&self, out: &mut dyn Write, styled: bool) -> std::io::Result<()> {
        use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut title = level.primary_title(self.message);
        if let Some(code) = self.code {
            title = title.id(code);
        }
        let mut group = annotate_snippets::Group::with_title(title);
        match (self.place, self.span) {
            (
                Place::File {
                    path,
                    line: Some(line),
                },
                Some(span),
            ) => {
                group = group.element(
                    Snippet::source(span.source.as_str())
                        .line_start(*line)
                        .path(path.as_str())
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(span.start..span.end)),
                );
            }
            (Place::File { path, line }, None) => {
                let mut origin = Origin::path(path.as_str());
                if let Some(line) = line {
                    origin = origin.line(*line);
                }
                group = group.element(origin);
            }
            _ => return self.write_line(out),
        }
        if let Some(help) = self.help {
            group = group.element(Level::HELP.message(help));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        // A blank line after each, as rustc leaves between its diagnostics.
        writeln!(out, "{}\n", renderer.render(&[group]))
    }

    /// The JSON fields: the place's, then `column`, `help` and `code` where known.
    fn fields(&self, fields: &mut Map<String, Value>) {
        self.place.fields(fields);
        if let Some(span) = self.span {
            fields.insert("column".into(), json!(span.column()));
        }
        if let Some(help) = self.help {
            fields.insert("help".into(), json!(help));
        }
        if let Some(code) = self.code {
            fields.insert("code".into(), json!(code));
        }
    }
}

/// Writes `finding` in the form for `stream_is_terminal`: the snippet form (rustc's) on a
/// terminal, the one-line form elsewhere (scripts and cron parse it).
pub(crate) fn write_finding(
    out: &mut dyn Write,
    finding: &Finding<'_>,
    stream_is_terminal: bool,
    colours: bool,
) -> std::io::Result<()> {
    if stream_is_terminal {
        finding.write_snippet(out, colours)
    } else {
        finding.write_line(out)
    }
}

/// The place of a diagnostic about an item file.
fn place_of(d: &Diagnostic) -> Place {
    Place::File {
        path: d.path.clone(),
        line: d.line,
    }
}

/// How a command's messages reach stderr. Every command gets one, made from the global options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reporter {
    pub format: LogFormat,
    pub verbose: bool,
    pub quiet: bool,
}

/// A JSON event's `target`, as `tracing` would name it.
const DIAGNOSTIC: &str = "communique::diagnostic";
const FATAL: &str = "communique::fatal";
const REPORT: &str = "communique::report";

impl Reporter {
    /// Errors always; warnings only with `--verbose` (and never with `--quiet`): how `publish`
    /// reports item diagnostics.
    pub(crate) fn diagnostic(&self, d: &Diagnostic) {
        if !d.is_error() && (!self.verbose || self.quiet) {
            return;
        }
        self.diagnostic_line(&Line::One(d));
    }

    /// One line of [`crate::diag::summarise`]: a diagnostic, or the summary of several guesses.
    /// Shown whatever the options: the caller chose the lines.
    pub(crate) fn diagnostic_line(&self, line: &Line<'_>) {
        match self.format {
            LogFormat::Text => match line {
                Line::One(d) => {
                    let place = place_of(d);
                    let code = d.code_name();
                    self.text_finding(&finding_of(d, &place, code.as_deref()));
                }
                Line::Summary { .. } => self.text(&line.to_string()),
            },
            LogFormat::Json => match line {
                Line::One(d) => {
                    let mut fields = Map::new();
                    let place = place_of(d);
                    let code = d.code_name();
                    finding_of(d, &place, code.as_deref()).fields(&mut fields);
                    self.json(d.severity.into(), DIAGNOSTIC, &d.message, fields);
                }
                Line::Summary {
                    guess,
                    count,
                    examples,
                } => {
                    let mut fields = Map::new();
                    fields.insert("guess".into(), json!(guess));
                    fields.insert("count".into(), json!(count));
                    fields.insert("examples".into(), json!(examples));
                    self.json(Level::Warn, DIAGNOSTIC, &line.to_string(), fields);
                }
            },
        }
    }

    /// An error: a problem that ends the run, or one step of it (a file `ids --pin` could not
    /// write, a push target that failed). Shown even with `--quiet`.
    pub(crate) fn error(&self, error: &dyn Located) {
        let place = error.place();
        let message = error.to_string();
        let finding = Finding {
            place: &place,
            severity: Severity::Error,
            message: &message,
            span: error.span(),
            help: error.help(),
            code: None,
        };
        match self.format {
            LogFormat::Text => self.text_finding(&finding),
            LogFormat::Json => {
                let mut fields = Map::new();
                finding.fields(&mut fields);
                self.json(Level::Error, FATAL, &message, fields);
            }
        }
    }

    /// A summary or progress line (`build`'s counts, a push target's summary): a plain line, or
    /// an `INFO` event with `fields` (a JSON object). Not shown with `--quiet`.
    pub(crate) fn note(&self, message: &str, fields: Value) {
        if self.quiet {
            return;
        }
        match self.format {
            LogFormat::Text => self.text(message),
            LogFormat::Json => {
                let fields = match fields {
                    Value::Object(map) => map,
                    _ => Map::new(),
                };
                self.json(Level::Info, REPORT, message, fields)
            }
        }
    }

    /// True when a progress spinner or bar may be drawn on stderr.
    pub(crate) fn progress_allowed(&self) -> bool {
        self.format == LogFormat::Text && !self.quiet && crate::ui::stderr_is_terminal()
    }

    /// A finding on stderr: rustc's snippet form on a terminal, else one line; styled where
    /// stderr wants colours.
    fn text_finding(&self, finding: &Finding<'_>) {
        let mut err = anstream::stderr().lock();
        let _ = write_finding(&mut err, finding, crate::ui::stderr_is_terminal(), true);
    }

    fn text(&self, line: &str) {
        crate::out::stderr_line(format_args!("{line}"));
    }

    fn json(&self, level: Level, target: &str, message: &str, mut fields: Map<String, Value>) {
        fields.insert("message".into(), json!(message));
        let event = json!({
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "level": level.name(),
            "fields": fields,
            "target": target,
        });
        crate::out::stderr_line(format_args!("{event}"));
    }
}

#[derive(Clone, Copy)]
enum Level {
    Error,
    Warn,
    Info,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
        }
    }
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Level {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warn,
        }
    }
}

/// The finding a diagnostic makes, at `place` (its file and line).
pub(crate) fn finding_of<'a>(
    d: &'a Diagnostic,
    place: &'a Place,
    code: Option<&'a str>,
) -> Finding<'a> {
    Finding {
        place,
        severity: d.severity,
        message: &d.message,
        span: d.span.as_ref(),
        help: d.help.as_deref(),
        code,
    }
}

/// Writes `place severity: message` on one line, the severity styled. Give it an `anstream`
/// stream, which drops the styling where colours are not wanted.
#[cfg(test)]
fn write_located(
    out: &mut dyn Write,
    place: &Place,
    severity: Severity,
    message: &str,
) -> std::io::Result<()> {
    Finding {
        place,
        severity,
        message,
        span: None,
        help: None,
        code: None,
    }
    .write_line(out)
}

/// An error as one plain line, `place: error: message` (for a command whose product lists
/// errors on stdout, such as `check`).
pub(crate) fn plain(error: &dyn Located) -> String {
    let place = error.place();
    let message = error.to_string();
    let finding = Finding {
        place: &place,
        severity: Severity::Error,
        message: &message,
        span: error.span(),
        help: error.help(),
        code: None,
    };
    let mut out = anstream::StripStream::new(Vec::new());
    let _ = finding.write_line(&mut out);
    String::from_utf8_lossy(&out.into_inner())
        .trim_end()
        .to_owned()
}

/// A finding as a JSON object for editors (`check --format json`): `file`, `line`, `column`,
/// `end_column` (1-based, in characters; `null` where unknown), `severity`, `code`, `message`,
/// `help`.
pub(crate) fn editor_json(finding: &Finding<'_>) -> Value {
    let (file, line) = match finding.place {
        Place::File { path, line } => (Some(path.as_str()), *line),
        _ => (None, None),
    };
    let end_column = finding
        .span
        .map(|s| s.column() + s.source[s.start..s.end].chars().count());
    json!({
        "file": file,
        "line": line,
        "column": finding.span.map(Span::column),
        "end_column": end_column,
        "severity": finding.severity,
        "code": finding.code,
        "message": finding.message,
        "help": finding.help,
    })
}

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

/// An error made of a place and a message, for the few errors that are only words (a failed
/// write to stdout, a file `ids --pin` could not write).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Message {
    pub place: Place,
    pub message: String,
}

impl Located for Message {
    fn place(&self) -> Place {
        self.place.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_word_the_prefix_before_error() {
        let file = |line| Place::File {
            path: "items/a.md".to_owned(),
            line,
        };
        assert_eq!(file(Some(3)).prefix(), "items/a.md:3: ");
        assert_eq!(file(None).prefix(), "items/a.md: ");
        assert_eq!(Place::Target("cdn".into()).prefix(), "push `cdn`: ");
        assert_eq!(Place::WebSub.prefix(), "websub: ");
        assert_eq!(Place::Nowhere.prefix(), "");
    }

    #[test]
    fn json_fields_name_the_file_and_line() {
        let mut fields = Map::new();
        Place::File {
            path: "config.toml".into(),
            line: Some(4),
        }
        .fields(&mut fields);
        assert_eq!(fields["path"], "config.toml");
        assert_eq!(fields["line"], 4);
    }

    #[test]
    fn plain_stream_gets_plain_diagnostics() {
        let mut out = anstream::StripStream::new(Vec::new());
        let place = Place::File {
            path: "items/a.md".into(),
            line: Some(3),
        };
        write_located(&mut out, &place, Severity::Error, "no date").unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "items/a.md:3: error: no date\n"
        );
    }

    #[test]
    fn coloured_stream_styles_only_the_severity() {
        let mut out = Vec::new();
        let place = Place::file("items/a.md");
        write_located(&mut out, &place, Severity::Warning, "inferred").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("items/a.md: \u{1b}["), "{text:?}");
        assert!(text.ends_with("\u{1b}[0m: inferred\n"), "{text:?}");
    }

    /// The terminal form of a finding at `column` of `source`, plain.
    fn snippet(source: &str, start: usize, end: usize, help: Option<&str>) -> String {
        let span = Span::new(source, start, end);
        let place = Place::File {
            path: "items/a.md".into(),
            line: Some(3),
        };
        let finding = Finding {
            place: &place,
            severity: Severity::Warning,
            message: "something is off",
            span: Some(&span),
            help,
            code: Some("unknown-key"),
        };
        let mut out = Vec::new();
        write_finding(&mut out, &finding, true, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The display column of the first caret, and that of `needle` in the source line.
    fn caret_and_source_columns(text: &str, source: &str, needle: &str) -> (usize, usize) {
        let width = |s: &str| s.chars().count();
        let source_line = text
            .lines()
            .find(|l| l.ends_with(source))
            .unwrap_or_else(|| panic!("no source line in:\n{text}"));
        let caret_line = text
            .lines()
            .find(|l| l.contains('^'))
            .unwrap_or_else(|| panic!("no caret in:\n{text}"));
        let at = source_line.find(needle).unwrap();
        (
            width(&caret_line[..caret_line.find('^').unwrap()]),
            width(&source_line[..at]),
        )
    }

    #[test]
    fn terminal_form_draws_the_caret_under_the_span() {
        let text = snippet("autor = \"Jane\"", 0, 5, Some("did you mean `author`?"));
        assert!(
            text.starts_with("warning[unknown-key]: something is off"),
            "{text}"
        );
        assert!(text.contains("--> items/a.md:3:1"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `author`?"), "{text}");
        let (caret, source) = caret_and_source_columns(&text, "autor = \"Jane\"", "autor");
        assert_eq!(caret, source, "{text}");

        // In the middle of a line with letters of two bytes before the span.
        let line = "títle = \"Ação\" # date = 12 zzz 2025";
        let start = line.find("12 zzz").unwrap();
        let text = snippet(line, start, start + 11, None);
        assert!(text.contains("--> items/a.md:3:"), "{text}");
        let (caret, source) = caret_and_source_columns(&text, line, "12 zzz");
        assert_eq!(caret, source, "{text}");
        assert!(!text.contains("help:"), "{text}");
    }

    #[test]
    fn one_line_form_has_the_column_and_the_help() {
        let span = Span::new("autor = 1", 0, 5);
        let place = Place::File {
            path: "items/a.md".into(),
            line: Some(3),
        };
        let finding = Finding {
            place: &place,
            severity: Severity::Warning,
            message: "unknown key",
            span: Some(&span),
            help: Some("did you mean `author`?"),
            code: None,
        };
        let mut out = anstream::StripStream::new(Vec::new());
        write_finding(&mut out, &finding, false, false).unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "items/a.md:3:1: warning: unknown key (help: did you mean `author`?)\n"
        );
        let json = editor_json(&finding);
        assert_eq!(json["file"], "items/a.md");
        assert_eq!(
            (json["line"].as_u64(), json["column"].as_u64()),
            (Some(3), Some(1))
        );
        assert_eq!(json["end_column"], 6);
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["help"], "did you mean `author`?");
        assert!(json["code"].is_null());
    }

    #[test]
    fn plain_words_an_error_with_its_place() {
        let e = Message {
            place: Place::Target("cdn".into()),
            message: "cannot upload atom.xml: 500".into(),
        };
        assert_eq!(plain(&e), "push `cdn`: error: cannot upload atom.xml: 500");
    }

    #[test]
    fn statuses_are_the_documented_codes() {
        assert_eq!(Status::Ok.code(), 0);
        assert_eq!(Status::ItemErrors.code(), 1);
        assert_eq!(Status::Fatal.code(), 2);
        assert_eq!(Status::from_item_errors(true), Status::ItemErrors);
        assert_eq!(Status::Ok.max(Status::Fatal), Status::Fatal);
    }
}
