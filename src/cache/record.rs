//! The item cache's own record types: plain data, converted to and from the model's [`Item`]
//! and [`Diagnostic`], encoded with `postcard` (compact, no field names, fast to decode).
//!
//! The model's serde forms are made for people (`items --format json`): `Sourced` flattens its
//! origin, `Origin` and `TranslationKey` are tagged enums, a diagnostic leaves out an empty
//! guess. A format without field names, like postcard, can hold none of these, so the cache
//! spells each value out here: every struct and enum below has a fixed shape, and a date is
//! its instant and offset rather than a string to parse. A change to the model shows up here as
//! a compile error in `from_item` or `into_item`, which destructure every field.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::config::Config;
use crate::diag::{Diagnostic, Guess, Severity, Span};
use crate::model::{
    AttachmentKind, AttachmentRef, Change, Item, Origin, Rule, Sourced, Translation,
    TranslationKey, Withdrawal,
};
use crate::types::format::{Format, FrontMatterKind};
use crate::types::url_text::UrlText;

/// A date as an instant and the offset it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Date {
    secs: i64,
    nanos: u32,
    offset: i32,
}

impl Date {
    fn from_date(d: &DateTime<FixedOffset>) -> Date {
        Date {
            secs: d.timestamp(),
            nanos: d.timestamp_subsec_nanos(),
            offset: d.offset().local_minus_utc(),
        }
    }

    fn into_date(self) -> Option<DateTime<FixedOffset>> {
        let offset = FixedOffset::east_opt(self.offset)?;
        offset.timestamp_opt(self.secs, self.nanos).single()
    }
}

/// What an item's cached URL is checked against: text that is `base_url` followed by a plain
/// path is taken as it is ([`UrlText::under`]), any other is parsed as before. Parsing 10,000
/// page URLs (scheme, host, every path character) was a tenth of the instructions of a build
/// after one added item; a damaged segment still gives only URLs that parse to themselves.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ItemUrls<'c> {
    base: Option<&'c Url>,
}

impl<'c> ItemUrls<'c> {
    pub(crate) fn of(config: &'c Config) -> ItemUrls<'c> {
        ItemUrls {
            base: Some(&config.base_url),
        }
    }

    /// The URL `text` is, `None` when it is none.
    fn url(self, text: String) -> Option<UrlText> {
        let text = match self.base {
            Some(base) => match UrlText::under(base, text) {
                Ok(url) => return Some(url),
                Err(text) => text,
            },
            None => text,
        };
        Url::parse(&text).ok().map(UrlText::from)
    }
}

/// [`Origin`], with its tag as a plain enum variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum RecordOrigin {
    FrontMatter {
        line: u64,
    },
    FileName,
    Text {
        line: u64,
        #[serde(with = "rule_index")]
        rule: Rule,
    },
    Detected {
        confidence: f64,
    },
    Config,
    History {
        commit: String,
    },
    FirstSeen,
    Derived {
        #[serde(with = "rule_index")]
        rule: Rule,
    },
}

/// A [`Rule`] as its position in [`Rule::ALL`] (one byte) rather than its name: reading a name
/// back compares it with the rules' names one by one, which was 24 M instructions of loading
/// 10,000 entries. A position no rule has does not decode (the segment is then ignored).
mod rule_index {
    use serde::{de, ser, Deserialize, Deserializer, Serializer};

    use crate::model::Rule;

    pub(super) fn serialize<S: Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
        let at = Rule::ALL
            .iter()
            .position(|r| r == rule)
            .and_then(|at| u8::try_from(at).ok())
            .ok_or_else(|| ser::Error::custom("a rule missing from `Rule::ALL`"))?;
        s.serialize_u8(at)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let at = u8::deserialize(d)?;
        Rule::ALL
            .get(usize::from(at))
            .copied()
            .ok_or_else(|| de::Error::custom(format!("no rule at {at}")))
    }
}

