//! `communique serve`: a preview of the instance on `http://127.0.0.1:PORT/`, rebuilt as its
//! inputs change.
//!
//! A command over `build` ([`super::build::build_config`]): the configuration is loaded as
//! usual, then pointed at a temporary folder (output and state, so the real output folder, its
//! caches and the record of what was published are never touched) and at the local address,
//! with pages on (a `permalink` instance has none to preview). Each build is incremental
//! through the caches in that state folder. The files are served by [`crate::serve`], which
//! adds the reload script and the diagnostics banner to the HTML it sends. Ctrl-C (or SIGTERM)
//! stops the server and removes the temporary folder; the exit status is then 0.

use std::sync::mpsc;
use std::sync::Arc;

use serde_json::json;

use super::build::{build_config, How};
use super::{Context, Error, Status};
use crate::cli::ServeArgs;
use crate::config::Config;
use crate::diag;
use crate::lock::Wait;
use crate::ops::Unpublish;
use crate::serve::http::Server;
use crate::serve::watch::{self, Inputs, Watch};
use crate::serve::{Banner, ServeError, Site};

/// How long a burst of file events is let run before the rebuild.
const QUIET: std::time::Duration = std::time::Duration::from_millis(150);

/// What the serving loop waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    /// An input changed.
    Changed,
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// Serves until stopped.
pub(crate) fn run(ctx: &Context, args: &ServeArgs) -> Result<Status, Error> {
    // A missing or broken configuration stops here, before anything is started.
    ctx.config()?;
    let temp = tempfile::Builder::new()
        .prefix("communique-serve-")
        .tempdir()
        .map_err(|source| ServeError::TempDir { source })?;
    let site = Arc::new(Site::new(temp.path().join("public")));
    let server = Server::start(args.port, site.clone())?;
    let url = format!("http://127.0.0.1:{}/", server.port());

    let (events, inbox) = mpsc::channel();
    let stop = events.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .map_err(|e| ServeError::Signal {
        message: e.to_string(),
    })?;

    let preview = Preview {
        ctx,
        site: &site,
        temp: temp.path(),
        url: &url,
        events,
    };
    let mut watch = None;
    preview.rebuild(&mut watch)?;
    ctx.reporter.note(
        &format!(
            "serving {url} (built in {}); Ctrl-C to stop",
            temp.path().display()
        ),
        json!({ "url": url, "folder": temp.path().display().to_string() }),
    );
    let _ = crate::out::write_all(format!("{url}\n").as_bytes());
    if args.open {
        open_browser(ctx, &url);
    }
    while let Ok(Event::Changed) = inbox.recv() {
        // An editor's save is a burst of events: one rebuild once it is over.
        std::thread::sleep(QUIET);
        if inbox.try_iter().any(|e| e == Event::Stop) {
            break;
        }
        preview.rebuild(&mut watch)?;
    }
    server.stop();
    drop(watch);
    let folder = temp.path().display().to_string();
    let _ = temp.close();
    ctx.reporter.note(
        &format!("stopped; removed {folder}"),
        json!({ "folder": folder }),
    );
    Ok(Status::Ok)
}

/// One serving session: where it builds, for which address, what it shows.
struct Preview<'a> {
    ctx: &'a Context,
    site: &'a Site,
    temp: &'a std::path::Path,
    url: &'a str,
    events: mpsc::Sender<Event>,
}

impl Preview<'_> {
    /// Loads the configuration afresh, points it at the preview, builds, and shows the result.
    /// A configuration or build error is reported (terminal and banner) and the last build
    /// stays served; only a failure to watch ends the session.
    fn rebuild(&self, watch: &mut Option<Watch>) -> Result<(), Error> {
        let config = match self.ctx.config().and_then(|c| self.point_at_preview(c)) {
            Ok(config) => config,
            Err(e) => {
                self.failed(&e);
                return Ok(());
            }
        };
        self.follow(&config, watch)?;
        let how = How {
            wait: Wait::No,
            unpublish: Unpublish::Forced,
            no_cache: false,
            future: false,
            ends_process: false,
        };
        match build_config(self.ctx, config, how) {
            Ok(built) => {
                let lines = diag::summarise(&built.diagnostics, false);
                let banner = Banner {
                    error: lines.iter().any(super::is_error),
                    lines: lines.iter().map(ToString::to_string).collect(),
                };
                self.site.built(built.files_changed, banner);
            }
            Err(e) => self.failed(&e),
        }
        Ok(())
    }

    /// `config` building into the temporary folder, for the local address, with pages.
    fn point_at_preview(&self, mut config: Config) -> Result<Config, Error> {
        config.override_base_url(self.url)?;
        config.output_dir = self.temp.join("public");
        config.state_dir = self.temp.join("state");
        config.feeds.pages = true;
        config.feeds.permalink = None;
        Ok(config)
    }

    /// Watches `config`'s inputs (again, when they moved).
    fn follow(&self, config: &Config, watch: &mut Option<Watch>) -> Result<(), Error> {
        let inputs = Inputs::of(config);
        if watch.as_ref().is_some_and(|w| w.inputs == inputs) {
            return Ok(());
        }
        *watch = None;
        let events = self.events.clone();
        *watch = Some(watch::start(inputs, move || {
            let _ = events.send(Event::Changed);
        })?);
        Ok(())
    }

    /// An error that stopped a build: on the terminal and on every page.
    fn failed(&self, error: &Error) {
        error.report(&self.ctx.reporter);
        let banner = Banner {
            lines: vec![crate::report::plain(error)],
            error: true,
        };
        self.site.built(false, banner);
    }
}

/// Opens `url` in the default browser. By hand: one call of the platform's opener (`xdg-open`,
/// `open`, `start`) does not need a crate. A failure is a note, not an error.
fn open_browser(ctx: &Context, url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        ctx.reporter.note(
            &format!("could not open a browser ({e}); open {url}"),
            json!({ "url": url }),
        );
    }
}
