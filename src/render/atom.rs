//! Atom 1.0 (RFC 4287), written with quick-xml's writer.
//!
//! Why not the atom_syndication crate: its `Entry` has no `xml:lang`, and a feed that mixes
//! languages needs the language on each entry; it also writes `+00:00` where readers and the W3C
//! validator's examples use `Z`. quick-xml still does all escaping structurally: no element or
//! attribute here is built by string concatenation.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::escape::push_xml_escaped;
use super::{
    xml_safe, EntryItem, FeedDoc, Frame, RenderError, Tombstone, XmlSafe, GENERATOR,
    HISTORY_NAMESPACE, TOMBSTONES_NAMESPACE,
};
use crate::types::dates::rfc3339;

pub(crate) const NAMESPACE: &str = "http://www.w3.org/2005/Atom";

type W = Writer<Vec<u8>>;

/// Room for what a document's head or an entry holds besides its text (links, dates): its
/// buffer is allocated once at about its final size instead of doubling as it grows.
const HEAD_CAPACITY: usize = 4096;

fn err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Writer {
        format: "Atom",
        message: e.to_string(),
    }
}

/// The head and the end of `doc` as an Atom feed document: its entries, as [`entry`] rendered
/// them, go between the two.
pub(super) fn frame(doc: &FeedDoc<'_>) -> Result<Frame, RenderError> {
    let mut w = Writer::new_with_indent(Vec::with_capacity(HEAD_CAPACITY), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(err)?;
    let mut feed = BytesStart::new("feed");
    feed.push_attribute(("xmlns", NAMESPACE));
    if doc.history.archive || doc.history.complete {
        feed.push_attribute(("xmlns:fh", HISTORY_NAMESPACE));
    }
    if !doc.deleted.is_empty() {
        feed.push_attribute(("xmlns:at", TOMBSTONES_NAMESPACE));
    }
    feed.push_attribute(("xml:lang", doc.lang));
    w.write_event(Event::Start(feed)).map_err(err)?;
    if doc.history.archive {
        w.write_event(Event::Empty(BytesStart::new("fh:archive")))
            .map_err(err)?;
    }
    if doc.history.complete {
        w.write_event(Event::Empty(BytesStart::new("fh:complete")))
            .map_err(err)?;
    }

    text_element(&mut w, "title", doc.title, Some("text"))?;
    if let Some(subtitle) = doc.subtitle {
        text_element(&mut w, "subtitle", subtitle, Some("text"))?;
    }
    text_element(&mut w, "id", doc.id, None)?;
    text_element(&mut w, "updated", &rfc3339(&doc.updated), None)?;
    link(
        &mut w,
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", doc.self_url.as_str()),
        ],
    )?;
    for hub in doc.hubs {
        link(&mut w, &[("rel", "hub"), ("href", hub.as_str())])?;
    }
    link(
        &mut w,
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", doc.home_url.as_str()),
        ],
    )?;
    for (rel, url) in doc.history.links() {
        link(
            &mut w,
            &[
                ("rel", rel),
                ("type", "application/atom+xml"),
                ("href", url.as_str()),
            ],
        )?;
    }
    person(&mut w, "author", doc.author)?;
    text_element(&mut w, "generator", GENERATOR, None)?;

    // Extension elements come before the entries (RFC 4287's schema: `atom:feed` holds its
    // metadata and extensions, then `atom:entry*`).
    for tombstone in doc.deleted {
        deleted_entry(&mut w, tombstone)?;
    }
    // Each entry was written by the same writer at the same depth (see `entry`), so after its
    // bytes the writer's indentation state is what it is here: the end tag written now, in a
    // buffer of its own, is the one the writer would write after the last entry.
    let head = std::mem::take(w.get_mut());
    w.write_event(Event::End(BytesEnd::new("feed")))
        .map_err(err)?;
    let mut tail = w.into_inner();
    tail.push(b'\n');
    Ok(Frame { head, tail })
}

/// One item's `<entry>`, as bytes to splice into any feed document that holds it: written at the
/// depth of a feed's children (after a `<feed>` start the bytes leave out), so it starts with the
/// line break and indentation that [`frame`] would give it.
/// Without `full`, the entry has its summary and no `<content>`: RFC 4287 (section 4.1.2) then
/// asks for an `alternate` link, the item's page.
pub(crate) fn entry(entry: &EntryItem<'_>, full: bool) -> Result<Vec<u8>, RenderError> {
    let item = entry.item();
    // Escaping makes the text longer, rarely by more than a quarter.
    let text = if full { item.content_html.len() } else { 0 } + item.summary.value.len();
    let capacity = text + text / 4 + HEAD_CAPACITY;
    let mut w = Writer::new_with_indent(Vec::with_capacity(capacity), b' ', 2);
    w.write_event(Event::Start(BytesStart::new("feed")))
        .map_err(err)?;
    // The writer keeps its depth; the bytes of the start tag are not wanted (cleared rather
    // than drained afterwards, which would move the whole entry).
    w.get_mut().clear();
    write_entry(&mut w, entry, full)?;
    let mut bytes = w.into_inner();
    // Kept for the whole build: give back what the estimate left over (shrinking moves
    // nothing).
    bytes.shrink_to_fit();
    Ok(bytes)
}

