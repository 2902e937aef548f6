//! `communique check`: collect and normalise only, and print every diagnostic on stdout (the
//! command's product), then a count; also say whether `build` and `publish` would refuse the run
//! under the unpublish guard. Nothing is written.
//!
//! On a terminal each diagnostic is drawn as rustc draws its own (the source line, a caret
//! under the span, `help:`); piped or redirected, it is one line, `path:line:column: severity:
//! message`, for scripts. With `--log-format json` stdout is the same, and stderr carries the
//! same findings as JSON events (each diagnostic with `path` and `line`, then the count), for
//! log shippers.
//!
//! `--format json` is for editors: stdout is one JSON object per diagnostic, per line (every
//! diagnostic, guesses not summarised), with `file`, `line`, `column`, `end_column`,
//! `severity`, `code`, `message` and `help` ([`crate::report::editor_json`]); the count goes to
//! stderr. `--deny-warnings` (`--strict`) makes warnings fail the run (status 1), for CI.

use std::io::Write;

use serde_json::json;

use super::{Context, Error, Status};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{self, Line};
use crate::instance::Instance;
use crate::ops;
use crate::report::{
    editor_json, finding_of, plain, write_finding, Finding, LogFormat, Message, Place,
};

/// Runs `check`.
pub(crate) fn run(ctx: &Context, args: &CheckArgs) -> Result<Status, Error> {
    let instance = ctx.instance()?;
    let reporter = &ctx.reporter;
    let json = reporter.format == LogFormat::Json;
    let editor = args.format == CheckFormat::Json;
    let mut stdout = crate::out::stdout();
    // Editors want every diagnostic, so `--format json` never summarises.
    let verbose = reporter.verbose || editor;
    let terminal = !editor && crate::ui::stdout_is_terminal();
    let colours = terminal && crate::ui::stdout_color();
    for line in diag::summarise(&instance.diagnostics, verbose) {
        if !reporter.quiet || super::is_error(&line) {
            print_line(&mut stdout, &line, editor, terminal, colours);
            if json {
                reporter.diagnostic_line(&line);
            }
        }
    }
    let refused = unpublish_refusal(&instance);
    if let Some(refusal) = &refused {
        if editor {
            let place = refusal.place.clone();
            let finding = Finding {
                place: &place,
                severity: diag::Severity::Error,
                message: &refusal.message,
                span: None,
                help: None,
                code: Some("unpublish-guard"),
            };
            let _ = writeln!(stdout, "{}", editor_json(&finding));
        } else {
            let _ = writeln!(stdout, "{}", plain(refusal));
        }
        if json {
            reporter.error(refusal);
        }
    }
    let errors = instance.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = instance.diagnostics.len() - errors;
    let errors = errors + usize::from(refused.is_some());
    let checked = instance.items.len() + count_failed_files(&instance);
    if !reporter.quiet {
        let summary = format!(
            "{} {} checked: {} {}, {} {}",
            checked,
            super::plural(checked, "item", "items"),
            errors,
            super::plural(errors, "error", "errors"),
            warnings,
            super::plural(warnings, "warning", "warnings"),
        );
        if !editor {
            let _ = writeln!(stdout, "{summary}");
        }
        if json || editor {
            let fields = json!({"checked": checked, "errors": errors, "warnings": warnings});
            reporter.note(&summary, fields);
        }
    }
    Ok(if refused.is_some() {
        Status::Fatal
    } else {
        Status::from_item_errors(instance.has_errors() || (args.deny_warnings && warnings > 0))
    })
}

/// One line of `check`'s product on stdout: a JSON object (`--format json`), the snippet form
/// on a terminal, or one line.
fn print_line(out: &mut dyn Write, line: &Line<'_>, editor: bool, terminal: bool, colours: bool) {
    let Line::One(d) = line else {
        if !editor {
            let _ = writeln!(out, "{line}");
        }
        return;
    };
    let place = Place::File {
        path: d.path.clone(),
        line: d.line,
    };
    let code = d.code_name();
    let finding = finding_of(d, &place, code.as_deref());
    if editor {
        let _ = writeln!(out, "{}", editor_json(&finding));
    } else if colours {
        let _ = write_finding(out, &finding, terminal, true);
    } else {
        let mut plain = anstream::StripStream::new(Vec::new());
        let _ = write_finding(&mut plain, &finding, terminal, false);
        let _ = out.write_all(&plain.into_inner());
    }
}

/// What `build` and `publish` would refuse under the unpublish guard, worded for `check` (which
/// writes nothing itself), or `None` when they would go ahead.
fn unpublish_refusal(instance: &Instance) -> Option<Message> {
    let config = &instance.config;
    let next = crate::published::Record::of(&instance.items, &config.items_dir);
    let refused =
        ops::guard::check(config, &instance.published, &next, ops::Unpublish::Guarded).err()?;
    Some(Message {
        place: Place::file(&refused.items_dir),
        message: format!(
            "`build` and `publish` would refuse this run: it would unpublish {} of the {} \
             published entries, {}; for example {}. If this is intended, run them with --force",
            refused.lost, refused.published, refused.why, refused.examples
        ),
    })
}

/// Files that produced an error and so no item (they still count as checked).
fn count_failed_files(instance: &Instance) -> usize {
    let mut paths: Vec<&str> = instance
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.as_str())
        .filter(|p| !instance.items.iter().any(|i| i.path == *p))
        .collect();
    paths.dedup();
    paths.len()
}
