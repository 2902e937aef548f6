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
//! Persian puts the verb last (`کانون X … را محکوم می‌کند`): [`persian_subject`] takes the name
//! the title repeats, or the words before the first preposition.

use std::collections::HashSet;
use std::sync::LazyLock;

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
    // after `has` / `have` (`The X has condemned …`)
    "condemned", "denounced", "demanded", "rejected", "deplored", "protested", "opposed",
    "welcomed", "urged", "criticised", "criticized", "warned", "called",
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
    // "appeals to" (`Родительский комитет … обращается к главе …`)
    "обращается", "обращаются", "звертається", "звертаються", "appeals",
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
    // verbs of informing, in an opening formula (`La Comisión Directiva de X informa:`)
    "informa", "comunica", "declara", "informe", "déclare", "dichiara", "erklärt", "declares",
    // first person plural, after a subject with an apposition (`A, B i C, com a sindicats …,
    // rebutgem …`, `X, como sindicato …, rechazamos …`)
    "rebutgem", "exigim", "denunciem", "rechazamos", "exigimos", "denunciamos", "condenamos",
    "repudiamos", "rejeitamos", "denunciamos", "dénonçons", "exigeons", "refusons", "condamnons",
    "respingiamo", "chiediamo", "denunciamo", "condanniamo", "fordern", "lehnen",
];

/// [`STANCE_VERBS`] folded, once per run: every word of a first sentence is looked up (each
/// list word folded again for each was a fold of every verb per word).
static FOLDED_STANCE_VERBS: LazyLock<HashSet<String>> =
    LazyLock::new(|| STANCE_VERBS.iter().map(|v| fold(v)).collect());

/// [`ADVERBS`] folded, once per run.
static FOLDED_ADVERBS: LazyLock<HashSet<String>> =
    LazyLock::new(|| ADVERBS.iter().map(|a| fold(a)).collect());

/// Whether `word` is one of [`STANCE_VERBS`] or [`ARABIC_STANCE_VERBS`].
pub(crate) fn is_stance_verb(word: &str) -> bool {
    is_folded_stance_verb(&fold(bare(word)))
}

/// [`is_stance_verb`] of a word folded already.
fn is_folded_stance_verb(folded: &str) -> bool {
    FOLDED_STANCE_VERBS.contains(folded) || ARABIC_STANCE_VERBS.contains(&folded)
}

/// Adverbs that may stand between the subject and the verb (`The X strongly condemns`),
/// compared after [`fold`].
#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "strongly", "firmly", "vigorously", "once", "again", "has", "have", "today",
    "energicamente", "firmemente",
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
    "פורום", "עמותת", "מטה", "אגודת", "האגודה", "אגודה", "קואליציית", "φόρουμ", "πλατφόρμα", "συντονιστικό", "ομοσπονδία",
    "σύνδεσμος", "коалиция", "коаліція", "платформа", "центр", "ініціатива", "инициатива",
    "derneği", "sendikası", "platformu", "birliği", "odası", "meclisi", "kurulu", "şubesi",
    "konfederasyonu", "federasyonu", "girişimi", "komitesi", "dayanışması", "inisiyatifi",
    "amicale", "amicales",
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
    let sentence = first_sentence(without_dateline(lead));
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(bare(w))).collect();
    let name = subject_before_verb(&words, &folded)
        .or_else(|| arabic_subject_after_verb(&words, &folded))
        .or_else(|| turkish_subject_before_as(&words, &folded))
        .or_else(|| turkish_subject_before_comma(&words, &folded))
        .or_else(|| japanese_topic(sentence))
        .or_else(|| chinese_subject(sentence))?;
    Some(without_article(&name)).filter(|n| names_a_body(n))
}

/// The dashes after a wire dateline (`CIUDAD, 5 de junio de 2024.– `, `TANJUNG LAUT (Site.id) –
/// `).
const DATELINE_DASHES: &[&str] = &[".– ", ".— ", ".- ", " – ", " — ", " - "];

