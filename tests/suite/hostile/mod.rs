//! The hostile-input suite: every hole found by the adversarial review of the trust boundary
//! has a regression test here that runs the real binary on a throw-away instance. One module per
//! area of the pipeline, so that each stays readable on its own.

mod collect;
mod ops;
mod push;
mod render;
