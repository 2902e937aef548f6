//! The command line: clap definitions, then one small function per subcommand (the handlers
//! of `publish`, `new`, `config`, `completions` and `man` live in [`crate::cmd`]).
//!
//! Exit codes ([`exit`]): 0 success (for `publish`: published, or nothing to do); 1 some items
//! have errors (they were left out, everything else was done); 2 fatal (configuration, items
//! folder, output or state folder, instance lock, a failed push, `new` refusing to overwrite).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::cmd::config::ConfigCommand;
use crate::cmd::new::NewArgs;
use crate::cmd::publish::PublishArgs;
use crate::cmd::{GuardArgs, LockArgs, LogFormat, Reporter};
use crate::config::Config;
use crate::instance::Instance;
use crate::model::{Item, Origin};
use crate::normalise::dates::rfc3339;
use crate::push::PushOptions;
use crate::write::Outcome;
use crate::{cmd, ids, ops, push, ui};

/// Turns a folder of public statements into Atom, RSS and JSON feeds.
#[derive(Debug, Parser)]
#[command(name = "communique", version, about, long_about = None)]
pub struct Cli {
    /// The instance's configuration file; relative paths in it are relative to its folder.
    #[arg(
        long,
        global = true,
        env = "COMMUNIQUE_CONFIG",
        default_value = "config.toml",
        value_name = "PATH"
    )]
    pub config: PathBuf,
    /// Say more about what is done (repeat for more); `RUST_LOG` overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log format on stderr: `json` gives one JSON object per line, for log shippers.
    #[arg(
        long,
        global = true,
        env = "COMMUNIQUE_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,
    /// Where `--config` came from (flag, environment, default); set by [`main`].
    #[arg(skip)]
    pub config_source: Option<ValueSource>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check, build and push in one run, quietly: the command for cron. Does nothing (and
    /// writes nothing) when nothing changed since the last successful run.
    Publish(PublishArgs),
    /// Collect and normalise the items, then write the feeds into the output folder.
    Build {
        #[command(flatten)]
        lock: LockArgs,
        #[command(flatten)]
        guard: GuardArgs,
    },
    /// Collect and normalise only, and print every diagnostic as `path:line: severity: message`.
    Check,
    /// Print the normalised items and where each metadata value came from.
    Items {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ItemsFormat::Table)]
        format: ItemsFormat,
    },
    /// List every item's id; with --pin, write ids that still depend on the file name into
    /// the front matter, so that a later rename keeps them.
    Ids {
        /// Write missing ids into the items' front matter.
        #[arg(long)]
        pin: bool,
    },
    /// Create a new statement file with front matter from the options; print its path.
    New(NewArgs),
    /// Show the configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Upload the output folder to every `[[push]]` target (only what changed since the last
    /// push), then announce changed feeds to the WebSub hubs. Run `build` first.
    Push {
        /// Print what would be uploaded and deleted, per target, and touch nothing.
        #[arg(long)]
        dry_run: bool,
        /// Send every file, even those the target already has.
        #[arg(long)]
        full: bool,
        /// Delete files that vanished locally even when they are more than `max_deletes`.
        #[arg(long)]
        force: bool,
        /// Push to this target only (repeat for several).
        #[arg(long = "target", value_name = "NAME")]
        targets: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ItemsFormat {
    Table,
    Json,
}

/// Exit statuses.
pub mod exit {
    pub const OK: u8 = 0;
    pub const ITEM_ERRORS: u8 = 1;
    pub const FATAL: u8 = 2;
}

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.config_source = matches.value_source("config");
    init_logging(cli.verbose, cli.quiet, cli.log_format);
    ExitCode::from(run(&cli))
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
    // `log_internal_errors(false)`: on a closed stderr the subscriber would otherwise report its
    // failed write with `eprintln!`, which panics there (see `crate::out`).
    let _ = match format {
        LogFormat::Text => tracing_subscriber::fmt()
            .log_internal_errors(false)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(ui::stderr_color())
            .without_time()
            .with_target(false)
            .try_init(),
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

/// Runs a parsed command line and returns the exit status.
pub fn run(cli: &Cli) -> u8 {
    let reporter = Reporter {
        format: cli.log_format,
        verbose: cli.verbose > 0,
        quiet: cli.quiet,
    };
    let with_instance = |f: &dyn Fn(&Instance) -> u8| match Instance::load(&cli.config) {
        Ok(instance) => f(&instance),
        Err(e) => {
            crate::eprintln_quiet!("{e}");
            exit::FATAL
        }
    };
    match &cli.command {
        Command::Publish(args) => cmd::publish::run(&cli.config, args, &reporter),
        Command::Build { lock, guard } => {
            build(&cli.config, cli.quiet, cli.verbose > 0, lock, guard)
        }
        Command::Check => with_instance(&|i| check(i, cli.quiet, cli.verbose > 0)),
        Command::Items { format } => with_instance(&|i| items(i, *format)),
        Command::Ids { pin } => with_instance(&|i| ids(i, *pin)),
        Command::New(args) => cmd::new::run(&cli.config, args, &reporter),
        Command::Config { command } => {
            cmd::config::run(&cli.config, cli.config_source, *command, &reporter)
        }
        Command::Completions { shell } => cmd::generate::completions(*shell),
        Command::Man => cmd::generate::man(),
        Command::Push {
            dry_run,
            full,
            force,
            targets,
        } => {
            let options = PushOptions {
                dry_run: *dry_run,
                full: *full,
                force: *force,
                targets: targets.clone(),
                quiet: cli.quiet,
                progress: !cli.quiet && std::io::stderr().is_terminal(),
            };
            push_command(&cli.config, &options)
        }
    }
}

/// `communique push`: reads only the configuration; the output folder is pushed as it is.
fn push_command(config_path: &Path, options: &PushOptions) -> u8 {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            crate::eprintln_quiet!("{e}");
            return exit::FATAL;
        }
    };
    let report = push::push(
        &config,
        options,
        &mut crate::out::stdout(),
        &mut std::io::stderr(),
    );
    if report.errors.is_empty() {
        exit::OK
    } else {
        exit::FATAL
    }
}

