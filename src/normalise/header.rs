//! The top of a statement: its title and the header lines around it.
//!
//! Real statements put much above or under the title: a label (`Press release`), a date line
//! (`04.04.2022 19:18`, `April 7, 2017 By Public Affairs Office`, `Saltillo, Coah., 13 de
//! febrero del 2010`), a labelled date (`Fecha: …`), a byline, an issuer formula (`The Political
//! Bureau of X has issued the following statement:`), a subtitle, a salutation (`Dear
//! colleagues,`, or the people addressed alone: `Trabalhadoras e trabalhadores da Fiação,`). Each is a small rule over one block ([`kind`]); [`analyse`] walks the top
//! blocks once and records which are header lines (never a summary), which block is the title
//! and by which rule, the header's date and the issuer it names.
//!
//! Rules for the title, in order: `markdown-heading`; `first-line` (the first block reads as a
//! title); `title-after-label` (a label comes first); `title-after-header` (a date line, a
//! byline or an issuer formula comes first); `title-label` (a forum's `标题: …` / `Title: …`
//! line, whose title a later line may repeat: that repeat is a header line). Rules for the
//! header's date, in order: the first
//! labelled date or date line at the top (`labelled-date`, `header-date`); a bare date line
//! right after the first paragraph (`header-date`); a date closing the title (`title-date`, the
//! last day of a range such as `29 and 30 June 2008`).
//!
//! Also header lines, never a summary: a press office named alone at the top (`Пресс-служба`,
//! read as a label); an epigraph under the title (a line wholly in quotes) and the dash line
//! naming its author; a subtitle in brackets, whose date (`(adopted on 14 March 2024)`) is the
//! header's; short lines under the title above a separator (`*****`: a petition's aims). A
//! first paragraph opening with a place and a date before a dash gives the header's date by
//! rule `dateline` ([`dateline`](super::dateline)) and stays the body.

use super::closing::without_article;
use super::dates::{self, FoundDate};
use super::header_words::{
    after_byline_word, after_date_label, after_inner_date_label, after_issued_by_label,
    after_title_label, formula_issuer, is_newsroom, is_press_label, is_salutation, is_section,
    without_edit_note,
};
use super::rule::Rule;
use super::signatory_words::is_bare_press_office;
use super::slogans::unquote;
use super::statement::words_up_to;
use super::statement::{Block, HeaderDate, Heading};
use crate::collect::Format;

/// How many blocks from the top header lines are looked for.
const HEADER_BLOCKS: usize = 8;
/// The longest line that reads as a title when it has no sentence break inside.
const MAX_TITLE_CHARS: usize = 160;
/// The longest title that may hold a sentence break (`Stop. Now.`).
const MAX_TITLE_CHARS_WITH_BREAK: usize = 120;
/// The longest header line (date line, byline, label).
const MAX_HEADER_CHARS: usize = 160;

/// What the top of the statement says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Header {
    pub heading: Option<Heading>,
    /// Blocks that are header lines: kept in the content, never a summary or a paragraph.
    pub blocks: Vec<usize>,
    pub date: Option<HeaderDate>,
    /// The issuer a byline or a formula names, with its block and rule.
    pub issuer: Option<(usize, String, Rule)>,
    /// A news site's intro to the statement, ending with a colon (rule `after-intro`).
    pub intro: Option<usize>,
}

/// What one block at the top is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Label,
    /// `标题: …`: the title after its label.
    TitleLabel(String),
    /// `Date: …`.
    LabelledDate(FoundDate),
    /// A line that is a date, with perhaps a time, an edit note, a place or a byline.
    DateLine(FoundDate, Option<String>),
    Byline(String),
    /// `Issued by: A, B and C`: the list as written.
    IssuedBy(String),
    Formula(String),
    Salutation,
    Other,
}

/// Rule by rule, what a block at the top is.
pub(crate) fn kind(text: &str) -> Kind {
    if text.chars().count() > MAX_HEADER_CHARS {
        return Kind::Other;
    }
    // `Press Office`, `Пресс-служба` alone at the top says who speaks, not what: a label.
    if is_press_label(text) || is_bare_press_office(text) {
        return Kind::Label;
    }
    if let Some(title) = after_title_label(text) {
        return Kind::TitleLabel(title.to_owned());
    }
    if let Some((found, who)) = byline_then_date(text) {
        return Kind::DateLine(found, Some(who));
    }
    // `Date: …`, or a date label after other fields of a forum's chrome (`作者: admin    时间: …`).
    for rest in [after_date_label(text), after_inner_date_label(text)]
        .into_iter()
        .flatten()
    {
        // The first date after the label: `…, mis à jour le 4 février` comes after it.
        if let Some(found) = dates::find_first_in_text(rest) {
            // `rest` is a slice of `text`: its offset is where it starts in it.
            let offset = rest.as_ptr() as usize - text.as_ptr() as usize;
            let span = found.span.start + offset..found.span.end + offset;
            return Kind::LabelledDate(FoundDate { span, ..found });
        }
    }
    if let Some(list) = after_issued_by_label(text) {
        return Kind::IssuedBy(list.to_owned());
    }
    if let Some(issuer) = formula_issuer(text) {
        return Kind::Formula(issuer);
    }
    if let Some((found, byline)) = date_line(text) {
        return Kind::DateLine(
            found,
            byline.filter(|who| !is_newsroom(who) && !is_section(who)),
        );
    }
    if let Some(raw) = after_byline_word(text) {
        // Cleaned as a signatory is (no article, honorific or role after a comma) before it is
        // judged: a long role (`Por Marta Quirós Beltrán, presidenta de la Sociedad …`) does
        // not make the line a sentence.
        let who = super::closing::clean_name(raw);
        if is_byline_name(&who) && named_as_written(raw, &who) && !is_newsroom(&who) {
            return Kind::Byline(who);
        }
    }
    if is_salutation(text) {
        return Kind::Salutation;
    }
    // `A la comunidad universitaria:`, `Aux salariés :`: an address line closing with a colon
    // opens the text as a salutation does.
    if is_address(text) && text.trim_end().ends_with([':', '：']) {
        return Kind::Salutation;
    }
    Kind::Other
}

/// Words that open an address line (`A las autoridades`, `Aux élus`, `To the members`).
const ADDRESS_WORDS: &[&str] = &[
    "a", "al", "à", "aux", "ao", "aos", "às", "to", "an", "alla", "alle", "agli", "ai", "all'",
];

/// An address line: a few words opening with "to".
fn is_address(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=8).contains(&words.len())
        && ADDRESS_WORDS.contains(&super::month_names::fold(words[0]).as_str())
        && !text.ends_with(['.', '!', '?'])
}

/// Whether the name keeps the capital it was written with: `Por el derecho a la vivienda` is a
/// title (its `derecho` was raised only by dropping the article), not a byline.
fn named_as_written(raw: &str, who: &str) -> bool {
    who.split_whitespace()
        .next()
        .is_some_and(|first| raw.contains(first))
}

/// A byline names someone in a few words, with no sentence in it.
fn is_byline_name(who: &str) -> bool {
    let words = words_up_to(who, 10 + 1);
    (1..=10).contains(&words)
        && !who.ends_with(['.', '!', '?'])
        && who
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !c.is_lowercase())
}

/// Rule `header-date`: a line that is a date, perhaps with a time (`19:18`, `14h30`), an edit
/// note in parentheses, a place before it (`Saltillo, Coah.,`), or a byline after it (`By
/// Public Affairs Office`). Returns the date and the byline's name.
pub(crate) fn date_line(text: &str) -> Option<(FoundDate, Option<String>)> {
    // `… - Atualizado em 12/08/2023 às 16h05`: the edit's date is not the statement's.
    let text = without_edit_note(text);
    let found = dates::find_in_text(text)?;
    let before = text[..found.span.start].trim();
    let after = text[found.span.end..].trim();
    let after = without_times_and_notes(after);
    let after_clean = after.trim_matches(|c: char| SEPARATORS.contains(&c));
    if let Some(who) = after_byline_word(after_clean).map(without_article) {
        if is_byline_name(&who) {
            return (few_words(before, 3)).then_some((found, Some(who)));
        }
    }
    if let Some(who) = byline_before_date(before).filter(|_| few_words(&after, 0)) {
        return Some((found, Some(who)));
    }
    // `Coastal Press Freedom Network | 14 June 2021`: the name before the bar.
    // A date in another calendar before the bar (`ו' בתשרי התשפ"ד | 21 בספטמבר 2023`) is no name.
    if let Some(who) = before.strip_suffix('|').map(|w| without_article(w.trim())) {
        if is_byline_name(&who)
            && !who.contains('|')
            && few_words(after_clean, 0)
            && dates::find_in_text(&who).is_none()
        {
            return Some((found, Some(who)));
        }
    }
    // `March 3, 2022 | Marlow Valley Water Alliance`: a name set apart by a bar is a byline.
    if let Some(who) = after
        .trim_start()
        .strip_prefix('|')
        .map(|w| without_article(w.trim()))
    {
        if is_byline_name(&who) && !who.contains('|') {
            return (few_words(before, 3)).then_some((found, Some(who)));
        }
    }
    if before.is_empty() && is_kicker(&after) {
        return Some((found, None));
    }
    // `San Juan Tlalpa, Oax., 12 de mayo de 2019`: a place of a few words, closed by a comma.
    if before.ends_with([',', '،'])
        && few_words(before, MAX_PLACE_WORDS)
        && few_words(after_clean, 0)
    {
        return Some((found, None));
    }
    let rest = format!("{before} {after_clean}");
    few_words(&rest, 3).then_some((found, None))
}

