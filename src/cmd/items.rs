//! `communique items`: the normalised items and where each metadata value came from, as an
//! aligned table or as JSON on stdout. Diagnostics: errors only, on stderr.

use std::io::Write;

use super::{Context, Error, Status};
use crate::cli::{ItemsArgs, ItemsFormat};
use crate::model::{Item, Origin};
use crate::normalise::dates::rfc3339;

/// Runs `items`.
pub(crate) fn run(ctx: &Context, args: &ItemsArgs) -> Result<Status, Error> {
    let instance = ctx.instance()?;
    ctx.report_diagnostics(&instance.diagnostics, true);
    let mut stdout = crate::out::stdout();
    match args.format {
        ItemsFormat::Json => {
            let json = serde_json::to_string_pretty(&instance.items).unwrap_or_default();
            let _ = writeln!(stdout, "{json}");
        }
        ItemsFormat::Table => {
            let _ = write!(stdout, "{}", items_table(&instance.items));
        }
    }
    Ok(Status::from_item_errors(instance.has_errors()))
}

/// A one-letter mark for where a value came from, for the table.
fn origin_mark(o: &Origin) -> char {
    match o {
        Origin::FrontMatter { .. } => 'f',
        Origin::FileName => 'n',
        Origin::Text { .. } => 't',
        Origin::Detected { .. } => 'd',
        Origin::Config => 'c',
        Origin::Derived { .. } => '=',
        Origin::History { .. } => 'h',
        Origin::FirstSeen => 's',
    }
}

/// `communique items` as an aligned table: each value is followed by its origin mark.
fn items_table(items: &[Item]) -> String {
    let header = ["FILE", "PUBLISHED", "LANG", "AUTHORS", "TITLE"];
    let mut rows: Vec<[String; 5]> = vec![header.map(str::to_owned)];
    for item in items {
        rows.push([
            format!("{}{}", item.path, if item.draft { " (draft)" } else { "" }),
            format!(
                "{} {}",
                &rfc3339(&item.published.value)[..10],
                origin_mark(&item.published.origin)
            ),
            format!("{} {}", item.lang.value, origin_mark(&item.lang.origin)),
            format!(
                "{} {}",
                item.authors.value.join("; "),
                origin_mark(&item.authors.origin)
            ),
            format!("{} {}", item.title.value, origin_mark(&item.title.origin)),
        ]);
    }
    let mut widths = [0usize; 5];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(
        "\norigin of each value: f front matter, n file name, t text, d detected, c configuration, \
         = derived, h git history, s first seen\n",
    );
    out
}
