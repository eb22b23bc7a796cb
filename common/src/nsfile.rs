//! Namespace files: /proc/PID/ns/KIND, bind-mounted copies of them, and pidfds.
//!
//! nix has no wrappers for the nsfs ioctls or pidfd_open, so those go through libc.

use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::fcntl::{open, OFlag};
use nix::sys::stat::Mode;

use crate::error::{Error, Result};
use crate::msg;
use crate::ns::NsKind;

// include/uapi/linux/nsfs.h: _IO(0xb7, n)
const NS_GET_USERNS: libc::c_ulong = 0xb701;
const NS_GET_PARENT: libc::c_ulong = 0xb702;
const NS_GET_NSTYPE: libc::c_ulong = 0xb703;
const NS_GET_OWNER_UID: libc::c_ulong = 0xb704;
// _IOR(0xb7, 5, __u64), Linux 6.8: a mount namespace's 64-bit id.
const NS_GET_MNTNS_ID: libc::c_ulong = 0x8008_b705;
// _IOR(0xb7, 0xd, __u64), Linux 6.18: the 64-bit id that never repeats (unlike inodes).
const NS_GET_ID: libc::c_ulong = 0x8008_b70d;
// include/uapi/linux/sockios.h: the network namespace of a socket, Linux 4.9.
const SIOCGSKNS: libc::c_ulong = 0x894c;
// include/uapi/linux/fcntl.h and exportfs.h, Linux 6.18: file handles of nsfs.
const FD_NSFS_ROOT: libc::c_int = -10003;
const FILEID_NSFS: libc::c_int = 0xf1;

/// The identity of a namespace: nsfs device and inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NsId {
    pub dev: u64,
    pub ino: u64,
}

/// An open namespace file (close-on-exec).
#[derive(Debug)]
pub struct NsFile {
    fd: OwnedFd,
    id: NsId,
}

/// `/proc/PID/ns/NAME`, or `/proc/self/ns/NAME` for `None`.
pub fn proc_ns_path(pid: Option<i32>, name: &str) -> PathBuf {
    match pid {
        Some(p) => PathBuf::from(format!("/proc/{p}/ns/{name}")),
        None => PathBuf::from(format!("/proc/self/ns/{name}")),
    }
}

/// Opens `path` read-only and close-on-exec; errors read `cannot open PATH: strerror`.
pub fn open_cloexec(path: &Path, flags: OFlag) -> Result<OwnedFd> {
    open(path, flags | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| Error::sys(msg!("cannot open %s", path), e))
}

impl NsFile {
    /// Opens a namespace file; the error names the path as util-linux does.
    pub fn open(path: &Path) -> Result<NsFile> {
        let fd = open_cloexec(path, OFlag::O_RDONLY)?;
        NsFile::from_fd(fd).map_err(|e| Error::sys(msg!("stat of %s failed", path), e))
    }

    /// `/proc/PID/ns/KIND` (or the caller's own with `None`).
    pub fn open_proc(pid: Option<i32>, kind: NsKind) -> Result<NsFile> {
        NsFile::open(&proc_ns_path(pid, kind.proc_name()))
    }

    /// Wraps a descriptor the caller already holds.
    pub fn from_fd(fd: OwnedFd) -> std::result::Result<NsFile, Errno> {
        let (dev, ino) = crate::procfs::dev_ino(fd.as_fd())?;
        Ok(NsFile { fd, id: NsId { dev, ino } })
    }

    pub fn id(&self) -> NsId {
        self.id
    }

    pub fn ino(&self) -> u64 {
        self.id.ino
    }

    /// setns(2) into this namespace; `kind` lets the kernel check the type.
    pub fn enter(&self, kind: Option<NsKind>) -> std::result::Result<(), Errno> {
        setns_raw(self.fd.as_raw_fd(), kind.map_or(0, NsKind::flag))
    }

    /// NS_GET_NSTYPE: which kind this file is.
    pub fn kind(&self) -> std::result::Result<NsKind, Errno> {
        let flag = ioctl(self.fd.as_fd(), NS_GET_NSTYPE)?;
        NsKind::from_flag(flag).ok_or(Errno::EINVAL)
    }

    /// NS_GET_USERNS: the user namespace that owns this one.
    pub fn owner(&self) -> std::result::Result<NsFile, Errno> {
        self.related(NS_GET_USERNS)
    }

    /// NS_GET_PARENT: the parent of a pid or user namespace.
    pub fn parent(&self) -> std::result::Result<NsFile, Errno> {
        self.related(NS_GET_PARENT)
    }

