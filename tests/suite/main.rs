//! The integration suite: one test binary (`cargo test --test suite`), one module per area, all
//! on one harness ([`harness::TestEnv`]). One binary links the crate once instead of once per
//! file; filter by module path: `cargo test --test suite push::`, `cargo test --test suite
//! hostile::collect`. `tests/README.md` maps every module.

mod harness;

mod architecture;
mod browser;
mod cli;
mod diagnostics;
mod eval;
mod feed_set;
mod golden;
mod history;
mod hostile;
mod incremental;
mod inference;
mod lang_tags;
mod layout;
mod log_format;
mod once_per_reader;
mod ops_cli;
mod ops_crash;
mod ops_overlap;
mod ops_publish;
mod pages_travel;
mod props;
// The push tests run servers for every backend: they need the default features.
#[cfg(all(
    feature = "push-s3",
    feature = "push-webdav",
    feature = "push-sftp",
    feature = "websub"
))]
mod push;
mod real_shapes;
mod residue;
mod roundtrip;
mod seed;
pub(crate) mod serve;
mod start;
