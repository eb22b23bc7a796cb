//! The option table and the typed options it parses into. Values are checked as they
//! are seen, in command-line order, as util-linux's getopt loop does: the first bad
//! value (or `--help`) decides, even if a usage error follows.

use std::ffi::{OsStr, OsString};

use common::cli::{self, HasArg, Opt, OptInfo, Spec};
use common::idmap::{self, IdKind, IdRange, RangeSpec, SetGroups};
use common::mount::{Propagation, BINFMT_MISC};
use common::{Error, NsKind, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    Help,
    Version,
    Ns(NsKind),
    Fork,
    KillChild,
    ForwardSignals,
    MountProc,
    MountBinfmt,
    MapUser,
    MapUsers,
    MapGroup,
    MapGroups,
    MapRoot,
    MapCurrent,
    MapAuto,
    MapSubids,
    Owner,
    Propagation,
    SetGroups,
    KeepCaps,
    SetUid,
    SetGid,
    Root,
    Wd,
    Monotonic,
    Boottime,
    LoadInterp,
    ClearEnv,
    WhitelistEnv,
}

/// A namespace's long option: the file is optional and only in the `=` form.
const fn ns(kind: NsKind, long: &'static str, help: &'static str) -> Opt<Id> {
    Opt::optional(Id::Ns(kind), None, long, "file", help)
}

/// Its short option, which takes no argument at all (`-pf` is `-p -f`).
const fn ns_short(kind: NsKind, short: char) -> Opt<Id> {
    Opt { id: Id::Ns(kind), short: Some(short), long: None, arg: HasArg::No, value: "", help: "" }
}

/// util-linux's long-option order (glibc lists ambiguous candidates in it).
static OPTS: &[Opt<Id>] = &[
    Opt::flag(Id::Help, Some('h'), "help", "display this help"),
    Opt::flag(Id::Version, Some('V'), "version", "display version"),
    ns(NsKind::Mnt, "mount", "unshare mounts namespace"),
    ns(NsKind::Uts, "uts", "unshare UTS namespace (hostname etc)"),
    ns(NsKind::Ipc, "ipc", "unshare System V IPC namespace"),
    ns(NsKind::Net, "net", "unshare network namespace"),
    ns(NsKind::Pid, "pid", "unshare pid namespace"),
    ns(NsKind::User, "user", "unshare user namespace"),
    ns(NsKind::Cgroup, "cgroup", "unshare cgroup namespace"),
    ns(NsKind::Time, "time", "unshare time namespace"),
    Opt::flag(Id::Fork, Some('f'), "fork", "fork before launching <program>"),
    Opt::optional(
        Id::KillChild,
        None,
        "kill-child",
        "signame",
        "when dying, kill the forked child (implies --fork)",
    ),
    Opt::flag(
        Id::ForwardSignals,
        None,
        "forward-signals",
        "forward SIGTERM and SIGINT to the child (implies --fork)",
    ),
    Opt::optional(Id::MountProc, None, "mount-proc", "dir", "mount proc filesystem first (implies --mount)"),
    Opt::optional(
        Id::MountBinfmt,
        None,
        "mount-binfmt",
        "dir",
        "mount binfmt_misc first (implies --mount and --user)",
    ),
    Opt::req(Id::MapUser, None, "map-user", "uid|name", "map current user to uid (implies --user)"),
    Opt::req(
        Id::MapUsers,
        None,
        "map-users",
        "inner:outer:count",
        "map count users from outeruid to inneruid (implies --user)",
    ),
    Opt::req(Id::MapGroup, None, "map-group", "gid|name", "map current group to gid (implies --user)"),
    Opt::req(
        Id::MapGroups,
        None,
        "map-groups",
        "inner:outer:count",
        "map count groups from outergid to innergid (implies --user)",
    ),
    Opt::flag(Id::MapRoot, Some('r'), "map-root-user", "map current user to root (implies --user)"),
    Opt::flag(Id::MapCurrent, Some('c'), "map-current-user", "map current user to itself (implies --user)"),
    Opt::flag(Id::MapAuto, None, "map-auto", "map users and groups automatically (implies --user)"),
    Opt::flag(Id::MapSubids, None, "map-subids", "map users and groups using subids (implies --user)"),
    Opt::req(Id::Owner, None, "owner", "uid:gid", "create the user namespace as uid:gid (implies --user)"),
    Opt::req(
        Id::Propagation,
        None,
        "propagation",
        "slave|shared|private|unchanged",
        "modify mount propagation in mount namespace",
    ),
    Opt::req(
        Id::SetGroups,
        None,
        "setgroups",
        "allow|deny",
        "control the setgroups syscall in user namespaces",
    ),
    Opt::flag(Id::KeepCaps, None, "keep-caps", "retain capabilities granted in user namespaces"),
    Opt::req(Id::SetUid, Some('S'), "setuid", "uid", "set uid in entered namespace"),
    Opt::req(Id::SetGid, Some('G'), "setgid", "gid", "set gid in entered namespace"),
    Opt::req(Id::Root, Some('R'), "root", "dir", "run the command with root directory set to <dir>"),
    Opt::req(Id::Wd, Some('w'), "wd", "dir", "change working directory to <dir>"),
    Opt::req(
        Id::Monotonic,
        None,
        "monotonic",
        "offset",
        "set clock monotonic offset (seconds) in time namespaces",
    ),
    Opt::req(
        Id::Boottime,
        None,
        "boottime",
        "offset",
        "set clock boottime offset (seconds) in time namespaces",
    ),
    Opt::req(
        Id::LoadInterp,
        Some('l'),
        "load-interp",
        "string",
        "load binfmt definition in the namespace (implies --mount-binfmt)",
    ),
    Opt::flag(Id::ClearEnv, None, "clear-env", "clear the environment"),
    Opt::req(
        Id::WhitelistEnv,
        None,
        "whitelist-env",
        "list",
        "keep only these comma-separated environment variables",
    ),
    ns_short(NsKind::Mnt, 'm'),
    ns_short(NsKind::Uts, 'u'),
    ns_short(NsKind::Ipc, 'i'),
    ns_short(NsKind::Net, 'n'),
    ns_short(NsKind::Pid, 'p'),
    ns_short(NsKind::User, 'U'),
    ns_short(NsKind::Cgroup, 'C'),
    ns_short(NsKind::Time, 'T'),
];

