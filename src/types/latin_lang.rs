//! whatlang's answer for Latin-script text, for a fraction of the work.
//!
//! [`detect`] returns exactly what `whatlang::detect` returns (language, script, confidence, to
//! the last bit of the float), and hands every text that is not plainly Latin script (another
//! script's letters anywhere, or no letters at all) to whatlang itself.
//!
//! Hand-written because whatlang offers no cheaper API: for a Latin text it lowercases the text
//! into a new String, counts its trigrams in a hash map, then looks each of 37 languages' 300
//! profile trigrams up in that map (11,100 lookups a text), and scores alphabets in another pass.
//! Here one pass over the bytes (ASCII looked up in a table, the rest decoded and lowercased on
//! the fly) counts the trigrams in a fixed open-addressing table reused by each thread
//! ([`TrigramCounts`]); the letters and the alphabet counts are read off the distinct trigrams
//! afterwards, not per character. The trigrams are ranked by a counting sort on their counts,
//! sorting only within a count, and the profile side is an inverted index built once (trigram →
//! the languages and ranks it has), so a text costs one lookup per ranked trigram (at most
//! 600). The tables are whatlang's own ([`super::whatlang_latin`], generated from its source);
//! the arithmetic, the float expressions and the sorts (with their tie orders) are whatlang
//! 0.18's, step by step, so the answer is the same. The tests compare both on random texts in
//! many scripts and on every eval item.

use std::cell::Cell;
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
    /// Each ASCII character as the count reads it: a space for a stop character, the
    /// lowercase form of a Latin letter, 0 for the rest (DEL), which takes the general path.
    ascii_lower: [u8; 128],
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
    let ascii_lower = std::array::from_fn(|byte| {
        let ch = char::from(byte as u8);
        if is_stop_char(ch) {
            b' '
        } else if is_latin(ch) {
            ch.to_ascii_lowercase() as u8
        } else {
            0
        }
    });
    Alphabets {
        chars,
        langs,
        ascii,
        ascii_lower,
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
    /// `(trigram, start, end)` by open addressing, as [`TrigramCounts`] keeps its counts;
    /// `(0, 0, 0)` for an empty slot. A probe costs a third of a general hash map's lookup,
    /// and a text makes up to 600.
    slots: Box<[(u64, u32, u32); PROFILE_SLOTS]>,
    entries: Vec<(u8, u16)>,
    /// Each profile's length in trigrams, in `PROFILES` order.
    lengths: Vec<u32>,
}

/// The profile index's slots: at least twice the profiles' distinct trigrams (the test
/// `the_profile_index_is_at_most_half_full` checks it).
const PROFILE_SLOTS: usize = 16384;

