//! The command line, run as a user would: `--help`, exit codes (0 ok, 1 item errors with the
//! other items still published, 2 fatal), the exact diagnostic for each kind of bad input, and
//! `ids` / `ids --pin`.
//!
//! Diagnostics are `path:line: error|warning: message` with the line counted from the top of the
//! file. Every assertion prints the whole run (exit code, stdout, stderr) when it fails.

use crate::harness::{Run, TestEnv, FEED_FILES};

/// A well-formed item every bad-input case sits beside, to show that the others still publish.
const GOOD: &str = "items/2022-01-01-good.md";
const GOOD_ID: &str = "tag:example.org,2022:statements/2022-01-01-good";
const GOOD_TEXT: &str = "+++
title = \"A good statement\"
date = 2022-01-01
lang = \"en\"
+++

This statement is well formed and must be published whatever happens to the others.
";

/// A minimal instance with the good item and `files` beside it.
fn instance(files: &[(&str, &[u8])]) -> TestEnv {
    let env = TestEnv::minimal();
    env.write(GOOD, GOOD_TEXT);
    for (path, bytes) in files {
        env.write(path, bytes);
    }
    env
}

/// Runs `check` on the good item plus one file, and asserts exactly these diagnostics and this
/// exit code.
fn assert_check(path: &str, bytes: &[u8], code: i32, expected: &[&str]) -> Run {
    let env = instance(&[(path, bytes)]);
    let run = env.run(&["check"]);
    assert_eq!(
        run.stdout_diagnostics(),
        expected,
        "diagnostics differ\n{run}"
    );
    run.assert_code(code);
    run
}

/// Builds, asserting the exit code, and returns the ids in atom.xml (parsed by all three
/// parsers, which must agree).
fn build_ids(env: &TestEnv, code: i32) -> Vec<String> {
    let run = env.run(&["build"]);
    run.assert_code(code);
    feed_ids(env)
}

fn feed_ids(env: &TestEnv) -> Vec<String> {
    let atom = atom_syndication::Feed::read_from(&env.output("atom.xml")[..])
        .unwrap_or_else(|e| panic!("atom.xml: {e}"));
    let ids: Vec<String> = atom.entries.iter().map(|e| e.id.clone()).collect();
    let rss = rss::Channel::read_from(&env.output("rss.xml")[..])
        .unwrap_or_else(|e| panic!("rss.xml: {e}"));
    let rss_ids: Vec<String> = rss
        .items
        .iter()
        .map(|i| i.guid.as_ref().unwrap().value.clone())
        .collect();
    assert_eq!(rss_ids, ids, "rss.xml and atom.xml hold different items");
    for name in FEED_FILES {
        let feed = feed_rs::parser::parse(&env.output(name)[..])
            .unwrap_or_else(|e| panic!("feed-rs cannot parse {name}: {e}"));
        let parsed: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
        assert_eq!(parsed, ids, "{name} holds different items");
    }
    ids
}

// ---------------------------------------------------------------------------------------------
// Help.

#[test]
fn every_subcommand_has_help() {
    let env = TestEnv::minimal();
    let top = env.run(&["--help"]);
    top.assert_code(0);
    for sub in ["build", "check", "items", "ids"] {
        top.assert_stdout_contains(sub);
        let run = env.run(&[sub, "--help"]);
        run.assert_code(0)
            .assert_stdout_contains(&format!("Usage: communique {sub}"))
            .assert_stdout_contains("--config");
    }
    env.run(&["items", "--help"])
        .assert_stdout_contains("--format");
    env.run(&["ids", "--help"]).assert_stdout_contains("--pin");
    env.run(&["help", "build"]).assert_code(0);
}

#[test]
fn help_works_without_a_configuration() {
    let env = TestEnv::empty();
    env.run(&["check", "--help"]).assert_code(0);
    env.run(&["--version"])
        .assert_code(0)
        .assert_stdout_contains("communique");
}

#[test]
fn unknown_subcommands_and_flags_are_usage_errors() {
    let env = TestEnv::minimal();
    let run = env.run(&["publicize"]);
    assert_ne!(run.code, 0, "\n{run}");
    assert!(run.stderr.contains("publicize"), "\n{run}");
    let run = env.run(&["items", "--format", "xml"]);
    assert_ne!(run.code, 0, "\n{run}");
}

// ---------------------------------------------------------------------------------------------
// Exit codes.

#[test]
fn check_and_build_exit_0_on_a_clean_instance() {
    let env = TestEnv::new("basic");
    env.run(&["check"]).assert_code(0);
    env.run(&["build"]).assert_code(0);
    env.run(&["items"]).assert_code(0);
    env.run(&["ids"]).assert_code(0);
}

