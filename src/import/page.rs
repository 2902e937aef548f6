//! A statement page (fetched or saved HTML) → one [`Entry`], with `dom_smoothie` (a port of
//! Mozilla's Readability): the main text without the site's navigation, share buttons and
//! footer, and the metadata the page declares in `<meta>`, OpenGraph and JSON-LD (title,
//! author, language, publication date), which the crate reads as Readability does.
//!
//! What the page does not declare is left out of the front matter, so the build infers it from
//! the text like any pasted statement (title, date line, signature, language). The page's URL
//! (for a saved file: its canonical or `og:url` link) is both the id and the `source`.

use chrono::{DateTime, Utc};
use url::Url;

use super::entry::Entry;
use super::feed::{looks_like_html, resolve};
use super::markdown;

/// The statement on a page; the error says why none was found.
pub(crate) fn parse(bytes: &[u8], url: Option<&Url>) -> Result<Entry, String> {
    let html = String::from_utf8_lossy(bytes);
    if !looks_like_html(bytes) && !html.to_ascii_lowercase().contains("<body") {
        return Err("not an HTML page".to_owned());
    }
    let mut readability = dom_smoothie::Readability::new(html.as_ref(), url.map(Url::as_str), None)
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = readability
        .parse()
        .map_err(|e| format!("no statement text found on the page: {e}"))?;
    let link = url.cloned().or_else(|| declared_url(&html));
    let published = article.published_time.as_deref().and_then(parse_date);
    let body = markdown::body_of_html(&article.content);
    if body.trim().is_empty() {
        return Err("no statement text found on the page".to_owned());
    }
    Ok(Entry {
        id: None,
        title: Some(article.title.trim().to_owned()).filter(|t| !t.is_empty()),
        published,
        updated: article.modified_time.as_deref().and_then(parse_date),
        authors: article
            .byline
            .iter()
            .map(|b| b.trim().to_owned())
            .filter(|b| !b.is_empty())
            .collect(),
        lang: article.lang.clone(),
        tags: Vec::new(),
        link,
        body,
        enclosures: Vec::new(),
        translation_key: None,
        place: "page".to_owned(),
    })
}

/// The address a saved page declares for itself: `<link rel="canonical">`, else `og:url`
/// (dom_query, the HTML tree dom_smoothie reads too).
fn declared_url(html: &str) -> Option<Url> {
    let document = dom_query::Document::from(html);
    let canonical = document.select(r#"link[rel="canonical"]"#).attr("href");
    let og = document
        .select(r#"meta[property="og:url"]"#)
        .attr("content");
    canonical
        .iter()
        .chain(og.iter())
        .find_map(|href| resolve(href, None))
}

/// An RFC 3339 date-time, or a plain date (taken as midnight UTC).
fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="es"><head><title>Site name | Against the closure</title>
<meta property="og:title" content="Against the closure of the plant">
<meta property="og:url" content="https://sister.example/2024/closure/">
<meta property="article:published_time" content="2024-02-01T09:30:00+01:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Against the closure of the plant","author":{"@type":"Person","name":"Workers' Council"},
 "datePublished":"2024-02-01T09:30:00+01:00"}</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Against the closure of the plant</h1>
<p>The workers' council rejects the closure announced this week. Four hundred families depend on
the plant, and the company has not answered a single question about its plans for the site.</p>
<p>We call on everyone to join the assembly on Friday at the gate, and to bring their neighbours,
because what happens to the plant happens to the whole town.</p>
<p>Workers' Council, 1 February 2024</p></article>
<footer>Share on social media</footer></body></html>"#;

    #[test]
    fn main_text_and_metadata() {
        let entry = parse(PAGE.as_bytes(), None).unwrap();
        assert_eq!(
            entry.title.as_deref(),
            Some("Against the closure of the plant")
        );
        assert_eq!(
            entry.link.as_ref().map(Url::as_str),
            Some("https://sister.example/2024/closure/")
        );
        assert_eq!(
            entry.published.unwrap().to_rfc3339(),
            "2024-02-01T08:30:00+00:00"
        );
        assert_eq!(entry.lang.as_deref(), Some("es"));
        assert_eq!(entry.authors, vec!["Workers' Council".to_owned()]);
        assert!(
            entry.body.contains("Four hundred families"),
            "{}",
            entry.body
        );
        assert!(!entry.body.contains("Share on social"), "{}", entry.body);
        assert!(!entry.body.contains("Home"), "{}", entry.body);
    }

    #[test]
    fn not_a_page() {
        assert!(parse(b"{\"version\": 1}", None).is_err());
    }
}
