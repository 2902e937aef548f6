//! A WordPress export (WXR, the XML of Tools → Export) → [`Entry`]s, read with quick-xml's
//! streaming reader (no WXR crate is maintained; the format is RSS 2.0 with `wp:`, `dc:`,
//! `content:` elements, so a small reader over the elements used here is enough).
//!
//! Only published posts (`wp:post_type` `post`, `wp:status` `publish`) are taken, and of those
//! the ones in a chosen category or tag when any are chosen. Per post: title, `guid` as the id
//! (what WordPress's own feeds gave as the id, so their readers see no duplicates), permalink
//! as source, `wp:post_date_gmt` (else `pubDate`), `wp:post_modified_gmt` as updated, the
//! author's display name, categories and tags as tags, the language and translation group from
//! Polylang's `language` / `post_translations` terms or WPML's `_wpml_language` /
//! `_wpml_translation_group` post meta, and `content:encoded` with WordPress's paragraphs
//! made into Markdown.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use url::Url;

use super::entry::Entry;
use super::markdown;
use crate::types::text::line_of_offset;

/// Which posts to take: any category or tag (slug or name) matching, or all when both are empty.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selection {
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// One `<category>` of a post.
#[derive(Debug, Default)]
struct Term {
    domain: String,
    nicename: String,
    name: String,
}

/// The fields of one `<item>` as read.
#[derive(Debug, Default)]
struct Post {
    line: usize,
    fields: BTreeMap<String, String>,
    terms: Vec<Term>,
    meta: BTreeMap<String, String>,
}

/// What the export gave: the chosen posts and what was left out, with why.
#[derive(Debug, Default)]
pub(crate) struct Export {
    pub entries: Vec<Entry>,
    /// `(line, message)` of posts that were skipped for a reason worth saying.
    pub notes: Vec<(usize, String)>,
}

