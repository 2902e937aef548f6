//! whatlang's answer for Latin-script text, for a fraction of the work.
//!
//! [`detect`] returns exactly what `whatlang::detect` returns (language, script, confidence, to
//! the last bit of the float), and hands every text that is not plainly Latin script (another
//! script's letters anywhere, or no letters at all) to whatlang itself.
//!
//! Hand-written because whatlang offers no cheaper API: for a Latin text it lowercases the text
//! into a new String, counts its trigrams in a hash map, then looks each of 37 languages' 300
//! profile trigrams up in that map (11,100 lookups a text), and scores alphabets in another pass.
//! Here one pass over the characters lowercases them on the fly and feeds both the alphabet
//! count and the trigram count, and the profile side is an inverted index built once (trigram →
//! the languages and ranks it has), so a text costs one lookup per distinct trigram it has (at
//! most 600). The tables are whatlang's own ([`super::whatlang_latin`], generated from its
//! source); the arithmetic, the float expressions and the sorts (with their tie orders) are
//! whatlang 0.18's, step by step, so the answer is the same. The tests compare both on random
//! texts in many scripts and on every eval item.

use std::cmp::Reverse;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use whatlang::{Info, Lang, Script};

use super::whatlang_latin::{ALPHABETS, PROFILES};

/// whatlang's `MAX_TRIGRAM_DISTANCE`: a profile trigram missing from the text costs this much.
const MAX_TRIGRAM_DISTANCE: u32 = 300;
/// whatlang's `MAX_TOTAL_DISTANCE`.
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// whatlang's `TEXT_TRIGRAMS_SIZE`: only the text's most frequent trigrams are ranked.
const TEXT_TRIGRAMS_SIZE: usize = 600;

/// What `whatlang::detect(text)` returns.
pub(crate) fn detect(text: &str) -> Option<Info> {
    match Counts::of_latin_text(text) {
        Some(counts) => Some(counts.detect()),
        None => whatlang::detect(text),
    }
}

/// whatlang's `is_stop_char`: space, ASCII punctuation and digits.
fn is_stop_char(ch: char) -> bool {
    matches!(ch, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// whatlang's `is_latin` (script detection's test for the Latin script).
fn is_latin(ch: char) -> bool {
    // ASCII (most characters of a Latin text) answered by one test, not the ranges' tree.
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic();
    }
    matches!(ch,
        '\u{0080}'..='\u{00FF}'
        | '\u{0100}'..='\u{017F}'
        | '\u{0180}'..='\u{024F}'
        | '\u{0250}'..='\u{02AF}'
        | '\u{1D00}'..='\u{1D7F}'
        | '\u{1D80}'..='\u{1DBF}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2100}'..='\u{214F}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}'
    )
}

/// Whether whatlang counts `ch` for some script. General punctuation and currency signs (the
/// quotes, dashes and `€` of ordinary text) are answered without asking; the test
/// `scriptless_ranges_are_scriptless` checks every one of them.
fn has_script(ch: char) -> bool {
    if is_latin(ch) {
        return true;
    }
    if matches!(ch, '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}') {
        return false;
    }
    let mut buf = [0; 4];
    whatlang::detect_script(ch.encode_utf8(&mut buf)).is_some()
}

/// A trigram as one number: three 21-bit characters, first highest, so that the numbers sort
/// as whatlang's `Trigram(char, char, char)` does.
fn pack(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// The Latin alphabets, whatlang's `build_inverted_map`: each character that is in some
/// alphabet, sorted, with the languages whose alphabet has it.
struct Alphabets {
    chars: Vec<char>,
    langs: Vec<Vec<Lang>>,
    /// `chars`' index of each ASCII character, for the common case without a binary search.
    ascii: [Option<u16>; 128],
}

static ALPHABET_MAP: LazyLock<Alphabets> = LazyLock::new(|| {
    let mut map: FxHashMap<char, Vec<Lang>> = FxHashMap::default();
    for &(lang, alphabet) in ALPHABETS {
        for c in alphabet.chars() {
            map.entry(c).or_default().push(lang);
        }
    }
    let mut char_lang: Vec<(char, Vec<Lang>)> = map.into_iter().collect();
    char_lang.sort_unstable_by_key(|(c, _)| *c);
    let (chars, langs): (Vec<char>, Vec<Vec<Lang>>) = char_lang.into_iter().unzip();
    let mut ascii = [None; 128];
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            ascii[c as usize] = u16::try_from(i).ok();
        }
    }
    Alphabets {
        chars,
        langs,
        ascii,
    }
});

