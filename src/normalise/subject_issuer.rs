//! Rule `subject-issuer`: the organisation a statement's first sentence opens with, as the
//! subject of a verb of taking a stand (`The Riverside Tenants' Federation condemns …`, `La CGT
//! dénonce …`, `Das Bündnis X fordert …`, `تستنكر جمعية … قرار …`, `X Derneği olarak, …`).
//!
//! Published statements on an organisation's own pages very often name their issuer only this
//! way; the subject of such a verb is the one who takes the stand, so it is the issuer. To keep
//! events the statement reports on (`The government announced …`) out, the verb must be one of
//! [`STANCE_VERBS`] and the subject must name a body: an organisation word
//! ([`names_organisation`], [`MORE_BODY_WORDS`]) or an acronym in capitals (`CGT`).
//!
//! Subject–verb order covers most languages. Arabic puts the verb first (`تستنكر جمعية حماية
//! المستهلك قرار …`): the name then runs to the first word that opens the object
//! ([`ARABIC_OBJECT_OPENERS`]). Turkish says "as X, we …" (`Kıyı Balıkçıları Derneği olarak, …`).

use super::closing::without_article;
use super::content;
use super::month_names::fold;
use super::signatory_words::names_organisation;

/// Verbs of taking a stand, third person (compared after [`fold`]).
#[rustfmt::skip]
const STANCE_VERBS: &[&str] = &[
    // en
    "condemns", "condemn", "denounces", "denounce", "demands", "demand", "rejects", "reject",
    "deplores", "deplore", "protests", "opposes", "oppose", "welcomes", "urges", "urge",
    "calls", "expresses", "express", "supports", "salutes", "warns", "regrets", "repudiates",
    "considers",
    // pt
    "repudia", "denuncia", "exige", "rejeita", "condena", "manifesta", "convoca", "apoia",
    "lamenta", "alerta", "reivindica", "cobra", "saúda", "expressa", "repudiam", "denunciam",
    "exigem", "rejeitam", "considera",
    // `O Sindicato X vem a público …`
    "vem", "vêm",
    // es
    "rechaza", "manifiesta", "expresa", "exhorta", "reclama", "advierte", "saluda", "respalda",
    "rechazan", "exigen", "denuncian", "condenan", "repudian",
    // fr
    "dénonce", "condamne", "rejette", "demande", "refuse", "appelle", "salue", "déplore",
    "regrette", "alerte", "considère", "réclame", "soutient", "proteste", "exprime", "dénoncent",
    "condamnent", "exigent", "appellent",
    // de
    "fordert", "verurteilt", "kritisiert", "lehnt", "protestiert", "begrüßt", "warnt", "ruft",
    "unterstützt", "fordern", "verurteilen", "kritisieren", "protestieren",
    // it
    "esprime", "condanna", "chiede", "respinge", "rifiuta", "contesta", "esige", "sostiene",
    "ribadisce", "critica", "protesta", "esprimono", "denunciano", "chiedono",
    // ru, uk
    "требует", "осуждает", "выражает", "протестует", "призывает", "поддерживает", "требуют",
    "осуждают", "считает", "вимагає", "вважає", "засуджує", "висловлює", "протестує", "закликає", "підтримує",
    "вимагають", "засуджують",
    // el
    "καταγγέλλει", "καταδικάζει", "απαιτεί", "ζητά", "ζητάει", "εκφράζει", "καλεί",
    "διαμαρτύρεται", "στηρίζει", "χαιρετίζει", "απορρίπτει", "καταγγέλλουν", "καταδικάζουν",
    "ζητούν", "απαιτούν", "θεωρεί",
    // he
    "מגנה", "מגנים", "דורש", "דורשת", "דורשים", "קורא", "קוראת", "קוראים", "מוחה", "מוחים",
    "מביע", "מביעה", "מביעים", "מתנגד", "מתנגדת", "מתנגדים",
    // pl, nl, sv, ca
    "potępia", "domaga", "żąda", "protestuje", "veroordeelt", "eist", "protesteert",
    "fördömer", "kräver", "protesterar", "denuncia", "rebutja", "reclama", "condemna",
    "wzywa", "sprzeciwia", "apeluje", "roept", "wijst", "waarschuwt", "steunt", "verwerpt",
    "antog", "kritiserar", "välkomnar", "uppmanar", "varnar", "exigeix", "rebutgen",
    "denuncien", "reclamen",
    // id
    "menolak", "mengecam", "menuntut", "mendesak", "mengutuk", "memprotes",
];

/// Adverbs that may stand between the subject and the verb (`The X strongly condemns`),
/// compared after [`fold`].
#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "strongly", "firmly", "vigorously", "once", "again", "energicamente", "firmemente",
    "veementemente", "enérgicamente", "énergiquement", "fermement", "vivement", "entschieden",
    "scharf", "fermamente", "duramente", "решительно", "категорически", "рішуче", "категорично",
    "έντονα", "απερίφραστα", "בתוקף", "נמרצות",
];

