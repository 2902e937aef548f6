//! Round trip: the `basic` fixture is loaded through the library (`Instance::load`), built with
//! the real binary, and every feed is parsed back with real parsers (feed-rs for all three
//! formats, the `rss` and `atom_syndication` readers, serde_json), then compared field by field
//! with the normalised items.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use communique::instance::Instance;
use communique::model::{Item, Origin, Rule};
use regex::Regex;
use serde_json::Value;

use crate::harness::{TestEnv, FEED_FILES};

const BASE: &str = "https://example.org/statements/";
const ID_BASE: &str = "tag:example.org,2022:statements";

/// The published items' file stems, newest first (the draft is left out).
const EXPECTED_ORDER: [&str; 5] = [
    "2023-11-07-заявление",
    "2022-03-15-stop-the-repression",
    "statement-on-the-strikes",
    "2022-01-08-kazakhstan-solidarity",
    "2021-05-01-may-day",
];

/// A built copy of a fixture, its items as the library sees them, and the parsed feeds.
struct Built {
    env: TestEnv,
    /// Every item, drafts included, in file order.
    all: Vec<Item>,
    /// Published items, newest first, as the feeds must hold them.
    published: Vec<Item>,
    atom: atom_syndication::Feed,
    rss: rss::Channel,
    json: Value,
    /// feed-rs's reading of atom.xml, rss.xml and feed.json.
    feed_rs: BTreeMap<&'static str, feed_rs::model::Feed>,
}

fn build(env: TestEnv) -> Built {
    let instance = Instance::load(&env.path("config.toml")).expect("the fixture loads");
    assert!(
        !instance.has_errors(),
        "the fixture has errors: {:#?}",
        instance.diagnostics
    );
    let limit = instance.config.limit.get();
    env.build();
    let all = instance.items;
    let mut published: Vec<Item> = all.iter().filter(|i| !i.draft).cloned().collect();
    published.sort_by(|a, b| {
        (std::cmp::Reverse(a.published.value), &a.id.value)
            .cmp(&(std::cmp::Reverse(b.published.value), &b.id.value))
    });
    published.truncate(limit);

    let atom_bytes = env.output("atom.xml");
    let rss_bytes = env.output("rss.xml");
    let json_bytes = env.output("feed.json");
    let atom = atom_syndication::Feed::read_from(&atom_bytes[..])
        .unwrap_or_else(|e| panic!("atom_syndication cannot read atom.xml: {e}"));
    let rss = rss::Channel::read_from(&rss_bytes[..])
        .unwrap_or_else(|e| panic!("rss cannot read rss.xml: {e}"));
    let json: Value = serde_json::from_slice(&json_bytes)
        .unwrap_or_else(|e| panic!("feed.json is not JSON: {e}"));
    let mut feed_rs = BTreeMap::new();
    for name in FEED_FILES {
        let feed = feed_rs::parser::parse(&env.output(name)[..])
            .unwrap_or_else(|e| panic!("feed-rs cannot parse {name}: {e}"));
        feed_rs.insert(name, feed);
    }
    Built {
        env,
        all,
        published,
        atom,
        rss,
        json,
        feed_rs,
    }
}

fn basic() -> Built {
    build(TestEnv::new("basic"))
}

fn utc(dt: &DateTime<FixedOffset>) -> DateTime<Utc> {
    dt.with_timezone(&Utc)
}

fn item<'a>(built: &'a Built, stem: &str) -> &'a Item {
    built
        .all
        .iter()
        .find(|i| i.stem == stem)
        .unwrap_or_else(|| panic!("no item with stem {stem}"))
}

/// The newest `updated` (or `published`) of the published items.
fn newest(items: &[Item]) -> DateTime<FixedOffset> {
    items
        .iter()
        .map(|i| i.updated.value.max(i.published.value))
        .max()
        .expect("items")
}

// ---------------------------------------------------------------------------------------------
// The items themselves: the fixture normalises as its files intend.

