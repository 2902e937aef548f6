//! ARCHITECTURE.md stays true: the top-level modules of `src/` import each other in the layers
//! it lists, bottom to top, with no import circle, and its code map names every file of `src/`
//! and nothing that does not exist.
//!
//! The module graph is read from the source text the way `crate::X` paths appear in it (outside
//! comments and `#[cfg(test)] mod tests` blocks, where a test may use any layer), so it needs
//! no compiler: a new `use crate::later_stage::…` in an earlier stage fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("src/ is readable").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// The top-level module a file of `src/` belongs to (`None` for the crate roots).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).expect("file under src/");
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The code a module runs: the text before its `#[cfg(test)] mod tests` block, comment lines out.
fn non_test_code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Edges `A -> B`: a file of module A names `crate::B` (also inside `use crate::{B, …}`).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let path_re = Regex::new(r"crate::(\w+)").unwrap();
    let group_re = Regex::new(r"(?s)use crate::\{([^;]*)\};").unwrap();
    let head_re = Regex::new(r"(?:^|[,{\s])(\w+)(?:::|\s*[,}]|\s*$)").unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let Some(top) = top_module(&src, &file) else {
            continue;
        };
        let code = non_test_code(&std::fs::read_to_string(&file).unwrap());
        let mut names: BTreeSet<String> = path_re
            .captures_iter(&code)
            .map(|c| c[1].to_owned())
            .collect();
        for group in group_re.captures_iter(&code) {
            names.extend(head_re.captures_iter(&group[1]).map(|c| c[1].to_owned()));
        }
        let is_module = |n: &str| src.join(format!("{n}.rs")).exists() || src.join(n).is_dir();
        let entry = graph.entry(top.clone()).or_default();
        entry.extend(names.into_iter().filter(|n| *n != top && is_module(n)));
    }
    graph
}

/// The layers listed in ARCHITECTURE.md's `layers` block, bottom first: one line per layer,
/// `N  module, module, …`.
fn documented_layers() -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let start = doc
        .find("```text layers\n")
        .expect("ARCHITECTURE.md has a ```text layers block");
    let block = &doc[start + "```text layers\n".len()..];
    let block = &block[..block.find("```").expect("the layers block ends")];
    block
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(_, mods)| {
            mods.split(',')
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty())
                .collect()
        })
        .collect()
}

#[test]
fn modules_import_only_lower_layers() {
    let graph = module_graph();
    let layers = documented_layers();
    let layer_of: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, mods)| mods.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut problems = Vec::new();
    let src = root().join("src");
    let modules: BTreeSet<String> = rust_files(&src)
        .iter()
        .filter_map(|f| top_module(&src, f))
        .collect();
    for m in &modules {
        if !layer_of.contains_key(m.as_str()) {
            problems.push(format!("module `{m}` is in no layer of ARCHITECTURE.md"));
        }
    }
    for (from, tos) in &graph {
        for to in tos {
            let (Some(&a), Some(&b)) = (layer_of.get(from.as_str()), layer_of.get(to.as_str()))
            else {
                continue;
            };
            if b >= a {
                problems.push(format!(
                    "`{from}` (layer {a}) imports `{to}` (layer {b}): only lower layers may be imported"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The layer check implies this one; it is kept apart so that a circle is named as one even
/// when ARCHITECTURE.md's layers are edited to hide it.
#[test]
fn no_import_circles() {
    let graph = module_graph();
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<String> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            return Some(format!("{} -> {m}", path[i..].join(" -> ")));
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import circle: {circle}");
        }
    }
}

/// The paths the code map names: a row's first cell (`src/x.rs` or a folder `src/x/`), and for
/// a folder row every `name.rs` (or `sub/name.rs`) the row names in backticks.
fn code_map_paths() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let file_re = Regex::new(r"`([\w/]+\.rs)`").unwrap();
    let mut named = BTreeSet::new();
    for row in doc.lines().filter(|l| l.starts_with("| `src/")) {
        let first = row[3..].split('`').next().unwrap().to_owned();
        if first.ends_with('/') {
            for c in file_re.captures_iter(row) {
                named.insert(format!("{first}{}", &c[1]));
            }
        } else {
            named.insert(first);
        }
    }
    named
}

#[test]
fn code_map_names_every_source_file_and_only_those() {
    let named = code_map_paths();
    let root = root();
    let files: BTreeSet<String> = rust_files(&root.join("src"))
        .iter()
        .map(|f| {
            f.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let unnamed: Vec<_> = files.difference(&named).collect();
    let missing: Vec<_> = named.iter().filter(|p| !root.join(p).exists()).collect();
    assert!(
        unnamed.is_empty() && missing.is_empty(),
        "ARCHITECTURE.md's code map does not name {unnamed:?}; it names {missing:?}, which do not exist"
    );
}
