//! `communique serve`'s machinery: the [`Site`] being shown (the folder a preview build wrote,
//! which build it is, and the problems to show on every page), the loopback HTTP server that
//! serves it (`http`), and the watcher that says when an input changed (`watch`).
//!
//! The loop that ties them together (build, show, wait for a change, build again) is the
//! command's, `crate::cmd::serve`: this module never builds and never writes. It reads the
//! output folder to answer requests, and only while serving adds two things to the HTML it
//! sends, never to the files: a small script that long-polls [`EVENTS_PATH`] and reloads the
//! page after each new build, and a banner listing the last build's diagnostics.

pub(crate) mod http;
pub(crate) mod watch;

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use thiserror::Error;

/// The path the reload script long-polls; it is never a file of the output folder (whose
/// names never start with `_`... and this one is answered before any file is looked up).
pub(crate) const EVENTS_PATH: &str = "/__communique/events";

/// How long one long poll is held open before the server answers "nothing new".
pub(crate) const POLL_HOLD: Duration = Duration::from_secs(20);

/// The most diagnostics a banner lists; the rest are counted.
const BANNER_LINES: usize = 30;

/// Why `serve` could not start or go on. Fatal (exit status 2).
#[derive(Debug, Error)]
pub(crate) enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Listen { port: u16, message: String },
    #[error("cannot watch for changes: {message}")]
    Watch { path: String, message: String },
    #[error("cannot make the temporary folder to build into: {source}")]
    TempDir { source: std::io::Error },
    #[error("cannot handle Ctrl-C: {message}")]
    Signal { message: String },
}

impl crate::report::Located for ServeError {
    fn place(&self) -> crate::report::Place {
        match self {
            ServeError::Watch { path, .. } => crate::report::Place::file(path),
            _ => crate::report::Place::Nowhere,
        }
    }
}

/// What a page shows on top of itself: the problems of the last build, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Banner {
    /// One line per diagnostic (or error that stopped the build), as the terminal shows them.
    pub lines: Vec<String>,
    /// True when one of them is an error (the banner is red, not yellow).
    pub error: bool,
}

/// The site being served: its folder, and which build of it the pages show.
#[derive(Debug)]
pub(crate) struct Site {
    /// The output folder of the preview build.
    pub root: PathBuf,
    shown: Mutex<Shown>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct Shown {
    /// Goes up by one with every build that changed a file or the banner.
    generation: u64,
    banner: Banner,
}

impl Site {
    pub(crate) fn new(root: PathBuf) -> Site {
        Site {
            root,
            shown: Mutex::new(Shown::default()),
            changed: Condvar::new(),
        }
    }

    /// A build finished: the open pages reload when it changed a file or the banner.
    pub(crate) fn built(&self, files_changed: bool, banner: Banner) {
        let mut shown = self.shown.lock().unwrap_or_else(PoisonError::into_inner);
        if files_changed || shown.banner != banner || shown.generation == 0 {
            shown.generation += 1;
            shown.banner = banner;
            self.changed.notify_all();
        }
    }

    /// The current generation and banner.
    pub(crate) fn current(&self) -> (u64, Banner) {
        let shown = self.shown.lock().unwrap_or_else(PoisonError::into_inner);
        (shown.generation, shown.banner.clone())
    }