/// The most characters of a wire dateline before its dash.
const MAX_DATELINE_CHARS: usize = 90;

/// `SAN LORENZO DEL MARE, 3 luglio 2023 – Mare Pulito Onlus denuncia …` → `Mare Pulito Onlus
/// denuncia …`: a dateline opening the lead, its place in capitals, then a dash, is no part of
/// the sentence's subject.
fn without_dateline(lead: &str) -> &str {
    let lead = lead.trim();
    // `Kleinmoor (ots) – …`: a dateline with a wire service's mark and no date.
    if let Some(start) = super::dateline::place_only(lead) {
        return lead[start..].trim_start();
    }
    let place_in_capitals = lead
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase));
    if !place_in_capitals {
        return lead;
    }
    DATELINE_DASHES
        .iter()
        .filter_map(|d| lead.find(d).map(|at| (at, d.len())))
        .min()
        .filter(|(at, _)| lead[..*at].chars().count() <= MAX_DATELINE_CHARS)
        .map_or(lead, |(at, len)| lead[at + len..].trim_start())
}

/// Turkish verbs of taking a stand that close the sentence (`… protesto ediyor.`, `… kınıyoruz.`).
#[rustfmt::skip]
const TURKISH_CLOSING_VERBS: &[&str] = &[
    "ediyor", "ediyoruz", "kınıyor", "kınıyoruz", "istiyor", "istiyoruz", "reddediyor",
    "reddediyoruz", "çağırıyor", "çağırıyoruz",
];

/// `Kıyı Emekçileri Sendikası Karadere Şubesi, … protesto ediyor.`: Turkish puts the verb last;
/// a body's name, then a comma, opening a sentence that closes with a verb of taking a stand.
fn turkish_subject_before_comma(words: &[&str], folded: &[String]) -> Option<String> {
    let comma = words.iter().position(|w| w.ends_with(','))?;
    // Both sides folded: folding takes the dots off `ı` (`kınıyor` → `kiniyor`).
    let closes = folded
        .last()
        .is_some_and(|v| TURKISH_CLOSING_VERBS.iter().any(|t| fold(t) == *v));
    let name = words[..=comma].join(" ");
    let name = name.trim_end_matches(',');
    (closes && name.split_whitespace().all(opens_with_capital)).then(|| name.to_owned())
}

/// Persian nouns of taking a stand, before the light verb that closes the sentence (`محکوم
/// می‌کند`, `خواستار … شد`, `اعتراض کرد`).
#[rustfmt::skip]
const PERSIAN_STANCE_NOUNS: &[&str] = &[
    "محکوم", "خواستار", "اعتراض", "هشدار", "اعلام", "حمایت", "مخالفت", "تقبیح", "درخواست",
    "انتقاد", "تأکید", "تاکید",
];

/// Persian light verbs that close a sentence of taking a stand.
#[rustfmt::skip]
const PERSIAN_CLOSING_VERBS: &[&str] = &[
    "می‌کند", "می‌کنند", "میکند", "میکنند", "کرد", "کردند", "شد", "شدند", "است", "هستند",
    "می‌دارد", "می‌دارند", "نمود", "نمودند", "می‌شود", "می‌دهد", "می‌دهند", "داد", "دادند",
    "می‌نماید", "می‌نمایند", "میدهد", "میدهند",
];

/// Persian nouns that open the object of a sentence of taking a stand (`… اخراج کارگران را
/// محکوم می‌کند`, `… افزایش قیمت‌ها را …`): after a subject, the name ends before them.
#[rustfmt::skip]
const PERSIAN_OBJECT_OPENERS: &[&str] = &[
    "اخراج", "افزایش", "کاهش", "تصمیم", "بازداشت", "دستگیری", "سرکوب", "حمله", "قطع",
    "تعطیلی", "عدم", "خصوصی‌سازی", "حذف", "تبعیض", "واگذاری", "احکام", "حکم", "صدور", "اجرای",
    "طرح", "لایحه", "سیاست", "ادامه", "برخورد", "فشار", "نقض", "تعویق", "پرداخت", "تأخیر",
    "تاخیر", "بازگشت", "آزادی", "لغو", "توقف",
];

