//! `communique man`: the man page (clap_mangen), generated from the clap definitions so that it
//! cannot drift from the real options, with the sections clap does not know about. Prints to
//! stdout and needs no configuration file.

use std::io::Write;

use clap::CommandFactory;

use super::{Context, Error, Status};
use crate::cli::Cli;

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
\fIstate_dir\fR/state.json
What the last successful \fBpublish\fR saw; deleting it only costs one full run.
.TP
\fIstate_dir\fR/published.json
Every entry id the last \fBbuild\fR or \fBpublish\fR wrote, with its item file: the unpublish guard (\fB\-\-force\fR) and the owner of an id two files claim.
.TP
\fIstate_dir\fR/first_seen.json
When this instance first saw each item that has no date anywhere else (not even in git);
deleting it gives those items new dates, so keep it or pin them with \fBids \-\-pin\fR.
"#;

/// Prints the man page (roff) for `communique`.
pub(crate) fn run(_ctx: &Context, _args: &()) -> Result<Status, Error> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = Vec::new();
    let rendered = man
        .render_title(&mut out)
        .and_then(|()| man.render_name_section(&mut out))
        .and_then(|()| man.render_synopsis_section(&mut out))
        .and_then(|()| man.render_description_section(&mut out))
        .and_then(|()| man.render_options_section(&mut out))
        .and_then(|()| man.render_subcommands_section(&mut out))
        .and_then(|()| out.write_all(EXTRA_SECTIONS.as_bytes()))
        .and_then(|()| man.render_version_section(&mut out));
    rendered
        .and_then(|()| crate::out::write_all(&out))
        .map_err(|source| Error::Stdout {
            what: "the man page",
            source,
        })?;
    Ok(Status::Ok)
}
