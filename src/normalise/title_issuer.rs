//! Rule `title-issuer`: the issuer a title names (`Statement by the Executive Committee of X on
//! …`, `Comunicado del Secretariado Nacional del Frente … sobre …`, `Erklärung des
//! Landesvorstands der … zum …`, `Заявление Исполкома …`, `بيان صادر عن …`, `بیانیه شورای …`).
//!
//! The title must open with a word that names a statement, then (in most languages) a word for
//! "of" or "by"; the issuer runs to the word that opens the topic (`on`, `sobre`, `zum`, `щодо`…)
//! or to the end. A first word in the genitive is put back in the nominative where the ending
//! says so plainly (German `-s`, Russian `-а`, Ukrainian `-и`, Polish `-u`), or, for Greek, where
//! it is one of the common words for a body ([`GREEK_GENITIVES`]: the accent often moves, so no
//! ending rule would do).
//!
//! Rule `lead-issuer` ([`issuer_in_lead`]): a title that names its body short and dated
//! (`Communiqué du Comité central des 29 et 30 juin 2008`) while the lead names it in full as the
//! one that met (`Le Comité central du Parti … s'est réuni les 29 et 30 juin …`, `Il Consiglio
//! generale della Confederazione …, riunito a …`): the issuer is the lead's full name.

use super::closing::{capitalised, without_article};
use super::month_names::fold;
use super::signatory_words::{names_organisation, person_beside_role};

/// Words that open a title naming a statement (compared after [`fold`]).
#[rustfmt::skip]
const STATEMENT_WORDS: &[&str] = &[
    "statement", "declaration", "communique", "resolution", "appeal", "letter", // en
    "declaração", "nota", "comunicado", "resolução", "carta", // pt
    "declaración", "pronunciamiento", "resolución", // es
    "comunicat", "declaració", // ca
    "communiqué", "déclaration", "appel", "lettre", // fr
    "erklärung", "stellungnahme", "resolution", "aufruf", "pressemitteilung", // de
    "comunicato", "dichiarazione", "appello", "documento", // it
    "заявление", "обращение", "резолюция", "заява", "звернення", // ru, uk
    "oświadczenie", "stanowisko", "apel", "komunikat", // pl
    "verklaring", "uttalande", // nl, sv
    "ανακοίνωση", "δήλωση", "ψήφισμα", // el
    "açıklama", "bildiri", // tr
    "בيان", "بيان", "بلاغ", // ar
    "بیانیه", "اطلاعیه", "اعلامیه", "قطعنامه", // fa
    "הודעת", "הצהרת", "תגובת", "עמדת", // he
];

/// Words for "joint" after a statement word (compared after [`fold`]): no issuer.
#[rustfmt::skip]
const JOINT_WORDS: &[&str] = &[
    "joint", "conjunta", "conjunto", "commune", "congiunto", "congiunta", "gemeinsame",
    "совместное", "спільна", "спільне", "wspólne", "κοινή", "ortak", "مشترك", "مشتركة", "مشترک",
];

fn is_joint_word(word: &str) -> bool {
    JOINT_WORDS.iter().any(|j| fold(j) == fold(word))
}

/// Words between the statement word and the issuer: "of", "by", "from" (longest first).
#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "صادر عن", "صادرة عن", "by the", "of the", "from the", "de la", "de l'", "van de", "van het",
    "by", "of", "from", "del", "de", "du", "des", "della", "dell'", "dello", "dei", "degli",
    "der", "von", "från", "van", "του", "της", "των", "عن", "من", "da", "do", "dos", "das", "di",
];

/// Phrases that only ever open a title's topic (`regarding`, `σχετικά με`, `em relação a`),
/// compared word by word after [`fold`].
#[rustfmt::skip]
const TOPIC_PHRASES: &[&str] = &[
    "σχετικά με", "with regard to", "in relation to", "em relação a", "en relación con",
    "in merito a", "in merito al", "au sujet de", "im hinblick auf", "в связи с", "в отношении",
    "در مورد", "در خصوص", "فيما يتعلق", "در اعتراض به", "در حمایت از", "در محکومیت",
    "به مناسبت", "بمناسبة", "بمناسبت",
    "in protest against", "in support of", "en protesta por", "en apoyo a", "em protesto contra",
    "em apoio a", "en soutien à", "in solidarität mit", "in sostegno di", "в поддержку",
    "на підтримку", "احتجاجا على", "تضامنا مع",
];

/// Where the first of [`TOPIC_PHRASES`] starts in `words`.
fn topic_phrase_at(words: &[&str]) -> Option<usize> {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    (0..folded.len()).find(|&i| {
        TOPIC_PHRASES.iter().any(|p| {
            let p: Vec<String> = p.split_whitespace().map(fold).collect();
            folded.get(i..i + p.len()) == Some(&p[..])
        })
    })
}

