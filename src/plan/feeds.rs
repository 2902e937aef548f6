//! The feed set: which feeds exist, which items each holds, in which order, and how each feed's
//! history is cut into archive documents.
//!
//! Pure: it reads the items and the configuration and decides; it renders and writes nothing.
//! Items are named by their index in the instance's item list, so a plan can be kept beside the
//! items it describes.
//! Order is newest first with the id as tie-break, so equal dates never make output flap.
//!
//! The feed set: all items; one feed per language; one per tag. Each feed's subscription
//! document holds the newest `limit` items; one that holds every item of its feed is complete
//! (RFC 5005 section 2). With archives on, every item of the main feed (the feed of all items)
//! also sits in the archive document of its calendar year (or month) (RFC 5005 section 4), unless
//! the main feed is complete. Calendar periods are used, not "pages of N", so a page's boundaries
//! never move when new items arrive: an archive document changes only when one of its own items
//! changes, or when it becomes or stops being the newest one (its `next-archive` link).
//!
//! Language and tag feeds have no archives: each of their items is in the main feed's archives,
//! full text and all, so a second and third copy of every statement's history would add bytes
//! and no statement (see "Archives" in the README).
//!
//! Tag feeds are summary feeds by default (`tag_content`): their entries carry the summary and
//! the link to the page, not the text, and they hold at most `tag_limit` items; the main and
//! language feeds carry the whole text (see "Tag feeds: summaries" in the README).

use std::cmp::Reverse;
use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use chrono::Datelike;

use super::paths;
use super::statements::Statements;
use crate::config::{ArchivePeriod, Config, EntryContent, MainFeed};
use crate::diag::Diagnostic;
use crate::model::{Item, Origin};

/// What a feed collects.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeedKind {
    All,
    Language(String),
    Tag { slug: String, name: String },
}

/// One feed, in every format.
#[derive(Debug)]
pub struct FeedPlan {
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
    /// The subscription document's items (indices into the item list): newest first, at most
    /// `limit` and within `limit_bytes` (at least one).
    pub items: Vec<usize>,
    /// Archive documents, oldest first. Empty when archives are off, for language and tag
    /// feeds, and for a complete feed.
    pub archives: Vec<ArchivePlan>,
    /// Every item of the feed, newest first (what its HTML page lists); `items` is the newest
    /// of them.
    pub members: Vec<usize>,
    /// The subscription document holds every item of the feed (`fh:complete`).
    pub complete: bool,
    /// What its entries carry: the whole text (the main and language feeds), or a summary and
    /// the link to the page (tag feeds, unless `tag_content = "full"`).
    pub content: EntryContent,
    /// Withdrawn items of the feed older than its subscription document's window (indices,
    /// latest withdrawal first): the Atom subscription document carries a tombstone for each
    /// (RFC 6721 `at:deleted-entry`), since the entry that announced the withdrawal is gone.
    pub withdrawn: Vec<usize>,
}

/// One archive document of the main feed.
#[derive(Debug)]
pub struct ArchivePlan {
    /// The document's language: the feed's.
    pub lang: String,
    /// `2022` or `2022-01`.
    pub period: String,
    /// Folder of the archive's files, e.g. `archive/2022/` or `pt/archive/2022/`.
    pub dir: String,
    pub id: String,
    /// Indices into the item list, newest first.
    pub items: Vec<usize>,
}

/// Sorts items newest first; equal dates are ordered by id.
pub fn newest_first(items: &mut [&Item]) {
    items.sort_by(|a, b| newest_first_key(a).cmp(&newest_first_key(b)));
}

/// The order of [`newest_first`]: published descending, then id.
fn newest_first_key(item: &Item) -> (Reverse<chrono::DateTime<chrono::FixedOffset>>, &str) {
    (Reverse(item.published.value), item.id.value.as_str())
}

