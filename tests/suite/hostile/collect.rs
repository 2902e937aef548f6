//! Hostile input, reading items: links that leave `items_dir`, size and nesting limits, small diagnostic gaps.
//!
//! Each case puts one hostile file beside a good item and asserts the exact diagnostic, that the
//! good item is still published (feeds parsed back by feed-rs and serde_json), and that nothing
//! from outside the items folder reached the output. Runs that could hang are started with a
//! generous time-out (a hang guard, not a timing assertion: the figures are in the README).

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use crate::harness::{TestEnv, FEED_FILES};

const GOOD: &str = "items/2022-01-01-good.md";
const GOOD_ID: &str = "tag:example.org,2022:statements/2022-01-01-good";
const GOOD_TEXT: &str = "+++
title = \"A good statement\"
date = 2022-01-01
lang = \"en\"
+++

This statement is well formed and must be published whatever happens to the others.
";

/// A secret the user can read, outside the items folder.
const SECRET: &str = "aws_secret_access_key = NOT-FOR-PUBLICATION-7f3a\n";

/// A run longer than this is a hang (debug build, shared machine).
const HANG: Duration = Duration::from_secs(60);

fn instance() -> TestEnv {
    let env = TestEnv::minimal();
    env.write(GOOD, GOOD_TEXT);
    env
}

/// `check` gives exactly these diagnostics and exit code.
fn assert_check(env: &TestEnv, code: i32, expected: &[&str]) {
    let run = env.run_within(HANG, &["check"]);
    assert_eq!(
        run.stdout_diagnostics(),
        expected,
        "diagnostics differ\n{run}"
    );
    run.assert_code(code);
}

/// `build` exits with `code`; every feed parses (feed-rs, serde_json) and holds exactly `ids`;
/// no output file holds the secret.
fn assert_published(env: &TestEnv, code: i32, ids: &[&str]) {
    let run = env.run_within(HANG, &["build"]);
    run.assert_code(code);
    for name in FEED_FILES {
        let bytes = env.output(name);
        let feed = feed_rs::parser::parse(&bytes[..])
            .unwrap_or_else(|e| panic!("feed-rs cannot parse {name}: {e}"));
        let found: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(found, ids, "{name}\n{run}");
        if name.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(&bytes).expect("feed.json is JSON");
        }
    }
    assert_no_secret(&env.path("public"));
}

