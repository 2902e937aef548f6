//! Signatories at the end of a statement with no date and no list header: rules
//! `organisation-lines` (one name, perhaps wrapped over two lines: `Sindicato dos Trabalhadores
//! em Educação` / `de Ribamar do Norte – SINTERN`) and `name-lines` (several names one a line,
//! with or without bullets, roles `Name, role`, years `(2005)` or honorifics `Dr`). Also the
//! clean-up every signatory name gets: no leading definite article, no role, no place after a
//! comma ([`clean_name`]).
//!
//! The names are the short lines after the last paragraph that ends a sentence; a line with a
//! date, a slogan or a sentence ends the run.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::dates;
use super::header::date_line;
use super::joint_line;
use super::month_names::{fold, fold_at_most};
use super::rule::Rule;
use super::signatory_words::{
    is_list_header, is_particle, is_role_line, names_organisation, opens_with_role_word,
};
use super::signature::{
    is_place, plain_lines, read_dated_line, strip_bullet, DatedLine, Signature, Signed,
    MAX_SIGNATORY_CHARS,
};
use super::slogans;
use super::source_line::split_at_colon;
use super::statement::words_up_to;
use super::statement::Block;
use crate::collect::Format;

/// The most names a closing list may hold.
const MAX_NAMES: usize = 60;
/// The most words a name line may have (with its role).
const MAX_NAME_WORDS: usize = 16;

/// Leading definite articles dropped from signatory names, by language (compared after
/// [`fold`]).
#[rustfmt::skip]
const ARTICLES: &[&str] = &[
    "the", "le", "la", "les", "il", "lo", "gli", "el", "los", "las", "o", "a", "os", "as", "der",
    "die", "das", "de", "het", "το", "η", "ο", "οι", "τα", "l'", "l’", "i",
];

/// Honorifics dropped before a person's name.
#[rustfmt::skip]
const HONORIFICS: &[&str] = &[
    "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dra", "dra.", "sr", "sr.",
    "sra", "sra.", "pr", "pr.", "mme", "m.", "herr", "frau", "profa", "profa.", "don", "donna",
    "dott.", "dott.ssa", "avv.", "ing.", "padre", "fr.", "rev.", "pfr.", "pfarrer", "د.", "الدكتور",
    "الدكتورة", "د", "доктор", "проф.", "ks.", "dr hab.", "mgr", "inż.", "ד\"ר", "עו\"ד", "פרופ'",
    "הרב", "δρ.", "doç.", "دکتر",
    // clergy: `Canon`, `Imam`, `Rabbi`, `Father`, `Rev.`, `Sheikh`, `Pastor`, `Mons.`, `Mgr`,
    // `Père`, `Abbé`, `Pfarrerin`, `о.`/`отец`, `π.`, `الشيخ`, `الأب`, `القس`, `شیخ`, `Hoca`
    "canon", "imam", "rabbi", "father", "rev", "revd", "revd.", "reverend", "sheikh", "sheik",
    "shaykh", "pastor", "pastora", "mons.", "mons", "monseñor", "monsenhor", "monsignor",
    "mgr.", "monseigneur", "père", "abbé", "pasteur", "pasteure", "pfarrerin", "pastorin",
    "pater", "hermana", "sor", "suor", "отец", "о.", "протоиерей", "π.", "πατήρ", "الشيخ",
    "الأب", "القس", "الإمام", "شیخ", "hoca", "rav",
    // English styles: `The Rt Revd`, `Rt Hon`, `The Hon` (the article is dropped first)
    "rt", "rt.", "hon", "hon.",
    // academic: `Professor`, `Emeritus Professor`, `д-р`, `доц.`
    "professor", "emeritus", "professora", "professeur", "professeure", "professore",
    "professoressa", "professorin", "профессор", "професор", "д-р", "доц.", "доцент", "акад.",
];

/// Styles of two words before a name (`The Right Reverend`, `Most Revd`, `Very Rev.`),
/// compared after [`fold`]: neither first word is a style alone (`Right to Housing Coalition`,
/// `Most Holy Trinity`).
#[rustfmt::skip]
const TWO_WORD_STYLES: &[&str] = &[
    "right reverend", "right revd", "right rev.", "right honourable", "most reverend",
    "most revd", "most rev.", "very reverend", "very revd", "very rev.",
];

/// Closing words before the names (`Atentamente`, `In solidarity`): part of the signature,
/// not signatories.
#[rustfmt::skip]
const VALEDICTIONS: &[&str] = &[
    "sincerely", "yours sincerely", "yours faithfully", "in solidarity", "regards", "best regards",
    "atentamente", "saludos", "en solidaridad", "fraternalmente", "cordialmente", "atenciosamente",
    "saudações", "em solidariedade", "cordialement", "salutations", "fraternellement",
    "mit freundlichen grüßen", "solidarische grüße", "solidarisch", "cordiali saluti", "distinti saluti",
    "in solidarietà", "с уважением", "з повагою", "مع التحية", "وتفضلوا بقبول فائق الاحترام",
    "z poważaniem", "met vriendelijke groet", "med vänliga hälsningar", "saygılarımızla",
    "με εκτίμηση", "בברכה", "با احترام", "此致敬礼", "met solidaire groet", "met strijdbare groet",
    "solidariska hälsningar", "amb salutacions", "salutacions", "dayanışmayla",
    "saludos cordiales", "cordiales saludos", "un saludo", "un cordial saludo", "saudações cordiais",
    "kind regards", "warm regards", "with best wishes", "herzliche grüße", "viele grüße",
    "cordiali saluti e buon lavoro", "bien à vous", "kamuoyuna saygıyla duyururuz",
    "saygıyla duyururuz", "特此声明", "特此聲明",
    // formal letters: `בכבוד רב,`, `Με τιμή,`, `با سپاس،`, `Saygılarımla,`
    "בכבוד רב", "בכבוד", "με τιμή", "με συναδελφικούς χαιρετισμούς", "با سپاس", "saygılarımla",
    "veuillez agréer", "con i migliori saluti", "с товарищеским приветом",
];

/// Words that join the last two names of an inline list (`A, B and C`).
#[rustfmt::skip]
const AND: &[&str] = &[
    "and", "y", "e", "et", "und", "en", "och", "i", "ve", "и", "і", "та", "و", "και", "ו", "oraz",
];

/// Rule `inline-list`: `Signatory organisations: A, B, C and D` (or `Name, role; Name, role`) in
/// one paragraph at the end, perhaps under a date line or above one (`Elmtal, den 30. September
/// 2024`).
pub(crate) fn inline_list(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    end: usize,
) -> Option<Signature> {
    let date_after = dated_line_before(blocks, body_start, end)
        .filter(|d| d.block + 1 == end && d.block > body_start + 1);
    let end_of_list = date_after.as_ref().map_or(end, |d| d.block);
    let last = end_of_list.checked_sub(1).filter(|&l| l > body_start)?;
    let text = &blocks[last].text;
    let (head, rest) = split_at_colon(text)?;
    if !is_list_header(head.trim()) || rest.trim().is_empty() {
        return None;
    }
    let names: Vec<String> = split_inline(rest.trim())
        .iter()
        .map(|n| clean_name(n))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return None;
    }
    let dated = dated_line_before(blocks, body_start, last);
    let start = dated.as_ref().map_or(last, |d| d.block);
    let signed = Signed {
        date: dated.or(date_after),
        authors: names,
        authors_block: last,
        authors_rule: Rule::InlineList,
        place: None,
    };
    Some(Signature::over(blocks, start..end, format, signed))
}

/// `list` without the stop that closes it, unless the stop ends an abbreviation of the last name
/// (`Lesepaten Ostend e.V.`, `Acme S.A.`: a dot inside the last word too).
fn without_final_stop(list: &str) -> &str {
    let trimmed = list.trim_end_matches(['.', '…']);
    let last_word = list.split_whitespace().last().unwrap_or("");
    let abbreviation = last_word.trim_end_matches('.').contains('.');
    if abbreviation && list.ends_with('.') && !list.ends_with("..") {
        list
    } else {
        trimmed
    }
}

