//! Finding namespaces: every process under /proc, the namespaces their descriptors
//! and sockets hold, and nsfs bind mounts. One pass, linear in the number of
//! processes: per process one directory descriptor and one fstatat per selected kind;
//! the command line and the owner are read only for the processes that end up shown.
//!
//! A process that vanishes or may not be inspected half-way is skipped as a whole:
//! it never yields an error, a partial row, or a namespace count that includes it.

use std::collections::{HashMap, HashSet};
use std::os::fd::{AsFd, OwnedFd};

use common::error::Errno;
use common::procfs::{parse_ns_link, parse_socket_link, Proc, ProcDir};
use common::{Error, NsFile, NsKind};

use crate::netnsid::{Netlink, NetnsId};
use crate::related;

/// What we know about one process that is shown somewhere.
#[derive(Debug, Clone)]
pub struct Process {
    pub pid: i32,
    pub ppid: i32,
    pub uid: u32,
    pub command: Vec<u8>,
}

/// How a namespace was found, and so how to open it again.
#[derive(Debug, Clone)]
pub enum Origin {
    Process,
    /// Held by descriptor `fd` of process `pid` (an nsfs file or a socket).
    Fd(i32, i32),
    Socket(i32, i32),
    Mount(Vec<u8>),
    /// Only the parent or owner of another namespace (tree output).
    Related,
}

#[derive(Debug, Clone)]
pub struct Namespace {
    pub ino: u64,
    pub kind: NsKind,
    pub nprocs: u32,
    /// Index into [`Scan::procs`] of the lowest pid in the namespace.
    pub rep: Option<usize>,
    pub pns: u64,
    pub ons: u64,
    /// NS_GET_OWNER_UID, shown when no process represents the namespace.
    pub owner_uid: u32,
    pub netnsid: NetnsId,
    pub has_task: bool,
    pub origin: Origin,
}

/// What to find out beyond membership.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    pub kinds: Vec<NsKind>,
    pub relations: bool,
    pub netnsid: bool,
    /// `-p PID`.
    pub task: Option<i32>,
    /// The positional namespace: keep every member process.
    pub members_of: Option<u64>,
    /// Owner and parent namespaces of everything found, even without processes.
    pub complete_trees: bool,
}

#[derive(Default)]
pub struct Scan {
    pub namespaces: HashMap<u64, Namespace>,
    pub procs: Vec<Process>,
    /// Processes of the positional namespace, ascending pid.
    pub members: Vec<usize>,
    /// Bind mounts of each namespace (of any kind), in mountinfo order.
    pub nsfs: HashMap<u64, Vec<Vec<u8>>>,
    needs: Needs,
    netlink: Netlink,
    sockets: HashSet<u64>,
    self_pid: i32,
    scratch: Vec<u8>,
    nsfs_dev: Option<u64>,
}

enum Link {
    Ns,
    Socket(u64),
    Path,
}

/// Descriptors that are never namespace files, so not worth a stat each.
fn is_terminal_or_null(link: &[u8]) -> bool {
    link == b"/dev/null" || link.starts_with(b"/dev/pts/") || link.starts_with(b"/dev/tty")
}

impl Scan {
    pub fn run(needs: Needs) -> Result<Scan, Error> {
        let mut s = Scan {
            needs,
            self_pid: std::process::id() as i32,
            nsfs_dev: common::nsfile::nsfs_dev(),
            ..Scan::default()
        };
        let proc = Proc::open().map_err(|e| Error::sys("cannot open /proc", e))?;
        let pids = common::procfs::pids().map_err(|e| Error::sys("cannot read /proc", e))?;
        for pid in pids {
            if let Ok(dir) = proc.process(pid) {
                s.process(&dir)?;
            }
        }
        s.mounts()?;
        if s.needs.complete_trees {
            s.complete_trees()?;
        }
        Ok(s)
    }

