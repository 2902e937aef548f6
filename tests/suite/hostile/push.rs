//! Hostile input, push: secrets never printed, credentials never sent in clear, WebSub announcements survive a kill.
//!
//! What needs no server is here (configuration refusals, the `insecure` warning, links out of the
//! output folder, pushed to a `dir` target). What needs
//! one is in `tests/push/` (the `push` test binary, which has the servers):
//!
//! - hole 8a, secrets echoed by a server are redacted: `tests/push/secrets.rs`
//!   (`webdav_echo_of_the_credentials_is_redacted_in_text_and_json_logs`,
//!   `s3_echo_of_the_credentials_is_redacted`);
//! - hole 9, a publish killed mid-ping re-pings on the next run: `tests/push/websub.rs`
//!   (`a_publish_killed_during_the_first_ping_pings_on_the_next_run`).

use crate::harness::TestEnv;

const PASSWORD: &str = "pw-hunter2-leak";

/// `base_url = "https://user:password@…"` would be published in every feed: refused, exit 2,
/// and the password is not repeated.
#[test]
fn base_url_with_credentials_is_refused_without_printing_them() {
    let env = TestEnv::minimal();
    let config = env.read_string("config.toml").replace(
        "base_url = \"https://example.org/statements/\"",
        &format!("base_url = \"https://editor:{PASSWORD}@example.org/statements/\""),
    );
    env.write("config.toml", config);
    for command in ["check", "build"] {
        let run = env.run(&[command]);
        run.assert_code(2).assert_stderr_line(
            "config.toml: error: `base_url` must not contain a user name or password \
             (`user:password@`): it would be published in every feed and page",
        );
        assert!(!run.stderr.contains(PASSWORD), "{}", run.stderr);
        assert!(!env.path("public").exists(), "nothing may be written");
    }
}

/// A user name alone is published too.
#[test]
fn base_url_with_a_user_name_only_is_refused() {
    let env = TestEnv::minimal();
    let config = env.read_string("config.toml").replace(
        "https://example.org/statements/",
        "https://editor@example.org/statements/",
    );
    env.write("config.toml", config);
    env.run(&["check"])
        .assert_code(2)
        .assert_stderr_contains("`base_url` must not contain a user name or password");
}

/// Hub URLs are published in every feed as well.
#[test]
fn hub_url_with_credentials_is_refused_without_printing_them() {
    let env = TestEnv::minimal();
    // A top-level key: before the fixture's `[feeds]` table.
    let config = env.read_string("config.toml");
    env.write(
        "config.toml",
        format!("hubs = [\"https://bob:{PASSWORD}@hub.example.net/\"]\n{config}"),
    );
    let run = env.run(&["check"]);
    run.assert_code(2)
        .assert_stderr_contains("`hubs` must not contain a user name or password");
    assert!(!run.stderr.contains(PASSWORD), "{}", run.stderr);
}

/// Basic credentials over plain http to another machine: refused unless `insecure = true`.
#[test]
fn webdav_credentials_over_plain_http_to_another_host_are_refused() {
    let env = TestEnv::minimal();
    env.append_config(
        "[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"http://dav.example.net/feeds/\"\n\
         user_env = \"COMMUNIQUE_TEST_UNSET_USER\"\npassword_env = \"COMMUNIQUE_TEST_UNSET_PW\"\n",
    );
    env.run(&["check"]).assert_code(2).assert_stderr_line(
        "config.toml: error: `push` target `dav`: `url` is plain http:// to dav.example.net, so \
         the credentials would cross the network in clear; use https://, or set \
         `insecure = true` if that network is trusted",
    );
}

/// An S3 endpoint over plain http to another machine: the key id, the session token and the
/// signatures would cross in clear.
#[test]
fn s3_over_plain_http_to_another_host_is_refused() {
    let env = TestEnv::minimal();
    env.append_config(
        "[[push]]\nname = \"cdn\"\ntype = \"s3\"\nendpoint = \"http://s3.example.net\"\n\
         bucket = \"feeds\"\npath_style = true\n",
    );
    env.run(&["check"]).assert_code(2).assert_stderr_contains(
        "`push` target `cdn`: `endpoint` is plain http:// to s3.example.net",
    );
}

/// Loopback (127.0.0.0/8, ::1, localhost) stays allowed without `insecure`, and so does a
/// WebDAV target without credentials.
#[test]
fn loopback_and_anonymous_plain_http_are_allowed() {
    for url in [
        "http://127.0.0.1:8080/dav/",
        "http://127.3.4.5/dav/",
        "http://[::1]:8080/dav/",
        "http://localhost/dav/",
        "http://LOCALHOST./dav/",
    ] {
        let env = TestEnv::minimal();
        env.append_config(&format!(
            "[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"{url}\"\n\
             user_env = \"U\"\npassword_env = \"P\"\n"
        ));
        env.run(&["check"]).assert_code(0);
    }
    let env = TestEnv::minimal();
    env.append_config(
        "[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"http://dav.example.net/\"\n",
    );
    env.run(&["check"]).assert_code(0);
}

/// With `insecure = true` the configuration is accepted and a push warns before it connects.
/// (The credential variables are unset, so the push stops before any network traffic.)
#[test]
fn insecure_plain_http_is_allowed_with_a_warning() {
    let env = TestEnv::new("basic");
    env.append_config(
        "[[push]]\nname = \"dav\"\ntype = \"webdav\"\nurl = \"http://dav.example.net/feeds/\"\n\
         user_env = \"COMMUNIQUE_TEST_UNSET_USER\"\npassword_env = \"COMMUNIQUE_TEST_UNSET_PW\"\n\
         insecure = true\n",
    );
    env.run(&["check"]).assert_code(0);
    env.build();
    let run = env.run(&["push"]);
    run.assert_code(2)
        .assert_stderr_contains(
            "push `dav`: warning: credentials go to dav.example.net over plain http:// \
             (insecure = true)",
        )
        .assert_stderr_contains(
            "push `dav`: error: environment variable COMMUNIQUE_TEST_UNSET_USER is not set",
        );
}

/// Hole 1 for push: a link in the output folder (which some instances keep in their repository)
/// that leads outside it is never read nor sent; a link that stays inside is pushed as before.
#[test]
fn a_link_in_the_output_folder_leading_outside_is_never_pushed() {
    let env = TestEnv::new("basic");
    let target = env.path("served");
    env.append_config(&format!(
        "\n[[push]]\nname = \"local\"\ntype = \"dir\"\npath = \"{}\"\n",
        target.display()
    ));
    env.build();
    env.write("secret.txt", PASSWORD);
    std::os::unix::fs::symlink(env.path("secret.txt"), env.path("public/leak.txt")).unwrap();
    let run = env.run(&["push"]);
    run.assert_code(2);
    run.assert_stderr_contains(
        "public/leak.txt: error: a link to secret.txt, outside the output folder: nothing pushed",
    );
    assert!(!target.join("leak.txt").exists(), "the link was pushed");
    assert!(
        !target.join("atom.xml").exists(),
        "a refused push sent files"
    );

    std::fs::remove_file(env.path("public/leak.txt")).unwrap();
    std::os::unix::fs::symlink("atom.xml", env.path("public/copy.xml")).unwrap();
    env.run(&["push"]).assert_code(0);
    assert_eq!(
        std::fs::read(target.join("copy.xml")).unwrap(),
        env.output("atom.xml")
    );
}