impl Alphabets {
    fn position(&self, c: char) -> Option<usize> {
        if c.is_ascii() {
            self.ascii[c as usize].map(usize::from)
        } else {
            self.chars.binary_search(&c).ok()
        }
    }
}

/// The trigram profiles inverted: for each trigram, the (language, rank) pairs that have it,
/// as a range of `entries`. Languages are indexes into `PROFILES`.
struct Profiles {
    index: FxHashMap<u64, (u32, u32)>,
    entries: Vec<(u8, u16)>,
}

static PROFILE_INDEX: LazyLock<Profiles> = LazyLock::new(|| {
    let mut by_trigram: FxHashMap<u64, Vec<(u8, u16)>> = FxHashMap::default();
    for (lang, &(_, profile)) in PROFILES.iter().enumerate() {
        let chars: Vec<char> = profile.chars().collect();
        for (rank, t) in chars.chunks_exact(3).enumerate() {
            let entry = (lang as u8, rank as u16);
            by_trigram
                .entry(pack(t[0], t[1], t[2]))
                .or_default()
                .push(entry);
        }
    }
    let mut index = FxHashMap::default();
    let mut entries = Vec::new();
    for (trigram, list) in by_trigram {
        let start = entries.len() as u32;
        entries.extend(list);
        index.insert(trigram, (start, entries.len() as u32));
    }
    Profiles { index, entries }
});

/// The profile lengths in trigrams, in `PROFILES` order.
static PROFILE_LENGTHS: LazyLock<Vec<u32>> = LazyLock::new(|| {
    PROFILES
        .iter()
        .map(|(_, p)| (p.chars().count() / 3) as u32)
        .collect()
});

/// What one pass over a Latin-script text gathers for both of whatlang's methods.
struct Counts {
    /// Non-stop characters of the lowercased text (the alphabet method's `max_raw_score`).
    letters: usize,
    /// Twice the occurrences of each alphabet character (`Alphabets::chars` order).
    char_scores: Vec<usize>,
    /// Each trigram of the lowercased text and how often it occurs.
    trigrams: FxHashMap<u64, u32>,
}

/// The running state of whatlang's trigram count: the two characters before the next.
struct TrigramWindow {
    c1: char,
    c2: Option<char>,
}

impl TrigramWindow {
    fn push(&mut self, c3: char, trigrams: &mut FxHashMap<u64, u32>) {
        match self.c2 {
            None => self.c2 = Some(c3),
            Some(c2) => {
                if !(c2 == ' ' && (self.c1 == ' ' || c3 == ' ')) {
                    *trigrams.entry(pack(self.c1, c2, c3)).or_insert(0) += 1;
                }
                self.c1 = c2;
                self.c2 = Some(c3);
            }
        }
    }
}

impl Counts {
    /// The counts of `text`, or `None` when whatlang would not call it Latin script for sure:
    /// a letter of another script, or no Latin letter at all.
    fn of_latin_text(text: &str) -> Option<Counts> {
        let alphabets = &*ALPHABET_MAP;
        let mut counts = Counts {
            letters: 0,
            char_scores: vec![0; alphabets.chars.len()],
            trigrams: FxHashMap::with_capacity_and_hasher(text.len().min(2048), Default::default()),
        };
        let mut window = TrigramWindow { c1: ' ', c2: None };
        let mut latin = 0usize;
        for ch in text.chars() {
            if !is_stop_char(ch) {
                if is_latin(ch) {
                    latin += 1;
                } else if has_script(ch) {
                    return None;
                }
            }
            if ch.is_ascii() {
                counts.add(ch.to_ascii_lowercase(), alphabets, &mut window);
            } else {
                for lower in ch.to_lowercase() {
                    counts.add(lower, alphabets, &mut window);
                }
            }
        }
        window.push(' ', &mut counts.trigrams);
        (latin > 0).then_some(counts)
    }

    /// One character of the lowercased text.
    fn add(&mut self, c: char, alphabets: &Alphabets, window: &mut TrigramWindow) {
        if is_stop_char(c) {
            window.push(' ', &mut self.trigrams);
            return;
        }
        self.letters += 1;
        if let Some(position) = alphabets.position(c) {
            self.char_scores[position] += 2;
        }
        window.push(c, &mut self.trigrams);
    }

