//! Signals with --fork: the waiting parent blocks SIGINT and SIGTERM (they stay
//! pending), --forward-signals passes them on, --kill-child ties the child's life to
//! ours, and our own death mirrors the child's.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// Our unshare running in the background; killed (by pid) if a test fails early.
struct Running {
    child: Child,
    out: BufReader<ChildStdout>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        Running::start_with(&ours(), args)
    }

    fn start_with(unshare: &std::path::Path, args: &[&str]) -> Running {
        Running::spawn(cmd(unshare, args))
    }

    /// Started as a background job of a non-interactive shell starts: SIGINT and
    /// SIGTERM ignored.
    fn start_ignoring(unshare: &std::path::Path, args: &[&str]) -> Running {
        use std::os::unix::process::CommandExt;
        let mut c = cmd(unshare, args);
        // SAFETY: only signal(2), which is async-signal-safe, between fork and exec.
        unsafe {
            c.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_IGN);
                libc::signal(libc::SIGTERM, libc::SIG_IGN);
                Ok(())
            });
        }
        Running::spawn(c)
    }

    fn spawn(mut c: std::process::Command) -> Running {
        let mut child = c
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start unshare");
        let out = BufReader::new(child.stdout.take().expect("stdout"));
        Running { child, out }
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    fn line(&mut self) -> String {
        let mut s = String::new();
        self.out.read_line(&mut s).expect("read a line from the program");
        s.trim().to_string()
    }

    fn signal(&self, sig: i32) {
        // SAFETY: signalling a child we started and have not reaped.
        assert_eq!(unsafe { libc::kill(self.pid(), sig) }, 0);
    }

    /// The shell's view of how unshare ended.
    fn wait(&mut self) -> i32 {
        use std::os::unix::process::ExitStatusExt;
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                return st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0));
            }
            assert!(start.elapsed() < nstest::TIMEOUT, "unshare did not end");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

fn alive(pid: i32) -> bool {
    state(pid).is_some_and(|s| s != 'Z' && s != 'X')
}

