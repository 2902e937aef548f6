//! The `authors` field.
//!
//! Rules, in order: the front matter's `authors` (or `author`); the signatories the statement's
//! analysis found (a signature, a signatory list, an issuer named at the top: see
//! [`statement`](super::super::statement)), a joint line split into its organisations (rule
//! `joint-line`, [`joint_line`](super::super::joint_line)); the issuer a byline or an opening
//! formula names ([`header`](super::super::header)); an organisation's name alone on the line
//! under the title (rule `byline`); the body a `We, the members of X,` lead names; the issuer
//! the title names
//! ([`title_issuer`](super::super::title_issuer)); the body a dateline's paragraph names first
//! (rule `dateline`); the body the title names, in full in the lead
//! (rule `lead-issuer`); the organisation the first sentence opens with, taking a stand
//! (rule `subject-issuer`: `La CGT dénonce …`, see
//! [`subject_issuer`](super::super::subject_issuer)), in the lead (in Persian, before a verb
//! closing the sentence), in an opening formula ending with a colon, then in the title
//! (`نقابة … تطالب …`; joint issuers glued in front of it, `A - B: TITLE`, split by rule
//! `joint-line`); the organisation a closing
//! `About X` section presents (rule `about-issuer`); the issuer a news site's intro names with
//! the statement it announces (`… להלן תגובת X:`, rule `issuer-formula`); the configured
//! author.

use super::super::fields::{Fields, Key};
use super::super::signatory_words::{
    is_bare_press_office, is_on_behalf_line, is_role_line, name_after_role, names_organisation,
    on_behalf_of,
};
use super::super::{closing, header_words, joint_line, title_issuer};
use super::Input;
use crate::model::{Origin, Rule, Sourced};

/// The authors, in the order given.
pub(crate) fn authors(input: &Input<'_>, f: &mut Fields<'_>) -> Sourced<Vec<String>> {
    front_matter(f)
        .or_else(|| signatories(input))
        .or_else(|| issuer(input))
        .or_else(|| name_line_under_title(input))
        .or_else(|| members_opening(input))
        .or_else(|| title_issuer(input))
        .or_else(|| dateline_issuer(input))
        .or_else(|| lead_issuer(input))
        .or_else(|| subject_issuer(input))
        .or_else(|| formula_subject_issuer(input))
        .or_else(|| about_issuer(input))
        .or_else(|| intro_issuer(input))
        .or_else(|| title_subject_issuer(input))
        .unwrap_or_else(|| configured(input))
}

fn front_matter(f: &mut Fields<'_>) -> Option<Sourced<Vec<String>>> {
    let (a, line) = f
        .strings(Key::Authors)
        .or_else(|| f.strings(Key::Author))
        .filter(|(a, _)| !a.is_empty())?;
    Some(Sourced::new(a, Origin::FrontMatter { line }))
}

/// Rules `signature`, `signatory-line`, `signatory-list` and the others of
/// [`Rule`](crate::model::Rule) that name signatories. A press office alone (`Press Office`)
/// says nothing of who issued the statement: it is no author; nor is a role line under or above
/// a name (`Secretary-General`, `The President`), nor an on-behalf line (`For the Board`).
fn signatories(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let s = input
        .statement
        .signature
        .as_ref()
        .filter(|s| !s.authors.is_empty())?;
    let split: Vec<String> = s
        .authors
        .iter()
        .flat_map(|a| joint_line::names_of(a))
        .collect();
    let rule = if split.len() > s.authors.len() {
        Rule::JointLine
    } else {
        s.authors_rule
    };
    let names: Vec<String> = split
        .iter()
        .map(|a| unbracketed(&closing::clean_name(&hashtag_name(a))).to_owned())
        .filter(|a| !is_bare_press_office(a))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(Sourced::new(
        names_without_places(names_without_roles(names)),
        Origin::Text {
            line: input.line(s.authors_block),
            rule,
        },
    ))
}

/// Rules `byline`, `issued-by` and `issuer-formula`: the issuer(s) the header names.
fn issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let (block, name, rule) = input.statement.issuer.as_ref()?;
    let names = match rule {
        Rule::IssuedBy => issued_by_names(name),
        _ => vec![closing::without_article(name)],
    };

    Some(Sourced::new(
        names,
        Origin::Text {
            line: input.line(*block),
            rule: *rule,
        },
    ))
}

/// The most words of an organisation's name standing alone on a header line.
const MAX_HEADER_NAME_WORDS: usize = 10;

