//! Words the signature rules look for, by language: what names an organisation (so a phrase
//! signs rather than names a place), the particles inside place names, and the lines that open
//! a list of signatories. Data, not patterns: compared whole, after [`fold`].

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::month_names::{fold, fold_at_most};
use super::statement::words_up_to;

/// Words that name an organisation or a body, by language (compared after [`fold`]): a phrase
/// with one of them signs, it is not a place.
#[rustfmt::skip]
pub(crate) const SIGNATORY_WORDS: &[&str] = &[
    // en
    "committee", "secretariat", "bureau", "executive", "council", "party", "union", "federation",
    "tendency", "group", "league", "collective", "movement", "front", "association", "organisation",
    "organization", "assembly", "board", "presidium", "leadership", "editors", "editorial", "members",
    "workers", "comrades", "section", "branch", "international",
    // pt
    "comitê", "comité", "secretariado", "secretaria", "executiva", "executivo", "conselho", "partido",
    "união", "sindicato", "federação", "tendência", "grupo", "liga", "coletivo", "movimento", "frente",
    "associação", "organização", "assembleia", "direção", "redação", "comissão", "núcleo", "secção",
    "seção", "internacional",
    // es
    "secretaría", "ejecutivo", "ejecutiva", "consejo", "unión", "federación", "tendencia", "colectivo",
    "movimiento", "asociación", "organización", "asamblea", "dirección", "redacción", "comisión",
    "sección", "corriente",
    // fr
    "secrétariat", "exécutif", "exécutive", "conseil", "parti", "syndicat", "fédération", "tendance",
    "groupe", "ligue", "collectif", "mouvement", "organisation", "assemblée", "direction", "rédaction",
    "commission",
    // de
    "komitee", "sekretariat", "vorstand", "rat", "partei", "gewerkschaft", "föderation", "strömung",
    "gruppe", "kollektiv", "bewegung", "verband", "verein", "organisation", "versammlung", "leitung",
    "redaktion", "kommission", "zentralkomitee", "bundesvorstand",
    // it
    "comitato", "segreteria", "esecutivo", "consiglio", "partito", "sindacato", "federazione", "tendenza",
    "gruppo", "lega", "collettivo", "movimento", "associazione", "organizzazione", "assemblea",
    "direzione", "redazione", "commissione", "sezione",
    // ru, uk
    "комитет", "секретариат", "бюро", "исполком", "совет", "партия", "союз", "профсоюз", "федерация",
    "тенденция", "группа", "лига", "коллектив", "движение", "фронт", "ассоциация", "организация",
    "собрание", "президиум", "руководство", "редакция", "комиссия", "секция", "комітет", "рада",
    "партія", "спілка", "рух", "організація", "профспілка", "об'єднання", "мережа", "сеть",
    // ar
    "اللجنة", "لجنة", "الأمانة", "أمانة", "المكتب", "مكتب", "الحزب", "حزب", "الاتحاد", "اتحاد",
    "النقابة", "نقابة", "الهيئة", "هيئة", "المجلس", "مجلس", "الحركة", "حركة", "الجبهة", "جبهة",
    "التيار", "تيار", "المنظمة", "منظمة", "الرابطة", "رابطة", "التجمع", "تجمع", "قيادة", "القيادة",
    // he
    "ועד", "הוועד", "מזכירות", "המזכירות", "מפלגת", "המפלגה", "איגוד", "התאגדות", "ועדת", "תנועת",
    "התנועה", "הנהלת", "ההנהלה", "ארגון", "חזית", "קבוצת", "הסתדרות", "ההסתדרות", "הסתדרת",
    // el
    "κέντρο", "σύλλογος", "σωματείο", "ένωση", "γραφείο", "επιτροπή", "κόμμα", "συμβούλιο",
    "ομοσπονδία", "συνδικάτο", "κίνημα",
    // tr
    "sendikası", "sendika", "derneği", "dernek", "platformu", "partisi", "konfederasyonu",
    "federasyonu", "meclisi", "komitesi", "birliği",
    // pl
    "związek", "zarząd", "komitet", "stowarzyszenie", "partia", "rada", "federacja", "fundacja",
    "komisja", "związku",
    // nl, sv
    "bond", "vereniging", "stichting", "bestuur", "vakbond", "partij", "förening", "föreningen",
    "styrelsen", "förbundet", "facket", "partiet",
    // ca
    "sindicat", "associació", "federació", "coordinadora", "secretariat", "comitè", "assemblea",
    // fa
    "شورای", "کانون", "اتحادیه", "سندیکای", "انجمن", "کمیته", "حزب",
    // academies, in every language
    "academia", "academy", "académie", "akademie", "accademia", "академия", "академія",
    "ακαδημία", "akademi", "akademia", "academie", "أكاديمية", "الأكاديمية", "آکادمی", "אקדמיה",
    // de, es, it extra
    "pressestelle", "bürgerinitiative", "initiative", "netzwerk", "red", "coordinamento", "rete",
    "comitato", "plataforma", "fraktion", "consorzio", "consorcio", "consórcio", "consortium",
    "club", "clube", "klub", "kulübü",
    // bodies that sign in every language (round 2 of the evaluation corpus)
    "office", "coalition", "alliance", "network", "mesa", "colegio", "junta", "diretoria",
    "coordenação", "coordinación", "circolo", "unione", "diretório", "directorio", "arbeitskreis", "bündnis", "ausschuss",
    "präsidium", "γραμματεία", "κίνηση", "οργάνωση", "ομάδα", "συνέλευση", "kurulu", "общество",
    "объединение", "правление", "инициативная", "جمعية", "الجمعية", "مركز", "المركز", "جمعیت",
    "سازمان",
    // conferences of bishops, institutes, non-profits, groups (uk)
    // (not `conference` alone: a press conference is no body)
    "bishops", "episcopal", "episcopale", "épiscopale", "bischofskonferenz", "institute", "institut", "instituto", "istituto", "onlus",
    "група", "групи",
    // id
    "serikat", "aliansi", "koalisi", "federasi", "persatuan", "lembaga", "komite", "perkumpulan",
    "ikatan", "himpunan", "gerakan", "forum",
];