#[test]
fn check_summarises_the_counts() {
    let env = instance(&[(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad\"\ndate = \"yesterday\"\nlang = \"en\"\n+++\nBody.\n",
    )]);
    env.write("items/notes.docx", "not a statement");
    let run = env.run(&["check"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout.lines().last(),
        Some("2 items checked: 1 error, 1 warning"),
        "\n{run}"
    );
}

#[test]
fn summary_line_uses_the_singular_for_one_item() {
    let env = instance(&[]);
    let run = env.run(&["check"]);
    run.assert_code(0)
        .assert_stdout("1 item checked: 0 errors, 0 warnings\n");
}

#[test]
fn item_errors_exit_1_and_the_other_items_are_still_published() {
    let env = instance(&[(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad\"\ndate = \"yesterday\"\nlang = \"en\"\n+++\nBody.\n",
    )]);
    env.run(&["check"]).assert_code(1);
    let run = env.run(&["build"]);
    run.assert_code(1).assert_stderr_line(
        "items/2022-02-01-bad.md:3:8: error: `date`: `yesterday` is not a date: write 2022-01-08, \
         2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00 (help: write the date as 2022-01-08, or in words as the text would (`8 January 2022`, `12 mars 2025`))",
    );
    assert_eq!(feed_ids(&env), [GOOD_ID], "the good item is published");
}

#[test]
fn check_prints_diagnostics_on_stdout_and_build_on_stderr() {
    let env = instance(&[("items/notes.docx", b"x")]);
    let line = "items/notes.docx: warning: skipped: not a statement file (expected .md, .markdown \
                or .txt)";
    let check = env.run(&["check"]);
    check.assert_code(0).assert_stdout_line(line);
    assert!(!check.stderr.contains(line), "\n{check}");
    let build = env.run(&["build"]);
    build.assert_code(0).assert_stderr_line(line);
    assert!(!build.stdout.contains(line), "\n{build}");
}

#[test]
fn quiet_prints_only_errors() {
    let env = instance(&[
        ("items/notes.docx", b"x"),
        (
            "items/2022-02-01-bad.md",
            b"+++\ntitle = \"Bad\"\ndate = 2022-02-01\nlang = \"en\"\ntags = 3\n+++\nBody.\n",
        ),
    ]);
    let run = env.run(&["check", "--quiet"]);
    run.assert_code(1).assert_stdout(
        "items/2022-02-01-bad.md:5: error: `tags` must be a list of strings; found a number\n",
    );
}

#[test]
fn an_unwritable_output_folder_is_fatal() {
    let env = instance(&[]);
    // A file where the output folder should be.
    env.write("public", "not a folder");
    let run = env.run(&["build"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("public/") && l.contains(": error: cannot write: ")),
        "the message names the file it could not write\n{run}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input, one kind per test, each with its exact diagnostic.

#[test]
fn invalid_utf8_names_the_line_of_the_bad_byte() {
    assert_check(
        "items/2022-02-01-bad.txt",
        b"+++\ntitle = \"Bad bytes\"\ndate = 2022-02-01\nlang = \"en\"\n+++\nFirst line.\nSecond \xff line.\n",
        1,
        &["items/2022-02-01-bad.txt:7: error: not valid UTF-8: save the file as UTF-8"],
    );
    // Latin-1 in the very first line.
    assert_check(
        "items/2022-02-02-latin1.txt",
        b"Declara\xe7\xe3o\nSecond line.\n",
        1,
        &["items/2022-02-02-latin1.txt:1: error: not valid UTF-8: save the file as UTF-8"],
    );
}

#[test]
fn unclosed_front_matter() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Never closed\"\ndate = 2022-02-01\n\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:1:1: error: front matter opened with `+++` is never closed: \
           add a line `+++` after it",
        ],
    );
    assert_check(
        "items/2022-02-01-bad.md",
        b"---\ntitle: Never closed\ndate: 2022-02-01\n\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:1:1: error: front matter opened with `---` is never closed: \
           add a line `---` after it",
        ],
    );
}

#[test]
fn toml_syntax_error_is_counted_from_the_top_of_the_file() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\n# a comment\ntitle = \"A\"\nlang = \"en\"\n\ndate = = 2022-02-01\n+++\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:6:8: error: invalid TOML front matter: extra `=`, expected \
           nothing",
        ],
    );
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Unterminated\nlang = \"en\"\n+++\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:2:22: error: invalid TOML front matter: invalid basic string, \
           expected `\"`",
        ],
    );
}

#[test]
fn yaml_syntax_error_is_counted_from_the_top_of_the_file() {
    // The flow list opened on file line 3 is still open when line 4 starts.
    let env = instance(&[(
        "items/2022-02-01-bad.md",
        b"---\ntitle: A\ntags: [a, b\ndate: 2022-02-01\n---\nBody.\n",
    )]);
    let run = env.run(&["check"]);
    run.assert_code(1);
    let diagnostics = run.stdout_diagnostics();
    assert_eq!(diagnostics.len(), 1, "\n{run}");
    let line = diagnostics[0];
    let prefix = "items/2022-02-01-bad.md:4:5: error: invalid YAML front matter: did not find \
                  expected ',' or ']'";
    assert!(line.starts_with(prefix), "expected\n  {prefix}…\n{run}");
    // Any position the parser's message quotes must be a file line too (3 or 4 here), never a
    // line counted from the front matter (2 or 3 after the `---`).
    let quoted: Vec<usize> = regex::Regex::new(r"at line (\d+)")
        .unwrap()
        .captures_iter(line)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(
        quoted,
        [4, 3],
        "the YAML message quotes front-matter lines instead of file lines\n{run}"
    );
}

#[test]
fn yaml_that_is_not_a_mapping() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"---\njust some words\n---\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:2: error: YAML front matter must be `key: value` lines, \
           found a string",
        ],
    );
}

