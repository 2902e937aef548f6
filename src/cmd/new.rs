//! `communique new`: flags in, a statement file out (see [`crate::new_item`]); prints the new
//! file's path on stdout.

use clap::Args;

use super::{Context, Error, Status};
use crate::new_item::{self, NewItem};

/// Options of `communique new`.
#[derive(Clone, Debug, Args)]
pub struct NewArgs {
    /// The title; the file name's slug is made from it (transliterated to ASCII).
    #[arg(long, short)]
    pub title: String,
    /// Language tag such as `pt` or `pt-BR` [default: detected from the text at build time].
    #[arg(long)]
    pub lang: Option<String>,
    /// Tags: repeat the option or separate them with commas.
    #[arg(
        long = "tags",
        alias = "tag",
        value_delimiter = ',',
        value_name = "TAG"
    )]
    pub tags: Vec<String>,
    /// Publication date: 2024-03-08, 2024-03-08T10:00 (in the configured time zone) or
    /// 2024-03-08T10:00:00+03:00 [default: today in the configured time zone].
    #[arg(long)]
    pub date: Option<String>,
    /// A signatory; repeat for several [default: the configured author, at build time].
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// URL of the original this statement republishes.
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    /// The statement's text (Markdown) [default: none, the file holds only front matter].
    #[arg(long)]
    pub text: Option<String>,
    /// Mark it as a draft (checked, never published).
    #[arg(long)]
    pub draft: bool,
}

/// Creates the file; an error (exit status 2) when it exists or a flag is invalid.
pub fn run(ctx: &Context, args: &NewArgs) -> Result<Status, Error> {
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
