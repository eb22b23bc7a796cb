//! Processes forked before unshare(2) that wait to be released, then act in the
//! original namespaces on our behalf: binding namespace files (after unsharing the
//! mount namespace we could no longer mount there, after unsharing the user namespace
//! we would lack the capability) and writing id maps from outside the new user
//! namespace. A helper that is never released (we failed first) exits quietly.

use std::ffi::OsString;
use std::os::fd::OwnedFd;

use common::idmap::{self, IdKind, IdRange};
use common::msg;
use common::process::{self, exec_failure_status};
use common::{cli, Error, NsKind};
use nix::fcntl::OFlag;
use nix::sys::wait::WaitStatus;
use nix::unistd::{getpid, Pid};

use crate::{hints, Failure, Res};

/// A pipe whose reader blocks until the writer says go (or goes away).
pub struct Gate {
    read: OwnedFd,
    write: OwnedFd,
}

impl Gate {
    pub fn new() -> Res<Gate> {
        let (read, write) = nix::unistd::pipe2(OFlag::O_CLOEXEC).map_err(|e| Error::sys("pipe failed", e))?;
        Ok(Gate { read, write })
    }

    /// The waiting side: true once released, false if the other side closed first.
    pub fn wait(self) -> bool {
        drop(self.write);
        let mut b = [0u8; 1];
        loop {
            match nix::unistd::read(&self.read, &mut b) {
                Err(nix::errno::Errno::EINTR) => continue,
                Ok(1) => return true,
                _ => return false,
            }
        }
    }

    /// The releasing side, kept until [`Opener::open`] (or dropped to abort).
    pub fn opener(self) -> Opener {
        drop(self.read);
        Opener(self.write)
    }
}

pub struct Opener(OwnedFd);

impl Opener {
    pub fn open(self) {
        let _ = nix::unistd::write(&self.0, b"g");
    }
}

/// A forked helper waiting for its release. Dropped unreleased, it is told to go
/// away and reaped.
pub struct Helper {
    pid: Pid,
    go: Option<Opener>,
}

impl Helper {
    /// Forks a helper that runs `work` once released and exits with its status.
    fn spawn(work: impl FnOnce() -> u8) -> Res<Helper> {
        let gate = Gate::new()?;
        match process::fork().map_err(fork_failure)? {
            None => {
                let code = if gate.wait() { work() } else { 1 };
                // SAFETY: leaving the forked copy without running the parent's exit code.
                unsafe { libc::_exit(i32::from(code)) }
            }
            Some(pid) => Ok(Helper { pid, go: Some(gate.opener()) }),
        }
    }

    /// Releases the helper and waits for it; its failure status becomes ours.
    pub fn release(mut self) -> Res<()> {
        if let Some(go) = self.go.take() {
            go.open();
        }
        match process::wait(self.pid, None)? {
            WaitStatus::Exited(_, 0) => Ok(()),
            WaitStatus::Exited(_, code) => Err(Failure::Silent(code as u8)),
            WaitStatus::Signaled(_, sig, _) => {
                Err(Error::msg(msg!("helper process killed by %s", sig.as_str())).into())
            }
            _ => Err(Error::msg("child exit failed").into()),
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        if let Some(go) = self.go.take() {
            drop(go);
            // not our child in a process forked after the helper: ECHILD, no wait
            let _ = process::wait(self.pid, None);
        }
    }
}

/// Our pid as the mounted /proc numbers it. Inside a PID namespace whose /proc was not
/// remounted, getpid(2) names another process there (possibly the host's init).
pub fn proc_pid() -> i32 {
    std::fs::read_link("/proc/self")
        .ok()
        .and_then(|p| p.to_str()?.parse().ok())
        .unwrap_or_else(|| getpid().as_raw())
}

pub fn fork_failure(e: Error) -> Failure {
    let hint = e.errno().and_then(hints::fork_failed);
    Failure::Report(e, hint)
}

/// The helper that binds our namespace files onto `targets` (see
/// [`common::mount::bind_ns_files`]).
pub fn persist(targets: Vec<(NsKind, OsString)>, forked: bool) -> Res<Helper> {
    let ppid = proc_pid();
    Helper::spawn(move || bind(ppid, &targets, forked).map_or_else(|f| f.report(), |()| 0))
}

/// Binds `pid`'s namespaces onto the targets; on failure nothing stays mounted.
pub fn bind(pid: i32, targets: &[(NsKind, OsString)], forked: bool) -> Res<()> {
    match common::mount::bind_ns_files(pid, targets) {
        Ok(bound) => {
            bound.keep();
            Ok(())
        }
        Err(e) => {
            let hint = e
                .error
                .errno()
                .and_then(|errno| hints::bind_failed(e.kind, pid, e.target.as_os_str(), errno, forked));
            Err(Failure::from(e.error).with_hint(hint))
        }
    }
}

/// The helper that writes our uid and gid maps from outside the new user namespace:
/// directly as root, through newuidmap/newgidmap otherwise.
pub fn idmap(uid: Vec<IdRange>, gid: Vec<IdRange>) -> Res<Helper> {
    let ppid = proc_pid();
    Helper::spawn(move || write_maps(ppid, &uid, &gid))
}

fn write_maps(pid: i32, uid: &[IdRange], gid: &[IdRange]) -> u8 {
    let maps = [(IdKind::Uid, uid), (IdKind::Gid, gid)];
    let maps: Vec<_> = maps.into_iter().filter(|(_, r)| !r.is_empty()).collect();
    if nix::unistd::geteuid().is_root() {
        for (kind, ranges) in maps {
            if let Err(e) = idmap::write_map(Some(pid), kind, ranges) {
                return Failure::from(e).report();
            }
        }
        return 0;
    }
    // newuidmap and newgidmap each replace a process: the first runs in a child
    let last = maps.len().saturating_sub(1);
    for (i, (kind, ranges)) in maps.into_iter().enumerate() {
        if i == last {
            return run_helper(kind, pid, ranges);
        }
        match process::fork() {
            Err(e) => return fork_failure(e).report(),
            Ok(None) => {
                let code = run_helper(kind, pid, ranges);
                // SAFETY: leaving the forked copy without running the parent's exit code.
                unsafe { libc::_exit(i32::from(code)) }
            }
            Ok(Some(child)) => match process::wait(child, None) {
                Ok(WaitStatus::Exited(_, 0)) => {}
                Ok(WaitStatus::Exited(_, code)) => return code as u8,
                Ok(_) => return 1,
                Err(e) => return Failure::from(e).report(),
            },
        }
    }
    0
}

/// Execs newuidmap/newgidmap; returns the exec failure status after reporting it.
fn run_helper(kind: IdKind, pid: i32, ranges: &[IdRange]) -> u8 {
    let errno = idmap::exec_helper(kind, pid, ranges);
    cli::report(&Error::sys(msg!("failed to execute %s", kind.helper()), errno));
    exec_failure_status(errno)
}