/// Small words inside place names (`Rio de Janeiro`, `Frankfurt am Main`).
#[rustfmt::skip]
pub(crate) const PLACE_PARTICLES: &[&str] = &[
    "de", "da", "do", "das", "dos", "del", "la", "le", "les", "el", "di", "am", "an", "der", "im",
    "sur", "upon", "on", "en", "y", "e", "al",
];

/// Lines that open a list of signatories, by language (compared after [`fold`], without the
/// colon).
#[rustfmt::skip]
pub(crate) const LIST_HEADERS: &[&str] = &[
    // en
    "signed by", "signed", "signatories", "signatures", "signers", "endorsed by", "co-signed by",
    "cosigned by",
    // pt
    "assinam", "assinado por", "assinada por", "assinaturas", "signatários", "subscrevem", "subscrito por",
    "subscrita por",
    // es
    "firman", "firmado por", "firmada por", "firmantes", "firmas", "suscriben",
    // fr
    "signataires", "signé par", "signée par", "ont signé", "premiers signataires",
    // de
    "unterzeichnet von", "unterzeichner", "unterzeichnende", "unterzeichner*innen", "unterschriften",
    "es unterzeichnen", "erstunterzeichner",
    // it
    "firmatari", "firmato da", "firmata da", "hanno firmato", "firme", "sottoscrivono",
    // ru, uk
    "подписали", "подписи", "подписавшие", "подписанты", "підписали", "підписанти",
    "подписались", "под письмом подписались", "підписалися", "під листом підписалися",
    "під листом підписали",
    // ar
    "الموقعون", "الموقعين", "الموقعون على البيان", "التوقيعات", "التوقيع",
    // he
    "החותמים", "חתומים", "החתומים", "על החתום",
    // pl, nl, sv, ca, tr, el, fa, zh
    "podpisali", "sygnatariusze", "ondertekend door", "ondertekenaars", "undertecknare",
    "undertecknat av", "signants", "signat per", "imzacılar", "imzalayanlar", "υπογράφουν",
    "υπογραφές", "امضاکنندگان", "امضاها", "签名", "联署", "联署单位", "联署人",
    "signatory organisations", "signatory organizations", "organisations signataires",
    "organizaciones firmantes", "organizações signatárias", "unterzeichnende organisationen",
    "organizzazioni firmatarie",
    // first signatories, signing organisations, lists of organisations
    "first signatories", "initial signatories", "signing organisations", "signing organizations",
    "primeiros signatários", "primeros firmantes", "primi firmatari", "primi firmatari e firmatarie",
    "erstunterzeichnende", "первые подписанты", "перші підписанти", "imzacı kurumlar",
    "imzacı örgütler", "ilk imzacılar", "联署机构", "联署组织", "首批联署", "سازمان‌های امضاکننده",
    "تشکل‌های امضاکننده", "רשימת הארגונים", "הארגונים החותמים", "المنظمات الموقعة",
    "الهيئات الموقعة", "οι πρώτοι υπογράφοντες", "υπογράφοντες φορείς", "pierwsi sygnatariusze",
    "eerste ondertekenaars", "första undertecknare", "primers signants",
    // initiators of a joint appeal
    "initiators", "initiated by", "iniciadores", "iniciadoras", "promotores", "initiateurs",
    "initiatrices", "initiatoren", "initiator*innen", "promotori", "инициаторы", "ініціатори",
    "inicjatorzy", "initiatiefnemers", "initiativtagare", "المبادرون", "יוזמים", "發起人", "发起人",
];

fn folded(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| fold(w)).collect()
}

// The lists above, folded once.
/// Hashed: every word of a phrase is looked up (in hundreds of words, compared one by one).
static ORGANISATION: LazyLock<FxHashSet<String>> =
    LazyLock::new(|| folded(SIGNATORY_WORDS).into_iter().collect());
static PARTICLES: LazyLock<Vec<String>> = LazyLock::new(|| folded(PLACE_PARTICLES));
static HEADERS: LazyLock<Vec<String>> = LazyLock::new(|| folded(LIST_HEADERS));
static FIRST: LazyLock<Vec<String>> = LazyLock::new(|| folded(FIRST_WORDS));
static THIS: LazyLock<Vec<String>> = LazyLock::new(|| folded(THIS_WORDS));
/// The longest folded list header, in bytes: a label folded beyond it is none of them.
static LONGEST_HEADER: LazyLock<usize> =
    LazyLock::new(|| HEADERS.iter().map(String::len).max().unwrap_or(0));