/// Rule `byline`, a name alone: a header line right under the title that is only an
/// organisation's name (`关于…的声明` / `城东区外卖骑手互助会` / `2024年3月8日`, `Statement on …` /
/// `Harbour Tenants' Union` / `3 May 2024`) names the issuer.
fn name_line_under_title(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let h = input.statement.heading.as_ref()?;
    let block = h.block + 1;
    if !input.statement.header_blocks.contains(&block) {
        return None;
    }
    let text = input.statement.blocks[block].text.trim();
    (is_organisation_name(text) && !is_bare_press_office(text)).then(|| {
        Sourced::new(
            vec![closing::without_article(text)],
            Origin::Text {
                line: input.line(block),
                rule: Rule::Byline,
            },
        )
    })
}

/// A line that is only an organisation's name: no sentence, no date, a body word; in a
/// script with capitals every word capitalised (or a small word: `Union des Retraités du
/// Val`); in one written without spaces, a body word closing it (`城东区外卖骑手互助会`); in
/// another, a body word opening it (`نقابة المعلمين`).
fn is_organisation_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let cased = text.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    let shaped = if cased {
        words.len() >= 2
            && words.iter().all(|w| {
                w.chars()
                    .find(|c| c.is_alphabetic())
                    .is_none_or(|c| c.is_uppercase())
                    || w.chars().count() <= 3
            })
    } else if words.len() == 1 {
        true
    } else {
        names_organisation(words[0])
    };
    shaped
        && words.len() <= MAX_HEADER_NAME_WORDS
        && names_organisation(text)
        && super::super::signature::is_signatory_line(text)
}

/// Rule `name-lines`, clean-up: a list of several people, each with a town in brackets
/// (`Agnes Whitcombe (Harlow)`), gives the names alone. One signatory keeps its brackets: an
/// organisation's country (`Colectiva Feminista Villa Esperanza (Argentina)`) reads the same.
fn names_without_places(names: Vec<String>) -> Vec<String> {
    let cleaned: Vec<String> = names
        .iter()
        .map(|n| closing::without_place_in_brackets(n))
        .collect();
    let changed = cleaned.iter().zip(&names).filter(|(c, n)| c != n).count();
    if names.len() >= 2 && changed * 2 >= names.len() {
        cleaned
    } else {
        names
    }
}

/// Rule `issuer-formula`, in the lead: `We, the members of the X, write …` names the body that
/// writes.
fn members_opening(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let lead = input.statement.prose().next()?;
    let block = &input.statement.blocks[lead];
    let name = header_words::members_issuer(&block.text)?;
    Some(Sourced::new(
        vec![closing::without_article(&name)],
        Origin::Text {
            line: block.line,
            rule: Rule::IssuerFormula,
        },
    ))
}

/// Rule `title-issuer`: the issuer the title names.
/// A subtitle that names the statement and its issuer counts as well (`(بيان من اللجنة …)`,
/// `（外卖骑手互助会声明）`, `بیانیه کانون …` under a title in quotes).
fn title_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let h = input.statement.heading.as_ref()?;
    let subtitle = Some(h.block + 1).filter(|i| input.statement.header_blocks.contains(i));
    std::iter::once(h.block)
        .chain(subtitle)
        .find_map(|block| {
            let text = if block == h.block {
                h.text.as_str()
            } else {
                unbracketed(&input.statement.blocks[block].text)
            };
            let name = title_issuer::issuer(text)
                .or_else(|| title_issuer::issuer_before_statement_word(text))?;
            Some((block, name))
        })
        .map(|(block, name)| {
            Sourced::new(
                vec![name],
                Origin::Text {
                    line: input.line(block),
                    rule: Rule::TitleIssuer,
                },
            )
        })
}

/// A signature written as one hashtag (`#کانون_صنفی_کارگران`, `#Tenants_Union`) is the name
/// in words; any other name as it is.
fn hashtag_name(name: &str) -> String {
    match name.trim().strip_prefix('#') {
        Some(tag) if !tag.is_empty() && !tag.contains(char::is_whitespace) => tag.replace('_', " "),
        _ => name.to_owned(),
    }
}

/// `(text)`, `[text]`, `（text）` → `text`.
fn unbracketed(text: &str) -> &str {
    let t = text.trim();
    [('(', ')'), ('[', ']'), ('（', '）')]
        .iter()
        .find_map(|(open, close)| t.strip_prefix(*open)?.strip_suffix(*close))
        .unwrap_or(t)
}