/// Waits until `pid` is dead (gone or a zombie of someone else's).
fn dies(pid: i32) -> bool {
    let start = Instant::now();
    while start.elapsed() < nstest::TIMEOUT {
        if !alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn kill(pid: i32, sig: i32) {
    // SAFETY: pid is a process this test started.
    unsafe {
        libc::kill(pid, sig);
    }
}

fn pending(pid: i32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let line = status.lines().find(|l| l.starts_with("ShdPnd:")).expect("ShdPnd");
    u64::from_str_radix(line.rsplit('\t').next().expect("mask"), 16).expect("hex")
}

const TERM_BIT: u64 = 1 << (libc::SIGTERM - 1);

#[test]
fn term_waits_pending_and_the_child_decides() {
    let mut u = Running::start(&["-f", "sh", "-c", "echo $$; exec sleep 30"]);
    let child: i32 = u.line().parse().expect("child pid");
    u.signal(libc::SIGTERM);
    u.signal(libc::SIGINT);
    let start = Instant::now();
    while pending(u.pid()) & TERM_BIT == 0 {
        assert!(start.elapsed() < nstest::TIMEOUT);
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(alive(u.pid()) && alive(child));
    // the child's death by SIGTERM becomes ours
    kill(child, libc::SIGTERM);
    assert_eq!(u.wait(), 143);
}

#[test]
fn forward_signals_reach_the_child() {
    for (extra, sig, code) in [
        (&[][..], libc::SIGTERM, 15),
        (&["--kill-child"][..], libc::SIGTERM, 15),
        (&[][..], libc::SIGINT, 2),
        // util-linux's own test: the child is PID 1 of a new PID namespace
        (&["--user", "--map-root-user", "--pid", "--mount-proc", "--fork"][..], libc::SIGTERM, 15),
    ] {
        let mut args = vec!["--forward-signals"];
        args.extend_from_slice(extra);
        args.extend([
            "sh",
            "-c",
            "trap 'exit 15' TERM; trap 'exit 2' INT; echo ready; while :; do sleep 0.05; done",
        ]);
        let mut u = Running::start(&args);
        assert_eq!(u.line(), "ready");
        u.signal(sig);
        assert_eq!(u.wait(), code, "{args:?}");
    }
}

/// Kills (by pid) a program whose unshare a test may leave behind on failure.
struct Reaps(i32);

impl Drop for Reaps {
    fn drop(&mut self) {
        if alive(self.0) {
            kill(self.0, libc::SIGKILL);
        }
    }
}

fn ignored(pid: i32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let line = status.lines().find(|l| l.starts_with("SigIgn:")).expect("SigIgn");
    u64::from_str_radix(line.rsplit('\t').next().expect("mask"), 16).expect("hex")
}

const INT_TERM_BITS: u64 = 1 << (libc::SIGINT - 1) | TERM_BIT;

/// A caller that ignores SIGINT and SIGTERM (a background job): as in util-linux
/// master, --forward-signals starts the program with both at their defaults (its
/// handlers replaced the ignored dispositions before the fork), so the forwarded
/// signal reaches the program's trap; without forwarding the program keeps the
/// caller's dispositions, as the reference's blocking does.
#[test]
fn forward_signals_reach_a_trap_when_the_caller_ignores_them() {
    if !need_root("a new UTS namespace") {
        return;
    }
    let script = "trap 'echo got; exit 3' INT; trap 'echo got term; exit 4' TERM; echo $$; \
                  while :; do sleep 0.05; done";
    for (sig, said, code) in [(libc::SIGINT, "got", 3), (libc::SIGTERM, "got term", 4)] {
        let mut u = Running::start_ignoring(&ours(), &["--forward-signals", "-u", "sh", "-c", script]);
        let child: i32 = u.line().parse().expect("child pid");
        let _reaps = Reaps(child);
        assert_eq!(ignored(child) & INT_TERM_BITS, 0, "the program ignores INT or TERM");
        u.signal(sig);
        assert_eq!(u.wait(), code, "signal {sig}");
        assert_eq!(u.line(), said);
    }
    // the default --fork path leaves the caller's ignored dispositions alone
    for unshare in [ours(), std::path::PathBuf::from(REFERENCE)] {
        if unshare.as_path() == std::path::Path::new(REFERENCE) && !have_reference() {
            continue;
        }
        let mut u = Running::start_ignoring(&unshare, &["-f", "-u", "sh", "-c", "echo $$; exec sleep 30"]);
        let child: i32 = u.line().parse().expect("child pid");
        let _reaps = Reaps(child);
        assert_eq!(ignored(child) & INT_TERM_BITS, INT_TERM_BITS, "{}", unshare.display());
        kill(child, libc::SIGKILL);
        // (2.38.1 exits 1 after a SIGKILLed child, a bug fixed in 2.40)
        let status = u.wait();
        assert!(status == 137 || unshare.as_os_str() == REFERENCE, "{status}");
    }
}

#[test]
fn kill_child_takes_the_child_along() {
    for (arg, sig_name) in
        [("--kill-child", "KILL"), ("--kill-child=SIGKILL", "KILL"), ("--kill-child=term", "TERM")]
    {
        let mut u = Running::start(&["-f", arg, "sh", "-c", "echo $$; exec sleep 30"]);
        let child: i32 = u.line().parse().expect("child pid");
        assert!(alive(child));
        u.signal(libc::SIGKILL);
        assert_eq!(u.wait(), 137);
        assert!(dies(child), "{arg}: the child outlived unshare (SIG{sig_name} expected)");
    }
    // a trapped signal shows which one arrived
    let d = TempDir::new("kc");
    let f = d.join("got");
    let script =
        format!("trap 'echo USR1 > {}; exit 0' USR1; echo $$; while :; do sleep 0.05; done", f.display());
    let mut u = Running::start(&["--kill-child=usr1", "sh", "-c", &script]);
    let child: i32 = u.line().parse().expect("child pid");
    u.signal(libc::SIGKILL);
    assert_eq!(u.wait(), 137);
    assert!(dies(child));
    assert_eq!(std::fs::read_to_string(&f).expect("trap ran"), "USR1\n");
}

/// The signal a real-time `--kill-child` name delivers is the reference's number
/// (glibc's RTMIN is 34, also in a static musl build of ours).
#[test]
fn kill_child_real_time_names_deliver_the_references_signal() {
    if !have_reference() {
        return;
    }
    let got = |unshare: &std::path::Path, arg: &str| {
        let d = TempDir::new("kcrt");
        let f = d.join("got");
        let script = format!(
            "for s in $(seq 32 64); do trap \"echo $s > {}; exit 0\" $s 2>/dev/null; done; echo $$; \
             while :; do sleep 0.05; done",
            f.display()
        );
        let mut u = Running::start_with(unshare, &[arg, "sh", "-c", &script]);
        let child: i32 = u.line().parse().expect("child pid");
        u.signal(libc::SIGKILL);
        assert_eq!(u.wait(), 137);
        assert!(dies(child), "{arg}: the child outlived unshare");
        std::fs::read_to_string(&f).unwrap_or_default()
    };
    for arg in
        ["--kill-child=RTMIN+1", "--kill-child=sigrtmax-30", "--kill-child=RT2", "--kill-child=RTMIN+3x"]
    {
        let theirs = got(std::path::Path::new(REFERENCE), arg);
        assert!(!theirs.is_empty(), "{arg}: the reference's child trapped nothing");
        assert_eq!(got(&ours(), arg), theirs, "{arg}");
    }
}

#[test]
fn without_kill_child_the_child_stays() {
    let mut u = Running::start(&["-f", "sh", "-c", "echo $$; exec sleep 30"]);
    let child: i32 = u.line().parse().expect("child pid");
    u.signal(libc::SIGKILL);
    assert_eq!(u.wait(), 137);
    assert!(alive(child));
    kill(child, libc::SIGKILL);
    assert!(dies(child));
}

#[test]
fn kill_child_tears_down_a_pid_namespace() {
    if !need_namespaces() {
        return;
    }
    // the grandchild prints its host pid through /proc of the parent namespace
    let mut u =
        Running::start(&["-fp", "--kill-child", "sh", "-c", "sleep 30 & sleep 30 & echo ready; wait"]);
    assert_eq!(u.line(), "ready");
    let ns = std::fs::read_link(format!("/proc/{}/ns/pid_for_children", u.pid())).expect("ns link");
    let members = || -> Vec<i32> {
        std::fs::read_dir("/proc")
            .expect("proc")
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .filter(|p: &i32| {
                std::fs::read_link(format!("/proc/{p}/ns/pid")).ok().as_ref() == Some(&ns) && alive(*p)
            })
            .collect()
    };
    let inside = members();
    assert_eq!(inside.len(), 3, "sh and two sleeps");
    u.signal(libc::SIGKILL);
    assert_eq!(u.wait(), 137);
    for p in inside {
        assert!(dies(p), "{p} survived");
    }
}
