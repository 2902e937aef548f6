//! Hostile input, `build` and `publish`: the unpublish guard, pinned ids that collide with published ones, closed pipes.

#[allow(unused_imports)]
use crate::common;
