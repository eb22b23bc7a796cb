//! `cargo xtask`: build and release automation, in ordinary Rust.

mod bench_lsns;
mod unicode_tables;

use std::path::PathBuf;

use anyhow::Result;
use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use xtask::{bench, completions, dist, install, man, root, source, sync};

/// Every command, its options and their help, in one place (clap's builder: the
/// derive macros would add two more crates for six commands).
fn cli() -> Command {
    let check = |what: &'static str| Arg::new("check").long("check").action(ArgAction::SetTrue).help(what);
    let path = |name: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name("DIR").value_parser(value_parser!(PathBuf)).help(help)
    };
    let rest = Arg::new("args").num_args(0..).trailing_var_arg(true).allow_hyphen_values(true);
    Command::new("xtask")
        .bin_name("cargo xtask")
        .about("Build and release automation for nsutils")
        .subcommand_required(true)
        .subcommand(
            Command::new("dist")
                .about(
                    "Static builds of every tool and of nsutils, size budgets, one reproducible tarball per \
                     target, the vendored source tarball (nsutils-VERSION-vendored.tar.gz) and SHA256SUMS",
                )
                .arg(
                    Arg::new("target")
                        .long("target")
                        .value_name("TRIPLE")
                        .action(ArgAction::Append)
                        .help(format!("a target to build (default {})", dist::HOST_TARGET)),
                )
                .arg(
                    Arg::new("all-targets")
                        .long("all-targets")
                        .action(ArgAction::SetTrue)
                        .help("the seven release targets (docs/PACKAGING.md)"),
                )
                .arg(Arg::new("profile").long("profile").value_name("P").help(format!(
                    "cargo profile (default {}; dev for quick builds, not held to the budgets)",
                    dist::DEFAULT_PROFILE
                )))
                .arg(path("out", "where the tarballs go (default target/dist)"))
                .arg(
                    Arg::new("no-source")
                        .long("no-source")
                        .action(ArgAction::SetTrue)
                        .help("no vendored source tarball"),
                ),
        )
        .subcommand(
            Command::new("man")
                .about("Write docs/man from the tools' option tables")
                .arg(check("check that docs/man is current instead")),
        )
        .subcommand(
            Command::new("completions")
                .about("Write completions/{bash,zsh,fish}")
                .arg(check("check that they are current instead")),
        )
        .subcommand(
            Command::new("install")
                .about(
                    "Install binaries (or the multicall binary and links), man pages and completions \
                     under DESTDIR+PREFIX",
                )
                .arg(path("prefix", "installation prefix (default /usr/local)"))
                .arg(path("destdir", "staging directory (default $DESTDIR)"))
                .arg(
                    Arg::new("multicall")
                        .long("multicall")
                        .action(ArgAction::SetTrue)
                        .help("one nsutils binary and a link for each tool"),
                )
                .arg(path("bin-dir", "already built binaries (else cargo build --release runs first)")),
        )
        .subcommand(
            Command::new("bench")
                .about("Benchmarks")
                .subcommand_required(true)
                .subcommand(
                    Command::new("exec")
                        .about("Exec-path latency, our static builds against the installed tools")
                        .arg(
                            Arg::new("runs")
                                .long("runs")
                                .value_name("N")
                                .value_parser(value_parser!(u32).range(1..))
                                .default_value("201"),
                        )
                        .arg(path("ours", "our built binaries"))
                        .arg(
                            Arg::new("profile")
                                .long("profile")
                                .value_name("P")
                                .help("cargo profile (default: the one dist ships)")
                                .default_value(dist::DEFAULT_PROFILE),
                        ),
                )
                .subcommand(
                    Command::new("lsns").about("lsns figures (see docs/PERFORMANCE.md)").arg(rest.clone()),
                ),
        )
        .subcommand(
            Command::new("unicode-tables")
                .about("Write lsns's printable/width table from glibc's iswprint and wcwidth")
                .arg(check("check that it is current instead")),
        )
}

fn strings(m: &ArgMatches) -> Vec<String> {
    m.get_many::<String>("args").map(|v| v.cloned().collect()).unwrap_or_default()
}

fn main() -> Result<()> {
    let m = cli().get_matches();
    match m.subcommand() {
        Some(("dist", m)) => cmd_dist(m),
        Some(("man", m)) => sync(&root().join("docs/man"), &man::pages()?, m.get_flag("check")),
        Some(("completions", m)) => {
            sync(&root().join("completions"), &completions::repo_files(), m.get_flag("check"))
        }
        Some(("install", m)) => cmd_install(m),
        Some(("bench", m)) => match m.subcommand() {
            Some(("exec", m)) => cmd_bench_exec(m),
            Some(("lsns", m)) => bench_lsns::run(&strings(m)),
            _ => unreachable!("clap requires a bench subcommand"),
        },
        Some(("unicode-tables", m)) => {
            let args = if m.get_flag("check") { vec!["--check".to_string()] } else { Vec::new() };
            unicode_tables::run(&args)
        }
        _ => unreachable!("clap requires a subcommand"),
    }
}

fn cmd_dist(m: &ArgMatches) -> Result<()> {
    let mut opts = dist::Options { targets: Vec::new(), ..Default::default() };
    opts.targets.extend(m.get_many::<String>("target").into_iter().flatten().cloned());
    if m.get_flag("all-targets") {
        opts.targets.extend(dist::ALL_TARGETS.map(String::from));
    }
    if opts.targets.is_empty() {
        opts.targets.push(dist::HOST_TARGET.to_string());
    }
    if let Some(p) = m.get_one::<String>("profile") {
        opts.profile = p.clone();
    }
    if let Some(o) = m.get_one::<PathBuf>("out") {
        opts.out = o.clone();
    }
    if !m.get_flag("no-source") {
        let scratch = opts.target_dir.join("vendor-scratch");
        source::run(&opts.out, &scratch, dist::source_date_epoch())?;
    }
    dist::run(&opts).map(|_| ())
}

fn cmd_install(m: &ArgMatches) -> Result<()> {
    let mut opts = install::Options::default();
    if let Some(p) = m.get_one::<PathBuf>("prefix") {
        opts.prefix = p.clone();
    }
    opts.destdir = m.get_one::<PathBuf>("destdir").cloned();
    opts.bin_dir = m.get_one::<PathBuf>("bin-dir").cloned();
    opts.multicall = m.get_flag("multicall");
    // DESTDIR in the environment, as make-based packaging passes it.
    if opts.destdir.is_none() {
        opts.destdir = std::env::var_os("DESTDIR").filter(|d| !d.is_empty()).map(PathBuf::from);
    }
    install::run(&opts).map(|_| ())
}

fn cmd_bench_exec(m: &ArgMatches) -> Result<()> {
    let opts = bench::Options {
        runs: m.get_one::<u32>("runs").copied().map_or(201, |n| n as usize),
        ours: m.get_one::<PathBuf>("ours").cloned(),
        profile: m.get_one::<String>("profile").cloned().unwrap_or_else(|| dist::DEFAULT_PROFILE.into()),
    };
    let rows = bench::run(&opts)?;
    print!("{}", bench::table(&rows, opts.runs));
    Ok(())
}