    /// Waits up to `hold` for a generation other than `since`, and returns the generation then.
    pub(crate) fn wait_past(&self, since: u64, hold: Duration) -> u64 {
        let shown = self.shown.lock().unwrap_or_else(PoisonError::into_inner);
        let (shown, _) = self
            .changed
            .wait_timeout_while(shown, hold, |s| s.generation == since)
            .unwrap_or_else(PoisonError::into_inner);
        shown.generation
    }
}

/// Escapes text for HTML content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The banner's HTML, or nothing when there is no problem to show.
fn banner_html(banner: &Banner) -> String {
    if banner.lines.is_empty() {
        return String::new();
    }
    let (background, border) = if banner.error {
        ("#fde2e1", "#b3261e")
    } else {
        ("#fff4ce", "#8a6d00")
    };
    let mut html = format!(
        "<div id=\"communique-serve-banner\" role=\"alert\" dir=\"ltr\" lang=\"en\" \
         style=\"position:sticky;top:0;z-index:2147483647;margin:0;padding:.5em 1em;\
         background:{background};color:#1a1a1a;border-block-end:3px solid {border};\
         font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere;\
         text-align:start\">"
    );
    for line in banner.lines.iter().take(BANNER_LINES) {
        html.push_str(&escape(line));
        html.push('\n');
    }
    if banner.lines.len() > BANNER_LINES {
        html.push_str(&format!(
            "… and {} more (see the terminal)\n",
            banner.lines.len() - BANNER_LINES
        ));
    }
    html.push_str("</div>");
    html
}

/// The reload script for a page of `generation`: long-polls the events path and reloads when
/// the generation moved; retries every second while the server is away.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* communique serve: reloads this page after each rebuild */\
         (function(){{var g={generation};function poll(){{\
         fetch(\"{EVENTS_PATH}?since=\"+g,{{cache:\"no-store\"}})\
         .then(function(r){{return r.json()}})\
         .then(function(e){{if(e.generation!==g){{location.reload()}}else{{poll()}}}})\
         .catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    )
}

/// `html` with the banner at the top of its body and the reload script at its end.
pub(crate) fn inject(html: &str, generation: u64, banner: &Banner) -> String {
    let banner = banner_html(banner);
    let script = reload_script(generation);
    let mut out = String::with_capacity(html.len() + banner.len() + script.len());
    let lower = html.to_ascii_lowercase();
    let body_open = lower
        .find("<body")
        .and_then(|start| lower[start..].find('>').map(|end| start + end + 1));
    let body_close = lower.rfind("</body>");
    match body_open {
        Some(at) => {
            out.push_str(&html[..at]);
            out.push_str(&banner);
            match body_close.filter(|&c| c >= at) {
                Some(close) => {
                    out.push_str(&html[at..close]);
                    out.push_str(&script);
                    out.push_str(&html[close..]);
                }
                None => {
                    out.push_str(&html[at..]);
                    out.push_str(&script);
                }
            }
        }
        None => {
            out.push_str(&banner);
            out.push_str(html);
            out.push_str(&script);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_opens_the_body_and_the_script_closes_it() {
        let banner = Banner {
            lines: vec!["items/a.md:3: warning: <b>&</b>".into()],
            error: false,
        };
        let page = "<!DOCTYPE html><html><BODY class=\"x\"><p>Hi</p></body></html>";
        let out = inject(page, 7, &banner);
        let open = out.find("<BODY class=\"x\">").unwrap() + "<BODY class=\"x\">".len();
        assert!(
            out[open..].starts_with("<div id=\"communique-serve-banner\""),
            "{out}"
        );
        assert!(out.contains("items/a.md:3: warning: &lt;b&gt;&amp;&lt;/b&gt;\n</div><p>Hi</p>"));
        assert!(out.contains("var g=7;"), "{out}");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(!out.contains("#fde2e1"), "a warning banner is not red");
    }

    #[test]
    fn no_banner_without_problems_and_a_script_on_any_html() {
        let out = inject("<p>fragment</p>", 1, &Banner::default());
        assert!(!out.contains("communique-serve-banner"));
        assert!(out.starts_with("<p>fragment</p><script>"), "{out}");
        let many = Banner {
            lines: (0..40).map(|i| format!("line {i}")).collect(),
            error: true,
        };
        let out = inject("<body></body>", 1, &many);
        assert!(out.contains("line 29\n… and 10 more"), "{out}");
        assert!(!out.contains("line 30\n"));
        assert!(out.contains("#fde2e1"), "an error banner is red");
    }

    #[test]
    fn a_long_poll_returns_when_a_build_changes_something() {
        let site = std::sync::Arc::new(Site::new(PathBuf::from("/nowhere")));
        site.built(false, Banner::default());
        assert_eq!(site.current().0, 1);
        // Nothing changed: the generation stays, and a poll waits out its hold.
        site.built(false, Banner::default());
        assert_eq!(site.wait_past(1, Duration::from_millis(50)), 1);
        let waiter = {
            let site = site.clone();
            std::thread::spawn(move || site.wait_past(1, Duration::from_secs(30)))
        };
        std::thread::sleep(Duration::from_millis(50));
        site.built(true, Banner::default());
        assert_eq!(waiter.join().unwrap(), 2);
        // A new banner alone also reloads.
        site.built(
            false,
            Banner {
                lines: vec!["x".into()],
                error: true,
            },
        );
        assert_eq!(site.current().0, 3);
    }
}
