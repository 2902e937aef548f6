//! The site plan: every document once, no two documents on one path, URLs from `base_url` and
//! the path, the right kinds in the right order, and push sending each kind in its stage.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::collect::{self, Format};
use crate::config::RawConfig;

/// A configuration with `extra` appended (resolved inside `dir`), and the items of `files`
/// (`(name, text)`), normalised.
fn site(dir: &Path, extra: &str, files: &[(&str, &str)]) -> (Config, Vec<Item>) {
    let text = format!(
        "title = \"T\"\nbase_url = \"https://example.org/news\"\nauthor = \"A\"\n\
         id_authority = \"example.org\"\nid_date = \"2022\"\n{extra}"
    );
    std::fs::create_dir_all(dir.join("items")).unwrap();
    let config = RawConfig::parse(&text, "config.toml")
        .unwrap()
        .resolve(&dir.join("config.toml"), dir)
        .unwrap();
    let mut diagnostics = Vec::new();
    let sources: Vec<_> = files
        .iter()
        .map(|(name, body)| {
            let path = dir.join("items").join(name);
            collect::read_file(
                &path,
                format!("items/{name}"),
                Format::Markdown,
                body.as_bytes(),
                &config.limits,
                &mut diagnostics,
            )
            .unwrap()
        })
        .collect();
    let (items, diagnostics) = crate::normalise::normalise_all(&sources, &config);
    assert_eq!(items.len(), files.len(), "{diagnostics:#?}");
    (config, items)
}

const FILES: &[(&str, &str)] = &[
    (
        "2021-05-01-old.md",
        "+++\ntitle = \"Old\"\nlang = \"en\"\ntags = [\"Peace\"]\n+++\nText.\n",
    ),
    (
        "2022-01-08-new.md",
        "+++\ntitle = \"New\"\nlang = \"pt\"\ntags = [\"Peace\", \"Work\"]\n+++\nTexto.\n",
    ),
    (
        "2022-02-01-draft.md",
        "+++\ntitle = \"Draft\"\nlang = \"en\"\ndraft = true\n+++\nText.\n",
    ),
];

fn plan_of(extra: &str) -> (Config, Vec<Item>, SitePlan) {
    let dir = tempfile::tempdir().unwrap();
    let (config, items) = site(dir.path(), extra, FILES);
    let plan = SitePlan::new(&items, &config, &mut Vec::new()).unwrap();
    (config, items, plan)
}

#[test]
fn every_document_has_its_own_path() {
    let (_, _, plan) = plan_of("");
    let paths: BTreeSet<&str> = plan.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths.len(),
        plan.documents.len(),
        "no two documents on one path"
    );
    let kinds: BTreeSet<String> = plan
        .documents
        .iter()
        .map(|d| format!("{:?}", d.kind))
        .collect();
    assert_eq!(kinds.len(), plan.documents.len(), "every document once");
}

#[test]
fn the_default_site_is_listed_in_write_order() {
    let (_, items, plan) = plan_of("");
    let paths: Vec<&str> = plan.documents.iter().map(|d| d.path.as_str()).collect();
    let feed = |dir: &str| {
        let mut v = Vec::new();
        for name in ["atom.xml", "rss.xml", "feed.json"] {
            v.push(format!("{dir}{name}"));
            for year in ["2021", "2022"] {
                v.push(format!("{dir}archive/{year}/{name}"));
            }
        }
        v
    };
    let one_year = |dir: &str, year: &str| {
        ["atom.xml", "rss.xml", "feed.json"]
            .iter()
            .flat_map(|name| {
                [
                    format!("{dir}{name}"),
                    format!("{dir}archive/{year}/{name}"),
                ]
            })
            .collect::<Vec<_>>()
    };
    let mut expected = feed("");
    expected.extend(one_year("en/", "2021"));
    expected.extend(one_year("pt/", "2022"));
    expected.extend(feed("tags/peace/"));
    expected.extend(one_year("tags/work/", "2022"));
    expected.push("feeds.opml".to_owned());
    expected.push("2022/2022-01-08-new/index.html".to_owned());
    expected.push("2021/2021-05-01-old/index.html".to_owned());
    expected.push("index.html".to_owned());
    assert_eq!(paths, expected);

    // The draft has no page and is in no feed.
    let draft = items.iter().position(|i| i.draft).unwrap();
    assert!(!plan.published.contains(&draft));
    assert!(plan
        .documents
        .iter()
        .all(|d| d.kind != Kind::Page { item: draft }));
}

