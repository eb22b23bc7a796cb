//! The switch itself: setns in two passes, root and working directory, environment,
//! cgroup, and (in the process that will exec) the credentials.

use std::io::Write;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::path::Path;

use common::creds::{self, Step};
use common::error::Errno;
use common::msg;
use common::nsfile::{open_cloexec, setns_raw};
use common::{Error, NsKind};
use nix::fcntl::OFlag;

use crate::target::{Entry, Resolved};

/// Enters every namespace of `entries`. The first pass skips the user namespace and
/// ignores failures; the second enters what is left, user namespace first, and fails
/// on the first error. So a privileged caller leaves its user namespace last (it needs
/// its capabilities for the rest) and an unprivileged one gains its rights by entering
/// the user namespace first. Where the target's pidfd is usable, its namespaces are
/// entered in one atomic setns(pidfd, flags) call, which also reaches namespaces owned
/// by nested user namespaces; if that fails, the files are tried one by one so that an
/// error names its namespace.
pub fn enter_namespaces(
    entries: &[Entry],
    pidfd: Option<BorrowedFd<'_>>,
    user_requested: bool,
) -> Result<(), Error> {
    let mut done = vec![false; entries.len()];
    for with_user in [false, true] {
        let mut pidfd_tried = false;
        for i in 0..entries.len() {
            let e = &entries[i];
            if done[i] || (e.kind == NsKind::User && !with_user) {
                continue;
            }
            if let (true, false, Some(pidfd)) = (e.via_pidfd, pidfd_tried, pidfd) {
                pidfd_tried = true;
                let batch: Vec<usize> = (i..entries.len())
                    .filter(|&j| {
                        !done[j] && entries[j].via_pidfd && (with_user || entries[j].kind != NsKind::User)
                    })
                    .collect();
                let flags = NsKind::flags_of(batch.iter().map(|&j| entries[j].kind));
                if setns_raw(pidfd.as_raw_fd(), flags).is_ok() {
                    batch.iter().for_each(|&j| done[j] = true);
                    continue;
                }
            }
            match e.file.enter(Some(e.kind)) {
                Ok(()) => done[i] = true,
                Err(_) if !with_user => {}
                Err(errno) => return Err(reassociate_failed(e.kind, errno, user_requested)),
            }
        }
    }
    Ok(())
}

fn reassociate_failed(kind: NsKind, errno: Errno, user_requested: bool) -> Error {
    let err =
        Error::sys(msg!("reassociate to namespace '%s' failed", format!("ns/{}", kind.proc_name())), errno);
    let hint = match (errno, kind) {
        (Errno::EPERM, NsKind::User) => Some(
            "entering a user namespace needs CAP_SYS_ADMIN in it: be its owner (or root above it), \
             and it must not be your own"
                .to_string(),
        ),
        (Errno::EPERM, _) if !user_requested => Some(
            "entering needs CAP_SYS_ADMIN in the user namespace that owns the namespace; \
             for a rootless container add -U (and --preserve-credentials to keep your ids)"
                .to_string(),
        ),
        (Errno::EPERM, _) => Some(
            "entering needs CAP_SYS_ADMIN in the user namespace that owns the namespace; \
             it is not owned by the user namespace entered"
                .to_string(),
        ),
        _ => None,
    };
    err.with_hint_opt(hint)
}

/// `--root`, `--wd` and `--wdns`: chroot through the descriptor opened before the
/// switch, then change to the remembered, given or in-namespace working directory.
pub fn change_root_and_wd(r: &mut Resolved) -> Result<(), Error> {
    let mut wd = r.wd.take();
    if r.root.is_some() && wd.is_none() && r.wdns.is_none() {
        wd = Some(
            open_cloexec(Path::new("."), OFlag::O_RDONLY)
                .map_err(|e| reword(e, "cannot open current working directory"))?,
        );
    }
    if let Some(root) = r.root.take() {
        nix::unistd::fchdir(&root)
            .map_err(|e| Error::sys("change directory by root file descriptor failed", e))?;
        nix::unistd::chroot(".").map_err(|e| Error::sys("chroot failed", e))?;
        nix::unistd::chdir("/").map_err(|e| Error::sys("cannot change directory to /", e))?;
    }
    if let Some(path) = r.wdns.take() {
        wd = Some(
            open_cloexec(Path::new(&path), OFlag::O_RDONLY)
                .map_err(|e| reword(e, "cannot open current working directory"))?,
        );
    }
    if let Some(fd) = wd {
        nix::unistd::fchdir(&fd)
            .map_err(|e| Error::sys("change directory by working directory file descriptor failed", e))?;
    }
    Ok(())
}