/// Rule `dateline`: the body the first paragraph names first after its dateline
/// (`TRENTO, 3 marzo 2023 – La Segreteria provinciale della … esprime …`).
fn dateline_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let lead = input.statement.prose().next()?;
    let block = &input.statement.blocks[lead];
    let name = super::super::dateline::issuer(&block.text)?;
    Some(Sourced::new(
        vec![name],
        Origin::Text {
            line: block.line,
            rule: Rule::Dateline,
        },
    ))
}

/// Rule `lead-issuer`: the body the title names, named in full by the first paragraph.
fn lead_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let h = input.statement.heading.as_ref()?;
    let lead = input.statement.prose().next()?;
    let block = &input.statement.blocks[lead];
    let name = title_issuer::issuer_in_lead(&h.text, &block.text)?;
    Some(Sourced::new(
        vec![name],
        Origin::Text {
            line: block.line,
            rule: Rule::LeadIssuer,
        },
    ))
}

/// Rule `subject-issuer`: the organisation the lead's first sentence opens with, as the subject
/// of a verb of taking a stand (`The X condemns …`).
fn subject_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let lead = input.statement.prose().next()?;
    let block = &input.statement.blocks[lead];
    let title = input.statement.heading.as_ref().map(|h| h.text.as_str());
    let names = super::super::subject_issuer::issuers(&block.text).or_else(|| {
        super::super::subject_issuer::persian_subject(&block.text, title).map(|n| vec![n])
    })?;
    let names = match (names.as_slice(), title) {
        ([name], Some(title)) => vec![extended_by_title(name, &block.text, title)],
        _ => names,
    };
    Some(Sourced::new(
        names,
        Origin::Text {
            line: block.line,
            rule: Rule::SubjectIssuer,
        },
    ))
}

/// The most words the title may add to a subject's name.
const MAX_TITLE_EXTENSION_WORDS: usize = 4;

/// `جمعية عين` → `جمعية عين على البيئة`: in a script without capitals nothing shows where a
/// subject's name ends, and the words that open an object (`على`, "on") may be part of it. When
/// the title repeats the name with the words after it in the lead (`جمعية "عين على البيئة" تحذر
/// …`, quotation marks aside), the name runs on as far as the title goes.
fn extended_by_title(name: &str, lead: &str, title: &str) -> String {
    let cased = name.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    let Some(at) = lead.find(name).filter(|_| !cased) else {
        return name.to_owned();
    };
    let unquoted = |s: &str| -> String {
        let s: String = s.chars().filter(|c| !"\"«»“”„'".contains(*c)).collect();
        format!(" {} ", s.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let title = unquoted(title);
    // A verb of taking a stand ends the name (`פורום X דורש …` in the lead and the title).
    let after: Vec<&str> = lead[at + name.len()..]
        .split_whitespace()
        .take(MAX_TITLE_EXTENSION_WORDS)
        .take_while(|w| !super::super::subject_issuer::is_stance_verb(w))
        .collect();
    (1..=after.len())
        .rev()
        .map(|n| format!("{name} {}", after[..n].join(" ")))
        .find(|longer| title.contains(&unquoted(longer)))
        .unwrap_or_else(|| name.to_owned())
}

/// Rule `subject-issuer`, in an opening formula: a header line under the title that ends with
/// a colon and opens with the body taking a stand (`La Mesa X de Y, espacio que …, EXPRESA:`).
fn formula_subject_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let h = input.statement.heading.as_ref()?;
    let (block, names) = input
        .statement
        .header_blocks
        .iter()
        .filter(|&&b| b > h.block)
        .map(|&b| (b, input.statement.blocks[b].text.trim()))
        .filter(|(_, text)| text.ends_with([':', '：']))
        .find_map(|(b, text)| Some((b, super::super::subject_issuer::issuers(text)?)))?;
    Some(Sourced::new(
        names,
        Origin::Text {
            line: input.line(block),
            rule: Rule::SubjectIssuer,
        },
    ))
}

/// Rule `issuer-formula`, in a news site's intro ending with a colon: the issuer it names with
/// the statement it announces (`… להלן תגובת איגוד עובדי הניקיון המאוחד:`).
fn intro_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let block = input.statement.intro?;
    let name = title_issuer::issuer_in_intro(&input.statement.blocks[block].text)?;
    Some(Sourced::new(
        vec![name],
        Origin::Text {
            line: input.line(block),
            rule: Rule::IssuerFormula,
        },
    ))
}

