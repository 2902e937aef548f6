//! Each output document's **input fingerprint**, so that `build` renders only the documents
//! whose inputs changed.
//!
//! A fingerprint hashes what a document is made from, named by the plan, never how it is
//! rendered: the [`RunKey`] (binary, configuration), the templates, the document's path, URL and
//! kind, the plan's data for it (its feed's and archive's names, periods and links), the digests
//! of its items in order, and the feed links it shows: an item page only the main feeds', its
//! language's and its tags' (what `render_page` hands its template, a user's too), a language
//! or tag page its own feed's, the index, the OPML list and the sitemap every feed's. An item's
//! digest hashes the whole normalised [`Item`] (its translations included). So a change to
//! anything a document shows changes its fingerprint, while a new tag or language re-renders
//! only the documents that show it.
//!
//! The store (`<state_dir>/documents.bin`, postcard) keeps, per output path, the fingerprint it
//! was rendered from and the stamp of the file written. A document is rendered again unless both
//! match: a file deleted or edited since is rendered and written again. The store is written
//! after the files, so a run killed in between leaves entries whose stamps or fingerprints no
//! longer match, and the next run renders those documents again.

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::record::RecordItem;
use super::{Digest, Hash, RunKey, Stamp};
use crate::config::Config;
use crate::model::Item;
use crate::plan::{ArchivePlan, FeedKind, FeedPlan, Kind, SitePlan};
use crate::render::html::Templates;
use crate::types::feed::FeedFormat;
use crate::types::stamp::{OutputsSeen, StampsUnder};

/// The store's file name in the state folder.
pub(crate) const FILE: &str = "documents.bin";

/// The store's file before it was binary: removed when the new one is written.
const OLD_FILE: &str = "documents.json";

/// The fingerprint of every document of `plan`, in the plan's order.
pub(crate) fn fingerprints(
    all: &[Item],
    digests: Option<&[Digest]>,
    config: &Config,
    plan: &SitePlan,
    templates: &Templates,
) -> Vec<Digest> {
    let mut base = Hash::new();
    base.digest(RunKey::of(config).0);
    for (name, source) in [&templates.item, &templates.index, &templates.list] {
        base.field(name.as_bytes()).field(source.as_bytes());
    }
    let base = base.finish();
    let computed: Vec<Digest>;
    let items = match digests.filter(|d| d.len() == all.len()) {
        Some(digests) => digests,
        None => {
            computed = all
                .par_iter()
                .map(|i| item_digest(base_digest(i), i))
                .collect();
            &computed
        }
    };
    let feeds: Vec<Digest> = plan.feeds.iter().map(feed_digest).collect();
    let links: Vec<Digest> = (0..plan.feeds.len())
        .map(|f| feed_links_digest(plan, f))
        .collect();
    let site = site_digest(plan);
    let every_link = every_link_digest(site, &links);
    let main_links = main_links_digest(site, plan, &links);
    let tags = tag_link_digests(all, plan, config);
    plan.documents
        .par_iter()
        .map(|doc| {
            let mut h = Hash::new();
            h.digest(base)
                .field(doc.path.as_bytes())
                .field(doc.url.as_str().as_bytes())
                .field(kind_name(doc.kind).as_bytes());
            match doc.kind {
                Kind::Feed { feed, .. } => {
                    h.digest(feeds[feed]);
                    each(&mut h, items, &plan.feeds[feed].items);
                    each(&mut h, items, &plan.feeds[feed].withdrawn);
                }
                Kind::Archive { feed, archive, .. } => {
                    h.digest(feeds[feed]);
                    each(&mut h, items, &plan.feeds[feed].archives[archive].items);
                }
                Kind::Page { item } => {
                    // The page names its statement's original (JSON-LD `translationOfWork`).
                    let original = plan.statements.original_of(item);
                    h.digest(items[item]).digest(items[original]);
                    page_links(&mut h, main_links, &links, &tags, plan, config, &all[item]);
                }
                Kind::Redirect { item, .. } => {
                    h.digest(items[item]);
                }
                Kind::Index => {
                    h.digest(every_link);
                    each(&mut h, items, &plan.published);
                }
                Kind::Opml => {
                    h.digest(every_link);
                }
                // The page shows its own feed's links only.
                Kind::FeedPage { feed } => {
                    h.digest(site).digest(links[feed]).digest(feeds[feed]);
                    each(&mut h, items, &plan.feeds[feed].members);
                }
                Kind::Sitemap => {
                    h.digest(every_link);
                    each(&mut h, items, &plan.published);
                }
                // Its bytes are the binary's (in the base digest).
                Kind::Stylesheet => {}
            }
            h.finish()
        })
        .collect()
}

