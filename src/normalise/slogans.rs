//! Closing slogans (rule `slogan`), and the quotation marks that wrap slogans and titles.

use std::ops::Range;
use std::sync::LazyLock;

use super::signatory_words::names_organisation;
use super::statement::words_up_to;
use super::statement::Block;

/// The longest line that can be a slogan.
const MAX_SLOGAN_CHARS: usize = 200;

/// Quotation marks that wrap a whole line, as pairs (opening, closing), in the conventions of
/// the languages we read: «…» and »…«, “…”, „…“ and „…”, ‘…’, ‚…‘, ‹…›, "…", 「…」.
const QUOTE_PAIRS: &[(char, char)] = &[
    ('«', '»'),
    ('»', '«'),
    ('“', '”'),
    ('„', '“'),
    ('„', '”'),
    ('”', '”'),
    ('"', '"'),
    ('‘', '’'),
    ('‚', '‘'),
    ('‹', '›'),
    ('「', '」'),
];

/// The text inside one pair of quotation marks that wraps all of `text` (`«Paz, pão e terra!»`
/// → `Paz, pão e terra!`); `text` itself (trimmed) when none does, or when the marks open and
/// close two separate quotations (`“A” and “B”`).
pub(crate) fn unquote(text: &str) -> &str {
    let t = text.trim();
    for &(open, close) in QUOTE_PAIRS {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains([open, close]) && !inner.trim().is_empty() {
                return inner.trim();
            }
        }
    }
    t
}

/// Rule `slogan`: a short one-line block that ends with `!` (closing quotes allowed), opens with
/// `¡`, or is set in capitals (at least two words, four letters, in any cased script: Latin,
/// Cyrillic, Greek…).
pub(crate) fn is_slogan(block: &Block) -> bool {
    let text = unquote(&block.text).trim_end_matches(['"', '»', '”', '“', '\'', ')', ' ']);
    if block.lines != 1 || text.is_empty() || text.chars().count() > MAX_SLOGAN_CHARS {
        return false;
    }
    // A line in capitals with a date is a closing line (`ATHENS 15/12/2014 THE PRESS OFFICE`).
    let dated = || super::dates::find_in_text(text).is_some();
    // People with their role after a dash sign (`MARTA IBÁÑEZ - SEC. GRAL.`).
    let signs = || super::role_dash::is_names_with_role(text);
    if is_paragraph_of_sentences(text) {
        return false;
    }
    text.ends_with(['!', '！'])
        || text.starts_with('¡')
        || is_rallying_cry(text)
        || (in_capitals(text) && !dated() && !signs())
}

/// The shortest text of several sentences that is read as a paragraph rather than a slogan.
const MIN_PARAGRAPH_CHARS: usize = 60;

/// A body paragraph, not a slogan: several sentences, one of them closed by a full stop
/// (`Wir erwarten, dass der Rat die Vorlage zurückzieht. Sprechen Sie mit uns …!`). Slogans
/// are short and exclaim each of their sentences (`Paz! Pão! Terra!`, `Workers of the world,
/// unite! You have nothing to lose but your chains!`).
fn is_paragraph_of_sentences(text: &str) -> bool {
    let stops = text.match_indices(['.', '。']).filter(|(i, m)| {
        let rest = &text[i + m.len()..];
        let next = rest.trim_start().chars().next();
        rest.starts_with(' ')
            && next.is_some_and(char::is_uppercase)
            && !after_abbreviation(&text[..*i])
    });
    text.chars().count() >= MIN_PARAGRAPH_CHARS && stops.count() >= 1
}

/// `… Dr`, `… e.V`, `… St`: the word before a full stop is an abbreviation or an initial (one
/// or two letters, or letters with stops in them), so the stop closes no sentence.
fn after_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or(before);
    word.chars().filter(|c| c.is_alphabetic()).count() <= 2 || word.contains('.')
}

/// The words that open a rallying cry (`long live …`, `down with …`), by language, compared
/// after folding. A closed class: a line that opens with one is a slogan even when it does not
/// exclaim (`عاشت وحدة المعلمين`, `Yaşasın örgütlü mücadelemiz`, `Viva a luta`).
#[rustfmt::skip]
const RALLYING_OPENERS: &[&str] = &[
    "long live", "down with", // en
    "viva", "vivan", "vivam", "abajo", "abaixo", "evviva", "abbasso", // es, pt, it
    "vive", "vivent", "à bas", // fr
    "es lebe", "es leben", "hoch die", "nieder mit", // de
    "да здравствует", "да здравствуют", "долой", "хай живе", "хай живуть", "геть", // ru, uk
    "عاش", "عاشت", "تحيا", "يحيا", "يسقط", "تسقط", "المجد", // ar
    "زنده باد", "مرگ بر", "درود بر", // fa
    "yaşasın", "kahrolsun", // tr
    "ζήτω", "ζητω", // el
    "יחי", "תחי", "יחיו", "הלאה", // he
    "打倒", // zh
];

