//! The eight namespace kinds in one table.

use std::fmt;

/// A Linux namespace kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NsKind {
    User,
    Cgroup,
    Ipc,
    Uts,
    Net,
    Pid,
    Mnt,
    Time,
}

// nix has no CLONE_NEWTIME; the value is the kernel's (include/uapi/linux/sched.h).
pub const CLONE_NEWTIME: libc::c_int = 0x0000_0080;

struct Row {
    kind: NsKind,
    flag: libc::c_int,
    /// Name under /proc/PID/ns and in lsns's TYPE column.
    proc_name: &'static str,
    /// unshare/nsenter long option.
    long: &'static str,
    /// unshare/nsenter short option.
    short: char,
}

/// In util-linux's setns order (nsenter's namespace table, unshare's bind order):
/// user first, so entering an owned user namespace grants rights for the rest.
const TABLE: [Row; 8] = [
    Row { kind: NsKind::User, flag: libc::CLONE_NEWUSER, proc_name: "user", long: "user", short: 'U' },
    Row {
        kind: NsKind::Cgroup,
        flag: libc::CLONE_NEWCGROUP,
        proc_name: "cgroup",
        long: "cgroup",
        short: 'C',
    },
    Row { kind: NsKind::Ipc, flag: libc::CLONE_NEWIPC, proc_name: "ipc", long: "ipc", short: 'i' },
    Row { kind: NsKind::Uts, flag: libc::CLONE_NEWUTS, proc_name: "uts", long: "uts", short: 'u' },
    Row { kind: NsKind::Net, flag: libc::CLONE_NEWNET, proc_name: "net", long: "net", short: 'n' },
    Row { kind: NsKind::Pid, flag: libc::CLONE_NEWPID, proc_name: "pid", long: "pid", short: 'p' },
    Row { kind: NsKind::Mnt, flag: libc::CLONE_NEWNS, proc_name: "mnt", long: "mount", short: 'm' },
    Row { kind: NsKind::Time, flag: CLONE_NEWTIME, proc_name: "time", long: "time", short: 'T' },
];

impl NsKind {
    /// Every kind, in setns order (user, cgroup, ipc, uts, net, pid, mnt, time).
    pub const ALL: [NsKind; 8] = [
        NsKind::User,
        NsKind::Cgroup,
        NsKind::Ipc,
        NsKind::Uts,
        NsKind::Net,
        NsKind::Pid,
        NsKind::Mnt,
        NsKind::Time,
    ];

    /// lsns's order of types (its `-t` list and help text).
    pub const LSNS_ORDER: [NsKind; 8] = [
        NsKind::Mnt,
        NsKind::Net,
        NsKind::Pid,
        NsKind::Uts,
        NsKind::Ipc,
        NsKind::User,
        NsKind::Cgroup,
        NsKind::Time,
    ];

    fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// The CLONE_NEW* flag.
    pub fn flag(self) -> libc::c_int {
        self.row().flag
    }

    /// The name in /proc/PID/ns and lsns's TYPE column (`mnt`, `net`, ...).
    pub fn proc_name(self) -> &'static str {
        self.row().proc_name
    }

    /// The /proc/PID/ns entry a new process of ours will be in: pid and time apply
    /// to children, so after unshare(2) they are `*_for_children`.
    pub fn for_children_name(self) -> &'static str {
        match self {
            NsKind::Pid => "pid_for_children",
            NsKind::Time => "time_for_children",
            k => k.proc_name(),
        }
    }

    /// The long option of unshare and nsenter (`mount`, `uts`, ...).
    pub fn long_option(self) -> &'static str {
        self.row().long
    }

    /// The short option of unshare and nsenter (`m`, `u`, ...).
    pub fn short_option(self) -> char {
        self.row().short
    }

    pub fn from_proc_name(name: &str) -> Option<NsKind> {
        TABLE.iter().find(|r| r.proc_name == name).map(|r| r.kind)
    }

    pub fn from_flag(flag: libc::c_int) -> Option<NsKind> {
        TABLE.iter().find(|r| r.flag == flag).map(|r| r.kind)
    }

    /// The OR of the flags of `kinds`.
    pub fn flags_of(kinds: impl IntoIterator<Item = NsKind>) -> libc::c_int {
        kinds.into_iter().fold(0, |acc, k| acc | k.flag())
    }
}

impl fmt::Display for NsKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.proc_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_kind() {
        for k in NsKind::ALL {
            assert_eq!(k.row().kind, k);
            assert_eq!(NsKind::from_proc_name(k.proc_name()), Some(k));
            assert_eq!(NsKind::from_flag(k.flag()), Some(k));
        }
    }

    #[test]
    fn names_and_flags() {
        assert_eq!(NsKind::Mnt.proc_name(), "mnt");
        assert_eq!(NsKind::Mnt.long_option(), "mount");
        assert_eq!(NsKind::Time.flag(), 0x80);
        assert_eq!(NsKind::Pid.for_children_name(), "pid_for_children");
        assert_eq!(NsKind::Net.for_children_name(), "net");
        assert_eq!(NsKind::flags_of([NsKind::Uts, NsKind::Ipc]), libc::CLONE_NEWUTS | libc::CLONE_NEWIPC);
        assert_eq!(NsKind::from_proc_name("pid_for_children"), None);
    }

    #[test]
    fn lsns_order_covers_all() {
        let mut a = NsKind::LSNS_ORDER.to_vec();
        a.sort();
        assert_eq!(a, NsKind::ALL.to_vec());
    }
}