/// Words that tie a byline to the date after it (`Posted by X on 14 March 2025`, `Publié par X
/// le 3 mars 2025`, `Veröffentlicht von X am 3. März 2025`), compared after folding.
const DATE_TIES: &[&str] = &[
    "on", "le", "am", "el", "em", "il", "op", "den", "в", "у", "στις",
];

/// Rule `byline`, then the date: `Posted by Millbrook Clean Air Group on 14 March 2025`,
/// `Veröffentlicht von X am 3. März 2025` (read before the date labels, whose words open some
/// bylines too).
fn byline_then_date(text: &str) -> Option<(FoundDate, String)> {
    after_byline_word(text)?;
    let text = without_edit_note(text);
    let found = dates::find_in_text(text)?;
    let after = without_times_and_notes(&text[found.span.end..]);
    let who = byline_before_date(&text[..found.span.start]).filter(|_| few_words(&after, 0))?;
    Some((found, who))
}

/// Rule `byline`, before the date: `Posted by X on`, `Publicado por X el`, `By X,` → `X`.
fn byline_before_date(before: &str) -> Option<String> {
    let before = before.trim_end_matches(|c: char| SEPARATORS.contains(&c));
    let raw = after_byline_word(before)?;
    let raw = match raw.rsplit_once(' ') {
        Some((name, tie)) if DATE_TIES.contains(&super::month_names::fold(tie).as_str()) => name,
        _ => raw,
    };
    let raw = raw.trim_end_matches(|c: char| SEPARATORS.contains(&c));
    let who = without_article(raw);
    let named = is_byline_name(&who) && named_as_written(raw, &who);
    (named && !is_newsroom(&who) && !is_section(&who)).then_some(who)
}

/// The most words of a place before a date (`San Juan Tlalpa, Oax.,`).
const MAX_PLACE_WORDS: usize = 5;

/// Rule `header-date`, news-portal form: `08.03.2023 | Santa Rita | CONFLICTO MUNICIPAL`, a date
/// followed by short segments set apart by bars (a place, a section), none a sentence.
fn is_kicker(after: &str) -> bool {
    let Some(rest) = after.trim_start().strip_prefix('|') else {
        return false;
    };
    let segments: Vec<&str> = rest.split('|').map(str::trim).collect();
    segments
        .iter()
        .all(|s| !s.is_empty() && few_words(s, 4) && !s.ends_with(['.', '!', '?']))
}

const SEPARATORS: &[char] = &[
    ',', '،', ';', '-', '–', '—', '|', '/', ' ', '·', '.', ':', '(', ')', '[', ']', '\u{a0}',
];

/// True when `text` has at most `n` words with letters or digits. A Han character counts as a
/// word (Chinese is written without spaces); weekday names, and a Hijri date written beside the
/// Gregorian one (`28 رمضان 1443 هـ الموافق`), are not words of the line.
fn few_words(text: &str, n: usize) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .filter(|w| !is_calendar_word(w))
        .map(|w| w.chars().filter(|c| is_han(*c)).count().max(1))
        .sum::<usize>()
        <= n
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Hijri months and the words around a Hijri date beside a Gregorian one.
#[rustfmt::skip]
const HIJRI_WORDS: &[&str] = &[
    "محرم", "صفر", "ربيع", "الأول", "الاول", "الآخر", "الثاني", "جمادى", "الأولى", "الآخرة", "رجب",
    "شعبان", "رمضان", "شوال", "ذو", "القعدة", "الحجة", "هـ", "ه", "الموافق", "م", "ق",
];

pub(super) fn is_calendar_word(word: &str) -> bool {
    let w = word.trim_matches(|c: char| SEPARATORS.contains(&c));
    w.chars().all(|c| c.is_numeric())
        || HIJRI_WORDS.contains(&w)
        || super::month_names::weekday(w).is_some()
}

/// `19:18 (updated 13:29)` → ``: times and parenthesised notes after a date are not words of
/// the line.
fn without_times_and_notes(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .filter(|w| !is_time(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `19:18`, `14h30`, `9.30`, `10:00h`, `UTC`, `GMT`.
fn is_time(word: &str) -> bool {
    let w = word.trim_matches(|c: char| SEPARATORS.contains(&c));
    let upper = w.to_uppercase();
    if matches!(
        upper.as_str(),
        "UTC" | "GMT" | "CET" | "CEST" | "EET" | "EEST" | "H" | "UHR" | "HS" | "HRS"
    ) {
        return true;
    }
    let digits = w.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | 'h' | 'H' | '.'))
}

/// Reads the top of a statement. `is_marker(i)` says whether block `i` is a `[Source]` marker
/// or a `Source:` line (those are neither title nor header).
pub(crate) fn analyse(
    blocks: &[Block],
    format: Format,
    is_marker: &dyn Fn(usize) -> bool,
) -> Header {
    let mut header = Header::default();
    if let Some(h) = markdown_heading(blocks, format) {
        header.heading = Some(h);
    }
    let mut before_title: Vec<Rule> = Vec::new();
    let start = usize::from(header.heading.is_some());
    let mut i = start;
    let mut subtitle_seen = false;
    while i < blocks.len().min(HEADER_BLOCKS) {
        if is_marker(i) {
            i += 1;
            continue;
        }
        // An event notice under the title (`□ 일시 : …` / `□ 장소 : …`): its date is the event's.
        let event = if header.heading.is_some() {
            super::residue::event_notice_run(blocks, i)
        } else {
            0
        };
        if event > 0 {
            header.blocks.extend(i..i + event);
            i += event;
            continue;
        }
        let block = &blocks[i];
        let k = if block.lines == 1 || format == Format::Markdown {
            kind(&block.text)
        } else {
            Kind::Other
        };
        match k {
            Kind::Other
                if header.heading.is_none()
                    && before_title.last() == Some(&Rule::TitleAfterLabel)
                    && is_address(&block.text) =>
            {
                // `A las autoridades del Estado` under `A la opinión pública`.
                header.blocks.push(i);
            }
            Kind::Other
                if header.heading.is_none()
                    && before_title.last() == Some(&Rule::TitleAfterLabel)
                    && header.issuer.is_none()
                    && is_issuer_line(blocks, i) =>
            {
                // `ПУБЛІЧНА ЗАЯВА` / `Громадська організація «…»` / `Щодо …`: the issuer's
                // name between the label and the title reads as a byline.
                header.blocks.push(i);
                let who = without_article(blocks[i].text.trim());
                header.issuer = Some((i, who, Rule::Byline));
            }
            Kind::Other
                if header.heading.is_none()
                    && before_title.is_empty()
                    && header.issuer.is_none()
                    && is_issuer_above_header(blocks, i) =>
            {
                // `Gewerkschaftsbund Region Weserland` / `PM 14/21 – 09.06.2021` / title: the
                // organisation's name above a date line reads as a byline.
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterHeader);
                let who = without_article(blocks[i].text.trim());
                header.issuer = Some((i, who, Rule::Byline));
            }
            Kind::Other
                if header.heading.is_none()
                    && before_title.is_empty()
                    && is_issuer_label(blocks, i) =>
            {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterLabel);
            }
            Kind::Other
                if header.heading.as_ref().is_some_and(|h| {
                    h.rule == Rule::TitleLabel && repeats(&h.text, &block.text)
                }) =>
            {
                // A forum shows the title again above the text.
                header.blocks.push(i);
            }
            Kind::Other => {
                if header.heading.is_none() && reads_as_title(blocks, i) {
                    let rule = if before_title.is_empty() {
                        Rule::FirstLine
                    } else if before_title.contains(&Rule::TitleAfterLabel) {
                        Rule::TitleAfterLabel
                    } else {
                        Rule::TitleAfterHeader
                    };
                    header.heading = Some(Heading {
                        block: i,
                        text: unquote(&block.text).to_owned(),
                        rule,
                    });
                } else if header.heading.is_some() && is_vocative(blocks, i, is_marker) {
                    // `کارگران شریف ساختمانی،`: the people addressed open the text.
                    header.blocks.push(i);
                    break;
                } else if header.heading.is_some()
                    && !subtitle_seen
                    && is_subtitle(blocks, i, is_marker)
                {
                    subtitle_seen = true;
                    header.blocks.push(i);
                    // `(adopted at the Council's meeting of 14 March 2024)`: the header's date.
                    if let Some(found) = bracketed_date(&block.text) {
                        set_date(&mut header, i, &block.text, found, Rule::HeaderDate);
                    }
                } else if header.heading.is_some() && is_epigraph(&block.text) {
                    // An epigraph under the title, and the line naming its author.
                    header.blocks.push(i);
                    if blocks.get(i + 1).is_some_and(|b| is_attribution(&b.text)) {
                        i += 1;
                        header.blocks.push(i);
                    }
                } else {
                    break;
                }
            }
            Kind::Label => {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterLabel);
            }
            Kind::TitleLabel(title) if header.heading.is_none() => {
                header.heading = Some(Heading {
                    block: i,
                    text: unquote(&title).to_owned(),
                    rule: Rule::TitleLabel,
                });
            }
            Kind::TitleLabel(_) => header.blocks.push(i),
            Kind::Salutation => {
                header.blocks.push(i);
                // A salutation opens the body: nothing after it is a header line.
                if header.heading.is_some() || i > start {
                    break;
                }
            }
            Kind::LabelledDate(found) => {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterHeader);
                set_date(&mut header, i, &block.text, found, Rule::LabelledDate);
            }
            Kind::DateLine(found, byline) => {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterHeader);
                set_date(&mut header, i, &block.text, found, Rule::HeaderDate);
                if let Some(who) = byline {
                    header.issuer.get_or_insert((i, who, Rule::Byline));
                }
            }
            Kind::Byline(who) => {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterHeader);
                header.issuer.get_or_insert((i, who, Rule::Byline));
            }
            Kind::IssuedBy(list) => {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterHeader);
                header.issuer = Some((i, list, Rule::IssuedBy));
            }
            Kind::Formula(who) => {
                header.blocks.push(i);
                before_title.push(Rule::TitleAfterHeader);
                header.issuer.get_or_insert((i, who, Rule::IssuerFormula));
                // The statement itself follows the formula.
                if header.heading.is_some() || i > start {
                    break;
                }
            }
        }
        i += 1;
    }
    if header.date.is_none() {
        date_in_dateline(blocks, &mut header, is_marker);
    }
    if header.date.is_none() {
        date_after_first_paragraph(blocks, &mut header, is_marker);
    }
    if header.date.is_none() {
        date_in_title(blocks, &mut header);
    }
    lines_above_a_separator(blocks, &mut header, is_marker);
    intro_before_the_text(blocks, &mut header, is_marker);
    header
}

