//! The command line: clap definitions only. Each subcommand's handler is in [`crate::cmd`];
//! [`crate::cmd::main`] parses, sets up logging and dispatches.
//!
//! Exit statuses are [`crate::report::Status`]: 0 success (for `publish`: published, or nothing
//! to do); 1 some items have errors (they were left out, everything else was done); 2 fatal
//! (configuration, items folder, output or state folder, instance lock, a failed push, `new`
//! refusing to overwrite).

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::LogFormat;

/// Turns a folder of public statements into Atom, RSS and JSON feeds.
#[derive(Debug, Parser)]
#[command(
    name = "communique",
    version,
    about,
    long_about = None,
    after_help = "Examples:
  communique init statements                              a new instance in statements/
  communique serve                                        preview, rebuilt as you edit
  communique new --title \"On the strike\" --tags strikes   a new statement in items/
  communique check                                        check every item, change nothing
  communique build                                        write the feeds into the output folder
  communique push --dry-run                               show what push would send
  communique publish                                      check, build and push: for cron"
)]
pub(crate) struct Cli {
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
    /// Where `--config` came from (flag, environment, default); set by [`crate::cmd::main`].
    #[arg(skip)]
    pub config_source: Option<ValueSource>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check, build and push in one run, quietly: the command for cron. Does nothing (and
    /// writes nothing) when nothing changed since the last successful run.
    #[command(after_help = "Examples:
  communique publish                  check, build and push; nothing when nothing changed
  communique publish --no-wait        exit at once (status 2) if another run holds the lock")]
    Publish(PublishArgs),
    /// Collect and normalise the items, then write the feeds into the output folder.
    #[command(after_help = "Examples:
  communique build                    write the feeds, pages and OPML into the output folder
  communique build --no-cache         read and render every item afresh
  communique --config site/config.toml build   build another instance")]
    Build(BuildArgs),
    /// Collect and normalise only, and print every diagnostic: with the source line and a caret
    /// on a terminal, as `path:line:column: severity: message` elsewhere.
    #[command(after_help = "Examples:
  communique check                    print every diagnostic; exit 1 if an item has errors
  communique check -q                 print only errors
  communique check --deny-warnings    exit 1 on warnings too: for CI
  communique check --format json      one JSON object per diagnostic: for editors")]
    Check(CheckArgs),
    /// Print the normalised items and where each metadata value came from.
    Items(ItemsArgs),
    /// List every item's id; with --pin, write ids that still depend on the file name into
    /// the front matter, so that a later rename keeps them.
    #[command(after_help = "Examples:
  communique ids                      list every item's id and file
  communique ids --pin                write ids into front matter, so renames keep them")]
    Ids(IdsArgs),
    /// Create a new statement file with front matter from the options; print its path.
    #[command(after_help = "Examples:
  communique new --title \"On the strike\"
  communique new --edit                   write it in $EDITOR; its first line is the title
  communique new --text - < statement.md  the first line of the text is the title
  communique new -t \"Sobre a greve\" --lang pt --tags strikes,solidarity --date 2024-03-08
  communique new -t \"Draft\" --draft --text \"First paragraph.\"")]
    New(NewArgs),
    /// Show the configuration.
    Config(ConfigArgs),
    /// Make a new instance: a commented config.toml, a sample statement and a .gitignore.
    #[command(after_help = "Examples:
  communique init statements          ask for the title, address and author (on a terminal)
  communique init --no-input          placeholders here, to change in config.toml
  communique init site --title Statements --base-url https://example.org/statements/")]
    Init(InitArgs),
    /// Build into a temporary folder for http://127.0.0.1:PORT/ and serve it there; rebuild
    /// when an item, a template or the configuration changes, and reload the open pages.
    #[command(after_help = "Examples:
  communique serve                    preview on http://127.0.0.1:8000/
  communique serve --port 0 --open    any free port, opened in the browser")]
    Serve(ServeArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff); with --dir, write one page per command into a folder.
    Man(ManArgs),
    /// Upload the output folder to every `[[push]]` target (only what changed since the last
    /// push), then announce changed feeds to the WebSub hubs. Run `build` first.
    #[command(after_help = "Examples:
  communique push                       upload what changed since the last push
  communique push --dry-run             print what would be uploaded and deleted
  communique push --target cdn --full   send every file to the target named cdn")]
    Push(PushArgs),
    /// Bring statements published elsewhere into the items folder: a feed and its archives, a
    /// statement page, a WordPress export, or every configured `[[sources]]` feed. Importing
    /// again changes nothing that did not change upstream.
    #[command(after_help = "Examples:
  communique import feed https://sister.example/feed.xml --folder sister --tags sister
  communique import page https://sister.example/2024/statement/ --folder sister
  communique import wordpress export.xml --category statements --folder archive
  communique import sources --dry-run      show what the [[sources]] feeds would bring")]
    Import(ImportArgs),
}