    fn process(&mut self, dir: &ProcDir) -> Result<(), Error> {
        let kinds = self.needs.kinds.clone();
        let mut ids: Vec<(NsKind, u64)> = Vec::with_capacity(kinds.len());
        for &k in &kinds {
            if let Ok(ino) = dir.ns_ino(k) {
                ids.push((k, ino));
            }
        }
        if ids.is_empty() {
            return Ok(());
        }
        let pid = dir.pid();
        let member = self.needs.members_of.is_some_and(|m| ids.iter().any(|&(_, i)| i == m));
        let shown = member
            || ids.iter().any(|&(_, ino)| match self.namespaces.get(&ino) {
                None => true,
                Some(ns) => ns.rep.is_none_or(|r| pid < self.procs[r].pid),
            });
        let mut idx = None;
        if shown {
            let Some(p) = read_process(dir) else { return Ok(()) };
            self.procs.push(p);
            idx = Some(self.procs.len() - 1);
        }
        if member {
            self.members.extend(idx);
        }
        for (kind, ino) in ids {
            if !self.namespaces.contains_key(&ino) {
                let ns = dir.open_ns(kind).ok();
                self.add(ino, kind, Origin::Process, ns.as_ref())?;
            }
            let Some(ns) = self.namespaces.get_mut(&ino) else { continue };
            ns.nprocs += 1;
            ns.has_task |= Some(pid) == self.needs.task;
            if let Some(i) = idx {
                if ns.rep.is_none_or(|r| pid < self.procs[r].pid) {
                    ns.rep = Some(i);
                }
            }
        }
        if pid != self.self_pid {
            self.descriptors(dir)?;
        }
        Ok(())
    }