/// The words that close a rallying cry in languages that put them last (`… زنده باد`,
/// `… yaşasın`, `…万岁`).
const RALLYING_CLOSERS: &[&str] = &["زنده باد", "پاینده باد", "yaşasın", "万岁", "萬歲"];

/// The most words of a rallying cry that does not exclaim.
const MAX_RALLYING_WORDS: usize = 10;

/// Rule `slogan`, a rallying cry: a short line, with no full stop, that opens (or, in Persian,
/// Turkish and Chinese, closes) with the words for `long live` or `down with`.
pub(crate) fn is_rallying_cry(text: &str) -> bool {
    let t = unquote(text).trim_end_matches(['!', '！', ' ']);
    let words = words_up_to(t, MAX_RALLYING_WORDS + 1);
    if words == 0 || words > MAX_RALLYING_WORDS || t.ends_with(['.', '。', ':', ',', '،']) {
        return false;
    }
    let folded = super::month_names::fold(t);
    // Chinese is written without spaces: its words need no space after or before them.
    let unspaced = |w: &str| w.chars().all(super::header::is_han);
    let opens = FOLDED_OPENERS.iter().any(|w| {
        folded.strip_prefix(w.as_str()).is_some_and(|rest| {
            let rest = rest.trim_start_matches(',');
            (rest.starts_with(' ') || unspaced(w)) && !rest.trim().is_empty()
        })
    });
    let closes = FOLDED_CLOSERS.iter().any(|w| {
        folded
            .strip_suffix(w.as_str())
            .is_some_and(|rest| (rest.ends_with(' ') || unspaced(w)) && !rest.trim().is_empty())
    });
    opens || closes
}

/// [`RALLYING_OPENERS`] and [`RALLYING_CLOSERS`] folded once per run, not once a line.
static FOLDED_OPENERS: LazyLock<Vec<String>> = LazyLock::new(|| folded(RALLYING_OPENERS));
static FOLDED_CLOSERS: LazyLock<Vec<String>> = LazyLock::new(|| folded(RALLYING_CLOSERS));

fn folded(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| super::month_names::fold(w)).collect()
}

/// The fewest and most words of a motto that neither exclaims nor is set in capitals: more
/// than a person's name in such a script may have (see `closing::reads_as_a_name`).
const MOTTO_WORDS: std::ops::RangeInclusive<usize> = 5..=10;

/// Rule `slogan`, a motto in a script without capitals: the statement's last line, under a
/// paragraph that ends a sentence, five to ten words with no closing punctuation and no digits
/// that name no body (`الصحة حق لكل أهل الوادي`, `زنده باد همبستگی کارگران ساختمانی ایران`).
/// Such a script cannot set a slogan in capitals, and many slogans do not exclaim; a shorter
/// line may be a person's name, and is left to the closing rules.
pub(crate) fn is_closing_motto(block: &Block, above: &Block) -> bool {
    let t = unquote(&block.text);
    let words = words_up_to(t, MOTTO_WORDS.end() + 1);
    let cased = t.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    let above = above.text.trim_end_matches(['"', '»', '”', ')', ' ']);
    block.lines == 1
        && !cased
        && MOTTO_WORDS.contains(&words)
        && !t.ends_with(|c: char| c.is_ascii_punctuation() || "،؛؟。：".contains(c))
        && !t.chars().any(char::is_numeric)
        && !t
            .split_whitespace()
            .any(super::subject_issuer::is_body_word)
        && !super::closing::is_valediction(t)
        && above.ends_with(['.', '!', '?', '…', '؟', '。', '！'])
}

/// Set in capitals: at least two words and four letters, none of them lower case, in a script
/// that has capitals.
pub(crate) fn in_capitals(text: &str) -> bool {
    // One pass that stops at the first lower-case letter: most lines are running text, and a
    // paragraph's letters need not all be looked at to say so.
    let mut letters = 0usize;
    let mut upper = false;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() && c.is_lowercase() {
            return false;
        }
        letters += 1;
        upper |= c.is_uppercase();
    }
    letters >= 4 && upper && words_up_to(text, 2) >= 2
}

