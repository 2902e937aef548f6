//! Rule `title-issuer`: the issuer a title names (`Statement by the Executive Committee of X on
//! …`, `Comunicado del Secretariado Nacional del Frente … sobre …`, `Erklärung des
//! Landesvorstands der … zum …`, `Заявление Исполкома …`, `بيان صادر عن …`, `بیانیه شورای …`).
//!
//! The title must open with a word that names a statement, then (in most languages) a word for
//! "of" or "by"; the issuer runs to the word that opens the topic (`on`, `sobre`, `zum`, `щодо`…)
//! or to the end. A first word in the genitive is put back in the nominative where the ending
//! says so plainly (German `-s`, Russian `-а`, Ukrainian `-и`, Polish `-u`).

use super::closing::{capitalised, without_article};
use super::month_names::fold;
use super::signatory_words::names_organisation;

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
    "ανακοίνωση", "δήλωση", // el
    "açıklama", "bildiri", // tr
    "בيان", "بيان", "بلاغ", // ar
    "بیانیه", "اطلاعیه", // fa
    "הודעת", "הצהרת", // he
];

/// Words between the statement word and the issuer: "of", "by", "from" (longest first).
#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "صادر عن", "صادرة عن", "by the", "of the", "from the", "de la", "de l'", "van de", "van het",
    "by", "of", "from", "del", "de", "du", "des", "della", "dell'", "dello", "dei", "degli",
    "der", "von", "från", "van", "του", "της", "των", "عن", "da", "do", "dos", "das",
];

/// Words that open the topic after the issuer.
#[rustfmt::skip]
const TOPIC_WORDS: &[&str] = &[
    "on", "about", "regarding", "concerning", "against", "sobre", "acerca", "contra", "sur",
    "concernant", "contre", "su", "sul", "sulla", "sui", "sugli", "contro", "zum", "zur", "zu",
    "über", "gegen", "о", "об", "по", "против", "щодо", "проти", "om", "over", "tegen", "για",
    "κατά", "حول", "بشأن", "ضد", "درباره", "علیه", "על", "נגד", "w",
];

/// The issuer named in `title`, if the title names one.
pub fn issuer(title: &str) -> Option<String> {
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
    let end = rest
        .iter()
        .position(|w| TOPIC_WORDS.contains(&fold(w).as_str()) || w.ends_with(':'))
        .unwrap_or(rest.len());
    let mut issuer: Vec<String> = rest[..end].iter().map(|w| (*w).to_owned()).collect();
    if let Some(last) = issuer.last_mut() {
        *last = last.trim_end_matches([':', ',', '.']).to_owned();
    }
    let first_word = issuer.first_mut()?;
    *first_word = nominative(first_word, connector.as_deref());
    let name = capitalised(&without_article(&issuer.join(" ")));
    reads_as_issuer(&name).then_some(name)
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

/// The first word of an issuer back in the nominative, where its ending says so plainly.
fn nominative(word: &str, connector: Option<&str>) -> String {
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

/// An issuer names an organisation (`Declaración de Santa Clara del Río` names a place), or is in
/// a script without capitals; it is never a date.
fn reads_as_issuer(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let cased = name.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    (1..=16).contains(&words)
        && !name.chars().any(|c| c.is_ascii_digit())
        && (names_organisation(name) || !cased)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_in_titles() {
        for (title, want) in [
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
            ("بیانیه شورای هماهنگی معلمان", "شورای هماهنگی معلمان"),
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
    }
}