    /// Namespaces held by a process's descriptors: nsfs files and sockets.
    fn descriptors(&mut self, dir: &ProcDir) -> Result<(), Error> {
        let mut held: Vec<(i32, Link)> = Vec::new();
        let kinds = &self.needs.kinds;
        let (namespaces, sockets) = (&self.namespaces, &self.sockets);
        let listed = dir.for_each_fd(&mut self.scratch, |fd, link| {
            if let Some((kind, ino)) = parse_ns_link(link) {
                if !namespaces.contains_key(&ino) && kinds.contains(&kind) {
                    held.push((fd, Link::Ns));
                }
            } else if let Some(sock) = parse_socket_link(link) {
                if kinds.contains(&NsKind::Net) && !sockets.contains(&sock) {
                    held.push((fd, Link::Socket(sock)));
                }
            } else if link.starts_with(b"/") && !is_terminal_or_null(link) {
                // a namespace file opened through a bind mount reads as that path
                held.push((fd, Link::Path));
            }
        });
        if listed.is_err() || held.is_empty() {
            return Ok(());
        }
        let mut pidfd: Option<Option<OwnedFd>> = None;
        for (fd, link) in held {
            match link {
                Link::Path if dir.fd_id(fd).ok().map(|(dev, _)| Some(dev)) != Some(self.nsfs_dev) => {}
                Link::Ns | Link::Path => {
                    let Ok(file) =
                        dir.open_fd(fd).map_err(drop).and_then(|f| NsFile::from_fd(f).map_err(drop))
                    else {
                        continue;
                    };
                    let Ok(kind) = file.kind() else { continue };
                    if !self.namespaces.contains_key(&file.ino()) && self.needs.kinds.contains(&kind) {
                        self.add(file.ino(), kind, Origin::Fd(dir.pid(), fd), Some(&file))?;
                    }
                }
                Link::Socket(sock) => {
                    if !self.sockets.insert(sock) {
                        continue;
                    }
                    let pfd = pidfd.get_or_insert_with(|| common::nsfile::pidfd_open(dir.pid()).ok());
                    let Some(pfd) = pfd.as_ref() else { continue };
                    let Ok(dup) = common::nsfile::pidfd_getfd(pfd.as_fd(), fd) else { continue };
                    let Ok(net) = NsFile::of_socket(dup.as_fd()) else { continue };
                    if !self.namespaces.contains_key(&net.ino()) {
                        self.add(net.ino(), NsKind::Net, Origin::Socket(dir.pid(), fd), Some(&net))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// nsfs bind mounts: the NSFS column, and namespaces that only a mount keeps.
    fn mounts(&mut self) -> Result<(), Error> {
        let Ok(mounts) = common::procfs::mountinfo() else { return Ok(()) };
        for m in mounts.into_iter().filter(|m| m.fstype == b"nsfs") {
            let Some((kind, ino)) = parse_ns_link(&m.root) else { continue };
            if !self.namespaces.contains_key(&ino) && self.needs.kinds.contains(&kind) {
                let path = std::path::Path::new(common::procfs::os(&m.target));
                if let Ok(file) = NsFile::open(path) {
                    if file.ino() == ino {
                        self.add(ino, kind, Origin::Mount(m.target.clone()), Some(&file))?;
                    }
                }
            }
            self.nsfs.entry(ino).or_default().push(m.target);
        }
        Ok(())
    }

    /// Adds every missing ancestor of the namespaces found so far (the owner and
    /// parent trees).
    fn complete_trees(&mut self) -> Result<(), Error> {
        let mut inos: Vec<u64> = self.namespaces.keys().copied().collect();
        inos.sort_unstable();
        for ino in inos {
            let Some(ns) = self.namespaces.get(&ino) else { continue };
            let missing =
                related::Missing { parent: self.missing(ns.pns, ino), owner: self.missing(ns.ons, ino) };
            if !missing.parent && !missing.owner {
                continue;
            }
            let Some(file) = self.reopen(ns) else { continue };
            let found = related::ancestors(&file, missing, &|i| self.namespaces.contains_key(&i))?;
            for (file, kind) in found {
                self.add(file.ino(), kind, Origin::Related, Some(&file))?;
            }
        }
        Ok(())
    }

    /// A relation (PNS or ONS) of namespace `ino` that the scan has not found.
    fn missing(&self, related: u64, ino: u64) -> bool {
        related != 0 && related != ino && !self.namespaces.contains_key(&related)
    }

    /// Records a namespace seen for the first time; `file` (when we could open it)
    /// answers the ioctls.
    fn add(&mut self, ino: u64, kind: NsKind, origin: Origin, file: Option<&NsFile>) -> Result<(), Error> {
        let mut ns = Namespace {
            ino,
            kind,
            nprocs: 0,
            rep: None,
            pns: 0,
            ons: 0,
            owner_uid: 0,
            netnsid: NetnsId::Unknown,
            has_task: false,
            origin: origin.clone(),
        };
        if let Some(f) = file {
            if self.needs.relations {
                (ns.pns, ns.ons) = relations(f, kind)?;
            }
            if !matches!(origin, Origin::Process) {
                ns.owner_uid = f.owner_uid().unwrap_or(0);
            }
            if self.needs.netnsid && kind == NsKind::Net {
                ns.netnsid = self.netlink.id_of(f.as_fd());
            }
        }
        self.namespaces.insert(ino, ns);
        Ok(())
    }

    /// Reopens a namespace we found earlier, for the ioctls.
    fn reopen(&self, ns: &Namespace) -> Option<NsFile> {
        match &ns.origin {
            Origin::Process => {
                let pid = self.procs.get(ns.rep?)?.pid;
                ProcDir::open(pid).ok()?.open_ns(ns.kind).ok().filter(|f| f.ino() == ns.ino)
            }
            Origin::Fd(pid, fd) => {
                let f = NsFile::from_fd(ProcDir::open(*pid).ok()?.open_fd(*fd).ok()?).ok()?;
                (f.ino() == ns.ino).then_some(f)
            }
            Origin::Socket(pid, fd) => {
                let pidfd = common::nsfile::pidfd_open(*pid).ok()?;
                let dup = common::nsfile::pidfd_getfd(pidfd.as_fd(), *fd).ok()?;
                NsFile::of_socket(dup.as_fd()).ok().filter(|f| f.ino() == ns.ino)
            }
            Origin::Mount(path) => NsFile::open(std::path::Path::new(common::procfs::os(path)))
                .ok()
                .filter(|f| f.ino() == ns.ino),
            Origin::Related => None,
        }
    }
}

/// The owner uid, pid and command of a process about to be shown; `None` if it has
/// gone (or hides) in the meantime.
fn read_process(dir: &ProcDir) -> Option<Process> {
    let uid = dir.uid().ok()?;
    let stat = dir.stat().ok()?;
    let command = match dir.command_line() {
        Ok(Some(c)) => c,
        Ok(None) => dir.comm().ok()?,
        Err(_) => return None,
    };
    Some(Process { pid: dir.pid(), ppid: stat.ppid, uid, command })
}

/// PNS and ONS of a namespace as util-linux computes them: the parent only for pid
/// and user namespaces; EPERM (beyond our reach) reads as 0.
pub fn relations(f: &NsFile, kind: NsKind) -> Result<(u64, u64), Error> {
    let parent = if matches!(kind, NsKind::Pid | NsKind::User) {
        related_ino(f.parent(), "NS_GET_PARENT")?
    } else {
        0
    };
    Ok((parent, related_ino(f.owner(), "NS_GET_USERNS")?))
}

fn related_ino(r: Result<NsFile, Errno>, name: &str) -> Result<u64, Error> {
    match r {
        Ok(f) => Ok(f.ino()),
        Err(Errno::ENOTTY | Errno::ENOSYS) => {
            Err(Error::msg(common::msg!("Unsupported ioctl %s", name)).with_status(2))
        }
        Err(_) => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_own_namespaces() {
        let needs = Needs { kinds: NsKind::LSNS_ORDER.to_vec(), relations: true, ..Needs::default() };
        let s = Scan::run(needs).expect("scan");
        let me = std::process::id() as i32;
        let uts = NsFile::open_proc(None, NsKind::Uts).expect("own uts").ino();
        let ns = &s.namespaces[&uts];
        assert!(ns.nprocs >= 1);
        assert!(s.procs[ns.rep.expect("rep")].pid <= me);
    }
}