/// Whether `label`, folded, is a list header: folded no further than the longest of them (a
/// label is what precedes a colon, and may be a whole sentence).
fn is_header(label: &str) -> bool {
    fold_at_most(label, *LONGEST_HEADER).is_some_and(|folded| HEADERS.contains(&folded))
}

/// A press office named alone, with no owner (compared whole after [`fold`]): it does not say
/// who issued the statement, so it gives no author (`Press office of X` does).
#[rustfmt::skip]
pub(crate) const BARE_PRESS_OFFICES: &[&str] = &[
    "press office", "the press office", "press service", "media office", "press team",
    "assessoria de imprensa", "gabinete de imprensa", "oficina de prensa", "gabinete de prensa",
    "departamento de prensa", "service de presse", "bureau de presse", "pressestelle",
    "pressebüro", "ufficio stampa", "пресс-служба", "пресс-центр", "прес-служба", "прес-центр",
    "المكتب الإعلامي", "المكتب الصحفي", "basın bürosu", "basın ofisi", "γραφείο τύπου",
    "το γραφείο τύπου", "דוברות", "新闻办公室", "新闻处", "روابط عمومی", "دفتر مطبوعاتی",
    "biuro prasowe", "persbureau", "persdienst", "oficina de premsa", "pressavdelningen",
    "presstjänst",
    // communication offices, by the other name they go by
    "communications office", "communications team", "communications department",
    "media relations", "gabinete de comunicación", "departamento de comunicación",
    "oficina de comunicación", "dirección de comunicación", "gabinete de comunicação",
    "assessoria de comunicação", "service communication", "service de la communication",
    "direction de la communication", "ufficio comunicazione", "servizio comunicazione",
    "abteilung kommunikation", "referat presse", "presse- und öffentlichkeitsarbeit",
    "служба комунікацій", "отдел по связям с общественностью",
];

static BARE_PRESS: LazyLock<Vec<String>> =
    LazyLock::new(|| BARE_PRESS_OFFICES.iter().map(|w| fold(w)).collect());

/// True when `name` is a press office alone (`Press Office`, `Γραφείο Τύπου`, `Пресс-служба`).
pub(crate) fn is_bare_press_office(name: &str) -> bool {
    let name = name.trim().trim_end_matches(['.', ',', ':', '،', '。']);
    BARE_PRESS.contains(&fold(name))
}

/// Words that name a role in a body (compared after [`fold`]): a short line opening with one
/// (after an article) is a role line under or above a name, not a signatory.
#[rustfmt::skip]
pub(crate) const ROLE_WORDS: &[&str] = &[
    // en
    "president", "vice-president", "secretary", "secretary-general", "coordinator",
    "spokesperson", "spokesman", "spokeswoman", "chair", "chairman", "chairwoman", "chairperson",
    "treasurer", "director", "member",
    // en, academic and staff (`Senior Lecturer in …`, `Research Fellow`, `Head of Campaigns`)
    "lecturer", "fellow", "researcher", "professor", "reader", "dean", "head", "officer",
    "manager", "organiser", "organizer", "convenor", "convener", "founder", "trustee",
    // pt, es, ca
    "presidente", "presidenta", "secretário", "secretária", "secretario", "secretaria-geral",
    "coordenador", "coordenadora", "coordinador", "coordinadora", "porta-voz", "portavoz",
    "tesoureiro", "tesoureira", "tesorero", "tesorera", "diretor", "diretora", "director",
    "directora", "membro", "miembro", "vogal", "vocal", "secretari", "tresorer", "portaveu",
    // fr
    "président", "présidente", "secrétaire", "coordinateur", "coordinatrice", "porte-parole",
    "trésorier", "trésorière", "directeur", "directrice", "membre",
    // de
    "vorsitzender", "vorsitzende", "präsident", "präsidentin", "sekretär", "sekretärin",
    "sprecher", "sprecherin", "kassierer", "kassiererin", "schatzmeister", "schatzmeisterin",
    "geschäftsführer", "geschäftsführerin", "vorstandsmitglied", "koordinator", "koordinatorin",
    "vorsitzenden", "bundesvorsitzende", "bundesvorsitzender", "bundesvorsitzenden",
    "landesvorsitzende", "landesvorsitzender", "landesvorsitzenden",
    // it
    "presidentessa", "segretario", "segretaria", "coordinatore", "coordinatrice", "portavoce",
    "tesoriere", "tesoriera", "direttore", "direttrice", "membro",
    // ru, uk
    "председатель", "президент", "секретарь", "координатор", "пресс-секретарь", "казначей",
    "директор", "член", "голова", "секретар", "речник", "скарбник",
    // el
    "πρόεδρος", "γραμματέας", "αντιπρόεδρος", "ταμίας", "συντονιστής", "συντονίστρια",
    "εκπρόσωπος", "διευθυντής", "μέλος",
    // tr
    "başkan", "başkanı", "sekreter", "sözcü", "sözcüsü", "sayman", "koordinatör", "üye", "müdür",
    // ar, fa, he
    "الرئيس", "رئيس", "رئيسة", "الأمين", "أمين", "المنسق", "منسق", "الناطق", "المتحدث", "عضو",
    "رئیس", "دبیر", "دبیرکل", "سخنگو", "خزانه‌دار", "عضو", "יו\"ר", "מזכיר", "מזכירה", "דובר", "דוברת",
    "רכז", "רכזת", "מנהל", "מנהלת",
    "גזבר", "חבר",
    // pl, nl, sv
    "przewodniczący", "przewodnicząca", "prezes", "sekretarz", "rzecznik", "skarbnik",
    "voorzitter", "secretaris", "penningmeester", "woordvoerder", "ordförande", "sekreterare",
    "kassör", "talesperson",
    // id
    "ketua", "sekretaris", "bendahara", "juru",
    // clergy, under a name (`Obispo de San Telmo`, `Bishop of Eastbridge`)
    "bishop", "archbishop", "obispo", "arzobispo", "bispo", "arcebispo", "évêque", "archevêque",
    "bischof", "erzbischof", "vescovo", "arcivescovo", "епископ", "архиепископ", "митрополит",
    "επίσκοπος", "αρχιεπίσκοπος", "μητροπολίτης", "párroco", "pároco", "parroco",
    "curé", "vicar", "rector",
];

