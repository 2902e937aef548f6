//! `communique push`: reads only the configuration and pushes the output folder as it is
//! ([`crate::push::push`]). The `--dry-run` plan is the product, on stdout; push's events
//! (a target's summary, WebSub announcements, each failure) go through the reporter as they
//! happen. Any failure: exit status 2.

use std::io::IsTerminal;

use serde_json::json;

use super::{Context, Error, Status};
use crate::cli::PushArgs;
use crate::push::{self, Event, Events, PushOptions};
use crate::report::Reporter;

/// Runs `push`.
pub(crate) fn run(ctx: &Context, args: &PushArgs) -> Result<Status, Error> {
    let config = ctx.config()?;
    let options = PushOptions {
        dry_run: args.dry_run,
        full: args.full,
        force: args.force,
        targets: args.targets.clone(),
        progress: !ctx.reporter.quiet && std::io::stderr().is_terminal(),
    };
    let mut events = Reported(&ctx.reporter);
    let report = push::push(&config, &options, &mut crate::out::stdout(), &mut events);
    Ok(if report.errors.is_empty() {
        Status::Ok
    } else {
        Status::Fatal
    })
}

/// Push's events, through the reporter.
struct Reported<'a>(&'a Reporter);

impl Events for Reported<'_> {
    fn event(&mut self, event: Event<'_>) {
        let reporter = self.0;
        let fields = match &event {
            Event::Failed(e) => return reporter.error(*e),
            Event::SendingEverything { target, reason } => {
                json!({"push_target": target, "reason": reason})
            }
            Event::TargetDone(r) => json!({
                "push_target": r.target,
                "sent": r.sent,
                "bytes": r.bytes,
                "deleted": r.deleted,
                "skipped": r.skipped,
                "seconds": r.elapsed.as_secs_f64(),
            }),
            Event::Announced { pings, hubs } => json!({"pings": pings, "hubs": hubs}),
            Event::NotAnnounced { feeds } => json!({"feeds": feeds}),
            Event::Purged { urls, program } => json!({"urls": urls, "program": program}),
        };
        reporter.note(&event.text(), fields);
    }
}
