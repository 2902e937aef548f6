//! Files published with an item (lead image, attachments, images of the text) and republished
//! statements: copied into the output, carried by every format (parsed back with each format's
//! own reader and feed-rs), shown on the page, checked (missing, oversized, leaving the items
//! folder), copied again only when changed, removed with the item.

use std::fs;

use crate::harness::{assert_whole, TestEnv, FEED_FILES};

const CONFIG: &str = "title = \"Statements\"\nbase_url = \"https://example.org/statements/\"\n\
                      author = \"Example Organisation\"\nlang = \"en\"\n\
                      id_authority = \"example.org\"\nid_date = \"2022\"\n\
                      [feeds]\nlanguages = false\ntags = false\narchives = \"off\"\nopml = false\n";

const ITEM: &str = "items/2024/2024-05-01-may-day.md";
const PAGE_DIR: &str = "2024/2024-05-01-may-day";
const BASE: &str = "https://example.org/statements/2024/2024-05-01-may-day";

/// The statement: an attachment named in the front matter (line 5), a relative image in the
/// text (line 10), and where it was first published.
const STATEMENT: &str = "+++\n\
    title = \"May Day appeal\"\n\
    date = 2024-05-01T09:00:00Z\n\
    lang = \"en\"\n\
    attachments = [\"signed/original.pdf\"]\n\
    source = \"https://sister.example.net/2024/05/appeal\"\n\
    source_name = \"Sister Organisation\"\n\
    source_feed = \"https://sister.example.net/rss.xml\"\n\
    +++\n\
    Workers of the world, unite! ![The march](march.png)\n";

const PDF: &[u8] = b"%PDF-1.4 signed original";
const JPG: &[u8] = b"\xFF\xD8\xFF\xE0 lead image";
const MP3: &[u8] = b"ID3 recording of the speech";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n march";

/// An instance with pages on and the statement with its files.
fn instance() -> TestEnv {
    let env = TestEnv::empty();
    env.write("config.toml", CONFIG);
    env.write(ITEM, STATEMENT);
    env.write("items/2024/signed/original.pdf", PDF);
    env.write("items/2024/2024-05-01-may-day.jpg", JPG);
    env.write("items/2024/2024-05-01-may-day.1.mp3", MP3);
    env.write("items/2024/march.png", PNG);
    env
}

fn url(name: &str) -> String {
    format!("{BASE}/{name}")
}

