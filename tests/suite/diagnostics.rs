//! Diagnostics people can act on: rustc's form on a terminal (the source line, a caret under
//! the span, `help:`), one line per finding elsewhere (with the column), close keys suggested,
//! dates in words in front matter, `check --deny-warnings` for CI, `check --format json` for
//! editors; and the redirect pages left at the old addresses of a renamed item's page.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::harness::{Run, TestEnv, BIN};

/// An item whose line 3 has a misspelt key and whose line 4 a date no reader understands.
const BAD: &str = "items/2024-03-01-bad.md";
const BAD_TEXT: &str =
    "+++\ntitle = \"Bad\"\nautor = \"Jane\"\ndate = \"12 zzz 2025\"\n+++\nBody of the statement.\n";

fn bad_instance() -> TestEnv {
    TestEnv::minimal_with(&[(BAD, BAD_TEXT)])
}

/// Runs the binary with stdout and stderr on a terminal (util-linux `script` gives it a
/// pseudo-terminal), colours off, and returns what the terminal showed.
fn on_a_terminal(env: &TestEnv, args: &str) -> String {
    let line = format!("'{BIN}' --config config.toml {args}");
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(env.root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .env_remove("RUST_LOG")
        .env_remove("COMMUNIQUE_LOG_FORMAT")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs the binary on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// The number of characters before `needle` in the first line holding `holder`.
fn column_in(text: &str, holder: &str, needle: char) -> usize {
    let line = text
        .lines()
        .find(|l| l.contains(holder))
        .unwrap_or_else(|| panic!("no line with {holder:?} in:\n{text}"));
    line[..line.find(needle).unwrap()].chars().count()
}

#[test]
fn a_terminal_gets_the_source_line_with_a_caret_under_the_column() {
    let env = bad_instance();
    let shown = on_a_terminal(&env, "check");
    assert!(
        shown.contains("error[date]: `date`: `12 zzz 2025` is not a date"),
        "{shown}"
    );
    assert!(shown.contains(&format!("--> {BAD}:4:8")), "{shown}");
    assert!(shown.contains(&format!("--> {BAD}:3:1")), "{shown}");
    // The caret line under `date = "12 zzz 2025"` starts under the opening quote.
    let source = "date = \"12 zzz 2025\"";
    let quote = column_in(&shown, source, '"');
    let caret_line = shown
        .lines()
        .skip_while(|l| !l.contains(source))
        .nth(1)
        .unwrap();
    assert_eq!(
        caret_line
            .find('^')
            .map(|i| caret_line[..i].chars().count()),
        Some(quote),
        "{shown}"
    );
    assert!(
        caret_line.contains(&"^".repeat(source.len() - 7)),
        "{shown}"
    );
    // The misspelt key: carets under `autor`, and the close key.
    let key_carets = shown
        .lines()
        .skip_while(|l| !l.contains("autor = \"Jane\""))
        .nth(1)
        .unwrap();
    assert_eq!(
        key_carets
            .find('^')
            .map(|i| key_carets[..i].chars().count()),
        Some(column_in(&shown, "autor = \"Jane\"", 'a')),
        "{shown}"
    );
    assert!(shown.contains("help: did you mean `author`?"), "{shown}");
    // `build` reports on stderr the same way.
    let shown = on_a_terminal(&env, "build");
    assert!(shown.contains(&format!("--> {BAD}:4:8")), "{shown}");
    assert!(shown.contains("^^^^"), "{shown}");
}

#[test]
fn a_pipe_keeps_one_line_per_finding_with_the_column() {
    let env = bad_instance();
    let run = env.run(&["check"]);
    run.assert_code(1);
    let lines = run.stdout_diagnostics();
    assert_eq!(
        lines,
        [
            format!(
                "{BAD}:3:1: warning: unknown front-matter key `autor` is ignored (known keys: \
                 title, date, updated, authors, author, lang, tags, source, id, summary, draft, \
                 translation_key, translation_of, attachments, image, source_name, source_feed, \
                 aliases, embargo, changes, withdrawn) (help: did you mean `author`?)"
            ),
            format!(
                "{BAD}:4:8: error: `date`: `12 zzz 2025` is not a date: write 2022-01-08, \
                 2022-01-08T10:00:00 or 2022-01-08T10:00:00+03:00 (help: write the date as \
                 2022-01-08, or in words as the text would (`8 January 2022`, `12 mars 2025`))"
            ),
        ],
        "{run}"
    );
    assert!(
        !run.stdout.contains("-->") && !run.stdout.contains('^'),
        "{run}"
    );
    let run = env.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(&format!("{BAD}:4:8: error: `date`")),
        "{run}"
    );
    assert!(
        !run.stderr.contains("-->") && !run.stderr.contains('^'),
        "{run}"
    );
}

#[test]
fn json_logs_carry_the_column_and_the_help() {
    let env = bad_instance();
    let run = env.run(&["--log-format", "json", "check"]);
    let date = run
        .stderr
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["fields"]["line"] == 4)
        .unwrap_or_else(|| panic!("{run}"));
    assert_eq!(date["fields"]["column"], 8, "{run}");
    assert_eq!(date["fields"]["code"], "date", "{run}");
    assert!(date["fields"]["help"]
        .as_str()
        .unwrap()
        .contains("in words"));
}

