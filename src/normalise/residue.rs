//! Residue: the web-page furniture pasted along with a statement (breadcrumbs, share and print
//! buttons, category and reference lines, reading times, view counters, religious invocations
//! and section names above the title; tag lines, comment counters, "back to top" links and a
//! press-contact block under the closing).
//!
//! Why: statements are usually copied from a web page, and the lines around them would otherwise
//! be read as the title, the summary, a signatory or a slogan. Each rule below is small, named
//! and reads a line by its *shape* (a short line made only of words from one list in
//! [`residue_words`](super::residue_words), a label and a number, segments joined by `›`), so
//! a new language is new words, never a new rule.
//!
//! [`strip`] runs once, before the statement's blocks get their roles
//! ([`Statement::analyse`](super::statement::Statement::analyse)). Residue blocks are dropped
//! from the blocks: every rule then sees the statement as if it had been pasted clean, the
//! closing rules look at the lines before the residue, and the content of a plain-text statement
//! leaves the residue out (a Markdown statement's content is rendered from its source, so there
//! the lines stay as written). A blog meta line (`14 Eylül 2021 | 0 Yorum`) keeps its date part.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::phrases::PhraseList;
use super::residue_words as words;
use super::statement::words_up_to;
use super::statement::Block;
use crate::types::text::char_offset;

/// The word lists of the `only_words` rules, split into words once per run.
static SHARE_WORDS: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new(words::SHARE_WORDS));
static SHARE_FILLER: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new(words::SHARE_FILLER));
static READING_WORDS: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(words::READING_WORDS));
static READING_UNITS: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(words::READING_UNITS));
static VIEW_WORDS: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new(words::VIEW_WORDS));
static NO_WORDS: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new(&[]));
static COMMENT_WORDS: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(words::COMMENT_WORDS));
static COMMENT_FILLER: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(words::COMMENT_FILLER));
static SECTION_NOUNS: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(words::SECTION_NOUNS));
static SECTION_QUALIFIERS: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(words::SECTION_QUALIFIERS));

/// How many blocks from the top furniture (share, category, reference, reading time, views)
/// is looked for: it sits around the title, never in the body.
const TOP_BLOCKS: usize = 8;

/// How many blocks from the end a press-contact heading may be.
const CONTACT_BLOCKS: usize = 8;

/// A line longer than this is never residue: furniture is short.
const MAX_CHARS: usize = 120;
/// The longest block any residue rule looks at, in bytes: four times [`MAX_CHARS`], so every
/// short line passes whatever its script, and a tag or hashtag line may be longer.
const RESIDUE_MAX_BYTES: usize = 4 * MAX_CHARS;

/// Drops the residue around the statement (see the module header). Never drops every block.
pub(crate) fn strip(mut blocks: Vec<Block>) -> Vec<Block> {
    strip_top(&mut blocks);
    strip_bottom(&mut blocks);
    blocks
}

/// Residue above the statement: a leading run of breadcrumbs, invocations and section names,
/// and furniture lines anywhere among the first blocks.
fn strip_top(blocks: &mut Vec<Block>) {
    while blocks.len() > 1 && is_leading_residue(&blocks[0].text) {
        blocks.remove(0);
    }
    if blocks.len() > 2 && is_section_name(&blocks[0].text) {
        blocks.remove(0);
    }
    let mut i = 0;
    while i < TOP_BLOCKS.min(blocks.len()) && blocks.len() > 1 {
        if is_furniture(&blocks[i].text) {
            blocks.remove(i);
            continue;
        }
        if let Some(kept) = without_counters(&blocks[i].text) {
            blocks[i].source = kept.clone();
            blocks[i].text = kept;
            blocks[i].plain_lines = Default::default();
        }
        i += 1;
    }
}

/// Residue under the closing: tag, comment, share and page-jump lines, and a press-contact
/// block, in any order, from the end up.
fn strip_bottom(blocks: &mut Vec<Block>) {
    loop {
        if blocks.len() <= 1 {
            return;
        }
        let last = &blocks[blocks.len() - 1].text;
        if is_trailing_residue(last) {
            blocks.pop();
        } else if let Some(start) = event_notice_start(blocks) {
            blocks.truncate(start.max(1));
        } else if let Some(start) = press_contact_start(blocks) {
            blocks.truncate(start.max(1));
        } else {
            return;
        }
    }
}

/// Rule `event-notice`: the closing lines `Date: …` / `Time: …` / `Place: …` (`TARİH:` / `SAAT:`
/// / `YER:`) announce an event (a press conference, a rally), not the statement: the date there
/// is the event's. Two or more labelled lines at the end, one of them a time.
fn event_notice_start(blocks: &[Block]) -> Option<usize> {
    let start = blocks
        .iter()
        .rposition(|b| !event_label_in(b, &EVENT_LABELS))?
        + 1;
    let run = &blocks[start..];
    let timed = run.iter().any(|b| event_label_in(b, &EVENT_TIME_LABELS));
    (run.len() >= 2 && timed).then_some(start)
}

/// Rule `event-notice`, under the title: the number of event lines (`□ 일시 : …` / `□ 장소 :
/// …`, `Date: …` / `Time: …`) from block `start`, two or more with one a time; 0 when there is
/// no such notice. Header lines whose date is the event's, never the statement's.
pub(super) fn event_notice_run(blocks: &[Block], start: usize) -> usize {
    let run = blocks
        .iter()
        .skip(start)
        .take_while(|b| event_label_in(b, &EVENT_LABELS))
        .count();
    let timed = blocks[start..start + run]
        .iter()
        .any(|b| event_label_in(b, &EVENT_TIME_LABELS));
    if run >= 2 && timed {
        run
    } else {
        0
    }
}

