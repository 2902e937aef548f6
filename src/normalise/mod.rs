//! Stage 1b, **normalise**: turn each collected [`SourceFile`] into one typed [`Item`].
//!
//! Front matter wins; what it does not say is inferred from the text by the rules in
//! [`statement`] and [`dates`], detected ([`lang`]), or taken from the configuration, and every
//! value records its [`Origin`]. An item with no date anywhere is dated by its history
//! ([`crate::history`]) when the caller gives one. Normalising never panics on user input: a problem is a
//! [`Diagnostic`], and an item with an error is left out of the feeds while the others go on.

pub mod content;
mod date_limits;
pub mod date_words;
pub mod dates;
mod fields;
pub mod id;
pub mod lang;
pub mod month_names;
pub mod signatory_list;
pub mod signatory_words;
pub mod signature;
pub mod slogans;
pub mod source_line;
pub mod statement;
pub mod translations;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use url::Url;

use crate::collect::{Format, SourceFile};
use crate::config::Config;
use crate::diag::{Diagnostic, Guess};
use crate::history::History;
use crate::model::{Item, Origin, Sourced};
use crate::published::{relative_file, Record};
use fields::Fields;
pub use fields::KNOWN_KEYS;
use statement::{Role, Statement};

/// The longest inferred title, in characters.
pub const TITLE_CHARS: usize = 90;
/// The longest inferred summary, in characters.
pub const SUMMARY_CHARS: usize = 280;

/// Normalises every file, then rejects duplicate ids. Items come back in file order. An item
/// with no date at all is an error.
pub fn normalise_all(files: &[SourceFile], config: &Config) -> (Vec<Item>, Vec<Diagnostic>) {
    normalise_all_with(files, config, None, &Record::default())
}

/// [`normalise_all`], with undated items dated by their `history` when one is given, and where an
/// id already published (in `published`, from the same file) stays with that file: a newer file
/// claiming it is held back instead of both.
pub fn normalise_all_with(
    files: &[SourceFile],
    config: &Config,
    history: Option<&History>,
    published: &Record,
) -> (Vec<Item>, Vec<Diagnostic>) {
    let normaliser = Normaliser {
        history,
        ..Normaliser::new(config)
    };
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
    let items =
        hold_back_claims_on_published_ids(items, files, config, published, &mut diagnostics);
    let items = reject_duplicate_ids(items, &mut diagnostics);
    let mut items = reject_shared_pages(items, &mut diagnostics);
    translations::link(&mut items, &mut diagnostics, &config.items_dir);
    (items, diagnostics)
}

/// An id already published stays with the file it was published from, so a new file that pins
/// it cannot take the published statement down (or over): every other file with that id is held
/// back, naming the published one, as long as the published file is still there and still
/// claims the id (or has errors of its own this run, so what it claims is unknown). When the
/// published file is gone (renamed with its id pinned) or now has another id, the id is free to
/// move.
fn hold_back_claims_on_published_ids(
    items: Vec<Item>,
    files: &[SourceFile],
    config: &Config,
    published: &Record,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    if published.is_empty() {
        return items;
    }
    let shown_by_file: BTreeMap<String, &str> = files
        .iter()
        .map(|f| {
            (
                relative_file(&config.items_dir, &f.path),
                f.display.as_str(),
            )
        })
        .collect();
    let id_by_file: BTreeMap<String, String> = items
        .iter()
        .map(|i| {
            (
                relative_file(&config.items_dir, &i.file),
                i.id.value.clone(),
            )
        })
        .collect();
    items
        .into_iter()
        .filter(|item| {
            let Some(owner) = published.file_of(&item.id.value) else {
                return true;
            };
            let Some(owner_shown) = shown_by_file.get(owner) else {
                return true;
            };
            let owner_claims_it = id_by_file.get(owner).is_none_or(|id| *id == item.id.value);
            if relative_file(&config.items_dir, &item.file) == owner || !owner_claims_it {
                return true;
            }
            diagnostics.push(Diagnostic::error(
                &item.path,
                id_line(item),
                format!(
                    "id `{}` is already published from {owner_shown}, which keeps it; this file \
                     is held back: give it another `id` in its front matter",
                    item.id.value
                ),
            ));
            false
        })
        .collect()
}

