//! The command line: clap definitions, then one small function per subcommand.
//!
//! Exit codes: 0 success; 1 some items have errors (they were left out, everything else was
//! done); 2 fatal (configuration, items folder, output folder) or a failed push.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::instance::Instance;
use crate::model::{Item, Origin};
use crate::normalise::dates::rfc3339;
use crate::push::PushOptions;
use crate::write::Outcome;
use crate::{ids, publish, push};

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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Collect and normalise the items, then write the feeds into the output folder.
    Build,
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
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    ExitCode::from(run(&cli))
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .try_init();
}

/// Runs a parsed command line and returns the exit status.
pub fn run(cli: &Cli) -> u8 {
    if let Command::Push {
        dry_run,
        full,
        force,
        targets,
    } = &cli.command
    {
        let options = PushOptions {
            dry_run: *dry_run,
            full: *full,
            force: *force,
            targets: targets.clone(),
            quiet: cli.quiet,
            progress: !cli.quiet && std::io::stderr().is_terminal(),
        };
        return push(&cli.config, &options);
    }
    let instance = match Instance::load(&cli.config) {
        Ok(instance) => instance,
        Err(e) => {
            eprintln!("{e}");
            return exit::FATAL;
        }
    };
    match &cli.command {
        Command::Build => build(&instance, cli.quiet),
        Command::Check => check(&instance, cli.quiet),
        Command::Items { format } => items(&instance, *format),
        Command::Ids { pin } => ids(&instance, *pin),
        // Handled above: a push needs the configuration only, not the items.
        Command::Push { .. } => exit::FATAL,
    }
}

/// `communique push`: reads only the configuration; the output folder is pushed as it is.
fn push(config_path: &std::path::Path, options: &PushOptions) -> u8 {
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return exit::FATAL;
        }
    };
    let report = push::push(
        &config,
        options,
        &mut std::io::stdout().lock(),
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

fn print_diagnostics(instance: &Instance, out: &mut dyn Write, quiet: bool) {
    for d in &instance.diagnostics {
        if !quiet || d.is_error() {
            let _ = writeln!(out, "{d}");
        }
    }
}

fn build(instance: &Instance, quiet: bool) -> u8 {
    print_diagnostics(instance, &mut std::io::stderr(), quiet);
    let written = match publish::publish(&instance.items, &instance.config) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("{e}");
            return exit::FATAL;
        }
    };
    let count = |o: Outcome| written.iter().filter(|w| w.outcome == o).count();
    for w in &written {
        tracing::info!(path = %w.path, bytes = w.bytes, outcome = ?w.outcome, "feed");
    }
    if !quiet {
        eprintln!(
            "{} items, {} files in {}: {} created, {} updated, {} unchanged",
            instance.items.iter().filter(|i| !i.draft).count(),
            written.len(),
            instance.config.display_path(&instance.config.output_dir),
            count(Outcome::Created),
            count(Outcome::Updated),
            count(Outcome::Unchanged),
        );
    }
    item_status(instance)
}

fn check(instance: &Instance, quiet: bool) -> u8 {
    let mut stdout = std::io::stdout().lock();
    print_diagnostics(instance, &mut stdout, quiet);
    let errors = instance.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = instance.diagnostics.len() - errors;
    if !quiet {
        let _ = writeln!(
            stdout,
            "{} items checked: {} {}, {} {}",
            instance.items.len() + count_failed_files(instance),
            errors,
            plural(errors, "error", "errors"),
            warnings,
            plural(warnings, "warning", "warnings"),
        );
    }
    item_status(instance)
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
    let mut stdout = std::io::stdout().lock();
    print_diagnostics(instance, &mut std::io::stderr(), true);
    match format {
        ItemsFormat::Json => {
            let json = serde_json::to_string_pretty(&instance.items).unwrap_or_default();
            let _ = writeln!(stdout, "{json}");
        }
        ItemsFormat::Table => {
            for item in &instance.items {
                let _ = writeln!(stdout, "{}", item_row(item));
            }
        }
    }
    item_status(instance)
}

/// One line of `communique items`: path, date, language, authors and title, each value followed
/// by a one-letter origin mark (f front matter, n file name, t text, d detected, c config,
/// = derived).
fn item_row(item: &Item) -> String {
    fn mark(o: &Origin) -> char {
        match o {
            Origin::FrontMatter { .. } => 'f',
            Origin::FileName => 'n',
            Origin::Text { .. } => 't',
            Origin::Detected { .. } => 'd',
            Origin::Config => 'c',
            Origin::Derived { .. } => '=',
        }
    }
    format!(
        "{}\t{} {}\t{} {}\t{} {}\t{} {}{}",
        item.path,
        &rfc3339(&item.published.value)[..10],
        mark(&item.published.origin),
        item.lang.value,
        mark(&item.lang.origin),
        item.authors.value.join("; "),
        mark(&item.authors.origin),
        item.title.value,
        mark(&item.title.origin),
        if item.draft { "\t(draft)" } else { "" }
    )
}

fn ids(instance: &Instance, pin: bool) -> u8 {
    let mut status = item_status(instance);
    print_diagnostics(instance, &mut std::io::stderr(), true);
    for item in &instance.items {
        let pinned = !ids::needs_pin(item);
        if pin && !pinned {
            match ids::pin_file(&item.file, item.front_matter, &item.id.value) {
                Ok(()) => println!("{}\t{}\tpinned now", item.path, item.id.value),
                Err(e) => {
                    eprintln!("{}: error: cannot pin the id: {e}", item.path);
                    status = exit::FATAL;
                }
            }
        } else {
            let how = if pinned {
                "pinned"
            } else {
                "from the file name"
            };
            println!("{}\t{}\t{how}", item.path, item.id.value);
        }
    }
    status
}
