//! lsns against the installed util-linux lsns (2.38.1) on the same machine state:
//! tests/sandbox.sh runs as pid 1 of fresh pid, mount and network namespaces made by
//! the system unshare, builds namespaces and processes of its own (netns bind mounts,
//! nested user namespaces, odd command lines), then runs both tools back to back.
//! Inside that pid namespace /proc holds only the sandbox's processes, so the two
//! runs see the same thing (each sees itself, never as a representative process).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sandbox.sh")
}

fn ready() -> bool {
    if !nstest::need_namespaces() {
        return false;
    }
    for tool in ["ip", "script", "setpriv"] {
        if !Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            nstest::skip(&format!("{tool} is not installed"));
            return false;
        }
    }
    if nstest::reference("lsns").is_none() {
        nstest::skip("the reference lsns is not installed");
        return false;
    }
    true
}

/// Runs the sandbox with `cases` (one argument list per line) and returns its report.
fn sandbox(cases: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new("/usr/bin/unshare");
    cmd.args(["--pid", "--fork", "--net", "--mount-proc", "bash"]).arg(script()).arg(crate::ours());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("unshare");
    child.stdin.take().expect("stdin").write_all(cases.as_bytes()).expect("write cases");
    let pid = child.id();
    let out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || std::io::read_to_string(out).unwrap_or_default());
    let start = Instant::now();
    while child.try_wait().expect("try_wait").is_none() {
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sandbox (pid {pid}) did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    reader.join().expect("reader")
}

fn assert_all_same(report: &str, cases: &str) {
    let n = cases.lines().filter(|l| !l.trim().is_empty()).count();
    let same = report.lines().filter(|l| l.starts_with("SAME: ")).count();
    assert!(!report.contains("DIFF: ") && same == n, "{same} of {n} cases match:\n{report}");
}

const OUTPUT_MODES: &str = r#"
-l
-t net
-t net -W
-T
-Tparent
-Tprocess -t pid
-Tparent -t pid
-T -t user -J
-J
-J -l
-r
-r -T -t net -o NS,NSFS,COMMAND
-n
--output-all
--output-all -J
-o +PATH,PPID,UID,PNS,ONS
-n -o PPID,TYPE
-t uts -o NS,PID,COMMAND,USER
-t uts -r -o NS,COMMAND
-t uts -J -o NS,COMMAND
-t net -t uts -o NS,TYPE,NSFS,COMMAND
-t net -t uts -o NS,TYPE,NSFS,COMMAND,PID
-T -t net -o NS,NSFS,PID
-t net -o NS,NETNSID,NSFS -J
-u
-p $SLEEPER
-p $SLEEPER -T
-p $SLEEPER -Tparent -J
-p 99999
-J -p 99999
$NS1
-l $NS1
-o +PATH,NS,TYPE,NPROCS,NETNSID,NSFS,PNS,ONS,UID $NS1
-J $NS1
-r $NS1
-T $NS1
-t net $UTS1
$UTS1 -u -n
0 -t uts
--output-all $UTS1
$WRAPPED
-r $WRAPPED
-J $WRAPPED
-l $WRAPPED
"#;

#[test]
fn output_matches_the_reference() {
    if !ready() {
        return;
    }
    assert_all_same(&sandbox(OUTPUT_MODES, &[]), OUTPUT_MODES);
}

#[test]
fn ascii_tree_art_in_the_c_locale() {
    if !ready() {
        return;
    }
    let cases = "\n-T\n-t uts -o NS,COMMAND\n-Tparent -r\n";
    assert_all_same(&sandbox(cases, &[("LANG", "C"), ("LC_ALL", "")]), cases);
}

#[test]
fn locale_names_as_glibc_loads_them() {
    if !ready() {
        return;
    }
    // POSIX.UTF-8 and a relative path are not loadable (ASCII art); an absolute path
    // is looked up under glibc's locale directory.
    let cases = "\n-T -o NS,COMMAND\n";
    for lang in ["POSIX.UTF-8", "C.utf8/", "/C.UTF-8"] {
        assert_all_same(&sandbox(cases, &[("LANG", lang), ("LC_ALL", ""), ("LC_CTYPE", "")]), cases);
    }
}

#[test]
fn truncation_on_a_terminal() {
    if !ready() {
        return;
    }
    let cases = "\n-t net\n-T\n--output-all\n-t net -o NS,NSFS,COMMAND,PID\n-u\n-n\n-W -t net\n";
    // COLUMNS is read as strtol reads it: " +33" is 33.
    for width in ["80", "47", "20", " +33"] {
        assert_all_same(&sandbox(cases, &[("TERMW", width)]), cases);
    }
}

/// The sandbox runs a process named "漢㉈e\u{301}\u{378}x": glibc (and so the
/// reference) takes U+3248 as wide, U+0301 as zero-width and escapes the unassigned
/// U+0378 as `\xcd\xb8`; padding a column after it shows every width.
#[test]
fn widths_and_printability_are_glibcs() {
    if !ready() {
        return;
    }
    let cases = "\n-t uts -o COMMAND,PID\n-l -t uts -o NS,COMMAND,TYPE\n-t uts -u -o COMMAND,NS\n";
    let report = sandbox(cases, &[("LC_ALL", "C.UTF-8"), ("SHOWREF", "1")]);
    assert_all_same(&report, cases);
    assert!(report.contains("漢\u{3248}e\u{301}\\xcd\\xb8x "), "{report}");
    for width in ["30", "13"] {
        let env = [("LC_ALL", "C.UTF-8"), ("TERMW", width)];
        assert_all_same(&sandbox(cases, &env), cases);
    }
}

const BAD_COMMAND_LINES: &str = r#"
-p abc
-p 2147483648
-p -2147483649
abc
-5
99999
'' 
-p 1 $NS1
-o FOO
-o NS,FOO,TYPE
-o NS,
-t bad
-t NET
-T bad
-Tpar
--tree=bad
--tree=
-J -r
-r -J
-X -J -r
-J -r -X
-X
--no
--t
--o
--json=1
-o
-p
--bogus
-X -h
"#;

#[test]
fn malformed_command_lines_fail_like_the_reference() {
    if !ready() {
        return;
    }
    assert_all_same(&sandbox(BAD_COMMAND_LINES, &[]), BAD_COMMAND_LINES);
}
