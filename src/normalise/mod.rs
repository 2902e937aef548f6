//! Stage 1b, **normalise**: turn each collected [`SourceFile`] into one typed [`Item`].
//!
//! Front matter wins; what it does not say is inferred from the text by the rules in
//! [`statement`] and [`dates`], detected ([`lang`]), or taken from the configuration, and every
//! value records its [`Origin`]. Normalising never panics on user input: a problem is a
//! [`Diagnostic`], and an item with an error is left out of the feeds while the others go on.

pub mod calendars;
pub mod closing;
pub mod content;
pub mod date_words;
pub mod dates;
pub mod field;
mod fields;
pub mod header;
pub mod header_words;
pub mod id;
pub mod lang;
pub mod month_names;
pub mod month_names_more;
pub mod rule;
pub mod signatory_list;
pub mod signatory_words;
pub mod signature;
pub mod slogans;
pub mod source_line;
pub mod statement;
pub mod title_issuer;
pub mod translations;

use rule::Rule;
use std::collections::BTreeMap;

use rayon::prelude::*;
use url::Url;

use crate::collect::{Format, SourceFile};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Item, Origin, Sourced};
use field::{Fallback, Input};
pub use fields::KNOWN_KEYS;
use fields::{Fields, Key};
use statement::{Role, Statement};

pub use field::summary::SUMMARY_CHARS;
pub use field::title::TITLE_CHARS;

/// Normalises every file, then rejects duplicate ids. Items come back in file order.
pub fn normalise_all(files: &[SourceFile], config: &Config) -> (Vec<Item>, Vec<Diagnostic>) {
    let normaliser = Normaliser::new(config);
    // Items are independent: normalise them in parallel, keeping file order.
    let results: Vec<(Option<Item>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|f| {
            let mut diagnostics = Vec::new();
            let item = normaliser.normalise(f, &mut diagnostics);
            (item, diagnostics)
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut items = Vec::with_capacity(results.len());
    for (item, mut d) in results {
        diagnostics.append(&mut d);
        items.extend(item);
    }
    let items = reject_duplicate_ids(items, &mut diagnostics);
    let mut items = reject_shared_pages(items, &mut diagnostics);
    translations::link(&mut items, &mut diagnostics, &config.items_dir);
    (items, diagnostics)
}

/// Two items with one id would show as one entry in every reader (or flip between the two), so
/// both are left out and both files are named.
fn reject_duplicate_ids(items: Vec<Item>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    reject_shared(
        items,
        diagnostics,
        |item| Some(item.id.value.clone()),
        |item| match item.id.origin {
            Origin::FrontMatter { line } => Some(line),
            _ => None,
        },
        |id, others| {
            format!(
                "id `{id}` is also the id of {others}; give one of them another `id` in its \
                 front matter"
            )
        },
    )
}

/// Two published items with one page (the same file name in the same year, in different
/// folders) would overwrite each other's page and both entries would link to one statement, so
/// both are left out and both files are named.
fn reject_shared_pages(items: Vec<Item>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    reject_shared(
        items,
        diagnostics,
        |item| {
            item.url
                .as_ref()
                .filter(|_| !item.draft)
                .map(|u| u.to_string())
        },
        |_| None,
        |url, others| {
            format!(
                "the page {url} would also be the page of {others}: give one of the files \
                 another name (pages are named by year and file name)"
            )
        },
    )
}

/// Leaves out every item whose `key` another item shares, with an error on each naming the
/// others: `message(key, other files)`, at `line(item)`.
fn reject_shared(
    items: Vec<Item>,
    diagnostics: &mut Vec<Diagnostic>,
    key: impl Fn(&Item) -> Option<String>,
    line: impl Fn(&Item) -> Option<usize>,
    message: impl Fn(&str, &str) -> String,
) -> Vec<Item> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(k) = key(item) {
            by_key.entry(k).or_default().push(i);
        }
    }
    let mut rejected = vec![false; items.len()];
    for (k, indices) in by_key.iter().filter(|(_, v)| v.len() > 1) {
        for &i in indices {
            rejected[i] = true;
            let others: Vec<&str> = indices
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| items[j].path.as_str())
                .collect();
            diagnostics.push(Diagnostic::error(
                &items[i].path,
                line(&items[i]),
                message(k, &others.join(", ")),
            ));
        }
    }
    items
        .into_iter()
        .zip(rejected)
        .filter_map(|(item, rejected)| (!rejected).then_some(item))
        .collect()
}

/// Normalises items under one configuration; holds what is built once per run.
pub struct Normaliser<'c> {
    config: &'c Config,
    sanitiser: content::Sanitiser,
}

impl<'c> Normaliser<'c> {
    pub fn new(config: &'c Config) -> Self {
        Normaliser {
            config,
            sanitiser: content::Sanitiser::new(&config.base_url),
        }
    }

