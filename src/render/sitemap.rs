//! `sitemap.xml` (the sitemaps.org protocol, 0.9): every page of the site, with its last
//! change, and for a statement with translations every language version as an
//! `xhtml:link rel="alternate" hreflang="…"` alternate (itself included, as search engines ask).
//!
//! Written with quick-xml's writer, so every URL is escaped structurally (`&` in a query is
//! `&amp;`, as the protocol requires). Pure: the caller lists the pages.

use chrono::{DateTime, FixedOffset};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{xml_safe, RenderError};
use crate::types::dates::rfc3339;

/// The protocol's namespace.
pub(crate) const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The namespace of the `xhtml:link` alternates.
pub(crate) const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// One page of the sitemap.
#[derive(Debug)]
pub(crate) struct SitemapUrl<'a> {
    pub(crate) loc: &'a str,
    /// When its content last changed (W3C Datetime), if known.
    pub(crate) lastmod: Option<DateTime<FixedOffset>>,
    /// The page in every language, `(hreflang, URL)`, itself included; empty for a page with
    /// no translations.
    pub(crate) alternates: Vec<(&'a str, &'a str)>,
}

fn err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Writer {
        format: "sitemap",
        message: e.to_string(),
    }
}

/// Renders `urls`, in the order given, as a `<urlset>`.
pub(crate) fn render(urls: &[SitemapUrl<'_>]) -> Result<Vec<u8>, RenderError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(err)?;
    let mut set = BytesStart::new("urlset");
    set.push_attribute(("xmlns", NAMESPACE));
    if urls.iter().any(|u| !u.alternates.is_empty()) {
        set.push_attribute(("xmlns:xhtml", XHTML_NAMESPACE));
    }
    w.write_event(Event::Start(set)).map_err(err)?;
    for url in urls {
        w.write_event(Event::Start(BytesStart::new("url")))
            .map_err(err)?;
        w.create_element("loc")
            .write_text_content(BytesText::new(&xml_safe(url.loc)))
            .map_err(err)?;
        if let Some(lastmod) = &url.lastmod {
            w.create_element("lastmod")
                .write_text_content(BytesText::new(&rfc3339(lastmod)))
                .map_err(err)?;
        }
        for (lang, href) in &url.alternates {
            let mut link = BytesStart::new("xhtml:link");
            link.push_attribute(("rel", "alternate"));
            link.push_attribute(("hreflang", xml_safe(lang).as_ref()));
            link.push_attribute(("href", xml_safe(href).as_ref()));
            w.write_event(Event::Empty(link)).map_err(err)?;
        }
        w.write_event(Event::End(BytesEnd::new("url")))
            .map_err(err)?;
    }
    w.write_event(Event::End(BytesEnd::new("urlset")))
        .map_err(err)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}
