//! The command line: help, version, and a table of malformed command lines (status,
//! one `nsenter: ` line plus try-help where getopt complains, never a panic), most of
//! them compared byte for byte with util-linux 2.38.1.

use crate::support::*;

#[test]
fn help_and_version() {
    let h = nsenter(&["--help"]);
    assert_eq!(h.code(), Some(0));
    assert!(h.out().starts_with("\nUsage:\n nsenter [options] [<program> [<argument>...]]\n"));
    assert!(h.out().ends_with("\nFor more details see nsenter(1).\n"));
    assert!(h.err().is_empty());
    // every line the installed version prints is ours too, in the same order
    let theirs = theirs(&["-h"]).out().replace("-W. --wdns", "-W, --wdns");
    let mut ours_lines = h.out().lines().map(str::to_string).collect::<Vec<_>>().into_iter();
    for line in theirs.lines() {
        assert!(ours_lines.any(|l| l == line), "help line {line:?} missing or out of order");
    }
    // -h wins over a later bad option, as getopt hands it out first
    assert_eq!(nsenter(&["-hx"]).code(), Some(0));
    let v = nsenter(&["-V"]);
    assert_eq!(
        (v.code(), v.out()),
        (Some(0), format!("nsenter from nsutils {}\n", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(nsenter(&["--vers"]).out(), v.out());
}

/// (arguments, whether getopt's try-help line follows)
const MALFORMED: &[(&[&str], bool)] = &[
    (&["-x"], true),
    (&["-é"], true),
    (&["--bogus"], true),
    (&["---"], true),
    (&["-t"], true),
    (&["--target"], true),
    (&["-S"], true),
    (&["--p"], true),
    (&["--n"], true),
    (&["--us"], true),
    (&["--all=1"], true),
    (&["--no-fork=x"], true),
    (&["-t", "abc", "true"], false),
    (&["-t", "", "true"], false),
    (&["-t", "-1", "true"], false),
    (&["-t", "2147483648", "true"], false),
    (&["-t", "99999999999999999999", "true"], false),
    (&["-t", "1:0", "true"], false),
    (&["-t", "1:x", "true"], false),
    (&["-t", "1x", "true"], false),
    (&["-t", "1", "-t", "1", "true"], false),
    (&["-S", "x", "true"], false),
    (&["-S", "", "true"], false),
    (&["-S", "-1", "true"], false),
    (&["-G", "-5", "true"], false),
    (&["-G", "4294967296", "true"], false),
    (&["-S", "99999999999999999999", "true"], false),
    (&["-S", "Follow", "true"], false),
    (&["-N", "x", "true"], false),
    (&["-N", "-1", "true"], false),
    (&["-w", "-W/tmp", "true"], false),
    (&["--wdns=/", "--wd=/", "true"], false),
    (&["-m"], false),
    (&["-a", "true"], false),
    (&["true"], false),
    (&["-r", "true"], false),
    (&["-w", "true"], false),
    (&["-W"], true),
    (&["--wdns", "true"], false),
    (&["-e", "-u/proc/self/ns/uts", "true"], false),
    (&["-S", "follow", "-u/proc/self/ns/uts", "true"], false),
    (&["-N", "3", "true"], false),
    (&["--user-parent", "true"], false),
    (&["-m/nonexistent/file", "true"], false),
    (&["-m/nonexistent/file", "-x"], false),
    (&["-r/nonexistent/dir", "-x"], false),
    (&["-m:abc", "true"], false),
    (&["-m:99999999999999999999999", "true"], false),
    (&["--mount=/proc/self/ns/uts", "true"], false),
    (&["-n/proc/self/ns/mnt", "true"], false),
    (&["-t", "2147483647", "-m", "true"], false),
    (&["-a", "-t", "2147483647", "true"], false),
    (&["-t", "2147483647:5", "-m", "true"], false),
];

#[test]
fn malformed_command_lines() {
    for (args, try_help) in MALFORMED {
        let o = nsenter(args);
        let err = o.err();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(o.code(), Some(1), "status of {args:?}: {err}");
        assert!(o.stdout.is_empty(), "stdout of {args:?}");
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert!(lines[0].starts_with("nsenter: "), "{args:?}: {err}");
        let expected = if *try_help {
            vec![lines[0], "Try 'nsenter --help' for more information."]
        } else {
            vec![lines[0]]
        };
        assert_eq!(lines, expected, "stderr of {args:?}");
    }
}

#[test]
fn malformed_like_util_linux() {
    // the cases where 2.38.1 agrees with upstream (it lacks the newer options, reads
    // -t 0/-1 and -S -1 differently, and runs a program when no namespace is given)
    for args in [
        &["-x"][..],
        &["-é"],
        &["--bogus=1"],
        &["-t"],
        &["--target"],
        &["--p"],
        &["--all=1"],
        &["-t", "abc", "true"],
        &["-t", "99999999999999999999", "true"],
        &["-S", "x", "true"],
        &["-S", "", "true"],
        &["-G", "1x", "true"],
        &["-S", "99999999999999999999", "true"],
        &["-w", "-W/tmp", "true"],
        &["-W/tmp", "--wd", "true"],
        &["-a", "true"],
        &["-r", "-t", "0"],
        &["-m/nonexistent/file", "-x"],
        &["-w/nonexistent/dir", "-t", "abc"],
        &["-t", "abc", "-w/nonexistent/dir"],
        &["--mount=/proc/self/ns/uts", "true"],
        &["-n/proc/self/ns/mnt", "true"],
        &["-t", "2147483647", "-m", "true"],
        &["-a", "-t", "2147483647", "true"],
        // a short namespace option takes the rest of its word as a file
        &["-muinpCT", "true"],
    ] {
        same(args);
    }
}

#[test]
fn arguments_that_are_not_utf8_are_echoed_as_given() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let b = |s: &'static [u8]| OsStr::from_bytes(s);
    for args in [
        &[b(b"-t"), b(b"1\xff"), b(b"true")][..],
        &[b(b"-S"), b(b"\xff"), b(b"true")],
        &[b(b"-G"), b(b"99999999999999999999\xff"), b(b"true")],
        &[b(b"-m/nonexistent/\xff"), b(b"true")],
        &[b(b"--uts=/nonexistent/\xff"), b(b"true")],
        &[b(b"-w/nonexistent/\xff"), b(b"true")],
        &[b(b"-u/proc/self/ns/uts"), b(b"/nonexistent/\xff")],
        &[b(b"-u/proc/self/ns/uts"), b(b"\xfe\xff")],
        &[b(b"--\xff")],
        &[b(b"-\xff")],
    ] {
        same(args);
    }
}

#[test]
fn equals_sign_after_short_option_is_dropped() {
    // upstream strips it (2.38.1 looked for a file named "=/proc/...")
    let o = nsenter(&["-u=/proc/self/ns/uts", "echo", "ok"]);
    assert_eq!((o.code(), o.out()), (Some(0), "ok\n".to_string()), "{}", o.err());
    let o = nsenter(&["--uts==/proc/self/ns/uts", "echo", "ok"]);
    assert_eq!(o.code(), Some(0), "{}", o.err());
    // --uts FILE is the uts namespace of the target and FILE is the program
    let o = nsenter(&["--uts", "/proc/self/ns/uts"]);
    assert_eq!(o.err(), "nsenter: no target PID specified\n");
}

#[test]
fn follow_context_without_selinux_says_so() {
    if std::path::Path::new("/sys/fs/selinux/enforce").exists() {
        nstest::not_here("SELinux is enabled, so -Z has a context to follow");
        return;
    }
    let o = nsenter(&["-Z", "-u/proc/self/ns/uts", "echo", "ran"]);
    assert_eq!(o.code(), Some(0));
    assert_eq!(o.out(), "ran\n");
    assert!(o.err().starts_with("nsenter: SELinux is not enabled"), "{}", o.err());
}

#[test]
fn own_namespace_files_without_target() {
    // entering the namespaces we are in is allowed (except the user namespace)
    let args =
        ["-u/proc/self/ns/uts", "-i/proc/self/ns/ipc", "-n/proc/self/ns/net", "-C/proc/self/ns/cgroup"];
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["sh", "-c", "exit 7"]);
    assert_eq!(same(&a).code(), Some(7));
    let o = same(&["--user=/proc/self/ns/user", "true"]);
    assert_eq!(o.err(), "nsenter: reassociate to namespace 'ns/user' failed: Invalid argument\n");
}

/// A message that stderr cannot take makes the status 1 whatever it was meant to be
/// (127 and 126 of exec failures included), as util-linux's close_stdout does; a run
/// that writes nothing there keeps its status.
#[test]
fn a_closed_or_full_stderr_turns_the_status_into_1() {
    if !nstest::need_root("nsenter -t $$") || !std::path::Path::new("/usr/bin/nsenter").exists() {
        return;
    }
    for case in [
        "-t $$ -u /nonexistent 2>&-",
        "-t $$ -u /etc 2>&-",
        "-t $$ -p /nonexistent 2>&-",
        "-t $$ -u /nonexistent 2>/dev/full",
        "-t 0x -u true 2>&-",
        "--bogus 2>&-",
        "-t $$ -p -u sh -c 'exit 4' 2>&-",
        "-t $$ -u /nonexistent 2>/dev/null",
    ] {
        let script = format!("/usr/bin/nsenter {case}; echo $?; \"$N\" {case}; echo $?");
        let o = run(std::process::Command::new("sh").args(["-c", &script]).env("N", ours()));
        let out = o.out();
        let codes: Vec<&str> = out.lines().collect();
        assert_eq!(codes.len(), 2, "{case}: {}", o.err());
        assert_eq!(codes[1], codes[0], "{case}");
    }
}
