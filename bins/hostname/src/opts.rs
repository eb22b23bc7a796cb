//! The command line: Debian hostname's option table (long options in its order, which
//! glibc uses to list ambiguous abbreviations), the modes argv\[0\] selects, and the
//! usage text, byte for byte.

use common::cli::help::{self, Line};
use common::cli::{self, HasArg, Opt, Ordering, Spec};

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

const LINES: &[Line<Id>] = &[
    Line::Plain("Usage: hostname [-b] {hostname|-F file}         set host name (from file)\n       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n       hostname                                 display host name\n\n       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)\n       {yp,nis,}domainname                      display NIS domain name\n\n       dnsdomainname                            display dns domain name\n\n       hostname -V|--version|-h|--help          print info and exit\n\nProgram name:\n       {yp,nis,}domainname=hostname -y\n       dnsdomainname=hostname -d\n\nProgram options:\n"),
    Line::Opt(Id::Show(Mode::Alias)),
    Line::Opt(Id::Show(Mode::AllFqdns)),
    Line::Opt(Id::Boot),
    Line::Opt(Id::Show(Mode::Dns)),
    Line::Opt(Id::Show(Mode::Fqdn)),
    Line::Opt(Id::File),
    Line::Opt(Id::Show(Mode::IpAddress)),
    Line::Opt(Id::Show(Mode::AllIpAddresses)),
    Line::Opt(Id::Show(Mode::Short)),
    Line::Opt(Id::Show(Mode::Nis)),
    Line::Plain("\nDescription:\n   This command can get or set the host name or the NIS domain name. You can\n   also get the DNS domain or the FQDN (fully qualified domain name).\n   Unless you are using bind or NIS for host lookups you can change the\n   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is\n   part of the FQDN) in the /etc/hosts file.\n"),
];

/// Debian's usage text (never translated: hostname does not call setlocale).
pub fn usage() -> Vec<u8> {
    help::render(&SPEC, LINES, "hostname")
}

/// The manual page's content, generated from the same option table.
pub fn manual() -> cli::Manual {
    cli::Manual {
        name: "hostname",
        section: 1,
        about: "show or set the system's host name",
        synopsis: &[
            "hostname [-b] {hostname|-F file}",
            "hostname [-a|-A|-d|-f|-i|-I|-s|-y]",
            "{yp,nis,}domainname [nisdomain|-F file]",
            "dnsdomainname",
        ],
        description: "Shows or sets the host name (the kernel's UTS node name) or the NIS domain name, \
and shows names derived from the host name by resolver lookups: the FQDN and DNS domain \
(getaddrinfo with AI_CANONNAME), its aliases, its addresses, and the addresses and reverse-resolved \
names of every interface that is up (loopback and IPv6 link-local addresses excluded). \
Called as domainname, nisdomainname or ypdomainname it works on the NIS domain name, \
as dnsdomainname it shows the DNS domain; options override the name. \
A new host name has surrounding white space removed and must follow RFC 1035: letters, digits, \
dots and hyphens, starting and ending with a letter or digit, no empty label, no hyphen next to a dot. \
A NIS domain name is set as given. With --file the first line that is neither empty nor a \
comment (#) is used. Lookups by name walk the hosts services of /etc/nsswitch.conf as glibc \
does: /etc/hosts is read as glibc's files service reads it (with the multi setting of \
/etc/host.conf), other services are the C library's; a static build has no NSS modules, \
so there dns is the C library's resolver and other services are unavailable.",
        options: SPEC.infos(),
        exit_status: "0 on success; 1 when a lookup fails, the NIS domain is not set, the new \
name is invalid or too long, or the caller may not change it; 255 for --help and for \
a command line that does not make sense (the usage text is printed).",
        examples: &[
            ("hostname -f", "display the fully qualified domain name"),
            ("hostname -I", "display every address of the host, each followed by a space"),
            ("hostname -b -F /etc/hostname", "set the host name at boot, falling back to localhost"),
            ("unshare -u sh -c 'hostname test && hostname'", "change the name in a private UTS namespace"),
        ],
        see_also: &["hosts(5)", "gethostname(2)", "sethostname(2)", "getaddrinfo(3)", "unshare(1)"],
    }
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

    #[test]
    fn usage_has_the_reference_shape() {
        let usage = String::from_utf8(usage()).expect("ASCII");
        assert!(usage.starts_with("Usage: hostname [-b] {hostname|-F file}"));
        assert!(usage.ends_with("part of the FQDN) in the /etc/hosts file.\n"));
        assert_eq!(usage.lines().count(), 33);
    }
}
