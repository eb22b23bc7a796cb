//! The command line: util-linux's option table (long options in its order, which
//! glibc uses to list ambiguous abbreviations), the help text, and the options acting
//! as getopt hands them out: explicit files and directories are opened at once, so
//! `nsenter -m/missing -x` complains about the file first, as the reference does.

use std::ffi::{OsStr, OsString};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use common::cli::{HasArg, Opt, Ordering, Spec, Stop};
use common::nsfile::open_cloexec;
use common::{Error, NsFile, NsKind};
use nix::fcntl::OFlag;

use common::num::{self, NumError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    All,
    Help,
    Version,
    Target,
    Ns(NsKind),
    NetSocket,
    SetUid,
    SetGid,
    Root,
    Wd,
    WdNs,
    Env,
    NoFork,
    JoinCgroup,
    PreserveCred,
    KeepCaps,
    UserParent,
    FollowContext,
}

const fn ns(kind: NsKind, short: char, long: &'static str, help: &'static str) -> Opt<Id> {
    Opt::optional(Id::Ns(kind), Some(short), long, "file", help)
}

static OPTS: &[Opt<Id>] = &[
    Opt::flag(Id::All, Some('a'), "all", "enter all namespaces")
        .usage(" -a, --all              enter all namespaces\n"),
    Opt::flag(Id::Help, Some('h'), "help", "display this help"),
    Opt::flag(Id::Version, Some('V'), "version", "display version"),
    Opt::req(
        Id::Target,
        Some('t'),
        "target",
        "pid",
        "target process to get namespaces from (PID or PID:INODE)",
    )
    .usage(" -t, --target <pid>     target process to get namespaces from\n"),
    ns(NsKind::Mnt, 'm', "mount", "enter mount namespace")
        .usage(" -m, --mount[=<file>]   enter mount namespace\n"),
    ns(NsKind::Uts, 'u', "uts", "enter UTS namespace (hostname etc)")
        .usage(" -u, --uts[=<file>]     enter UTS namespace (hostname etc)\n"),
    ns(NsKind::Ipc, 'i', "ipc", "enter System V IPC namespace")
        .usage(" -i, --ipc[=<file>]     enter System V IPC namespace\n"),
    ns(NsKind::Net, 'n', "net", "enter network namespace")
        .usage(" -n, --net[=<file>]     enter network namespace\n"),
    Opt::req(
        Id::NetSocket,
        Some('N'),
        "net-socket",
        "fd",
        "enter socket's network namespace (use with --target)",
    )
    .usage(" -N, --net-socket <fd>  enter socket's network namespace (use with --target)\n"),
    ns(NsKind::Pid, 'p', "pid", "enter pid namespace").usage(" -p, --pid[=<file>]     enter pid namespace\n"),
    ns(NsKind::User, 'U', "user", "enter user namespace")
        .usage(" -U, --user[=<file>]    enter user namespace\n"),
    ns(NsKind::Cgroup, 'C', "cgroup", "enter cgroup namespace")
        .usage(" -C, --cgroup[=<file>]  enter cgroup namespace\n"),
    ns(NsKind::Time, 'T', "time", "enter time namespace")
        .usage(" -T, --time[=<file>]    enter time namespace\n"),
    Opt::req(Id::SetUid, Some('S'), "setuid", "uid", "set uid in entered namespace (a number or 'follow')")
        .usage(" -S, --setuid <uid>     set uid in entered namespace\n"),
    Opt::req(Id::SetGid, Some('G'), "setgid", "gid", "set gid in entered namespace (a number or 'follow')")
        .usage(" -G, --setgid <gid>     set gid in entered namespace\n"),
    Opt::optional(Id::Root, Some('r'), "root", "dir", "set the root directory")
        .usage(" -r, --root[=<dir>]     set the root directory\n"),
    Opt::optional(Id::Wd, Some('w'), "wd", "dir", "set the working directory")
        .usage(" -w, --wd[=<dir>]       set the working directory\n"),
    // -W DIR as in 2.38.1 (scripts write `-W /dir`); --wdns=DIR, or --wdns alone for
    // the target's working directory
    Opt {
        id: Id::WdNs,
        short: Some('W'),
        long: None,
        arg: HasArg::Required,
        value: "dir",
        help: WDNS,
        usage: WDNS_USAGE,
    },
    Opt {
        id: Id::WdNs,
        short: None,
        long: Some("wdns"),
        arg: HasArg::Optional,
        value: "dir",
        help: WDNS,
        usage: "",
    },
    Opt::flag(Id::Env, Some('e'), "env", "inherit environment variables from target process")
        .usage(" -e, --env              inherit environment variables from target process\n"),
    Opt::flag(Id::NoFork, Some('F'), "no-fork", "do not fork before exec'ing <program>")
        .usage(" -F, --no-fork          do not fork before exec'ing <program>\n"),
    Opt::flag(Id::JoinCgroup, Some('c'), "join-cgroup", "join the cgroup of the target process")
        .usage(" -c, --join-cgroup      join the cgroup of the target process\n"),
    Opt::flag(Id::PreserveCred, None, "preserve-credentials", "do not touch uids or gids")
        .usage("     --preserve-credentials do not touch uids or gids\n"),
    Opt::flag(Id::KeepCaps, None, "keep-caps", "retain capabilities granted in user namespaces")
        .usage("     --keep-caps        retain capabilities granted in user namespaces\n"),
    Opt::flag(Id::UserParent, None, "user-parent", "enter parent user namespace")
        .usage("     --user-parent      enter parent user namespace\n"),
    Opt::flag(
        Id::FollowContext,
        Some('Z'),
        "follow-context",
        "set SELinux context according to --target PID",
    )
    .usage(" -Z, --follow-context   set SELinux context according to --target PID\n"),
];

