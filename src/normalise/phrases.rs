//! Word lists made ready for matching once per run: a list of phrases (`share on`, `min read`)
//! split into words and indexed by their first word, so that a rule asks "does a phrase of the
//! list start here?" with one hash look-up and no allocation.
//!
//! Why: the residue rules compare every token of a short line against lists of a few hundred
//! phrases in many languages; splitting each phrase again at every token position cost more than
//! the rest of the inference. The lists themselves stay plain `&[&str]` data in the
//! `*_words` modules; this module only prepares them (in a `LazyLock` beside the rule).

use rustc_hash::FxHashMap;

/// A phrase list, split into words and indexed by first word; the order of the list is kept
/// among phrases with the same first word, so the first phrase that matches is the one the list
/// names first.
#[derive(Debug)]
pub(crate) struct PhraseList {
    /// FxHash: the keys are the lists' own words, hashed at every token a rule looks at; no
    /// input chooses them.
    by_first: FxHashMap<&'static str, Vec<Vec<&'static str>>>,
}

impl PhraseList {
    /// Splits every phrase of `list` on white space. A phrase of no words never matches.
    pub(crate) fn new(list: &'static [&'static str]) -> PhraseList {
        let mut by_first: FxHashMap<&'static str, Vec<Vec<&'static str>>> = FxHashMap::default();
        for phrase in list {
            let words: Vec<&'static str> = phrase.split_whitespace().collect();
            if let Some(first) = words.first() {
                by_first.entry(first).or_default().push(words);
            }
        }
        PhraseList { by_first }
    }

    /// The number of tokens of the first phrase of the list that `toks` starts with.
    pub(crate) fn match_at(&self, toks: &[&str]) -> Option<usize> {
        let candidates = self.by_first.get(toks.first()?)?;
        candidates
            .iter()
            .find(|words| {
                toks.len() >= words.len() && toks.iter().zip(words.iter()).all(|(t, w)| t == w)
            })
            .map(Vec::len)
    }

    /// Whether a phrase of the list opens with the word `first`.
    pub(crate) fn opens_with(&self, first: &str) -> bool {
        self.by_first.contains_key(first)
    }

    /// Whether a phrase of the list occurs anywhere in `toks`.
    pub(crate) fn occurs_in(&self, toks: &[&str]) -> bool {
        (0..toks.len()).any(|i| self.match_at(&toks[i..]).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn first_phrase_in_list_order_wins() {
        let list = PhraseList::new(&["share", "share on", "print", "  "]);
        assert_eq!(list.match_at(&toks("share on facebook")), Some(1));
        assert_eq!(list.match_at(&toks("print this")), Some(1));
        assert_eq!(list.match_at(&toks("facebook")), None);
        assert_eq!(list.match_at(&[]), None);
        let longer_first = PhraseList::new(&["share on", "share"]);
        assert_eq!(longer_first.match_at(&toks("share on facebook")), Some(2));
        assert_eq!(longer_first.match_at(&toks("share")), Some(1));
    }

    #[test]
    fn phrases_anywhere() {
        let list = PhraseList::new(&["min read", "lesezeit"]);
        assert!(list.occurs_in(&toks("5 min read")));
        assert!(!list.occurs_in(&toks("5 min")));
        assert!(!list.occurs_in(&toks("read min")));
    }
}
