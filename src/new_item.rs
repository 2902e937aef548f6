//! `communique new`: a new statement file with its front matter written from flags, so that
//! nobody hand-writes TOML.
//!
//! The file is `<items_dir>/<yyyy>/<yyyy-mm-dd>-<slug>.md`: the date as written (today in the
//! configured time zone by default) and a slug made from the title, transliterated to ASCII
//! (`deunicode`: «Заявление» → `zaiavlenie`). Its id is pinned in the front matter at once, so
//! that the file can be renamed later without changing the id. An existing file is never
//! overwritten: the file is written by [`crate::write::create_new`], which writes a temporary file
//! and links it into place only if that name is still free.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use thiserror::Error;

use crate::config::Config;
use crate::normalise::{dates, id, lang};

/// The longest slug, in characters; longer titles are cut at a word boundary.
pub(crate) const SLUG_CHARS: usize = 60;

/// What to write, from the command line.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewItem {
    pub title: String,
    pub lang: Option<String>,
    pub tags: Vec<String>,
    /// As written by the user: a date, a local date-time or an RFC 3339 date-time.
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    /// The statement's text; empty when not given.
    pub text: Option<String>,
    pub draft: bool,
}

/// Why no file was created. All are fatal (exit status 2).
#[derive(Debug, Error)]
pub(crate) enum NewError {
    #[error("--title must not be empty")]
    EmptyTitle,
    #[error(
        "no title: give --title, or a text whose first line is the title (--text, `--text -` \
         for standard input), or --edit to write it"
    )]
    NoTitle,
    #[error("the edited text is empty; no statement was created")]
    EmptyEdit,
    #[error("--edit needs an editor: set $VISUAL or $EDITOR (such as `nano` or `vi`)")]
    NoEditor,
    #[error("the editor `{editor}` {outcome}")]
    Editor { editor: String, outcome: String },
    #[error("cannot read the text from standard input: {0}")]
    Stdin(std::io::Error),
    #[error("cannot make the scratch file to edit: {0}")]
    Scratch(std::io::Error),
    #[error("--lang `{0}` is not a language tag such as `en` or `pt-BR`")]
    Lang(String),
    #[error("--date {0}")]
    Date(String),
    #[error("--source `{0}` must be an absolute http:// or https:// URL")]
    Source(String),
    #[error("already exists; not overwriting it (edit it, or choose another --title or --date)")]
    Exists { path: String },
    #[error("{other} has the same name, so both would get one id; choose another --title")]
    Clash { path: String, other: String },
    #[error("cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl crate::report::Located for NewError {
    fn place(&self) -> crate::report::Place {
        match self {
            NewError::Exists { path }
            | NewError::Clash { path, .. }
            | NewError::Write { path, .. } => crate::report::Place::file(path),
            NewError::EmptyTitle
            | NewError::NoTitle
            | NewError::EmptyEdit
            | NewError::NoEditor
            | NewError::Editor { .. }
            | NewError::Stdin(_)
            | NewError::Scratch(_)
            | NewError::Lang(_)
            | NewError::Date(_)
            | NewError::Source(_) => crate::report::Place::Nowhere,
        }
    }
}

