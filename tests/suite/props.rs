//! Property tests (proptest): normalising arbitrary input never panics; every feed rendered from
//! arbitrary item content still parses with feed-rs and the quick-xml based `rss` and
//! `atom_syndication` readers; ids depend on the file stem only.
//!
//! These call the library directly (collect → normalise → render, all in memory), so each case
//! is fast and no files are written. A failing case is shrunk and its seed saved in
//! `tests/suite/props.regressions` (commit that file: the case is then replayed first).
//! `PROPTEST_CASES=n` changes the number of cases of every property.
//!
//! The fuzz harness is here too: one item read end to end and rendered into every format, on
//! arbitrary bytes, on statement-shaped text with pathological fragments, and on a corpus of
//! the inputs that once stalled a run (`hostile_corpus`), asserting no panic, no hang and
//! feeds that parse.

use std::path::Path;
use std::time::{Duration, Instant};

use communique::build;
use communique::collect::{self, Format};
use communique::config::{Config, RawConfig};
use communique::diag::Diagnostic;
use communique::model::{Attachment, AttachmentKind, Item};
use communique::normalise::{self, Normaliser};
use communique::render::html::Templates;
use communique::render::{render_entry, EntryItem, FeedFormat};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const CONFIG: &str = r#"
title = "Property statements"
base_url = "https://example.org/statements/"
author = "Example Organisation"
lang = "en"
id_authority = "example.org"
id_date = "2022"
"#;

/// The configuration, with the whole feed set (languages, tags, archives, pages, OPML) on so
/// that every renderer sees the arbitrary content.
fn config() -> Config {
    RawConfig::parse(CONFIG, "config.toml")
        .and_then(|raw| raw.resolve(Path::new("config.toml"), Path::new("/instance")))
        .expect("the property configuration is valid")
}

/// Collects and normalises one file given as bytes.
fn normalise_one(
    config: &Config,
    stem: &str,
    format: Format,
    bytes: &[u8],
) -> (Option<Item>, Vec<Diagnostic>) {
    let ext = match format {
        Format::Markdown => "md",
        Format::Text => "txt",
    };
    let name = format!("{stem}.{ext}");
    let path = Path::new("/instance/items").join(&name);
    let mut diagnostics = Vec::new();
    let file = collect::read_file(
        &path,
        format!("items/{name}"),
        format,
        bytes,
        &config.limits,
        &mut diagnostics,
    );
    let item = file.and_then(|f| Normaliser::new(config).normalise(&f, &mut diagnostics));
    (item, diagnostics)
}

/// A TOML basic string holding `s` exactly (escaped by the toml crate).
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// `cases` random cases (or `PROPTEST_CASES`), failures saved beside this file.
fn runner_config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Generators.

/// Any character, control characters and noncharacters included, biased towards the ones that
/// break documents.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        2 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', ']', '[', '!', '¡', '(', ')', '#', '*', '_', '`', '|', '\\',
            '\u{0}', '\u{1D}', '\u{7F}', '\u{85}', '\u{FEFF}', '\u{FFFE}', '\u{FFFF}', '\u{FDD0}',
            '\r', '\t', ' ', '\u{A0}', '\u{2028}', '…', 'é', 'ж', '中', '🚩', '\u{202E}',
        ]),
        4 => prop::char::range('a', 'z'),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A line of text: words, markup fragments, dates, markers, signatures or random characters.
fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => nasty_string(80),
        2 => "[A-Za-zÀ-ÿа-я ,.;:!?'\"-]{0,120}",
        1 => Just("[Source]".to_owned()),
        1 => Just("<script>alert(1)</script>".to_owned()),
        1 => Just("]]><![CDATA[".to_owned()),
        1 => Just("<p onclick=\"x()\">click</p>".to_owned()),
        1 => Just("| a | b |\n|---|---|\n| 1 | 2 |".to_owned()),
        1 => Just("[^1]\n\n[^1]: note".to_owned()),
        1 => Just("```".to_owned()),
        1 => Just("# Heading".to_owned()),
        1 => Just("---".to_owned()),
        1 => Just("+++".to_owned()),
        2 => signature_line(),
        1 => "[A-Z ]{4,40}!",
    ]
}

