//! Translation groups: items that are translations of each other link to each other
//! (`hreflang` alternates in feeds and pages).
//!
//! An item joins a group by a front-matter `translation_key` shared with others, by
//! `translation_of` naming another item (its id, its path under the items folder, or its file
//! stem), or by its file name: `2022-01-08-kazakhstan.pt.txt` and `2022-01-08-kazakhstan.en.md`
//! share the stem `2022-01-08-kazakhstan`. A group is linked only when it is unambiguous: one
//! item per language.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::model::{Item, Origin, Sourced, Translation};

pub(crate) use crate::types::translation::TranslationKey;

/// Splits a language suffix off a file stem: `2022-01-08-kazakhstan.pt` →
/// (`2022-01-08-kazakhstan`, `pt`).
pub(crate) fn split_lang_suffix(stem: &str) -> Option<(&str, String)> {
    let (base, suffix) = stem.rsplit_once('.')?;
    let primary = suffix.split(['-', '_']).next()?;
    // Only ISO 639-1 codes: `.old` or `.bak` are not languages for our purposes.
    if base.is_empty()
        || primary.len() != 2
        || isolang::Language::from_639_1(&primary.to_ascii_lowercase()).is_none()
    {
        return None;
    }
    let tag = super::lang::normalise_tag(suffix)?;
    Some((base, tag))
}

/// Groups items and fills in each item's `translations`.
/// `items_dir` is where `translation_of` paths are relative to.
pub(crate) fn link(
    items: &mut [Item],
    diagnostics: &mut Vec<Diagnostic>,
    items_dir: &std::path::Path,
) {
    let n = items.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };

    // Lookup of items by id, by path under the items folder (with `/`, whatever the current
    // folder), and by stem: made only when some item names another (`translation_of`).
    let names_others = items.iter().any(|item| {
        matches!(
            item.translation_key.as_ref().map(|k| &k.value),
            Some(TranslationKey::Of(_))
        )
    });
    // Each item's path made on every core (10,000 of them, on the one thread that settles).
    let relative: Vec<Option<String>> = if names_others {
        items
            .par_iter()
            .map(|item| {
                item.file.strip_prefix(items_dir).ok()?;
                Some(crate::published::relative_file(items_dir, &item.file))
            })
            .collect()
    } else {
        Vec::new()
    };
    // Hashed: a B-tree of 30,000 names was a tenth of `settle` at 10,000 items. A later
    // insert wins, as before. Fx: only looked up, never walked, so its order cannot show.
    let mut by_name: rustc_hash::FxHashMap<&str, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(3 * relative.len(), Default::default());
    for (i, rel) in relative.iter().enumerate() {
        let item = &items[i];
        by_name.insert(item.id.value.as_str(), i);
        by_name.insert(item.stem.as_str(), i);
        if let Some(rel) = rel {
            by_name.insert(rel.as_str(), i);
        }
    }

    let mut keyed: BTreeMap<(u8, &str), Vec<usize>> = BTreeMap::new();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.draft {
            continue;
        }
        let Some(key) = &item.translation_key else {
            continue;
        };
        match &key.value {
            TranslationKey::Key(k) => keyed.entry((0, k.as_str())).or_default().push(i),
            TranslationKey::Stem(s) => keyed.entry((1, s.as_str())).or_default().push(i),
            TranslationKey::Of(target) => match by_name.get(target.as_str()) {
                Some(&j) if j == i => diagnostics.push(Diagnostic::warning(
                    &item.path,
                    line_of(&key.origin),
                    format!(
                        "`translation_of` = `{target}` names this item itself, a loop: name the \
                         original it translates"
                    ),
                )),
                Some(&j) if !items[j].draft => links.push((i, j)),
                _ => diagnostics.push(Diagnostic::warning(
                    &item.path,
                    line_of(&key.origin),
                    format!(
                        "`translation_of` = `{target}` names no published item (give its id, its \
                         path under the items folder, or its file name without extension)"
                    ),
                )),
            },
        }
    }
    report_loops(items, &links, diagnostics);
    for members in keyed.values() {
        for pair in members.windows(2) {
            union(&mut parent, pair[0], pair[1]);
        }
    }
    for (a, b) in links {
        union(&mut parent, a, b);
    }

    // Groups of more than one item only, by root (their smallest index): most items are alone,
    // and a list for each was 10,000 allocations.
    let roots: Vec<Option<usize>> = (0..n)
        .map(|i| (!items[i].draft).then(|| find(&mut parent, i)))
        .collect();
    let mut sizes = vec![0usize; n];
    for root in roots.iter().flatten() {
        sizes[*root] += 1;
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, root) in roots.iter().enumerate() {
        if let Some(root) = root.filter(|r| sizes[*r] > 1) {
            groups.entry(root).or_default().push(i);
        }
    }
    for members in groups.values() {
        let mut langs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in members {
            langs
                .entry(items[i].lang.value.as_str())
                .or_default()
                .push(i);
        }
        if let Some((lang, dup)) = langs.iter().find(|(_, v)| v.len() > 1) {
            let files: Vec<&str> = dup.iter().map(|&i| items[i].path.as_str()).collect();
            for &i in members {
                diagnostics.push(Diagnostic::warning(
                    &items[i].path,
                    items[i]
                        .translation_key
                        .as_ref()
                        .and_then(|k| line_of(&k.origin)),
                    format!(
                        "translations not linked: the group has more than one item in `{lang}` \
                         ({}); give them distinct `lang` or `translation_key` values",
                        files.join(", ")
                    ),
                ));
            }
            continue;
        }
        let mut translations: Vec<(usize, Translation)> = members
            .iter()
            .map(|&i| {
                (
                    i,
                    Translation {
                        lang: items[i].lang.value.clone(),
                        id: items[i].id.value.clone(),
                        url: items[i].url.clone(),
                        title: items[i].title.value.clone(),
                    },
                )
            })
            .collect();
        translations.sort_by(|a, b| a.1.lang.cmp(&b.1.lang));
        for &i in members {
            items[i].translations = translations
                .iter()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| t.clone())
                .collect();
        }
    }
}

