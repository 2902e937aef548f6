//! The `communique` binary: a thin shell around [`communique::cli`].

fn main() -> std::process::ExitCode {
    communique::cli::main()
}
