//! Typed reads of front-matter values, each reporting a wrong type at the key's line.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::dates;
use crate::collect::{FrontMatter, Value};
use crate::diag::Diagnostic;

/// A front-matter key. Every read names one of these, so a misspelt key is a compile error and
/// the list of known keys cannot drift from what is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // `TranslationKey` is the key `translation_key`.
pub enum Key {
    Title,
    Date,
    Updated,
    Authors,
    Author,
    Lang,
    Tags,
    Source,
    Id,
    Summary,
    Draft,
    TranslationKey,
    TranslationOf,
    Aliases,
}

impl Key {
    /// Every key, in the order messages list them.
    pub const ALL: [Key; 14] = [
        Key::Title,
        Key::Date,
        Key::Updated,
        Key::Authors,
        Key::Author,
        Key::Lang,
        Key::Tags,
        Key::Source,
        Key::Id,
        Key::Summary,
        Key::Draft,
        Key::TranslationKey,
        Key::TranslationOf,
        Key::Aliases,
    ];

    /// The key as written in the front matter.
    pub const fn as_str(self) -> &'static str {
        match self {
            Key::Title => "title",
            Key::Date => "date",
            Key::Updated => "updated",
            Key::Authors => "authors",
            Key::Author => "author",
            Key::Lang => "lang",
            Key::Tags => "tags",
            Key::Source => "source",
            Key::Id => "id",
            Key::Summary => "summary",
            Key::Draft => "draft",
            Key::TranslationKey => "translation_key",
            Key::TranslationOf => "translation_of",
            Key::Aliases => "aliases",
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every key the front matter may use, as written.
pub const KNOWN_KEYS: &[&str] = &{
    let mut names = [""; Key::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Key::ALL[i].as_str();
        i += 1;
    }
    names
};

/// Reads front-matter keys, collecting diagnostics; `failed` is set by any error.
#[derive(Debug)]
pub struct Fields<'a> {
    fm: Option<&'a FrontMatter>,
    path: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings about keys not in [`KNOWN_KEYS`], shown even when the item has errors.
    pub unknown_keys: Vec<Diagnostic>,
    pub failed: bool,
}

impl<'a> Fields<'a> {
    pub fn new(fm: Option<&'a FrontMatter>, path: &'a str) -> Self {
        let mut fields = Fields {
            fm,
            path,
            diagnostics: Vec::new(),
            unknown_keys: Vec::new(),
            failed: false,
        };
        if let Some(fm) = fm {
            for entry in &fm.entries {
                if !KNOWN_KEYS.contains(&entry.key.as_str()) {
                    let help = crate::diag::did_you_mean(&entry.key, KNOWN_KEYS.iter().copied());
                    fields.unknown_keys.push(
                        Diagnostic::warning(
                            path,
                            Some(entry.line),
                            format!(
                                "unknown front-matter key `{}` is ignored (known keys: {})",
                                entry.key,
                                KNOWN_KEYS.join(", ")
                            ),
                        )
                        .with_span(Some(entry.key_span()))
                        .with_help(help)
                        .with_code("unknown-key"),
                    );
                }
            }
        }
        fields
    }

    fn error(&mut self, line: usize, message: String) {
        self.failed = true;
        self.diagnostics
            .push(Diagnostic::error(self.path, Some(line), message));
    }

    pub fn warning(&mut self, line: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, Some(line), message));
    }

    /// A warning that a value was guessed, of kind `guess` (summarised by `check`).
    pub fn guess(&mut self, guess: crate::diag::Guess, line: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, Some(line), message).guessed(guess));
    }

    fn get(&self, key: Key) -> Option<(&'a Value, usize)> {
        let e = self.fm?.get(key.as_str())?;
        match e.value {
            Value::Null => None,
            ref v => Some((v, e.line)),
        }
    }

    /// `s` without the characters XML 1.0 forbids (which TOML and YAML escapes such as
    /// `\u001D` can still produce after the file itself was cleaned), with a warning.
    fn clean(&mut self, key: Key, line: usize, s: &str) -> String {
        let clean = crate::types::text::xml_safe(s);
        if clean.len() != s.len() {
            self.warning(
                line,
                format!("removed from `{key}` characters that XML 1.0 does not allow"),
            );
        }
        clean.trim().to_owned()
    }

    /// A non-empty string (surrounding white space trimmed).
    pub fn string(&mut self, key: Key) -> Option<(String, usize)> {
        let (value, line) = self.get(key)?;
        match value {
            Value::String(s) if !s.trim().is_empty() => Some((self.clean(key, line, s), line)),
            Value::String(_) => {
                self.warning(line, format!("`{key}` is empty and is ignored"));
                None
            }
            other => {
                self.error(
                    line,
                    format!("`{key}` must be a string, not {}", other.kind()),
                );
                None
            }
        }
    }

    /// A list of non-empty strings; a single string counts as a list of one.
    pub fn strings(&mut self, key: Key) -> Option<(Vec<String>, usize)> {
        let (value, line) = self.get(key)?;
        let items: Vec<&Value> = match value {
            Value::List(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) => {
                    let s = self.clean(key, line, s);
                    if !s.is_empty() && !out.contains(&s) {
                        out.push(s);
                    }
                }
                other => {
                    self.error(
                        line,
                        format!("`{key}` must be a list of strings; found {}", other.kind()),
                    );
                    return None;
                }
            }
        }
        Some((out, line))
    }

    /// A date or date-time (see [`dates::parse_front_matter`]).
    pub fn date(&mut self, key: Key, tz: Tz) -> Option<(DateTime<FixedOffset>, usize)> {
        let (value, line) = self.get(key)?;
        let text = match value {
            Value::String(s) | Value::Datetime(s) => s.clone(),
            other => {
                self.error(
                    line,
                    format!("`{key}` must be a date, not {}", other.kind()),
                );
                return None;
            }
        };
        match dates::parse_front_matter(&text, tz) {
            Ok(dt) => Some((dt, line)),
            Err(message) => {
                self.failed = true;
                let span = self
                    .fm
                    .and_then(|fm| fm.get(key.as_str()))
                    .map(|e| e.value_span());
                self.diagnostics.push(
                    Diagnostic::error(self.path, Some(line), format!("`{key}`: {message}"))
                        .with_span(span)
                        .with_help(Some(
                            "write the date as 2022-01-08, or in words as the text would \
                             (`8 January 2022`, `12 mars 2025`)"
                                .to_owned(),
                        ))
                        .with_code("date"),
                );
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, key: Key) -> Option<(bool, usize)> {
        let (value, line) = self.get(key)?;
        match value {
            Value::Bool(b) => Some((*b, line)),
            other => {
                self.error(
                    line,
                    format!("`{key}` must be true or false, not {}", other.kind()),
                );
                None
            }
        }
    }

    /// Records an error found while interpreting a value read with one of the methods above.
    pub fn invalid(&mut self, line: usize, message: String) {
        self.error(line, message);
    }
}
