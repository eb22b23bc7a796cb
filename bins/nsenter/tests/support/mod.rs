//! What the nsenter integration tests share: targets started by the tests in fresh
//! namespaces (killed by PID when dropped), and running ours and the reference.

#![allow(dead_code)] // each test binary uses a different part

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[allow(unused_imports)] // each test binary uses a different part
pub use nstest::{as_nobody, cmd, ours, reference, run, Output};

/// Our nsenter, named `nsenter` in its messages as the reference is.
pub fn ours_cmd<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(ours("nsenter"));
    c.arg0("nsenter").args(args);
    c
}

pub fn nsenter<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    run(&mut ours_cmd(args))
}

/// util-linux's nsenter, named `nsenter` in its messages.
pub fn theirs_cmd<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(reference("nsenter").expect("util-linux nsenter installed"));
    c.arg0("nsenter").args(args);
    c
}

pub fn theirs<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    run(&mut theirs_cmd(args))
}

/// Runs ours and the reference and asserts the same status, stdout and stderr.
pub fn same<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> Output {
    let a = nsenter(args);
    let b = theirs(args);
    assert_eq!(
        (a.shell_status(), a.out(), a.err()),
        (b.shell_status(), b.out(), b.err()),
        "ours vs util-linux for nsenter {args:?}"
    );
    // byte for byte: a lossy string hides U+FFFD printed for a byte that is not UTF-8
    assert_eq!((&a.stdout, &a.stderr), (&b.stdout, &b.stderr), "bytes of nsenter {args:?}");
    a
}

/// A process that sits in namespaces a test made for it, killed when dropped.
pub struct Target {
    pub pid: i32,
    child: Child,
}

impl Target {
    /// `/usr/bin/unshare ARGS -- sh -c 'SCRIPT; exec sleep 30'`.
    pub fn unshare(args: &[&str], script: &str) -> Target {
        let mut c = Command::new("/usr/bin/unshare");
        c.args(args).args(["--", "sh", "-c", &format!("{script}\nexec sleep 30")]);
        Target::spawn(c)
    }

    /// The same, started as uid/gid 65534.
    pub fn unshare_as_nobody(args: &[&str], script: &str) -> Target {
        let mut all = args.to_vec();
        let s = format!("{script}\nexec sleep 30");
        all.extend(["--", "sh", "-c", &s]);
        Target::spawn(as_nobody("/usr/bin/unshare", all))
    }

    /// Starts `c` and waits (at most 10 s) until a `sleep` among it and its
    /// descendants runs: that process is the target.
    pub fn spawn(mut c: Command) -> Target {
        let child = c.stdin(Stdio::null()).stdout(Stdio::null()).spawn().expect("start target");
        let root = child.id() as i32;
        let mut t = Target { pid: 0, child };
        let start = Instant::now();
        while t.pid == 0 {
            t.pid = find_sleep(root).unwrap_or(0);
            if let Ok(Some(st)) = t.child.try_wait() {
                panic!("target {c:?} exited: {st:?}");
            }
            assert!(start.elapsed() < Duration::from_secs(10), "target of {c:?} did not start");
            std::thread::sleep(Duration::from_millis(5));
        }
        t
    }

    /// readlink /proc/PID/ns/NAME.
    pub fn ns(&self, name: &str) -> String {
        ns_link(&format!("/proc/{}/ns/{name}", self.pid))
    }

    pub fn path(&self, what: &str) -> PathBuf {
        PathBuf::from(format!("/proc/{}/{what}", self.pid))
    }

    pub fn pid_s(&self) -> String {
        self.pid.to_string()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if self.pid > 0 {
            // SAFETY: kill(2) of a process this test started (never 0 or -1).
            unsafe {
                libc::kill(self.pid, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let start = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

pub fn ns_link(path: &str) -> String {
    std::fs::read_link(path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|e| panic!("readlink {path}: {e}"))
}

pub fn comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim_end().to_string()
}

pub fn children(pid: i32) -> Vec<i32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect()
}

fn find_sleep(pid: i32) -> Option<i32> {
    if comm(pid) == "sleep" {
        return Some(pid);
    }
    children(pid).into_iter().find_map(find_sleep)
}

/// Polls `f` every 5 ms for at most 10 s.
pub fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[allow(unused_imports)]
pub use nstest::TempDir;

/// The lines of /proc/PID/status starting with `key:`, values only.
pub fn status_field(status: &str, key: &str) -> String {
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