/// `A, role; B, role` splits at semicolons; `A, B, C and D` at commas and the last `and`.
pub(crate) fn split_inline(list: &str) -> Vec<String> {
    let list = without_final_stop(list);
    if list.contains(';') {
        return list.split(';').map(|s| s.trim().to_owned()).collect();
    }
    let mut parts: Vec<String> = list
        .split([',', '،'])
        .map(|s| s.trim().to_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let words: Vec<&str> = last.split_whitespace().collect();
        match words.iter().rposition(|w| AND.contains(&fold(w).as_str())) {
            Some(i) if i > 0 && i + 1 < words.len() => {
                parts.push(words[..i].join(" "));
                parts.push(words[i + 1..].join(" "));
            }
            _ => parts.push(last),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// A date line right before block `at` (`Paris le 25 avril 2007 - 14h30`).
fn dated_line_before(blocks: &[Block], body_start: usize, at: usize) -> Option<DatedLine> {
    let b = at
        .checked_sub(1)
        .filter(|&b| b > body_start && blocks[b].lines == 1)?;
    let text = &blocks[b].text;
    // A date line, or a place and a date (`Santa Clara del Río, 10 de noviembre de 2018`).
    let found = match date_line(text) {
        Some((found, None)) => found,
        Some(_) => return None,
        None => {
            let found = dates::find_in_text(text)?;
            let (author, place) = read_dated_line(text, &found);
            (author.is_none() && place.is_some()).then_some(found)?
        }
    };
    Some(DatedLine {
        block: b,
        offset: 0,
        text: blocks[b].text.clone(),
        found,
    })
}

/// The most words of a label over the names (`Подписи родителей:`, `Члены родительского
/// комитета:`, `The parents:`).
const MAX_NAMES_LABEL_WORDS: usize = 5;

/// A short line closing with a colon, over the names (rule `name-lines`).
fn is_names_label(block: &Block) -> bool {
    let t = block.text.trim();
    block.lines == 1
        && t.ends_with([':', '：'])
        && (1..=MAX_NAMES_LABEL_WORDS).contains(&words_up_to(t, MAX_NAMES_LABEL_WORDS + 1))
        && dates::find_in_text(t).is_none()
}

/// Rules `organisation-lines` and `name-lines`: the names closing a statement whose body starts
/// at `body_start`, before the slogans at `end`.
pub(crate) fn name_lines(
    blocks: &[Block],
    format: Format,
    body_start: usize,
    end: usize,
) -> Option<Signature> {
    // A press contact under the names (`Тел.: …`, `Contact: …`) is part of the signature.
    let signature_end = end;
    let mut end = end;
    while end > body_start + 2
        && blocks[end - 1].lines == 1
        && is_contact_line(&blocks[end - 1].text)
    {
        end -= 1;
    }
    let mut start = end;
    // `特此声明。` under the names closes the statement: part of the signature.
    if end > body_start + 2 && blocks[end - 1].lines == 1 && is_valediction(&blocks[end - 1].text) {
        start = end - 1;
    }
    let mut valediction = false;
    let mut lines: Vec<(usize, bool, String)> = Vec::new();
    while start > body_start + 1 && lines.len() < MAX_NAMES {
        let b = start - 1;
        let block_lines = plain_lines(&blocks[b], format);
        // `Atentamente,` above the names: part of the signature, and where it starts.
        if !lines.is_empty() && block_lines.len() == 1 && is_valediction(&block_lines[0]) {
            start = b;
            valediction = true;
            break;
        }
        // A rallying cry that does not exclaim (`عاشت وحدة المعلمين`) is a slogan above the
        // names, not one of them.
        if block_lines.is_empty()
            || !block_lines
                .iter()
                .all(|l| is_name_line(l) && !slogans::is_rallying_cry(l))
        {
            break;
        }
        // The source's lines only for a block of names (most blocks are no names).
        let bullets = blocks[b].source.lines().map(|l| strip_bullet(l).0);
        let mut these: Vec<(usize, bool, String)> = block_lines
            .iter()
            .cloned()
            .zip(bullets.chain(std::iter::repeat(false)))
            .map(|(l, bullet)| (b, bullet || starts_with_dash(&blocks[b].source), l))
            .collect();
        these.append(&mut lines);
        lines = these;
        start = b;
    }
    if lines.is_empty() {
        return None;
    }
    // `Paris le 25 avril 2007 - 14h30`, then the names.
    let dated = (!valediction)
        .then(|| dated_line_before(blocks, body_start, start))
        .flatten();
    if dated.is_some() {
        start -= 1;
    }
    // `Малые Ключи, 3 февраля 2025 года` / `Подписи родителей:` / the names: a label over the
    // names, and the date line over it.
    let labelled =
        (!valediction && dated.is_none() && start >= 2 && is_names_label(&blocks[start - 1]))
            .then(|| dated_line_before(blocks, body_start, start - 1))
            .flatten();
    if labelled.is_some() {
        start -= 2;
    }
    let dated = dated.or(labelled);
    if !ends_a_sentence(&blocks[start - 1].text)
        && !slogans::is_rallying_cry(&blocks[start - 1].text)
    {
        return None;
    }
    let names_block = lines[0].0;
    // `Εργατικό Κέντρο` / `Λιμνούπολης`: a single word under one name finishes it (in a script
    // written with spaces: a line of Chinese is one "word" and may be a name of its own).
    if let [(_, false, a), (_, false, b)] = lines.as_slice() {
        let spaced = a.contains(char::is_whitespace);
        if spaced && words_up_to(b, 2) == 1 && !a.contains(',') && !b.contains(',') {
            let joined = format!("{a} {b}");
            lines.truncate(1);
            lines[0].2 = joined;
        }
    }
    if valediction {
        // Under `In solidarity,` a role follows the name (`Branch Secretary, …`, `voorzitter …`).
        let first = lines[0].clone();
        let people: Vec<(usize, bool, String)> = lines
            .iter()
            .filter(|(_, _, l)| {
                let head = l.split([',', '،']).next().unwrap_or_default();
                let head = person_before_dash(head).unwrap_or(head);
                !names_organisation(head) && !l.starts_with(char::is_lowercase)
            })
            .cloned()
            .collect();
        lines = if !people.is_empty() {
            people
        } else if lines.len() >= 2 && lines.iter().all(|(_, _, l)| signs_as_a_body(l)) {
            // `Un saludo,` / `Sección sindical A` / `Sección sindical B`: organisations one a
            // line, each signing.
            lines
        } else {
            vec![first]
        };
    }
    let names: Vec<String> = lines.iter().map(|(_, _, l)| l.clone()).collect::<Vec<_>>();
    let names = people_before_dashes(names);
    let names: Vec<String> = (if valediction {
        names
    } else {
        join_wrapped(join_before_role(names).iter().map(String::as_str))
    })
    .iter()
    .filter(|l| !is_valediction(l))
    .flat_map(|l| joint_line::names_of(l))
    .map(|l| clean_name(&l))
    .filter(|n| !n.is_empty())
    .collect();
    let joint = names.len() > lines.len();
    let names = without_heading_body(names);
    if names.is_empty() {
        return None;
    }
    let acronym = names.len() == 1 && is_introduced_acronym(&names[0], &blocks[..start]);
    if names.len() == 1 && !reads_as_a_name(&names[0]) && !acronym {
        return None;
    }
    let rule = if joint {
        Rule::JointLine
    } else if dated.is_some() {
        Rule::SignatoryLine
    } else if acronym {
        Rule::AcronymSignature
    } else if names.len() == 1 {
        Rule::OrganisationLines
    } else {
        Rule::NameLines
    };
    let signed = Signed {
        date: dated,
        authors: names,
        authors_block: names_block,
        authors_rule: rule,
        place: None,
    };
    Some(Signature::over(
        blocks,
        start..signature_end,
        format,
        signed,
    ))
}

/// `Η Γραμματεία` / `Ένωση Κατοίκων …`: a lone word for a body (`Secretariat`, `Board`) above
/// the organisation's full name says which of its bodies signs, and is no signatory of its own.
fn without_heading_body(mut names: Vec<String>) -> Vec<String> {
    let lone_body = |n: &str| words_up_to(n, 2) == 1 && names_organisation(n);
    if names.len() >= 2 && lone_body(&names[0]) && !lone_body(&names[1]) {
        names.remove(0);
    }
    names
}

/// The most lines of organisations set in capitals at the end.
const MAX_CAPS_ORGANISATION_LINES: usize = 6;

/// Rule `organisation-lines`, in capitals: the last lines of a statement are organisations
/// set in capitals, one a line or one wrapped over two (`ΣΩΜΑΤΕΙΟ ΛΙΜΕΝΕΡΓΑΤΩΝ Χ` / `ΕΝΩΣΗ
/// ΝΑΥΤΕΡΓΑΤΩΝ Υ`; `SINDICATO DOS TRABALHADORES` / `DA CONSTRUÇÃO DE PEDRA ALTA`): each line
/// opens with a word for a body (after an article: `ΤΟ ΣΩΜΑΤΕΙΟ …`) or goes on with the name
/// above it ([`goes_on_in_capitals`]); nothing exclaims. They sign: they are no slogans.
pub(crate) fn is_caps_organisations(blocks: &[Block], run: std::ops::Range<usize>) -> bool {
    let lines: Vec<&str> = blocks[run.clone()].iter().map(|b| b.text.trim()).collect();
    (1..=MAX_CAPS_ORGANISATION_LINES).contains(&run.len())
        && blocks[run.clone()].iter().all(|b| b.lines == 1)
        && lines.iter().enumerate().all(|(i, t)| {
            slogans::in_capitals(t)
                && !t.contains(['!', '?', '¡', '！', ',', ';', ':', '«', '"'])
                && words_up_to(t, MAX_NAME_WORDS + 1) <= MAX_NAME_WORDS
                && (opens_with_body_word(t)
                    || closes_with_body_word(t)
                    || (i > 0 && goes_on_in_capitals(lines[i - 1], t, lines.len())))
        })
}

/// A line in capitals that goes on with the name in capitals above it: it opens with a small
/// word (`DA CONSTRUÇÃO DE PEDRA ALTA`), or, the two lines alone, the line above opens with a
/// word for a body and this one names none (`SINDICATO DOS PROFESSORES DA REDE` / `MUNICIPAL
/// DE VILA SERENA`: a name wrapped anywhere).
fn goes_on_in_capitals(above: &str, line: &str, lines: usize) -> bool {
    let wrapped_pair = lines == 2 && opens_with_body_word(above) && !names_organisation(line);
    slogans::in_capitals(above)
        && slogans::in_capitals(line)
        && (opens_with_particle(line) || wrapped_pair)
}

/// Words of [`names_organisation`] for people rather than a body (`WORKERS OF THE WORLD
/// UNITE` opens a slogan, not a name).
const PEOPLE_WORDS: &[&str] = &["workers", "members", "comrades", "editors"];

/// `ΤΟ ΣΩΜΑΤΕΙΟ …`, `SINDICATO …`: the first word, after an article, names a body (and not
/// people: [`PEOPLE_WORDS`]).
pub(crate) fn opens_with_body_word(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let word = if ARTICLES.contains(&fold(first).as_str()) {
        words.next().unwrap_or_default()
    } else {
        first
    };
    names_organisation(word) && !PEOPLE_WORDS.contains(&fold(word).as_str())
}

/// Words that close a body's name in Turkish, which names the body last (`BİRLEŞİK
/// TAŞIMACILIK VE DEPO İŞÇİLERİ SENDİKASI`, `Kuzey Yakası Kent Hakkı Topluluğu`), compared
/// after [`fold`]. A slogan does not end with one.
#[rustfmt::skip]
const HEAD_FINAL_BODY_WORDS: &[&str] = &[
    "sendikası", "derneği", "platformu", "partisi", "konfederasyonu", "federasyonu", "meclisi",
    "komitesi", "birliği", "odası", "kurulu", "şubesi", "girişimi", "dayanışması", "inisiyatifi",
    "vakfı", "kooperatifi", "topluluğu", "cephesi", "gönüllüleri", "temsilciliği", "sendikaları",
];

/// `… İŞÇİLERİ SENDİKASI`: the last word names a body, as Turkish names one.
pub(crate) fn closes_with_body_word(line: &str) -> bool {
    static WORDS: LazyLock<Vec<String>> =
        LazyLock::new(|| HEAD_FINAL_BODY_WORDS.iter().map(|w| fold(w)).collect());
    let words = words_up_to(line, 2);
    words >= 2
        && line
            .split_whitespace()
            .last()
            .is_some_and(|w| WORDS.contains(&fold(w.trim_matches(|c: char| !c.is_alphabetic()))))
}

/// `DA CONSTRUÇÃO …`, `OF THE NORTH`: a line that opens with a small word going on with the
/// name above it.
fn opens_with_particle(line: &str) -> bool {
    line.split_whitespace().next().is_some_and(|w| {
        is_particle(&fold(w)) || ["of", "des", "du", "dei", "della"].contains(&fold(w).as_str())
    })
}

/// A line under a valediction that names a body of its own (`Sección sindical SITAM`): a word
/// for a body, two words or more, no role (`Branch Secretary, …`) and no comma.
fn signs_as_a_body(line: &str) -> bool {
    let t = strip_bullet(line).1.trim();
    words_up_to(t, 2) >= 2
        && names_organisation(t)
        && !t.contains([',', '،'])
        && !is_role_line(t)
        && !opens_with_role_word(t)
        && t.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !c.is_lowercase())
}

/// `Anna Nowak – Stowarzyszenie Mieszkańców`: a person's name, a dash, then the organisation
/// they sign for. Returns the name (people are given by name only).
pub(crate) fn person_before_dash(line: &str) -> Option<&str> {
    [" – ", " — ", " - "].iter().find_map(|dash| {
        let (name, body) = line.split_once(dash)?;
        let (name, body) = (name.trim(), body.trim());
        let words = name.split_whitespace().count();
        let capitalised = name.split_whitespace().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| !c.is_lowercase())
        });
        ((2..=4).contains(&words)
            && capitalised
            && !names_organisation(name)
            && names_organisation(body))
        .then_some(name)
    })
}

