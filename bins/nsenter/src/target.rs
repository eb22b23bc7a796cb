//! Everything nsenter takes from the target process or from files, opened before any
//! namespace switch: the namespace files (and the pidfd that can enter them in one
//! call), root, working directory, environment, /proc/PID for `follow`, and the
//! cgroup to join.

use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

use common::error::Errno;
use common::msg;
use common::nsfile::{open_cloexec, pidfd_alive, pidfd_getfd, pidfd_open, proc_ns_path};
use common::{Error, NsFile, NsKind};
use nix::fcntl::OFlag;

use crate::opts::{Dir, IdArg, Options, Source, TargetArg, WdNs};

/// One namespace to enter.
#[derive(Debug)]
pub struct Entry {
    pub kind: NsKind,
    /// The namespace file: given explicitly or /proc/PID/ns/KIND of the target.
    pub file: NsFile,
    /// The namespace is the target's, so setns on its pidfd may enter it.
    pub via_pidfd: bool,
}

/// What the plan needs from outside, all opened before entering anything.
#[derive(Debug, Default)]
pub struct Resolved {
    /// In setns order (user, cgroup, ipc, uts, net, pid, mnt, time).
    pub entries: Vec<Entry>,
    /// The target's pidfd when the kernel can setns on it (Linux 5.8).
    pub pidfd: Option<OwnedFd>,
    pub root: Option<OwnedFd>,
    pub wd: Option<OwnedFd>,
    pub wdns: Option<OsString>,
    /// The target's environment, entry by entry.
    pub environ: Option<Vec<Vec<u8>>>,
    /// /proc/PID, whose owner `follow` takes after the switch (so ids are mapped).
    pub proc_dir: Option<OwnedFd>,
    pub cgroup_procs: Option<File>,
}

impl Resolved {
    pub fn enters(&self, kind: NsKind) -> bool {
        self.entries.iter().any(|e| e.kind == kind)
    }
}

/// Resolves the options into open descriptors, in upstream's order.
pub fn resolve(o: &mut Options) -> Result<Resolved, Error> {
    let pid = o.target.map(|t| t.pid);
    if o.all {
        enable_all(o, pid.ok_or_else(|| Error::msg("no target PID specified for --all"))?)?;
    }
    let explicit_any = o.ns.iter().any(|s| matches!(s, Some(Source::File(_))));
    let needs_target = o.ns.iter().any(|s| matches!(s, Some(Source::Target)))
        || o.net_socket.is_some()
        || (o.user_parent && !explicit_any);
    if needs_target && pid.is_none() {
        return Err(Error::msg("no target PID specified"));
    }
    let pidfd = match o.target {
        Some(t) => open_pidfd(t)?,
        None => Err(Errno::ESRCH),
    };
    let mut r = Resolved::default();
    for kind in NsKind::ALL {
        match o.ns[kind as usize].take() {
            None => {}
            Some(Source::File(file)) => r.entries.push(Entry { kind, file, via_pidfd: false }),
            Some(Source::Target) => {
                let file = open_target_ns(pid, kind)?;
                r.entries.push(Entry { kind, file, via_pidfd: pidfd.is_ok() });
            }
        }
    }
    open_target_files(o, pid, &mut r)?;
    if let (Ok(fd), Some(pid)) = (&pidfd, pid) {
        if !pidfd_alive(fd.as_fd()) {
            return Err(Error::msg(msg!("target process %d has exited", pid)));
        }
    }
    if o.user_parent {
        user_parent(&mut r, pid)?;
    }
    if let Some(sock) = o.net_socket {
        let pid = pid.unwrap_or_default();
        let fd = pidfd.as_ref().map_err(|&e| pidfd_failed(pid, e))?;
        net_socket(&mut r, fd, pid, sock)?;
    }
    if r.entries.is_empty() {
        return Err(Error::msg("no namespace specified"));
    }
    r.pidfd = pidfd.ok().filter(|_| setns_pidfd_supported());
    if r.pidfd.is_none() {
        r.entries.iter_mut().for_each(|e| e.via_pidfd = false);
    }
    Ok(r)
}