pub static SPEC: Spec<Id> = Spec { opts: OPTS, ordering: cli::Ordering::RequireOrder };

/// The inside id of a single mapping: a number, or the user's own id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapTo {
    Id(u32),
    Current,
}

/// Everything the command line asked for.
#[derive(Debug)]
pub struct Options {
    pub flags: libc::c_int,
    /// `--KIND=FILE`, the last file per kind.
    pub persist: Vec<(NsKind, OsString)>,
    pub fork: bool,
    pub kill_child: Option<i32>,
    pub forward_signals: bool,
    pub mount_proc: Option<OsString>,
    pub mount_binfmt: Option<OsString>,
    pub load_interp: Option<OsString>,
    pub propagation: Propagation,
    pub map_user: Option<MapTo>,
    pub map_group: Option<MapTo>,
    pub user_ranges: Vec<RangeSpec>,
    pub group_ranges: Vec<RangeSpec>,
    pub owner: Option<(u32, u32)>,
    pub setgroups: Option<SetGroups>,
    pub keep_caps: bool,
    pub root: Option<OsString>,
    pub wd: Option<OsString>,
    pub setuid: Option<u32>,
    pub setgid: Option<u32>,
    pub monotonic: Option<i64>,
    pub boottime: Option<i64>,
    pub clear_env: bool,
    pub keep_env: Option<Vec<OsString>>,
    pub command: Vec<OsString>,
}

/// The table for manuals and completions: each namespace's short option folded into
/// its long one (`-m, --mount[=file]`).
pub fn infos() -> Vec<OptInfo> {
    let all = SPEC.infos();
    let short_of = |long: &str| {
        OPTS.iter()
            .find(|o| o.long == Some(long))
            .map(|o| o.id)
            .and_then(|id| OPTS.iter().find(|s| s.id == id && s.long.is_none()).and_then(|s| s.short))
    };
    all.iter()
        .filter(|i| i.long.is_some())
        .map(|i| OptInfo { short: i.short.or_else(|| i.long.and_then(short_of)), ..i.clone() })
        .collect()
}

impl Options {
    pub fn has(&self, kind: NsKind) -> bool {
        self.flags & kind.flag() != 0
    }
}

/// What parsing decided.
pub enum Parsed {
    Run(Box<Options>),
    Help,
    Version,
}

/// Why parsing stopped: a getopt complaint (with the try-help line) or a bad value.
pub enum ParseError {
    Usage(cli::UsageError),
    Value(Error),
}

impl From<Error> for ParseError {
    fn from(e: Error) -> Self {
        ParseError::Value(e)
    }
}

fn text(v: &OsStr) -> String {
    v.to_string_lossy().into_owned()
}

