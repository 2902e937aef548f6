//! Hostile input, reading items: links that leave `items_dir`, size and nesting limits, small diagnostic gaps.

#[allow(unused_imports)]
use crate::common;