/// `Anna Nowak – Stowarzyszenie A` / `Jan Wrona – Rada B`: two lines or more, each a person
/// and the body they sign for, give the people. One such line alone may be a town and a body
/// (`Rio Claro – Sindicato X`), and stays as it is.
fn people_before_dashes(names: Vec<String>) -> Vec<String> {
    let people: Vec<String> = names
        .iter()
        .filter_map(|n| person_before_dash(strip_bullet(n).1).map(str::to_owned))
        .collect();
    if names.len() >= 2 && people.len() == names.len() {
        people
    } else {
        names
    }
}

/// One line alone signs only when it reads as a name: two capitalised words or more (an
/// organisation, a person), or a word that names an organisation, or a script without capitals.
fn reads_as_a_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if !name.chars().any(|c| c.is_uppercase() || c.is_lowercase()) {
        // Without capitals to go by: a body's name, or a person's name in a few words. A longer
        // line naming no body is a sentence or a motto (`الصحة حق لكل أهل الوادي`).
        return words.len() <= MAX_UNCASED_NAME_WORDS
            || words.iter().any(|w| super::subject_issuer::is_body_word(w));
    }
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    let cased = name.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    !cased || capitalised >= 2 || names_organisation(name)
}

/// The most words of a person's name in a script without capitals (`محمد بن عبد الله`).
const MAX_UNCASED_NAME_WORDS: usize = 4;

/// The most letters of an acronym.
const MAX_ACRONYM_LETTERS: usize = 10;

/// Rule `acronym-signature`: a name that is one acronym in capitals (`FECAVA`, `ΑΔΕΔΥ`,
/// `МПРС`, `C.G.T.`, `CGT-FO`) signs when the text above spells it too (`La Federación … del
/// Valle Alto (FECAVA) denuncia …`): the organisation introduced itself, and signs short. An
/// acronym nobody introduced may be a marker or a section, and is left alone.
fn is_introduced_acronym(name: &str, above: &[Block]) -> bool {
    let name = name.trim();
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let shaped = !name.contains(char::is_whitespace)
        && (2..=MAX_ACRONYM_LETTERS).contains(&letters)
        && name.chars().all(|c| c.is_uppercase() || ".-&".contains(c));
    let bare = name.trim_end_matches('.');
    shaped
        && above.iter().any(|b| {
            b.text
                .split(|c: char| !(c.is_alphanumeric() || ".-&".contains(c)))
                .any(|token| token.trim_end_matches('.') == bare)
        })
}

/// [`VALEDICTIONS`] folded, once per run.
static FOLDED_VALEDICTIONS: LazyLock<HashSet<String>> =
    LazyLock::new(|| VALEDICTIONS.iter().map(|v| fold(v)).collect());

/// The longest of [`FOLDED_VALEDICTIONS`], in bytes: a line that folds longer is none.
static LONGEST_VALEDICTION: LazyLock<usize> = LazyLock::new(|| {
    FOLDED_VALEDICTIONS
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0)
});

pub(crate) fn is_valediction(line: &str) -> bool {
    let line = line.trim_end_matches([',', '.', '!', '،', '。']).trim();
    fold_at_most(line, *LONGEST_VALEDICTION).is_some_and(|f| FOLDED_VALEDICTIONS.contains(&f))
}

