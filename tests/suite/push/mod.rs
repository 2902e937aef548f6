//! Integration tests of `communique push`: the real binary against real servers on 127.0.0.1,
//! started by the harness in `support/` on free ports (S3 in-process, nginx and sshd as child
//! processes, a recording WebSub hub, fault-injecting proxies, a server echoing credentials).
//!
//! nginx and sshd come from `.ci/install-push-deps`. Without them the tests that need them
//! print a note and pass locally, and fail in CI (`CI` set).

mod support;

mod cli;
mod dir;
mod faults;
mod publish;
mod purge;
mod s3;
mod secrets;
mod sftp;
mod webdav;
mod websub;

/// Short retry limits, so failure tests end quickly.
pub(crate) const FAST_SETTINGS: &str =
    "[push_settings]\nretries = 4\nretry_seconds = 3\ntimeout_seconds = 5\nconcurrency = 3\n";
