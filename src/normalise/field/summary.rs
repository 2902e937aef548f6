//! The `summary` field.
//!
//! Rules, in order: the front matter's `summary`; the first paragraph of running text (rule
//! `first-paragraph`: never the title, a date line, a byline, a label or a salutation, which the
//! statement's analysis sets apart, nor a dateline before its first dash); the title.

use super::super::content;
use super::super::fields::{Fields, Key};
use super::Input;
use crate::model::{Origin, Rule, Sourced};

/// The longest inferred summary, in characters.
pub const SUMMARY_CHARS: usize = 280;

/// The summary, as plain text.
pub(crate) fn summary(input: &Input<'_>, f: &mut Fields<'_>, title: &str) -> Sourced<String> {
    front_matter(f)
        .or_else(|| first_paragraph(input))
        .unwrap_or_else(|| the_title(input, title))
}

fn front_matter(f: &mut Fields<'_>) -> Option<Sourced<String>> {
    let (s, line) = f.string(Key::Summary)?;
    Some(Sourced::new(s, Origin::FrontMatter { line }))
}

/// Rule `first-paragraph`.
fn first_paragraph(input: &Input<'_>) -> Option<Sourced<String>> {
    let i = input.statement.prose().next()?;
    let block = &input.statement.blocks[i];
    // A dateline (`TRENTO, 3 marzo 2023 – …`) is the header's date, not the summary's text.
    Some(shortened(
        super::super::dateline::body(&block.text),
        block.line,
    ))
}

fn the_title(input: &Input<'_>, title: &str) -> Sourced<String> {
    shortened(title, input.first_line())
}

fn shortened(text: &str, line: usize) -> Sourced<String> {
    Sourced::new(
        content::shorten(text, SUMMARY_CHARS),
        Origin::Text {
            line,
            rule: Rule::FirstParagraph,
        },
    )
}
