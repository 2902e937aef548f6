//! The smaller subcommands for people and for cron set-up: `new`, `config show`,
//! `completions`, `man`.

use std::fs;

use crate::harness::{edit, Run, TestEnv};

fn today_in_lisbon() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Lisbon)
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn new_writes_front_matter_that_check_accepts_and_never_overwrites() {
    let env = TestEnv::ops();
    let args = [
        "new",
        "--title",
        "Solidarity with the \"Lisbon 12\" & their families",
        "--lang",
        "en",
        "--tags",
        "solidarity,lisbon",
        "--tag",
        "repression",
        "--author",
        "International Secretariat",
        "--author",
        "Lisbon Committee",
        "--source",
        "https://example.net/a?b=1&c=2",
        "--date",
        "2024-06-01",
        "--text",
        "We stand with the twelve.",
    ];
    let out = env.run_bare(&args);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let path = "items/2024/2024-06-01-solidarity-with-the-lisbon-12-their-families.md";
    assert_eq!(out.stdout, format!("{path}\n"));
    assert_eq!(out.stderr, "");
    let text = fs::read_to_string(env.path(path)).unwrap();
    assert!(text.starts_with("+++\nid = \"tag:example.org,2022:statements/2024-06-01-solidarity"));
    assert!(
        text.contains("tags = [\"solidarity\", \"lisbon\", \"repression\"]\n"),
        "{text}"
    );
    assert!(text.contains("authors = [\"International Secretariat\", \"Lisbon Committee\"]\n"));

    // The item is valid and says what the flags said.
    let out = env.run_bare(&["items", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let items: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == path)
        .expect("the new item");
    assert_eq!(
        item["title"]["value"],
        "Solidarity with the \"Lisbon 12\" & their families"
    );
    assert_eq!(item["lang"]["value"], "en");
    assert_eq!(item["source"]["value"], "https://example.net/a?b=1&c=2");

    // Never overwritten.
    edit(
        &env.path(path),
        "We stand with the twelve.",
        "Edited by hand.",
    );
    let out = env.run_bare(&args);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        out.stderr,
        format!(
            "{path}: error: already exists; not overwriting it (edit it, or choose another \
             --title or --date)\n"
        )
    );
    assert!(fs::read_to_string(env.path(path))
        .unwrap()
        .contains("Edited by hand."));
}

#[test]
fn new_defaults_to_today_in_the_configured_time_zone_and_transliterates() {
    let env = TestEnv::ops();
    let before = today_in_lisbon();
    let out = env.run_bare(&["new", "--title", "Заявление о забастовке"]);
    let after = today_in_lisbon();
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let printed = out.stdout;
    let ok = [&before, &after]
        .iter()
        .any(|day| printed == format!("items/{}/{day}-zaiavlenie-o-zabastovke.md\n", &day[..4]));
    assert!(ok, "{printed}");
    let text = fs::read_to_string(env.path(printed.trim())).unwrap();
    assert!(
        text.contains("title = \"Заявление о забастовке\"\n"),
        "{text}"
    );
    // Front matter only: an empty statement, which `check` reports and `build` leaves out
    // until its text is written.
    let out = env.run_bare(&["check", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stdout);
    assert!(
        out.stdout.contains("error: empty statement"),
        "{}",
        out.stdout
    );
}

#[test]
fn new_rejects_bad_flags_with_status_2() {
    let env = TestEnv::ops();
    for (args, want) in [
        (
            &["new", "--title", "X", "--date", "yesterday"][..],
            "error: --date `yesterday` is not a date",
        ),
        (
            &["new", "--title", "X", "--lang", "klingonese"],
            "error: --lang `klingonese` is not a language tag",
        ),
        (
            &["new", "--title", "X", "--source", "example.net/x"],
            "error: --source `example.net/x` must be an absolute",
        ),
        (
            &["new", "--title", "  "],
            "error: --title must not be empty",
        ),
    ] {
        let out = env.run_bare(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stderr.starts_with(want), "{args:?}: {}", out.stderr);
    }
    assert!(!env.path("items/2024").read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("-x.md")));
}

