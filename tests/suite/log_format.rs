//! `--log-format json` for every command: standard error carries only JSON objects, one a line,
//! each with `level` and `fields.message`; diagnostics and fatal errors carry `fields.path` and
//! `fields.line` where they have them; stdout stays the command's product. And the text format
//! that people read is worded by the same reporter.

use crate::harness::{Run, TestEnv};
use serde_json::Value;

/// An item with a front-matter error on line 2 (it is left out; the others are published).
const BAD: &str = "items/2024-03-01-bad.md";

/// The `basic` instance with one bad item and a folder push target.
fn instance() -> TestEnv {
    let env = TestEnv::new("basic");
    env.write(BAD, "+++\ntitle = [\n+++\nBody.\n");
    let target = env.path("served");
    env.append_config(&format!(
        "\n[[push]]\nname = \"local\"\ntype = \"dir\"\npath = \"{}\"\n",
        target.display()
    ));
    env
}

/// Every line of stderr as a JSON event; panics on a line that is not one, or lacks `level` or
/// a message.
fn events(run: &Run) -> Vec<Value> {
    run.stderr
        .lines()
        .map(|line| {
            let event: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}\n{run}"));
            assert!(event["level"].is_string(), "no level: {line}\n{run}");
            assert!(
                event["fields"]["message"].is_string(),
                "no message: {line}\n{run}"
            );
            event
        })
        .collect()
}

/// The first event at `level` whose `fields.path` is `path`.
fn event_at<'a>(events: &'a [Value], level: &str, path: &str) -> Option<&'a Value> {
    events
        .iter()
        .find(|e| e["level"] == level && e["fields"]["path"] == path)
}

fn json_run(env: &TestEnv, args: &[&str]) -> Run {
    let mut all = vec!["--log-format", "json"];
    all.extend_from_slice(args);
    env.run(&all)
}

#[test]
fn every_command_writes_only_json_lines_on_stderr() {
    let env = instance();
    let commands: &[(&[&str], i32)] = &[
        (&["build"], 1),
        (&["check"], 1),
        (&["items"], 1),
        (&["items", "--format", "json"], 1),
        (&["ids"], 1),
        (&["push"], 0),
        (&["push", "--dry-run"], 0),
        (&["publish"], 1),
        (&["-v", "publish"], 1),
        (&["-v", "build"], 1),
        (
            &["new", "--title", "A new one", "--text", "A statement."],
            0,
        ),
        (&["config", "show"], 0),
        (&["completions", "bash"], 0),
        (&["man"], 0),
    ];
    for (args, code) in commands {
        let run = json_run(&env, args);
        run.assert_code(*code);
        events(&run);
    }
}

#[test]
fn diagnostics_carry_path_and_line_in_every_command_that_reads_items() {
    for args in [
        &["build"][..],
        &["check"],
        &["items"],
        &["ids"],
        &["publish"],
    ] {
        let env = instance();
        let run = json_run(&env, args);
        let seen = events(&run);
        let error = event_at(&seen, "ERROR", BAD)
            .unwrap_or_else(|| panic!("no error event for {BAD}\n{run}"));
        assert_eq!(error["fields"]["line"], 2, "{run}");
        assert_eq!(error["target"], "communique::diagnostic", "{run}");
    }
}

#[test]
fn a_fatal_configuration_error_carries_path_and_line_in_every_command() {
    let env = instance();
    // Line 9 of the configuration is `limit = 50`.
    let config = env
        .read_string("config.toml")
        .replace("limit = 50", "limit = [");
    env.write("config.toml", config);
    for args in [
        &["build"][..],
        &["check"],
        &["items"],
        &["ids"],
        &["push"],
        &["publish"],
        &["new", "--title", "T"],
        &["config", "show"],
    ] {
        let run = json_run(&env, args);
        run.assert_code(2);
        let seen = events(&run);
        let fatal = event_at(&seen, "ERROR", "config.toml")
            .unwrap_or_else(|| panic!("no fatal event for config.toml\n{run}"));
        assert_eq!(fatal["fields"]["line"], 9, "{run}");
        assert_eq!(fatal["fields"]["column"], 14, "{run}");
        assert_eq!(fatal["target"], "communique::fatal", "{run}");
        let message = fatal["fields"]["message"].as_str().unwrap();
        assert!(!message.contains("error:"), "prefix left in: {message}");
    }
    // Text for people: the same error, worded `path:line:column: error: message`.
    let run = env.run(&["check"]);
    run.assert_code(2);
    assert!(run.stderr.starts_with("config.toml:9:14: error: "), "{run}");
}