/// `--all`: every kind this kernel has, except our own user namespace (setns into it
/// fails) and kinds given explicitly.
fn enable_all(o: &mut Options, pid: i32) -> Result<(), Error> {
    for kind in NsKind::ALL {
        let slot = &mut o.ns[kind as usize];
        if slot.is_some() {
            continue;
        }
        let own = proc_ns_path(None, kind.proc_name());
        let Ok(own) = std::fs::metadata(&own) else { continue };
        if kind == NsKind::User {
            use std::os::unix::fs::MetadataExt;
            let theirs = proc_ns_path(Some(pid), kind.proc_name());
            let t =
                std::fs::metadata(&theirs).map_err(|e| Error::io(msg!("stat of %s failed", &theirs), &e))?;
            if (t.dev(), t.ino()) == (own.dev(), own.ino()) {
                continue;
            }
        }
        *slot = Some(Source::Target);
    }
    Ok(())
}

/// The pidfd of the target, checked against `PID:INODE`. Without an inode to check,
/// a kernel without pidfds (or a vanished process) leaves the /proc files to fail
/// with util-linux's messages, so that failure is kept for later.
fn open_pidfd(t: TargetArg) -> Result<Result<OwnedFd, Errno>, Error> {
    let fd = match (pidfd_open(t.pid), t.ino) {
        (Ok(fd), _) => fd,
        (Err(e), None) => return Ok(Err(e)),
        (Err(e), Some(_)) => return Err(pidfd_failed(t.pid, e)),
    };
    if let Some(ino) = t.ino {
        let (_, st_ino) = common::procfs::dev_ino(fd.as_fd())
            .map_err(|e| Error::sys(msg!("fstat() failed: %d", t.pid), e))?;
        if st_ino != ino {
            return Err(Error::msg(msg!("pidfd inode %ju not found for pid %d", ino, t.pid)));
        }
    }
    Ok(Ok(fd))
}

fn pidfd_failed(pid: i32, e: Errno) -> Error {
    Error::sys(msg!("pidfd_open() failed: %d", pid), e)
}

/// setns(2) takes a pidfd since Linux 5.8.
fn setns_pidfd_supported() -> bool {
    common::kernel::at_least(5, 8)
}

fn open_target_ns(pid: Option<i32>, kind: NsKind) -> Result<NsFile, Error> {
    NsFile::open_proc(pid, kind).map_err(|e| {
        let hint = matches!(e.errno(), Some(Errno::EACCES | Errno::EPERM)).then(|| {
            if common::creds::has_sys_ptrace() {
                // the advice below would send a root user in circles
                "we have CAP_SYS_PTRACE, so something else refused: the target is not \
                 dumpable and lives in a user namespace where we hold no capabilities, \
                 or a security module (Yama, AppArmor, SELinux) forbids the access"
            } else {
                "opening another process's namespaces needs ptrace access to it: \
                 run as its owner, or as root (CAP_SYS_PTRACE)"
            }
            .to_string()
        });
        e.with_hint_opt(hint)
    })
}

fn proc_path(pid: Option<i32>, what: &str) -> Result<PathBuf, Error> {
    pid.map(|p| PathBuf::from(format!("/proc/{p}/{what}")))
        .ok_or_else(|| Error::msg(msg!("neither filename nor target pid supplied for %s", what)))
}

fn open_target(pid: Option<i32>, what: &str) -> Result<OwnedFd, Error> {
    open_cloexec(&proc_path(pid, what)?, OFlag::O_RDONLY)
}

