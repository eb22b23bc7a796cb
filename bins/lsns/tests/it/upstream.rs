//! What 2.38.1 does not have (namespaces kept only by a descriptor, a socket or a
//! bind mount; -P, -Q, -H), checked against exact values; the unprivileged view; and
//! robustness while processes come and go.

use std::process::Command;
use std::time::{Duration, Instant};

use nstest::{cmd, run};

use crate::ours;

/// Runs `script` as pid 1 of fresh pid, mount and network namespaces, with $OURS set.
fn sandbox(script: &str) -> String {
    let setup = "mkdir -p /run/netns && mount -t tmpfs lsns-test /run/netns\n";
    let mut c = cmd("/usr/bin/unshare", ["--pid", "--fork", "--net", "--mount-proc", "bash", "-c"]);
    c.arg(format!("{setup}{script}")).env("OURS", ours());
    let out = run(&mut c);
    assert!(out.status.success(), "sandbox failed: {}\n{}", out.err(), out.out());
    out.out()
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn namespaces_held_by_descriptors_mounts_and_sockets() {
    if !nstest::need_namespaces() {
        return;
    }
    let out = sandbox(
        r#"
ip netns add held; ip netns add pers; ip netns add sock; ip netns set pers 9
H=$(stat -L -c %i /run/netns/held); P=$(stat -L -c %i /run/netns/pers); S=$(stat -L -c %i /run/netns/sock)
sleep 100 5</run/netns/held &
python3 -c '
import ctypes, os, socket, time
libc = ctypes.CDLL(None, use_errno=True)
orig = os.open("/proc/self/ns/net", os.O_RDONLY)
fd = os.open("/run/netns/sock", os.O_RDONLY)
libc.setns(fd, 0x40000000)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
libc.setns(orig, 0x40000000)
os.close(fd)
print("ready", flush=True)
time.sleep(100)
' > /tmp/lsns-sock-ready.$BASHPID &
for i in $(seq 100); do [ -s /tmp/lsns-sock-ready.$BASHPID ] && break; sleep 0.05; done
rm -f /tmp/lsns-sock-ready.$BASHPID
ip netns delete held; ip netns delete sock
echo "fd:$($OURS -n -r -o TYPE,NPROCS,PID,COMMAND,USER -Q "NS == $H")"
echo "sock:$($OURS -n -r -o TYPE,NPROCS,PID,COMMAND,USER --filter "NS == $S")"
echo "pers:$($OURS -n -r -o NPROCS,NSFS,NETNSID -Q "NS == $P")"
echo "P:$($OURS -P -n -r -t net -o NS | tr '\n' ' ')"
echo "ids:$H $P $S"
echo "tree:$($OURS -T -n -r -t net -o NS,NPROCS -Q "NS == $P")"
"#,
    );
    let l = lines(&out);
    assert!(l.contains(&"fd:net 0   root"), "{out}");
    assert!(l.contains(&"sock:net 0   root"), "{out}");
    assert!(l.contains(&"pers:0 /run/netns/pers 9"), "{out}");
    let ids = l.iter().find_map(|x| x.strip_prefix("ids:")).expect("ids");
    let p_line = l.iter().find_map(|x| x.strip_prefix("P:")).expect("-P line");
    for id in ids.split(' ') {
        assert!(p_line.split(' ').any(|x| x == id), "-P lists {id}: {out}");
    }
    assert!(l.iter().any(|x| x.starts_with("tree:") && x.ends_with(" 0")), "{out}");
}

#[test]
fn filters_and_column_list() {
    if !nstest::need_namespaces() {
        return;
    }
    let out = sandbox(
        r#"
unshare -u sleep 100 &
unshare -u sleep 100 &
sleep 0.3
echo "uts:$($OURS -n -r -t uts -o NPROCS -Q 'NPROCS == 1 and TYPE eq "uts"' | wc -l)"
echo "re:$($OURS -n -r -o COMMAND -t uts -Q 'COMMAND =~ "^sle+p [0-9]+$" && !(PID < 2)' | sort -u)"
echo "none:$($OURS -n -o NS -Q 'NPROCS > 100000' | wc -l)"
echo "hidden:$($OURS -n -r -o TYPE -Q 'PID == 1' | sort -u | wc -l)"
$OURS -Q 'NS ==' ; echo "rc:$?"
$OURS -Q 'BOGUS == 1' ; echo "rc:$?"
$OURS -Q "TYPE =~ '('" ; echo "rc:$?"
"#,
    );
    let l = lines(&out);
    assert!(l.contains(&"uts:2"), "{out}");
    assert!(l.contains(&"re:sleep\\x20100"), "{out}");
    assert!(l.contains(&"none:0"), "{out}");
    assert!(l.contains(&"hidden:8"), "{out}");
    assert_eq!(l.iter().filter(|x| **x == "rc:1").count(), 3, "{out}");

    let bad = run(&mut cmd(ours(), ["-Q", "NS == 'x"]));
    assert_eq!(bad.code(), Some(1));
    assert!(bad.err().starts_with("lsns: failed to parse \"NS == 'x\": "), "{}", bad.err());
    let bad = run(&mut cmd(ours(), ["-Q", "FOO == 1"]));
    assert_eq!((bad.code(), bad.err().as_str()), (Some(1), "lsns: unknown column: FOO\n"));

    let human = run(&mut cmd(ours(), ["-H"]));
    assert_eq!(human.code(), Some(0));
    assert!(
        human.out().starts_with("     NS <number> namespace identifier (inode number)\n"),
        "{}",
        human.out()
    );
    let json = run(&mut cmd(ours(), ["-H", "-J"]));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let cols = v["lsns-columns"].as_array().expect("lsns-columns");
    assert_eq!(cols.len(), 13);
    assert_eq!(cols[9]["holder"], "NETNSID");
    assert_eq!(cols[9]["type"], "string");
    let raw = run(&mut cmd(ours(), ["-H", "-r"]));
    assert!(raw.out().starts_with("NS number namespace\\x20identifier\\x20(inode\\x20number)\n"));
}

#[test]
fn help_names_the_program_as_invoked() {
    use std::os::unix::process::CommandExt;
    let Some(reference) = nstest::reference("lsns") else { return nstest::skip("no reference lsns") };
    // Upstream's help lists newer options; the lines before them are 2.38.1's.
    let head = |program: &std::path::Path| {
        let out = run(Command::new(program).arg0("./other").arg("-h"));
        out.out().lines().take(7).collect::<Vec<_>>().join("\n")
    };
    let mine = head(&ours());
    assert!(mine.contains("\n other [options] [<namespace>]\n"), "{mine}");
    assert_eq!(mine, head(&reference));
}

#[test]
fn exclusive_options_of_newer_releases() {
    let out = run(&mut cmd(ours(), ["-P", "-p", "1"]));
    assert_eq!(
        (out.code(), out.err().as_str()),
        (Some(1), "lsns: mutually exclusive arguments: --persistent --task\n")
    );
    let out = run(&mut cmd(ours(), ["--l"]));
    assert_eq!(out.code(), Some(1));
    assert!(out.err().contains("'--list' '--list-columns'"), "{}", out.err());
}

#[test]
fn unprivileged_users_see_their_own_namespaces() {
    if !nstest::need_root("switching to uid 65534") {
        return;
    }
    let Some(reference) = nstest::reference("lsns") else { return nstest::skip("no reference lsns") };
    // Both in one pid namespace of their own, so another uid-65534 process on the
    // host (a concurrent test's) cannot add to the counts.
    const ARGS: &str = "-n -o NS,TYPE,NPROCS,USER";
    let nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    let script = format!("{nobody} \"$1\" {ARGS} >&2; echo ---; {nobody} \"$2\" {ARGS}");
    let both = run(Command::new("/usr/bin/unshare")
        .args(["--pid", "--fork", "--mount-proc", "sh", "-c", &script, "sh"])
        .arg(&reference)
        .arg(ours()));
    assert_eq!(both.code(), Some(0), "{}", both.err());
    let (theirs, mine) = (both.err(), both.out());
    let mine = mine.strip_prefix("---\n").unwrap_or_else(|| panic!("{mine}"));
    // Namespaces kept by bind mounts (upstream's persistent namespaces, NPROCS 0) are
    // ours only; the rest must be the same.
    let with_procs: String = mine.lines().filter(|l| !l.contains(" 0 ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(with_procs, theirs);
    // (both empty would agree without showing anything)
    assert!(!with_procs.is_empty(), "no namespace with processes listed: {mine}");
    assert!(with_procs.lines().all(|l| l.ends_with(" 1 nobody")), "{mine}");
}

#[test]
fn churn_never_breaks_a_scan() {
    if !nstest::need_namespaces() {
        return;
    }
    let mut churn = Command::new("bash")
        .args([
            "-c",
            "end=$((SECONDS+4)); while [ $SECONDS -lt $end ]; do \
             unshare -u -i true & unshare -p -f true & unshare -U sh -c : & sleep 0.005; done; wait",
        ])
        .spawn()
        .expect("churn");
    let start = Instant::now();
    let mut runs = 0;
    while start.elapsed() < Duration::from_secs(3) {
        for args in [&["-J"][..], &["-J", "-T"], &["-J", "-Tparent", "-o", "+PNS,ONS,NETNSID,NSFS"]] {
            let out = run(&mut cmd(ours(), args));
            assert_eq!(out.code(), Some(0), "{}", out.err());
            assert!(out.stderr.is_empty(), "{}", out.err());
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
            assert!(v["namespaces"].is_array());
            runs += 1;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while churn.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = churn.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = churn.wait();
    assert!(runs >= 3);
}

/// `-p` as master reads it (strtopid_or_err: str2num_or_err from 1 to INT_MAX, a
/// number outside that range is ERANGE, so err() appends strerror). 2.38.1 took any
/// int and read 0 as "no filter", so these expectations are written out instead of
/// compared with the installed lsns; the cases both agree on stay in differential.rs.
#[test]
fn task_takes_a_pid_from_one_to_int_max() {
    for arg in ["0", "-1", "-0", "+0", "-2147483648"] {
        let out = run(&mut cmd(ours(), ["-p", arg]));
        let want = format!("lsns: invalid PID argument: '{arg}': Numerical result out of range\n");
        assert_eq!((out.code(), out.err()), (Some(1), want));
        assert!(out.stdout.is_empty(), "{}", out.out());
    }
    for arg in ["1", "2147483647", " +1"] {
        let out = run(&mut cmd(ours(), ["-p", arg, "-n", "-o", "NS"]));
        assert_eq!((out.code(), out.err()), (Some(0), String::new()), "-p '{arg}'");
    }
}

/// An empty name in `-o` makes every util-linux release exit 1 without a word; ours
/// says what is wrong (docs/COMPATIBILITY.md lists this deviation). A trailing comma
/// is part of the last name there (`unknown column: NS,`), which differential.rs
/// compares with the reference.
#[test]
fn an_empty_column_name_is_reported() {
    for list in ["NS,,TYPE", ",NS", "", "+", "+,NS", "NS,,,TYPE"] {
        let out = run(&mut cmd(ours(), ["-o", list]));
        let want = format!("lsns: empty name in column list: '{list}'\n");
        assert_eq!((out.code(), out.err()), (Some(1), want));
        assert!(out.stdout.is_empty(), "{}", out.out());
    }
}

/// What the C library's regcomp (REG_EXTENDED | REG_NOSUB, libsmartcols' flags) says
/// of `pattern`: `None` when it compiles, else regerror's text.
#[cfg(target_env = "gnu")]
fn regcomp_verdict(pattern: &str) -> Option<String> {
    let c = std::ffi::CString::new(pattern).expect("no NUL");
    let mut re = std::mem::MaybeUninit::<libc::regex_t>::zeroed();
    // SAFETY: storage for one regex_t and a C string, both alive for the calls;
    // a compiled expression is freed once.
    unsafe {
        let rc = libc::regcomp(re.as_mut_ptr(), c.as_ptr(), libc::REG_EXTENDED | libc::REG_NOSUB);
        if rc == 0 {
            libc::regfree(re.as_mut_ptr());
            return None;
        }
        let mut buf = [0u8; 256];
        libc::regerror(rc, re.as_ptr(), buf.as_mut_ptr().cast(), buf.len());
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        Some(String::from_utf8_lossy(&buf[..end]).into_owned())
    }
}

/// `=~` patterns are glibc's POSIX extended regular expressions (libsmartcols
/// compiles them with regcomp). 2.38.1 has no -Q, so the oracle is glibc's regcomp,
/// called here with libsmartcols' flags, and master's message for a refusal is
/// `failed to parse "EXPR": ` and regerror's text. The issue's cases are also
/// written out: `1)` is a literal, `a{` and `x{2,1}` are refused; `a**` and `(a*)*`
/// compile in glibc (its POSIX syntax forbids stacked repetition only in basic
/// expressions), so a master built on glibc accepts them too.
#[cfg(target_env = "gnu")]
#[test]
fn filter_patterns_are_the_c_librarys() {
    let explicit = [
        ("1)", None),
        ("a{", Some("Unmatched \\{")),
        ("x{2,1}", Some("Invalid content of \\{\\}")),
        ("a**", None),
        ("(a*)*", None),
    ];
    for (pattern, verdict) in explicit {
        assert_eq!(regcomp_verdict(pattern).as_deref(), verdict, "glibc on {pattern}");
    }
    let more = [
        "*a",
        "a+*",
        "a{1",
        "a{,2}",
        "{1}",
        "a{99999}",
        "(",
        ")",
        "()",
        "a||b",
        "|a",
        "[a",
        "[]a]",
        "[z-a]",
        "[[:nope:]]",
        "[[:alpha:]]+",
        "[[=a=]]",
        "[[.hyphen.]]",
        "a\\",
        "\\(",
        "^*",
        "a{1}{2}",
        "a*?",
        "x|*",
        "(|a)",
        "\\1",
        "(a)\\1",
        "[[:alpha:]-z]",
        "a{256}",
        "a{32767}",
        "a{32768}",
    ];
    for pattern in explicit.iter().map(|(p, _)| *p).chain(more) {
        let expr = format!("NS == 0 && COMMAND =~ \"{pattern}\"");
        let out = run(&mut cmd(ours(), ["-n", "-Q", &expr]));
        let want = match regcomp_verdict(pattern) {
            None => (Some(0), String::new()),
            Some(why) => (Some(1), format!("lsns: failed to parse \"{expr}\": {why}\n")),
        };
        assert_eq!((out.code(), out.err()), want, "pattern {pattern}");
        assert!(out.stdout.is_empty(), "{}", out.out());
    }
}

/// Matching is regexec's in the user's locale (util-linux runs after
/// setlocale(LC_ALL, "")): in C.UTF-8 `.` takes a whole character and `[[:alpha:]]`
/// knows é; in C they are bytes.
#[test]
fn filter_patterns_match_in_the_users_locale() {
    if !nstest::need_namespaces() {
        return;
    }
    let out = sandbox(
        r#"
unshare -u bash -c 'exec -a "x 1) y" sleep 100' &
unshare -u bash -c 'exec -a "xéy" sleep 100' &
sleep 0.3
q() { LC_ALL=$1 $OURS -n -r -l -t uts -o COMMAND -Q "COMMAND !~ \"^bash\" && ($2)" | tr '\n' ' '; }
echo "paren:$(q C 'COMMAND =~ "1)"')"
echo "utf8-dot:$(q C.UTF-8 'COMMAND =~ "^x.y 100$"')"
echo "c-dot:$(q C 'COMMAND =~ "^x.y 100$"')"
echo "utf8-alpha:$(q C.UTF-8 'COMMAND =~ "^x[[:alpha:]]y"')"
echo "c-bytes:$(q C 'COMMAND =~ "^x..y"')"
echo "not:$(q C 'COMMAND !~ "^x "')"
"#,
    );
    let l = lines(&out);
    assert!(l.contains(&"paren:x\\x201)\\x20y\\x20100 "), "{out}");
    assert!(l.contains(&"utf8-dot:x\\xc3\\xa9y\\x20100 "), "{out}");
    assert!(l.contains(&"c-dot:"), "{out}");
    assert!(l.contains(&"utf8-alpha:x\\xc3\\xa9y\\x20100 "), "{out}");
    assert!(l.contains(&"c-bytes:x\\xc3\\xa9y\\x20100 "), "{out}");
    assert!(l.contains(&"not:x\\xc3\\xa9y\\x20100 "), "{out}");
}