/// What kind of document, and in which format: the kind without the indices it holds, which
/// move when an item or a feed comes before them (what they name is hashed by digest).
fn kind_name(kind: Kind) -> String {
    match kind {
        Kind::Feed { format, .. } => format!("feed {format:?}"),
        Kind::Archive { format, .. } => format!("archive {format:?}"),
        Kind::Page { .. } => "page".to_owned(),
        Kind::Redirect { .. } => "redirect".to_owned(),
        Kind::Index => "index".to_owned(),
        Kind::Opml => "opml".to_owned(),
        Kind::FeedPage { .. } => "feed page".to_owned(),
        Kind::Sitemap => "sitemap".to_owned(),
        Kind::Stylesheet => "stylesheet".to_owned(),
    }
}

/// The digests of `indices` in order, into `h`.
fn each(h: &mut Hash, items: &[Digest], indices: &[usize]) {
    h.field(&(indices.len() as u64).to_le_bytes());
    for &i in indices {
        h.digest(items[i]);
    }
}

/// The digest of everything an item holds: [`base_digest`], its translations and its files
/// (which are settled across items on every run, after the item cache).
pub(crate) fn item_digest(base: Digest, item: &Item) -> Digest {
    let mut h = Hash::new();
    h.digest(base);
    // Writing into a hasher cannot fail, and these values always serialise.
    let _ = serde_json::to_writer(&mut h, &item.translations);
    let _ = serde_json::to_writer(&mut h, &item.attachments);
    h.finish()
}

/// The digest of an item as one file makes it: the file it came from, what the item cache keeps
/// of it but its translations (its record's postcard bytes, [`RecordItem::base_bytes`]), and
/// its content's HTML. The record spells out every field (its conversion destructures the
/// item, so a new field cannot be left out); it replaced the item's JSON form here, whose
/// serialisation was about a twentieth of a cold build's instructions.
pub(crate) fn base_digest(item: &Item) -> Digest {
    digest_with_record(item, &RecordItem::base_bytes(item))
}

/// [`base_digest`] of an item as it was just normalised, with its record's postcard bytes when
/// they are its base bytes (it has no translations yet: they are settled later): its
/// item-cache entry then holds those bytes as they are, so a file read this run has its record
/// made and encoded once.
pub(crate) fn base_digest_and_record(item: &Item) -> (Digest, Option<Vec<u8>>) {
    if !item.translations.is_empty() {
        return (base_digest(item), None);
    }
    match RecordItem::encode(item) {
        Ok(record) => (digest_with_record(item, &record), Some(record)),
        Err(_) => (base_digest(item), None),
    }
}

/// The base digest of `item` whose record (translations left out) encodes as `record`.
fn digest_with_record(item: &Item, record: &[u8]) -> Digest {
    let mut h = Hash::new();
    h.field(item.file.as_os_str().as_encoded_bytes())
        .field(record)
        .field(item.content_html.as_bytes());
    h.finish()
}

/// A feed's names, folders and archive periods: everything of its plan but its items (which a
/// document hashes by their digests). Destructured so that a new field cannot be forgotten.
fn feed_digest(feed: &FeedPlan) -> Digest {
    let FeedPlan {
        kind,
        dir,
        title,
        subtitle,
        lang,
        id,
        items: _,
        archives,
        complete,
        content,
        members: _,
        withdrawn: _,
    } = feed;
    let mut h = Hash::new();
    h.field(format!("{kind:?}").as_bytes())
        .field(dir.as_bytes())
        .field(title.as_bytes())
        .field(format!("{subtitle:?}").as_bytes())
        .field(lang.as_bytes())
        .field(id.as_bytes())
        .field(&[u8::from(*complete)])
        .field(format!("{content:?}").as_bytes());
    for archive in archives {
        let ArchivePlan {
            lang,
            period,
            dir,
            id,
            items: _,
        } = archive;
        h.field(lang.as_bytes())
            .field(period.as_bytes())
            .field(dir.as_bytes())
            .field(id.as_bytes());
    }
    h.finish()
}