#[test]
fn fixture_items_normalise_as_intended() {
    let b = basic();
    assert_eq!(b.all.len(), 6, "six items, the draft included");
    let stems: Vec<&str> = b.published.iter().map(|i| i.stem.as_str()).collect();
    assert_eq!(stems, EXPECTED_ORDER, "published items, newest first");

    // TOML front matter.
    let kz = item(&b, "2022-01-08-kazakhstan-solidarity");
    assert_eq!(kz.title.value, "Solidarity with the workers of Kazakhstan");
    assert_eq!(
        kz.published.value,
        DateTime::parse_from_rfc3339("2022-01-08T10:00:00+03:00").unwrap()
    );
    assert_eq!(
        kz.authors.value,
        ["International Secretariat", "Executive Committee"]
    );
    assert_eq!(kz.tags.value, ["kazakhstan", "solidarity", "trade unions"]);
    assert_eq!(kz.lang.value, "en");
    assert_eq!(
        kz.source.as_ref().map(|s| s.value.as_str()),
        Some("https://example.net/news/2022/01/kz?lang=en&ref=appeal")
    );

    // YAML front matter: quoted date string, block and flow lists, `updated`.
    let es = item(&b, "2022-03-15-stop-the-repression");
    assert_eq!(es.title.value, "Llamamiento: alto a la represión");
    assert_eq!(
        es.published.value,
        DateTime::parse_from_rfc3339("2022-03-15T00:00:00Z").unwrap()
    );
    assert_eq!(
        es.updated.value,
        DateTime::parse_from_rfc3339("2024-01-10T12:30:00Z").unwrap()
    );
    assert!(matches!(es.updated.origin, Origin::FrontMatter { line: 4 }));
    assert_eq!(
        es.authors.value,
        ["Comité Ejecutivo", "Secretaría Internacional"]
    );
    assert_eq!(es.tags.value, ["represión", "derechos humanos"]);
    assert_eq!(es.lang.value, "es");
    assert_eq!(
        es.summary.value,
        "Un llamamiento a detener la represión contra los huelguistas."
    );

    // Plain text, no front matter: everything inferred.
    let txt = item(&b, "statement-on-the-strikes");
    assert_eq!(txt.authors.value, ["Workers' Federation (North)"]);
    assert!(matches!(
        txt.authors.origin,
        Origin::Text {
            rule: Rule::Signature,
            ..
        }
    ));
    assert_eq!(
        txt.published.value,
        DateTime::parse_from_rfc3339("2022-02-14T00:00:00Z").unwrap()
    );
    assert!(matches!(
        txt.published.origin,
        Origin::Text {
            line: 7,
            rule: Rule::DdMmYy
        }
    ));
    assert_eq!(txt.lang.value, "en");
    assert!(matches!(txt.lang.origin, Origin::Detected { .. }));
    assert_eq!(
        txt.slogans,
        ["Stop the repression now!", "Solidarity with the strikers!"]
    );
    assert_eq!(
        txt.signature.as_deref(),
        Some("Workers' Federation (North) (14.02.22)")
    );
    assert!(txt.title.value.ends_with('…'), "{}", txt.title.value);
    assert!(txt.title.value.chars().count() <= 90, "{}", txt.title.value);
    assert!(txt.source.is_none());

    // Russian, language detected, date and author from the signature.
    let ru = item(&b, "2023-11-07-заявление");
    assert_eq!(ru.lang.value, "ru");
    assert!(matches!(ru.lang.origin, Origin::Detected { .. }));
    assert_eq!(ru.authors.value, ["Исполнительный комитет"]);
    assert!(matches!(
        ru.published.origin,
        Origin::Text {
            rule: Rule::DdMmYyyy,
            ..
        }
    ));
    assert_eq!(ru.tags.value, ["Россия", "забастовки"]);

    // The date only in the file name.
    let may = item(&b, "2021-05-01-may-day");
    assert_eq!(
        may.published.value,
        DateTime::parse_from_rfc3339("2021-05-01T00:00:00Z").unwrap()
    );
    assert_eq!(may.published.origin, Origin::FileName);
    assert_eq!(may.title.value, "May Day greetings");
    assert_eq!(may.authors.value, ["Example Organisation"]);
    assert_eq!(may.authors.origin, Origin::Config);

    // The draft is an item, but never published.
    let draft = item(&b, "2023-12-01-unfinished");
    assert!(draft.draft);
}