    /// Normalises one file. Returns `None` (with at least one error diagnostic) when the item
    /// cannot be published.
    pub fn normalise(&self, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Item> {
        self.normalise_with(file, diagnostics, &field::no_fallback)
    }

    /// Normalises one file, with `fallback` as the last rule for its publication date.
    pub fn normalise_with(
        &self,
        file: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
        fallback: Fallback,
    ) -> Option<Item> {
        let config = self.config;
        let mut f = Fields::new(file.front_matter.as_ref(), &file.display);
        let fm_title = field::front_matter_title(&mut f);
        let statement = analyse(file, fm_title.as_ref().map(|(t, _)| t.as_str()));
        let input = Input {
            config,
            file,
            statement: &statement,
        };
        // The order matters only where one field reads another: the language before the dates
        // (`03/04/2022` is read by language), the title before the summary (its last resort).
        let source = field::source(&input, &mut f);
        let title = field::title(&input, &mut f, fm_title);
        let authors = field::authors(&input, &mut f);
        let lang = field::language(&input, &mut f);
        let published = field::published(&input, &mut f, &lang.value, fallback);
        let updated = field::updated(&input, &mut f, &published);
        let tags = match f.strings(Key::Tags) {
            Some((t, line)) => Sourced::new(t, Origin::FrontMatter { line }),
            None => Sourced::new(vec![], Origin::Config),
        };
        let summary = field::summary(&input, &mut f, &title.value);
        let slogans = field::slogans(&input);
        let id = self.id(file, &mut f);
        let draft = f.boolean(Key::Draft).is_some_and(|(d, _)| d);
        let stem_lang = translations::split_lang_suffix(&file.stem);
        let translation_key = translations::key_from(
            f.string(Key::TranslationKey),
            f.string(Key::TranslationOf),
            stem_lang.as_ref().map(|(base, _)| *base),
        );
        let url = crate::links::item_url(config, &published.value, &file.stem, &lang.value);
        let html = self.content_html(file, &statement, source.as_ref().map(|s| &s.value));
        let signature = statement.signature_text();

        if f.failed {
            // The item is not published until its errors are fixed; warnings about what was
            // inferred in the meantime would only be noise.
            diagnostics.extend(f.diagnostics.into_iter().filter(Diagnostic::is_error));
            return None;
        }
        diagnostics.append(&mut f.diagnostics);
        Some(Item {
            path: file.display.clone(),
            file: file.path.clone(),
            format: file.format,
            front_matter: file.front_matter.as_ref().map(|fm| fm.kind),
            stem: file.stem.clone(),
            id,
            title,
            published,
            updated,
            authors,
            lang,
            tags,
            source,
            translation_key,
            translations: vec![],
            url,
            summary,
            slogans,
            signature,
            content_html: html,
            draft,
        })
    }

    /// The entry id: pinned in the front matter (and checked), else the tag URI of the file name.
    fn id(&self, file: &SourceFile, f: &mut Fields) -> Sourced<String> {
        match f.string(Key::Id) {
            Some((id, line)) => {
                if let Err(message) = id::check_pinned(&id) {
                    f.invalid(line, message);
                }
                Sourced::new(id, Origin::FrontMatter { line })
            }
            None => Sourced::new(
                id::tag_uri(&self.config.ids, &file.stem),
                Origin::Derived { rule: Rule::TagUri },
            ),
        }
    }

    /// The item's sanitised HTML: the whole statement (signature and slogans included) without
    /// the title block, with `[Source]` markers turned into links (or left out when there is no
    /// source link).
    fn content_html(
        &self,
        file: &SourceFile,
        statement: &Statement,
        source: Option<&Url>,
    ) -> String {
        let mut html = String::with_capacity(file.body.len() * 5 / 4);
        match file.format {
            Format::Text => {
                for (i, block) in statement.blocks.iter().enumerate() {
                    match statement.role(i) {
                        Role::Heading => {}
                        Role::SourceMarker => {
                            if let Some(url) = source {
                                let word = statement.source_markers.iter().find(|(m, _)| *m == i);
                                let label = word.map_or("Source", |(_, w)| w.as_str());
                                content::push_link_paragraph(&mut html, url, label);
                            }
                        }
                        Role::Paragraph | Role::Header | Role::Signature | Role::Slogan => {
                            content::push_text_paragraph(&mut html, &block.text)
                        }
                    }
                }
            }
            Format::Markdown => {
                // Blank out the title and marker lines in the source, so the rest of the Markdown
                // (lists, tables, footnote definitions) renders exactly as written.
                let mut lines: Vec<String> = file.body.lines().map(str::to_owned).collect();
                for (i, block) in statement.blocks.iter().enumerate() {
                    let replacement = match statement.role(i) {
                        Role::Heading => String::new(),
                        Role::SourceMarker => match source {
                            Some(url) => {
                                let word = statement.source_markers.iter().find(|(m, _)| *m == i);
                                let label = word.map_or("Source", |(_, w)| w.as_str());
                                format!("[{label}](<{url}>)")
                            }
                            None => String::new(),
                        },
                        _ => continue,
                    };
                    let first = block.line - file.body_line;
                    for (k, line) in lines.iter_mut().skip(first).take(block.lines).enumerate() {
                        *line = if k == 0 {
                            replacement.clone()
                        } else {
                            String::new()
                        };
                    }
                }
                html = content::markdown_html(&lines.join("\n"));
            }
        }
        self.sanitiser.clean(&html)
    }
}

/// Analyses the body. A title in the front matter wins; a heading that merely repeats it is
/// dropped from the content, any other first heading stays part of the text.
fn analyse(file: &SourceFile, fm_title: Option<&str>) -> Statement {
    let mut statement = Statement::analyse(&file.body, file.body_line, file.format);
    if let (Some(t), Some(h)) = (fm_title, &statement.heading) {
        if statement::squash(t).to_lowercase() != h.text.to_lowercase() {
            statement.heading = None;
        }
    }
    statement
}
