//! Files published with an item: its lead image, its attachments (the signed original as PDF, a
//! scan, a recording) and the images its text shows.
//!
//! An item names them in its front matter (`image = "lead.jpg"`, `attachments = ["signed.pdf"]`,
//! paths relative to the item's folder), in its Markdown (`![…](chart.png)`), or by placing them
//! beside it with its file name's stem: `foo.md` owns `foo.pdf`, `foo.jpg` and `foo.1.jpg`,
//! `foo.2.mp3`, … (the first image of these is the lead image when `image` names none).
//!
//! What the item's file says is read once, with the file ([`declared`], [`local_image`]); whether
//! the files are there, their sizes and media types are settled on every run ([`resolve`]), from
//! the files `collect`'s walk found beside the statements. So the walk's rules are the trust
//! boundary here too: nothing hidden, no link out of the items folder, no `..`, no absolute
//! path; a file the walk did not find is never read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use url::Url;

use super::fields::{Fields, Key};
use crate::collect::OtherFile;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Attachment, AttachmentKind, AttachmentRef, Item};
use crate::plan::paths;

/// Extensions of files a browser may run scripts from when they are served from the site's own
/// address: never published as attachments.
const ACTIVE: &[&str] = &[
    "htm", "html", "js", "mjs", "svg", "svgz", "xht", "xhtml", "xml",
];

/// The lead image and attachments the front matter names, in that order.
pub(crate) fn declared(f: &mut Fields<'_>) -> Vec<AttachmentRef> {
    let mut refs = Vec::new();
    if let Some((name, line)) = f.string(Key::Image) {
        push_declared(f, &mut refs, Key::Image, name, line);
    }
    if let Some((names, line)) = f.strings(Key::Attachments) {
        for name in names {
            push_declared(f, &mut refs, Key::Attachments, name, line);
        }
    }
    refs
}

fn push_declared(
    f: &mut Fields<'_>,
    refs: &mut Vec<AttachmentRef>,
    key: Key,
    name: String,
    line: usize,
) {
    if let Err(why) = check_name(&name) {
        f.invalid(line, format!("`{key}`: `{name}` {why}"));
        return;
    }
    if refs.iter().any(|r| r.name == name) {
        return;
    }
    let kind = match key {
        Key::Image => AttachmentKind::Image,
        _ => AttachmentKind::File,
    };
    refs.push(AttachmentRef {
        name,
        kind,
        line: Some(line),
        found: true,
    });
}

/// Whether `name` may name a file published with an item: a relative path inside the item's
/// folder, of no hidden or over-long component, not a statement file and nothing a browser
/// would run. The error completes a sentence that starts with the name.
pub(crate) fn check_name(name: &str) -> Result<(), String> {
    if name.contains("://") || name.starts_with("//") || name.contains(':') {
        return Err(
            "is not a file beside the item: name a file by its path relative to the \
                    item's folder"
                .to_owned(),
        );
    }
    if name.starts_with('/') || name.contains('\\') {
        return Err(
            "must be a path relative to the item's folder, with `/` between folders".into(),
        );
    }
    if name.chars().any(char::is_control) {
        return Err("holds a control character".into());
    }
    for part in name.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err("must stay inside the item's folder (no `..`, `.` or empty parts)".into());
        }
        if part.starts_with('.') {
            return Err("names a hidden file or folder, which is never read".into());
        }
        if paths::fit_component(part) != part {
            return Err(format!(
                "has a part longer than {} bytes",
                paths::MAX_COMPONENT_BYTES
            ));
        }
    }
    let ext = extension(name);
    if crate::collect::Format::from_path(Path::new(name)).is_some() {
        return Err("is a statement file, published as an item of its own".into());
    }
    if ACTIVE.contains(&ext.as_str()) {
        return Err(format!(
            "is a .{ext} file, which browsers may run scripts from: not published (link to it \
             elsewhere, or convert it, to PDF for example)"
        ));
    }
    Ok(())
}

/// The lower-case extension of a file name (empty when it has none).
fn extension(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_ascii_lowercase())
}

/// The path relative to the item's folder that a Markdown image's destination names, when it
/// names a file beside the item: relative, no query, fragment, percent escape or `..`. Anything
/// else (an absolute URL, `/logo.png`, `../x.png`) is a link like any other.
pub(crate) fn local_image(dest: &str) -> Option<&str> {
    let dest = dest.strip_prefix("./").unwrap_or(dest);
    if dest.is_empty() || dest.contains(['?', '#', '%']) {
        return None;
    }
    check_name(dest).ok().map(|()| dest)
}

/// The public URL of a file `name` (relative to the item's folder) published with an item whose
/// page folder is `page_dir`, each segment percent-encoded.
pub(crate) fn url_of(base_url: &Url, page_dir: &str, name: &str) -> Option<Url> {
    let mut url = base_url.clone();
    {
        let mut segments = url.path_segments_mut().ok()?;
        segments.pop_if_empty();
        for part in page_dir.split('/').chain(name.split('/')) {
            if !part.is_empty() {
                segments.push(part);
            }
        }
    }
    Some(url)
}