#[test]
fn unknown_front_matter_key_is_a_warning_naming_key_and_line() {
    let known = communique::normalise::KNOWN_KEYS.join(", ");
    let expected = format!(
        "items/2022-02-01-colour.md:5:1: warning: unknown front-matter key `colour` is ignored \
         (known keys: {known})"
    );
    assert_check(
        "items/2022-02-01-colour.md",
        b"+++\ntitle = \"Colour\"\ndate = 2022-02-01\nlang = \"en\"\ncolour = \"red\"\n+++\nBody.\n",
        0,
        &[&expected],
    );
    // YAML too, and the item is still published.
    let env = instance(&[(
        "items/2022-02-02-colour.md",
        b"---\ntitle: Colour\ndate: 2022-02-02\nlang: en\n\"colour\": red\n---\nBody.\n",
    )]);
    env.run(&["check"])
        .assert_code(0)
        .assert_stdout_line(&format!(
            "items/2022-02-02-colour.md:5:2: warning: unknown front-matter key `colour` is ignored \
         (known keys: {known})"
        ));
    assert_eq!(
        build_ids(&env, 0),
        ["tag:example.org,2022:statements/2022-02-02-colour", GOOD_ID]
    );
}

#[test]
fn wrong_type_is_an_error_at_the_key() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Wrong type\"\ndate = 2022-02-01\nlang = \"en\"\ntags = 3\n+++\nBody.\n",
        1,
        &["items/2022-02-01-bad.md:5: error: `tags` must be a list of strings; found a number"],
    );
    assert_check(
        "items/2022-02-01-bad.md",
        b"---\ntitle: Draft flag\ndate: 2022-02-01\nlang: en\ndraft: \"yes\"\n---\nBody.\n",
        1,
        &["items/2022-02-01-bad.md:5: error: `draft` must be true or false, not a string"],
    );
}

#[test]
fn a_title_of_the_wrong_type_is_not_also_inferred() {
    // The front matter does name a title; telling the user to add one is misleading.
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = 3\ndate = 2022-02-01\nlang = \"en\"\n+++\nBody.\n",
        1,
        &["items/2022-02-01-bad.md:2: error: `title` must be a string, not a number"],
    );
}

#[test]
fn bad_source_url() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad source\"\ndate = 2022-02-01\nlang = \"en\"\nsource = \"not a url\"\n+++\nBody.\n",
        1,
        &["items/2022-02-01-bad.md:5: error: `source` must be an absolute http(s) URL, not `not \
           a url`"],
    );
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad source\"\ndate = 2022-02-01\nlang = \"en\"\nsource = \"javascript:alert(1)\"\n+++\nBody.\n",
        1,
        &["items/2022-02-01-bad.md:5: error: `source` must be an absolute http(s) URL, not \
           `javascript:alert(1)`"],
    );
}

#[test]
fn unparseable_date() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad date\"\nlang = \"en\"\ndate = \"08/01/2022\"\n+++\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:4:8: error: `date`: `08/01/2022` is not a date: write \
           2022-01-08, 2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00 (help: write the date as 2022-01-08, or in words as the text would (`8 January 2022`, `12 mars 2025`))",
        ],
    );
    assert_check(
        "items/2022-02-01-bad.md",
        b"---\ntitle: Bad date\nlang: en\ndate: 2022-02-01\nupdated: 2022-02-30\n---\nBody.\n",
        1,
        &[
            "items/2022-02-01-bad.md:5:10: error: `updated`: `2022-02-30` is not a date: write \
           2022-01-08, 2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00 (help: write the date as 2022-01-08, or in words as the text would (`8 January 2022`, `12 mars 2025`))",
        ],
    );
}

#[test]
fn no_date_anywhere_is_dated_when_first_seen_not_left_out() {
    // Issue 9: an undated item is published, dated by its history (tests/history.rs).
    let run = assert_check(
        "items/undated.md",
        b"+++\ntitle = \"Undated\"\nlang = \"en\"\n+++\nBody without any date at all.\n",
        0,
        &[],
    );
    run.assert_stdout_line(
        "warning: 1 item: no date in the front matter, text or file name, and no commit: dated \
         by when this instance first saw the file (items/undated.md): `communique ids --pin` \
         writes the dates into the front matter; `-v` shows each",
    );
}

#[test]
fn control_character_is_removed_with_a_warning_and_the_feed_stays_valid() {
    let env = instance(&[(
        "items/2022-02-01-control.md",
        "+++\ntitle = \"Group\u{1D}separator\"\ndate = 2022-02-01\nlang = \"en\"\n+++\n\nA body with a group\u{1D}separator inside it.\n"
            .as_bytes(),
    )]);
    let check = env.run(&["check"]);
    check.assert_code(0);
    assert_eq!(
        check.stdout_diagnostics(),
        [
            "items/2022-02-01-control.md:2: warning: removed character U+001D, which XML 1.0 \
             does not allow",
            "items/2022-02-01-control.md:7: warning: removed character U+001D, which XML 1.0 \
             does not allow",
        ],
        "\n{check}"
    );
    assert_eq!(
        build_ids(&env, 0),
        [
            "tag:example.org,2022:statements/2022-02-01-control",
            GOOD_ID
        ]
    );
    for name in FEED_FILES {
        let text = env.output_string(name);
        assert!(!text.contains('\u{1D}'), "{name} holds U+001D");
        assert!(
            !text.contains("&#29;") && !text.contains("\\u001d"),
            "{name}"
        );
        assert!(text.contains("groupseparator inside it"), "{name}");
    }
}