/// Persian prepositions: after a subject, they open the rest of the sentence (`سندیکای X با
/// انتشار بیانیه‌ای …`, `… در اعتراض به …`).
#[rustfmt::skip]
const PERSIAN_PREPOSITIONS: &[&str] = &[
    "با", "در", "از", "به", "ضمن", "طی", "برای", "نسبت", "پس", "روز", "امروز", "دیروز",
];

/// Rule `subject-issuer`, in Persian, which puts the verb last: a first sentence that opens
/// with a body word and closes with a noun of taking a stand and a light verb (`کانون پرستاران
/// کوهسار کاهش … را محکوم می‌کند.`, `سندیکای X با انتشار بیانیه‌ای خواستار … شد.`). Where the
/// name ends is not marked: it is the longest opening of two words or more that the title
/// repeats (`واکنش کانون پرستاران کوهسار به …`), else what comes before the first preposition.
pub(crate) fn persian_subject(lead: &str, title: Option<&str>) -> Option<String> {
    let sentence = first_sentence(lead)
        .trim_end()
        .trim_end_matches(['.', '!', '؟']);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let last = words.last()?;
    let closes = PERSIAN_CLOSING_VERBS.contains(last)
        && words
            .iter()
            .rev()
            .skip(1)
            .take(MAX_NAME_WORDS)
            .any(|w| PERSIAN_STANCE_NOUNS.contains(w));
    if !closes || !words.first().is_some_and(|w| is_body_word(w)) {
        return None;
    }
    // The rest of the sentence opens with a preposition, a noun of taking a stand (`… خواستار
    // …`) or a noun that opens the object (`… اخراج کارگران را محکوم …`).
    let preposition = words
        .iter()
        .skip(1)
        .position(|w| {
            PERSIAN_PREPOSITIONS.contains(w)
                || PERSIAN_STANCE_NOUNS.contains(w)
                || PERSIAN_OBJECT_OPENERS.contains(w)
        })
        .map(|p| p + 1);
    let in_title = |n: usize| {
        let name = words[..n].join(" ");
        title.is_some_and(|t| format!(" {t} ").contains(&format!(" {name} ")))
    };
    let end = (2..=words.len().min(MAX_NAME_WORDS))
        .rev()
        .find(|&n| in_title(n))
        .or(preposition.filter(|&p| (2..=MAX_NAME_WORDS).contains(&p)))?;
    Some(words[..end].join(" "))
}

/// Chinese verbs of taking a stand (`呼吁`, `反对`, `要求`, `谴责`, `抗议`) after the subject.
const CHINESE_STANCE_VERBS: &[&str] = &[
    "呼吁", "呼籲", "反对", "反對", "要求", "谴责", "譴責", "抗议", "抗議", "强烈", "強烈", "表示",
    "声明", "聲明", "敦促",
];

/// The most characters of a Chinese subject.
const MAX_CHINESE_NAME_CHARS: usize = 24;

/// The fewest characters of a Chinese body's name (a body word and a name before it).
const MIN_CHINESE_NAME_CHARS: usize = 4;

/// `青河市公交职工协会对…表示强烈反对`, `晴空环境研究所呼吁…`: a Chinese sentence opening with a
/// body's name (the shortest opening that ends in a body word), followed in the same sentence
/// by a verb of taking a stand.
fn chinese_subject(sentence: &str) -> Option<String> {
    if sentence.contains(char::is_whitespace) {
        return None;
    }
    let ends: Vec<usize> = sentence
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(MAX_CHINESE_NAME_CHARS)
        .collect();
    let end = ends.iter().enumerate().find_map(|(n, &end)| {
        let name = &sentence[..end];
        (n + 1 >= MIN_CHINESE_NAME_CHARS
            && name.chars().all(char::is_alphanumeric)
            && names_organisation(name))
        .then_some(end)
    })?;
    let rest = &sentence[end..];
    // `海港码头工会主席林国栋…`: the body's chair speaks, not the body.
    let role_follows = CHINESE_ROLES.iter().any(|r| rest.starts_with(r));
    (!role_follows && CHINESE_STANCE_VERBS.iter().any(|v| rest.contains(v)))
        .then(|| sentence[..end].to_owned())
}