/// The most words of a line between the title and a separator.
const MAX_WORDS_ABOVE_SEPARATOR: usize = 14;

/// A separator near the top (`*****`, `* * *`, `———`) under the title and a few short lines
/// without a full stop (a petition's aims: `من أجل الإبقاء على …` / `من أجل تعيين …`; a
/// subtitle and a motto): those lines and the separator are header lines, and the text starts
/// under it.
fn lines_above_a_separator(
    blocks: &[Block],
    header: &mut Header,
    is_marker: &dyn Fn(usize) -> bool,
) {
    let Some(first) = header.heading.as_ref().map(|h| h.block + 1) else {
        return;
    };
    let limit = blocks.len().min(HEADER_BLOCKS);
    let Some(separator) = (first..limit).find(|&j| is_separator(&blocks[j].text)) else {
        return;
    };
    let short_line = |i: usize| {
        let t = blocks[i].text.trim();
        blocks[i].lines == 1
            && words_up_to(t, MAX_WORDS_ABOVE_SEPARATOR + 1) <= MAX_WORDS_ABOVE_SEPARATOR
            && !t.ends_with(['.', '。', ':', '：'])
    };
    let above = first..separator;
    let shaped = above
        .clone()
        .all(|i| is_marker(i) || header.blocks.contains(&i) || short_line(i));
    if shaped && separator + 1 < blocks.len() {
        for i in above.chain(std::iter::once(separator)) {
            if !is_marker(i) && !header.blocks.contains(&i) {
                header.blocks.push(i);
            }
        }
    }
}

/// A line of three marks or more and nothing else (`*****`, `* * *`, `———`, `~~~`).
fn is_separator(text: &str) -> bool {
    // The test of every character first: a paragraph fails it at its first letter, while the
    // count would read all of it.
    text.chars()
        .all(|c| c.is_whitespace() || "*-_=~•·—–#+".contains(c))
        && text.chars().filter(|c| !c.is_whitespace()).count() >= 3
}

/// The fewest words of a news intro (`Leia a nota na íntegra:` closes a longer paragraph; a
/// short `We demand:` opens a list of the statement's own).
const MIN_INTRO_WORDS: usize = 8;

/// Rule `after-intro`: a first paragraph that ends with a colon, of a full sentence or more,
/// with running text after it (not a list: `1.`, `-`, `•`), is a news site's intro to the
/// statement it quotes (`… divulgou uma nota. Leia a nota na íntegra:`, `… Voici le texte
/// intégral :`, `… להלן ההודעה המלאה:`): a header line, never the summary.
fn intro_before_the_text(blocks: &[Block], header: &mut Header, is_marker: &dyn Fn(usize) -> bool) {
    let Some(first) = first_paragraph(blocks, header, is_marker) else {
        return;
    };
    let text = blocks[first].text.trim_end();
    // The colon first: the words of a first paragraph are many, and most close with no colon.
    let words = || words_up_to(text, MIN_INTRO_WORDS);
    let next_is_prose = || {
        blocks
            .get(first + 1)
            .is_some_and(|b| is_running_text(&b.text))
    };
    if text.ends_with([':', '：']) && words() >= MIN_INTRO_WORDS && next_is_prose() {
        header.blocks.push(first);
        header.intro = Some(first);
    }
}

/// The fewest words of a paragraph of running text after an intro.
const MIN_RUNNING_WORDS: usize = 6;

/// A paragraph of running text, not a list item (`1.`, `a)`, `-`, `•`, `*`).
fn is_running_text(text: &str) -> bool {
    let t = text.trim_start();
    let list_item = t.starts_with(['-', '–', '—', '•', '*', '·', '▪', '►'])
        || t.split_whitespace()
            .next()
            .is_some_and(|w| w.len() <= 4 && w.ends_with(['.', ')']) && !w.starts_with('('));
    // Counting stops at the least that answers (a paragraph has hundreds of words).
    let spaced = || t.split_whitespace().nth(MIN_RUNNING_WORDS - 1).is_some();
    // Scripts written without spaces count in characters.
    let unspaced = || {
        t.chars()
            .filter(|c| c.is_alphabetic())
            .nth(4 * MIN_RUNNING_WORDS - 1)
            .is_some()
    };
    !list_item && (spaced() || unspaced())
}

fn set_date(header: &mut Header, block: usize, text: &str, found: FoundDate, rule: Rule) {
    header.date.get_or_insert(HeaderDate {
        block,
        text: text.to_owned(),
        found,
        rule,
    });
}

/// Rule `markdown-heading`: a first block that is a Markdown heading.
fn markdown_heading(blocks: &[Block], format: Format) -> Option<Heading> {
    let first = blocks.first()?;
    (format == Format::Markdown && first.lines == 1 && first.source.trim_start().starts_with('#'))
        .then(|| Heading {
            block: 0,
            text: unquote(&first.text).to_owned(),
            rule: Rule::MarkdownHeading,
        })
        .filter(|h| !h.text.is_empty())
}