fn item_status(instance: &Instance) -> u8 {
    if instance.has_errors() {
        exit::ITEM_ERRORS
    } else {
        exit::OK
    }
}

/// Guesses shared by many items are one summary line each; `verbose` shows every one.
fn print_diagnostics(instance: &Instance, out: &mut dyn Write, quiet: bool, verbose: bool) {
    for line in crate::diag::summarise(&instance.diagnostics, verbose) {
        if !quiet || matches!(line, crate::diag::Line::One(d) if d.is_error()) {
            let _ = writeln!(out, "{line}");
        }
    }
}

/// `build` takes the instance lock before it reads anything, like `publish`.
fn build(config_path: &Path, quiet: bool, verbose: bool, lock: &LockArgs, guard: &GuardArgs) -> u8 {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            crate::eprintln_quiet!("{e}");
            return exit::FATAL;
        }
    };
    let held = match ops::lock(&config, lock.wait(&config)) {
        Ok(held) => held,
        Err(e) => {
            crate::eprintln_quiet!("{e}");
            return exit::FATAL;
        }
    };
    let instance = match Instance::from_config(config) {
        Ok(instance) => instance,
        Err(e) => {
            crate::eprintln_quiet!("{e}");
            return exit::FATAL;
        }
    };
    let instance = &instance;
    print_diagnostics(instance, &mut std::io::stderr(), quiet, verbose);
    let written = match ops::build_locked(instance, &held, guard.unpublish()) {
        Ok(written) => written,
        Err(e) => {
            crate::eprintln_quiet!("{e}");
            return exit::FATAL;
        }
    };
    let count = |o: Outcome| written.iter().filter(|w| w.outcome == o).count();
    for w in &written {
        tracing::info!(path = %w.path, bytes = w.bytes, outcome = ?w.outcome, "feed");
    }
    if !quiet {
        let published = instance.items.iter().filter(|i| !i.draft).count();
        crate::eprintln_quiet!(
            "{published} {}, {} files in {}: {} created, {} updated, {} unchanged, {} removed",
            plural(published, "item", "items"),
            written.len() - count(Outcome::Removed),
            instance.config.display_path(&instance.config.output_dir),
            count(Outcome::Created),
            count(Outcome::Updated),
            count(Outcome::Unchanged),
            count(Outcome::Removed),
        );
    }
    item_status(instance)
}

