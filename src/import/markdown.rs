//! HTML from elsewhere → the Markdown body of an item file, with `htmd` (html5ever underneath).
//!
//! Markdown has no tables with merged cells, no embedded media, no definition lists,
//! superscripts or figures with captions; an HTML body that holds any of those is kept as HTML,
//! one raw HTML block (blank lines removed, so Markdown reads it as one block), and the build's
//! sanitiser treats it as any other HTML in an item. What is a script or style is dropped
//! either way.

use htmd::HtmlToMarkdown;

/// Elements (and attributes) whose structure Markdown cannot carry.
const KEEP_AS_HTML: &[&str] = &[
    "<table",
    "<iframe",
    "<video",
    "<audio",
    "<figure",
    "<figcaption",
    "<sup",
    "<sub",
    "<dl",
    "<details",
    "colspan",
    "rowspan",
];

/// The body for `html`: Markdown, or the HTML itself when Markdown would lose structure.
pub(crate) fn body_of_html(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if KEEP_AS_HTML.iter().any(|tag| contains_tag(&lower, tag)) {
        return html_block(html);
    }
    to_markdown(html)
}

/// `html` converted to Markdown (scripts and styles dropped); the HTML as a block when the
/// converter fails.
pub(crate) fn to_markdown(html: &str) -> String {
    let converter = HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "noscript", "template"])
        .build();
    match converter.convert(html) {
        Ok(markdown) => markdown.trim().to_owned(),
        Err(_) => html_block(html),
    }
}

/// Plain text of an HTML fragment (a title given as HTML): its Markdown with the emphasis
/// marks that a title does not need removed.
pub(crate) fn to_text(html: &str) -> String {
    let text = to_markdown(html);
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A tag name (or attribute) that is whole: `<sup` but not `<super-x`, `rowspan` anywhere.
fn contains_tag(lower: &str, tag: &str) -> bool {
    if !tag.starts_with('<') {
        return lower.contains(tag);
    }
    lower.match_indices(tag).any(|(at, _)| {
        lower[at + tag.len()..]
            .chars()
            .next()
            .is_none_or(|c| c == '>' || c == '/' || c.is_whitespace())
    })
}

/// One raw HTML block: no blank lines inside (they would end it), wrapped in a `div`.
fn html_block(html: &str) -> String {
    let lines: Vec<&str> = html
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    format!("<div>\n{}\n</div>", lines.join("\n"))
}

/// WordPress keeps a post's paragraphs as blank-line separated text (its `wpautop` adds the
/// `<p>` when a page is shown); this does the same for a body without any `<p>`, so the
/// paragraphs survive the conversion.
pub(crate) fn autop(content: &str) -> String {
    if content.to_ascii_lowercase().contains("<p") {
        return content.to_owned();
    }
    let content = content.replace("\r\n", "\n");
    content
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.starts_with('<') && !p.starts_with("<a ") && !p.starts_with("<strong") {
                p.to_owned()
            } else {
                format!("<p>{}</p>", p.replace('\n', "<br>\n"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_html_becomes_markdown() {
        let md = body_of_html(
            "<p>We <strong>stand</strong> with the <a href=\"https://x.example/\">strikers</a>.</p>\
             <script>alert(1)</script><ul><li>one</li><li>two</li></ul>",
        );
        assert!(
            md.starts_with("We **stand** with the [strikers](https://x.example/)."),
            "{md}"
        );
        assert!(
            md.contains("one") && md.contains("two") && !md.contains("alert"),
            "{md}"
        );
    }

    #[test]
    fn structure_markdown_cannot_carry_stays_html() {
        let html = "<p>Results:</p>\n\n<table><tr><td colspan=\"2\">a</td></tr></table>";
        let body = body_of_html(html);
        assert_eq!(
            body,
            "<div>\n<p>Results:</p>\n<table><tr><td colspan=\"2\">a</td></tr></table>\n</div>"
        );
        assert!(!body_of_html("<p><supper>x</supper></p>").starts_with("<div>"));
    }

    #[test]
    fn wordpress_paragraphs() {
        assert_eq!(
            autop("First line\nsecond.\n\nThird."),
            "<p>First line<br>\nsecond.</p>\n<p>Third.</p>"
        );
        assert_eq!(autop("<p>Done</p>"), "<p>Done</p>");
        assert_eq!(to_text("<em>On</em> the strike"), "On the strike");
    }
}
