//! `--help`, laid out as util-linux master lays it out (2.38.1's lines plus the newer
//! options in upstream's style); each option's line comes from the option table.

use common::cli::help::{self, Line};
use common::NsKind;

use crate::opts::{Id, SPEC};

const LINES: &[Line<Id>] = &[
    Line::Text("\nUsage:\n"),
    Line::Synopsis(" %s [options] [<program> [<argument>...]]\n"),
    Line::Plain("\n"),
    Line::Text("Run a program with some namespaces unshared from the parent.\n"),
    Line::Text("\nOptions:\n"),
    Line::Opt(Id::Ns(NsKind::Mnt)),
    Line::Opt(Id::Ns(NsKind::Uts)),
    Line::Opt(Id::Ns(NsKind::Ipc)),
    Line::Opt(Id::Ns(NsKind::Net)),
    Line::Opt(Id::Ns(NsKind::Pid)),
    Line::Opt(Id::Ns(NsKind::User)),
    Line::Opt(Id::Ns(NsKind::Cgroup)),
    Line::Opt(Id::Ns(NsKind::Time)),
    Line::Plain("\n"),
    Line::Opt(Id::Fork),
    Line::Opt(Id::MapUser),
    Line::Opt(Id::MapGroup),
    Line::Opt(Id::MapRoot),
    Line::Opt(Id::MapCurrent),
    Line::Opt(Id::MapAuto),
    Line::Opt(Id::MapSubids),
    Line::Opt(Id::MapUsers),
    Line::Opt(Id::MapGroups),
    Line::Opt(Id::Owner),
    Line::Plain("\n"),
    Line::Opt(Id::KillChild),
    Line::Opt(Id::ForwardSignals),
    Line::Opt(Id::MountProc),
    Line::Opt(Id::MountBinfmt),
    Line::Opt(Id::LoadInterp),
    Line::Opt(Id::Propagation),
    Line::Opt(Id::SetGroups),
    Line::Opt(Id::KeepCaps),
    Line::Plain("\n"),
    Line::Opt(Id::Root),
    Line::Opt(Id::Wd),
    Line::Opt(Id::SetUid),
    Line::Opt(Id::SetGid),
    Line::Opt(Id::Monotonic),
    Line::Opt(Id::Boottime),
    Line::Opt(Id::ClearEnv),
    Line::Opt(Id::WhitelistEnv),
    Line::Plain("\n"),
    Line::HelpOptions(27),
    Line::ManTail("unshare(1)"),
];

pub fn help(prog: &str) -> Vec<u8> {
    help::render(&SPEC, LINES, prog)
}

/// The manual page's content, generated from the same option table.
pub fn manual() -> common::manual::Manual {
    common::manual::Manual {
        name: "unshare",
        section: 1,
        about: "run program in new namespaces",
        synopsis: &["unshare [options] [program [arguments]]"],
        description: "Creates new namespaces (as specified by the command-line options) and then executes the \
                      specified program. If program is not given, then ${SHELL} is run (default: /bin/sh), as a \
                      login shell. By default, a new namespace persists only as long as it has member processes. \
                      A namespace can be made persistent by bind-mounting its /proc/PID/ns file onto a \
                      filesystem path with the --KIND=FILE forms; it then lives until the file is unmounted. \
                      Namespace files are bound by a helper forked before the namespaces are unshared, in the \
                      fixed order user, cgroup, ipc, uts, net, pid, mnt, time; if one fails, those already \
                      bound are unmounted again and the program is not run.",
        options: crate::opts::infos(),
        exit_status: "The exit status of the program, or death by the same signal when it was killed by one \
                      (SIGKILL included). 1 for unshare's own failures (or the status of a failed newuidmap or \
                      newgidmap), 126 when the program cannot be executed, 127 when it is not found.",
        examples: &[
            ("unshare --fork --pid --mount-proc readlink /proc/self", "The program is PID 1 of a new PID namespace."),
            ("unshare --map-root-user --user sh -c whoami", "Root inside a new user namespace: prints root."),
            (
                "touch /root/uts-ns && unshare --uts=/root/uts-ns hostname FOO && nsenter --uts=/root/uts-ns hostname",
                "A persistent UTS namespace, entered again later; umount /root/uts-ns ends it.",
            ),
            (
                "unshare --user --map-auto --map-root-user",
                "Root inside, plus the user's /etc/subuid and /etc/subgid ranges from id 1 up.",
            ),
            ("unshare -T --monotonic=-3600 --fork uptime", "A time namespace whose monotonic clock is an hour behind."),
        ],
        see_also: &["clone(2)", "unshare(2)", "namespaces(7)", "nsenter(1)", "newuidmap(1)", "newgidmap(1)", "lsns(8)"],
    }
}
