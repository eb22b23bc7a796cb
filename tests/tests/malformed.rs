//! Malformed command lines for all five tools, side by side with the reference.
//!
//! Every case runs the reference and ours with the same argv\[0\], inside fresh
//! private mount and UTS namespaces, under a small shell that snapshots the mount
//! table and the host and domain names before and after: whatever a tool gets
//! wrong, the host never sees it, and the snapshot still tells us it changed
//! something. A case passes when ours
//! - exits with the reference's status (or, for behaviour that upstream fixed after
//!   the installed 2.38.1, the fixed status),
//! - prints the reference's stdout and stderr (or the fixed first line, starting
//!   with the tool's name and a colon, plus the try-help line for usage errors);
//!   the only extra lines allowed are our own `TOOL: hint: ...` lines after it,
//! - never panics and changes no mount and no name.

use std::ffi::OsString;
use std::path::Path;

use nstest::{need_root, ours, panic_signs, reference, run_in_session, watched, HostState, Output};

#[path = "malformed/cases.rs"]
mod cases;
use cases::{chroot_cases, hostname_cases, lsns_cases, nsenter_cases, unshare_cases};

/// What ours must do.
#[derive(Clone, Copy, Debug)]
enum Want {
    /// Exactly what the reference does: status, stdout, stderr.
    Same,
    /// Upstream fixed (or added) this after the installed reference: our status and
    /// the start of our first stderr line; `try_help` says a usage error's second
    /// line follows.
    Fixed { status: i32, first: &'static str, try_help: bool },
}

struct Case {
    /// argv\[0\]: the tool, or one of hostname's other names.
    name: &'static str,
    args: Vec<OsString>,
    want: Want,
    /// Variables set for both runs (SHELL, the locale, POSIXLY_CORRECT).
    env: Vec<(&'static str, &'static str)>,
}

impl Case {
    fn with_env(mut self, var: &'static str, value: &'static str) -> Case {
        self.env.push((var, value));
        self
    }
}

fn case(name: &'static str, args: &[&str], want: Want) -> Case {
    Case { name, args: args.iter().map(OsString::from).collect(), want, env: Vec::new() }
}

fn same(name: &'static str, args: &[&str]) -> Case {
    case(name, args, Want::Same)
}

fn fixed(name: &'static str, args: &[&str], status: i32, first: &'static str) -> Case {
    case(name, args, Want::Fixed { status, first, try_help: false })
}

fn fixed_usage(name: &'static str, args: &[&str], first: &'static str) -> Case {
    case(name, args, Want::Fixed { status: 1, first, try_help: true })
}

/// A case whose arguments are built at run time (huge, with newlines, with a pid).
fn same_os(name: &'static str, args: Vec<OsString>) -> Case {
    Case { name, args, want: Want::Same, env: Vec::new() }
}

fn os(parts: &[&str]) -> Vec<OsString> {
    parts.iter().map(OsString::from).collect()
}

/// The binary behind a name: hostname's aliases are the hostname binary.
fn tool_of(name: &str) -> &'static str {
    match name {
        "unshare" => "unshare",
        "nsenter" => "nsenter",
        "lsns" => "lsns",
        "chroot" => "chroot",
        _ => "hostname",
    }
}

/// The output and, if the run changed its namespaces' mounts or names, what changed.
/// The output, what changed, and the processes of the run left behind.
fn run_one(program: &Path, c: &Case) -> (Output, Option<String>, Vec<String>) {
    let (mut cmd, watch) = watched(program, c.name, &c.args, "");
    cmd.envs(c.env.iter().copied());
    let (out, left) = run_in_session(&mut cmd);
    (out, watch.changes(), left)
}

/// Pids differ between the two runs; nothing else may.
/// The reference's stderr with each argument that holds a control character written
/// as our messages write it (escaped, a deliberate difference: docs/COMPATIBILITY.md).
fn escaped_like_ours(stderr: &str, args: &[OsString]) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = stderr.to_string();
    // the value of `--opt=value` is what a message quotes
    let values = args.iter().map(|a| a.as_bytes()).flat_map(|a| {
        let value = a.iter().position(|&b| b == b'=').map(|i| &a[i + 1..]);
        std::iter::once(a).chain(value)
    });
    for v in values {
        let raw = String::from_utf8_lossy(v).into_owned();
        let escaped = String::from_utf8_lossy(&common::message::escape(v)).into_owned();
        if raw != escaped {
            out = out.replace(&raw, &escaped);
        }
    }
    out
}

fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("/proc/") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push_str("PID");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

fn shorten(s: &str) -> String {
    if s.len() <= 600 {
        return s.to_string();
    }
    let cut = (0..=300).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    format!("{}...[{} bytes]", &s[..cut], s.len())
}

