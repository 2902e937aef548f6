//! What a push will do: the local files, in which order they go out, what each is served as,
//! and the difference from a target's manifest.
//!
//! The order is what keeps a target consistent when a push stops half-way:
//! 1. [`Stage::Pages`]: item pages, archive documents (anything under an `archive/` folder),
//!    assets, everything else;
//! 2. [`Stage::Indexes`]: `index.html` pages of feed folders, `*.opml` lists and the top-level
//!    `sitemap.xml`;
//! 3. [`Stage::Feeds`]: the subscription feeds (`atom.xml`, `rss.xml`, `feed.json`,
//!    `*.atom`, `*.rss`) outside `archive/` folders;
//! 4. deletions of files that vanished locally.
//!
//! A stage starts only when the previous one fully arrived, so a feed never links to a page the
//! target does not have yet, and nothing is deleted while something still links to it.
//!
//! How long a cache may keep each file ([`Lifetime`], [`cache_control`]) is read from what the
//! file says (see [`super::archive`]): closed archives for a year, `immutable`; subscription
//! feeds and the newest archive of each feed five minutes; everything else an hour.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::archive::{self, History};
use super::config::CacheRule;
use super::manifest::{Entry, Manifest, Stale};

/// Upload order; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Stage {
    Pages,
    Indexes,
    Feeds,
}

impl Stage {
    pub(crate) const ALL: [Stage; 3] = [Stage::Pages, Stage::Indexes, Stage::Feeds];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Stage::Pages => "pages and assets",
            Stage::Indexes => "index pages",
            Stage::Feeds => "feeds",
        }
    }
}

/// One file of the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LocalFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub stage: Stage,
    pub content_type: &'static str,
    pub lifetime: Lifetime,
}

/// How long a cache may keep a file: the default `Cache-Control` tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lifetime {
    /// Changes with every statement: subscription feeds, the newest archive of a feed.
    Short,
    /// Changes now and then: pages, index pages, OPML, assets.
    Medium,
    /// A closed archive: never changes again.
    Immutable,
}

impl Lifetime {
    /// The `Cache-Control` value when no configured rule matches.
    pub(crate) fn cache_control(self) -> &'static str {
        match self {
            Lifetime::Short => "public, max-age=300",
            Lifetime::Medium => "public, max-age=3600",
            Lifetime::Immutable => "public, max-age=31536000, immutable",
        }
    }
}

/// A link in the output folder whose target resolves outside it (carried inside the
/// `io::Error` of [`scan`]): nothing is pushed, since whoever can put a link there (an output
/// folder kept in the instance's repository) could otherwise publish any file the user can read.
#[derive(Debug, thiserror::Error)]
#[error("{} is a link to {}, outside the output folder", link.display(), target.display())]
pub(crate) struct LinkOutside {
    pub link: PathBuf,
    pub target: PathBuf,
}