fn reword(e: Error, msg: &'static str) -> Error {
    match e.errno() {
        Some(errno) => Error::sys(msg, errno),
        None => Error::msg(msg),
    }
}

/// `--env`: exactly the target's environment. For a name given twice the first
/// wins, as getenv(3) in the target sees it.
pub fn replace_environment(entries: &[Vec<u8>]) {
    // SAFETY: nsenter is single-threaded; nothing holds pointers into environ.
    unsafe {
        libc::clearenv();
    }
    for e in entries {
        let Some(eq) = e.iter().position(|&b| b == b'=') else { continue };
        if eq == 0 {
            continue;
        }
        let (Ok(name), Ok(value)) = (std::ffi::CString::new(&e[..eq]), std::ffi::CString::new(&e[eq + 1..]))
        else {
            continue;
        };
        // SAFETY: two valid C strings; single-threaded as above.
        unsafe {
            libc::setenv(name.as_ptr(), value.as_ptr(), 0);
        }
    }
}

/// `--join-cgroup`: moves us into the target's cgroup before a fork, so the child
/// starts there.
pub fn join_cgroup(procs: &mut std::fs::File) -> Result<(), Error> {
    let pid = std::process::id().to_string();
    procs.write_all(pid.as_bytes()).map_err(|e| Error::io("write cgroup.procs failed", &e))
}

/// The owner of /proc/PID as seen from the namespaces we are in now.
pub fn follow_ids(proc_dir: &OwnedFd) -> Result<(u32, u32), Error> {
    let st = nix::sys::stat::fstat(proc_dir).map_err(|e| Error::sys("can not get process stat", e))?;
    Ok((st.st_uid, st.st_gid))
}

/// What to do with the credentials once inside.
#[derive(Debug, Default, Clone, Copy)]
pub struct Creds {
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    /// setgroups(0) already failed before the switch; a second failure is fatal.
    pub groups_failed_before: bool,
    /// A user namespace was entered without --preserve-credentials (for hints).
    pub defaulted: bool,
}

/// Drops supplementary groups (only with a gid) and sets gid and uid.
pub fn set_credentials(c: Creds) -> Result<(), Error> {
    let groups: Option<&[u32]> = c.gid.map(|_| &[][..]);
    let switched = match creds::switch(groups, c.gid, c.uid) {
        // tried before entering too: only both failing is an error
        Err((Step::Groups, _)) if !c.groups_failed_before => creds::switch(None, c.gid, c.uid),
        r => r,
    };
    switched.map_err(|(step, errno)| {
        let (msg, hint) = match step {
            Step::Groups => (
                "setgroups failed",
                "setgroups(2) is denied in this user namespace (its setgroups file says \"deny\", \
                 as after an unprivileged unshare); use --preserve-credentials to keep your ids"
                    .to_string(),
            ),
            Step::Gid => (
                "setgid failed",
                format!(
                    "gid {} is not mapped in the user namespace; use --preserve-credentials or -G",
                    c.gid.unwrap_or(0)
                ),
            ),
            Step::Uid => (
                "setuid failed",
                format!(
                    "uid {} is not mapped in the user namespace; use --preserve-credentials or -S",
                    c.uid.unwrap_or(0)
                ),
            ),
        };
        Error::sys(msg, errno)
            .with_hint_opt((c.defaulted && matches!(errno, Errno::EINVAL | Errno::EPERM)).then_some(hint))
    })
}

/// Borrows an optional descriptor.
pub fn borrowed(fd: &Option<OwnedFd>) -> Option<BorrowedFd<'_>> {
    fd.as_ref().map(AsFd::as_fd)
}
