//! The `communique` binary: a thin shell around [`communique::cmd::main`].

/// mimalloc instead of the system allocator: a build allocates and frees many small strings per
/// item on two threads. With glibc's malloc that was about an eighth of a 10,000-item build's
/// samples and a fifth of a 100,000-item build's (its bins fragment as the heap grows);
/// measurements in `benches/RESULTS.md`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    without_huge_pages();
    communique::cmd::main()
}

/// Turns transparent huge pages off for the process. mimalloc asks for them on its arenas, so
/// the first touch of each 2 MB zeroed all of it: a tenth of a cold 10,000-item build's
/// samples (`clear_page_erms`), and pages the run never used counted in its peak. Without
/// them a cold build spends about a third less system time and peaks lower (measured in
/// `benches/RESULTS.md`, 2026-12-04). A kernel that refuses is no reason to stop.
///
/// mimalloc is also built not to ask (its `no_thp` feature, `Cargo.toml`): its arena is made
/// by the runtime's first allocation, before `main`, and this call came too late for the huge
/// pages that first touch took. This call still matters where the kernel gives huge pages to
/// every large mapping, asked or not (`/sys/kernel/mm/transparent_hugepage/enabled` set to
/// `always`).
fn without_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