#[test]
fn a_toml_syntax_error_keeps_the_parsers_line_and_column() {
    let env = TestEnv::minimal_with(&[(BAD, "+++\ntitle = \"A\"\ndate = = 3\n+++\nBody.\n")]);
    let run = env.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout
            .contains(&format!("{BAD}:3:8: error: invalid TOML front matter")),
        "{run}"
    );
    let shown = on_a_terminal(&env, "check");
    let caret_line = shown
        .lines()
        .skip_while(|l| !l.contains("date = = 3"))
        .nth(1)
        .unwrap();
    let source_line = shown.lines().find(|l| l.contains("date = = 3")).unwrap();
    let second_eq = source_line.rfind('=').unwrap();
    assert_eq!(caret_line.find('^'), Some(second_eq), "{shown}");

    // In the configuration too.
    let env = TestEnv::minimal();
    env.append_config("limit = = 3\n");
    let run = env.run(&["check"]);
    run.assert_code(2);
    let lines = env.read_string("config.toml").lines().count();
    assert!(
        run.stderr
            .contains(&format!("config.toml:{lines}:9: error:")),
        "{run}"
    );
}

#[test]
fn a_misspelt_config_key_gets_the_close_one() {
    let env = TestEnv::minimal();
    // The fixture's configuration ends in its `[feeds]` table.
    env.append_config("language = true\n");
    let run = env.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("(help: did you mean `languages`?)"),
        "{run}"
    );
    let shown = on_a_terminal(&env, "check");
    assert!(shown.contains("help: did you mean `languages`?"), "{shown}");
    assert!(shown.contains("language = true"), "{shown}");
}

#[test]
fn a_date_in_words_is_read_as_the_signature_reader_would() {
    let env = TestEnv::minimal_with(&[
        (
            "items/greve.md",
            "+++\ntitle = \"Greve\"\ndate = \"12 mars 2025\"\nlang = \"fr\"\n+++\nTexte.\n",
        ),
        (
            "items/strike.md",
            "---\ntitle: Strike\ndate: March 3, 2024\nlang: en\n---\nText.\n",
        ),
    ]);
    env.run(&["check"]).assert_code(0);
    let items = env.items_json();
    let published = |path: &str| {
        crate::harness::item_at(&items, path)["published"]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        published("items/greve.md").starts_with("2025-03-12T00:00:00"),
        "{items:?}"
    );
    assert!(
        published("items/strike.md").starts_with("2024-03-03T00:00:00"),
        "{items:?}"
    );
}

#[test]
fn deny_warnings_fails_on_warnings_for_ci() {
    let env = TestEnv::minimal_with(&[(
        "items/2024-03-01-a.md",
        "+++\ntitle = \"A\"\nautor = \"Jane\"\nlang = \"en\"\n+++\nBody.\n",
    )]);
    env.run(&["check"]).assert_code(0);
    env.run(&["check", "--deny-warnings"]).assert_code(1);
    env.run(&["check", "--strict"]).assert_code(1);
    let clean = TestEnv::minimal_with(&[(
        "items/2024-03-01-a.md",
        "+++\ntitle = \"A\"\nlang = \"en\"\n+++\nBody.\n",
    )]);
    clean.run(&["check", "--strict"]).assert_code(0);
}

/// Every stdout line of `check --format json` as an object.
fn editor_objects(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}\n{run}")))
        .collect()
}