/// Words that open the heading of a press release's `About X` section, by language (compared
/// after folding, with the space after them).
#[rustfmt::skip]
const ABOUT_WORDS: &[&str] = &[
    "about ", "sobre ", "à propos de ", "a propos de ", "über ", "informazioni su ", "про ",
    "hakkında ", "om ", "over ", "tentang ", "à propos d'", "a propos d'", "à propos d’",
];

/// The most words of the name in an `About X` heading.
const MAX_ABOUT_NAME_WORDS: usize = 8;

/// Rule `about-issuer`: a press release closing with a section about the organisation that
/// issues it (`Sobre Manos Abiertas` / `Manos Abiertas es una organización …`): the heading
/// names it, and the paragraph under it opens with the same name.
fn about_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let blocks = &input.statement.blocks;
    let (block, name) = (1..blocks.len()).rev().find_map(|b| {
        let next = blocks.get(b + 1).map_or("", |n| n.text.as_str());
        Some((
            b,
            about_name(&blocks[b].text, next).or_else(|| about_inline(&blocks[b].text))?,
        ))
    })?;
    Some(Sourced::new(
        vec![name],
        Origin::Text {
            line: input.line(block),
            rule: Rule::AboutIssuer,
        },
    ))
}

/// `Sobre Manos Abiertas` above `Manos Abiertas es una organización …` → `Manos Abiertas`.
fn about_name(heading: &str, next: &str) -> Option<String> {
    let heading = heading.trim();
    let folded = heading.to_lowercase();
    let word = ABOUT_WORDS.iter().find(|w| folded.starts_with(*w))?;
    let name = heading.get(word.len()..)?.trim();
    let words = name.split_whitespace().count();
    let named = (1..=MAX_ABOUT_NAME_WORDS).contains(&words)
        && closing::capitalised(name) == name
        && !name.ends_with(['.', ':', '!', '?'])
        && next.trim_start().starts_with(name);
    named.then(|| name.to_owned())
}

/// `À propos d'Étangs Vivants : fondée en 1998, …`, `About Harbour Watch: founded …`: the
/// section's heading and its text on one line, the name before the colon.
fn about_inline(text: &str) -> Option<String> {
    let t = text.trim();
    let folded = t.to_lowercase();
    let word = ABOUT_WORDS.iter().find(|w| folded.starts_with(*w))?;
    // Skip the word by characters: lower-casing may change a character's length in bytes.
    let rest: String = t.chars().skip(word.chars().count()).collect();
    let (name, text) = rest.split_once([':', '：'])?;
    let name = name.trim();
    let words = name.split_whitespace().count();
    let named = (1..=MAX_ABOUT_NAME_WORDS).contains(&words)
        && closing::capitalised(name) == name
        && !text.trim().is_empty();
    named.then(|| name.to_owned())
}

/// Rule `subject-issuer`, in the title: a title that opens with an organisation taking a stand
/// (`نقابة المهندسين تطالب بوقف …`, `Bündnis X fordert …`), or with the body speaking before a
/// colon (`Betriebsrat: Keine Schließung …`).
fn title_subject_issuer(input: &Input<'_>) -> Option<Sourced<Vec<String>>> {
    let h = input.statement.heading.as_ref()?;
    let name = super::super::subject_issuer::issuer(&h.text)
        .or_else(|| super::super::subject_issuer::issuer_before_colon(&h.text))?;
    // `A - B: TITLE`: joint issuers glued in front of the title (rule `joint-line`).
    let (names, rule) = match joint_line::title_names(&name) {
        Some(names) => (names, Rule::JointLine),
        None => (vec![name], Rule::SubjectIssuer),
    };
    Some(Sourced::new(
        names,
        Origin::Text {
            line: input.line(h.block),
            rule,
        },
    ))
}