/// Openings of an on-behalf line above the names (`For the Board`, `Για το Δ.Σ.`, `Pela
/// Direção`), compared after [`fold`]; a space follows them.
#[rustfmt::skip]
const ON_BEHALF: &[&str] = &[
    "for the", "on behalf of", "pela", "pelo", "por la", "por el", "en nombre de", "pour le",
    "pour la", "pour l'", "au nom du", "au nom de", "für den", "für die", "für das", "im namen",
    "per il", "per la", "a nome del", "a nome della", "για το", "για την", "εκ μέρους",
    "от имени", "від імені", "namens", "voor het", "voor de", "för", "w imieniu", "adına",
    "عن", "بالنيابة عن", "از طرف", "מטעם", "代表",
];

/// True when `line` is an on-behalf line above the names (`For the Board`, `Για το Δ.Σ.`).
pub(crate) fn is_on_behalf_line(line: &str) -> bool {
    let folded = fold(line.trim());
    words_up_to(&folded, 6 + 1) <= 6
        && !folded.ends_with(['!', '?'])
        && ON_BEHALF.iter().any(|p| {
            folded
                .strip_prefix(&fold(p))
                .is_some_and(|rest| rest.starts_with(' '))
        })
}

/// The body an on-behalf line names (`عن التنسيقية الوطنية` → `التنسيقية الوطنية`, `For the
/// Board` → `Board`), when `line` is one.
pub(crate) fn on_behalf_of(line: &str) -> Option<String> {
    if !is_on_behalf_line(line) {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let folded = fold(line.trim());
    let prefix = ON_BEHALF
        .iter()
        .filter(|p| {
            folded
                .strip_prefix(&fold(p))
                .is_some_and(|rest| rest.starts_with(' '))
        })
        .map(|p| p.split_whitespace().count())
        .max()?;
    let rest = words.get(prefix..).filter(|r| !r.is_empty())?.join(" ");
    Some(rest)
}

/// Articles a role line may open with (`The President`, `Ο Πρόεδρος`, `La Secrétaire`).
const ROLE_ARTICLES: &[&str] = &[
    "the", "o", "a", "el", "la", "le", "l'", "der", "die", "il", "lo", "ο", "η", "de", "het",
];

/// Words before a role word that are part of the role (`Genel Sekreter`, `Vice President`).
#[rustfmt::skip]
const ROLE_MODIFIERS: &[&str] = &[
    "genel", "general", "vice", "deputy", "stellvertretende", "γενικοσ", "γενικη", "αναπληρωτησ",
    "αναπληρωτρια", "umum", "senior", "research", "associate", "assistant", "principal",
    "emeritus",
];

/// Ends of Japanese and Chinese role titles written before a name (`執行委員長 山田 花子`).
const CJK_ROLE_ENDS: &[&str] = &[
    "委員長",
    "委员长",
    "会長",
    "会长",
    "議長",
    "议长",
    "書記長",
    "书记",
    "代表",
    "理事長",
    "主席",
];

/// The most words of a person's name after a role (`Голова профспілки Ірина Коваль`).
const MAX_NAME_AFTER_ROLE_WORDS: usize = 3;

/// `Голова профспілки Ірина Коваль` → `Ірина Коваль`, `執行委員長 山田 花子` → `山田 花子`: the
/// person a signature line names after their role (a role word first, the name last in
/// capitals, or after a Japanese or Chinese role title). `None` when the line does not open
/// with a role.
pub(crate) fn name_after_role(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = words.first()?;
    let folded = fold(first.trim_matches(|c: char| !c.is_alphabetic()));
    if CJK_ROLE_ENDS.iter().any(|e| first.ends_with(e)) {
        let name = &words[1..];
        return (1..=MAX_NAME_AFTER_ROLE_WORDS)
            .contains(&name.len())
            .then(|| name.join(" "));
    }
    if !ROLES.contains(&folded) || words.len() < 3 {
        return None;
    }
    let is_name_word = |w: &&str| {
        let f = fold(w);
        w.chars().next().is_some_and(char::is_uppercase)
            && !ROLES.contains(&f)
            && !ROLE_MODIFIERS.contains(&f.as_str())
    };
    let tail = words.iter().rev().take_while(|w| is_name_word(w)).count();
    let named = (2..=MAX_NAME_AFTER_ROLE_WORDS).contains(&tail) && tail < words.len();
    (named && !names_organisation(&words[words.len() - tail..].join(" ")))
        .then(|| words[words.len() - tail..].join(" "))
}

static ROLES: LazyLock<Vec<String>> =
    LazyLock::new(|| ROLE_WORDS.iter().map(|w| fold(w)).collect());

/// True when `line` is a role line (`Secretary-General`, `Tesoureiro`, `The President`, `Ο
/// Πρόεδρος`): at most five words, the first (after an article) a role word.
pub(crate) fn is_role_line(line: &str) -> bool {
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| fold(w.trim_matches(|c: char| !c.is_alphabetic() && c != '-')))
        .filter(|w| !w.is_empty())
        .collect();
    // `The President`, `Genel Sekreter`: the role word after an article or a modifier.
    let first = words
        .iter()
        .find(|w| !ROLE_ARTICLES.contains(&w.as_str()) && !ROLE_MODIFIERS.contains(&w.as_str()));
    let Some(first) = first else {
        return false;
    };
    let head = first.split('-').next().unwrap_or(first);
    let is_role = ROLES.contains(first) || ROLES.contains(&head.to_owned());
    (is_role
        && ((words.len() <= 5 && !names_organisation(line))
            || (words.len() <= MAX_ROLE_OF_BODY_WORDS && role_of_a_body(line))))
        || closes_with_a_role(&words)
}