#[test]
fn files_are_copied_and_carried_by_every_format() {
    let env = instance();
    env.write("items/notes.docx", b"not claimed");
    let check = env.run(&["check"]);
    check.assert_code(0);
    assert_eq!(
        check.stdout_diagnostics(),
        [
            "items/notes.docx: warning: skipped: not a statement file (expected .md, .markdown or \
          .txt)"
        ],
        "only the file no item claims is skipped\n{check}"
    );
    env.run(&["build"]).assert_code(0);

    for (name, bytes) in [
        ("signed/original.pdf", PDF),
        ("2024-05-01-may-day.jpg", JPG),
        ("2024-05-01-may-day.1.mp3", MP3),
        ("march.png", PNG),
    ] {
        assert_eq!(env.output(&format!("{PAGE_DIR}/{name}")), bytes, "{name}");
    }
    for feed in FEED_FILES {
        assert_whole(feed, &env.output(feed));
        let parsed = env.parsed(feed);
        assert_eq!(parsed.entries.len(), 1, "{feed}");
    }

    // RSS: one enclosure (the first attachment), the lead image as media:content, the source
    // channel.
    let rss = rss::Channel::read_from(&env.output("rss.xml")[..]).unwrap();
    let item = &rss.items[0];
    let enclosure = item.enclosure.as_ref().expect("an enclosure");
    assert_eq!(enclosure.url, url("signed/original.pdf"));
    assert_eq!(enclosure.length, PDF.len().to_string());
    assert_eq!(enclosure.mime_type, "application/pdf");
    let source = item.source.as_ref().expect("a source");
    assert_eq!(source.url, "https://sister.example.net/rss.xml");
    assert_eq!(source.title.as_deref(), Some("Sister Organisation"));
    let media = &item.extensions["media"]["content"][0];
    assert_eq!(media.attrs["url"], url("2024-05-01-may-day.jpg"));
    assert_eq!(media.attrs["type"], "image/jpeg");
    assert_eq!(media.attrs["fileSize"], JPG.len().to_string());
    assert_eq!(media.attrs["medium"], "image");
    let content = item.content.as_deref().unwrap();
    assert!(
        content.contains(&format!("src=\"{}\"", url("march.png"))),
        "{content}"
    );

    // Atom: every attachment and the lead image as enclosures, with type and length.
    let atom = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    let enclosures: Vec<(String, String, String)> = atom.entries[0]
        .links
        .iter()
        .filter(|l| l.rel == "enclosure")
        .map(|l| {
            (
                l.href.clone(),
                l.mime_type.clone().unwrap_or_default(),
                l.length.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        enclosures,
        [
            (
                url("signed/original.pdf"),
                "application/pdf".to_owned(),
                PDF.len().to_string()
            ),
            (
                url("2024-05-01-may-day.1.mp3"),
                "audio/mpeg".to_owned(),
                MP3.len().to_string()
            ),
            (
                url("2024-05-01-may-day.jpg"),
                "image/jpeg".to_owned(),
                JPG.len().to_string()
            ),
        ]
    );
    let via = atom.entries[0]
        .links
        .iter()
        .find(|l| l.rel == "via")
        .unwrap();
    assert_eq!(via.href, "https://sister.example.net/2024/05/appeal");

    // JSON Feed: attachments with sizes and titles, the lead image.
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["image"], url("2024-05-01-may-day.jpg"));
    assert_eq!(
        item["attachments"],
        serde_json::json!([
            {"url": url("signed/original.pdf"), "mime_type": "application/pdf",
             "title": "signed/original.pdf", "size_in_bytes": PDF.len()},
            {"url": url("2024-05-01-may-day.1.mp3"), "mime_type": "audio/mpeg",
             "title": "2024-05-01-may-day.1.mp3", "size_in_bytes": MP3.len()},
        ])
    );
    // feed-rs, an independent reader, sees the lead image through Media RSS.
    let media = &env.parsed("rss.xml").entries[0].media;
    let content = &media[0].content[0];
    assert_eq!(
        content.url.as_ref().map(|u| u.as_str()),
        Some(url("2024-05-01-may-day.jpg").as_str())
    );
    assert_eq!(content.size, Some(JPG.len() as u64));

    // The page: og:image, the lead image, the attachments, where it was first published.
    let page = env.output_string(&format!("{PAGE_DIR}/index.html"));
    for want in [
        format!("<meta property=\"og:image\" content=\"{}\">", url("2024-05-01-may-day.jpg")),
        format!("<img src=\"{}\" alt=\"\">", url("2024-05-01-may-day.jpg")),
        format!("\"image\":\"{}\"", url("2024-05-01-may-day.jpg")),
        format!(
            "<a href=\"{}\" type=\"application/pdf\">signed/original.pdf</a>",
            url("signed/original.pdf")
        ),
        "First published by Sister Organisation: <a href=\"https://sister.example.net/2024/05/appeal\">"
            .to_owned(),
    ] {
        assert!(page.contains(&want), "the page lacks {want}\n{page}");
    }
}

#[test]
fn an_item_without_files_keeps_its_feeds_as_they_were() {
    let env = TestEnv::empty();
    env.write("config.toml", CONFIG);
    env.write(
        ITEM,
        "+++\ntitle = \"Plain\"\ndate = 2024-05-01\nlang = \"en\"\n\
         source = \"https://sister.example.net/p\"\n+++\nText.\n",
    );
    env.run(&["build"]).assert_code(0);
    let rss = env.output_string("rss.xml");
    for absent in ["<enclosure", "media", "<source"] {
        assert!(!rss.contains(absent), "{absent}\n{rss}");
    }
    assert!(!env.output_string("atom.xml").contains("enclosure"));
    let json = env.output_string("feed.json");
    assert!(!json.contains("attachments") && !json.contains("\"image\""));
    let page = env.output_string(&format!("{PAGE_DIR}/index.html"));
    assert!(!page.contains("og:image"), "{page}");
    assert!(
        page.contains("Source: <a href=\"https://sister.example.net/p\">"),
        "{page}"
    );
}

#[test]
fn missing_and_oversized_files_are_warnings_naming_the_line() {
    let env = instance();
    env.append_config("[limits]\nmax_attachment_bytes = 20\n");
    env.remove("items/2024/signed/original.pdf");
    let run = env.run(&["check"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout_diagnostics(),
        [
            "items/2024/2024-05-01-may-day.md: warning: `2024-05-01-may-day.1.mp3` is 27 bytes, \
             over the limit of 20 bytes (`max_attachment_bytes` in [limits]): it is not \
             published with the item",
            "items/2024/2024-05-01-may-day.md:5: warning: `signed/original.pdf` is not a file in \
             the item's folder: it is not published with the item",
        ],
        "\n{run}"
    );
    env.run(&["build"]).assert_code(0);
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    assert!(json["items"][0].get("attachments").is_none(), "{json}");
    assert!(!env.public().join(PAGE_DIR).join("signed").exists());
    assert!(!env
        .public()
        .join(PAGE_DIR)
        .join("2024-05-01-may-day.1.mp3")
        .exists());
}

#[test]
fn names_that_leave_the_item_folder_are_errors() {
    let env = TestEnv::empty();
    env.write("config.toml", CONFIG);
    env.write("secret.pdf", b"outside");
    for (name, value) in [
        ("a", "attachments = [\"../../secret.pdf\"]"),
        ("b", "image = \"/etc/passwd\""),
        ("c", "attachments = [\".git/config\"]"),
        ("d", "attachments = [\"page.html\"]"),
    ] {
        env.write(
            &format!("items/2024-01-0{}-{name}.md", name.as_bytes()[0] - b'a' + 1),
            format!("+++\ntitle = \"T\"\nlang = \"en\"\n{value}\n+++\nText.\n"),
        );
    }
    let run = env.run(&["check"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout_diagnostics(),
        [
            "items/2024-01-01-a.md:4: error: `attachments`: `../../secret.pdf` must stay inside \
             the item's folder (no `..`, `.` or empty parts)",
            "items/2024-01-02-b.md:4: error: `image`: `/etc/passwd` must be a path relative to \
             the item's folder, with `/` between folders",
            "items/2024-01-03-c.md:4: error: `attachments`: `.git/config` names a hidden file or \
             folder, which is never read",
            "items/2024-01-04-d.md:4: error: `attachments`: `page.html` is a .html file, which \
             browsers may run scripts from: not published (link to it elsewhere, or convert \
             it, to PDF for example)",
        ],
        "\n{run}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_beside_the_item_to_a_file_outside_is_never_read() {
    let env = instance();
    env.write("secret.pdf", b"outside the items folder");
    std::os::unix::fs::symlink(
        env.path("secret.pdf"),
        env.path("items/2024/2024-05-01-may-day.2.pdf"),
    )
    .unwrap();
    let run = env.run(&["build"]);
    run.assert_code(1);
    run.assert_stderr_contains("items/2024/2024-05-01-may-day.2.pdf: error: is a link to");
    assert!(!env
        .public()
        .join(PAGE_DIR)
        .join("2024-05-01-may-day.2.pdf")
        .exists());
    let published = crate::harness::tree(&env.public());
    assert!(
        published
            .values()
            .all(|b| !b.windows(8).any(|w| w == b"outside ")),
        "nothing of the file outside reached the output"
    );
}

#[test]
fn files_are_copied_again_only_when_changed_and_removed_with_the_item() {
    let env = instance();
    env.run(&["build"]).assert_code(0);
    let pdf = env.public().join(PAGE_DIR).join("signed/original.pdf");
    let mtime = || fs::metadata(&pdf).unwrap().modified().unwrap();
    let first = mtime();
    env.run(&["build", "--no-cache"]).assert_code(0);
    assert_eq!(mtime(), first, "an unchanged file is not rewritten");

    // A new file beside an unchanged item is found: files are settled every run.
    env.write("items/2024/2024-05-01-may-day.2.pdf", b"%PDF annex");
    env.run(&["build"]).assert_code(0);
    assert_eq!(
        env.output(&format!("{PAGE_DIR}/2024-05-01-may-day.2.pdf")),
        b"%PDF annex"
    );
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    assert_eq!(json["items"][0]["attachments"].as_array().unwrap().len(), 3);

    // A changed file is copied again and its new size announced.
    env.write(
        "items/2024/signed/original.pdf",
        b"%PDF-1.7 a longer signed original",
    );
    env.run(&["build"]).assert_code(0);
    assert_eq!(
        fs::read(&pdf).unwrap(),
        b"%PDF-1.7 a longer signed original"
    );
    let rss = rss::Channel::read_from(&env.output("rss.xml")[..]).unwrap();
    assert_eq!(rss.items[0].enclosure.as_ref().unwrap().length, "33");

    // The item goes, its files go with it.
    env.remove(ITEM);
    env.run(&["build", "--force"]).assert_code(0);
    assert!(
        !env.public().join(PAGE_DIR).exists(),
        "the page folder is gone"
    );
    assert!(
        env.path("items/2024/signed/original.pdf").exists(),
        "sources stay"
    );
}

#[test]
fn an_image_named_in_the_front_matter_leads_and_the_text_image_follows_its_file() {
    let env = TestEnv::empty();
    env.write("config.toml", CONFIG);
    env.write(
        ITEM,
        "+++\ntitle = \"T\"\ndate = 2024-05-01\nlang = \"en\"\nimage = \"photos/lead.webp\"\n+++\n\
         Text.\n\n![Chart](chart.png) ![Elsewhere](img/missing.png)\n",
    );
    env.write("items/2024/photos/lead.webp", b"RIFF webp");
    env.write(
        "items/2024/2024-05-01-may-day.png",
        b"not the lead: an attachment",
    );
    env.run(&["build"]).assert_code(0);
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["image"], url("photos/lead.webp"));
    assert_eq!(item["attachments"][0]["url"], url("2024-05-01-may-day.png"));
    // chart.png is not there (yet): its link stays under base_url, like any relative link.
    let content = item["content_html"].as_str().unwrap();
    assert!(
        content.contains("src=\"https://example.org/statements/chart.png\""),
        "{content}"
    );
    env.write("items/2024/chart.png", b"chart");
    env.run(&["build"]).assert_code(0);
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    let content = json["items"][0]["content_html"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        content.contains(&format!("src=\"{}\"", url("chart.png"))),
        "once the file is there the item is read again and links its copy: {content}"
    );
    assert_eq!(env.output(&format!("{PAGE_DIR}/chart.png")), b"chart");
}

#[test]
fn publish_pushes_the_files_and_a_changed_file_ends_the_no_op() {
    let env = instance();
    env.append_config("[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n");
    env.settle();
    env.run(&["publish"]).assert_code(0);
    let pushed = |name: &str| fs::read(env.path(&format!("www/{PAGE_DIR}/{name}"))).unwrap();
    assert_eq!(pushed("signed/original.pdf"), PDF);
    assert_eq!(pushed("2024-05-01-may-day.1.mp3"), MP3);
    assert_eq!(pushed("march.png"), PNG);

    // Nothing changed: nothing is done. Then only an attachment changes: a full run.
    env.settle();
    env.run(&["publish", "-v"])
        .assert_code(0)
        .assert_stderr_contains("nothing changed since the last successful run");
    env.write("items/2024/signed/original.pdf", b"%PDF-1.7 corrected scan");
    env.settle();
    env.run(&["publish"]).assert_code(0);
    assert_eq!(pushed("signed/original.pdf"), b"%PDF-1.7 corrected scan");
    let rss = rss::Channel::read_from(&fs::read(env.path("www/rss.xml")).unwrap()[..]).unwrap();
    assert_eq!(rss.items[0].enclosure.as_ref().unwrap().length, "23");
}

#[test]
fn a_markdown_image_outside_the_item_folder_is_a_link_never_a_copy() {
    let env = TestEnv::empty();
    env.write("config.toml", CONFIG);
    env.write("items/secret.png", b"beside, but not in the item's folder");
    env.write("outside.png", b"outside the items folder");
    env.write(
        ITEM,
        "+++\ntitle = \"T\"\ndate = 2024-05-01\nlang = \"en\"\n+++\n\
         ![a](../secret.png) ![b](../../outside.png) ![c](/etc/passwd)\n",
    );
    let run = env.run(&["build"]);
    run.assert_code(0);
    let tree = crate::harness::tree(&env.public());
    assert!(tree.contains_key(&format!("{PAGE_DIR}/index.html")));
    let copied: Vec<String> = tree
        .into_keys()
        .filter(|p| p.starts_with(PAGE_DIR) && !p.ends_with("index.html"))
        .collect();
    assert!(copied.is_empty(), "{copied:?}");
    let json: serde_json::Value = serde_json::from_slice(&env.output("feed.json")).unwrap();
    let content = json["items"][0]["content_html"].as_str().unwrap();
    for src in [
        "https://example.org/secret.png",
        "https://example.org/outside.png",
        "https://example.org/etc/passwd",
    ] {
        assert!(
            content.contains(&format!("src=\"{src}\"")),
            "{src}: {content}"
        );
    }
}
