//! Hostile input, `build` and `publish`: the unpublish guard, pinned ids that collide with
//! published ones, closed pipes.

use std::process::{Command, Stdio};

use crate::common::TestEnv;

const BIN: &str = env!("CARGO_BIN_EXE_communique");

// ---- hole 10: output piped into `head` panics ----

/// Runs the binary in `env` with a standard output whose reader is already gone, as after
/// `| head` has read its lines.
fn run_into_closed_pipe(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(BIN)
        .current_dir(&env.root)
        .env_remove("COMMUNIQUE_CONFIG")
        .env_remove("RUST_LOG")
        .args(["--config", "config.toml"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn every_command_ends_quietly_when_its_output_pipe_closes() {
    let env = TestEnv::new("basic");
    let target = env.path("served");
    env.append_config(&format!(
        "\n[[push]]\nname = \"local\"\ntype = \"dir\"\npath = \"{}\"\n",
        target.display()
    ));
    env.build();
    let commands: &[&[&str]] = &[
        &["ids"],
        &["items"],
        &["items", "--format", "json"],
        &["check"],
        &["config", "show"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["man"],
        &["new", "--title", "Closed pipe"],
        &["push", "--dry-run"],
        &["push"],
        &["build"],
        &["publish"],
        &["--help"],
        &["--version"],
        &["build", "--help"],
    ];
    for args in commands {
        let out = run_into_closed_pipe(&env, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "communique {} into a closed pipe\n{stderr}",
            args.join(" ")
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "communique {}: {stderr}",
            args.join(" ")
        );
    }
    // The work was still done: `new` wrote its file, `push` copied the feeds.
    let created = walkdir::WalkDir::new(env.path("items"))
        .into_iter()
        .any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .contains("closed-pipe")
        });
    assert!(created, "`new` did not create its file");
    assert!(target.join("atom.xml").is_file());
}

#[test]
fn ids_pin_finishes_pinning_when_its_output_pipe_closes() {
    let env = TestEnv::new("basic");
    let out = run_into_closed_pipe(&env, &["ids", "--pin"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = env.run(&["ids"]);
    run.assert_code(0);
    assert!(run.stdout.lines().all(|l| l.ends_with("\tpinned")), "{run}");
}
