//! Walking /proc: process ids, a process's directory (owner, stat, cmdline, comm,
//! namespace files, descriptors) and mountinfo.
//!
//! Everything goes through a descriptor of the process's /proc directory, so that once
//! it is open, a reused pid can never make us read another process's files: the kernel
//! answers ESRCH/ENOENT for a directory whose process is gone. Callers treat those
//! errors (and EACCES) as "this process is not there for us" and skip it.
//!
//! Ours, not the procfs crate: over procfs 0.18 lsns is 72 KiB larger (static musl)
//! and 2.8x slower at 1,000 and 10,000 processes, and its cmdline() refuses non-UTF-8
//! command lines (docs/PERFORMANCE.md, "Our /proc reader against the procfs crate").

use std::ffi::{CStr, CString, OsStr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;

use crate::ns::NsKind;
use crate::nsfile::NsFile;

type Res<T> = std::result::Result<T, Errno>;

// 32-bit glibc's struct stat has a 32-bit st_ino (and fstat fails with EOVERFLOW past
// it); its stat64 is the kernel's. musl's stat is 64-bit everywhere.
#[cfg(not(all(target_env = "gnu", target_pointer_width = "32")))]
use libc::{fstat as fstat_wide, fstatat as fstatat_wide, stat as StatWide};
#[cfg(all(target_env = "gnu", target_pointer_width = "32"))]
use libc::{fstat64 as fstat_wide, fstatat64 as fstatat_wide, stat64 as StatWide};

/// Device and inode of what `fd` refers to, 64-bit on every target.
pub fn dev_ino(fd: std::os::fd::BorrowedFd<'_>) -> Res<(u64, u64)> {
    let mut st = std::mem::MaybeUninit::<StatWide>::uninit();
    // SAFETY: fstat writes a whole struct into the buffer on success.
    Errno::result(unsafe { fstat_wide(fd.as_raw_fd(), st.as_mut_ptr()) })?;
    // SAFETY: fstat succeeded, so the struct is initialised.
    let st = unsafe { st.assume_init() };
    #[allow(clippy::useless_conversion)] // u32 on 32-bit glibc's dev_t halves, else u64
    Ok((u64::from(st.st_dev), u64::from(st.st_ino)))
}

/// The process ids listed in /proc, in the kernel's order (ascending).
pub fn pids() -> Res<Vec<i32>> {
    let dir =
        std::fs::read_dir("/proc").map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)))?;
    let mut out = Vec::new();
    for entry in dir.flatten() {
        if let Some(pid) = parse_pid_name(entry.file_name().as_bytes()) {
            out.push(pid);
        }
    }
    Ok(out)
}

/// Our pid as the mounted /proc numbers it (the target of /proc/self), which differs
/// from getpid(2) inside a PID namespace whose /proc was not remounted.
pub fn self_pid() -> Option<i32> {
    let link = std::fs::read_link("/proc/self").ok()?;
    parse_pid_name(link.as_os_str().as_bytes())
}

fn parse_pid_name(name: &[u8]) -> Option<i32> {
    if name.is_empty() || name.len() > 10 || !name.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(name).ok()?.parse().ok()
}

/// An open /proc directory, the base for [`ProcDir::open`].
#[derive(Debug)]
pub struct Proc {
    fd: OwnedFd,
}

impl Proc {
    pub fn open() -> Res<Proc> {
        open_at(libc::AT_FDCWD, c"/proc", libc::O_RDONLY | libc::O_DIRECTORY).map(|fd| Proc { fd })
    }

    /// /proc/PID as a directory descriptor.
    pub fn process(&self, pid: i32) -> Res<ProcDir> {
        let name = CString::new(pid.to_string()).map_err(|_| Errno::EINVAL)?;
        let fd = open_at(self.fd.as_raw_fd(), &name, libc::O_RDONLY | libc::O_DIRECTORY)?;
        Ok(ProcDir { fd, pid })
    }
}

/// One process's /proc directory.
#[derive(Debug)]
pub struct ProcDir {
    fd: OwnedFd,
    pid: i32,
}

/// The fields of /proc/PID/stat that tools use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stat {
    pub pid: i32,
    /// The name between the parentheses, as the kernel gives it (may contain `)`).
    pub comm: Vec<u8>,
    pub state: u8,
    pub ppid: i32,
}