/// The media type of a file, by its name's extension (`mime_guess`'s table, the one web servers
/// use); `application/octet-stream` when the extension says nothing.
pub(crate) fn media_type(name: &str) -> String {
    mime_guess::from_path(name)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_owned()
}

/// The other files of the walk, by the folder they are in.
struct Beside<'o> {
    by_path: BTreeMap<&'o Path, &'o OtherFile>,
    by_dir: BTreeMap<&'o Path, Vec<&'o OtherFile>>,
}

impl<'o> Beside<'o> {
    fn new(others: &'o [OtherFile]) -> Self {
        let mut by_path = BTreeMap::new();
        let mut by_dir: BTreeMap<&Path, Vec<&OtherFile>> = BTreeMap::new();
        for other in others {
            by_path.insert(other.path.as_path(), other);
            if let Some(dir) = other.path.parent() {
                by_dir.entry(dir).or_default().push(other);
            }
        }
        Beside { by_path, by_dir }
    }

    /// The files in `dir` (an item file's folder) that carry the item's stem: `stem.ext` and
    /// `stem.N.ext`, by name.
    fn siblings(&self, dir: &Path, stem: &str) -> Vec<(String, &'o OtherFile)> {
        let mut found: Vec<(String, &OtherFile)> = self
            .by_dir
            .get(dir)
            .into_iter()
            .flatten()
            .filter_map(|other| {
                let name = other.path.file_name()?.to_str()?;
                is_sibling(name, stem).then(|| (name.to_owned(), *other))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }
}

/// Whether a file named `name` carries the stem `stem`: `stem.ext` or `stem.N.ext` (N digits).
pub(crate) fn is_sibling(name: &str, stem: &str) -> bool {
    let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_prefix('.')) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('.').collect();
    match parts.as_slice() {
        [ext] => !ext.is_empty(),
        [n, ext] => !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !ext.is_empty(),
        _ => false,
    }
}

/// Settles every item's files against what the walk found (`others`): each named or sibling
/// file that is there, small enough and publishable becomes an [`Attachment`] with its size,
/// media type, output path and URL; a missing or oversized one is a warning at the line that
/// names it, and the item is published without it. Returns the files claimed, so that the
/// others can be reported as skipped ([`unclaimed`]).
pub(crate) fn resolve(
    items: &mut [Item],
    others: &[OtherFile],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeSet<PathBuf> {
    let beside = Beside::new(others);
    let mut claimed = BTreeSet::new();
    for item in items.iter_mut() {
        item.attachments = resolve_item(item, &beside, config, diagnostics, &mut claimed);
    }
    claimed
}

/// One file to settle: its name relative to the item's folder, what it is for, the line that
/// names it, and the walk's entry when there is one.
struct Wanted<'o> {
    name: String,
    kind: AttachmentKind,
    line: Option<usize>,
    other: Option<&'o OtherFile>,
}

fn resolve_item(
    item: &Item,
    beside: &Beside<'_>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
    claimed: &mut BTreeSet<PathBuf>,
) -> Vec<Attachment> {
    // Nearly every item names no file, and most walks find no file but statements: then there
    // is nothing to settle, and no folder to take from the item's path (parsing it, twice, was
    // nearly all of this stage's time at 10,000 items, on the one thread between loading and
    // rendering).
    if beside.by_dir.is_empty() && !item.attachment_refs.iter().any(|r| r.found) {
        return Vec::new();
    }
    let Some(dir) = item.file.parent() else {
        return Vec::new();
    };
    let mut wanted: Vec<Wanted<'_>> = item
        .attachment_refs
        .iter()
        .filter(|r| r.found)
        .map(|r| Wanted {
            name: r.name.clone(),
            kind: r.kind,
            line: r.line,
            other: beside.by_path.get(dir.join(&r.name).as_path()).copied(),
        })
        .collect();
    let mut has_image = wanted.iter().any(|w| w.kind == AttachmentKind::Image);
    for (name, other) in beside.siblings(dir, &item.stem) {
        if wanted.iter().any(|w| w.name == name) {
            continue;
        }
        let kind = if !has_image && media_type(&name).starts_with("image/") {
            has_image = true;
            AttachmentKind::Image
        } else {
            AttachmentKind::File
        };
        if check_name(&name).is_err() {
            continue;
        }
        wanted.push(Wanted {
            name,
            kind,
            line: None,
            other: Some(other),
        });
    }
    // Most items publish no file: their page folder is not spelt out (once per item per run).
    if wanted.is_empty() {
        return Vec::new();
    }
    // An image the text shows that is also an attachment is published once, as the attachment.
    let mut seen = BTreeSet::new();
    wanted.retain(|w| seen.insert(w.name.clone()));
    let page_dir = paths::page_dir(&item.published.value, &item.stem);
    let mut out = Vec::with_capacity(wanted.len());
    for w in wanted {
        let warn = |diagnostics: &mut Vec<Diagnostic>, message: String| {
            diagnostics.push(Diagnostic::warning(&item.path, w.line, message));
        };
        let Some(other) = w.other else {
            warn(
                diagnostics,
                format!(
                    "`{}` is not a file in the item's folder: it is not published with the item",
                    w.name
                ),
            );
            continue;
        };
        claimed.insert(other.path.clone());
        let file = other.real.clone().unwrap_or_else(|| other.path.clone());
        let size = match std::fs::metadata(&file) {
            Ok(meta) if meta.is_file() => meta.len(),
            Ok(_) | Err(_) => {
                warn(
                    diagnostics,
                    format!(
                        "cannot read `{}`: it is not published with the item",
                        w.name
                    ),
                );
                continue;
            }
        };
        let max = config.limits.max_attachment_bytes;
        if size > max {
            warn(
                diagnostics,
                format!(
                    "`{}` is {size} bytes, over the limit of {max} bytes \
                     (`max_attachment_bytes` in [limits]): it is not published with the item",
                    w.name
                ),
            );
            continue;
        }
        let Some(url) = url_of(&config.base_url, &page_dir, &w.name) else {
            continue;
        };
        out.push(Attachment {
            media_type: media_type(&w.name),
            path: format!("{page_dir}{}", w.name),
            name: w.name,
            kind: w.kind,
            url,
            size,
            file,
        });
    }
    out
}

/// The warning for each file of the walk that is neither a statement nor claimed by an item
/// (`claimed`), nor carries the stem of a statement file beside it (`statements`: an item with
/// errors still owns its files).
pub(crate) fn unclaimed(
    others: &[OtherFile],
    claimed: &BTreeSet<PathBuf>,
    statements: &[&Path],
) -> Vec<Diagnostic> {
    let unclaimed: Vec<&OtherFile> = others
        .iter()
        .filter(|o| !claimed.contains(&o.path))
        .collect();
    // The statements' stems only when some file is left to judge: most folders hold statements
    // and the files they claim, and a stem and a sorted path per statement were 30 M
    // instructions of a build after one addition at 10,000 items.
    if unclaimed.is_empty() {
        return Vec::new();
    }
    let stems: BTreeSet<(&Path, String)> = statements
        .iter()
        .filter_map(|p| Some((p.parent()?, crate::collect::stem_of(p))))
        .collect();
    unclaimed
        .into_iter()
        .filter(|o| {
            let (Some(dir), Some(name)) = (o.path.parent(), o.path.file_name()) else {
                return true;
            };
            let name = name.to_string_lossy();
            !stems
                .iter()
                .any(|(d, stem)| *d == dir && is_sibling(&name, stem))
        })
        .map(OtherFile::skipped)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_carry_the_stem_and_an_optional_number() {
        assert!(is_sibling("foo.pdf", "foo"));
        assert!(is_sibling("foo.2.jpg", "foo"));
        assert!(is_sibling("foo.pt.pdf", "foo.pt"));
        assert!(
            !is_sibling("foo.pt.pdf", "foo"),
            "a language is not a number"
        );
        assert!(!is_sibling("foobar.pdf", "foo"));
        assert!(!is_sibling("foo.", "foo"));
        assert!(!is_sibling("foo", "foo"));
    }

    #[test]
    fn names_stay_inside_the_items_folder() {
        assert!(check_name("signed.pdf").is_ok());
        assert!(check_name("scans/page-1.jpg").is_ok());
        for bad in [
            "../secret.pdf",
            "a/../../b.pdf",
            "/etc/passwd",
            "https://example.org/x.pdf",
            ".hidden.pdf",
            "a/.git/config",
            "a//b.pdf",
            "other.md",
            "page.html",
            "logo.svg",
            "C:\\x.pdf",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_relative_file_images_are_local() {
        assert_eq!(local_image("chart.png"), Some("chart.png"));
        assert_eq!(local_image("./img/chart.png"), Some("img/chart.png"));
        for link in [
            "https://example.org/a.png",
            "/logo.png",
            "../x.png",
            "a.png?v=2",
            "a%20b.png",
            "",
        ] {
            assert_eq!(local_image(link), None, "{link}");
        }
    }

    #[test]
    fn media_types_come_from_the_extension() {
        assert_eq!(media_type("signed.pdf"), "application/pdf");
        assert_eq!(media_type("lead.JPG"), "image/jpeg");
        assert_eq!(media_type("speech.mp3"), "audio/mpeg");
        assert_eq!(media_type("clip.mp4"), "video/mp4");
        assert_eq!(media_type("data.unknownext"), "application/octet-stream");
    }

    #[test]
    fn urls_are_percent_encoded_under_the_page_folder() {
        let base = Url::parse("https://example.org/statements/").unwrap();
        let url = url_of(&base, "2024/foo/", "scans/page one.jpg").unwrap();
        assert_eq!(
            url.as_str(),
            "https://example.org/statements/2024/foo/scans/page%20one.jpg"
        );
    }
}
