//! Mounts the namespace tools make: propagation changes, a fresh proc, binfmt_misc
//! (with interpreter registration), and namespace files bound onto paths to keep a
//! namespace alive without a process. Failures carry util-linux's wording.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::mount::{mount, umount2, MntFlags, MsFlags};

use crate::error::{Error, Result};
use crate::msg;
use crate::ns::NsKind;

/// Where binfmt_misc lives in a proc mount.
pub const BINFMT_MISC: &str = "/proc/sys/fs/binfmt_misc";

/// A recursive propagation change (`--propagation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Propagation {
    Slave,
    Private,
    Shared,
    Unchanged,
}

impl Propagation {
    pub fn parse(s: &str) -> Option<Propagation> {
        match s {
            "slave" => Some(Propagation::Slave),
            "private" => Some(Propagation::Private),
            "shared" => Some(Propagation::Shared),
            "unchanged" => Some(Propagation::Unchanged),
            _ => None,
        }
    }

    /// The mount(2) flags, or None for `unchanged`.
    pub fn flags(self) -> Option<MsFlags> {
        match self {
            Propagation::Slave => Some(MsFlags::MS_REC | MsFlags::MS_SLAVE),
            Propagation::Private => Some(MsFlags::MS_REC | MsFlags::MS_PRIVATE),
            Propagation::Shared => Some(MsFlags::MS_REC | MsFlags::MS_SHARED),
            Propagation::Unchanged => None,
        }
    }
}

/// Applies `prop` recursively to the mount at `path`; `unchanged` does nothing.
pub fn set_propagation(path: &Path, prop: Propagation) -> std::result::Result<(), Errno> {
    match prop.flags() {
        Some(flags) => mount(Some("none"), path, None::<&str>, flags, None::<&str>),
        None => Ok(()),
    }
}

const SAFE: MsFlags = MsFlags::MS_NOSUID.union(MsFlags::MS_NOEXEC).union(MsFlags::MS_NODEV);

/// Mounts a new proc (of our current pid namespace) on `dir`, nosuid,noexec,nodev.
pub fn mount_proc(dir: &Path) -> std::result::Result<(), Errno> {
    mount(Some("proc"), dir, Some("proc"), SAFE, None::<&str>)
}

/// Mounts binfmt_misc (our user namespace's instance on kernels >= 6.7) on `dir`.
pub fn mount_binfmt(dir: &Path) -> std::result::Result<(), Errno> {
    mount(Some("binfmt_misc"), dir, Some("binfmt_misc"), SAFE, None::<&str>)
}

/// Registers an interpreter (`:name:type:offset:magic:mask:interpreter:flags`) by
/// writing it to `DIR/register`.
pub fn register_binfmt(dir: &Path, spec: &OsStr) -> Result<()> {
    let path = dir.join("register");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(msg!("cannot open %s", &path), &e))?;
    f.write_all(spec.as_bytes()).map_err(|e| Error::io(msg!("write failed %s", &path), &e))
}

/// Whether a binfmt_misc registration string carries the `F` (fix binary) flag, which
/// makes the kernel open the interpreter when it is registered.
pub fn binfmt_fixes_binary(spec: &OsStr) -> bool {
    let b = spec.as_bytes();
    let Some((&delim, rest)) = b.split_first() else {
        return false;
    };
    rest.split(|&c| c == delim).nth(6).is_some_and(|flags| flags.contains(&b'F'))
}

/// Namespace files bound onto paths. Dropping it without [`BoundFiles::keep`]
/// unmounts them again (lazily, in reverse order), so a failure half way leaves
/// nothing behind.
#[derive(Debug, Default)]
pub struct BoundFiles {
    targets: Vec<PathBuf>,
}

impl BoundFiles {
    /// Keeps the mounts.
    pub fn keep(mut self) {
        self.targets.clear();
    }
}

impl Drop for BoundFiles {
    fn drop(&mut self) {
        for t in self.targets.iter().rev() {
            let _ = umount2(t, MntFlags::MNT_DETACH);
        }
    }
}

/// The namespace file of process `pid` that a persistent `kind` namespace binds:
/// pid and time namespaces apply to children, so their `*_for_children` files.
pub fn ns_source(pid: i32, kind: NsKind) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/ns/{}", kind.for_children_name()))
}

/// A failed bind: which namespace, onto what, and the error
/// (`mount SRC on TARGET failed: strerror`).
#[derive(Debug)]
pub struct BindError {
    pub kind: NsKind,
    pub target: PathBuf,
    pub error: Error,
}

/// Binds `/proc/PID/ns/KIND` onto each target, in util-linux's fixed order (user,
/// cgroup, ipc, uts, net, pid, mnt, time) whatever order `targets` has. On failure
/// the ones already bound are unmounted before the error is returned.
pub fn bind_ns_files(
    pid: i32,
    targets: &[(NsKind, OsString)],
) -> std::result::Result<BoundFiles, Box<BindError>> {
    let mut bound = BoundFiles::default();
    for kind in NsKind::ALL {
        for (_, target) in targets.iter().filter(|(k, _)| *k == kind) {
            let src = ns_source(pid, kind);
            let target = PathBuf::from(target);
            if let Err(e) = mount(Some(&src), &target, None::<&str>, MsFlags::MS_BIND, None::<&str>) {
                let error = Error::sys(msg!("mount %s on %s failed", &src, &target), e);
                return Err(Box::new(BindError { kind, target, error }));
            }
            bound.targets.push(target);
        }
    }
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn propagation_words() {
        assert_eq!(Propagation::parse("slave"), Some(Propagation::Slave));
        assert_eq!(Propagation::parse("unchanged").and_then(Propagation::flags), None);
        assert_eq!(Propagation::parse("Private"), None);
        assert_eq!(Propagation::Private.flags(), Some(MsFlags::MS_REC | MsFlags::MS_PRIVATE));
        assert_eq!(set_propagation(Path::new("/"), Propagation::Unchanged), Ok(()));
    }

    #[test]
    fn binfmt_flags() {
        assert!(binfmt_fixes_binary(OsStr::new(":qemu:M::\\x7fELF::/usr/bin/qemu:F")));
        assert!(binfmt_fixes_binary(OsStr::new(",x,E,,ext,,/bin/i,POCF\n")));
        assert!(!binfmt_fixes_binary(OsStr::new(":qemu:M::\\x7fELF::/usr/bin/qemu:OC")));
        assert!(!binfmt_fixes_binary(OsStr::new(":a:E::F::/F")));
        assert!(!binfmt_fixes_binary(OsStr::new("")));
    }

    #[test]
    fn sources_use_for_children() {
        assert_eq!(ns_source(7, NsKind::Pid), Path::new("/proc/7/ns/pid_for_children"));
        assert_eq!(ns_source(7, NsKind::Mnt), Path::new("/proc/7/ns/mnt"));
    }

    #[test]
    fn failed_bind_names_both_paths() {
        let e = bind_ns_files(1, &[(NsKind::Uts, OsString::from("/nonexistent/x"))]).expect_err("fails");
        assert_eq!(e.kind, NsKind::Uts);
        assert_eq!(e.target, Path::new("/nonexistent/x"));
        assert!(
            e.error.to_string().starts_with("mount /proc/1/ns/uts on /nonexistent/x failed: "),
            "{}",
            e.error
        );
    }
}