/// Rule `first-line`: a short single line with no closing full stop (in any script: `.` `。`
/// `،` …), that more text follows and that is not a date line. Up to 160 characters when it
/// holds no sentence break, 120 when it does.
/// `NOTA DA EXECUTIVA NACIONAL` above `Sobre o assassinato de …`: a line in capitals naming the
/// kind of statement and its issuer, above a line that reads as a title, is a label.
/// So is a line in capitals that opens with a kind of statement of two or three words and names
/// the bodies issuing it (`ΚΟΙΝΗ ΑΝΑΚΟΙΝΩΣΗ ΣΩΜΑΤΕΙΟΥ … ΚΑΙ ΣΥΛΛΟΓΟΥ …`, `COMUNICADO CONJUNTO DE
/// LA FEDERACIÓN …`).
fn is_issuer_label(blocks: &[Block], i: usize) -> bool {
    let text = blocks[i].text.trim();
    let names_issuer =
        || super::title_issuer::issuer(text).is_some() || opens_with_press_label(text);
    blocks[i].lines == 1
        && super::slogans::in_capitals(text)
        && names_issuer()
        && !super::slogans::in_capitals(blocks.get(i + 1).map_or("", |b| b.text.trim()))
        && reads_as_title(blocks, i + 1)
}

/// The most words of a kind of statement at the start of a line (`ΚΟΙΝΗ ΑΝΑΚΟΙΝΩΣΗ ΤΥΠΟΥ`).
const MAX_LABEL_WORDS: usize = 3;

/// The fewest words after such a label that name its issuers.
const MIN_ISSUER_WORDS: usize = 2;

/// Whether the first words of `text` are a press label of two or three words (`ΚΟΙΝΗ
/// ΑΝΑΚΟΙΝΩΣΗ`, `DELTIO TYPOU`, `JOINT STATEMENT`) and at least two more words follow: the
/// bodies issuing it, in whatever case their language puts them.
fn opens_with_press_label(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=MAX_LABEL_WORDS)
        .filter(|&n| n + MIN_ISSUER_WORDS <= words.len())
        .any(|n| is_press_label(&words[..n].join(" ")))
}

/// The most words of an issuer line under a label.
const MAX_ISSUER_LINE_WORDS: usize = 12;

/// Rule `byline`, under a label: a line that only names an organisation (no verb of taking a
/// stand, no closing stop), above a line that reads as a title.
fn is_issuer_line(blocks: &[Block], i: usize) -> bool {
    let text = blocks[i].text.trim();
    blocks[i].lines == 1
        && (1..=MAX_ISSUER_LINE_WORDS).contains(&words_up_to(text, MAX_ISSUER_LINE_WORDS + 1))
        && super::signatory_words::names_organisation(text)
        && super::subject_issuer::issuer(text).is_none()
        && !text.ends_with(['.', '!', '?', ':', '،', '。'])
        && reads_as_title(blocks, i + 1)
}

/// Rule `byline`, at the very top: a line that only names an organisation (as under a label),
/// above a date line or a labelled date, above a line that reads as a title. A line with a
/// kind of statement in it (`State Committee Communique`) is the title itself.
fn is_issuer_above_header(blocks: &[Block], i: usize) -> bool {
    let text = blocks[i].text.trim();
    // `Mieterverein Ostheide e.V.`: a closing abbreviation is no full stop.
    let unstopped = text
        .split_whitespace()
        .last()
        .is_some_and(|w| w.trim_end_matches('.').contains('.'))
        || !text.ends_with(['.', '!', '?', ':', '،', '。']);
    // Tested only when the cheap tests pass (each word of a long paragraph looked up as a label
    // was a tenth of a build's instructions); every test is pure, so the answer is the same.
    let names_a_kind = || text.split_whitespace().any(is_press_label);
    // An event notice (`□ 일시 : …` / `□ 장소 : …`) dates an event, not the statement: the line
    // above it is the title, not an issuer.
    let dated = || {
        blocks.get(i + 1).is_some_and(|b| {
            b.lines == 1 && matches!(kind(&b.text), Kind::DateLine(..) | Kind::LabelledDate(_))
        }) && super::residue::event_notice_run(blocks, i + 1) == 0
    };
    blocks[i].lines == 1
        && (1..=MAX_ISSUER_LINE_WORDS).contains(&words_up_to(text, MAX_ISSUER_LINE_WORDS + 1))
        && unstopped
        && dated()
        && super::signatory_words::names_organisation(text)
        && super::subject_issuer::issuer(text).is_none()
        && !names_a_kind()
        && dates::find_in_text(text).is_none()
        && reads_as_title(blocks, i + 2)
}

pub(crate) fn reads_as_title(blocks: &[Block], i: usize) -> bool {
    let Some(block) = blocks.get(i) else {
        return false;
    };
    let text = unquote(&block.text);
    let chars = text.chars().count();
    let max = if has_sentence_break(text) {
        MAX_TITLE_CHARS_WITH_BREAK
    } else {
        MAX_TITLE_CHARS
    };
    block.lines == 1
        && blocks.len() > i + 1
        && !text.is_empty()
        && chars <= max
        && !text.ends_with(['.', ',', ';', ':', '…', '،', '؛', '。', '।', '：', '，'])
        && !is_date_line(text)
        && text.chars().any(char::is_alphabetic)
}

fn has_sentence_break(text: &str) -> bool {
    text.contains(". ") || text.contains("。")
}

/// A line that is mostly a date: a dateline (`Moscow, 8 January 2022`) or a signature, not a
/// title that mentions a date (`Statement on the events of 8 January 2022`).
pub(crate) fn is_date_line(text: &str) -> bool {
    dates::find_in_text(text).is_some_and(|d| {
        let rest = format!("{} {}", &text[..d.span.start], &text[d.span.end..]);
        few_words(&rest, 3)
    })
}

/// Whether `text` is `title` again (white space aside).
fn repeats(title: &str, text: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    squeeze(unquote(text)) == squeeze(title)
}

/// A subtitle: one more title-like line under the title, with a longer paragraph or another
/// header line (a salutation, a date line, a byline) after it; a `Source:` line between them
/// (`Offener Brief an …` / `Quelle: https://…` / `Sehr geehrter …,`) is passed over.
fn is_subtitle(blocks: &[Block], i: usize, is_marker: &dyn Fn(usize) -> bool) -> bool {
    let next = (i + 1..blocks.len()).find(|&j| !is_marker(j));
    let next_is_longer_or_header = next.and_then(|j| blocks.get(j)).is_some_and(|n| {
        n.text.chars().count() > blocks[i].text.chars().count()
            || matches!(
                kind(&n.text),
                Kind::Salutation | Kind::DateLine(..) | Kind::LabelledDate(_) | Kind::Byline(_)
            )
    });
    reads_as_title(blocks, i) && next_is_longer_or_header && !ends_as_exclamation(&blocks[i].text)
}

/// The most words of a line addressing its readers.
const MAX_VOCATIVE_WORDS: usize = 8;

/// A salutation without a salutation word (rule `first-paragraph` passes over it): a line of a
/// few words under the title that only names the people addressed and closes with a comma
/// (`کارگران شریف ساختمانی،`, `Trabalhadoras e trabalhadores da Fiação,`) or, every word
/// capitalised, with an exclamation mark (`Шахтарі Приозерська!`), with no figure and no
/// sentence inside, above a longer paragraph.
/// A comma is the mark of an address: a paragraph never closes with one.
fn is_vocative(blocks: &[Block], i: usize, is_marker: &dyn Fn(usize) -> bool) -> bool {
    let t = blocks[i].text.trim();
    let words = words_up_to(t, MAX_VOCATIVE_WORDS + 1);
    let body = t.trim_end_matches([',', '،', '，', '!', '！']);
    // `body` is a prefix of `t`: one mark closes it when one character was trimmed.
    let closes = body.len() < t.len() && t[body.len()..].chars().count() == 1;
    // An exclamation may be a slogan-like lead (`Stop the cuts!`): it addresses people only
    // when every word is capitalised, as names and nouns of address are (`Шахтарі
    // Приозерська!`), in a script with capitals.
    let exclaims = t.ends_with(['!', '！']);
    let all_capitalised = || {
        body.split_whitespace().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
    };
    let next = || (i + 1..blocks.len()).find(|&j| !is_marker(j));
    blocks[i].lines == 1
        && (1..=MAX_VOCATIVE_WORDS).contains(&words)
        && closes
        && (!exclaims || all_capitalised())
        && !body.contains(|c: char| c.is_numeric() || ".?!:;؟。：".contains(c))
        && body.chars().any(char::is_alphabetic)
        && next().is_some_and(|j| {
            let n = &blocks[j].text;
            words_up_to(n, words + 1) > words && is_running_text(n)
        })
}

/// The date of a subtitle written wholly in brackets (`(принято на заседании Совета 14 марта
/// 2024 года)`): a header line, so its date is the statement's.
fn bracketed_date(text: &str) -> Option<FoundDate> {
    let t = text.trim();
    let bracketed = (t.starts_with('(') && t.ends_with(')'))
        || (t.starts_with('[') && t.ends_with(']'))
        || (t.starts_with('（') && t.ends_with('）'));
    bracketed.then(|| dates::find_in_text(t)).flatten()
}

