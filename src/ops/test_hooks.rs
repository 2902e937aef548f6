//! Pause points for the crash and overlap tests. **Test-only**: nothing sets these variables in
//! normal use, and an unset variable costs one environment lookup.
//!
//! With `COMMUNIQUE_TEST_PAUSE=<point>`, a run that reaches `<point>` prints
//! `communique-test: paused at <point>` on stderr and then waits while the file named by
//! `COMMUNIQUE_TEST_PAUSE_FILE` exists (or, without that variable, for two minutes). Tests kill
//! the process at that moment (SIGKILL), or remove the file to let it go on. Points:
//!
//! - `locked`: the instance lock is held, nothing examined yet;
//! - `loaded`: items read and normalised, the item cache's new segments in temporary files (not
//!   renamed into place), the state not invalidated yet;
//! - `before-write`: items read, feeds about to be rendered and written;
//! - `after-write:N`: the N-th output file (1-based) has just been written;
//! - `before-push`: every feed is written, push not started;
//! - `before-state`: push done, state not saved.

use std::time::{Duration, Instant};

/// The variable naming the point to pause at.
pub(crate) const PAUSE_VAR: &str = "COMMUNIQUE_TEST_PAUSE";
/// The variable naming the file whose existence keeps the run paused.
pub(crate) const PAUSE_FILE_VAR: &str = "COMMUNIQUE_TEST_PAUSE_FILE";

/// Pauses here when the tests asked for `point`.
pub(crate) fn pause(point: &str) {
    match std::env::var(PAUSE_VAR) {
        Ok(wanted) if wanted == point => {}
        _ => return,
    }
    crate::eprintln_quiet!("communique-test: paused at {point}");
    let file = std::env::var_os(PAUSE_FILE_VAR).map(std::path::PathBuf::from);
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline && file.as_ref().is_none_or(|f| f.exists()) {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether the tests asked to pause between two output files (`after-write:N`): then the
/// files are put in place one at a time, so that a kill there falls between two of them.
pub(crate) fn pauses_between_writes() -> bool {
    std::env::var(PAUSE_VAR).is_ok_and(|point| point.starts_with("after-write:"))
}
