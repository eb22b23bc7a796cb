//! `cargo xtask`: build and release automation, in ordinary Rust.

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("--help") | Some("-h") => {
            println!("Usage: cargo xtask <dist|man|completions|install|bench> [ARGS]");
            Ok(())
        }
        Some(other) => anyhow::bail!("unknown xtask command: {other} (try --help)"),
    }
}
