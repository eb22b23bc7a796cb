//! One extra `unshare: hint: ...` line after the reference's error line, for the
//! failures people keep asking about (util-linux issues #289, #3851 and the "fork:
//! Cannot allocate memory" of `--pid` without `--fork`).

use std::ffi::OsStr;
use std::os::fd::AsFd;
use std::path::Path;

use common::procfs::{self, MountInfo};
use common::{NsFile, NsKind};
use nix::errno::Errno;
use nix::fcntl::OFlag;

fn sysctl(name: &str) -> Option<String> {
    std::fs::read_to_string(Path::new("/proc/sys").join(name)).ok().map(|s| s.trim().to_string())
}

fn root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// unshare(2) failed.
pub fn unshare_failed(flags: libc::c_int, errno: Errno) -> Option<String> {
    let user = flags & libc::CLONE_NEWUSER != 0;
    match errno {
        Errno::EPERM if !user && !root() => Some(
            "only root may create these namespaces; as a regular user add --map-root-user (-r) \
             to create a user namespace first"
                .into(),
        ),
        Errno::EPERM | Errno::EACCES if user => Some(userns_blocked()),
        Errno::ENOSPC if user && sysctl("user/max_user_namespaces").as_deref() == Some("0") => {
            Some("user namespaces are disabled by sysctl user.max_user_namespaces=0".into())
        }
        Errno::ENOSPC => Some("a namespace limit in /proc/sys/user/ is reached (or set to 0)".into()),
        Errno::EUSERS => Some("user namespaces nest at most 32 deep".into()),
        Errno::EINVAL => Some("this kernel does not support one of the requested namespace types".into()),
        _ => None,
    }
}

fn userns_blocked() -> String {
    if !root() && sysctl("kernel/unprivileged_userns_clone").as_deref() == Some("0") {
        return "unprivileged user namespaces are disabled; enable them with \
                'sysctl kernel.unprivileged_userns_clone=1'"
            .into();
    }
    if !root() && sysctl("kernel/apparmor_restrict_unprivileged_userns").as_deref() == Some("1") {
        return "AppArmor restricts unprivileged user namespaces \
                (sysctl kernel.apparmor_restrict_unprivileged_userns=1)"
            .into();
    }
    "user namespaces cannot be created here: not inside a chroot, and not where a seccomp \
     filter or security module forbids them"
        .into()
}

/// fork(2) failed: ENOMEM means our PID namespace lost its init.
pub fn fork_failed(errno: Errno) -> Option<String> {
    (errno == Errno::ENOMEM).then(|| {
        "this PID namespace has no init process any more (its PID 1 exited), as happens after \
         'unshare --pid' without --fork; use 'unshare --pid --fork'"
            .into()
    })
}

/// Binding `pid`'s namespace onto `target` failed.
pub fn bind_failed(kind: NsKind, pid: i32, target: &OsStr, errno: Errno, forked: bool) -> Option<String> {
    match (kind, errno) {
        (NsKind::Pid, Errno::ENOENT) if !forked => {
            Some("a PID namespace exists only once it has a process: add --fork (-f)".into())
        }
        (_, Errno::ENOENT) if !Path::new(target).exists() => {
            Some("the file to bind the namespace onto must exist: create it first (touch FILE)".into())
        }
        (NsKind::Mnt, Errno::EINVAL) => Some(mnt_bind_refused(mnt_bind_cause(pid, target)).into()),
        _ => None,
    }
}

/// Why the kernel refused (EINVAL) to bind a mount namespace onto a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MntCause {
    /// The file is on a shared mount (util-linux issue #289).
    Shared,
    /// The new namespace's id is not above the binder's: the kernel's loop check
    /// refuses it, and Linux 6.18 hands ids out in per-CPU batches, so a newer
    /// namespace made on another CPU can get a lower one (the reference too).
    LowerId,
    Unknown,
}

fn mnt_bind_cause(pid: i32, target: &OsStr) -> MntCause {
    if on_shared_mount(target) == Some(true) {
        return MntCause::Shared;
    }
    let own = mnt_ns_id(None);
    let new = mnt_ns_id(Some(pid));
    match (own, new) {
        (Some(own), Some(new)) if new <= own => MntCause::LowerId,
        _ => MntCause::Unknown,
    }
}

fn mnt_bind_refused(cause: MntCause) -> &'static str {
    match cause {
        MntCause::Shared => {
            "a mount namespace can only be bound onto a file on a private mount: e.g. \
             'mount --bind DIR DIR && mount --make-private DIR', then use a file in DIR"
        }
        MntCause::LowerId => {
            "the new mount namespace got a lower id than the one binding it, which the kernel \
             refuses (Linux hands ids out in per-CPU batches): run it again, pinned to another \
             CPU (taskset -c N) if it keeps failing"
        }
        MntCause::Unknown => {
            "a mount namespace can only be bound onto a file on a private mount ('mount --bind \
             DIR DIR && mount --make-private DIR'); the kernel also refuses when the new namespace \
             got a lower id than the one binding it (ids come in per-CPU batches): then run it again"
        }
    }
}

/// The 64-bit id of `pid`'s mount namespace (ours for `None`; Linux 6.8+).
fn mnt_ns_id(pid: Option<i32>) -> Option<u64> {
    NsFile::open_proc(pid, NsKind::Mnt).ok()?.mnt_ns_id().ok()
}

/// Whether the mount holding `target` is shared; None when that cannot be told.
fn on_shared_mount(target: &OsStr) -> Option<bool> {
    let fd = common::nsfile::open_cloexec(Path::new(target), OFlag::O_PATH).ok()?;
    let id = procfs::mount_id(fd.as_fd()).ok()?;
    shared_in(&procfs::mountinfo().ok()?, id)
}

/// Whether mount `id` is shared (None: not among `mounts`).
fn shared_in(mounts: &[MountInfo], id: u32) -> Option<bool> {
    mounts.iter().find(|m| m.id == id).map(|m| m.shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &[u8] = b"21 1 0:19 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n\
                          30 21 0:40 / /tmp/a\\040b rw master:3 - tmpfs tmp rw\n\
                          31 21 0:41 / /srv rw - tmpfs tmp rw\n";

    #[test]
    fn the_mounts_propagation_names_the_cause() {
        let mounts = procfs::parse_mountinfo(MOUNTS);
        assert_eq!(shared_in(&mounts, 21), Some(true));
        assert_eq!(shared_in(&mounts, 30), Some(false));
        assert_eq!(shared_in(&mounts, 31), Some(false));
        assert_eq!(shared_in(&mounts, 2), None);
        assert!(mnt_bind_refused(MntCause::Shared).contains("mount --make-private"));
        assert!(!mnt_bind_refused(MntCause::Shared).contains("run it again"));
        assert!(mnt_bind_refused(MntCause::LowerId).contains("run it again"));
        assert!(!mnt_bind_refused(MntCause::LowerId).contains("mount --make-private"));
        assert!(mnt_bind_refused(MntCause::Unknown).contains("run it again"));
    }

    #[test]
    fn our_mount_namespace_has_an_id() {
        let own = mnt_ns_id(None);
        if own.is_none() && !common::kernel::at_least(6, 8) {
            return nstest::skip("NS_GET_MNTNS_ID needs Linux 6.8");
        }
        // the kernel numbers mount namespaces from 1
        let own = own.expect("NS_GET_MNTNS_ID on Linux 6.8+");
        assert!(own > 0, "{own}");
    }
}
