//! The purge command: after every target was pushed and before the WebSub pings, hand the
//! public URLs of what changed to a program the configuration names (a CDN invalidation), so
//! that a hub's subscribers fetching a feed at once get the new one from the CDN.
//!
//! The command is `[push_settings] purge_command = ["program", "arg", …]`, run directly (no
//! shell, so no quoting rules), with the URLs on its standard input, one a line: a list of
//! thousands of URLs would not fit an argument list (`ARG_MAX`), and a program that wants them
//! as arguments can be `xargs`. Its output is collected, never passed to our stderr (the
//! reporter is its only writer): on success it is logged at debug level, on failure the end of
//! its stderr is part of the error. It is stopped (killed) after `purge_timeout_seconds`.

use std::process::{Output, Stdio};
use std::time::Duration;

use super::PushError;

/// At most this much of the command's stderr goes into an error.
const STDERR_TAIL: usize = 600;

/// Why the command gave no output.
#[derive(Debug)]
enum Stopped {
    Start(std::io::Error),
    Wait(std::io::Error),
    Timeout,
}

/// Runs `command` with `urls` on stdin; an error says why it failed.
pub(super) async fn run(
    command: &[String],
    timeout: Duration,
    urls: &[String],
) -> Result<(), PushError> {
    let Some((program, args)) = command.split_first() else {
        return Ok(());
    };
    let error = |message: String| PushError::Purge {
        program: program.clone(),
        message,
    };
    let mut input = String::with_capacity(urls.iter().map(|u| u.len() + 1).sum());
    for url in urls {
        input.push_str(url);
        input.push('\n');
    }
    let output = match run_with_input(program, args, input, timeout).await {
        Ok(output) => output,
        Err(Stopped::Start(e)) => return Err(error(format!("cannot start it: {e}"))),
        Err(Stopped::Wait(e)) => return Err(error(format!("cannot wait for it: {e}"))),
        Err(Stopped::Timeout) => {
            return Err(error(format!(
                "still running after {} s, stopped (purge_timeout_seconds)",
                timeout.as_secs_f64()
            )))
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        let stdout = String::from_utf8_lossy(&output.stdout);
        tracing::debug!(
            "purge command `{program}`: {}{}",
            crate::secret::redact(stdout.trim()),
            crate::secret::redact(stderr.trim())
        );
        return Ok(());
    }
    let status = match output.status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "was killed by a signal".to_owned(),
    };
    let tail = tail(stderr.trim(), STDERR_TAIL);
    let message = if tail.is_empty() {
        status
    } else {
        format!("{status}: {}", crate::secret::redact(tail))
    };
    Err(error(message))
}

/// Runs `program` with `input` on its stdin and collects its output, killing it after
/// `timeout`.
#[cfg(feature = "runtime")]
async fn run_with_input(
    program: &str,
    args: &[String],
    input: String,
    timeout: Duration,
) -> Result<Output, Stopped> {
    use tokio::io::AsyncWriteExt;

    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(Stopped::Start)?;
    let stdin = child.stdin.take();
    let feed = async move {
        if let Some(mut stdin) = stdin {
            // A command that does not read its input closes the pipe: not our failure.
            let _ = stdin.write_all(input.as_bytes()).await;
        }
    };
    let finished = tokio::time::timeout(timeout, async {
        let ((), output) = tokio::join!(feed, child.wait_with_output());
        output
    })
    .await;
    // On a timeout the child was dropped with the future, which kills it (`kill_on_drop`).
    match finished {
        Err(_) => Err(Stopped::Timeout),
        Ok(result) => result.map_err(Stopped::Wait),
    }
}

/// The same without tokio (a build without network backends): the pipes are fed and drained
/// by threads, and `wait-timeout` bounds the wait (std has no wait with a time limit). The
/// plain executor runs nothing else meanwhile, so blocking here holds up nothing.
#[cfg(not(feature = "runtime"))]
async fn run_with_input(
    program: &str,
    args: &[String],
    input: String,
    timeout: Duration,
) -> Result<Output, Stopped> {
    use std::io::{Read, Write};
    use std::thread;
    use wait_timeout::ChildExt;

    fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }

    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(Stopped::Start)?;
    let stdin = child.stdin.take();
    thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            // A command that does not read its input closes the pipe: not our failure.
            let _ = stdin.write_all(input.as_bytes());
        }
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Stopped::Timeout);
        }
        Err(e) => return Err(Stopped::Wait(e)),
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// The last `max` bytes of `text`, cut at a character boundary.
fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_now(command: &[&str], timeout: Duration, urls: &[&str]) -> Result<(), PushError> {
        let command: Vec<String> = command.iter().map(|s| (*s).to_owned()).collect();
        let urls: Vec<String> = urls.iter().map(|s| (*s).to_owned()).collect();
        super::super::runtime()
            .unwrap()
            .block_on(run(&command, timeout, &urls))
    }

    #[test]
    fn the_urls_arrive_on_stdin_one_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("urls");
        let script = format!("cat > '{}'", out.display());
        run_now(
            &["sh", "-c", &script],
            Duration::from_secs(30),
            &["https://e/a.xml", "https://e/b/"],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out).unwrap(),
            "https://e/a.xml\nhttps://e/b/\n"
        );
    }

    #[test]
    fn failures_say_what_happened() {
        let e = run_now(
            &["sh", "-c", "echo 'no token' >&2; exit 3"],
            Duration::from_secs(30),
            &["https://e/a.xml"],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "purge command `sh` exited with status 3: no token"
        );
        let e = run_now(
            &["/nonexistent/purge"],
            Duration::from_secs(30),
            &["https://e/a.xml"],
        )
        .unwrap_err();
        assert!(e.to_string().contains("cannot start it"), "{e}");
        let e = run_now(&["sleep", "30"], Duration::from_millis(200), &[]).unwrap_err();
        assert!(e.to_string().contains("still running after 0.2 s"), "{e}");
        assert_eq!(tail("abcdé", 1), "");
        assert_eq!(tail("abcdé", 2), "é");
    }
}