/// Words for a body that [`names_organisation`] does not know (compared after [`fold`]).
#[rustfmt::skip]
const MORE_BODY_WORDS: &[&str] = &[
    "betriebsrat", "personalrat", "elternrat", "beirat", "vorstand",
    "coordinadora", "coordenação", "coordinamento", "coordination", "coalition", "coalizione",
    "coalición", "coligação", "bündnis", "platform", "plataforma", "piattaforma", "plateforme",
    "network", "red", "rede", "rete", "réseau", "forum", "foro", "fórum", "alliance", "alianza",
    "aliança", "alleanza", "centre", "center", "centro", "institute", "instituto", "istituto",
    "jamiat", "جمعية", "الجمعية", "تنسيقية", "التنسيقية", "مركز", "المركز", "المرصد", "مرصد",
    "פורום", "עמותת", "מטה", "קואליציית", "φόρουμ", "πλατφόρμα", "συντονιστικό", "ομοσπονδία",
    "σύνδεσμος", "коалиция", "коаліція", "платформа", "центр", "ініціатива", "инициатива",
    "derneği", "sendikası", "platformu", "birliği", "odası", "meclisi", "kurulu", "şubesi",
    "konfederasyonu", "federasyonu", "girişimi", "komitesi", "dayanışması", "inisiyatifi",
];

/// Words that open the object after an Arabic subject (`قرار`, `عن`, `على`, …): the name ends
/// before them.
#[rustfmt::skip]
const ARABIC_OBJECT_OPENERS: &[&str] = &[
    "عن", "على", "إلى", "الى", "ب", "قرار", "القرار", "ما", "كل", "بشدة", "استمرار", "إقدام",
    "الاعتداء", "الهجوم", "اعتقال", "حملة", "سياسة", "إعلان", "تصريحات", "منع", "رفع",
];

/// Arabic verbs of taking a stand, third person, that open a sentence.
#[rustfmt::skip]
const ARABIC_STANCE_VERBS: &[&str] = &[
    "تستنكر", "يستنكر", "تدين", "يدين", "تطالب", "يطالب", "ترفض", "يرفض", "تعرب", "يعرب",
    "تدعو", "يدعو", "تحذر", "يحذر", "تندد", "يندد", "تشجب", "يشجب", "تعلن", "يعلن",
];

/// The Turkish word for "as" in `X olarak, …`.
const TURKISH_AS: &str = "olarak";

/// The most words an issuer's name may have here.
const MAX_NAME_WORDS: usize = 14;

/// The issuer the first sentence of `lead` names as the subject of a verb of taking a stand,
/// without its leading article.
pub(crate) fn issuer(lead: &str) -> Option<String> {
    let sentence = content::first_sentence(lead);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(bare(w))).collect();
    let name = subject_before_verb(&words, &folded)
        .or_else(|| arabic_subject_after_verb(&words, &folded))
        .or_else(|| turkish_subject_before_as(&words, &folded))?;
    Some(without_article(&name)).filter(|n| names_a_body(n))
}

/// The most words of an issuer before a title's colon.
const MAX_TITLE_ISSUER_WORDS: usize = 8;

/// `Betriebsrat: Keine Schließung …`, `איגוד העובדים הסוציאליים בצפון: די לעומס`: a title that
/// gives the body speaking, then a colon, then its message (the way the press quotes a
/// statement). The part before the colon must name a body.
pub(crate) fn issuer_before_colon(title: &str) -> Option<String> {
    let (head, message) = title.split_once([':', '：'])?;
    let head = head.trim();
    let words = head.split_whitespace().count();
    ((1..=MAX_TITLE_ISSUER_WORDS).contains(&words)
        && !message.trim().is_empty()
        && opens_with_capital(head)
        && names_a_body(head))
    .then(|| without_article(head))
}

/// `The X (strongly) condemns …` → `The X`.
fn subject_before_verb(words: &[&str], folded: &[String]) -> Option<String> {
    // Arabic titles put the subject first too (`نقابة المهندسين تطالب بوقف …`).
    let verb = folded.iter().position(|w| {
        STANCE_VERBS.iter().any(|v| fold(v) == *w) || ARABIC_STANCE_VERBS.contains(&w.as_str())
    })?;
    let mut end = verb;
    while end > 0 && ADVERBS.iter().any(|a| fold(a) == folded[end - 1]) {
        end -= 1;
    }
    plain_name(&words[..end]).filter(|name| opens_with_capital(name))
}

/// `تستنكر جمعية حماية المستهلك في مدينة الزهراء قرار …` → `جمعية حماية المستهلك في مدينة الزهراء`.
fn arabic_subject_after_verb(words: &[&str], folded: &[String]) -> Option<String> {
    let first = folded.first()?;
    if !ARABIC_STANCE_VERBS.contains(&first.as_str()) {
        return None;
    }
    let rest = &words[1..];
    let end = rest
        .iter()
        .position(|w| ARABIC_OBJECT_OPENERS.contains(&bare(w)))
        .unwrap_or(rest.len());
    plain_name(&rest[..end])
}