/// Turkish role words that close a role line, after the body they belong to (`Yeraltı
/// Emekçileri Sendikası Genel Başkanı`, `… Dönem Sözcüsü`): Turkish puts the role last.
#[rustfmt::skip]
const TURKISH_ROLE_ENDS: &[&str] = &[
    "başkanı", "başkan", "başkanvekili", "sözcüsü", "sekreteri", "saymanı", "üyesi",
    "temsilcisi", "koordinatörü", "müdürü",
];

/// A Turkish role line that names its body first: at most [`MAX_ROLE_OF_BODY_WORDS`] words, the
/// last a role word (`Eğitim Sendikası Genel Başkanı`, `Yürütme Kurulu Üyesi`).
fn closes_with_a_role(words: &[String]) -> bool {
    static ENDS: LazyLock<Vec<String>> =
        LazyLock::new(|| TURKISH_ROLE_ENDS.iter().map(|w| fold(w)).collect());
    (2..=MAX_ROLE_OF_BODY_WORDS).contains(&words.len())
        && words.last().is_some_and(|w| ENDS.contains(w))
}

/// Whether the first word of `line` (after an article or a modifier) is a role word.
pub(crate) fn opens_with_role_word(line: &str) -> bool {
    line.split_whitespace()
        .map(|w| fold(w.trim_matches(|c: char| !c.is_alphabetic() && c != '-')))
        .find(|w| {
            !w.is_empty()
                && !ROLE_ARTICLES.contains(&w.as_str())
                && !ROLE_MODIFIERS.contains(&w.as_str())
        })
        .is_some_and(|w| ROLES.contains(&w))
}