/// Words that open the topic after the issuer.
#[rustfmt::skip]
const TOPIC_WORDS: &[&str] = &[
    "on", "about", "regarding", "concerning", "against", "sobre", "acerca", "contra", "sur",
    "concernant", "contre", "su", "sul", "sulla", "sui", "sugli", "contro", "zum", "zur", "zu",
    "über", "gegen", "о", "об", "по", "против", "щодо", "проти", "om", "over", "tegen", "για",
    "κατά", "حول", "بشأن", "ضد", "درباره", "علیه", "על", "נגד", "w", "ws.", "ws", "wobec",
    // "in the face of", "after", "following" (`Comunicado del X ante la subida …`)
    "ante", "perante", "tras", "following", "angesichts", "dopo", "riguardo", "после", "після",
];

/// The issuer named in `title`, if the title names one: from its start, or from the part after
/// a dash, a bar or a colon (`Κάτω τα χέρια από τους απεργούς – Ανακοίνωση του Σωματείου …`,
/// `Sciopero generale: comunicato della Segreteria …`).
pub(crate) fn issuer(title: &str) -> Option<String> {
    issuer_from_start(title).or_else(|| {
        [" – ", " — ", " - ", " | ", ": "]
            .iter()
            .filter_map(|sep| title.rsplit_once(sep).map(|(_, tail)| tail))
            .find_map(issuer_from_start)
    })
}

/// Rule `issuer-formula`, in a news site's intro: the issuer its last words name with the
/// statement they announce (`… להלן תגובת איגוד עובדי הניקיון:`, `… Confira abaixo a nota do
/// Sindicato X:`, `… Voici le communiqué de l'Union Y :`): the words from the last statement
/// word on read as a title that names its issuer.
pub(crate) fn issuer_in_intro(intro: &str) -> Option<String> {
    let t = intro.trim().trim_end_matches([':', '：', ' ']);
    let words: Vec<&str> = t.split_whitespace().collect();
    let is_statement_word = |w: &str| {
        let w = fold(w.trim_matches(|c: char| !c.is_alphabetic()));
        STATEMENT_WORDS.iter().any(|s| fold(s) == w)
    };
    let at = words.iter().rposition(|w| is_statement_word(w))?;
    issuer_from_start(&words[at..].join(" "))
}

/// The issuer named by a title that opens with a statement word.
fn issuer_from_start(title: &str) -> Option<String> {
    let (mut issuer, connector) = issuer_words(title)?;
    if let Some(last) = issuer.last_mut() {
        *last = last.trim_end_matches([':', ',', '.']).to_owned();
    }
    if connector.is_some() || !cyrillic_run_nominative(&mut issuer) {
        let first_word = issuer.first_mut()?;
        *first_word = nominative(first_word, connector.as_deref());
    }
    polish_adjectives_nominative(&mut issuer, connector.as_deref());
    greek_feminine_run_nominative(&mut issuer, connector.as_deref());
    let name = capitalised(&without_article(&issuer.join(" ")));
    if let Some(person) = person_beside_role(&name) {
        return Some(person);
    }
    reads_as_issuer(&name).then_some(name)
}

/// Words that close a Chinese title naming a statement (`…的声明`, `…严正声明`).
const CHINESE_STATEMENT_ENDS: &[&str] = &["声明", "公告", "呼吁", "倡议书", "公开信"];
/// Words after which a Chinese title's topic starts (`X关于Y的声明`, `X对Y的声明`).
const CHINESE_TOPIC_WORDS: &[&str] = &["关于", "就", "对"];
/// Endings of the name of a Chinese body.
const CHINESE_BODY_ENDS: &[&str] = &[
    "委员会",
    "协会",
    "工会",
    "联合会",
    "互助会",
    "党",
    "会",
    "中心",
    "联盟",
    "组织",
    "办公室",
    "秘书处",
    "理事会",
    "同盟",
];
/// Turkish words for a statement that close a title after its issuer (`X Kurulu Açıklaması`).
const TURKISH_STATEMENT_ENDS: &[&str] = &["açıklaması", "bildirisi", "deklarasyonu"];

