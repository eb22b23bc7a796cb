//! `cargo xtask`: build and release automation, in ordinary Rust.

mod bench_lsns;
mod unicode_tables;

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use xtask::{bench, completions, dist, install, man, root, source, sync};

const USAGE: &str = "\
Usage: cargo xtask COMMAND [ARGS]

Commands:
  dist [--target TRIPLE]... [--all-targets] [--profile P] [--out DIR] [--no-source]
        static musl builds of every tool and of nsutils, size budgets, one
        reproducible tarball per target, the vendored source tarball
        (nsutils-VERSION-vendored.tar.gz, unless --no-source) and SHA256SUMS
        (default target x86_64-unknown-linux-musl; --all-targets: the seven
        release targets, see docs/PACKAGING.md; profile release, out
        target/dist)
  man [--check]
        write docs/man from the tools' option tables (or check it is current)
  completions [--check]
        write completions/{bash,zsh,fish} (or check they are current)
  install [--prefix DIR] [--destdir DIR] [--multicall] [--bin-dir DIR]
        install binaries or links, man pages and completions under
        DESTDIR+PREFIX (default prefix /usr/local); --bin-dir takes already
        built binaries instead of running cargo build --release
  bench exec [--runs N] [--ours DIR] [--profile P]
        exec-path latency, our static builds against the installed tools
  bench lsns [ARGS]
        lsns figures (see docs/perf/lsns.md)
  unicode-tables [--check]
        write lsns's printable/width table from glibc's iswprint and wcwidth
        (or check it is current)
";

/// Takes the value of `--name VALUE` or `--name=VALUE` at `args[*i]`.
fn value(args: &[String], i: &mut usize, name: &str) -> Result<Option<String>> {
    let a = &args[*i];
    if let Some(v) = a.strip_prefix(&format!("{name}=")) {
        return Ok(Some(v.to_string()));
    }
    if a != name {
        return Ok(None);
    }
    *i += 1;
    args.get(*i).cloned().map(Some).with_context(|| format!("{name} needs a value"))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        None | Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("dist") => cmd_dist(rest),
        Some("man") => {
            let check = flag_only(rest, "--check")?;
            sync(&root().join("docs/man"), &man::pages()?, check)
        }
        Some("completions") => {
            let check = flag_only(rest, "--check")?;
            sync(&root().join("completions"), &completions::repo_files(), check)
        }
        Some("install") => cmd_install(rest),
        Some("bench") => match rest.first().map(String::as_str) {
            Some("exec") => cmd_bench_exec(&rest[1..]),
            Some("lsns") => bench_lsns::run(&rest[1..]),
            _ => bail!("usage: cargo xtask bench exec|lsns [ARGS]"),
        },
        Some("unicode-tables") => unicode_tables::run(rest),
        Some(other) => bail!("unknown xtask command: {other} (try --help)"),
    }
}

fn flag_only(args: &[String], flag: &str) -> Result<bool> {
    match args {
        [] => Ok(false),
        [a] if a == flag => Ok(true),
        _ => bail!("unexpected arguments: {} (try --help)", args.join(" ")),
    }
}

fn cmd_dist(args: &[String]) -> Result<()> {
    let mut opts = dist::Options { targets: Vec::new(), ..Default::default() };
    let mut with_source = true;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--no-source" {
            with_source = false;
        } else if args[i] == "--all-targets" {
            opts.targets.extend(dist::ALL_TARGETS.map(String::from));
        } else if let Some(t) = value(args, &mut i, "--target")? {
            opts.targets.push(t);
        } else if let Some(p) = value(args, &mut i, "--profile")? {
            opts.profile = p;
        } else if let Some(o) = value(args, &mut i, "--out")? {
            opts.out = PathBuf::from(o);
        } else {
            bail!("unexpected argument: {} (try --help)", args[i]);
        }
        i += 1;
    }
    if opts.targets.is_empty() {
        opts.targets.push(dist::HOST_TARGET.to_string());
    }
    if with_source {
        let scratch = opts.target_dir.join("vendor-scratch");
        source::run(&opts.out, &scratch, dist::source_date_epoch())?;
    }
    dist::run(&opts).map(|_| ())
}

fn cmd_install(args: &[String]) -> Result<()> {
    let mut opts = install::Options::default();
    let mut i = 0;
    while i < args.len() {
        if let Some(p) = value(args, &mut i, "--prefix")? {
            opts.prefix = PathBuf::from(p);
        } else if let Some(d) = value(args, &mut i, "--destdir")? {
            opts.destdir = Some(PathBuf::from(d));
        } else if let Some(d) = value(args, &mut i, "--bin-dir")? {
            opts.bin_dir = Some(PathBuf::from(d));
        } else if args[i] == "--multicall" {
            opts.multicall = true;
        } else {
            bail!("unexpected argument: {} (try --help)", args[i]);
        }
        i += 1;
    }
    // DESTDIR in the environment, as make-based packaging passes it.
    if opts.destdir.is_none() {
        opts.destdir = std::env::var_os("DESTDIR").filter(|d| !d.is_empty()).map(PathBuf::from);
    }
    install::run(&opts).map(|_| ())
}

fn cmd_bench_exec(args: &[String]) -> Result<()> {
    let mut opts = bench::Options { runs: 201, ours: None, profile: "release".into() };
    let mut i = 0;
    while i < args.len() {
        if let Some(n) = value(args, &mut i, "--runs")? {
            opts.runs = n.parse().context("--runs needs a number")?;
        } else if let Some(d) = value(args, &mut i, "--ours")? {
            opts.ours = Some(PathBuf::from(d));
        } else if let Some(p) = value(args, &mut i, "--profile")? {
            opts.profile = p;
        } else {
            bail!("unexpected argument: {} (try --help)", args[i]);
        }
        i += 1;
    }
    if opts.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let rows = bench::run(&opts)?;
    print!("{}", bench::table(&rows, opts.runs));
    Ok(())
}
