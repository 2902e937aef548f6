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

/// The property tests' configuration: `cases` cases (proptest's default when 0: 256, or
/// `PROPTEST_CASES`), raised to `PROPTEST_CASES` when that asks for more, and no file of
/// failures written into the source tree (a failing case is printed instead).
#[cfg(test)]
pub(crate) fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let default = proptest::test_runner::Config::default();
    let asked = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok());
    let cases = match (cases, asked) {
        (0, _) => default.cases,
        (n, Some(asked)) => n.max(asked),
        (n, None) => n,
    };
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..default
    }
}