/// The longest epigraph, in characters.
const MAX_EPIGRAPH_CHARS: usize = 200;
/// The most words of the line naming an epigraph's author (`— dalla Costituzione`).
const MAX_ATTRIBUTION_WORDS: usize = 8;

/// An epigraph: a short line wholly in quotation marks under the title (`«La scuola è
/// aperta a tutti.»`, `„Eine Stadt ohne …“`): a quotation set above the text, not its summary.
fn is_epigraph(text: &str) -> bool {
    let t = text.trim();
    // A stop after the closing mark (`"…". Così X …`, `«…». Lo dice …`) makes the quotation
    // the first sentence of the body, which the next paragraph attributes.
    if t.ends_with(['.', '!', '?']) && !quotation_closes_sentence(t) {
        return false;
    }
    let t = t.trim_end_matches(['.', '!', '?']);
    let opens = t.starts_with(['«', '„', '“', '"', '‘', '‚', '»']);
    let closes = t.ends_with(['»', '“', '”', '"', '’', '«']);
    // A closing mark inside would make it a quotation followed by more text.
    let inner = t.chars().count() > 2
        && !t
            .chars()
            .skip(1)
            .take(t.chars().count().saturating_sub(2))
            .any(|c| matches!(c, '»' | '”' | '“' | '"'));
    opens && closes && inner && t.chars().count() <= MAX_EPIGRAPH_CHARS
}

/// Whether the stop at the end of `t` stands inside the quotation (`«… tutti.»` ends with the
/// mark; `"… tutti."` too), not after it.
fn quotation_closes_sentence(t: &str) -> bool {
    let before_stop = t.trim_end_matches(['.', '!', '?']);
    !before_stop.ends_with(['»', '“', '”', '"', '’', '«'])
}

/// `— dalla Costituzione`, `– Bertolt Brecht`: a short line opening with a dash.
fn is_attribution(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(['—', '–', '―', '-'])
        && words_up_to(t, MAX_ATTRIBUTION_WORDS + 1) <= MAX_ATTRIBUTION_WORDS
        && !t.ends_with(['.', '!', '?'])
}

/// A line closing with `!` is a slogan more often than a subtitle.
fn ends_as_exclamation(text: &str) -> bool {
    text.trim_end().ends_with(['!', '！'])
}

/// Rule `dateline`: the first paragraph opens with a place and a date before a dash
/// (`TRENTO, 3 marzo 2023 – La Segreteria …`); the paragraph stays the body.
fn date_in_dateline(blocks: &[Block], header: &mut Header, is_marker: &dyn Fn(usize) -> bool) {
    let Some(first) = first_paragraph(blocks, header, is_marker) else {
        return;
    };
    let block = &blocks[first];
    if let Some(d) = super::dateline::split(&block.text) {
        set_date(header, first, &block.text, d.found, Rule::Dateline);
    }
}

/// The first block at the top that is neither the title, a header line nor a marker.
fn first_paragraph(
    blocks: &[Block],
    header: &Header,
    is_marker: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    (0..blocks.len().min(HEADER_BLOCKS)).find(|&i| {
        !is_marker(i)
            && header.heading.as_ref().is_none_or(|h| h.block != i)
            && !header.blocks.contains(&i)
    })
}

/// Rule `header-date`, after the lead: a line that is only a date, right after the first
/// paragraph (some statements open with a lead and date the text under it).
fn date_after_first_paragraph(
    blocks: &[Block],
    header: &mut Header,
    is_marker: &dyn Fn(usize) -> bool,
) {
    let Some(first) = first_paragraph(blocks, header, is_marker) else {
        return;
    };
    let next = first + 1;
    let Some(block) = blocks.get(next).filter(|b| b.lines == 1) else {
        return;
    };
    // Only a bare date (with perhaps a time): a place or a name would make it a signature.
    let Some(found) = dates::find_in_text(&block.text) else {
        return;
    };
    let rest = format!(
        "{} {}",
        &block.text[..found.span.start],
        without_times_and_notes(&block.text[found.span.end..])
    );
    if few_words(&rest, 1) && blocks.len() > next + 1 {
        header.blocks.push(next);
        set_date(header, next, &block.text, found, Rule::HeaderDate);
    }
}

