//! OpenSSH `sshd -D` as an SFTP server on 127.0.0.1:<free port>: its own host key, config and
//! one generated client key (the only key it accepts), for the user running the tests. Nothing
//! outside its temporary folder is touched, except `/run/sshd`, which sshd needs when started
//! as root.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SSHD: &str = "/usr/sbin/sshd";

pub(crate) struct Sshd {
    pub port: u16,
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
    /// Remote files go below this folder.
    pub home: PathBuf,
    pub client_key: PathBuf,
    pub known_hosts: PathBuf,
    pub host_key_line: String,
    pub user: String,
    child: Child,
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Sshd {
    /// `None` (after a note) when sshd is not installed and `CI` is not set.
    pub(crate) fn start() -> Option<Sshd> {
        if !super::require(
            "OpenSSH server and client",
            &[SSHD, "/usr/bin/ssh", "/usr/bin/ssh-keygen"],
        ) {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let home = d.join("home");
        std::fs::create_dir_all(&home).unwrap();
        for (key, comment) in [
            ("host_key", "fixture-host"),
            ("client_key", "fixture-client"),
        ] {
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
                .arg(d.join(key)));
        }
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let port = super::free_port();
        let host_pub = std::fs::read_to_string(d.join("host_key.pub")).unwrap();
        let host_key_line: String = host_pub
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        std::fs::write(
            d.join("known_hosts"),
            format!("[127.0.0.1]:{port} {host_key_line}\n"),
        )
        .unwrap();
        let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_owned();
        let p = d.display();
        let conf = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {p}/host_key\nPidFile {p}/sshd.pid\n\
             AuthorizedKeysFile {p}/authorized_keys\nAuthenticationMethods publickey\n\
             PubkeyAuthentication yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PermitRootLogin prohibit-password\nAllowUsers {user}\nUsePAM no\nStrictModes no\n\
             PrintMotd no\nSubsystem sftp internal-sftp\nLogLevel VERBOSE\n"
        );
        std::fs::write(d.join("sshd_config"), conf).unwrap();
        if super::nginx::is_root() {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        run(Command::new(SSHD)
            .arg("-t")
            .arg("-f")
            .arg(d.join("sshd_config")));
        let log = std::fs::File::create(d.join("sshd.log")).unwrap();
        let child = Command::new(SSHD)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(d.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut sshd = Sshd {
            port,
            dir: d.clone(),
            home,
            client_key: d.join("client_key"),
            known_hosts: d.join("known_hosts"),
            host_key_line,
            user,
            _dir: dir,
            child,
        };
        for _ in 0..500 {
            if let Ok(Some(status)) = sshd.child.try_wait() {
                panic!("sshd exited with {status}:\n{}", sshd.log());
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(sshd);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("sshd did not start on port {port}");
    }

    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("sshd.log")).unwrap_or_default()
    }

    /// Also trust the host key when reached through `port` (a proxy in front of sshd).
    pub(crate) fn trust_port(&self, port: u16) {
        let mut text = std::fs::read_to_string(&self.known_hosts).unwrap();
        text.push_str(&format!("[127.0.0.1]:{port} {}\n", self.host_key_line));
        std::fs::write(&self.known_hosts, text).unwrap();
    }

    /// A `[[push]]` table for this server, uploading into `home/<folder>`.
    pub(crate) fn target_toml(&self, name: &str, folder: &str, port: u16, extra: &str) -> String {
        format!(
            "[[push]]\nname = \"{name}\"\ntype = \"sftp\"\nhost = \"127.0.0.1\"\nport = {port}\n\
             user = \"{}\"\npath = \"{}\"\nkey_file = \"{}\"\nknown_hosts = \"{}\"\n{extra}\n",
            self.user,
            self.home.join(folder).display(),
            self.client_key.display(),
            self.known_hosts.display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        super::stop(&mut self.child);
    }
}
