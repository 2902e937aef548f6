//! Terminal niceties that stay out of cron's way: colours and a progress spinner.
//!
//! Messages themselves are written by [`crate::report::Reporter`]; this only says whether
//! stderr is a terminal that wants colours, and draws the spinner.
//!
//! Both appear only when stderr is a terminal, so a cron job, a systemd unit or a pipe gets plain
//! lines. Colours follow the usual conventions through `anstream`: never with `NO_COLOR` set
//! (non-empty) or `TERM=dumb`, always with `CLICOLOR_FORCE`. The spinner also needs the work to
//! be long ([`LONG_WORK_FILES`]) and is never drawn with `--quiet` or JSON logs.

use std::io::IsTerminal;
use std::time::Duration;

use anstream::ColorChoice;
use indicatif::{ProgressBar, ProgressStyle};

/// Where a run is, for progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Collecting and normalising `files` item files.
    Reading { files: usize },
    /// Rendering and writing the feeds.
    Writing,
    /// Pushing to the configured targets.
    Pushing,
}

/// Watches a run's progress (a progress bar, or nothing).
pub(crate) trait Observer {
    fn stage(&mut self, stage: Stage);
    /// The run is over (whatever the outcome).
    fn done(&mut self) {}
}

/// Runs reading at least this many item files show a spinner (on a terminal).
pub(crate) const LONG_WORK_FILES: usize = 2000;

/// True when stderr is a terminal.
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// True when standard output is a terminal (`check` prints its findings there).
pub(crate) fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// True when text on standard output may be coloured.
pub(crate) fn stdout_color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != ColorChoice::Never
}

/// True when messages on stderr may be coloured.
pub(crate) fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != ColorChoice::Never
}

/// A spinner on stderr for long runs; draws nothing unless enabled and the work is long.
pub(crate) struct Progress {
    enabled: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `enabled`: the caller's verdict (terminal, not quiet, text logs).
    pub(crate) fn new(enabled: bool) -> Progress {
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

/// Asks `question` on the terminal (`init`, only when standard input is one) and returns the
/// answer, or `default` for an empty line or when nothing can be read. The question goes to
/// stderr: it is a conversation with the person at the terminal, not a report.
pub(crate) fn ask(question: &str, default: &str) -> String {
    use std::io::{BufRead, Write};
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question} [{default}]: ");
    let _ = err.flush();
    drop(err);
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(n) if n > 0 && !line.trim().is_empty() => line.trim().to_owned(),
        _ => default.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_draws_nothing() {
        let mut p = Progress::new(false);
        p.stage(Stage::Reading { files: 1_000_000 });
        assert!(p.bar.is_none());
        p.done();
    }
}
