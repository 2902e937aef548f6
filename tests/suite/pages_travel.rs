//! Pages that travel: item pages carry JSON-LD (schema.org `NewsArticle`, parsed back with
//! serde_json) and OpenGraph tags; `sitemap.xml` (parsed back with quick-xml) lists every page
//! with `hreflang` alternates; each language and tag has a page listing its statements and
//! linking its feeds, linked from the index; the signature and the slogans are marked up.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// The sitemap declares XML 1.0.
const XML: XmlVersion = XmlVersion::Explicit1_0;

use crate::harness::TestEnv;

const BASE: &str = "https://example.org/s/";

fn built() -> TestEnv {
    let env = TestEnv::new("feed_set");
    env.run(&["build", "-q"]).assert_code(0);
    env
}

/// The JSON-LD of a page: the text of its one `<script type="application/ld+json">` element,
/// parsed with serde_json.
fn json_ld(page: &str) -> serde_json::Value {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    let start = page
        .find(OPEN)
        .unwrap_or_else(|| panic!("no JSON-LD: {page}"))
        + OPEN.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end])
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{}", &page[start..end]))
}

/// The `content` of `<meta property="{property}" …>` tags, in order.
fn meta(page: &str, property: &str) -> Vec<String> {
    let open = format!("<meta property=\"{property}\" content=\"");
    page.match_indices(&open)
        .map(|(i, _)| {
            let rest = &page[i + open.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn item_pages_carry_json_ld_and_opengraph() {
    let env = built();
    let original = env.output_string("2022/2022-06-01-b/index.html");
    let ld = json_ld(&original);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Statement B");
    assert_eq!(ld["datePublished"], "2022-06-01T00:00:00Z");
    assert_eq!(ld["dateModified"], "2022-06-01T00:00:00Z");
    assert_eq!(ld["inLanguage"], "en");
    assert_eq!(ld["url"], format!("{BASE}2022/2022-06-01-b/"));
    assert_eq!(ld["keywords"], serde_json::json!(["strike"]));
    // No signatory: the configured author, an organisation; also the publisher.
    assert_eq!(
        ld["author"],
        serde_json::json!([{"@type": "Organization", "name": "Test Organisation"}])
    );
    assert_eq!(ld["publisher"]["name"], "Test Organisation");
    assert_eq!(
        ld["workTranslation"],
        serde_json::json!([{
            "@type": "NewsArticle",
            "@id": format!("{BASE}2022/2022-06-02-b-es/"),
            "url": format!("{BASE}2022/2022-06-02-b-es/"),
            "headline": "Declaración B",
            "inLanguage": "es",
        }])
    );
    assert!(ld.get("translationOfWork").is_none());

    let translation = env.output_string("2022/2022-06-02-b-es/index.html");
    let ld = json_ld(&translation);
    assert_eq!(ld["inLanguage"], "es");
    assert_eq!(
        ld["translationOfWork"]["url"],
        format!("{BASE}2022/2022-06-01-b/")
    );
    assert!(ld.get("workTranslation").is_none());

    assert_eq!(meta(&original, "og:type"), ["article"]);
    assert_eq!(meta(&original, "og:title"), ["Statement B"]);
    assert_eq!(
        meta(&original, "og:url"),
        [format!("{BASE}2022/2022-06-01-b/")]
    );
    assert_eq!(meta(&original, "og:description"), ["Text of statement B."]);
    assert_eq!(meta(&original, "og:locale"), ["en"]);
    assert_eq!(meta(&original, "og:locale:alternate"), ["es"]);
    assert_eq!(
        meta(&original, "article:published_time"),
        ["2022-06-01T00:00:00Z"]
    );
    assert_eq!(meta(&original, "article:tag"), ["strike"]);
}

#[test]
fn signatories_are_organisations_or_people() {
    let env = TestEnv::new("feed_set");
    env.write(
        "items/2024-01-01-signed.md",
        "+++\ntitle = \"Signed\"\ndate = 2024-01-01\nlang = \"en\"\n\
         authors = [\"Ana Costa\", \"Executive Committee\", \"CGT\"]\n+++\n\nText.\n",
    );
    env.run(&["build", "-q"]).assert_code(0);
    let ld = json_ld(&env.output_string("2024/2024-01-01-signed/index.html"));
    let kinds: Vec<(&str, &str)> = ld["author"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["@type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Ana Costa", "Person"),
            ("Executive Committee", "Organization"),
            ("CGT", "Organization")
        ]
    );
}

#[test]
fn json_ld_cannot_be_broken_out_of() {
    let env = TestEnv::new("feed_set");
    let title = "</script><script>alert(1)</script><!-- & \u{2028} -->";
    env.write(
        "items/2024-01-01-breakout.md",
        format!(
            "+++\ntitle = {}\nsummary = \"</SCRIPT >\"\ndate = 2024-01-01\nlang = \"en\"\n\
             tags = [\"</script>\"]\n+++\n\nText.\n",
            toml_string(title)
        ),
    );
    env.run(&["build", "-q"]).assert_code(0);
    let page = env.output_string("2024/2024-01-01-breakout/index.html");
    // One script element, and nothing in it that ends it or opens a comment.
    assert_eq!(
        page.to_ascii_lowercase().matches("</script").count(),
        1,
        "{page}"
    );
    let ld = json_ld(&page);
    assert_eq!(ld["headline"], title);
    // The summary is the page's description, escaped as an attribute, and not repeated in
    // the JSON-LD.
    assert!(ld.get("description").is_none(), "{ld}");
    assert!(
        page.contains("<meta name=\"description\" content=\"&lt;/SCRIPT &gt;\">"),
        "{page}"
    );
    assert_eq!(ld["keywords"], serde_json::json!(["</script>"]));
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A sitemap read back with quick-xml: each `<loc>` and its `xhtml:link` alternates
/// (`hreflang` → `href`), and its `<lastmod>`.
type Sitemap = BTreeMap<String, (Option<String>, BTreeMap<String, String>)>;

fn read_sitemap(xml: &str) -> Sitemap {
    let mut reader = Reader::from_str(xml);
    let mut urls = Sitemap::new();
    let mut current: Option<(String, Option<String>, BTreeMap<String, String>)> = None;
    let mut field = String::new();
    let mut root_seen = false;
    loop {
        match reader.read_event().expect("sitemap.xml is well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if name == "urlset" {
                    root_seen = true;
                    let ns = e
                        .try_get_attribute("xmlns")
                        .unwrap()
                        .map(|a| a.normalized_value(XML).unwrap().into_owned());
                    assert_eq!(
                        ns.as_deref(),
                        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
                    );
                } else if name == "url" {
                    current = Some((String::new(), None, BTreeMap::new()));
                }
                field = name;
            }
            Event::Empty(e) if e.name().as_ref() == b"xhtml:link" => {
                let attr = |k: &str| {
                    e.try_get_attribute(k)
                        .unwrap()
                        .unwrap_or_else(|| panic!("xhtml:link without {k}"))
                        .normalized_value(XML)
                        .unwrap()
                        .into_owned()
                };
                assert_eq!(attr("rel"), "alternate");
                let url = current.as_mut().expect("xhtml:link inside <url>");
                url.2.insert(attr("hreflang"), attr("href"));
            }
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                if let Some(url) = current.as_mut() {
                    match field.as_str() {
                        "loc" => url.0 = text,
                        "lastmod" => url.1 = Some(text),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == b"url" {
                    let (loc, lastmod, alternates) = current.take().unwrap();
                    assert!(
                        urls.insert(loc, (lastmod, alternates)).is_none(),
                        "loc twice"
                    );
                }
                field.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(root_seen, "no <urlset>");
    urls
}

#[test]
fn the_sitemap_lists_every_page_with_its_translations() {
    let env = built();
    let sitemap = read_sitemap(&env.output_string("sitemap.xml"));
    let mut want: Vec<String> = vec![BASE.to_owned()];
    for page in [
        "2021/2021-05-01-old.en/",
        "2021/2021-05-01-old.pt/",
        "2022/2022-01-08-a/",
        "2022/2022-06-01-b/",
        "2022/2022-06-02-b-es/",
        "2023/2023-02-01-c/",
        "en/",
        "es/",
        "pt/",
        "ru/",
        "tags/greve/",
        "tags/strike/",
    ] {
        want.push(format!("{BASE}{page}"));
    }
    want.sort();
    assert_eq!(sitemap.keys().cloned().collect::<Vec<_>>(), want);

    let (lastmod, alternates) = &sitemap[&format!("{BASE}2022/2022-06-02-b-es/")];
    assert_eq!(lastmod.as_deref(), Some("2022-06-02T00:00:00Z"));
    let both: BTreeMap<String, String> = [
        ("en".to_owned(), format!("{BASE}2022/2022-06-01-b/")),
        ("es".to_owned(), format!("{BASE}2022/2022-06-02-b-es/")),
    ]
    .into();
    assert_eq!(alternates, &both);
    assert_eq!(&sitemap[&format!("{BASE}2022/2022-06-01-b/")].1, &both);
    // A statement without translations has none; the index changed with its newest statement.
    assert!(sitemap[&format!("{BASE}2022/2022-01-08-a/")].1.is_empty());
    assert_eq!(
        sitemap[BASE].0.as_deref(),
        Some("2023-02-01T00:00:00Z"),
        "{sitemap:?}"
    );
}

#[test]
fn each_language_and_tag_has_a_page_linked_from_the_index() {
    let env = built();
    let index = env.output_string("index.html");
    for (dir, title) in [
        ("pt/", "Declarações"),
        ("en/", "Statements (en)"),
        ("tags/strike/", "Statements: strike"),
    ] {
        assert!(
            index.contains(&format!("<a href=\"{BASE}{dir}\">{title}</a>")),
            "{dir}: {index}"
        );
    }
    // The tag page lists every statement of the tag, newest first (not only the feed's
    // `limit` of 2), and links the tag's feeds.
    let page = env.output_string("tags/strike/index.html");
    let links: Vec<&str> = page
        .match_indices("<li lang=")
        .map(|(i, _)| &page[i..i + page[i..].find("</a>").unwrap()])
        .collect();
    assert_eq!(links.len(), 2, "{page}");
    assert!(links[0].contains("2022/2022-06-01-b/"), "{page}");
    assert!(links[1].contains("2021/2021-05-01-old.en/"), "{page}");
    for feed in ["atom.xml", "rss.xml", "feed.json"] {
        assert!(
            page.contains(&format!("href=\"{BASE}tags/strike/{feed}\"")),
            "{page}"
        );
    }
    // A language page is in its language: Portuguese labels, `lang="pt"`.
    let pt = env.output_string("pt/index.html");
    assert!(
        pt.starts_with("<!DOCTYPE html>\n<html lang=\"pt\" dir=\"ltr\">"),
        "{pt}"
    );
    assert!(pt.contains("Ir para o conteúdo"), "{pt}");
    // Item pages link their tags' pages.
    let b = env.output_string("2022/2022-06-01-b/index.html");
    assert!(
        b.contains(&format!(
            "<a href=\"{BASE}tags/strike/\" rel=\"tag\">#strike</a>"
        )),
        "{b}"
    );
}

#[test]
fn the_signature_and_the_slogans_are_marked_up() {
    let env = TestEnv::new("feed_set");
    env.write(
        "items/2024-03-08-closing.txt",
        "Pelo Dia Internacional da Mulher\n\
         Saudamos as trabalhadoras que hoje fazem greve em todo o país pelos seus direitos.\n\
         Comitê Central (08.03.24)\n\
         Viva o 8 de Março!\n\
         Salário igual para trabalho igual!\n",
    );
    env.run(&["build", "-q"]).assert_code(0);
    let page = env.output_string("2024/2024-03-08-closing/index.html");
    assert!(
        page.contains("<p class=\"signature\">Comitê Central (08.03.24)</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"slogan\">Viva o 8 de Março!</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"slogan\">Salário igual para trabalho igual!</p>"),
        "{page}"
    );
    // The feeds carry the content as written, without the page's classes.
    let atom = env.output_string("atom.xml");
    assert!(!atom.contains("class=&quot;signature"), "{atom}");
    assert!(atom.contains("Comitê Central (08.03.24)"));
}
