//! How an item names the group of translations it belongs to.

use serde::{Deserialize, Serialize};

/// How an item names its group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TranslationKey {
    /// `translation_key = "…"`.
    Key(String),
    /// `translation_of = "<id, path or stem>"`.
    Of(String),
    /// The file stem without its language suffix.
    Stem(String),
}
