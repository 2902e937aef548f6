//! communique turns a folder of public statements into feeds people subscribe to.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`collect`] → [`normalise`] → publish ([`plan`] → [`render`] → [`write`](mod@write)), and separately
//! [`push`], which copies the output folder to where it is served.
//! Stages share only the [`model`] and the plan.

pub mod cli;
pub mod collect;
pub mod config;
pub mod diag;
pub mod ids;
pub mod instance;
pub mod model;
pub mod normalise;
pub mod plan;
pub mod publish;
pub mod push;
pub mod render;
pub mod write;
