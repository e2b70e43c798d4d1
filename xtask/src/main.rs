//! Project automation: `cargo xtask codegen`, `cargo xtask ci`.

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1);
    match task.as_deref() {
        _ => anyhow::bail!("usage: cargo xtask <codegen|ci>"),
    }
}
