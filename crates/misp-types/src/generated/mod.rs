//! Code generated from vendored MISP data by `cargo xtask codegen`.