/// Rule `title-issuer`, for titles that name the statement last: Chinese `X关于Y的声明`,
/// `X对Y的严正声明`, `X声明`; Turkish `X Yürütme Kurulu Açıklaması`. The issuer is what comes
/// before the topic word (Chinese) or before the statement word (Turkish), when it ends like a
/// body's name.
pub(crate) fn issuer_before_statement_word(title: &str) -> Option<String> {
    let title = title.trim().trim_matches(['（', '）', '(', ')']);
    if let Some(head) = CHINESE_STATEMENT_ENDS
        .iter()
        .find_map(|e| title.strip_suffix(e))
    {
        let cut = CHINESE_TOPIC_WORDS
            .iter()
            .filter_map(|w| head.find(w))
            .min()
            .unwrap_or(head.len());
        let name = head[..cut].trim();
        let named = !name.is_empty() && CHINESE_BODY_ENDS.iter().any(|e| name.ends_with(e));
        return (named && !name.contains('的')).then(|| name.to_owned());
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    let (last, head) = words.split_last()?;
    let is_statement = TURKISH_STATEMENT_ENDS.iter().any(|e| fold(e) == fold(last));
    let name = head.join(" ");
    (is_statement && head.len() >= 2 && reads_as_issuer(&name)).then_some(name)
}

/// The words of `title` after its statement word and connector, up to its topic, and the
/// connector.
fn issuer_words(title: &str) -> Option<(Vec<String>, Option<String>)> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let first = fold(words.first()?.trim_matches(|c: char| !c.is_alphabetic()));
    if !STATEMENT_WORDS.iter().any(|w| fold(w) == first) {
        return None;
    }
    let mut rest: Vec<&str> = words[1..].to_vec();
    // An adjective after the statement word (`Joint statement of`, `Documento conclusivo del`).
    let mut connector = None;
    for skip in 0..2 {
        if let Some((c, n)) = connector_at(&rest[skip.min(rest.len())..]) {
            connector = Some(c);
            rest = rest[skip + n..].to_vec();
            break;
        }
    }
    // `بيان مشترك حول …`: a joint statement about …, no issuer named.
    if connector.is_none() && rest.first().is_some_and(|w| is_joint_word(w)) {
        rest.remove(0);
    }
    // `dell'Esecutivo`: the connector glued to the issuer's first word.
    if connector.is_none() {
        if let Some(w) = rest.first() {
            for glued in ["dell'", "dell’", "de l'", "d'", "l'"] {
                if let Some(tail) = w.strip_prefix(glued) {
                    rest[0] = tail;
                    connector = Some(glued.to_owned());
                    break;
                }
            }
        }
    }
    // `Δήλωση της Κίνησης για την Οικολογία σχετικά με …`: a phrase that can only open the
    // topic wins over a short word (`για`) that may be part of the name.
    let end = topic_phrase_at(&rest)
        .or_else(|| {
            rest.iter()
                .position(|w| TOPIC_WORDS.contains(&fold(w).as_str()) || w.ends_with(':'))
        })
        .unwrap_or(rest.len());
    // `بيان من أجل …` is a statement "for", not "from".
    if connector.as_deref() == Some("من") && rest.first().is_some_and(|w| *w == "أجل") {
        return None;
    }
    let end = date_at(&rest[..end]).unwrap_or(end);
    let issuer: Vec<String> = rest[..end].iter().map(|w| (*w).to_owned()).collect();
    Some((issuer, connector))
}

/// The longest small word that joins a date to the issuer before it (`vom`, `of`, `del`).
const MAX_DATE_CONNECTOR_CHARS: usize = 4;

/// `Bezirksvorstands der X vom 3. März 2016`, `Executive of X of 12 May 2024`: where the
/// issuer's words end when a date in figures follows them, with the small word before it
/// (`vom`, `of`, `del`, `от`) left out.
fn date_at(words: &[&str]) -> Option<usize> {
    // The date may be a range (`del 12 e 13 gennaio 2025`): it starts within a few words.
    let at = (1..words.len()).find(|&i| {
        let near = words[i..words.len().min(i + DATE_RANGE_WORDS)]
            .join(" ")
            .len();
        words[i].starts_with(|c: char| c.is_ascii_digit())
            && super::dates::find_first_in_text(&words[i..].join(" "))
                .is_some_and(|d| d.span.start < near)
    })?;
    let before = words[at - 1];
    let small = before.chars().count() <= MAX_DATE_CONNECTOR_CHARS
        && before.chars().all(char::is_lowercase);
    let end = if small { at - 1 } else { at };
    // `Comité central du 5 mai 2008` names its body short: the lead names it in full (rule
    // `lead-issuer`).
    (end >= MIN_DATED_ISSUER_WORDS).then_some(end)
}

/// How many words from a figure the date it opens may start (`12 e 13 gennaio 2025`).
const DATE_RANGE_WORDS: usize = 3;

/// The fewest words of an issuer a date follows in the title.
const MIN_DATED_ISSUER_WORDS: usize = 3;

/// Words saying that a body met, right after its name in a lead (compared after [`fold`], as
/// prefixes of what follows the name).
#[rustfmt::skip]
const MEETING_WORDS: &[&str] = &[
    "met", "has met", "meeting", "s'est reuni", "s’est reuni", "reuni", "riunit", "si e riunit",
    "se reunio", "reunid", "reuniu", "se reuniu", "tagte", "hat getagt", "собрал", "зібрал",
    "toplandı", "συνεδρίασ", "συνήλθ", "sammantradde", "kwam bijeen", "obradował",
];

/// Rule `lead-issuer`: the full name of the body `title` names, from the first sentence of
/// `lead`, when the lead opens with that body meeting.
pub(crate) fn issuer_in_lead(title: &str, lead: &str) -> Option<String> {
    let (words, connector) = issuer_words(title)?;
    let head = nominative(words.first()?, connector.as_deref());
    let opening = without_article(lead.trim());
    if fold(opening.split_whitespace().next()?) != fold(&head) {
        return None;
    }
    let sentence = opening.split(['.', ';', ':']).next()?;
    let name = sentence
        .split_once(',')
        .filter(|(_, rest)| meets(rest.trim_start()))
        .map(|(name, _)| name.to_owned())
        .or_else(|| name_before_meeting(sentence))?;
    let name = name.trim().to_owned();
    reads_as_issuer(&name).then_some(name)
}

