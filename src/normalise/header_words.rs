//! Words the header rules look for, by language: labels that stand above a title (`Press
//! release`), labels before a date (`Date:`), words that open a byline (`By`), the phrases of an
//! issuer formula (`… has issued the following statement:`) and the first words of a salutation
//! (`Dear colleagues,`). Data, not patterns: compared after [`fold`], for pt, es, en, fr, de, it,
//! ru, uk, ar, tr, el, he, zh, fa, pl, nl, ca and sv.

use std::sync::LazyLock;

use super::month_names::fold;
use super::statement::words_up_to;

/// Lines that label a statement above its title (compared whole, without closing punctuation).
#[rustfmt::skip]
pub(crate) const PRESS_LABELS: &[&str] = &[
    // en
    "press release", "press statement", "statement", "joint statement", "news release",
    "media release", "press communique", "communique", "for immediate release", "public statement",
    "declaration", "joint declaration", "press note", "open letter", "appeal", "joint appeal",
    "call to action", "op-ed", "public announcement", "public notice",
    // pt
    "nota à imprensa", "nota de imprensa", "comunicado de imprensa", "comunicado", "nota",
    "declaração", "nota pública", "nota oficial", "carta aberta", "nota de repúdio",
    "nota de solidariedade", "nota de esclarecimento", "nota de pesar",
    // es
    "comunicado de prensa", "nota de prensa", "declaración", "pronunciamiento",
    "declaración conjunta", "carta abierta", "nota de repudio", "comunicado de repudio",
    // ca
    "comunicat de premsa", "comunicat", "nota de premsa", "declaració",
    // fr
    "communiqué de presse", "communiqué", "déclaration", "communiqué commun",
    "déclaration commune", "lettre ouverte", "tribune", "tribune collective", "tribune libre",
    "appel", "appel commun", "avis public", "annonce",
    // de
    "pressemitteilung", "presseerklärung", "erklärung", "stellungnahme", "gemeinsame erklärung",
    "offener brief", "pressemeldung", "aufruf", "gemeinsamer aufruf",
    // de-CH, de-AT
    "medienmitteilung", "medieninformation", "presseinformation", "presseaussendung",
    // it
    "comunicato stampa", "comunicato", "dichiarazione", "nota stampa", "lettera aperta",
    "appello", "appello congiunto",
    // ru
    "пресс-релиз", "заявление", "сообщение", "коммюнике", "совместное заявление", "объявление",
    "открытое письмо", "обращение", "открытое обращение",
    // uk
    "прес-реліз", "заява", "повідомлення", "спільна заява", "публічна заява", "офіційна заява",
    "публичное заявление", "официальное заявление", "звернення", "відкрите звернення",
    // ar
    "بيان صحفي", "بيان", "بلاغ", "بيان مشترك", "بلاغ صحفي", "تصريح صحفي", "نداء", "إعلان",
    "بلاغ للرأي العام",
    // tr
    "basın açıklaması", "açıklama", "basın bülteni", "ortak açıklama", "basına ve kamuoyuna",
    "çağrı", "ortak çağrı", "duyuru", "kamuoyu duyurusu", "basın duyurusu", "kamuoyu açıklaması",
    // el
    "δελτίο τύπου", "ανακοίνωση", "ανακοίνωση τύπου", "κοινή ανακοίνωση", "δήλωση",
    "επείγουσα ανακοίνωση", "έκτακτη ανακοίνωση", "έκκληση",
    // he
    "הודעה לעיתונות", "הודעה לתקשורת", "הודעה", "הצהרה", "הודעה משותפת", "קריאה",
    "מכתב פתוח", "עצומה",
    // zh
    "新闻稿", "声明", "新闻公报", "公报", "联合声明", "公告", "公开声明", "严正声明", "倡议书",
    "聲明", "公開聲明", "聯合聲明", "嚴正聲明", "新聞稿",
    // fa
    "بیانیه", "اطلاعیه", "بیانیه مطبوعاتی", "بیانیه مشترک", "اطلاعیه مطبوعاتی", "فراخوان",
    // pl
    "komunikat prasowy", "komunikat", "oświadczenie", "informacja prasowa", "list otwarty",
    // nl
    "persbericht", "verklaring", "open brief",
    // sv
    "pressmeddelande", "uttalande", "öppet brev",
    // id
    "siaran pers", "pernyataan sikap", "pernyataan pers", "pernyataan bersama",
    // address lines: to whom the statement speaks
    "a la opinión pública", "a la opinión pública nacional e internacional", "al pueblo",
    "à l'opinion publique", "à opinião pública", "ao povo", "all'opinione pubblica",
    "to the public", "an die öffentlichkeit", "kamuoyuna", "kamuoyuna duyuru", "пресреліз",
    "до громадськості", "к общественности", "إلى الرأي العام", "به افکار عمومی",
];

/// Labels before a title, as forums and some content systems show it (`标题: …`, `Title: …`),
/// compared without the colon.
#[rustfmt::skip]
pub(crate) const TITLE_LABELS: &[&str] = &[
    "title", "subject", "título", "assunto", "asunto", "titre", "objet", "titel", "betreff",
    "titolo", "oggetto", "заголовок", "тема", "назва", "العنوان", "عنوان", "الموضوع", "موضوع",
    "başlık", "konu", "τίτλος", "θέμα", "כותרת", "נושא", "标题", "標題", "主题", "主題", "tytuł",
    "temat", "onderwerp", "rubrik", "ämne",
];

