//! Every Rust block of `README.md` and `docs/guide/*.md`, as its fence says (see the crate docs).

include!(concat!(env!("OUT_DIR"), "/guide_tests.rs"));