/// `text` opens with a meeting word.
fn meets(text: &str) -> bool {
    let text = fold(text);
    MEETING_WORDS.iter().any(|w| {
        let w = fold(w);
        // A short word must end where the word ends (`met`, not `metro`).
        text.starts_with(&w) && (w.chars().count() > 4 || text[w.len()..].starts_with(' '))
    })
}

/// The words of `sentence` before its first meeting word (at most 16).
fn name_before_meeting(sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    (1..words.len().min(17))
        .find(|&n| meets(&words[n..].join(" ")))
        .map(|n| words[..n].join(" "))
}

/// The longest connector at the start of `words`, and how many words it takes.
fn connector_at(words: &[&str]) -> Option<(String, usize)> {
    CONNECTORS
        .iter()
        .filter_map(|c| {
            let n = c.split_whitespace().count();
            let phrase = words.get(..n)?.join(" ");
            (fold(&phrase) == fold(c)).then(|| ((*c).to_owned(), n))
        })
        .max_by_key(|(c, _)| c.len())
}

/// Greek words for a body, genitive then nominative (`Ανακοίνωση του Συλλόγου …` is issued by the
/// `Σύλλογος …`). A table, not an ending rule: the accent moves between the two forms.
#[rustfmt::skip]
const GREEK_GENITIVES: &[(&str, &str)] = &[
    ("Συλλόγου", "Σύλλογος"), ("Συνδέσμου", "Σύνδεσμος"), ("Σωματείου", "Σωματείο"),
    ("Συμβουλίου", "Συμβούλιο"), ("Κόμματος", "Κόμμα"), ("Γραφείου", "Γραφείο"),
    ("Κέντρου", "Κέντρο"), ("Επιτροπής", "Επιτροπή"), ("Ένωσης", "Ένωση"), ("Ενώσεως", "Ένωση"),
    ("Ομοσπονδίας", "Ομοσπονδία"), ("Συνομοσπονδίας", "Συνομοσπονδία"),
    ("Οργάνωσης", "Οργάνωση"), ("Γραμματείας", "Γραμματεία"), ("Κίνησης", "Κίνηση"),
    ("Πρωτοβουλίας", "Πρωτοβουλία"), ("Παράταξης", "Παράταξη"), ("Διοίκησης", "Διοίκηση"),
    ("Συντονιστικού", "Συντονιστικό"), ("Εργατικού", "Εργατικό"), ("Νομαρχιακής", "Νομαρχιακή"),
];

/// The first word of an issuer back in the nominative, where its ending says so plainly.
fn nominative(word: &str, connector: Option<&str>) -> String {
    if matches!(connector, Some("του" | "της" | "των")) {
        if let Some((_, nominative)) = GREEK_GENITIVES.iter().find(|(g, _)| *g == word) {
            return (*nominative).to_owned();
        }
    }
    if connector == Some("της") {
        if let Some(nominative) = greek_feminine_nominative(word) {
            return nominative;
        }
    }
    let is_cyrillic = word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    if connector == Some("des") && capital && word.chars().count() > 5 {
        if let Some(stem) = word.strip_suffix("es").filter(|s| s.ends_with(['d', 't'])) {
            return stem.to_owned();
        }
        if let Some(stem) = word.strip_suffix('s') {
            return stem.to_owned();
        }
    }
    if connector.is_none() && is_cyrillic && capital {
        if let Some(stem) = word.strip_suffix("ии") {
            return format!("{stem}ия");
        }
        if let Some(stem) = word.strip_suffix('и') {
            return format!("{stem}а");
        }
        if let Some(stem) = word.strip_suffix('а') {
            return stem.to_owned();
        }
    }
    // Polish feminine nouns: `Komisji` → `Komisja`, `Rady` → `Rada` is left alone (ambiguous).
    if connector.is_none() && capital && !is_cyrillic && word.chars().count() > 5 {
        if let Some(stem) = word.strip_suffix("ji") {
            return format!("{stem}ja");
        }
    }
    if connector.is_none() && capital && word.ends_with("ądu") {
        return word.trim_end_matches('u').to_owned();
    }
    if connector.is_none()
        && capital
        && word.ends_with('u')
        && word.is_char_boundary(word.len() - 1)
    {
        let stem = &word[..word.len() - 1];
        if stem.ends_with(|c: char| "dtrnłz".contains(c)) {
            return stem.to_owned();
        }
    }
    word.to_owned()
}

/// The most adjectives before a Russian or Ukrainian body's noun (`Координационного совета`,
/// `Общероссийского независимого профсоюза`).
const MAX_CYRILLIC_ADJECTIVES: usize = 3;

