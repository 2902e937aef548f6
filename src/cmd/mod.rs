//! The command layer: one handler per subcommand, each `run(ctx, args) -> Result<Status, Error>`,
//! and [`main`], which parses the command line (`crate::cli`), sets up logging and dispatches.
//!
//! What every handler shares is in `Context`: the configuration path (loaded by
//! `Context::config` or `Context::instance`, the one place a configuration problem becomes
//! an error) and the `Reporter`, the only writer to stderr. A handler returns the
//! `Status` it ended with, or an `Error` that ends the run; `dispatch` reports that error
//! and turns it into status 2, the one place the exit status is decided.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod error;
pub(crate) mod ids;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod items;
pub(crate) mod man;
pub(crate) mod new;
pub(crate) mod publish;
pub(crate) mod push;
pub(crate) mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::diag::{self, Line};
use crate::instance::Instance;
use crate::lock::Wait;
use crate::ops::Unpublish;
pub(crate) use crate::report::{LogFormat, Reporter, Status};
use crate::ui;
pub(crate) use error::Error;

/// What every handler gets: where the configuration is, and how to report.
#[derive(Debug)]
pub(crate) struct Context {
    pub config_path: PathBuf,
    /// Where `--config` came from (flag, environment, default), for `config show`.
    pub config_source: Option<ValueSource>,
    pub reporter: Reporter,
}

impl Context {
    /// The context of a parsed command line.
    pub(crate) fn of(cli: &Cli) -> Context {
        Context {
            config_path: cli.config.clone(),
            config_source: cli.config_source,
            reporter: Reporter {
                format: cli.log_format,
                verbose: cli.verbose > 0,
                quiet: cli.quiet,
            },
        }
    }

    /// Loads and checks the configuration. A missing file is an instance not made yet: the
    /// error says how to make one.
    pub(crate) fn config(&self) -> Result<Config, Error> {
        match Config::load(&self.config_path) {
            Err(crate::config::ConfigError::Read { path, source })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Err(Error::NoInstance { path })
            }
            loaded => Ok(loaded?),
        }
    }

    /// Loads the configuration, then collects and normalises the items.
    pub(crate) fn instance(&self) -> Result<Instance, Error> {
        Ok(Instance::from_config(self.config()?)?)
    }

    /// Reports the lines of [`diag::summarise`] on stderr: errors always, the others unless
    /// `errors_only` or `--quiet`; guesses many items share as one summary line (`-v` shows
    /// each).
    pub(crate) fn report_diagnostics(&self, diagnostics: &[diag::Diagnostic], errors_only: bool) {
        let reporter = &self.reporter;
        for line in diag::summarise(diagnostics, reporter.verbose) {
            if is_error(&line) || !(errors_only || reporter.quiet) {
                reporter.diagnostic_line(&line);
            }
        }
    }
}

/// True for a line that is one error.
pub(crate) fn is_error(line: &Line<'_>) -> bool {
    matches!(line, Line::One(d) if d.is_error())
}

pub(crate) use crate::cli::{GuardArgs, LockArgs};

impl LockArgs {
    pub(crate) fn wait(&self, config: &Config) -> Wait {
        if self.no_wait {
            Wait::No
        } else {
            Wait::UpTo(config.lock_timeout)
        }
    }
}

impl GuardArgs {
    pub(crate) fn unpublish(&self) -> Unpublish {
        if self.force {
            Unpublish::Forced
        } else {
            Unpublish::Guarded
        }
    }
}

/// Parses the command line, runs the subcommand, and exits with its status.
pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.config_source = matches.value_source("config");
    init_logging(cli.verbose, cli.quiet, cli.log_format);
    ExitCode::from(run(&cli).code())
}

fn init_logging(verbose: u8, quiet: bool, format: LogFormat) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Debug lines carry the time since the run started: what the stages of a run took
    // (`-vv build`) is read off them. Lines at the levels users see by default carry no time.
    let timed = filter
        .max_level_hint()
        .is_some_and(|level| level >= tracing::level_filters::LevelFilter::DEBUG);
    // `log_internal_errors(false)`: on a closed stderr the subscriber would otherwise report its
    // failed write with `eprintln!`, which panics there (see `crate::out`).
    let text = || {
        tracing_subscriber::fmt()
            .log_internal_errors(false)
            .with_writer(std::io::stderr)
            .with_ansi(ui::stderr_color())
            .with_target(false)
    };
    let _ = match format {
        LogFormat::Text if timed => text()
            .with_timer(tracing_subscriber::fmt::time::uptime())
            .with_env_filter(filter)
            .try_init(),
        LogFormat::Text => text().without_time().with_env_filter(filter).try_init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .log_internal_errors(false)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
    };
}

/// Runs a parsed command line and returns its status.
pub(crate) fn run(cli: &Cli) -> Status {
    let ctx = Context::of(cli);
    let result = crate::types::clock::check()
        .map_err(Error::Clock)
        .and_then(|()| dispatch(&ctx, &cli.command));
    match result {
        Ok(status) => status,
        Err(error) => {
            error.report(&ctx.reporter);
            Status::Fatal
        }
    }
}

/// Calls the subcommand's handler.
fn dispatch(ctx: &Context, command: &Command) -> Result<Status, Error> {
    match command {
        Command::Publish(args) => publish::run(ctx, args),
        Command::Build(args) => build::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Items(args) => items::run(ctx, args),
        Command::Ids(args) => ids::run(ctx, args),
        Command::New(args) => new::run(ctx, args),
        Command::Config(args) => config::run(ctx, args),
        Command::Init(args) => init::run(ctx, args),
        Command::Serve(args) => serve::run(ctx, args),
        Command::Completions(args) => completions::run(ctx, args),
        Command::Man(args) => man::run(ctx, args),
        Command::Push(args) => push::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
    }
}

/// `one` or `many`, for `n` things.
pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