pub fn parse(args: Vec<OsString>) -> std::result::Result<Parsed, ParseError> {
    let (parsed, usage) = SPEC.parse_until_error(args);
    let mut o = Options {
        flags: 0,
        persist: Vec::new(),
        fork: false,
        kill_child: None,
        forward_signals: false,
        mount_proc: None,
        mount_binfmt: None,
        load_interp: None,
        propagation: Propagation::Private,
        map_user: None,
        map_group: None,
        user_ranges: Vec::new(),
        group_ranges: Vec::new(),
        owner: None,
        setgroups: None,
        keep_caps: false,
        root: None,
        wd: None,
        setuid: None,
        setgid: None,
        monotonic: None,
        boottime: None,
        clear_env: false,
        keep_env: None,
        command: parsed.operands,
    };
    for (id, value) in parsed.opts {
        match id {
            Id::Help => return Ok(Parsed::Help),
            Id::Version => return Ok(Parsed::Version),
            _ => apply(&mut o, id, value.as_deref())?,
        }
    }
    if let Some(e) = usage {
        return Err(ParseError::Usage(e));
    }
    if (o.monotonic.is_some() || o.boottime.is_some()) && !o.has(NsKind::Time) {
        return Err(Error::msg(
            "options --monotonic and --boottime require unsharing of a time namespace (-T)",
        )
        .into());
    }
    Ok(Parsed::Run(Box::new(o)))
}

const USER: libc::c_int = libc::CLONE_NEWUSER;
const MNT: libc::c_int = libc::CLONE_NEWNS;

/// Applies one option; `arg` is None for a flag or an optional argument not given
/// (`--mount=` gives an empty one, which util-linux takes as a file name).
fn apply(o: &mut Options, id: Id, arg: Option<&OsStr>) -> Result<()> {
    let value = arg.unwrap_or_default();
    let s = text(value);
    match id {
        Id::Help | Id::Version => {}
        Id::Ns(kind) => {
            o.flags |= kind.flag();
            if let Some(file) = arg {
                o.persist.retain(|(k, _)| *k != kind);
                o.persist.push((kind, file.to_os_string()));
            }
        }
        Id::Fork => o.fork = true,
        Id::KillChild => {
            o.fork = true;
            o.kill_child = Some(kill_signal(arg)?);
        }
        Id::ForwardSignals => {
            o.fork = true;
            o.forward_signals = true;
        }
        Id::MountProc => {
            o.flags |= MNT;
            o.mount_proc = Some(arg.map_or_else(|| OsString::from("/proc"), OsStr::to_os_string));
        }
        Id::MountBinfmt => {
            o.flags |= MNT | USER;
            match arg {
                Some(dir) => o.mount_binfmt = Some(dir.to_os_string()),
                None => default_binfmt(o),
            }
        }
        Id::LoadInterp => {
            o.flags |= MNT | USER;
            if o.mount_binfmt.is_none() {
                default_binfmt(o);
            }
            o.load_interp = Some(value.to_os_string());
        }
        Id::MapUser => {
            o.flags |= USER;
            o.map_user = Some(MapTo::Id(user_id(&s)?));
        }
        Id::MapGroup => {
            o.flags |= USER;
            o.map_group = Some(MapTo::Id(group_id(&s)?));
        }
        Id::MapRoot => {
            o.flags |= USER;
            o.map_user = Some(MapTo::Id(0));
            o.map_group = Some(MapTo::Id(0));
        }
        Id::MapCurrent => {
            o.flags |= USER;
            o.map_user = Some(MapTo::Current);
            o.map_group = Some(MapTo::Current);
        }
        Id::MapUsers => {
            o.flags |= USER;
            o.user_ranges.extend(ranges(IdKind::Uid, &s)?);
        }
        Id::MapGroups => {
            o.flags |= USER;
            o.group_ranges.extend(ranges(IdKind::Gid, &s)?);
        }
        Id::MapAuto | Id::MapSubids => {
            o.flags |= USER;
            let word = if id == Id::MapAuto { "auto" } else { "subids" };
            o.user_ranges.extend(ranges(IdKind::Uid, word)?);
            o.group_ranges.extend(ranges(IdKind::Gid, word)?);
        }
        Id::Owner => {
            o.flags |= USER;
            o.owner = Some(owner(&s).ok_or_else(|| Error::msg("failed to parse owner"))?);
        }
        Id::Propagation => {
            o.propagation = Propagation::parse(&s)
                .ok_or_else(|| Error::msg(format!("unsupported propagation mode: {s}")))?;
        }
        Id::SetGroups => {
            o.setgroups = Some(
                SetGroups::parse(&s)
                    .ok_or_else(|| Error::msg(format!("unsupported --setgroups argument '{s}'")))?,
            );
        }
        Id::KeepCaps => o.keep_caps = true,
        Id::SetUid => o.setuid = Some(idmap::id_or_err(&s, "failed to parse uid")?),
        Id::SetGid => o.setgid = Some(idmap::id_or_err(&s, "failed to parse gid")?),
        Id::Root => o.root = Some(value.to_os_string()),
        Id::Wd => o.wd = Some(value.to_os_string()),
        Id::Monotonic => o.monotonic = Some(offset(&s, "monotonic")?),
        Id::Boottime => o.boottime = Some(offset(&s, "boottime")?),
        Id::ClearEnv => o.clear_env = true,
        Id::WhitelistEnv => {
            let names =
                value.to_string_lossy().split(',').filter(|n| !n.is_empty()).map(OsString::from).collect();
            o.keep_env = Some(names);
        }
    }
    Ok(())
}

