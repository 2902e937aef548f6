//! communique turns a folder of public statements into feeds people subscribe to.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`collect`] → [`normalise`] → [`plan`] → [`build`] ([`render`] → `write`), and separately
//! `push`, which copies the output folder to where it is served.
//! Stages share only the [`model`], the plan and the leaf `types`; modules import only lower
//! layers (ARCHITECTURE.md lists them; `tests/suite/architecture.rs` checks).
//!
//! Around it, cron-grade operation: `ops` runs `publish` (under the instance `lock`, a
//! no-op when the [`state`] says nothing changed); [`cmd`] holds one handler per subcommand
//! (`cli` only defines them), and `report` is the one writer to stderr.

pub mod build;
mod cache;
mod cli;
pub mod cmd;
pub mod collect;
pub mod config;
pub mod diag;
mod folders;
mod history;
mod ids;
mod init;
pub mod instance;
mod lock;
pub mod model;
mod new_item;
pub mod normalise;
mod ops;
mod out;
pub mod plan;
mod published;
mod push;
pub mod render;
mod report;
mod secret;
mod serve;
pub mod state;
mod types;
mod ui;
mod write;