/// Whether `b` is a short line labelled by a word of `list` (after a bullet: `□ 일시 :`).
fn event_label_in(b: &Block, list: &FoldedLabels) -> bool {
    short(&b.text)
        && split_label(b.text.trim_start_matches(BULLETS)).is_some_and(|(label, _)| {
            // `TARİH` lower-cases with a combining dot: compare fully folded.
            list.contains(&super::month_names::fold(&label))
        })
}

/// A list of event labels, folded by [`month_names::fold`](super::month_names::fold) once per
/// run (not once a block).
type FoldedLabels = LazyLock<HashSet<String>>;

static EVENT_LABELS: FoldedLabels = LazyLock::new(|| folded_set(words::EVENT_LABELS));
static EVENT_TIME_LABELS: FoldedLabels = LazyLock::new(|| folded_set(words::EVENT_TIME_LABELS));

fn folded_set(list: &[&str]) -> HashSet<String> {
    list.iter().map(|w| super::month_names::fold(w)).collect()
}

/// Marks that open a line of a list (`□ 일시 :`, `- Date:`).
const BULLETS: &[char] = &['□', '■', '○', '●', '◆', '◇', '▶', '-', '•', '*', '·', ' '];

/// Lines that only open a page: breadcrumbs, invocations, language switchers, and any
/// furniture.
fn is_leading_residue(text: &str) -> bool {
    short(text)
        && (is_breadcrumb(text)
            || is_invocation(text)
            || is_language_switcher(text)
            || is_furniture(text))
}

/// The language names and codes of a switcher, hashed once per run: every short line near the
/// top has its first word looked up (a hash, not a comparison with each of a hundred names).
static LANGUAGE_NAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| words::LANGUAGE_NAMES.iter().copied().collect());
static LANGUAGE_CODES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| words::LANGUAGE_CODES.iter().copied().collect());

/// [`is_language_switcher_line`] of a text.
pub(crate) fn is_language_switcher(text: &str) -> bool {
    with_line(text, is_language_switcher_line)
}

