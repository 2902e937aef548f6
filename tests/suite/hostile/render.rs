//! Hostile input, output: path components that always fit, escaped plain text and sanitised HTML in every format, dates feeds can carry.

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::harness::{self, TestEnv};

/// An instance with the whole feed set on: tag and language feeds, archives, pages, OPML.
const FULL_CONFIG: &str = r#"title = "Statements"
subtitle = "Test statements"
base_url = "https://example.org/s/"
author = "Test Organisation"
lang = "en"
timezone = "UTC"
limit = 500
id_authority = "example.org"
id_date = "2022"

[feeds]
archives = "year"
"#;

fn full_instance() -> TestEnv {
    let env = TestEnv::empty();
    env.write("config.toml", FULL_CONFIG);
    std::fs::create_dir_all(env.path("items")).unwrap();
    env
}

/// A TOML basic string holding `s`. serde_json's escapes (`\"`, `\\`, `\n`, `\uXXXX`, …) are all
/// valid TOML escapes, so a JSON string literal is a TOML string literal.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Parses a feed file with feed-rs and with its format's own reader; panics if either fails.
fn parse_back(path: &Path, bytes: &[u8]) {
    feed_rs::parser::parse(bytes)
        .unwrap_or_else(|e| panic!("feed-rs cannot read {}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy();
    match name.as_ref() {
        "atom.xml" => {
            atom_syndication::Feed::read_from(bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        "rss.xml" => {
            rss::Channel::read_from(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        "feed.json" => {
            serde_json::from_slice::<serde_json::Value>(bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        other => panic!("unexpected feed file {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Hole 3: long or emoji tags and file names.

#[test]
fn an_emoji_tag_too_long_for_a_folder_is_published_under_a_fitted_one() {
    let env = full_instance();
    let flags = "🚩".repeat(11);
    env.write(
        "items/2022-03-01-flags.md",
        format!(
            "+++\ntitle = \"Flags\"\ndate = 2022-03-01\nlang = \"en\"\ntags = [{}, \"ok\"]\n+++\nThe flags are up.\n",
            toml_string(&flags)
        ),
    );
    env.write(
        "items/2022-03-02-good.md",
        "+++\ntitle = \"Good\"\ndate = 2022-03-02\nlang = \"en\"\ntags = [\"ok\"]\n+++\nA good item.\n",
    );
    let check = env.run(&["check"]);
    check.assert_code(0);
    let warning = check
        .stdout_diagnostics()
        .into_iter()
        .find(|d| d.contains("too long for a folder name"))
        .unwrap_or_else(|| panic!("check does not report the long tag\n{check}"))
        .to_owned();
    // Named at the item's `tags` line, not at an output path.
    assert!(
        warning.starts_with("items/2022-03-01-flags.md:5: warning: tag `🚩🚩"),
        "{warning}"
    );

    env.build();
    let tags: Vec<String> = std::fs::read_dir(env.path("public/tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(tags.len(), 2, "{tags:?}");
    // A short tag keeps its folder byte for byte.
    assert!(tags.contains(&"ok".to_owned()), "{tags:?}");
    let long = tags.iter().find(|t| *t != "ok").unwrap();
    assert!(long.len() <= 200, "{long} is {} bytes", long.len());
    assert!(long.starts_with("triangular-flag-on-post-"), "{long}");
    assert!(
        warning.contains(&format!("`tags/{long}/`")),
        "the warning names the folder: {warning}"
    );
    let feed = env.output(&format!("tags/{long}/atom.xml"));
    parse_back(Path::new("atom.xml"), &feed);
    let feed = atom_syndication::Feed::read_from(&feed[..]).unwrap();
    assert_eq!(feed.entries().len(), 1);
    assert_eq!(feed.entries()[0].title().value, "Flags");
    // The item page links to the folder that was written (the tag's page in it), and both
    // items are published.
    let page = env.output_string("2022/2022-03-01-flags/index.html");
    assert!(
        page.contains(&format!("https://example.org/s/tags/{long}/\"")),
        "{page}"
    );
    let tag_page = env.output_string(&format!("tags/{long}/index.html"));
    assert!(
        tag_page.contains(&format!("https://example.org/s/tags/{long}/atom.xml")),
        "{tag_page}"
    );
    let all = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    assert_eq!(all.entries().len(), 2);

    // Stable: a second build writes the same folders and changes nothing.
    let again = env.build();
    assert!(
        format!("{}{}", again.stdout, again.stderr).contains("0 created, 0 updated"),
        "{again}"
    );
}

#[test]
fn a_file_name_too_long_for_a_page_folder_gets_a_fitted_page() {
    let env = full_instance();
    // 230 bytes of stem: a valid file name, but more than a page folder may take.
    let stem = format!("2022-03-01-{}", "заявление-".repeat(11));
    assert!(stem.len() > 200 && stem.len() + 3 < 255, "{}", stem.len());
    env.write(
        &format!("items/{stem}.md"),
        "+++\ntitle = \"Long name\"\nlang = \"en\"\n+++\nA statement with a long file name.\n",
    );
    env.write(
        "items/2022-03-02-short.md",
        "+++\ntitle = \"Short\"\nlang = \"en\"\n+++\nA short name.\n",
    );
    let check = env.run(&["check"]);
    check.assert_code(0);
    assert!(
        check
            .stdout_diagnostics()
            .iter()
            .any(|d| d.starts_with(&format!(
                "items/{stem}.md: warning: the file name is too long"
            ))),
        "{check}"
    );
    env.build();
    let pages: Vec<String> = std::fs::read_dir(env.path("public/2022"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(pages.contains(&"2022-03-02-short".to_owned()), "{pages:?}");
    let long = pages.iter().find(|p| p.starts_with("2022-03-01-")).unwrap();
    assert!(long.len() <= 200, "{long}");
    // The entry's link is the page that was written; the id still comes from the whole stem.
    let feed = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.title().value == "Long name")
        .unwrap();
    let mut page_url = url::Url::parse("https://example.org/s/2022/").unwrap();
    page_url
        .path_segments_mut()
        .unwrap()
        .pop_if_empty()
        .push(long)
        .push("");
    assert_eq!(entry.links()[0].href, page_url.as_str());
    assert!(env
        .path(&format!("public/2022/{long}/index.html"))
        .is_file());
    assert!(
        entry
            .id
            .ends_with("%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5-"),
        "{}",
        entry.id
    );
}

// ---------------------------------------------------------------------------------------------
// Hole 5: hostile text in every field, in every output.

/// Every file under `public/`, relative, sorted.
fn output_files(env: &TestEnv) -> Vec<String> {
    let root = env.path("public");
    let mut files: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

/// Known cross-site scripting payloads: script tags, event handlers, script URLs in every
/// scheme and spelling, SVG and MathML, frames and objects, CSS, entity-encoded and mixed-case
/// variants, CDATA and attribute breakouts, nesting tricks and template syntax.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script/x>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror=&#97;lert(1)>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img src=\"javascript:alert(1)\">",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"&#106;avascript:alert(1)\">click</a>",
    "<a href=\"&#x6A;&#x61;vascript:alert(1)\">click</a>",
    "<a href=\"  javascript:alert(1)\">click</a>",
    "<a href=\"java\tscript:alert(1)\">click</a>",
    "<a href=\"javascript&colon;alert(1)\">click</a>",
    "<a href=\"vbscript:msgbox(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<a href=\"data:image/svg+xml,<svg onload=alert(1)>\">click</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1) \"t\")",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">x</div>",
    "<x onclick=alert(1)>click",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<keygen autofocus onfocus=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]>]]><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<textarea></textarea><script>alert(1)</script>",
    "<title></title><script>alert(1)</script>",
    "{{ 7*7 }}<script>alert(1)</script>",
    "{% raw %}<img src=x onerror=alert(1)>",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
];

/// Tags that must never be live in published HTML.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base",
    "form", "input", "button", "textarea", "keygen", "isindex", "marquee", "noscript", "template",
];

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "xlink:href",
];

/// A start tag: its name and its attributes (names lower case, values decoded).
type StartTag = (String, Vec<(String, String)>);

/// What an HTML tokenizer sees in a document: the start tags, and the text.
#[derive(Default)]
struct Tags {
    tags: RefCell<Vec<StartTag>>,
    text: RefCell<String>,
}

impl TokenSink for Tags {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let attrs = tag
                    .attrs
                    .iter()
                    .map(|a| {
                        let name = match a.name.prefix.as_ref() {
                            Some(p) => format!("{}:{}", p, a.name.local),
                            None => a.name.local.to_string(),
                        };
                        (name.to_ascii_lowercase(), a.value.to_string())
                    })
                    .collect();
                self.tags
                    .borrow_mut()
                    .push((tag.name.to_string().to_ascii_lowercase(), attrs));
            }
            Token::CharacterTokens(t) => self.text.borrow_mut().push_str(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Tokenizes `html` as a browser's tokenizer would (without the tree builder's raw-text
/// switches, so text inside `<style>` or `<title>` is also looked at for tags: stricter).
fn tokenize(html: &str) -> Tags {
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// A URL a browser would run or render as a document: `javascript:`, `vbscript:`, `data:`
/// (after the whitespace and control characters browsers ignore).
fn is_script_url(value: &str) -> bool {
    let squashed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| squashed.starts_with(s))
}

/// The one script element an item page may hold: its JSON-LD, which browsers never run.
fn is_json_ld(name: &str, attrs: &[(String, String)]) -> bool {
    name == "script" && attrs == [("type".to_owned(), "application/ld+json".to_owned())]
}

/// Panics when `html` holds anything live a reader must not run: a forbidden element, an event
/// handler, a `style` or `srcdoc` attribute, a script URL. `allowed` lists elements the page
/// templates themselves use (`style`, `meta`, `link` in a page's head; `script` allows only
/// one `<script type="application/ld+json">`, whose text the tokenizer here reads as markup,
/// so a title that ended the element would show as a second one).
fn assert_safe_html(what: &str, html: &str, allowed: &[&str]) {
    let mut json_ld = 0;
    for (name, attrs) in tokenize(html).tags.into_inner() {
        if allowed.contains(&"script") && is_json_ld(&name, &attrs) {
            json_ld += 1;
            assert_eq!(json_ld, 1, "{what}: a second JSON-LD script in\n{html}");
            continue;
        }
        assert!(
            !FORBIDDEN_TAGS.contains(&name.as_str())
                && (allowed.contains(&name.as_str())
                    || !["style", "meta", "link"].contains(&name.as_str())),
            "{what}: live <{name}> in\n{html}"
        );
        for (attr, value) in attrs {
            assert!(
                !attr.starts_with("on")
                    && attr != "style"
                    && attr != "srcdoc"
                    && attr != "http-equiv",
                "{what}: live attribute {attr}={value:?} on <{name}> in\n{html}"
            );
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                assert!(
                    !is_script_url(&value),
                    "{what}: script URL {attr}={value:?} on <{name}> in\n{html}"
                );
            }
        }
    }
}

/// `text` with runs of white space as one space: summaries are stored that way (a tab in a
/// summary is not markup).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Panics unless `html` is plain text escaped as HTML: no element at all, and the text a browser
/// shows is `text` (white space aside).
fn assert_escaped_text(what: &str, html: &str, text: &str) {
    let tags = tokenize(html);
    assert!(
        tags.tags.borrow().is_empty(),
        "{what}: markup in escaped text\n{html}"
    );
    assert_eq!(
        words(&tags.text.into_inner()),
        words(text),
        "{what}: shows other text than written"
    );
}

/// One Markdown item per payload: the payload as title, summary, tag and author, and in the body
/// raw, HTML-escaped, in a quote and in a list; and one plain-text statement per payload, with
/// the payload as its first line, inside paragraphs and in the signature. Plus hostile sources.
fn write_hostile_items(env: &TestEnv) {
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let p = toml_string(payload);
        let escaped = payload
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        env.write(
            &format!("items/2022-01-01-md-{i:02}.md"),
            format!(
                "+++\ntitle = {p}\nsummary = {p}\ntags = [{p}]\nauthors = [{p}]\nlang = \"en\"\n\
                 date = 2022-01-01T00:{:02}:00Z\n+++\n{payload}\n\nWritten escaped: {escaped}\n\n\
                 > {payload}\n\n* {payload}\n\n[Source]\n",
                i % 60
            ),
        );
        env.write(
            &format!("items/2022-02-01-txt-{i:02}.txt"),
            format!(
                "{payload}\n\n{payload} is what the statement says.\n\nWritten escaped: \
                 {escaped}\n\nThe Organisation ({payload}) (01.02.22)\n"
            ),
        );
    }
    // Sources: only absolute http(s) URLs are accepted; characters that could break out of an
    // attribute are percent-encoded by the URL parser.
    env.write(
        "items/2022-03-01-source-breakout.md",
        "+++\ntitle = \"Source breakout\"\nlang = \"en\"\n\
         source = \"https://example.org/x?a=\\\"><script>alert(1)</script>&b='onmouseover='alert(1)\"\n\
         +++\nSee the source.\n\n[Source]\n",
    );
    env.write(
        "items/2022-03-02-source-script.md",
        "+++\ntitle = \"Script source\"\nlang = \"en\"\nsource = \"javascript:alert(1)\"\n+++\nText.\n",
    );
    env.write(
        "items/2022-03-03-source-line.txt",
        "Source line\n\nA statement.\n\nSource: javascript:alert(1)\n",
    );
}

/// The text of an Atom text construct, requiring its type.
fn atom_text(text: &atom_syndication::Text, kind: atom_syndication::TextType) -> &str {
    assert_eq!(text.r#type, kind, "{text:?}");
    &text.value
}

/// Checks one Atom document: HTML content safe, text constructs plain text, and the Markdown
/// items' fields as written (white space aside).
fn check_atom(what: &str, bytes: &[u8]) {
    use atom_syndication::TextType;
    let feed = atom_syndication::Feed::read_from(bytes).unwrap();
    for entry in feed.entries() {
        let title = atom_text(entry.title(), TextType::Text);
        let summary = atom_text(entry.summary().expect("summary"), TextType::Text);
        // A summary feed's entry (a tag feed) has no content, and links to the page instead.
        match entry.content() {
            Some(content) => {
                assert_eq!(content.content_type(), Some("html"));
                assert_safe_html(what, content.value().unwrap_or(""), &[]);
            }
            None => assert!(
                entry.links().iter().any(|l| l.rel() == "alternate"),
                "{what}: an entry without content links to its page"
            ),
        }
        if entry.id().contains("/2022-01-01-md-") {
            assert!(PAYLOADS.contains(&title), "{what}: title {title:?}");
            assert_eq!(words(summary), words(title), "{what}");
            assert_eq!(words(entry.categories()[0].term()), words(title), "{what}");
            assert_eq!(words(entry.authors()[0].name()), words(title), "{what}");
        }
    }
}

fn check_rss(what: &str, bytes: &[u8]) {
    let channel = rss::Channel::read_from(bytes).unwrap();
    for item in channel.items() {
        let description = item.description().expect("description");
        // `<description>` is HTML to every reader: the plain-text summary must be escaped.
        assert_safe_html(what, description, &[]);
        assert_safe_html(what, item.content().unwrap_or(""), &[]);
        let id = item.guid().unwrap().value();
        if id.contains("/2022-01-01-md-") {
            let title = item.title().unwrap();
            assert!(PAYLOADS.contains(&title), "{what}: title {title:?}");
            assert_escaped_text(what, description, &words(title));
            assert_eq!(words(item.categories()[0].name()), words(title), "{what}");
            let dc = item.dublin_core_ext().unwrap();
            assert_eq!(dc.creators().len(), 1, "{what}");
            assert_eq!(words(&dc.creators()[0]), words(title), "{what}");
        } else if !description.is_empty() {
            assert!(
                tokenize(description).tags.borrow().is_empty(),
                "{what}: {description}"
            );
        }
    }
}

fn check_json(what: &str, bytes: &[u8]) {
    let feed: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    for item in feed["items"].as_array().unwrap() {
        // A summary feed's item (a tag feed) carries its summary as `content_text`.
        match item["content_html"].as_str() {
            Some(html) => assert_safe_html(what, html, &[]),
            None => assert!(item["content_text"].is_string(), "{what}: {item}"),
        }
        if item["id"].as_str().unwrap().contains("/2022-01-01-md-") {
            let title = item["title"].as_str().unwrap();
            assert!(PAYLOADS.contains(&title), "{what}: title {title:?}");
            let summary = item["summary"].as_str().or(item["content_text"].as_str());
            assert_eq!(words(summary.unwrap()), words(title), "{what}");
            assert_eq!(
                words(item["tags"][0].as_str().unwrap()),
                words(title),
                "{what}"
            );
            assert_eq!(
                words(item["authors"][0]["name"].as_str().unwrap()),
                words(title),
                "{what}"
            );
        }
    }
}

/// OPML: only OPML elements, and each tag feed's title as plain text in its attributes.
fn check_opml(bytes: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut titles = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("OPML parses") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert!(
                    ["opml", "head", "title", "body", "outline"].contains(&name.as_str()),
                    "OPML element <{name}>"
                );
                for a in e.attributes() {
                    let a = a.unwrap();
                    if a.key.as_ref() == b"title" {
                        let raw = std::str::from_utf8(&a.value).unwrap();
                        titles.push(quick_xml::escape::unescape(raw).unwrap().into_owned());
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    titles
}

#[test]
fn hostile_text_is_escaped_or_sanitised_in_every_output() {
    assert!(PAYLOADS.len() >= 50, "{} payloads", PAYLOADS.len());
    let env = full_instance();
    write_hostile_items(&env);
    let run = env.run(&["build"]);
    // The only items left out are the ones with a script URL as `source`.
    run.assert_code(1);
    run.assert_stderr_line(
        "items/2022-03-02-source-script.md:4: error: `source` must be an absolute http(s) URL, \
         not `javascript:alert(1)`",
    );
    assert_eq!(run.stderr.matches(": error: ").count(), 1, "{run}");

    let files = output_files(&env);
    let (mut feeds, mut pages, mut feed_pages) = (0, 0, 0);
    for rel in &files {
        let path = env.path(&format!("public/{rel}"));
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match name.as_str() {
            "atom.xml" | "rss.xml" | "feed.json" => {
                parse_back(&path, &bytes);
                feeds += 1;
                match name.as_str() {
                    "atom.xml" => check_atom(rel, &bytes),
                    "rss.xml" => check_rss(rel, &bytes),
                    _ => check_json(rel, &bytes),
                }
            }
            "index.html" => {
                let html = String::from_utf8(bytes).unwrap();
                assert_safe_html(rel, &html, &["style", "meta", "link", "script"]);
                if html.contains("application/ld+json") {
                    check_json_ld(rel, &html);
                }
                // A language or tag page sits beside its feeds.
                if rel != "index.html" && path.with_file_name("atom.xml").exists() {
                    feed_pages += 1;
                } else {
                    pages += 1;
                }
            }
            "sitemap.xml" => check_sitemap(&bytes),
            // The pages' stylesheet: communique's own bytes, no item text.
            "style.css" => assert_eq!(bytes, communique::render::html::STYLESHEET.as_bytes()),
            "feeds.opml" => {
                let titles = check_opml(&bytes);
                for payload in PAYLOADS {
                    let title = format!("Statements: {payload}");
                    assert!(
                        titles.contains(&title)
                            || PAYLOADS
                                .iter()
                                .any(|p| p != payload && plain_slug_shared(p, payload)),
                        "OPML has no plain-text title {title:?}"
                    );
                }
            }
            other => panic!("unexpected output file {rel} ({other})"),
        }
    }
    // Every item has a page, plus the index; the main, archive, tag and language feeds; every
    // tag and language feed a page.
    assert_eq!(pages, PAYLOADS.len() * 2 + 2 + 1, "{files:?}");
    let feed_dirs = files
        .iter()
        .filter(|f| f.ends_with("/rss.xml") && !f.contains("archive/"))
        .count();
    assert_eq!(feed_pages, feed_dirs, "{files:?}");
    assert!(feeds > PAYLOADS.len(), "{feeds} feeds");

    // A page shows each field as the text that was written.
    let page = env.output_string("2022/2022-01-01-md-00/index.html");
    let seen = tokenize(&page).text.into_inner();
    assert!(seen.contains("<script>alert(1)</script>"), "{page}");
}

/// An item page's JSON-LD parses, with serde_json, and its headline is the page's title: a
/// hostile title neither breaks out of the script element nor is changed.
fn check_json_ld(what: &str, html: &str) {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    let start = html.find(OPEN).unwrap() + OPEN.len();
    let text = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(!text.contains('<') && !text.contains('&'), "{what}: {text}");
    let ld: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: JSON-LD: {e}\n{text}"));
    assert_eq!(ld["@type"], "NewsArticle", "{what}");
    let title = tokenize(&html[html.find("<h1>").unwrap()..html.find("</h1>").unwrap()])
        .text
        .into_inner();
    assert_eq!(ld["headline"].as_str(), Some(title.as_str()), "{what}");
}

/// The sitemap is well-formed XML (quick-xml reads it to the end) whose every `loc` is an
/// absolute http(s) URL.
fn check_sitemap(bytes: &[u8]) {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut in_loc = false;
    let mut locs = 0;
    loop {
        match reader
            .read_event_into(&mut buf)
            .expect("sitemap.xml parses")
        {
            quick_xml::events::Event::Start(e) => in_loc = e.name().as_ref() == b"loc",
            quick_xml::events::Event::Text(t) if in_loc => {
                let loc = t.decode().unwrap().into_owned();
                assert!(loc.starts_with("https://"), "{loc}");
                locs += 1;
            }
            quick_xml::events::Event::End(_) => in_loc = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert!(locs > PAYLOADS.len(), "{locs} pages in the sitemap");
}

/// Whether two tags share a feed (and so one OPML title): same folder name.
fn plain_slug_shared(a: &str, b: &str) -> bool {
    fn slug(t: &str) -> String {
        let mut s = String::new();
        for c in deunicode::deunicode(t).to_ascii_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c);
            } else if !s.is_empty() && !s.ends_with('-') {
                s.push('-');
            }
        }
        s.trim_end_matches('-').to_owned()
    }
    slug(a) == slug(b)
}

#[test]
fn a_user_template_quoting_attributes_with_apostrophes_cannot_be_broken_out_of() {
    let env = full_instance();
    env.append_config("templates_dir = \"templates\"\n");
    env.write(
        "templates/item.html",
        "<!DOCTYPE html>\n<html><head><title>{{ item.title }}</title></head>\n<body><p \
         title='{{ item.title }}' data-summary='{{ item.summary }}'>{{ item.title }}</p>\n\
         {{ item.content_html | safe }}</body></html>\n",
    );
    let payload = "' onfocus='alert(1)' autofocus='";
    env.write(
        "items/2022-01-01-quote.md",
        format!(
            "+++\ntitle = {p}\nsummary = {p}\nlang = \"en\"\n+++\nText.\n",
            p = toml_string(payload)
        ),
    );
    env.build();
    let page = env.output_string("2022/2022-01-01-quote/index.html");
    assert_safe_html("item page", &page, &[]);
    let tags = tokenize(&page).tags.into_inner();
    let (_, attrs) = tags.iter().find(|(name, _)| name == "p").unwrap();
    assert!(
        attrs.contains(&("title".to_owned(), payload.to_owned())),
        "{attrs:?}"
    );
}

#[test]
fn an_escaped_script_in_a_body_stays_text_in_the_rss_description() {
    let env = TestEnv::minimal();
    env.write(
        "items/2022-01-01-escaped.md",
        "+++\ntitle = \"Escaped\"\nlang = \"en\"\n+++\nThey wrote &lt;script&gt;alert(1)&lt;/script&gt; on the wall.\n",
    );
    env.build();
    let channel = rss::Channel::read_from(&env.output("rss.xml")[..]).unwrap();
    let description = channel.items()[0].description().unwrap();
    assert_escaped_text(
        "rss.xml",
        description,
        "They wrote <script>alert(1)</script> on the wall.",
    );
}

// ---------------------------------------------------------------------------------------------
// Hole 7: dates feeds cannot carry.

fn dated(env: &TestEnv, name: &str, date_lines: &str) {
    env.write(
        &format!("items/{name}.md"),
        format!("+++\ntitle = \"{name}\"\nlang = \"en\"\n{date_lines}+++\nText of {name}.\n"),
    );
}

#[test]
fn dates_feeds_cannot_carry_are_refused_at_their_line() {
    let env = TestEnv::minimal();
    dated(&env, "year-zero", "date = 0000-01-01\n");
    dated(&env, "leap-second", "date = \"2016-12-31T23:59:60Z\"\n");
    dated(
        &env,
        "beyond-9999",
        "date = 2022-01-01\nupdated = \"9999-12-31T23:00:00-05:00\"\n",
    );
    env.write(
        "items/0000-01-01-file-name.txt",
        "A title\n\nA statement dated by its file name.\n",
    );
    dated(&env, "good", "date = 2022-01-01\n");
    let check = env.run(&["check"]);
    check.assert_code(1);
    for line in [
        "items/year-zero.md:4: error: `date` 0000-01-01T00:00:00Z is in year 0 in UTC; feeds can \
         only carry years 0001 to 9999",
        "items/leap-second.md:4: error: `date` 2016-12-31T23:59:60Z is a leap second, which many \
         feed readers reject; write :59 instead",
        "items/beyond-9999.md:5: error: `updated` 9999-12-31T23:00:00-05:00 is in year 10000 in \
         UTC; feeds can only carry years 0001 to 9999",
        "items/0000-01-01-file-name.txt:1: error: `date` 0000-01-01T00:00:00Z is in year 0 in \
         UTC; feeds can only carry years 0001 to 9999",
    ] {
        check.assert_stdout_line(line);
    }
    let build = env.run(&["build"]);
    build.assert_code(1);
    for name in harness::FEED_FILES {
        parse_back(Path::new(name), &env.output(name));
    }
    let feed = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    let titles: Vec<&str> = feed
        .entries()
        .iter()
        .map(|e| e.title().value.as_str())
        .collect();
    assert_eq!(titles, ["good"]);
}

#[test]
fn unlikely_dates_are_warned_about() {
    let env = TestEnv::minimal();
    dated(&env, "old", "date = 1850-05-01\n");
    dated(&env, "ahead", "date = 2999-01-01\n");
    let check = env.run(&["check"]);
    check.assert_code(0);
    check.assert_stdout_line(
        "items/old.md:4: warning: `date` 1850-05-01T00:00:00Z is before 1900: is the year right?",
    );
    check.assert_stdout_line(
        "items/ahead.md:4: warning: `date` 2999-01-01T00:00:00Z is more than a year ahead: the \
         statement is scheduled and stays out of every output until then; is the year right?",
    );
    check.assert_stdout_line(
        "items/ahead.md: scheduled: in no output until 2999-01-01T00:00:00Z (its date)",
    );
    env.build();
    let feed = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    assert_eq!(feed.entries().len(), 1, "the item dated 2999 is scheduled");
}
