//! The command line: Debian hostname's option table (long options in its order, which
//! glibc uses to list ambiguous abbreviations) and the modes argv\[0\] selects.

use std::ffi::OsString;

use common::cli::{HasArg, Opt, Ordering, Spec, UsageError};

/// What the program shows, or which name it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The host name (plain `hostname`); an operand sets it.
    Host,
    /// Called as `domainname`: the NIS domain as the kernel has it, `(none)` included.
    NisProgram,
    /// `-y`, `nisdomainname`, `ypdomainname`: the NIS domain, `(none)` is an error.
    Nis,
    /// `-d`, `dnsdomainname`.
    Dns,
    Fqdn,
    Short,
    Alias,
    IpAddress,
    AllFqdns,
    AllIpAddresses,
}

impl Mode {
    /// The default mode of each of the program's names.
    pub fn for_program(name: &str) -> Mode {
        match name {
            "dnsdomainname" => Mode::Dns,
            "domainname" => Mode::NisProgram,
            "nisdomainname" | "ypdomainname" => Mode::Nis,
            _ => Mode::Host,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    Show(Mode),
    Boot,
    File,
    Help,
    Version,
}

const fn show(mode: Mode, short: Option<char>, long: &'static str, help: &'static str) -> Opt<Id> {
    Opt::flag(Id::Show(mode), short, long, help)
}

static OPTS: &[Opt<Id>] = &[
    show(Mode::Dns, Some('d'), "domain", "display the DNS domain name")
        .usage("    -d, --domain           DNS domain name\n"),
    Opt::flag(
        Id::Boot,
        Some('b'),
        "boot",
        "with --file: keep the current name, or set localhost, if the file is empty or missing",
    )
    .usage("    -b, --boot             set default hostname if none available\n"),
    Opt::req(Id::File, Some('F'), "file", "file", "read the host name or NIS domain name from file")
        .usage("    -F, --file             read host name or NIS domain name from given file\n"),
    show(Mode::Fqdn, Some('f'), "fqdn", "display the long host name (FQDN)")
        .usage("    -f, --fqdn, --long     long host name (FQDN)\n"),
    show(Mode::AllFqdns, Some('A'), "all-fqdns", "display the FQDNs of all the host's addresses")
        .usage("    -A, --all-fqdns        all long host names (FQDNs)\n"),
    Opt::flag(Id::Help, Some('h'), "help", "display this help and exit 255"),
    show(Mode::Fqdn, None, "long", "same as --fqdn"),
    show(Mode::Short, Some('s'), "short", "display the host name cut at the first dot")
        .usage("    -s, --short            short host name\n"),
    Opt::flag(Id::Version, Some('V'), "version", "display version"),
    show(Mode::Alias, Some('a'), "alias", "display the alias names of the host name")
        .usage("    -a, --alias            alias names\n"),
    show(Mode::IpAddress, Some('i'), "ip-address", "display the addresses of the host name")
        .usage("    -i, --ip-address       addresses for the host name\n"),
    show(Mode::AllIpAddresses, Some('I'), "all-ip-addresses", "display all addresses of all up interfaces")
        .usage("    -I, --all-ip-addresses all addresses for the host\n"),
    show(Mode::Nis, Some('y'), "yp", "display or set the NIS/YP domain name")
        .usage("    -y, --yp, --nis        NIS/YP domain name\n"),
    show(Mode::Nis, None, "nis", "same as --yp"),
    Opt {
        id: Id::Help,
        short: Some('?'),
        long: None,
        arg: HasArg::No,
        value: "",
        help: "same as --help",
        usage: "",
    },
];

/// Options permute with operands, as with glibc's default getopt.
pub static SPEC: Spec<Id> = Spec { opts: OPTS, ordering: Ordering::Permute };

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Options),
    Help,
    Version,
}

#[derive(Debug)]
pub struct Options {
    pub mode: Mode,
    /// `-F FILE`.
    pub file: Option<OsString>,
    /// `-b`.
    pub boot: bool,
    pub operands: Vec<OsString>,
}

/// Parses the command line of the program called `program`; prints nothing. The
/// reference acts on each option as getopt returns it: -h and -V end the run at
/// once, even when a bad option follows.
pub fn parse(program: &str, args: Vec<OsString>) -> Result<Parsed, UsageError> {
    let mut o = Options { mode: Mode::for_program(program), file: None, boot: false, operands: Vec::new() };
    let (parsed, err) = SPEC.parse_until_error(args);
    for (id, value) in parsed.opts {
        match id {
            Id::Help => return Ok(Parsed::Help),
            Id::Version => return Ok(Parsed::Version),
            Id::File => o.file = value,
            Id::Boot => o.boot = true,
            Id::Show(m) => o.mode = m,
        }
    }
    if let Some(e) = err {
        return Err(e);
    }
    o.operands = parsed.operands;
    Ok(Parsed::Run(o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn parse(v: &[&str]) -> Result<Vec<Id>, String> {
        SPEC.parse(v.iter().map(OsString::from))
            .map(|p| p.opts.into_iter().map(|(id, _)| id).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn program_names_select_modes() {
        assert_eq!(Mode::for_program("hostname"), Mode::Host);
        assert_eq!(Mode::for_program("domainname"), Mode::NisProgram);
        assert_eq!(Mode::for_program("ypdomainname"), Mode::Nis);
        assert_eq!(Mode::for_program("nisdomainname"), Mode::Nis);
        assert_eq!(Mode::for_program("dnsdomainname"), Mode::Dns);
        assert_eq!(Mode::for_program("xdomainname"), Mode::Host);
    }

    #[test]
    fn long_names_and_their_ambiguities() {
        assert_eq!(
            parse(&["--long", "--nis", "--yp"]),
            Ok(vec![Id::Show(Mode::Fqdn), Id::Show(Mode::Nis), Id::Show(Mode::Nis)])
        );
        assert_eq!(
            parse(&["--a"]),
            Err("option '--a' is ambiguous; possibilities: '--all-fqdns' '--alias' '--all-ip-addresses'"
                .into())
        );
        assert_eq!(
            parse(&["--f"]),
            Err("option '--f' is ambiguous; possibilities: '--file' '--fqdn'".into())
        );
        assert_eq!(parse(&["-?"]), Ok(vec![Id::Help]));
        assert_eq!(parse(&["-bad"]), Ok(vec![Id::Boot, Id::Show(Mode::Alias), Id::Show(Mode::Dns)]));
    }
}