fn shown(args: &[OsString]) -> String {
    shorten(&format!("{args:?}"))
}

/// Our stderr without our own hint lines (which may only follow the first line).
fn without_hints(err: &str, name: &str) -> String {
    let hint = format!("{name}: hint: ");
    let lines: Vec<&str> = err.split_inclusive('\n').collect();
    let mut kept: Vec<&str> = lines.iter().take(1).copied().collect();
    kept.extend(lines.iter().skip(1).filter(|l| !l.starts_with(&hint)));
    kept.concat()
}

/// Checks one case; returns a description of what went wrong.
fn check(c: &Case) -> Option<String> {
    let tool = tool_of(c.name);
    let Some(refpath) = reference(tool) else {
        return Some(format!("reference {tool} is not installed"));
    };
    let env: String = c.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    let what = format!("{env}{} {}", c.name, shown(&c.args));
    let (mine, mine_changed, left) = run_one(&ours(tool), c);
    let mut problems: Vec<String> = panic_signs(&mine).into_iter().map(|p| shorten(&p)).collect();
    if !left.is_empty() {
        problems.push(format!("left processes behind: {left:?}"));
    }
    if let Some(diff) = mine_changed {
        problems.push(format!("changed mounts or names:\n{}", shorten(&diff)));
    }
    let err = mine.err();
    match c.want {
        Want::Same => {
            let (theirs, _, _) = run_one(&refpath, c);
            if theirs.shell_status() == 0 {
                problems.push("the table is wrong: the reference accepts this".to_string());
            }
            if mine.shell_status() != theirs.shell_status() {
                problems.push(format!(
                    "status {} (reference {})",
                    mine.shell_status(),
                    theirs.shell_status()
                ));
            }
            if mine.out() != theirs.out() {
                problems.push(format!(
                    "stdout\n  ours: {:?}\n  reference: {:?}",
                    shorten(&mine.out()),
                    shorten(&theirs.out())
                ));
            }
            let theirs_err = escaped_like_ours(&theirs.err(), &c.args);
            let (a, b) = (normalize(&without_hints(&err, c.name)), normalize(&theirs_err));
            if a != b {
                problems.push(format!("stderr\n  ours: {:?}\n  reference: {:?}", shorten(&a), shorten(&b)));
            }
        }
        Want::Fixed { status, first, try_help } => {
            if mine.shell_status() != status {
                problems.push(format!("status {} (want {status})", mine.shell_status()));
            }
            let lines: Vec<&str> = err.lines().collect();
            let prefix = format!("{}: ", c.name);
            let head = lines.first().copied().unwrap_or_default();
            if !head.starts_with(first) || !head.starts_with(&prefix) {
                problems
                    .push(format!("first stderr line {:?}, want it to start with {first:?}", shorten(head)));
            }
            let try_line = format!("Try '{} --help' for more information.", c.name);
            let mut rest = &lines[lines.len().min(1)..];
            if try_help {
                if rest.first() != Some(&try_line.as_str()) {
                    problems.push(format!("no try-help line after the message: {:?}", shorten(&err)));
                }
                rest = &rest[rest.len().min(1)..];
            }
            let hint = format!("{}: hint: ", c.name);
            if rest.iter().any(|l| !l.starts_with(&hint)) {
                problems.push(format!("more than one line on stderr: {:?}", shorten(&err)));
            }
            if !mine.stdout.is_empty() {
                problems.push(format!("stdout not empty: {:?}", shorten(&mine.out())));
            }
        }
    }
    (!problems.is_empty()).then(|| format!("{what}:\n  {}", problems.join("\n  ")))
}

fn check_all(tool: &str, cases: Vec<Case>) {
    if !need_root("the cases run in private mount and UTS namespaces") {
        return;
    }
    let host = HostState::now();
    let total = cases.len();
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    host.assert_unchanged(&format!("the malformed {tool} command lines"));
    assert!(
        failures.is_empty(),
        "{} of {total} {tool} cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn unshare_malformed() {
    check_all("unshare", unshare_cases());
}

#[test]
fn nsenter_malformed() {
    check_all("nsenter", nsenter_cases());
}

#[test]
fn lsns_malformed() {
    check_all("lsns", lsns_cases());
}

#[test]
fn chroot_malformed() {
    check_all("chroot", chroot_cases());
}

#[test]
fn hostname_malformed() {
    check_all("hostname", hostname_cases());
}

#[test]
fn at_least_a_hundred_cases() {
    let n = unshare_cases().len()
        + nsenter_cases().len()
        + lsns_cases().len()
        + chroot_cases().len()
        + hostname_cases().len();
    assert!(n >= 100, "only {n} malformed command lines");
}
