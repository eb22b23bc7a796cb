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

use common::Result;

use crate::hints;

/// A pipe whose reader blocks until the writer says go (or goes away).
pub struct Gate {
    read: OwnedFd,
    write: OwnedFd,
}

impl Gate {
    pub fn new() -> Result<Gate> {
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
    fn spawn(work: impl FnOnce() -> u8) -> Result<Helper> {
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
    pub fn release(mut self) -> Result<()> {
        if let Some(go) = self.go.take() {
            go.open();
        }
        match process::wait(self.pid, None)? {
            WaitStatus::Exited(_, 0) => Ok(()),
            WaitStatus::Exited(_, code) => Err(Error::reported(code as u8)),
            WaitStatus::Signaled(_, sig, _) => {
                Err(Error::msg(msg!("helper process killed by %s", sig.as_str())))
            }
            _ => Err(Error::msg("child exit failed")),
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
    common::procfs::self_pid().unwrap_or_else(|| getpid().as_raw())
}

pub fn fork_failure(e: Error) -> Error {
    let hint = e.errno().and_then(hints::fork_failed);
    e.with_hint_opt(hint)
}

/// The helper that binds our namespace files onto `targets` (see
/// [`common::mount::bind_ns_files`]).
pub fn persist(targets: Vec<(NsKind, OsString)>, forked: bool) -> Result<Helper> {
    let ppid = proc_pid();
    Helper::spawn(move || bind(ppid, &targets, forked).map_or_else(|e| cli::fail_status(&e, 1), |()| 0))
}

/// Binds `pid`'s namespaces onto the targets; on failure nothing stays mounted.
pub fn bind(pid: i32, targets: &[(NsKind, OsString)], forked: bool) -> Result<()> {
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
            Err(e.error.with_hint_opt(hint))
        }
    }
}

/// The helper that writes our uid and gid maps from outside the new user namespace:
/// directly as root, through newuidmap/newgidmap otherwise.
pub fn idmap(uid: Vec<IdRange>, gid: Vec<IdRange>) -> Result<Helper> {
    let ppid = proc_pid();
    Helper::spawn(move || write_maps(ppid, &uid, &gid))
}

fn write_maps(pid: i32, uid: &[IdRange], gid: &[IdRange]) -> u8 {
    let maps = [(IdKind::Uid, uid), (IdKind::Gid, gid)];
    let maps = maps.into_iter().filter(|(_, r)| !r.is_empty());
    let as_root = nix::unistd::geteuid().is_root();
    for (kind, ranges) in maps {
        let status = if as_root {
            idmap::write_map(Some(pid), kind, ranges).map_or_else(|e| cli::fail_status(&e, 1), |()| 0)
        } else {
            run_helper(kind, pid, ranges)
        };
        if status != 0 {
            return status;
        }
    }
    0
}

/// Runs newuidmap/newgidmap and returns its exit status. Its stderr comes back
/// through a pipe and each line is passed on after `unshare: `, so the first line of
/// a failure we could not foresee (no passwd entry, no setuid bit) still names us. An
/// exec failure is ours: `failed to execute newuidmap: ...`, 127 or 126.
fn run_helper(kind: IdKind, pid: i32, ranges: &[IdRange]) -> u8 {
    match spawn_helper(kind, pid, ranges) {
        Ok(status) => status,
        Err(e) => cli::fail_status(&e, 1),
    }
}

fn spawn_helper(kind: IdKind, pid: i32, ranges: &[IdRange]) -> Result<u8> {
    let pipe = || nix::unistd::pipe2(OFlag::O_CLOEXEC).map_err(|e| Error::sys("pipe failed", e));
    let (err_read, err_write) = pipe()?;
    // closed by a successful exec; carries the errno of a failed one
    let (exec_read, exec_write) = pipe()?;
    let mut exec = idmap::helper_exec(kind, pid, ranges);
    let Some(child) = process::fork().map_err(fork_failure)? else {
        drop((err_read, exec_read));
        let errno = match nix::unistd::dup2_stderr(&err_write) {
            Ok(()) => exec.run(),
            Err(e) => e,
        };
        let _ = nix::unistd::write(&exec_write, &(errno as i32).to_ne_bytes());
        // SAFETY: leaving the forked copy without running the parent's exit code.
        unsafe { libc::_exit(i32::from(exec_failure_status(errno))) }
    };
    drop((err_write, exec_write));
    let exec_errno = read_all(&exec_read).and_then(|b| <[u8; 4]>::try_from(b.as_slice()).ok());
    let said = read_all(&err_read).unwrap_or_default();
    let status = process::wait(child, None)?;
    if let Some(raw) = exec_errno {
        let errno = nix::errno::Errno::from_raw(i32::from_ne_bytes(raw));
        cli::report(&Error::sys(msg!("failed to execute %s", kind.helper()), errno));
        return Ok(exec_failure_status(errno));
    }
    for line in said.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        cli::report(&Error::msg(common::Message::verbatim("%s").arg(line)));
    }
    Ok(match status {
        WaitStatus::Exited(_, code) => code as u8,
        _ => 1,
    })
}

/// Everything up to end of file (None on a read error).
fn read_all(fd: &OwnedFd) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match nix::unistd::read(fd, &mut buf) {
            Ok(0) => return Some(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(nix::errno::Errno::EINTR) => continue,
            Err(_) => return None,
        }
    }
}
