//! Following `[[sources]]`: each configured feed fetched with a conditional GET (the `ETag` and
//! `Last-Modified` it answered last time, kept in `state_dir/sources.json`), its new or changed
//! entries stored like any import, into the source's folder with its tags, when its filter
//! matches.
//!
//! The first time a source is read, its archives are followed too (the whole history); after
//! that only the feed itself, which is what has news. A source that cannot be read is an error
//! diagnostic naming it; its validators are not saved, so the next run asks again, and the
//! other sources (and the build after them, in `publish`) go on.

use std::collections::BTreeMap;

use super::fetch::{Fetcher, Location, Validators};
use super::store::{Incoming, Store};
use super::{read_feed, ImportError, Report};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::write;

/// The validators' file name in the state folder.
pub(crate) const VALIDATORS: &str = "sources.json";

fn load(config: &Config) -> BTreeMap<String, Validators> {
    std::fs::read(config.state_dir.join(VALIDATORS))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Imports what is new in every `[[sources]]` feed. Fatal only when the ledger cannot be read
/// or the HTTP client cannot start; a source that fails is a diagnostic.
pub(crate) fn follow(config: &Config, dry_run: bool) -> Result<Report, ImportError> {
    if config.sources.is_empty() {
        return Ok(Report::default());
    }
    let fetcher = Fetcher::new(&config.import_settings).map_err(ImportError::Client)?;
    let mut store = Store::open(config, dry_run)?;
    let mut validators = load(config);
    let mut diagnostics = Vec::new();
    for source in &config.sources {
        let key = source.url.to_string();
        let known = validators.get(&key);
        // Archives only the first time: after that the feed itself holds what is new.
        let max_pages = if known.is_some() {
            1
        } else {
            config.import_settings.max_pages
        };
        let before = diagnostics.len();
        let location = Location::Url(source.url.clone());
        let Some((entries, answered)) = read_feed(
            config,
            &fetcher,
            &location,
            known,
            max_pages,
            &mut diagnostics,
        ) else {
            if diagnostics.len() > before {
                diagnostics.push(Diagnostic::error(
                    &key,
                    None,
                    "source not imported this time; it is asked again on the next run",
                ));
            }
            continue;
        };
        let errors_before = store.diagnostics.iter().filter(|d| d.is_error()).count();
        for (from, entry) in &entries {
            if source.filter.as_ref().is_some_and(|f| !entry.matches(f)) {
                continue;
            }
            let incoming = Incoming {
                entry,
                from,
                folder: &source.folder,
                tags: &source.tags,
            };
            store.put(&incoming, Some(&fetcher));
        }
        let failed = store.diagnostics.iter().filter(|d| d.is_error()).count() > errors_before;
        if !failed {
            validators.insert(key, answered);
        }
    }
    store.save()?;
    if !dry_run {
        let path = config.state_dir.join(VALIDATORS);
        let mut bytes = serde_json::to_vec_pretty(&validators).unwrap_or_default();
        bytes.push(b'\n');
        if let Err(e) = write::write_if_changed(&path, &bytes) {
            diagnostics.push(Diagnostic::warning(
                &config.display_path(&path),
                None,
                format!("cannot keep the sources' validators ({e}): the next run reads every source whole"),
            ));
        }
    }
    diagnostics.append(&mut store.diagnostics);
    Ok(Report {
        done: store.done,
        diagnostics,
    })
}