/// Reads the output folder: every regular file (symbolic links followed while they stay inside
/// the folder; one leading out is a [`LinkOutside`] error), sorted by path, with its hash.
/// Temporary files of an interrupted build (`.communique-*.tmp`) are left out.
pub(crate) fn scan(output_dir: &Path) -> io::Result<Vec<LocalFile>> {
    let meta = std::fs::metadata(output_dir)?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            "the output folder is not a folder",
        ));
    }
    // The folder itself may be a link the user set up; what must not leave it is its content.
    let root = output_dir.canonicalize()?;
    let mut found: Vec<(String, String, u64, History)> = Vec::new();
    // JSON Feed documents (index into `found`): their history needs all of them.
    let mut json_docs = BTreeMap::new();
    for entry in walkdir::WalkDir::new(output_dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(io::Error::from)?;
        if entry.path_is_symlink() && entry.depth() > 0 {
            let target = entry.path().canonicalize()?;
            if !target.starts_with(&root) {
                return Err(io::Error::other(LinkOutside {
                    link: entry.path().to_owned(),
                    target,
                }));
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::write::is_temp_name(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output_dir)
            .map_err(io::Error::other)?;
        let mut parts = Vec::new();
        for c in rel.components() {
            match c.as_os_str().to_str() {
                Some(s) => parts.push(s),
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{}: file names must be UTF-8", entry.path().display()),
                    ))
                }
            }
        }
        let path = parts.join("/");
        let (sha256, size, history) = match Syntax::of(content_type(&path)) {
            None => {
                let (sha256, size) = hash_file(entry.path())?;
                (sha256, size, History::NotArchive)
            }
            Some(syntax) => {
                let bytes = std::fs::read(entry.path())?;
                let history = match syntax {
                    Syntax::Xml => archive::xml_history(&bytes),
                    Syntax::Json => {
                        if let Some(paging) = archive::json_paging(&bytes) {
                            json_docs.insert(found.len(), paging);
                        }
                        History::NotArchive
                    }
                };
                (hash_bytes(&bytes), bytes.len() as u64, history)
            }
        };
        found.push((path, sha256, size, history));
    }
    for (i, history) in archive::json_histories(&json_docs) {
        found[i].3 = history;
    }
    let feed_dirs: BTreeSet<&str> = found
        .iter()
        .map(|(p, ..)| p.as_str())
        .filter(|p| is_subscription_feed(p))
        .map(parent)
        .collect();
    let files = found
        .iter()
        .map(|(path, sha256, size, history)| {
            let stage = stage(path, &feed_dirs);
            LocalFile {
                path: path.clone(),
                sha256: sha256.clone(),
                size: *size,
                stage,
                content_type: content_type(path),
                lifetime: lifetime(stage, *history),
            }
        })
        .collect();
    Ok(files)
}

/// The documents [`scan`] reads for their history: XML and JSON by media type.
enum Syntax {
    Xml,
    Json,
}

impl Syntax {
    fn of(content_type: &str) -> Option<Syntax> {
        let essence = content_type.split(';').next().unwrap_or_default();
        if essence.ends_with("/xml") || essence.ends_with("+xml") {
            Some(Syntax::Xml)
        } else if essence.ends_with("/json") || essence.ends_with("+json") {
            Some(Syntax::Json)
        } else {
            None
        }
    }
}

fn lifetime(stage: Stage, history: History) -> Lifetime {
    match (history, stage) {
        (History::Closed, _) => Lifetime::Immutable,
        (History::Open, _) | (History::NotArchive, Stage::Feeds) => Lifetime::Short,
        (History::NotArchive, _) => Lifetime::Medium,
    }
}

/// SHA-256 (hex) and size of a file, streamed.
pub(crate) fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex(&hasher.finalize()), size))
}

/// SHA-256 (hex) of bytes in memory.
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

fn is_feed_file(path: &str) -> bool {
    let name = file_name(path);
    matches!(name, "atom.xml" | "rss.xml" | "feed.json")
        || name.ends_with(".atom")
        || name.ends_with(".rss")
}

fn in_archive(path: &str) -> bool {
    parent(path).split('/').any(|segment| segment == "archive")
}

/// A feed readers subscribe to (as opposed to an archive document, which never changes much).
pub(crate) fn is_subscription_feed(path: &str) -> bool {
    is_feed_file(path) && !in_archive(path)
}

fn stage(path: &str, feed_dirs: &BTreeSet<&str>) -> Stage {
    if is_subscription_feed(path) {
        return Stage::Feeds;
    }
    let name = file_name(path);
    if name.ends_with(".opml")
        || path == "sitemap.xml"
        || (name == "index.html" && (path == name || feed_dirs.contains(parent(path))))
    {
        return Stage::Indexes;
    }
    Stage::Pages
}