impl RecordOrigin {
    fn from_origin(o: &Origin) -> RecordOrigin {
        match o {
            Origin::FrontMatter { line } => RecordOrigin::FrontMatter { line: *line as u64 },
            Origin::FileName => RecordOrigin::FileName,
            Origin::Text { line, rule } => RecordOrigin::Text {
                line: *line as u64,
                rule: *rule,
            },
            Origin::Detected { confidence } => RecordOrigin::Detected {
                confidence: *confidence,
            },
            Origin::Config => RecordOrigin::Config,
            Origin::History { commit } => RecordOrigin::History {
                commit: commit.clone(),
            },
            Origin::FirstSeen => RecordOrigin::FirstSeen,
            Origin::Derived { rule } => RecordOrigin::Derived { rule: *rule },
        }
    }

    fn into_origin(self) -> Origin {
        match self {
            RecordOrigin::FrontMatter { line } => Origin::FrontMatter {
                line: line as usize,
            },
            RecordOrigin::FileName => Origin::FileName,
            RecordOrigin::Text { line, rule } => Origin::Text {
                line: line as usize,
                rule,
            },
            RecordOrigin::Detected { confidence } => Origin::Detected { confidence },
            RecordOrigin::Config => Origin::Config,
            RecordOrigin::History { commit } => Origin::History { commit },
            RecordOrigin::FirstSeen => Origin::FirstSeen,
            RecordOrigin::Derived { rule } => Origin::Derived { rule },
        }
    }
}

/// [`Sourced`], its origin a field of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Src<T> {
    value: T,
    origin: RecordOrigin,
}

fn src<T: Clone, U>(s: &Sourced<T>, f: impl FnOnce(&T) -> U) -> Src<U> {
    Src {
        value: f(&s.value),
        origin: RecordOrigin::from_origin(&s.origin),
    }
}

fn src_clone<T: Clone>(s: &Sourced<T>) -> Src<T> {
    src(s, T::clone)
}

impl<T> Src<T> {
    fn into_sourced(self) -> Sourced<T> {
        Sourced::new(self.value, self.origin.into_origin())
    }

    fn try_into_sourced<U>(self, f: impl FnOnce(T) -> Option<U>) -> Option<Sourced<U>> {
        Some(Sourced::new(f(self.value)?, self.origin.into_origin()))
    }
}

/// [`TranslationKey`], untagged into a plain enum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum RecordKey {
    Key(String),
    Of(String),
    Stem(String),
}

/// [`Translation`], the URL as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RecordTranslation {
    lang: String,
    id: String,
    url: Option<String>,
    title: String,
}

/// One [`Item`] as the cache keeps it (everything but the file on disk, which the entry's
/// relative path gives back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RecordItem {
    path: String,
    format: Format,
    front_matter: Option<FrontMatterKind>,
    stem: String,
    id: Src<String>,
    title: Src<String>,
    published: Src<Date>,
    updated: Src<Date>,
    authors: Src<Vec<String>>,
    lang: Src<String>,
    tags: Src<Vec<String>>,
    source: Option<Src<String>>,
    translation_key: Option<Src<RecordKey>>,
    translations: Vec<RecordTranslation>,
    url: Option<String>,
    summary: Src<String>,
    slogans: Vec<String>,
    signature: Option<String>,
    // No `content_html`: the body is kept apart in the segment (`items::Body`), read only
    // when a document that shows it is rendered.
    draft: bool,
    aliases: Vec<String>,
    embargo: Option<Src<Date>>,
    changes: Vec<RecordNote>,
    withdrawn: Option<RecordNote>,
    page_html: Option<String>,
    source_name: Option<Src<String>>,
    source_feed: Option<Src<String>>,
    attachment_refs: Vec<RecordAttachmentRef>,
}

/// A [`Change`] or a [`Withdrawal`]: a date, a text and the front-matter line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RecordNote {
    date: Date,
    text: String,
    line: u64,
}

impl RecordNote {
    fn new(date: &DateTime<FixedOffset>, text: &str, line: usize) -> RecordNote {
        RecordNote {
            date: Date::from_date(date),
            text: text.to_owned(),
            line: line as u64,
        }
    }

    fn into_change(self) -> Option<Change> {
        Some(Change {
            date: self.date.into_date()?,
            note: self.text,
            line: self.line as usize,
        })
    }