    /// NS_GET_OWNER_UID: the uid that created a user namespace (in our user namespace).
    pub fn owner_uid(&self) -> std::result::Result<u32, Errno> {
        let mut uid: libc::uid_t = 0;
        // SAFETY: NS_GET_OWNER_UID writes one uid_t through the pointer we pass.
        let r = unsafe {
            libc::ioctl(self.fd.as_raw_fd(), NS_GET_OWNER_UID as libc::Ioctl, &mut uid as *mut libc::uid_t)
        };
        Errno::result(r).map(|_| uid)
    }

    /// NS_GET_ID: the namespace's 64-bit id (Linux 6.18).
    pub fn ns_id(&self) -> std::result::Result<u64, Errno> {
        self.read_u64(NS_GET_ID)
    }

    /// NS_GET_MNTNS_ID: a mount namespace's 64-bit id (Linux 6.8).
    pub fn mnt_ns_id(&self) -> std::result::Result<u64, Errno> {
        self.read_u64(NS_GET_MNTNS_ID)
    }

    fn read_u64(&self, request: libc::c_ulong) -> std::result::Result<u64, Errno> {
        let mut id: u64 = 0;
        // SAFETY: NS_GET_ID and NS_GET_MNTNS_ID write one __u64 through the pointer.
        let r = unsafe { libc::ioctl(self.fd.as_raw_fd(), request as libc::Ioctl, &mut id as *mut u64) };
        Errno::result(r).map(|_| id)
    }

    /// SIOCGSKNS: the network namespace of socket `sock`.
    pub fn of_socket(sock: BorrowedFd<'_>) -> std::result::Result<NsFile, Errno> {
        let raw = ioctl(sock, SIOCGSKNS)?;
        // SAFETY: SIOCGSKNS returns a new close-on-exec descriptor that we now own.
        NsFile::from_fd(unsafe { OwnedFd::from_raw_fd(raw) })
    }

    /// The namespace of `kind` whose NS_GET_ID is `id` (util-linux's `--mount=:ID`):
    /// an nsfs file handle where the kernel takes one without the inode (Linux 6.19),
    /// else the first process under /proc that is in it. Errors read `cannot open :ID`.
    pub fn open_by_id(kind: NsKind, id: u64) -> Result<NsFile> {
        let by_handle = open_nsfs_handle(kind, id);
        let found = by_handle.or_else(|e| {
            let pids = crate::procfs::pids().map_err(|_| e)?;
            pids.into_iter()
                .find_map(|pid| {
                    let f = NsFile::open_proc(Some(pid), kind).ok()?;
                    (f.ns_id().ok()? == id).then_some(f)
                })
                .ok_or(Errno::ENOENT)
        });
        found.map_err(|e| Error::sys(msg!("cannot open :%s", id.to_string()), e))
    }

    fn related(&self, request: libc::c_ulong) -> std::result::Result<NsFile, Errno> {
        let raw = ioctl(self.fd.as_fd(), request)?;
        // SAFETY: these ioctls return a new descriptor that we now own; the kernel
        // opens it with O_CLOEXEC.
        NsFile::from_fd(unsafe { OwnedFd::from_raw_fd(raw) })
    }
}