/// A signature line with a date that may or may not exist.
fn signature_line() -> impl Strategy<Value = String> {
    (
        "[A-Za-zÀ-ÿ ()]{0,40}",
        0u32..40,
        0u32..15,
        prop_oneof![0i32..100, 1900i32..2100, 0i32..10000],
        prop::sample::select(vec![".", "/", "-"]),
        any::<bool>(),
    )
        .prop_map(|(name, d, m, y, sep, iso)| {
            if iso {
                format!("{name} ({y:04}-{m:02}-{d:02})")
            } else {
                format!("{name} ({d:02}{sep}{m:02}{sep}{y})")
            }
        })
}

/// A front-matter value as written in TOML or YAML: sometimes right, often not.
fn fm_value() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty_string(30).prop_map(|s| toml_string(&s)),
        Just("3".to_owned()),
        Just("true".to_owned()),
        Just("[\"a\", 1]".to_owned()),
        Just("2022-01-08".to_owned()),
        Just("2022-02-30".to_owned()),
        Just("2022-01-08T10:00:00+03:00".to_owned()),
        Just("\"yesterday\"".to_owned()),
        Just("{ a = 1 }".to_owned()),
        Just("".to_owned()),
        Just("[".to_owned()),
        "[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}",
    ]
}

fn fm_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(normalise::KNOWN_KEYS.to_vec()).prop_map(str::to_owned),
        1 => "[a-z_]{1,10}",
        1 => nasty_string(8),
    ]
}

/// A whole file: an optional (possibly broken) front-matter block, then body lines.
fn file_text() -> impl Strategy<Value = String> {
    (
        prop::option::of((
            any::<bool>(),
            prop::collection::vec((fm_key(), fm_value()), 0..8),
            any::<bool>(),
        )),
        prop::collection::vec(body_line(), 0..14),
        any::<bool>(),
    )
        .prop_map(|(fm, lines, crlf)| {
            let mut text = String::new();
            if let Some((toml, entries, closed)) = fm {
                let (delim, sep) = if toml { ("+++", " = ") } else { ("---", ": ") };
                text.push_str(delim);
                text.push('\n');
                for (k, v) in entries {
                    text.push_str(&format!("{k}{sep}{v}\n"));
                }
                if closed {
                    text.push_str(delim);
                    text.push('\n');
                }
            }
            text.push_str(&lines.join("\n"));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        })
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::Markdown), Just(Format::Text)]
}

fn stem() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,20}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]-[a-z]{1,10}",
        // Anything a file name may hold (no `/`, no NUL, not only dots).
        "[^/\u{0}]{1,20}".prop_filter("not . or ..", |s| s != "." && s != ".."),
    ]
}

/// Content for an item that must normalise: a valid title, date and language are given, every
/// other field is arbitrary.
#[derive(Clone, Debug)]
struct Content {
    title: String,
    date: (i32, u32, u32),
    lang: &'static str,
    tags: Vec<String>,
    authors: Vec<String>,
    summary: Option<String>,
    body: Vec<String>,
}

fn content() -> impl Strategy<Value = Content> {
    (
        nasty_string(40).prop_filter("a title with a visible character", |t| {
            t.chars().any(|c| c.is_alphanumeric())
        }),
        (1970i32..2100, 1u32..13, 1u32..29),
        prop::sample::select(vec!["en", "pt", "ru", "es", "pt-BR", "zh"]),
        prop::collection::vec(nasty_string(12), 0..4),
        prop::collection::vec(nasty_string(20), 0..3),
        prop::option::of(nasty_string(60)),
        prop::collection::vec(body_line(), 1..10).prop_filter(
            "a body with visible text (an empty statement is an error)",
            |lines| {
                lines
                    .concat()
                    .chars()
                    .any(|c| collect::text::is_xml_char(c) && !c.is_whitespace())
            },
        ),
    )
        .prop_map(
            |(title, date, lang, tags, authors, summary, body)| Content {
                title,
                date,
                lang,
                tags,
                authors,
                summary,
                body,
            },
        )
}

