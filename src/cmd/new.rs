//! `communique new`: flags in, a statement file out (see [`crate::new_item`]); prints the new
//! file's path on stdout.

use super::{Context, Error, Status};
use crate::new_item::{self, NewItem};

pub(crate) use crate::cli::NewArgs;

/// Creates the file; an error (exit status 2) when it exists or a flag is invalid.
pub(crate) fn run(ctx: &Context, args: &NewArgs) -> Result<Status, Error> {
    let config = ctx.config()?;
    let today = chrono::Utc::now()
        .with_timezone(&config.timezone)
        .date_naive();
    let item = NewItem {
        title: args.title.clone(),
        lang: args.lang.clone(),
        tags: args.tags.clone(),
        date: args.date.clone(),
        authors: args.authors.clone(),
        source: args.source.clone(),
        text: args.text.clone(),
        draft: args.draft,
    };
    let path = new_item::create(&config, &item, today)?;
    let shown = format!("{}\n", config.display_path(&path));
    // The file exists now whatever happens to this line.
    let _ = crate::out::write_all(shown.as_bytes());
    Ok(Status::Ok)
}