/// Labels before a date (`Date: 3 April 2022`), compared without the colon.
#[rustfmt::skip]
pub(crate) const DATE_LABELS: &[&str] = &[
    "date", "dated", "published", "release date", "publication date", // en
    "data", "publicado", "publicado em", "data de publicação", // pt, ca
    "fecha", "publicado el", "fecha de publicación", // es
    "publié le", "date de publication", // fr
    "datum", "veröffentlicht", "veröffentlicht am", // de, nl, sv
    "pubblicato", "pubblicato il", // it
    "дата", "опубликовано", "дата публикации", "опубліковано", // ru, uk
    "تاريخ", "التاريخ", "بتاريخ", "تاريخ النشر", "نشر بتاريخ", "نشر في", "تاريخ الإصدار", // ar
    "tarih", "yayın tarihi", // tr
    "ημερομηνία", // el
    "תאריך", // he
    "日期", "发布日期", "发布时间", "时间", "時間", "发表时间", "發表時間", "发表于", "發表於",
    "发布于", "發稿日期", "发稿日期", "發布日期", "發佈日期", "發布時間", "發佈時間", // zh
    "تاریخ", "تاریخ صدور", "تاریخ انتشار", // fa
    "opublikowano", // pl
    "gepubliceerd", "publicerad", "publicat", // nl, sv, ca
    // an edit note alone, when it is the only date the header gives (the first date wins)
    "updated", "last updated", "updated on", "atualizado em", "actualizado el", "mis à jour le",
    "aktualisiert am", "aggiornato il", "обновлено", "оновлено", "ενημερώθηκε", "עודכן",
    "güncellenme tarihi", "آخر تحديث", "更新时间", "更新時間", "به‌روزرسانی",
];

/// Words that open a byline (`By the Public Affairs Office`).
#[rustfmt::skip]
pub(crate) const BYLINE_WORDS: &[&str] = &[
    "by", "por", "par", "von", "di", "door", "av", "от", "від", "a cura di", "per",
    // a verb of posting before the word
    "posted by", "written by", "published by", "publicado por", "publicada por", "escrito por",
    "publié par", "rédigé par", "veröffentlicht von", "geschrieben von", "pubblicato da",
    "scritto da", "gepubliceerd door", "geplaatst door", "opublikowane przez", "napisane przez",
    "опубликовано", "автор", "опубліковано",
    // "writes" (el: `Γράφει η Μαρία …`)
    "γράφει", "γράφουν",
    // "by the pen of", "written by" (fa, ar)
    "به قلم", "بقلم", "نوشته",
];

/// The newsroom of a site that republishes a statement (`Redacción | 12/01/2024`, `Von Redaktion`,
/// `Haber Merkezi`): a byline that names no issuer (compared whole, after [`fold`]).
#[rustfmt::skip]
pub(crate) const NEWSROOM_NAMES: &[&str] = &[
    "newsroom", "news desk", "editorial staff", "staff", "staff reporter", "editor", "editors",
    "redação", "redacção", "da redação", "redacción", "la redacción", "redacció", "rédaction",
    "la rédaction", "redaktion", "die redaktion", "redazione", "la redazione", "redactie",
    "redaktionen", "redakcja", "редакция", "редакція", "التحرير", "هيئة التحرير", "المحرر",
    "haber merkezi", "editör", "σύνταξη", "συντακτική ομάδα", "המערכת", "מערכת", "编辑部",
    "本报记者", "سردبیر", "تحریریه", "گروه خبر", "روابط عمومی",
];

/// The sections of a news page named beside a date (`Nieuws | 12 april 2024`, `Aktuellt 22 maj
/// 2024`): where the page files the text, not who wrote it.
#[rustfmt::skip]
pub(crate) const SECTION_NAMES: &[&str] = &[
    "news", "latest news", "press", "press releases", "nieuws", "actueel", "persberichten",
    "aktuellt", "nyheter", "pressmeddelanden", "noticias", "actualidad", "notícias", "notícies",
    "actualitat", "actualités", "actualité", "nachrichten", "aktuelles", "meldungen", "notizie",
    "attualità", "новости", "новини", "haberler", "güncel", "ειδήσεις", "επικαιρότητα", "חדשות",
    "新闻", "أخبار", "اخبار", "aktualności", "wiadomości", "berita", "ニュース", "뉴스", "समाचार",
    // the kinds of statement, as a site's sections name them (`23. November 2026 |
    // Stellungnahmen`)
    "statements", "press statements", "stellungnahmen", "pressemitteilungen",
    "medienmitteilungen", "erklärungen", "communiqués", "déclarations", "comunicados",
    "comunicati", "comunicati stampa", "notas", "заявления", "пресс-релизы", "заяви",
    "прес-релізи", "açıklamalar", "ανακοινώσεις", "הודעות", "بيانات", "بیانیه‌ها",
    "声明", "公告",
];

/// Words that open an edit note after a date line's date (`12/08/2023 às 14h32 - Atualizado em
/// 12/08/2023 às 16h05`): the note's date is the edit's, not the statement's.
#[rustfmt::skip]
pub(crate) const EDIT_NOTE_WORDS: &[&str] = &[
    "updated", "last updated", "edited", "atualizado", "atualizada", "actualizado",
    "actualizada", "actualitzat", "mis à jour", "mise à jour", "modifié", "aktualisiert",
    "geändert", "aggiornato", "modificato", "обновлено", "изменено", "оновлено", "güncelleme",
    "güncellendi", "ενημερώθηκε", "ενημέρωση", "עודכן", "更新", "آخر تحديث", "تم التحديث",
    "بروزرسانی", "به‌روزرسانی", "zaktualizowano", "bijgewerkt", "uppdaterad", "diperbarui",
];

/// More than the longest of [`EDIT_NOTE_WORDS`], in characters.
const MAX_NOTE_WORD_CHARS: usize = 24;

/// `text` without an edit note set apart by a dash or a bar after its date (see
/// [`EDIT_NOTE_WORDS`]).
pub(crate) fn without_edit_note(text: &str) -> &str {
    static NOTES: LazyLock<Vec<String>> = LazyLock::new(|| folded(EDIT_NOTE_WORDS));
    let cut = note_separators(text).find(|&(_, after)| {
        // A bounded prefix: a long line with many dashes stays linear.
        let tail: String = text[after..].chars().take(MAX_NOTE_WORD_CHARS).collect();
        let tail = fold(&tail);
        NOTES.iter().any(|n| tail.starts_with(n.as_str()))
    });
    cut.map_or(text, |(at, _)| &text[..at])
}

