//! The `communique` binary: a thin shell around [`communique::cmd::main`].

fn main() -> std::process::ExitCode {
    communique::cmd::main()
}