/// One feed as a page, the index or the OPML list links to it (`render::html::FeedLinks`): its
/// title, language, the URLs of its subscription documents and of its HTML page.
fn feed_links_digest(plan: &SitePlan, feed: usize) -> Digest {
    let mut h = Hash::new();
    h.field(plan.feeds[feed].title.as_bytes())
        .field(plan.feeds[feed].lang.as_bytes());
    for format in FeedFormat::ALL {
        h.field(plan.feed_url(feed, format).as_str().as_bytes());
    }
    optional_url(&mut h, plan.feed_page_url(feed));
    h.finish()
}

/// What the plan adds to the site-wide values every page shows (`render::html::Site`; the rest
/// is the configuration's, in the run key): whether pages are made, the OPML list's URL and the
/// stylesheet's.
fn site_digest(plan: &SitePlan) -> Digest {
    let mut h = Hash::new();
    h.field(&[u8::from(plan.pages)]);
    optional_url(&mut h, plan.opml_url());
    optional_url(&mut h, plan.stylesheet_url());
    h.finish()
}

/// An optional URL, told apart from an empty one.
fn optional_url(h: &mut Hash, url: Option<&url::Url>) {
    match url {
        Some(url) => h.field(&[1]).field(url.as_str().as_bytes()),
        None => h.field(&[0]),
    };
}

/// The whole feed set as the index, the OPML list and the sitemap show it: the site and every
/// feed's links, in order.
fn every_link_digest(site: Digest, links: &[Digest]) -> Digest {
    let mut h = Hash::new();
    h.digest(site);
    h.field(&(links.len() as u64).to_le_bytes());
    for &l in links {
        h.digest(l);
    }
    h.finish()
}

/// What every item page shows of the feed set: the site and the main feeds' links.
fn main_links_digest(site: Digest, plan: &SitePlan, links: &[Digest]) -> Digest {
    let mut h = Hash::new();
    h.digest(site);
    for (feed, &l) in plan.feeds.iter().zip(links) {
        if feed.kind == FeedKind::All {
            h.digest(l);
        }
    }
    h.finish()
}

/// What an item page shows of the feed set (`build::render`'s `render_page`), into `h`: the
/// main feeds' links (`main`), its language's feed's links (`SitePlan::language_feed`) and
/// where each of its tags links (`SitePlan::tag_link`), tag feeds being on. Only these: a new
/// tag or language elsewhere leaves the page as it is, so it is not rendered again.
fn page_links(
    h: &mut Hash,
    main: Digest,
    links: &[Digest],
    tags: &FxHashMap<&str, Digest>,
    plan: &SitePlan,
    config: &Config,
    item: &Item,
) {
    h.digest(main);
    match plan.language_feed(&item.lang.value) {
        Some(feed) => h.field(&[1]).digest(links[feed]),
        None => h.field(&[0]),
    };
    if !config.feeds.tags {
        return;
    }
    h.field(&(item.tags.value.len() as u64).to_le_bytes());
    for tag in &item.tags.value {
        h.digest(tags.get(tag.as_str()).copied().unwrap_or_default());
    }
}

/// Each tag spelling of `items` and where an item page links it (`SitePlan::tag_link`), as one
/// digest: made once per spelling (a slug is a transliteration), not once per page and tag.
/// Empty when tag feeds are off (pages then show no tags).
fn tag_link_digests<'i>(
    items: &'i [Item],
    plan: &SitePlan,
    config: &Config,
) -> FxHashMap<&'i str, Digest> {
    let mut digests = FxHashMap::default();
    if !config.feeds.tags {
        return digests;
    }
    for tag in items.iter().flat_map(|i| &i.tags.value) {
        digests.entry(tag.as_str()).or_insert_with(|| {
            let mut h = Hash::new();
            h.field(tag.as_bytes());
            optional_url(&mut h, plan.tag_link(tag));
            h.finish()
        });
    }
    digests
}

/// One document as the store file holds it: its path, the fingerprint it was rendered from
/// (16 bytes, little-endian: fixed width, so the file's layout is plain) and its file's stamp.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    path: String,
    fingerprint: [u8; 16],
    stamp: Stamp,
}

/// One document as it was last written.
#[derive(Clone, Copy, Debug)]
struct Entry {
    fingerprint: Digest,
    stamp: Stamp,
}

/// The head of the store file: the magic bytes, then the cache format in postcard.
const MAGIC: &[u8] = b"communique-documents\n";

