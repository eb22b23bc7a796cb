//! A stdout that cannot be written (a pipe whose reader is gone, as in
//! `lsns | head -1`; a closed descriptor; /dev/full) ends each tool the way it ends
//! the reference: same status (or the same fatal signal) and the same stderr.

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};

use nstest::{need_root, ours, panic_signs, reference, Output};

use nstest::Sleeper;

#[derive(Clone, Copy, Debug)]
enum Stdout {
    /// A pipe whose read end is closed before the tool starts.
    BrokenPipe,
    /// The same, with SIGPIPE ignored by the caller: writes fail with EPIPE.
    BrokenPipeIgnored,
    /// No descriptor 1 at all.
    Closed,
    /// /dev/full: every write fails with ENOSPC.
    Full,
}

fn run_with(program: &Path, name: &str, args: &[String], how: Stdout) -> Output {
    let mut c = Command::new(program);
    c.arg0(name).args(args).stdin(Stdio::null()).stderr(Stdio::piped());
    match how {
        Stdout::BrokenPipe | Stdout::BrokenPipeIgnored => {
            let mut fds = [0; 2];
            // SAFETY: pipe2 fills the two descriptors on success.
            assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0, "pipe2");
            // SAFETY: both descriptors are fresh and ours; the read end closes here.
            let (reader, writer) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
            drop(reader);
            c.stdout(Stdio::from(writer));
            if matches!(how, Stdout::BrokenPipeIgnored) {
                // SAFETY: signal is async-signal-safe.
                unsafe {
                    c.pre_exec(|| {
                        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
                        Ok(())
                    });
                }
            }
        }
        Stdout::Closed => {
            c.stdout(Stdio::null());
            // SAFETY: close is async-signal-safe.
            unsafe {
                c.pre_exec(|| {
                    libc::close(1);
                    Ok(())
                });
            }
        }
        Stdout::Full => {
            let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
            c.stdout(Stdio::from(full));
        }
    }
    // (the caller's copy of a pipe's write end goes with `c`; the read end is closed)
    nstest::run_stderr(&mut c)
}

fn describe(o: &Output) -> String {
    match (o.status.code(), o.status.signal()) {
        (Some(c), _) => format!("exit {c}"),
        (_, Some(s)) => format!("signal {s}"),
        _ => "?".into(),
    }
}

/// The same status, and the same stderr (for a table with a dead stdout other than a
/// broken pipe with SIGPIPE at its default, ours may say `write error` or nothing).
fn agree(table: bool, how: Stdout, mine: &Output, theirs: &Output) -> bool {
    let messages_agree = if table && !matches!(how, Stdout::BrokenPipe) {
        mine.err().is_empty() || mine.err().starts_with("lsns: write error")
    } else {
        mine.err() == theirs.err()
    };
    describe(mine) == describe(theirs) && messages_agree
}

/// Compares every case under each kind of dead stdout. The reference's message for
/// lsns's table depends on how its size compares with stdio's buffer (a bare
/// `write error` once a write failed mid-way), and the table changes as processes
/// come and go: for those only the status must agree, and ours may only say
/// `write error`.
fn check(cases: &[(&str, Vec<String>)]) {
    let mut failures = Vec::new();
    for (name, args) in cases {
        let table = *name == "lsns" && !args.iter().any(|a| a == "--help" || a == "-V");
        let tool = common::tools::tool_of(name).unwrap_or_else(|| panic!("{name} is no tool")).name;
        let Some(refpath) = reference(tool) else {
            nstest::skip(&format!("the reference {tool} is not installed: {name} {args:?} not compared"));
            continue;
        };
        for how in [Stdout::BrokenPipe, Stdout::BrokenPipeIgnored, Stdout::Closed, Stdout::Full] {
            let what = format!("{name} {} >{how:?}", args.join(" "));
            // the listing before and after, for a table: processes of other programs on
            // the machine come and go, and a table that changed size between the two
            // runs may fall on the other side of stdio's buffer; then the pair is run
            // again (at most 5 times in all)
            let listing = || table.then(|| nstest::run(&mut nstest::cmd(&refpath, args)).stdout.len());
            let mut tries = 0;
            let (mine, theirs) = loop {
                tries += 1;
                let before = listing();
                let theirs = run_with(&refpath, name, args, how);
                let mine = run_with(&ours(tool), name, args, how);
                if before == listing() || tries == 5 || agree(table, how, &mine, &theirs) {
                    break (mine, theirs);
                }
            };
            if let Some(p) = panic_signs(&mine) {
                failures.push(format!("{what}: {p}"));
            }
            if !agree(table, how, &mine, &theirs) {
                failures.push(format!(
                    "{what}: ours {} {:?}, reference {} {:?}",
                    describe(&mine),
                    mine.err(),
                    describe(&theirs),
                    theirs.err()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "unwritable stdout handled unlike the reference:\n{}", failures.join("\n"));
}

fn v(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[test]
fn lsns_and_hostname_output_to_a_dead_stdout() {
    let _machine = nstest::alone();
    if !need_root("lsns sees every namespace only as root") {
        return;
    }
    check(&[
        ("lsns", v(&[])),
        ("lsns", v(&["-J"])),
        ("lsns", v(&["-l"])),
        ("lsns", v(&["-r", "-n"])),
        ("lsns", v(&["-T"])),
        ("lsns", v(&["-t", "net"])),
        ("lsns", v(&["-o", "NS,TYPE,PATH", "-u"])),
        ("lsns", v(&["--help"])),
        ("lsns", v(&["-V"])),
        ("hostname", v(&[])),
        ("hostname", v(&["-s"])),
        ("hostname", v(&["-V"])),
        ("hostname", v(&["--help"])),
        ("hostname", v(&["-y"])),
        ("hostname", v(&["-Z"])),
        ("domainname", v(&[])),
        ("dnsdomainname", v(&["-V"])),
    ]);
}

#[test]
fn help_and_version_to_a_dead_stdout() {
    let _machine = nstest::alone();
    check(&[
        ("unshare", v(&["--help"])),
        ("unshare", v(&["-V"])),
        ("nsenter", v(&["--help"])),
        ("nsenter", v(&["--version"])),
        ("chroot", v(&["--help"])),
        ("chroot", v(&["--version"])),
    ]);
}

/// The program's own death by SIGPIPE comes back from a forking tool as SIGPIPE.
#[test]
fn a_programs_sigpipe_passes_through() {
    let _machine = nstest::alone();
    if !nstest::need_namespaces() {
        return;
    }
    let target = Sleeper::in_namespaces(&["-p", "-f", "--mount-proc"]);
    let t = target.pid_arg();
    let echo = ["sh", "-c", "echo hello; echo world"];
    let with = |pre: &[&str]| pre.iter().chain(echo.iter()).map(|s| s.to_string()).collect::<Vec<_>>();
    check(&[
        ("unshare", with(&["-f"])),
        ("unshare", with(&["-m"])),
        ("nsenter", with(&["-t", &t, "-p"])),
        ("chroot", with(&["/"])),
    ]);
}
