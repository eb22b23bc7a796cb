//! unshare's option table, in util-linux's long-option order (glibc lists ambiguous
//! candidates in it). Short namespace options are rows of their own: they take no
//! argument, while the long ones take an optional `=FILE`.

use common::cli::{self, HasArg, Opt, Spec};
use common::manual::OptInfo;
use common::NsKind;

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
    Opt { id: Id::Ns(kind), short: Some(short), long: None, arg: HasArg::No, value: "", help: "", usage: "" }
}

static OPTS: &[Opt<Id>] = &[
    Opt::flag(Id::Help, Some('h'), "help", "display this help"),
    Opt::flag(Id::Version, Some('V'), "version", "display version"),
    ns(NsKind::Mnt, "mount", "unshare mounts namespace")
        .usage(" -m, --mount[=<file>]      unshare mounts namespace\n"),
    ns(NsKind::Uts, "uts", "unshare UTS namespace (hostname etc)")
        .usage(" -u, --uts[=<file>]        unshare UTS namespace (hostname etc)\n"),
    ns(NsKind::Ipc, "ipc", "unshare System V IPC namespace")
        .usage(" -i, --ipc[=<file>]        unshare System V IPC namespace\n"),
    ns(NsKind::Net, "net", "unshare network namespace")
        .usage(" -n, --net[=<file>]        unshare network namespace\n"),
    ns(NsKind::Pid, "pid", "unshare pid namespace")
        .usage(" -p, --pid[=<file>]        unshare pid namespace\n"),
    ns(NsKind::User, "user", "unshare user namespace")
        .usage(" -U, --user[=<file>]       unshare user namespace\n"),
    ns(NsKind::Cgroup, "cgroup", "unshare cgroup namespace")
        .usage(" -C, --cgroup[=<file>]     unshare cgroup namespace\n"),
    ns(NsKind::Time, "time", "unshare time namespace")
        .usage(" -T, --time[=<file>]       unshare time namespace\n"),
    Opt::flag(Id::Fork, Some('f'), "fork", "fork before launching <program>")
        .usage(" -f, --fork                fork before launching <program>\n"),
    Opt::optional(
        Id::KillChild,
        None,
        "kill-child",
        "signame",
        "when dying, kill the forked child (implies --fork)",
    )
        .usage(" --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)\n                             defaults to SIGKILL\n"),
    Opt::flag(
        Id::ForwardSignals,
        None,
        "forward-signals",
        "forward SIGTERM and SIGINT to the child (implies --fork)",
    )
        .usage(" --forward-signals         forward SIGTERM and SIGINT to the child (implies --fork)\n"),
    Opt::optional(Id::MountProc, None, "mount-proc", "dir", "mount proc filesystem first (implies --mount)")
        .usage(" --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)\n"),
    Opt::optional(
        Id::MountBinfmt,
        None,
        "mount-binfmt",
        "dir",
        "mount binfmt_misc first (implies --mount and --user)",
    )
        .usage(" --mount-binfmt[=<dir>]    mount binfmt_misc filesystem (implies --mount and --user)\n"),
    Opt::req(Id::MapUser, None, "map-user", "uid|name", "map current user to uid (implies --user)")
        .usage(" --map-user=<uid>|<name>   map current user to uid (implies --user)\n"),
    Opt::req(
        Id::MapUsers,
        None,
        "map-users",
        "inner:outer:count",
        "map count users from outeruid to inneruid (implies --user)",
    )
        .usage(" --map-users=<inneruid>:<outeruid>:<count>\n                           map count users from outeruid to inneruid (implies --user)\n"),
    Opt::req(Id::MapGroup, None, "map-group", "gid|name", "map current group to gid (implies --user)")
        .usage(" --map-group=<gid>|<name>  map current group to gid (implies --user)\n"),
    Opt::req(
        Id::MapGroups,
        None,
        "map-groups",
        "inner:outer:count",
        "map count groups from outergid to innergid (implies --user)",
    )
        .usage(" --map-groups=<innergid>:<outergid>:<count>\n                           map count groups from outergid to innergid (implies --user)\n"),
    Opt::flag(Id::MapRoot, Some('r'), "map-root-user", "map current user to root (implies --user)")
        .usage(" -r, --map-root-user       map current user to root (implies --user)\n"),
    Opt::flag(Id::MapCurrent, Some('c'), "map-current-user", "map current user to itself (implies --user)")
        .usage(" -c, --map-current-user    map current user to itself (implies --user)\n"),
    Opt::flag(Id::MapAuto, None, "map-auto", "map users and groups automatically (implies --user)")
        .usage(" --map-auto                map users and groups automatically (implies --user)\n"),
    Opt::flag(Id::MapSubids, None, "map-subids", "map users and groups using subids (implies --user)")
        .usage(" --map-subids              map users and groups using subids (implies --user)\n"),
    Opt::req(Id::Owner, None, "owner", "uid:gid", "create the user namespace as uid:gid (implies --user)")
        .usage(" --owner=<uid>:<gid>       create the user namespace as this user and group\n                             (implies --user)\n"),
    Opt::req(
        Id::Propagation,
        None,
        "propagation",
        "slave|shared|private|unchanged",
        "modify mount propagation in mount namespace",
    )
        .usage(" --propagation slave|shared|private|unchanged\n                           modify mount propagation in mount namespace\n"),
    Opt::req(
        Id::SetGroups,
        None,
        "setgroups",
        "allow|deny",
        "control the setgroups syscall in user namespaces",
    )
        .usage(" --setgroups allow|deny    control the setgroups syscall in user namespaces\n"),
    Opt::flag(Id::KeepCaps, None, "keep-caps", "retain capabilities granted in user namespaces")
        .usage(" --keep-caps               retain capabilities granted in user namespaces\n"),
    Opt::req(Id::SetUid, Some('S'), "setuid", "uid", "set uid in entered namespace")
        .usage(" -S, --setuid <uid>        set uid in entered namespace\n"),
    Opt::req(Id::SetGid, Some('G'), "setgid", "gid", "set gid in entered namespace")
        .usage(" -G, --setgid <gid>        set gid in entered namespace\n"),
    Opt::req(Id::Root, Some('R'), "root", "dir", "run the command with root directory set to <dir>")
        .usage(" -R, --root=<dir>          run the command with root directory set to <dir>\n"),
    Opt::req(Id::Wd, Some('w'), "wd", "dir", "change working directory to <dir>")
        .usage(" -w, --wd=<dir>            change working directory to <dir>\n"),
    Opt::req(
        Id::Monotonic,
        None,
        "monotonic",
        "offset",
        "set clock monotonic offset (seconds) in time namespaces",
    )
        .usage(" --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces\n"),
    Opt::req(
        Id::Boottime,
        None,
        "boottime",
        "offset",
        "set clock boottime offset (seconds) in time namespaces",
    )
        .usage(" --boottime <offset>       set clock boottime offset (seconds) in time namespaces\n"),
    Opt::req(
        Id::LoadInterp,
        Some('l'),
        "load-interp",
        "string",
        "load binfmt definition in the namespace (implies --mount-binfmt)",
    )
        .usage(" -l, --load-interp=<string>\n                           load binfmt definition in the namespace (implies --mount-binfmt)\n"),
    Opt::flag(Id::ClearEnv, None, "clear-env", "clear the environment")
        .usage(" --clear-env               start the program with an empty environment\n"),
    Opt::req(
        Id::WhitelistEnv,
        None,
        "whitelist-env",
        "list",
        "keep only these comma-separated environment variables",
    )
        .usage(" --whitelist-env <list>    keep only the listed environment variables\n"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_options_match_util_linux() {
        let shorts: String = OPTS.iter().filter_map(|o| o.short).collect();
        assert_eq!(shorts, "hVfrcSGRwlmuinpUCT");
        let folded: String = infos().iter().filter_map(|o| o.short).collect();
        assert_eq!(folded, "hVmuinpUCTfrcSGRwl");
        assert_eq!(infos().len(), OPTS.len() - 8);
    }
}
