//! `communique man`: the man pages (clap_mangen), generated from the clap definitions so that
//! they cannot drift from the real options, with the sections clap does not know about. Prints
//! the main page, `communique(1)`, to stdout; with `--dir`, writes one page per command
//! (`communique-build.1`, `communique-config-show.1`, …) into a folder, so that every page the
//! others name under COMMANDS and SEE ALSO exists. Needs no configuration file.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::{Context, Error, Status};
use crate::cli::{Cli, ManArgs};

/// Sections clap does not know about, in roff.
const EXTRA_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success: the feeds are published, or nothing had changed.
.TP
\fB1\fR
Some items have errors: they were left out (each reported on stderr as \fIpath\fR:\fIline\fR: error: \fImessage\fR) and everything else was done.
.TP
\fB2\fR
Fatal: configuration, items folder, output or state folder, instance lock (another run, with \fB\-\-no\-wait\fR or after \fBlock_timeout\fR), push, or a file \fBnew\fR would overwrite.
.SH ENVIRONMENT
.TP
\fBCOMMUNIQUE_CONFIG\fR
The configuration file, when \fB\-\-config\fR is not given.
.TP
\fBCOMMUNIQUE_LOG_FORMAT\fR
\fBtext\fR or \fBjson\fR, when \fB\-\-log\-format\fR is not given.
.TP
\fBRUST_LOG\fR
Log filter (for example \fBinfo\fR, \fBdebug\fR, \fBcommunique=debug\fR); overrides \fB\-v\fR and \fB\-q\fR.
.TP
\fBNO_COLOR\fR
When set and not empty, no colours (colours are only ever used on a terminal).
.SH FILES
.TP
\fIstate_dir\fR/lock
The instance lock, held by \fBpublish\fR and \fBbuild\fR while they run.
.TP
\fIstate_dir\fR/state.bin
What the last successful \fBpublish\fR saw; deleting it only costs one full run.
.TP
\fIstate_dir\fR/published.bin
Every entry id the last \fBbuild\fR or \fBpublish\fR wrote, with its item file: the unpublish guard (\fB\-\-force\fR) and the owner of an id two files claim.
.TP
\fIstate_dir\fR/first_seen.json
When this instance first saw each item that has no date anywhere else (not even in git);
deleting it gives those items new dates, so keep it or pin them with \fBids \-\-pin\fR.
"#;

/// Prints the main man page, or writes every page into `--dir`.
pub(crate) fn run(_ctx: &Context, args: &ManArgs) -> Result<Status, Error> {
    let pages = pages();
    match &args.dir {
        None => {
            let (_, main) = &pages[0];
            crate::out::write_all(main).map_err(|source| Error::Stdout {
                what: "the man page",
                source,
            })?;
        }
        Some(dir) => write_pages(dir, &pages)?,
    }
    Ok(Status::Ok)
}

/// Every page as (file name, roff), the main page first, then each command's in clap's order,
/// a command before its own subcommands.
pub(crate) fn pages() -> Vec<(String, Vec<u8>)> {
    // Without the `help` subcommand: it has no page of its own.
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let mut pages = Vec::new();
    collect(&top, &mut pages);
    pages
}

/// Adds `cmd`'s page and those of its subcommands.
fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("communique {}", env!("CARGO_PKG_VERSION")));
    pages.push((man.get_filename(), render(&man, cmd)));
    for sub in visible_subcommands(cmd) {
        collect(sub, pages);
    }
}

fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands().filter(|sub| !sub.is_hide_set())
}

/// One page: clap's sections, then (main page only) the sections clap does not know about,
/// then SEE ALSO, then (main page only) VERSION.
fn render(man: &clap_mangen::Man, cmd: &clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    let is_main = cmd
        .get_display_name()
        .is_none_or(|name| name == "communique");
    let has_subcommands = visible_subcommands(cmd).next().is_some();
    let rendered = man
        .render_title(&mut out)
        .and_then(|()| man.render_name_section(&mut out))
        .and_then(|()| man.render_synopsis_section(&mut out))
        .and_then(|()| man.render_description_section(&mut out))
        .and_then(|()| man.render_options_section(&mut out))
        .and_then(|()| {
            if has_subcommands {
                man.render_subcommands_section(&mut out)
            } else {
                Ok(())
            }
        })
        .and_then(|()| out.write_all(examples_section(cmd).as_bytes()))
        .and_then(|()| {
            if is_main {
                out.write_all(EXTRA_SECTIONS.as_bytes())
            } else {
                Ok(())
            }
        })
        .and_then(|()| out.write_all(see_also(cmd, is_main).as_bytes()))
        .and_then(|()| {
            // Only the main command carries the version; clap_mangen needs one for this section.
            if cmd.get_version().is_some() {
                man.render_version_section(&mut out)
            } else {
                Ok(())
            }
        });
    rendered.expect("writing roff into memory cannot fail");
    out
}

/// EXAMPLES: the examples `--help` shows after the options (clap's `after_help`), kept line
/// for line in a no-fill block so that their columns stay aligned. Empty when the command has
/// none. clap_mangen's own `EXTRA` section would fill the lines into one paragraph.
fn examples_section(cmd: &clap::Command) -> String {
    let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) else {
        return String::new();
    };
    let text = after.to_string();
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|line| line.trim().is_empty() || line.trim_end() == "Examples:")
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let body: Vec<String> = lines
        .iter()
        .map(|line| roff_line(line.trim_end()))
        .collect();
    format!(".SH EXAMPLES\n.nf\n{}\n.fi\n", body.join("\n"))
}

/// One line of literal text in roff: backslashes and hyphens escaped, and `\&` first so that a
/// line starting with `.` or `'` is not read as a request.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    format!("\\&{escaped}")
}

/// SEE ALSO: the main page names every command's page; a command's page names the main page.
fn see_also(cmd: &clap::Command, is_main: bool) -> String {
    let names: Vec<String> = if is_main {
        let mut names = Vec::new();
        page_names(cmd, &mut names);
        names.remove(0);
        names
    } else {
        vec!["communique".to_owned()]
    };
    let refs: Vec<String> = names
        .iter()
        .map(|name| format!("\\fB{}\\fR(1)", name.replace('-', "\\-")))
        .collect();
    format!(".SH \"SEE ALSO\"\n{}\n", refs.join(",\n"))
}

/// The page names (without section) of `cmd` and every command under it.
fn page_names(cmd: &clap::Command, names: &mut Vec<String>) {
    names.push(
        cmd.get_display_name()
            .unwrap_or_else(|| cmd.get_name())
            .to_owned(),
    );
    for sub in visible_subcommands(cmd) {
        page_names(sub, names);
    }
}

/// Writes the pages into `dir` (creating it), leaving unchanged files alone; prints each path.
fn write_pages(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<(), Error> {
    let failed = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::ManPage { path, source }
    };
    std::fs::create_dir_all(dir).map_err(failed(dir))?;
    let mut listing = String::new();
    for (name, roff) in pages {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(roff.as_slice()) {
            std::fs::write(&path, roff).map_err(failed(&path))?;
        }
        listing.push_str(&format!("{}\n", path.display()));
    }
    crate::out::write_all(listing.as_bytes()).map_err(|source| Error::Stdout {
        what: "the man page list",
        source,
    })
}
