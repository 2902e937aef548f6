//! Hostile input, output: path components that always fit, escaped plain text and sanitised HTML in every format, dates feeds can carry.

use std::path::Path;

use crate::common::TestEnv;

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
    // The item page links to the folder that was written, and both items are published.
    let page = env.output_string("2022/2022-03-01-flags/index.html");
    assert!(
        page.contains(&format!("https://example.org/s/tags/{long}/atom.xml")),
        "{page}"
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
