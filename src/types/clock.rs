//! The clock of scheduled release: the one instant a run judges embargoes by.
//!
//! Output never depends on the clock except through this: an item whose release instant is still
//! ahead of [`now`] is held back from every document. The instant is read once per process (the
//! first call wins). `COMMUNIQUE_NOW` (an RFC 3339 date-time) overrides the system clock; it is
//! for tests, which must put a run a second before or after a release instant. The racy-stamp
//! checks of the state and the caches keep reading the real clock: they are about file systems,
//! not about release.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};

/// The environment variable that overrides the clock (for tests).
pub(crate) const NOW_VAR: &str = "COMMUNIQUE_NOW";

static NOW: OnceLock<Result<DateTime<Utc>, String>> = OnceLock::new();

/// The run's current instant: `COMMUNIQUE_NOW` when set, else the system clock, read once.
pub(crate) fn now() -> DateTime<Utc> {
    read().unwrap_or_else(|_| Utc::now())
}

/// Checks `COMMUNIQUE_NOW` (called at start-up): a value that is not an RFC 3339 date-time is an
/// error message, so a test never runs against the real clock by mistake.
pub(crate) fn check() -> Result<(), String> {
    read().map(|_| ())
}

fn read() -> Result<DateTime<Utc>, String> {
    NOW.get_or_init(|| match std::env::var(NOW_VAR) {
        Ok(value) => parse(&value),
        Err(_) => Ok(Utc::now()),
    })
    .clone()
}

/// Which items a run releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Release {
    /// Those whose release instant is at or before this instant (every run but a preview).
    At(DateTime<Utc>),
    /// Every one, embargoed or not (`build --future`, a preview).
    Everything,
}

impl Release {
    /// Release at the run's clock ([`now`]).
    pub(crate) fn now() -> Release {
        Release::At(now())
    }

    /// Whether an item released at `instant` is out.
    pub(crate) fn releases<Tz: chrono::TimeZone>(self, instant: &DateTime<Tz>) -> bool {
        match self {
            Release::At(now) => *instant <= now,
            Release::Everything => true,
        }
    }
}

/// Parses an override value.
fn parse(value: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{NOW_VAR}={value:?} is not an RFC 3339 date-time: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_an_rfc3339_instant() {
        assert_eq!(
            parse("2026-12-03T09:00:00+01:00").unwrap().to_rfc3339(),
            "2026-12-03T08:00:00+00:00"
        );
        assert!(parse("tomorrow").unwrap_err().contains(NOW_VAR));
    }

    #[test]
    fn an_item_is_released_at_its_instant_and_not_a_second_earlier() {
        let instant = parse("2026-12-03T09:00:00+01:00").unwrap();
        let at = |s: &str| Release::At(parse(s).unwrap());
        assert!(!at("2026-12-03T07:59:59Z").releases(&instant));
        assert!(at("2026-12-03T08:00:00Z").releases(&instant));
        assert!(Release::Everything.releases(&instant));
    }
}
