//! The `misp` command line.

fn main() {
    println!("misp {}", env!("CARGO_PKG_VERSION"));
}