/// How the /proc/PID/cmdline of util-linux tools is read: one buffer of this size.
pub const CMDLINE_MAX: usize = 8192;

impl ProcDir {
    /// Opens /proc/PID directly (without a [`Proc`]).
    pub fn open(pid: i32) -> Res<ProcDir> {
        let path = CString::new(format!("/proc/{pid}")).map_err(|_| Errno::EINVAL)?;
        let fd = open_at(libc::AT_FDCWD, &path, libc::O_RDONLY | libc::O_DIRECTORY)?;
        Ok(ProcDir { fd, pid })
    }

    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The owner of /proc/PID: the process's effective uid (root for non-dumpable ones).
    pub fn uid(&self) -> Res<u32> {
        let mut st = std::mem::MaybeUninit::<StatWide>::uninit();
        // SAFETY: fstat writes a whole struct stat into the buffer on success.
        let r = unsafe { fstat_wide(self.fd.as_raw_fd(), st.as_mut_ptr()) };
        Errno::result(r)?;
        // SAFETY: fstat succeeded, so the struct is initialised.
        Ok(unsafe { st.assume_init() }.st_uid)
    }

    /// Parses /proc/PID/stat (the comm field may contain spaces and parentheses).
    pub fn stat(&self) -> Res<Stat> {
        let data = self.read_file(c"stat", 1024)?;
        parse_stat(&data).ok_or(Errno::EINVAL)
    }

    /// The parent pid from /proc/PID/stat.
    pub fn ppid(&self) -> Res<i32> {
        self.stat().map(|s| s.ppid)
    }

    /// The raw command line (NUL-separated arguments), at most `max` bytes.
    pub fn cmdline_raw(&self, max: usize) -> Res<Vec<u8>> {
        self.read_file(c"cmdline", max)
    }

    /// The command line the way util-linux shows it: the first [`CMDLINE_MAX`] bytes,
    /// NULs turned into spaces, the last byte (normally the final NUL) dropped. `None`
    /// when it is empty (kernel threads, zombies).
    pub fn command_line(&self) -> Res<Option<Vec<u8>>> {
        let mut v = self.cmdline_raw(CMDLINE_MAX)?;
        if v.is_empty() {
            return Ok(None);
        }
        v.pop();
        for b in &mut v {
            if *b == 0 {
                *b = b' ';
            }
        }
        Ok(Some(v))
    }

    /// /proc/PID/comm without its newline.
    pub fn comm(&self) -> Res<Vec<u8>> {
        let mut v = self.read_file(c"comm", 64)?;
        if v.last() == Some(&b'\n') {
            v.pop();
        }
        Ok(v)
    }

    /// The command line, or the command name when the line is empty.
    pub fn command(&self) -> Res<Vec<u8>> {
        match self.command_line()? {
            Some(v) => Ok(v),
            None => self.comm(),
        }
    }

    /// Device and inode of /proc/PID/ns/NAME (following the link into nsfs).
    pub fn ns_id(&self, kind: NsKind) -> Res<(u64, u64)> {
        let st = self.stat_at(ns_path(kind))?;
        #[allow(clippy::useless_conversion)]
        Ok((u64::from(st.st_dev), u64::from(st.st_ino)))
    }

    /// The inode of /proc/PID/ns/NAME, read from the link text (`net:[4026531840]`),
    /// which costs the kernel less than following the link into nsfs.
    pub fn ns_ino(&self, kind: NsKind) -> Res<u64> {
        let mut buf = [0u8; 64];
        let link = readlink_into(self.fd.as_raw_fd(), ns_path(kind), &mut buf)?;
        match parse_ns_link(link) {
            Some((k, ino)) if k == kind => Ok(ino),
            _ => Err(Errno::EINVAL),
        }
    }

    /// Opens /proc/PID/ns/NAME.
    pub fn open_ns(&self, kind: NsKind) -> Res<NsFile> {
        let fd = open_at(self.fd.as_raw_fd(), ns_path(kind), libc::O_RDONLY)?;
        NsFile::from_fd(fd)
    }

    /// The open descriptors of the process with their link targets
    /// (`socket:[123]`, `net:[4026531840]`, `/path`). Descriptors closed while we
    /// look are left out.
    pub fn fds(&self) -> Res<Vec<(RawFd, Vec<u8>)>> {
        let mut out = Vec::new();
        self.for_each_fd(&mut Vec::new(), |fd, link| out.push((fd, link.to_vec())))?;
        Ok(out)
    }

