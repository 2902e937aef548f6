//! `communique config show`: the configuration as communique resolved it (absolute paths,
//! defaults filled in), as TOML, with secrets redacted.
//!
//! What cron or systemd runs is often not what a person sees in a shell: another working folder,
//! `COMMUNIQUE_CONFIG`, other variables. This prints what the run would use, and where the file
//! came from. The settings themselves come from [`crate::config::show`], in the file's own shape
//! with every key written out; secrets live only in the environment, so only the names of their
//! variables appear.

use clap::parser::ValueSource;

use super::{Context, Error, Status};
use crate::cli::ConfigArgs;
use crate::config::Config;

/// The text `config show` prints.
pub(crate) use crate::cli::ConfigCommand;

pub(crate) fn render(
    config: &Config,
    source: Option<ValueSource>,
) -> Result<String, toml::ser::Error> {
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
        crate::config::show::render(config)?
    ))
}

/// Runs `config show`.
pub(crate) fn run(ctx: &Context, args: &ConfigArgs) -> Result<Status, Error> {
    let ConfigCommand::Show = args.command;
    let config = ctx.config()?;
    let text = render(&config, ctx.config_source)?;
    crate::out::write_all(text.as_bytes()).map_err(|source| Error::Stdout {
        what: "the configuration",
        source,
    })?;
    Ok(Status::Ok)
}
