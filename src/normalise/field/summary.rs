//! The `summary` field.
//!
//! Rules, in order: the front matter's `summary`; the first paragraph of running text (rule
//! `first-paragraph`: never the title, a date line, a byline, a label or a salutation, which the
//! statement's analysis sets apart, nor a dateline before its first dash, nor a sub-heading
//! above the paragraph: `Attacks on Journalists` under an issuer formula); the paragraph after
//! a news site's intro ending with a colon (rule `after-intro`, see
//! [`header`](super::super::header)); the running text after a dateline, dated or not (rule
//! `after-dateline`, see [`dateline`](super::super::dateline)); the title.

use super::super::content;
use super::super::fields::{Fields, Key};
use super::Input;
use crate::model::{Origin, Rule, Sourced};

/// The longest inferred summary, in characters.
pub const SUMMARY_CHARS: usize = 280;

/// The summary, as plain text.
pub(crate) fn summary(input: &Input<'_>, f: &mut Fields<'_>, title: &str) -> Sourced<String> {
    front_matter(f)
        // A first block with no text of its own (a raw HTML block, a table) gives no summary:
        // a blank one is what validators warn about.
        .or_else(|| first_paragraph(input).filter(|s| !s.value.trim().is_empty()))
        .unwrap_or_else(|| the_title(input, title))
}

fn front_matter(f: &mut Fields<'_>) -> Option<Sourced<String>> {
    let (s, line) = f.string(Key::Summary)?;
    Some(Sourced::new(s, Origin::FrontMatter { line }))
}

/// Rule `first-paragraph`.
fn first_paragraph(input: &Input<'_>) -> Option<Sourced<String>> {
    let blocks = &input.statement.blocks;
    let mut prose = input.statement.prose();
    let mut i = prose.next()?;
    // The next prose block when block `i` is `skipped` and one follows; else `i`.
    let mut past = |i: usize, skipped: fn(&str) -> bool| {
        if skipped(&blocks[i].text) {
            prose.next().unwrap_or(i)
        } else {
            i
        }
    };
    // A salutation after an intro (`X обращается к главе …:` / `Уважаемый Игорь
    // Валентинович!`), or the `Presente` that closes a letter's address block: the letter
    // starts after it. A sub-heading above the first paragraph, and then the address block's
    // last line under the addressee's office (`Gobernador Constitucional del Estado` /
    // `Presente`), likewise.
    i = past(i, is_greeting);
    let below = past(i, is_sub_heading);
    if below != i {
        i = past(below, is_greeting);
    }
    let block = &input.statement.blocks[i];
    // The statement a news site's intro announces (`… Leia a nota na íntegra:`).
    let rule = if input.statement.intro.is_some_and(|intro| intro < i) {
        Rule::AfterIntro
    } else {
        Rule::FirstParagraph
    };
    // A dateline (`TRENTO, 3 marzo 2023 – …`) is the header's date, not the summary's text.
    Some(match super::super::dateline::body_start(&block.text) {
        Some(start) => shortened(&block.text[start..], block.line, Rule::AfterDateline),
        None => shortened(&block.text, block.line, rule),
    })
}

/// A salutation, or the line closing a Spanish letter's address block (`Presente`, `P r e s e
/// n t e`): never the summary.
fn is_greeting(text: &str) -> bool {
    // Asked of every statement's first paragraph: the length first, as `is_salutation` tests the
    // last character first.
    let presente = || {
        text.len() <= MAX_PRESENTE_BYTES
            && text
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .eq("presente".chars())
    };
    presente() || super::super::header_words::is_salutation(text)
}

/// The most bytes of a `Presente` line (`P r e s e n t e .`, with spaces around).
const MAX_PRESENTE_BYTES: usize = 32;

/// The most words of a sub-heading.
const MAX_SUB_HEADING_WORDS: usize = 6;
/// The most characters of a sub-heading (Chinese is written without spaces).
const MAX_SUB_HEADING_CHARS: usize = 50;

/// A sub-heading: a few words with no closing punctuation (`Attacks on Journalists`, `Flood
/// Relief`), which a paragraph follows.
fn is_sub_heading(text: &str) -> bool {
    let t = text.trim();
    // Bounded counts, the characters first: the text is most often a whole first paragraph.
    !t.is_empty()
        && t.chars().nth(MAX_SUB_HEADING_CHARS).is_none()
        && t.split_whitespace().nth(MAX_SUB_HEADING_WORDS).is_none()
        && !t.ends_with(|c: char| c.is_ascii_punctuation() || "。！？،؛…»”\"".contains(c))
        && t.chars().any(char::is_alphabetic)
}

fn the_title(input: &Input<'_>, title: &str) -> Sourced<String> {
    shortened(title, input.first_line(), Rule::FirstParagraph)
}

fn shortened(text: &str, line: usize, rule: Rule) -> Sourced<String> {
    Sourced::new(
        content::shorten(text, SUMMARY_CHARS),
        Origin::Text { line, rule },
    )
}

#[cfg(test)]
mod tests {
    use super::is_sub_heading;

    #[test]
    fn sub_headings() {
        assert!(is_sub_heading("Attacks on Journalists"));
        assert!(is_sub_heading("Flood Relief"));
        assert!(!is_sub_heading("We demand justice."));
        assert!(!is_sub_heading(
            "The Polit Bureau condemns the arrest of four journalists who reported"
        ));
        assert!(!is_sub_heading("Dear colleagues,"));
    }
}
