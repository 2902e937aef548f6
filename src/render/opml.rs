//! `feeds.opml` (OPML 2.0): every feed of the set, so a reader can subscribe to all of them, or
//! pick, in one import. Written with quick-xml's writer (the `opml` crate cannot write nested
//! outlines with `language` attributes without a detour through its own model, and this is
//! twenty lines).

use std::io::Cursor;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;

use super::html::FeedLinks;
use super::RenderError;
use crate::types::text::xml_safe;

fn err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Writer {
        format: "OPML",
        message: e.to_string(),
    }
}

/// One group of outlines (`None` for top-level entries).
#[derive(Debug)]
pub(crate) struct Group<'a> {
    pub title: Option<&'a str>,
    pub feeds: &'a [FeedLinks],
}

/// Renders the OPML document. Each feed is listed once, by its Atom document.
pub(crate) fn render(
    title: &str,
    home: &str,
    groups: &[Group<'_>],
) -> Result<Vec<u8>, RenderError> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(err)?;
    let mut opml = BytesStart::new("opml");
    opml.push_attribute(("version", "2.0"));
    w.write_event(Event::Start(opml)).map_err(err)?;
    w.write_event(Event::Start(BytesStart::new("head")))
        .map_err(err)?;
    w.create_element("title")
        .write_text_content(quick_xml::events::BytesText::new(&xml_safe(title)))
        .map_err(err)?;
    w.write_event(Event::End(BytesEnd::new("head")))
        .map_err(err)?;
    w.write_event(Event::Start(BytesStart::new("body")))
        .map_err(err)?;
    for group in groups {
        if let Some(t) = group.title {
            let mut outline = BytesStart::new("outline");
            outline.push_attribute(("text", xml_safe(t).as_ref()));
            w.write_event(Event::Start(outline)).map_err(err)?;
        }
        for feed in group.feeds {
            let mut outline = BytesStart::new("outline");
            let t = xml_safe(&feed.title);
            outline.push_attribute(("type", "rss"));
            outline.push_attribute(("text", t.as_ref()));
            outline.push_attribute(("title", t.as_ref()));
            outline.push_attribute(("xmlUrl", feed.atom.as_str()));
            outline.push_attribute(("htmlUrl", home));
            outline.push_attribute(("language", feed.lang.as_str()));
            w.write_event(Event::Empty(outline)).map_err(err)?;
        }
        if group.title.is_some() {
            w.write_event(Event::End(BytesEnd::new("outline")))
                .map_err(err)?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("body")))
        .map_err(err)?;
    w.write_event(Event::End(BytesEnd::new("opml")))
        .map_err(err)?;
    let mut bytes = w.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}