    /// whatlang's combined method (`combined::detect`) for the Latin script.
    fn detect(self) -> Info {
        let alphabet_scores = self.alphabet_scores();
        let (trigram_count, trigram_scores) = self.trigram_scores();
        let mut all_langs: Vec<Lang> = alphabet_scores.iter().map(|x| x.0).collect();
        for (lang, _) in trigram_scores.iter() {
            if !all_langs.contains(lang) {
                all_langs.push(*lang);
            }
        }
        let alphabet_weight = calc_alphabet_weight(self.letters);
        let trigram_weight = 1.0 - alphabet_weight;
        let mut scores = Vec::with_capacity(all_langs.len());
        for lang in all_langs {
            let a = score_of(&alphabet_scores, lang);
            let t = score_of(&trigram_scores, lang);
            scores.push((lang, a * alphabet_weight + t * trigram_weight));
        }
        scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
        let (lang1, score1) = scores[0];
        let confidence = match scores.get(1) {
            Some(&(_, score2)) => calculate_confidence(score1, score2, trigram_count),
            None => 1.0,
        };
        Info::new(Script::Latin, lang1, confidence)
    }

    /// whatlang's `generic_alphabet_calculate_scores` for the Latin script.
    fn alphabet_scores(&self) -> Vec<(Lang, f64)> {
        let alphabets = &*ALPHABET_MAP;
        let script_langs = Script::Latin.langs();
        let mut lang_scores = vec![0usize; Lang::all().len()];
        let mut common_score = 0usize;
        for (position, &char_score) in self.char_scores.iter().enumerate() {
            if char_score > 0 {
                let languages = &alphabets.langs[position];
                if languages.len() == script_langs.len() {
                    common_score += char_score;
                } else {
                    for &lang in languages {
                        lang_scores[lang as usize] += char_score;
                    }
                }
            }
        }
        let max_raw_score = self.letters;
        let mut raw_scores: Vec<(Lang, usize)> = script_langs
            .iter()
            .map(|&l| {
                let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
                (l, score)
            })
            .collect();
        raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));
        raw_scores
            .into_iter()
            .map(|(lang, raw)| (lang, raw as f64 / max_raw_score as f64))
            .collect()
    }

    /// whatlang's `calculate_scores_in_profiles`: the number of ranked trigrams and each
    /// language's score, best first.
    fn trigram_scores(&self) -> (usize, Vec<(Lang, f64)>) {
        let ranked = self.ranked_trigrams();
        let count = ranked.len() as u32;
        let profiles = &*PROFILE_INDEX;
        // Each language's distance is its profile length times the most a trigram can cost,
        // less what each profile trigram found in the text saves (`MAX - |rank difference|`,
        // negative when the ranks are further apart than that).
        let mut savings = vec![0i64; PROFILES.len()];
        for (position, trigram) in ranked.iter().enumerate() {
            let Some(&(start, end)) = profiles.index.get(trigram) else {
                continue;
            };
            for &(lang, rank) in &profiles.entries[start as usize..end as usize] {
                let diff = (position as i64 - i64::from(rank)).abs();
                savings[usize::from(lang)] += i64::from(MAX_TRIGRAM_DISTANCE) - diff;
            }
        }
        let mut lang_distances: Vec<(Lang, u32)> = PROFILES
            .iter()
            .zip(PROFILE_LENGTHS.iter())
            .zip(savings)
            .map(|((&(lang, _), &len), saved)| {
                let full = i64::from(len * MAX_TRIGRAM_DISTANCE);
                let mut total = (full - saved) as u32;
                if MAX_TRIGRAM_DISTANCE > count {
                    total =
                        total.wrapping_sub((MAX_TRIGRAM_DISTANCE - count) * MAX_TRIGRAM_DISTANCE);
                }
                (lang, total.clamp(0, MAX_TOTAL_DISTANCE))
            })
            .collect();
        lang_distances.sort_unstable_by_key(|(_, dist)| *dist);
        let max_dist = count * MAX_TRIGRAM_DISTANCE;
        let scores = lang_distances
            .iter()
            .map(|&(lang, distance)| {
                let similarity = max_dist.wrapping_sub(distance);
                (lang, similarity as f64 / max_dist as f64)
            })
            .collect();
        (ranked.len(), scores)
    }

    /// The text's most frequent trigrams, most frequent first (ties: the greater trigram
    /// first), at most `TEXT_TRIGRAMS_SIZE`: whatlang's `trigram_occurances_to_positions`.
    fn ranked_trigrams(&self) -> Vec<u64> {
        // Each (count, trigram) pair as one number, the count in the high 64 bits: the numbers
        // order as the pairs do, and one integer comparison is cheaper than a tuple's.
        let mut by_count: Vec<u128> = self
            .trigrams
            .iter()
            .map(|(&t, &n)| (u128::from(n) << 64) | u128::from(t))
            .collect();
        // The pairs are distinct (one per trigram), so the order is total: selecting the first
        // `TEXT_TRIGRAMS_SIZE` and sorting only those gives whatlang's full sort's head.
        if by_count.len() > TEXT_TRIGRAMS_SIZE {
            by_count.select_nth_unstable_by(TEXT_TRIGRAMS_SIZE - 1, |a, b| b.cmp(a));
            by_count.truncate(TEXT_TRIGRAMS_SIZE);
        }
        by_count.sort_unstable_by(|a, b| b.cmp(a));
        // The low 64 bits: the trigram.
        by_count.into_iter().map(|key| key as u64).collect()
    }
}

