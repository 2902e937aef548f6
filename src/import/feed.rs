//! A feed document (RSS 0.9x, 1.0, 2.0, Atom, JSON Feed) → [`Entry`]s, with `feed-rs`, and the
//! link to its older entries: RFC 5005 `prev-archive` (Atom, or an `atom:link` in RSS) or JSON
//! Feed `next_url`.
//!
//! feed-rs makes up an id for an entry that has none (a hash of its link and title); here the
//! generator gives an empty one, so that an entry without an id is known as such and gets its
//! link as its id ([`Entry::pinned_id`]) rather than a hash that changes with its title.

use url::Url;

use super::entry::Entry;
use super::markdown;

/// One feed document, read.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub entries: Vec<Entry>,
    /// The document with the entries before these, when it names one.
    pub older: Option<Url>,
}

/// Parses `bytes`; `base` resolves relative links. The error says why it is not a feed.
pub(crate) fn parse(bytes: &[u8], base: Option<&Url>) -> Result<Page, String> {
    if looks_like_html(bytes) {
        return Err(
            "this is an HTML page, not a feed (import a statement page with `communique \
                    import page`, or give the address of the site's feed)"
                .to_owned(),
        );
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base.map(Url::as_str))
        .id_generator(|_links, _title, _uri| String::new())
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| format!("not a readable feed: {e}"))?;
    let older = older_link(&feed, bytes, base);
    let feed_authors: Vec<String> = feed.authors.iter().filter_map(person).collect();
    let entries = feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| entry(e, i + 1, &feed_authors, feed.language.as_deref(), base))
        .collect();
    Ok(Page { entries, older })
}

/// True when the document opens like an HTML page rather than XML or JSON.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<!doctype html") || text.starts_with("<html")
}

fn person(p: &feed_rs::model::Person) -> Option<String> {
    let name = p.name.as_deref()?.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// `prev-archive` among the feed's links, else a JSON Feed's `next_url`.
fn older_link(feed: &feed_rs::model::Feed, bytes: &[u8], base: Option<&Url>) -> Option<Url> {
    let href = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("prev-archive"))
        .map(|l| l.href.clone())
        .or_else(|| {
            if feed.feed_type != feed_rs::model::FeedType::JSON {
                return None;
            }
            let json: serde_json::Value = serde_json::from_slice(bytes).ok()?;
            json.get("next_url")?.as_str().map(str::to_owned)
        })?;
    resolve(&href, base)
}

