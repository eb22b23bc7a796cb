//! The program a tool runs inherits exactly the descriptors the caller gave the
//! tool: 0, 1, 2 and a descriptor 5 the caller left open on purpose, nothing of ours
//! (namespace files, pidfds, eventfds, /proc directories, pipes to helpers).
//!
//! The program is `ls -l /proc/self/fd/`; its listing through the tool must equal
//! its listing when the test runs it directly with the same descriptors (the
//! directory ls reads shows up in both).

use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::process::Command;

use nstest::{in_private_namespaces, need_namespaces, ours, panic_signs, run};

use nstest::{Sleeper, TempDir};

const LS: [&str; 3] = ["ls", "-l", "/proc/self/fd/"];

/// `cmd` with /dev/null on descriptor 5 (not close-on-exec), in private mount and
/// UTS namespaces when it may mount (nsenter does not: and once it left such a
/// namespace, the last process there, that namespace's mounts would be gone from
/// under its `--root`).
fn with_fd5(cmd: &mut Command, null: &std::fs::File, private: bool) {
    let fd = null.as_raw_fd();
    // SAFETY: dup2 is async-signal-safe; `fd` stays open until the child has started.
    unsafe {
        cmd.pre_exec(move || {
            // when `fd` is 5 already, dup2 keeps its close-on-exec flag: clear it
            if libc::dup2(fd, 5) < 0 || libc::fcntl(5, libc::F_SETFD, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    if private {
        in_private_namespaces(cmd);
    }
}

/// `fd -> target` pairs of an `ls -l` of /proc/self/fd, with pids and inode numbers
/// (which differ from run to run) blanked.
fn listing(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once(" -> "))
        .map(|(left, target)| {
            let fd = left.split_whitespace().last().unwrap_or_default();
            let mut t = String::new();
            let mut digits = false;
            for c in target.chars() {
                if c.is_ascii_digit() {
                    if !digits {
                        t.push('N');
                    }
                    digits = true;
                } else {
                    digits = false;
                    t.push(c);
                }
            }
            format!("{fd} -> {t}")
        })
        .collect();
    v.sort();
    v
}

fn direct(private: bool) -> Vec<String> {
    let null = std::fs::File::open("/dev/null").expect("/dev/null");
    let mut c = Command::new(LS[0]);
    c.args(&LS[1..]);
    with_fd5(&mut c, &null, private);
    let out = run(&mut c);
    assert!(out.status.success(), "ls: {}", out.err());
    let l = listing(&out.out());
    assert!(l.iter().any(|e| e.starts_with("5 -> /dev/null")), "the baseline has no fd 5: {l:?}");
    l
}

/// Runs `tool args ls -l /proc/self/fd/` and compares with the direct run.
fn check(tool: &str, args: &[String], failures: &mut Vec<String>) {
    let null = std::fs::File::open("/dev/null").expect("/dev/null");
    let mut c = Command::new(ours(tool));
    c.arg0(tool).args(args).args(LS);
    let private = tool != "nsenter";
    with_fd5(&mut c, &null, private);
    let out = run(&mut c);
    let what = format!("{tool} {}", args.join(" "));
    if let Some(p) = panic_signs(&out) {
        failures.push(format!("{what}: {p}"));
        return;
    }
    if !out.status.success() {
        failures.push(format!("{what}: exit {:?}: {}", out.status, out.err()));
        return;
    }
    let (got, want) = (listing(&out.out()), direct(private));
    if got != want {
        failures.push(format!("{what}:\n    got  {got:?}\n    want {want:?}"));
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn check_all(tool: &str, cases: Vec<Vec<String>>) {
    let mut failures = Vec::new();
    for args in &cases {
        check(tool, args, &mut failures);
    }
    assert!(failures.is_empty(), "{tool} passed on descriptors it should not have:\n{}", failures.join("\n"));
}

#[test]
fn unshare_passes_only_the_callers_descriptors() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let dir = TempDir::new("fds-unshare");
    let file = |n: &str| dir.file(n);
    let cases = vec![
        strings(&["-m"]),
        strings(&["-m", "-f"]),
        strings(&["-U", "-r"]),
        strings(&["-U", "-r", "-f"]),
        strings(&["-c"]),
        strings(&["-p", "-f", "--mount-proc"]),
        strings(&["--kill-child", "-m"]),
        strings(&["--kill-child=SIGTERM", "-p", "--mount-proc"]),
        strings(&["--forward-signals", "-m"]),
        strings(&["-U", "--map-users=0:0:65536", "--map-groups=0:0:65536"]),
        strings(&["-r", "--map-users=1:1:65535", "--map-groups=1:1:65535", "-f"]),
        strings(&["-i", "-n", "-u", "-C", "-T", "--monotonic=5", "-f"]),
        strings(&["-R", "/", "-w", "/tmp", "-S", "0", "-G", "0"]),
        strings(&["--keep-caps", "-U", "-r"]),
        vec![format!("--uts={}", file("uts"))],
        vec!["-f".into(), format!("--ipc={}", file("ipc"))],
        // a new mount namespace makes a helper bind the file (--mount=FILE itself
        // fails now and then on this kernel, the reference's too: see mounts.rs)
        vec!["-m".into(), format!("--uts={}", file("mnt"))],
        vec!["-r".into(), format!("--user={}", file("user"))],
        vec!["-f".into(), format!("--pid={}", file("pid")), format!("--net={}", file("net"))],
        vec!["-f".into(), format!("--time={}", file("time")), format!("--cgroup={}", file("cgroup"))],
    ];
    check_all("unshare", cases);
}

#[test]
fn nsenter_passes_only_the_callers_descriptors() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let plain = Sleeper::plain();
    let ns = Sleeper::in_namespaces(&["-U", "-r", "-m", "-u", "-i", "-n", "-p", "-f", "-C", "--mount-proc"]);
    let nested = Sleeper::in_namespaces(&["-U", "-r", "--", "/usr/bin/unshare", "-U", "-r", "-m"]);
    let (p, n, u) = (plain.pid_arg(), ns.pid_arg(), nested.pid_arg());
    let s = |v: &[&str]| strings(v);
    let cases = vec![
        s(&["-t", &p, "-m"]),
        s(&["-t", &p, "-u", "-i", "-n"]),
        s(&["-t", &p, "-p"]),
        s(&["-t", &p, "-p", "-F"]),
        s(&["-t", &p, "-a"]),
        s(&["-t", &p, "-m", "-r"]),
        s(&["-t", &p, "-m", "-w"]),
        s(&["-t", &p, "-m", "--root=/", "--wd=/tmp"]),
        s(&["-t", &p, "-m", "-W", "/tmp"]),
        s(&["-t", &p, "-m", "-e"]),
        s(&["-t", &p, "-m", "-S", "0", "-G", "0"]),
        s(&["-t", &n, "-a"]),
        s(&["-t", &n, "-U", "-m", "-p"]),
        s(&["-t", &n, "-U", "--preserve-credentials", "-n"]),
        s(&["-t", &n, "-U", "--keep-caps", "-i"]),
        s(&["-t", &n, "-p", "-m", "-r", "-w"]),
        s(&["-t", &u, "--user-parent", "-m"]),
        s(&["-t", &u, "-U", "-m", "--preserve-credentials"]),
        vec![format!("--uts=/proc/{p}/ns/uts"), "-t".into(), p.clone(), "-m".into()],
        vec![format!("--net=/proc/{n}/ns/net")],
    ];
    check_all("nsenter", cases);
}

#[test]
fn chroot_passes_only_the_callers_descriptors() {
    let _machine = nstest::sharing();
    if !nstest::need_root("chroot") {
        return;
    }
    let s = |v: &[&str]| strings(v);
    let cases = vec![
        s(&["/"]),
        s(&["--userspec=0:0", "/"]),
        s(&["--userspec=root", "--groups=0,1", "/"]),
        s(&["--skip-chdir", "/"]),
    ];
    check_all("chroot", cases);
}

/// A descriptor the caller closed stays closed for the program (Rust's runtime
/// opens /dev/null on a closed 0, 1 or 2 before main; the tools undo that).
#[test]
fn a_closed_standard_descriptor_stays_closed() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let target = Sleeper::plain();
    let t = target.pid_arg();
    let close = |c: &mut Command, fd: i32| {
        // SAFETY: close is async-signal-safe.
        unsafe {
            c.pre_exec(move || {
                libc::close(fd);
                Ok(())
            });
        }
    };
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("unshare", vec!["-m"]),
        ("unshare", vec!["-f", "-U", "-r"]),
        ("nsenter", vec!["-t", &t, "-m"]),
        ("nsenter", vec!["-t", &t, "-p"]),
        ("chroot", vec!["/"]),
    ];
    let mut failures = Vec::new();
    for fd in [0, 2] {
        let mut direct = Command::new(LS[0]);
        direct.args(&LS[1..]);
        close(&mut direct, fd);
        let want = listing(&run(&mut direct).out());
        for (name, args) in &cases {
            let mut c = Command::new(ours(name));
            c.arg0(name).args(args).args(LS);
            close(&mut c, fd);
            let got = listing(&run(&mut c).out());
            if got != want {
                failures.push(format!(
                    "{name} {} with fd {fd} closed:\n    got  {got:?}\n    want {want:?}",
                    args.join(" ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
