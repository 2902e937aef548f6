//! `communique completions SHELL`: the shell completion script (clap_complete), generated from
//! the clap definitions so that it cannot drift from the real options. Prints to stdout and
//! needs no configuration file.

use clap::CommandFactory;

use super::{Context, Error, Status};
use crate::cli::{Cli, CompletionsArgs};

/// Prints the completion script for the shell asked for.
pub(crate) fn run(_ctx: &Context, args: &CompletionsArgs) -> Result<Status, Error> {
    let mut cmd = Cli::command();
    // Into memory first: `generate` panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "communique", &mut script);
    crate::out::write_all(&script).map_err(|source| Error::Stdout {
        what: "the completion script",
        source,
    })?;
    Ok(Status::Ok)
}