/// The separators an edit note may follow (`" - "`, `" – "`, `" — "`, `" | "`), where each
/// separator's `text.match_indices(sep)` finds it, in the order of the text: the start of each
/// and the end. One `memchr3` pass over the text instead of one search per separator.
fn note_separators(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const SEPARATORS: [&str; 4] = [" - ", " – ", " — ", " | "];
    let bytes = text.as_bytes();
    // Each separator's matches do not overlap (as `match_indices` finds them).
    let mut free_from = [0usize; SEPARATORS.len()];
    memchr::memchr3_iter(b'-', b'|', 0xE2, bytes).filter_map(move |middle| {
        let at = middle.checked_sub(1)?;
        let kind = SEPARATORS
            .iter()
            .position(|sep| bytes[at..].starts_with(sep.as_bytes()))?;
        if at < free_from[kind] {
            return None;
        }
        let after = at + SEPARATORS[kind].len();
        free_from[kind] = after;
        Some((at, after))
    })
}

/// True when `name` is a section of a news page (see [`SECTION_NAMES`]).
pub(crate) fn is_section(name: &str) -> bool {
    static SECTIONS: LazyLock<Vec<String>> = LazyLock::new(|| folded(SECTION_NAMES));
    SECTIONS.contains(&fold(name.trim().trim_end_matches(['.', ',', ':', '|'])))
}

/// True when `name` is a newsroom, not an issuer (see [`NEWSROOM_NAMES`]).
pub(crate) fn is_newsroom(name: &str) -> bool {
    static NEWSROOMS: LazyLock<Vec<String>> = LazyLock::new(|| folded(NEWSROOM_NAMES));
    NEWSROOMS.contains(&fold(name.trim().trim_end_matches(['.', ',', ':', '|'])))
}

/// The end of an issuer formula, after the issuer's name (`The Political Bureau of X has issued
/// the following statement:`). The longest phrase that ends the line is cut off.
#[rustfmt::skip]
pub(crate) const FORMULA_ENDINGS: &[&str] = &[
    // en
    "has issued the following statement", "issued the following statement",
    "issues the following statement", "has released the following statement",
    "released the following statement", "makes the following statement",
    "has made the following statement", "has issued the following communique",
    "issued the following communique", "has adopted the following statement",
    "adopted the following statement", "has issued the following declaration",
    // pt
    "emitiu a seguinte nota", "emite a seguinte nota", "divulgou a seguinte nota",
    "divulga a seguinte nota", "emitiu a seguinte declaração", "divulgou o seguinte comunicado",
    "declara", "manifesta", "vem a público declarar",
    "emite o seguinte comunicado", "torna pública a seguinte nota",
    // es
    "emite el siguiente comunicado", "ha emitido el siguiente comunicado",
    "emitió el siguiente comunicado", "hace pública la siguiente declaración",
    "ha hecho pública la siguiente declaración", "emite la siguiente declaración",
    "emitió la siguiente declaración", "difunde el siguiente comunicado",
    "expresa", "manifiesta", "declara", "comunica",
    // ca
    "ha emès el següent comunicat", "emet el següent comunicat",
    // fr
    "a publié la déclaration suivante", "publie la déclaration suivante",
    "a publié le communiqué suivant", "publie le communiqué suivant",
    "a adopté la déclaration suivante", "a rendu public le communiqué suivant",
    "déclare",
    // de
    "hat folgende erklärung veröffentlicht", "veröffentlicht folgende erklärung",
    "hat die folgende erklärung abgegeben", "gibt folgende erklärung ab",
    "erklärt", "hat folgende erklärung beschlossen", "hat folgende resolution beschlossen",
    "hat die folgende resolution beschlossen", "hat folgenden beschluss gefasst",
    // it
    "ha emesso il seguente comunicato", "ha diffuso il seguente comunicato",
    "ha rilasciato la seguente dichiarazione", "emette il seguente comunicato",
    "dichiara", "comunica",
    // ru
    "выступило со следующим заявлением", "распространило следующее заявление",
    "приняло следующее заявление", "опубликовало следующее заявление",
    "выступил со следующим заявлением", "вновь заявляет", "заявляет",
    // uk
    "оприлюднило таку заяву", "виступило з такою заявою", "ухвалило таку заяву",
    // el
    "εξέδωσε την ακόλουθη ανακοίνωση", "εξέδωσε την παρακάτω ανακοίνωση",
    "εκδίδει την ακόλουθη ανακοίνωση",
    // tr
    "aşağıdaki açıklamayı yaptı", "aşağıdaki açıklamayı yayınladı",
    "olarak kamuoyuna aşağıdaki açıklamayı yapıyoruz", "olarak kamuoyuna duyuruyoruz",
    "olarak aşağıdaki açıklamayı yapıyoruz",
    // he
    "פרסם את ההודעה הבאה", "פרסמה את ההודעה הבאה",
    // pl
    "wydało następujące oświadczenie", "wydał następujące oświadczenie",
    // nl
    "heeft de volgende verklaring uitgegeven",
    // sv
    "har utfärdat följande uttalande",
    // zh
    "发表如下声明", "发表声明如下", "发布如下声明",
    // fa
    "بیانیه زیر را صادر کرد", "اطلاعیه زیر را صادر کرد",
];

/// The verbs that open an issuer formula whose verb comes first (Arabic: `أصدر المكتب السياسي …
/// البيان التالي`, in the present `تصدر الهيئة الإدارية … البيان التالي:`), in the past and the
/// present, masculine and feminine.
pub(crate) const FORMULA_VERBS_FIRST: &[&str] = &["أصدر", "أصدرت", "يصدر", "تصدر"];

