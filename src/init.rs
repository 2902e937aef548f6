//! `communique init`: a new working instance in a folder: a commented `config.toml` holding only
//! what must be chosen (title, address, author, language, how ids are minted), one sample
//! statement under `items/`, and a `.gitignore` for the output and state folders.
//!
//! The configuration is written from [`Answers`] and loaded back through the real loader
//! ([`RawConfig`]) before anything is written, so `init` never leaves a configuration that the
//! next command refuses. No file that exists is overwritten: every name is checked first, and
//! each file is written by [`crate::write::create_new`], which never replaces a file that
//! appeared meanwhile.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use thiserror::Error;

use crate::config::RawConfig;

/// The values `init` asks for; each has a default (a placeholder where only the user can know).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Answers {
    pub title: String,
    pub base_url: String,
    pub author: String,
    pub lang: String,
    pub id_authority: String,
    pub id_date: String,
}

impl Answers {
    /// The placeholders, for what nobody was asked.
    pub(crate) const TITLE: &'static str = "Statements";
    pub(crate) const BASE_URL: &'static str = "https://example.org/statements/";
    pub(crate) const AUTHOR: &'static str = "Press Office";
    pub(crate) const LANG: &'static str = "en";

    /// The id authority a base URL suggests: its host name, without a leading `www.`.
    pub(crate) fn authority_of(base_url: &str) -> Option<String> {
        let url = url::Url::parse(base_url).ok()?;
        let host = url.host_str()?.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        (host.contains('.') && !host.starts_with('[')).then(|| host.to_owned())
    }
}

/// Why nothing was written. Fatal (exit status 2).
#[derive(Debug, Error)]
pub(crate) enum InitError {
    #[error(
        "already exists; not overwriting it (`init` makes a new instance: choose another folder)"
    )]
    Exists { path: String },
    /// A value given (or answered) that the configuration would refuse.
    #[error("--{flag}: {message}")]
    Value { flag: &'static str, message: String },
    #[error("cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl crate::report::Located for InitError {
    fn place(&self) -> crate::report::Place {
        match self {
            InitError::Exists { path } | InitError::Write { path, .. } => {
                crate::report::Place::file(path)
            }
            InitError::Value { .. } => crate::report::Place::Nowhere,
        }
    }
}

