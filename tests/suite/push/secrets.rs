//! Secrets a careless server echoes back (request headers printed in its error page) never
//! reach stderr or the JSON logs: every form of every credential is cut out of server text.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::push::support::echo::Echo;
use crate::push::support::{site_v1, Instance};

const USER: &str = "feeder-echo";
const PASSWORD: &str = "Pw-3xample-s3cret!";
const KEY_ID: &str = "AKIAECHOTEST0001";
const SECRET: &str = "echo-secret-key-0123456789abcdef";
const TOKEN: &str = "echo-session-token-ZZZ-0123456789";

/// Short retries: the echo server answers 503, which is retried once (and logged with `-v`).
const SETTINGS: &str = "[push_settings]\nretries = 1\nretry_seconds = 2\nconcurrency = 1\n";

/// Every form in which `secret` must not appear.
fn leaks(secret: &str) -> Vec<String> {
    vec![
        secret.to_owned(),
        STANDARD.encode(secret),
        STANDARD.encode(secret).trim_end_matches('=').to_owned(),
    ]
}

fn assert_no_leak(stderr: &str, secrets: &[String]) {
    for secret in secrets {
        for form in leaks(secret) {
            assert!(!stderr.contains(&form), "`{form}` leaked:\n{stderr}");
        }
    }
}

/// The JSON lines of stderr, parsed (each must parse).
fn json_lines(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn webdav_echo_of_the_credentials_is_redacted_in_text_and_json_logs() {
    let echo = Echo::start("");
    let mut env = Instance::new(&format!(
        "{SETTINGS}[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"{}\"\n\
         user_env = \"DAV_USER\"\npassword_env = \"DAV_PASSWORD\"\n",
        echo.url("dav/")
    ));
    env.set_env("DAV_USER", USER);
    env.set_env("DAV_PASSWORD", PASSWORD);
    let secrets = [
        PASSWORD.to_owned(),
        format!("{USER}:{PASSWORD}"),
        USER.to_owned(),
    ];

    env.write_site(&site_v1());
    let run = env.push(&["-v"]);
    run.failed();
    assert!(echo.requests() > 0, "the server was not asked: {run}");
    assert!(
        run.stderr.contains("Authorization: Basic <redacted>"),
        "the echoed header should be shown, redacted: {run}"
    );
    assert_no_leak(&run.stderr, &secrets);

    // The same failure through `publish`, logged as JSON.
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("items/000_9d9a61bf827e93db.txt"),
        env.root.join("items/000_9d9a61bf827e93db.txt"),
    )
    .unwrap();
    let run = env.run(&["publish", "-v", "--log-format", "json"]);
    run.failed();
    let events = json_lines(&run.stderr);
    let shown: Vec<String> = events.iter().map(|e| e.to_string()).collect();
    assert!(
        shown
            .iter()
            .any(|e| e.contains("Authorization: Basic <redacted>")),
        "no JSON event shows the redacted answer: {run}"
    );
    assert_no_leak(&run.stderr, &secrets);
}

#[test]
fn s3_echo_of_the_credentials_is_redacted() {
    // This server even knows the secret key, and prints it.
    let echo = Echo::start(SECRET);
    let mut env = Instance::new(&format!(
        "{SETTINGS}[[push]]\nname = \"cdn\"\ntype = \"s3\"\nendpoint = \"{}\"\n\
         bucket = \"feeds\"\npath_style = true\n",
        echo.url("")
    ));
    env.set_env("AWS_ACCESS_KEY_ID", KEY_ID);
    env.set_env("AWS_SECRET_ACCESS_KEY", SECRET);
    env.set_env("AWS_SESSION_TOKEN", TOKEN);
    env.write_site(&site_v1());
    let run = env.push(&["-v"]);
    run.failed();
    assert!(echo.requests() > 0, "the server was not asked: {run}");
    assert!(
        run.stderr.contains("X-Amz-Security-Token: <redacted>"),
        "the echoed header should be shown, redacted: {run}"
    );
    assert_no_leak(
        &run.stderr,
        &[KEY_ID.to_owned(), SECRET.to_owned(), TOKEN.to_owned()],
    );
}
