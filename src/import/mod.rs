//! **Import**: statements published elsewhere brought into the items folder as item files, so
//! that the rest of the pipeline treats them like any other.
//!
//! ```text
//! feed (URL, file) ─┐  fetch       feed / page / wordpress      store
//! page (URL, file) ─┼─────────► bytes ─────────────────► Entry ─────────► items/<folder>/…
//! WordPress export ─┘  (limits)   (feed-rs, dom_smoothie,        (ledger: keyed by id, then
//! [[sources]] ──────── follow: conditional GET each run)  quick-xml; htmd)   source URL; atomic)
//! ```
//!
//! This stage and `push` are the only code that touches the network, and both sit behind Cargo
//! features (`import` here), so a `--no-default-features` build has no HTTP client. Nothing a
//! document says makes communique read a local file: links (archives, enclosures) are followed
//! only when they are http(s) URLs.
//!
//! A run writes item files (and the enclosures beside them) and `state_dir/imported.json`
//! ([`store`]); following `[[sources]]` also keeps each feed's validators in
//! `state_dir/sources.json` ([`follow`]). What could not be read is a diagnostic with the
//! reason, never a partial file; one bad entry or source never stops the others.

mod entry;
mod feed;
mod fetch;
mod follow;
mod markdown;
mod page;
mod store;
mod wordpress;

use std::path::PathBuf;

use thiserror::Error;

use crate::config::Config;
use crate::diag::Diagnostic;
pub(crate) use fetch::Location;
use fetch::{FetchError, Fetcher, Got};
pub(crate) use follow::follow;
pub(crate) use store::{Action, Done};
use store::{Incoming, Store, StoreError};
pub(crate) use wordpress::Selection;

/// What one `communique import` reads.
#[derive(Clone, Debug)]
pub(crate) enum What {
    /// A feed and, through its archive links, its history.
    Feed(Location),
    /// One statement page, and the address it was published at when the command line gives it
    /// (a saved file that declares none).
    Page(Location, Option<url::Url>),
    /// A WordPress export file.
    WordPress { file: PathBuf, selection: Selection },
}

/// One import: what, where to, with which tags.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub what: What,
    /// Under the items folder (empty: the items folder itself).
    pub folder: PathBuf,
    pub tags: Vec<String>,
    pub dry_run: bool,
}

/// What an import did: the files, and what could not be read or was left as it is.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub done: Vec<Done>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A problem that stops an import before any entry is stored.
#[derive(Debug, Error)]
pub(crate) enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Client(FetchError),
}

impl crate::report::Located for ImportError {
    fn place(&self) -> crate::report::Place {
        match self {
            ImportError::Store(e) => e.place(),
            ImportError::Client(_) => crate::report::Place::Nowhere,
        }
    }
}

/// How a location is shown in messages.
fn shown(config: &Config, location: &Location) -> String {
    match location {
        Location::Url(url) => url.to_string(),
        Location::File(path) => config.display_path(path),
    }
}

/// Runs one import.
pub(crate) fn import(config: &Config, request: &Request) -> Result<Report, ImportError> {
    let fetcher = Fetcher::new(&config.import_settings).map_err(ImportError::Client)?;
    let mut store = Store::open(config, request.dry_run)?;
    let mut diagnostics = Vec::new();
    let entries: Vec<(String, entry::Entry)> = match &request.what {
        What::Feed(location) => {
            let max = config.import_settings.max_pages;
            match read_feed(config, &fetcher, location, None, max, &mut diagnostics) {
                Some((entries, _)) => entries,
                None => Vec::new(),
            }
        }
        What::Page(location, url) => {
            { read_page(config, &fetcher, location, url.as_ref(), &mut diagnostics) }
                .into_iter()
                .collect()
        }
        What::WordPress { file, selection } => {
            read_wordpress(config, file, selection, &mut diagnostics)
        }
    };
    for (from, entry) in &entries {
        let incoming = Incoming {
            entry,
            from,
            folder: &request.folder,
            tags: &request.tags,
        };
        store.put(&incoming, Some(&fetcher));
    }
    store.save()?;
    diagnostics.append(&mut store.diagnostics);
    Ok(Report {
        done: store.done,
        diagnostics,
    })
}