#[test]
fn duplicate_ids_name_both_files_and_neither_is_published() {
    let same = b"+++\ntitle = \"Same\"\ndate = 2022-02-01\nlang = \"en\"\n+++\nBody.\n";
    let env = instance(&[
        // The same file name in two folders gives the same tag URI.
        ("items/2022/2022-02-01-same.md", same),
        ("items/archive/2022-02-01-same.md", same),
        // The same pinned id.
        (
            "items/pinned-a.md",
            b"+++\nid = \"tag:example.org,2022:statements/x\"\ntitle = \"A\"\ndate = 2022-02-02\nlang = \"en\"\n+++\nBody.\n",
        ),
        (
            "items/pinned-b.md",
            b"+++\ntitle = \"B\"\nlang = \"en\"\nid = \"tag:example.org,2022:statements/x\"\ndate = 2022-02-03\n+++\nBody.\n",
        ),
    ]);
    let run = env.run(&["check"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout_diagnostics(),
        [
            "items/2022/2022-02-01-same.md: error: id \
             `tag:example.org,2022:statements/2022-02-01-same` is also the id of \
             items/archive/2022-02-01-same.md; give one of them another `id` in its front matter",
            "items/archive/2022-02-01-same.md: error: id \
             `tag:example.org,2022:statements/2022-02-01-same` is also the id of \
             items/2022/2022-02-01-same.md; give one of them another `id` in its front matter",
            "items/pinned-a.md:2: error: id `tag:example.org,2022:statements/x` is also the id \
             of items/pinned-b.md; give one of them another `id` in its front matter",
            "items/pinned-b.md:4: error: id `tag:example.org,2022:statements/x` is also the id \
             of items/pinned-a.md; give one of them another `id` in its front matter",
        ],
        "\n{run}"
    );
    assert_eq!(
        build_ids(&env, 1),
        [GOOD_ID],
        "only the good item is published"
    );
}

#[test]
fn a_pinned_id_must_be_an_absolute_iri() {
    assert_check(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad id\"\ndate = 2022-02-01\nlang = \"en\"\nid = \"my statement\"\n+++\nBody.\n",
        1,
        &["items/2022-02-01-bad.md:5: error: id `my statement` is not an absolute IRI: use a tag \
           URI (tag:example.org,2022:statements/…) or urn:uuid:…"],
    );
}

#[test]
fn unknown_extension_is_skipped_with_a_warning() {
    let env = instance(&[
        ("items/notes.docx", b"PK\x03\x04 not a statement"),
        ("items/2022/scan.pdf", b"%PDF-1.4"),
    ]);
    let run = env.run(&["check"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout_diagnostics(),
        [
            "items/2022/scan.pdf: warning: skipped: not a statement file (expected .md, \
             .markdown or .txt)",
            "items/notes.docx: warning: skipped: not a statement file (expected .md, .markdown \
             or .txt)",
        ],
        "\n{run}"
    );
    assert_eq!(build_ids(&env, 0), [GOOD_ID]);
}

#[test]
fn hidden_files_and_folders_are_ignored() {
    let broken: &[u8] = b"+++\nnever closed\n\xff\n";
    let env = instance(&[
        ("items/.hidden.md", broken),
        ("items/.git/HEAD", b"ref: refs/heads/main\n"),
        ("items/.drafts/2022-02-01-secret.md", broken),
        ("items/2022/.DS_Store", b"\x00\x01"),
        ("items/2022/.2022-02-02-swap.md.swp", broken),
    ]);
    let run = env.run(&["check"]);
    run.assert_code(0);
    assert!(run.stdout_diagnostics().is_empty(), "\n{run}");
    assert_eq!(build_ids(&env, 0), [GOOD_ID]);
}

// ---------------------------------------------------------------------------------------------
// Configuration errors: exit 2, nothing written, a message naming the configuration file.

fn assert_fatal(env: &TestEnv, expected_start: &str) -> Run {
    for sub in ["check", "build", "items", "ids"] {
        let run = env.run(&[sub]);
        run.assert_code(2);
        assert_eq!(run.stdout, "", "nothing on stdout\n{run}");
        assert!(
            run.stderr.starts_with(expected_start),
            "expected stderr to start with\n  {expected_start}\n{run}"
        );
        assert_eq!(run.stderr.lines().count(), 1, "one message\n{run}");
    }
    assert!(
        !env.path("public").exists(),
        "nothing is written after a fatal error"
    );
    env.run(&["check"])
}

#[test]
fn unknown_config_key_is_named_with_its_line() {
    let env = TestEnv::minimal();
    let config = env.read_string("config.toml");
    // Insert the typo as line 3 (top level, before any table).
    let mut lines: Vec<&str> = config.lines().collect();
    lines.insert(2, "tittle = \"Example\"");
    env.write("config.toml", lines.join("\n") + "\n");
    let run = assert_fatal(&env, "config.toml:3:1: error: unknown field `tittle`");
    assert!(
        run.stderr
            .trim_end()
            .ends_with("(help: did you mean `title`?)"),
        "{run}"
    );
}

#[test]
fn unknown_key_in_a_config_table_is_named_with_its_line() {
    let env = TestEnv::minimal();
    env.append_config("archive = \"year\"\n");
    let line = env.read_string("config.toml").lines().count();
    assert_fatal(
        &env,
        &format!("config.toml:{line}:1: error: unknown field `archive`"),
    );
}

#[test]
fn bad_base_url_is_fatal() {
    let env = TestEnv::minimal();
    let config = env
        .read_string("config.toml")
        .replace("https://example.org/statements/", "example.org/statements");
    env.write("config.toml", config);
    assert_fatal(
        &env,
        "config.toml: error: `base_url` is not an absolute URL (relative URL without a base)\n",
    );

    let config = env
        .read_string("config.toml")
        .replace("example.org/statements", "ftp://example.org/statements/");
    env.write("config.toml", config);
    assert_fatal(
        &env,
        "config.toml: error: `base_url` must be an http:// or https:// URL\n",
    );
}

#[test]
fn toml_syntax_error_in_config_is_fatal() {
    let env = TestEnv::minimal();
    let config = env
        .read_string("config.toml")
        .replace("limit = 50", "limit = = 50");
    let line = config.lines().position(|l| l.starts_with("limit")).unwrap() + 1;
    env.write("config.toml", config);
    // The column the TOML parser reported: the second `=`.
    assert_fatal(&env, &format!("config.toml:{line}:9: error: "));
}

#[test]
fn missing_items_folder_is_fatal_and_names_the_config_file() {
    let env = TestEnv::minimal();
    std::fs::remove_dir(env.path("items")).unwrap();
    let run = assert_fatal(&env, "");
    assert!(
        run.stderr.contains("items"),
        "the message names the missing folder\n{run}"
    );
    assert!(
        run.stderr.contains("config.toml"),
        "the message names the configuration file that points at the folder\n{run}"
    );
}

#[test]
fn missing_config_file_is_fatal() {
    let env = TestEnv::empty();
    let run = env.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .starts_with("config.toml: error: cannot read the configuration: "),
        "`path: error: message`, like every other diagnostic\n{run}"
    );
}

// ---------------------------------------------------------------------------------------------
// ids and ids --pin.

#[test]
fn ids_lists_every_item() {
    let env = TestEnv::new("basic");
    let run = env.run(&["ids"]);
    run.assert_code(0).assert_stdout(
        "items/2021-05-01-may-day.md\ttag:example.org,2022:statements/2021-05-01-may-day\tfrom the file name
items/2022-01-08-kazakhstan-solidarity.md\ttag:example.org,2022:statements/2022-01-08-kazakhstan-solidarity\tfrom the file name
items/2022-03-15-stop-the-repression.md\ttag:example.org,2022:statements/2022-03-15-stop-the-repression\tfrom the file name
items/2023-11-07-заявление.txt\ttag:example.org,2022:statements/2023-11-07-%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5\tfrom the file name
items/2023-12-01-unfinished.md\ttag:example.org,2022:statements/2023-12-01-unfinished\tfrom the file name
items/statement-on-the-strikes.txt\ttag:example.org,2022:statements/statement-on-the-strikes\tfrom the file name
",
    );
}

#[test]
fn ids_pin_writes_the_id_into_each_kind_of_file() {
    let env = TestEnv::new("basic");
    let toml = "items/2022-01-08-kazakhstan-solidarity.md";
    let yaml = "items/2022-03-15-stop-the-repression.md";
    let txt = "items/statement-on-the-strikes.txt";
    let before: Vec<String> = [toml, yaml, txt]
        .iter()
        .map(|p| env.read_string(p))
        .collect();

    let run = env.run(&["ids", "--pin"]);
    run.assert_code(0).assert_stdout_line(
        "items/statement-on-the-strikes.txt\ttag:example.org,2022:statements/statement-on-the-strikes\tpinned now",
    );

    // TOML: one line after the opening `+++`, the rest byte for byte.
    assert_eq!(
        env.read_string(toml),
        before[0].replacen(
            "+++\n",
            "+++\nid = \"tag:example.org,2022:statements/2022-01-08-kazakhstan-solidarity\"\n",
            1
        )
    );
    // YAML: the same after `---`.
    assert_eq!(
        env.read_string(yaml),
        before[1].replacen(
            "---\n",
            "---\nid: \"tag:example.org,2022:statements/2022-03-15-stop-the-repression\"\n",
            1
        )
    );
    // Plain text without front matter: a new `+++` block.
    assert_eq!(
        env.read_string(txt),
        format!(
            "+++\nid = \"tag:example.org,2022:statements/statement-on-the-strikes\"\n+++\n{}",
            before[2]
        )
    );

    // Every id is now pinned, and pinning again changes nothing.
    let run = env.run(&["ids"]);
    run.assert_code(0);
    assert!(
        run.stdout.lines().all(|l| l.ends_with("\tpinned")),
        "\n{run}"
    );
    let pinned: Vec<String> = [toml, yaml, txt]
        .iter()
        .map(|p| env.read_string(p))
        .collect();
    env.run(&["ids", "--pin"]).assert_code(0);
    for (p, text) in [toml, yaml, txt].iter().zip(&pinned) {
        assert_eq!(&env.read_string(p), text, "{p} changed on the second pin");
    }

    // The pinned files still check clean (the txt's warnings move down three lines).
    let check = env.run(&["check"]);
    check.assert_code(0);
    assert_eq!(
        check.stdout_diagnostics(),
        [
            "items/statement-on-the-strikes.txt:4: warning: title inferred from the first \
             sentence: \"Workers across the whole region have answered the sudden rise in fuel \
             prices with strikes…\"; add `title` to the front matter to choose it",
            "items/statement-on-the-strikes.txt:5: warning: `[Source]` marks a source, but the \
             item has no source link: add `source = \"https://…\"` to the front matter (the \
             marker is left out until then)",
        ],
        "\n{check}"
    );
}

#[test]
fn pinned_ids_survive_a_rename() {
    let env = TestEnv::new("basic");
    let before = build_ids(&env, 0);
    env.run(&["ids", "--pin"]).assert_code(0);
    // Renamed files keep their date prefix where the date came from the file name.
    for (from, to) in [
        (
            "items/2022-01-08-kazakhstan-solidarity.md",
            "items/2022-01-08-kazakhstan.md",
        ),
        (
            "items/2022-03-15-stop-the-repression.md",
            "items/2022-03-15-repression.md",
        ),
        ("items/statement-on-the-strikes.txt", "items/strikes.txt"),
        (
            "items/2023-11-07-заявление.txt",
            "items/2023-11-07-statement.txt",
        ),
        (
            "items/2021-05-01-may-day.md",
            "items/2021-05-01-greetings.md",
        ),
    ] {
        env.rename(from, to);
    }
    let after = build_ids(&env, 0);
    assert_eq!(
        after, before,
        "the same ids, in the same order, after renaming"
    );
}

#[test]
fn without_pinning_a_rename_changes_the_id() {
    let env = TestEnv::new("basic");
    env.rename("items/statement-on-the-strikes.txt", "items/strikes.txt");
    let ids = build_ids(&env, 0);
    assert!(ids.contains(&"tag:example.org,2022:statements/strikes".to_owned()));
    assert!(!ids.iter().any(|i| i.ends_with("statement-on-the-strikes")));
}

#[test]
fn ids_exit_1_when_items_have_errors() {
    let env = instance(&[(
        "items/2022-02-01-bad.md",
        b"+++\ntitle = \"Bad\"\ndate = \"yesterday\"\nlang = \"en\"\n+++\nBody.\n",
    )]);
    let run = env.run(&["ids"]);
    run.assert_code(1)
        .assert_stdout(&format!("{GOOD}\t{GOOD_ID}\tfrom the file name\n"));
    run.assert_stderr_contains("items/2022-02-01-bad.md:3:8: error: ");
}

#[test]
fn ids_pin_replaces_an_empty_id_instead_of_adding_a_second_one() {
    let env = instance(&[
        (
            "items/2022-02-01-a.md",
            b"+++\ntitle = \"Empty id\"\ndate = 2022-02-01\nlang = \"en\"\nid = \"\"\n+++\nBody.\n",
        ),
        (
            "items/2022-02-02-b.md",
            b"---\ntitle: Null id\ndate: 2022-02-02\nlang: en\nid:\n---\nBody.\n",
        ),
    ]);
    env.run(&["ids", "--pin"]).assert_code(0);
    // After pinning, both files must still parse and keep their ids.
    let run = env.run(&["check"]);
    assert!(
        !run.stdout.contains(": error: "),
        "pinning broke the front matter:\n{run}\n--- a:\n{}\n--- b:\n{}",
        env.read_string("items/2022-02-01-a.md"),
        env.read_string("items/2022-02-02-b.md"),
    );
    let ids = build_ids(&env, 0);
    assert_eq!(
        ids,
        [
            "tag:example.org,2022:statements/2022-02-02-b",
            "tag:example.org,2022:statements/2022-02-01-a",
            GOOD_ID
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Line ends, byte-order marks, time zones, empty instances.

#[test]
fn crlf_and_byte_order_mark_still_give_file_lines() {
    assert_check(
        "items/2022-02-01-crlf.md",
        b"\xef\xbb\xbf+++\r\ntitle = \"CRLF\"\r\ncolour = 1\r\ndate = 2022-02-01\r\nupdated = 2022-01-01\r\nauthor = \"Solo Author\"\r\nlang = \"en\"\r\n+++\r\nBody\x1d text.\r\n",
        0,
        &[
            &format!(
                "items/2022-02-01-crlf.md:3:1: warning: unknown front-matter key `colour` is \
                 ignored (known keys: {})",
                communique::normalise::KNOWN_KEYS.join(", ")
            ),
            "items/2022-02-01-crlf.md:5: warning: `updated` is earlier than the publication date",
            "items/2022-02-01-crlf.md:9: warning: removed character U+001D, which XML 1.0 does \
             not allow",
        ],
    );
}

#[test]
fn bare_dates_are_midnight_in_the_configured_time_zone() {
    let env = instance(&[]);
    let config = env
        .read_string("config.toml")
        .replace("timezone = \"UTC\"", "timezone = \"Europe/Moscow\"");
    env.write("config.toml", config);
    let run = env.run(&["items", "--format", "json"]);
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        json[0]["published"]["value"], "2022-01-01T00:00:00+03:00",
        "\n{run}"
    );
    env.build();
    assert!(env
        .output_string("rss.xml")
        .contains("<pubDate>Sat, 01 Jan 2022 00:00:00 +0300</pubDate>"));
}

#[test]
fn an_empty_instance_publishes_valid_empty_feeds_dated_by_the_id_minting_date() {
    let env = TestEnv::minimal();
    let run = env.run(&["build"]);
    run.assert_code(0)
        .assert_stderr_contains("0 items, 3 files in public: 3 created");
    assert!(feed_ids(&env).is_empty());
    // Never the build time: the minting date of the ids (id_date = "2022").
    let atom = atom_syndication::Feed::read_from(&env.output("atom.xml")[..]).unwrap();
    assert_eq!(atom.updated.to_rfc3339(), "2022-01-01T00:00:00+00:00");
    let rss = rss::Channel::read_from(&env.output("rss.xml")[..]).unwrap();
    assert_eq!(
        rss.last_build_date.as_deref(),
        Some("Sat, 01 Jan 2022 00:00:00 +0000")
    );
}

/// A build without the network features (`cargo test --no-default-features`) still builds an
/// instance whose configuration names an S3 target and WebSub hubs, pushes to a `dir` target,
/// and refuses the S3 target and the hubs with an error naming the feature to build with.
#[cfg(not(any(feature = "push-s3", feature = "websub")))]
#[test]
fn a_lean_build_pushes_to_folders_and_names_the_missing_features() {
    let env = instance(&[]);
    env.append_config(
        "[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n\n\
         [[push]]\nname = \"cloud\"\ntype = \"s3\"\nbucket = \"b\"\n",
    );
    env.build();
    let run = env.run(&["push", "--target", "www"]);
    run.assert_code(0);
    assert!(env.path("www/atom.xml").is_file(), "{run}");

    let run = env.run(&["push", "--target", "cloud"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains(
            "type = \"s3\" needs the `push-s3` feature, which this communique was built without"
        ),
        "{run}"
    );

    let hubs = instance(&[]);
    let config = hubs.read_string("config.toml");
    hubs.write(
        "config.toml",
        format!("hubs = [\"https://hub.example.net/\"]\n{config}"),
    );
    hubs.append_config("[[push]]\nname = \"www\"\ntype = \"dir\"\npath = \"www\"\n");
    hubs.build();
    let run = hubs.run(&["push"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("`hubs` (WebSub pings) needs the `websub` feature"),
        "{run}"
    );
}

// ---------------------------------------------------------------------------------------------
// Man pages.

/// The commands `communique <path> --help` lists (without `help`), each with its own.
fn commands_under(env: &TestEnv, path: &[&str]) -> Vec<Vec<String>> {
    let mut args = path.to_vec();
    args.push("--help");
    let run = env.run(&args);
    run.assert_code(0);
    let listed: Vec<String> = run
        .stdout
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    let mut commands = Vec::new();
    for name in listed {
        let mut sub: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        sub.push(name);
        let sub_refs: Vec<&str> = sub.iter().map(String::as_str).collect();
        let below = commands_under(env, &sub_refs);
        commands.push(sub);
        commands.extend(below);
    }
    commands
}

/// The pages a roff page names, as `name(1)` (bold or not, hyphens escaped or not).
fn referenced_pages(roff: &str) -> Vec<String> {
    let plain = roff
        .replace("\\fB", "")
        .replace("\\fR", "")
        .replace("\\-", "-");
    let mut names = Vec::new();
    for (at, _) in plain.match_indices("(1)") {
        let before = &plain[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |i| i + 1);
        names.push(before[start..].to_owned());
    }
    names
}

/// The skeleton every man page needs: a title line, NAME, SYNOPSIS and DESCRIPTION.
fn assert_is_a_man_page(name: &str, roff: &str) {
    let title = format!(".TH {} 1", name.trim_end_matches(".1"));
    assert!(
        roff.lines().any(|line| line.starts_with(&title)),
        "{name} has no `{title}` line:\n{roff}"
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(roff.contains(section), "{name} has no {section}:\n{roff}");
    }
    assert!(
        roff.is_ascii(),
        "{name} has characters roff needs escapes for"
    );
}

/// groff, where it is installed, reads the page with every warning on and finds nothing.
fn assert_groff_reads(path: &std::path::Path) {
    let Ok(out) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(path)
        .output()
    else {
        return;
    };
    assert!(out.status.success(), "groff failed on {}", path.display());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.is_empty(), "{}:\n{warnings}", path.display());
}

#[test]
fn man_dir_writes_a_page_for_every_command_and_every_page_named_exists() {
    let env = TestEnv::empty();
    let dir = env.root.join("man");
    let run = env.run(&["man", "--dir", dir.to_str().unwrap()]);
    run.assert_code(0);

    let commands = commands_under(&env, &[]);
    assert!(commands.len() >= 10, "too few commands: {commands:?}");
    let mut expected = vec!["communique.1".to_owned()];
    expected.extend(
        commands
            .iter()
            .map(|path| format!("communique-{}.1", path.join("-"))),
    );
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    expected.sort();
    assert_eq!(written, expected, "\n{run}");
    for name in &written {
        assert!(run.stdout.contains(name), "{name} not listed:\n{run}");
    }

    for name in &written {
        let path = dir.join(name);
        let roff = std::fs::read_to_string(&path).unwrap();
        assert_is_a_man_page(name, &roff);
        assert_groff_reads(&path);
        let references = referenced_pages(&roff);
        assert!(!references.is_empty(), "{name} names no other page");
        for reference in references {
            assert!(
                dir.join(format!("{reference}.1")).is_file(),
                "{name} names {reference}(1), which was not written"
            );
        }
    }
}

#[test]
fn man_without_dir_prints_the_main_page() {
    let env = TestEnv::empty();
    let run = env.run(&["man"]);
    run.assert_code(0)
        .assert_stdout_contains(".SH \"EXIT STATUS\"")
        .assert_stdout_contains("communique\\-build");
    assert_is_a_man_page("communique.1", &run.stdout);
    assert!(
        !run.stdout.contains("communique-help("),
        "names a help page that does not exist:\n{run}"
    );
}

/// The lines under `Examples:` of a `--help` output.
fn examples(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|line| *line != "Examples:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .collect()
}

/// The subcommand an example command line runs (`--config PATH` may come first).
fn example_subcommand(example: &str) -> &str {
    let mut words = example.split_whitespace().skip(1);
    while let Some(word) = words.next() {
        if word == "--config" {
            words.next();
        } else if !word.starts_with('-') {
            return word;
        }
    }
    panic!("no subcommand in {example}")
}

#[test]
fn help_shows_examples_whose_options_exist() {
    let env = TestEnv::empty();
    for command in [
        "", "build", "check", "publish", "push", "new", "ids", "init", "serve",
    ] {
        let args: Vec<&str> = [command, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let run = env.run(&args);
        run.assert_code(0);
        let shown = examples(&run.stdout);
        assert!(shown.len() >= 2, "too few examples:\n{run}");
        for example in &shown {
            assert!(
                example.trim_start().starts_with("communique "),
                "not a command line: {example}\n{run}"
            );
            let sub = example_subcommand(example);
            assert!(
                command.is_empty() || sub == command,
                "{example} is not `{command}`"
            );
            let sub_help = env.run(&[sub, "--help"]);
            sub_help.assert_code(0);
            let options = &sub_help.stdout[..sub_help
                .stdout
                .find("Examples:")
                .unwrap_or(sub_help.stdout.len())];
            for flag in example.split_whitespace().filter(|w| w.starts_with('-')) {
                assert!(
                    [' ', ',', '.', '\n']
                        .iter()
                        .any(|after| options.contains(&format!("{flag}{after}"))),
                    "{example}: `{flag}` is not an option of `{sub}`\n{sub_help}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Feed titles.

#[test]
fn the_bundled_sample_gives_every_feed_its_own_title() {
    let env = TestEnv::empty();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(bundled.join("config.toml"), env.root.join("config.toml")).unwrap();
    crate::harness::copy_dir(&bundled.join("items"), &env.root.join("items"));
    env.run(&["build", "-q"]).assert_code(0);

    let mut titles = std::collections::BTreeMap::new();
    for dir in ["", "pt/", "en/", "es/", "ru/"] {
        let path = env.root.join(format!("public/{dir}atom.xml"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let feed = atom_syndication::Feed::read_from(&bytes[..]).unwrap();
        if let Some(other) = titles.insert(feed.title().value.clone(), dir) {
            panic!(
                "{dir}atom.xml and {other}atom.xml are both titled {:?}",
                feed.title().value
            );
        }
    }
    assert!(titles.len() >= 3, "too few feeds: {titles:?}");
    assert!(titles.contains_key("Declarações (pt)"), "{titles:?}");
}

/// A man page's text as `man` shows it, near enough: roff's escapes for `-`, `\` and a line
/// start undone.
fn roff_text(roff: &str) -> String {
    roff.replace("\\&", "")
        .replace("\\-", "-")
        .replace("\\e", "\\")
}

#[test]
fn man_pages_carry_the_help_examples() {
    let env = TestEnv::empty();
    let dir = env.root.join("man");
    env.run(&["man", "--dir", dir.to_str().unwrap()])
        .assert_code(0);
    let mut with_examples = 0;
    for path in [vec![]].into_iter().chain(commands_under(&env, &[])) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.run(&args);
        let lines = examples(&help.stdout);
        let page = if path.is_empty() {
            "communique.1".to_owned()
        } else {
            format!("communique-{}.1", path.join("-"))
        };
        let roff = std::fs::read_to_string(dir.join(&page)).unwrap();
        if lines.is_empty() {
            assert!(
                !roff.contains(".SH EXAMPLES"),
                "{page}: examples from nowhere"
            );
            continue;
        }
        with_examples += 1;
        let text = roff_text(&roff);
        assert!(roff.contains(".SH EXAMPLES\n.nf\n"), "{page}:\n{roff}");
        for line in lines {
            assert!(
                text.contains(line),
                "{page} lacks the example `{line}`:\n{roff}"
            );
        }
    }
    assert!(
        with_examples >= 6,
        "only {with_examples} pages have examples"
    );
}
