//! Hostile input, output: path components that always fit, escaped plain text and sanitised HTML in every format, dates feeds can carry.

#[allow(unused_imports)]
use crate::common;
