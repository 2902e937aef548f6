//! Standard output of the commands that print results (`ids`, `items`, `check`, `config show`,
//! `completions`, `man`, `new`, `push --dry-run`).
//!
//! A closed pipe (`communique ids | head`) is the reader saying it has seen enough, not an
//! error: [`Stdout`] turns `BrokenPipe` into a quiet end of output, so the command finishes its
//! work and exits with the status it would have had. Other write errors (a full disk behind a
//! redirection) still reach the caller.
//!
//! Why not restore the default `SIGPIPE` action instead: the process would then die by the
//! signal (status 141 in a shell, not 0) in the middle of whatever it was doing, for example
//! between two files of `ids --pin` or two uploads of `push`.
//!
//! Standard error gets the same treatment: `eprintln!` panics when stderr is a closed pipe
//! (`communique build 2>&1 | head -1`), so the reporter ([`crate::report`]) writes its lines
//! with [`stderr_line`] (and test hooks with [`eprintln_quiet!`](crate::eprintln_quiet)), which
//! drops a line nobody can read and lets the command end with its own status.

use std::io::{self, Write};

/// Locked standard output that swallows a closed pipe.
pub(crate) struct Stdout {
    inner: io::StdoutLock<'static>,
    /// The reader went away: every later write is dropped.
    closed: bool,
}

/// Standard output, locked for this command.
pub(crate) fn stdout() -> Stdout {
    Stdout {
        inner: io::stdout().lock(),
        closed: false,
    }
}

impl Stdout {
    /// `result`, with a closed pipe taken as success (and remembered).
    fn unless_closed<T>(&mut self, result: io::Result<T>, closed: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            other => other,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.unless_closed(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.unless_closed(result, ())
    }
}

impl Drop for Stdout {
    fn drop(&mut self) {
        // Whatever is still buffered: a closed pipe is fine here too, and a drop cannot report.
        let _ = self.flush();
    }
}

/// Writes all of `bytes` to standard output; a closed pipe is success.
pub(crate) fn write_all(bytes: &[u8]) -> io::Result<()> {
    let mut out = stdout();
    out.write_all(bytes)?;
    out.flush()
}

/// Writes one line to standard error, dropping it when stderr cannot be written (a closed pipe):
/// a message nobody can read must not turn a finished run into a panic.
pub(crate) fn stderr_line(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// `eprintln!` without the panic on a closed stderr; see `stderr_line`.
#[macro_export]
macro_rules! eprintln_quiet {
    ($($arg:tt)*) => {
        $crate::out::stderr_line(format_args!($($arg)*))
    };
}