/// The score `scores` gives `lang`, 0 when it has none.
fn score_of(scores: &[(Lang, f64)], lang: Lang) -> f64 {
    scores
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|x| x.1)
        .unwrap_or(0.0)
}

/// whatlang's `calc_alphabet_weight`: the fewer letters, the more the alphabet counts.
fn calc_alphabet_weight(count: usize) -> f64 {
    let weight = -(count as f64 / 300.0) + 2.0 / 3.0;
    weight.clamp(1.0 / 3.0, 2.0 / 3.0)
}

/// whatlang's `calculate_confidence`.
fn calculate_confidence(highest_score: f64, second_score: f64, count: usize) -> f64 {
    if highest_score == 0.0 {
        return 0.0;
    }
    if second_score == 0.0 {
        return highest_score;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest_score - second_score) / second_score;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        let want = whatlang::detect(text);
        let got = detect(text);
        assert_eq!(got, want, "{text:?}");
        if let (Some(g), Some(w)) = (&got, &want) {
            assert_eq!(
                g.confidence().to_bits(),
                w.confidence().to_bits(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_tables_are_the_whatlang_in_cargo_lock() {
        let lock =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
        let want = format!(
            "name = \"whatlang\"\nversion = \"{}\"",
            super::super::whatlang_latin::WHATLANG_VERSION
        );
        assert!(
            lock.contains(&want),
            "whatlang changed: run scripts/whatlang-latin-tables"
        );
        let mut tabled: Vec<Lang> = ALPHABETS.iter().map(|x| x.0).collect();
        let mut profiled: Vec<Lang> = PROFILES.iter().map(|x| x.0).collect();
        let mut script: Vec<Lang> = Script::Latin.langs().to_vec();
        for v in [&mut tabled, &mut profiled, &mut script] {
            v.sort_by_key(|l| l.code());
        }
        assert_eq!(tabled, script);
        assert_eq!(profiled, script);
        assert!(PROFILES.len() < 256, "language indexes are u8");
    }

    #[test]
    fn scriptless_ranges_are_scriptless() {
        for ch in ('\u{2000}'..='\u{206F}').chain('\u{20A0}'..='\u{20CF}') {
            assert_eq!(whatlang::detect_script(&ch.to_string()), None, "{ch:?}");
        }
    }

    #[test]
    fn is_latin_is_whatlangs() {
        for ch in (0..=0x3000u32).filter_map(char::from_u32) {
            let whatlang_latin = whatlang::detect_script(&ch.to_string()) == Some(Script::Latin);
            assert_eq!(!is_stop_char(ch) && is_latin(ch), whatlang_latin, "{ch:?}");
        }
    }

    #[test]
    fn edge_cases_are_whatlangs() {
        for text in [
            "",
            " ",
            "a",
            "A",
            "ab",
            "1 2 3",
            "’",
            "— …",
            "İstanbul İzmir",
            "ΩΩ ohm ℧ K Å",
            "Ω",
            "ǅ ǈ ǋ ǲ",
            "e\u{0301}té",
            "DEL\u{7f}DEL",
            "Σίσυφος and Sisyphus",
            "Hello Привет",
            "I am begging pardon",
            "Además de todo lo anteriormente dicho, también encontramos...",
        ] {
            same(text);
        }
    }

    #[test]
    fn profile_texts_are_whatlangs() {
        // A text of each language's own profile trigrams: every rank is found and compared.
        for &(_, profile) in PROFILES {
            let chars: Vec<char> = profile.chars().collect();
            let words: String = chars
                .chunks(3)
                .map(|t| t.iter().collect::<String>())
                .collect();
            same(&words);
            let half: String = chars[..chars.len() / 2].iter().collect();
            same(&half);
        }
    }

    /// Words of Latin-script languages, with the punctuation, digits and signs of ordinary text.
    const LATIN_WORDS: &[&str] = &[
        "the",
        "and",
        "workers",
        "right",
        "We",
        "are",
        "convinced",
        "que",
        "os",
        "próprios",
        "trabalhadores",
        "têm",
        "direito",
        "de",
        "decidir",
        "destino",
        "país",
        "los",
        "derecho",
        "Kazajistán",
        "die",
        "Ordnung",
        "muss",
        "für",
        "immer",
        "Straße",
        "Grüße",
        "le",
        "peuple",
        "français",
        "œuvre",
        "Ça",
        "è",
        "perché",
        "città",
        "wij",
        "roepen",
        "gemeente",
        "på",
        "för",
        "økonomi",
        "jäsen",
        "kylmä",
        "Łódź",
        "zażółć",
        "gęślą",
        "jaźń",
        "değil",
        "ağaç",
        "şehir",
        "İstanbul",
        "Việt",
        "Nam",
        "tiếng",
        "người",
        "“quoted”",
        "—",
        "…",
        "’s",
        "€5",
        "3,5 %",
        "1.",
        "*",
        "-",
        "(",
        ")",
        "\n",
        "\n\n",
        "  ",
        ",",
        ".",
        "ﬁ",
        "Ǆ",
        "ß",
        "ẞ",
        "K",
        "Å",
        "ǉ",
        "ʻokina",
        "Ω",
        "ĳ",
        "\u{7f}",
        "¿Qué?",
        "¡Ya!",
        "«non»",
        "naïve",
        "café",
    ];

    /// Words of other scripts: whatlang reads these texts itself.
    const OTHER_WORDS: &[&str] = &[
        "Москва",
        "труд",
        "їжак",
        "ђак",
        "Ελλάδα",
        "ΣΟΣ",
        "עברית",
        "العربية",
        "فارسی",
        "हिन्दी",
        "中文",
        "日本語",
        "ひらがな",
        "カタカナ",
        "한국어",
        "ქართული",
    ];

    fn latin_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(LATIN_WORDS).prop_map(str::to_owned),
                2 => "[a-zA-Zàáâãçéêíóôõúüñ]{1,12}",
                1 => "[\\u{00C0}-\\u{024F}\\u{1E00}-\\u{1EFF}]{1,6}",
                1 => "[ .,;:!?0-9\\u{2010}-\\u{2027}\\u{20AC}]{1,3}",
            ],
            0..300,
        )
        .prop_map(|words| words.join(" "))
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                8 => prop::sample::select(LATIN_WORDS).prop_map(str::to_owned),
                1 => prop::sample::select(OTHER_WORDS).prop_map(str::to_owned),
                1 => any::<char>().prop_map(|c| c.to_string()),
            ],
            0..40,
        )
        .prop_map(|words| words.join(" "))
    }

    fn prop_same(text: &str) -> Result<(), TestCaseError> {
        let want = whatlang::detect(text);
        let got = detect(text);
        prop_assert_eq!(&got, &want);
        if let (Some(g), Some(w)) = (got, want) {
            prop_assert_eq!(g.confidence().to_bits(), w.confidence().to_bits());
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn latin_texts_are_whatlangs(text in latin_text()) {
            prop_same(&text)?;
        }

        #[test]
        fn mixed_texts_are_whatlangs(text in mixed_text()) {
            prop_same(&text)?;
        }
    }

    #[test]
    fn eval_items_are_whatlangs() {
        let eval = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
        let (mut n, mut fast) = (0, 0);
        for entry in walkdir::WalkDir::new(eval) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            same(&text);
            fast += usize::from(Counts::of_latin_text(&text).is_some());
            // The sample `lang::detect` reads is a prefix; ragged ends too.
            let prefix: String = text.chars().take(257).collect();
            same(&prefix);
            n += 1;
        }
        assert!(n > 100, "only {n} eval files");
        assert!(
            fast > n / 2,
            "only {fast} of {n} eval files read as Latin script"
        );
    }
}
