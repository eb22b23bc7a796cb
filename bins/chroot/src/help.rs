//! `--help` in GNU's layout and the manual, from the option table.

use common::cli::help::{self, Line};

use crate::opts::{Id, SPEC};

const LINES: &[Line<Id>] = &[
    Line::Synopsis("Usage: %s [OPTION] NEWROOT [COMMAND [ARG]...]\n  or:  %s OPTION\n"),
    Line::Text("Run COMMAND with root directory set to NEWROOT.\n\n"),
    Line::Opt(Id::Groups),
    Line::Opt(Id::Userspec),
    // quoteaf("/")
    Line::OptFormat(Id::SkipChdir, &["'/'"]),
    Line::Opt(Id::Help),
    Line::Opt(Id::Version),
    Line::Text("\nIf no command is given, run '\"$SHELL\" -i' (default: '/bin/sh -i').\n"),
    // coreutils' emit_ancillary_info
    Line::Format("\n%s online help: <%s>\n", &["GNU coreutils", "https://www.gnu.org/software/coreutils/"]),
    Line::UnlessEnglish("Report any translation bugs to <https://translationproject.org/team/>\n"),
    Line::Format("Full documentation <%s%s>\n", &["https://www.gnu.org/software/coreutils/", "chroot"]),
    Line::Format("or available locally via: info '(coreutils) %s%s'\n", &["chroot", " invocation"]),
];

/// `--help`; `prog` is argv\[0\] as given, as coreutils prints it.
pub fn help(prog: &str) -> Vec<u8> {
    help::render(&SPEC, LINES, prog)
}

/// The manual page's content, generated from the same option table.
pub fn manual() -> common::manual::Manual {
    common::manual::Manual {
        name: "chroot",
        section: 8,
        about: "run command or interactive shell with special root directory",
        synopsis: &["chroot [OPTION] NEWROOT [COMMAND [ARG]...]", "chroot OPTION"],
        description: "Runs COMMAND with the root directory set to NEWROOT, and the working directory \
set to the new root unless --skip-chdir is given (allowed only when NEWROOT is the current root). \
Without COMMAND it runs \"$SHELL\" -i, or /bin/sh -i when SHELL is not set. \
Users and groups of --userspec and --groups are names or decimal numbers (a leading + skips the \
name lookup); they are looked up before entering NEWROOT and again inside it, in NEWROOT's \
/etc/passwd and /etc/group. USER: means the user's login group; a user without a group gets \
the login group and the group list of /etc/group. Supplementary groups, then the group, then the \
user are set; any failure is fatal. Names are read from the files directly, never through NSS, \
so users that only LDAP or sssd know do not resolve.",
        options: SPEC.infos(),
        exit_status: "125 if chroot itself fails (usage included), 126 if COMMAND is found but \
cannot be run, 127 if COMMAND is not found, otherwise the exit status of COMMAND.",
        examples: &[
            ("chroot /srv/rootfs /bin/sh -c 'cat /etc/os-release'", "run a command in another root"),
            (
                "chroot --userspec=nobody:nogroup --groups='' /srv/rootfs id",
                "drop to nobody with no supplementary groups",
            ),
            ("chroot --skip-chdir --user=1000 / make", "drop privileges without changing directory"),
        ],
        see_also: &["chroot(2)", "unshare(1)", "nsenter(1)"],
    }
}