/// The run of slogans that ends at block `end`, starting no earlier than `floor` (so that the
/// body keeps at least the blocks before `floor`). Empty when organisations in capitals close
/// it (rule `caps-signatory`, see [`closed_by_caps_bodies`]): the closing rules read them, and
/// the slogans above them are looked for before the signature.
pub(crate) fn run_before(blocks: &[Block], floor: usize, end: usize) -> Range<usize> {
    let mut start = end.min(blocks.len());
    let end = start;
    while start > floor && is_slogan(&blocks[start - 1]) {
        start -= 1;
    }
    if closed_by_caps_bodies(blocks, start..end) {
        end..end
    } else {
        start..end
    }
}

/// Rule `caps-signatory`, organisations one a line: where the lines in capitals that close a
/// run of slogans start, when the first of them opens with a body's name (`SINDICATO DOS
/// TRABALHADORES NAS INDÚSTRIAS` / `DA CONSTRUÇÃO DE PEDRA ALTA`, `ΣΩΜΑΤΕΙΟ ΛΙΜΕΝΕΡΓΑΤΩΝ …` /
/// `ΕΝΩΣΗ ΝΑΥΤΕΡΓΑΤΩΝ …`, `ΤΟ ΣΩΜΑΤΕΙΟ …` / `Ο ΣΥΛΛΟΓΟΣ …`) and none of them exclaims or holds
/// a comma: they sign, they are no slogans.
fn closed_by_caps_bodies(blocks: &[Block], run: Range<usize>) -> bool {
    let plain = |i: usize| {
        let t = unquote(&blocks[i].text);
        in_capitals(t)
            && !t.contains(|c: char| {
                (c.is_ascii_punctuation() && !".()-'&".contains(c)) || "¡¿！，。،".contains(c)
            })
    };
    let first_body = run
        .clone()
        .find(|&i| plain(i) && super::closing::opens_with_body_word(unquote(&blocks[i].text)));
    first_body.is_some_and(|k| (k..run.end).all(plain))
}

/// Rule `caps-signatory`: the first line of a run of slogans that is set in capitals with no
/// punctuation at all, above slogans that exclaim (`FRIENDS OF THE LIBRARY` / `Books not
/// profits!`), is the organisation signing, not a slogan. Returns the run without it.
pub(crate) fn without_caps_signatory(blocks: &[Block], run: Range<usize>) -> Range<usize> {
    if run.len() < 2 {
        return run;
    }
    let first = unquote(&blocks[run.start].text);
    let unpunctuated = !first.contains(|c: char| c.is_ascii_punctuation() || "¡¿！。،".contains(c));
    let exclaiming = blocks[run.start + 1..run.end].iter().any(|b| {
        let t = unquote(&b.text);
        t.ends_with(['!', '！']) || t.starts_with('¡')
    });
    if in_capitals(first) && unpunctuated && exclaiming {
        run.start + 1..run.end
    } else {
        run
    }
}

/// Rule `caps-signatory`, after the slogans: the last line of a run of slogans that is set in
/// capitals with no punctuation and names an organisation (`ΤΟ ΔΙΟΙΚΗΤΙΚΟ ΣΥΜΒΟΥΛΙΟ`), under
/// slogans that exclaim, signs. Returns the run without it.
pub(crate) fn caps_signatory_last(blocks: &[Block], run: Range<usize>) -> Option<Range<usize>> {
    if run.len() == 1 && is_caps_body(&blocks[run.start].text) {
        return Some(run.start..run.start);
    }
    if run.len() < 2 {
        return None;
    }
    let last = unquote(&blocks[run.end - 1].text);
    let unpunctuated = !last.contains(|c: char| c.is_ascii_punctuation() || "¡¿！。،".contains(c));
    let exclaiming = blocks[run.start..run.end - 1].iter().all(|b| {
        let t = unquote(&b.text);
        t.ends_with(['!', '！']) || t.starts_with('¡')
    });
    (in_capitals(last) && unpunctuated && exclaiming && names_organisation(last))
        .then_some(run.start..run.end - 1)
}

/// Articles that open a body's name set in capitals (compared after folding).
const CAPS_ARTICLES: &[&str] = &[
    "the", "το", "η", "ο", "οι", "la", "el", "le", "il", "die", "der", "das", "o", "a", "los",
    "las", "les", "os", "as",
];

/// The most words of a body's name set in capitals alone at the end.
const MAX_CAPS_BODY_WORDS: usize = 8;