impl AsFd for NsFile {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

fn ioctl(fd: BorrowedFd<'_>, request: libc::c_ulong) -> std::result::Result<i32, Errno> {
    // SAFETY: the nsfs ioctls used here take no argument.
    // glibc's ioctl takes an unsigned long request, musl's an int.
    Errno::result(unsafe { libc::ioctl(fd.as_raw_fd(), request as libc::Ioctl) })
}

/// setns(2) on any descriptor (namespace file or pidfd); `flags` 0 or CLONE_NEW*.
pub fn setns_raw(fd: RawFd, flags: libc::c_int) -> std::result::Result<(), Errno> {
    // SAFETY: setns only reads its integer arguments.
    Errno::result(unsafe { libc::setns(fd, flags) }).map(drop)
}

/// pidfd_open(2), close-on-exec by definition.
pub fn pidfd_open(pid: i32) -> std::result::Result<OwnedFd, Errno> {
    // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor.
    let r = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    let fd = Errno::result(r)?;
    // SAFETY: the kernel returned a fresh descriptor that we own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// pidfd_getfd(2): a close-on-exec copy of descriptor `target` of the pidfd's process.
pub fn pidfd_getfd(pidfd: BorrowedFd<'_>, target: RawFd) -> std::result::Result<OwnedFd, Errno> {
    // SAFETY: pidfd_getfd takes two descriptors and flags and returns a new descriptor.
    let r = unsafe { libc::syscall(libc::SYS_pidfd_getfd, pidfd.as_raw_fd(), target, 0) };
    let fd = Errno::result(r)?;
    // SAFETY: the kernel returned a fresh descriptor (O_CLOEXEC is implied) that we own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

fn open_nsfs_handle(kind: NsKind, id: u64) -> std::result::Result<NsFile, Errno> {
    // struct file_handle { u32 handle_bytes; int handle_type; } followed by
    // struct nsfs_file_handle { u64 ns_id; u32 ns_type; u32 ns_inum; }
    #[repr(C)]
    struct Handle {
        bytes: u32,
        kind: libc::c_int,
        ns_id: u64,
        ns_type: u32,
        ns_inum: u32,
    }
    let mut h = Handle { bytes: 16, kind: FILEID_NSFS, ns_id: id, ns_type: kind.flag() as u32, ns_inum: 0 };
    let flags = libc::O_RDONLY | libc::O_CLOEXEC;
    // SAFETY: the kernel reads a file_handle of `bytes` payload bytes from the pointer.
    let r = unsafe { libc::syscall(libc::SYS_open_by_handle_at, FD_NSFS_ROOT, &mut h as *mut Handle, flags) };
    let fd = Errno::result(r)?;
    // SAFETY: a fresh descriptor that we own.
    NsFile::from_fd(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// Whether the process behind `pidfd` is still alive (pidfd_send_signal with signal
/// 0): files opened through /proc/PID before this check belong to it.
pub fn pidfd_alive(pidfd: BorrowedFd<'_>) -> bool {
    // SAFETY: pidfd_send_signal with signal 0 and no siginfo only checks the target.
    let r = unsafe {
        libc::syscall(
            libc::SYS_pidfd_send_signal,
            pidfd.as_raw_fd(),
            0,
            std::ptr::null::<libc::siginfo_t>(),
            0,
        )
    };
    Errno::result(r).map_or_else(|e| e != Errno::ESRCH, |_| true)
}

/// The device number of nsfs, from the first of our own namespace files that stats.
pub fn nsfs_dev() -> Option<u64> {
    NsKind::ALL.iter().find_map(|k| {
        let p = CString::new(proc_ns_path(None, k.proc_name()).as_os_str().as_bytes()).ok()?;
        nix::sys::stat::stat(p.as_c_str()).ok().map(|st| st.st_dev)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_namespaces_open_and_identify() {
        let own = NsFile::open_proc(None, NsKind::Uts).expect("open own uts");
        let again = NsFile::open(Path::new("/proc/self/ns/uts")).expect("open by path");
        assert_eq!(own.id(), again.id());
        assert_eq!(own.kind(), Ok(NsKind::Uts));
        assert_eq!(Some(own.id().dev), nsfs_dev());
        // entering the namespace we are already in is allowed
        assert_eq!(own.enter(Some(NsKind::Uts)), Ok(()));
        // but not with the wrong type
        assert_eq!(own.enter(Some(NsKind::Net)), Err(Errno::EINVAL));
    }

    #[test]
    fn user_namespace_relations() {
        let user = NsFile::open_proc(None, NsKind::User).expect("open own user ns");
        let net = NsFile::open_proc(None, NsKind::Net).expect("open own net ns");
        match net.owner() {
            Ok(o) => {
                assert_eq!(o.kind(), Ok(NsKind::User));
                assert_eq!(o.id(), user.id(), "our net namespace is owned by our user namespace");
                assert!(user.owner_uid().is_ok());
            }
            // the owner is outside our reach (inside a container)
            Err(Errno::EPERM) => crate::testing::skip("NS_GET_USERNS: our user namespace is out of reach"),
            Err(e) => panic!("NS_GET_USERNS: {e}"),
        }
        assert_eq!(net.parent().map(|_| ()), Err(Errno::EINVAL));
    }

    #[test]
    fn missing_file_names_the_path() {
        let e = NsFile::open(Path::new("/nonexistent/ns")).expect_err("missing");
        assert_eq!(e.to_string(), "cannot open /nonexistent/ns: No such file or directory");
    }

    #[test]
    fn pidfd_of_self() {
        let fd = pidfd_open(std::process::id() as i32).expect("pidfd_open");
        assert!(fd.as_raw_fd() > 2);
        assert!(pidfd_alive(fd.as_fd()));
    }

    #[test]
    fn namespace_of_a_socket_and_by_id() {
        let net = NsFile::open_proc(None, NsKind::Net).expect("own net ns");
        let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
        let of_sock = NsFile::of_socket(sock.as_fd()).expect("SIOCGSKNS");
        assert_eq!(of_sock.id(), net.id());
        let id = match net.ns_id() {
            Ok(id) => id,
            Err(Errno::ENOTTY | Errno::EINVAL) if !crate::kernel::at_least(6, 18) => {
                return crate::testing::skip("NS_GET_ID needs Linux 6.18");
            }
            Err(e) => panic!("NS_GET_ID: {e}"),
        };
        assert_ne!(id, 0);
        let again = NsFile::open_by_id(NsKind::Net, id).expect("open by id");
        assert_eq!(again.id(), net.id());
        assert!(NsFile::open_by_id(NsKind::Net, u64::MAX).is_err());
    }
}