/// The names of an issued-by list (`A, B and C`, `A، B و C`): split as an inline list, with the
/// Arabic `و` ("and") taken off a later name that is glued to it (`والاتحاد` → `الاتحاد`).
pub(super) fn issued_by_names(list: &str) -> Vec<String> {
    closing::split_inline(list)
        .iter()
        .flat_map(|part| split_at_glued_and(part))
        .enumerate()
        .map(|(i, n)| {
            let n = n.trim();
            let n = match n.strip_prefix('و') {
                Some(rest) if i > 0 && (rest.starts_with(' ') || rest.starts_with("ال")) => rest,
                // `ورابطة الصحفيين`: "and" glued to a body word without the article.
                Some(rest) if i > 0 && opens_with_body_word(rest) => rest,
                _ => n,
            };
            closing::without_article(n.trim())
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// Whether the first word of `name` names a body (`رابطة …`, `الاتحاد …`).
fn opens_with_body_word(name: &str) -> bool {
    name.split_whitespace()
        .next()
        .is_some_and(super::super::subject_issuer::is_body_word)
}

/// `رابطة الأطباء والاتحاد العام` → `رابطة الأطباء`, `والاتحاد العام`: a word after the first
/// that opens with `و` glued to the article `ال` and names a body starts a new name
/// (`مركز النور للحقوق والحريات`, "for rights and freedoms", stays one).
fn split_at_glued_and(part: &str) -> Vec<String> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let starts_a_name = |w: &&str| {
        w.strip_prefix('و')
            .is_some_and(|rest| rest.starts_with("ال") && opens_with_body_word(rest))
    };
    match words.iter().skip(1).position(starts_a_name) {
        Some(p) => vec![words[..p + 1].join(" "), words[p + 1..].join(" ")],
        None => vec![part.to_owned()],
    }
}

/// `عن التنسيقية الوطنية` → `التنسيقية الوطنية`; any other name as it is.
fn body_signed_for(name: &str) -> String {
    on_behalf_of(name)
        .map(|body| closing::without_article(&body))
        .filter(|body| body.split_whitespace().count() >= 2)
        .map_or_else(|| name.to_owned(), |body| closing::capitalised(&body))
}

/// The names without role lines and on-behalf lines, when a name is left (`For the Board` alone
/// still signs).
fn names_without_roles(names: Vec<String>) -> Vec<String> {
    let kept: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|&(i, a)| {
            name_after_role(a).is_some()
                || (!is_role_line(a) && !is_on_behalf_line(a) && !is_roles_body(&names, i))
        })
        .map(|(_, a)| name_after_role(a).unwrap_or_else(|| a.clone()))
        .collect();
    if kept.is_empty() {
        // `عن التنسيقية الوطنية` alone: the body it signs for, when it is named in two words or
        // more (`For the Board` alone says too little to drop the `For the`).
        names.iter().map(|n| body_signed_for(n)).collect()
    } else {
        kept
    }
}

/// `R. NAME` / `Secretary General` / `Federation of X`: an organisation under a role line that is
/// under a person's name is the body the role belongs to, not one more signatory.
fn is_roles_body(names: &[String], i: usize) -> bool {
    i >= 2
        && is_role_line(&names[i - 1])
        && !is_role_line(&names[i - 2])
        && !names_organisation(&names[i - 2])
        && names_organisation(&names[i])
}

fn configured(input: &Input<'_>) -> Sourced<Vec<String>> {
    Sourced::new(vec![input.config.author.clone()], Origin::Config)
}

#[cfg(test)]
mod tests {
    use super::{hashtag_name, is_organisation_name, issued_by_names, names_without_roles};

    #[test]
    fn an_about_section_names_the_issuer() {
        use super::about_name;
        assert_eq!(
            about_name(
                "Sobre Manos Unidas",
                "Manos Unidas es una organización sin ánimo de lucro."
            )
            .as_deref(),
            Some("Manos Unidas")
        );
        assert_eq!(
            about_name(
                "About Harbour Watch",
                "Harbour Watch is a charity founded in 2001."
            )
            .as_deref(),
            Some("Harbour Watch")
        );
        assert_eq!(
            about_name("About the strike", "The strike began on Monday."),
            None
        );
        assert_eq!(
            about_name("Sobre Manos Unidas", "La organización trabaja desde 1998."),
            None
        );
        use super::about_inline;
        assert_eq!(
            about_inline("À propos d'Étangs Vivants : fondée en 1998, l'association …").as_deref(),
            Some("Étangs Vivants")
        );
        assert_eq!(
            about_inline("About Harbour Watch: a charity founded in 2001.").as_deref(),
            Some("Harbour Watch")
        );
        assert_eq!(about_inline("About the strike: it began on Monday."), None);
        assert_eq!(about_inline("About Harbour Watch"), None);
    }

    #[test]
    fn a_subject_runs_on_as_far_as_the_title_repeats_it() {
        use super::extended_by_title;
        assert_eq!(
            extended_by_title(
                "جمعية عين",
                "تحذر جمعية عين على البيئة من كارثة بيئية.",
                "جمعية \"عين على البيئة\" تحذر من كارثة بيئية"
            ),
            "جمعية عين على البيئة"
        );
        assert_eq!(
            extended_by_title("جمعية عين", "تحذر جمعية عين من كارثة.", "عنوان آخر"),
            "جمعية عين"
        );
        assert_eq!(
            extended_by_title(
                "פורום זכות לדיור",
                "פורום זכות לדיור דורש מהעירייה לעצור.",
                "פורום זכות לדיור דורש מהעירייה לעצור"
            ),
            "פורום זכות לדיור"
        );
        // Names in a script with capitals end where the capitals do.
        assert_eq!(
            extended_by_title(
                "Harbour Union",
                "The Harbour Union condemns the cuts.",
                "Harbour Union condemns the cuts"
            ),
            "Harbour Union"
        );
    }

    #[test]
    fn a_line_that_is_only_an_organisation_s_name() {
        for yes in [
            "城北环卫工人互助会",
            "Union des Retraités du Val",
            "Harbour Tenants' Union",
            "نقابة المعلمين في الواحة",
        ] {
            assert!(is_organisation_name(yes), "{yes}");
        }
        for no in [
            "Union members vote to strike",
            "The union calls for a strike.",
            "我们要求承包公司立即发放补贴。",
            "Union",
            "3 May 2024",
        ] {
            assert!(!is_organisation_name(no), "{no}");
        }
    }

    #[test]
    fn a_hashtag_signature_is_its_words() {
        assert_eq!(
            hashtag_name("#کانون_صنفی_کارگران_ساختمانی"),
            "کانون صنفی کارگران ساختمانی"
        );
        assert_eq!(hashtag_name("#Harbourside_Tenants"), "Harbourside Tenants");
        assert_eq!(hashtag_name("Harbourside Tenants"), "Harbourside Tenants");
        assert_eq!(hashtag_name("#a #b"), "#a #b");
    }

    #[test]
    fn issued_by_lists_split_into_names() {
        assert_eq!(
            issued_by_names("Fern Hill Tenants, River Union and Oak Collective"),
            ["Fern Hill Tenants", "River Union", "Oak Collective"]
        );
        assert_eq!(
            issued_by_names("نقابة المعلمين، رابطة الأطباء والاتحاد العام للعمال"),
            ["نقابة المعلمين", "رابطة الأطباء", "الاتحاد العام للعمال"]
        );
        assert_eq!(
            issued_by_names("نقابة المعلمين، رابطة الأطباء و الاتحاد العام"),
            ["نقابة المعلمين", "رابطة الأطباء", "الاتحاد العام"]
        );
        assert_eq!(issued_by_names("Verein Grünes Tal"), ["Verein Grünes Tal"]);
        assert_eq!(
            issued_by_names("المرصد العربي للصحافة، ورابطة الكتاب، ومركز الأمل للحقوق والحريات"),
            [
                "المرصد العربي للصحافة",
                "رابطة الكتاب",
                "مركز الأمل للحقوق والحريات"
            ]
        );
    }

    #[test]
    fn role_and_on_behalf_lines_are_not_authors() {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            names_without_roles(v(&["For the Board", "The Chair", "Mary Okafor"])),
            ["Mary Okafor"]
        );
        assert_eq!(
            names_without_roles(v(&[
                "Ana Pereira",
                "Secretária-Geral",
                "Luís Matos",
                "Tesoureiro"
            ])),
            ["Ana Pereira", "Luís Matos"]
        );
        assert_eq!(
            names_without_roles(v(&["For the Board"])),
            ["For the Board"]
        );
        assert_eq!(
            names_without_roles(v(&["عن التنسيقية الوطنية"])),
            ["التنسيقية الوطنية"]
        );
    }

    #[test]
    fn the_body_of_a_signer_s_role_and_a_role_before_a_name_are_no_authors() {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            names_without_roles(v(&[
                "R. KANNAN",
                "Secretary General",
                "Federation of Postal Employees"
            ])),
            ["R. KANNAN"]
        );
        assert_eq!(
            names_without_roles(v(&["Голова профспілки Ірина Коваль"])),
            ["Ірина Коваль"]
        );
        assert_eq!(
            names_without_roles(v(&["Ketua Umum", "Agus Santoso"])),
            ["Agus Santoso"]
        );
    }
}
