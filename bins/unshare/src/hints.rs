//! One extra `unshare: hint: ...` line after the reference's error line, for the
//! failures people keep asking about (util-linux issues #289, #3851 and the "fork:
//! Cannot allocate memory" of `--pid` without `--fork`).

use std::ffi::OsStr;
use std::path::Path;

use common::NsKind;
use nix::errno::Errno;

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

/// Binding a namespace onto `target` failed.
pub fn bind_failed(kind: NsKind, target: &OsStr, errno: Errno, forked: bool) -> Option<String> {
    match (kind, errno) {
        (NsKind::Pid, Errno::ENOENT) if !forked => {
            Some("a PID namespace exists only once it has a process: add --fork (-f)".into())
        }
        (_, Errno::ENOENT) if !Path::new(target).exists() => {
            Some("the file to bind the namespace onto must exist: create it first (touch FILE)".into())
        }
        (NsKind::Mnt, Errno::EINVAL) => Some(
            "a mount namespace can only be bound onto a file on a private mount: e.g. \
             'mount --bind DIR DIR && mount --make-private DIR', then use a file in DIR"
                .into(),
        ),
        _ => None,
    }
}
