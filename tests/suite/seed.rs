//! The canonical statement (`tests/fixtures/seed/items/000_9d9a61bf827e93db.txt`, a verbatim
//! copy of the seed in the sample instance) normalises, with no front matter, exactly as issue 2
//! requires: language, date, author, slogans, `[Source]` marker, paragraphs, title, and the two
//! warnings `check` prints.

use communique::instance::Instance;
use communique::model::{Item, Origin, Rule};
use serde_json::Value;

use crate::harness::TestEnv;

const SEED: &str = "items/000_9d9a61bf827e93db.txt";
const AUTHOR: &str = "Comitê Central da Tendência Marxista (Rússia)";
const SIGNATURE: &str = "Comitê Central da Tendência Marxista (Rússia) (08.01.22)";
const SLOGANS: [&str; 4] = [
    "Abaixo as ditaduras de Putin e Nazarbayev!",
    "Parem a intervenção militar!",
    "Os destinos dos países estão nas mãos dos trabalhadores!",
    "Viva a democracia operária, o socialismo e a solidariedade internacional da classe operária \
     de todas as nações!",
];
const TITLE: &str =
    "Nos últimos dias, o mundo inteiro assistiu aos protestos contra o aumento do preço do gás…";

fn seed_item(env: &TestEnv) -> Item {
    let instance = Instance::load(&env.path("config.toml")).expect("the seed fixture loads");
    assert!(!instance.has_errors(), "{:#?}", instance.diagnostics);
    assert_eq!(instance.items.len(), 1);
    instance.items.into_iter().next().unwrap()
}

/// The seed's lines, as in the file.
fn seed_lines(env: &TestEnv) -> Vec<String> {
    env.read_string(SEED).lines().map(str::to_owned).collect()
}

#[test]
fn the_fixture_has_no_front_matter() {
    let env = TestEnv::new("seed");
    let text = env.read_string(SEED);
    assert!(
        text.starts_with("Nos últimos dias"),
        "the seed is used as written"
    );
    assert_eq!(seed_lines(&env).len(), 11);
}

#[test]
fn seed_normalises_as_required() {
    let env = TestEnv::new("seed");
    let item = seed_item(&env);

    assert_eq!(item.front_matter, None);
    assert_eq!(item.lang.value, "pt", "language");
    assert!(
        matches!(item.lang.origin, Origin::Detected { .. }),
        "language is detected: {:?}",
        item.lang.origin
    );

    assert_eq!(
        communique::normalise::dates::rfc3339(&item.published.value),
        "2022-01-08T00:00:00Z",
        "published"
    );
    assert_eq!(
        item.published.origin,
        Origin::Text {
            line: 7,
            rule: Rule::DdMmYy
        }
    );
    assert_eq!(item.updated.value, item.published.value);

    assert_eq!(item.authors.value, [AUTHOR], "author, parentheses included");
    assert_eq!(
        item.authors.origin,
        Origin::Text {
            line: 7,
            rule: Rule::Signature
        }
    );
    assert_eq!(item.signature.as_deref(), Some(SIGNATURE));
    assert_eq!(item.slogans, SLOGANS, "four slogans");
    assert!(item.source.is_none());
    assert_eq!(
        item.id.value,
        "tag:example.org,2022:statements/000_9d9a61bf827e93db"
    );
}

#[test]
fn seed_title_is_cut_at_a_word_boundary() {
    let env = TestEnv::new("seed");
    let item = seed_item(&env);
    let title = &item.title.value;
    assert_eq!(title, TITLE);
    assert!(title.chars().count() <= 90, "{title}");
    let cut = title.strip_suffix('…').expect("ends with …");
    let first_line = &seed_lines(&env)[0];
    assert!(
        first_line.starts_with(cut),
        "the title is the start of the text"
    );
    let next = first_line[cut.len()..].chars().next();
    assert!(
        next.is_some_and(|c| c.is_whitespace() || c.is_ascii_punctuation()),
        "cut inside a word: {title} | next {next:?}"
    );
    assert_eq!(
        item.title.origin,
        Origin::Text {
            line: 1,
            rule: Rule::FirstSentence
        }
    );
}

#[test]
fn seed_content_has_five_paragraphs_signature_and_slogans_but_no_marker() {
    let env = TestEnv::new("seed");
    let item = seed_item(&env);
    let lines = seed_lines(&env);
    let html = &item.content_html;
    assert!(
        !html.contains("[Source]"),
        "the marker is not literal text:\n{html}"
    );
    assert!(
        !html.contains("Source"),
        "no source link without a source:\n{html}"
    );

    let paragraphs: Vec<&str> = html
        .split("</p>")
        .filter_map(|p| p.trim().strip_prefix("<p>"))
        .collect();
    assert_eq!(
        paragraphs.len(),
        10,
        "5 body paragraphs + signature + 4 slogans:\n{html}"
    );
    // Body paragraphs: lines 1, 3, 4, 5, 6 (line 2 is the marker).
    for (p, line) in paragraphs[..5].iter().zip([0, 2, 3, 4, 5]) {
        assert_eq!(*p, lines[line], "paragraph from line {}", line + 1);
    }
    assert_eq!(paragraphs[5], SIGNATURE);
    assert_eq!(paragraphs[6..], SLOGANS);
}

