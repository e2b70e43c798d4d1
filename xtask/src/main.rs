//! Project automation: `cargo xtask codegen`, `cargo xtask corpus`, `cargo xtask ci`.

mod corpus;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("corpus") => corpus::run(&args[1..]),
        _ => anyhow::bail!("usage: cargo xtask <codegen|corpus|ci>"),
    }
}
