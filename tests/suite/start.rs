//! Starting out: `communique init` (a new instance that checks clean and builds valid feeds,
//! flags and placeholders, never an overwrite) and `communique new` as a first user meets it
//! (no configuration yet, the title from the text, `--edit` with a fake editor).

use std::fs;
use std::path::Path;

use crate::harness::{assert_whole, TestEnv, FEED_FILES};

/// An editor script at `root/<name>` that runs `body` (the file to edit is its last argument).
fn fake_editor(env: &TestEnv, name: &str, body: &str) -> String {
    let path = env.path(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

/// Every `.md` file under `dir`.
fn statements(dir: &Path) -> Vec<std::path::PathBuf> {
    crate::harness::walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

#[test]
fn init_makes_an_instance_that_checks_clean_and_builds_valid_feeds() {
    let env = TestEnv::empty();
    let run = env.run_bare(&[
        "init",
        "site",
        "--title",
        "Our Statements",
        "--base-url",
        "https://www.example.net/statements",
        "--author",
        "Executive Committee",
        "--lang",
        "en",
    ]);
    run.assert_code(0)
        .assert_stdout_line("created site/config.toml")
        .assert_stdout_line("created site/.gitignore")
        .assert_stdout_line("  cd site")
        .assert_stdout_contains("communique serve");
    assert!(
        !run.stdout.contains("placeholders"),
        "every value was given: {run}"
    );
    let config = env.read_string("site/config.toml");
    assert!(
        config.contains("\nid_authority = \"example.net\"\n"),
        "{config}"
    );
    assert!(
        config.contains("\n# Entry ids are tag URIs"),
        "commented: {config}"
    );
    assert!(env
        .read_string("site/.gitignore")
        .contains("\n/public/\n/.communique/\n"));

    // No warning at all, then clean feeds whose ids come from the chosen authority.
    env.run_bare(&["--config", "site/config.toml", "check"])
        .assert_code(0)
        .assert_stderr("");
    env.run_bare(&["--config", "site/config.toml", "build", "-q"])
        .assert_code(0)
        .assert_stderr("");
    for name in FEED_FILES {
        assert_whole(name, &env.read(&format!("site/public/{name}")));
    }
    let feed = feed_rs::parser::parse(&env.read("site/public/atom.xml")[..]).unwrap();
    assert_eq!(feed.title.unwrap().content, "Our Statements");
    assert_eq!(feed.entries.len(), 1);
    assert!(
        feed.entries[0].id.starts_with("tag:example.net,"),
        "{}",
        feed.entries[0].id
    );
    assert!(feed.entries[0].links[0]
        .href
        .starts_with("https://www.example.net/statements/"));
}

#[test]
fn init_without_a_terminal_takes_placeholders_and_says_which() {
    let env = TestEnv::empty();
    env.run_bare(&["init"])
        .assert_code(0)
        .assert_stdout_line("created config.toml")
        .assert_stdout_contains("set base_url and id_authority in config.toml");
    assert!(!env.run_bare(&["init", "--no-input"]).stdout.contains("cd "));
    env.run_bare(&["check"]).assert_code(0).assert_stderr("");
}

#[test]
fn init_overwrites_nothing() {
    let env = TestEnv::empty();
    env.write(".gitignore", "mine\n");
    env.run_bare(&["init", "--no-input"])
        .assert_code(2)
        .assert_stderr_contains(".gitignore: error: already exists; not overwriting it");
    assert_eq!(env.read_string(".gitignore"), "mine\n");
    assert!(!env.path("config.toml").exists());
    assert!(!env.path("items").exists());

    env.run_bare(&["init", "fresh", "--no-input"])
        .assert_code(0);
    let before = env.read_string("fresh/config.toml");
    env.run_bare(&["init", "fresh", "--title", "Other"])
        .assert_code(2)
        .assert_stderr_contains("config.toml: error: already exists");
    assert_eq!(env.read_string("fresh/config.toml"), before);
}

#[test]
fn init_names_the_flag_of_a_value_the_configuration_refuses() {
    let env = TestEnv::empty();
    env.run_bare(&["init", "--base-url", "example.org/statements"])
        .assert_code(2)
        .assert_stderr_contains("error: --base-url: `base_url` is not an absolute URL");
    env.run_bare(&["init", "--lang", "portuguese"])
        .assert_code(2)
        .assert_stderr_contains("error: --lang: ");
    assert!(!env.path("config.toml").exists());
}

#[test]
fn commands_without_a_configuration_say_to_run_init() {
    let env = TestEnv::empty();
    for args in [&["new", "-t", "x"][..], &["build"], &["check"]] {
        env.run_bare(args).assert_code(2).assert_stderr_contains(
            "config.toml: error: cannot read the configuration: there is none; run \
             `communique init` to make an instance here",
        );
    }
}

#[test]
fn new_takes_the_title_from_the_first_line_of_the_text_on_stdin() {
    let env = TestEnv::minimal();
    env.write(
        "appeal.md",
        "# Appeal for solidarity\n\nWe call on every union to act.\n\nSecond paragraph.\n",
    );
    let run = crate::harness::Run::of(
        env.command()
            .args(["--config", "config.toml", "new", "--date", "2024-03-08"])
            .args(["--text", "-"])
            .stdin(fs::File::open(env.path("appeal.md")).unwrap()),
    );
    run.assert_code(0)
        .assert_stdout("items/2024/2024-03-08-appeal-for-solidarity.md\n");
    let text = env.read_string("items/2024/2024-03-08-appeal-for-solidarity.md");
    assert!(
        text.contains("\ntitle = \"Appeal for solidarity\"\n"),
        "{text}"
    );
    assert!(
        text.ends_with("+++\n\nWe call on every union to act.\n\nSecond paragraph.\n"),
        "the title leaves the body: {text}"
    );
    let items = env.items_json();
    assert_eq!(
        items[0]["title"]["value"], "Appeal for solidarity",
        "{items:?}"
    );

    env.run(&["new", "--text", " \n"])
        .assert_code(2)
        .assert_stderr_contains("error: no title: give --title");
}

#[test]
fn new_edit_opens_the_editor_on_the_new_file() {
    let mut env = TestEnv::minimal();
    let editor = fake_editor(
        &env,
        "editor.sh",
        "printf '\\nWritten in the editor.\\n' >> \"$1\"",
    );
    env.set_env("VISUAL", &editor);
    env.set_env("EDITOR", "false");
    let run = env.run(&["new", "-t", "From flags", "--date", "2024-03-08", "--edit"]);
    run.assert_code(0)
        .assert_stdout("items/2024/2024-03-08-from-flags.md\n");
    let text = env.read_string("items/2024/2024-03-08-from-flags.md");
    assert!(text.starts_with("+++\nid = "), "{text}");
    assert!(text.ends_with("+++\n\nWritten in the editor.\n"), "{text}");
    env.run(&["check"]).assert_code(0);
}

#[test]
fn new_edit_without_a_title_makes_the_item_from_a_scratch_file() {
    let mut env = TestEnv::minimal();
    let editor = fake_editor(
        &env,
        "editor.sh",
        "for f; do :; done\n[ -s \"$f\" ] && exit 3\n\
         printf '# From the editor\\n\\nBody from the editor.\\n' > \"$f\"",
    );
    // `$EDITOR` may hold arguments: the file is passed after them.
    env.set_env("VISUAL", "");
    env.set_env("EDITOR", &format!("{editor} --wait"));
    env.run(&["new", "--edit", "--date", "2024-03-09", "--lang", "en"])
        .assert_code(0)
        .assert_stdout("items/2024/2024-03-09-from-the-editor.md\n");
    let text = env.read_string("items/2024/2024-03-09-from-the-editor.md");
    assert!(text.contains("\ntitle = \"From the editor\"\n"), "{text}");
    assert!(text.ends_with("+++\n\nBody from the editor.\n"), "{text}");
    // The scratch file is opened before the item exists, so the editor ran once.
    assert_eq!(statements(&env.path("items")).len(), 1);
}

#[test]
fn new_edit_makes_nothing_when_the_scratch_stays_empty_or_the_editor_fails() {
    let mut env = TestEnv::minimal();
    env.set_env("VISUAL", "");
    env.set_env("EDITOR", "true");
    env.run(&["new", "--edit"])
        .assert_code(2)
        .assert_stderr_contains("error: the edited text is empty; no statement was created");
    env.set_env("EDITOR", "false");
    env.run(&["new", "--edit"])
        .assert_code(2)
        .assert_stderr_contains("error: the editor `false` failed");
    env.set_env("EDITOR", "");
    env.set_env("VISUAL", "");
    env.run(&["new", "--edit"])
        .assert_code(2)
        .assert_stderr_contains("set $VISUAL or $EDITOR");
    assert!(statements(&env.path("items")).is_empty());
}