/// The store: what each output path was rendered from.
///
/// Binary (`postcard`, one record a document), not JSON: at 10,000 items the JSON store was
/// about 2.4 MB, read and written whole on every build, a tenth of the instructions of a build
/// after one addition.
#[derive(Debug, Default)]
pub(crate) struct Store {
    documents: FxHashMap<String, Entry>,
}

impl Store {
    /// The store of `state_dir`; empty when there is none or it cannot be trusted.
    pub(crate) fn load(state_dir: &Path) -> Store {
        let path = state_dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::debug!(path = %path.display(), error = %e, "cache unreadable; ignored");
                }
                return Store::default();
            }
        };
        decode(&bytes).unwrap_or_else(|| {
            tracing::debug!(path = %path.display(), "cache corrupt or of another format; ignored");
            Store::default()
        })
    }

    /// The stamp of the file at `path` in the output folder when it is what a document with
    /// `fingerprint` renders: the store says it was written from that fingerprint, and the file
    /// still has the stamp it had then.
    ///
    /// The stamp the run's no-op check found for the file (`seen`) stands for a stat of it: that
    /// check ran at the start of the same locked run, so a file edited by hand since is taken
    /// for the one written, and the next run's no-op check sees the edit (`publish` passes no
    /// `seen`).
    pub(crate) fn fresh_stamp(
        &self,
        output: &StampsUnder<'_>,
        seen: &OutputsSeen,
        path: &str,
        fingerprint: Digest,
    ) -> Option<Stamp> {
        let entry = self.documents.get(path)?;
        if entry.fingerprint != fingerprint {
            return None;
        }
        let now = match seen.get(path) {
            Some(stamp) => stamp,
            None => output.read(path).ok()?,
        };
        (now == entry.stamp).then_some(now)
    }

    /// Writes the store of this run: for each document, its fingerprint and the stamp of its
    /// file as this run left it (a document whose file could not be stamped is left out, so it
    /// is rendered again).
    ///
    /// Written atomically (temporary file, rename) but not flushed to disk: the store is only
    /// ever trusted together with the stamps of the output files it names, and those were
    /// flushed before it was written. If a crash loses it, or leaves it empty or cut short, it
    /// does not decode whole and is ignored (every document is rendered again); an older
    /// version names stamps the files no longer have.
    pub(crate) fn save<'a>(
        state_dir: &Path,
        documents: impl IntoIterator<Item = (&'a str, Digest, Stamp)>,
    ) -> std::io::Result<()> {
        let records: Vec<Record> = documents
            .into_iter()
            .map(|(path, fingerprint, stamp)| Record {
                path: path.to_owned(),
                fingerprint: fingerprint.to_le_bytes(),
                stamp,
            })
            .collect();
        let mut bytes = MAGIC.to_vec();
        bytes = postcard::to_extend(&super::FORMAT, bytes).map_err(std::io::Error::other)?;
        bytes = postcard::to_extend(&records, bytes).map_err(std::io::Error::other)?;
        crate::write::replace_unflushed(&state_dir.join(FILE), &bytes)?;
        remove_if_there(&state_dir.join(OLD_FILE))
    }

    /// Removes the store (`build --no-cache`: nothing of it is used, and a new one is written).
    pub(crate) fn remove(state_dir: &Path) -> std::io::Result<()> {
        remove_if_there(&state_dir.join(FILE))?;
        remove_if_there(&state_dir.join(OLD_FILE))
    }
}

/// The store of a file's bytes, when they are a store of this format and decode whole.
fn decode(bytes: &[u8]) -> Option<Store> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (format, rest) = postcard::take_from_bytes::<u32>(rest).ok()?;
    if format != super::FORMAT {
        return None;
    }
    let (records, rest) = postcard::take_from_bytes::<Vec<Record>>(rest).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let documents = records
        .into_iter()
        .map(|r| {
            let entry = Entry {
                fingerprint: Digest::from_le_bytes(r.fingerprint),
                stamp: r.stamp,
            };
            (r.path, entry)
        })
        .collect();
    Some(Store { documents })
}