/// `Mieterverein Nordstadt e.V.`, `Cooperativa Sul S.A.`: the full stop closes an abbreviation
/// with a full stop inside it, not a sentence.
fn ends_with_abbreviation(line: &str) -> bool {
    line.split_whitespace()
        .last()
        .and_then(|w| w.strip_suffix('.'))
        .is_some_and(|inner| {
            inner.contains('.') && !inner.ends_with('.') && inner.chars().count() <= 5
        })
}

fn starts_with_dash(source: &str) -> bool {
    source.trim_start().starts_with(['–', '—', '-', '•', '*'])
}

/// A line that can only be a name (with perhaps a bullet, a role or a year): short, no
/// sentence end, no date, opening with a capital (or a letter of a script without capitals)
/// or a lower-case particle that continues a wrapped name.
fn is_name_line(line: &str) -> bool {
    let t = strip_bullet(line).1.trim_start_matches(['–', '—']).trim();
    // `… ends here."`: the last sentence of a quoted statement, not a name in quotation marks
    // (German closes with `“`, and `»…«` with `«`).
    let unquoted = t.trim_end_matches(['"', '»', '”', '“', '«']).trim_end();
    let chars = t.chars().count();
    (2..=MAX_SIGNATORY_CHARS).contains(&chars)
        && words_up_to(t, MAX_NAME_WORDS + 1) <= MAX_NAME_WORDS
        && !(unquoted.len() < t.len() && unquoted.ends_with(['.', '!', '?', '。']))
        && (!t.ends_with([
            '.', ',', ';', ':', '!', '?', '…', '،', '؛', '؟', '！', '。', '：',
        ]) || ends_with_abbreviation(t))
        && !t.ends_with("..")
        && t.chars().any(char::is_alphabetic)
        && !t.starts_with('¡')
        && !is_contact_line(t)
        && dates::find_in_text(t).is_none()
}

/// The fewest digits of a telephone number.
const MIN_PHONE_DIGITS: usize = 7;

/// A press contact under the signature, never a name: a telephone number, an address for mail
/// or the web (`Тел.: +7 900 123-45-67`, `press@example.org`), or a labelled line whose label
/// is not a list header (`לפרטים נוספים: נועה לוי`, `Contact: Ana Ruiz`).
fn is_contact_line(line: &str) -> bool {
    // The byte scans first: the label's test decodes the line and looks its label up.
    has_phone_number(line)
        || line.contains('@')
        || URL_SCHEME_END.find(line.as_bytes()).is_some()
        || is_labelled_line(line)
}

/// The searcher for `://`, built once (building one costs more than searching most lines).
static URL_SCHEME_END: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"://"));

/// `Label: rest`, both parts there, the label no list header.
fn is_labelled_line(line: &str) -> bool {
    split_at_colon(line).is_some_and(|(label, rest)| {
        !label.trim().is_empty() && !rest.trim().is_empty() && !is_list_header(label.trim())
    })
}

/// `+7 900 123-45-67`, `050-0000000`, `0532 000 00 00`: a run of digits, spaces, dashes and
/// brackets opening with `+` or `0` and holding [`MIN_PHONE_DIGITS`] digits or more (years
/// such as `(1994-2016)` open with neither).
fn has_phone_number(line: &str) -> bool {
    // A line with fewer digits in all holds no such run (most lines: the count is a cheap scan
    // of the bytes).
    enough_phone_digits(line) && has_phone_run(line)
}

fn enough_phone_digits(line: &str) -> bool {
    // Found a block of bytes at a time, and counted no further than needed: the line asked is
    // often the closing paragraph.
    super::date_words::ascii_digits(line.as_bytes())
        .nth(MIN_PHONE_DIGITS - 1)
        .is_some()
}

/// [`has_phone_number`] without the count that spares most lines.
fn has_phone_run(line: &str) -> bool {
    let is_phone_char = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    line.split(|c: char| !is_phone_char(c)).any(|run| {
        let run = run.trim_start_matches([' ', '(']);
        run.starts_with(['+', '0'])
            && run.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS
    })
}

/// True when a paragraph ends a sentence (so that what follows it is not its continuation).
fn ends_a_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '»', '”', ')', ' '])
        .ends_with(['.', '!', '?', '…', '。', '؟', '！', ':', '：', '؛'])
}

/// In a list of `Name, role` lines, a line with no comma followed by one with a comma is a
/// name wrapped before its role (`Prof. Dr. João Batista` / `Nogueira Filho, Departamento`).
/// A body above people (`Der Kirchenvorstand` / `Pastorin Friederike Lamm, Vorsitzende`) is
/// the heading they sign under, not the start of a name.
fn join_before_role(lines: Vec<String>) -> Vec<String> {
    let with_role = lines.iter().filter(|l| l.contains(',')).count();
    if with_role < 2 || with_role * 2 < lines.len() {
        return lines;
    }
    let body_above_person = |above: &str, line: &str| {
        let name = line.split(',').next().unwrap_or_default();
        names_organisation(above) && !names_organisation(name)
    };
    let mut out: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for l in lines {
        match pending.take() {
            Some(p) if l.contains(',') && body_above_person(&p, &l) => {
                out.push(p);
                out.push(l);
            }
            Some(p) if l.contains(',') => out.push(format!("{p} {l}")),
            Some(p) => {
                out.push(p);
                pending = Some(l);
            }
            None if !l.contains(',') => pending = Some(l),
            None => out.push(l),
        }
    }
    out.extend(pending);
    out
}

/// Joins a name wrapped over two lines: a line that opens in lower case continues the one
/// before it, and so does a line in capitals opening with a small word under another in
/// capitals (`SINDICATO DOS TRABALHADORES` / `DA CONSTRUÇÃO`).
fn join_wrapped<'a>(lines: impl ExactSizeIterator<Item = &'a str>) -> Vec<String> {
    let count = lines.len();
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let l = strip_bullet(l).1.trim_start_matches(['–', '—']).trim();
        let caps_goes_on = out
            .last()
            .is_some_and(|above| goes_on_in_capitals(above, l, count));
        // `д-р Андрій Возняк`, `проф. Ніна Стельмах`: an honorific in small letters opens a
        // name of its own.
        let continues = (l.chars().next().is_some_and(char::is_lowercase)
            && !opens_with_honorific(l))
            || caps_goes_on;
        match out.last_mut() {
            Some(prev) if continues => {
                prev.push(' ');
                prev.push_str(l);
            }
            _ => out.push(l.to_owned()),
        }
    }
    out
}

/// Words for "issued by" that open a closing line before the issuer's name.
const ISSUED_BY: &[&str] = &["صادر عن ", "صادرة عن ", "Issued by ", "issued by "];

/// A signatory as the feeds give it: no bullet, no leading definite article, no honorific, no
/// year in brackets, no role or place after a comma (`Dr Miriam Oduya, general practitioner` →
/// `Miriam Oduya`; `Union locale CGTR, Saint-Aubin` → `Union locale CGTR`).
pub(crate) fn clean_name(name: &str) -> String {
    let mut n = strip_bullet(name)
        .1
        .trim_start_matches(['–', '—'])
        .trim()
        .to_owned();
    // A list header glued to the first name (`Podpisali:Anna Wiśniewska`).
    if let Some((head, rest)) = n.split_once([':', '：']) {
        if is_list_header(head.trim()) && !rest.trim().is_empty() {
            n = rest.trim().to_owned();
        }
    }
    if let Some(i) = n.find([',', '،']) {
        let (head, tail) = (n[..i].trim(), n[i..].trim_start_matches([',', '،']).trim());
        let person = !names_organisation(head) && words_up_to(head, 5 + 1) <= 5;
        let role = tail.chars().next().is_some_and(char::is_lowercase);
        if person || role || is_place(tail) {
            n = head.to_owned();
        }
    }
    // `صادر عن المكتب التنفيذي …`: "issued by" before the issuer.
    for issued_by in ISSUED_BY {
        if let Some(rest) = n.strip_prefix(issued_by) {
            n = rest.trim().to_owned();
        }
    }
    let n = without_place_after_dash(&without_bracketed_role(&n));
    let n = without_honorifics(&without_year(&n));
    let named = without_article(&n);
    // `The Rt Revd Gregory Haldane`: the article comes before the style.
    if named == n {
        named
    } else {
        without_honorifics(&named)
    }
}