/// The front-matter line of a pinned id.
fn id_line(item: &Item) -> Option<usize> {
    match item.id.origin {
        Origin::FrontMatter { line } => Some(line),
        _ => None,
    }
}

/// Whether the front matter says `draft = true` (read before the other fields, for the empty
/// statement check).
fn draft_of(file: &SourceFile) -> bool {
    file.front_matter
        .as_ref()
        .and_then(|fm| fm.get("draft"))
        .is_some_and(|e| e.value == crate::collect::Value::Bool(true))
}

/// Two items with one id would show as one entry in every reader (or flip between the two), so
/// both are left out and both files are named.
fn reject_duplicate_ids(items: Vec<Item>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    reject_shared(
        items,
        diagnostics,
        |item| Some(item.id.value.clone()),
        id_line,
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
    /// Dates items that have no date anywhere else; without it, that is an error.
    history: Option<&'c History>,
}

impl<'c> Normaliser<'c> {
    pub fn new(config: &'c Config) -> Self {
        Normaliser {
            config,
            sanitiser: content::Sanitiser::new(&config.base_url),
            history: None,
        }
    }

    /// Normalises one file. Returns `None` (with at least one error diagnostic) when the item
    /// cannot be published.
    pub fn normalise(&self, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Item> {
        let config = self.config;
        let path = file.display.as_str();
        let mut f = Fields::new(file.front_matter.as_ref(), path);
        let mut statement = Statement::analyse(&file.body, file.body_line, file.format);
        // A title in the front matter wins; a heading that merely repeats it is dropped from the
        // content, any other first heading stays part of the text.
        let fm_title = f.string("title");
        if let (Some((t, _)), Some(h)) = (&fm_title, &statement.heading) {
            if statement::squash(t).to_lowercase() != h.text.to_lowercase() {
                statement.heading = None;
            }
        }
        let first_line = statement.blocks.first().map_or(file.body_line, |b| b.line);
        // A file with front matter and nothing under it would be published as a blank entry.
        let empty = file.body.trim().is_empty();
        if empty {
            let message = "empty statement: there is no text under the front matter; write the \
                           statement (or delete the file)"
                .to_owned();
            if draft_of(file) {
                f.warning(file.body_line, message);
            } else {
                f.invalid(file.body_line, message);
            }
        }

        // Source link.
        let source = f
            .string("source")
            .and_then(|(s, line)| match Url::parse(&s) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => {
                    Some(Sourced::new(url, Origin::FrontMatter { line }))
                }
                _ => {
                    f.invalid(
                        line,
                        format!("`source` must be an absolute http(s) URL, not `{s}`"),
                    );
                    None
                }
            });
        let source = match (source, &statement.source_url) {
            (None, Some((i, url))) => Some(Sourced::new(
                url.clone(),
                Origin::Text {
                    line: statement.blocks[*i].line,
                    rule: "source-line",
                },
            )),
            (Some(s), Some((i, url))) if s.value != *url => {
                f.warning(
                    statement.blocks[*i].line,
                    format!(
                        "this line links to {url}, but `source` in the front matter is {}; the \
                         front matter wins",
                        s.value
                    ),
                );
                Some(s)
            }
            (source, _) => source,
        };
        if source.is_none() {
            for (i, word) in &statement.source_markers {
                f.warning(
                    statement.blocks[*i].line,
                    format!(
                        "`[{word}]` marks a source, but the item has no source link: add \
                         `source = \"https://…\"` to the front matter (the marker is left out \
                         until then)"
                    ),
                );
            }
        }

        // Title.
        let title = if let Some((t, line)) = fm_title {
            Sourced::new(t, Origin::FrontMatter { line })
        } else if let Some(h) = &statement.heading {
            let line = statement.blocks[h.block].line;
            if h.rule != "markdown-heading" {
                f.guess(
                    Guess::TitleFromFirstLine,
                    line,
                    format!(
                        "title inferred from the first line: \"{}\"; add `title` to the front \
                         matter to choose it",
                        h.text
                    ),
                );
            }
            Sourced::new(h.text.clone(), Origin::Text { line, rule: h.rule })
        } else if let Some(i) = statement.prose().next() {
            let block = &statement.blocks[i];
            let t = content::shorten(content::first_sentence(&block.text), TITLE_CHARS);
            f.guess(
                Guess::TitleFromFirstSentence,
                block.line,
                format!(
                    "title inferred from the first sentence: \"{t}\"; add `title` to the front \
                     matter to choose it"
                ),
            );
            Sourced::new(
                t,
                Origin::Text {
                    line: block.line,
                    rule: "first-sentence",
                },
            )
        } else {
            if !empty {
                f.invalid(
                    first_line,
                    "the item has no title and no text to take one from".to_owned(),
                );
            }
            Sourced::new(String::new(), Origin::Config)
        };

        // Authors.
        let authors = match f
            .strings("authors")
            .or_else(|| f.strings("author"))
            .filter(|(a, _)| !a.is_empty())
        {
            Some((a, line)) => Sourced::new(a, Origin::FrontMatter { line }),
            None => match statement
                .signature
                .as_ref()
                .filter(|s| !s.authors.is_empty())
            {
                Some(s) => Sourced::new(
                    s.authors.clone(),
                    Origin::Text {
                        line: statement.blocks[s.authors_block].line,
                        rule: s.authors_rule,
                    },
                ),
                None => Sourced::new(vec![config.author.clone()], Origin::Config),
            },
        };

        // Plain text of the body, for detection and the summary.
        let paragraphs: Vec<&str> = statement
            .paragraphs()
            .map(|i| statement.blocks[i].text.as_str())
            .collect();

        // Language: front matter, then a language suffix in the file name, then detection.
        let stem_lang = translations::split_lang_suffix(&file.stem);
        let lang = match f.string("lang") {
            Some((l, line)) => match lang::normalise_tag(&l) {
                Some(tag) => Sourced::new(tag, Origin::FrontMatter { line }),
                None => {
                    f.invalid(
                        line,
                        format!("`lang` = `{l}` is not a language tag such as `pt` or `pt-BR`"),
                    );
                    Sourced::new(config.lang.clone(), Origin::Config)
                }
            },
            None if stem_lang.is_some() => Sourced::new(
                stem_lang
                    .as_ref()
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default(),
                Origin::FileName,
            ),
            None => match lang::detect(&paragraphs.join("\n")) {
                Some(d) if d.reliable => Sourced::new(
                    d.code,
                    Origin::Detected {
                        confidence: d.confidence,
                    },
                ),
                guess => {
                    let guess = guess
                        .map(|d| format!(" (best guess `{}`)", d.code))
                        .unwrap_or_default();
                    f.guess(
                        Guess::LanguageNotDetected,
                        first_line,
                        format!(
                            "language not given and not detected reliably{guess}; using `{}` \
                             from the configuration: add `lang` to the front matter",
                            config.lang
                        ),
                    );
                    Sourced::new(config.lang.clone(), Origin::Config)
                }
            },
        };

        // Dates.
        let tz = config.timezone;
        // A date in the signature is read now that the language is known (`03/04/2022` reads
        // two ways), and how it was read is reported.
        let signature_date = statement
            .signature
            .as_ref()
            .and_then(|s| s.date.as_ref())
            .map(|d| {
                let reading = dates::read(&d.found, &d.text, &lang.value, config.date_order);
                (reading, statement.line_of(d.block, d.offset))
            });
        let published: Option<Sourced<DateTime<FixedOffset>>> =
            if let Some((dt, line)) = f.date("date", tz) {
                Some(Sourced::new(dt, Origin::FrontMatter { line }))
            } else if let Some((reading, line)) = signature_date {
                for warning in reading.warnings {
                    f.warning(line, warning);
                }
                Some(Sourced::new(
                    dates::midnight(reading.date, tz),
                    Origin::Text {
                        line,
                        rule: reading.rule,
                    },
                ))
            } else {
                dates::from_file_stem(&file.stem)
                    .map(|date| Sourced::new(dates::midnight(date, tz), Origin::FileName))
            };
        // Last of all, the history: the commit that added the file, or when it was first seen.
        let published = published.or_else(|| {
            let (date, warning) = self.history?.date_of(file);
            f.diagnostics.push(warning);
            Some(date)
        });
        let published =
            match published {
                Some(p) => p,
                None => {
                    if !f.failed {
                        f.invalid(
                        file.front_matter.as_ref().map_or(first_line, |fm| fm.open_line),
                        "no date: add `date = 2022-01-08` to the front matter, a dated signature \
                         line, or a yyyy-mm-dd prefix to the file name"
                            .to_owned(),
                    );
                    }
                    Sourced::new(DateTime::UNIX_EPOCH.fixed_offset(), Origin::Config)
                }
            };
        let updated = match f.date("updated", tz) {
            Some((dt, line)) => {
                if dt < published.value {
                    f.warning(
                        line,
                        "`updated` is earlier than the publication date".to_owned(),
                    );
                }
                Sourced::new(dt, Origin::FrontMatter { line })
            }
            None => Sourced::new(
                published.value,
                Origin::Derived {
                    rule: "same as published",
                },
            ),
        };

        date_limits::check(
            &published,
            &updated,
            file.front_matter
                .as_ref()
                .map_or(first_line, |fm| fm.open_line),
            &mut f,
        );

        // Tags.
        let tags = match f.strings("tags") {
            Some((t, line)) => Sourced::new(t, Origin::FrontMatter { line }),
            None => Sourced::new(vec![], Origin::Config),
        };

        // Summary.
        let summary = match f.string("summary") {
            Some((s, line)) => Sourced::new(s, Origin::FrontMatter { line }),
            None => {
                let first = statement.prose().next();
                let (text, line) = first.map_or((title.value.as_str(), first_line), |i| {
                    (statement.blocks[i].text.as_str(), statement.blocks[i].line)
                });
                Sourced::new(
                    content::shorten(text, SUMMARY_CHARS),
                    Origin::Text {
                        line,
                        rule: "first-paragraph",
                    },
                )
            }
        };

        // Id.
        let id = match f.string("id") {
            Some((id, line)) => {
                if let Err(message) = id::check_pinned(&id) {
                    f.invalid(line, message);
                }
                Sourced::new(id, Origin::FrontMatter { line })
            }
            None => Sourced::new(
                id::tag_uri(&config.ids, &file.stem),
                Origin::Derived {
                    rule: "tag URI from the file name",
                },
            ),
        };

        let draft = f.boolean("draft").is_some_and(|(d, _)| d);
        let translation_key = translations::key_from(
            f.string("translation_key"),
            f.string("translation_of"),
            stem_lang.as_ref().map(|(base, _)| *base),
        );
        let url = crate::links::item_url(config, &published.value, &file.stem, &lang.value);
        let html = self.content_html(file, &statement, source.as_ref().map(|s| &s.value));
        let signature = statement.signature_text();
        let slogans = statement.slogan_texts();

        if f.failed {
            // The item is not published until its errors are fixed; warnings about what was
            // inferred in the meantime would only be noise. Unknown keys are kept: a misspelt
            // key is often the reason for the error.
            diagnostics.extend(f.unknown_keys);
            diagnostics.extend(f.diagnostics.into_iter().filter(Diagnostic::is_error));
            return None;
        }
        diagnostics.append(&mut f.unknown_keys);
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
                        Role::Paragraph | Role::Signature | Role::Slogan => {
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