/// Roles written right after a Chinese body's name, before the person's name.
const CHINESE_ROLES: &[&str] = &[
    "主席",
    "会长",
    "會長",
    "秘书长",
    "秘書長",
    "理事长",
    "理事長",
    "负责人",
    "負責人",
    "发言人",
    "發言人",
    "委员长",
    "委員長",
    "代表",
    "书记",
    "書記",
];

/// The issuers the first sentence of `lead` names: [`issuer`], or the subject of a verb of
/// taking a stand that is followed by an apposition (`La Mesa X de Y, espacio que …, EXPRESA:`,
/// `SIPM, UTS i CGTB, com a sindicats …, rebutgem …`), which may list several bodies.
pub(crate) fn issuers(lead: &str) -> Option<Vec<String>> {
    if let Some(name) = issuer(lead) {
        return Some(vec![name]);
    }
    let sentence = first_sentence(lead);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(bare(w))).collect();
    subject_with_apposition(&words, &folded)
}

/// The first sentence of `lead`, not cut after an abbreviation inside a name (`Ο Σύλλογος
/// Εκπαιδευτικών Π.Ε. Κάστρου καταγγέλλει …`: the sentence splitter stops after `Π.Ε.`).
fn first_sentence(lead: &str) -> &str {
    let lead = lead.trim();
    // `content::first_sentence` skips sentences with no letter or digit and trims, so its slice
    // may start after the start of what it was given: its end is measured where it sits.
    let end_of = |part: &str| part.as_ptr() as usize - lead.as_ptr() as usize + part.len();
    let mut end = end_of(content::first_sentence(lead));
    while end < lead.len() && ends_with_abbreviation(&lead[..end]) {
        let next = content::first_sentence(&lead[end..]);
        if next.is_empty() {
            break;
        }
        end = end_of(next);
    }
    &lead[..end]
}

/// `… Π.Ε.`, `… e.V.`, `… e.`: the text ends with a word that has a full stop inside it, short,
/// or with a legal form (`… Moortal e. V. fordert …` is one sentence).
fn ends_with_abbreviation(text: &str) -> bool {
    text.split_whitespace().last().is_some_and(|w| {
        super::signatory_words::is_legal_form(w)
            || w.strip_suffix('.')
                .is_some_and(|inner| inner.contains('.') && inner.chars().count() <= 6)
    })
}

/// The Japanese topic particle after the subject, with its comma (`北浜市職員労働組合は、…`).
const JAPANESE_TOPIC: &[&str] = &["は、", "は,"];

/// The most characters of a Japanese subject before its topic particle.
const MAX_JAPANESE_NAME_CHARS: usize = 30;

/// `<org>は、…`: a Japanese sentence opening with a body as its topic (the verb comes at the end
/// of the sentence, so the body must be named at the very start and end in a body word).
fn japanese_topic(sentence: &str) -> Option<String> {
    let (name, _) = JAPANESE_TOPIC
        .iter()
        .find_map(|particle| sentence.split_once(particle))?;
    let name = name.trim();
    ((1..=MAX_JAPANESE_NAME_CHARS).contains(&name.chars().count())
        && !name.contains(char::is_whitespace)
        && name.chars().all(char::is_alphanumeric)
        && names_organisation(name))
    .then(|| name.to_owned())
}

