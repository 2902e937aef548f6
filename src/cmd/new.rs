//! `communique new`: flags in, a statement file out (see [`crate::new_item`]); prints the new
//! file's path on stdout.
//!
//! The title is `--title`, else the first line of the text (`--text`, or `--text -` for
//! standard input), which then leaves the body. `--edit` opens `$VISUAL` (or `$EDITOR`) on the
//! new file; with no title anywhere, it opens first on a scratch file outside `items/`, and the
//! statement is made from what was written there (its first line the title), as `git commit`
//! does with its message.

use std::io::Read;
use std::path::Path;

use super::{Context, Error, Status};
use crate::new_item::{self, NewError, NewItem};

pub(crate) use crate::cli::NewArgs;

/// Creates the file; an error (exit status 2) when it exists or a flag is invalid.
pub(crate) fn run(ctx: &Context, args: &NewArgs) -> Result<Status, Error> {
    let config = ctx.config()?;
    let today = chrono::Utc::now()
        .with_timezone(&config.timezone)
        .date_naive();
    let mut text = match args.text.as_deref() {
        Some("-") => Some(read_stdin()?),
        other => other.map(str::to_owned),
    };
    let mut opened = false;
    if args.title.is_none() && text.is_none() && args.edit {
        text = Some(edit_scratch()?);
        opened = true;
    }
    let title = match &args.title {
        Some(title) => title.clone(),
        None => {
            let (title, body) =
                text.as_deref()
                    .and_then(new_item::title_from_text)
                    .ok_or(if opened {
                        NewError::EmptyEdit
                    } else {
                        NewError::NoTitle
                    })?;
            text = Some(body);
            title
        }
    };
    let item = NewItem {
        title,
        lang: args.lang.clone(),
        tags: args.tags.clone(),
        date: args.date.clone(),
        authors: args.authors.clone(),
        source: args.source.clone(),
        text,
        draft: args.draft,
    };
    let path = new_item::create(&config, &item, today)?;
    let shown = format!("{}\n", config.display_path(&path));
    // The file exists now whatever happens to this line.
    let _ = crate::out::write_all(shown.as_bytes());
    if args.edit && !opened {
        open_editor(&path)?;
    }
    Ok(Status::Ok)
}

/// The whole of standard input, as text.
fn read_stdin() -> Result<String, NewError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(NewError::Stdin)?;
    Ok(text)
}

/// Opens the editor on an empty scratch file in a temporary folder and returns what was
/// written; the folder is removed afterwards.
fn edit_scratch() -> Result<String, NewError> {
    let dir = tempfile::Builder::new()
        .prefix("communique-new-")
        .tempdir()
        .map_err(NewError::Scratch)?;
    let path = dir.path().join("statement.md");
    std::fs::write(&path, "").map_err(NewError::Scratch)?;
    open_editor(&path)?;
    std::fs::read_to_string(&path).map_err(NewError::Scratch)
}

/// The editor the user chose: `$VISUAL`, else `$EDITOR` (the first that is set and not empty).
fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().trim().to_owned())
        .find(|v| !v.is_empty())
}

/// Runs the editor on `path` and waits for it. The variable may hold arguments (`code
/// --wait`), so on Unix it is run by the shell, with the path passed as an argument (never
/// spliced into the command line), as git runs `core.editor`.
fn open_editor(path: &Path) -> Result<(), NewError> {
    let editor = editor().ok_or(NewError::NoEditor)?;
    #[cfg(unix)]
    let mut command = {
        let mut c = std::process::Command::new("/bin/sh");
        c.arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(&editor)
            .arg(path);
        c
    };
    #[cfg(not(unix))]
    let mut command = {
        let mut c = std::process::Command::new(&editor);
        c.arg(path);
        c
    };
    let failed = |outcome: String| NewError::Editor {
        editor: editor.clone(),
        outcome,
    };
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(failed(format!("failed ({status})"))),
        Err(e) => Err(failed(format!("could not be started: {e}"))),
    }
}