/// Rule `title-date`: a date that closes the title (`… of 29 and 30 June 2008`), read as its last
/// day.
fn date_in_title(blocks: &[Block], header: &mut Header) {
    let Some(h) = header.heading.as_ref() else {
        return;
    };
    let text = &blocks[h.block].text;
    let Some(found) = dates::find_in_text(text) else {
        return;
    };
    let tail = text[found.span.end..].trim_matches(|c: char| !c.is_alphanumeric());
    if tail.is_empty() {
        header.date = Some(HeaderDate {
            block: h.block,
            text: text.clone(),
            found,
            rule: Rule::TitleDate,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| Block {
                line: i + 1,
                lines: 1,
                source: (*l).to_owned(),
                text: (*l).to_owned(),
                plain_lines: Default::default(),
            })
            .collect()
    }

    fn top(lines: &[&str]) -> Header {
        analyse(&blocks(lines), Format::Text, &|_| false)
    }

    fn title(h: &Header) -> Option<(&str, Rule)> {
        h.heading.as_ref().map(|h| (h.text.as_str(), h.rule))
    }

    fn date(h: &Header) -> Option<(String, Rule)> {
        h.date.as_ref().map(|d| (d.found.date.to_string(), d.rule))
    }

    const BODY: &str = "The body of the statement is a long paragraph that says what it says.";

    #[test]
    fn date_line_under_or_above_the_title() {
        let h = top(&["Stop the war", "04.04.2022 19:18", BODY]);
        assert_eq!(title(&h), Some(("Stop the war", Rule::FirstLine)));
        assert_eq!(date(&h), Some(("2022-04-04".into(), Rule::HeaderDate)));
        assert_eq!(h.blocks, [1]);
        let h = top(&["2014-05-02 13:01 (updated 13:29)", "Stop the war", BODY]);
        assert_eq!(title(&h), Some(("Stop the war", Rule::TitleAfterHeader)));
        assert_eq!(date(&h), Some(("2014-05-02".into(), Rule::HeaderDate)));
    }

    #[test]
    fn a_body_sentence_opening_with_a_date_is_not_a_date_line() {
        assert_eq!(
            date_line("2019年3月3日，县政府工作人员在未出示任何批准文件的情况下强行拆除"),
            None
        );
        let h = top(&[
            "标题",
            "2019年3月3日，县政府工作人员在未出示任何批准文件的情况下强行拆除",
            BODY,
        ]);
        assert_eq!(date(&h), None);
    }

    #[test]
    fn hijri_beside_gregorian_reads_the_gregorian_date() {
        let h = top(&[
            "عنوان البيان",
            "الجمعة 28 رمضان 1443 هـ الموافق 29 نيسان/أبريل 2022 م",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2022-04-29".into(), Rule::HeaderDate)));
    }

    #[test]
    fn a_newsroom_byline_names_no_issuer() {
        let h = top(&[
            "El sindicato denuncia la falta de personal",
            "Redacción | 12/01/2024",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2024-01-12".into(), Rule::HeaderDate)));
        assert_eq!(h.issuer, None);
        let h = top(&[
            "Gewerkschaft kritisiert Stellenabbau",
            "Von Redaktion",
            BODY,
        ]);
        assert_eq!(h.issuer, None);
    }

    #[test]
    fn an_urgent_label_is_no_title() {
        let h = top(&["ΕΠΕΙΓΟΥΣΑ ΑΝΑΚΟΙΝΩΣΗ", "Απεργία στο λιμάνι", BODY]);
        assert_eq!(
            title(&h),
            Some(("Απεργία στο λιμάνι", Rule::TitleAfterLabel))
        );
    }

    #[test]
    fn date_with_byline() {
        let h = top(&[
            "Bauern protestieren",
            "19. Juli 2018 Von der Pressestelle",
            BODY,
        ]);
        assert_eq!(h.issuer, Some((1, "Pressestelle".into(), Rule::Byline)));
        let h = top(&[
            "Stop the war",
            "April 7, 2017 By Public Affairs Office",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2017-04-07".into(), Rule::HeaderDate)));
        assert_eq!(
            h.issuer,
            Some((1, "Public Affairs Office".into(), Rule::Byline))
        );
    }

    #[test]
    fn a_byline_with_a_role_names_the_person_and_an_edit_note_alone_dates_the_statement() {
        let h = top(&[
            "Retraites agricoles : une revalorisation immédiate",
            "Par Claire Vassal, porte-parole",
            "Mis à jour le 21 octobre 2025 à 09:12",
            BODY,
        ]);
        assert_eq!(h.issuer, Some((1, "Claire Vassal".into(), Rule::Byline)));
        assert_eq!(date(&h), Some(("2025-10-21".into(), Rule::LabelledDate)));
        // The first date wins: an edit note under the publication date does not move it.
        let h = top(&[
            "Stop the closure",
            "By Jane Doe, Spokesperson",
            "Published: 3 May 2024",
            "Updated: 5 May 2024",
            BODY,
        ]);
        assert_eq!(h.issuer, Some((1, "Jane Doe".into(), Rule::Byline)));
        assert_eq!(date(&h), Some(("2024-05-03".into(), Rule::LabelledDate)));
        for (byline, who) in [
            // A long role does not make the byline a sentence.
            (
                "Por Marta Quirós Beltrán, presidenta de la Sociedad Ornitológica del Levante Sur",
                "Marta Quirós Beltrán",
            ),
            // `Γράφει` ("writes") opens one.
            (
                "Γράφει η Μαρία Κωνσταντάρα, πρόεδρος του Συλλόγου",
                "Μαρία Κωνσταντάρα",
            ),
            // An organisation keeps what follows its comma.
            (
                "By the Tenants' Union, Hallam branch",
                "Tenants' Union, Hallam branch",
            ),
        ] {
            let h = top(&["Stop the closure", byline, BODY]);
            assert_eq!(h.issuer, Some((1, who.into(), Rule::Byline)), "{byline}");
        }
    }

    #[test]
    fn more_labels_and_a_section_beside_the_date() {
        for (label, want) in [
            (
                "Medienmitteilung",
                "Velostadt fordert eine sichere Veloroute",
            ),
            ("מכתב פתוח", "כביש הגישה למושב מסכן חיים"),
        ] {
            let h = top(&[label, want, BODY]);
            assert_eq!(title(&h), Some((want, Rule::TitleAfterLabel)), "{label}");
        }
        let h = top(&[
            "Wildtierstation darf nicht weichen",
            "23. November 2026 | Stellungnahmen",
            BODY,
        ]);
        assert_eq!(h.issuer, None);
        assert_eq!(date(&h), Some(("2026-11-23".into(), Rule::HeaderDate)));
    }

    #[test]
    fn a_byline_before_its_date_gives_both() {
        for (line, who, day) in [
            (
                "Posted by Millbrook Clean Air Group on 14 March 2025",
                "Millbrook Clean Air Group",
                "2025-03-14",
            ),
            (
                "Publié par l'Amicale des Locataires le 3 mars 2025",
                "Amicale des Locataires",
                "2025-03-03",
            ),
            (
                "Veröffentlicht von Mieterverein Nordstadt am 3. März 2025",
                "Mieterverein Nordstadt",
                "2025-03-03",
            ),
            (
                "Publicado por Colectivo Río Limpio, 3 de marzo de 2025",
                "Colectivo Río Limpio",
                "2025-03-03",
            ),
        ] {
            let h = top(&["Residents demand answers", line, BODY]);
            assert_eq!(date(&h), Some((day.into(), Rule::HeaderDate)), "{line}");
            assert_eq!(h.issuer, Some((1, who.into(), Rule::Byline)), "{line}");
        }
        // A newsroom names no issuer, and a sentence is no byline.
        let h = top(&[
            "Residents demand answers",
            "Posted by Newsroom on 14 March 2025",
            BODY,
        ]);
        assert_eq!(h.issuer, None);
    }

    #[test]
    fn labelled_dates() {
        for (line, want) in [
            ("Date: 3 April 2022", "2022-04-03"),
            ("Fecha: 3 de abril de 2022", "2022-04-03"),
            ("Datum: 3. April 2022", "2022-04-03"),
            ("Дата: 03.04.2022", "2022-04-03"),
            ("Tarih : 03.04.2022", "2022-04-03"),
            ("تاريخ 03/04/2022", "2022-04-03"),
            ("تاریخ صدور: ۹ اردیبهشت ۱۴۰۱", "2022-04-29"),
            (
                "Publié le 3 février 2022 à 09h12, mis à jour le 4 février 2022",
                "2022-02-03",
            ),
        ] {
            let h = top(&["Title here", line, BODY]);
            assert_eq!(date(&h), Some((want.into(), Rule::LabelledDate)), "{line}");
        }
    }

    #[test]
    fn place_and_date_at_the_top() {
        let h = top(&[
            "Saltillo, Coah., 13 de febrero del 2010",
            "Título del texto",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2010-02-13".into(), Rule::HeaderDate)));
        assert_eq!(
            title(&h),
            Some(("Título del texto", Rule::TitleAfterHeader))
        );
    }

    #[test]
    fn date_in_the_title_is_its_last_day() {
        let h = top(&[
            "Communiqué of the Central Committee of 29 and 30 June 2008",
            BODY,
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2008-06-30".into(), Rule::TitleDate)));
        let h = top(&["Statement on 8 January 2022 and what followed", BODY, BODY]);
        assert_eq!(
            kind("Statement on 8 January 2022 and what followed"),
            Kind::Other
        );
        assert_eq!(date(&h), None);
    }

    #[test]
    fn date_after_the_first_paragraph() {
        let h = top(&[
            "Title here",
            "A lead paragraph that opens the statement.",
            "3 April 2022",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2022-04-03".into(), Rule::HeaderDate)));
        assert_eq!(h.blocks, [2]);
    }

    #[test]
    fn dates_in_the_body_are_never_taken() {
        let h = top(&[
            "Title here",
            BODY,
            "On 3 April 2022 the police attacked the strikers in the square.",
            "In 2021, more than 40 people were arrested.",
        ]);
        assert_eq!(date(&h), None);
    }

    #[test]
    fn labels_before_the_title() {
        for label in [
            "Press Statement",
            "Communiqué de presse",
            "Comunicado de prensa",
            "بيان صحفي",
            "Пресс-релиз",
        ] {
            let h = top(&[label, "The real title", BODY]);
            assert_eq!(
                title(&h),
                Some(("The real title", Rule::TitleAfterLabel)),
                "{label}"
            );
            assert_eq!(h.blocks, [0]);
        }
    }

    #[test]
    fn address_lines_under_a_label() {
        let h = top(&[
            "A la opinión pública",
            "A las autoridades del Estado",
            "Denunciamos el desalojo",
            BODY,
        ]);
        assert_eq!(
            title(&h),
            Some(("Denunciamos el desalojo", Rule::TitleAfterLabel))
        );
        assert_eq!(h.blocks, [0, 1]);
    }

    #[test]
    fn formula_first() {
        let h = top(&[
            "The Political Bureau of the Party has issued the following statement:",
            BODY,
        ]);
        assert_eq!(title(&h), None);
        assert_eq!(
            h.issuer,
            Some((
                0,
                "The Political Bureau of the Party".into(),
                Rule::IssuerFormula
            ))
        );
        let h = top(&[
            "No to the war",
            "The Political Bureau of the Party has issued the following statement:",
            BODY,
        ]);
        assert_eq!(title(&h), Some(("No to the war", Rule::FirstLine)));
        assert_eq!(h.blocks, [1]);
    }

    #[test]
    fn issued_by_lines() {
        for (line, list) in [
            (
                "Issued by: Fern Hill Tenants and River Union",
                "Fern Hill Tenants and River Union",
            ),
            (
                "صادر عن: نقابة المعلمين، رابطة الأطباء",
                "نقابة المعلمين، رابطة الأطباء",
            ),
            ("تشکل صادر کننده: کانون معلمان", "کانون معلمان"),
            ("Herausgegeben von: Verein Grünes Tal", "Verein Grünes Tal"),
            ("Emitido por: Colectivo Río Claro", "Colectivo Río Claro"),
        ] {
            let h = top(&["No to the war", line, BODY]);
            assert_eq!(
                title(&h),
                Some(("No to the war", Rule::FirstLine)),
                "{line}"
            );
            assert_eq!(h.issuer, Some((1, list.into(), Rule::IssuedBy)), "{line}");
        }
        // A sentence that merely mentions who issued something is not a header line.
        assert_eq!(kind("It was issued by the council last year."), Kind::Other);
    }

    #[test]
    fn long_titles_are_not_cut() {
        let long = "A title of about one hundred and forty characters that names the meeting, the place and the reason for the call to action today";
        assert!(long.chars().count() > 120);
        let h = top(&[long, BODY]);
        assert_eq!(title(&h), Some((long, Rule::FirstLine)));
    }

    #[test]
    fn lines_above_a_separator_under_the_title_are_header_lines() {
        let h = top(&[
            "Title here",
            "For the emergency ward to stay open",
            "For permanent doctors",
            "*****",
            BODY,
        ]);
        assert_eq!(h.blocks, [1, 2, 3]);
        // A sentence above the separator is the text.
        let h = top(&["Title here", "The ward closes on Monday.", "* * *", BODY]);
        assert!(h.blocks.is_empty());
        assert!(is_separator("* * *") && is_separator("———") && !is_separator("**"));
    }

    #[test]
    fn the_people_addressed_without_a_salutation_word_open_the_text() {
        for address in [
            "کارگران شریف ساختمانی،",
            "Trabalhadoras e trabalhadores da Fiação Rio Verde,",
            "Шахтарі Приозерська!",
        ] {
            let h = top(&["Title here", address, BODY]);
            assert_eq!(h.blocks, [1], "{address}");
        }
        // A sentence, a line with a figure, a long line or one above a short line is no address.
        for other in [
            "Stop the cuts!",
            "کارگران و زحمتکشان!",
            "Stop the cuts! Now!",
            "Since 3 May, no pay,",
            "One two three four five six seven eight nine,",
        ] {
            let h = top(&["Title here", other, BODY]);
            assert!(h.blocks.is_empty(), "{other}");
        }
        let h = top(&["Title here", "Workers of Riverside,", "We demand pay."]);
        assert!(h.blocks.is_empty());
    }

    #[test]
    fn salutations_and_subtitles_are_header_lines() {
        let h = top(&["Title here", "Dear colleagues,", BODY]);
        assert_eq!(h.blocks, [1]);
        let h = top(&["Title here", "A subtitle that says more", BODY]);
        assert_eq!(h.blocks, [1]);
        // A subtitle may stand above a salutation shorter than itself.
        let h = top(&[
            "Title here",
            "Open letter to the Secretary",
            "Dear Secretary,",
            BODY,
        ]);
        assert_eq!(h.blocks, [1, 2]);
        // A `Source:` line between a subtitle and the salutation is passed over.
        let b = blocks(&[
            "„Hände weg vom Uferweg!“",
            "Offener Brief an die Bürgermeisterin der Gemeinde Seebach",
            "Quelle: https://example.org/brief",
            "Sehr geehrte Frau Bürgermeisterin,",
            BODY,
        ]);
        let h = analyse(&b, Format::Text, &|i| i == 2);
        assert_eq!(h.blocks, [1, 3]);
        let h = analyse(&b, Format::Text, &|_| false);
        assert_eq!(h.blocks, Vec::<usize>::new());
    }

    #[test]
    fn a_news_intro_ending_with_a_colon_is_a_header_line() {
        let h = top(&[
            "Teachers announce a strike",
            "The union representing the city's teachers published a note on Friday. Read it in full:",
            BODY,
            BODY,
        ]);
        assert_eq!((h.blocks.clone(), h.intro), (vec![1], Some(1)));
        // A short lead-in to the statement's own list is the body.
        let h = top(&["Our demands", "We demand:", "1. Pay the wages owed.", BODY]);
        assert_eq!(h.intro, None);
        let list = "The assembly of the workers of the plant adopted these demands:";
        let h = top(&["Our demands", list, "- Pay the wages owed.", BODY]);
        assert_eq!(h.intro, None);
    }

    #[test]
    fn an_event_notice_under_the_title_gives_no_date() {
        let h = top(&[
            "Press conference on overwork deaths",
            "□ 일시 : 2023년 9월 12일(화) 오전 11시",
            "□ 장소 : 시의회 기자회견장",
            BODY,
        ]);
        eprintln!("DBG {:#?}", h);
        assert_eq!((h.blocks.clone(), h.date), (vec![1, 2], None));
        // The statement's own date line is still read.
        let h = top(&["Title here", "2024년 4월 3일", BODY]);
        assert_eq!(date(&h), Some(("2024-04-03".into(), Rule::HeaderDate)));
    }

    #[test]
    fn an_edit_note_after_the_date_line_is_not_its_date() {
        let h = top(&[
            "Title here",
            "12/08/2023 às 14h32 - Atualizado em 13/08/2023 às 16h05",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2023-08-12".into(), Rule::HeaderDate)));
    }

    #[test]
    fn a_news_section_beside_the_date_is_no_byline() {
        let h = top(&["Nieuws | 12 april 2024", "Title here", BODY]);
        assert_eq!(h.issuer, None);
        assert_eq!(date(&h), Some(("2024-04-12".into(), Rule::HeaderDate)));
    }

    #[test]
    fn a_quotation_the_next_paragraph_attributes_is_no_epigraph() {
        assert!(is_epigraph("«La scuola è aperta a tutti.»"));
        assert!(is_epigraph("\"We shall overcome.\""));
        assert!(!is_epigraph("\"La chiusura è una scelta inaccettabile\"."));
        assert!(!is_epigraph("«Basta tagli». Così il segretario"));
    }

    #[test]
    fn formulas_with_any_verb_before_the_following_statement() {
        for (line, issuer) in [
            (
                "The Council of the Midwives' Association met in Carlow last weekend and adopted the following statement:",
                "The Council of the Midwives' Association",
            ),
            (
                "Der Landesvorstand der Partei hat auf seiner Sitzung folgende Erklärung beschlossen:",
                "Der Landesvorstand der Partei",
            ),
            (
                "A Comissão de Pais e Encarregados de Educação da Escola do Alto tornou pública a seguinte posição:",
                "A Comissão de Pais e Encarregados de Educação da Escola do Alto",
            ),
            (
                "La Mesa Directiva de la Red ha emitido el siguiente pronunciamiento:",
                "La Mesa Directiva de la Red",
            ),
            (
                "El Comité Ejecutivo de la Federación se reunió en Oruro y aprobó la siguiente declaración.",
                "El Comité Ejecutivo de la Federación",
            ),
            (
                "Zarząd Krajowy Stowarzyszenia przyjął następujące stanowisko:",
                "Zarząd Krajowy Stowarzyszenia",
            ),
            (
                "The following statement was issued by the Commoners' Association:",
                "the Commoners' Association",
            ),
            (
                "La déclaration suivante a été adoptée par le Conseil syndical :",
                "le Conseil syndical",
            ),
        ] {
            assert_eq!(kind(line), Kind::Formula(issuer.into()), "{line}");
        }
        // A sentence of the body that mentions what follows is no formula.
        assert_eq!(
            kind("we have heard the following complaints from the residents:"),
            Kind::Other
        );
    }

    #[test]
    fn numbered_and_joint_labels() {
        for label in [
            "Comunicado N° 7",
            "Pressemitteilung Nr. 12/2023",
            "Comunicado n.º 14/2022",
            "Пресс-релиз № 5",
            "Joint Press Release",
            "Comunicato congiunto",
            "Κοινό Δελτίο Τύπου",
            "Nota de repúdio",
            "NOTA DE REPÚDIO",
            "ПУБЛІЧНА ЗАЯВА",
            "Ortak Basın Açıklaması",
        ] {
            assert_eq!(kind(label), Kind::Label, "{label}");
        }
        assert_eq!(kind("Joint action now"), Kind::Other);
    }

    #[test]
    fn an_organisation_above_a_date_line_and_the_title_is_a_byline() {
        let h = top(&[
            "Mieterverein Region Ostheide",
            "PM 7/23 – 14.03.2023",
            "Heizkosten: Vermieter müssen Abrechnungen offenlegen",
            BODY,
        ]);
        assert_eq!(
            title(&h),
            Some((
                "Heizkosten: Vermieter müssen Abrechnungen offenlegen",
                Rule::TitleAfterHeader
            ))
        );
        assert_eq!(date(&h), Some(("2023-03-14".into(), Rule::HeaderDate)));
        let issuer = h
            .issuer
            .as_ref()
            .map(|(_, who, rule)| (who.as_str(), *rule));
        assert_eq!(issuer, Some(("Mieterverein Region Ostheide", Rule::Byline)));
        // A title that names an organisation, or a kind of statement, above a date line
        // stays the title.
        let h = top(&["Union wins the vote", "14 March 2023", BODY]);
        assert_eq!(title(&h), Some(("Union wins the vote", Rule::FirstLine)));
        let h = top(&[
            "District Committee Communique",
            "14 March 2023",
            "Press Communiqué",
            BODY,
        ]);
        assert_eq!(
            title(&h),
            Some(("District Committee Communique", Rule::FirstLine))
        );
    }

    #[test]
    fn a_capitals_label_naming_joint_issuers_above_the_title() {
        let h = top(&[
            "ΚΟΙΝΗ ΑΝΑΚΟΙΝΩΣΗ ΣΩΜΑΤΕΙΟΥ ΟΙΚΟΔΟΜΩΝ ΛΙΜΝΗΣ ΚΑΙ ΣΥΛΛΟΓΟΥ ΓΟΝΕΩΝ ΛΙΜΝΗΣ",
            "Όχι στο κλείσιμο του κολυμβητηρίου",
            BODY,
        ]);
        assert_eq!(
            title(&h),
            Some(("Όχι στο κλείσιμο του κολυμβητηρίου", Rule::TitleAfterLabel))
        );
        // A title in capitals that opens with one kind word stays the title.
        let h = top(&[
            "COMUNICADO URGENTE A LA POBLACIÓN",
            "Mañana no hay clases",
            BODY,
        ]);
        assert_eq!(
            title(&h),
            Some(("COMUNICADO URGENTE A LA POBLACIÓN", Rule::FirstLine))
        );
    }

    #[test]
    fn an_address_line_closing_with_a_colon_opens_the_text() {
        for line in [
            "A la comunidad universitaria:",
            "Aux salariés de l'usine :",
            "To the members:",
        ] {
            assert_eq!(kind(line), Kind::Salutation, "{line}");
        }
        assert_eq!(kind("A luta continua"), Kind::Other);
    }

    #[test]
    fn a_forums_title_label_author_and_time_line() {
        let h = top(&[
            "标题: 关于食堂涨价的意见",
            "作者: admin 时间: 2023-05-16 08:40",
            "关于食堂涨价的意见",
            "学校食堂本学期起饭菜价格普遍上涨两成，学生和家长意见很大，我们要求公开成本。",
        ]);
        assert_eq!(title(&h), Some(("关于食堂涨价的意见", Rule::TitleLabel)));
        assert_eq!(date(&h), Some(("2023-05-16".into(), Rule::LabelledDate)));
        assert_eq!(h.blocks, [1, 2]);
        let en = kind("Author: admin | Date: 16/05/2023 08:40");
        assert!(matches!(en, Kind::LabelledDate(_)), "{en:?}");
        // A field that is no date label gives no date, and a title label needs its colon.
        assert_eq!(kind("Author: admin    Views: 2023"), Kind::Other);
        assert_eq!(kind("Title IX protections must stay"), Kind::Other);
    }

    #[test]
    fn labels_numbered_in_words_bracketed_or_spaced_out() {
        for label in [
            "اطلاعیه شماره ۱۲",
            "بيان رقم 4",
            "Açıklama Sayı 3",
            "【公開聲明】",
            "[Communiqué]",
            "「声明」",
            "声 明",
            "Tribune collective",
            "Appel commun",
            "Gemeinsamer Aufruf",
            "Открытое обращение",
            "PERNYATAAN SIKAP",
        ] {
            assert_eq!(kind(label), Kind::Label, "{label}");
        }
        // A title in brackets or a line of words is no label.
        assert_eq!(kind("【关于停车场收费的说明】"), Kind::Other);
        assert_eq!(kind("Appel à la grève le 14 novembre"), Kind::Other);
        let h = top(&[
            "Tribune collective",
            "Pour des trottoirs libres à Sainte-Avoye",
            "Nous, habitants et commerçants du quartier, demandons à la mairie d'agir.",
        ]);
        assert_eq!(
            title(&h),
            Some((
                "Pour des trottoirs libres à Sainte-Avoye",
                Rule::TitleAfterLabel
            ))
        );
    }

    #[test]
    fn a_name_beside_the_date_across_a_bar_is_a_byline() {
        let (_, who) = date_line("March 3, 2022 | Marlow Valley Water Alliance").unwrap();
        assert_eq!(who.as_deref(), Some("Marlow Valley Water Alliance"));
        let (_, who) = date_line("Coastal Press Freedom Network | 14 June 2021").unwrap();
        assert_eq!(who.as_deref(), Some("Coastal Press Freedom Network"));
    }

    #[test]
    fn a_date_with_a_place_and_a_section_across_bars_is_a_date_line() {
        let (found, who) = date_line("08.03.2023  |  Santa Rita  |  CONFLICTO MUNICIPAL").unwrap();
        assert_eq!(
            (found.date.to_string(), who),
            ("2023-03-08".to_owned(), None)
        );
        assert!(date_line("08.03.2023 | The council voted to close the pool.").is_none());
    }

    #[test]
    fn an_issuer_line_between_the_label_and_the_title() {
        let h = top(&[
            "ПУБЛІЧНА ЗАЯВА",
            "Громадська організація «Чисте місто»",
            "Щодо вирубки гаю",
            "Ми вимагаємо зупинити вирубку.",
        ]);
        assert_eq!(
            h.heading.map(|h| h.text).as_deref(),
            Some("Щодо вирубки гаю")
        );
        assert_eq!(
            h.issuer,
            Some((
                1,
                "Громадська організація «Чисте місто»".to_owned(),
                Rule::Byline
            ))
        );
    }

    #[test]
    fn a_hebrew_calendar_date_before_the_bar_is_no_byline() {
        let (found, who) = date_line("ו' בתשרי התשפ\"ד | 21 בספטמבר 2023").unwrap();
        assert_eq!(
            (found.date.to_string(), who),
            ("2023-09-21".to_owned(), None)
        );
    }

    #[test]
    fn a_place_of_several_words_before_the_date() {
        let (found, _) = date_line("San Juan Tlalpa, Oax., 12 de mayo de 2019").unwrap();
        assert_eq!(found.date.to_string(), "2019-05-12");
        assert!(date_line("On 12 May 2019 the police closed the road").is_none());
    }

    #[test]
    fn salutations_to_officials() {
        for line in [
            "Excellency,",
            "Honourable Mayor,",
            "Αξιότιμε κύριε Υπουργέ,",
            "כבוד השר, שלום רב,",
            "معالي وزير الداخلية،",
            "Sehr geehrte Frau Präsidentin, sehr geehrte Mitglieder des Senats,",
            "Carissimi fratelli e sorelle,",
            "Değerli Basın Emekçileri;",
        ] {
            assert_eq!(kind(line), Kind::Salutation, "{line}");
        }
        assert_eq!(
            kind("Cari prezzi; nessuna risposta dal Comune"),
            Kind::Other
        );
    }

    #[test]
    fn a_dateline_opening_the_first_paragraph_dates_the_statement() {
        let h = top(&[
            "Professores decidem entrar em greve",
            "Porto Velho, 8 de abril de 2024 – O Sindicato dos Professores do Estado decidiu \
             iniciar greve.",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2024-04-08".into(), Rule::Dateline)));
        // The paragraph stays the body.
        assert!(h.blocks.is_empty());
        // A date the lead speaks of is no dateline.
        let h = top(&[
            "Title",
            "On 3 March 2019 – a Sunday – the police arrested eleven leaders of the union.",
            BODY,
        ]);
        assert_eq!(date(&h), None);
    }

    #[test]
    fn epigraphs_press_offices_and_bracketed_subtitles_are_header_lines() {
        let h = top(&[
            "Per una scuola per tutti",
            "«La scuola è aperta a tutti.»",
            "— dalla Costituzione",
            BODY,
        ]);
        assert_eq!(h.blocks, [1, 2]);
        let h = top(&["Пресс-служба", "«Свободу политзаключённым»", BODY]);
        assert_eq!(
            title(&h),
            Some(("Свободу политзаключённым", Rule::TitleAfterLabel))
        );
        let h = top(&[
            "Заявление Совета Общества",
            "(принято на заседании Совета 14 марта 2024 года)",
            BODY,
        ]);
        assert_eq!(date(&h), Some(("2024-03-14".into(), Rule::HeaderDate)));
        // A title opening with "by" is no byline when its noun was not written with a capital.
        let h = top(&["Por el derecho a la vivienda", BODY]);
        assert_eq!(h.issuer, None);
        assert_eq!(kind("Magnífico Reitor,"), Kind::Salutation);
    }

    #[test]
    fn a_capitals_line_naming_kind_and_issuer_above_a_title_is_a_label() {
        let h = top(&[
            "NOTA DA EXECUTIVA NACIONAL",
            "Sobre o assassinato de um líder",
            BODY,
        ]);
        assert_eq!(
            title(&h),
            Some(("Sobre o assassinato de um líder", Rule::TitleAfterLabel))
        );
        // Alone above the body, it is the title.
        let h = top(&["NOTA DA EXECUTIVA NACIONAL", BODY]);
        assert_eq!(
            title(&h),
            Some(("NOTA DA EXECUTIVA NACIONAL", Rule::FirstLine))
        );
    }
}