/// `Kıyı Balıkçıları Derneği olarak, …` → `Kıyı Balıkçıları Derneği`.
fn turkish_subject_before_as(words: &[&str], folded: &[String]) -> Option<String> {
    let at = folded.iter().position(|w| w == TURKISH_AS)?;
    plain_name(&words[..at]).filter(|name| opens_with_capital(name))
}

/// The words as a name: between one and [`MAX_NAME_WORDS`] words, with no comma or colon inside
/// (a subject with a clause, `The mayor, who …`, is not a plain name); an acronym in brackets
/// may close it (`Sindicato dos … (SINDÁGUA)`).
fn plain_name(words: &[&str]) -> Option<String> {
    let name = words.join(" ");
    ((1..=MAX_NAME_WORDS).contains(&words.len()) && !name.contains([',', '،', ':', ';', '"', '“']))
        .then_some(name)
}

/// A name opens with a capital (or a letter of a script without capitals).
fn opens_with_capital(name: &str) -> bool {
    name.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| !c.is_lowercase())
}

/// True when `name` names a body: an organisation word (or an acronym in capitals, `CGT`) opens
/// it, within its first three words or after capitalised words only (`Harbourside Tenants'
/// Union`). `Seventeen students arrested during … at the University Union` is no name.
fn names_a_body(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| is_body_word(w)) else {
        return false;
    };
    at <= 2 || words[..at].iter().all(|w| opens_with_capital(w))
}

fn is_body_word(word: &str) -> bool {
    let w = bare(word);
    names_organisation(w) || MORE_BODY_WORDS.iter().any(|b| fold(b) == fold(w)) || is_acronym(w)
}

/// `CGT`, `SINDÁGUA`, `ver.di` is not: two or more letters, all capitals.
fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The word without the punctuation around it.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
}

#[cfg(test)]
mod tests {
    use super::issuer;

    #[test]
    fn an_organisation_taking_a_stand_is_the_issuer() {
        let cases = [
            (
                "The Riverside Tenants' Federation strongly condemns the evictions.",
                "Riverside Tenants' Federation",
            ),
            (
                "La Fédération des locataires du Val dénonce l'inaction du bailleur.",
                "Fédération des locataires du Val",
            ),
            ("La CGT exige la libération de notre camarade.", "CGT"),
            (
                "O Sindicato dos Trabalhadores em Água de Rio Claro (SINDÁGUA) vem a público manifestar o seu repúdio.",
                "Sindicato dos Trabalhadores em Água de Rio Claro (SINDÁGUA)",
            ),
            (
                "Das Bündnis Verkehrswende Talheim fordert die Stadt auf, Tempo 30 einzuführen.",
                "Bündnis Verkehrswende Talheim",
            ),
            (
                "Η Ένωση Γονέων Μαθητών Δήμου Καλαμαριάς καταγγέλλει την εγκατάλειψη.",
                "Ένωση Γονέων Μαθητών Δήμου Καλαμαριάς",
            ),
            (
                "تستنكر جمعية حماية المستهلك في مدينة الزهراء قرار رفع سعر الخبز.",
                "جمعية حماية المستهلك في مدينة الزهراء",
            ),
            (
                "تعرب نقابة المعلمين عن رفضها لقرار الوزارة.",
                "نقابة المعلمين",
            ),
            (
                "نقابة المهندسين الزراعيين تطالب بوقف بيع أراضي المحطة",
                "نقابة المهندسين الزراعيين",
            ),
            (
                "Kıyı Balıkçıları Derneği olarak, yeni av izinlerini kaygıyla karşılıyoruz.",
                "Kıyı Balıkçıları Derneği",
            ),
            (
                "ועד הפעולה של שכונת נווה אורנים מגנה את ההחלטה.",
                "ועד הפעולה של שכונת נווה אורנים",
            ),
        ];
        for (lead, want) in cases {
            assert_eq!(issuer(lead).as_deref(), Some(want), "{lead}");
        }
    }

    #[test]
    fn a_body_before_a_title_colon_speaks() {
        use super::issuer_before_colon;
        assert_eq!(
            issuer_before_colon("Betriebsrat: Keine Schließung des Werks").as_deref(),
            Some("Betriebsrat")
        );
        assert_eq!(
            issuer_before_colon("איגוד העובדים הסוציאליים בצפון: די לעומס").as_deref(),
            Some("איגוד העובדים הסוציאליים בצפון")
        );
        assert_eq!(
            issuer_before_colon("Fermeture de la maternité : les sages-femmes ne lâcheront rien"),
            None
        );
    }

    #[test]
    fn other_subjects_are_not_issuers() {
        for lead in [
            // Not a body.
            "The mayor demands that the protest end.",
            "La mairie exige la fermeture de la piscine.",
            // Not a verb of taking a stand.
            "The Ministry of Transport announced the closure of three lines.",
            // A subject with a clause.
            "The council, which met on Monday, condemns nothing.",
            // The verb comes too late for a name.
            "Seventeen students arrested during yesterday's sit-in at the University Union of Eastport demand release.",
            // We, not a name.
            "We condemn the arrests.",
        ] {
            assert_eq!(issuer(lead), None, "{lead}");
        }
    }
}
