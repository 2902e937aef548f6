//! Which documents of the output folder are **closed archives**: RFC 5005 archive documents
//! that are not the newest of their feed, so they will never change again and a cache may keep
//! them for a year (`immutable`).
//!
//! The decision is read from the documents themselves, never from their paths, since the feed
//! set (which feeds have archives, in which formats, under which names) belongs to the build:
//! - Atom and RSS: the document carries `<fh:archive/>` (RFC 5005 section 4) and an Atom
//!   `link rel="next-archive"` (a newer archive exists). With `fh:archive` but no
//!   `next-archive`, it is the newest archive, which still changes when an item of its period
//!   is added or edited.
//! - JSON Feed has no archive marker; its history is the `next_url` chain from the subscription
//!   document to older and older archives. A document another document's `next_url` names is an
//!   archive; one named by an archive's `next_url` has a newer archive, so it is closed.
//!
//! Only the feed-level metadata of an XML document is read: reading stops at the first
//! `entry` (Atom) or `item` (RSS). RFC 4287 would let metadata follow the entries, but
//! communique's writers (and the common ones) put it first, and this keeps a push from
//! parsing every archive in full.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use serde::Deserialize;

const ATOM: &[u8] = b"http://www.w3.org/2005/Atom";
const HISTORY: &[u8] = b"http://purl.org/syndication/history/1.0";

/// Where a document sits in its feed's history, as far as it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum History {
    /// Not an archive document (a subscription feed, a page, anything else).
    NotArchive,
    /// The newest archive: it changes while its period is open.
    Open,
    /// An archive with a newer one after it: it never changes again.
    Closed,
}

/// The history of an Atom or RSS document from its feed-level metadata. Anything that is not
/// well-formed up to the first entry counts as what was read before the error.
pub(crate) fn xml_history(bytes: &[u8]) -> History {
    let mut reader = NsReader::from_reader(bytes);
    let mut buf = Vec::new();
    let (mut archive, mut next) = (false, false);
    loop {
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ResolveResult::Bound(ns), event)) => (Some(ns.into_inner()), event),
            Ok((_, event)) => (None, event),
            Err(_) => break,
        };
        let element = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let local = element.local_name().into_inner();
        match (ns, local) {
            (Some(ATOM), b"entry") | (None, b"item") => break,
            (Some(HISTORY), b"archive") => archive = true,
            (Some(ATOM), b"link") => {
                next |= element.attributes().flatten().any(|a| {
                    a.key.local_name().into_inner() == b"rel" && &*a.value == b"next-archive"
                })
            }
            _ => {}
        }
        buf.clear();
    }
    match (archive, next) {
        (false, _) => History::NotArchive,
        (true, false) => History::Open,
        (true, true) => History::Closed,
    }
}

/// The paging fields of a JSON Feed document.
#[derive(Debug, Deserialize)]
struct Paging {
    version: String,
    #[serde(default)]
    feed_url: Option<String>,
    #[serde(default)]
    next_url: Option<String>,
}

/// A JSON Feed document's own URL and the next (older) one, or `None` when `bytes` are not
/// JSON Feed.
pub(crate) fn json_paging(bytes: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let paging: Paging = serde_json::from_slice(bytes).ok()?;
    paging
        .version
        .starts_with("https://jsonfeed.org/version/")
        .then_some((paging.feed_url, paging.next_url))
}