/// Removes the file at `path`; a file that is not there is no error.
fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(n: u64) -> Stamp {
        Stamp {
            size: n,
            inode: 7,
            mtime_ns: -3,
            ctime_ns: 1_700_000_000_000_000_000,
        }
    }

    #[test]
    fn a_stamp_the_no_op_check_found_stands_for_a_stat_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("atom.xml"), "<feed/>").unwrap();
        let on_disk = Stamp::read(&out.join("atom.xml")).unwrap();
        let store = Store {
            documents: [
                (
                    "atom.xml",
                    Entry {
                        fingerprint: 1,
                        stamp: on_disk,
                    },
                ),
                (
                    "gone.xml",
                    Entry {
                        fingerprint: 1,
                        stamp: stamp(3),
                    },
                ),
            ]
            .into_iter()
            .map(|(p, e)| (p.to_owned(), e))
            .collect(),
        };
        let under = StampsUnder::open(&out);
        let none = OutputsSeen::default();
        assert_eq!(
            store.fresh_stamp(&under, &none, "atom.xml", 1),
            Some(on_disk)
        );
        assert_eq!(
            store.fresh_stamp(&under, &none, "atom.xml", 2),
            None,
            "other inputs"
        );
        assert_eq!(
            store.fresh_stamp(&under, &none, "gone.xml", 1),
            None,
            "no file"
        );
        // What the check found is taken without a stat: a file it saw is fresh though gone
        // since, and a stamp it found other than the recorded one is not.
        let seen = OutputsSeen::new(vec![
            ("gone.xml".to_owned(), stamp(3)),
            ("atom.xml".to_owned(), stamp(4)),
        ]);
        assert_eq!(
            store.fresh_stamp(&under, &seen, "gone.xml", 1),
            Some(stamp(3))
        );
        assert_eq!(store.fresh_stamp(&under, &seen, "atom.xml", 1), None);
    }

    /// The base digest sees every field the item cache keeps, the content and the file, and
    /// not what is settled across items later (translations, files found beside it).
    #[test]
    fn the_base_digest_sees_what_one_file_makes() {
        let item = crate::cache::record::tests::item();
        let base = base_digest(&item);
        assert!(!item.translations.is_empty());
        let settled = Item {
            translations: Vec::new(),
            attachments: vec![crate::model::Attachment {
                name: "photo.jpg".to_owned(),
                kind: crate::model::AttachmentKind::Image,
                path: "2024/05/01/a/photo.jpg".to_owned(),
                url: url::Url::parse("https://example.org/2024/05/01/a/photo.jpg").unwrap(),
                media_type: "image/jpeg".to_owned(),
                size: 12,
                file: item.file.with_file_name("photo.jpg"),
            }],
            ..item.clone()
        };
        assert_eq!(base_digest(&settled), base);
        // Made with the record a cache entry holds: the same digest, and that record only for
        // an item without translations (whose record is then its base bytes).
        let (with_record, record) = base_digest_and_record(&settled);
        assert_eq!(with_record, base);
        assert_eq!(record, Some(RecordItem::encode(&settled).unwrap()));
        assert_eq!(base_digest_and_record(&item), (base, None));
        let offset = chrono::FixedOffset::east_opt(3600).unwrap();
        let changed = [
            Item {
                content_html: format!("{}.", item.content_html),
                ..item.clone()
            },
            Item {
                file: item.file.with_extension("txt"),
                ..item.clone()
            },
            Item {
                title: crate::model::Sourced::new(
                    item.title.value.clone(),
                    crate::model::Origin::Config,
                ),
                ..item.clone()
            },
            Item {
                published: crate::model::Sourced::new(
                    item.published.value.with_timezone(&offset),
                    item.published.origin.clone(),
                ),
                ..item.clone()
            },
            Item {
                draft: !item.draft,
                ..item.clone()
            },
        ];
        for other in changed {
            assert_ne!(base_digest(&other), base, "{other:?}");
        }
    }

    #[test]
    fn the_store_reads_back_what_it_wrote_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let documents = [
            ("a/index.html", 5u128, stamp(1)),
            ("b.xml", u128::MAX, stamp(2)),
        ];
        Store::save(dir.path(), documents.iter().copied()).unwrap();
        let bytes = std::fs::read(dir.path().join(FILE)).unwrap();
        let store = decode(&bytes).unwrap();
        assert_eq!(store.documents.len(), 2);
        for (path, fingerprint, stamp) in documents {
            let entry = store.documents[path];
            assert_eq!((entry.fingerprint, entry.stamp), (fingerprint, stamp));
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let mut other_format = MAGIC.to_vec();
        other_format.push(1);
        other_format.extend_from_slice(&bytes[MAGIC.len() + 1..]);
        for damaged in [
            &bytes[..bytes.len() - 1],
            &bytes[1..],
            &longer[..],
            &other_format[..],
            b"",
            b"{\"format\":2,\"documents\":{}}",
        ] {
            assert!(decode(damaged).is_none());
        }
    }
}
