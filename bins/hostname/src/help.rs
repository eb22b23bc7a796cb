//! The usage text, byte for byte, and the manual, from the option table.

use common::cli::help::{self, Line};

use crate::opts::{Id, Mode, SPEC};

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
pub fn manual() -> common::manual::Manual {
    common::manual::Manual {
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

    #[test]
    fn usage_has_the_reference_shape() {
        let usage = String::from_utf8(usage()).expect("ASCII");
        assert!(usage.starts_with("Usage: hostname [-b] {hostname|-F file}"));
        assert!(usage.ends_with("part of the FQDN) in the /etc/hosts file.\n"));
        assert_eq!(usage.lines().count(), 33);
    }
}