/// Options of `communique man`.
#[derive(Clone, Debug, Default, Args)]
pub(crate) struct ManArgs {
    /// Write every page (`communique.1`, `communique-build.1` and so on) into this folder, creating
    /// it, instead of printing the main page; print each page's path.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Options of `communique build`.
#[derive(Clone, Debug, Default, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub lock: LockArgs,
    #[command(flatten)]
    pub guard: GuardArgs,
    /// Do the whole build: read, normalise and render every item, ignoring what the state
    /// folder remembers of earlier runs (the caches are written afresh)
    #[arg(long)]
    pub no_cache: bool,
    /// Build for this address instead of the configuration's `base_url` (a preview, a staging
    /// host); entry ids do not change
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Preview: release every item, scheduled ones too (date or embargo ahead of the clock).
    /// Records no publication and leaves no state, so the next build or publish takes the
    /// scheduled items out again
    #[arg(long)]
    pub future: bool,
}

/// Options of `communique items`.
#[derive(Clone, Copy, Debug, Args)]
pub(crate) struct ItemsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ItemsFormat::Table)]
    pub format: ItemsFormat,
}

/// Options of `communique check`.
#[derive(Clone, Copy, Debug, Default, Args)]
pub(crate) struct CheckArgs {
    /// Exit with status 1 when there are warnings, not only errors (for CI).
    #[arg(long, visible_alias = "strict")]
    pub deny_warnings: bool,
    /// Output format: `json` prints one JSON object per diagnostic on a line (for editors):
    /// file, line, column, end_column, severity, code, message, help.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// `check --format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// For people: the source line and a caret on a terminal, one line each elsewhere.
    #[default]
    Text,
    /// One JSON object per diagnostic, per line.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ItemsFormat {
    Table,
    Json,
}

/// Options of `communique ids`.
#[derive(Clone, Copy, Debug, Args)]
pub(crate) struct IdsArgs {
    /// Write missing ids into the items' front matter.
    #[arg(long)]
    pub pin: bool,
}

/// `communique config …`.
#[derive(Clone, Copy, Debug, Args)]
pub(crate) struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// Options of `communique completions`.
#[derive(Clone, Copy, Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `communique push`.
#[derive(Clone, Debug, Args)]
pub(crate) struct PushArgs {
    /// Print what would be uploaded and deleted, per target, and touch nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send every file, even those the target already has.
    #[arg(long)]
    pub full: bool,
    /// Delete files that vanished locally even when they are more than `max_deletes`.
    #[arg(long)]
    pub force: bool,
    /// Push to this target only (repeat for several).
    #[arg(long = "target", value_name = "NAME")]
    pub targets: Vec<String>,
}

/// `communique config …`.
#[derive(Clone, Copy, Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Print the resolved configuration (TOML, secrets redacted).
    Show,
}

/// Options of the commands that write the output folder.
#[derive(Clone, Copy, Debug, Default, Args)]
pub(crate) struct LockArgs {
    /// When another run holds this instance's lock, exit at once (status 2) instead of waiting
    /// up to `lock_timeout` seconds.
    #[arg(long)]
    pub no_wait: bool,
}

/// `--force` of the commands that write the output folder (`build`, `publish`).
#[derive(Clone, Copy, Debug, Default, Args)]
pub(crate) struct GuardArgs {
    /// Write even when this run would unpublish all the published entries or more than
    /// `[safety] max_unpublish_share` of them (refused otherwise, before anything is written).
    #[arg(long)]
    pub force: bool,
}

