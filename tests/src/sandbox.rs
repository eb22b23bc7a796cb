//! One pair of private mount and UTS namespaces shared by many short runs: each run
//! joins them (through the `nstest-enter` helper) instead of creating a pair of its
//! own, which the kernel then tears down; and each run is spawned without a fork of
//! the test process. Both cost more than the run itself when thousands of command
//! lines are compared.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Output;

/// A `sleep` holding fresh mount (every mount private) and UTS namespaces; killed on
/// drop, which frees them with everything a run left in them.
pub struct Sandbox {
    holder: Child,
    enter: PathBuf,
    /// The working directory the runs keep (joining a mount namespace moves a
    /// process to its root).
    cwd: PathBuf,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let enter = crate::target_dir().join("nstest-enter");
        assert!(enter.exists(), "{} is missing: cargo test builds it with the tests", enter.display());
        let mut holder = Command::new("/usr/bin/unshare")
            .args(["--mount", "--uts", "--propagation", "private", "sleep", "600"])
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the sandbox's holder: {e}"));
        let pid = holder.id();
        let start = Instant::now();
        // unshare(1) execs the sleep once the namespaces are made and private
        while !std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|e| e.ends_with("sleep")) {
            if start.elapsed() > Duration::from_secs(10) || holder.try_wait().ok().flatten().is_some() {
                let _ = holder.kill();
                let _ = holder.wait();
                panic!("the sandbox's holder did not start");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let cwd = std::env::current_dir().expect("current directory");
        Sandbox { holder, enter, cwd }
    }

    /// `program` with argv\[0\] `argv0` (arguments and environment to be added), to
    /// run in the sandbox's namespaces as the leader of a new session.
    pub fn command(&self, program: &Path, argv0: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(&self.enter);
        cmd.arg(self.holder.id().to_string()).arg(&self.cwd).arg(argv0).arg(program);
        cmd
    }

    /// Runs a [`Sandbox::command`] (stdin from /dev/null, killed after
    /// [`crate::TIMEOUT`]). Returns its output and the processes of its session left
    /// behind, killed; the session is searched (all of /proc) only when the run's
    /// process group still has a member (one kill(2)), so a process left behind that
    /// also left the group goes unnoticed.
    pub fn run(&self, cmd: &mut Command) -> (Output, Vec<String>) {
        let child = crate::spawn_captured(cmd);
        let sid = child.id() as i32;
        let out = crate::collect(child, cmd, crate::TIMEOUT);
        // SAFETY: kill with signal 0 only checks whether the group has a process.
        let left = if unsafe { libc::kill(-sid, 0) } == 0 { crate::kill_session(sid) } else { Vec::new() };
        (out, left)
    }

    /// The sandbox's mount table and host and domain names, to show that the runs
    /// left them as they were.
    pub fn state(&self) -> String {
        let mut cat = self.command(Path::new("/bin/cat"), "cat");
        cat.args(["/proc/self/mountinfo", "/proc/sys/kernel/hostname", "/proc/sys/kernel/domainname"]);
        let (out, _) = self.run(&mut cat);
        assert!(out.status.success(), "cannot read the sandbox's state: {}", out.err());
        out.out()
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}