/// `La Mesa Ciudadana por el Agua de Valle Hondo, espacio que …, EXPRESA:` → the name before
/// the apposition (the first comma followed by a word in lower case); `SIPM, UTS i CGTB, com a
/// sindicats …, rebutgem …` → every body of the list. Each must be a proper name (capitalised
/// words, or an acronym) naming a body: `The council, which met …, condemns` names no one.
fn subject_with_apposition(words: &[&str], folded: &[String]) -> Option<Vec<String>> {
    let verb = folded.iter().position(|w| is_folded_stance_verb(w))?;
    let apposition = (0..verb.saturating_sub(1)).find(|&i| {
        words[i].ends_with(',') && words[i + 1].chars().next().is_some_and(char::is_lowercase)
    })?;
    let head = words[..=apposition].join(" ");
    let head = head.trim_end_matches(',');
    let parts = super::closing::split_inline(head);
    (!parts.is_empty()
        && parts.len() <= MAX_LISTED_BODIES
        && parts.iter().all(|n| is_proper_body_name(n.trim())))
    .then(|| parts.iter().map(|n| without_article(n.trim())).collect())
}

/// The most bodies a subject list may name.
const MAX_LISTED_BODIES: usize = 8;

/// A body's proper name: at most [`MAX_NAME_WORDS`] words, each capitalised or a small word
/// in lower case, the first capitalised, naming a body (`Mesa Ciudadana por el Agua`, `CGTB`).
fn is_proper_body_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=MAX_NAME_WORDS).contains(&words.len())
        && opens_with_capital(name)
        && words
            .iter()
            .all(|w| opens_with_capital(w) || w.chars().count() <= 3)
        && !name.contains([':', ';', '"', '“'])
        && names_a_body(name)
}

/// The most words of an issuer before a title's colon.
const MAX_TITLE_ISSUER_WORDS: usize = 8;

/// `Betriebsrat: Keine Schließung …`, `איגוד העובדים הסוציאליים בצפון: די לעומס`: a title that
/// gives the body speaking, then a colon, then its message (the way the press quotes a
/// statement). The part before the colon must name a body.
pub(crate) fn issuer_before_colon(title: &str) -> Option<String> {
    let (head, message) = title.split_once([':', '：'])?;
    let head = head.trim();
    // Joint issuers (`A – B: …`) are counted one by one.
    let words = [" – ", " — ", " - "]
        .iter()
        .fold(vec![head], |parts, dash| {
            parts.iter().flat_map(|p| p.split(dash)).collect()
        })
        .iter()
        .map(|p| p.split_whitespace().count())
        .max()
        .unwrap_or(0);
    ((1..=MAX_TITLE_ISSUER_WORDS).contains(&words)
        && !message.trim().is_empty()
        && opens_with_capital(head)
        && names_a_body(head))
    .then(|| without_article(head))
}

