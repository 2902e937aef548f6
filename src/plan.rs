//! **Plan**: which feeds exist, which items each holds, in which order, and how each feed's
//! history is cut into archive documents.
//!
//! Pure: it reads the items and the configuration and decides; it renders and writes nothing.
//! Order is newest first with the id as tie-break, so equal dates never make output flap.
//!
//! The feed set: all items; one feed per language; one per tag. Each feed's subscription
//! document holds the newest `limit` items. With archives on, every item also sits in the archive
//! document of its calendar year (or month) (RFC 5005 section 4). Calendar periods are used, not
//! "pages of N", so a page's boundaries never move when new items arrive: an archive document
//! changes only when one of its own items changes, or when it becomes or stops being the newest
//! one (its `next-archive` link).

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::Datelike;

use crate::config::{ArchivePeriod, Config};
use crate::diag::Diagnostic;
use crate::links;
use crate::model::{Item, Origin};

/// What a feed collects.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeedKind {
    All,
    Language(String),
    Tag { slug: String, name: String },
}

/// One feed to publish, in every format.
#[derive(Debug)]
pub struct FeedPlan<'a> {
    pub kind: FeedKind,
    /// Folder of the feed's files inside the output folder, `""` for the top level, else ending
    /// in `/`.
    pub dir: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub lang: String,
    /// The feed's Atom id. Entry ids are `{base}/{stem}` (one segment after the prefix); feed
    /// ids are `{base}` or have two or more segments, so the two never collide.
    pub id: String,
    /// The subscription document's items: newest first, at most `limit`.
    pub items: Vec<&'a Item>,
    /// Archive documents, oldest first. Empty when archives are off.
    pub archives: Vec<ArchivePlan<'a>>,
}

/// One archive document of a feed.
#[derive(Debug)]
pub struct ArchivePlan<'a> {
    /// The document's language: the feed's, except for tag feeds, where it is the language all
    /// of the document's own items share (else the default), so that an archive does not change
    /// when newer items in another language arrive.
    pub lang: String,
    /// `2022` or `2022-01`.
    pub period: String,
    /// Folder of the archive's files, e.g. `archive/2022/` or `pt/archive/2022/`.
    pub dir: String,
    pub id: String,
    /// Newest first.
    pub items: Vec<&'a Item>,
}

/// Sorts items newest first; equal dates are ordered by id.
pub fn newest_first(items: &mut [&Item]) {
    items.sort_by(|a, b| {
        (Reverse(a.published.value), a.id.value.as_str())
            .cmp(&(Reverse(b.published.value), b.id.value.as_str()))
    });
}

/// A file-name-safe slug for a tag: transliterated to ASCII (deunicode), lower case, runs of
/// anything but letters and digits turned into one `-`. Never empty, never `.` or `..`, never
/// longer than a folder name may be (see [`links::fit_component`]).
pub fn tag_slug(tag: &str) -> String {
    links::fit_component(&full_tag_slug(tag))
}

/// [`tag_slug`] before it is fitted to a folder name.
fn full_tag_slug(tag: &str) -> String {
    let ascii = deunicode::deunicode(tag).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        // Nothing transliterable (emoji, symbols): a stable name from the bytes.
        let hex: String = tag.bytes().map(|b| format!("{b:02x}")).collect();
        format!("tag-{}", &hex[..hex.len().min(32)])
    } else {
        slug
    }
}

/// The archive period of an item.
fn period(item: &Item, period: ArchivePeriod) -> String {
    let d = item.published.value;
    match period {
        ArchivePeriod::Year => format!("{:04}", d.year()),
        ArchivePeriod::Month => format!("{:04}-{:02}", d.year(), d.month()),
    }
}

