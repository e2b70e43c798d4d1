//! The `misp` command line, exactly (`misp_cli::main`), built inside this crate so the guide's
//! console blocks can run it (`CARGO_BIN_EXE_misp-guide`); it is started with `argv[0]` `misp`.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    misp_cli::main()
}
