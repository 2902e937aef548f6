//! `communique config show`: the configuration as communique resolved it (absolute paths,
//! defaults filled in), as TOML, with secrets redacted.
//!
//! What cron or systemd runs is often not what a person sees in a shell: another working folder,
//! `COMMUNIQUE_CONFIG`, other variables. This prints what the run would use, and where the file
//! came from. Secrets come only from the environment and are printed as
//! `<redacted: from $VARIABLE>` (see [`crate::secret`]).

use clap::parser::ValueSource;
use clap::Subcommand;
use serde::Serialize;

use super::{Context, Error, Status};
use crate::cli::ConfigArgs;
use crate::config::{ArchivePeriod, Config};
use crate::normalise::dates::DateOrder;
use crate::render::FeedNames;

/// `communique config …`.
#[derive(Clone, Copy, Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the resolved configuration (TOML, secrets redacted).
    Show,
}

/// The resolved configuration in the order of the README's example.
#[derive(Serialize)]
struct Shown<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    base_url: &'a str,
    author: &'a str,
    lang: &'a str,
    timezone: &'a str,
    limit: usize,
    id_authority: &'a str,
    id_date: &'a str,
    id_prefix: &'a str,
    items_dir: String,
    output_dir: String,
    state_dir: String,
    lock_timeout: u64,
    date_order: &'static str,
    feed_names: &'static str,
    hubs: Vec<&'a str>,
    feeds: ShownFeeds<'a>,
    languages: std::collections::BTreeMap<&'a str, ShownLanguage<'a>>,
    /// Targets with where they point; credentials live only in the environment and are never
    /// shown.
    push: Vec<ShownTarget<'a>>,
    safety: ShownSafety,
    limits: ShownLimits,
}

#[derive(Serialize)]
struct ShownSafety {
    max_unpublish_share: f64,
}

/// `[limits]` as the run applies them (the defaults filled in).
#[derive(Serialize)]
struct ShownLimits {
    max_file_bytes: u64,
    max_lines: usize,
    max_front_matter_bytes: usize,
    max_nesting: usize,
    max_blocks: usize,
}

#[derive(Serialize)]
struct ShownFeeds<'a> {
    languages: bool,
    tags: bool,
    archives: &'static str,
    pages: bool,
    opml: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    permalink: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    templates_dir: Option<String>,
}

#[derive(Serialize)]
struct ShownLanguage<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct ShownTarget<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    destination: String,
}

/// The text `config show` prints.
pub fn render(config: &Config, source: Option<ValueSource>) -> Result<String, toml::ser::Error> {
    let shown = Shown {
        title: &config.title,
        subtitle: config.subtitle.as_deref(),
        base_url: config.base_url.as_str(),
        author: &config.author,
        lang: &config.lang,
        timezone: config.timezone.name(),
        limit: config.limit.get(),
        id_authority: &config.ids.authority,
        id_date: &config.ids.date,
        id_prefix: &config.ids.prefix,
        items_dir: config.items_dir.display().to_string(),
        output_dir: config.output_dir.display().to_string(),
        state_dir: config.state_dir.display().to_string(),
        lock_timeout: config.lock_timeout.as_secs(),
        date_order: match config.date_order {
            DateOrder::Auto => "auto",
            DateOrder::DayFirst => "dmy",
            DateOrder::MonthFirst => "mdy",
        },
        feed_names: match config.feed_names {
            FeedNames::Xml => "xml",
            FeedNames::Extensions => "extensions",
        },
        feeds: ShownFeeds {
            languages: config.feeds.languages,
            tags: config.feeds.tags,
            archives: match config.feeds.archives {
                Some(ArchivePeriod::Year) => "year",
                Some(ArchivePeriod::Month) => "month",
                None => "off",
            },
            pages: config.feeds.pages,
            opml: config.feeds.opml,
            permalink: config.feeds.permalink.as_deref(),
            templates_dir: config
                .feeds
                .templates_dir
                .as_ref()
                .map(|d| d.display().to_string()),
        },
        languages: config
            .languages
            .iter()
            .map(|(code, l)| {
                (
                    code.as_str(),
                    ShownLanguage {
                        title: l.title.as_deref(),
                        description: l.description.as_deref(),
                    },
                )
            })
            .collect(),
        hubs: config.hubs.iter().map(|h| h.as_str()).collect(),
        push: config
            .push
            .iter()
            .map(|t| ShownTarget {
                name: &t.name,
                kind: t.kind_name(),
                destination: t.destination(),
            })
            .collect(),
        safety: ShownSafety {
            max_unpublish_share: config.safety.max_unpublish_share,
        },
        limits: ShownLimits {
            max_file_bytes: config.limits.max_file_bytes,
            max_lines: config.limits.max_lines,
            max_front_matter_bytes: config.limits.max_front_matter_bytes,
            max_nesting: config.limits.max_nesting,
            max_blocks: config.limits.max_blocks,
        },
    };
    let from = match source {
        Some(ValueSource::CommandLine) => "--config",
        Some(ValueSource::EnvVariable) => "$COMMUNIQUE_CONFIG",
        _ => "the default, ./config.toml",
    };
    let file = std::path::absolute(&config.path).unwrap_or_else(|_| config.path.clone());
    Ok(format!(
        "# communique configuration as resolved\n\
         # file: {} (from {from})\n\
         # relative paths resolved against {}\n\
         # secrets are read from the environment and never printed\n\
         {}",
        file.display(),
        config.root.display(),
        toml::to_string(&shown)?
    ))
}

/// Runs `config show`.
pub fn run(ctx: &Context, args: &ConfigArgs) -> Result<Status, Error> {
    let ConfigCommand::Show = args.command;
    let config = ctx.config()?;
    let text = render(&config, ctx.config_source)?;
    crate::out::write_all(text.as_bytes()).map_err(|source| Error::Stdout {
        what: "the configuration",
        source,
    })?;
    Ok(Status::Ok)
}