    fn into_withdrawal(self) -> Option<Withdrawal> {
        Some(Withdrawal {
            date: self.date.into_date()?,
            reason: self.text,
            line: self.line as usize,
        })
    }
}

/// An [`AttachmentRef`], its line a fixed-width number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RecordAttachmentRef {
    name: String,
    kind: AttachmentKind,
    line: Option<u64>,
    found: bool,
}

impl RecordItem {
    /// The postcard bytes of the record of `item` without its translations (settled across
    /// items on every run, after the cache): what `documents::base_digest` hashes.
    pub(crate) fn base_bytes(item: &Item) -> Vec<u8> {
        let mut record = RecordItem::from_item(item);
        record.translations = Vec::new();
        // A record fails to encode only when an origin names a rule missing from `Rule::ALL`
        // (the item cache's own encoding of it then fails too): the item's JSON form, which
        // spells out every field, stands in, so that the digest still sees them all.
        postcard::to_stdvec(&record)
            .unwrap_or_else(|_| serde_json::to_vec(item).unwrap_or_default())
    }

    /// The postcard bytes of the record of `item`, as an item-cache entry holds them.
    pub(crate) fn encode(item: &Item) -> postcard::Result<Vec<u8>> {
        postcard::to_stdvec(&RecordItem::from_item(item))
    }

    pub(crate) fn from_item(item: &Item) -> RecordItem {
        let Item {
            path,
            file: _,
            format,
            front_matter,
            stem,
            id,
            title,
            published,
            updated,
            authors,
            lang,
            tags,
            source,
            translation_key,
            translations,
            url,
            summary,
            slogans,
            signature,
            content_html: _,
            draft,
            aliases,
            embargo,
            changes,
            withdrawn,
            page_html,
            source_name,
            source_feed,
            attachment_refs,
            // Checked and measured afresh on every run (`normalise::attachments::resolve`).
            attachments: _,
        } = item;
        RecordItem {
            path: path.clone(),
            format: *format,
            front_matter: *front_matter,
            stem: stem.clone(),
            id: src_clone(id),
            title: src_clone(title),
            published: src(published, Date::from_date),
            updated: src(updated, Date::from_date),
            authors: src_clone(authors),
            lang: src_clone(lang),
            tags: src_clone(tags),
            source: source.as_ref().map(|s| src(s, |u| u.as_str().to_owned())),
            translation_key: translation_key.as_ref().map(|k| {
                src(k, |k| match k {
                    TranslationKey::Key(s) => RecordKey::Key(s.clone()),
                    TranslationKey::Of(s) => RecordKey::Of(s.clone()),
                    TranslationKey::Stem(s) => RecordKey::Stem(s.clone()),
                })
            }),
            translations: translations
                .iter()
                .map(|t| RecordTranslation {
                    lang: t.lang.clone(),
                    id: t.id.clone(),
                    url: t.url.as_ref().map(|u| u.as_str().to_owned()),
                    title: t.title.clone(),
                })
                .collect(),
            url: url.as_ref().map(|u| u.as_str().to_owned()),
            summary: src_clone(summary),
            slogans: slogans.clone(),
            signature: signature.clone(),
            draft: *draft,
            aliases: aliases.clone(),
            embargo: embargo.as_ref().map(|e| src(e, Date::from_date)),
            changes: changes
                .iter()
                .map(|c| RecordNote::new(&c.date, &c.note, c.line))
                .collect(),
            withdrawn: withdrawn
                .as_ref()
                .map(|w| RecordNote::new(&w.date, &w.reason, w.line)),
            page_html: page_html.clone(),
            source_name: source_name.as_ref().map(src_clone),
            source_feed: source_feed
                .as_ref()
                .map(|s| src(s, |u| u.as_str().to_owned())),
            attachment_refs: attachment_refs
                .iter()
                .map(|a| RecordAttachmentRef {
                    name: a.name.clone(),
                    kind: a.kind,
                    line: a.line.map(|l| l as u64),
                    found: a.found,
                })
                .collect(),
        }
    }