/// The history of each JSON Feed document, keyed like `docs` (`key → (feed_url, next_url)`),
/// from the `next_url` chains among them (see the module documentation).
pub(crate) fn json_histories<K: Ord + Clone>(
    docs: &BTreeMap<K, (Option<String>, Option<String>)>,
) -> BTreeMap<K, History> {
    let named: BTreeSet<&str> = docs
        .values()
        .filter_map(|(_, next)| next.as_deref())
        .collect();
    let named_by_archive: BTreeSet<&str> = docs
        .values()
        .filter(|(own, _)| own.as_deref().is_some_and(|u| named.contains(u)))
        .filter_map(|(_, next)| next.as_deref())
        .collect();
    docs.iter()
        .map(|(key, (own, _))| {
            let history = match own.as_deref() {
                Some(u) if named_by_archive.contains(u) => History::Closed,
                Some(u) if named.contains(u) => History::Open,
                _ => History::NotArchive,
            };
            (key.clone(), history)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(extra: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" \
             xmlns:fh=\"http://purl.org/syndication/history/1.0\">{extra}\
             <entry><link rel=\"next-archive\" href=\"x\"/></entry></feed>"
        )
    }

    #[test]
    fn atom_archives_are_closed_only_with_a_newer_archive() {
        let closed = atom("<fh:archive/><link rel=\"next-archive\" href=\"https://e/2023.xml\"/>");
        assert_eq!(xml_history(closed.as_bytes()), History::Closed);
        let open = atom("<fh:archive/><link rel=\"prev-archive\" href=\"https://e/2021.xml\"/>");
        assert_eq!(xml_history(open.as_bytes()), History::Open);
        // A subscription document links to archives but is none; links inside entries do
        // not count.
        let subscription = atom("<link rel=\"prev-archive\" href=\"https://e/2021.xml\"/>");
        assert_eq!(xml_history(subscription.as_bytes()), History::NotArchive);
        // The marker must be in RFC 5005's namespace, whatever its prefix.
        let other = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:h=\"urn:x\"><h:archive/>\
                     <link rel=\"next-archive\" href=\"y\"/></feed>";
        assert_eq!(xml_history(other.as_bytes()), History::NotArchive);
        let prefixed = "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\" \
                        xmlns:h=\"http://purl.org/syndication/history/1.0\"><h:archive/>\
                        <a:link rel=\"next-archive\" href=\"y\"/></a:feed>";
        assert_eq!(xml_history(prefixed.as_bytes()), History::Closed);
        assert_eq!(xml_history(b"not xml <<<"), History::NotArchive);
    }

    #[test]
    fn rss_archives_use_atom_links() {
        let rss = |extra: &str| {
            format!(
                "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
                 xmlns:fh=\"http://purl.org/syndication/history/1.0\"><channel><title>t</title>\
                 <fh:archive>\n</fh:archive>{extra}<item><title>i</title></item></channel></rss>"
            )
        };
        let closed = rss("<atom:link rel=\"next-archive\" href=\"https://e/2023.rss\"/>");
        assert_eq!(xml_history(closed.as_bytes()), History::Closed);
        assert_eq!(xml_history(rss("").as_bytes()), History::Open);
    }

    #[test]
    fn json_feed_archives_follow_the_next_url_chain() {
        let doc = |own: &str, next: Option<&str>| {
            let next = next.map_or(String::new(), |n| format!(",\"next_url\":\"{n}\""));
            format!(
                "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\
                 \"feed_url\":\"{own}\"{next},\"items\":[]}}"
            )
        };
        let mut docs = BTreeMap::new();
        for (path, own, next) in [
            (
                "feed.json",
                "https://e/feed.json",
                Some("https://e/a/2024.json"),
            ),
            (
                "a/2024.json",
                "https://e/a/2024.json",
                Some("https://e/a/2023.json"),
            ),
            (
                "a/2023.json",
                "https://e/a/2023.json",
                Some("https://e/a/2022.json"),
            ),
            ("a/2022.json", "https://e/a/2022.json", None),
            ("other.json", "https://e/other.json", None),
        ] {
            let paging = json_paging(doc(own, next).as_bytes()).unwrap();
            docs.insert(path, paging);
        }
        assert_eq!(json_paging(b"{\"version\":\"1\"}"), None);
        assert_eq!(json_paging(b"[1, 2]"), None);
        let histories = json_histories(&docs);
        assert_eq!(histories["feed.json"], History::NotArchive);
        assert_eq!(histories["a/2024.json"], History::Open);
        assert_eq!(histories["a/2023.json"], History::Closed);
        assert_eq!(histories["a/2022.json"], History::Closed);
        assert_eq!(histories["other.json"], History::NotArchive);
    }
}
