//! [`Error`]: what ends a command (exit status 2), typed, with the place each part knows.
//!
//! The stage errors keep their own fields (`path`, `line`, the source); this wraps them so that
//! every handler has one error type, and says where each happened ([`Located`]) for the
//! [`Reporter`] to word. The `Located` impls of the configuration's and the site writer's errors
//! live here too, beside the others' use, so those modules stay as they are.

use thiserror::Error;

use crate::build::BuildError;
use crate::config::ConfigError;
use crate::init::InitError;
use crate::instance::LoadError;
use crate::new_item::NewError;
use crate::ops::{OpsError, PushError as PublishPushError};
use crate::report::{Located, Place, Reporter};

/// A problem that ends a command: exit status 2.
#[derive(Debug, Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error(transparent)]
    New(#[from] NewError),
    #[error(transparent)]
    Init(#[from] InitError),
    /// No configuration file where one was looked for: no instance here yet.
    #[error(
        "cannot read the configuration: there is none; run `communique init` to make an \
         instance here, or give --config PATH"
    )]
    NoInstance { path: String },
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
    /// The configuration could not be printed as TOML.
    #[error("{0}")]
    Show(#[from] toml::ser::Error),
    /// Standard output failed (other than a closed pipe, which is quiet success).
    #[error("cannot write {what}: {source}")]
    Stdout {
        what: &'static str,
        source: std::io::Error,
    },
    /// `COMMUNIQUE_NOW` (the test clock) is not a date-time.
    #[error("{0}")]
    Clock(String),
    /// An import that could not start (ledger, HTTP client).
    #[cfg(feature = "import")]
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// A command-line value that cannot be used, or a feature this build lacks.
    #[error("{0}")]
    Usage(String),
    /// A man page could not be written into `man --dir`.
    #[error("cannot write the man page: {source}")]
    ManPage {
        path: String,
        source: std::io::Error,
    },
}

impl Located for Error {
    fn place(&self) -> Place {
        match self {
            Error::Config(e) => e.place(),
            Error::Load(e) => e.place(),
            Error::Ops(e) => e.place(),
            Error::New(e) => e.place(),
            Error::Init(e) => e.place(),
            Error::Serve(e) => e.place(),
            Error::NoInstance { path } => Place::file(path),
            Error::ManPage { path, .. } => Place::file(path),
            #[cfg(feature = "import")]
            Error::Import(e) => e.place(),
            Error::Show(_) | Error::Stdout { .. } | Error::Clock(_) | Error::Usage(_) => {
                Place::Nowhere
            }
        }
    }

    fn span(&self) -> Option<&crate::diag::Span> {
        match self {
            Error::Config(e) | Error::Load(LoadError::Config(e)) => e.span(),
            _ => None,
        }
    }

    fn help(&self) -> Option<&str> {
        match self {
            Error::Config(e) | Error::Load(LoadError::Config(e)) => e.help(),
            _ => None,
        }
    }
}

impl Error {
    /// Reports this error; a failed push in `publish` reports each target's failure.
    pub(crate) fn report(&self, reporter: &Reporter) {
        match self {
            Error::Ops(OpsError::Push(PublishPushError::Failed { errors })) => {
                for e in errors {
                    reporter.error(e);
                }
            }
            other => reporter.error(other),
        }
    }
}

impl Located for ConfigError {
    fn place(&self) -> Place {
        match self {
            ConfigError::Read { path, .. } | ConfigError::Invalid { path, .. } => Place::file(path),
            ConfigError::Parse { path, line, .. } => Place::File {
                path: path.clone(),
                line: Some(*line),
            },
        }
    }

    fn span(&self) -> Option<&crate::diag::Span> {
        match self {
            ConfigError::Parse { span, .. } => span.as_ref(),
            _ => None,
        }
    }

    fn help(&self) -> Option<&str> {
        match self {
            ConfigError::Parse { help, .. } => help.as_deref(),
            _ => None,
        }
    }
}

impl Located for BuildError {
    fn place(&self) -> Place {
        match self {
            BuildError::Write { path, .. }
            | BuildError::Template { path, .. }
            | BuildError::TemplateOutside { path, .. }
            | BuildError::DamagedCache { path, .. } => Place::file(path),
            BuildError::Render(_) | BuildError::Plan(_) => Place::Nowhere,
        }
    }
}