    /// Like [`ProcDir::fds`] without allocating per descriptor: `scratch` is reused
    /// for the directory listing, links longer than 255 bytes are cut (they are paths,
    /// never the `type:[inode]` forms callers look for).
    pub fn for_each_fd(&self, scratch: &mut Vec<u8>, mut f: impl FnMut(RawFd, &[u8])) -> Res<()> {
        let dirfd = open_at(self.fd.as_raw_fd(), c"fd", libc::O_RDONLY | libc::O_DIRECTORY)?;
        let mut link = [0u8; 256];
        read_dir_names(&dirfd, scratch, |name| {
            let Some(n) = parse_pid_name(name.to_bytes()) else { return };
            if let Ok(l) = readlink_into(dirfd.as_raw_fd(), name, &mut link) {
                f(n, l);
            }
        })
    }

    /// Opens /proc/PID/fd/N (a new open of the same file; for nsfs, the namespace).
    pub fn open_fd(&self, fd: RawFd) -> Res<OwnedFd> {
        let name = CString::new(format!("fd/{fd}")).map_err(|_| Errno::EINVAL)?;
        open_at(self.fd.as_raw_fd(), &name, libc::O_RDONLY)
    }

    /// Device and inode of what descriptor `fd` refers to (stat of /proc/PID/fd/N).
    pub fn fd_id(&self, fd: RawFd) -> Res<(u64, u64)> {
        let name = CString::new(format!("fd/{fd}")).map_err(|_| Errno::EINVAL)?;
        let st = self.stat_at(&name)?;
        #[allow(clippy::useless_conversion)]
        Ok((u64::from(st.st_dev), u64::from(st.st_ino)))
    }

    /// Reads a file of the directory, at most `max` bytes.
    pub fn read_file(&self, name: &CStr, max: usize) -> Res<Vec<u8>> {
        let fd = open_at(self.fd.as_raw_fd(), name, libc::O_RDONLY)?;
        read_max(&fd, max)
    }

    fn stat_at(&self, name: &CStr) -> Res<StatWide> {
        let mut st = std::mem::MaybeUninit::<StatWide>::uninit();
        // SAFETY: the path is NUL-terminated; fstatat fills the struct on success.
        let r = unsafe { fstatat_wide(self.fd.as_raw_fd(), name.as_ptr(), st.as_mut_ptr(), 0) };
        Errno::result(r)?;
        // SAFETY: fstatat succeeded.
        Ok(unsafe { st.assume_init() })
    }
}

fn ns_path(kind: NsKind) -> &'static CStr {
    match kind {
        NsKind::User => c"ns/user",
        NsKind::Cgroup => c"ns/cgroup",
        NsKind::Ipc => c"ns/ipc",
        NsKind::Uts => c"ns/uts",
        NsKind::Net => c"ns/net",
        NsKind::Pid => c"ns/pid",
        NsKind::Mnt => c"ns/mnt",
        NsKind::Time => c"ns/time",
    }
}

/// `net:[4026531840]`: the text of a /proc/PID/ns or /proc/PID/fd link to a
/// namespace, and the root of an nsfs mount.
pub fn parse_ns_link(link: &[u8]) -> Option<(NsKind, u64)> {
    let open = link.iter().position(|&b| b == b':')?;
    let kind = NsKind::from_proc_name(std::str::from_utf8(&link[..open]).ok()?)?;
    let ino = link[open + 1..].strip_prefix(b"[")?.strip_suffix(b"]")?;
    Some((kind, std::str::from_utf8(ino).ok()?.parse().ok()?))
}

/// `socket:[77]`: a /proc/PID/fd link to a socket, and the socket's inode.
pub fn parse_socket_link(link: &[u8]) -> Option<u64> {
    let ino = link.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(ino).ok()?.parse().ok()
}

/// Parses the start of /proc/PID/stat: `pid (comm) state ppid ...`.
pub fn parse_stat(data: &[u8]) -> Option<Stat> {
    let open = data.iter().position(|&b| b == b'(')?;
    let close = data.iter().rposition(|&b| b == b')')?;
    if close < open {
        return None;
    }
    let pid = std::str::from_utf8(&data[..open]).ok()?.trim().parse().ok()?;
    let mut rest = data[close + 1..].split(|&b| b == b' ').filter(|f| !f.is_empty());
    let state = *rest.next()?.first()?;
    let ppid = std::str::from_utf8(rest.next()?).ok()?.parse().ok()?;
    Some(Stat { pid, comm: data[open + 1..close].to_vec(), state, ppid })
}