/// Rule `language-switcher`: a site's links to its other languages, two or more language
/// names (`English | עברית | العربية`, `Deutsch English`) or, with separators between them,
/// codes (`EN | HE | AR`, `fr / en`), and nothing else.
fn is_language_switcher_line(line: &Line<'_>) -> bool {
    if !short(line.text) {
        return false;
    }
    // `Language: English | العربية`: a label for the switcher may go before it.
    let labelled = match line.label() {
        Some((label, rest)) if in_list(label, words::LANGUAGE_LABELS) => Some(*rest),
        _ => None,
    };
    let text = labelled.unwrap_or(line.text);
    // Worked out only when a token is no language name (most lines stop at their first word).
    let separated = OnceCell::new();
    let separated = || {
        *separated.get_or_init(|| {
            text.contains(|c: char| {
                !(c.is_alphanumeric() || c.is_whitespace() || super::month_names::is_mark(c))
            })
        })
    };
    let language =
        |t: &str| LANGUAGE_NAMES.contains(t) || (separated() && LANGUAGE_CODES.contains(t));
    // The first word answers for most lines, read without folding the whole line.
    if labelled.is_none()
        && line.first_of_folded(|folded| switcher_tokens(folded).next().map(language)) != Some(true)
    {
        return false;
    }
    let folded_rest;
    let folded = match labelled {
        Some(rest) => {
            folded_rest = fold(rest);
            folded_rest.as_str()
        }
        None => line.folded(),
    };
    // Two tokens or more, all of them languages: the first token that is none answers.
    let mut count = 0usize;
    for t in switcher_tokens(folded) {
        if !language(t) {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// The words of a folded line as a language switcher reads them: any mark between the names
/// separates them (`English｜עברית`, `English │ عربي`).
fn switcher_tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| {
            !(c.is_alphanumeric() || super::month_names::is_mark(c) || c == '\u{200c}')
        })
        .filter(|t| !t.is_empty())
}

/// Short furniture lines found around the title.
fn is_furniture(text: &str) -> bool {
    short(text) && is_furniture_line(text)
}

/// The rules share one [`Line`]: the text is folded and split into tokens once, not once a
/// rule.
fn is_furniture_line(text: &str) -> bool {
    with_line(text, |line| {
        is_share(line)
            || is_invocation_line(line)
            || is_labelled_line(line, words::CATEGORY_LABELS)
            || is_photo_credit(line)
            || is_reference_number_line(line)
            || is_reading_time_line(line)
            || is_view_counter_line(line)
            || is_page_jump_line(line)
            || is_comment(line)
            || is_language_switcher_line(line)
    })
}

/// Lines that only close a page.
fn is_trailing_residue(text: &str) -> bool {
    may_be_residue(text) && is_trailing_line(text)
}

fn is_trailing_line(text: &str) -> bool {
    with_line(text, |line| {
        is_labelled_line(line, words::TAG_LABELS)
            || is_read_also_link(line)
            || is_reference_number_line(line)
            || is_hashtag_line(text)
            || is_comment(line)
            || is_page_jump_line(line)
            || is_share(line)
            || is_view_counter_line(line)
    })
}

/// Rule `breadcrumb`: 2+ short segments joined by `/ › » > |`, opening with a home word or a
/// "you are here" label, or 3+ segments.
pub(crate) fn is_breadcrumb(text: &str) -> bool {
    if text.chars().count() > MAX_CHARS {
        return false;
    }
    let (labelled, rest) = match split_label(text) {
        Some((label, rest)) if in_list(&label, words::BREADCRUMB_LABELS) => (true, rest),
        _ => (false, text),
    };
    let segments: Vec<&str> = rest
        .split(['›', '»', '>', '|', '→', '/', '\\'])
        .map(str::trim)
        .collect();
    // A segment is a few words (never a bare number: `03/08/2021` is a date).
    let short = |s: &&str| {
        s.chars().any(char::is_alphabetic) && words_up_to(s, 5 + 1) <= 5 && !s.ends_with('.')
    };
    if segments.len() < 2 || !segments.iter().all(short) {
        return false;
    }
    labelled || segments.len() >= 3 || in_list(&fold(segments[0]), words::BREADCRUMB_ROOTS)
}

/// [`is_share`] of a text.
#[cfg(test)]
pub(crate) fn is_share_line(text: &str) -> bool {
    with_line(text, is_share)
}

/// Rule `share-line`: a line made only of share, print and download words, networks and formats.
fn is_share(line: &Line<'_>) -> bool {
    short(line.text) && only_words_in(line, &SHARE_WORDS, &SHARE_FILLER, false)
}

/// [`is_labelled_line`] of a text.
#[cfg(test)]
pub(crate) fn is_labelled(text: &str, labels: &[&str]) -> bool {
    with_line(text, |line| is_labelled_line(line, labels))
}

/// Rule `labelled-line`: `Label: …` with a label from `labels` (categories, tags).
fn is_labelled_line(line: &Line<'_>, labels: &[&str]) -> bool {
    short(line.text)
        && line
            .label()
            .is_some_and(|(label, _)| in_list(label, labels))
}

/// Rule `photo-credit`: `Photo: …`, `צילום: …`, `קרדיט תמונה: …` under a title.
fn is_photo_credit(line: &Line<'_>) -> bool {
    is_labelled_line(line, words::PHOTO_CREDIT_LABELS)
}

/// Rule `read-also`: a link to another article under the statement (`Lire aussi : …`).
fn is_read_also_link(line: &Line<'_>) -> bool {
    is_labelled_line(line, words::READ_ALSO_LABELS)
}

/// [`is_reference_number_line`] of a text.
#[cfg(test)]
pub(crate) fn is_reference_number(text: &str) -> bool {
    with_line(text, is_reference_number_line)
}

/// Rule `reference-number`: a reference label and a short value holding a digit (`Sayı: 2024/07`,
/// `Nº 12/2024`, `Α.Π.: 214`).
fn is_reference_number_line(line: &Line<'_>) -> bool {
    if char_offset(line.text, 50).is_some() {
        return false;
    }
    // A line opening with a label opens with the label's first word.
    if line.cannot_open_with(&REFERENCE_FIRST_WORDS) {
        return false;
    }
    let lower = line.folded();
    words::REFERENCE_LABELS.iter().any(|label| {
        lower.strip_prefix(label).is_some_and(|rest| {
            let boundary = label.ends_with(['.', '№', '°', 'º'])
                || rest.starts_with(|c: char| !c.is_alphanumeric());
            let value = rest.trim_start_matches([':', '.', ' ', '：']).trim();
            // The value is a number or two (`2024/07`, `AB/12/2023`), never words.
            let numbers: Vec<&str> = value.split_whitespace().collect();
            boundary
                && (1..=2).contains(&numbers.len())
                && numbers.iter().all(|n| n.chars().any(char::is_numeric))
        })
    })
}

/// [`is_reading_time_line`] of a text.
pub(crate) fn is_reading_time(text: &str) -> bool {
    with_line(text, is_reading_time_line)
}

/// Rule `reading-time`: a number and a reading word (`5 min read`, `Lesezeit: 3 Min.`).
fn is_reading_time_line(line: &Line<'_>) -> bool {
    // `only_words_in` first: it stops at the first word of a sentence.
    only_words_in(line, &READING_UNITS, &READING_WORDS, true) && {
        let toks = line.tokens();
        READING_WORDS.occurs_in(toks) && toks.iter().any(|t| is_number(t))
    }
}

/// [`is_view_counter_line`] of a text.
pub(crate) fn is_view_counter(text: &str) -> bool {
    with_line(text, is_view_counter_line)
}

/// Rule `view-counter`: a number and a views word (`1 234 views`, `Aufrufe: 87`).
fn is_view_counter_line(line: &Line<'_>) -> bool {
    let text = line.text;
    short_cjk_with(text, words::VIEW_WORDS) && text.chars().any(char::is_numeric) || {
        // `only_words_in` first: it stops at the first word of a sentence.
        only_words_in(line, &VIEW_WORDS, &NO_WORDS, true)
            && line.tokens().iter().any(|t| is_number(t))
    }
}

/// A number as a counter writes it (`311`, `1.234`).
fn is_number(token: &str) -> bool {
    token.chars().any(char::is_numeric) && token.chars().all(|c| c.is_numeric() || c == '.')
}

/// [`is_page_jump_line`] of a text.
#[cfg(test)]
pub(crate) fn is_page_jump(text: &str) -> bool {
    with_line(text, is_page_jump_line)
}

/// Rule `page-jump`: `Back to top`, `Nach oben`, `bottom of page`.
fn is_page_jump_line(line: &Line<'_>) -> bool {
    // Folding keeps every letter and digit (lower case has one for each) and trimming drops
    // none: a line with more of them than the longest page jump is none, told without folding
    // it (the last line of a statement is asked, and may be a long closing sentence).
    if more_alphanumerics_than(line.text, *PAGE_JUMP_ALPHANUMERICS) {
        return false;
    }
    let t = line.folded().trim_matches(|c: char| !c.is_alphanumeric());
    in_list(t, words::PAGE_JUMPS)
}

/// The most letters and digits of a page jump of [`words::PAGE_JUMPS`].
static PAGE_JUMP_ALPHANUMERICS: LazyLock<usize> = LazyLock::new(|| {
    words::PAGE_JUMPS
        .iter()
        .map(|p| p.chars().filter(|c| c.is_alphanumeric()).count())
        .max()
        .unwrap_or(0)
});

/// Whether `text` holds more than `most` letters and digits, counted no further than that.
fn more_alphanumerics_than(text: &str, most: usize) -> bool {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .nth(most)
        .is_some()
}

/// [`is_comment`] of a text.
pub(crate) fn is_comment_line(text: &str) -> bool {
    with_line(text, is_comment)
}

/// Rule `comment-line`: a comment counter or link (`No comments`, `0 Yorum`, `已有0人发表了评论`).
fn is_comment(line: &Line<'_>) -> bool {
    if short_cjk_with(line.text, words::COMMENT_WORDS) {
        return true;
    }
    short(line.text) && only_words_in(line, &COMMENT_WORDS, &COMMENT_FILLER, true)
}

/// Rule `hashtag-line`: two or more hashtags and nothing else.
pub(crate) fn is_hashtag_line(text: &str) -> bool {
    // The first word that is no hashtag answers (most lines open with one).
    let mut tags = 0usize;
    for word in text.split_whitespace() {
        if !(word.starts_with('#') && word.len() > 1) {
            return false;
        }
        tags += 1;
    }
    tags >= 2
}

/// [`is_invocation_line`] of a text.
pub(crate) fn is_invocation(text: &str) -> bool {
    with_line(text, is_invocation_line)
}

/// Rule `invocation`: a religious invocation opening the statement (`بسم الله الرحمن الرحيم`).
fn is_invocation_line(line: &Line<'_>) -> bool {
    // A text opening with an invocation opens with the invocation's first word (the whole of
    // it, when a space follows it in the invocation).
    if line.cannot_open_with(&INVOCATION_FIRST_WORDS) {
        return false;
    }
    let t = line.folded();
    t.chars().count() <= 60 && words::INVOCATIONS.iter().any(|w| t.starts_with(w))
}

/// Whether `first` (a line's first word) starts with one of `first_words`, the first words of
/// a list's phrases ([`first_words`]): what every line that starts with one of the phrases does.
fn opens_with_first_word(first: &str, first_words: &[&str]) -> bool {
    first_words.iter().any(|w| first.starts_with(w))
}

/// The first word of each phrase of `list` (all of it up to its first space).
fn first_words<'w>(list: &[&'w str]) -> Vec<&'w str> {
    list.iter()
        .map(|w| w.split(' ').next().unwrap_or(w))
        .collect()
}