/// A feed and its older documents (at most `max_pages`), newest first, each entry with the
/// document it came from. `validators` make the first request conditional: `None` back when
/// the feed did not change or could not be read (a diagnostic says why).
fn read_feed(
    config: &Config,
    fetcher: &Fetcher,
    first: &Location,
    validators: Option<&fetch::Validators>,
    max_pages: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Vec<(String, entry::Entry)>, fetch::Validators)> {
    let mut entries = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut location = first.clone();
    let mut kept = fetch::Validators::default();
    for page in 0..max_pages {
        let from = shown(config, &location);
        let document = match fetcher.get(&location, if page == 0 { validators } else { None }) {
            Ok(Got::Document(d)) => d,
            Ok(Got::NotModified) => return None,
            Err(e) => {
                diagnostics.push(Diagnostic::error(&from, None, e.to_string()));
                return (page > 0).then_some((entries, kept));
            }
        };
        if page == 0 {
            kept = document.validators.clone();
        }
        let parsed = match feed::parse(&document.bytes, document.url.as_ref()) {
            Ok(p) => p,
            Err(why) => {
                diagnostics.push(Diagnostic::error(&from, None, why));
                return (page > 0).then_some((entries, kept));
            }
        };
        entries.extend(parsed.entries.into_iter().map(|e| (from.clone(), e)));
        seen.insert(from.clone());
        match parsed.older {
            Some(older) if seen.contains(older.as_str()) => {
                diagnostics.push(Diagnostic::warning(
                    &from,
                    None,
                    format!("archive link to {older}, which was read already: a loop, stopped"),
                ));
                break;
            }
            Some(older) if page + 1 == max_pages => diagnostics.push(Diagnostic::warning(
                &from,
                None,
                format!(
                    "older entries at {older} not read: {max_pages} documents read \
                     (import_settings.max_pages)"
                ),
            )),
            Some(older) => location = Location::Url(older),
            None => break,
        }
    }
    Some((entries, kept))
}

fn read_page(
    config: &Config,
    fetcher: &Fetcher,
    location: &Location,
    given: Option<&url::Url>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, entry::Entry)> {
    let from = shown(config, location);
    let document = match fetcher.get(location, None) {
        Ok(Got::Document(d)) => d,
        Ok(Got::NotModified) => return None,
        Err(e) => {
            diagnostics.push(Diagnostic::error(&from, None, e.to_string()));
            return None;
        }
    };
    match page::parse(&document.bytes, given.or(document.url.as_ref())) {
        Ok(entry) => Some((from, entry)),
        Err(why) => {
            diagnostics.push(Diagnostic::error(&from, None, why));
            None
        }
    }
}

fn read_wordpress(
    config: &Config,
    file: &std::path::Path,
    selection: &Selection,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, entry::Entry)> {
    let from = config.display_path(file);
    let bytes = match fetch::read_file(file, config.import_settings.max_bytes) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(Diagnostic::error(&from, None, e.to_string()));
            return Vec::new();
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = crate::types::text::line_of_offset(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            diagnostics.push(Diagnostic::error(&from, Some(line), "not UTF-8 text"));
            return Vec::new();
        }
    };
    match wordpress::parse(&text, selection) {
        Ok(export) => {
            for (line, note) in export.notes {
                diagnostics.push(Diagnostic::warning(&from, Some(line), note));
            }
            export
                .entries
                .into_iter()
                .map(|e| (from.clone(), e))
                .collect()
        }
        Err((line, message)) => {
            diagnostics.push(Diagnostic::error(&from, Some(line), message));
            Vec::new()
        }
    }
}