fn write_entry(w: &mut W, entry: &EntryItem<'_>, full: bool) -> Result<(), RenderError> {
    let item = entry.item();
    let mut start = BytesStart::new("entry");
    start.push_attribute(("xml:lang", item.lang.value.as_str()));
    w.write_event(Event::Start(start)).map_err(err)?;
    text_element(w, "title", &item.title.value, Some("text"))?;
    text_element(w, "id", &item.id.value, None)?;
    text_element(w, "published", &rfc3339(&item.published.value), None)?;
    text_element(w, "updated", &rfc3339(&item.updated.value), None)?;
    if let Some(url) = &item.url {
        link(
            w,
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", url.as_str()),
            ],
        )?;
    }
    for t in &item.translations {
        if let Some(url) = &t.url {
            link(
                w,
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("hreflang", t.lang.as_str()),
                    ("href", url.as_str()),
                ],
            )?;
        }
    }
    if let Some(source) = &item.source {
        link(w, &[("rel", "via"), ("href", source.value.as_str())])?;
    }
    // Every attachment and the lead image, with their sizes (RFC 4287 section 4.2.7.2).
    for file in item.files().chain(item.image()) {
        let size = file.size.to_string();
        link(
            w,
            &[
                ("rel", "enclosure"),
                ("type", file.media_type.as_str()),
                ("length", size.as_str()),
                ("href", file.url.as_str()),
            ],
        )?;
    }
    for author in &item.authors.value {
        person(w, "author", author)?;
    }
    for tag in &item.tags.value {
        let mut category = BytesStart::new("category");
        category.push_attribute(("term", xml_safe(tag).as_ref()));
        w.write_event(Event::Empty(category)).map_err(err)?;
    }
    text_element(w, "summary", &item.summary.value, Some("text"))?;
    if full {
        safe_text_element(w, "content", entry.xml_content(), Some("html"))?;
    }
    w.write_event(Event::End(BytesEnd::new("entry")))
        .map_err(err)?;
    Ok(())
}

/// An RFC 6721 tombstone: `<at:deleted-entry ref="id" when="…">`, with the withdrawal's reason
/// as `at:comment` and the page (which shows the notice) as a link.
fn deleted_entry(w: &mut W, tombstone: &Tombstone<'_>) -> Result<(), RenderError> {
    let mut start = BytesStart::new("at:deleted-entry");
    start.push_attribute(("ref", xml_safe(tombstone.id).as_ref()));
    start.push_attribute(("when", rfc3339(&tombstone.when).as_str()));
    w.write_event(Event::Start(start)).map_err(err)?;
    if let Some(url) = tombstone.url {
        link(w, &[("href", url.as_str())])?;
    }
    text_element(w, "at:comment", tombstone.comment, None)?;
    w.write_event(Event::End(BytesEnd::new("at:deleted-entry")))
        .map_err(err)?;
    Ok(())
}

/// `<name type="…">text</name>`: the events quick-xml's `write_text_content` writes, but the
/// text is escaped straight into the writer's buffer ([`push_xml_escaped`], the same bytes as
/// `BytesText::new`) instead of into a new string the writer then copies. An empty text event
/// first, so that the writer's indentation state is the one the text leaves (no line break
/// before the end tag).
fn text_element(w: &mut W, name: &str, text: &str, kind: Option<&str>) -> Result<(), RenderError> {
    let mut cleaned = None;
    safe_text_element(w, name, XmlSafe::of(text, &mut cleaned), kind)
}

/// [`text_element`] of text already made XML-safe: not scanned again.
fn safe_text_element(
    w: &mut W,
    name: &str,
    text: XmlSafe<'_>,
    kind: Option<&str>,
) -> Result<(), RenderError> {
    let start = start_tag(name, kind);
    w.write_event(Event::Start(start.borrow())).map_err(err)?;
    w.write_event(Event::Text(BytesText::from_escaped("")))
        .map_err(err)?;
    push_xml_escaped(w.get_mut(), text.as_str());
    w.write_event(Event::End(start.to_end())).map_err(err)?;
    Ok(())
}

/// `<name type="kind">`, a constant for the elements of every entry (`push_attribute` would
/// copy the tag to escape a constant value, for every title, summary and content).
fn start_tag<'n>(name: &'n str, kind: Option<&'n str>) -> BytesStart<'n> {
    let constant = match (name, kind) {
        (_, None) => return BytesStart::new(name),
        ("title", Some("text")) => r#"title type="text""#,
        ("summary", Some("text")) => r#"summary type="text""#,
        ("content", Some("html")) => r#"content type="html""#,
        (_, Some(kind)) => {
            let mut start = BytesStart::new(name);
            start.push_attribute(("type", kind));
            return start;
        }
    };
    BytesStart::from_content(constant, name.len())
}

fn link(w: &mut W, attributes: &[(&str, &str)]) -> Result<(), RenderError> {
    let mut element = BytesStart::new("link");
    for (k, v) in attributes {
        element.push_attribute((*k, xml_safe(v).as_ref()));
    }
    w.write_event(Event::Empty(element)).map_err(err)?;
    Ok(())
}

fn person(w: &mut W, role: &str, name: &str) -> Result<(), RenderError> {
    w.write_event(Event::Start(BytesStart::new(role)))
        .map_err(err)?;
    text_element(w, "name", name, None)?;
    w.write_event(Event::End(BytesEnd::new(role)))
        .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constant start tags are the bytes and the name `push_attribute` gives.
    #[test]
    fn constant_start_tags_are_the_pushed_ones() {
        for (name, kind) in [
            ("title", "text"),
            ("summary", "text"),
            ("content", "html"),
            ("subtitle", "text"),
            ("title", "a\"b"),
        ] {
            let mut pushed = BytesStart::new(name);
            pushed.push_attribute(("type", kind));
            let start = start_tag(name, Some(kind));
            assert_eq!(&*start, &*pushed, "{name} {kind}");
            assert_eq!(start.name().as_ref(), name.as_bytes());
        }
        assert_eq!(&*start_tag("id", None), b"id");
    }
}