/// Rule `caps-signatory`, alone at the end: `ΤΟ ΔΙΟΙΚΗΤΙΚΟ ΣΥΜΒΟΥΛΙΟ`, `THE EXECUTIVE
/// COMMITTEE`: a line in capitals with no punctuation, opening with an article and naming a
/// body, signs; it is no slogan.
fn is_caps_body(text: &str) -> bool {
    let t = unquote(text);
    let words: Vec<&str> = t.split_whitespace().collect();
    in_capitals(t)
        && !t.contains(|c: char| c.is_ascii_punctuation() || "¡¿！。،".contains(c))
        && words.len() <= MAX_CAPS_BODY_WORDS
        && words
            .first()
            .is_some_and(|w| CAPS_ARTICLES.contains(&super::month_names::fold(w).as_str()))
        && names_organisation(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Block {
        Block {
            line: 1,
            lines: 1,
            source: text.to_owned(),
            text: super::super::statement::squash(text),
            plain_lines: Default::default(),
        }
    }

    #[test]
    fn a_line_in_capitals_above_exclaiming_slogans_signs() {
        let blocks: Vec<Block> = [
            "FRIENDS OF GREYFORD LIBRARY",
            "Books not profits!",
            "Keep it public!",
        ]
        .into_iter()
        .map(one)
        .collect();
        assert_eq!(without_caps_signatory(&blocks, 0..3), 1..3);
        // A slogan in capitals with punctuation, or a run without exclamations, stays whole.
        let blocks: Vec<Block> = ["WORKERS OF THE WORLD, UNITE", "Long live the strike!"]
            .into_iter()
            .map(one)
            .collect();
        assert_eq!(without_caps_signatory(&blocks, 0..2), 0..2);
        let blocks: Vec<Block> = ["PEACE BREAD LAND", "ALL POWER TO THE COUNCILS"]
            .into_iter()
            .map(one)
            .collect();
        assert_eq!(without_caps_signatory(&blocks, 0..2), 0..2);
    }

    #[test]
    fn a_line_in_capitals_naming_a_body_under_the_slogans_signs() {
        let blocks: Vec<Block> = ["Καμία απόλυση!", "ΤΟ ΔΙΟΙΚΗΤΙΚΟ ΣΥΜΒΟΥΛΙΟ ΤΟΥ ΣΩΜΑΤΕΙΟΥ"]
            .into_iter()
            .map(one)
            .collect();
        assert_eq!(caps_signatory_last(&blocks, 0..2), Some(0..1));
        // Alone, opening with an article.
        let blocks: Vec<Block> = ["Body.", "ΤΟ ΔΙΟΙΚΗΤΙΚΟ ΣΥΜΒΟΥΛΙΟ"]
            .into_iter()
            .map(one)
            .collect();
        assert_eq!(caps_signatory_last(&blocks, 1..2), Some(1..1));
        let blocks: Vec<Block> = ["Body.", "WORKERS OF THE WORLD UNITE"]
            .into_iter()
            .map(one)
            .collect();
        assert_eq!(caps_signatory_last(&blocks, 1..2), None);
        let blocks: Vec<Block> = ["Viva la huelga!", "PAN TRABAJO Y LIBERTAD"]
            .into_iter()
            .map(one)
            .collect();
        assert_eq!(caps_signatory_last(&blocks, 0..2), None);
    }

    #[test]
    fn slogans_in_many_languages() {
        for text in [
            "Abaixo as ditaduras de Putin e Nazarbayev!",
            "¡Viva la solidaridad internacional",
            "¡No pasarán!",
            "WORKERS OF THE WORLD, UNITE",
            "«Paz, pão e terra!»",
            "„Hoch die internationale Solidarität!“",
            "Vive la grève générale !",
            "Viva il Primo Maggio!",
            "Да здравствует Первое мая!",
            "ДОЛОЙ ВОЙНУ",
            "РУКИ ПРОЧЬ ОТ КАЗАХСТАНА",
            "عاش نضال العمال!",
            "ABAIXO\u{a0}A GUERRA",
            "Workers of the world, unite! You have nothing to lose but your chains!",
            "Paz! Pão! Terra!",
            "Hände weg vom Freibad! Dr. Müller muss gehen!",
        ] {
            assert!(is_slogan(&one(text)), "{text}");
        }
        // A body paragraph of several sentences ending with an exclamation mark is no slogan.
        for text in [
            "Wir erwarten, dass der Rat die Vorlage zurückzieht. Sprechen Sie mit uns über eine gerechte Staffelung!",
            "Nous attendons une réponse du maire. Nous ne lâcherons rien et nous serons là lundi !",
            "Мы ждём ответа администрации. Мы не отступим и придём на слушания!",
        ] {
            assert!(!is_slogan(&one(text)), "{text}");
        }
        for text in [
            "An ordinary sentence.",
            "OK",
            "CGTP-IN",
            "Comité Central (08.01.22)",
            "نحن ندعو العمال إلى التضامن.",
        ] {
            assert!(!is_slogan(&one(text)), "{text}");
        }
    }

    #[test]
    fn rallying_cries_are_slogans_without_an_exclamation_mark() {
        for text in [
            "عاشت وحدة المعلمين",
            "يسقط قرار التجويع",
            "Yaşasın örgütlü mücadelemiz",
            "Sınıf dayanışması yaşasın",
            "Viva a luta dos trabalhadores",
            "Long live the tenants' union",
            "Es lebe die Solidarität",
            "À bas la vie chère",
            "Да здравствует солидарность",
            "Хай живе профспілка",
            "Ζήτω η απεργία",
            "יחי המאבק",
            "اتحاد کارگران زنده باد",
            "打倒官僚主义",
            "工人团结万岁",
        ] {
            assert!(is_rallying_cry(text), "{text}");
            assert!(is_slogan(&one(text)), "{text}");
        }
        for text in [
            "Viva",
            "Vivendo em Pedra Alta desde 1990",
            "Vive la grève, disait-il, et tout le monde riait.",
            "نقابة المعلمين في محافظة الواحة الخضراء",
            "Sendikamız yaşasın diye çalıştık, ama olmadı, şimdi ne yapacağız, bilmiyoruz, bakalım, göreceğiz.",
            "Long live",
        ] {
            assert!(!is_rallying_cry(text), "{text}");
        }
    }

    #[test]
    fn quotes_are_stripped_only_when_they_wrap_the_line() {
        assert_eq!(unquote("«Paz, pão e terra!»"), "Paz, pão e terra!");
        assert_eq!(
            unquote(" “Hands off Kazakhstan!” "),
            "Hands off Kazakhstan!"
        );
        assert_eq!(unquote("„Nein zum Krieg“"), "Nein zum Krieg");
        assert_eq!(unquote("»Nein zum Krieg«"), "Nein zum Krieg");
        assert_eq!(unquote("\"Stop the war\""), "Stop the war");
        assert_eq!(unquote("“A” and “B”"), "“A” and “B”");
        assert_eq!(unquote("«Viva o \"povo\"!»"), "Viva o \"povo\"!");
        assert_eq!(unquote("«»"), "«»");
        assert_eq!(unquote("plain"), "plain");
    }

    #[test]
    fn runs_leave_the_body_alone() {
        let blocks: Vec<Block> = ["Text.", "Viva!", "Abaixo!"].map(one).to_vec();
        assert_eq!(run_before(&blocks, 1, 3), 1..3);
        assert_eq!(run_before(&blocks, 2, 3), 2..3);
        assert_eq!(run_before(&blocks, 1, 2), 1..2);
        assert_eq!(run_before(&blocks, 0, 1), 1..1);
    }

    #[test]
    fn organisations_in_capitals_one_a_line_at_the_end_are_no_slogans() {
        let blocks: Vec<Block> = [
            "Body of the statement.",
            "Pedra Alta, 21 de novembro de 2024.",
            "SINDICATO DOS METALÚRGICOS",
            "DO VALE DO RIO FUNDO",
        ]
        .into_iter()
        .map(one)
        .collect();
        assert_eq!(run_before(&blocks, 1, 4), 4..4);
        let blocks: Vec<Block> = [
            "Body of the statement.",
            "ΤΟ ΣΩΜΑΤΕΙΟ ΟΙΚΟΔΟΜΩΝ ΛΙΜΝΗΣ",
            "Ο ΣΥΛΛΟΓΟΣ ΓΟΝΕΩΝ Π.Ε. ΛΙΜΝΗΣ",
        ]
        .into_iter()
        .map(one)
        .collect();
        assert_eq!(run_before(&blocks, 1, 3), 3..3);
        // Slogans in capitals stay slogans, and so does one naming a body with a comma in it.
        let blocks: Vec<Block> = [
            "Body of the statement.",
            "ABAIXO A REFORMA",
            "SINDICATO FORTE, CATEGORIA UNIDA",
        ]
        .into_iter()
        .map(one)
        .collect();
        assert_eq!(run_before(&blocks, 1, 3), 1..3);
    }
}