/// The phrases that close such a formula (`… البيان التالي`, `… بيانا جاء فيه`).
pub(crate) const FORMULA_VERB_FIRST_CLOSES: &[&str] = &[
    "البيان التالي",
    "البيان الآتي",
    "بيانا جاء فيه",
    "البلاغ التالي",
];

/// First words of a salutation line (`Dear colleagues,`).
#[rustfmt::skip]
pub(crate) const SALUTATIONS: &[&str] = &[
    "dear", "to", "hello", // en
    "caros", "caras", "prezados", "prezadas", "queridos", "queridas", "estimados", "estimadas",
    "compañeros", "companheiros", "companheiras", "camaradas", // pt, es
    "benvolguts", "benvolgudes", "estimats", "companyes", "companys", // ca
    "chers", "chères", "cher", "chère", // fr
    "liebe", "lieber", "sehr", // de
    "cari", "care", "caro", "cara", "carissimi", "carissime", "carissimo", "carissima", // it
    "queridísimos", "queridísimas", "caríssimos", "caríssimas", // es, pt
    "дорогие", "уважаемые", "товарищи", "шановні", "дорогі", "товариші", // ru, uk
    "أيها", "أيتها", "الأعزاء", "الرفاق", // ar
    "sevgili", "değerli", "sayın", // tr
    "αγαπητοί", "αγαπητές", "αγαπητέ", "σύντροφοι", // el
    "יקרים", "יקרות", "לכבוד", // he
    "亲爱的", "尊敬的", "各位", // zh
    "عزیزان", "دوستان", "رفقا", "همکاران", "هموطنان", // fa
    // colleagues, in several languages
    "colleghi", "colleghe", "collègues", "kolleginnen", "kollegen", "συνάδελφοι", "συναδέλφισσες",
    "коллеги", "колеги", "الزملاء", "زملائي", "arkadaşlar", "compañeras", "colegas",
    "drodzy", "szanowni", "szanowna", "szanowny", // pl
    "beste", "geachte", // nl
    "kära", "bästa", // sv
    "comrades", "friends", "colleagues", "egregio", "egregia", "gentile", "gentili", "spettabile",
    "estimado", "estimada", "señor", "señora", "señores", "geehrte", "geehrter", "monsieur",
    "madame", "mesdames", "prezado", "prezada", "senhor", "senhora", "excelentíssimo",
    "excelentíssima", "уважаемый", "уважаемая", "шановний", "шановна", "سعادة", "جناب",
    // forms of address to an official
    "honourable", "honorable", "ilustríssimo", "ilustríssima", "ilmo", "exmo", "exma", "signor",
    "signora", "onorevole", "κύριε", "κυρία", "معالي", "فخامة", "السيد", "السيدة", "سرکار",
    "excellency", "excelencia", "excelentísimo", "excelentísima", "excellence", "eccellenza",
    "magnífico", "magnífica", "distinguido", "distinguida", "querido", "querida",
    "exzellenz", "αξιότιμε", "αξιότιμη", "αξιότιμοι", "αξιότιμες", "כבוד", "اصحاب", "ekselencjo",
];

/// The word that announces the statement at the end of an issuer formula whose verb is not in
/// [`FORMULA_ENDINGS`] (`… met in Carlow and adopted the following statement:`), by language.
#[rustfmt::skip]
pub(crate) const FOLLOWING_WORDS: &[&str] = &[
    "following", "suivante", "suivant", "folgende", "folgenden", "nachstehende", "siguiente",
    "seguente", "seguenti", "seguinte", "volgende", "następujące", "następujący", "następującą",
    "следующее", "следующую", "следующим", "таку", "наступну", "такою", "ακόλουθη", "παρακάτω",
    "التالي", "التالية", "aşağıdaki", "הבאה", "הבא", "följande", "següent", "زیر",
];

/// Words that end the issuer's name in such a formula: auxiliaries and the verbs of meeting,
/// adopting, issuing and publishing, by language (compared after [`fold`]).
#[rustfmt::skip]
pub(crate) const FORMULA_VERBS: &[&str] = &[
    // en
    "has", "have", "met", "adopted", "issued", "released", "published", "approved", "makes",
    "made", "issues", "adopts", "publishes", "releases", "today",
    // fr
    "a", "ont", "s'est", "réuni", "réunie", "adopte", "publie", "rend", "diffuse",
    // de
    "hat", "haben", "gibt", "veröffentlicht", "beschloss", "verabschiedete", "hat,",
    // es, pt, it, ca
    "ha", "han", "emite", "emitió", "hace", "difunde", "aprobó", "aprueba", "se", "emitiu",
    "divulgou", "divulga", "torna", "tornou", "tornam", "tornaram", "aprovou", "vem", "hanno",
    "emette", "diffonde", "approvato",
    "si", "emet",
    // nl, sv, pl
    "heeft", "hebben", "har", "przyjął", "przyjęło", "przyjęła", "przyjęli", "wydał", "wydało",
    "wydała",
    // ru, uk
    "приняло", "принял", "приняла", "приняли", "выступило", "выступил", "распространило",
    "опубликовало", "ухвалило", "ухвалила", "ухвалив", "оприлюднило", "оприлюднила", "виступило",
    // el, tr, he
    "εξέδωσε", "εκδίδει", "ενέκρινε", "υιοθέτησε", "συνεδρίασε", "פרסם", "פרסמה", "פרסמו",
];

/// Openings that name the writers' body in the first sentence (`We, the members of the X,
/// write …`): the issuer runs from after the opening to the next comma (compared after
/// [`fold`]).
#[rustfmt::skip]
pub(crate) const MEMBERS_OPENINGS: &[&str] = &[
    "we, the members of", "we, members of", "nous, membres de", "nous, les membres de",
    "nous, membres du", "nous, les membres du", "wir, die mitglieder des", "wir, die mitglieder der",
    "nosotros, los miembros de", "nosotras, las integrantes de", "nós, membros de", "nós, membros do",
    "nós, membros da", "noi, membri del", "noi, membri della", "мы, члены", "ми, члени",
];

