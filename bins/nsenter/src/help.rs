//! `--help` (util-linux 2.38.1's layout, upstream's added lines) and the manual that
//! `cargo xtask man` renders from the same option table.

use common::cli;

use crate::opts::SPEC;

pub const HELP: &str = "
Usage:
 nsenter [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all              enter all namespaces
 -t, --target <pid>     target process to get namespaces from
 -m, --mount[=<file>]   enter mount namespace
 -u, --uts[=<file>]     enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]     enter System V IPC namespace
 -n, --net[=<file>]     enter network namespace
 -N, --net-socket <fd>  enter socket's network namespace (use with --target)
 -p, --pid[=<file>]     enter pid namespace
 -C, --cgroup[=<file>]  enter cgroup namespace
 -U, --user[=<file>]    enter user namespace
     --user-parent      enter parent user namespace
 -T, --time[=<file>]    enter time namespace
 -S, --setuid <uid>     set uid in entered namespace
 -G, --setgid <gid>     set gid in entered namespace
     --preserve-credentials do not touch uids or gids
     --keep-caps        retain capabilities granted in user namespaces
 -r, --root[=<dir>]     set the root directory
 -w, --wd[=<dir>]       set the working directory
 -W, --wdns <dir>       set the working directory in namespace
 -e, --env              inherit environment variables from target process
 -F, --no-fork          do not fork before exec'ing <program>
 -c, --join-cgroup      join the cgroup of the target process
 -Z, --follow-context   set SELinux context according to --target PID

 -h, --help             display this help
 -V, --version          display version

For more details see nsenter(1).
";

/// The man page's view of the table.
pub fn manual() -> cli::Manual {
    cli::Manual {
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
