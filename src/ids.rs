//! `communique ids --pin`: write each item's current id into its front matter, so that renaming
//! the file later does not change the id (and readers do not see the statement twice). An item
//! whose date came from its file name gets that date written too, or a rename would lose it; so
//! does an item dated by its history (the commit that added it, or when this instance first
//! saw it), whose date another clone or instance would not know.
//!
//! The edit is textual and minimal (a key line replaced, or inserted after the opening
//! delimiter, or a new `+++` block for files without front matter), so the rest of the file stays
//! byte for byte as its author wrote it.

use std::path::Path;

use crate::collect::FrontMatterKind;
use crate::model::{Item, Origin};
use crate::types::dates::rfc3339;

/// A front-matter value to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PinValue {
    /// Written as a quoted string.
    Text(String),
    /// Written as is (a TOML date literal, which YAML reads as a string).
    Raw(String),
}

/// `original` with each `(key, value)` set in its front matter: an existing top-level line for
/// the key (even an empty one, such as `id = ""` or `id:`) is replaced, else a line is added
/// right after the opening delimiter.
pub(crate) fn pin(
    original: &str,
    kind: Option<FrontMatterKind>,
    values: &[(&str, PinValue)],
) -> String {
    let (bom, text) = match original.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", original),
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let kind = kind.unwrap_or(FrontMatterKind::Toml);
    let line_for = |key: &str, value: &PinValue| {
        let value = match value {
            // Ids are checked absolute IRIs; escape the two characters that could still end a
            // quoted string.
            PinValue::Text(t) => format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")),
            PinValue::Raw(r) => r.clone(),
        };
        match kind {
            FrontMatterKind::Toml => format!("{key} = {value}"),
            FrontMatterKind::Yaml => format!("{key}: {value}"),
        }
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let delimiter = match kind {
        FrontMatterKind::Toml => "+++",
        FrontMatterKind::Yaml => "---",
    };
    let has_block = lines.first().is_some_and(|l| l.trim_end() == delimiter);
    if !has_block {
        let mut block = format!("{delimiter}{eol}");
        for (key, value) in values {
            block.push_str(&line_for(key, value));
            block.push_str(eol);
        }
        block.push_str(delimiter);
        block.push_str(eol);
        return format!("{bom}{block}{text}");
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == delimiter)
        .map_or(lines.len(), |i| i + 1);
    let sep = match kind {
        FrontMatterKind::Toml => '=',
        FrontMatterKind::Yaml => ':',
    };
    // TOML's top-level keys end at the first table header; a key below it belongs to the table.
    let top_level_end = match kind {
        FrontMatterKind::Toml => (1..close)
            .find(|&i| lines[i].trim_start().starts_with('['))
            .unwrap_or(close),
        FrontMatterKind::Yaml => close,
    };
    for (key, value) in values {
        let existing = (1..top_level_end).find(|&i| {
            lines[i]
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(sep))
        });
        let line = format!("{}{eol}", line_for(key, value));
        match existing {
            Some(i) => lines[i] = line,
            None => lines.insert(1, line),
        }
    }
    format!("{bom}{}", lines.concat())
}

/// Whether an item's id still depends on its file name.
pub(crate) fn needs_pin(item: &Item) -> bool {
    !matches!(item.id.origin, Origin::FrontMatter { .. })
}

/// Whether an item's date depends on its file name or its history.
pub(crate) fn date_needs_pin(item: &Item) -> bool {
    matches!(
        item.published.origin,
        Origin::FileName | Origin::History { .. } | Origin::FirstSeen
    )
}

/// What pinning an item writes: its id, and its date when that came from the file name (a
/// date) or its history (a date and time with its offset, a TOML literal YAML reads as text).
pub(crate) fn pin_values(item: &Item) -> Vec<(&'static str, PinValue)> {
    let mut values = vec![("id", PinValue::Text(item.id.value.clone()))];
    let date = rfc3339(&item.published.value);
    match item.published.origin {
        Origin::FileName => values.push(("date", PinValue::Raw(date[..10].to_owned()))),
        Origin::History { .. } | Origin::FirstSeen => values.push(("date", PinValue::Raw(date))),
        _ => {}
    }
    values
}

/// Pins the id (and file-name date) of an item in its file.
pub(crate) fn pin_file(
    path: &Path,
    kind: Option<FrontMatterKind>,
    item: &Item,
) -> std::io::Result<()> {
    let original = std::fs::read_to_string(path)?;
    let pinned = pin(&original, kind, &pin_values(item));
    crate::write::write_if_changed(path, pinned.as_bytes()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(id: &str) -> Vec<(&'static str, PinValue)> {
        vec![("id", PinValue::Text(id.to_owned()))]
    }

    #[test]
    fn pins_into_each_shape() {
        assert_eq!(
            pin(
                "+++\ntitle = \"A\"\n+++\nBody\n",
                Some(FrontMatterKind::Toml),
                &id("tag:x,2022:a")
            ),
            "+++\nid = \"tag:x,2022:a\"\ntitle = \"A\"\n+++\nBody\n"
        );
        assert_eq!(
            pin(
                "---\r\ntitle: A\r\n---\r\nBody",
                Some(FrontMatterKind::Yaml),
                &id("tag:x,2022:a")
            ),
            "---\r\nid: \"tag:x,2022:a\"\r\ntitle: A\r\n---\r\nBody"
        );
        assert_eq!(
            pin("\u{FEFF}Body\n", None, &id("tag:x,2022:a")),
            "\u{FEFF}+++\nid = \"tag:x,2022:a\"\n+++\nBody\n"
        );
    }

    #[test]
    fn replaces_an_empty_key_instead_of_adding_another() {
        assert_eq!(
            pin(
                "+++\ntitle = \"A\"\nid = \"\"\n+++\nid = body\n",
                Some(FrontMatterKind::Toml),
                &id("tag:x,2022:a")
            ),
            "+++\ntitle = \"A\"\nid = \"tag:x,2022:a\"\n+++\nid = body\n"
        );
        assert_eq!(
            pin("---\nid:\n---\nB", Some(FrontMatterKind::Yaml), &id("u:x")),
            "---\nid: \"u:x\"\n---\nB"
        );
    }

    #[test]
    fn keys_under_a_table_are_not_the_top_level_key() {
        assert_eq!(
            pin(
                "+++\ntitle = \"A\"\n[extra]\nid = \"\"\n+++\nB",
                Some(FrontMatterKind::Toml),
                &id("u:x")
            ),
            "+++\nid = \"u:x\"\ntitle = \"A\"\n[extra]\nid = \"\"\n+++\nB"
        );
    }

    #[test]
    fn writes_a_file_name_date_too() {
        let values = vec![
            ("id", PinValue::Text("tag:x,2022:a".to_owned())),
            ("date", PinValue::Raw("2021-05-01".to_owned())),
        ];
        assert_eq!(
            pin("Body\n", None, &values),
            "+++\nid = \"tag:x,2022:a\"\ndate = 2021-05-01\n+++\nBody\n"
        );
    }
}
