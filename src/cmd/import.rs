//! `communique import`: statements from a feed, a page, a WordPress export or the configured
//! `[[sources]]`, written into the items folder (see [`crate::import`]) under the instance lock.
//!
//! stdout lists each file written (`created items/…`, `updated …`, `attached …`; `would …` with
//! `--dry-run`); what was kept as it is or could not be read is a diagnostic on stderr, and the
//! counts a summary line. Exit status 1 when something could not be read, 2 when the import could
//! not start (configuration, lock, ledger).

use super::{Context, Error, Status};
pub(crate) use crate::cli::ImportArgs;

/// Runs `import`.
#[cfg(feature = "import")]
pub(crate) fn run(ctx: &Context, args: &ImportArgs) -> Result<Status, Error> {
    use crate::cli::ImportWhat;
    use crate::import::{self, Action, Location, Selection, What};
    use crate::lock::Wait;

    let config = ctx.config()?;
    let _lock = crate::ops::lock(&config, Wait::UpTo(config.lock_timeout))
        .map_err(|e| Error::Ops(e.into()))?;
    let (report, dry_run) = match &args.what {
        ImportWhat::Sources { dry_run } => (import::follow(&config, *dry_run)?, *dry_run),
        ImportWhat::Feed { source, into } => {
            let what = What::Feed(Location::parse(source));
            (
                import::import(&config, &request(what, into)?)?,
                into.dry_run,
            )
        }
        ImportWhat::Page { source, url, into } => {
            let url =
                match url {
                    Some(u) => Some(url::Url::parse(u).map_err(|e| {
                        Error::Usage(format!("--url {u}: not an absolute URL: {e}"))
                    })?),
                    None => None,
                };
            let what = What::Page(Location::parse(source), url);
            (
                import::import(&config, &request(what, into)?)?,
                into.dry_run,
            )
        }
        ImportWhat::Wordpress {
            file,
            categories,
            post_tags,
            into,
        } => {
            let what = What::WordPress {
                file: file.clone(),
                selection: Selection {
                    categories: categories.clone(),
                    tags: post_tags.clone(),
                },
            };
            (
                import::import(&config, &request(what, into)?)?,
                into.dry_run,
            )
        }
    };
    let mut listing = String::new();
    for done in &report.done {
        if matches!(done.action, Action::Unchanged | Action::KeptEdited) {
            continue;
        }
        listing.push_str(&format!("{} {}\n", done.action.word(dry_run), done.path));
    }
    crate::out::write_all(listing.as_bytes()).map_err(|source| Error::Stdout {
        what: "the import listing",
        source,
    })?;
    ctx.report_diagnostics(&report.diagnostics, false);
    let count = |a: Action| report.done.iter().filter(|d| d.action == a).count();
    let (created, updated, unchanged) = (
        count(Action::Created),
        count(Action::Updated),
        count(Action::Unchanged),
    );
    let kept = count(Action::KeptEdited) + count(Action::KeptRemoved);
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let verb = if dry_run { "would import" } else { "imported" };
    ctx.reporter.note(
        &format!(
            "{verb}: {created} created, {updated} updated, {unchanged} unchanged, {kept} kept \
             as edited or removed here, {errors} not read"
        ),
        serde_json::json!({
            "created": created, "updated": updated, "unchanged": unchanged,
            "kept": kept, "errors": errors, "dry_run": dry_run,
        }),
    );
    Ok(Status::from_item_errors(errors > 0))
}

/// The request for `what`, with the folder checked.
#[cfg(feature = "import")]
fn request(
    what: crate::import::What,
    into: &crate::cli::ImportInto,
) -> Result<crate::import::Request, Error> {
    let folder = match &into.folder {
        Some(f) => crate::config::import::plain_folder(&f.to_string_lossy()).ok_or_else(|| {
            Error::Usage(format!(
                "--folder `{}` must be a relative path inside the items folder (no `..`, no \
                 leading `/`)",
                f.display()
            ))
        })?,
        None => std::path::PathBuf::new(),
    };
    Ok(crate::import::Request {
        what,
        folder,
        tags: into.tags.clone(),
        dry_run: into.dry_run,
    })
}

/// Without the `import` feature: an error naming it.
#[cfg(not(feature = "import"))]
pub(crate) fn run(ctx: &Context, _args: &ImportArgs) -> Result<Status, Error> {
    ctx.config()?;
    Err(Error::Usage(
        "this communique was built without the `import` feature (it has no network code); \
         build it with the default features to import"
            .to_owned(),
    ))
}
