//! `cargo xtask bench exec`: how long it takes to start each tool and have it exec
//! or answer, ours (the static release build) against the installed ones. Runs
//! are interleaved (theirs, ours, ours, theirs, ...) so that drift in the machine's
//! load hits both sides alike; medians and their ratio are printed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::dist;

pub struct Options {
    pub runs: usize,
    /// Directory of our static binaries; built with `dist` settings when absent.
    pub ours: Option<PathBuf>,
    pub profile: String,
}

/// One measured command line: the tool and its arguments (`{pid}` is replaced by
/// the pid of a process living in its own namespaces).
struct Case {
    tool: &'static str,
    args: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case { tool: "unshare", args: &["-U", "-r", "true"] },
    Case { tool: "unshare", args: &["-m", "-u", "-i", "-n", "-p", "-f", "true"] },
    Case { tool: "nsenter", args: &["-t", "{pid}", "-a", "true"] },
    Case { tool: "chroot", args: &["/", "true"] },
    Case { tool: "hostname", args: &[] },
];

/// A process in new namespaces of every kind, for nsenter to enter; killed on drop.
struct Target {
    holder: Child,
    pid: u32,
}

impl Target {
    fn start() -> Result<Target> {
        let holder = Command::new("/usr/bin/unshare")
            .args(["-U", "-r", "-m", "-u", "-i", "-n", "-p", "-f", "-C", "--", "sleep", "600"])
            .stdin(Stdio::null())
            .spawn()
            .context("starting the nsenter target with /usr/bin/unshare")?;
        let children = format!("/proc/{0}/task/{0}/children", holder.id());
        let start = Instant::now();
        loop {
            let pid = std::fs::read_to_string(&children)
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse().ok());
            if let Some(pid) = pid {
                // Wait until the child has left unshare's namespaces (it has exec'd sleep).
                if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|e| e.ends_with("sleep")) {
                    return Ok(Target { holder, pid });
                }
            }
            if start.elapsed() > Duration::from_secs(10) {
                bail!("the nsenter target did not start");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        // SAFETY: kill has no memory preconditions; both pids are our own children.
        unsafe {
            libc::kill(self.pid as i32, libc::SIGKILL);
        }
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}

fn installed(tool: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].iter().map(|d| Path::new(d).join(tool)).find(|p| p.exists())
}

fn time_once(program: &Path, args: &[String]) -> Result<Duration> {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("running {}", program.display()))?;
    let took = start.elapsed();
    if !status.success() {
        bail!("{} {} failed: {status}", program.display(), args.join(" "));
    }
    Ok(took)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The measured rows: (command line, installed median, ours median).
pub fn run(opts: &Options) -> Result<Vec<(String, Duration, Duration)>> {
    let ours_dir = match &opts.ours {
        Some(d) => d.clone(),
        None => dist::build(dist::HOST_TARGET, &opts.profile, &crate::target_dir())?.dir,
    };
    let target = Target::start()?;
    let mut rows = Vec::new();
    for case in CASES {
        let theirs = installed(case.tool).with_context(|| format!("{} is not installed", case.tool))?;
        let ours = ours_dir.join(case.tool);
        let args: Vec<String> =
            case.args.iter().map(|a| a.replace("{pid}", &target.pid.to_string())).collect();
        // Warm the page cache for both before timing.
        time_once(&theirs, &args)?;
        time_once(&ours, &args)?;
        let (mut t, mut o) = (Vec::new(), Vec::new());
        for i in 0..opts.runs {
            if i % 2 == 0 {
                t.push(time_once(&theirs, &args)?);
                o.push(time_once(&ours, &args)?);
            } else {
                o.push(time_once(&ours, &args)?);
                t.push(time_once(&theirs, &args)?);
            }
        }
        let line = format!("{} {}", case.tool, case.args.join(" ")).trim().replace("{pid}", "PID");
        rows.push((line, median(&mut t), median(&mut o)));
    }
    // The floor: the dynamic `true` that most rows exec, run on its own.
    let truth = installed("true").context("true is not installed")?;
    let mut t: Vec<Duration> = (0..opts.runs).map(|_| time_once(&truth, &[])).collect::<Result<_>>()?;
    let floor = median(&mut t);
    rows.push(("true (alone: what the rows above exec)".to_string(), floor, floor));
    Ok(rows)
}

/// The rows as a markdown table.
pub fn table(rows: &[(String, Duration, Duration)], runs: usize) -> String {
    let mut s = format!(
        "| command ({runs} interleaved runs each) | installed, median | nsutils static, median | ours / installed |\n\
         | --- | ---: | ---: | ---: |\n"
    );
    for (line, t, o) in rows {
        let us = |d: &Duration| d.as_secs_f64() * 1e6;
        s.push_str(&format!("| `{line}` | {:.0} µs | {:.0} µs | {:.2} |\n", us(t), us(o), us(o) / us(t)));
    }
    s
}