/// The gender a Russian or Ukrainian noun in the genitive shows, read from its adjectives or its
/// own ending.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Masculine,
    Feminine,
    Neuter,
}

/// `Координационного совета` → `Координационный совет`, `инициативной группы` → `инициативная
/// группа`, `Общественного движения` → `Общественное движение`, `Координаційної ради` →
/// `Координаційна рада`: a Russian or Ukrainian issuer in the genitive that opens with one or
/// more adjectives, put back in the nominative up to its noun (the words after the noun stay
/// in the genitive, as they are in the nominative name). Returns false, and changes nothing,
/// when the issuer opens with no such adjective.
fn cyrillic_run_nominative(issuer: &mut [String]) -> bool {
    let cyrillic = |w: &str| {
        w.chars()
            .all(|c| ('\u{0400}'..='\u{04FF}').contains(&c) || c == '-')
    };
    let adjectives = issuer
        .iter()
        .take(MAX_CYRILLIC_ADJECTIVES)
        .take_while(|w| cyrillic(w) && adjective_gender(w).is_some())
        .count();
    let Some(noun) = issuer.get(adjectives).filter(|w| cyrillic(w)) else {
        return false;
    };
    if adjectives == 0 {
        return false;
    }
    let ukrainian = issuer.iter().any(|w| w.contains(['і', 'ї', 'є', 'ґ']));
    let gender = noun_gender(noun).or_else(|| adjective_gender(&issuer[0]));
    let Some(gender) = gender else {
        return false;
    };
    let noun = noun_nominative(noun, gender, ukrainian);
    for word in issuer.iter_mut().take(adjectives) {
        *word = adjective_nominative(word, gender, ukrainian);
    }
    issuer[adjectives] = noun;
    true
}

/// The gender a genitive adjective shows (`-ого`/`-его`: masculine or neuter, `-ой`/`-ей`/`-ої`:
/// feminine); `None` for a word that is no genitive adjective.
fn adjective_gender(word: &str) -> Option<Gender> {
    let w = word.to_lowercase();
    if w.chars().count() < 5 {
        return None;
    }
    if w.ends_with("ого") || w.ends_with("его") {
        Some(Gender::Masculine)
    } else if w.ends_with("ой") || w.ends_with("ей") || w.ends_with("ої") {
        Some(Gender::Feminine)
    } else {
        None
    }
}

/// The gender a genitive noun's ending shows plainly: neuter `-ния`, `-ства`, `-тия`.
fn noun_gender(word: &str) -> Option<Gender> {
    let w = word.to_lowercase();
    ["ния", "тва", "тия", "ння"]
        .iter()
        .any(|e| w.ends_with(e))
        .then_some(Gender::Neuter)
}

/// Replaces the ending `from` of `word` with `to`, when it has it.
fn swap_end(word: &str, from: &str, to: &str) -> Option<String> {
    word.strip_suffix(from).map(|stem| format!("{stem}{to}"))
}

/// A genitive adjective in the nominative of `gender`.
fn adjective_nominative(word: &str, gender: Gender, ukrainian: bool) -> String {
    let hushing = |stem: &str| stem.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']);
    let out = match gender {
        Gender::Masculine => swap_end(word, "ого", "").map(|stem| {
            if ukrainian || hushing(&stem) {
                format!("{stem}ий")
            } else {
                format!("{stem}ый")
            }
        }),
        Gender::Neuter => swap_end(word, "ого", "ое"),
        Gender::Feminine => swap_end(word, "ої", "а").or_else(|| swap_end(word, "ой", "ая")),
    };
    let soft = match gender {
        Gender::Masculine => swap_end(word, "его", "ий"),
        Gender::Neuter => swap_end(word, "его", "ее"),
        Gender::Feminine => swap_end(word, "ей", "").map(|stem| {
            if hushing(&stem) {
                format!("{stem}ая")
            } else {
                format!("{stem}яя")
            }
        }),
    };
    out.or(soft).unwrap_or_else(|| word.to_owned())
}

/// A genitive noun in the nominative of `gender` (`совета` → `совет`, `группы` → `группа`,
/// `федерации` → `федерация`, `ради` → `рада`, `движения` → `движение`, `общества` →
/// `общество`).
fn noun_nominative(word: &str, gender: Gender, ukrainian: bool) -> String {
    let out = match gender {
        Gender::Neuter => swap_end(word, "ия", "ие")
            .or_else(|| swap_end(word, "ння", "ння"))
            .or_else(|| swap_end(word, "ва", "во")),
        Gender::Masculine => swap_end(word, "а", ""),
        Gender::Feminine if ukrainian => swap_end(word, "ії", "ія")
            .or_else(|| swap_end(word, "и", "а"))
            .or_else(|| swap_end(word, "ї", "я")),
        Gender::Feminine => swap_end(word, "ии", "ия")
            .or_else(|| swap_end(word, "еи", "ея"))
            .or_else(|| swap_end(word, "ы", "а"))
            .or_else(|| swap_end(word, "и", "а")),
    };
    out.unwrap_or_else(|| word.to_owned())
}