/// The first words of [`words::INVOCATIONS`] and [`words::REFERENCE_LABELS`], split off once.
static INVOCATION_FIRST_WORDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| first_words(words::INVOCATIONS));
static REFERENCE_FIRST_WORDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| first_words(words::REFERENCE_LABELS));

/// Rule `section-name`: a website section's name (`Joint Statements`, `Notas públicas`).
pub(crate) fn is_section_name(text: &str) -> bool {
    short(text)
        && !text.trim_end().ends_with(['.', ':'])
        && with_line(text, |line| {
            only_words_in(line, &SECTION_NOUNS, &SECTION_QUALIFIERS, false)
        })
}

/// Rule `blog-meta`: a line of `|`-separated parts, some of them counters (comments, views,
/// reading time): the other parts, e.g. the date, or `None` when there is nothing to drop.
pub(crate) fn without_counters(text: &str) -> Option<String> {
    // The length first: it answers for a paragraph without reading it.
    if !short(text) || !text.contains('|') {
        return None;
    }
    let parts: Vec<&str> = text.split('|').map(str::trim).collect();
    let counter = |p: &&str| is_comment_line(p) || is_view_counter(p) || is_reading_time(p);
    let kept: Vec<&str> = parts.iter().filter(|p| !counter(p)).copied().collect();
    (kept.len() < parts.len() && !kept.is_empty()).then(|| kept.join(" | "))
}

/// Rule `press-contact`: a press-contact heading near the end followed only by short lines
/// (a name, `Tel.: …`, an e-mail): the block the residue starts at.
fn press_contact_start(blocks: &[Block]) -> Option<usize> {
    let from = blocks.len().saturating_sub(CONTACT_BLOCKS).max(1);
    (from..blocks.len()).find(|&i| {
        is_press_contact_heading(&blocks[i].text)
            && blocks[i + 1..].iter().all(|b| is_contact_detail(&b.text))
    })
}

/// A press-contact heading, alone or with its first detail (`Press contact: Ana Lima`).
pub(crate) fn is_press_contact_heading(text: &str) -> bool {
    if !short(text) {
        return false;
    }
    let t = fold(text);
    let head = t.split([':', '：']).next().unwrap_or("").trim();
    in_list(head, words::PRESS_CONTACT) || names_a_contact(head, text)
}

/// The most words of a contact heading that is not in the list (`Kontakt für die Presse`,
/// `Ihre Ansprechpartnerin`, `Contact for journalists`).
const MAX_CONTACT_HEADING_WORDS: usize = 5;

/// A short heading closing with a colon, one of its words a word for "contact" (rule
/// `press-contact`): `Kontakt für die Presse:`, `Ihre Ansprechpartnerin:`.
fn names_a_contact(head: &str, text: &str) -> bool {
    text.trim_end().ends_with([':', '：'])
        && (1..=MAX_CONTACT_HEADING_WORDS)
            .contains(&words_up_to(head, MAX_CONTACT_HEADING_WORDS + 1))
        && head.split_whitespace().any(|w| {
            words::CONTACT_STEMS.iter().any(|stem| {
                w.trim_matches(|c: char| !c.is_alphabetic())
                    .starts_with(stem)
            })
        })
}