fn open_at(dir: RawFd, path: &CStr, flags: libc::c_int) -> Res<OwnedFd> {
    // SAFETY: the path is NUL-terminated; openat returns a new descriptor or -1.
    let fd = unsafe { libc::openat(dir, path.as_ptr(), flags | libc::O_CLOEXEC) };
    Errno::result(fd)?;
    // SAFETY: the descriptor is fresh and ours.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn read_max(fd: &OwnedFd, max: usize) -> Res<Vec<u8>> {
    let mut buf = vec![0u8; max];
    let mut len = 0;
    while len < max {
        // SAFETY: we read into the unfilled tail of our own buffer.
        let n = unsafe { libc::read(fd.as_raw_fd(), buf[len..].as_mut_ptr().cast(), max - len) };
        match Errno::result(n) {
            Ok(0) => break,
            Ok(n) => len += n as usize,
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    buf.truncate(len);
    buf.shrink_to_fit();
    Ok(buf)
}

/// Calls `f` with each entry name of a directory (without `.` and `..`), with
/// getdents64 straight on our descriptor into the reused `buf`.
fn read_dir_names(fd: &OwnedFd, buf: &mut Vec<u8>, mut f: impl FnMut(&CStr)) -> Res<()> {
    buf.resize(16 * 1024, 0);
    loop {
        // SAFETY: getdents64 writes at most buf.len() bytes of dirent64 records.
        let n = unsafe { libc::syscall(libc::SYS_getdents64, fd.as_raw_fd(), buf.as_mut_ptr(), buf.len()) };
        let n = Errno::result(n)? as usize;
        if n == 0 {
            return Ok(());
        }
        let mut at = 0;
        // struct linux_dirent64: u64 ino, i64 off, u16 reclen, u8 type, name[] (NUL-ended)
        while at + 19 < n {
            let reclen = u16::from_ne_bytes([buf[at + 16], buf[at + 17]]) as usize;
            if reclen == 0 || at + reclen > n {
                break;
            }
            if let Ok(name) = CStr::from_bytes_until_nul(&buf[at + 19..at + reclen]) {
                if name.to_bytes() != b"." && name.to_bytes() != b".." {
                    f(name);
                }
            }
            at += reclen;
        }
    }
}

/// readlinkat into a caller's buffer; a longer target is cut to the buffer.
fn readlink_into<'a>(dir: RawFd, name: &CStr, buf: &'a mut [u8]) -> Res<&'a [u8]> {
    // SAFETY: readlinkat writes at most buf.len() bytes into the buffer.
    let n = unsafe { libc::readlinkat(dir, name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    let n = Errno::result(n)? as usize;
    Ok(&buf[..n])
}

/// One line of /proc/PID/mountinfo, with the octal escapes (`\040`) decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountInfo {
    pub id: u32,
    pub parent: u32,
    pub root: Vec<u8>,
    pub target: Vec<u8>,
    pub fstype: Vec<u8>,
    pub source: Vec<u8>,
    /// A `shared:N` among the optional fields: the mount is in a peer group.
    pub shared: bool,
}

/// Reads and parses /proc/self/mountinfo.
pub fn mountinfo() -> Res<Vec<MountInfo>> {
    let data = std::fs::read("/proc/self/mountinfo")
        .map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)))?;
    Ok(parse_mountinfo(&data))
}

/// Parses mountinfo text; malformed lines are skipped.
pub fn parse_mountinfo(data: &[u8]) -> Vec<MountInfo> {
    data.split(|&b| b == b'\n').filter_map(parse_mountinfo_line).collect()
}

fn parse_mountinfo_line(line: &[u8]) -> Option<MountInfo> {
    let fields: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let sep = fields.iter().position(|f| *f == b"-")?;
    if sep < 6 || fields.len() < sep + 3 {
        return None;
    }
    let num = |f: &[u8]| std::str::from_utf8(f).ok()?.parse::<u32>().ok();
    Some(MountInfo {
        id: num(fields[0])?,
        parent: num(fields[1])?,
        root: unescape(fields[3]),
        target: unescape(fields[4]),
        fstype: unescape(fields[sep + 1]),
        source: unescape(fields[sep + 2]),
        shared: fields[6..sep].iter().any(|f| f.starts_with(b"shared:")),
    })
}

