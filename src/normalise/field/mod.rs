//! One function per field of an [`Item`](crate::model::Item), each over the statement's blocks.
//!
//! Every field is settled the same way: a list of rules, tried in order, the first that gives a
//! value wins. The order is written once, at the top of each field's function ([`title`],
//! [`published`], [`updated`], [`authors`], [`language`], [`summary`], [`slogans`], [`source`]);
//! the rules themselves are small functions next to it, or in the statement's analysis
//! ([`Statement`]) when they decide what a block is.

mod authors;
mod language;
pub(crate) mod newsroom;
mod published;
pub(crate) mod source;
pub(crate) mod summary;
pub(crate) mod title;

pub(crate) use authors::authors;
pub(crate) use language::language;
pub(crate) use published::{no_fallback, published, updated, Date, Fallback};
pub(crate) use source::source;
pub(crate) use summary::summary;
pub(crate) use title::{front_matter_title, title};

use super::statement::Statement;
use crate::collect::SourceFile;
use crate::config::Config;

/// What every field's rules read: the file, its analysed body and the configuration.
#[derive(Debug)]
pub struct Input<'a> {
    pub config: &'a Config,
    pub file: &'a SourceFile,
    pub statement: &'a Statement,
}

impl Input<'_> {
    /// The file line of the body's first block (or of the body, when it is empty).
    pub fn first_line(&self) -> usize {
        self.statement
            .blocks
            .first()
            .map_or(self.file.body_line, |b| b.line)
    }

    /// The file line of block `i`.
    pub fn line(&self, i: usize) -> usize {
        self.statement.blocks[i].line
    }
}

/// The closing slogans, without quotation marks that wrap a whole slogan.
pub(crate) fn slogans(input: &Input<'_>) -> Vec<String> {
    input.statement.slogan_texts()
}
