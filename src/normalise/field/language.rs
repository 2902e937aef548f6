//! The `lang` field.
//!
//! Rules, in order: the front matter's `lang`; a language suffix in the file name
//! (`statement.pt.txt`); detection over the paragraphs; detection's best guess when it is not
//! reliable but confident enough ([`lang::GUESS_CONFIDENCE`]), the whole text (title and closing
//! included) gives the same and it differs from the configured language, with a warning; the
//! configured language, with a warning.

use std::cell::OnceCell;

use super::super::fields::{Fields, Key};
use super::super::{lang, translations};
use super::Input;
use crate::diag::Guess;
use crate::model::{Origin, Sourced};

/// The item's language as a BCP 47 tag.
///
/// The paragraphs are detected at most once: the detection rules share the one reading.
pub(crate) fn language(input: &Input<'_>, f: &mut Fields<'_>) -> Sourced<String> {
    let reading = OnceCell::new();
    let read_paragraphs = || {
        reading
            .get_or_init(|| lang::detect(&paragraphs(input)))
            .clone()
    };
    front_matter(input, f)
        .or_else(|| file_name(input))
        .or_else(|| detected(read_paragraphs()))
        .or_else(|| best_guess(input, f, read_paragraphs()))
        .unwrap_or_else(|| configured(input, f, read_paragraphs()))
}

fn front_matter(input: &Input<'_>, f: &mut Fields<'_>) -> Option<Sourced<String>> {
    let (l, line) = f.string(Key::Lang)?;
    Some(match lang::normalise_tag(&l) {
        Some(tag) => Sourced::new(tag, Origin::FrontMatter { line }),
        None => {
            f.invalid(
                line,
                format!("`lang` = `{l}` is not a language tag such as `pt` or `pt-BR`"),
            );
            Sourced::new(input.config.lang.clone(), Origin::Config)
        }
    })
}

fn file_name(input: &Input<'_>) -> Option<Sourced<String>> {
    let (_, l) = translations::split_lang_suffix(&input.file.stem)?;
    Some(Sourced::new(l, Origin::FileName))
}

/// The plain text detection reads: the ordinary paragraphs.
fn paragraphs(input: &Input<'_>) -> String {
    let s = input.statement;
    s.paragraphs()
        .map(|i| s.blocks[i].text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `paragraphs`: detection over the paragraphs.
fn detected(paragraphs: Option<lang::Detected>) -> Option<Sourced<String>> {
    let d = paragraphs.filter(|d| d.reliable)?;
    Some(Sourced::new(
        d.code,
        Origin::Detected {
            confidence: d.confidence,
        },
    ))
}

/// Every block's text: the title, header lines and closing too.
fn whole_text(input: &Input<'_>) -> String {
    let s = input.statement;
    s.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Detection's best guess over the paragraphs, when it is confident enough, a reading of the
/// whole text agrees, and it is not the configured language anyway (then [`configured`] says
/// so, as before).
fn best_guess(
    input: &Input<'_>,
    f: &mut Fields<'_>,
    paragraphs: Option<lang::Detected>,
) -> Option<Sourced<String>> {
    let d = paragraphs.filter(|d| d.confidence >= lang::GUESS_CONFIDENCE)?;
    let whole = lang::detect(&whole_text(input))?;
    if whole.code != d.code || d.code == input.config.lang {
        return None;
    }
    f.guess(
        Guess::LanguageLowConfidence,
        input.first_line(),
        format!(
            "language `{}` detected with low confidence ({:.2}); add `lang` to the front matter \
             if it is wrong",
            d.code, d.confidence
        ),
    );
    Some(Sourced::new(
        d.code,
        Origin::Detected {
            confidence: d.confidence,
        },
    ))
}

fn configured(
    input: &Input<'_>,
    f: &mut Fields<'_>,
    paragraphs: Option<lang::Detected>,
) -> Sourced<String> {
    let lang = &input.config.lang;
    let guess = paragraphs
        .map(|d| format!(" (best guess `{}`)", d.code))
        .unwrap_or_default();
    f.guess(
        Guess::LanguageNotDetected,
        input.first_line(),
        format!(
            "language not given and not detected reliably{guess}; using `{lang}` from the \
             configuration: add `lang` to the front matter"
        ),
    );
    Sourced::new(lang.clone(), Origin::Config)
}