const WDNS_USAGE: &str = " -W, --wdns <dir>       set the working directory in namespace\n";
const WDNS: &str = "set the working directory in namespace (default: the target's, by path)";

pub static SPEC: Spec<Id> = Spec { opts: OPTS, ordering: Ordering::RequireOrder };

/// Where a namespace comes from.
#[derive(Debug)]
pub enum Source {
    /// The target process's namespace of that kind.
    Target,
    /// A file opened before any switch (`--mount=FILE`, `-m:NSID`, `-N`, `--user-parent`).
    File(NsFile),
}

/// `-S`/`-G`: a number, or `follow` (the owner of /proc/PID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdArg {
    Num(u32),
    Follow,
}

/// `-r`/`-w`: the target's directory, or one opened while parsing.
#[derive(Debug)]
pub enum Dir {
    Target,
    Fd(OwnedFd),
}

/// `-W`: a path looked up after entering, or (without a value) the target's working
/// directory's path, looked up the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WdNs {
    Path(OsString),
    TargetCwd,
}

/// `-t PID` or `-t PID:INODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetArg {
    pub pid: i32,
    /// The pidfd inode (pidfs) that pins the process against pid reuse.
    pub ino: Option<u64>,
}

#[derive(Debug, Default)]
pub struct Options {
    pub target: Option<TargetArg>,
    pub all: bool,
    /// Indexed by `NsKind as usize` (setns order).
    pub ns: [Option<Source>; 8],
    pub net_socket: Option<i32>,
    pub user_parent: bool,
    pub uid: Option<IdArg>,
    pub gid: Option<IdArg>,
    pub preserve_cred: bool,
    pub keep_caps: bool,
    pub root: Option<Dir>,
    pub wd: Option<Dir>,
    pub wdns: Option<WdNs>,
    pub env: bool,
    pub no_fork: bool,
    pub join_cgroup: bool,
    pub follow_context: bool,
    pub program: Vec<OsString>,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Options>),
    Help,
    Version,
}

/// Parses the command line (opening explicit namespace files at once, as upstream
/// does); prints nothing.
pub fn parse(args: Vec<OsString>) -> Result<Parsed, Stop> {
    let (parsed, usage) = SPEC.parse_until_error(args);
    let mut o = Options::default();
    let mut exclusive: Option<Id> = None;
    for (id, value) in parsed.opts {
        if matches!(id, Id::Wd | Id::WdNs) {
            if exclusive.is_some_and(|seen| seen != id) {
                return Err(Stop::Exclusive(&["wdns", "wd"]));
            }
            exclusive = Some(id);
        }
        match id {
            Id::Help => return Ok(Parsed::Help),
            Id::Version => return Ok(Parsed::Version),
            _ => o.apply(id, value)?,
        }
    }
    if let Some(e) = usage {
        return Err(Stop::Usage(e));
    }
    o.program = parsed.operands;
    Ok(Parsed::Run(Box::new(o)))
}

impl Options {
    fn apply(&mut self, id: Id, value: Option<OsString>) -> Result<(), Error> {
        match id {
            Id::All => self.all = true,
            Id::Help | Id::Version => {}
            Id::Target => self.set_target(&value.unwrap_or_default())?,
            Id::Ns(kind) => self.enable(kind, value)?,
            Id::NetSocket => {
                let v = value.unwrap_or_default();
                let fd = num::parse_unsigned(v.as_bytes(), i32::MAX as u64)
                    .map_err(|e| num::error("failed to parse file descriptor", v.as_bytes(), e))?;
                self.net_socket = Some(fd as i32);
            }
            Id::SetUid => self.uid = Some(id_arg(&value.unwrap_or_default(), "failed to parse uid")?),
            Id::SetGid => self.gid = Some(id_arg(&value.unwrap_or_default(), "failed to parse gid")?),
            Id::Root => self.root = Some(dir(value)?),
            Id::Wd => self.wd = Some(dir(value)?),
            Id::WdNs => self.wdns = Some(value.map_or(WdNs::TargetCwd, WdNs::Path)),
            Id::Env => self.env = true,
            Id::NoFork => self.no_fork = true,
            Id::JoinCgroup => self.join_cgroup = true,
            Id::PreserveCred => self.preserve_cred = true,
            Id::KeepCaps => self.keep_caps = true,
            Id::UserParent => self.user_parent = true,
            Id::FollowContext => self.follow_context = true,
        }
        Ok(())
    }