/// The slot where a probe for `trigram` starts in a table of `SLOTS` slots (a power of two):
/// the top bits of a product (Fibonacci hashing).
#[inline(always)]
fn home_slot<const SLOTS: usize>(trigram: u64) -> usize {
    (trigram.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

impl Profiles {
    /// The slot of `trigram`, or the empty slot where it goes.
    fn slot(&self, trigram: u64) -> usize {
        let mut slot = home_slot::<PROFILE_SLOTS>(trigram);
        loop {
            let held = self.slots[slot % PROFILE_SLOTS].0;
            if held == trigram || held == 0 {
                return slot % PROFILE_SLOTS;
            }
            slot += 1;
        }
    }

    /// The (language, rank) pairs of the profiles that have `trigram`.
    fn of(&self, trigram: u64) -> &[(u8, u16)] {
        let (_, start, end) = self.slots[self.slot(trigram)];
        &self.entries[start as usize..end as usize]
    }
}

/// Built in two passes over the profiles (how many entries each trigram has, then the
/// entries in their places), rather than with a list per trigram: a build's first detection
/// pays for it.
static PROFILE_INDEX: LazyLock<Profiles> = LazyLock::new(|| {
    let mut all: Vec<(u64, u8, u16)> = Vec::with_capacity(PROFILES.len() * 300);
    let mut lengths = Vec::with_capacity(PROFILES.len());
    for (lang, &(_, profile)) in PROFILES.iter().enumerate() {
        let mut chars = profile.chars();
        let mut rank = 0;
        while let (Some(a), Some(b), Some(c)) = (chars.next(), chars.next(), chars.next()) {
            all.push((pack(a, b, c), lang as u8, rank));
            rank += 1;
        }
        lengths.push(u32::from(rank));
    }
    let slots = vec![(0, 0, 0); PROFILE_SLOTS]
        .into_boxed_slice()
        .try_into()
        .expect("PROFILE_SLOTS slots");
    let mut profiles = Profiles {
        slots,
        entries: vec![(0, 0); all.len()],
        lengths,
    };
    // First each trigram's number of entries, as its range's end.
    for &(trigram, _, _) in &all {
        let slot = profiles.slot(trigram);
        profiles.slots[slot].0 = trigram;
        profiles.slots[slot].2 += 1;
    }
    // Then the ranges, each empty at its start, filled as the entries are placed.
    let mut start = 0;
    for (_, range_start, range_end) in profiles.slots.iter_mut() {
        let len = *range_end;
        (*range_start, *range_end) = (start, start);
        start += len;
    }
    for &(trigram, lang, rank) in &all {
        let slot = profiles.slot(trigram);
        let end = &mut profiles.slots[slot].2;
        profiles.entries[*end as usize] = (lang, rank);
        *end += 1;
    }
    profiles
});

/// What one pass over a Latin-script text gathers for both of whatlang's methods.
struct Counts {
    /// Non-stop characters of the lowercased text (the alphabet method's `max_raw_score`).
    letters: usize,
    /// Twice the occurrences of each alphabet character (`Alphabets::chars` order).
    char_scores: Vec<usize>,
    /// Each trigram of the lowercased text and how often it occurs.
    trigrams: TrigramCounts,
    /// How many distinct trigrams occur each number of times (index 0 unused).
    by_count: Vec<u32>,
}

/// The packed pair `(' ', ' ')`: the two characters before a text's first, as whatlang starts.
const SPACE_PAIR: u64 = (0x20 << 21) | 0x20;
/// The low 42 bits of a packed trigram: its last two characters.
const PAIR_MASK: u64 = (1 << 42) - 1;

/// The running state of whatlang's trigram count: the two characters before the next, packed
/// as [`pack`] packs a trigram's last two.
///
/// whatlang starts with `c1 = ' '` and `c2` the first character; starting with two spaces
/// instead is the same, because the trigram `(' ', ' ', first)` is never counted.
struct TrigramWindow {
    pair: u64,
}

impl TrigramWindow {
    /// A stop character: the trigram `(c1, c2, ' ')` counts unless `c2` is a space.
    #[inline(always)]
    fn push_space(&mut self, trigrams: &mut TrigramCounts) {
        let trigram = (self.pair << 21) | 0x20;
        if self.pair & 0x1F_FFFF != 0x20 {
            trigrams.add(trigram);
        }
        self.pair = trigram & PAIR_MASK;
    }

    /// A letter `c3`: the trigram `(c1, c2, c3)` counts unless `c1` and `c2` are spaces.
    #[inline(always)]
    fn push_letter(&mut self, c3: char, trigrams: &mut TrigramCounts) {
        let trigram = (self.pair << 21) | u64::from(c3);
        if self.pair != SPACE_PAIR {
            trigrams.add(trigram);
        }
        self.pair = trigram & PAIR_MASK;
    }
}

/// A trigram count: an open-addressing table of packed trigrams (linear probing, multiplicative
/// hash), since a count is one probe per character of every text detected.
///
/// Hand-written because it is the detector's inner loop: a general hash map's entry API (a
/// hasher, control bytes, tags, growth) costs about three times the instructions of this
/// probe, and the keys here are plain nonzero integers (a packed trigram always has a
/// character in its high bits, so 0 can mark an empty slot). The size is fixed, so the slot
/// mask is a constant and no index needs a bounds check; a text with more distinct trigrams
/// than [`TRIGRAM_CAPACITY`] is handed to whatlang. One table serves each thread's texts in
/// turn ([`TrigramCounts::take`], given back by [`Counts::detect`]): clearing the slots a text
/// used is cheaper than zeroing a new table for every text.
struct TrigramCounts {
    /// `(trigram, count)`, `(0, 0)` for an empty slot.
    slots: Box<[(u64, u32); TRIGRAM_SLOTS]>,
    /// The occupied slots, in the order they were filled (the first `len`): what is read and
    /// cleared, rather than every slot.
    occupied: Box<[u32; TRIGRAM_CAPACITY]>,
    /// How many slots are occupied: the distinct trigrams counted.
    len: usize,
    /// Whether a trigram found the table full (and was not counted).
    overflowed: bool,
}

/// The most distinct trigrams a count holds: more than a detection sample can have (1,500
/// characters, each lowercased to at most two: 3,000), so that only longer texts go to
/// whatlang.
const TRIGRAM_CAPACITY: usize = 4096;
/// Twice the capacity, so that a probe meets an empty slot soon.
const TRIGRAM_SLOTS: usize = 2 * TRIGRAM_CAPACITY;

thread_local! {
    /// The thread's trigram table between two texts, empty.
    static SPARE_TRIGRAMS: Cell<Option<TrigramCounts>> = const { Cell::new(None) };
}

impl TrigramCounts {
    /// The thread's table, empty, made on first use.
    fn take() -> TrigramCounts {
        SPARE_TRIGRAMS.take().unwrap_or_else(|| TrigramCounts {
            slots: vec![(0, 0); TRIGRAM_SLOTS]
                .into_boxed_slice()
                .try_into()
                .expect("TRIGRAM_SLOTS slots"),
            occupied: vec![0; TRIGRAM_CAPACITY]
                .into_boxed_slice()
                .try_into()
                .expect("TRIGRAM_CAPACITY slots"),
            len: 0,
            overflowed: false,
        })
    }

    /// Empties the table and keeps it for the thread's next text.
    fn give_back(mut self) {
        for &slot in &self.occupied[..self.len] {
            self.slots[slot as usize] = (0, 0);
        }
        self.len = 0;
        self.overflowed = false;
        SPARE_TRIGRAMS.set(Some(self));
    }

    /// One more occurrence of `trigram`, found or placed by linear probing from its
    /// [`home_slot`]. Inlined: a call's register saves cost as much as the
    /// probe.
    #[inline(always)]
    fn add(&mut self, trigram: u64) {
        let mut slot = home_slot::<TRIGRAM_SLOTS>(trigram);
        loop {
            let entry = &mut self.slots[slot % TRIGRAM_SLOTS];
            if entry.0 == trigram {
                entry.1 += 1;
                return;
            }
            if entry.0 == 0 {
                if self.len == TRIGRAM_CAPACITY {
                    self.overflowed = true;
                    return;
                }
                *entry = (trigram, 1);
                self.occupied[self.len] = slot as u32;
                self.len += 1;
                return;
            }
            slot = (slot + 1) % TRIGRAM_SLOTS;
        }
    }

    /// How many distinct trigrams were counted.
    fn len(&self) -> usize {
        self.len
    }

    /// Each trigram and its count, in no particular order.
    fn iter(&self) -> impl ExactSizeIterator<Item = (u64, u32)> + '_ {
        self.occupied[..self.len]
            .iter()
            .map(|&slot| self.slots[slot as usize % TRIGRAM_SLOTS])
    }
}

impl Counts {
    /// The counts of `text`, or `None` when whatlang would not call it Latin script for sure
    /// (a letter of another script, or no Latin letter at all) or the text has too many
    /// distinct trigrams to count here: whatlang reads those.
    ///
    /// The loop counts trigrams only: every non-stop character of the lowercased text is the
    /// middle of exactly one counted trigram (the next one; a trigram is skipped only when its
    /// middle is a space), so the letters and the alphabet counts are read off the distinct
    /// trigrams afterwards ([`Counts::read_trigrams`]), not paid for per character. So is
    /// whether an ASCII letter occurred: an `a`–`z` middle comes from one (or from a Latin
    /// letter beyond ASCII, `İ` or the Kelvin sign, which the loop notes anyway).
    fn of_latin_text(text: &str) -> Option<Counts> {
        let alphabets = &*ALPHABET_MAP;
        let mut trigrams = TrigramCounts::take();
        let mut window = TrigramWindow { pair: SPACE_PAIR };
        let mut latin_beyond_ascii = false;
        // Bytes rather than `chars()`: an ASCII byte is its character, so only the rest are
        // decoded.
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            let ch = if byte.is_ascii() {
                at += 1;
                match alphabets.ascii_lower[usize::from(byte)] {
                    b' ' => {
                        window.push_space(&mut trigrams);
                        continue;
                    }
                    0 => char::from(byte),
                    lower => {
                        window.push_letter(char::from(lower), &mut trigrams);
                        continue;
                    }
                }
            } else {
                let Some(ch) = text[at..].chars().next() else {
                    break;
                };
                at += ch.len_utf8();
                ch
            };
            if !is_stop_char(ch) {
                if is_latin(ch) {
                    latin_beyond_ascii = true;
                } else if has_script(ch) {
                    trigrams.give_back();
                    return None;
                }
            }
            for lower in ch.to_lowercase() {
                if is_stop_char(lower) {
                    window.push_space(&mut trigrams);
                } else {
                    window.push_letter(lower, &mut trigrams);
                }
            }
        }
        window.push_space(&mut trigrams);
        if trigrams.overflowed {
            trigrams.give_back();
            return None;
        }
        let mut counts = Counts {
            letters: 0,
            char_scores: vec![0; alphabets.chars.len()],
            trigrams,
            by_count: Vec::new(),
        };
        let ascii_letters = counts.read_trigrams(alphabets);
        (ascii_letters || latin_beyond_ascii).then_some(counts)
    }

    /// The letters and the alphabet counts, from the trigrams' middle characters, and how many
    /// trigrams have each count ([`Counts::ranked_trigrams`]), in one pass over the trigrams.
    /// Whether some middle is an ASCII letter.
    fn read_trigrams(&mut self, alphabets: &Alphabets) -> bool {
        for (trigram, n) in self.trigrams.iter() {
            let n_index = n as usize;
            if n_index >= self.by_count.len() {
                self.by_count.resize(n_index + 1, 0);
            }
            self.by_count[n_index] += 1;
            let middle = ((trigram >> 21) & 0x1F_FFFF) as u32;
            if middle == 0x20 {
                continue;
            }
            self.letters += n as usize;
            let position = char::from_u32(middle).and_then(|c| alphabets.position(c));
            if let Some(position) = position {
                self.char_scores[position] += 2 * n as usize;
            }
        }
        // Every ASCII letter is in some alphabet.
        (b'a'..=b'z').any(|c| {
            alphabets.ascii[usize::from(c)].is_some_and(|p| self.char_scores[usize::from(p)] > 0)
        })
    }

    /// whatlang's combined method (`combined::detect`) for the Latin script.
    fn detect(self) -> Info {
        let alphabet_scores = self.alphabet_scores();
        let (trigram_count, trigram_scores) = self.trigram_scores();
        // Each language once, in whatlang's order (the alphabet method's, then any other the
        // trigram method scored), with both scores, 0 where a method has none.
        let mut both = vec![None; Lang::all().len()];
        let mut all_langs = Vec::with_capacity(alphabet_scores.len());
        for &(lang, score) in &alphabet_scores {
            let (alphabet, _) = both[lang as usize].get_or_insert_with(|| {
                all_langs.push(lang);
                (0.0, 0.0)
            });
            *alphabet = score;
        }
        for &(lang, score) in &trigram_scores {
            let (_, trigram) = both[lang as usize].get_or_insert_with(|| {
                all_langs.push(lang);
                (0.0, 0.0)
            });
            *trigram = score;
        }
        let alphabet_weight = calc_alphabet_weight(self.letters);
        let trigram_weight = 1.0 - alphabet_weight;
        let mut scores = Vec::with_capacity(all_langs.len());
        for lang in all_langs {
            let (a, t) = both[lang as usize].unwrap_or_default();
            scores.push((lang, a * alphabet_weight + t * trigram_weight));
        }
        scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
        let (lang1, score1) = scores[0];
        let confidence = match scores.get(1) {
            Some(&(_, score2)) => calculate_confidence(score1, score2, trigram_count),
            None => 1.0,
        };
        self.trigrams.give_back();
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
        // Indexed by a `u8`, so the hot loop needs no bounds check.
        let mut savings = [0i64; 256];
        for (position, trigram) in ranked.iter().enumerate() {
            for &(lang, rank) in profiles.of(*trigram) {
                let diff = (position as i64 - i64::from(rank)).abs();
                savings[usize::from(lang)] += i64::from(MAX_TRIGRAM_DISTANCE) - diff;
            }
        }
        let mut lang_distances: Vec<(Lang, u32)> = PROFILES
            .iter()
            .zip(profiles.lengths.iter())
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
    ///
    /// whatlang sorts every (count, trigram) pair. Counts are small integers, so here the
    /// trigrams are placed by count first (a counting sort, most frequent first), and only
    /// each count's trigrams are sorted among themselves, as plain integers; the count that
    /// crosses `TEXT_TRIGRAMS_SIZE` has its greatest trigrams selected before they are sorted,
    /// and lower counts are not sorted at all. Same order, a fraction of the comparisons.
    fn ranked_trigrams(&self) -> Vec<u64> {
        // Where each count's trigrams start: after those of every higher count.
        let mut starts = vec![0usize; self.by_count.len()];
        let mut ahead = 0;
        for (start, &here) in starts.iter_mut().zip(&self.by_count).rev() {
            *start = ahead;
            ahead += here as usize;
        }
        let mut ranked = vec![0u64; self.trigrams.len()];
        let mut next = starts.clone();
        for (trigram, n) in self.trigrams.iter() {
            ranked[next[n as usize]] = trigram;
            next[n as usize] += 1;
        }
        // `next[n]` is now where count `n`'s trigrams end; counts run from high to low.
        for (&start, &end) in starts.iter().zip(&next).rev() {
            let same_count = &mut ranked[start..end];
            if end > TEXT_TRIGRAMS_SIZE {
                let kept = TEXT_TRIGRAMS_SIZE - start;
                if kept > 0 {
                    same_count.select_nth_unstable_by(kept - 1, |a, b| b.cmp(a));
                    same_count[..kept].sort_unstable_by(|a, b| b.cmp(a));
                }
                ranked.truncate(TEXT_TRIGRAMS_SIZE);
                break;
            }
            same_count.sort_unstable_by(|a, b| b.cmp(a));
        }
        ranked
    }
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
    fn the_profile_index_is_at_most_half_full() {
        let profiles = &*PROFILE_INDEX;
        let used = profiles.slots.iter().filter(|slot| slot.0 != 0).count();
        assert!(2 * used <= PROFILE_SLOTS, "{used} of {PROFILE_SLOTS} slots");
        let entries: u32 = profiles.lengths.iter().sum();
        assert_eq!(entries as usize, profiles.entries.len());
        // Every profile trigram finds its own language and rank.
        for (lang, &(_, profile)) in PROFILES.iter().enumerate() {
            let chars: Vec<char> = profile.chars().collect();
            for (rank, t) in chars.chunks_exact(3).enumerate() {
                let found = profiles.of(pack(t[0], t[1], t[2]));
                assert!(found.contains(&(lang as u8, rank as u16)), "{t:?}");
            }
        }
        assert!(profiles.of(pack('q', 'q', 'q')).is_empty());
    }

    #[test]
    fn ascii_letters_are_read_off_the_alphabet_counts() {
        // `read_trigrams` finds an ASCII letter by its alphabet count: each has one.
        let alphabets = &*ALPHABET_MAP;
        for c in b'a'..=b'z' {
            assert!(
                alphabets.ascii[usize::from(c)].is_some(),
                "{}",
                char::from(c)
            );
        }
        // An `a`–`z` in the lowercased text is an ASCII letter or a Latin letter beyond ASCII
        // (which the loop notes itself), so it means a Latin letter either way.
        for ch in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            if ch.to_lowercase().any(|l| l.is_ascii_lowercase()) {
                assert!(is_latin(ch), "{ch:?}");
            }
        }
    }

    #[test]
    fn a_text_with_more_trigrams_than_the_table_holds_is_whatlangs() {
        // Every three-letter word: tens of thousands of distinct trigrams.
        let letters = 'a'..='z';
        let words: Vec<String> = letters
            .clone()
            .flat_map(|a| letters.clone().map(move |b| (a, b)))
            .flat_map(|(a, b)| ('a'..='z').map(move |c| format!("{a}{b}{c}")))
            .collect();
        let text = words.join(" ");
        assert!(Counts::of_latin_text(&text).is_none());
        same(&text);
        // The table is whole again for the next text.
        same("Estamos convencidos de que solo los propios trabajadores tienen derecho.");
    }

    #[test]
    fn the_reused_table_starts_each_text_empty() {
        let texts = [
            "We are convinced that only the workers themselves have the right to decide.",
            "Wij roepen alle inwoners op de petitie te tekenen.",
            "Мы убеждены, что только сами трудящиеся имеют право решать.",
            "We are convinced that only the workers themselves have the right to decide.",
        ];
        for text in texts {
            same(text);
        }
        assert_eq!(detect(texts[0]), detect(texts[3]));
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