fn check(instance: &Instance, quiet: bool, verbose: bool) -> u8 {
    let mut stdout = crate::out::stdout();
    print_diagnostics(instance, &mut stdout, quiet, verbose);
    let refused = unpublish_refusal(instance);
    if let Some(line) = &refused {
        let _ = writeln!(stdout, "{line}");
    }
    let errors = instance.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = instance.diagnostics.len() - errors;
    let errors = errors + usize::from(refused.is_some());
    let checked = instance.items.len() + count_failed_files(instance);
    if !quiet {
        let _ = writeln!(
            stdout,
            "{} {} checked: {} {}, {} {}",
            checked,
            plural(checked, "item", "items"),
            errors,
            plural(errors, "error", "errors"),
            warnings,
            plural(warnings, "warning", "warnings"),
        );
    }
    if refused.is_some() {
        exit::FATAL
    } else {
        item_status(instance)
    }
}

/// What `build` and `publish` would refuse under the unpublish guard, worded for `check` (which
/// writes nothing itself), or `None` when they would go ahead.
fn unpublish_refusal(instance: &Instance) -> Option<String> {
    let config = &instance.config;
    let next = crate::published::Record::of(&instance.items, &config.items_dir);
    let refused =
        ops::guard::check(config, &instance.published, &next, ops::Unpublish::Guarded).err()?;
    Some(format!(
        "{}: error: `build` and `publish` would refuse this run: it would unpublish {} of the {} \
         published entries, {}; for example {}. If this is intended, run them with --force",
        refused.items_dir, refused.lost, refused.published, refused.why, refused.examples
    ))
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

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn items(instance: &Instance, format: ItemsFormat) -> u8 {
    let mut stdout = crate::out::stdout();
    print_diagnostics(instance, &mut std::io::stderr(), true, false);
    match format {
        ItemsFormat::Json => {
            let json = serde_json::to_string_pretty(&instance.items).unwrap_or_default();
            let _ = writeln!(stdout, "{json}");
        }
        ItemsFormat::Table => {
            let _ = write!(stdout, "{}", items_table(&instance.items));
        }
    }
    item_status(instance)
}

/// A one-letter mark for where a value came from, for the table.
fn origin_mark(o: &Origin) -> char {
    match o {
        Origin::FrontMatter { .. } => 'f',
        Origin::FileName => 'n',
        Origin::Text { .. } => 't',
        Origin::Detected { .. } => 'd',
        Origin::Config => 'c',
        Origin::Derived { .. } => '=',
        Origin::History { .. } => 'h',
        Origin::FirstSeen => 's',
    }
}

/// `communique items` as an aligned table: each value is followed by its origin mark.
fn items_table(items: &[Item]) -> String {
    let header = ["FILE", "PUBLISHED", "LANG", "AUTHORS", "TITLE"];
    let mut rows: Vec<[String; 5]> = vec![header.map(str::to_owned)];
    for item in items {
        rows.push([
            format!("{}{}", item.path, if item.draft { " (draft)" } else { "" }),
            format!(
                "{} {}",
                &rfc3339(&item.published.value)[..10],
                origin_mark(&item.published.origin)
            ),
            format!("{} {}", item.lang.value, origin_mark(&item.lang.origin)),
            format!(
                "{} {}",
                item.authors.value.join("; "),
                origin_mark(&item.authors.origin)
            ),
            format!("{} {}", item.title.value, origin_mark(&item.title.origin)),
        ]);
    }
    let mut widths = [0usize; 5];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(
        "\norigin of each value: f front matter, n file name, t text, d detected, c configuration, \
         = derived, h git history, s first seen\n",
    );
    out
}

fn ids(instance: &Instance, pin: bool) -> u8 {
    let mut status = item_status(instance);
    print_diagnostics(instance, &mut std::io::stderr(), true, false);
    let mut stdout = crate::out::stdout();
    for item in &instance.items {
        let pinned = !ids::needs_pin(item) && !ids::date_needs_pin(item);
        if pin && !pinned {
            match ids::pin_file(&item.file, item.front_matter, item) {
                Ok(()) => {
                    let _ = writeln!(stdout, "{}\t{}\tpinned now", item.path, item.id.value);
                }
                Err(e) => {
                    crate::eprintln_quiet!("{}: error: cannot pin the id: {e}", item.path);
                    status = exit::FATAL;
                }
            }
        } else {
            let how = if pinned {
                "pinned"
            } else if ids::needs_pin(item) {
                "from the file name"
            } else {
                "pinned, date not pinned"
            };
            let _ = writeln!(stdout, "{}\t{}\t{how}", item.path, item.id.value);
        }
    }
    status
}