/// A line of a contact block: short, or holding an e-mail address or a phone number.
fn is_contact_detail(text: &str) -> bool {
    words_up_to(text, 10 + 1) <= 10 || text.contains('@')
}

/// A short CJK line (no spaces) holding one of the CJK words of `list`.
fn short_cjk_with(text: &str, list: &[&str]) -> bool {
    let t = text.trim();
    char_offset(t, 20).is_none()
        && !t.contains(' ')
        && list
            .iter()
            .filter(|w| w.chars().any(is_cjk))
            .any(|w| t.contains(w))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// [`only_words`] of the line's tokens. Its first word decides for most lines (the first word of
/// a sentence opens no phrase of the lists): that word is read without splitting the whole line.
fn only_words_in(
    line: &Line<'_>,
    required: &PhraseList,
    filler: &PhraseList,
    numbers: bool,
) -> bool {
    let opens_a_run = |first: &str| {
        (numbers && is_number(first)) || required.opens_with(first) || filler.opens_with(first)
    };
    // No word, or a first word that neither a number nor a phrase is: `only_words` says no.
    line.first_of_folded(|folded| token_iter(folded).next().map(opens_a_run)) == Some(true)
        && only_words(line.tokens(), required, filler, numbers)
}

/// Whether the tokens are all phrases of `required` or `filler` (numbers too when
/// `numbers`), with at least one of `required`.
fn only_words(toks: &[&str], required: &PhraseList, filler: &PhraseList, numbers: bool) -> bool {
    let mut i = 0;
    let mut found = false;
    'next: while i < toks.len() {
        if numbers && is_number(toks[i]) {
            i += 1;
            continue;
        }
        for (list, is_required) in [(required, true), (filler, false)] {
            if let Some(n) = list.match_at(&toks[i..]) {
                i += n;
                found |= is_required;
                continue 'next;
            }
        }
        return false;
    }
    found
}

/// The words of a line already [`fold`]ed, with punctuation around them trimmed off; separators
/// and arrows alone are not words.
fn tokens_of_folded(folded: &str) -> Vec<&str> {
    token_iter(folded).collect()
}

/// [`tokens_of_folded`], one at a time.
fn token_iter(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | '·' | '•' | ',' | ';'))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '‌'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
}

/// `Label: rest`, the label folded.
fn split_label(text: &str) -> Option<(String, &str)> {
    let (label, rest) = text.split_once([':', '：'])?;
    Some((fold(label).trim().to_owned(), rest.trim()))
}

fn in_list(s: &str, list: &[&str]) -> bool {
    list.contains(&s)
}

/// Residue is a line of page furniture, never a paragraph: a block longer than
/// [`RESIDUE_MAX_BYTES`] is not looked at (the rules tokenise and compare word lists, which on
/// every paragraph of every statement would cost more than the rest of the inference).
fn may_be_residue(text: &str) -> bool {
    text.len() <= RESIDUE_MAX_BYTES
}

fn short(text: &str) -> bool {
    // A character is 1 to 4 bytes: the byte length alone answers for most texts.
    text.len() <= MAX_CHARS || (text.len() <= 4 * MAX_CHARS && text.chars().count() <= MAX_CHARS)
}

/// A line the rules read, with its folded form, its tokens and its label worked out at most once
/// however many rules ask (each was once worked out again by every rule).
/// The folded text lives in the caller's cell (see [`with_line`]) so that the tokens can be
/// slices of it, not a `String` each.
struct Line<'a> {
    text: &'a str,
    folded: &'a OnceCell<String>,
    tokens: OnceCell<Vec<&'a str>>,
    label: OnceCell<Option<(String, &'a str)>>,
    first_word: OnceCell<Option<String>>,
}

/// `rule` asked about `text`, read as one [`Line`].
fn with_line<R>(text: &str, rule: impl FnOnce(&Line<'_>) -> R) -> R {
    let folded = OnceCell::new();
    rule(&Line::new(text, &folded))
}

impl<'a> Line<'a> {
    /// `folded` is an empty cell for the folded text.
    fn new(text: &'a str, folded: &'a OnceCell<String>) -> Line<'a> {
        Line {
            text,
            folded,
            tokens: OnceCell::new(),
            label: OnceCell::new(),
            first_word: OnceCell::new(),
        }
    }

    /// [`fold`] of the text.
    fn folded(&self) -> &'a str {
        self.folded.get_or_init(|| fold(self.text))
    }

    /// The first word of the folded text, folded alone (once, however many rules ask):
    /// [`fold`] works word by word (lower case neither makes nor takes white space, and the
    /// final sigma's context ends at a space), so it is the folded text's first word.
    fn folded_first_word(&self) -> Option<&str> {
        self.first_word
            .get_or_init(|| self.text.split_whitespace().next().map(fold))
            .as_deref()
    }

    /// Whether the line surely does not open with a phrase whose first words are `first_words`
    /// ([`first_words`]), told from its folded first word alone while the whole line is not
    /// folded yet: most lines are answered without folding the rest of them.
    fn cannot_open_with(&self, first_words: &[&str]) -> bool {
        self.folded.get().is_none()
            && self
                .folded_first_word()
                .is_some_and(|first| !opens_with_first_word(first, first_words))
    }

    /// `first` of the folded text, for a `first` that reads the first piece of a split at
    /// (at least) every white space: read from the folded first word when it holds a piece
    /// (the pieces of the folded line are those of its words, in order), so that most lines
    /// are answered without folding the whole of them; else from the folded text.
    fn first_of_folded<T>(&self, first: impl Fn(&str) -> Option<T>) -> Option<T> {
        if let Some(folded) = self.folded.get() {
            return first(folded);
        }
        self.folded_first_word()
            .and_then(&first)
            .or_else(|| first(self.folded()))
    }

    /// [`tokens_of_folded`] of the folded text.
    fn tokens(&self) -> &[&'a str] {
        self.tokens.get_or_init(|| tokens_of_folded(self.folded()))
    }

    /// [`split_label`] of the text.
    fn label(&self) -> Option<&(String, &'a str)> {
        self.label.get_or_init(|| split_label(self.text)).as_ref()
    }
}