/// Rule `title-issuer`, a person: the name in `Amara Okafor, General Secretary of X` or
/// `General Secretary Amara Okafor` (a title's `Statement by General Secretary Amara Okafor on
/// …`, `Déclaration de Claire Vasseur, secrétaire générale de …`): people are given by name only.
/// `None` unless what is left reads as a person's name: two to four capitalised words that do
/// not name an organisation.
pub(crate) fn person_beside_role(text: &str) -> Option<String> {
    let text = text.trim();
    let name = match text.split_once([',', '،']) {
        Some((head, tail)) if opens_with_role_word(tail) => head.trim().to_owned(),
        // `Vorsitzenden des Mieterbundes Nordmark, Klaus Berger`: the role and its body, then
        // the name in apposition.
        Some((head, tail)) if opens_with_role_word(head) && !tail.contains([',', '،']) => {
            tail.trim().to_owned()
        }
        _ => {
            let words: Vec<&str> = text.split_whitespace().collect();
            let skipped = words
                .iter()
                .take_while(|w| {
                    let w = fold(w.trim_matches(|c: char| !c.is_alphabetic() && c != '-'));
                    ROLES.contains(&w)
                        || ROLE_MODIFIERS.contains(&w.as_str())
                        || ROLE_ARTICLES.contains(&w.as_str())
                })
                .count();
            let opens_with_role = words[..skipped]
                .iter()
                .any(|w| ROLES.contains(&fold(w.trim_matches(|c: char| !c.is_alphabetic()))));
            if !opens_with_role {
                return None;
            }
            words[skipped..].join(" ")
        }
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    ((2..=4).contains(&words.len()) && capitalised && !names_organisation(&name)).then_some(name)
}

/// The most words of a role line that names its body (`Coordenadora Nacional da Frente
/// Sindical Unitária`).
const MAX_ROLE_OF_BODY_WORDS: usize = 12;

/// Words that tie a role to its body (`Secretary of`, `Presidente da`, `Πρόεδρος της`).
#[rustfmt::skip]
const ROLE_TIES: &[&str] = &[
    "of", "at", "de", "da", "do", "del", "della", "dello", "dei", "des", "du", "der", "des", "di",
    "von", "του", "της", "των", "van", "för", "en",
];

/// `General Secretary, Eastport Trades Council`, `Coordenadora Nacional da Frente …`,
/// `председатель Независимого профсоюза …`, `רכזת המטה למען …`, `رئيس الاتحاد العام …`: the
/// role comes first, then its body, set apart by a comma or tied by "of" within the first three
/// words (or, in Cyrillic, by the genitive; in Hebrew, Arabic and Persian, by the construct
/// state or the unwritten ezafe).
fn role_of_a_body(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let cyrillic = line.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let hebrew = line.chars().any(|c| ('\u{0590}'..='\u{05FF}').contains(&c));
    let arabic_script = line.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    cyrillic
        || hebrew
        || arabic_script
        || words.iter().take(3).any(|w| w.ends_with(','))
        || words
            .iter()
            .skip(1)
            .take(3)
            .any(|w| ROLE_TIES.contains(&fold(w).as_str()))
}

fn contains(list: &[String], word: &str) -> bool {
    let folded = fold(word);
    list.contains(&folded)
}

/// The ends of compound words that name a body in languages that write compounds as one word
/// (`Landesbauernverband`, `Eisenbahnergewerkschaft`, `Kreiselternrat`, `Huurdersvereniging`),
/// compared after [`fold`].
#[rustfmt::skip]
pub(crate) const ORGANISATION_ENDINGS: &[&str] = &[
    "verband", "gewerkschaft", "vorstand", "verein", "bundnis", "bund", "initiative", "elternrat",
    "betriebsrat", "personalrat", "beirat", "ausschuss", "komitee", "netzwerk", "vereniging",
    "fraktion",
    "vakbond", "forbundet", "foreningen", "klubben", "forbund", "bond", "bischofskonferenz",
    // zh, ja, ko: written without spaces, the body word closes the name (`老城居民权益促进会`,
    // `城市记忆保护小组`, `北浜市職員労働組合`, `보건의료노조`).
    "协会", "協會", "委员会", "委員会", "委員會", "工会", "工會", "互助会", "互助會", "促进会",
    "促進會", "联谊会", "聯誼會", "议事会", "議事會", "联合会", "聯合會", "小组", "小組", "服务队",
    "服務隊", "志愿队", "联盟", "聯盟", "组合", "組合", "連合", "協議会", "노조", "노동조합",
    "연맹", "연대", "위원회", "협회", "본부", "研究所", "研究院", "研究会", "研究會",
];

/// True when a word of `phrase` names an organisation or a body, whole or as the end of a
/// compound.
pub(crate) fn names_organisation(phrase: &str) -> bool {
    phrase.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        // No body word is longer: a run of letters pasted without spaces is not folded.
        w.len() <= MAX_BODY_WORD_BYTES && {
            // Folded once for both tests.
            let folded = fold(w);
            ORGANISATION.contains(&folded) || is_compound_body(w, &folded)
        }
    })
}

/// The longest word (in bytes) that may name a body, compounds included.
const MAX_BODY_WORD_BYTES: usize = 160;

/// `Landesbauernverband`: a word longer than the body word it ends with.
/// `folded` is the word's [`fold`].
fn is_compound_body(word: &str, folded: &str) -> bool {
    // Raw as well as folded: folding may take Hangul apart into its letters.
    ORGANISATION_ENDINGS.iter().any(|e| {
        (folded.len() > e.len() + 2 && folded.ends_with(e))
            || (word.len() > e.len() + 2 && word.ends_with(e))
    })
}

/// True for the small words inside place names.
pub(crate) fn is_particle(word: &str) -> bool {
    contains(&PARTICLES, word)
}

/// Words for "first" that may open a list header (`Premières organisations signataires`,
/// `First signing organisations`), compared after [`fold`].
#[rustfmt::skip]
const FIRST_WORDS: &[&str] = &[
    "first", "initial", "premiers", "premières", "primeros", "primeras", "primi", "prime",
    "primeiros", "primeiras", "erste", "первые", "перші",
];

/// Words for "signing" that make a list header of any word for the signers beside them
/// (`İmzacı topluluklar`, `Signatory groups`, `Collectifs signataires`, `Colectivos
/// firmantes`), compared after [`fold`].
#[rustfmt::skip]
const SIGNING_WORDS: &[&str] = &[
    "imzacı", "signatory", "signataires", "signataire", "firmantes", "firmante",
    "signatárias", "signatários", "firmatarie", "firmatari", "unterzeichnende",
    "unterzeichnenden", "подписавшие", "підписанти", "امضاکننده", "الموقعة", "החותמים",
    "החותמות", "υπογράφοντες", "υπογράφουσες", "ondertekenende", "undertecknande",
];