/// Reads the export in `text`. The error (line, message) is the first malformed XML.
pub(crate) fn parse(text: &str, selection: &Selection) -> Result<Export, (usize, String)> {
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut authors: BTreeMap<String, String> = BTreeMap::new();
    let mut author_login = String::new();
    let mut channel_lang: Option<String> = None;
    let mut post: Option<Post> = None;
    let mut meta_key = String::new();
    let mut buffer = String::new();
    let mut export = Export::default();
    let mut seen_rss = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let line = line_of_offset(text, reader.error_position() as usize);
            (line, format!("not well-formed XML: {e}"))
        })?;
        match event {
            Event::Start(start) => {
                let name = qname(&start);
                seen_rss |= name == "rss";
                if name == "item" {
                    post = Some(Post {
                        line: line_of_offset(text, at),
                        ..Post::default()
                    });
                }
                if name == "category" {
                    push_term(post.as_mut(), &start);
                }
                path.push(name);
                buffer.clear();
            }
            Event::Empty(start) if qname(&start) == "category" => {
                push_term(post.as_mut(), &start);
            }
            Event::Text(t) => buffer.push_str(&t.xml10_content().unwrap_or_default()),
            Event::CData(c) => buffer.push_str(&c.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buffer.push(c);
                } else {
                    let name = r.decode().unwrap_or_default();
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buffer.push_str(s),
                        None => {
                            let line = line_of_offset(text, at);
                            return Err((line, format!("unknown entity `&{name};`")));
                        }
                    }
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or_default();
                let value = std::mem::take(&mut buffer);
                match (parent, name.as_str()) {
                    ("channel", "language") => channel_lang = Some(value.trim().to_owned()),
                    ("wp:author", "wp:author_login") => author_login = value.trim().to_owned(),
                    ("wp:author", "wp:author_display_name") => {
                        authors.insert(author_login.clone(), value.trim().to_owned());
                    }
                    ("channel", "item") => {
                        if let Some(p) = post.take() {
                            take_post(p, &authors, channel_lang.as_deref(), selection, &mut export);
                        }
                    }
                    ("item", "category") => {
                        if let Some(term) = post.as_mut().and_then(|p| p.terms.last_mut()) {
                            term.name = value.trim().to_owned();
                        }
                    }
                    ("wp:postmeta", "wp:meta_key") => meta_key = value.trim().to_owned(),
                    ("wp:postmeta", "wp:meta_value") => {
                        if let Some(p) = post.as_mut() {
                            p.meta.insert(std::mem::take(&mut meta_key), value);
                        }
                    }
                    ("item", field) => {
                        if let Some(p) = post.as_mut() {
                            p.fields.insert(field.to_owned(), value);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_rss {
        return Err((1, "not a WordPress export: no <rss> element".to_owned()));
    }
    Ok(export)
}

/// A `<category>` of the post being read (its name comes with its text).
fn push_term(post: Option<&mut Post>, start: &BytesStart<'_>) {
    if let Some(p) = post {
        p.terms.push(Term {
            domain: attr(start, "domain"),
            nicename: attr(start, "nicename"),
            name: String::new(),
        });
    }
}

fn qname(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.name().as_ref()).into_owned()
}

fn attr(start: &BytesStart<'_>, name: &str) -> String {
    start
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            quick_xml::escape::unescape(&raw)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

/// True when a chosen slug or name is among the post's terms of `domain`.
fn chosen(terms: &[Term], domain: &str, wanted: &[String]) -> bool {
    terms.iter().filter(|t| t.domain == domain).any(|t| {
        wanted
            .iter()
            .any(|w| w.eq_ignore_ascii_case(&t.nicename) || w.eq_ignore_ascii_case(&t.name))
    })
}

/// `2019-05-01 10:00:00` in UTC; WordPress writes `0000-00-00 00:00:00` for none.
fn gmt(value: Option<&String>) -> Option<DateTime<Utc>> {
    let value = value?.trim();
    NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S")
        .ok()
        .filter(|d| d.and_utc().timestamp() > 0)
        .map(|d| d.and_utc())
}

fn take_post(
    post: Post,
    authors: &BTreeMap<String, String>,
    channel_lang: Option<&str>,
    selection: &Selection,
    export: &mut Export,
) {
    let field = |k: &str| {
        post.fields
            .get(k)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    };
    if field("wp:post_type").unwrap_or("post") != "post" {
        return;
    }
    let title = field("title").map(str::to_owned);
    let shown = title.clone().unwrap_or_else(|| "(untitled)".to_owned());
    let status = field("wp:status").unwrap_or("publish");
    if status != "publish" {
        export.notes.push((
            post.line,
            format!("post `{shown}` is `{status}`, not published: left out"),
        ));
        return;
    }
    let any_chosen = !selection.categories.is_empty() || !selection.tags.is_empty();
    if any_chosen
        && !chosen(&post.terms, "category", &selection.categories)
        && !chosen(&post.terms, "post_tag", &selection.tags)
    {
        return;
    }
    let published = gmt(post.fields.get("wp:post_date_gmt")).or_else(|| {
        field("pubDate")
            .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
            .map(|d| d.with_timezone(&Utc))
    });
    let updated = gmt(post.fields.get("wp:post_modified_gmt"));
    let author = field("dc:creator").map(|login| {
        authors
            .get(login)
            .cloned()
            .unwrap_or_else(|| login.to_owned())
    });
    let tags = post
        .terms
        .iter()
        .filter(|t| matches!(t.domain.as_str(), "category" | "post_tag"))
        .filter(|t| t.nicename != "uncategorized")
        .map(|t| t.name.clone())
        .collect();
    let term = |domain: &str| {
        post.terms
            .iter()
            .find(|t| t.domain == domain)
            .map(|t| t.nicename.clone())
            .filter(|n| !n.is_empty())
    };
    let meta = |k: &str| {
        post.meta
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let lang = term("language")
        .or_else(|| meta("_wpml_language"))
        .or_else(|| channel_lang.map(str::to_owned));
    let translation_key = term("post_translations")
        .or_else(|| meta("_wpml_translation_group").map(|g| format!("wpml-{g}")));
    let content = post
        .fields
        .get("content:encoded")
        .map(String::as_str)
        .unwrap_or_default();
    export.entries.push(Entry {
        id: field("guid").map(str::to_owned),
        title,
        published,
        updated,
        authors: author.into_iter().collect(),
        lang,
        tags,
        link: field("link").and_then(|l| Url::parse(l).ok()),
        body: markdown::body_of_html(&markdown::autop(content)),
        enclosures: Vec::new(),
        translation_key,
        place: format!("line {}", post.line),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const WXR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old site</title><language>en-US</language>
  <wp:author><wp:author_login><![CDATA[ana]]></wp:author_login>
    <wp:author_display_name><![CDATA[Ana Example]]></wp:author_display_name></wp:author>
  <item>
    <title>On the &amp; strike</title>
    <link>https://old.example/2019/05/strike/</link>
    <pubDate>Wed, 01 May 2019 10:00:00 +0000</pubDate>
    <dc:creator><![CDATA[ana]]></dc:creator>
    <guid isPermaLink="false">https://old.example/?p=12</guid>
    <content:encoded><![CDATA[We stand together.

Solidarity!]]></content:encoded>
    <wp:post_date_gmt><![CDATA[2019-05-01 09:00:00]]></wp:post_date_gmt>
    <wp:post_modified_gmt><![CDATA[2019-05-02 09:00:00]]></wp:post_modified_gmt>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="statements"><![CDATA[Statements]]></category>
    <category domain="language" nicename="pt"><![CDATA[Português]]></category>
    <category domain="post_translations" nicename="pll_abc"><![CDATA[pll_abc]]></category>
  </item>
  <item><title>Draft</title><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
  <item><title>A page</title><wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>
  <item><title>Other</title><guid>https://old.example/?p=14</guid>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
    <category domain="category" nicename="news">News</category></item>
</channel></rss>"#;

    #[test]
    fn published_posts_with_their_fields() {
        let export = parse(WXR, &Selection::default()).unwrap();
        assert_eq!(export.entries.len(), 2);
        let e = &export.entries[0];
        assert_eq!(e.title.as_deref(), Some("On the & strike"));
        assert_eq!(e.id.as_deref(), Some("https://old.example/?p=12"));
        assert_eq!(
            e.published.unwrap().to_rfc3339(),
            "2019-05-01T09:00:00+00:00"
        );
        assert_eq!(e.updated.unwrap().to_rfc3339(), "2019-05-02T09:00:00+00:00");
        assert_eq!(e.authors, vec!["Ana Example".to_owned()]);
        assert_eq!(e.lang.as_deref(), Some("pt"));
        assert_eq!(e.translation_key.as_deref(), Some("pll_abc"));
        assert_eq!(e.tags, vec!["Statements".to_owned()]);
        assert_eq!(e.body, "We stand together.\n\nSolidarity!");
        assert_eq!(export.entries[1].lang.as_deref(), Some("en-US"));
        assert_eq!(export.notes.len(), 1, "{:?}", export.notes);
        assert!(export.notes[0].1.contains("`draft`"), "{:?}", export.notes);
    }

    #[test]
    fn chosen_categories_only() {
        let selection = Selection {
            categories: vec!["Statements".into()],
            tags: vec![],
        };
        let export = parse(WXR, &selection).unwrap();
        assert_eq!(export.entries.len(), 1);
        assert_eq!(
            export.entries[0].id.as_deref(),
            Some("https://old.example/?p=12")
        );
    }

    #[test]
    fn malformed_exports_name_the_line() {
        let (line, message) =
            parse("<rss>\n<channel>\n<item></channel>", &Selection::default()).unwrap_err();
        assert_eq!(line, 3, "{message}");
        assert!(message.starts_with("not well-formed XML"), "{message}");
        let (_, message) = parse("<feed></feed>", &Selection::default()).unwrap_err();
        assert!(message.contains("no <rss>"), "{message}");
    }
}
