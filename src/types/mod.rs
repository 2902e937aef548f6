//! Leaf types shared by the stages: the bottom layer, importing no other module of the crate.
//!
//! Each of these is named by the configuration, the model or more than one stage, so it lives
//! here rather than in the stage that first needed it (that made import circles: `config`
//! importing `render` for feed names, `model` importing `collect` for formats, ...).

pub(crate) mod clock;
pub(crate) mod dates;
pub(crate) mod feed;
pub(crate) mod format;
pub(crate) mod lang;
mod latin_lang;
pub mod limits;
pub(crate) mod memo;
pub(crate) mod rule;
pub(crate) mod stamp;
pub mod text;
pub(crate) mod translation;
pub(crate) mod url_text;
mod whatlang_latin;