    /// The item, read from `file`, its `content_html` empty (the segment keeps it apart);
    /// `None` when a value no longer parses (the entry is then treated as missing and the file
    /// read again).
    /// `urls`: how this run makes the item's URL (see [`ItemUrls`]).
    pub(crate) fn into_item(self, file: PathBuf, urls: ItemUrls<'_>) -> Option<Item> {
        let RecordItem {
            path,
            format,
            front_matter,
            stem,
            id,
            title,
            published,
            updated,
            authors,
            lang,
            tags,
            source,
            translation_key,
            translations,
            url,
            summary,
            slogans,
            signature,
            draft,
            aliases,
            embargo,
            changes,
            withdrawn,
            page_html,
            source_name,
            source_feed,
            attachment_refs,
        } = self;
        let parse_url = |s: String| Url::parse(&s).ok();
        let translations = translations
            .into_iter()
            .map(|t| {
                let url = match t.url {
                    Some(u) => Some(urls.url(u)?),
                    None => None,
                };
                Some(Translation {
                    lang: t.lang,
                    id: t.id,
                    url,
                    title: t.title,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let published = published.try_into_sourced(Date::into_date)?;
        let url = match url {
            Some(u) => Some(urls.url(u)?),
            None => None,
        };
        Some(Item {
            path,
            file,
            format,
            front_matter,
            stem,
            id: id.into_sourced(),
            title: title.into_sourced(),
            published,
            updated: updated.try_into_sourced(Date::into_date)?,
            authors: authors.into_sourced(),
            lang: lang.into_sourced(),
            tags: tags.into_sourced(),
            source: match source {
                Some(s) => Some(s.try_into_sourced(parse_url)?),
                None => None,
            },
            translation_key: translation_key.map(|k| {
                Sourced::new(
                    match k.value {
                        RecordKey::Key(s) => TranslationKey::Key(s),
                        RecordKey::Of(s) => TranslationKey::Of(s),
                        RecordKey::Stem(s) => TranslationKey::Stem(s),
                    },
                    k.origin.into_origin(),
                )
            }),
            translations,
            url,
            summary: summary.into_sourced(),
            slogans,
            signature,
            content_html: String::new(),
            draft,
            aliases,
            embargo: match embargo {
                Some(e) => Some(e.try_into_sourced(Date::into_date)?),
                None => None,
            },
            changes: changes
                .into_iter()
                .map(RecordNote::into_change)
                .collect::<Option<Vec<_>>>()?,
            withdrawn: match withdrawn {
                Some(w) => Some(w.into_withdrawal()?),
                None => None,
            },
            page_html,
            source_name: source_name.map(Src::into_sourced),
            source_feed: match source_feed {
                Some(s) => Some(s.try_into_sourced(parse_url)?),
                None => None,
            },
            attachment_refs: attachment_refs
                .into_iter()
                .map(|a| AttachmentRef {
                    name: a.name,
                    kind: a.kind,
                    line: a.line.map(|l| l as usize),
                    found: a.found,
                })
                .collect(),
            attachments: vec![],
        })
    }
}

/// A [`Diagnostic`], every field always written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RecordDiagnostic {
    path: String,
    line: Option<u64>,
    severity: Severity,
    message: String,
    guess: Option<Guess>,
    span: Option<RecordSpan>,
    help: Option<String>,
    code: Option<String>,
}

/// A diagnostic's [`Span`], offsets as fixed-width integers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct RecordSpan {
    source: String,
    start: u64,
    end: u64,
}

impl RecordDiagnostic {
    pub(crate) fn from_diagnostic(d: &Diagnostic) -> RecordDiagnostic {
        let Diagnostic {
            path,
            line,
            severity,
            message,
            guess,
            span,
            help,
            code,
        } = d;
        RecordDiagnostic {
            path: path.clone(),
            line: line.map(|l| l as u64),
            severity: *severity,
            message: message.clone(),
            guess: *guess,
            span: span.as_ref().map(|s| RecordSpan {
                source: s.source.clone(),
                start: s.start as u64,
                end: s.end as u64,
            }),
            help: help.clone(),
            code: code.clone(),
        }
    }

    pub(crate) fn into_diagnostic(self) -> Diagnostic {
        Diagnostic {
            path: self.path,
            line: self.line.map(|l| l as usize),
            severity: self.severity,
            message: self.message,
            guess: self.guess,
            span: self.span.map(|s| Span {
                source: s.source,
                start: s.start as usize,
                end: s.end as usize,
            }),
            help: self.help,
            code: self.code,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn sourced<T>(value: T, origin: Origin) -> Sourced<T> {
        Sourced::new(value, origin)
    }

    /// An item with every kind of origin, optional value and date offset the model allows.
    pub(crate) fn item() -> Item {
        let date = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let url = |s: &str| Url::parse(s).unwrap();
        Item {
            path: "items/2024-05-01-a.md".to_owned(),
            file: PathBuf::from("/x/items/2024-05-01-a.md"),
            format: Format::Markdown,
            front_matter: Some(FrontMatterKind::Toml),
            stem: "2024-05-01-a".to_owned(),
            id: sourced("tag:example.org,2022:a".to_owned(), Origin::Config),
            title: sourced(
                "Ünïcode \"title\"".to_owned(),
                Origin::Text {
                    line: 3,
                    rule: Rule::FirstSentence,
                },
            ),
            published: sourced(
                date("2024-05-01T10:11:12.123456789+05:45"),
                Origin::FrontMatter { line: 2 },
            ),
            updated: sourced(
                date("1901-12-31T23:59:59-03:30"),
                Origin::Derived {
                    rule: Rule::FirstLine,
                },
            ),
            authors: sourced(vec!["A".to_owned(), "B".to_owned()], Origin::FileName),
            lang: sourced("pt-BR".to_owned(), Origin::Detected { confidence: 0.375 }),
            tags: sourced(vec![], Origin::FirstSeen),
            source: Some(sourced(
                url("https://example.com/a?b=c#d"),
                Origin::History {
                    commit: "abc123".to_owned(),
                },
            )),
            translation_key: Some(sourced(
                TranslationKey::Of("b".to_owned()),
                Origin::FrontMatter { line: 4 },
            )),
            translations: vec![Translation {
                lang: "en".to_owned(),
                id: "tag:example.org,2022:b".to_owned(),
                url: Some(UrlText::from(url("https://example.org/b/"))),
                title: "B".to_owned(),
            }],
            url: None,
            summary: sourced("Summary.".to_owned(), Origin::Config),
            slogans: vec!["Long live!".to_owned()],
            signature: None,
            content_html: "<p>Text &amp; <em>more</em></p>".to_owned(),
            draft: true,
            aliases: vec!["/old/a.html".to_owned()],
            embargo: Some(sourced(
                date("2024-05-02T09:00:00+01:00"),
                Origin::FrontMatter { line: 5 },
            )),
            changes: vec![Change {
                date: date("2024-05-03T00:00:00Z"),
                note: "Figures corrected.".to_owned(),
                line: 6,
            }],
            withdrawn: Some(Withdrawal {
                date: date("2024-05-04T00:00:00-02:00"),
                reason: "Sent in error.".to_owned(),
                line: 8,
            }),
            page_html: Some("<p>Withdrawn</p><p>Text</p>".to_owned()),
            source_name: Some(sourced(
                "Sister".to_owned(),
                Origin::FrontMatter { line: 9 },
            )),
            source_feed: Some(sourced(
                url("https://sister.example/feed.xml"),
                Origin::FrontMatter { line: 10 },
            )),
            attachment_refs: vec![AttachmentRef {
                name: "a.pdf".to_owned(),
                kind: AttachmentKind::File,
                line: Some(11),
                found: true,
            }],
            // Not cached: measured afresh on every run.
            attachments: vec![],
        }
    }

    #[test]
    fn an_item_comes_back_from_its_record_unchanged() {
        let item = item();
        let bytes = postcard::to_stdvec(&RecordItem::from_item(&item)).unwrap();
        let record: RecordItem = postcard::from_bytes(&bytes).unwrap();
        let back = record
            .into_item(item.file.clone(), ItemUrls::default())
            .unwrap();
        // The body is kept apart (`items::Body`): everything else comes back.
        assert_eq!(back.content_html, "");
        assert_eq!(
            back,
            Item {
                content_html: String::new(),
                ..item.clone()
            }
        );
        // The offset is kept, not only the instant.
        assert_eq!(
            back.published.value.to_rfc3339(),
            item.published.value.to_rfc3339()
        );
    }

    #[test]
    fn every_translation_key_kind_and_missing_value_comes_back() {
        for key in [
            TranslationKey::Key("k".to_owned()),
            TranslationKey::Stem("s".to_owned()),
        ] {
            let mut item = item();
            item.translation_key = Some(Sourced::new(key, Origin::FileName));
            item.source = None;
            item.url = Some(UrlText::from(Url::parse("https://example.org/a/").unwrap()));
            item.front_matter = None;
            item.content_html = String::new();
            let back =
                RecordItem::from_item(&item).into_item(item.file.clone(), ItemUrls::default());
            assert_eq!(back, Some(item));
        }
    }

    #[test]
    fn every_rule_comes_back_from_its_position() {
        for rule in Rule::ALL {
            for origin in [Origin::Text { line: 3, rule }, Origin::Derived { rule }] {
                let record = RecordOrigin::from_origin(&origin);
                let bytes = postcard::to_stdvec(&record).unwrap();
                let back: RecordOrigin = postcard::from_bytes(&bytes).unwrap();
                assert_eq!(back.into_origin(), origin);
            }
        }
        // A position no rule has is refused.
        let bytes = postcard::to_stdvec(&(2u32, 3u64, u8::MAX)).unwrap();
        assert!(postcard::from_bytes::<RecordOrigin>(&bytes[..]).is_err());
    }

    #[test]
    fn a_diagnostic_comes_back_with_or_without_a_guess() {
        for guess in [None, Some(Guess::DateFromHistory)] {
            let d = Diagnostic {
                path: "items/a.md".to_owned(),
                line: Some(7),
                severity: Severity::Warning,
                message: "m".to_owned(),
                guess,
                span: guess.map(|_| Span {
                    source: "date = 2024-13-01".to_owned(),
                    start: 7,
                    end: 17,
                }),
                help: guess.map(|_| "h".to_owned()),
                code: guess.map(|_| "toml-syntax".to_owned()),
            };
            let bytes = postcard::to_stdvec(&RecordDiagnostic::from_diagnostic(&d)).unwrap();
            let back: RecordDiagnostic = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back.into_diagnostic(), d);
        }
    }

    #[test]
    fn a_cached_url_comes_back_as_parsing_it_gave_with_or_without_the_base() {
        let base = Url::parse("https://example.org/statements/").unwrap();
        for text in [
            "https://example.org/statements/2026/a-b/",
            "https://example.org/statements/2026/caf%C3%A9/",
            "https://example.org/statements/2026/a b/",
            "https://example.org/statements/2026/../a/",
            "https://example.org/statements/2026/%2e/a/",
            "https://example.org/statements/2026/a?q",
            "https://example.org/statementsX/",
            "https://other.example/2026/a/",
            "not a url",
        ] {
            let parsed = Url::parse(text).ok().map(UrlText::from);
            for urls in [ItemUrls::default(), ItemUrls { base: Some(&base) }] {
                let mut record = RecordItem::from_item(&item());
                record.url = Some(text.to_owned());
                record.translations[0].url = Some(text.to_owned());
                let back = record.into_item(PathBuf::new(), urls);
                assert_eq!(
                    back.as_ref().map(|i| i.url.clone()),
                    parsed.clone().map(Some)
                );
                assert_eq!(
                    back.map(|i| i.translations[0].url.clone()),
                    parsed.clone().map(Some)
                );
            }
        }
    }

    #[test]
    fn a_record_with_a_value_that_no_longer_parses_is_refused() {
        let mut record = RecordItem::from_item(&item());
        record.url = Some("not a url".to_owned());
        assert_eq!(record.into_item(PathBuf::new(), ItemUrls::default()), None);
        let mut record = RecordItem::from_item(&item());
        record.published.value.offset = 86_400;
        assert_eq!(record.into_item(PathBuf::new(), ItemUrls::default()), None);
    }
}
