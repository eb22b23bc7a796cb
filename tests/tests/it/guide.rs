//! Runs every example of docs/GUIDE.md with our binaries first in PATH, each inside
//! fresh mount, UTS, IPC, network and PID namespaces with empty /tmp and /run, and
//! compares the output the guide shows.
//!
//! A ```sh block is an example; a ```text block right after it is its exact stdout.
//! NSUTILS_GUIDE_BIN=DIR runs the guide with the tools in DIR instead (e.g. /usr/bin,
//! to check the guide against util-linux).

use std::path::{Path, PathBuf};
use std::time::Duration;

use nstest::{cmd, need_namespaces, ours, run_with_timeout};

struct Example {
    line: usize,
    code: String,
    expected: Option<String>,
}

fn examples(markdown: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut lines = markdown.lines().enumerate();
    let mut last_was_example = false;
    while let Some((n, line)) = lines.next() {
        let lang = match line.strip_prefix("```") {
            Some(l) if !l.is_empty() => l.trim(),
            _ => {
                if !line.trim().is_empty() {
                    last_was_example = false;
                }
                continue;
            }
        };
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            if l == "```" {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        match lang {
            "sh" => {
                out.push(Example { line: n + 1, code: body, expected: None });
                last_was_example = true;
            }
            "text" if last_was_example => {
                if let Some(e) = out.last_mut() {
                    e.expected = Some(body);
                }
                last_was_example = false;
            }
            _ => last_was_example = false,
        }
    }
    out
}

fn tool_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("NSUTILS_GUIDE_BIN") {
        return PathBuf::from(d);
    }
    let dir = nstest::target_dir().join("guide-bin");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let tools = common::tools::TOOLS.iter().flat_map(|t| t.names().map(|name| (name, t.name)));
    let multicall = common::tools::MULTICALL;
    for (name, bin) in tools.chain([(multicall, multicall)]) {
        // Hard links: a symbolic link into a checkout under /tmp or /run would
        // dangle once the example's private /tmp and /run cover them.
        std::fs::hard_link(ours(bin), dir.join(name)).expect("hard link");
    }
    dir
}

/// Where the example finds our tools: `bin` bound onto a fresh /run.
const BIN: &str = "/run/nsutils-bin";

/// The example as `sh -e` runs it, in namespaces of its own with private /tmp and
/// /run (made with the system unshare, so a bug of ours cannot leak out). The
/// shell sits in `bin` while it covers /tmp and /run, so that `.` still names the
/// tool directory even when the checkout is under one of them.
fn run_example(bin: &Path, code: &str) -> nstest::Output {
    let mut c = cmd(
        "/usr/bin/unshare",
        [
            "-m",
            "-u",
            "-i",
            "-n",
            "-p",
            "-f",
            "--mount-proc",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-ec",
        ],
    );
    c.arg(format!(
        "cd \"$2\" && mount -t tmpfs tmp /tmp && mount -t tmpfs run /run && mkdir {BIN} && \
         mount --no-canonicalize --bind . {BIN} && cd / && exec /bin/sh -ec \"$1\""
    ));
    c.arg("sh").arg(code).arg(bin);
    c.env_clear().env("PATH", format!("{BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    c.env("LC_ALL", "C").env("HOME", "/root");
    run_with_timeout(&mut c, Duration::from_secs(60))
}

#[test]
fn guide_examples_parse() {
    let md = std::fs::read_to_string(xtask::root().join("docs/GUIDE.md")).expect("GUIDE.md");
    let ex = examples(&md);
    assert!(ex.len() >= 20, "{} examples", ex.len());
    for kind in [
        "chroot",
        "--pid",
        "--net=",
        "--propagation",
        "--uts",
        "--ipc",
        "--map-root-user",
        "--cgroup",
        "--time",
    ] {
        assert!(ex.iter().any(|e| e.code.contains(kind)), "no example uses {kind}");
    }
}

#[test]
fn every_guide_example_runs() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let md = std::fs::read_to_string(xtask::root().join("docs/GUIDE.md")).expect("GUIDE.md");
    let bin = tool_dir();
    if std::env::var_os("NSUTILS_GUIDE_BIN").is_none() {
        let which = run_example(&bin, "command -v unshare; command -v nsutils");
        assert_eq!(which.out(), format!("{BIN}/unshare\n{BIN}/nsutils\n"), "{}", which.err());
    }
    let mut failures = Vec::new();
    for ex in examples(&md) {
        let o = run_example(&bin, &ex.code);
        if o.code() != Some(0) {
            failures.push(format!(
                "GUIDE.md:{}: exit {:?}\n{}stdout:\n{}stderr:\n{}",
                ex.line,
                o.code(),
                ex.code,
                o.out(),
                o.err()
            ));
        } else if let Some(want) = &ex.expected {
            if &o.out() != want {
                failures.push(format!(
                    "GUIDE.md:{}: output differs\n{}expected:\n{want}got:\n{}stderr:\n{}",
                    ex.line,
                    ex.code,
                    o.out(),
                    o.err()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} example(s) failed:\n\n{}", failures.len(), failures.join("\n"));
}