/// The file name's slug for `title`: ASCII letters and digits in lower case, words joined by
/// `-`, at most [`SLUG_CHARS`] characters; `statement` when nothing is left.
pub(crate) fn slug(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_lowercase();
    let mut slug = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = usize::from(!slug.is_empty()) + word.len();
        if slug.len() + extra > SLUG_CHARS {
            if slug.is_empty() {
                slug.push_str(&word[..SLUG_CHARS]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        "statement".to_owned()
    } else {
        slug
    }
}

/// A title from the statement's text: its first non-blank line (a Markdown heading's `#`s
/// dropped), and the rest of the text, which becomes the body. `None` when the text is blank.
pub(crate) fn title_from_text(text: &str) -> Option<(String, String)> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let first = lines.by_ref().find(|l| !l.trim().is_empty())?;
    let title = first.trim().trim_start_matches('#').trim().to_owned();
    let rest: Vec<&str> = lines.collect();
    Some((title, rest.join("\n").trim().to_owned()))
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The checked values and the file's text.
struct Prepared {
    /// `yyyy-mm-dd` as written.
    day: String,
    text: String,
}

fn prepare(config: &Config, item: &NewItem, today: NaiveDate) -> Result<Prepared, NewError> {
    let title = item.title.trim();
    if title.is_empty() {
        return Err(NewError::EmptyTitle);
    }
    let lang = match &item.lang {
        Some(l) => Some(lang::normalise_tag(l).ok_or_else(|| NewError::Lang(l.clone()))?),
        None => None,
    };
    let (date_value, day) = match &item.date {
        Some(d) => {
            let d = d.trim();
            dates::parse_front_matter(d, config.timezone).map_err(NewError::Date)?;
            let value = match d.parse::<toml::value::Datetime>() {
                Ok(dt) => dt.to_string(),
                Err(_) => toml_string(d),
            };
            // The file name takes the date as written; the checks above let only a
            // `yyyy-mm-dd` start through, but a year of other than four digits is refused here.
            let day = d
                .get(..10)
                .filter(|day| day.as_bytes()[4] == b'-' && day.is_ascii())
                .ok_or_else(|| NewError::Date(format!("`{d}`: write the year with four digits")))?;
            (value, day.to_owned())
        }
        None => {
            let day = today.format("%Y-%m-%d").to_string();
            (day.clone(), day)
        }
    };
    if let Some(s) = &item.source {
        match url::Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            _ => return Err(NewError::Source(s.clone())),
        }
    }
    let clean = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let authors = clean(&item.authors);
    let tags = clean(&item.tags);
    let stem = format!("{day}-{}", slug(title));

    let mut text = String::from("+++\n");
    text.push_str(&format!(
        "id = {}\n",
        toml_string(&id::tag_uri(&config.ids, &stem))
    ));
    text.push_str(&format!("title = {}\n", toml_string(title)));
    text.push_str(&format!("date = {date_value}\n"));
    if !authors.is_empty() {
        text.push_str(&format!("authors = {}\n", toml_list(&authors)));
    }
    if let Some(lang) = lang {
        text.push_str(&format!("lang = {}\n", toml_string(&lang)));
    }
    if !tags.is_empty() {
        text.push_str(&format!("tags = {}\n", toml_list(&tags)));
    }
    if let Some(source) = &item.source {
        text.push_str(&format!("source = {}\n", toml_string(source.trim())));
    }
    if item.draft {
        text.push_str("draft = true\n");
    }
    text.push_str("+++\n");
    if let Some(body) = item
        .text
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        text.push('\n');
        text.push_str(body);
        text.push('\n');
    }
    Ok(Prepared { day, text })
}