/// Each item follows at most one `translation_of` link, so a loop is a cycle of that function;
/// every item on one gets a warning naming the whole loop. (Linking still works: the items are
/// grouped as they say; the loop only means none of them is marked as the original.)
fn report_loops(items: &[Item], links: &[(usize, usize)], diagnostics: &mut Vec<Diagnostic>) {
    let next: BTreeMap<usize, usize> = links.iter().copied().collect();
    // 0: not seen; 1: on the path being followed; 2: done. Each item is followed once.
    let mut state = vec![0u8; items.len()];
    for &(start, _) in links {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| state[i] == 0) {
            state[i] = 1;
            path.push(i);
            at = next.get(&i).copied();
        }
        if let Some(first) = at.filter(|&i| state[i] == 1) {
            let cycle = &path[path.iter().position(|&k| k == first).unwrap_or(0)..];
            report_loop(items, cycle, diagnostics);
        }
        for i in path {
            state[i] = 2;
        }
    }
}

fn report_loop(items: &[Item], cycle: &[usize], diagnostics: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = cycle
        .iter()
        .chain(cycle.first())
        .map(|&k| items[k].path.as_str())
        .collect();
    for &k in cycle {
        diagnostics.push(Diagnostic::warning(
            &items[k].path,
            items[k]
                .translation_key
                .as_ref()
                .and_then(|key| line_of(&key.origin)),
            format!(
                "`translation_of` forms a loop ({}): point every translation at the original, \
                 and give the original no `translation_of`",
                names.join(" → ")
            ),
        ));
    }
}

fn line_of(origin: &Origin) -> Option<usize> {
    match origin {
        Origin::FrontMatter { line } | Origin::Text { line, .. } => Some(*line),
        _ => None,
    }
}

/// The key an item declares, if any (front matter first, then the file name).
pub(crate) fn key_from(
    translation_key: Option<(String, usize)>,
    translation_of: Option<(String, usize)>,
    stem_base: Option<&str>,
) -> Option<Sourced<TranslationKey>> {
    if let Some((k, line)) = translation_key {
        return Some(Sourced::new(
            TranslationKey::Key(k),
            Origin::FrontMatter { line },
        ));
    }
    if let Some((o, line)) = translation_of {
        return Some(Sourced::new(
            TranslationKey::Of(o),
            Origin::FrontMatter { line },
        ));
    }
    stem_base.map(|s| Sourced::new(TranslationKey::Stem(s.to_owned()), Origin::FileName))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_suffixes() {
        assert_eq!(
            split_lang_suffix("2022-01-08-kazakhstan.pt"),
            Some(("2022-01-08-kazakhstan", "pt".to_owned()))
        );
        assert_eq!(
            split_lang_suffix("x.pt-br"),
            Some(("x", "pt-BR".to_owned()))
        );
        assert_eq!(split_lang_suffix("2022-01-08-kazakhstan"), None);
        assert_eq!(split_lang_suffix("v1.0"), None);
        assert_eq!(split_lang_suffix("notes.draft"), None);
    }
}
