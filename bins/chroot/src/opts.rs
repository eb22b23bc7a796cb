//! The command line: coreutils chroot's long-only options, in its table order, and
//! what they ask for.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use common::cli::{Opt, Ordering, Spec, Stop};
use common::Error;

use crate::creds::Request;

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

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Options>),
    Help,
    Version,
}

#[derive(Debug)]
pub struct Options {
    pub request: Request,
    pub skip_chdir: bool,
    pub newroot: OsString,
    /// Empty: an interactive shell.
    pub command: Vec<OsString>,
}

/// Parses the command line; prints nothing. --help and --version act when getopt
/// hands them out, before any later error.
pub fn parse(args: Vec<OsString>) -> Result<Parsed, Stop> {
    let mut request = Request::default();
    let mut skip_chdir = false;
    let (parsed, err) = SPEC.parse_until_error(args);
    for (id, value) in parsed.opts {
        match id {
            Id::Groups => request.groups = value.map(|v| v.as_bytes().to_vec()),
            // coreutils drops one trailing `:` as it takes the option (`USER:` reads as
            // `USER`), so `USER::` is `USER:` and `::` is `:`.
            Id::Userspec => {
                request.userspec = value.map(|v| {
                    let v = v.as_bytes();
                    v.strip_suffix(b":").unwrap_or(v).to_vec()
                })
            }
            Id::SkipChdir => skip_chdir = true,
            Id::Help => return Ok(Parsed::Help),
            Id::Version => return Ok(Parsed::Version),
        }
    }
    if let Some(e) = err {
        return Err(Stop::Usage(e));
    }
    let mut operands = parsed.operands.into_iter();
    let newroot = operands.next().ok_or_else(|| Stop::Fail(Error::msg("missing operand")))?;
    Ok(Parsed::Run(Box::new(Options { request, skip_chdir, newroot, command: operands.collect() })))
}
