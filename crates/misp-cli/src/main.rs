//! The `misp` command line; see the `misp_cli` crate for the commands.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    misp_cli::main()
}
