//! The `title` field.
//!
//! Rules, in order: the front matter's `title`; the title the statement's analysis found at the
//! top (a Markdown heading, the first line, the line after a label, an issuer formula or a
//! date line, or a forum's `标题: …` line: see [`statement`](super::super::statement)); the
//! first sentence of the first
//! paragraph. A title that was guessed gets a warning, so `check` can say so.

use super::super::content;
use super::super::fields::{Fields, Key};
use super::Input;
use crate::diag::Guess;
use crate::model::{Origin, Rule, Sourced};

/// The longest title taken from the first sentence, in characters.
pub const TITLE_CHARS: usize = 90;

/// The title. `front_matter` is the front matter's `title`, read once by the caller (it also
/// decides whether a heading in the text repeats it).
pub(crate) fn title(
    input: &Input<'_>,
    f: &mut Fields<'_>,
    front_matter: Option<(String, usize)>,
) -> Sourced<String> {
    front_matter
        .map(|(t, line)| Sourced::new(t, Origin::FrontMatter { line }))
        .or_else(|| heading(input, f))
        .or_else(|| first_sentence(input, f))
        .unwrap_or_else(|| missing(input, f))
}

/// Reads the front matter's `title`.
pub(crate) fn front_matter_title(f: &mut Fields<'_>) -> Option<(String, usize)> {
    f.string(Key::Title)
}

/// Rules `markdown-heading`, `first-line`, `title-after-label`, `title-after-header`,
/// `title-label`.
fn heading(input: &Input<'_>, f: &mut Fields<'_>) -> Option<Sourced<String>> {
    let h = input.statement.heading.as_ref()?;
    let line = input.line(h.block);
    if h.rule != Rule::MarkdownHeading {
        f.guess(
            Guess::TitleFromFirstLine,
            line,
            format!(
                "title inferred from the first line: \"{}\"; add `title` to the front matter to \
                 choose it",
                h.text
            ),
        );
    }
    Some(Sourced::new(
        h.text.clone(),
        Origin::Text { line, rule: h.rule },
    ))
}

/// Rule `first-sentence`.
fn first_sentence(input: &Input<'_>, f: &mut Fields<'_>) -> Option<Sourced<String>> {
    let i = input.statement.prose().next()?;
    let block = &input.statement.blocks[i];
    // The sentence's closing full stop is not part of a title.
    let sentence = content::first_sentence(&block.text);
    let sentence = sentence.strip_suffix(['.', '。']).unwrap_or(sentence);
    let t = content::shorten(sentence, TITLE_CHARS);
    f.guess(
        Guess::TitleFromFirstSentence,
        block.line,
        format!(
            "title inferred from the first sentence: \"{t}\"; add `title` to the front matter to \
             choose it"
        ),
    );
    Some(Sourced::new(
        t,
        Origin::Text {
            line: block.line,
            rule: Rule::FirstSentence,
        },
    ))
}

fn missing(input: &Input<'_>, f: &mut Fields<'_>) -> Sourced<String> {
    // An empty file already has its own error ("empty statement").
    if !input.file.body.trim().is_empty() {
        f.invalid(
            input.first_line(),
            "the item has no title and no text to take one from".to_owned(),
        );
    }
    Sourced::new(String::new(), Origin::Config)
}
