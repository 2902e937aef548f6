//! `communique ids --pin`: write each item's current id into its front matter, so that renaming
//! the file later does not change the id (and readers do not see the statement twice).
//!
//! The edit is textual and minimal (one line inserted after the opening delimiter, or a new
//! `+++` block for files without front matter), so the rest of the file stays byte for byte as
//! its author wrote it.

use std::path::Path;

use crate::collect::FrontMatterKind;
use crate::model::{Item, Origin};

/// The bytes of `original` with `id` pinned in its front matter, or `None` if it has one already.
pub fn pin(original: &str, kind: Option<FrontMatterKind>, id: &str) -> String {
    let (bom, text) = match original.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", original),
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // Ids are checked absolute IRIs or ASCII tag URIs; escape the two characters that could
    // still end a quoted string.
    let quoted = format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""));
    match kind {
        Some(kind) => {
            let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
            let line = match kind {
                FrontMatterKind::Toml => format!("id = {quoted}{eol}"),
                FrontMatterKind::Yaml => format!("id: {quoted}{eol}"),
            };
            format!("{bom}{}{line}{}", &text[..first_end], &text[first_end..])
        }
        None => format!("{bom}+++{eol}id = {quoted}{eol}+++{eol}{text}"),
    }
}

/// Whether an item's id still depends on its file name.
pub fn needs_pin(item: &Item) -> bool {
    !matches!(item.id.origin, Origin::FrontMatter { .. })
}

/// Pins the id of the item stored at `path`.
pub fn pin_file(path: &Path, kind: Option<FrontMatterKind>, id: &str) -> std::io::Result<()> {
    let original = std::fs::read_to_string(path)?;
    let pinned = pin(&original, kind, id);
    crate::write::write_if_changed(path, pinned.as_bytes()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_into_each_shape() {
        assert_eq!(
            pin(
                "+++\ntitle = \"A\"\n+++\nBody\n",
                Some(FrontMatterKind::Toml),
                "tag:x,2022:a"
            ),
            "+++\nid = \"tag:x,2022:a\"\ntitle = \"A\"\n+++\nBody\n"
        );
        assert_eq!(
            pin(
                "---\r\ntitle: A\r\n---\r\nBody",
                Some(FrontMatterKind::Yaml),
                "tag:x,2022:a"
            ),
            "---\r\nid: \"tag:x,2022:a\"\r\ntitle: A\r\n---\r\nBody"
        );
        assert_eq!(
            pin("\u{FEFF}Body\n", None, "tag:x,2022:a"),
            "\u{FEFF}+++\nid = \"tag:x,2022:a\"\n+++\nBody\n"
        );
    }
}
