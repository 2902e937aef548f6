//! The `communique` binary: a thin shell around [`communique::cmd::main`].

/// mimalloc instead of the system allocator: a build allocates and frees many small strings per
/// item on two threads. With glibc's malloc that was about an eighth of a 10,000-item build's
/// samples and a fifth of a 100,000-item build's (its bins fragment as the heap grows);
/// measurements in `benches/RESULTS.md`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    communique::cmd::main()
}