/// An absolute http(s) URL from `href`, resolved against `base`.
pub(crate) fn resolve(href: &str, base: Option<&Url>) -> Option<Url> {
    let url = match base {
        Some(base) => base.join(href.trim()).ok()?,
        None => Url::parse(href.trim()).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn text_of(t: &feed_rs::model::Text) -> String {
    if t.content_type.to_string().contains("html") {
        markdown::to_text(&t.content)
    } else {
        t.content.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn entry(
    e: &feed_rs::model::Entry,
    n: usize,
    feed_authors: &[String],
    feed_lang: Option<&str>,
    base: Option<&Url>,
) -> Entry {
    let link = e
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .and_then(|l| resolve(&l.href, base));
    let mut authors: Vec<String> = e.authors.iter().filter_map(person).collect();
    if authors.is_empty() {
        authors = feed_authors.to_vec();
    }
    let body = match (&e.content, &e.summary) {
        (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
            let b = c.body.as_deref().unwrap_or_default();
            if c.content_type.to_string().contains("html") {
                markdown::body_of_html(b)
            } else {
                b.trim().to_owned()
            }
        }
        (_, Some(s)) if s.content_type.to_string().contains("html") => {
            markdown::body_of_html(&s.content)
        }
        (_, Some(s)) => s.content.trim().to_owned(),
        _ => String::new(),
    };
    let mut enclosures: Vec<Url> = e
        .media
        .iter()
        .flat_map(|m| m.content.iter())
        .filter_map(|c| c.url.as_ref())
        .filter_map(|u| resolve(u.as_str(), base))
        .collect();
    enclosures.extend(
        e.links
            .iter()
            .filter(|l| l.rel.as_deref() == Some("enclosure"))
            .filter_map(|l| resolve(&l.href, base)),
    );
    enclosures.dedup();
    Entry {
        id: Some(e.id.clone()).filter(|id| !id.trim().is_empty()),
        title: e.title.as_ref().map(text_of).filter(|t| !t.is_empty()),
        published: e.published,
        updated: e.updated,
        authors,
        lang: e.language.clone().or_else(|| feed_lang.map(str::to_owned)),
        tags: e
            .categories
            .iter()
            .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
            .collect(),
        link,
        body,
        enclosures,
        translation_key: None,
        place: format!("entry {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="pt">
  <title>Sister</title><id>tag:sister.example,2020:feed</id>
  <updated>2024-03-09T10:00:00Z</updated>
  <author><name>Sister Union</name></author>
  <link rel="prev-archive" href="archive/2023.xml"/>
  <entry>
    <title type="html">&lt;em&gt;On&lt;/em&gt; the strike</title>
    <id>tag:sister.example,2020:s/1</id>
    <link href="/s/1"/>
    <link rel="enclosure" href="/files/1.pdf" type="application/pdf"/>
    <published>2024-03-08T10:00:00Z</published>
    <updated>2024-03-09T10:00:00Z</updated>
    <category term="strikes"/>
    <content type="html">&lt;p&gt;We &lt;b&gt;stand&lt;/b&gt; together.&lt;/p&gt;</content>
  </entry>
  <entry><title>No id</title><link href="https://sister.example/s/2"/>
    <updated>2024-01-01T00:00:00Z</updated><summary>Short.</summary></entry>
</feed>"#;

    #[test]
    fn atom_entries_and_the_archive_link() {
        let base = Url::parse("https://sister.example/feed.xml").unwrap();
        let page = parse(ATOM.as_bytes(), Some(&base)).unwrap();
        assert_eq!(
            page.older.unwrap().as_str(),
            "https://sister.example/archive/2023.xml"
        );
        let [first, second] = &page.entries[..] else {
            panic!("{:?}", page.entries)
        };
        assert_eq!(first.id.as_deref(), Some("tag:sister.example,2020:s/1"));
        assert_eq!(first.title.as_deref(), Some("On the strike"));
        assert_eq!(
            first.link.as_ref().unwrap().as_str(),
            "https://sister.example/s/1"
        );
        assert_eq!(first.authors, vec!["Sister Union".to_owned()]);
        assert_eq!(first.lang.as_deref(), Some("pt"));
        assert_eq!(first.tags, vec!["strikes".to_owned()]);
        assert_eq!(first.body, "We **stand** together.");
        assert_eq!(
            first.enclosures[0].as_str(),
            "https://sister.example/files/1.pdf"
        );
        assert_eq!(second.id, None);
        assert_eq!(second.body, "Short.");
    }

    #[test]
    fn json_feed_next_url() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"T",
            "next_url":"https://sister.example/feed-2.json",
            "items":[{"id":"https://sister.example/s/3","content_text":"Text.","url":"https://sister.example/s/3"}]}"#;
        let page = parse(json.as_bytes(), None).unwrap();
        assert_eq!(
            page.older.unwrap().as_str(),
            "https://sister.example/feed-2.json"
        );
        assert_eq!(page.entries[0].body, "Text.");
    }

    #[test]
    fn html_and_garbage_are_not_feeds() {
        let err = parse(b"\n<!DOCTYPE html><html><body>Hi</body></html>", None).unwrap_err();
        assert!(err.starts_with("this is an HTML page, not a feed"), "{err}");
        let err = parse(b"<rss><channel><item>", None).unwrap_err();
        assert!(err.starts_with("not a readable feed"), "{err}");
    }
}