fn assert_no_secret(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_secret(&path);
        } else {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            assert!(
                !text.contains("NOT-FOR-PUBLICATION") && !text.contains("root:x:0:0"),
                "{} leaks a file from outside the items folder",
                path.display()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hole 1: links never leave the items folder.

const OUTSIDE: &str =
    "outside the items folder: not read (links must point inside the items folder)";

#[test]
fn a_link_to_a_file_outside_is_an_error_and_not_read() {
    let env = instance();
    env.write("secret.txt", SECRET);
    symlink(
        env.path("secret.txt"),
        env.path("items/2022-05-01-notes.txt"),
    )
    .unwrap();
    assert_check(
        &env,
        1,
        &[&format!(
            "items/2022-05-01-notes.txt: error: is a link to secret.txt, {OUTSIDE}"
        )],
    );
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn a_relative_link_climbing_out_is_an_error() {
    let env = instance();
    env.write("secret.txt", SECRET);
    std::fs::create_dir_all(env.path("items/2022")).unwrap();
    symlink(
        "../../secret.txt",
        env.path("items/2022/2022-05-01-notes.md"),
    )
    .unwrap();
    assert_check(
        &env,
        1,
        &[&format!(
            "items/2022/2022-05-01-notes.md: error: is a link to secret.txt, {OUTSIDE}"
        )],
    );
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn a_link_to_etc_passwd_is_an_error() {
    let env = instance();
    symlink("/etc/passwd", env.path("items/2022-05-01-passwd.txt")).unwrap();
    let real = std::fs::canonicalize("/etc/passwd").unwrap();
    assert_check(
        &env,
        1,
        &[&format!(
            "items/2022-05-01-passwd.txt: error: is a link to {}, {OUTSIDE}",
            real.display()
        )],
    );
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn a_link_to_a_folder_outside_is_an_error_and_nothing_in_it_is_read() {
    let env = instance();
    env.write(
        "elsewhere/2022-05-02-stolen.md",
        format!("+++\ntitle = \"Stolen\"\ndate = 2022-05-02\n+++\n\n{SECRET}"),
    );
    symlink(env.path("elsewhere"), env.path("items/2022")).unwrap();
    assert_check(
        &env,
        1,
        &[&format!(
            "items/2022: error: is a link to elsewhere, {OUTSIDE}"
        )],
    );
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn a_link_loop_is_an_error_not_a_hang() {
    let env = instance();
    symlink("2022-05-04-b.md", env.path("items/2022-05-03-a.md")).unwrap();
    symlink("2022-05-03-a.md", env.path("items/2022-05-04-b.md")).unwrap();
    std::fs::create_dir_all(env.path("items/sub")).unwrap();
    symlink("..", env.path("items/sub/up")).unwrap();
    let run = env.run_within(HANG, &["check"]);
    run.assert_code(1);
    let diagnostics = run.stdout_diagnostics();
    assert_eq!(diagnostics.len(), 3, "{run}");
    assert!(
        diagnostics[0].starts_with("items/2022-05-03-a.md: error: cannot read: ")
            && diagnostics[1].starts_with("items/2022-05-04-b.md: error: cannot read: ")
            && diagnostics[2].starts_with("items/sub/up: error: cannot read: ")
            && diagnostics[2].contains("loop"),
        "{run}"
    );
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn a_link_that_stays_inside_is_read() {
    let env = instance();
    env.write(
        "items/.store/statement.md",
        "+++\ntitle = \"Linked\"\ndate = 2022-05-05\nlang = \"en\"\n+++\n\nA statement kept \
         in a hidden folder and published through a link.\n",
    );
    symlink(
        ".store/statement.md",
        env.path("items/2022-05-05-linked.md"),
    )
    .unwrap();
    assert_check(&env, 0, &[]);
    assert_published(
        &env,
        0,
        &["tag:example.org,2022:statements/2022-05-05-linked", GOOD_ID],
    );
}

/// `items_dir` itself may be a link the user set up (the items kept in another checkout): links
/// under it are judged against the folder it resolves to.
#[test]
fn an_items_folder_that_is_itself_a_link_is_read() {
    let env = instance();
    env.rename("items", "elsewhere");
    symlink("elsewhere", env.path("items")).unwrap();
    std::fs::create_dir(env.path("elsewhere/sub")).unwrap();
    symlink(
        "../2022-01-01-good.md",
        env.path("elsewhere/sub/2022-05-05-again.md"),
    )
    .unwrap();
    assert_published(
        &env,
        0,
        &[GOOD_ID, "tag:example.org,2022:statements/2022-05-05-again"],
    );
}

#[test]
fn a_template_linking_outside_the_templates_folder_is_refused() {
    let env = instance();
    env.write("secret.txt", SECRET);
    let config = env.read_string("config.toml").replace(
        "pages = false",
        "pages = true\ntemplates_dir = \"templates\"",
    );
    env.write("config.toml", config);
    std::fs::create_dir_all(env.path("templates")).unwrap();
    symlink("../secret.txt", env.path("templates/item.html")).unwrap();
    let run = env.run_within(HANG, &["build"]);
    run.assert_code(2);
    run.assert_stderr_contains(
        "templates/item.html: error: is a link to secret.txt, outside the templates folder: not \
         read (links must point inside the templates folder)",
    );
    if env.path("public").exists() {
        assert_no_secret(&env.path("public"));
    }
}

// ---------------------------------------------------------------------------------------------
// Hole 2: bounded time and memory.

/// A file with `body` under a valid front matter.
fn with_front_matter(body: &str) -> String {
    format!("+++\ntitle = \"Deep\"\ndate = 2022-06-01\nlang = \"en\"\n+++\n\n{body}\n")
}

/// Writes one hostile file beside the good item; `check` gives exactly `expected`, and `build`
/// still publishes the good item.
fn assert_refused(name: &str, bytes: impl AsRef<[u8]>, expected: &str) {
    let env = instance();
    env.write(name, bytes);
    assert_check(&env, 1, &[expected]);
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    assert_refused(
        "items/2022-06-01-big.md",
        with_front_matter(&"word ".repeat(300_000)),
        "items/2022-06-01-big.md: error: the file is 1500055 bytes, over the limit of 1048576 \
         bytes (`max_file_bytes` in `[limits]`): not read",
    );
}

#[test]
fn the_size_limit_is_configurable() {
    let env = instance();
    env.append_config("\n[limits]\nmax_file_bytes = 200\n");
    env.write(
        "items/2022-06-01-long.md",
        with_front_matter(&"word ".repeat(50)),
    );
    assert_check(
        &env,
        1,
        &[
            "items/2022-06-01-long.md: error: the file is 305 bytes, over the limit of 200 bytes \
           (`max_file_bytes` in `[limits]`): not read",
        ],
    );
}

#[test]
fn a_limit_of_zero_is_a_configuration_error() {
    let env = instance();
    env.append_config("\n[limits]\nmax_nesting = 0\n");
    let run = env.run_within(HANG, &["check"]);
    run.assert_code(2);
    run.assert_stderr_contains("`limits.max_nesting` must be at least 1");
}

#[test]
fn a_million_lines_are_not_read() {
    assert_refused(
        "items/2022-06-01-lines.txt",
        "\n".repeat(1_000_000),
        "items/2022-06-01-lines.txt:20001: error: the file has 1000001 lines, over the limit of \
         20000 (`max_lines` in `[limits]`): not read",
    );
    // Old Mac line ends count too (they become `\n` when the text is cleaned).
    assert_refused(
        "items/2022-06-01-cr.txt",
        "a\r".repeat(500_000),
        "items/2022-06-01-cr.txt:20001: error: the file has 500001 lines, over the limit of \
         20000 (`max_lines` in `[limits]`): not read",
    );
}

#[test]
fn a_huge_front_matter_is_not_parsed() {
    assert_refused(
        "items/2022-06-01-fm.md",
        format!("---\ntags: {}\n---\nText.\n", "[".repeat(200_000)),
        "items/2022-06-01-fm.md:1: error: the front matter is 200007 bytes, over the limit of \
         65536 bytes (`max_front_matter_bytes` in `[limits]`): not read",
    );
}

#[test]
fn deeply_nested_front_matter_is_not_parsed() {
    let deep = "[".repeat(60_000);
    assert_refused(
        "items/2022-06-01-yaml.md",
        format!("---\ntitle: x\ntags: {deep}\n---\nText.\n"),
        "items/2022-06-01-yaml.md:3: error: front-matter brackets `[` `{` nest more than 64 deep \
         (`max_nesting` in `[limits]`): not read",
    );
    assert_refused(
        "items/2022-06-01-toml.md",
        format!("+++\ntags = {}\n+++\nText.\n", "{ a = ".repeat(10_000)),
        "items/2022-06-01-toml.md:2: error: front-matter brackets `[` `{` nest more than 64 deep \
         (`max_nesting` in `[limits]`): not read",
    );
}

#[test]
fn deeply_nested_markdown_quotes_and_lists_are_not_rendered() {
    assert_refused(
        "items/2022-06-01-quotes.md",
        with_front_matter(&">".repeat(100_000)),
        "items/2022-06-01-quotes.md:7: error: Markdown quotes and lists nest more than 64 deep \
         (`max_nesting` in `[limits]`): not read",
    );
    assert_refused(
        "items/2022-06-01-lists.md",
        with_front_matter(&"- ".repeat(100_000)),
        "items/2022-06-01-lists.md:7: error: Markdown quotes and lists nest more than 64 deep \
         (`max_nesting` in `[limits]`): not read",
    );
}

/// Lines each nested just under `max_nesting`, over a whole 1 MB file: 480,000 blocks took the
/// parser and sanitiser over a second and 280 MB (release build).
#[test]
fn a_megabyte_of_quotes_just_under_the_depth_limit_is_not_rendered() {
    let paragraph = format!("{}q\n\n", "> ".repeat(63));
    let body = paragraph.repeat(900_000 / paragraph.len());
    assert_refused(
        "items/2022-06-01-quotes.md",
        with_front_matter(&body),
        "items/2022-06-01-quotes.md:641: error: Markdown quotes and lists open more than 20000 \
         blocks by this line (`max_blocks` in `[limits]`): not read",
    );
}

#[test]
fn deeply_nested_brackets_are_not_rendered() {
    assert_refused(
        "items/2022-06-01-brackets.md",
        with_front_matter(&"[".repeat(100_000)),
        "items/2022-06-01-brackets.md:7: error: brackets `[` in a paragraph nest more than 64 \
         deep (`max_nesting` in `[limits]`): not read",
    );
}

#[test]
fn deeply_nested_html_is_not_sanitised() {
    assert_refused(
        "items/2022-06-01-divs.md",
        with_front_matter(&"<div>".repeat(100_000)),
        "items/2022-06-01-divs.md:7: error: HTML elements nest more than 64 deep (`max_nesting` \
         in `[limits]`): not read",
    );
}

// ---------------------------------------------------------------------------------------------
// Hole 11: small diagnostic gaps.

#[test]
fn a_double_byte_order_mark_is_removed_with_a_warning() {
    let env = instance();
    env.write(
        "items/2022-07-01-bom.md",
        format!(
            "\u{FEFF}\u{FEFF}{}",
            with_front_matter("Two marks before the front matter.")
        ),
    );
    assert_check(
        &env,
        0,
        &[
            "items/2022-07-01-bom.md:1: warning: the file starts with 2 byte-order marks; the \
           extra ones were removed (save the file as UTF-8 without them)",
        ],
    );
    assert_published(
        &env,
        0,
        &["tag:example.org,2022:statements/2022-07-01-bom", GOOD_ID],
    );
}

#[test]
fn control_characters_in_a_file_name_get_a_warning() {
    let env = instance();
    env.write(
        "items/2022-07-02-a\nb.md",
        with_front_matter("A newline in the name."),
    );
    assert_check(
        &env,
        0,
        &[
            "items/2022-07-02-a\\nb.md: warning: the file name holds the control character U+000A \
           (shown escaped): rename the file",
        ],
    );
}

#[test]
fn translation_of_itself_or_in_a_circle_is_called_a_loop() {
    let env = instance();
    let item = |stem: &str, of: &str, lang: &str| {
        format!(
            "+++\ntitle = \"{stem}\"\ndate = 2022-07-03\nlang = \"{lang}\"\ntranslation_of = \
             \"{of}\"\n+++\n\nThe text of {stem}.\n"
        )
    };
    env.write(
        "items/2022-07-03-self.md",
        item("2022-07-03-self", "2022-07-03-self", "en"),
    );
    env.write(
        "items/2022-07-03-a.md",
        item("2022-07-03-a", "2022-07-03-b", "en"),
    );
    env.write(
        "items/2022-07-03-b.md",
        item("2022-07-03-b", "2022-07-03-a", "pt"),
    );
    let lp = "items/2022-07-03-a.md → items/2022-07-03-b.md → items/2022-07-03-a.md";
    assert_check(
        &env,
        0,
        &[
            &format!(
                "items/2022-07-03-a.md:5: warning: `translation_of` forms a loop ({lp}): point \
                 every translation at the original, and give the original no `translation_of`"
            ),
            &format!(
                "items/2022-07-03-b.md:5: warning: `translation_of` forms a loop ({lp}): point \
                 every translation at the original, and give the original no `translation_of`"
            ),
            "items/2022-07-03-self.md:5: warning: `translation_of` = `2022-07-03-self` names \
             this item itself, a loop: name the original it translates",
        ],
    );
}

#[test]
fn an_empty_statement_is_an_error_and_not_published() {
    let env = instance();
    env.write(
        "items/2022-07-04-empty.md",
        "+++\ntitle = \"Nothing\"\ndate = 2022-07-04\nlang = \"en\"\n+++\n\n  \n",
    );
    assert_check(
        &env,
        1,
        &[
            "items/2022-07-04-empty.md:6: error: empty statement: there is no text under the \
           front matter; write the statement (or delete the file)",
        ],
    );
    assert_published(&env, 1, &[GOOD_ID]);
}

#[test]
fn unknown_keys_are_reported_even_when_the_file_has_errors() {
    let env = instance();
    env.write(
        "items/undated.md",
        "+++\ntitel = \"Misspelt\"\nlang = \"en\"\nid = \"not an id\"\n+++\n\nAn id no feed can carry.\n",
    );
    let run = env.run_within(HANG, &["check"]);
    run.assert_code(1);
    let diagnostics = run.stdout_diagnostics();
    assert_eq!(diagnostics.len(), 2, "{run}");
    assert!(
        diagnostics[0].starts_with(
            "items/undated.md:2:1: warning: unknown front-matter key `titel` is ignored"
        ),
        "{run}"
    );
    assert!(
        diagnostics[1]
            .starts_with("items/undated.md:4: error: id `not an id` is not an absolute IRI"),
        "{run}"
    );
}
