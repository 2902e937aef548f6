//! The unpublish guard: a `build` or `publish` that would remove many published entries at once
//! (an emptied or wrongly checked-out `items/`, a configuration pointing at the wrong folder) is
//! refused before anything is written or pushed, unless `--force` says it is meant.
//!
//! "Published" is the record of the last writing run ([`crate::published`]); "removed" is an
//! entry id in that record that this run would not publish (the file is gone, renamed without a
//! pinned id, turned into a draft, or held back by an error). A run is refused when it would
//! leave no entry of a non-empty record, or remove more than
//! `[safety] max_unpublish_share` of the recorded entries.

use thiserror::Error;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::published::Record;

/// How many removed entries the error names.
const NAMED: usize = 3;

/// A run the guard refused: exit status 2, nothing written or pushed.
#[derive(Debug, Error)]
#[error(
    "this run would unpublish {lost} of the {published} published entries, \
     {why}; for example {examples}. Nothing was written or pushed. If this is intended, run it \
     again with --force"
)]
pub(crate) struct UnpublishRefused {
    pub items_dir: String,
    pub lost: usize,
    pub published: usize,
    /// Which limit it is over.
    pub why: String,
    /// The first few entries it would remove, with their files.
    pub examples: String,
}

impl crate::report::Located for UnpublishRefused {
    fn place(&self) -> crate::report::Place {
        crate::report::Place::file(&self.items_dir)
    }
}

/// Whether a run may unpublish more than the guard allows (`--force`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Unpublish {
    /// Refused beyond `[safety] max_unpublish_share` (the default).
    #[default]
    Guarded,
    /// Allowed: the user confirmed with `--force`.
    Forced,
}

/// Checks the run that would publish `next` against the last record.
pub(crate) fn check(
    config: &Config,
    last: &Record,
    next: &Record,
    unpublish: Unpublish,
) -> Result<(), UnpublishRefused> {
    let lost = last.lost_in(next);
    let max = config.safety.max_unpublish_share;
    if !refused(last.len(), lost.len(), max) {
        return Ok(());
    }
    if unpublish == Unpublish::Forced {
        tracing::warn!(
            lost = lost.len(),
            published = last.len(),
            "unpublishing beyond the guard's limit, as --force asks"
        );
        return Ok(());
    }
    let mut examples: Vec<String> = lost
        .iter()
        .take(NAMED)
        .map(|(id, file)| format!("`{id}` ({file})"))
        .collect();
    if lost.len() > NAMED {
        examples.push(format!("and {} more", lost.len() - NAMED));
    }
    let why = if lost.len() == last.len() {
        "all of them (the feeds would be left empty)".to_owned()
    } else {
        format!(
            "{}%, more than `[safety] max_unpublish_share = {max}` allows",
            lost.len() * 100 / last.len()
        )
    };
    Err(UnpublishRefused {
        items_dir: config.display_path(&config.items_dir),
        lost: lost.len(),
        published: last.len(),
        why,
        examples: examples.join(", "),
    })
}

/// A warning for each recorded entry that the run unpublishes because its item file is gone
/// (deleted, or moved out of the items folder): said once, by the run that removes it, since a
/// deleted file takes its entry out of every feed without a word to subscribers. A withdrawal
/// (`withdrawn = { date, reason }`) is how to take a statement back and say so.
pub(crate) fn gone_files(config: &Config, last: &Record, next: &Record) -> Vec<Diagnostic> {
    last.lost_in(next)
        .into_iter()
        .filter(|(_, file)| !config.items_dir.join(file).exists())
        .map(|(id, file)| {
            Diagnostic::warning(
                &config.display_path(&config.items_dir.join(file)),
                None,
                format!(
                    "the published entry `{id}` is gone from every feed because its file was \
                     removed; readers are not told. To withdraw a statement, keep its file and \
                     add `withdrawn = {{ date = …, reason = \"…\" }}` to its front matter"
                ),
            )
        })
        .collect()
}

/// True when removing `lost` of `published` entries needs `--force`: all of them, or more than
/// `max_share` of them.
fn refused(published: usize, lost: usize, max_share: f64) -> bool {
    published > 0 && (lost == published || lost as f64 > max_share * published as f64)
}

#[cfg(test)]
mod tests {
    use super::refused;

    #[test]
    fn any_drop_to_zero_or_more_than_the_share_is_refused() {
        assert!(!refused(0, 0, 0.5));
        assert!(refused(1, 1, 0.5));
        assert!(refused(1, 1, 1.0));
        assert!(!refused(2, 1, 0.5));
        assert!(refused(3, 2, 0.5));
        assert!(!refused(10, 5, 0.5));
        assert!(refused(10, 6, 0.5));
        assert!(refused(10, 1, 0.0));
        assert!(!refused(10, 9, 1.0));
    }
}