/// `王立新（第七中学退休教师）` → `王立新`: a Chinese or Japanese personal name (two to four
/// Han characters) with the signer's role or school in brackets after it. A body's name keeps
/// its brackets (an acronym, a country).
fn without_bracketed_role(name: &str) -> String {
    let t = name.trim();
    let Some(open) = t.find(['（', '(']) else {
        return t.to_owned();
    };
    let head = t[..open].trim();
    let han = head.chars().filter(|c| super::header::is_han(*c)).count();
    let all_han = head.chars().all(|c| super::header::is_han(c) || c == '·');
    if t.ends_with(['）', ')']) && (2..=4).contains(&han) && all_han {
        head.to_owned()
    } else {
        t.to_owned()
    }
}

/// `name` without up to three honorifics or styles before it (`Dr`, `Rt Revd`, `Pfarrerin`).
fn without_honorifics(name: &str) -> String {
    let mut n = name.to_owned();
    for _ in 0..3 {
        n = without_honorific(&n);
    }
    n
}

/// `Segreteria provinciale di Sinistra Comune – Roccaverde` → the organisation without the
/// town a dash sets after it, as a comma does (`Org, Place`). Only a town of one word written
/// in small letters after its capital: after a dash an organisation also gives its acronym
/// (`– SINTERN`), its branch (`– Bezirk Brunnhausen`, `– فرع السلام`), which stay.
fn without_place_after_dash(name: &str) -> String {
    for dash in [" – ", " — ", " - "] {
        if let Some((head, tail)) = name.rsplit_once(dash) {
            let (head, tail) = (head.trim(), tail.trim());
            if names_organisation(head) && is_one_word_town(tail) {
                return head.to_owned();
            }
        }
    }
    name.to_owned()
}

/// `Roccaverde`, `Lindenhof`, `Rivière-aux-Saules`, `Saint-Élzéar-des-Monts`: one word (its
/// parts joined by hyphens), each part a capital then small letters or a small word of at most
/// three letters (`aux`, `des`, `sur`), the first a capital's; a word that reads as a place. An
/// acronym (`SINPRE`) is none.
fn is_one_word_town(word: &str) -> bool {
    let capitalised = |part: &str| {
        let mut letters = part.chars().filter(|c| c.is_alphabetic());
        letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
    };
    let small = |part: &str| {
        (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_lowercase)
    };
    let mut parts = word.split('-');
    !word.contains(char::is_whitespace)
        && parts.next().is_some_and(capitalised)
        && parts.all(|p| capitalised(p) || small(p))
        && is_place(word)
}

/// `Ernesto Lanús Vidal (1976)` → `Ernesto Lanús Vidal`.
fn without_year(name: &str) -> String {
    let t = name.trim_end();
    if let Some(open) = t.rfind('(') {
        let inner = t[open + 1..].trim_end_matches(')');
        if t.ends_with(')')
            && !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || "–- ".contains(c))
        {
            return t[..open].trim_end().to_owned();
        }
    }
    t.to_owned()
}

/// `Agnes Whitcombe (Harlow)` → `Agnes Whitcombe`: in a list of people each given with their
/// town, the town is no part of the name (the caller checks the list). An organisation keeps what its brackets say (`Movimento Terra Livre (Brasil)`),
/// and so does a person followed by an acronym (`Ana Lima (SINTERN)`).
pub(crate) fn without_place_in_brackets(name: &str) -> String {
    let t = name.trim_end();
    let Some(open) = t.rfind('(').filter(|_| t.ends_with(')')) else {
        return t.to_owned();
    };
    let (head, inner) = (t[..open].trim_end(), &t[open + 1..t.len() - 1]);
    let person = !names_organisation(head) && (2..=5).contains(&words_up_to(head, 5 + 1));
    let acronym = !inner.chars().any(char::is_lowercase) && inner.chars().any(char::is_uppercase);
    if person && is_place(inner.trim()) && !acronym {
        head.to_owned()
    } else {
        t.to_owned()
    }
}

/// [`HONORIFICS`] folded, once per run: [`without_honorific`] folds only the name's first word.
static FOLDED_HONORIFICS: LazyLock<HashSet<String>> =
    LazyLock::new(|| HONORIFICS.iter().map(|w| fold(w)).collect());

/// The longest of [`FOLDED_HONORIFICS`], in bytes: a first word that folds longer is none.
static LONGEST_HONORIFIC: LazyLock<usize> =
    LazyLock::new(|| FOLDED_HONORIFICS.iter().map(String::len).max().unwrap_or(0));

/// `name` without an honorific as its first word (both sides folded: folding may change an
/// apostrophe, `פרופ'`).
fn without_honorific(name: &str) -> String {
    if let Some(rest) = without_two_word_style(name) {
        return rest;
    }
    match name.split_once(' ') {
        Some((first, rest)) if !rest.is_empty() && is_honorific(first) => rest.trim().to_owned(),
        _ => name.to_owned(),
    }
}

/// `name` after a [`TWO_WORD_STYLES`] style, when it opens with one and a name follows.
fn without_two_word_style(name: &str) -> Option<String> {
    let mut words = name.splitn(3, ' ');
    let (first, second, rest) = (words.next()?, words.next()?, words.next()?.trim());
    let style = fold(&format!("{first} {second}"));
    (TWO_WORD_STYLES.contains(&style.as_str()) && !rest.is_empty()).then(|| rest.to_owned())
}

/// `д-р Андрій Возняк`, `prof. Anna Kowalska`: a line that opens with an honorific (in small
/// letters too) opens a name of its own; it does not go on with the line above.
pub(crate) fn opens_with_honorific(line: &str) -> bool {
    line.split_whitespace().next().is_some_and(is_honorific)
}

fn is_honorific(word: &str) -> bool {
    fold_at_most(word, *LONGEST_HONORIFIC).is_some_and(|f| FOLDED_HONORIFICS.contains(&f))
}

/// `The Political Bureau of X` → `Political Bureau of X`; `L'Union` → `Union`; `Het dagelijks
/// bestuur` → `Dagelijks bestuur` (the name then opens with a capital).
pub(crate) fn without_article(name: &str) -> String {
    let t = name.trim();
    for elided in ["L'", "L’", "l'", "l’"] {
        if let Some(rest) = t.strip_prefix(elided) {
            return capitalised(rest);
        }
    }
    match t.split_once(' ') {
        Some((first, rest)) if ARTICLES.contains(&fold(first).as_str()) && !rest.is_empty() => {
            // A name in capitals keeps its capitals; otherwise the first letter is raised.
            capitalised(rest)
        }
        _ => t.to_owned(),
    }
}

