//! Terminal niceties that stay out of cron's way: colours and a progress spinner.
//!
//! Both appear only when stderr is a terminal, so a cron job, a systemd unit or a pipe gets plain
//! lines. Colours follow the usual conventions through `anstream`: never with `NO_COLOR` set
//! (non-empty) or `TERM=dumb`, always with `CLICOLOR_FORCE`. The spinner also needs the work to
//! be long ([`LONG_WORK_FILES`]) and is never drawn with `--quiet` or JSON logs.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anstream::ColorChoice;
use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};

use crate::diag::{Diagnostic, Severity};
use crate::ops::{Observer, Stage};

/// Runs reading at least this many item files show a spinner (on a terminal).
pub const LONG_WORK_FILES: usize = 2000;

/// True when stderr is a terminal.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// True when messages on stderr may be coloured.
pub fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != ColorChoice::Never
}

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

/// Writes `path:line: severity: message`, the severity styled. Give it an `anstream` stream,
/// which drops the styling where colours are not wanted.
pub fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic) -> std::io::Result<()> {
    match d.line {
        Some(line) => write!(out, "{}:{line}: ", d.path)?,
        None => write!(out, "{}: ", d.path)?,
    }
    let style = severity_style(d.severity);
    writeln!(out, "{style}{}{style:#}: {}", d.severity, d.message)
}

/// Prints a diagnostic on stderr, coloured when stderr wants colours.
pub fn eprint_diagnostic(d: &Diagnostic) {
    let mut err = anstream::stderr().lock();
    let _ = write_diagnostic(&mut err, d);
}

/// Prints a fatal error (already worded `path: error: …`) on stderr, `error` coloured when
/// stderr wants colours.
pub fn eprint_error(message: &str) {
    let mut err = anstream::stderr().lock();
    let style = severity_style(Severity::Error);
    let _ = match message.split_once(": error: ") {
        Some((head, rest)) => writeln!(err, "{head}: {style}error{style:#}: {rest}"),
        None => writeln!(err, "{message}"),
    };
}

/// A spinner on stderr for long runs; draws nothing unless enabled and the work is long.
pub struct Progress {
    enabled: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `enabled`: the caller's verdict (terminal, not quiet, text logs).
    pub fn new(enabled: bool) -> Progress {
        Progress { enabled, bar: None }
    }

    fn message(&mut self, message: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }
}

impl Observer for Progress {
    fn stage(&mut self, stage: Stage) {
        match stage {
            Stage::Reading { files } => {
                if self.enabled && files >= LONG_WORK_FILES {
                    let bar = ProgressBar::new_spinner();
                    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                        bar.set_style(style);
                    }
                    bar.enable_steady_tick(Duration::from_millis(120));
                    self.bar = Some(bar);
                }
                self.message(format!("reading {files} item files"));
            }
            Stage::Writing => self.message("writing the feeds".to_owned()),
            Stage::Pushing => self.message("pushing".to_owned()),
        }
    }

    fn done(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_stream_gets_plain_diagnostics() {
        let mut out = anstream::StripStream::new(Vec::new());
        let d = Diagnostic::error("items/a.md", Some(3), "no date");
        write_diagnostic(&mut out, &d).unwrap();
        assert_eq!(
            String::from_utf8(out.into_inner()).unwrap(),
            "items/a.md:3: error: no date\n"
        );
    }

    #[test]
    fn coloured_stream_styles_only_the_severity() {
        let mut out = Vec::new();
        let d = Diagnostic::warning("items/a.md", None, "inferred");
        write_diagnostic(&mut out, &d).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("items/a.md: \u{1b}["), "{text:?}");
        assert!(text.ends_with("\u{1b}[0m: inferred\n"), "{text:?}");
    }

    #[test]
    fn hidden_progress_draws_nothing() {
        let mut p = Progress::new(false);
        p.stage(Stage::Reading { files: 1_000_000 });
        assert!(p.bar.is_none());
        p.done();
    }
}
