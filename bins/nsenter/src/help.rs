//! `--help` (util-linux 2.38.1's layout, upstream's added lines) and the manual that
//! `cargo xtask man` renders from the same option table.

use common::cli::help::{self, Line};
use common::NsKind;

use crate::opts::{Id, SPEC};

const LINES: &[Line<Id>] = &[
    Line::Text("\nUsage:\n"),
    Line::Synopsis(" %s [options] [<program> [<argument>...]]\n"),
    Line::Plain("\n"),
    Line::Text("Run a program with namespaces of other processes.\n"),
    Line::Text("\nOptions:\n"),
    Line::Opt(Id::All),
    Line::Opt(Id::Target),
    Line::Opt(Id::Ns(NsKind::Mnt)),
    Line::Opt(Id::Ns(NsKind::Uts)),
    Line::Opt(Id::Ns(NsKind::Ipc)),
    Line::Opt(Id::Ns(NsKind::Net)),
    Line::Opt(Id::NetSocket),
    Line::Opt(Id::Ns(NsKind::Pid)),
    Line::Opt(Id::Ns(NsKind::Cgroup)),
    Line::Opt(Id::Ns(NsKind::User)),
    Line::Opt(Id::UserParent),
    Line::Opt(Id::Ns(NsKind::Time)),
    Line::Opt(Id::SetUid),
    Line::Opt(Id::SetGid),
    Line::Opt(Id::PreserveCred),
    Line::Opt(Id::KeepCaps),
    Line::Opt(Id::Root),
    Line::Opt(Id::Wd),
    Line::Opt(Id::WdNs),
    Line::Opt(Id::Env),
    Line::Opt(Id::NoFork),
    Line::Opt(Id::JoinCgroup),
    Line::Opt(Id::FollowContext),
    Line::Plain("\n"),
    Line::HelpOptions(24),
    Line::ManTail("nsenter(1)"),
];

/// `--help`, naming the program as invoked (util-linux's program_invocation_short_name).
pub fn help(prog: &str) -> Vec<u8> {
    help::render(&SPEC, LINES, prog)
}

/// The man page's view of the table.
pub fn manual() -> common::manual::Manual {
    common::manual::Manual {
        name: "nsenter",
        section: 1,
        about: "run program in different namespaces",
        synopsis: &["nsenter [options] [program [arguments]]"],
        description: "Enters the namespaces of the target process (-t PID) or of namespace files given \
to the namespace options, then runs program (default: the login shell, $SHELL) in them. \
Namespaces are entered in two passes, so both privilege-dropping and privilege-gaining entries \
work; with a target, one atomic setns(2) on a pidfd is used where the kernel allows. \
When a pid namespace is entered, nsenter forks (unless --no-fork), waits, passes on the \
child's exit status or signal, forwards SIGTERM, SIGINT and SIGHUP to it, and mirrors its stops. \
After entering a user namespace uid and gid 0 are set unless --preserve-credentials, -S or -G say otherwise.",
        options: SPEC.infos(),
        exit_status: "The exit status of program, or the signal that killed it re-raised; 1 when \
nsenter itself fails; 126 when program cannot be executed; 127 when it is not found.",
        examples: &[
            ("nsenter -t 1234 -m -u -i -n -p", "run a shell in all but the user namespace of process 1234"),
            ("nsenter --net=/run/netns/blue ip addr", "run ip in a network namespace made by ip netns add"),
            (
                "nsenter --preserve-credentials -U -m -t 1234",
                "enter a rootless container's user and mount namespaces as its owner",
            ),
            ("nsenter -t 1234 -N 5 ss -t", "enter the network namespace of socket 5 of process 1234"),
        ],
        see_also: &["unshare(1)", "lsns(8)", "clone(2)", "setns(2)", "namespaces(7)"],
    }
}