/// The feeds of an instance. `diagnostics` receives warnings about tags whose slugs collide.
pub fn plan<'a>(
    items: &'a [Item],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FeedPlan<'a>> {
    let mut published: Vec<&Item> = items.iter().filter(|i| !i.draft).collect();
    newest_first(&mut published);
    let base = config.ids.base();
    shortened_page_warnings(&published, config, diagnostics);

    let mut feeds = vec![feed(
        FeedKind::All,
        String::new(),
        config.title.clone(),
        config.subtitle.clone(),
        config.lang.clone(),
        base.clone(),
        published.clone(),
        config,
    )];

    if config.feeds.languages {
        let mut by_lang: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        for item in &published {
            by_lang
                .entry(item.lang.value.as_str())
                .or_default()
                .push(item);
        }
        for (lang, items) in by_lang {
            let names = config.languages.get(lang);
            let title = names
                .and_then(|l| l.title.clone())
                .unwrap_or_else(|| format!("{} ({lang})", config.title));
            let subtitle = names
                .and_then(|l| l.description.clone())
                .or_else(|| config.subtitle.clone());
            // A language tag has no length limit (BCP 47), a folder name has.
            let dir = format!("{}/", links::fit_component(&lang.to_ascii_lowercase()));
            feeds.push(feed(
                FeedKind::Language(lang.to_owned()),
                dir,
                title,
                subtitle,
                lang.to_owned(),
                format!("{base}/lang/{}", lang.to_ascii_lowercase()),
                items,
                config,
            ));
        }
    }

    if config.feeds.tags {
        // slug → (first spelling seen, its items, every spelling)
        let mut by_slug: BTreeMap<String, (String, Vec<&Item>, Vec<String>)> = BTreeMap::new();
        // Oldest first, so that a tag's name is the spelling its oldest item used: a new item
        // with another spelling must not retitle the tag's archives.
        for item in published.iter().rev() {
            for tag in &item.tags.value {
                let entry = by_slug
                    .entry(tag_slug(tag))
                    .or_insert_with(|| (tag.clone(), Vec::new(), Vec::new()));
                if !entry.1.iter().any(|i| std::ptr::eq(*i, *item)) {
                    entry.1.push(item);
                }
                if !entry.2.contains(tag) {
                    entry.2.push(tag.clone());
                }
            }
        }
        for (slug, (name, mut items, spellings)) in by_slug {
            items.reverse();
            if spellings.len() > 1 {
                let item = items.iter().find(|i| {
                    i.tags
                        .value
                        .iter()
                        .any(|t| t != &name && tag_slug(t) == slug)
                });
                let line = item.and_then(|i| tags_line(i));
                diagnostics.push(Diagnostic::warning(
                    item.map_or("tags", |i| i.path.as_str()),
                    line,
                    format!(
                        "tags {} share the feed folder `tags/{slug}/`; their items are published \
                         in one feed",
                        spellings
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                ));
            }
            if let Some(long) = spellings
                .iter()
                .find(|t| full_tag_slug(t).len() > links::MAX_COMPONENT_BYTES)
            {
                diagnostics.push(shortened_tag_warning(long, &slug, &items));
            }
            let lang = common_lang(&items[..items.len().min(config.limit.get())], config);
            feeds.push(feed(
                FeedKind::Tag {
                    slug: slug.clone(),
                    name: name.clone(),
                },
                format!("tags/{slug}/"),
                format!("{}: {name}", config.title),
                config.subtitle.clone(),
                lang,
                format!("{base}/tag/{slug}"),
                items,
                config,
            ));
        }
    }
    feeds
}

/// The line of an item's `tags` key, when the front matter gave them.
fn tags_line(item: &Item) -> Option<usize> {
    match item.tags.origin {
        Origin::FrontMatter { line } => Some(line),
        _ => None,
    }
}

/// A tag too long for a folder name is published under a shortened one: said at the `tags`
/// line of the oldest item that uses it (`items` newest first), so `check` shows it.
fn shortened_tag_warning(tag: &str, slug: &str, items: &[&Item]) -> Diagnostic {
    let item = items
        .iter()
        .rev()
        .find(|i| i.tags.value.iter().any(|t| t == tag));
    Diagnostic::warning(
        item.map_or("tags", |i| i.path.as_str()),
        item.and_then(|i| tags_line(i)),
        format!(
            "tag `{tag}` is too long for a folder name (at most {} bytes); its feed is published \
             in `tags/{slug}/`",
            links::MAX_COMPONENT_BYTES
        ),
    )
}

/// Warnings for items whose file name is too long for a page folder: their page is published
/// under a shortened name (see [`links::page_dir`]).
fn shortened_page_warnings(items: &[&Item], config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    if !config.feeds.pages || config.feeds.permalink.is_some() {
        return;
    }
    for item in items
        .iter()
        .filter(|i| i.stem.len() > links::MAX_COMPONENT_BYTES)
    {
        diagnostics.push(Diagnostic::warning(
            &item.path,
            None,
            format!(
                "the file name is too long for a page folder (at most {} bytes); the page is \
                 published in `{}`",
                links::MAX_COMPONENT_BYTES,
                links::page_dir(&item.published.value, &item.stem)
            ),
        ));
    }
}

/// The language every one of `items` is in, or the default language when they differ.
fn common_lang(items: &[&Item], config: &Config) -> String {
    match items.first() {
        Some(first) if items.iter().all(|i| i.lang.value == first.lang.value) => {
            first.lang.value.clone()
        }
        _ => config.lang.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn feed<'a>(
    kind: FeedKind,
    dir: String,
    title: String,
    subtitle: Option<String>,
    lang: String,
    id: String,
    all: Vec<&'a Item>,
    config: &Config,
) -> FeedPlan<'a> {
    let archives = match config.feeds.archives {
        Some(p) => {
            let mut by_period: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
            for item in &all {
                by_period.entry(period(item, p)).or_default().push(item);
            }
            by_period
                .into_iter()
                .map(|(period, items)| ArchivePlan {
                    lang: match kind {
                        FeedKind::Tag { .. } => common_lang(&items, config),
                        _ => lang.clone(),
                    },
                    dir: format!("{dir}archive/{period}/"),
                    id: format!("{id}/archive/{period}"),
                    period,
                    items,
                })
                .collect()
        }
        None => Vec::new(),
    };
    let mut items = all;
    items.truncate(config.limit.get());
    FeedPlan {
        kind,
        dir,
        title,
        subtitle,
        lang,
        id,
        items,
        archives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(tag_slug("Primero de Mayo"), "primero-de-mayo");
        assert_eq!(tag_slug("cazaquistão"), "cazaquistao");
        assert_eq!(tag_slug("Казахстан"), "kazakhstan");
        assert_eq!(tag_slug("../etc/passwd"), "etc-passwd");
        assert_eq!(tag_slug(".."), "tag-2e2e");
        assert_eq!(tag_slug("a\u{0}b/c"), "a-b-c");
        assert_eq!(tag_slug("R&D"), "r-d");
        let flags = tag_slug(&"🚩".repeat(11));
        assert!(flags.len() <= links::MAX_COMPONENT_BYTES, "{flags}");
        assert!(flags.starts_with("triangular-flag-on-post-"), "{flags}");
        for t in ["", " ", "🚩", "..", "/"] {
            let s = tag_slug(t);
            assert!(
                !s.is_empty() && !s.contains(['/', '.', '\\']),
                "{t:?} → {s}"
            );
        }
    }
}
