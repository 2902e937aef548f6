//! Stage 1a, **collect**: find the statement files under `items/`, read them, and split off their
//! front matter.
//!
//! The walk is sorted so that every later stage sees files in the same order on every machine.
//! Text is cleaned once here (byte-order mark, CRLF, characters XML 1.0 forbids) so that nothing
//! downstream can emit a document a feed reader rejects.

pub mod front_matter;
pub mod text;

use std::path::{Path, PathBuf};

use thiserror::Error;
use walkdir::WalkDir;

use crate::diag::Diagnostic;
pub use front_matter::{FrontMatter, FrontMatterKind, Value};

/// The source formats an item can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark with tables, footnotes and strikethrough.
    Markdown,
    /// Plain text: every non-empty line is a paragraph.
    Text,
}

impl Format {
    /// The format of a file name's extension, if it is one we read.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// A statement file as read from disk, before any interpretation of its body.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Where it is.
    pub path: PathBuf,
    /// The path as shown to the user.
    pub display: String,
    /// File name without extension(s) we understand: `2022-01-08-kazakhstan` for
    /// `2022-01-08-kazakhstan.md`.
    pub stem: String,
    pub format: Format,
    /// The parsed front matter, if the file has one.
    pub front_matter: Option<FrontMatter>,
    /// The body, with front matter removed.
    pub body: String,
    /// The 1-based file line on which `body` starts.
    pub body_line: usize,
}

/// A problem that stops the whole run (as opposed to a [`Diagnostic`] about one file).
#[derive(Debug, Error)]
pub enum CollectError {
    #[error("{path}: error: the items folder does not exist or cannot be read: {source}")]
    ItemsDir {
        path: String,
        source: std::io::Error,
    },
}

/// Everything `collect` found.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `items_dir` and reads every statement file in a deterministic order.
///
/// `display` turns a path into what the user should see in messages.
pub fn collect(
    items_dir: &Path,
    display: &dyn Fn(&Path) -> String,
) -> Result<Collected, CollectError> {
    std::fs::read_dir(items_dir).map_err(|source| CollectError::ItemsDir {
        path: display(items_dir),
        source,
    })?;
    let mut out = Collected::default();
    let walker = WalkDir::new(items_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(display)
                    .unwrap_or_else(|| display(items_dir));
                out.diagnostics.push(Diagnostic::error(
                    &path,
                    None,
                    format!("cannot read: {}", io_message(&err)),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let shown = display(path);
        let Some(format) = Format::from_path(path) else {
            out.diagnostics.push(Diagnostic::warning(
                &shown,
                None,
                "skipped: not a statement file (expected .md, .markdown or .txt)",
            ));
            continue;
        };
        match std::fs::read(path) {
            Ok(bytes) => {
                if let Some(file) = read_file(path, shown, format, &bytes, &mut out.diagnostics) {
                    out.files.push(file);
                }
            }
            Err(err) => out.diagnostics.push(Diagnostic::error(
                &shown,
                None,
                format!("cannot read: {err}"),
            )),
        }
    }
    Ok(out)
}

fn io_message(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// Files and folders whose name starts with `.` are not items (the build state fingerprint walks
/// by the same rule).
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Turns the bytes of one file into a [`SourceFile`], or `None` with an error diagnostic.
pub fn read_file(
    path: &Path,
    display: String,
    format: Format,
    bytes: &[u8],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let text = match text::decode(bytes) {
        Ok(text) => text,
        Err(line) => {
            diagnostics.push(Diagnostic::error(
                &display,
                Some(line),
                "not valid UTF-8: save the file as UTF-8",
            ));
            return None;
        }
    };
    let text = text::clean(text, |line, ch| {
        diagnostics.push(Diagnostic::warning(
            &display,
            Some(line),
            format!(
                "removed character U+{:04X}, which XML 1.0 does not allow",
                ch as u32
            ),
        ));
    });
    let (front_matter, body, body_line) = match front_matter::split(&text) {
        Ok(split) => split,
        Err(e) => {
            diagnostics.push(Diagnostic::error(&display, Some(e.line), e.message));
            return None;
        }
    };
    let front_matter = match front_matter {
        Some(raw) => match raw.parse() {
            Ok(fm) => Some(fm),
            Err(e) => {
                diagnostics.push(Diagnostic::error(&display, Some(e.line), e.message));
                return None;
            }
        },
        None => None,
    };
    Some(SourceFile {
        path: path.to_path_buf(),
        stem: stem_of(path),
        display,
        format,
        front_matter,
        body: body.to_owned(),
        body_line,
    })
}

/// The file name without its (format) extension.
pub fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