/// Greek feminine genitive endings and their nominatives (`-ής` → `-ή`, `-ης` → `-η`, `-ας` →
/// `-α`): regular for the nouns and adjectives after `της` (`Γενικής Συνέλευσης` → `Γενική
/// Συνέλευση`, `Νομαρχιακής Επιτροπής` → `Νομαρχιακή Επιτροπή`, `Ομοσπονδίας` →
/// `Ομοσπονδία`).
const GREEK_FEMININE_GENITIVES: &[(&str, &str)] =
    &[("ής", "ή"), ("ης", "η"), ("ας", "α"), ("άς", "ά")];

/// A capitalised Greek word in the feminine genitive, in the nominative.
fn greek_feminine_nominative(word: &str) -> Option<String> {
    let greek = word
        .chars()
        .all(|c| ('\u{0370}'..='\u{03FF}').contains(&c) || ('\u{1F00}'..='\u{1FFF}').contains(&c));
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    if !greek || !capital || word.chars().count() <= 3 {
        return None;
    }
    GREEK_FEMININE_GENITIVES
        .iter()
        .find_map(|(g, n)| word.strip_suffix(g).map(|stem| format!("{stem}{n}")))
}

/// After a Greek feminine noun or adjective made nominative (`της Γενικής …`), the capitalised
/// words that agree with it (`Συνέλευσης` → `Συνέλευση`), up to the first that does not.
fn greek_feminine_run_nominative(issuer: &mut [String], connector: Option<&str>) {
    if connector != Some("της") {
        return;
    }
    for word in issuer.iter_mut().skip(1) {
        match greek_feminine_nominative(word) {
            Some(nominative) => *word = nominative,
            None => break,
        }
    }
}

/// `Komisji Zakładowej …` → `Komisja Zakładowa …`: after a Polish feminine noun made nominative,
/// the capitalised adjectives that agree with it (`-ej` → `-a`).
fn polish_adjectives_nominative(issuer: &mut [String], connector: Option<&str>) {
    if connector.is_some() || !issuer.first().is_some_and(|w| w.ends_with("ja")) {
        return;
    }
    for word in issuer.iter_mut().skip(1) {
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        match word.strip_suffix("ej") {
            Some(stem) if capital && stem.chars().count() > 3 => *word = format!("{stem}a"),
            _ => break,
        }
    }
}

/// An issuer names an organisation (`Declaración de Santa Clara del Río` names a place), or is in
/// a script without capitals; it is never a date: no word of it is a bare number (an ordinal
/// such as `3ου` or `1st` may be part of a name).
fn reads_as_issuer(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let cased = name.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    (1..=16).contains(&words)
        && !name.split_whitespace().any(is_bare_number)
        && (names_organisation(name) || !cased)
}

