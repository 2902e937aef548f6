//! Stage 3, **build**: the planned site ([`SitePlan`]) rendered and written. Split in three:
//! the plan (made once, when the instance is loaded: [`crate::plan`]), render dispatch
//! (`render`: one document in, bytes out, pure), and writing (`crate::write`: atomic,
//! unchanged files skipped, the outputs list, stale files removed). This module runs them in
//! order and is the only caller of the renderers outside tests.
//!
//! A document whose input fingerprint and output file are as the last build left them
//! (`crate::cache::documents`) is not rendered at all: a build after a small change renders
//! only the documents that change.

mod render;

use rayon::prelude::*;
use thiserror::Error;

use crate::cache::documents::{self, Store};
use crate::cache::items::Bodies;
use crate::config::Config;
use crate::model::Item;
use crate::plan::{PlanError, SitePlan};
use crate::render::html::Templates;
use crate::render::RenderError;
use crate::types::stamp::{FileStamp, OutputsSeen, StampsUnder};
use crate::write::{self, Outcome};
pub use render::load_templates;
use render::Renderer;

/// A fatal build problem.
#[derive(Debug, Error)]
pub enum BuildError {
    #[error("cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read the template: {source}")]
    Template {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "is a link to {target}, outside the templates folder: not read (links \
         must point inside the templates folder)"
    )]
    TemplateOutside { path: String, target: String },
    #[error("{0}")]
    Render(#[from] RenderError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// An item's body, left in the item cache, did not read back: the caller removes the cache
    /// and builds again from the item files.
    #[error("{message}")]
    DamagedCache { path: String, message: String },
}

/// One output file and what happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub outcome: Outcome,
    pub bytes: usize,
    /// The file's stamp once this run was done with it (none for a removed file, or one that
    /// could not be stamped): taken once, for the documents store and the run's state, instead
    /// of a `stat` of every output file for each.
    pub(crate) stamp: Option<FileStamp>,
}

/// A rendered document: its path relative to the output folder, and its bytes.
pub type Document = (String, Vec<u8>);

/// Plans the site and renders every document in memory, in the plan's order. Pure: the result
/// depends only on the items, the configuration and the templates. (`build` streams instead,
/// in parallel.)
pub fn render_all(
    items: &[Item],
    config: &Config,
    templates: &Templates,
) -> Result<Vec<Document>, BuildError> {
    let plan = SitePlan::new(items, config, &mut Vec::new())?;
    let bodies = Bodies::default();
    let renderer = Renderer::new(
        items,
        &bodies,
        config,
        &plan,
        templates,
        plan.documents.iter().map(|d| d.kind),
    )?;
    plan.documents
        .iter()
        .map(|doc| Ok((doc.path.clone(), renderer.render(doc.kind)?)))
        .collect()
}

/// Renders and writes every document of `plan` (made from `items` and `config`) into the
/// output folder, then removes what the previous build wrote and this one no longer produces.
///
/// Documents are rendered in parallel and each goes straight to its temporary file, so memory
/// holds only the documents in flight; a feed document is streamed into its file a chunk of
/// entries at a time (a feed's three formats together, `Renderer::stream`), so memory holds a
/// chunk of it, never the whole. Then every changed file is renamed into place at once (see
/// `write::Flush`). A document the last build rendered from the same inputs, whose file is
/// still as written, is skipped (reported unchanged).
///
/// `known` is what the caller already knows of the items and of the output folder ([`Known`]). `bodies` are the bodies of the items that were left in the
/// item cache (`Instance::bodies`), read as the documents that show them are rendered.
pub(crate) fn build(
    items: &[Item],
    bodies: &Bodies,
    known: Known<'_>,
    config: &Config,
    plan: &SitePlan,
) -> Result<Vec<Written>, BuildError> {
    build_with(
        items,
        bodies,
        known,
        config,
        plan,
        Commits::Parallel,
        &mut |_| {},
    )
}