#[test]
fn check_format_json_prints_one_object_per_diagnostic() {
    let env = bad_instance();
    let run = env.run(&["check", "--format", "json"]);
    run.assert_code(1);
    let objects = editor_objects(&run);
    assert_eq!(objects.len(), 2, "{run}");
    let keys = [
        "file",
        "line",
        "column",
        "end_column",
        "severity",
        "code",
        "message",
        "help",
    ];
    for object in &objects {
        let map = object.as_object().unwrap();
        let mut got: Vec<&str> = map.keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = keys.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{object}");
        assert_eq!(object["file"], BAD);
    }
    let key = &objects[0];
    assert_eq!(
        (&key["line"], &key["column"], &key["end_column"]),
        (&Value::from(3), &Value::from(1), &Value::from(6))
    );
    assert_eq!(key["severity"], "warning");
    assert_eq!(key["code"], "unknown-key");
    assert_eq!(key["help"], "did you mean `author`?");
    let date = &objects[1];
    assert_eq!(
        (&date["line"], &date["column"]),
        (&Value::from(4), &Value::from(8))
    );
    assert_eq!(date["severity"], "error");
    // The count is not part of the product; it goes to stderr.
    assert!(
        run.stderr.contains("1 item checked: 1 error, 1 warning"),
        "{run}"
    );
    // Guesses are never summarised for editors.
    let many: Vec<(String, String)> = (0..5)
        .map(|i| {
            (
                format!("items/2024-03-0{}-x.txt", i + 1),
                "One line title\n\nBody text here.\n".to_owned(),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = many.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let env = TestEnv::minimal_with(&files);
    let text = env.run(&["check"]);
    let json = env.run(&["check", "--format", "json"]);
    assert!(editor_objects(&json).len() >= 5, "{json}\n{text}");
}

// ---------------------------------------------------------------------------------------------
// Redirects

const PINNED_OLD: &str = "items/2024-03-01-old-name.md";
const PINNED_NEW: &str = "items/2024-03-01-new-name.md";

fn pinned(aliases: &str) -> String {
    format!(
        "+++\ntitle = \"On the strike\"\nid = \"tag:example.org,2024:statements/strike\"\n\
         lang = \"en\"\n{aliases}+++\nWe stand with the strikers.\n"
    )
}

/// The `minimal` instance with item pages on.
fn with_pages(files: &[(&str, &str)]) -> TestEnv {
    let env = TestEnv::minimal_with(files);
    let config = env.read_string("config.toml");
    if config.contains("pages = false") {
        env.write(
            "config.toml",
            config.replace("pages = false", "pages = true"),
        );
    }
    env
}

#[test]
fn a_renamed_pinned_item_leaves_a_redirect_at_its_old_address() {
    let env = with_pages(&[(PINNED_OLD, &pinned(""))]);
    env.build();
    let old_page = "2024/2024-03-01-old-name/index.html";
    let old_html = env.output_string(old_page);
    assert!(old_html.contains("We stand with the strikers."));
    let old_url = env.items_json()[0]["url"].as_str().unwrap().to_owned();

    // Renamed, with the old address as an alias.
    env.remove(PINNED_OLD);
    env.write(
        PINNED_NEW,
        pinned("aliases = [\"2024/2024-03-01-old-name/\"]\n"),
    );
    env.build();
    let new_url = env.items_json()[0]["url"].as_str().unwrap().to_owned();
    assert_ne!(old_url, new_url);
    assert!(new_url.ends_with("/2024/2024-03-01-new-name/"), "{new_url}");
    let redirect = env.output_string(old_page);
    assert!(
        !redirect.contains("We stand with the strikers."),
        "{redirect}"
    );
    for part in [
        format!("<link rel=\"canonical\" href=\"{new_url}\">"),
        format!("<meta http-equiv=\"refresh\" content=\"0; url={new_url}\">"),
        "<meta name=\"robots\" content=\"noindex\">".to_owned(),
        format!("<a href=\"{new_url}\">On the strike</a>"),
    ] {
        assert!(redirect.contains(&part), "{part} missing:\n{redirect}");
    }
    // The page itself and the feeds moved; the entry id did not.
    assert!(env
        .output_string("2024/2024-03-01-new-name/index.html")
        .contains("We stand with the strikers."));
    let feed = env.parsed("atom.xml");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(feed.entries[0].id, "tag:example.org,2024:statements/strike");
    assert_eq!(feed.entries[0].links[0].href, new_url);
    // A second build changes nothing.
    let before = crate::harness::tree(&env.public());
    env.build();
    assert_eq!(crate::harness::tree(&env.public()), before);
    // Without the alias the redirect goes away with the next build.
    env.write(PINNED_NEW, pinned(""));
    env.build();
    assert!(!env.public().join(old_page).exists());
}

#[test]
fn aliases_that_could_leave_the_site_or_take_a_page_are_refused() {
    let env = with_pages(&[
        (PINNED_NEW, &pinned("aliases = [\"../outside/\"]\n")),
        (
            "items/2024-03-02-other.md",
            "+++\ntitle = \"Other\"\nlang = \"en\"\naliases = [\"/\", \"old.html\", \
             \"2024/2024-03-01-new-name/\"]\n+++\nOther text.\n",
        ),
    ]);
    let run = env.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains(&format!(
            "{PINNED_NEW}:5: error: `aliases`: `../outside/` must not have empty, `.` or `..` \
             segments"
        )),
        "{run}"
    );
    assert!(
        run.stdout.contains("`aliases`: `/` is the front page"),
        "{run}"
    );
    env.write(
        "items/2024-03-02-other.md",
        "+++\ntitle = \"Other\"\nlang = \"en\"\naliases = [\"old.html\", \
         \"2024/2024-03-01-new-name/\"]\n+++\nOther text.\n",
    );
    env.write(PINNED_NEW, pinned(""));
    let run = env.run(&["build", "-v"]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("alias `2024/2024-03-01-new-name/` is the address of"),
        "{run}"
    );
    assert!(env
        .output_string("old.html")
        .contains("http-equiv=\"refresh\""));
    assert!(env
        .output_string("2024/2024-03-01-new-name/index.html")
        .contains("We stand with the strikers."));
    assert!(!env.root().join("outside").exists());
}