/// The media type a file is served as, by name. S3 stores it with the object; WebDAV and SFTP
/// servers decide it themselves (see docs/push.md for the server snippets).
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = file_name(path);
    match name {
        "atom.xml" => return "application/atom+xml; charset=utf-8",
        "rss.xml" => return "application/rss+xml; charset=utf-8",
        "feed.json" => return "application/feed+json; charset=utf-8",
        _ => {}
    }
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "opml" => "text/x-opml; charset=utf-8",
        "xml" | "xsl" | "xslt" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Cache-Control for `file`: the first matching configured rule, else its [`Lifetime`]'s.
pub(crate) fn cache_control(rules: &[CacheRule], file: &LocalFile) -> String {
    match rules.iter().find(|r| r.matcher.is_match(&file.path)) {
        Some(rule) => rule.value.clone(),
        None => file.lifetime.cache_control().to_owned(),
    }
}

/// Files smaller than this are not pre-compressed: the saving would be less than a packet.
pub(crate) const PRECOMPRESS_MIN_BYTES: u64 = 1024;

/// Whether a pre-compressed variant of `file` is worth sending: text formats (HTML, XML, JSON,
/// CSS, JavaScript, SVG, plain text) of at least [`PRECOMPRESS_MIN_BYTES`]. Images, fonts and
/// PDF are compressed already.
pub(crate) fn compressible(file: &LocalFile) -> bool {
    let essence = file.content_type.split(';').next().unwrap_or_default();
    let text = essence.starts_with("text/")
        || Syntax::of(essence).is_some()
        || matches!(essence, "image/svg+xml" | "application/manifest+json");
    text && file.size >= PRECOMPRESS_MIN_BYTES
}

/// One file to send.
#[derive(Clone, Debug)]
pub(crate) struct Upload {
    pub file: LocalFile,
    /// Its bytes differ from what the manifest says the target holds (always true without a
    /// manifest). Only changed feeds are announced to WebSub hubs.
    pub changed: bool,
    /// Send a gzip-compressed variant too (or instead, on S3).
    pub gzip: bool,
    /// The target holds the file with another encoding than `gzip` asks for (precompression
    /// was switched on or off): it is sent again even with unchanged bytes.
    pub recode: bool,
}

/// What one push to one target does.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// In [`Stage`] order, then by path.
    pub uploads: Vec<Upload>,
    /// Paths in the manifest that vanished locally, sorted.
    pub deletes: Vec<String>,
    /// Files the target already holds.
    pub unchanged: usize,
    /// Why everything is sent, if it is.
    pub full_reason: Option<String>,
}

impl Plan {
    /// Compares the local files with the manifest (or its absence). With `gzip`, compressible
    /// files ([`compressible`]) are to go out gzip-compressed too.
    pub(crate) fn new(
        local: &[LocalFile],
        manifest: &Result<Manifest, Stale>,
        full: bool,
        gzip: bool,
    ) -> Plan {
        let known: BTreeMap<&str, &Entry> = match manifest {
            Ok(m) => m.files.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            Err(_) => BTreeMap::new(),
        };
        let full_reason = match (manifest, full) {
            (Err(stale), _) => Some(stale.to_string()),
            (Ok(_), true) => Some("--full".to_owned()),
            (Ok(_), false) => None,
        };
        let mut uploads = Vec::new();
        let mut unchanged = 0;
        for file in local {
            let known = known.get(file.path.as_str());
            let changed = match known {
                Some(e) => e.sha256 != file.sha256 || e.size != file.size,
                None => true,
            };
            let gzip = gzip && compressible(file);
            let recode = known.is_some_and(|e| e.gzip != gzip);
            if changed || full || recode {
                uploads.push(Upload {
                    file: file.clone(),
                    changed,
                    gzip,
                    recode,
                });
            } else {
                unchanged += 1;
            }
        }
        uploads.sort_by(|a, b| (a.file.stage, &a.file.path).cmp(&(b.file.stage, &b.file.path)));
        let local_paths: BTreeSet<&str> = local.iter().map(|f| f.path.as_str()).collect();
        let deletes = known
            .keys()
            .filter(|p| !local_paths.contains(*p))
            .map(|p| (*p).to_owned())
            .collect();
        Plan {
            uploads,
            deletes,
            unchanged,
            full_reason,
        }
    }