    fn set_target(&mut self, v: &OsStr) -> Result<(), Error> {
        if self.target.is_some() {
            return Err(Error::msg("option --target may be given only once"));
        }
        let t = target_arg(v).map_err(|e| num::error("failed to parse pid", v.as_bytes(), e))?;
        // pid 0 means no target, as util-linux has always read it
        self.target = (t.pid != 0).then_some(t);
        Ok(())
    }

    /// `-m` alone takes the target's namespace unless a file was given before;
    /// `-mFILE` (a leading `=` stripped, as upstream does for `-m=FILE`) opens FILE
    /// now, and `-m:NSID` opens the namespace with that id.
    fn enable(&mut self, kind: NsKind, value: Option<OsString>) -> Result<(), Error> {
        let slot = &mut self.ns[kind as usize];
        let Some(v) = value else {
            if slot.is_none() {
                *slot = Some(Source::Target);
            }
            return Ok(());
        };
        let bytes = v.as_bytes();
        let bytes = bytes.strip_prefix(b"=").unwrap_or(bytes);
        let file = match bytes.strip_prefix(b":") {
            Some(id) => {
                let nsid = num::parse_unsigned(id, u64::MAX)
                    .map_err(|e| num::error("failed to parse namespace id", id, e))?;
                NsFile::open_by_id(kind, nsid)?
            }
            None => NsFile::open(Path::new(OsStr::from_bytes(bytes)))?,
        };
        *slot = Some(Source::File(file));
        Ok(())
    }
}

fn target_arg(v: &OsStr) -> Result<TargetArg, NumError> {
    let (pid, rest) = num::leading_u64(v.as_bytes())?;
    let pid = i32::try_from(pid).map_err(|_| NumError::Range)?;
    let ino = match rest {
        [] => None,
        [b':', ino @ ..] => match num::parse_unsigned(ino, u64::MAX)? {
            0 => return Err(NumError::Invalid),
            i => Some(i),
        },
        _ => return Err(NumError::Invalid),
    };
    Ok(TargetArg { pid, ino })
}

fn id_arg(v: &OsStr, what: &'static str) -> Result<IdArg, Error> {
    if v == "follow" {
        return Ok(IdArg::Follow);
    }
    let n = num::parse_unsigned(v.as_bytes(), u64::from(u32::MAX))
        .map_err(|e| num::error(what, v.as_bytes(), e))?;
    Ok(IdArg::Num(n as u32))
}

fn dir(value: Option<OsString>) -> Result<Dir, Error> {
    match value {
        None => Ok(Dir::Target),
        Some(p) => Ok(Dir::Fd(open_cloexec(Path::new(&p), OFlag::O_RDONLY)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Result<TargetArg, NumError> {
        target_arg(OsStr::new(s))
    }

    #[test]
    fn targets() {
        assert_eq!(t("12"), Ok(TargetArg { pid: 12, ino: None }));
        assert_eq!(t("12:345"), Ok(TargetArg { pid: 12, ino: Some(345) }));
        assert_eq!(t("12:0"), Err(NumError::Invalid));
        assert_eq!(t("12:"), Err(NumError::Invalid));
        assert_eq!(t("12:x"), Err(NumError::Invalid));
        assert_eq!(t("-1"), Err(NumError::Range));
        assert_eq!(t("2147483648"), Err(NumError::Range));
        assert_eq!(t("abc"), Err(NumError::Invalid));
    }

    #[test]
    fn ids() {
        assert_eq!(id_arg(OsStr::new("follow"), "failed to parse uid"), Ok(IdArg::Follow));
        assert_eq!(id_arg(OsStr::new("0"), "failed to parse uid"), Ok(IdArg::Num(0)));
        let e = id_arg(OsStr::new("-5"), "failed to parse gid").expect_err("negative");
        assert_eq!(e.to_string(), "failed to parse gid: '-5': Numerical result out of range");
    }

    #[test]
    fn help_lists_every_option() {
        let help = String::from_utf8(crate::help::help("nsenter")).expect("UTF-8");
        for o in OPTS {
            if let Some(long) = o.long {
                assert!(help.contains(&format!("--{long}")), "--{long} missing from --help");
            }
            if let Some(short) = o.short {
                assert!(help.contains(&format!(" -{short}, ")), "-{short} missing from --help");
            }
        }
    }
}