/// Legal forms written after a body's name (`Fahrgastverband X e.V.`, `e. V.`, `gGmbH`,
/// `asbl`, `Onlus`), lower-cased.
#[rustfmt::skip]
const LEGAL_FORMS: &[&str] = &[
    "e.v.", "e.", "v.", "gmbh", "ggmbh", "eg", "asbl", "a.s.b.l.", "ltd", "ltd.", "inc.", "cic",
    "onlus", "aps", "odv", "ets", "e.t.s.",
];

/// A word that is a legal form after a body's name (`e.V.`, `gGmbH`): part of the name.
pub(crate) fn is_legal_form(word: &str) -> bool {
    LEGAL_FORMS.contains(
        &word
            .trim_end_matches([',', ';', ':'])
            .to_lowercase()
            .as_str(),
    )
}

/// True when `label` (without its colon) opens a list of signatories, perhaps after a word for
/// "first" (`Premières organisations signataires`), or is a word for "signing" and a word for
/// the signers (`İmzacı topluluklar`, `Signatory groups`).
pub(crate) fn is_list_header(label: &str) -> bool {
    is_header(label)
        || label
            .split_once(' ')
            .is_some_and(|(first, rest)| FIRST.contains(&fold(first)) && is_header(rest.trim()))
        || is_signing_label(label)
        || header_then_this_text(label)
}

/// `İmzacı topluluklar`, `Collectifs signataires`: two words, one of them a word for
/// "signing", the other a word of letters.
fn is_signing_label(label: &str) -> bool {
    static SIGNING: LazyLock<Vec<String>> = LazyLock::new(|| folded(SIGNING_WORDS));
    let words: Vec<&str> = label.split_whitespace().collect();
    let lettered = |w: &str| w.chars().all(|c| c.is_alphabetic() || c == '\u{200c}');
    words.len() == 2
        && words.iter().all(|w| lettered(w))
        && words.iter().any(|w| SIGNING.contains(&fold(w)))
}

/// Words for "this" before the text a list signs (`esta nota`, `ce communiqué`), compared
/// after [`fold`].
#[rustfmt::skip]
const THIS_WORDS: &[&str] = &[
    "this", "esta", "este", "ce", "cette", "questo", "questa", "dieses", "diese", "diesen",
    "αυτή", "αυτό", "αυτήν", "это", "эту", "це", "цю", "bu", "هذا", "هذه", "זו", "זה", "این",
];

/// `Assinam esta nota`, `Firman este comunicado`: a list header, then "this" and the text's
/// kind.
fn header_then_this_text(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    words.len() >= 3
        && THIS.contains(&fold(words[words.len() - 2]))
        && is_header(&words[..words.len() - 2].join(" "))
}

#[cfg(test)]
mod this_text_header_tests {
    use super::is_list_header;

    #[test]
    fn a_header_then_this_text() {
        for yes in ["Assinam esta nota", "Firman este comunicado"] {
            assert!(is_list_header(yes), "{yes}");
        }
        for no in ["Assinam", "Leia esta nota", "Assinam a nota"] {
            assert_eq!(is_list_header(no), no == "Assinam", "{no}");
        }
    }
}

#[cfg(test)]
mod name_after_role_tests {
    use super::name_after_role;