    pub(crate) fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.file.size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(paths: &[&str]) -> Vec<LocalFile> {
        let feed_dirs: BTreeSet<&str> = paths
            .iter()
            .copied()
            .filter(|p| is_subscription_feed(p))
            .map(parent)
            .collect();
        paths
            .iter()
            .map(|p| LocalFile {
                path: (*p).to_owned(),
                sha256: hash_bytes(p.as_bytes()),
                size: p.len() as u64,
                stage: stage(p, &feed_dirs),
                content_type: content_type(p),
                lifetime: Lifetime::Medium,
            })
            .collect()
    }

    #[test]
    fn stages_put_feeds_last_and_archives_first() {
        let files = local(&[
            "atom.xml",
            "index.html",
            "feeds.opml",
            "2024/a/index.html",
            "archive/2024/atom.xml",
            "en/archive/2023/feed.json",
            "en/rss.xml",
            "en/index.html",
            "tags/x/feed.atom",
            "style.css",
        ]);
        let stage_of = |p: &str| files.iter().find(|f| f.path == p).unwrap().stage;
        assert_eq!(stage_of("atom.xml"), Stage::Feeds);
        assert_eq!(stage_of("en/rss.xml"), Stage::Feeds);
        assert_eq!(stage_of("tags/x/feed.atom"), Stage::Feeds);
        assert_eq!(stage_of("index.html"), Stage::Indexes);
        assert_eq!(stage_of("en/index.html"), Stage::Indexes);
        assert_eq!(stage_of("feeds.opml"), Stage::Indexes);
        assert_eq!(stage_of("2024/a/index.html"), Stage::Pages);
        assert_eq!(stage_of("archive/2024/atom.xml"), Stage::Pages);
        assert_eq!(stage_of("en/archive/2023/feed.json"), Stage::Pages);
        assert_eq!(stage_of("style.css"), Stage::Pages);

        let plan = Plan::new(&files, &Err(Stale::Missing), false, false);
        let order: Vec<&str> = plan.uploads.iter().map(|u| u.file.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "2024/a/index.html",
                "archive/2024/atom.xml",
                "en/archive/2023/feed.json",
                "style.css",
                "en/index.html",
                "feeds.opml",
                "index.html",
                "atom.xml",
                "en/rss.xml",
                "tags/x/feed.atom",
            ]
        );
        assert_eq!(
            plan.full_reason.as_deref(),
            Some("no manifest from an earlier push")
        );
        assert!(plan.deletes.is_empty());
    }

    #[test]
    fn content_types_have_charsets_where_text() {
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("en/rss.xml"),
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("feed.json"),
            "application/feed+json; charset=utf-8"
        );
        assert_eq!(
            content_type("x/feed.atom"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("feeds.opml"), "text/x-opml; charset=utf-8");
        assert_eq!(content_type("logo.PNG"), "image/png");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn diff_sends_changed_deletes_vanished_and_full_resends() {
        let files = local(&["atom.xml", "a.html", "b.html"]);
        let mut m = Manifest::empty("t", "d");
        for f in &files {
            m.files.insert(
                f.path.clone(),
                Entry {
                    sha256: f.sha256.clone(),
                    size: f.size,
                    content_type: f.content_type.to_owned(),
                    gzip: false,
                },
            );
        }
        m.files.get_mut("a.html").unwrap().sha256 = "old".into();
        m.files
            .insert("gone.html".into(), m.files["b.html"].clone());
        let m = Ok(m);
        let plan = Plan::new(&files, &m, false, false);
        let sent: Vec<_> = plan
            .uploads
            .iter()
            .map(|u| (u.file.path.as_str(), u.changed))
            .collect();
        assert_eq!(sent, [("a.html", true)]);
        assert_eq!(plan.deletes, ["gone.html"]);
        assert_eq!(plan.unchanged, 2);
        assert_eq!(plan.full_reason, None);

        let plan = Plan::new(&files, &m, true, false);
        assert_eq!(plan.uploads.len(), 3);
        assert_eq!(plan.uploads.iter().filter(|u| u.changed).count(), 1);
        assert_eq!(plan.full_reason.as_deref(), Some("--full"));
    }

    #[test]
    fn scan_skips_temporary_files_and_hashes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(dir.path().join("atom.xml"), "abc").unwrap();
        std::fs::write(dir.path().join("en/index.html"), "x").unwrap();
        std::fs::write(dir.path().join(".communique-123.tmp"), "half").unwrap();
        let files = scan(dir.path()).unwrap();
        let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["atom.xml", "en/index.html"]);
        assert_eq!(
            files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(files[1].stage, Stage::Pages);
        assert!(scan(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn lifetimes_come_from_what_the_documents_say() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        let atom = |head: &str| {
            format!(
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" \
                 xmlns:fh=\"http://purl.org/syndication/history/1.0\">{head}</feed>"
            )
        };
        // No `archive/` in these paths: the history is read from the documents.
        write(
            "old/2022.atom",
            &atom("<fh:archive/><link rel=\"next-archive\" href=\"https://e/old/2023.atom\"/>"),
        );
        write("old/2023.atom", &atom("<fh:archive/>"));
        write(
            "atom.xml",
            &atom("<link rel=\"prev-archive\" href=\"https://e/old/2023.atom\"/>"),
        );
        write("index.html", "<!doctype html>");
        write("2024/x/index.html", "<!doctype html>");
        let files = scan(dir.path()).unwrap();
        let lifetime = |p: &str| files.iter().find(|f| f.path == p).unwrap().lifetime;
        assert_eq!(lifetime("old/2022.atom"), Lifetime::Immutable);
        assert_eq!(lifetime("old/2023.atom"), Lifetime::Short);
        assert_eq!(lifetime("atom.xml"), Lifetime::Short);
        assert_eq!(lifetime("index.html"), Lifetime::Medium);
        assert_eq!(lifetime("2024/x/index.html"), Lifetime::Medium);
        let file = files.iter().find(|f| f.path == "old/2022.atom").unwrap();
        assert_eq!(
            cache_control(&[], file),
            "public, max-age=31536000, immutable"
        );
        let rule = CacheRule {
            pattern: "old/**".into(),
            matcher: globset::Glob::new("old/**").unwrap().compile_matcher(),
            value: "no-cache".into(),
        };
        assert_eq!(cache_control(&[rule], file), "no-cache");
    }

    #[test]
    fn gzip_goes_to_large_text_files_and_a_switch_resends() {
        let mut files = local(&["a.html", "b.png", "c.html"]);
        files[0].size = 4096;
        files[1].size = 4096;
        files[2].size = 100;
        let plan = Plan::new(&files, &Err(Stale::Missing), false, true);
        let gzip: Vec<_> = plan
            .uploads
            .iter()
            .map(|u| (u.file.path.as_str(), u.gzip))
            .collect();
        assert_eq!(
            gzip,
            [("a.html", true), ("b.png", false), ("c.html", false)]
        );

        let mut m = Manifest::empty("t", "d");
        for u in &plan.uploads {
            let entry = Entry {
                sha256: u.file.sha256.clone(),
                size: u.file.size,
                content_type: u.file.content_type.to_owned(),
                gzip: u.gzip,
            };
            m.files.insert(u.file.path.clone(), entry);
        }
        let m = Ok(m);
        assert!(Plan::new(&files, &m, false, true).uploads.is_empty());
        let off = Plan::new(&files, &m, false, false);
        let sent: Vec<_> = off
            .uploads
            .iter()
            .map(|u| (u.file.path.as_str(), u.changed, u.recode, u.gzip))
            .collect();
        assert_eq!(sent, [("a.html", false, true, false)]);
    }
}