/// The id of the mount that holds what our descriptor `fd` refers to (`mnt_id:` of
/// /proc/self/fdinfo/FD, Linux 3.15).
pub fn mount_id(fd: std::os::fd::BorrowedFd<'_>) -> Res<u32> {
    let path = format!("/proc/self/fdinfo/{}", fd.as_raw_fd());
    let data = std::fs::read(path).map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)))?;
    let line = data.split(|&b| b == b'\n').find_map(|l| l.strip_prefix(b"mnt_id:")).ok_or(Errno::EINVAL)?;
    std::str::from_utf8(line).ok().and_then(|s| s.trim().parse().ok()).ok_or(Errno::EINVAL)
}

/// Decodes the kernel's `\ooo` escapes of mountinfo fields.
pub fn unescape(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let oct = field
            .get(i + 1..i + 4)
            .filter(|d| field[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match oct {
            Some(d) => {
                out.push(d.iter().fold(0u8, |acc, c| acc.wrapping_mul(8).wrapping_add(c - b'0')));
                i += 4;
            }
            None => {
                out.push(field[i]);
                i += 1;
            }
        }
    }
    out
}

/// `path` as an OsStr, for messages.
pub fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_with_odd_comm() {
        let s = parse_stat(b"42 (a) b (c)) S 7 42 42 0 -1").expect("parses");
        assert_eq!((s.pid, s.comm.as_slice(), s.state, s.ppid), (42, &b"a) b (c)"[..], b'S', 7));
        assert!(parse_stat(b"garbage").is_none());
    }

    #[test]
    fn links() {
        assert_eq!(parse_ns_link(b"net:[4026531840]"), Some((NsKind::Net, 4026531840)));
        assert_eq!(parse_ns_link(b"pipe:[12]"), None);
        assert_eq!(parse_ns_link(b"/tmp/net:[5]"), None);
        assert_eq!(parse_socket_link(b"socket:[77]"), Some(77));
    }

    #[test]
    fn own_process() {
        let me = std::process::id() as i32;
        let proc = Proc::open().expect("open /proc");
        let dir = proc.process(me).expect("open self");
        assert_eq!(dir.stat().expect("stat").pid, me);
        // SAFETY: getppid and geteuid have no preconditions.
        assert_eq!(dir.ppid().expect("ppid"), unsafe { libc::getppid() });
        assert_eq!(dir.uid().expect("uid"), unsafe { libc::geteuid() });
        assert!(!dir.command().expect("command").is_empty());
        assert!(!dir.comm().expect("comm").is_empty());
        let (_, ino) = dir.ns_id(NsKind::Uts).expect("ns");
        assert_eq!(dir.open_ns(NsKind::Uts).expect("open ns").ino(), ino);
        assert_eq!(dir.ns_ino(NsKind::Uts).expect("ns link"), ino);
        assert!(dir.fds().expect("fds").iter().any(|(n, _)| *n == 0 || *n == 1 || *n == 2));
        assert!(pids().expect("pids").contains(&me));
        assert_eq!(self_pid(), Some(me));
    }

    #[test]
    fn vanished_process_is_an_error_not_a_panic() {
        assert!(ProcDir::open(i32::MAX).is_err());
    }

    #[test]
    fn mountinfo_lines() {
        let text = b"65 64 0:4 net:[4026532249] /run/netns/a\\040b rw shared:2 - nsfs nsfs rw\n\
                     27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\nbroken line\n";
        let m = parse_mountinfo(text);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].root, b"net:[4026532249]");
        assert_eq!(m[0].target, b"/run/netns/a b");
        assert_eq!(m[0].fstype, b"nsfs");
        assert_eq!((m[1].id, m[1].parent), (27, 1));
        assert_eq!((m[0].shared, m[1].shared), (true, false));
        assert_eq!(unescape(b"a\\134b\\0"), b"a\\b\\0");
        let own = mountinfo().expect("own mountinfo");
        let root = std::fs::File::open("/").expect("open /");
        let id = mount_id(std::os::fd::AsFd::as_fd(&root)).expect("mnt_id of /");
        assert!(own.iter().any(|m| m.id == id), "mount {id} of / is in our mountinfo");
    }
}
