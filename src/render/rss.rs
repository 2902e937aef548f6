//! RSS 2.0 with the RSS Advisory Board's best practices, written by the rss crate.
//!
//! - the summary goes in `description` and the full text in `content:encoded`; both are HTML to
//!   every reader, so the summary (plain text) is HTML-escaped first and the content is the
//!   sanitised HTML;
//! - signatories go in `dc:creator`, because `<author>` must be an e-mail address;
//! - tag-URI guids carry `isPermaLink="false"`;
//! - dates are RFC 822 with English names (the crate keeps dates as strings, so we format them);
//! - `atom:link rel="self"` names the document's own URL, and `atom:link rel="hub"` each
//!   WebSub hub.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Guid, Item as RssItem};

use rss::extension::{Extension, ExtensionMap};

use super::{FeedDoc, RenderError, GENERATOR, HISTORY_NAMESPACE};
use crate::model::Item;
use crate::types::dates::rfc822;
use crate::types::text::xml_safe;

fn s(text: &str) -> String {
    xml_safe(text).into_owned()
}

/// Plain text as HTML that shows exactly that text: `<description>` is read as HTML by every
/// reader, so a summary written `<script>` must arrive as `&lt;script&gt;`.
fn html_text(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    // Escaping into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut html, &xml_safe(text));
    html
}

/// Renders `doc` as an RSS 2.0 document.
pub(crate) fn render(doc: &FeedDoc<'_>) -> Result<Vec<u8>, RenderError> {
    let mut channel = Channel {
        title: s(doc.title),
        link: doc.home_url.to_string(),
        description: s(doc.subtitle.unwrap_or(doc.title)),
        language: Some(doc.lang.to_owned()),
        last_build_date: Some(rfc822(&doc.updated)),
        generator: Some(GENERATOR.to_owned()),
        items: doc.items.iter().map(|i| item(i)).collect(),
        ..Channel::default()
    };
    let mut self_link = Link::default();
    self_link.set_rel("self");
    self_link.set_href(doc.self_url.as_str());
    self_link.set_mime_type(Some("application/rss+xml".to_owned()));
    let mut links = vec![self_link];
    for (rel, url) in doc.history.links() {
        let mut l = Link::default();
        l.set_rel(rel);
        l.set_href(url.as_str());
        l.set_mime_type(Some("application/rss+xml".to_owned()));
        links.push(l);
    }
    for hub in doc.hubs {
        let mut hub_link = Link::default();
        hub_link.set_rel("hub");
        hub_link.set_href(hub.as_str());
        links.push(hub_link);
    }
    let mut atom = AtomExtension::default();
    atom.set_links(links);
    channel.set_atom_ext(Some(atom));
    let mut namespaces = BTreeMap::new();
    if doc.history.archive {
        namespaces.insert("fh".to_owned(), HISTORY_NAMESPACE.to_owned());
        let mut archive = Extension::default();
        archive.set_name("fh:archive");
        let mut map: ExtensionMap = BTreeMap::new();
        map.entry("fh".to_owned())
            .or_default()
            .insert("archive".to_owned(), vec![archive]);
        channel.set_extensions(map);
    }
    channel.set_namespaces(namespaces);

    let buffer = channel
        .pretty_write_to(Vec::new(), b' ', 2)
        .map_err(|e| RenderError::Writer {
            format: "RSS",
            message: e.to_string(),
        })?;
    let mut bytes = buffer;
    bytes.push(b'\n');
    Ok(bytes)
}

fn item(item: &Item) -> RssItem {
    let mut guid = Guid::default();
    guid.set_value(item.id.value.clone());
    guid.set_permalink(false);
    let mut dc = DublinCoreExtension::default();
    dc.set_creators(item.authors.value.iter().map(|a| s(a)).collect::<Vec<_>>());
    // RSS has no per-item language; Dublin Core's carries it for mixed-language feeds.
    dc.set_languages(vec![item.lang.value.clone()]);
    let translations: Vec<Link> = item
        .translations
        .iter()
        .filter_map(|t| {
            let url = t.url.as_ref()?;
            let mut l = Link::default();
            l.set_rel("alternate");
            l.set_href(url.as_str());
            l.set_hreflang(Some(t.lang.clone()));
            l.set_mime_type(Some("text/html".to_owned()));
            Some(l)
        })
        .collect();
    let atom_ext = (!translations.is_empty()).then(|| {
        let mut atom = AtomExtension::default();
        atom.set_links(translations);
        atom
    });
    RssItem {
        title: Some(s(&item.title.value)),
        link: item.url.as_ref().map(|u| u.to_string()),
        atom_ext,
        guid: Some(guid),
        pub_date: Some(rfc822(&item.published.value)),
        categories: item
            .tags
            .value
            .iter()
            .map(|t| Category {
                name: s(t),
                domain: None,
            })
            .collect(),
        description: Some(html_text(&item.summary.value)),
        content: Some(s(&item.content_html)),
        dublin_core_ext: Some(dc),
        ..RssItem::default()
    }
}