/// Words that mark a label as joint (`Joint Press Release`, `Comunicato congiunto`), compared
/// after [`fold`], before or after the label.
#[rustfmt::skip]
pub(crate) const JOINT_WORDS: &[&str] = &[
    "joint", "conjunto", "conjunta", "commun", "commune", "gemeinsame", "congiunto", "congiunta",
    "ortak", "κοινό", "κοινή", "совместный", "совместное", "спільний", "спільна", "משותפת", "مشترک",
    "مشترك", "联合", "wspólny", "wspólne", "gezamenlijk", "gezamenlijke", "gemensamt",
];

/// Signs and words that number a label (`n°`, `Nr.`, `№`, `شماره`, `رقم`, `sayı`), compared
/// after [`fold`].
#[rustfmt::skip]
const NUMBER_SIGNS: &[&str] = &[
    "n°", "n.º", "nº", "n.°", "no.", "no", "nr.", "nr", "№", "núm.", "num.", "n.", "شماره", "رقم",
    "sayı", "αρ.", "αριθ.",
];

/// Labels of an issued-by line (`Issued by: A, B and C`), compared after [`fold`]; a colon
/// follows them.
#[rustfmt::skip]
pub(crate) const ISSUED_BY_LABELS: &[&str] = &[
    "issued by", "published by", "emitido por", "emitida por", "publicado por", "publicada por",
    "herausgegeben von", "veröffentlicht von", "émis par", "publié par", "emesso da",
    "pubblicato da", "uitgegeven door", "utfärdat av", "emès per", "wydane przez",
    "выпущено", "опубликовано", "видано", "yayınlayan", "εκδόθηκε από", "פורסם על ידי",
    "صادر عن", "صادرة عن", "تشکل صادر کننده", "صادر کننده", "发布单位", "發布單位", "发布机构",
];

fn folded(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| fold(w)).collect()
}

// The lists above, folded once.
static LABELS: LazyLock<Vec<String>> = LazyLock::new(|| folded(PRESS_LABELS));
static DATE: LazyLock<Vec<String>> = LazyLock::new(|| folded(DATE_LABELS));
static BYLINE: LazyLock<Vec<String>> = LazyLock::new(|| folded(BYLINE_WORDS));
static TITLE: LazyLock<Vec<String>> = LazyLock::new(|| folded(TITLE_LABELS));
static ISSUED_BY: LazyLock<Vec<String>> = LazyLock::new(|| folded(ISSUED_BY_LABELS));
static ENDINGS: LazyLock<Vec<String>> = LazyLock::new(|| folded(FORMULA_ENDINGS));
static SALUTE: LazyLock<Vec<String>> = LazyLock::new(|| folded(SALUTATIONS));
static JOINT: LazyLock<Vec<String>> = LazyLock::new(|| folded(JOINT_WORDS));
static FOLLOWING: LazyLock<Vec<String>> = LazyLock::new(|| folded(FOLLOWING_WORDS));
static VERBS: LazyLock<Vec<String>> = LazyLock::new(|| folded(FORMULA_VERBS));
static MEMBERS: LazyLock<Vec<String>> = LazyLock::new(|| folded(MEMBERS_OPENINGS));

/// Closing punctuation a label may carry.
const LABEL_PUNCTUATION: &[char] = &[':', '：', '.', '-', '–', '—', ' ', '|', '*', '#'];

/// True when the whole line is a press label (`Press release`, `COMUNICADO DE PRENSA:`), perhaps
/// numbered (`Comunicado N° 7`, `Pressemitteilung Nr. 12/2023`) or joint (`Joint Press
/// Release`, `Comunicato congiunto`, `Κοινό Δελτίο Τύπου`).
pub(crate) fn is_press_label(line: &str) -> bool {
    let label = fold(unbracketed(line).trim_matches(LABEL_PUNCTUATION));
    // `声 明`: a Chinese label spaced out letter by letter.
    let label = if label.chars().all(|c| is_han(c) || c == ' ') {
        label.replace(' ', "")
    } else {
        label
    };
    if label.is_empty() {
        return false;
    }
    let label = without_number(&label);
    let words: Vec<&str> = label.split_whitespace().collect();
    let unjoint = |w: &[&str]| w.join(" ");
    LABELS.contains(&label)
        || matches!(words.split_first(), Some((first, rest)) if JOINT.contains(&first.to_string()) && LABELS.contains(&unjoint(rest)))
        || matches!(words.split_last(), Some((last, rest)) if JOINT.contains(&last.to_string()) && LABELS.contains(&unjoint(rest)))
}

/// Brackets around a whole label (`【公開聲明】`, `[Communiqué]`, `「声明」`) are no part of it.
fn unbracketed(line: &str) -> &str {
    let t = line.trim();
    for (open, close) in [
        ('【', '】'),
        ('[', ']'),
        ('［', '］'),
        ('「', '」'),
        ('〔', '〕'),
    ] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner;
        }
    }
    t
}

/// A Han character (Chinese, and the kanji of Japanese).
fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// `comunicado n° 7` → `comunicado`: a label's number (`n°`, `n.º`, `no.`, `nr.`, `№`, `#`,
/// then figures and `/`) is no part of the label.
fn without_number(label: &str) -> String {
    let words: Vec<&str> = label.split_whitespace().collect();
    let is_figure = |w: &str| {
        w.chars().any(|c| c.is_numeric())
            && w.chars().all(|c| c.is_numeric() || "/-.()#№".contains(c))
    };
    let mut end = words.len();
    while end > 1 && is_figure(words[end - 1]) {
        end -= 1;
    }
    if end < words.len() && end > 1 && NUMBER_SIGNS.iter().any(|n| fold(n) == words[end - 1]) {
        end -= 1;
    }
    words[..end].join(" ")
}

