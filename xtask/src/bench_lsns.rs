//! `cargo xtask bench lsns`: our lsns against the installed util-linux lsns on a
//! farm of sleeping processes spread over many namespaces, at several sizes.
//!
//! Each group of the farm is `unshare --fork --pid --kill-child --uts --ipc sh -c
//! 'sleep & sleep & ... wait'`: one pid, UTS and IPC namespace per group, and
//! killing the group's unshare (by pid) takes the whole pid namespace down with it.
//! The two tools run interleaved on the same farm; wall time is the median of the
//! runs, peak RSS comes from one extra run of each under /usr/bin/time.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    per_group: usize,
    ours: Option<PathBuf>,
    reference: PathBuf,
    args: Vec<String>,
}

const USAGE: &str = "usage: cargo xtask bench lsns [--sizes 1000,5000,10000] [--runs N] \
                     [--per-group N] [--ours PATH] [--reference PATH] [-- LSNS-ARGS...]";

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        sizes: vec![1000, 5000, 10000],
        runs: 5,
        per_group: 10,
        ours: None,
        reference: PathBuf::from("/usr/bin/lsns"),
        args: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().with_context(|| format!("{a} needs a value\n{USAGE}"));
        match a.as_str() {
            "--sizes" => {
                o.sizes = val()?.split(',').map(|s| s.trim().parse()).collect::<Result<_, _>>()?;
            }
            "--runs" => o.runs = val()?.parse()?,
            "--per-group" => o.per_group = val()?.parse()?,
            "--ours" => o.ours = Some(PathBuf::from(val()?)),
            "--reference" => o.reference = PathBuf::from(val()?),
            "--" => {
                o.args = it.by_ref().cloned().collect();
            }
            "-h" | "--help" => bail!("{USAGE}"),
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    if o.per_group < 3 || o.runs == 0 {
        bail!("--per-group must be at least 3 and --runs at least 1");
    }
    Ok(o)
}

/// The farm; dropping it kills every group by pid and reaps it.
struct Farm {
    groups: Vec<Child>,
}

impl Farm {
    fn start(procs: usize, per_group: usize) -> Result<Farm> {
        let sleepers = per_group - 2;
        let script = format!("i=0; while [ $i -lt {sleepers} ]; do sleep 100000 & i=$((i+1)); done; wait");
        let mut farm = Farm { groups: Vec::new() };
        for _ in 0..procs.div_ceil(per_group) {
            let child = Command::new("unshare")
                .args(["--fork", "--pid", "--kill-child", "--uts", "--ipc", "sh", "-c", &script])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("cannot start unshare (the benchmark needs root and util-linux)")?;
            farm.groups.push(child);
        }
        Ok(farm)
    }

    /// Waits until every group's processes are up (unshare, its sh, the sleepers),
    /// counted through /proc/PID/task/PID/children: a count of all of /proc would
    /// also see whatever else the machine starts and ends meanwhile. Returns the
    /// machine's process count then.
    fn wait_ready(&self, per_group: usize, timeout: Duration) -> Result<usize> {
        let want = self.groups.len() * per_group;
        let start = Instant::now();
        loop {
            let n: usize = self
                .groups
                .iter()
                .map(|g| 1 + children(g.id()).iter().map(|&sh| 1 + children(sh).len()).sum::<usize>())
                .sum();
            if n >= want {
                return process_count();
            }
            if start.elapsed() > timeout {
                bail!("only {n} of the farm's {want} processes after {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The children of `pid`'s main thread.
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .map(|s| s.split_ascii_whitespace().filter_map(|c| c.parse().ok()).collect())
        .unwrap_or_default()
}

impl Drop for Farm {
    fn drop(&mut self) {
        for g in &mut self.groups {
            let _ = g.kill();
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        for g in &mut self.groups {
            while matches!(g.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

fn process_count() -> Result<usize> {
    Ok(std::fs::read_dir("/proc")?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
        .count())
}

/// One run with output to /dev/null; returns the wall time.
fn time_once(tool: &Path, args: &[String]) -> Result<Duration> {
    let start = Instant::now();
    let st = Command::new(tool).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status()?;
    let t = start.elapsed();
    if !st.success() {
        bail!("{} {args:?} failed: {st}", tool.display());
    }
    Ok(t)
}

/// Peak RSS in KiB of one run, if /usr/bin/time is there.
fn peak_rss(tool: &Path, args: &[String]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(tool)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr).lines().last()?.trim().parse().ok()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn namespace_count(tool: &Path) -> usize {
    Command::new(tool)
        .args(["-n", "-l", "-o", "NS"])
        .output()
        .map(|o| o.stdout.iter().filter(|&&b| b == b'\n').count())
        .unwrap_or(0)
}

fn build_ours() -> Result<PathBuf> {
    let root = crate::root();
    let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["build", "--release", "-p", "nsutils-lsns", "--bin", "lsns"])
        .status()?;
    if !st.success() {
        bail!("cargo build --release -p nsutils-lsns failed");
    }
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(dir.join("release/lsns"))
}

/// Entry point: `args` are the words after `bench lsns`.
pub fn run(args: &[String]) -> Result<()> {
    let o = parse(args)?;
    let ours = match &o.ours {
        Some(p) => p.clone(),
        None => build_ours()?,
    };
    if !o.reference.exists() {
        bail!("{} is not installed", o.reference.display());
    }
    println!(
        "lsns {:?}: ours {} vs {}, median of {} interleaved runs",
        o.args,
        ours.display(),
        o.reference.display(),
        o.runs
    );
    println!(
        "{:>8} {:>8} {:>10} {:>10} {:>10} {:>7} {:>11} {:>11}",
        "farm", "procs", "namespaces", "ours", "reference", "ratio", "ours RSS", "ref RSS"
    );
    for &size in &o.sizes {
        let farm = Farm::start(size, o.per_group)?;
        let procs = farm.wait_ready(o.per_group, Duration::from_secs(300))?;
        let nss = namespace_count(&ours);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for r in 0..o.runs {
            if r % 2 == 0 {
                a.push(time_once(&ours, &o.args)?);
                b.push(time_once(&o.reference, &o.args)?);
            } else {
                b.push(time_once(&o.reference, &o.args)?);
                a.push(time_once(&ours, &o.args)?);
            }
        }
        let (ta, tb) = (median(a), median(b));
        let rss = |p: &Path| peak_rss(p, &o.args).map_or("n/a".to_string(), |k| format!("{k} KiB"));
        println!(
            "{:>8} {:>8} {:>10} {:>9.1}ms {:>9.1}ms {:>6.1}x {:>11} {:>11}",
            size,
            procs,
            nss,
            ta.as_secs_f64() * 1e3,
            tb.as_secs_f64() * 1e3,
            tb.as_secs_f64() / ta.as_secs_f64(),
            rss(&ours),
            rss(&o.reference)
        );
        drop(farm);
    }
    Ok(())
}
