//! Processes a test starts and looks at through /proc: a `sleep` to point a tool at
//! (killed by PID when dropped), its descendants, and waiting with a timeout.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a test waits for a process to start, appear or go.
const PATIENCE: Duration = Duration::from_secs(10);

/// A `sleep` the test started, maybe in namespaces made for it, killed when dropped.
pub struct Sleeper {
    /// The sleep itself: the child, or the child's descendant when the system
    /// unshare made namespaces for it.
    pub pid: i32,
    child: Child,
}

impl Sleeper {
    /// `sleep 600` in our own namespaces.
    pub fn plain() -> Sleeper {
        Sleeper::spawn(crate::cmd("sleep", ["600"]))
    }

    /// `sleep 600` inside namespaces the system unshare makes with `args` (which may
    /// end with more of a command line to run `sleep 600` with).
    pub fn in_namespaces(args: &[&str]) -> Sleeper {
        Sleeper::spawn(crate::cmd("/usr/bin/unshare", args.iter().chain(&["sleep", "600"])))
    }

    /// `/usr/bin/unshare ARGS -- sh -c 'SCRIPT; exec sleep 600'`.
    pub fn unshare(args: &[&str], script: &str) -> Sleeper {
        let mut c = crate::cmd("/usr/bin/unshare", args);
        c.args(["--", "sh", "-c", &format!("{script}\nexec sleep 600")]);
        Sleeper::spawn(c)
    }

    /// The same, started as uid/gid 65534.
    pub fn unshare_as_nobody(args: &[&str], script: &str) -> Sleeper {
        let s = format!("{script}\nexec sleep 600");
        let all = args.iter().copied().chain(["--", "sh", "-c", &s]);
        Sleeper::spawn(crate::as_nobody("/usr/bin/unshare", all))
    }

    /// Starts `c` and waits (at most 10 s) until a `sleep` among it and its
    /// descendants runs: that process is the sleeper.
    pub fn spawn(mut c: Command) -> Sleeper {
        let child = c
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {c:?}: {e}"));
        let root = child.id() as i32;
        // until the sleep is found, the guard kills what was started
        let mut s = Sleeper { pid: 0, child };
        let start = Instant::now();
        loop {
            if let Some(pid) = descendant_named(root, "sleep") {
                s.pid = pid;
                return s;
            }
            if let Ok(Some(st)) = s.child.try_wait() {
                panic!("{c:?} exited before its sleep ran: {st:?}");
            }
            assert!(start.elapsed() < PATIENCE, "no sleep under {c:?}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The pid as a command-line argument.
    pub fn pid_arg(&self) -> String {
        self.pid.to_string()
    }

    /// readlink /proc/PID/ns/NAME.
    pub fn ns(&self, name: &str) -> String {
        ns_link(&format!("/proc/{}/ns/{name}", self.pid))
    }

    /// /proc/PID/WHAT.
    pub fn path(&self, what: &str) -> PathBuf {
        PathBuf::from(format!("/proc/{}/{what}", self.pid))
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        if self.pid > 0 {
            // SAFETY: kill(2) has no memory preconditions; the pid is the sleep this
            // test started (never 0 or -1).
            unsafe { libc::kill(self.pid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let start = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() && start.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// readlink of a namespace link, e.g. `net:[4026531840]`.
pub fn ns_link(path: &str) -> String {
    std::fs::read_link(path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|e| panic!("readlink {path}: {e}"))
}

/// /proc/PID/comm without its newline ("" once the process is gone).
pub fn comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim_end().to_string()
}

/// The children of `pid` (of all its threads).
pub fn children(pid: i32) -> Vec<i32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    let mut out = Vec::new();
    for t in tasks.flatten() {
        let text = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
        out.extend(text.split_whitespace().filter_map(|p| p.parse::<i32>().ok()));
    }
    out
}

/// `root` or its first descendant whose command is `name`.
pub fn descendant_named(root: i32, name: &str) -> Option<i32> {
    let mut todo = vec![root];
    while let Some(p) = todo.pop() {
        if comm(p) == name {
            return Some(p);
        }
        todo.extend(children(p));
    }
    None
}

/// Polls `f` every 5 ms for at most 10 s, failing the test on timeout.
pub fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits until `pid` is gone (or a zombie nobody will reap soon); false on timeout.
pub fn gone_within(pid: i32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().and_then(|s| {
            let close = s.rfind(')')?;
            s[close + 1..].split_whitespace().next().map(str::to_string)
        });
        if state.is_none() || state.as_deref() == Some("Z") {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The value of `key:` in a /proc/PID/status text, its fields joined by one space.
pub fn status_field(status: &str, key: &str) -> String {
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
