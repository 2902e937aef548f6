//! The `source` field: the original this statement republishes.
//!
//! Rules, in order: the front matter's `source`; a `Source: URL` line near the top or as the
//! last line (rule `source-line`). A `[Source]` marker without a link gets a warning.

use url::Url;

use super::super::fields::{Fields, Key};
use super::Input;
use crate::model::{Origin, Rule, Sourced};

/// The source link, if any.
pub(crate) fn source(input: &Input<'_>, f: &mut Fields<'_>) -> Option<Sourced<Url>> {
    let source = match front_matter(f) {
        Some(s) => {
            warn_if_the_text_disagrees(input, f, &s);
            Some(s)
        }
        None => source_line(input),
    };
    if source.is_none() {
        warn_markers_without_link(input, f);
    }
    source
}

/// Who first published a republished statement: the front matter's `source_name` (the
/// organisation, or the title of its feed) and `source_feed` (its RSS feed: RSS `<source>` must
/// name a feed, not a page).
pub(crate) fn republished(f: &mut Fields<'_>) -> (Option<Sourced<String>>, Option<Sourced<Url>>) {
    let name = f
        .string(Key::SourceName)
        .map(|(name, line)| Sourced::new(name, Origin::FrontMatter { line }));
    let feed = http_url(f, Key::SourceFeed);
    (name, feed)
}

fn front_matter(f: &mut Fields<'_>) -> Option<Sourced<Url>> {
    http_url(f, Key::Source)
}

/// An absolute http(s) URL under `key`; anything else is an error at its line.
fn http_url(f: &mut Fields<'_>, key: Key) -> Option<Sourced<Url>> {
    let (s, line) = f.string(key)?;
    match Url::parse(&s) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {
            Some(Sourced::new(url, Origin::FrontMatter { line }))
        }
        _ => {
            f.invalid(
                line,
                format!("`{key}` must be an absolute http(s) URL, not `{s}`"),
            );
            None
        }
    }
}

/// Rule `source-line`.
fn source_line(input: &Input<'_>) -> Option<Sourced<Url>> {
    let (i, url) = input.statement.source_url.as_ref()?;
    Some(Sourced::new(
        url.clone(),
        Origin::Text {
            line: input.line(*i),
            rule: Rule::SourceLine,
        },
    ))
}

fn warn_if_the_text_disagrees(input: &Input<'_>, f: &mut Fields<'_>, s: &Sourced<Url>) {
    if let Some((i, url)) = input.statement.source_url.as_ref() {
        if s.value != *url {
            f.warning(
                input.line(*i),
                format!(
                    "this line links to {url}, but `source` in the front matter is {}; the \
                     front matter wins",
                    s.value
                ),
            );
        }
    }
}

fn warn_markers_without_link(input: &Input<'_>, f: &mut Fields<'_>) {
    for (i, word) in &input.statement.source_markers {
        f.warning(
            input.line(*i),
            format!(
                "`[{word}]` marks a source, but the item has no source link: add \
                 `source = \"https://…\"` to the front matter (the marker is left out until then)"
            ),
        );
    }
}