    #[test]
    fn a_name_after_its_role() {
        let got = name_after_role("Голова профспілки Ірина Коваль");
        assert_eq!(got.as_deref(), Some("Ірина Коваль"));
        assert_eq!(
            name_after_role("執行委員長 山田 花子").as_deref(),
            Some("山田 花子")
        );
        assert_eq!(
            name_after_role("Secretary General Anna Costa").as_deref(),
            Some("Anna Costa")
        );
        assert_eq!(name_after_role("Anna Costa"), None);
        assert_eq!(name_after_role("Secretary of the Union"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_words_that_name_a_body() {
        for w in [
            "Landesbauernverband",
            "Eisenbahnergewerkschaft",
            "Kreiselternrat",
            "Huurdersvereniging",
        ] {
            assert!(names_organisation(w), "{w}");
        }
        for w in ["Verband", "Oberwalden", "Apparat", "Vorstand"] {
            assert_eq!(
                names_organisation(w),
                w == "Vorstand" || w == "Verband",
                "{w}"
            );
        }
    }

    #[test]
    fn lookups_fold_case_and_accents() {
        assert!(names_organisation("Executive Committee"));
        assert!(names_organisation("COMITÉ CENTRAL"));
        assert!(names_organisation("Comite Central"));
        assert!(names_organisation("Исполнительный комитет"));
        assert!(!names_organisation("São Paulo"));
        assert!(is_particle("de") && is_particle("am") && !is_particle("Paulo"));
        for h in [
            "Signed by",
            "ASSINAM",
            "Firman",
            "Signataires",
            "Unterzeichnet von",
            "Firmatari",
            "Подписали",
            "الموقعون",
            // a word for "signing" and any word for the signers
            "İmzacı topluluklar",
            "Signatory groups",
            "Collectifs signataires",
            "Colectivos firmantes",
        ] {
            assert!(is_list_header(h), "{h}");
        }
        for h in ["İmzacı", "Imzacı 12", "Signatory groups of the region"] {
            assert!(!is_list_header(h), "{h}");
        }
        for h in [
            "First signatories",
            "Primi firmatari",
            "İmzacı kurumlar",
            "联署机构",
            "רשימת הארגונים",
        ] {
            assert!(is_list_header(h), "{h}");
        }
        assert!(!is_list_header("Sincerely"));
    }

    #[test]
    fn role_lines() {
        for l in [
            "Secretary-General",
            "Tesoureiro",
            "Secretária-Geral",
            "The President",
            "Ο Πρόεδρος",
            "Vorsitzende",
            "Genel Sekreter",
            "Ο Γενικός Γραμματέας",
            "Η Γενική Γραμματέας",
            // A role that names its body, under a person's name.
            "Coordinator of the Tenants Union",
        ] {
            assert!(is_role_line(l), "{l}");
        }
        for l in [
            "Ana Pereira",
            "Luís Matos",
            "Comité Central",
            "General Workers Union",
        ] {
            assert!(!is_role_line(l), "{l}");
        }
    }

    #[test]
    fn role_lines_that_name_their_body() {
        // Turkish puts the role last; Arabic and Persian tie it by the construct state.
        for l in [
            "Yeraltı Emekçileri Sendikası Genel Başkanı",
            "Yürütme Kurulu Üyesi",
            "رئيس الاتحاد العام لعمال الموانئ",
            "دبیرکل انجمن صنفی روزنامه‌نگاران شهر نو",
        ] {
            assert!(is_role_line(l), "{l}");
        }
        for l in [
            "Hüseyin Aydın",
            "Eğitim Emekçileri Sendikası Yalıkent Şubesi",
            "سليم حداد",
        ] {
            assert!(!is_role_line(l), "{l}");
        }
    }

    #[test]
    fn a_person_beside_a_role() {
        for (text, want) in [
            ("General Secretary Amara Okafor", Some("Amara Okafor")),
            (
                "Claire Vasseur, secrétaire générale de la Fédération des services publics",
                Some("Claire Vasseur"),
            ),
            (
                "Laura Ferri, segretaria generale di Credito Unito",
                Some("Laura Ferri"),
            ),
            ("Bundesvorsitzenden Petra Lindner", Some("Petra Lindner")),
            (
                "Vorsitzenden des Mieterbundes Nordmark, Klaus Berger",
                Some("Klaus Berger"),
            ),
            (
                "Presidente del Consiglio, Mario Bianchi Ferri",
                Some("Mario Bianchi Ferri"),
            ),
            ("Presidente del Consiglio, Comitato Centrale", None),
            // A role of a body, or a body: no person.
            ("Presidente da Federação dos Bancários do Planalto", None),
            (
                "Executive Committee of the Greystone Tenants' Association",
                None,
            ),
            ("Amara Okafor", None),
        ] {
            assert_eq!(person_beside_role(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn on_behalf_lines() {
        for l in [
            "For the Board",
            "Για το Δ.Σ.",
            "Pela Direção",
            "Im Namen des Vorstands",
        ] {
            assert!(is_on_behalf_line(l), "{l}");
        }
        for l in ["Mary Okafor", "Forum of the Valley", "Pelaez Ruiz"] {
            assert!(!is_on_behalf_line(l), "{l}");
        }
    }

    #[test]
    fn a_press_office_alone_is_bare() {
        for n in [
            "Press Office",
            "PRESS OFFICE.",
            "Γραφείο Τύπου",
            "Пресс-служба",
            "Pressestelle",
            "Gabinete de Comunicación",
            "Communications Office",
            "Ufficio comunicazione",
        ] {
            assert!(is_bare_press_office(n), "{n}");
        }
        assert!(!is_bare_press_office(
            "Press office of the Riverside Readers Association"
        ));
        assert!(!is_bare_press_office("Γραφείο Τύπου της ΚΕ"));
    }

    #[test]
    fn a_role_naming_its_body_is_a_role_line() {
        for line in [
            "General Secretary, Eastport Trades Council",
            "Coordenadora Nacional da Frente Sindical Unitária",
            "председатель Независимого профсоюза горняков",
            "רכזת המטה למען תחבורה ציבורית בגליל",
            "Secretary-General",
        ] {
            assert!(is_role_line(line), "{line}");
        }
        for line in [
            "Eastport Trades Council",
            "Maria O'Connell",
            "Secretariat of the Union",
        ] {
            assert!(!is_role_line(line), "{line}");
        }
        assert!(opens_with_role_word("Secretaria General"));
    }

    #[test]
    fn the_body_an_on_behalf_line_names() {
        assert_eq!(
            on_behalf_of("عن التنسيقية الوطنية").as_deref(),
            Some("التنسيقية الوطنية")
        );
        assert_eq!(
            on_behalf_of("On behalf of the Board").as_deref(),
            Some("the Board")
        );
        assert_eq!(on_behalf_of("Executive Board"), None);
    }
}

#[cfg(test)]
mod list_header_tests {
    use super::is_list_header;

    #[test]
    fn a_word_for_first_may_open_a_list_header() {
        assert!(is_list_header("Premières organisations signataires"));
        assert!(is_list_header("First signatories"));
        assert!(is_list_header("Signed by"));
        assert!(!is_list_header("First of all"));
        assert!(!is_list_header("Premières"));
    }
}