/// Creates the statement file and returns its path. `today` is the date in the configured time
/// zone, used when `item.date` is `None`.
pub(crate) fn create(
    config: &Config,
    item: &NewItem,
    today: NaiveDate,
) -> Result<PathBuf, NewError> {
    let prepared = prepare(config, item, today)?;
    let stem = format!("{}-{}", prepared.day, slug(item.title.trim()));
    let dir = config.items_dir.join(&prepared.day[..4]);
    let path = dir.join(format!("{stem}.md"));
    let shown = |p: &Path| config.display_path(p);
    if path.exists() {
        return Err(NewError::Exists { path: shown(&path) });
    }
    for ext in ["markdown", "txt", "text"] {
        let other = dir.join(format!("{stem}.{ext}"));
        if other.exists() {
            return Err(NewError::Clash {
                path: shown(&path),
                other: shown(&other),
            });
        }
    }
    // Written in one step by the shared atomic-write path, which never replaces a file that
    // appeared since the checks above.
    match crate::write::create_new(&path, prepared.text.as_bytes()) {
        Ok(()) => Ok(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(NewError::Exists { path: shown(&path) })
        }
        Err(source) => Err(NewError::Write {
            path: shown(&path),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;

    fn config(root: &Path) -> Config {
        RawConfig::parse(
            "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"A\"\n\
             id_authority = \"example.org\"\nid_date = \"2022\"\ntimezone = \"Europe/Lisbon\"\n",
            "config.toml",
        )
        .unwrap()
        .resolve(&root.join("config.toml"), root)
        .unwrap()
    }

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slug("Appeal for solidarity!"), "appeal-for-solidarity");
        assert_eq!(slug("Заявление о забастовке"), "zaiavlenie-o-zabastovke");
        assert_eq!(slug("¡Primero de Mayo: «R&D»!"), "primero-de-mayo-r-d");
        assert_eq!(slug("Ação já — 2024"), "acao-ja-2024");
        assert_eq!(slug("«—» !?"), "statement");
        assert_eq!(slug("   "), "statement");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= SLUG_CHARS && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&"x".repeat(100)).len(), SLUG_CHARS);
    }

    #[test]
    fn writes_front_matter_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let item = NewItem {
            title: "Say \"no\" to R&D cuts".into(),
            lang: Some("PT-br".into()),
            tags: vec!["a".into(), " ".into(), "b c".into()],
            authors: vec!["Comitê Central".into()],
            source: Some("https://example.net/x?a=1&b=2".into()),
            ..NewItem::default()
        };
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let path = create(&config, &item, today).unwrap();
        assert_eq!(
            path,
            dir.path()
                .join("items/2024/2024-03-08-say-no-to-r-d-cuts.md")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "+++\n\
             id = \"tag:example.org,2022:statements/2024-03-08-say-no-to-r-d-cuts\"\n\
             title = 'Say \"no\" to R&D cuts'\n\
             date = 2024-03-08\n\
             authors = [\"Comitê Central\"]\n\
             lang = \"pt-BR\"\n\
             tags = [\"a\", \"b c\"]\n\
             source = \"https://example.net/x?a=1&b=2\"\n\
             +++\n"
        );
        let err = create(&config, &item, today).unwrap_err();
        assert!(matches!(err, NewError::Exists { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn dates_are_checked_and_kept_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let mut item = NewItem {
            title: "X".into(),
            date: Some("2022-01-08T10:00:00+03:00".into()),
            text: Some("Body.\n".into()),
            draft: true,
            ..NewItem::default()
        };
        let path = create(&config, &item, today).unwrap();
        assert!(path.ends_with("items/2022/2022-01-08-x.md"), "{path:?}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\ndate = 2022-01-08T10:00:00+03:00\n"),
            "{text}"
        );
        assert!(text.ends_with("draft = true\n+++\n\nBody.\n"), "{text}");
        item.date = Some("8 Jan".into());
        let err = create(&config, &item, today).unwrap_err().to_string();
        assert!(err.starts_with("--date `8 Jan` is not a date"), "{err}");
        item.date = None;
        item.lang = Some("português".into());
        assert!(matches!(
            create(&config, &item, today),
            Err(NewError::Lang(_))
        ));
        item.lang = None;
        item.source = Some("ftp://x/".into());
        assert!(matches!(
            create(&config, &item, today),
            Err(NewError::Source(_))
        ));
    }

    #[test]
    fn the_first_line_of_a_text_is_its_title() {
        assert_eq!(
            title_from_text("\u{feff}\n\n# On the strike\n\nFirst paragraph.\n\nSecond.\n"),
            Some((
                "On the strike".to_owned(),
                "First paragraph.\n\nSecond.".to_owned()
            ))
        );
        assert_eq!(
            title_from_text("Only a title"),
            Some(("Only a title".to_owned(), String::new()))
        );
        assert_eq!(title_from_text(" \n\t\n"), None);
    }

    #[test]
    fn a_text_file_with_the_same_name_is_a_clash() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        std::fs::create_dir_all(dir.path().join("items/2024")).unwrap();
        std::fs::write(dir.path().join("items/2024/2024-03-08-x.txt"), "x").unwrap();
        let item = NewItem {
            title: "X".into(),
            ..NewItem::default()
        };
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let err = create(&config, &item, today).unwrap_err();
        assert!(matches!(err, NewError::Clash { .. }), "{err}");
    }
}