#[test]
fn summaries_are_events_with_fields() {
    let env = instance();
    let run = json_run(&env, &["build"]);
    let seen = events(&run);
    let summary = seen
        .iter()
        .find(|e| e["level"] == "INFO" && e["fields"]["files"].is_u64())
        .unwrap_or_else(|| panic!("no build summary event\n{run}"));
    assert_eq!(summary["fields"]["items"], 5, "{run}");
    assert_eq!(summary["fields"]["created"], 3, "{run}");

    let run = json_run(&env, &["push"]);
    run.assert_code(0);
    let seen = events(&run);
    let pushed = seen
        .iter()
        .find(|e| e["fields"]["push_target"] == "local" && e["fields"]["sent"].is_u64())
        .unwrap_or_else(|| panic!("no push summary event\n{run}"));
    assert_eq!(pushed["fields"]["sent"], 3, "{run}");
    assert!(env.path("served/atom.xml").is_file());

    // With --quiet only errors remain.
    let run = json_run(&env, &["-q", "build"]);
    assert!(events(&run).iter().all(|e| e["level"] == "ERROR"), "{run}");
}

#[test]
fn stdout_stays_the_product() {
    let env = instance();
    let run = json_run(&env, &["items", "--format", "json"]);
    let items: Value = serde_json::from_str(&run.stdout).expect("items as JSON on stdout");
    assert_eq!(items.as_array().map(Vec::len), Some(6), "{run}");

    let text = env.run(&["check"]);
    let json = json_run(&env, &["check"]);
    assert_eq!(json.stdout, text.stdout, "check's report is the same");
    assert!(
        text.stdout.contains(&format!("{BAD}:2:10: error: ")),
        "{text}"
    );

    let run = json_run(&env, &["new", "--title", "On stdout", "--text", "Text."]);
    run.assert_code(0);
    assert!(run.stdout.trim_end().ends_with(".md"), "{run}");
    assert!(run.stderr.is_empty(), "{run}");
}

#[test]
fn push_failures_name_their_target() {
    let env = instance();
    env.run(&["build"]);
    // The target folder's place is taken by a file: nothing can be written there.
    env.write("served", "not a folder");
    let run = json_run(&env, &["push"]);
    run.assert_code(2);
    let seen = events(&run);
    let failure = seen
        .iter()
        .find(|e| e["level"] == "ERROR" && e["fields"]["push_target"] == "local")
        .unwrap_or_else(|| panic!("no error event naming the target\n{run}"));
    assert_eq!(failure["target"], "communique::fatal", "{run}");

    // `publish` reports the same failure, not a text it captured and split.
    let run = json_run(&env, &["publish"]);
    run.assert_code(2);
    let seen = events(&run);
    assert!(
        seen.iter()
            .any(|e| e["level"] == "ERROR" && e["fields"]["push_target"] == "local"),
        "{run}"
    );
    let run = env.run(&["publish"]);
    assert!(run.stderr.contains("push `local`: error: "), "{run}");
}

/// `-vv build` logs the run's stages in order, each debug line opening with the seconds since
/// the run started (rising); the lines at `-v` carry no time.
#[test]
fn debug_lines_time_the_stages_of_a_build() {
    let env = TestEnv::new("basic");
    let run = env.run(&["-vv", "build"]);
    run.assert_code(0);
    let stages = [
        "inputs or outputs changed; full run",
        "items folder walked",
        "share read",
        "share normalised",
        "instance loaded",
        "documents written; waiting for the early flush",
        "documents with changed inputs rendered",
        "written files flushed and in place",
    ];
    let debug: Vec<(f64, &str)> = run
        .stderr
        .lines()
        .filter(|l| l.contains(" DEBUG "))
        .map(|line| {
            let (time, rest) = line.trim_start().split_once("s DEBUG ").unwrap_or_else(|| {
                panic!("a debug line without the time since the start: {line:?}\n{run}")
            });
            let seconds: f64 = time
                .parse()
                .unwrap_or_else(|e| panic!("{e}: {line:?}\n{run}"));
            (seconds, rest)
        })
        .collect();
    let mut last = (0.0, 0);
    for stage in stages {
        let at = debug
            .iter()
            .position(|(_, message)| message.starts_with(stage))
            .unwrap_or_else(|| panic!("no `{stage}` line\n{run}"));
        assert!(at >= last.1, "`{stage}` out of order\n{run}");
        assert!(debug[at].0 >= last.0, "time went back at `{stage}`\n{run}");
        last = (debug[at].0, at);
    }
    // Nothing at the levels people read by default gains a time.
    env.write(
        "items/2024-05-01-late.md",
        "+++\ntitle = \"Late\"\ndate = 2024-05-01\n+++\nText.\n",
    );
    let run = env.run(&["-v", "build"]);
    run.assert_code(0);
    assert!(!run.stderr.is_empty(), "{run}");
    let timed = |line: &str| {
        line.trim_start()
            .split_once("s ")
            .is_some_and(|(time, _)| time.parse::<f64>().is_ok())
    };
    assert!(run.stderr.contains(" INFO "), "{run}");
    assert!(!run.stderr.lines().any(timed), "{run}");
}