#[test]
fn urls_are_base_url_and_path() {
    let (config, items, plan) = plan_of("");
    for doc in &plan.documents {
        let served = doc.path.strip_suffix("index.html").unwrap_or(&doc.path);
        assert_eq!(
            doc.url,
            config.base_url.join(served).unwrap(),
            "{}",
            doc.path
        );
        assert!(doc.url.as_str().starts_with("https://example.org/news/"));
        if let Kind::Page { item } = doc.kind {
            assert_eq!(
                Some(&doc.url),
                items[item].url.as_ref(),
                "entries link to it"
            );
        }
    }
    let atom = plan
        .documents
        .iter()
        .find(|d| d.path == "tags/work/atom.xml");
    assert_eq!(
        plan.tag_feed_url("work", FeedFormat::Atom),
        atom.map(|d| &d.url)
    );
    assert_eq!(
        plan.opml_url().map(Url::as_str),
        Some("https://example.org/news/feeds.opml")
    );
}

#[test]
fn kinds_match_the_paths() {
    let (_, _, plan) = plan_of("feed_names = \"extensions\"\n");
    for doc in &plan.documents {
        let name = doc.path.rsplit('/').next().unwrap();
        match doc.kind {
            Kind::Feed { feed, format } => {
                assert_eq!(doc.path, format!("{}{name}", plan.feeds[feed].dir));
                assert_eq!(
                    name,
                    format.file_name_in(crate::render::FeedNames::Extensions)
                );
                assert_eq!(&doc.url, plan.feed_url(feed, format));
            }
            Kind::Archive {
                feed,
                archive,
                format,
            } => {
                let dir = &plan.feeds[feed].archives[archive].dir;
                assert_eq!(doc.path, format!("{dir}{name}"));
                assert!(doc.path.contains("archive/"));
                assert_eq!(&doc.url, plan.archive_url(feed, archive, format));
            }
            Kind::Page { .. } => assert_eq!(name, "index.html"),
            Kind::Index => assert_eq!(doc.path, "index.html"),
            Kind::Opml => assert_eq!(doc.path, "feeds.opml"),
        }
    }
}

#[test]
fn switched_off_parts_have_no_documents() {
    let (_, _, plan) = plan_of(
        "[feeds]\nlanguages = false\ntags = false\narchives = \"off\"\npages = false\n\
         opml = false\n",
    );
    let paths: Vec<&str> = plan.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["atom.xml", "rss.xml", "feed.json"]);
    assert_eq!(plan.tag_feed_url("work", FeedFormat::Atom), None);
    assert_eq!(plan.opml_url(), None);

    // A permalink sends entries elsewhere: no pages, no index.
    let (_, _, plan) = plan_of("[feeds]\npermalink = \"https://example.org/{year}/{stem}/\"\n");
    assert!(plan
        .documents
        .iter()
        .all(|d| !matches!(d.kind, Kind::Page { .. } | Kind::Index)));
}

#[test]
fn push_sends_each_kind_in_its_stage() {
    use crate::push::plan::{scan, Stage};
    let (_, _, plan) = plan_of("");
    let out = tempfile::tempdir().unwrap();
    for doc in &plan.documents {
        let path = out.path().join(&doc.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"x").unwrap();
    }
    let stages: BTreeMap<String, Stage> = scan(out.path())
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.stage))
        .collect();
    assert_eq!(stages.len(), plan.documents.len());
    for doc in &plan.documents {
        let expected = match doc.kind {
            Kind::Feed { .. } => Stage::Feeds,
            Kind::Index | Kind::Opml => Stage::Indexes,
            Kind::Archive { .. } | Kind::Page { .. } => Stage::Pages,
        };
        assert_eq!(stages[&doc.path], expected, "{}", doc.path);
    }
}