/// Lower-cased, white space squeezed.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        let mut out = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            push_ascii_lowercase(&mut out, word);
        }
        return out;
    }
    // `str::to_lowercase` lowercases character by character but for `Σ`, whose lowercase
    // depends on its neighbours (final `ς`): a text without it is folded in one pass, without
    // the joined copy and the lowercased copy of it (the property test compares the two).
    if text.contains('Σ') {
        return fold_joined(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            push_ascii_lowercase(&mut out, word);
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// `word` lowercased onto `out`: for ASCII, what `char::to_lowercase` gives, a word at a time
/// instead of a character at a time.
fn push_ascii_lowercase(out: &mut String, word: &str) {
    let start = out.len();
    out.push_str(word);
    out[start..].make_ascii_lowercase();
}

/// [`fold`] by joining the words and lowercasing the whole.
fn fold_joined(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(line: usize, text: &str) -> Block {
        Block {
            line,
            lines: 1,
            source: text.to_owned(),
            text: text.to_owned(),
            plain_lines: Default::default(),
        }
    }

    fn texts(lines: &[&str]) -> Vec<String> {
        let blocks = lines.iter().enumerate().map(|(i, l)| block(i + 1, l));
        strip(blocks.collect())
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn breadcrumbs() {
        for yes in [
            "Home / News / Statements",
            "Início › Notícias › Notas públicas",
            "Accueil » Actualités » Communiqués",
            "Sie sind hier: Startseite › Presse",
            "الرئيسية | بيانات صحفية",
            "Strona główna > Aktualności",
            "Inici › Comunicats",
            "ΕΙΔΗΣΕΙΣ | ΚΟΙΝΩΝΙΑ",
            "News › Local",
            "Noticias / Sociedad",
        ] {
            assert!(is_breadcrumb(yes), "{yes}");
        }
        for no in [
            "Israel / Palestine",
            "03/08/2021 - 10h45",
            "2024/07/03",
            "Solidarity with the strikers. Bread / peace / land for all of us now and forever.",
            "We call on everyone to join the march on Saturday.",
        ] {
            assert!(!is_breadcrumb(no), "{no}");
        }
    }

    #[test]
    fn language_switchers() {
        for yes in [
            "English | עברית | العربية",
            "English עברית العربية",
            "EN | HE | AR",
            "Deutsch · English · Türkçe",
            "fr / en",
            "Русский Українська English",
            "فارسی | English",
            "אנגלית | ערבית",
            "עברית English عربي Русский አማርኛ",
            "Language: English | العربية",
            "English · عربية",
            "HEB | ENG | ARA",
            "English｜עברית｜العربية",
            "English │ עברית │ العربية",
        ] {
            assert!(is_language_switcher(yes), "{yes}");
        }
        for no in [
            "English",
            "de la",
            "En el barrio",
            "English teachers strike",
            "EN DE",
        ] {
            assert!(!is_language_switcher(no), "{no}");
        }
        assert_eq!(
            texts(&["English עברית العربية", "כותרת ההודעה", "טקסט."]),
            ["כותרת ההודעה", "טקסט."]
        );
    }

    #[test]
    fn news_sections() {
        for yes in ["Güncel", "ΕΙΔΗΣΕΙΣ", "Ειδήσεις", "Haberler"] {
            assert!(is_section_name(yes), "{yes}");
        }
        assert!(!is_section_name("Güncel sorunlar ve çözümler."));
    }

    #[test]
    fn photo_credits_and_read_also_links() {
        for yes in [
            "צילום: ארכיון",
            "קרדיט תמונה: דוברות הפורום",
            "Photo: Jane Doe",
            "Foto: Archivo",
            "Фото: пресс-служба",
        ] {
            assert!(is_furniture(yes), "{yes}");
        }
        for yes in [
            "Lire aussi : la fonderie en cinq dates",
            "Read more: the strike in ten pictures",
            "Leia também: o que muda com o decreto",
        ] {
            assert!(is_trailing_residue(yes), "{yes}");
        }
        for no in [
            "Photographers walk out over unpaid fees",
            "We demand: an end to the closures.",
        ] {
            assert!(!is_furniture(no) && !is_trailing_residue(no), "{no}");
        }
    }

    #[test]
    fn share_lines() {
        for yes in [
            "Share on Facebook",
            "Bagikan",
            "Compartir en Facebook",
            "Drucken | PDF herunterladen",
            "Print | PDF",
            "Partager cet article",
            "Версия для печати",
            "Поделиться:",
            "Share",
            "Paylaş",
            "Udostępnij",
            "Skriv ut",
            "Click here to download the joint statement.",
            "Download the full text (PDF)",
            "بشنوید",
            "Listen to the statement",
        ] {
            assert!(is_share_line(yes), "{yes}");
        }
        for no in [
            "Share the wealth",
            "Print media workers strike",
            "Facebook",
            "Listen to the workers of the port",
            "Click here",
        ] {
            assert!(!is_share_line(no), "{no}");
        }
    }

    #[test]
    fn category_and_tag_lines() {
        for yes in [
            "Category: Statements",
            "Κατηγορία: Ανακοινώσεις",
            "Kategorie: Presse",
            "Categoría: Comunicados",
        ] {
            assert!(is_labelled(yes, words::CATEGORY_LABELS), "{yes}");
        }
        for yes in [
            "Tags: housing, rent",
            "Mots-clés : logement",
            "Ετικέτες: απεργία",
            "Etiketler: grev",
            "Schlagwörter: Miete",
            "Etiquetas: vivienda",
            "برچسب‌ها: کارگران",
        ] {
            assert!(is_labelled(yes, words::TAG_LABELS), "{yes}");
        }
        assert!(!is_labelled("Date: 3 May 2021", words::TAG_LABELS));
        assert!(is_hashtag_line("#rent #strike"));
        assert!(!is_hashtag_line("#strike"));
    }

    #[test]
    fn reference_numbers() {
        for yes in [
            "Sayı: 2024/07",
            "الرقم: ٤٧/ن/٢٠١٩",
            "شماره: ۱۲۷/ب",
            "Α.Π.: 214",
            "Ref.: AB/12/2023",
            "Nº 12/2024",
            "№ 45",
        ] {
            assert!(is_reference_number(yes), "{yes}");
        }
        for no in [
            "Refugees welcome",
            "Nobody is illegal 2024",
            "No 2 the war",
            "No. 10 must go",
        ] {
            assert!(!is_reference_number(no), "{no}");
        }
    }

    #[test]
    fn counters_and_jumps() {
        for yes in ["5 min read", "Lesezeit: 3 Min.", "Tempo de leitura: 4 min"] {
            assert!(is_reading_time(yes), "{yes}");
        }
        for yes in [
            "1234 views",
            "Aufrufe: 87",
            "Просмотров: 311",
            "浏览次数：120",
        ] {
            assert!(is_view_counter(yes), "{yes}");
        }
        assert!(!is_view_counter(
            "Our views on the 2024 budget and the cuts it makes"
        ));
        for yes in [
            "top of page",
            "Back to top ↑",
            "Nach oben",
            "bottom of page",
            "↑ Başa dön",
            "« Zurück zur Übersicht",
            "← Back to the list",
            "Retour à la liste",
            "– 30 –",
            "-30-",
            "ENDS",
        ] {
            assert!(is_page_jump(yes), "{yes}");
        }
        // Counted before folding: however much punctuation and space around it, a page jump.
        let padded = format!("{0}  Back   to   TOP  {0}", "↑-".repeat(60));
        assert!(is_page_jump(&padded));
        assert!(!is_page_jump(
            "Back to top of this long page, and then on to the next one"
        ));
    }

    /// The count that spares [`is_page_jump_line`] its fold is a lower bound of the folded
    /// text's: every letter and digit lower-cases to at least one letter or digit.
    #[test]
    fn lower_case_keeps_every_letter_and_digit() {
        for c in (char::MIN..=char::MAX).filter(|c| c.is_alphanumeric()) {
            assert!(c.to_lowercase().any(char::is_alphanumeric), "{c:?}");
            let folded = fold(&c.to_string());
            assert!(folded.chars().any(char::is_alphanumeric), "{c:?}");
        }
        assert!(!more_alphanumerics_than("Back to top ↑", 9));
        assert!(more_alphanumerics_than("Back to top ↑", 8));
    }

    #[test]
    fn an_invocation_under_the_header_is_residue() {
        let kept = texts(&[
            "بیانیه انجمن",
            "تاریخ صدور: ۲۲ خرداد ۱۴۰۱",
            "به نام خداوند جان و خرد",
            "متن بیانیه.",
        ]);
        assert_eq!(
            kept,
            ["بیانیه انجمن", "تاریخ صدور: ۲۲ خرداد ۱۴۰۱", "متن بیانیه."]
        );
    }

    #[test]
    fn an_event_notice_at_the_end_is_residue() {
        let kept = texts(&[
            "Title",
            "We will hold a press conference.",
            "TARİH: 18 Mart 2022 Cuma",
            "SAAT: 11.00",
            "YER: Eski Liman Meydanı",
        ]);
        assert_eq!(kept, ["Title", "We will hold a press conference."]);
        // A labelled date alone is no event notice.
        let kept = texts(&["Title", "The statement.", "Date: 18 March 2022"]);
        assert_eq!(kept.len(), 3);
    }

    #[test]
    fn registration_numbers_close_a_page() {
        let kept = texts(&[
            "Title",
            "The statement.",
            "SINDICATO DE TRABAJADORES GRÁFICOS",
            "Inscripción Gremial N° 1874",
            "0 COMENTARIOS DE LOS LECTORES",
        ]);
        assert_eq!(
            kept,
            [
                "Title",
                "The statement.",
                "SINDICATO DE TRABAJADORES GRÁFICOS"
            ]
        );
        assert!(is_share_line("Compartilhe: Facebook | WhatsApp | Imprimir"));
    }

    #[test]
    fn comment_lines() {
        for yes in [
            "No comments",
            "No hay comentarios:",
            "Publicar un comentario",
            "Comments",
            "已有0人发表了评论",
            "0 Yorum",
            "3 Kommentare",
            "Nenhum comentário:",
            "Postar um comentário",
            "اترك تعليقاً",
            "Tinggalkan Balasan",
        ] {
            assert!(is_comment_line(yes), "{yes}");
        }
        assert!(!is_comment_line(
            "No comment on the verdict would be enough"
        ));
        assert_eq!(
            without_counters("14 Eylül 2021 | 0 Yorum").as_deref(),
            Some("14 Eylül 2021")
        );
        assert_eq!(without_counters("Peace | Bread"), None);
    }

    #[test]
    fn invocations_and_sections() {
        for yes in [
            "بسم الله الرحمن الرحيم",
            "باسمه تعالی",
            "به نام خداوند جان و خرد",
        ] {
            assert!(is_invocation(yes), "{yes}");
        }
        for yes in [
            "Joint Statements",
            "Notas públicas",
            "اعلامیه‌ها",
            "Pressemitteilungen",
        ] {
            assert!(is_section_name(yes), "{yes}");
        }
        for no in [
            "Press Statement",
            "Statement on the strike",
            "News from the front",
        ] {
            assert!(!is_section_name(no), "{no}");
        }
    }

    #[test]
    fn residue_is_dropped_around_the_statement() {
        let got = texts(&[
            "Home / News / Statements",
            "Joint Statements",
            "Workers will not pay for the crisis",
            "14 Eylül 2021 | 0 Yorum",
            "Share on Facebook",
            "The union calls a strike.",
            "The Executive Board",
            "Tags: strike, wages",
            "Press contact",
            "Ana Lima",
            "Tel.: +55 11 5555 0000",
            "ana@example.org",
            "No comments",
            "Back to top",
        ]);
        assert_eq!(
            got,
            [
                "Workers will not pay for the crisis",
                "14 Eylül 2021",
                "The union calls a strike.",
                "The Executive Board",
            ]
        );
    }

    #[test]
    fn a_block_of_whom_to_ask_is_a_press_contact() {
        for heading in [
            "Für Rückfragen:",
            "Ansprechpartnerin:",
            "For further information:",
            "Per informazioni:",
            "Kontakt für die Presse:",
            "Ihre Ansprechpartnerin:",
            "Contact for journalists:",
        ] {
            let got = texts(&[
                "Der Verein fordert den Landkreis auf, die Linie zu erhalten.",
                "Wir laden den Kreistag ein.",
                heading,
                "Jana Weller, Pressesprecherin",
                "Tel. 0171 2233445",
                "jana.weller@example.de",
            ]);
            assert_eq!(got.len(), 2, "{heading}");
        }
    }

    #[test]
    fn never_drops_everything() {
        assert_eq!(texts(&["Share"]), ["Share"]);
        assert_eq!(texts(&["Comments", "Share"]).len(), 1);
    }

    #[test]
    fn folds_as_joining_and_lowercasing_does() {
        for text in [
            "ΟΔΟΣ ΣΟΣ",
            "İstanbul  ĞÜŞ",
            "Straße\u{2003}ẞ",
            " \tÉ\u{85}Ω ",
            "ǅ ǈ",
            "",
        ] {
            assert_eq!(fold(text), fold_joined(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_is_fold_joined(
            text in "(?s)([a-zA-Z \t\n]|[ΣσςΑ-Ωα-ω]|[À-ɏ]|[İıĞğŞş]|[\u{85}\u{a0}\u{2000}-\u{200b}\u{3000}]|.){0,40}"
        ) {
            proptest::prop_assert_eq!(fold(&text), fold_joined(&text));
        }

        /// What [`Line`] reads from its words folded one at a time (the first token, the first
        /// switcher token, the opening words) is what it would read from the folded line.
        #[test]
        fn words_folded_alone_read_as_the_folded_line(
            text in "(?s)([a-zA-Z \t\n]|[ΣσςΑ-Ωα-ω]|[À-ɏ]|[İıĞğŞş]|[\u{85}\u{a0}\u{2000}-\u{200b}\u{3000}]|[|/·•,;'’-]|.){0,40}"
        ) {
            let folded = fold(&text);
            with_line(&text, |line| {
                let first = line.first_of_folded(|f| token_iter(f).next().map(str::to_owned));
                proptest::prop_assert_eq!(first, token_iter(&folded).next().map(str::to_owned));
                let switcher = line.first_of_folded(|f| switcher_tokens(f).next().map(str::to_owned));
                proptest::prop_assert_eq!(switcher, switcher_tokens(&folded).next().map(str::to_owned));
                let first_word = folded.split(' ').next().filter(|w| !w.is_empty());
                proptest::prop_assert_eq!(line.folded_first_word(), first_word);
                if let Some(first) = first_word {
                    for phrase in [first, "a b", "σ ς", "İ x"] {
                        let opens = folded.starts_with(phrase);
                        let phrase_first = first_words(&[phrase]);
                        proptest::prop_assert!(!opens || opens_with_first_word(first, &phrase_first));
                    }
                }
                Ok(())
            })?;
        }

        #[test]
        fn the_first_word_answers_as_all_the_words_do(
            text in "(?s)(min|read|lesezeit|views|aufrufe|share|on|facebook|print|no|comments|news|[0-9.]{1,4}|[a-zA-Zé]{1,6}|[ |/·•,;:-]|.){0,12}"
        ) {
            let lists: [(&PhraseList, &PhraseList, bool); 5] = [
                (&*SHARE_WORDS, &*SHARE_FILLER, false),
                (&*READING_UNITS, &*READING_WORDS, true),
                (&*VIEW_WORDS, &*NO_WORDS, true),
                (&*COMMENT_WORDS, &*COMMENT_FILLER, true),
                (&*SECTION_NOUNS, &*SECTION_QUALIFIERS, false),
            ];
            for (required, filler, numbers) in lists {
                let all = with_line(&text, |line| only_words(line.tokens(), required, filler, numbers));
                let first = with_line(&text, |line| only_words_in(line, required, filler, numbers));
                proptest::prop_assert_eq!(first, all, "{:?}", text);
            }
        }
    }
}