/// `The X (strongly) condemns …` → `The X`.
fn subject_before_verb(words: &[&str], folded: &[String]) -> Option<String> {
    // Arabic titles put the subject first too (`نقابة المهندسين تطالب بوقف …`).
    let verb = folded.iter().position(|w| is_folded_stance_verb(w))?;
    let mut end = verb;
    while end > 0 && FOLDED_ADVERBS.contains(&folded[end - 1]) {
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
/// may close it (`Sindicato dos … (SINDÁGUA)`), and a name in quotation marks may follow the
/// body word (`Die Bürgerinitiative „Rettet die Linie 47“ e.V.`).
fn plain_name(words: &[&str]) -> Option<String> {
    let name = words.join(" ");
    let quoted = quoted_after_first_word(&name);
    ((1..=MAX_NAME_WORDS).contains(&words.len())
        && !name.contains([',', '،', ':', ';'])
        && (quoted || !name.contains(['"', '“'])))
    .then_some(name)
}

/// `Bürgerinitiative „Rettet die Linie 47“ e.V.`: one pair of quotation marks, opening after the
/// first word.
fn quoted_after_first_word(name: &str) -> bool {
    [('„', '“'), ('«', '»'), ('“', '”'), ('"', '"')]
        .iter()
        .any(|&(open, close)| {
            let Some(at) = name.find(open) else {
                return false;
            };
            let rest = &name[at + open.len_utf8()..];
            let paired = if open == close {
                name.matches(open).count() == 2
            } else {
                name.matches(open).count() == 1 && rest.matches(close).count() == 1
            };
            at > 0 && paired
        })
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
pub(crate) fn names_a_body(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| is_body_word(w)) else {
        return false;
    };
    at <= 2 || words[..at].iter().all(|w| opens_with_capital(w))
}

pub(crate) fn is_body_word(word: &str) -> bool {
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
mod persian_tests {
    use super::persian_subject;

    #[test]
    fn a_persian_subject_before_a_verb_at_the_end() {
        assert_eq!(
            persian_subject(
                "کانون معلمان شهر نو تعطیلی مدارس روستایی را محکوم می‌کند. متن دوم.",
                Some("واکنش کانون معلمان شهر نو به تعطیلی مدارس")
            )
            .as_deref(),
            Some("کانون معلمان شهر نو")
        );
        assert_eq!(
            persian_subject(
                "سندیکای کارگران نساجی شهر نو با انتشار بیانیه‌ای خواستار پرداخت حقوق شد.",
                Some("کارگران نساجی: حقوق ما را بدهید")
            )
            .as_deref(),
            Some("سندیکای کارگران نساجی شهر نو")
        );
        // No verb of taking a stand, or no body word first: no issuer.
        assert_eq!(
            persian_subject("کانون معلمان شهر نو در سال ۱۳۸۰ تأسیس شد.", None),
            None
        );
        assert_eq!(
            persian_subject(
                "کارگران نساجی با انتشار بیانیه‌ای خواستار پرداخت حقوق شدند.",
                None
            ),
            None
        );
    }
}

#[cfg(test)]
mod legal_form_tests {
    use super::issuer;

    #[test]
    fn a_legal_form_and_a_quoted_name_are_part_of_the_subject() {
        for (lead, want) in [
            (
                "Der Fahrgastverband Unteres Moortal e. V. fordert den Landkreis auf, die Linie zu erhalten.",
                "Fahrgastverband Unteres Moortal e. V.",
            ),
            (
                "Der Fahrgastverband Unteres Moortal e.V. fordert den Landkreis auf, die Linie zu erhalten.",
                "Fahrgastverband Unteres Moortal e.V.",
            ),
            (
                "Die Bürgerinitiative „Rettet die Linie 47“ e.V. fordert den Landkreis auf, die Linie zu erhalten.",
                "Bürgerinitiative „Rettet die Linie 47“ e.V.",
            ),
        ] {
            assert_eq!(issuer(lead).as_deref(), Some(want), "{lead}");
        }
        assert_eq!(
            issuer("Kleinmoor (ots) – Der Fahrgastverband Unteres Moortal e.V. fordert den Landkreis auf.").as_deref(),
            Some("Fahrgastverband Unteres Moortal e.V.")
        );
        // A quotation that opens the sentence is no name.
        assert_eq!(issuer("„Wir fordern“ sagt der Verband."), None);
    }
}

#[cfg(test)]
mod persian_object_tests {
    use super::persian_subject;

    #[test]
    fn a_persian_name_ends_before_its_object_or_a_noun_of_taking_a_stand() {
        for (lead, want) in [
            (
                "سندیکای کارگران نساجی استان البرز اخراج دسته‌جمعی کارگران را به شدت محکوم کرده و خواستار بازگشت آنان به کار است.",
                "سندیکای کارگران نساجی استان البرز",
            ),
            (
                "اتحادیه آزاد کارگران البرز خواستار بازگشت فوری کارگران اخراجی به کار است.",
                "اتحادیه آزاد کارگران البرز",
            ),
            (
                "شورای هماهنگی تشکل‌های صنفی فرهنگیان نسبت به اخراج کارگران هشدار می‌دهد.",
                "شورای هماهنگی تشکل‌های صنفی فرهنگیان",
            ),
        ] {
            assert_eq!(persian_subject(lead, None).as_deref(), Some(want), "{lead}");
        }
    }
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
            // `has` before a participle; `appeals to`; a consortium
            (
                "The Accessible Transport Alliance has condemned the council's decision.",
                "Accessible Transport Alliance",
            ),
            (
                "Родительский комитет гимназии № 3 обращается к главе городского округа.",
                "Родительский комитет гимназии № 3",
            ),
            (
                "Il Consorzio di tutela dei vini Colli Savorgnani chiede alla Regione lo stato di calamità.",
                "Consorzio di tutela dei vini Colli Savorgnani",
            ),
            // A Turkish verb with a dotless ı closes the sentence (compared folded).
            (
                "Kentsel Tasarımcılar Derneği, meclisin imar planı değişikliğini kınıyor.",
                "Kentsel Tasarımcılar Derneği",
            ),
        ];
        for (lead, want) in cases {
            assert_eq!(issuer(lead).as_deref(), Some(want), "{lead}");
        }
    }

    #[test]
    fn a_subject_with_an_apposition_and_a_list_of_bodies() {
        use super::issuers;
        assert_eq!(
            issuers("La Red Vecinal del Río Claro, espacio que reúne a doce barrios desde 2019, EXPRESA: su rechazo al corte.").unwrap(),
            ["Red Vecinal del Río Claro"]
        );
        assert_eq!(
            issuers(
                "STM, SAB i CGTX, com a sindicats de la Mesa de Negociació, rebutgem la proposta."
            )
            .unwrap(),
            ["STM", "SAB", "CGTX"]
        );
        assert_eq!(
            issuers("The council, which met on Monday, condemns the decision."),
            None
        );
        assert_eq!(issuers("Els veïns, com a afectats, rebutgem el pla."), None);
    }

    #[test]
    fn a_dateline_a_turkish_comma_and_a_chinese_subject() {
        assert_eq!(
            issuer("PORTO BELO, 3 luglio 2023 – Mare Vivo Onlus denuncia gli scarichi.").as_deref(),
            Some("Mare Vivo Onlus")
        );
        assert_eq!(
            issuer("VILLA SOL, 5 de junio de 2024.– La Federación de Estibadores del Norte denuncia el cierre.").as_deref(),
            Some("Federación de Estibadores del Norte")
        );
        assert_eq!(
            issuer("Liman Emekçileri Sendikası Derince Şubesi, işçilerin ücretlerinin ödenmemesini protesto ediyor.").as_deref(),
            Some("Liman Emekçileri Sendikası Derince Şubesi")
        );
        assert_eq!(
            issuer("城西出租车司机协会对公司取消补贴的做法表示强烈反对。").as_deref(),
            Some("城西出租车司机协会")
        );
        assert_eq!(issuer("市政府宣布关闭公园。"), None);
        assert_eq!(
            issuer("城西出租车司机协会主席王明今日发表声明，表示反对。"),
            None
        );
    }

    #[test]
    fn a_name_with_an_abbreviation_and_a_japanese_topic() {
        assert_eq!(
            issuer("Ο Σύλλογος Εκπαιδευτικών Π.Ε. Ορεινής καταγγέλλει την απόφαση.").as_deref(),
            Some("Σύλλογος Εκπαιδευτικών Π.Ε. Ορεινής")
        );
        assert_eq!(
            issuer("南町清掃労働組合は、市の委託契約の打ち切りに抗議しました。").as_deref(),
            Some("南町清掃労働組合")
        );
        assert_eq!(issuer("市長は、会見で説明しました。"), None);
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

    #[test]
    fn a_lead_opening_with_punctuation_alone_is_cut_on_a_char_boundary() {
        // The splitter skips `.!` (no letter): the sentence after it ends inside no character.
        assert_eq!(super::first_sentence(".!hreÓ?nиze? more"), ".!hreÓ?");
        assert!(issuer(".!hreÓ?nиze?:!b\"\"ùbÖ?g;-:;j").is_none());
    }
}
