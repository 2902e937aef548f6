//! The source formats an item file can be written in, and the syntaxes of its front matter.

use std::path::Path;

/// The source formats an item can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Which syntax the front matter used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontMatterKind {
    Toml,
    Yaml,
}

impl FrontMatterKind {
    pub(crate) fn delimiter(self) -> &'static str {
        match self {
            FrontMatterKind::Toml => "+++",
            FrontMatterKind::Yaml => "---",
        }
    }
}