pub(crate) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::statement::Statement;
    use super::*;

    /// Fast paths compared with the slow ones they replace.
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(crate::types::proptest_config(0))]
            /// The digit count never spares a line holding a phone number.
            #[test]
            fn no_phone_number_without_enough_digits(line in "[0-9 +().a-z٠-٩-]{0,24}") {
                prop_assert!(!has_phone_run(&line) || enough_phone_digits(&line), "{:?}", line);
            }

            /// An honorific is found in the folded set as it was by folding every one.
            #[test]
            fn honorifics_in_the_folded_set(
                first in prop_oneof![
                    proptest::sample::select(HONORIFICS).prop_map(str::to_owned),
                    "[A-Za-zÉé.'’]{1,6}",
                ],
                upper in any::<bool>(),
            ) {
                let first = if upper { first.to_uppercase() } else { first };
                let slow = HONORIFICS.iter().any(|w| fold(w) == fold(&first));
                prop_assert_eq!(is_honorific(&first), slow, "{:?}", first);
            }
        }
    }

    fn authors(body: &str) -> Option<(Vec<String>, Rule)> {
        Statement::analyse(body, 1, Format::Text)
            .signature
            .map(|s| (s.authors, s.authors_rule))
    }

    const BODY: &str = "Title\nA paragraph of the statement.\nThe last paragraph ends here.\n";

    #[test]
    fn a_rallying_cry_above_the_organisation_is_no_name() {
        assert_eq!(
            authors("عنوان\nنص البيان.\nعاشت وحدة المعلمين\nنقابة المعلمين في الواحة"),
            Some((
                vec!["نقابة المعلمين في الواحة".to_owned()],
                Rule::OrganisationLines
            ))
        );
        assert_eq!(
            authors("Title\nThe text.\nYaşasın örgütlü mücadelemiz\nLiman İşçileri Sendikası"),
            Some((
                vec!["Liman İşçileri Sendikası".to_owned()],
                Rule::OrganisationLines
            ))
        );
    }

    #[test]
    fn an_acronym_spelt_out_above_signs() {
        let body = "Título\nLa Federación de Cooperativas del Valle (FECAVA) denuncia el precio.\nReclamamos una mesa lechera.\n¡Sin campo no hay futuro!\nFECAVA";
        assert_eq!(
            authors(body),
            Some((vec!["FECAVA".to_owned()], Rule::AcronymSignature))
        );
        let body = "Заголовок\nМежрегиональный профсоюз работников связи (МПРС) требует выплат.\nМы будем добиваться своего.\nМПРС";
        assert_eq!(
            authors(body),
            Some((vec!["МПРС".to_owned()], Rule::AcronymSignature))
        );
        // Not spelt out above, or not an acronym: no signature.
        let body = "Título\nLa federación denuncia el precio.\nReclamamos una mesa.\nFECAVA";
        assert_eq!(authors(body), None);
        let body = "Title\nThe union (FIN) condemns the cuts.\nWe will fight on.\nFin";
        assert_eq!(authors(body), None);
    }

    #[test]
    fn one_organisation_line() {
        let got = authors(&format!("{BODY}Pressestelle des Mieterbundes Nordhafen"));
        assert_eq!(
            got,
            Some((
                vec!["Pressestelle des Mieterbundes Nordhafen".into()],
                Rule::OrganisationLines
            ))
        );
    }

    #[test]
    fn organisation_wrapped_over_two_lines() {
        let got = authors(&format!(
            "{BODY}Sindicato dos Trabalhadores em Educação\nde Ribamar do Norte – SINTERN"
        ));
        assert_eq!(
            got.map(|g| g.0),
            Some(vec![
                "Sindicato dos Trabalhadores em Educação de Ribamar do Norte – SINTERN".into()
            ])
        );
    }

    #[test]
    fn people_with_roles_and_institutions_and_honorifics_in_small_letters() {
        for (closing, want) in [
            // Academics under a valediction, each with a role and an institution.
            (
                "Yours sincerely,\nProfessor Helen Okafor, Chair in Marine Ecology, University of Eastbridge\nDr Tomasz Wielgosz, Senior Lecturer in Coastal Geomorphology, Kingsmere University\nDr Aisling Breen, Research Fellow, Harrowby Estuary Observatory\nEmeritus Professor Ruth Calloway, University of Eastbridge",
                vec!["Helen Okafor", "Tomasz Wielgosz", "Aisling Breen", "Ruth Calloway"],
            ),
            // An honorific in small letters opens a name of its own.
            (
                "Олена Гайдамака, завідувачка кафедри фізичної географії\nд-р Андрій Возняк, старший науковий співробітник\nТарас Білик, доцент кафедри метеорології",
                vec!["Олена Гайдамака", "Андрій Возняк", "Тарас Білик"],
            ),
        ] {
            let got = authors(&format!("{BODY}{closing}")).map(|(names, _)| names);
            let want: Vec<String> = want.into_iter().map(String::from).collect();
            assert_eq!(got, Some(want), "{closing}");
        }
    }

    #[test]
    fn a_chinese_name_drops_the_role_in_brackets_a_body_keeps_its_own() {
        assert_eq!(clean_name("王立新（第七中学退休教师）"), "王立新");
        assert_eq!(clean_name("陈晓梅(初二年级家长代表)"), "陈晓梅");
        assert_eq!(
            clean_name("海岸湿地守护联盟（筹）"),
            "海岸湿地守护联盟（筹）"
        );
        assert_eq!(
            clean_name("Sindicato dos Bancários (SEEB)"),
            "Sindicato dos Bancários (SEEB)"
        );
    }

    #[test]
    fn a_body_above_people_with_roles_is_their_heading_not_part_of_a_name() {
        let got = authors(&format!(
            "{BODY}Hellenbrück, den 30. November 2025\nDer Kirchenvorstand\nPastorin Friederike Lamm, Vorsitzende\nHenning Brauer, stellv. Vorsitzender"
        ));
        let names = got.map(|(names, _)| names);
        assert_eq!(
            names,
            Some(vec!["Friederike Lamm".into(), "Henning Brauer".into()])
        );
    }

    #[test]
    fn names_one_a_line_with_roles_years_and_bullets() {
        let got = authors(&format!(
            "{BODY}Dr Miriam Oduya, general practitioner\nSandra Whitlow, practice nurse\nHannah Szabo"
        ));
        assert_eq!(
            got,
            Some((
                vec![
                    "Miriam Oduya".into(),
                    "Sandra Whitlow".into(),
                    "Hannah Szabo".into()
                ],
                Rule::NameLines
            ))
        );
        let got = authors(&format!(
            "{BODY}Ernesto Lanús Vidal (1976)\nMarta Inés Carrizo (1977)"
        ));
        assert_eq!(
            got.unwrap().0,
            ["Ernesto Lanús Vidal", "Marta Inés Carrizo"]
        );
        let got = authors(&format!(
            "{BODY}• Associació de Veïns del Rieral\n• Casal Popular La Teixidora"
        ));
        assert_eq!(
            got.unwrap().0,
            [
                "Associació de Veïns del Rieral",
                "Casal Popular La Teixidora"
            ]
        );
        let got = authors(&format!(
            "{BODY}– Anna Keller, Leiterin des Zentrums\n– Klaus-Peter Brandt"
        ));
        assert_eq!(got.unwrap().0, ["Anna Keller", "Klaus-Peter Brandt"]);
    }

    #[test]
    fn a_date_line_then_names_with_roles() {
        let s = Statement::analyse(
            &format!("{BODY}Paris le 25 avril 2007 - 14h30\nJeanne Roux, porte-parole\nMarc Petit, secrétaire"),
            1,
            Format::Text,
        )
        .signature
        .unwrap();
        assert_eq!(s.authors, ["Jeanne Roux", "Marc Petit"]);
        assert_eq!(s.date.unwrap().found.date.to_string(), "2007-04-25");
        assert_eq!(s.blocks, 3..6);
    }

    #[test]
    fn a_paragraph_without_a_full_stop_is_not_a_signatory() {
        assert_eq!(
            authors("Title\nA paragraph\nAnother line without a stop"),
            None
        );
    }

    #[test]
    fn a_name_split_over_two_lines() {
        let got = authors(&format!("{BODY}Εργατικό Κέντρο\nΛιμνούπολης"));
        assert_eq!(
            got.map(|g| g.0),
            Some(vec!["Εργατικό Κέντρο Λιμνούπολης".into()])
        );
    }

    #[test]
    fn closing_formulas_without_comma_are_not_names() {
        for v in [
            "Saludos cordiales",
            "Kamuoyuna saygıyla duyururuz.",
            "特此声明。",
            "Kind regards",
        ] {
            assert!(is_valediction(v), "{v}");
        }
        let got = authors(&format!(
            "{BODY}Saludos cordiales\nPlataforma Vecinal de Valdeolmos"
        ));
        assert_eq!(
            got.map(|g| g.0),
            Some(vec!["Plataforma Vecinal de Valdeolmos".into()])
        );
    }

    #[test]
    fn valedictions_and_glued_headers_are_not_names() {
        let got = authors(&format!(
            "{BODY}Atentamente,\nLucía Barrientos Ortega\nRamiro Sepúlveda Garza"
        ));
        assert_eq!(
            got.map(|g| g.0),
            Some(vec![
                "Lucía Barrientos Ortega".into(),
                "Ramiro Sepúlveda Garza".into()
            ])
        );
        assert_eq!(clean_name("Podpisali:Anna Wiśniewska"), "Anna Wiśniewska");
        assert_eq!(clean_name("ד\"ר רונית אלון, עובדת סוציאלית"), "רונית אלון");
        assert_eq!(clean_name("עו\"ד מיכל בן דוד"), "מיכל בן דוד");
        assert_eq!(
            clean_name("Profa. Dra. Maria Helena Cardoso"),
            "Maria Helena Cardoso"
        );
        assert_eq!(clean_name("د. سلمى الحداد"), "سلمى الحداد");
    }

    #[test]
    fn a_name_wrapped_before_its_role() {
        let got = authors(&format!(
            "{BODY}Maria Cardoso, Departamento de História\nProf. Dr. João Batista\nNogueira Filho, Departamento de Física\nRafael Tavares, estudante"
        ));
        assert_eq!(
            got.unwrap().0,
            [
                "Maria Cardoso",
                "João Batista Nogueira Filho",
                "Rafael Tavares"
            ]
        );
        let got = authors(&format!(
            "{BODY}Профспілка медичних працівників «Будь як ми»"
        ));
        assert_eq!(
            got.unwrap().0,
            ["Профспілка медичних працівників «Будь як ми»"]
        );
    }

    #[test]
    fn an_inline_list_above_the_place_and_date() {
        let got = authors(&format!(
            "{BODY}Unterzeichnende Organisationen: Mieterverein Nord, Sozialverband Elm und Tafel Elm\nElm, den 3. Mai 2024"
        ));
        assert_eq!(
            got,
            Some((
                vec![
                    "Mieterverein Nord".into(),
                    "Sozialverband Elm".into(),
                    "Tafel Elm".into()
                ],
                Rule::InlineList
            ))
        );
    }

    #[test]
    fn inline_lists() {
        let got = authors(&format!(
            "{BODY}Signatory organisations: Wenlow Bird Trust, Friends of the Estuary and South Shore Residents' Group"
        ));
        assert_eq!(
            got,
            Some((
                vec![
                    "Wenlow Bird Trust".into(),
                    "Friends of the Estuary".into(),
                    "South Shore Residents' Group".into()
                ],
                Rule::InlineList
            ))
        );
        let got = authors(&format!(
            "{BODY}Premiers signataires : Bernadette Rollin, maire de Crézy ; Michel Aubertin, maire de Vaux"
        ));
        assert_eq!(got.unwrap().0, ["Bernadette Rollin", "Michel Aubertin"]);
        let s = Statement::analyse(
            &format!("{BODY}Santa Clara, 10 de noviembre de 2018\nFirman: Unión Campesina, Consejo Wayumi y Red del Sur"),
            1,
            Format::Text,
        )
        .signature
        .unwrap();
        assert_eq!(
            s.authors,
            ["Unión Campesina", "Consejo Wayumi", "Red del Sur"]
        );
        assert_eq!(s.date.unwrap().found.date.to_string(), "2018-11-10");
    }

    #[test]
    fn a_role_under_the_name_after_a_valediction() {
        let got = authors(&format!(
            "{BODY}In solidarity,\nJoanne Pryce\nBranch Secretary, Calder Valley Libraries Branch"
        ));
        assert_eq!(got.unwrap().0, ["Joanne Pryce"]);
        let got = authors(&format!(
            "{BODY}Met solidaire groet,\nSanne de Vries\nvoorzitter ondernemingsraad"
        ));
        assert_eq!(got.unwrap().0, ["Sanne de Vries"]);
        let got = authors(&format!(
            "{BODY}Atentamente\nLucía Barrientos, presidenta del Comité\nRamiro Garza, secretario"
        ));
        assert_eq!(got.unwrap().0, ["Lucía Barrientos", "Ramiro Garza"]);
    }

    #[test]
    fn organisations_one_a_line_under_a_valediction() {
        let got = authors(&format!(
            "{BODY}Un saludo,\nSección sindical ALFA\nSección sindical BETA\nSección sindical GAMMA"
        ));
        assert_eq!(
            got.unwrap().0,
            [
                "Sección sindical ALFA",
                "Sección sindical BETA",
                "Sección sindical GAMMA"
            ]
        );
        // A role line under the organisation still does not sign.
        let got = authors(&format!(
            "{BODY}Kind regards,\nHarbour Tenants Union\nBranch Secretary, Harbour Branch"
        ));
        assert_eq!(got.unwrap().0, ["Harbour Tenants Union"]);
    }

    #[test]
    fn two_organisations_in_chinese_above_the_date() {
        let (names, _) = authors(
            "题目\n正文第一段。\n正文第二段。\n河西居民互助会\n古城保护小组\n二〇二四年三月一日\n",
        )
        .unwrap();
        assert_eq!(names, ["河西居民互助会", "古城保护小组"]);
    }

    #[test]
    fn people_with_the_body_they_sign_for_after_a_dash() {
        let got = authors(&format!(
            "{BODY}Z poważaniem\nAnna Kowal – Stowarzyszenie Lokatorów Osiedla\nJan Brzoza – Rada Seniorów Miasta"
        ));
        assert_eq!(got.unwrap().0, ["Anna Kowal", "Jan Brzoza"]);
        assert_eq!(
            person_before_dash("Rio Claro – Sindicato dos Professores"),
            Some("Rio Claro")
        );
        let got = authors(&format!("{BODY}Rio Claro – Sindicato dos Professores"));
        assert_eq!(got.unwrap().0, ["Rio Claro – Sindicato dos Professores"]);
    }

    #[test]
    fn the_last_sentence_of_a_german_quotation_is_no_name() {
        let body =
            "Titel\n„Die Schule muss bleiben.\nWir erwarten vom Ausschuss, dass er spricht.“";
        assert_eq!(authors(body), None);
    }

    #[test]
    fn the_last_sentence_of_a_quoted_statement_is_no_name() {
        let got = authors(
            "Title\nThe paper reports the statement in full:\n\"We ask for the plant to close.\nWe will not stop until it does.\"\nRiver Keepers Alliance\nValley Farmers Union\n",
        );
        assert_eq!(
            got.unwrap().0,
            ["River Keepers Alliance", "Valley Farmers Union"]
        );
        assert!(!is_name_line("We will not stop until it does.\""));
        assert!(is_name_line("Asociación \"La Esperanza\""));
    }

    #[test]
    fn organisations_in_capitals_at_the_end_sign() {
        let (names, _) = authors(&format!(
            "{BODY}ΣΩΜΑΤΕΙΟ ΟΙΚΟΔΟΜΩΝ ΘΕΡΜΗΣ\nΗ ΕΝΩΣΗ ΣΥΝΤΑΞΙΟΥΧΩΝ ΘΕΡΜΗΣ\n"
        ))
        .unwrap();
        assert_eq!(
            names,
            ["ΣΩΜΑΤΕΙΟ ΟΙΚΟΔΟΜΩΝ ΘΕΡΜΗΣ", "ΕΝΩΣΗ ΣΥΝΤΑΞΙΟΥΧΩΝ ΘΕΡΜΗΣ"]
        );
        let (names, _) = authors(&format!(
            "{BODY}Vila Nova, 3 de maio de 2024.\nSINDICATO DOS PROFESSORES\nDA REDE MUNICIPAL DE VILA NOVA\n"
        ))
        .unwrap();
        assert_eq!(
            names,
            ["SINDICATO DOS PROFESSORES DA REDE MUNICIPAL DE VILA NOVA"]
        );
        let (names, _) = authors(&format!(
            "{BODY}SINDICATO DOS PROFESSORES DA REDE\nMUNICIPAL DE VILA NOVA\n"
        ))
        .unwrap();
        assert_eq!(
            names,
            ["SINDICATO DOS PROFESSORES DA REDE MUNICIPAL DE VILA NOVA"]
        );
        // Slogans in capitals stay slogans.
        let s = Statement::analyse(
            &format!("{BODY}WORKERS OF THE WORLD UNITE\nNO PASARÁN\n"),
            1,
            Format::Text,
        );
        assert_eq!(s.slogans.len(), 2);
    }

    #[test]
    fn a_turkish_name_in_capitals_closing_with_a_body_word_signs() {
        let s = Statement::analyse(
            &format!("{BODY}Kamuoyuna saygıyla duyurulur.\nBİRLEŞİK TAŞIMACILIK VE DEPO İŞÇİLERİ SENDİKASI\n"),
            1,
            Format::Text,
        );
        assert!(s.slogans.is_empty());
        assert_eq!(
            s.signature.map(|s| s.authors),
            Some(vec![
                "BİRLEŞİK TAŞIMACILIK VE DEPO İŞÇİLERİ SENDİKASI".to_owned()
            ])
        );
        assert!(closes_with_body_word("KUZEY YAKASI KENT HAKKI TOPLULUĞU"));
        assert!(!closes_with_body_word("SENDİKASI"));
        assert!(!closes_with_body_word("PARKIMIZA DOKUNMA"));
    }

    #[test]
    fn a_long_line_naming_no_body_in_a_script_without_capitals_is_no_name() {
        // A motto of five words closes the text: a slogan, not a signatory.
        let s = Statement::analyse(
            "عنوان البيان\nنص البيان الأول.\nنطالب المديرية بالتراجع عن القرار.\nالصحة حق لكل أهل الوادي",
            1,
            Format::Text,
        );
        assert_eq!(s.signature, None);
        assert_eq!(s.slogan_texts(), ["الصحة حق لكل أهل الوادي"]);
        // A person's name of a few words, and a body's name of many, still sign.
        assert_eq!(
            authors("عنوان\nنص البيان.\nنطالب بالتراجع عن القرار.\nأحمد محمود السيد").map(|a| a.0),
            Some(vec!["أحمد محمود السيد".to_owned()])
        );
        assert_eq!(
            authors("כותרת\nטקסט.\nאנו דורשים תשובה.\nמטה המאבק לדיור ציבורי בקריית הדקלים")
                .map(|a| a.0),
            Some(vec!["מטה המאבק לדיור ציבורי בקריית הדקלים".to_owned()])
        );
    }

    #[test]
    fn a_date_line_over_a_label_over_the_names_dates_them() {
        let s = Statement::analyse(
            &format!("{BODY}с. Малые Ключи, «3» февраля 2025 г.\nПодписи родителей:\nИрина Полякова\nАндрей Лунин\n"),
            1,
            Format::Text,
        );
        let sig = s.signature.unwrap();
        assert_eq!(sig.authors, ["Ирина Полякова", "Андрей Лунин"]);
        assert_eq!(
            sig.date.map(|d| d.found.date.to_string()).as_deref(),
            Some("2025-02-03")
        );
    }

    #[test]
    fn clergy_titles_are_no_part_of_a_name() {
        for (name, want) in [
            (
                "Canon Margaret Ellery, St Aidan's Church",
                "Margaret Ellery",
            ),
            ("Imam Tariq Somerfield", "Tariq Somerfield"),
            ("Rabbi Daniel Hartwell", "Daniel Hartwell"),
            ("Father Paul Okonkwo", "Paul Okonkwo"),
            ("Sheikh Omar Haddad", "Omar Haddad"),
            ("Pastor Janet Morland", "Janet Morland"),
            ("Mons. Ricardo Albornoz Peña", "Ricardo Albornoz Peña"),
            ("Père Jean Duval", "Jean Duval"),
        ] {
            assert_eq!(clean_name(name), want, "{name}");
        }
        // A bishop's see under the name is a role line, not a second signatory.
        assert_eq!(
            authors(&format!(
                "{BODY}Mons. Ricardo Albornoz Peña\nObispo de San Telmo de Valdeserra\n"
            ))
            .map(|a| a.0.iter().map(|n| clean_name(n)).collect::<Vec<_>>()),
            Some(vec!["Ricardo Albornoz Peña".to_owned()])
        );
        assert!(is_role_line("Obispo de San Telmo de Valdeserra"));
    }

    #[test]
    fn press_contacts_are_no_names() {
        for contact in [
            "Тел.: +7 900 123-45-67",
            "לפרטים נוספים: נועה לוי, דוברת הפורום",
            "press@harbour-union.example.org",
            "Contact: Ana Ruiz",
        ] {
            assert!(is_contact_line(contact), "{contact}");
        }
        assert!(!is_contact_line("Podpisali: Anna Wiśniewska"));
        assert!(!is_contact_line("Sindicato dos Têxteis"));
        assert!(!is_contact_line(
            "Margaret Olsen, head librarian (1994-2016)"
        ));
        assert!(is_contact_line("Ayşe Korkmaz – 0532 000 00 00"));
        // The digits counted across the blocks of bytes a long line is scanned in.
        let long = format!("{} 0532 000 00 00", "Kontakt ".repeat(5));
        assert!(enough_phone_digits(&long) && is_contact_line(&long));
        assert!(!enough_phone_digits(&format!(
            "{} 1994 16",
            "x ".repeat(20)
        )));
        let (names, _) = authors(&format!(
            "{BODY}Пресс-служба профсоюза «Волна»\nТел.: +7 900 000-00-00\n"
        ))
        .unwrap();
        assert_eq!(names, ["Пресс-служба профсоюза «Волна»"]);
    }

    #[test]
    fn a_closing_formula_under_the_organisation() {
        let (names, rule) =
            authors("题目\n正文第一段。\n正文第二段。\n清源县纺织工人互助会\n特此声明。\n")
                .unwrap();
        assert_eq!(names, ["清源县纺织工人互助会"]);
        assert_eq!(rule, Rule::OrganisationLines);
    }

    #[test]
    fn towns_in_brackets_after_people() {
        assert_eq!(
            without_place_in_brackets("Agnes Whitcombe (Harlow)"),
            "Agnes Whitcombe"
        );
        assert_eq!(without_place_in_brackets("יוסי אברהם (חיפה)"), "יוסי אברהם");
        for kept in [
            "Movimento Terra Livre (Brasil)",
            "Ana Lima (SINTERN)",
            "Harbour Health Workers (Union Branch 412)",
        ] {
            assert_eq!(without_place_in_brackets(kept), kept);
        }
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("The Political Bureau of X"),
            "Political Bureau of X"
        );
        assert_eq!(
            clean_name("Het dagelijks bestuur van de Bond"),
            "Dagelijks bestuur van de Bond"
        );
        assert_eq!(
            clean_name("Union locale CGTR, Saint-Aubin-des-Bois"),
            "Union locale CGTR"
        );
        assert_eq!(clean_name("ΤΟ ΓΡΑΦΕΙΟ ΤΥΠΟΥ"), "ΓΡΑΦΕΙΟ ΤΥΠΟΥ");
        assert_eq!(clean_name("Rosaria De Santis"), "Rosaria De Santis");
        assert_eq!(clean_name("פרופ' אבנר שטרן, היסטוריון"), "אבנר שטרן");
        assert_eq!(clean_name("ד\"ר נעמה ליבוביץ"), "נעמה ליבוביץ");
    }

    #[test]
    fn english_styles_are_dropped_after_the_article() {
        for (name, want) in [
            ("The Rt Revd Gregory Haldane", "Gregory Haldane"),
            ("The Right Reverend Anne Whitcombe", "Anne Whitcombe"),
            ("The Most Revd Paul Orme", "Paul Orme"),
            ("Very Rev. Ruth Kesteven", "Ruth Kesteven"),
            ("The Rt Hon Sarah Lyle MP", "Sarah Lyle MP"),
            ("The Revd Canon Joy Ashby", "Joy Ashby"),
            // No style alone: a body's name keeps its first word.
            (
                "The Right to Housing Coalition",
                "Right to Housing Coalition",
            ),
            (
                "Most Holy Trinity Parish Council",
                "Most Holy Trinity Parish Council",
            ),
        ] {
            assert_eq!(clean_name(name), want, "{name}");
        }
    }

    #[test]
    fn a_town_after_a_dash_is_dropped_but_not_an_acronym_or_a_branch() {
        for (name, want) in [
            (
                "Segreteria provinciale di Sinistra Comune – Roccaverde",
                "Segreteria provinciale di Sinistra Comune",
            ),
            (
                "Sindicato dos Professores da Rede Estadual – SINPRE",
                "Sindicato dos Professores da Rede Estadual – SINPRE",
            ),
            (
                "Gewerkschaft Erziehung und Soziales – Bezirk Brunnhausen",
                "Gewerkschaft Erziehung und Soziales – Bezirk Brunnhausen",
            ),
            ("نقابة المعلمين – فرع السلام", "نقابة المعلمين – فرع السلام"),
            (
                "Association des riverains du lac Brûlé – Saint-Élzéar-des-Monts",
                "Association des riverains du lac Brûlé",
            ),
            // A person's name with a dash is no organisation's.
            ("Anna Berg – Lindau", "Anna Berg – Lindau"),
        ] {
            assert_eq!(clean_name(name), want, "{name}");
        }
    }

    #[test]
    fn names_one_a_line_under_a_formal_valediction() {
        let got = authors(&format!(
            "{BODY}בכבוד רב,\nמיכל שגיא, יושבת ראש\nפרופ' אורי דנינו, מורה\nתמר אזולאי"
        ));
        assert_eq!(
            got,
            Some((
                vec![
                    "מיכל שגיא".to_owned(),
                    "אורי דנינו".to_owned(),
                    "תמר אזולאי".to_owned()
                ],
                Rule::NameLines
            ))
        );
    }

    #[test]
    fn issued_by_before_the_issuer() {
        let got = authors(&format!(
            "{BODY}صادر عن المكتب التنفيذي لاتحاد النقابات المستقلة"
        ));
        assert_eq!(
            got.map(|g| g.0),
            Some(vec!["المكتب التنفيذي لاتحاد النقابات المستقلة".into()])
        );
    }

    #[test]
    fn a_lone_body_word_above_the_organisation_does_not_sign() {
        let got = authors(&format!(
            "{BODY}Άμφισσα, 14 Φεβρουαρίου 2023\nΗ Γραμματεία\nΈνωση Κατοίκων Ορεινής Φωκίδας"
        ));
        assert_eq!(
            got.map(|g| g.0),
            Some(vec!["Ένωση Κατοίκων Ορεινής Φωκίδας".into()])
        );
    }

    #[test]
    fn an_abbreviation_ends_a_name_line() {
        assert!(is_name_line("Mieterverein Nordstadt e.V."));
        assert!(!is_name_line("Wir fordern den Senat auf."));
    }
}
