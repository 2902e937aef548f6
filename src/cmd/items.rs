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
            let json = serde_json::to_string_pretty(&items_json(&instance)).unwrap_or_default();
            let _ = writeln!(stdout, "{json}");
        }
        ItemsFormat::Table => {
            let _ = write!(
                stdout,
                "{}",
                items_table(&instance.items, &instance.scheduled)
            );
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

/// The items as JSON: those released, then those scheduled, each of these with
/// `"scheduled_until"` (its release instant, RFC 3339).
fn items_json(instance: &crate::instance::Instance) -> Vec<serde_json::Value> {
    let released = instance
        .items
        .iter()
        .map(|i| serde_json::to_value(i).unwrap_or_default());
    let scheduled = instance.scheduled.iter().map(|i| {
        let mut value = serde_json::to_value(i).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.insert("scheduled_until".to_owned(), rfc3339(&i.release()).into());
        }
        value
    });
    released.chain(scheduled).collect()
}

/// What the FILE column adds to an item's path: draft, or scheduled with its release instant.
fn file_note(item: &Item, scheduled: bool) -> String {
    if scheduled {
        format!(" (scheduled until {})", rfc3339(&item.release()))
    } else if item.draft {
        " (draft)".to_owned()
    } else {
        String::new()
    }
}

/// `communique items` as an aligned table: each value is followed by its origin mark; the
/// scheduled items come last, soonest first.
fn items_table(items: &[Item], scheduled: &[Item]) -> String {
    let header = ["FILE", "PUBLISHED", "LANG", "AUTHORS", "TITLE"];
    let mut rows: Vec<[String; 5]> = vec![header.map(str::to_owned)];
    let all = items
        .iter()
        .map(|i| (i, false))
        .chain(scheduled.iter().map(|i| (i, true)));
    for (item, is_scheduled) in all {
        rows.push([
            format!("{}{}", item.path, file_note(item, is_scheduled)),
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