// ---------------------------------------------------------------------------------------------
// Atom, read by atom_syndication (and feed-rs for xml:lang).

#[test]
fn atom_entries_match_the_items() {
    let b = basic();
    let feed = &b.atom;
    assert_eq!(feed.entries.len(), b.published.len());
    assert_eq!(feed.id, ID_BASE);
    assert_eq!(feed.title.value, "Example Statements");
    assert_eq!(feed.lang.as_deref(), Some("en"));
    assert_eq!(
        feed.updated,
        newest(&b.published),
        "feed updated = newest item"
    );
    let self_link = feed
        .links
        .iter()
        .find(|l| l.rel == "self")
        .expect("self link");
    assert_eq!(self_link.href, format!("{BASE}atom.xml"));
    assert_eq!(feed.authors.len(), 1);
    assert_eq!(feed.authors[0].name, "Example Organisation");

    for (entry, item) in feed.entries.iter().zip(&b.published) {
        let at = &item.path;
        assert_eq!(entry.id, item.id.value, "{at}: id");
        assert_eq!(entry.title.value, item.title.value, "{at}: title");
        assert_eq!(
            entry.published,
            Some(item.published.value),
            "{at}: published"
        );
        assert_eq!(entry.updated, item.updated.value, "{at}: updated");
        let authors: Vec<&str> = entry.authors.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(authors, item.authors.value, "{at}: authors");
        let terms: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, item.tags.value, "{at}: categories");
        assert_eq!(
            entry.summary.as_ref().map(|s| s.value.as_str()),
            Some(item.summary.value.as_str()),
            "{at}: summary"
        );
        let content = entry.content.as_ref().expect("content");
        assert_eq!(content.content_type.as_deref(), Some("html"), "{at}");
        assert_eq!(
            content.value.as_deref(),
            Some(item.content_html.as_str()),
            "{at}: content"
        );
        let via: Vec<&str> = entry
            .links
            .iter()
            .filter(|l| l.rel == "via")
            .map(|l| l.href.as_str())
            .collect();
        let source: Vec<&str> = item.source.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(via, source, "{at}: via link");
    }

    // Neither atom_syndication nor feed-rs (which reads xml:lang only from <content>) exposes
    // an entry's xml:lang, so it is read with quick-xml.
    let langs = entry_langs(&b.env.output_string("atom.xml"));
    let expected: Vec<&str> = b.published.iter().map(|i| i.lang.value.as_str()).collect();
    assert_eq!(langs, expected, "entry xml:lang");
}