/// What the caller of a build already knows, so that the build does not work it out again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Known<'a> {
    /// The items' digests (`cache::documents::item_digest`), when the caller has them; else
    /// they are computed.
    pub(crate) digests: Option<&'a [u128]>,
    /// The output files' stamps the run's no-op check found (`state::Fingerprint`): not
    /// stat'ed again.
    pub(crate) outputs: &'a OutputsSeen,
}

/// How the changed files of a build are renamed into place, once every one is written and
/// flushed (so the order makes no difference to a reader: each file is old or new).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Commits {
    /// On every core; each file is reported once all are in place.
    Parallel,
    /// One at a time in document order, each reported as soon as it is in place: what a test
    /// that stops the run between two files needs (`ops::test_hooks`).
    InOrder,
}

/// [`build`], calling `after_write` for each file put in place (or found unchanged), in
/// document order: how `publish`'s progress and its test pause points see the writes.
pub(crate) fn build_with(
    items: &[Item],
    bodies: &Bodies,
    known: Known<'_>,
    config: &Config,
    plan: &SitePlan,
    commits: Commits,
    after_write: &mut dyn FnMut(&Written),
) -> Result<Vec<Written>, BuildError> {
    let templates = load_templates(config)?;
    let write_error = |path: &std::path::Path, source| BuildError::Write {
        path: config.display_path(path),
        source,
    };
    let store = Store::load(&config.state_dir);
    let fingerprints = documents::fingerprints(items, known.digests, config, plan, &templates);
    // The stamp of each document's file when it is as the last build left it: not rendered.
    let output = StampsUnder::open(&config.output_dir);
    let fresh: Vec<Option<FileStamp>> = plan
        .documents
        .par_iter()
        .zip(&fingerprints)
        .map(|(doc, &fingerprint)| {
            store.fresh_stamp(&output, known.outputs, &doc.path, fingerprint)
        })
        .collect();
    drop(output);
    drop(store);
    let renderer = Renderer::new(
        items,
        bodies,
        config,
        plan,
        &templates,
        plan.documents
            .iter()
            .zip(&fresh)
            .filter(|(_, stamp)| stamp.is_none())
            .map(|(doc, _)| doc.kind),
    )?;
    // Per document: its path, size, the stamp of its file when it is still as the last build
    // left it, and what is to be written otherwise.
    let folders = write::Folders::default();
    let early_flush = write::EarlyFlush::for_batch(&config.output_dir);
    let tasks = tasks(plan, &fresh);
    let run = |task: &Task| -> Result<Vec<(usize, Slot<'_>)>, BuildError> {
        match task {
            Task::Fresh(d, stamp) => {
                let path = plan.documents[*d].path.as_str();
                Ok(vec![(*d, (path, stamp.size as usize, Some(*stamp), None))])
            }
            Task::Render(d) => {
                let doc = &plan.documents[*d];
                let bytes = renderer.render(doc.kind)?;
                let path = config.output_dir.join(&doc.path);
                let prepared = write::prepare_in(&folders, &path, &bytes)
                    .map_err(|e| write_error(&path, e))?;
                early_flush.wrote(bytes.len());
                Ok(vec![(
                    *d,
                    (doc.path.as_str(), bytes.len(), None, Some(prepared)),
                )])
            }
            Task::Stream(docs) => stream(&renderer, config, plan, docs, &early_flush),
        }
    };
    // Documents whose files are as the last build left them take no work: the others alone are
    // shared out, one task at a time. Handed to rayon with the fresh ones among them, the
    // heaviest (first) fell into one thread's share of the range, which then rendered an
    // instance's index, sitemap and archive one after another while the other core idled.
    let (fresh_tasks, work): (Vec<usize>, Vec<usize>) = heaviest_first(plan, &tasks)
        .into_iter()
        .partition(|&t| matches!(tasks[t], Task::Fresh(..)));
    let mut done: Vec<(usize, Result<_, BuildError>)> = work
        .into_par_iter()
        .with_max_len(1)
        .map(|t| (t, run(&tasks[t])))
        .collect();
    done.extend(fresh_tasks.into_iter().map(|t| (t, run(&tasks[t]))));
    // In the order of the tasks' first documents, so that the error reported is the same on
    // every run.
    done.sort_unstable_by_key(|(t, _)| *t);
    let done: Vec<Vec<(usize, Slot<'_>)>> = done
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<_, BuildError>>()?;
    tracing::debug!("documents written; waiting for the early flush");
    early_flush.finish();
    let mut prepared: Vec<(usize, Slot<'_>)> = done.into_iter().flatten().collect();
    prepared.sort_unstable_by_key(|(d, _)| *d);
    let prepared: Vec<Slot<'_>> = prepared.into_iter().map(|(_, slot)| slot).collect();
    let rendered = prepared.iter().filter(|(.., p)| p.is_some()).count();
    tracing::debug!(
        documents = prepared.len(),
        rendered,
        "documents with changed inputs rendered"
    );
    // The items' files, copied as they are (compared with what is there first).
    let copies: Vec<(&str, u64, write::Prepared)> = plan
        .files
        .par_iter()
        .map(|f| {
            let path = config.output_dir.join(&f.path);
            let (prepared, size) =
                write::prepare_copy(&f.source, &path).map_err(|e| write_error(&path, e))?;
            Ok((f.path.as_str(), size, prepared))
        })
        .collect::<Vec<Result<_, BuildError>>>()
        .into_iter()
        .collect::<Result<_, BuildError>>()?;
    let flush = write::Flush::before_renames(
        prepared
            .iter()
            .filter_map(|(.., p)| p.as_ref())
            .chain(copies.iter().map(|(_, _, p)| p)),
    );
    let slots = prepared.into_iter().chain(
        copies
            .into_iter()
            .map(|(rel, size, p)| (rel, size as usize, None, Some(p))),
    );
    let mut written = match commits {
        Commits::Parallel => {
            let written = commit_parallel(config, slots.collect())?;
            written.iter().for_each(&mut *after_write);
            written
        }
        Commits::InOrder => {
            let mut written = Vec::with_capacity(plan.documents.len() + plan.files.len());
            for slot in slots {
                let w = commit(config, slot)?;
                after_write(&w);
                written.push(w);
            }
            written
        }
    };
    flush.after_renames();
    tracing::debug!(files = written.len(), "written files flushed and in place");
    let store_error = |source| BuildError::Write {
        path: config.display_path(&config.state_dir.join(documents::FILE)),
        source,
    };
    // `written` holds the documents first, in the plan's order.
    Store::save(
        &config.state_dir,
        plan.documents
            .iter()
            .zip(&fingerprints)
            .zip(&written)
            .filter_map(|((d, &f), w)| Some((d.path.as_str(), f, w.stamp?))),
    )
    .map_err(store_error)?;
    let files: Vec<&str> = plan
        .documents
        .iter()
        .map(|d| d.path.as_str())
        .chain(plan.files.iter().map(|f| f.path.as_str()))
        .collect();
    let removed = write::replace_outputs(&config.output_dir, &config.state_dir, &files)
        .map_err(|e| write_error(&e.path, e.source))?;
    written.extend(removed.into_iter().map(|path| Written {
        path,
        outcome: Outcome::Removed,
        bytes: 0,
        stamp: None,
    }));
    Ok(written)
}

/// One output file: its path, size, the stamp of its file when it is still as the last build
/// left it, and what is to be written otherwise.
type Slot<'p> = (&'p str, usize, Option<FileStamp>, Option<write::Prepared>);

/// Puts one file in place (nothing to do when it is unchanged) and stamps it.
fn commit(config: &Config, (rel, bytes, stamp, p): Slot<'_>) -> Result<Written, BuildError> {
    let (outcome, stamp) = match p {
        Some(p) => {
            let outcome = p.commit().map_err(|e| BuildError::Write {
                path: config.display_path(&e.path),
                source: e.source,
            })?;
            (outcome, FileStamp::read(&config.output_dir.join(rel)).ok())
        }
        None => (Outcome::Unchanged, stamp),
    };
    Ok(Written {
        path: rel.to_owned(),
        outcome,
        bytes,
        stamp,
    })
}

/// [`commit`] for every file, on every core (a cold build renames and stamps some 10,000
/// files); in document order, and the first failure in that order is the one reported.
fn commit_parallel(config: &Config, slots: Vec<Slot<'_>>) -> Result<Vec<Written>, BuildError> {
    slots
        .into_par_iter()
        .map(|slot| commit(config, slot))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// What the build does for some of the plan's documents (by index), on one core or more.
enum Task {
    /// A document whose file is as the last build left it, from the same inputs.
    Fresh(usize, FileStamp),
    /// A document rendered in memory, then written.
    Render(usize),
    /// Feed documents of one `render::stream_group`, streamed together into their files.
    Stream(Vec<usize>),
}

/// The order in which the build takes its tasks up (by index): the heaviest first (a feed's
/// documents streamed together, an archive, a page listing every statement), the rest in the
/// plan's order. Started last, a large feed would leave one core alone at the end of the
/// batch while it finishes. Ties keep the plan's order, so the order is the same every run.
fn heaviest_first(plan: &SitePlan, tasks: &[Task]) -> Vec<usize> {
    let weight = |task: &Task| match task {
        Task::Fresh(..) => 0,
        Task::Render(d) => render::weight(plan, plan.documents[*d].kind),
        Task::Stream(docs) => docs
            .iter()
            .map(|&d| render::weight(plan, plan.documents[d].kind))
            .sum(),
    };
    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by_key(|&t| std::cmp::Reverse(weight(&tasks[t])));
    order
}

/// The build's tasks for `plan`'s documents, in the order of their first documents.
fn tasks(plan: &SitePlan, fresh: &[Option<FileStamp>]) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut groups = rustc_hash::FxHashMap::default();
    for (d, (doc, stamp)) in plan.documents.iter().zip(fresh).enumerate() {
        if let Some(stamp) = stamp {
            tasks.push(Task::Fresh(d, *stamp));
            continue;
        }
        let Some(group) = render::stream_group(doc.kind) else {
            tasks.push(Task::Render(d));
            continue;
        };
        match groups.get(&group).and_then(|&t| tasks.get_mut(t)) {
            Some(Task::Stream(docs)) => docs.push(d),
            _ => {
                groups.insert(group, tasks.len());
                tasks.push(Task::Stream(vec![d]));
            }
        }
    }
    tasks
}

/// Streams the feed documents `docs` (of one group) into temporary files beside theirs
/// (`write::Streamed`): a document of hundreds of megabytes is never held whole. `early_flush`
/// is told of each piece as it is written.
fn stream<'p>(
    renderer: &Renderer<'_>,
    config: &Config,
    plan: &'p SitePlan,
    docs: &[usize],
    early_flush: &write::EarlyFlush,
) -> Result<Vec<(usize, Slot<'p>)>, BuildError> {
    let write_error = |path: &std::path::Path, source| BuildError::Write {
        path: config.display_path(path),
        source,
    };
    let paths: Vec<std::path::PathBuf> = docs
        .iter()
        .map(|&d| config.output_dir.join(&plan.documents[d].path))
        .collect();
    let mut sinks = Vec::with_capacity(docs.len());
    for path in &paths {
        let sink = write::Streamed::new(path).map_err(|e| write_error(path, e))?;
        // Nothing reads a feed back in this run but `publish`'s push, of the changed ones.
        sinks.push(sink.reporting_to(early_flush).direct(true));
    }
    let mut outs: Vec<(crate::plan::Kind, &mut (dyn std::io::Write + Send))> = docs
        .iter()
        .zip(&mut sinks)
        .map(|(&d, sink)| {
            let out: &mut (dyn std::io::Write + Send) = sink;
            (plan.documents[d].kind, out)
        })
        .collect();
    let streamed = renderer.stream(&mut outs);
    drop(outs);
    if let Err(e) = streamed {
        // A file that could not be written fails its renderer too: report the file's error.
        for (sink, path) in sinks.into_iter().zip(&paths) {
            if let Some(source) = sink.failure() {
                return Err(write_error(path, source));
            }
        }
        return Err(e);
    }
    let mut slots = Vec::with_capacity(docs.len());
    for ((&d, sink), path) in docs.iter().zip(sinks).zip(&paths) {
        let (prepared, size) = sink.finish().map_err(|e| write_error(path, e))?;
        let rel = plan.documents[d].path.as_str();
        slots.push((d, (rel, size as usize, None, Some(prepared))));
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use crate::config::Config;
    use crate::lock::Wait;
    use crate::ops::{self, Quiet, Unpublish};

    /// Calls of one of the counters (`plan::PLANNED`, `state::STAMPED`) for `output_dir`.
    fn count(counter: &std::sync::Mutex<Vec<std::path::PathBuf>>, output_dir: &Path) -> usize {
        counter
            .lock()
            .map(|seen| seen.iter().filter(|d| *d == output_dir).count())
            .unwrap_or_default()
    }

    /// The build takes its heaviest tasks first (the feeds, streamed), the rest in the plan's
    /// order; every task exactly once.
    #[test]
    fn tasks_start_with_the_heaviest_and_keep_the_plan_order_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        crate::instance::write_minimal_instance(
            root,
            (0..5).map(|n| {
                let text =
                    format!("+++\ntitle = \"{n}\"\nlang = \"en\"\ntags = [\"t{n}\"]\n+++\nText.\n");
                (format!("2022-01-0{}-a.md", n + 1), text)
            }),
        );
        let instance = crate::instance::Instance::load(&root.join("config.toml")).unwrap();
        let plan = &instance.plan;
        let tasks = super::tasks(plan, &vec![None; plan.documents.len()]);
        let order = super::heaviest_first(plan, &tasks);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..tasks.len()).collect::<Vec<_>>());
        let weight = |t: usize| match &tasks[t] {
            super::Task::Stream(docs) => docs
                .iter()
                .map(|&d| super::render::weight(plan, plan.documents[d].kind))
                .sum(),
            super::Task::Render(d) => super::render::weight(plan, plan.documents[*d].kind),
            super::Task::Fresh(..) => 0,
        };
        assert!(matches!(tasks[order[0]], super::Task::Stream(_)));
        for pair in order.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!(weight(a) > weight(b) || (weight(a) == weight(b) && a < b));
        }
    }

    #[test]
    fn a_run_plans_once_and_a_no_op_stats_each_output_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        crate::instance::write_minimal_instance(
            root,
            [("2022-01-08-a.md", "x"), ("2023-02-01-b.md", "y")].map(|(name, tag)| {
                let text = format!(
                    "+++\ntitle = \"{name}\"\nlang = \"en\"\ntags = [\"{tag}\"]\n+++\nText.\n"
                );
                (name.to_owned(), text)
            }),
        );
        // Inputs changed within a clock tick are not trusted for a no-op (state::racy_window).
        std::thread::sleep(Duration::from_millis(150));
        let config = || Config::load(&root.join("config.toml")).unwrap();
        let output_dir = config().output_dir;
        let run = || ops::publish(config(), Wait::No, Unpublish::Guarded, &mut Quiet).unwrap();

        let full = run();
        assert!(!full.noop);
        assert_eq!(count(&crate::plan::PLANNED, &output_dir), 1, "planned once");
        let outputs = full.written.len();
        assert!(outputs > 10, "{outputs}");

        let before = count(&crate::state::STAMPED, &output_dir);
        let noop = run();
        assert!(noop.noop);
        assert_eq!(
            count(&crate::state::STAMPED, &output_dir) - before,
            outputs,
            "a no-op run stats each output once"
        );
        assert_eq!(
            count(&crate::plan::PLANNED, &output_dir),
            1,
            "a no-op plans nothing"
        );
    }
}