/// When `line` opens with a date label, the rest of the line after it (`Date: 3 April 2022` →
/// `3 April 2022`). The label must be followed by a colon, or be the whole first word(s) of a
/// line whose rest holds a date (the caller checks the date).
pub(crate) fn after_date_label(line: &str) -> Option<&str> {
    let (label, rest) = match line.split_once([':', '：']) {
        Some((l, r)) => (l, r),
        None => {
            // `تاريخ 3 آذار 2022`: a label with no colon is one word.
            let (l, r) = line.split_once(' ')?;
            (l, r)
        }
    };
    if DATE.contains(&fold(label.trim())) {
        return Some(rest.trim()).filter(|r| !r.is_empty());
    }
    // `Publié le 3 février 2022`: a label of several words with no colon.
    let folded = fold(line);
    let label = DATE
        .iter()
        .filter(|l| l.contains(' ') && folded.starts_with(l.as_str()))
        .max_by_key(|l| l.len())?;
    let at = line
        .char_indices()
        .nth(label.chars().count())
        .map(|(i, _)| i)?;
    Some(line[at..].trim()).filter(|r| !r.is_empty())
}

/// When `line` is a labelled title (`标题: 关于…的声明`, `Title: Stop the closures`), the title
/// after the label and its colon.
pub(crate) fn after_title_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once([':', '：'])?;
    TITLE
        .contains(&fold(label.trim()))
        .then(|| rest.trim())
        .filter(|r| !r.is_empty())
}

/// The most words of the label that opens a line of forum chrome (`作者:`, `Posted by:`).
const MAX_CHROME_LABEL_WORDS: usize = 3;

/// When a line of forum chrome, opening with a label of its own, holds a labelled date after
/// it (`作者: admin    时间: 2022-07-30 21:15`, `Author: admin | Date: …`), the rest of the line
/// after that date label.
pub(crate) fn after_inner_date_label(line: &str) -> Option<&str> {
    let (first, _) = line.split_once([':', '：'])?;
    if first.trim().is_empty()
        || words_up_to(first, MAX_CHROME_LABEL_WORDS + 1) > MAX_CHROME_LABEL_WORDS
    {
        return None;
    }
    let after_first = first.len() + 1;
    line.char_indices()
        .filter(|&(i, c)| i >= after_first && matches!(c, ' ' | '|' | '\u{3000}'))
        .find_map(|(i, c)| {
            let field = line[i + c.len_utf8()..].trim_start_matches(['|', ' ', '\u{3000}']);
            let (label, rest) = field.split_once([':', '：'])?;
            DATE.contains(&fold(label.trim()))
                .then(|| rest.trim())
                .filter(|r| !r.is_empty())
        })
}

/// When `text` opens with a byline word, the rest (`By the Press Office` → `the Press Office`).
/// The word may carry a colon (`به قلم: روابط عمومی`, `Autor: …`).
pub(crate) fn after_byline_word(text: &str) -> Option<&str> {
    let folded = fold(text);
    BYLINE
        .iter()
        .filter(|w| {
            folded.starts_with(w.as_str())
                && folded[w.len()..]
                    .trim_start_matches([':', '：'])
                    .starts_with(' ')
        })
        .max_by_key(|w| w.len())
        .and_then(|w| {
            // The byline word's length in the original text: same number of characters.
            let chars = w.chars().count();
            let at = text.char_indices().nth(chars).map(|(i, _)| i)?;
            Some(text[at..].trim_start_matches([':', '：']).trim())
        })
        .filter(|r| !r.is_empty())
}

/// When `line` is an issued-by line (`Issued by: A, B and C`, `صادر عن: …`), the list after
/// the label and its colon.
pub(crate) fn after_issued_by_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once([':', '：'])?;
    let label = fold(label.trim().trim_start_matches(['*', '#', ' ']));
    ISSUED_BY
        .contains(&label)
        .then(|| rest.trim())
        .filter(|r| !r.is_empty())
}

/// The issuer named by a formula line (`The Political Bureau of X has issued the following
/// statement:` → `The Political Bureau of X`).
pub(crate) fn formula_issuer(line: &str) -> Option<String> {
    let Some(body) = line.trim().strip_suffix([':', '：']).map(str::trim_end) else {
        // `… aprobó la siguiente declaración.`: the general form may close with a full stop.
        let body = line.trim().strip_suffix('.')?.trim_end();
        let words: Vec<&str> = body.split_whitespace().collect();
        let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
        return following_formula_issuer(&words, &folded);
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    for ending in ENDINGS.iter() {
        let n = ending.split_whitespace().count();
        if n >= words.len() {
            continue;
        }
        if folded[words.len() - n..].join(" ") == *ending {
            let issuer = before_a_verb(&words[..words.len() - n], &folded[..words.len() - n]);
            return Some(issuer.join(" ")).filter(|s| !s.is_empty());
        }
    }
    // Unspaced scripts: the ending is a suffix of the line itself (`…发表如下声明：`).
    for ending in ENDINGS.iter().filter(|e| !e.contains(' ')) {
        if let Some(issuer) = fold(body).strip_suffix(ending.as_str()) {
            let chars = issuer.chars().count();
            let issuer: String = body.chars().take(chars).collect();
            return Some(issuer.trim().to_owned()).filter(|s| !s.is_empty());
        }
    }
    if let Some(issuer) = following_formula_issuer(&words, &folded) {
        return Some(issuer);
    }
    if let Some(issuer) = passive_formula_issuer(&words, &folded) {
        return Some(issuer);
    }
    let verb_first = FORMULA_VERBS_FIRST
        .iter()
        .flat_map(|v| FORMULA_VERB_FIRST_CLOSES.iter().map(move |c| (v, c)));
    for (verb, close) in verb_first {
        let (v, c) = (fold(verb), fold(close));
        if folded.first() == Some(&v) {
            let rest = &words[1..];
            let n = c.split_whitespace().count();
            if rest.len() > n && folded[words.len() - n..].join(" ") == c {
                return Some(rest[..rest.len() - n].join(" "));
            }
        }
    }
    None
}

/// The most words an issuer's name in a formula may have.
const MAX_ISSUER_WORDS: usize = 14;

/// Rule `issuer-formula`, general form: a line closing with a colon whose last words announce
/// the statement (`… the following statement:`); the issuer is what comes before its first
/// verb (`The Council of X met in Carlow last weekend and adopted the following statement:` →
/// `The Council of X`). Fixed endings cannot list every verb a body meets or adopts with.
fn following_formula_issuer(words: &[&str], folded: &[String]) -> Option<String> {
    let tail = folded.len().saturating_sub(4);
    if !folded[tail..].iter().any(|w| FOLLOWING.contains(w)) {
        return None;
    }
    // A first word of one letter is an article, not a verb: `A Comissão … tornou pública a
    // seguinte posição:` opens with the Portuguese article, which is also the French `a`.
    let skip = usize::from(words.first().is_some_and(|w| w.chars().count() == 1));
    let verb = folded.iter().skip(skip).position(|w| VERBS.contains(w))? + skip;
    (2..=MAX_ISSUER_WORDS)
        .contains(&(verb - skip))
        .then(|| words[..verb].join(" "))
        .filter(|issuer| {
            // A name opens with a capital (or a letter of a script without capitals).
            issuer
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| !c.is_lowercase())
        })
}

