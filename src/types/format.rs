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
        let ext = extension(path)?;
        if ext.eq_ignore_ascii_case(b"md") || ext.eq_ignore_ascii_case(b"markdown") {
            Some(Format::Markdown)
        } else if ext.eq_ignore_ascii_case(b"txt") || ext.eq_ignore_ascii_case(b"text") {
            Some(Format::Text)
        } else {
            None
        }
    }
}

/// The bytes of `path`'s extension, as [`Path::extension`] reads it. The walk asks this of
/// every file of every run: the common case, a path whose text ends in a plain name, is read
/// off the text after its last `/` (`Path::extension` parses the components from the end: 800
/// instructions a file, 8 M at 10,000, on the one thread that walks).
fn extension(path: &Path) -> Option<&[u8]> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = memchr::memrchr(b'/', bytes).map_or(bytes, |at| &bytes[at + 1..]);
    if !cfg!(unix) || matches!(name, b"" | b"." | b"..") {
        return path.extension().map(|e| e.as_encoded_bytes());
    }
    // A leading dot starts a hidden name, not an extension.
    let dot = memchr::memrchr(b'.', name).filter(|&at| at > 0)?;
    Some(&name[dot + 1..])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_read_off_the_extension_in_any_case() {
        for (path, format) in [
            ("/items/a.md", Some(Format::Markdown)),
            ("/items/a.MarkDown", Some(Format::Markdown)),
            ("/items/a.b.TXT", Some(Format::Text)),
            ("items/a.text", Some(Format::Text)),
            ("/items/.md", None),
            ("/items/md", None),
            ("/items/a.md/", Some(Format::Markdown)),
            ("/items/a.md/.", Some(Format::Markdown)),
            ("/items/a.md/..", None),
            ("/items.md/a", None),
            ("/items/a.", None),
            ("a.md", Some(Format::Markdown)),
        ] {
            assert_eq!(Format::from_path(Path::new(path)), format, "{path}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_extension_is_the_one_path_reads(path in "[a./mdMD\u{e9}]{0,12}") {
            let path = Path::new(&path);
            proptest::prop_assert_eq!(
                extension(path),
                path.extension().map(|e| e.as_encoded_bytes())
            );
        }

        /// Names that are not UTF-8 too (a byte no character starts with).
        #[cfg(unix)]
        #[test]
        fn the_extension_of_any_bytes_is_the_one_path_reads(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'.', b'/', b'm', b'd', 0xff, 0xc3]),
                0..12,
            ),
        ) {
            use std::os::unix::ffi::OsStrExt;
            let path = Path::new(std::ffi::OsStr::from_bytes(&bytes));
            proptest::prop_assert_eq!(
                extension(path),
                path.extension().map(|e| e.as_encoded_bytes())
            );
        }
    }
}