/// A file-name-safe slug for a tag: transliterated to ASCII (deunicode), lower case, runs of
/// anything but letters and digits turned into one `-`. Never empty, never `.` or `..`, never
/// longer than a folder name may be (see `paths::fit_component`).
pub fn tag_slug(tag: &str) -> String {
    paths::fit_component(&full_tag_slug(tag))
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

/// What decides an item's archive period: its year, and its month when periods are months.
type Period = (i32, u32);

/// The [`Period`] of an item: equal for two items exactly when [`period`] names them alike.
fn period_key(item: &Item, period: ArchivePeriod) -> Period {
    let d = item.published.value;
    match period {
        ArchivePeriod::Year => (d.year(), 0),
        ArchivePeriod::Month => (d.year(), d.month()),
    }
}

/// The items that are not drafts, as indices into `items`, in [`newest_first`] order.
pub(crate) fn published(items: &[Item]) -> Vec<usize> {
    let mut published: Vec<usize> = (0..items.len()).filter(|&i| !items[i].draft).collect();
    // Sorted on every core (a stable sort, as before: 5 M instructions at 10,000 items on the
    // one thread that plans).
    published.par_sort_by(|&a, &b| newest_first_key(&items[a]).cmp(&newest_first_key(&items[b])));
    published
}

/// The feeds of an instance, given its items, the non-draft ones newest first (see
/// [`published`]) and their statements. `diagnostics` receives warnings about tags whose slugs
/// collide and names too long for a folder.
/// `body_lengths`: each item's body length, when bodies are not all held by their items (see
/// `SitePlan::with_body_lengths`).
pub(crate) fn plan(
    all: &[Item],
    body_lengths: Option<&[usize]>,
    published: &[usize],
    statements: &Statements,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FeedPlan> {
    let base = config.ids.base();
    shortened_page_warnings(all, published, config, diagnostics);
    let new_feed = |kind, dir, title, subtitle, lang, id, items| {
        feed(
            all,
            body_lengths,
            FeedSpec {
                kind,
                dir,
                title,
                subtitle,
                lang,
                id,
            },
            items,
            config,
        )
    };

    let mut feeds = vec![new_feed(
        FeedKind::All,
        paths::ALL_FEED_DIR.to_owned(),
        config.title.clone(),
        config.subtitle.clone(),
        config.lang.clone(),
        base.clone(),
        once_per_statement(all, published, statements, config),
    )];

    if config.feeds.languages {
        let mut by_lang: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in published {
            by_lang
                .entry(all[i].lang.value.as_str())
                .or_default()
                .push(i);
        }
        for (lang, items) in by_lang {
            let items = if config.feeds.language_fallback {
                with_fallback(published, statements, lang, all)
            } else {
                items
            };
            let names = config.languages.get(lang);
            let title =
                language_feed_title(names.and_then(|l| l.title.as_deref()), &config.title, lang);
            let subtitle = names
                .and_then(|l| l.description.clone())
                .or_else(|| config.subtitle.clone());
            feeds.push(new_feed(
                FeedKind::Language(lang.to_owned()),
                paths::language_dir(lang),
                title,
                subtitle,
                lang.to_owned(),
                format!("{base}/lang/{}", lang.to_ascii_lowercase()),
                items,
            ));
        }
    }

    if config.feeds.tags {
        let by_slug = tag_groups(all, published);
        for TagGroup {
            slug,
            name,
            mut items,
            spellings,
        } in by_slug
        {
            items.reverse();
            let items = once_per_statement(all, &items, statements, config);
            if spellings.len() > 1 {
                diagnostics.push(shared_folder_warning(all, &items, &name, &slug, &spellings));
            }
            if let Some(long) = spellings
                .iter()
                .find(|t| full_tag_slug(t).len() > paths::MAX_COMPONENT_BYTES)
            {
                diagnostics.push(shortened_tag_warning(all, long, &slug, &items));
            }
            let newest = &items[..items.len().min(config.limit.get())];
            let lang = common_lang(all, newest, config);
            feeds.push(new_feed(
                FeedKind::Tag {
                    slug: slug.clone(),
                    name: name.clone(),
                },
                paths::tag_dir(&slug),
                format!("{}: {name}", config.title),
                config.subtitle.clone(),
                lang,
                format!("{base}/tag/{slug}"),
                items,
            ));
        }
    }
    feeds
}

/// The items of one tag feed, as [`tag_groups`] gathers them: its slug, the first spelling
/// seen (its name), its items oldest first, and every spelling whose slug it is.
struct TagGroup {
    slug: String,
    name: String,
    items: Vec<usize>,
    spellings: Vec<String>,
}

/// The published items (newest first) grouped by tag slug, in slug order, each group's items
/// oldest first. Gathered oldest
/// first, so that a tag's name is the spelling its oldest item used: a new item with another
/// spelling must not retitle the tag's archives.
/// Each spelling is looked up once per item that carries it, in a hash table of borrowed
/// spellings that names its group: a slug made, copied and looked up in a B-tree of slugs for
/// every tag of every item was most of the plan's time at 10,000 items (run on one core
/// between loading and rendering).
fn tag_groups(all: &[Item], published: &[usize]) -> Vec<TagGroup> {
    let mut groups: Vec<TagGroup> = Vec::new();
    // slug → its group: consulted only for a spelling seen for the first time.
    let mut by_slug: FxHashMap<String, usize> = FxHashMap::default();
    // spelling → its slug's group.
    let mut by_spelling: FxHashMap<&str, usize> = FxHashMap::default();
    for &i in published.iter().rev() {
        for tag in &all[i].tags.value {
            let group = match by_spelling.get(tag.as_str()) {
                Some(&group) => group,
                None => {
                    let slug = tag_slug(tag);
                    let group = *by_slug.entry(slug.clone()).or_insert_with(|| {
                        groups.push(TagGroup {
                            slug,
                            name: tag.clone(),
                            items: Vec::new(),
                            spellings: Vec::new(),
                        });
                        groups.len() - 1
                    });
                    // A spelling is new to its group exactly when it is new to the table.
                    groups[group].spellings.push(tag.clone());
                    by_spelling.insert(tag.as_str(), group);
                    group
                }
            };
            let items = &mut groups[group].items;
            // An item's tags are seen one after the other: only the last one pushed can be
            // this item (two of its spellings with one slug).
            if items.last() != Some(&i) {
                items.push(i);
            }
        }
    }
    // Slugs are unique: the order is the slugs' alone.
    groups.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
    groups
}

/// `items` (newest first) as a feed that mixes languages holds them: all of them, or with
/// `main_feed = "originals"` one per statement (see [`Statements::once_each`]).
fn once_per_statement(
    all: &[Item],
    items: &[usize],
    statements: &Statements,
    config: &Config,
) -> Vec<usize> {
    match config.feeds.main_feed {
        MainFeed::All => items.to_vec(),
        MainFeed::Originals => statements.once_each(all, items),
    }
}

/// The items of `lang`'s feed with `language_fallback`: its own items, and the original of every
/// statement that has no item in `lang`, newest first (the order of `published`).
fn with_fallback(
    published: &[usize],
    statements: &Statements,
    lang: &str,
    all: &[Item],
) -> Vec<usize> {
    published
        .iter()
        .copied()
        .filter(|&i| {
            all[i].lang.value == lang
                || (statements.is_original(i) && !statements.has_lang(all, i, lang))
        })
        .collect()
}

/// The line of an item's `tags` key, when the front matter gave them.
fn tags_line(item: &Item) -> Option<usize> {
    match item.tags.origin {
        Origin::FrontMatter { line } => Some(line),
        _ => None,
    }
}

/// Tags spelt differently with one slug share a feed: said at the `tags` line of the newest
/// item (of `items`, newest first) that spells it other than `name`.
fn shared_folder_warning(
    all: &[Item],
    items: &[usize],
    name: &str,
    slug: &str,
    spellings: &[String],
) -> Diagnostic {
    let item = items.iter().map(|&i| &all[i]).find(|i| {
        i.tags
            .value
            .iter()
            .any(|t| t != name && tag_slug(t) == slug)
    });
    Diagnostic::warning(
        item.map_or("tags", |i| i.path.as_str()),
        item.and_then(tags_line),
        format!(
            "tags {} share the feed folder `{}`; their items are published in one feed",
            spellings
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            paths::tag_dir(slug)
        ),
    )
}

/// A tag too long for a folder name is published under a shortened one: said at the `tags`
/// line of the oldest item that uses it (`items` newest first), so `check` shows it.
fn shortened_tag_warning(all: &[Item], tag: &str, slug: &str, items: &[usize]) -> Diagnostic {
    let item = items
        .iter()
        .rev()
        .map(|&i| &all[i])
        .find(|i| i.tags.value.iter().any(|t| t == tag));
    Diagnostic::warning(
        item.map_or("tags", |i| i.path.as_str()),
        item.and_then(tags_line),
        format!(
            "tag `{tag}` is too long for a folder name (at most {} bytes); its feed is published \
             in `{}`",
            paths::MAX_COMPONENT_BYTES,
            paths::tag_dir(slug)
        ),
    )
}

/// Warnings for items whose file name is too long for a page folder: their page is published
/// under a shortened name (see [`paths::page_dir`]).
fn shortened_page_warnings(
    all: &[Item],
    published: &[usize],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !config.feeds.pages || config.feeds.permalink.is_some() {
        return;
    }
    for item in published
        .iter()
        .map(|&i| &all[i])
        .filter(|i| i.stem.len() > paths::MAX_COMPONENT_BYTES)
    {
        diagnostics.push(Diagnostic::warning(
            &item.path,
            None,
            format!(
                "the file name is too long for a page folder (at most {} bytes); the page is \
                 published in `{}`",
                paths::MAX_COMPONENT_BYTES,
                paths::page_dir(&item.published.value, &item.stem)
            ),
        ));
    }
}

/// The language every one of `items` is in, or the default language when they differ.
fn common_lang(all: &[Item], items: &[usize], config: &Config) -> String {
    match items.first() {
        Some(&first)
            if items
                .iter()
                .all(|&i| all[i].lang.value == all[first].lang.value) =>
        {
            all[first].lang.value.clone()
        }
        _ => config.lang.clone(),
    }
}

/// What a feed is, apart from its items.
struct FeedSpec {
    kind: FeedKind,
    dir: String,
    title: String,
    subtitle: Option<String>,
    lang: String,
    id: String,
}

/// A feed holding `all_of_feed` (newest first): its subscription document's items and its
/// archives.
fn feed(
    all: &[Item],
    body_lengths: Option<&[usize]>,
    spec: FeedSpec,
    all_of_feed: Vec<usize>,
    config: &Config,
) -> FeedPlan {
    let FeedSpec {
        kind,
        dir,
        title,
        subtitle,
        lang,
        id,
    } = spec;
    let window = Window::of(&kind, config, body_lengths);
    let total = all_of_feed.len();
    let complete = total <= window.limit && window.fit(all, &all_of_feed) == total;
    let archives = match config.feeds.archives {
        Some(p) if kind == FeedKind::All && !complete => {
            let mut by_period: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            // Items come newest first, so a period's items mostly follow one another: its
            // name is made when the period changes, not once per item.
            let mut current: Option<(Period, String)> = None;
            for &i in &all_of_feed {
                let key = period_key(&all[i], p);
                let name = match &current {
                    Some((k, name)) if *k == key => name,
                    _ => &current.insert((key, period(&all[i], p))).1,
                };
                match by_period.get_mut(name) {
                    Some(items) => items.push(i),
                    None => {
                        by_period.insert(name.clone(), vec![i]);
                    }
                }
            }
            by_period
                .into_iter()
                .map(|(period, items)| ArchivePlan {
                    lang: lang.clone(),
                    dir: paths::archive_dir(&dir, &period),
                    id: format!("{id}/archive/{period}"),
                    period,
                    items,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let members = all_of_feed.clone();
    let mut items = all_of_feed;
    let withdrawn = withdrawn_beyond(all, &items, &window);
    items.truncate(window.limit);
    items.truncate(window.fit(all, &items));
    FeedPlan {
        kind,
        dir,
        title,
        subtitle,
        lang,
        id,
        items,
        archives,
        complete,
        content: window.content,
        members,
        withdrawn,
    }
}

/// How much of a feed its subscription document holds, and what of each item.
struct Window<'a> {
    /// At most this many items.
    limit: usize,
    /// Within this many bytes of what the entries carry ([`budget_bytes`]).
    budget: Option<std::num::NonZeroUsize>,
    content: EntryContent,
    /// Each item's body length, when not every item holds its body.
    body_lengths: Option<&'a [usize]>,
}

impl<'a> Window<'a> {
    /// The main and language feeds: `limit` items of full text; tag feeds: at most `tag_limit`
    /// of them, carrying `tag_content`.
    fn of(kind: &FeedKind, config: &Config, body_lengths: Option<&'a [usize]>) -> Window<'a> {
        let limit = config.limit.get();
        let budget = config.limit_bytes;
        match kind {
            FeedKind::Tag { .. } => Window {
                limit: limit.min(config.feeds.tag_limit.get()),
                budget,
                content: config.feeds.tag_content,
                body_lengths,
            },
            FeedKind::All | FeedKind::Language(_) => Window {
                limit,
                budget,
                content: EntryContent::Full,
                body_lengths,
            },
        }
    }

    /// How many of `items` (newest first) fit the byte budget: the newest whose
    /// [`budget_bytes`] add up to at most the budget, and at least one.
    fn fit(&self, all: &[Item], items: &[usize]) -> usize {
        let Some(budget) = self.budget else {
            return items.len();
        };
        let mut used = 0;
        let fit = items
            .iter()
            .take_while(|&&i| {
                let body = self
                    .body_lengths
                    .map_or(all[i].content_html.len(), |lengths| lengths[i]);
                used += budget_bytes(&all[i], body, self.content);
                used <= budget.get()
            })
            .count();
        fit.max(1).min(items.len())
    }
}

/// The withdrawn items of `all_of_feed` (newest first) that its subscription document leaves
/// out, latest withdrawal first (then by id).
fn withdrawn_beyond(all: &[Item], all_of_feed: &[usize], window: &Window<'_>) -> Vec<usize> {
    let shown = all_of_feed.len().min(window.limit);
    let shown = window.fit(all, &all_of_feed[..shown]);
    let mut gone: Vec<usize> = all_of_feed[shown..]
        .iter()
        .copied()
        .filter(|&i| all[i].withdrawn.is_some())
        .collect();
    gone.sort_by_key(|&i| {
        let when = all[i].withdrawn.as_ref().map(|w| w.date);
        (Reverse(when), all[i].id.value.as_str())
    });
    gone
}

/// A language feed's title: the configured one, or the main title with the language tag; a
/// configured title equal to the main title gets the tag too, so that no two feeds of the set
/// look the same in a feed reader.
fn language_feed_title(configured: Option<&str>, main: &str, lang: &str) -> String {
    match configured {
        Some(title) if title != main => title.to_owned(),
        _ => format!("{main} ({lang})"),
    }
}

/// What an item costs of a document's byte budget: its content (when its entry carries it),
/// summary and title, the parts that grow with the statement (the rest of an entry is a few
/// hundred bytes of dates, links and names).
/// `body` is the length of the item's `content_html`.
fn budget_bytes(item: &Item, body: usize, content: EntryContent) -> usize {
    let text = if carries_content(item, content) {
        body
    } else {
        0
    };
    text + item.summary.value.len() + item.title.value.len()
}

/// Whether an item's entry in a feed whose entries carry `content` holds the whole text: always
/// for full-text feeds, and in a summary feed when the item has no page to link to (pages off
/// and no `permalink`), since an entry must lead its reader to the text somewhere.
pub(crate) fn carries_content(item: &Item, content: EntryContent) -> bool {
    content == EntryContent::Full || item.url.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_feed_titles_differ_from_the_main_title() {
        assert_eq!(
            language_feed_title(Some("Statements"), "Declarações", "en"),
            "Statements"
        );
        assert_eq!(
            language_feed_title(Some("Declarações"), "Declarações", "pt"),
            "Declarações (pt)"
        );
        assert_eq!(
            language_feed_title(None, "Declarações", "es"),
            "Declarações (es)"
        );
    }

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
        assert!(flags.len() <= paths::MAX_COMPONENT_BYTES, "{flags}");
        assert!(flags.starts_with("triangular-flag-on-post-"), "{flags}");
        for t in ["", " ", "🚩", "..", "/"] {
            let s = tag_slug(t);
            assert!(
                !s.is_empty() && !s.contains(['/', '.', '\\']),
                "{t:?} → {s}"
            );
        }
    }

    /// The grouping as it was first written: a slug made and looked up in a B-tree for every
    /// tag of every item.
    fn tag_groups_by_slug(all: &[Item], published: &[usize]) -> Vec<TagGroup> {
        let mut by_slug: BTreeMap<String, (String, Vec<usize>, Vec<String>)> = BTreeMap::new();
        for &i in published.iter().rev() {
            for tag in &all[i].tags.value {
                let entry = by_slug
                    .entry(tag_slug(tag))
                    .or_insert_with(|| (tag.clone(), Vec::new(), Vec::new()));
                if entry.1.last() != Some(&i) {
                    entry.1.push(i);
                }
                if !entry.2.contains(tag) {
                    entry.2.push(tag.clone());
                }
            }
        }
        by_slug
            .into_iter()
            .map(|(slug, (name, items, spellings))| TagGroup {
                slug,
                name,
                items,
                spellings,
            })
            .collect()
    }

    fn shape(groups: &[TagGroup]) -> Vec<(String, String, Vec<usize>, Vec<String>)> {
        groups
            .iter()
            .map(|g| {
                (
                    g.slug.clone(),
                    g.name.clone(),
                    g.items.clone(),
                    g.spellings.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn tags_are_grouped_by_slug_named_by_their_oldest_spelling() {
        let tagged = |tags: &[&str]| {
            let mut item = crate::cache::record::tests::item();
            item.tags.value = tags.iter().map(|t| (*t).to_owned()).collect();
            item
        };
        let all = vec![
            tagged(&["Primero de Mayo", "strikes"]),
            tagged(&["primero-de-mayo", "Primero de Mayo", "Strikes"]),
            tagged(&[]),
            tagged(&["strikes", "STRIKES", "Казахстан"]),
            tagged(&["kazakhstan", "strikes"]),
            tagged(&["Primero de Mayo"]),
        ];
        // Newest first, one left out (a draft).
        let published = [5, 4, 3, 1, 0];
        let groups = tag_groups(&all, &published);
        assert_eq!(shape(&groups), shape(&tag_groups_by_slug(&all, &published)));
        let may = groups.iter().find(|g| g.slug == "primero-de-mayo").unwrap();
        assert_eq!(may.name, "Primero de Mayo");
        assert_eq!(may.items, [0, 1, 5]);
        assert_eq!(may.spellings, ["Primero de Mayo", "primero-de-mayo"]);
        let slugs: Vec<&str> = groups.iter().map(|g| g.slug.as_str()).collect();
        assert_eq!(slugs, ["kazakhstan", "primero-de-mayo", "strikes"]);
    }

    proptest::proptest! {
        #[test]
        fn tag_groups_are_those_of_the_slug_tree(
            tags in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        "[aAbB -]{0,3}",
                        "[aáÁß \u{130}\u{131}🚩Ж_.-]{0,4}",
                        "[ab]{240,260}",
                    ],
                    0..4,
                ),
                0..12,
            ),
        ) {
            let all: Vec<Item> = tags
                .iter()
                .map(|t| {
                    let mut item = crate::cache::record::tests::item();
                    item.tags.value = t.clone();
                    item
                })
                .collect();
            let published: Vec<usize> = (0..all.len()).rev().filter(|i| i % 5 != 3).collect();
            proptest::prop_assert_eq!(
                shape(&tag_groups(&all, &published)),
                shape(&tag_groups_by_slug(&all, &published))
            );
        }
    }
}