/// `--mount-binfmt` without a directory (and `-l`) also mounts a fresh /proc, so the
/// default binfmt_misc directory is the new namespace's.
fn default_binfmt(o: &mut Options) {
    o.mount_binfmt = Some(OsString::from(BINFMT_MISC));
    if o.mount_proc.is_none() {
        o.mount_proc = Some(OsString::from("/proc"));
    }
}

fn kill_signal(arg: Option<&OsStr>) -> Result<i32> {
    let Some(value) = arg else {
        return Ok(libc::SIGKILL);
    };
    let s = text(value);
    common::process::signal_by_name(&s).ok_or_else(|| Error::msg(format!("unknown signal: {s}")))
}

fn user_id(s: &str) -> Result<u32> {
    match common::users::user_by_name(s) {
        Some(u) => Ok(u.uid),
        None => idmap::id_or_err(s, "failed to parse uid"),
    }
}

fn group_id(s: &str) -> Result<u32> {
    match common::users::group_by_name(s) {
        Some(g) => Ok(g.gid),
        None => idmap::id_or_err(s, "failed to parse gid"),
    }
}

/// One `--map-users`/`--map-groups` value: `auto` and `subids` read the euid's
/// /etc/subuid or /etc/subgid line, `all` our own map, anything else a range.
fn ranges(kind: IdKind, s: &str) -> Result<Vec<RangeSpec>> {
    let euid = nix::unistd::geteuid().as_raw();
    Ok(match s {
        "auto" => {
            let (outer, count) = idmap::subid_range(kind, euid)?;
            vec![RangeSpec::Auto { outer, count }]
        }
        "subids" => {
            let (outer, count) = idmap::subid_range(kind, euid)?;
            vec![RangeSpec::Fixed(IdRange { inner: outer, outer, count })]
        }
        "all" => idmap::kernel_map(kind)?.into_iter().map(RangeSpec::Fixed).collect(),
        _ => vec![RangeSpec::Fixed(idmap::parse_range(s)?)],
    })
}

/// `UID:GID`, both numeric.
fn owner(s: &str) -> Option<(u32, u32)> {
    let (u, g) = s.split_once(':')?;
    Some((idmap::parse_id(u)?, idmap::parse_id(g)?))
}

/// A signed number of seconds (strtoimax's grammar).
fn offset(s: &str, clock: &str) -> Result<i64> {
    let what = format!("failed to parse {clock} offset: '{s}'");
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::msg(what));
    }
    t.strip_prefix('+').unwrap_or(t).parse().map_err(|_| Error::sys(what, nix::errno::Errno::ERANGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(offset("5", "monotonic"), Ok(5));
        assert_eq!(offset(" +5", "monotonic"), Ok(5));
        assert_eq!(offset("-5", "boottime"), Ok(-5));
        assert_eq!(offset("-9223372036854775808", "boottime"), Ok(i64::MIN));
        assert_eq!(
            offset("5 ", "monotonic").expect_err("bad").to_string(),
            "failed to parse monotonic offset: '5 '"
        );
        assert_eq!(
            offset("", "boottime").expect_err("bad").to_string(),
            "failed to parse boottime offset: ''"
        );
        assert_eq!(
            offset("--5", "boottime").expect_err("bad").to_string(),
            "failed to parse boottime offset: '--5'"
        );
        assert_eq!(
            offset("99999999999999999999", "monotonic").expect_err("bad").to_string(),
            "failed to parse monotonic offset: '99999999999999999999': Numerical result out of range"
        );
    }

    #[test]
    fn owners() {
        assert_eq!(owner("1000:100"), Some((1000, 100)));
        assert_eq!(owner("1000"), None);
        assert_eq!(owner("a:b"), None);
        assert_eq!(owner("1:2:3"), None);
        assert_eq!(owner("-1:2"), None);
    }

    #[test]
    fn short_options_match_util_linux() {
        let shorts: String = OPTS.iter().filter_map(|o| o.short).collect();
        assert_eq!(shorts, "hVfrcSGRwlmuinpUCT");
        let folded: String = infos().iter().filter_map(|o| o.short).collect();
        assert_eq!(folded, "hVmuinpUCTfrcSGRwl");
        assert_eq!(infos().len(), OPTS.len() - 8);
    }
}