#[test]
fn check_prints_exactly_the_two_warnings() {
    let env = TestEnv::new("seed");
    let run = env.run(&["check"]);
    run.assert_code(0);
    let expected = [
        "items/000_9d9a61bf827e93db.txt:1: warning: title inferred from the first sentence: \
         \"Nos últimos dias, o mundo inteiro assistiu aos protestos contra o aumento do preço do \
         gás…\"; add `title` to the front matter to choose it",
        "items/000_9d9a61bf827e93db.txt:2: warning: `[Source]` marks a source, but the item has \
         no source link: add `source = \"https://…\"` to the front matter (the marker is left out \
         until then)",
    ];
    assert_eq!(run.stdout_diagnostics(), expected, "\n{run}");
    assert!(
        run.stdout.lines().count() == 3
            && run
                .stdout
                .lines()
                .last()
                .unwrap()
                .ends_with(": 0 errors, 2 warnings"),
        "the two warnings and the summary, nothing else\n{run}"
    );
    assert_eq!(run.stderr, "", "\n{run}");
}

#[test]
fn a_source_link_replaces_the_marker_and_silences_the_warning() {
    let env = TestEnv::new("seed");
    let text = env.read_string(SEED);
    env.write(
        SEED,
        format!("+++\nsource = \"https://example.net/original?a=1&b=2\"\n+++\n{text}"),
    );
    let run = env.run(&["check"]);
    run.assert_code(0);
    // Only the title warning is left, its line moved by the three front-matter lines.
    assert_eq!(
        run.stdout_diagnostics(),
        [
            "items/000_9d9a61bf827e93db.txt:4: warning: title inferred from the first sentence: \
          \"Nos últimos dias, o mundo inteiro assistiu aos protestos contra o aumento do preço do \
          gás…\"; add `title` to the front matter to choose it"
        ],
        "\n{run}"
    );
    let item = seed_item(&env);
    assert!(
        item.content_html
            .contains(r#"<p><a href="https://example.net/original?a=1&amp;b=2""#),
        "{}",
        item.content_html
    );
    assert!(!item.content_html.contains("[Source]"));
}

#[test]
fn items_json_shows_where_each_value_came_from() {
    let env = TestEnv::new("seed");
    let run = env.run(&["items", "--format", "json"]);
    run.assert_code(0);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("items --format json is not JSON: {e}\n{run}"));
    let item = &json.as_array().expect("a list of items")[0];
    assert_eq!(item["path"], SEED);
    assert_eq!(item["front_matter"], Value::Null);

    assert_eq!(item["lang"]["value"], "pt");
    assert_eq!(item["lang"]["from"], "detected");
    assert!(
        item["lang"]["confidence"].as_f64().is_some(),
        "{}",
        item["lang"]
    );

    assert_eq!(item["published"]["value"], "2022-01-08T00:00:00Z");
    assert_eq!(item["published"]["from"], "text");
    assert_eq!(item["published"]["rule"], "dd.mm.yy");
    assert_eq!(item["published"]["line"], 7);

    assert_eq!(item["authors"]["value"][0], AUTHOR);
    assert_eq!(item["authors"]["from"], "text");
    assert_eq!(item["authors"]["rule"], "signature");

    assert_eq!(item["title"]["value"], TITLE);
    assert_eq!(item["title"]["from"], "text");
    assert_eq!(item["title"]["rule"], "first-sentence");
    assert_eq!(item["title"]["line"], 1);

    assert_eq!(item["updated"]["from"], "derived");
    assert_eq!(item["id"]["from"], "derived");
    assert_eq!(item["tags"]["from"], "config");
    assert_eq!(item["summary"]["from"], "text");
    assert_eq!(item["summary"]["rule"], "first-paragraph");
    assert_eq!(item["source"], Value::Null);
    assert_eq!(item["slogans"].as_array().unwrap().len(), 4);
    assert_eq!(item["signature"], SIGNATURE);
}

#[test]
fn items_table_marks_each_origin() {
    let env = TestEnv::new("seed");
    let run = env.run(&["items"]);
    run.assert_code(0);
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with(SEED))
        .unwrap_or_else(|| panic!("no row for the seed\n{run}"));
    for cell in [
        "2022-01-08 t",
        "pt d",
        &format!("{AUTHOR} t"),
        &format!("{TITLE} t"),
    ] {
        assert!(row.contains(cell), "row lacks `{cell}`: {row}");
    }
}

#[test]
fn seed_feeds_parse_and_carry_the_inferred_values() {
    let env = TestEnv::new("seed");
    env.build();
    for name in crate::harness::FEED_FILES {
        let feed = feed_rs::parser::parse(&env.output(name)[..])
            .unwrap_or_else(|e| panic!("feed-rs cannot parse {name}: {e}"));
        assert_eq!(feed.entries.len(), 1, "{name}");
        let entry = &feed.entries[0];
        assert_eq!(entry.title.as_ref().unwrap().content, TITLE, "{name}");
        assert_eq!(
            entry
                .authors
                .iter()
                .map(|a| a.name.clone().unwrap())
                .collect::<Vec<_>>(),
            [AUTHOR],
            "{name}"
        );
        assert_eq!(
            entry.published.map(|d| d.to_rfc3339()),
            Some("2022-01-08T00:00:00+00:00".to_owned()),
            "{name}"
        );
    }
    let atom = env.output_string("atom.xml");
    assert!(atom.contains(r#"<entry xml:lang="pt">"#), "{atom}");
    let rss = env.output_string("rss.xml");
    assert!(
        rss.contains("<pubDate>Sat, 08 Jan 2022 00:00:00 +0000</pubDate>"),
        "{rss}"
    );
    assert!(rss.contains("<dc:language>pt</dc:language>"), "{rss}");
}