/// The `xml:lang` attribute of every `<entry>`, in order.
fn entry_langs(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut langs = Vec::new();
    loop {
        match reader.read_event().expect("well-formed Atom") {
            Event::Start(e) if e.name().as_ref() == b"entry" => {
                let lang = e
                    .try_get_attribute("xml:lang")
                    .expect("attributes")
                    .map(|a| String::from_utf8(a.value.into_owned()).unwrap())
                    .unwrap_or_default();
                langs.push(lang);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    langs
}

/// Parsers trim the white space around element text; the HTML must otherwise be identical.
fn same_html(parsed: Option<&str>, item: &Item) -> bool {
    parsed.map(str::trim) == Some(item.content_html.trim())
}

// ---------------------------------------------------------------------------------------------
// RSS, read by the rss crate.

#[test]
fn rss_items_match_the_items() {
    let b = basic();
    let ch = &b.rss;
    assert_eq!(ch.items.len(), b.published.len());
    assert_eq!(ch.title, "Example Statements");
    assert_eq!(ch.link, BASE);
    assert_eq!(ch.language.as_deref(), Some("en"));
    let build_date = ch.last_build_date.as_deref().expect("lastBuildDate");
    assert_eq!(
        DateTime::parse_from_rfc2822(build_date).expect("lastBuildDate is RFC 822"),
        newest(&b.published),
        "lastBuildDate = newest item"
    );
    let atom = ch.atom_ext.as_ref().expect("atom:link");
    let self_link = atom.links.iter().find(|l| l.rel == "self").expect("self");
    assert_eq!(self_link.href, format!("{BASE}rss.xml"));

    let rfc822 =
        Regex::new(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
            .unwrap();
    for (rss_item, item) in ch.items.iter().zip(&b.published) {
        let at = &item.path;
        let guid = rss_item.guid.as_ref().expect("guid");
        assert_eq!(guid.value, item.id.value, "{at}: guid");
        assert!(!guid.permalink, "{at}: guid isPermaLink must be false");
        assert_eq!(
            rss_item.title.as_deref(),
            Some(item.title.value.as_str()),
            "{at}"
        );
        let pub_date = rss_item.pub_date.as_deref().expect("pubDate");
        assert!(
            rfc822.is_match(pub_date),
            "{at}: pubDate `{pub_date}` is not RFC 822"
        );
        assert_eq!(
            DateTime::parse_from_rfc2822(pub_date).unwrap(),
            item.published.value,
            "{at}: pubDate"
        );
        assert_eq!(
            rss_item.author, None,
            "{at}: no <author> (it must be an e-mail)"
        );
        let dc = rss_item.dublin_core_ext.as_ref().expect("dc extension");
        assert_eq!(dc.creators, item.authors.value, "{at}: dc:creator");
        assert_eq!(
            dc.languages,
            std::slice::from_ref(&item.lang.value),
            "{at}: dc:language"
        );
        let categories: Vec<&str> = rss_item
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(categories, item.tags.value, "{at}: categories");
        assert_eq!(
            rss_item.description.as_deref(),
            Some(item.summary.value.as_str()),
            "{at}: description = summary"
        );
        assert!(
            same_html(rss_item.content.as_deref(), item),
            "{at}: content:encoded\n  parsed: {:?}\n  item:   {:?}",
            rss_item.content,
            item.content_html
        );
    }
}

#[test]
fn rss_has_no_bare_names_in_author() {
    let b = basic();
    let raw = b.env.output_string("rss.xml");
    assert!(
        !raw.contains("<author>") && !raw.contains("<author "),
        "rss.xml has an <author> element:\n{raw}"
    );
}

// ---------------------------------------------------------------------------------------------
// JSON Feed, read by serde_json.

#[test]
fn json_items_match_the_items() {
    let b = basic();
    let feed = &b.json;
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "Example Statements");
    assert_eq!(feed["home_page_url"], BASE);
    assert_eq!(feed["feed_url"], format!("{BASE}feed.json"));
    assert_eq!(feed["language"], "en");
    assert_eq!(feed["authors"][0]["name"], "Example Organisation");
    let items = feed["items"].as_array().expect("items");
    assert_eq!(items.len(), b.published.len());
    for (j, item) in items.iter().zip(&b.published) {
        let at = &item.path;
        assert_eq!(j["id"], item.id.value.as_str(), "{at}: id");
        assert_eq!(j["title"], item.title.value.as_str(), "{at}: title");
        assert_eq!(j["summary"], item.summary.value.as_str(), "{at}: summary");
        assert_eq!(
            j["content_html"],
            item.content_html.as_str(),
            "{at}: content_html"
        );
        assert_eq!(j["language"], item.lang.value.as_str(), "{at}: language");
        let date = |key: &str| {
            let s = j[key].as_str().unwrap_or_else(|| panic!("{at}: no {key}"));
            DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{at}: {key} `{s}`: {e}"))
        };
        assert_eq!(date("date_published"), item.published.value, "{at}");
        assert_eq!(date("date_modified"), item.updated.value, "{at}");
        let authors: Vec<&str> = j["authors"]
            .as_array()
            .expect("authors")
            .iter()
            .map(|a| a["name"].as_str().expect("author name"))
            .collect();
        assert_eq!(authors, item.authors.value, "{at}: authors");
        let tags: Vec<&str> = j["tags"]
            .as_array()
            .map(|t| t.iter().map(|t| t.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(tags, item.tags.value, "{at}: tags");
        assert_eq!(
            j["external_url"].as_str(),
            item.source.as_ref().map(|s| s.value.as_str()),
            "{at}: external_url"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// feed-rs reads all three formats the same way.

#[test]
fn feed_rs_reads_the_same_entries_in_every_format() {
    let b = basic();
    for (name, feed) in &b.feed_rs {
        assert_eq!(feed.entries.len(), b.published.len(), "{name}");
        assert_eq!(
            feed.updated.or(feed.published).map(|d| d.timestamp()),
            match *name {
                // JSON Feed has no feed-level date.
                "feed.json" => None,
                _ => Some(utc(&newest(&b.published)).timestamp()),
            },
            "{name}: feed updated"
        );
        for (entry, item) in feed.entries.iter().zip(&b.published) {
            let at = format!("{name} {}", item.path);
            assert_eq!(entry.id, item.id.value, "{at}: id");
            assert_eq!(
                entry.title.as_ref().map(|t| t.content.as_str()),
                Some(item.title.value.as_str()),
                "{at}: title"
            );
            assert_eq!(
                entry.published,
                Some(utc(&item.published.value)),
                "{at}: published"
            );
            if *name != "rss.xml" {
                // RSS has no per-item updated date.
                assert_eq!(
                    entry.updated,
                    Some(utc(&item.updated.value)),
                    "{at}: updated"
                );
            }
            let authors: Vec<&str> = entry
                .authors
                .iter()
                .map(|p| p.name.as_deref().unwrap_or(""))
                .collect();
            assert_eq!(authors, item.authors.value, "{at}: authors");
            let terms: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
            assert_eq!(terms, item.tags.value, "{at}: categories");
            assert_eq!(
                entry.summary.as_ref().map(|s| s.content.as_str()),
                Some(item.summary.value.as_str()),
                "{at}: summary"
            );
            let body = entry.content.as_ref().and_then(|c| c.body.as_deref());
            assert!(
                same_html(body, item),
                "{at}: content\n  parsed: {body:?}\n  item:   {:?}",
                item.content_html
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ids, order, drafts, limit.

#[test]
fn ids_are_ascii_tag_uris_from_the_file_stem() {
    let b = basic();
    let mut ids: Vec<String> = b.atom.entries.iter().map(|e| e.id.clone()).collect();
    ids.extend(
        b.rss
            .items
            .iter()
            .map(|i| i.guid.as_ref().unwrap().value.clone()),
    );
    ids.extend(
        b.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned()),
    );
    assert_eq!(ids.len(), 15);
    for id in &ids {
        assert!(id.is_ascii(), "id `{id}` is not ASCII");
        assert!(id.starts_with(&format!("{ID_BASE}/")), "id `{id}`");
        assert!(!id.contains(char::is_whitespace), "id `{id}`");
    }
    assert_eq!(
        b.atom.entries[0].id,
        format!("{ID_BASE}/2023-11-07-%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5"),
        "the Cyrillic stem is percent-encoded"
    );
    let expected: Vec<String> = EXPECTED_ORDER
        .iter()
        .map(|stem| communique::normalise::id::tag_uri(&id_scheme(), stem))
        .collect();
    let atom_ids: Vec<&str> = b.atom.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(atom_ids, expected, "newest first");
}

/// The id scheme the basic fixture configures.
fn id_scheme() -> communique::config::IdScheme {
    communique::config::IdScheme {
        authority: "example.org".into(),
        date: "2022".into(),
        prefix: "statements".into(),
    }
}

#[test]
fn entries_are_newest_first_in_every_format() {
    let b = basic();
    let atom: Vec<DateTime<FixedOffset>> = b
        .atom
        .entries
        .iter()
        .map(|e| e.published.unwrap())
        .collect();
    let rss: Vec<DateTime<FixedOffset>> = b
        .rss
        .items
        .iter()
        .map(|i| DateTime::parse_from_rfc2822(i.pub_date.as_deref().unwrap()).unwrap())
        .collect();
    let json: Vec<DateTime<FixedOffset>> = b.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| DateTime::parse_from_rfc3339(i["date_published"].as_str().unwrap()).unwrap())
        .collect();
    for (name, dates) in [("atom", &atom), ("rss", &rss), ("json", &json)] {
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{name}: not newest first: {dates:?}"
        );
    }
}

#[test]
fn drafts_are_not_published() {
    let b = basic();
    for name in FEED_FILES {
        let text = b.env.output_string(name);
        assert!(!text.contains("unfinished"), "{name} holds the draft");
        assert!(
            !text.contains("still being written"),
            "{name} holds the draft"
        );
    }
}

#[test]
fn limit_keeps_the_newest_items() {
    let env = TestEnv::new("basic");
    let config = env
        .read_string("config.toml")
        .replace("limit = 50", "limit = 2");
    assert!(config.contains("limit = 2"));
    env.write("config.toml", config);
    let b = build(env);
    assert_eq!(b.published.len(), 2);
    let stems: Vec<&str> = b.published.iter().map(|i| i.stem.as_str()).collect();
    assert_eq!(stems, EXPECTED_ORDER[..2]);
    assert_eq!(b.atom.entries.len(), 2);
    assert_eq!(b.rss.items.len(), 2);
    assert_eq!(b.json["items"].as_array().unwrap().len(), 2);
    for (name, feed) in &b.feed_rs {
        assert_eq!(feed.entries.len(), 2, "{name}");
    }
    for (entry, item) in b.atom.entries.iter().zip(&b.published) {
        assert_eq!(entry.id, item.id.value);
    }
    // The feed's date is still that of the newest item it holds.
    assert_eq!(b.atom.updated, newest(&b.published));
}

// ---------------------------------------------------------------------------------------------
// Content.

fn content_of(b: &Built, stem: &str) -> String {
    let id = &item(b, stem).id.value;
    let entry = b.atom.entries.iter().find(|e| &e.id == id).expect("entry");
    entry.content.as_ref().unwrap().value.clone().unwrap()
}

#[test]
fn markdown_content_is_sanitised_and_absolute() {
    let b = basic();
    let html = content_of(&b, "2022-01-08-kazakhstan-solidarity");
    for bad in ["<script", "alert(", "onclick", "owned"] {
        assert!(!html.contains(bad), "content holds `{bad}`:\n{html}");
    }
    for good in [
        r#"href="https://example.org/appeals/2021/""#,
        r#"src="https://example.org/statements/img/banner.png""#,
        "<table>",
        "<td>Zhanaozen</td>",
        "Strikes spread from Zhanaozen to Almaty within days.",
        "Fuel prices doubled on the first day of the year.",
    ] {
        assert!(html.contains(good), "content lacks `{good}`:\n{html}");
    }
    assert!(
        !html.contains("<h1>"),
        "the heading that repeats the title is not repeated in the content:\n{html}"
    );
}

#[test]
fn footnote_references_do_not_point_at_the_feed_folder() {
    // `[^prices]` renders as a same-document link `#prices`; resolved against base_url it would
    // send readers to https://example.org/statements/#prices, a different page.
    let b = basic();
    let html = content_of(&b, "2022-01-08-kazakhstan-solidarity");
    assert!(
        !html.contains(&format!("href=\"{BASE}#")),
        "a footnote reference points at the feed's folder:\n{html}"
    );
}

#[test]
fn text_statement_content_keeps_signature_and_slogans_but_not_the_marker() {
    let b = basic();
    let html = content_of(&b, "statement-on-the-strikes");
    assert!(!html.contains("[Source]"), "{html}");
    let paragraphs = html.matches("<p>").count();
    assert_eq!(
        paragraphs, 8,
        "five paragraphs, signature, two slogans:\n{html}"
    );
    assert!(
        html.contains("<p>Workers' Federation (North) (14.02.22)</p>"),
        "{html}"
    );
    assert!(
        html.ends_with("<p>Stop the repression now!</p>\n<p>Solidarity with the strikers!</p>\n"),
        "{html}"
    );
}

#[test]
fn source_url_with_ampersand_is_escaped_once() {
    let b = basic();
    let raw = b.env.output_string("atom.xml");
    assert!(
        raw.contains(r#"href="https://example.net/news/2022/01/kz?lang=en&amp;ref=appeal""#),
        "the via link is escaped exactly once"
    );
    let json = &b.json["items"];
    let kz = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().ends_with("kazakhstan-solidarity"))
        .unwrap();
    assert_eq!(
        kz["external_url"],
        "https://example.net/news/2022/01/kz?lang=en&ref=appeal"
    );
}