#[test]
fn config_show_prints_the_resolved_configuration() {
    let env = TestEnv::ops();
    let out = env.run_bare(&["config", "show"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr);
    let text = out.stdout;
    assert!(text.contains("(from the default, ./config.toml)"), "{text}");
    let shown: toml::Table = toml::from_str(&text).unwrap();
    let root = env
        .root()
        .canonicalize()
        .unwrap_or(env.root().to_path_buf());
    let items_dir = shown["items_dir"].as_str().unwrap();
    assert!(
        items_dir.ends_with("/items") && std::path::Path::new(items_dir).is_absolute(),
        "{items_dir}"
    );
    assert!(
        std::path::Path::new(items_dir).canonicalize().unwrap() == root.join("items"),
        "{items_dir}"
    );
    assert_eq!(shown["timezone"].as_str(), Some("Europe/Lisbon"));
    assert_eq!(shown["lock_timeout"].as_integer(), Some(300));
    assert_eq!(shown["id_prefix"].as_str(), Some("statements"));
    assert!(shown["state_dir"]
        .as_str()
        .unwrap()
        .ends_with("/.communique"));
    // The guards a run applies are shown too, with their defaults filled in.
    let safety = shown["safety"].as_table().expect("[safety]");
    assert_eq!(safety["max_unpublish_share"].as_float(), Some(0.5));
    let limits = shown["limits"].as_table().expect("[limits]");
    assert_eq!(limits["max_file_bytes"].as_integer(), Some(1024 * 1024));
    assert_eq!(limits["max_lines"].as_integer(), Some(20_000));
    assert_eq!(
        limits["max_front_matter_bytes"].as_integer(),
        Some(64 * 1024)
    );
    assert_eq!(limits["max_nesting"].as_integer(), Some(64));
    assert_eq!(limits["max_blocks"].as_integer(), Some(20_000));

    let elsewhere = tempfile::tempdir().unwrap();
    let out = Run::of(
        env.command()
            .current_dir(elsewhere.path())
            .env("COMMUNIQUE_CONFIG", env.path("config.toml"))
            .args(["config", "show"]),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.contains("(from $COMMUNIQUE_CONFIG)"));
    let out = env.run_bare(&["config", "show", "--config", "config.toml"]);
    assert!(out.stdout.contains("(from --config)"));

    edit(&env.path("config.toml"), "limit = 50", "limit = -1");
    let out = env.run_bare(&["config", "show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.starts_with("config.toml:8:9: error:"),
        "{}",
        out.stderr
    );
}

#[test]
fn completions_and_man_need_no_configuration() {
    let empty = TestEnv::empty();
    let run = |args: &[&str]| empty.run_bare(args);
    for (shell, marker) in [
        ("bash", "_communique()"),
        ("zsh", "#compdef communique"),
        ("fish", "complete -c communique"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = out.stdout;
        assert!(script.contains(marker), "{shell}");
        assert!(
            script.contains("publish") && script.contains("no-wait"),
            "{shell}"
        );
    }
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = out.stdout;
    assert!(page.starts_with(".ie"), "{}", &page[..page.len().min(200)]);
    for want in [
        ".TH communique 1",
        ".SH NAME",
        "publish",
        ".SH \"EXIT STATUS\"",
        "COMMUNIQUE_CONFIG",
        "NO_COLOR",
    ] {
        assert!(page.contains(want), "man page lacks {want}");
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The bundled sample instance (the repository's `config.toml` and `items/`) is the first thing
/// a new user builds: `check` finds nothing to warn about.
#[test]
fn the_bundled_sample_checks_without_a_warning() {
    let env = TestEnv::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(repo.join("config.toml"), env.path("config.toml")).unwrap();
    crate::harness::copy_dir(&repo.join("items"), &env.path("items"));
    let run = env.run(&["check"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("warning:"), "{run}");
    assert!(
        run.stdout.contains("5 items checked: 0 errors, 0 warnings"),
        "{run}"
    );
}