/// Options of `communique new`.
#[derive(Clone, Debug, Args)]
pub(crate) struct NewArgs {
    /// The title; the file name's slug is made from it (transliterated to ASCII) [default: the
    /// first line of the text, which then leaves the body].
    #[arg(long, short)]
    pub title: Option<String>,
    /// Language tag such as `pt` or `pt-BR` [default: detected from the text at build time].
    #[arg(long)]
    pub lang: Option<String>,
    /// Tags: repeat the option or separate them with commas.
    #[arg(
        long = "tags",
        alias = "tag",
        value_delimiter = ',',
        value_name = "TAG"
    )]
    pub tags: Vec<String>,
    /// Publication date: 2024-03-08, 2024-03-08T10:00 (in the configured time zone) or
    /// 2024-03-08T10:00:00+03:00 [default: today in the configured time zone].
    #[arg(long)]
    pub date: Option<String>,
    /// A signatory; repeat for several [default: the configured author, at build time].
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// URL of the original this statement republishes.
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    /// The statement's text (Markdown); `-` reads it from standard input [default: none, the
    /// file holds only front matter].
    #[arg(long)]
    pub text: Option<String>,
    /// Mark it as a draft (checked, never published).
    #[arg(long)]
    pub draft: bool,
    /// Open `$VISUAL` (or `$EDITOR`) on the new file; without a title, on a scratch file
    /// first, whose first line becomes the title.
    #[arg(long, short)]
    pub edit: bool,
}

/// Options of `communique init`.
#[derive(Clone, Debug, Default, Args)]
pub(crate) struct InitArgs {
    /// The folder to make the instance in (created when missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The feeds' title [asked on a terminal; else a placeholder].
    #[arg(long)]
    pub title: Option<String>,
    /// Where the output folder will be served, such as `https://example.org/statements/`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The organisation that signs the statements.
    #[arg(long)]
    pub author: Option<String>,
    /// The statements' usual language, such as `en` or `pt-BR`.
    #[arg(long)]
    pub lang: Option<String>,
    /// A domain name (or e-mail address) the organisation owns, for entry ids [default: the
    /// host of the base URL].
    #[arg(long, value_name = "DOMAIN")]
    pub id_authority: Option<String>,
    /// A date on which it owned it, `YYYY` or `YYYY-MM-DD`, for entry ids [default: this year].
    #[arg(long, value_name = "DATE")]
    pub id_date: Option<String>,
    /// Never ask: take every value not given from its default or placeholder.
    #[arg(long)]
    pub no_input: bool,
}

/// Options of `communique serve`.
#[derive(Clone, Copy, Debug, Args)]
pub(crate) struct ServeArgs {
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,
    /// Open the index page in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Options of `communique publish`.
#[derive(Clone, Copy, Debug, Default, Args)]
pub(crate) struct PublishArgs {
    #[command(flatten)]
    pub lock: LockArgs,
    #[command(flatten)]
    pub guard: GuardArgs,
}

/// Options of `communique import`.
#[derive(Clone, Debug, Args)]
pub(crate) struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

/// What `communique import` reads.
#[derive(Clone, Debug, Subcommand)]
pub(crate) enum ImportWhat {
    /// A feed (RSS 0.9x, 1.0, 2.0, Atom, JSON Feed; URL or file) and its older entries (RFC 5005
    /// `prev-archive`, JSON Feed `next_url`): one item file per entry, its id kept.
    Feed {
        /// The feed's URL, or a file.
        #[arg(value_name = "URL|FILE")]
        source: String,
        #[command(flatten)]
        into: ImportInto,
    },
    /// One statement page (URL or saved HTML): its main text and declared metadata.
    Page {
        /// The page's URL, or a saved HTML file.
        #[arg(value_name = "URL|FILE")]
        source: String,
        /// The address a saved page was published at (its id and `source`), for a file that
        /// declares none (no `<link rel="canonical">` or `og:url`).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        #[command(flatten)]
        into: ImportInto,
    },
    /// A WordPress export (WXR file, from Tools > Export in WordPress): its published posts.
    Wordpress {
        /// The export file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only posts in this category (slug or name); repeat or separate with commas.
        #[arg(long = "category", value_delimiter = ',', value_name = "SLUG")]
        categories: Vec<String>,
        /// Only posts with this WordPress tag (slug or name); repeat or separate with commas.
        #[arg(long = "post-tag", value_delimiter = ',', value_name = "SLUG")]
        post_tags: Vec<String>,
        #[command(flatten)]
        into: ImportInto,
    },
    /// Every `[[sources]]` feed of the configuration, as `publish` does on each run.
    Sources {
        /// Print what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Where imported statements go.
#[derive(Clone, Debug, Args)]
pub(crate) struct ImportInto {
    /// A folder under the items folder [default: the items folder itself].
    #[arg(long, value_name = "DIR")]
    pub folder: Option<PathBuf>,
    /// Tags added to every imported statement; repeat or separate with commas.
    #[arg(
        long = "tags",
        alias = "tag",
        value_delimiter = ',',
        value_name = "TAG"
    )]
    pub tags: Vec<String>,
    /// Print what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}