/// Words that name the agent of a passive formula (`… was issued by X:`), by language.
#[rustfmt::skip]
const AGENT_WORDS: &[&str] = &[
    "by", "par", "von", "vom", "por", "pelo", "pela", "da", "dal", "dalla", "door", "przez", "από",
    "av",
];

/// Rule `issuer-formula`, passive form: `The following statement was issued by the X:` → `the
/// X`; `La déclaration suivante a été adoptée par le Conseil …` → `le Conseil …`.
fn passive_formula_issuer(words: &[&str], folded: &[String]) -> Option<String> {
    if !folded.iter().take(3).any(|w| FOLLOWING.contains(w)) {
        return None;
    }
    let agent = folded
        .iter()
        .position(|w| AGENT_WORDS.contains(&w.as_str()))?;
    let issuer = &words[agent + 1..];
    (1..=MAX_ISSUER_WORDS)
        .contains(&issuer.len())
        .then(|| issuer.join(" "))
}

/// `The Council of X met in Carlow last weekend and` → `The Council of X`: the issuer before a
/// fixed ending stops at a verb of meeting or adopting. Words of one or two letters (`a`, `se`)
/// are also prepositions inside names, so they do not cut here.
fn before_a_verb<'a>(words: &'a [&'a str], folded: &[String]) -> &'a [&'a str] {
    match folded
        .iter()
        .position(|w| w.chars().count() > 2 && VERBS.contains(w))
    {
        Some(at) if at >= 2 => &words[..at],
        _ => words,
    }
}

/// The body named by a members opening (`We, the members of the Riverside Tenants' Federation,
/// write …` → `the Riverside Tenants' Federation`).
pub(crate) fn members_issuer(text: &str) -> Option<String> {
    let folded = fold(text);
    let opening = MEMBERS
        .iter()
        .filter(|o| folded.starts_with(o.as_str()))
        .max_by_key(|o| o.len())?;
    let at = text.char_indices().nth(opening.chars().count())?.0;
    let rest = &text[at..];
    let (name, _) = rest.split_once([',', '،'])?;
    let name = name.trim();
    let words = name.split_whitespace().count();
    (1..=MAX_ISSUER_WORDS)
        .contains(&words)
        .then(|| name.to_owned())
}

/// The most words a salutation line may have (`Sehr geehrte Frau Präsidentin, sehr geehrte
/// Mitglieder des Senats,`).
const MAX_SALUTATION_WORDS: usize = 12;

/// True when `line` is a salutation: short, closing with `,` `:` `!` or `;` (`Değerli Basın
/// Emekçileri;`), opening with a salutation word.
pub(crate) fn is_salutation(line: &str) -> bool {
    let t = line.trim();
    // The closing character first, then the words, counted no further than the most a
    // salutation has: a whole paragraph is asked too.
    if !t.ends_with([',', ':', '!', ';', '،', '，', '：', '؛']) {
        return false;
    }
    let words: Vec<&str> = t
        .split_whitespace()
        .take(MAX_SALUTATION_WORDS + 1)
        .collect();
    if words.is_empty() || words.len() > MAX_SALUTATION_WORDS {
        return false;
    }
    let first = fold(words[0].trim_matches(|c: char| !c.is_alphabetic()));
    // Scripts written without spaces (`亲爱的同志们：`) are matched on the line's start.
    let unspaced = || {
        let folded = fold(t);
        SALUTE
            .iter()
            .any(|s| !s.is_ascii() && folded.starts_with(s.as_str()))
    };
    SALUTE.contains(&first) || (words.len() == 1 && unspaced())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_openings_name_the_body() {
        assert_eq!(
            members_issuer("We, the members of the Riverside Tenants' Federation, write to you")
                .as_deref(),
            Some("the Riverside Tenants' Federation")
        );
        assert_eq!(
            members_issuer("Noi, membri della Consulta di Valmarina, chiediamo controlli")
                .as_deref(),
            Some("Consulta di Valmarina")
        );
        assert_eq!(members_issuer("We, the undersigned, ask the council"), None);
    }

    #[test]
    fn press_labels() {
        for l in [
            "Press Statement",
            "PRESS RELEASE",
            "Communiqué de presse",
            "Comunicado de prensa:",
            "Nota à imprensa",
            "Pressemitteilung",
            "Comunicato stampa",
            "Пресс-релиз",
            "بيان صحفي",
            "ΔΕΛΤΙΟ ΤΥΠΟΥ",
            "Basın Açıklaması",
            "新闻稿",
            "بیانیه",
            // Kind labels that announce to the public.
            "Kamuoyu Duyurusu",
            "KAMUOYU DUYURUSU",
            "Public Announcement",
            "Объявление",
            "إعلان",
        ] {
            assert!(is_press_label(l), "{l}");
        }
        assert!(!is_press_label("Kamuoyu duyurusu yapılmadı"));
        assert!(!is_press_label("Press freedom now"));
        assert!(!is_press_label("Statement on the war"));
    }

    #[test]
    fn date_labels() {
        assert_eq!(after_date_label("Date: 3 April 2022"), Some("3 April 2022"));
        assert_eq!(after_date_label("Fecha: 3/4/2022"), Some("3/4/2022"));
        assert_eq!(after_date_label("Tarih : 03.04.2022"), Some("03.04.2022"));
        assert_eq!(after_date_label("Дата: 03.04.2022"), Some("03.04.2022"));
        assert_eq!(
            after_date_label("تاریخ صدور: ۱۴۰۱/۰۲/۰۹"),
            Some("۱۴۰۱/۰۲/۰۹")
        );
        assert_eq!(after_date_label("تاريخ 3/4/2022"), Some("3/4/2022"));
        assert_eq!(after_date_label("Note: this is not a date"), None);
        assert_eq!(
            after_date_label("Publié le 3 février 2022 à 09h12"),
            Some("3 février 2022 à 09h12")
        );
    }

    #[test]
    fn bylines() {
        assert_eq!(
            after_byline_word("By Public Affairs Office"),
            Some("Public Affairs Office")
        );
        assert_eq!(after_byline_word("Por la Dirección"), Some("la Dirección"));
        assert_eq!(after_byline_word("Bystanders"), None);
    }

    #[test]
    fn newsrooms_are_no_issuers() {
        for n in [
            "Redacción",
            "Redaktion",
            "La rédaction",
            "Редакция",
            "Haber Merkezi",
            "המערכת",
        ] {
            assert!(is_newsroom(n), "{n}");
        }
        for n in ["Public Affairs Office", "Redacción Sindical del SER"] {
            assert!(!is_newsroom(n), "{n}");
        }
    }

    #[test]
    fn formulas() {
        let f = |l: &str| formula_issuer(l);
        assert_eq!(
            f("The Political Bureau of the Party has issued the following statement:").as_deref(),
            Some("The Political Bureau of the Party")
        );
        assert_eq!(
            f("El Comité Ejecutivo emite el siguiente comunicado:").as_deref(),
            Some("El Comité Ejecutivo")
        );
        assert_eq!(
            f("Το Γραφείο Τύπου της ΚΕ εξέδωσε την ακόλουθη ανακοίνωση:").as_deref(),
            Some("Το Γραφείο Τύπου της ΚΕ")
        );
        assert_eq!(
            f("أصدر المكتب السياسي للحزب البيان التالي:").as_deref(),
            Some("المكتب السياسي للحزب")
        );
        assert_eq!(f("中央委员会发表如下声明：").as_deref(), Some("中央委员会"));
        assert_eq!(f("We say the following:"), None);
        for (line, issuer) in [
            (
                "La Junta Directiva de la Asociación Vecinal EXPRESA:",
                "La Junta Directiva de la Asociación Vecinal",
            ),
            (
                "El Sindicato de Oficios manifiesta:",
                "El Sindicato de Oficios",
            ),
            (
                "Il Direttivo di Lega Valle dichiara:",
                "Il Direttivo di Lega Valle",
            ),
            ("A Associação Rio Verde declara:", "A Associação Rio Verde"),
            (
                "Совет жителей Ольховки вновь заявляет:",
                "Совет жителей Ольховки",
            ),
            (
                "Çınarlı Dayanışma Derneği olarak kamuoyuna aşağıdaki açıklamayı yapıyoruz:",
                "Çınarlı Dayanışma Derneği",
            ),
        ] {
            assert_eq!(f(line).as_deref(), Some(issuer), "{line}");
        }
        assert_eq!(
            f("Die Delegiertenkonferenz der Jugend hat folgende Resolution beschlossen:")
                .as_deref(),
            Some("Die Delegiertenkonferenz der Jugend")
        );
    }

    #[test]
    fn salutations() {
        for l in [
            "Dear colleagues,",
            "Chers camarades,",
            "Queridos compañeros:",
            "Liebe Freundinnen und Freunde,",
            "همکاران گرامی،",
            "Συναδέλφισσες, συνάδελφοι,",
        ] {
            assert!(is_salutation(l), "{l}");
        }
        assert!(!is_salutation(
            "Dear reader, this is a long sentence that goes on and on and on."
        ));
        assert!(!is_salutation("The workers,"));
    }

    /// What `without_edit_note` searched before: each separator's `match_indices`, in the order
    /// of the text.
    fn separators_by_search(text: &str) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = [" - ", " – ", " — ", " | "]
            .iter()
            .flat_map(|sep| text.match_indices(sep))
            .map(|(at, sep)| (at, at + sep.len()))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn separators_are_found_where_the_searches_find_them() {
        for text in [
            " - - ",
            "a - b – c — d | e",
            " -  - ",
            "- -",
            "—— — —",
            " | | | ",
            "“x” – y",
        ] {
            let got: Vec<_> = note_separators(text).collect();
            assert_eq!(got, separators_by_search(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn separators_by_one_pass_are_the_searches(text in "[ a\\-|–—“”é]{0,24}") {
            let got: Vec<_> = note_separators(&text).collect();
            proptest::prop_assert_eq!(got, separators_by_search(&text));
        }
    }
}
