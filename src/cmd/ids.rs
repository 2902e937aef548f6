//! `communique ids`: every item's id and whether it is pinned; with `--pin`, ids (and dates)
//! that still depend on the file name are written into the front matter ([`crate::ids`]).
//! Diagnostics: errors only, on stderr; a file that cannot be pinned is an error (status 2) and
//! the others are still pinned.

use std::io::Write;

use super::{Context, Error, Status};
use crate::cli::IdsArgs;
use crate::ids;
use crate::report::{Message, Place};

/// Runs `ids`.
pub(crate) fn run(ctx: &Context, args: &IdsArgs) -> Result<Status, Error> {
    let instance = ctx.instance()?;
    let mut status = Status::from_item_errors(instance.has_errors());
    ctx.report_diagnostics(&instance.diagnostics, true);
    let mut stdout = crate::out::stdout();
    for item in &instance.items {
        let pinned = !ids::needs_pin(item) && !ids::date_needs_pin(item);
        if args.pin && !pinned {
            match ids::pin_file(&item.file, item.front_matter, item) {
                Ok(()) => {
                    let _ = writeln!(stdout, "{}\t{}\tpinned now", item.path, item.id.value);
                }
                Err(e) => {
                    ctx.reporter.error(&Message {
                        place: Place::file(&item.path),
                        message: format!("cannot pin the id: {e}"),
                    });
                    status = Status::Fatal;
                }
            }
        } else {
            let how = if pinned {
                "pinned"
            } else if ids::needs_pin(item) {
                "from the file name"
            } else {
                "pinned, date not pinned"
            };
            let _ = writeln!(stdout, "{}\t{}\t{how}", item.path, item.id.value);
        }
    }
    Ok(status)
}
