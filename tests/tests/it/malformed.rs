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

pub mod case;
pub mod cases;
use case::{expected_with_escapes, Case, Want};
use cases::{chroot_cases, hostname_cases, lsns_cases, nsenter_cases, unshare_cases};
use nstest::{without_hints, without_pids};

/// The output and, if the run changed its namespaces' mounts or names, what changed.
/// The output, what changed, and the processes of the run left behind.
fn run_one(program: &Path, c: &Case) -> (Output, Option<String>, Vec<String>) {
    let (mut cmd, watch) = watched(program, c.name, &c.args, "");
    // English whatever the caller's locale: locales.rs runs the other languages
    nstest::without_locale(&mut cmd);
    cmd.envs(c.env.iter().copied());
    let (out, left) = run_in_session(&mut cmd);
    (out, watch.changes(), left)
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

/// Checks one case; returns a description of what went wrong.
fn check(c: &Case) -> Option<String> {
    let tool = c.tool();
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
            let theirs = case::reference_run(tool, || run_one(&refpath, c).0);
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
            let text = |bytes: Vec<u8>| String::from_utf8_lossy(&without_pids(&bytes, "PID")).into_owned();
            // control characters in user strings are escaped (issue 11's one deviation)
            let want = expected_with_escapes(&theirs.stderr, &c.args);
            let (a, b) = (text(without_hints(&mine.stderr, c.name)), text(want));
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
    let _machine = nstest::sharing();
    check_all("unshare", unshare_cases());
}

#[test]
fn nsenter_malformed() {
    let _machine = nstest::sharing();
    check_all("nsenter", nsenter_cases());
}

#[test]
fn lsns_malformed() {
    let _machine = nstest::sharing();
    check_all("lsns", lsns_cases());
}

#[test]
fn chroot_malformed() {
    let _machine = nstest::sharing();
    check_all("chroot", chroot_cases());
}

#[test]
fn hostname_malformed() {
    let _machine = nstest::sharing();
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
