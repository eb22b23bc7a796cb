//! Run a program in new namespaces (drop-in for util-linux unshare).

mod child;
mod helpers;
mod hints;
mod launch;
mod maps;
pub mod options;
mod signals;
mod table;
mod usage;

use std::ffi::OsString;
use std::process::ExitCode;

use common::cli::{self, Manual};
use common::i18n::Domain;

use options::{ParseError, Parsed};

/// Runs unshare with `args` (argv\[0\] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    cli::exit_status(unshare(args), ExitCode::FAILURE)
}

fn unshare(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (name, args) = cli::init(args, "unshare", Some(Domain::UtilLinux));
    let opts = match options::parse(args) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => return print(&usage::help(&name)),
        Ok(Parsed::Version) => return print(format!("{}\n", cli::version_line()).as_bytes()),
        Err(ParseError::Usage(e)) => return cli::usage_error(&e, 1),
        Err(ParseError::Value(e)) => return cli::fail(&e, 1),
    };
    match launch::launch(&opts) {
        Ok(code) => code,
        Err(e) => cli::fail(&e, 1),
    }
}

fn print(text: &[u8]) -> ExitCode {
    match cli::print_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// The manual page's content, generated from the same option table.
pub fn manual() -> Manual {
    Manual {
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
        options: options::infos(),
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