impl Content {
    fn file(&self) -> String {
        let (y, m, d) = self.date;
        let list = |v: &[String]| {
            let quoted: Vec<String> = v.iter().map(|s| toml_string(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut fm = format!(
            "+++\ntitle = {}\ndate = {y:04}-{m:02}-{d:02}\nlang = \"{}\"\ntags = {}\nauthors = {}\n",
            toml_string(&self.title),
            self.lang,
            list(&self.tags),
            list(&self.authors),
        );
        if let Some(summary) = &self.summary {
            fm.push_str(&format!("summary = {}\n", toml_string(summary)));
        }
        format!("{fm}+++\n{}\n", self.body.join("\n"))
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Every feed document in a rendered set parses with every reader and holds `expected` entries
/// (for the main feeds) with these ids, newest first.
fn assert_feeds_parse(docs: &[(String, Vec<u8>)], main_ids: &[String]) {
    let mut main_feeds = 0;
    for (path, bytes) in docs {
        let name = path.rsplit('/').next().unwrap_or(path);
        let entries = match name {
            "atom.xml" => {
                let feed = atom_syndication::Feed::read_from(&bytes[..])
                    .unwrap_or_else(|e| panic!("atom_syndication: {path}: {e}"));
                feed.entries
                    .iter()
                    .map(|e| e.id.clone())
                    .collect::<Vec<_>>()
            }
            "rss.xml" => {
                let channel = rss::Channel::read_from(&bytes[..])
                    .unwrap_or_else(|e| panic!("rss: {path}: {e}"));
                channel
                    .items
                    .iter()
                    .map(|i| i.guid.as_ref().expect("guid").value.clone())
                    .collect()
            }
            "feed.json" => {
                let json: serde_json::Value = serde_json::from_slice(bytes)
                    .unwrap_or_else(|e| panic!("serde_json: {path}: {e}"));
                json["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|i| i["id"].as_str().expect("id").to_owned())
                    .collect()
            }
            _ => continue,
        };
        let feed = feed_rs::parser::parse(&bytes[..])
            .unwrap_or_else(|e| panic!("feed-rs: {path}: {e}\n{}", String::from_utf8_lossy(bytes)));
        let by_feed_rs: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
        assert_eq!(by_feed_rs, entries, "{path}: feed-rs disagrees");
        if path == name {
            main_feeds += 1;
            assert_eq!(entries, main_ids, "{path}");
        }
    }
    assert_eq!(main_feeds, 3, "the three main feeds are rendered");
}

proptest! {
    #![proptest_config(runner_config(256))]

    /// Collecting and normalising arbitrary bytes never panics, and an item that comes out is
    /// safe to publish.
    #[test]
    fn normalising_arbitrary_bytes_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        format in format(),
        stem in stem(),
    ) {
        let config = config();
        let (item, diagnostics) = normalise_one(&config, &stem, format, &bytes);
        check_item(item.as_ref(), &diagnostics);
    }

    /// The same for text shaped like statements: front matter (right, wrong or unclosed),
    /// markup, markers, signatures with real and impossible dates, slogans.
    #[test]
    fn normalising_statement_shaped_text_never_panics(
        text in file_text(),
        format in format(),
        stem in stem(),
    ) {
        let config = config();
        let (item, diagnostics) = normalise_one(&config, &stem, format, text.as_bytes());
        check_item(item.as_ref(), &diagnostics);
    }

    /// A signature line's date is read when it exists and never invented when it does not.
    #[test]
    fn signature_dates_are_read_or_ignored(
        d in 0u32..40,
        m in 0u32..15,
        y in 1900i32..2100,
        sep in prop::sample::select(vec![".", "/"]),
    ) {
        let config = config();
        let text = format!(
            "A statement about something that happened somewhere last week.\n\
             Second paragraph of the statement.\n\
             Committee ({d:02}{sep}{m:02}{sep}{y})\n"
        );
        let (item, diagnostics) = normalise_one(&config, "undated", Format::Text, text.as_bytes());
        match chrono::NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => {
                let item = item.unwrap_or_else(|| panic!("{diagnostics:#?}"));
                prop_assert_eq!(item.published.value.date_naive(), date);
                prop_assert_eq!(&item.authors.value, &["Committee".to_owned()]);
            }
            None => {
                prop_assert!(item.is_none(), "an impossible date was accepted: {:?}", item);
                prop_assert!(
                    diagnostics.iter().any(|d| d.is_error() && d.message.starts_with("no date")),
                    "{:#?}", diagnostics
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(runner_config(96))]

    /// Feeds rendered from arbitrary item content (titles, tags, authors, summaries and bodies
    /// full of markup and forbidden characters) parse with every reader.
    #[test]
    fn rendered_feeds_always_parse(
        contents in prop::collection::vec((content(), format()), 1..5),
    ) {
        let config = config();
        let mut files = Vec::new();
        for (i, (content, format)) in contents.iter().enumerate() {
            let mut diagnostics = Vec::new();
            let name = format!("item-{i}.md");
            let file = collect::read_file(
                &Path::new("/instance/items").join(&name),
                format!("items/{name}"),
                *format,
                content.file().as_bytes(),
                &config.limits,
                &mut diagnostics,
            );
            let file = file.unwrap_or_else(|| panic!("{diagnostics:#?}\n{}", content.file()));
            files.push(file);
        }
        let (items, diagnostics) = normalise::normalise_all(&files, &config);
        prop_assert_eq!(
            items.len(),
            contents.len(),
            "every item normalises: {:#?}",
            diagnostics
        );
        let docs = build::render_all(&items, &config, &Templates::default())
            .unwrap_or_else(|e| panic!("render: {e}"));
        let mut newest: Vec<&Item> = items.iter().collect();
        communique::plan::newest_first(&mut newest);
        let ids: Vec<String> = newest.iter().map(|i| i.id.value.clone()).collect();
        assert_feeds_parse(&docs, &ids);

        // Titles survive the round trip through atom_syndication (less what XML forbids).
        let atom = &docs.iter().find(|(p, _)| p == "atom.xml").expect("atom.xml").1;
        let feed = atom_syndication::Feed::read_from(&atom[..]).unwrap();
        for (entry, item) in feed.entries.iter().zip(&newest) {
            let expected = collect::text::xml_safe(&item.title.value);
            prop_assert_eq!(&entry.title.value, expected.as_ref());
        }
    }

    /// RSS declares Media RSS's namespace in its head, before the first item, from the items
    /// (`FeedDoc::images`: an item has a lead image), where it once looked for `<media:content`
    /// in the items' bytes: both agree, since an item's bytes hold that element exactly when
    /// the item has a lead image, whatever its text says (markup naming the element included).
    #[test]
    fn an_rss_item_holds_media_rss_exactly_when_it_has_a_lead_image(
        content in content(),
        format in format(),
        mention in prop::sample::select(vec![
            "",
            "<media:content url=\"https://example.org/a.jpg\" medium=\"image\"/>",
            "<a title=\"<media:content>\" href=\"https://example.org/\">x</a>",
            "`<media:content>`",
            "    <media:content url=\"x\"/>",
            "<![CDATA[<media:content]]>",
            "&lt;media:content",
        ]),
        image in any::<bool>(),
    ) {
        let config = config();
        let mut content = content;
        content.body.push(mention.to_owned());
        let (item, diagnostics) =
            normalise_one(&config, "2022-01-08-media", format, content.file().as_bytes());
        let mut item = item.unwrap_or_else(|| panic!("{diagnostics:#?}"));
        if image {
            let url = "https://example.org/statements/2022/media/lead.jpg";
            item.attachments.push(Attachment {
                name: "lead.jpg".to_owned(),
                kind: AttachmentKind::Image,
                path: "2022/media/lead.jpg".to_owned(),
                url: url.parse().unwrap(),
                media_type: "image/jpeg".to_owned(),
                size: 1234,
                file: "/instance/items/lead.jpg".into(),
            });
        }
        let media = memchr::memmem::Finder::new(b"<media:content");
        for full in [true, false] {
            let entry = render_entry(FeedFormat::Rss, &EntryItem::new(&item), full).unwrap();
            prop_assert_eq!(
                media.find(&entry).is_some(),
                item.image().is_some(),
                "{}",
                String::from_utf8_lossy(&entry)
            );
        }
    }

    /// Ids depend on the file stem only: editing the title, body, tags or date keeps them.
    #[test]
    fn ids_depend_only_on_the_stem(
        stem in stem(),
        a in content(),
        b in content(),
        fa in format(),
        fb in format(),
    ) {
        let config = config();
        let (first, d1) = normalise_one(&config, &stem, fa, a.file().as_bytes());
        let (second, d2) = normalise_one(&config, &stem, fb, b.file().as_bytes());
        let first = first.unwrap_or_else(|| panic!("{d1:#?}"));
        let second = second.unwrap_or_else(|| panic!("{d2:#?}"));
        prop_assert_eq!(&first.id.value, &second.id.value);
        prop_assert_eq!(
            &first.id.value,
            &normalise::id::tag_uri(&config.ids, &stem)
        );
        prop_assert!(first.id.value.is_ascii(), "{}", first.id.value);
        prop_assert!(
            first.id.value.starts_with("tag:example.org,2022:statements/"),
            "{}", first.id.value
        );
    }

    /// Two different stems never share an id.
    #[test]
    fn different_stems_give_different_ids(a in stem(), b in stem()) {
        prop_assume!(a != b);
        let config = config();
        let ids = &config.ids;
        prop_assert_ne!(
            normalise::id::tag_uri(ids, &a),
            normalise::id::tag_uri(ids, &b)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The fuzz harness: one item end to end, hostile input included.

/// Far beyond what any one item takes (well under a second in a release build, see the README's
/// "Limits and safety"; the largest generated inputs take about 10 s in a debug build on an idle
/// core, and several times that on a loaded 2-core machine); reaching it means super-linear
/// work, which at these sizes takes hours, not a slow machine.
const HANG: Duration = Duration::from_secs(180);

/// Reads one file end to end (limits, front matter, inference, Markdown, sanitising) and, when
/// it gives an item, renders that item into every document of the feed set: never a panic,
/// never a hang, and every feed parses back with feed-rs, atom_syndication, rss and serde_json.
fn end_to_end(name: &str, format: Format, bytes: &[u8]) {
    let config = config();
    let start = Instant::now();
    let (item, diagnostics) = normalise_one(&config, "2022-01-08-fuzz", format, bytes);
    check_item(item.as_ref(), &diagnostics);
    if let Some(item) = item {
        let ids = if item.draft {
            vec![]
        } else {
            vec![item.id.value.clone()]
        };
        let docs = build::render_all(&[item], &config, &Templates::default())
            .unwrap_or_else(|e| panic!("{name}: render: {e}"));
        assert_hang_free(name, start);
        assert_feeds_parse(&docs, &ids);
    } else {
        assert_hang_free(name, start);
    }
}

/// Reading and rendering one item (not parsing the feeds back, which is the clients' time)
/// finished well inside [`HANG`].
fn assert_hang_free(name: &str, start: Instant) {
    let took = start.elapsed();
    assert!(took < HANG, "{name}: {took:?}, a hang");
}

/// Inputs that once took minutes or hundreds of megabytes, and their relatives: each is
/// generated (no megabyte files in the repository) at the size that used to hurt.
fn hostile_corpus() -> Vec<(&'static str, Format, String)> {
    let fm = |body: &str| {
        format!("+++\ntitle = \"Hostile\"\ndate = 2022-01-08\nlang = \"en\"\n+++\n\n{body}\n")
    };
    let md = Format::Markdown;
    vec![
        (
            "toml-unclosed-brackets",
            md,
            format!("+++\ntags = {}\n+++\nx\n", "[".repeat(200_000)),
        ),
        (
            "yaml-unclosed-brackets",
            md,
            format!("---\ntags: {}\n---\nx\n", "[".repeat(200_000)),
        ),
        (
            "yaml-deep-under-size",
            md,
            format!("---\ntags: {}\n---\nx\n", "[".repeat(60_000)),
        ),
        (
            "yaml-deep-maps",
            md,
            format!("---\ntags: {}\n---\nx\n", "{a: ".repeat(12_000)),
        ),
        (
            "toml-dotted-keys",
            md,
            format!("+++\n{}= 1\n+++\nx\n", "a.".repeat(30_000)),
        ),
        (
            "toml-table-header",
            md,
            format!("+++\n[{}a]\n+++\nx\n", "a.".repeat(30_000)),
        ),
        ("yaml-aliases", md, yaml_alias_bomb()),
        ("quotes", md, fm(&">".repeat(100_000))),
        (
            "quotes-per-line",
            md,
            fm(&(1..2000)
                .map(|n| ">".repeat(n % 60))
                .collect::<Vec<_>>()
                .join("\n")),
        ),
        ("bullets", md, fm(&"- ".repeat(100_000))),
        ("ordered", md, fm(&"1. ".repeat(100_000))),
        (
            "indented-lists",
            md,
            fm(&(0..1000)
                .map(|n| format!("{}- x", " ".repeat(2 * n)))
                .collect::<Vec<_>>()
                .join("\n")),
        ),
        ("divs", md, fm(&"<div>".repeat(100_000))),
        ("bold-tags", md, fm(&"<b>".repeat(100_000))),
        ("formatting-tags", md, fm(&"<b><i><u>x</b>".repeat(30_000))),
        ("brackets", md, fm(&"[".repeat(100_000))),
        ("closed-brackets", md, fm(&"[a]".repeat(100_000))),
        (
            "link-parens",
            md,
            fm(&format!("[a]({}", "(".repeat(100_000))),
        ),
        ("links", md, fm(&"[a](b)".repeat(100_000))),
        ("emphasis-stars", md, fm(&"*".repeat(300_000))),
        ("emphasis-mixed", md, fm(&"*a_".repeat(100_000))),
        ("emphasis-open", md, fm(&"**a ".repeat(100_000))),
        ("backticks", md, fm(&"`a".repeat(150_000))),
        (
            "backtick-runs",
            md,
            fm(&(1..700).map(|n| "`".repeat(n)).collect::<String>()),
        ),
        ("html-comments", md, fm(&"<!--".repeat(100_000))),
        ("angle-brackets", md, fm(&"<a".repeat(150_000))),
        (
            "table",
            md,
            fm(&format!(
                "{}\n{}\n",
                "|a".repeat(50_000),
                "|-".repeat(50_000)
            )),
        ),
        (
            "footnotes",
            md,
            fm(&(0..5_000)
                .map(|n| format!("[^{n}]: [^{}]", n + 1))
                .collect::<Vec<_>>()
                .join("\n")),
        ),
        (
            "reference-links",
            md,
            fm(&(0..10_000)
                .map(|n| format!("[{n}]: /x\n[{n}]"))
                .collect::<Vec<_>>()
                .join("\n")),
        ),
        ("one-long-line", md, fm(&"word ".repeat(190_000))),
        ("lines-at-limit", Format::Text, "a b c\n".repeat(19_990)),
        (
            "paragraphs-at-limit",
            Format::Text,
            "Sentence one. Sentence two.\n\n".repeat(9_990),
        ),
        (
            "signatures",
            Format::Text,
            "Committee (08.01.22)\n".repeat(19_990),
        ),
        (
            "slogans",
            Format::Text,
            "LONG LIVE THE STRUGGLE!\n".repeat(19_990),
        ),
        ("million-lines", Format::Text, "\n".repeat(1_000_000)),
        ("double-bom", md, format!("\u{FEFF}\u{FEFF}{}", fm("Text."))),
        ("empty-body", md, fm("")),
    ]
}

/// YAML aliases that expand exponentially if followed naively.
fn yaml_alias_bomb() -> String {
    let mut text = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("title: *a9\n---\nx\n");
    text
}

#[test]
fn the_hostile_corpus_is_refused_or_read_end_to_end() {
    for (name, format, text) in hostile_corpus() {
        assert!(text.len() <= 1_500_000, "{name}: keep the corpus near 1 MB");
        end_to_end(name, format, text.as_bytes());
    }
}

/// Pathological fragments, repeated a random number of times, in the front matter or the body.
fn hostile_text() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(vec![
        "[", "{", "{a: ", "> ", ">", "- ", "1. ", "<div>", "<b>", "</div>", "*", "_", "`", "**a ",
        "<!--", "(", "](", "|", "\\", "&", "\u{FEFF}", "\n", "\n\n", "a.", "[^1]", "<p>",
    ]);
    (
        prop::collection::vec((unit, 1usize..3_000), 1..4),
        0u8..3,
        prop::option::of(file_text()),
    )
        .prop_map(|(parts, place, base)| {
            let hostile: String = parts.iter().map(|(u, n)| u.repeat(*n)).collect();
            let base = base.unwrap_or_default();
            match place {
                0 => format!("+++\ntitle = \"x\"\ntags = {hostile}\n+++\n{base}"),
                1 => format!("---\ntitle: x\ntags: {hostile}\n---\n{base}"),
                _ => format!("{base}\n{hostile}\n"),
            }
        })
}

proptest! {
    #![proptest_config(runner_config(64))]

    /// The fuzz harness: statement-shaped text with pathological fragments, end to end.
    #[test]
    fn one_hostile_item_end_to_end(text in hostile_text(), format in format()) {
        end_to_end("generated", format, text.as_bytes());
    }

    /// Arbitrary bytes, end to end.
    #[test]
    fn one_arbitrary_item_end_to_end(
        bytes in prop::collection::vec(any::<u8>(), 0..2_000),
        format in format(),
    ) {
        end_to_end("arbitrary", format, &bytes);
    }
}

/// What holds for any normalised item.
fn check_item(item: Option<&Item>, diagnostics: &[Diagnostic]) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match item {
        None => assert!(
            errors > 0,
            "an item was dropped without an error: {diagnostics:#?}"
        ),
        Some(item) => {
            assert_eq!(errors, 0, "an item with errors came out: {diagnostics:#?}");
            assert!(
                item.content_html.chars().all(collect::text::is_xml_char),
                "content holds a character XML forbids: {:?}",
                item.content_html
            );
            if matches!(item.id.origin, communique::model::Origin::Derived { .. }) {
                assert!(item.id.value.is_ascii(), "{}", item.id.value);
            }
            // In sanitised HTML a raw `<` always opens a real tag (text has `&lt;`).
            let unsafe_markup =
                regex::Regex::new(r"(?i)<script|<[a-z][^>]*\son[a-z]+\s*=").unwrap();
            assert!(
                !unsafe_markup.is_match(&item.content_html),
                "script or event handler in content: {}",
                item.content_html
            );
        }
    }
    for d in diagnostics {
        assert!(d.line.is_none_or(|l| l >= 1), "line 0: {d}");
    }
}