fn open_target_files(o: &mut Options, pid: Option<i32>, r: &mut Resolved) -> Result<(), Error> {
    r.root = match o.root.take() {
        Some(Dir::Target) => Some(open_target(pid, "root")?),
        Some(Dir::Fd(fd)) => Some(fd),
        None => None,
    };
    r.wd = match o.wd.take() {
        Some(Dir::Target) => Some(open_target(pid, "cwd")?),
        Some(Dir::Fd(fd)) => Some(fd),
        None => None,
    };
    r.wdns = match o.wdns.take() {
        Some(WdNs::Path(p)) => Some(p),
        Some(WdNs::TargetCwd) => {
            let link = proc_path(pid, "cwd")?;
            let p = std::fs::read_link(&link).map_err(|e| Error::io(msg!("cannot open %s", &link), &e))?;
            Some(p.into_os_string())
        }
        None => None,
    };
    if o.env {
        r.environ = Some(read_environ(pid)?);
    }
    if o.uid == Some(IdArg::Follow) || o.gid == Some(IdArg::Follow) {
        let p = pid.ok_or_else(|| Error::msg("no target PID specified for follow"))?;
        r.proc_dir = Some(open_cloexec(Path::new(&format!("/proc/{p}")), OFlag::O_RDONLY)?);
    }
    if o.join_cgroup {
        r.cgroup_procs = Some(crate::cgroup::open_procs(pid)?);
    }
    Ok(())
}

fn read_environ(pid: Option<i32>) -> Result<Vec<Vec<u8>>, Error> {
    let mut f = File::from(open_target(pid, "environ")?);
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).map_err(|e| Error::io("failed to get environment variables", &e))?;
    Ok(buf.split(|&b| b == 0).filter(|e| !e.is_empty()).map(<[u8]>::to_vec).collect())
}

/// `--user-parent`: the parent of the given user namespace, else of the target's,
/// else the owner of another namespace given as a file; it replaces `-U`.
fn user_parent(r: &mut Resolved, pid: Option<i32>) -> Result<(), Error> {
    let pos = r.entries.iter().position(|e| e.kind == NsKind::User);
    let parent = match (pos, pid) {
        (Some(i), _) => r.entries[i].file.owner(),
        (None, Some(_)) => open_target_ns(pid, NsKind::User)?.owner(),
        (None, None) => match r.entries.first() {
            Some(e) => e.file.owner(),
            None => return Err(Error::msg("no target PID specified")),
        },
    };
    let file = parent.map_err(|e| {
        Error::sys("cannot get parent user namespace", e).with_hint_opt(
            (e == Errno::EPERM)
                .then(|| "the parent user namespace is outside of the caller's user namespace".to_string()),
        )
    })?;
    let entry = Entry { kind: NsKind::User, file, via_pidfd: false };
    match pos {
        Some(i) => r.entries[i] = entry,
        None => r.entries.insert(0, entry),
    }
    Ok(())
}

/// `--net-socket FD`: the network namespace of the target's socket FD (pidfd_getfd
/// and SIOCGSKNS, Linux 5.6); it replaces `-n`.
fn net_socket(r: &mut Resolved, pidfd: &OwnedFd, pid: i32, sock: i32) -> Result<(), Error> {
    let fd = pidfd_getfd(pidfd.as_fd(), sock).map_err(|e| {
        Error::sys(msg!("cannot get file descriptor %d of process %d", sock, pid), e).with_hint_opt(
            (e == Errno::EPERM).then(|| "pidfd_getfd needs ptrace access to the target".to_string()),
        )
    })?;
    let file = NsFile::of_socket(fd.as_fd()).map_err(|e| {
        Error::sys(msg!("cannot get network namespace of socket %d of process %d", sock, pid), e)
    })?;
    let entry = Entry { kind: NsKind::Net, file, via_pidfd: false };
    match r.entries.iter().position(|e| e.kind == NsKind::Net) {
        Some(i) => r.entries[i] = entry,
        None => {
            let at = r.entries.iter().position(|e| e.kind > NsKind::Net).unwrap_or(r.entries.len());
            r.entries.insert(at, entry);
        }
    }
    Ok(())
}
