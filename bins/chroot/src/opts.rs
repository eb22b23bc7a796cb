//! The command line: coreutils chroot's long-only options, in its table order.

use common::cli::{Opt, Ordering, Spec};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    Groups,
    Userspec,
    SkipChdir,
    Help,
    Version,
}

static OPTS: &[Opt<Id>] = &[
    Opt::req(Id::Groups, None, "groups", "g1,g2,..,gN", "specify supplementary groups as g1,g2,..,gN")
        .usage("      --groups=G_LIST        specify supplementary groups as g1,g2,..,gN\n"),
    Opt::req(Id::Userspec, None, "userspec", "user:group", "specify user and group (ID or name) to use")
        .usage("      --userspec=USER:GROUP  specify user and group (ID or name) to use\n"),
    Opt::flag(Id::SkipChdir, None, "skip-chdir", "do not change working directory to '/'")
        .usage("      --skip-chdir           do not change working directory to %s\n"),
    Opt::flag(Id::Help, None, "help", "display this help and exit")
        .usage("      --help        display this help and exit\n"),
    Opt::flag(Id::Version, None, "version", "output version information and exit")
        .usage("      --version     output version information and exit\n"),
];

/// getopt's `+`: the first operand (NEWROOT) ends the options.
pub static SPEC: Spec<Id> = Spec { opts: OPTS, ordering: Ordering::RequireOrder };