/// `2008`, `29`, `30.` or `15/12/2014`: figures and punctuation, no letter.
fn is_bare_number(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) && !word.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_in_titles() {
        for (title, want) in [
            ("Statement by General Secretary Amara Okafor on the closure of the Eastfield depot", "Amara Okafor"),
            ("Déclaration de Claire Vasseur, secrétaire générale de la Fédération des services publics du Morvan", "Claire Vasseur"),
            ("Dichiarazione di Laura Ferri, segretaria generale di Credito Unito", "Laura Ferri"),
            ("Erklärung der Bundesvorsitzenden Petra Lindner zum Tarifabschluss im Einzelhandel", "Petra Lindner"),
            ("Comunicato di Federazione Autonomi Sanità sulla vertenza", "Federazione Autonomi Sanità"),
            ("Comunicado del Comité Ejecutivo de Izquierda Ribereña ante la subida del transporte público", "Comité Ejecutivo de Izquierda Ribereña"),
            ("Statement by the Tenants' Council of Hallam following the eviction ruling", "Tenants' Council of Hallam"),
            ("Statement by the Executive Committee of the Greystone Tenants' Association on the proposed demolition", "Executive Committee of the Greystone Tenants' Association"),
            ("Comunicado del Secretariado Nacional del Frente Obrero Campesino sobre la represión", "Secretariado Nacional del Frente Obrero Campesino"),
            ("Comunicat del Secretariat Nacional de la Coordinadora d'Escoles Rurals sobre el tancament", "Secretariat Nacional de la Coordinadora d'Escoles Rurals"),
            ("Erklärung des Landesvorstands der Gewerkschaft Holz und Bau Mittelland zum Tod eines Kollegen", "Landesvorstand der Gewerkschaft Holz und Bau Mittelland"),
            ("Dichiarazione dell'Esecutivo nazionale della Confederazione Unitaria di Base sul rinnovo", "Esecutivo nazionale della Confederazione Unitaria di Base"),
            ("Заявление Исполкома Объединённой рабочей партии", "Исполком Объединённой рабочей партии"),
            ("Заява Ради правозахисної мережі «Голос громади» щодо обшуків", "Рада правозахисної мережі «Голос громади»"),
            ("Oświadczenie Zarządu Regionu Związku Zawodowego Górników „Przełom” w sprawie likwidacji", "Zarząd Regionu Związku Zawodowego Górników „Przełom”"),
            ("Uttalande från styrelsen för Hyresgästföreningen Norrbacka om renoveringarna", "Styrelsen för Hyresgästföreningen Norrbacka"),
            ("بيان صادر عن الهيئة الإدارية لنقابة المعلمين", "الهيئة الإدارية لنقابة المعلمين"),
            ("Stanowisko Zarządu Oddziału Związku Nauczycieli ws. podwyżek", "Zarząd Oddziału Związku Nauczycieli"),
            ("Stanowisko Komisji Krajowej Związku Pielęgniarek ws. płac", "Komisja Krajowa Związku Pielęgniarek"),
            ("بیانیه انجمن صنفی معلمان در اعتراض به اخراج همکاران", "انجمن صنفی معلمان"),
            ("بیانیه شورای هماهنگی معلمان", "شورای هماهنگی معلمان"),
            ("اعلامیه کمیته مرکزی حزب کار به مناسبت اول ماه مه", "کمیته مرکزی حزب کار"),
            ("بيان اللجنة المركزية بمناسبة عيد العمال", "اللجنة المركزية"),
            ("Ανακοίνωση του Συλλόγου Γονέων του 3ου Δημοτικού Σχολείου Άνω Πλατάνου για τα κενά", "Σύλλογος Γονέων του 3ου Δημοτικού Σχολείου Άνω Πλατάνου"),
            ("Ανακοίνωση της Επιτροπής Κατοίκων Νέας Αγοράς για το πάρκο", "Επιτροπή Κατοίκων Νέας Αγοράς"),
        ] {
            assert_eq!(issuer(title).as_deref(), Some(want), "{title}");
        }
        assert_eq!(issuer("Statement on the war"), None);
        assert_eq!(issuer("Declaración de Santa Clara del Río"), None);
        assert_eq!(issuer("Library staff vote to strike over pay"), None);
        assert_eq!(
            issuer("Communiqué du Comité central des 29 et 30 juin 2008"),
            None
        );
        assert_eq!(issuer("Communiqué du Comité central du 5 mai 2008"), None);
    }

    #[test]
    fn russian_and_ukrainian_adjectives_before_the_body_are_given_in_the_nominative() {
        for (title, want) in [
            (
                "Заявление Координационного совета профсоюзов Северного района",
                "Координационный совет профсоюзов Северного района",
            ),
            (
                "Заявление инициативной группы жителей посёлка Сосновка",
                "Инициативная группа жителей посёлка Сосновка",
            ),
            (
                "Заявление Общественного движения «Чистый берег»",
                "Общественное движение «Чистый берег»",
            ),
            (
                "Обращение Всероссийского профсоюза работников культуры",
                "Всероссийский профсоюз работников культуры",
            ),
            (
                "Заява Координаційної ради батьківських комітетів",
                "Координаційна рада батьківських комітетів",
            ),
            (
                "Заявление Совета жильцов микрорайона Заречный",
                "Совет жильцов микрорайона Заречный",
            ),
        ] {
            assert_eq!(issuer(title).as_deref(), Some(want), "{title}");
        }
    }

    #[test]
    fn greek_feminine_genitives_are_given_in_the_nominative() {
        for (title, want) in [
            (
                "Ανακοίνωση της Νομαρχιακής Επιτροπής του Κόμματος Εργατικής Ανανέωσης Ακτής",
                "Νομαρχιακή Επιτροπή του Κόμματος Εργατικής Ανανέωσης Ακτής",
            ),
            (
                "Ψήφισμα της Γενικής Συνέλευσης του Συλλόγου Εκπαιδευτικών Λιμνούπολης της 12ης Ιανουαρίου 2025",
                "Γενική Συνέλευση του Συλλόγου Εκπαιδευτικών Λιμνούπολης",
            ),
            (
                "Δήλωση της Ομοσπονδίας Συνταξιούχων Πεδινής για τις συντάξεις",
                "Ομοσπονδία Συνταξιούχων Πεδινής",
            ),
        ] {
            assert_eq!(issuer(title).as_deref(), Some(want), "{title}");
        }
    }

    #[test]
    fn a_news_intro_names_the_issuer_of_the_statement_it_announces() {
        assert_eq!(
            issuer_in_intro("ב-3.5 הודיע המשרד על מכרז. להלן תגובת איגוד עובדי הניקיון המאוחד:")
                .as_deref(),
            Some("איגוד עובדי הניקיון המאוחד")
        );
        assert_eq!(
            issuer_in_intro(
                "A entidade divulgou uma nota nesta terça. Confira abaixo a nota do Sindicato dos Vigilantes de Serra Clara:"
            )
            .as_deref(),
            Some("Sindicato dos Vigilantes de Serra Clara")
        );
        assert_eq!(
            issuer_in_intro("Um conjunto de entidades divulgou uma nota. Confira abaixo a nota:"),
            None
        );
    }

    #[test]
    fn a_date_after_the_issuer_is_no_part_of_it() {
        for (title, want) in [
            (
                "Erklärung des Bezirksvorstands der Lehrergewerkschaft Oberhavel vom 3. März 2016",
                "Bezirksvorstand der Lehrergewerkschaft Oberhavel",
            ),
            (
                "Statement of the Executive of the Harbour Tenants' Union of 12 May 2024",
                "Executive of the Harbour Tenants' Union",
            ),
            (
                "Comunicado de la Junta Directiva del Sindicato Minero del 5 de mayo de 2023",
                "Junta Directiva del Sindicato Minero",
            ),
            (
                "Comunicato del Consiglio Direttivo della Lega Pescatori di Torre Vecchia del 3 e 4 marzo 2025",
                "Consiglio Direttivo della Lega Pescatori di Torre Vecchia",
            ),
        ] {
            assert_eq!(issuer(title).as_deref(), Some(want), "{title}");
        }
    }

    #[test]
    fn issuers_named_in_full_in_the_lead() {
        for (title, lead, want) in [
            ("Communiqué du Comité central des 29 et 30 juin 2008", "Le Comité central du Parti des travailleurs unifiés s'est réuni les 29 et 30 juin pour faire le bilan.", "Comité central du Parti des travailleurs unifiés"),
            ("Documento conclusivo del Consiglio generale del 30 e 31 maggio 2019", "Il Consiglio generale della Confederazione dei Lavoratori della Scuola, riunito a Borgoalto, ha discusso la situazione.", "Consiglio generale della Confederazione dei Lavoratori della Scuola"),
            ("Statement of the National Committee, 12 May 2021", "The National Committee of the Riverside Tenants' Union met on 12 May to discuss the evictions.", "National Committee of the Riverside Tenants' Union"),
        ] {
            assert_eq!(issuer_in_lead(title, lead).as_deref(), Some(want), "{lead}");
        }
        // The lead must open with the body the title names, meeting.
        let title = "Communiqué du Comité central des 29 et 30 juin 2008";
        for lead in [
            "Le gouvernement s'est réuni hier pour décider de nouvelles coupes.",
            "Le Comité central du Parti des travailleurs unifiés appelle à la grève.",
        ] {
            assert_eq!(issuer_in_lead(title, lead), None, "{lead}");
        }
        assert_eq!(
            issuer_in_lead(
                "Library staff vote to strike",
                "The Library staff met on Monday."
            ),
            None
        );
    }

    #[test]
    fn issuers_named_before_the_statement_word_or_before_a_topic_phrase() {
        for (title, want) in [
            (
                "新民主工人党中央委员会关于物价上涨问题的声明",
                Some("新民主工人党中央委员会"),
            ),
            ("教师工会对延迟发放工资的严正声明", Some("教师工会")),
            ("（外卖骑手互助会声明）", Some("外卖骑手互助会")),
            ("关于保护老城区历史建筑的呼吁", None),
            (
                "Halk Dayanışma Derneği Genel Merkez Yürütme Kurulu Açıklaması",
                Some("Halk Dayanışma Derneği Genel Merkez Yürütme Kurulu"),
            ),
            ("Basın Açıklaması", None),
        ] {
            assert_eq!(
                issuer_before_statement_word(title).as_deref(),
                want,
                "{title}"
            );
        }
        assert_eq!(
            issuer("Δήλωση της Γραμματείας της Κίνησης για την Οικολογία σχετικά με τις πυρκαγιές")
                .as_deref(),
            Some("Γραμματεία της Κίνησης για την Οικολογία")
        );
        assert_eq!(
            issuer("بيان من اللجنة النقابية في مصنع الشرق للنسيج").as_deref(),
            Some("اللجنة النقابية في مصنع الشرق للنسيج")
        );
        assert_eq!(issuer("بيان من أجل حماية المياه"), None);
    }

    #[test]
    fn issuers_named_after_a_dash_or_a_colon() {
        assert_eq!(
            issuer("Κάτω τα χέρια από τους απεργούς – Ανακοίνωση του Σωματείου Εργαζομένων Ξενοδοχείων Ρόδου")
                .as_deref(),
            Some("Σωματείο Εργαζομένων Ξενοδοχείων Ρόδου")
        );
        assert_eq!(
            issuer("Sciopero generale: comunicato della Segreteria regionale della Confederazione dei Lavoratori Liguri")
                .as_deref(),
            Some("Segreteria regionale della Confederazione dei Lavoratori Liguri")
        );
        assert_eq!(issuer("Stop the eviction – a statement we all sign"), None);
    }

    #[test]
    fn a_joint_statement_names_no_issuer() {
        assert_eq!(issuer("بيان مشترك حول اعتقال الصحفيين"), None);
        assert_eq!(
            issuer("Comunicado conjunto sobre el cierre del hospital"),
            None
        );
    }
}
