//! Statements: the published items that are one statement in several languages (a translation
//! group, linked by `normalise`), and which of them is the **original**.
//!
//! The main feed in `main_feed = "originals"` mode, the tag feeds in that mode and the language
//! feeds that fall back to the original all ask one question: for this statement, which item?
//! The answer must be the same on every run, and must not move when a translation arrives, so
//! the original is chosen by a fixed order over the group's members:
//!
//! 1. an item that says `translation_of` is a translation, never the original;
//! 2. then the earliest published (a translation is rarely out before its original);
//! 3. then an item in the configured language;
//! 4. then the smallest id.
//!
//! Pure: it reads the items; it renders and writes nothing.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Item, TranslationKey};

/// The statements of an instance: for each published item, the original of its statement.
///
/// Only statements of more than one published item are listed: an item in neither map is its
/// own statement, alone, in its own language (most items: the maps stay small, and a build
/// that plans 10,000 items does not fill two maps of 10,000 entries).
#[derive(Debug, Default)]
pub struct Statements {
    /// Item index → the index of its statement's original, for the published items whose
    /// statement has other published members (or whose original is another item).
    original: HashMap<usize, usize>,
    /// Item index (an original) → the languages of every published member of its statement,
    /// for originals of statements of more than one item.
    langs: HashMap<usize, Vec<String>>,
}

impl Statements {
    /// Groups `published` (indices into `all`) by their translations, and picks each group's
    /// original; `site_lang` is the configured language (rule 3).
    pub(crate) fn new(all: &[Item], published: &[usize], site_lang: &str) -> Statements {
        let mut statements = Statements::default();
        if published.iter().all(|&i| all[i].translations.is_empty()) {
            return statements;
        }
        let by_id: BTreeMap<&str, usize> = published
            .iter()
            .map(|&i| (all[i].id.value.as_str(), i))
            .collect();
        let rank = |i: usize| {
            let item = &all[i];
            let is_translation = matches!(
                item.translation_key.as_ref().map(|k| &k.value),
                Some(TranslationKey::Of(_))
            );
            (
                is_translation,
                item.published.value,
                item.lang.value != site_lang,
                item.id.value.as_str(),
            )
        };
        for &i in published {
            let members = std::iter::once(i).chain(
                all[i]
                    .translations
                    .iter()
                    .filter_map(|t| by_id.get(t.id.as_str()).copied()),
            );
            if members.clone().count() == 1 {
                continue;
            }
            let original = members.clone().min_by_key(|&m| rank(m)).unwrap_or(i);
            statements.original.insert(i, original);
            if original != i {
                // The original stands for this statement too, even when its own translations
                // do not name `i` (its own entry, when it has one, is made or kept as it is).
                statements.original.entry(original).or_insert(original);
            }
            if original == i {
                let mut langs: Vec<String> = members.map(|m| all[m].lang.value.clone()).collect();
                langs.sort();
                langs.dedup();
                statements.langs.insert(i, langs);
            }
        }
        statements
    }

    /// The original of item `i`'s statement (`i` itself for an original or an untranslated
    /// item, and for an item that is not published).
    pub fn original_of(&self, i: usize) -> usize {
        self.original.get(&i).copied().unwrap_or(i)
    }

    /// True when item `i` is its statement's original (or has no translations).
    pub fn is_original(&self, i: usize) -> bool {
        self.original_of(i) == i
    }

    /// True when the statement of original `i` (of `all`) has a published item in `lang`.
    pub(crate) fn has_lang(&self, all: &[Item], i: usize, lang: &str) -> bool {
        let original = self.original_of(i);
        match self.langs.get(&original) {
            Some(langs) => langs.iter().any(|l| l == lang),
            // A statement of one item: its own language.
            None => all[original].lang.value == lang,
        }
    }

    /// `candidates` (newest first) with at most one item per statement: of the candidates of
    /// one statement, the one that ranks first (the original when it is a candidate). Order is
    /// kept.
    pub(crate) fn once_each(&self, all: &[Item], candidates: &[usize]) -> Vec<usize> {
        if self.original.is_empty() {
            // Every statement is one item: each candidate stands for its own.
            return candidates.to_vec();
        }
        let mut chosen: HashMap<usize, usize> = HashMap::new();
        for &i in candidates {
            let Some(&statement) = self.original.get(&i) else {
                continue;
            };
            let better = match chosen.get(&statement) {
                None => true,
                Some(&c) => self.prefer(all, i, c, statement),
            };
            if better {
                chosen.insert(statement, i);
            }
        }
        candidates
            .iter()
            .copied()
            .filter(|&i| match self.original.get(&i) {
                Some(statement) => chosen.get(statement) == Some(&i),
                None => true,
            })
            .collect()
    }

    /// True when `a` should stand for the statement of original `statement` rather than `b`:
    /// the original first, then the earlier published, then the smaller id (the order of the
    /// module's rules 2 and 4; rule 1 and 3 chose the original).
    fn prefer(&self, all: &[Item], a: usize, b: usize, statement: usize) -> bool {
        if a == statement || b == statement {
            return a == statement;
        }
        let key = |i: usize| (all[i].published.value, all[i].id.value.as_str());
        key(a) < key(b)
    }
}
