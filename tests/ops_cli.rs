//! The smaller subcommands for people and for cron set-up: `new`, `config show`,
//! `completions`, `man`.

mod ops_support;

use std::fs;

use ops_support::{edit, stderr, stdout, Env};

fn today_in_lisbon() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Lisbon)
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn new_writes_front_matter_that_check_accepts_and_never_overwrites() {
    let env = Env::new();
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
    let out = env.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = "items/2024/2024-06-01-solidarity-with-the-lisbon-12-their-families.md";
    assert_eq!(stdout(&out), format!("{path}\n"));
    assert_eq!(stderr(&out), "");
    let text = fs::read_to_string(env.path(path)).unwrap();
    assert!(text.starts_with("+++\nid = \"tag:example.org,2022:statements/2024-06-01-solidarity"));
    assert!(
        text.contains("tags = [\"solidarity\", \"lisbon\", \"repression\"]\n"),
        "{text}"
    );
    assert!(text.contains("authors = [\"International Secretariat\", \"Lisbon Committee\"]\n"));

    // The item is valid and says what the flags said.
    let out = env.run(&["items", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
    let out = env.run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
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
    let env = Env::new();
    let before = today_in_lisbon();
    let out = env.run(&["new", "--title", "Заявление о забастовке"]);
    let after = today_in_lisbon();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
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
    let out = env.run(&["check", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("error: empty statement"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn new_rejects_bad_flags_with_status_2() {
    let env = Env::new();
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
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).starts_with(want), "{args:?}: {}", stderr(&out));
    }
    assert!(!env.path("items/2024").read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("-x.md")));
}

#[test]
fn config_show_prints_the_resolved_configuration() {
    let env = Env::new();
    let out = env.run(&["config", "show"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
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
    let out = env
        .cmd()
        .current_dir(elsewhere.path())
        .env("COMMUNIQUE_CONFIG", env.path("config.toml"))
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("(from $COMMUNIQUE_CONFIG)"));
    let out = env.run(&["config", "show", "--config", "config.toml"]);
    assert!(stdout(&out).contains("(from --config)"));

    edit(&env.path("config.toml"), "limit = 50", "limit = -1");
    let out = env.run(&["config", "show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("config.toml:8: error:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completions_and_man_need_no_configuration() {
    let empty = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(ops_support::BIN)
            .current_dir(empty.path())
            .env_remove("COMMUNIQUE_CONFIG")
            .args(args)
            .output()
            .unwrap()
    };
    for (shell, marker) in [
        ("bash", "_communique()"),
        ("zsh", "#compdef communique"),
        ("fish", "complete -c communique"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}");
        assert!(
            script.contains("publish") && script.contains("no-wait"),
            "{shell}"
        );
    }
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
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