/// One file of the new instance: its path under the instance folder, and its text.
#[derive(Clone, Debug)]
pub(crate) struct NewFile {
    pub path: PathBuf,
    pub text: String,
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The commented configuration for `answers`.
fn config_text(a: &Answers) -> String {
    format!(
        r#"# communique configuration. Paths are relative to this file's folder.
# `communique config show` prints every setting, with the defaults; the README describes each.

# The feeds' title, and the organisation that signs a statement that names no signatory.
title = {title}
author = {author}

# Where the output folder (public/) will be served: every link in the feeds starts with it.
# `communique serve` and `communique build --base-url URL` build for another address.
base_url = {base_url}

# The statements' usual language (a BCP 47 tag such as "en" or "pt-BR"); each statement's own
# language is read from its front matter, or detected from its text.
lang = {lang}
timezone = "UTC"

# Entry ids are tag URIs: tag:<id_authority>,<id_date>:<id_prefix>/<file name>. Choose them once,
# before the first publish: changing them later changes every id, and readers would show every
# statement again. id_authority is a domain name (or e-mail address) the organisation owned on
# id_date (YYYY, YYYY-MM or YYYY-MM-DD).
id_authority = {authority}
id_date = {date}
id_prefix = "statements"

items_dir = "items"
output_dir = "public"
# The caches and the record of what was published go to .communique/ beside public/.
"#,
        title = toml_string(&a.title),
        author = toml_string(&a.author),
        base_url = toml_string(&a.base_url),
        lang = toml_string(&a.lang),
        authority = toml_string(&a.id_authority),
        date = toml_string(&a.id_date),
    )
}

/// The sample statement, dated `today`, in the instance's language.
fn sample_text(a: &Answers, today: NaiveDate) -> String {
    format!(
        r#"+++
title = "A first statement"
date = {today}
lang = {lang}
tags = ["sample"]
+++

This is a sample statement: replace it with a real one, or delete it. Each file under `items/`
is one statement, in Markdown (`.md`) or plain text (`.txt`); the front matter above is
optional, since communique reads the title, the date and the signatories from the text itself.
Run `communique items` to see what it understood, and `communique check` for every doubt.

Write the next one with `communique new --edit`.
"#,
        today = today.format("%Y-%m-%d"),
        lang = toml_string(&a.lang),
    )
}

const GITIGNORE: &str = "\
# What communique writes: the output folder and its state folder (caches, the record of what
# was published).
/public/
/.communique/
";

/// The files of a new instance, checked: the configuration loads (as if it were in `dir`).
pub(crate) fn files(
    dir: &Path,
    answers: &Answers,
    today: NaiveDate,
) -> Result<Vec<NewFile>, InitError> {
    let config = config_text(answers);
    let config_path = dir.join("config.toml");
    let raw = RawConfig::parse(&config, "config.toml").map_err(config_refused)?;
    raw.resolve(&config_path, dir).map_err(config_refused)?;
    let sample = Path::new("items")
        .join(today.format("%Y").to_string())
        .join(format!("{}-a-first-statement.md", today.format("%Y-%m-%d")));
    Ok(vec![
        NewFile {
            path: "config.toml".into(),
            text: config,
        },
        NewFile {
            path: sample,
            text: sample_text(answers, today),
        },
        NewFile {
            path: ".gitignore".into(),
            text: GITIGNORE.to_owned(),
        },
    ])
}

/// The configuration refused a value: named by the flag that gives it.
fn config_refused(e: crate::config::ConfigError) -> InitError {
    let flag = match &e {
        crate::config::ConfigError::Invalid { key, .. } => match *key {
            "base_url" => "base-url",
            "id_authority" => "id-authority",
            "id_date" => "id-date",
            "lang" => "lang",
            "author" => "author",
            "title" => "title",
            _ => "init",
        },
        _ => "init",
    };
    InitError::Value {
        flag,
        message: e.to_string(),
    }
}

/// Writes `files` under `dir` (created when missing), or nothing when any of them exists.
/// `shown` words a path for messages.
pub(crate) fn write(
    dir: &Path,
    files: &[NewFile],
    shown: impl Fn(&Path) -> String,
) -> Result<Vec<PathBuf>, InitError> {
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    if let Some(existing) = paths.iter().find(|p| p.symlink_metadata().is_ok()) {
        return Err(InitError::Exists {
            path: shown(existing),
        });
    }
    for (file, path) in files.iter().zip(&paths) {
        crate::write::create_new(path, file.text.as_bytes()).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                InitError::Exists { path: shown(path) }
            } else {
                InitError::Write {
                    path: shown(path),
                    source,
                }
            }
        })?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> Answers {
        Answers {
            title: "Declarações \"públicas\"".into(),
            base_url: "https://www.example.net/news".into(),
            author: "Comitê Central".into(),
            lang: "pt".into(),
            id_authority: "example.net".into(),
            id_date: "2024".into(),
        }
    }

    #[test]
    fn the_configuration_loads_back_with_the_answers() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let files = files(dir.path(), &answers(), today).unwrap();
        write(dir.path(), &files, |p| p.display().to_string()).unwrap();
        let config = crate::config::Config::load(&dir.path().join("config.toml")).unwrap();
        assert_eq!(config.title, "Declarações \"públicas\"");
        assert_eq!(config.base_url.as_str(), "https://www.example.net/news/");
        assert_eq!(config.author, "Comitê Central");
        assert_eq!(config.lang, "pt");
        assert_eq!(config.ids.base(), "tag:example.net,2024:statements");
        let sample = dir
            .path()
            .join("items/2024/2024-03-08-a-first-statement.md");
        let text = std::fs::read_to_string(sample).unwrap();
        assert!(
            text.contains("\ndate = 2024-03-08\nlang = \"pt\"\n"),
            "{text}"
        );
        let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(ignore.contains("\n/public/\n/.communique/\n"), "{ignore}");
    }

    #[test]
    fn refuses_a_value_the_configuration_would_refuse_and_names_its_flag() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let mut bad = answers();
        bad.base_url = "example.org".into();
        let err = files(dir.path(), &bad, today).unwrap_err().to_string();
        assert!(
            err.starts_with("--base-url: `base_url` is not an absolute URL"),
            "{err}"
        );
        let mut bad = answers();
        bad.id_date = "24".into();
        let err = files(dir.path(), &bad, today).unwrap_err().to_string();
        assert!(err.starts_with("--id-date: "), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn writes_nothing_when_one_file_exists() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "mine\n").unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let files = files(dir.path(), &answers(), today).unwrap();
        let err = write(dir.path(), &files, |p| p.display().to_string()).unwrap_err();
        assert!(matches!(&err, InitError::Exists { path } if path.ends_with(".gitignore")));
        assert!(!dir.path().join("config.toml").exists());
        assert!(!dir.path().join("items").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "mine\n"
        );
    }

    #[test]
    fn the_authority_is_the_base_urls_host() {
        assert_eq!(
            Answers::authority_of("https://www.Example.org/s/").as_deref(),
            Some("example.org")
        );
        assert_eq!(Answers::authority_of("http://localhost:8000/"), None);
        assert_eq!(Answers::authority_of("not a url"), None);
    }
}
