//! Hygiene of every tool that runs a program, on every path through it: the program
//! gets exactly the caller's descriptors (fds), exit statuses and fatal signals pass
//! through and no helper process is left behind (signals), nothing stays mounted in
//! the caller's namespace after success or failure half way (mounts), and a closed or
//! full stdout ends the tool the way it ends the reference (pipes).

mod hygiene {
    pub mod fds;
    pub mod mounts;
    pub mod pipes;
    pub mod signals;
}

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `sleep` to point nsenter at, killed when dropped.
pub struct Sleeper {
    child: Child,
    /// The sleep itself: the child, or the child's descendant when the system
    /// unshare made namespaces for it.
    pub pid: i32,
}

impl Sleeper {
    /// `sleep 600` in our own namespaces.
    pub fn plain() -> Sleeper {
        let child = Command::new("sleep")
            .arg("600")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sleep");
        let pid = child.id() as i32;
        Sleeper { child, pid }
    }

    /// `sleep 600` inside namespaces the system unshare makes with `args`.
    pub fn in_namespaces(args: &[&str]) -> Sleeper {
        let child = Command::new("/usr/bin/unshare")
            .args(args)
            .args(["sleep", "600"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start unshare sleep");
        let root = child.id() as i32;
        // until the sleep is found, the guard kills the unshare
        let mut s = Sleeper { child, pid: root };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(pid) = named(root, "sleep") {
                s.pid = pid;
                return s;
            }
            assert!(Instant::now() < deadline, "no sleep under unshare {args:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn pid_arg(&self) -> String {
        self.pid.to_string()
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        // SAFETY: kill has no memory preconditions; the pid is our sleep.
        unsafe { libc::kill(self.pid, libc::SIGKILL) };
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The children of `pid` (all its threads).
pub fn children(pid: i32) -> Vec<i32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    let mut out = Vec::new();
    for t in tasks.flatten() {
        let text = std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
        out.extend(text.split_whitespace().filter_map(|p| p.parse::<i32>().ok()));
    }
    out
}

pub fn comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim_end().to_string()
}

/// `root` or its first descendant whose command is `name`.
fn named(root: i32, name: &str) -> Option<i32> {
    let mut todo = vec![root];
    while let Some(p) = todo.pop() {
        if comm(p) == name {
            return Some(p);
        }
        todo.extend(children(p));
    }
    None
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

/// A fresh scratch directory, removed by the caller's [`Scratch`] drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "nsutils-hygiene-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    /// An empty file in the directory (a bind target), as a string.
    pub fn file(&self, name: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, b"").expect("scratch file");
        p.display().to_string()
    }

    pub fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
