//! [`Entry`]: one statement read from elsewhere (a feed entry, a page, a WordPress post), in one
//! neutral shape, and the item file it becomes (`+++` TOML front matter and a Markdown body).
//!
//! Only what the source says goes into the front matter; what it does not say (a title, a date,
//! the language) is left to the same inference as a pasted statement when the instance is
//! built.

use chrono::{DateTime, Utc};
use url::Url;

use crate::normalise::id;
use crate::types::lang;

/// One statement as a source gives it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Entry {
    /// The id the source gives it (feed entry id, RSS guid, WordPress guid), as written.
    pub id: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub authors: Vec<String>,
    /// A language tag as the source writes it (`en-US`, `pt_BR`).
    pub lang: Option<String>,
    pub tags: Vec<String>,
    /// Where the statement is published (the entry's link, the page's URL).
    pub link: Option<Url>,
    /// Markdown (or HTML kept as a block where Markdown would lose structure).
    pub body: String,
    /// Files to download beside the item (feed enclosures).
    pub enclosures: Vec<Url>,
    /// A key shared by translations of one statement (WordPress translation groups).
    pub translation_key: Option<String>,
    /// Where in the document it was read, for messages: `entry 3`, `item 12 (line 40)`.
    pub place: String,
}

impl Entry {
    /// The id to pin in the item file: the source's id when it is an absolute IRI (what
    /// readers of the old feed know), else the entry's link. `Err` says why there is none.
    pub(crate) fn pinned_id(&self) -> Result<(String, Option<String>), String> {
        if let Some(given) = self.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if id::check_pinned(given).is_ok() {
                return Ok((given.to_owned(), None));
            }
            if let Some(link) = &self.link {
                let note =
                    format!("id `{given}` is not an absolute IRI, so its link is its id ({link})");
                return Ok((link.to_string(), Some(note)));
            }
            return Err(format!(
                "id `{given}` is not an absolute IRI and the entry has no link: not imported"
            ));
        }
        match &self.link {
            Some(link) => Ok((link.to_string(), None)),
            None => Err(
                "neither an id nor a link: it could not be recognised again, so it is \
                         not imported"
                    .to_owned(),
            ),
        }
    }

    /// The title, or a stand-in for messages.
    pub(crate) fn shown_title(&self) -> &str {
        self.title.as_deref().unwrap_or("(untitled)")
    }

    /// The date the file is named and filed by: published, else updated.
    pub(crate) fn date(&self) -> Option<DateTime<Utc>> {
        self.published.or(self.updated)
    }

    /// True when `filter` matches the title or one of the tags.
    pub(crate) fn matches(&self, filter: &regex::Regex) -> bool {
        self.title.as_deref().is_some_and(|t| filter.is_match(t))
            || self.tags.iter().any(|t| filter.is_match(t))
    }

    /// The item file: front matter with `id` first, then the body.
    pub(crate) fn file_text(&self, pinned: &str, extra_tags: &[String]) -> String {
        let mut text = String::from("+++\n");
        line(&mut text, "id", &toml_string(pinned));
        if let Some(title) = self
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            line(&mut text, "title", &toml_string(title));
        }
        if let Some(date) = self.date() {
            line(&mut text, "date", &toml_date(date));
        }
        if let (Some(updated), Some(date)) = (self.updated, self.date()) {
            if updated > date {
                line(&mut text, "updated", &toml_date(updated));
            }
        }
        let authors = clean(&self.authors);
        if !authors.is_empty() {
            line(&mut text, "authors", &toml_list(&authors));
        }
        if let Some(tag) = self.lang.as_deref().and_then(language_tag) {
            line(&mut text, "lang", &toml_string(&tag));
        }
        let mut tags = clean(&self.tags);
        for t in clean(extra_tags) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        if !tags.is_empty() {
            line(&mut text, "tags", &toml_list(&tags));
        }
        if let Some(link) = &self.link {
            line(&mut text, "source", &toml_string(link.as_str()));
        }
        if let Some(key) = &self.translation_key {
            line(&mut text, "translation_key", &toml_string(key));
        }
        text.push_str("+++\n");
        let body = self.body.trim();
        if !body.is_empty() {
            text.push('\n');
            text.push_str(body);
            text.push('\n');
        }
        text
    }
}

/// A language tag the project accepts, from one a source writes (`pt_BR` → `pt-BR`).
fn language_tag(given: &str) -> Option<String> {
    lang::normalise_tag(&given.trim().replace('_', "-"))
}

fn line(text: &mut String, key: &str, value: &str) {
    text.push_str(key);
    text.push_str(" = ");
    text.push_str(value);
    text.push('\n');
}

fn clean(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A TOML offset date-time in UTC, to the second.
fn toml_date(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_of_a_full_entry() {
        let entry = Entry {
            id: Some("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427".into()),
            title: Some("On \"the\" strike".into()),
            published: Some("2024-03-08T10:00:00Z".parse().unwrap()),
            updated: Some("2024-03-09T10:00:00Z".parse().unwrap()),
            authors: vec!["Union A".into(), " ".into()],
            lang: Some("pt_BR".into()),
            tags: vec!["strikes".into()],
            link: Some(Url::parse("https://sister.example/a?x=1&y=2").unwrap()),
            body: "First.\n".into(),
            ..Entry::default()
        };
        let (pinned, note) = entry.pinned_id().unwrap();
        assert!(note.is_none());
        assert_eq!(
            entry.file_text(&pinned, &["sister".into(), "strikes".into()]),
            "+++\n\
             id = \"urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427\"\n\
             title = 'On \"the\" strike'\n\
             date = 2024-03-08T10:00:00Z\n\
             updated = 2024-03-09T10:00:00Z\n\
             authors = [\"Union A\"]\n\
             lang = \"pt-BR\"\n\
             tags = [\"strikes\", \"sister\"]\n\
             source = \"https://sister.example/a?x=1&y=2\"\n\
             +++\n\nFirst.\n"
        );
    }

    #[test]
    fn ids_fall_back_to_the_link() {
        let mut entry = Entry {
            id: Some("1234".into()),
            link: Some(Url::parse("https://x.example/p/1").unwrap()),
            ..Entry::default()
        };
        let (id, note) = entry.pinned_id().unwrap();
        assert_eq!(id, "https://x.example/p/1");
        assert!(note.unwrap().contains("not an absolute IRI"));
        entry.id = None;
        assert_eq!(entry.pinned_id().unwrap().0, "https://x.example/p/1");
        entry.link = None;
        assert!(entry
            .pinned_id()
            .unwrap_err()
            .contains("neither an id nor a link"));
    }
}
