//! /etc/hosts read as glibc's files backend (nss_files) reads it, so the static build
//! answers as the glibc one does: lines as its line reader returns them, fields split
//! on C white space, names compared without regard to ASCII case, and with `multi on`
//! the matches of later lines gathered as glibc gathers them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::nss::Status;

/// One parsed line: its address, official name and aliases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub addr: IpAddr,
    pub name: Vec<u8>,
    pub aliases: Vec<Vec<u8>>,
}

/// What gethostbyname (AF_INET) finds: the first matching line, and with `multi` the
/// addresses and aliases of every later one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostEnt {
    pub name: Vec<u8>,
    pub aliases: Vec<Vec<u8>>,
    pub addrs: Vec<IpAddr>,
}

/// The families a lookup asks for: getaddrinfo's AF_UNSPEC or gethostbyname's AF_INET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Any,
    V4,
}

pub const PATH: &str = "/etc/hosts";

/// C's isspace in the C locale.
pub fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The file's contents, or the status nss_files reports when it cannot open it.
pub fn read(path: &str) -> Result<Vec<u8>, Status> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_CLOEXEC).open(path);
    match file {
        Ok(mut f) => {
            let mut data = Vec::new();
            // A read error ends the input, as fgets's NULL does.
            let _ = std::io::Read::read_to_end(&mut f, &mut data);
            Ok(data)
        }
        Err(e) if e.raw_os_error() == Some(libc::EAGAIN) => Err(Status::TryAgain),
        Err(_) => Err(Status::Unavail),
    }
}

/// The lines glibc's line reader hands to the parser: each line as a C string, empty
/// lines and those whose first non-blank is `#` skipped. It removes leading blanks
/// with a memmove that leaves the string's last bytes in place, so a final line with
/// leading blanks and no newline keeps a copy of its tail; we do the same.
fn lines(data: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    data.split_inclusive(|&c| c == b'\n').filter_map(|raw| {
        let c_str = &raw[..raw.iter().position(|&c| c == 0).unwrap_or(raw.len())];
        let start = c_str.iter().position(|&c| !is_c_space(c))?;
        if c_str[start] == b'#' {
            return None;
        }
        let mut line = c_str[start..].to_vec();
        line.extend_from_slice(&c_str[c_str.len() - start..]);
        Some(line)
    })
}

/// inet_pton(AF_INET): exactly four decimal parts of at most 255, no leading zeros.
pub fn pton4(text: &[u8]) -> Option<Ipv4Addr> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// inet_pton(AF_INET6).
pub fn pton6(text: &[u8]) -> Option<Ipv6Addr> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// One line as nss_files parses it for `family`, None for a line it ignores.
fn parse_line(line: &[u8], family: Family) -> Option<Entry> {
    let end = line.iter().position(|&c| c == b'#' || c == b'\n').unwrap_or(line.len());
    let mut fields = line[..end].split(|&c| is_c_space(c)).filter(|f| !f.is_empty());
    let addr_text = fields.next()?;
    let addr = match (pton4(addr_text), family) {
        (Some(v4), _) => IpAddr::V4(v4),
        (None, Family::Any) => IpAddr::V6(pton6(addr_text)?),
        (None, Family::V4) => {
            // gethostbyname takes IPv4-mapped lines and ::1 as IPv4 addresses.
            let v6 = pton6(addr_text)?;
            if let Some(v4) = v6.to_ipv4_mapped() {
                IpAddr::V4(v4)
            } else if v6 == Ipv6Addr::LOCALHOST {
                IpAddr::V4(Ipv4Addr::LOCALHOST)
            } else {
                return None;
            }
        }
    };
    // A line with an address only has an empty official name, which no name matches.
    let name = fields.next().unwrap_or_default().to_vec();
    let aliases = fields.map(<[u8]>::to_vec).collect();
    Some(Entry { addr, name, aliases })
}

impl Entry {
    fn matches(&self, name: &[u8]) -> bool {
        self.name.eq_ignore_ascii_case(name) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

/// Every line that matches `name`, in file order, parsed for `family`.
fn matching<'a>(data: &'a [u8], name: &'a [u8], family: Family) -> impl Iterator<Item = Entry> + 'a {
    lines(data).filter_map(move |l| parse_line(&l, family)).filter(move |e| e.matches(name))
}

/// getaddrinfo's view (gethostbyname4_r): the addresses of the first matching line,
/// or with `multi` of every matching line, and the first line's name as canonical.
pub fn addresses(data: &[u8], name: &[u8], multi: bool) -> Option<(Vec<u8>, Vec<IpAddr>)> {
    let mut found = matching(data, name, Family::Any);
    let first = found.next()?;
    let mut addrs = vec![first.addr];
    if multi {
        addrs.extend(found.map(|e| e.addr));
    }
    Some((first.name, addrs))
}

/// gethostbyname's view: the first matching line; with `multi` each later match adds
/// its address, its aliases and, when it differs (case-sensitively), its name as one
/// more alias. Duplicates stay, as in glibc.
pub fn host_by_name(data: &[u8], name: &[u8], multi: bool) -> Option<HostEnt> {
    let mut found = matching(data, name, Family::V4);
    let first = found.next()?;
    let mut ent = HostEnt { addrs: vec![first.addr], aliases: first.aliases, name: first.name };
    if multi {
        for e in found {
            ent.addrs.push(e.addr);
            ent.aliases.extend(e.aliases);
            if e.name != ent.name {
                ent.aliases.push(e.name);
            }
        }
    }
    Some(ent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> IpAddr {
        IpAddr::V4(s.parse().expect("v4"))
    }

    #[test]
    fn lines_as_glibc_reads_them() {
        let data = b"# c\n\n  \t\n 10.0.0.1 a # b\n10.0.0.2\tb\0junk\n  10.0.0.3 tail";
        let got: Vec<Vec<u8>> = lines(data).collect();
        assert_eq!(
            got,
            vec![b"10.0.0.1 a # b\n\n".to_vec(), b"10.0.0.2\tb".to_vec(), b"10.0.0.3 tailil".to_vec()]
        );
    }

    #[test]
    fn fields_families_and_comments() {
        let e = parse_line(b"10.0.0.1\tName  al1\x0bal2#x al3", Family::Any).expect("entry");
        assert_eq!((e.addr, e.name.as_slice()), (v4("10.0.0.1"), &b"Name"[..]));
        assert_eq!(e.aliases, vec![b"al1".to_vec(), b"al2".to_vec()]);
        assert_eq!(parse_line(b"::1 lh", Family::V4).map(|e| e.addr), Some(v4("127.0.0.1")));
        assert_eq!(parse_line(b"::ffff:1.2.3.4 m", Family::V4).map(|e| e.addr), Some(v4("1.2.3.4")));
        assert_eq!(parse_line(b"fd00::1 six", Family::V4), None);
        assert!(parse_line(b"fd00::1 six", Family::Any).is_some());
        assert_eq!(parse_line(b"010.0.0.1 octal", Family::Any), None);
        assert_eq!(parse_line(b"10.1 short", Family::Any), None);
        assert_eq!(parse_line(b"10.0.0.9", Family::Any).map(|e| e.name), Some(Vec::new()));
    }

    #[test]
    fn the_issues_example_and_multi() {
        let data = b"127.0.1.1 myhost.example.org myhost myalias\n10.0.0.1 other.example MYHOST x\n";
        let ent = host_by_name(data, b"myhost", false).expect("found");
        assert_eq!(ent.aliases, vec![b"myhost".to_vec(), b"myalias".to_vec()]);
        let ent = host_by_name(data, b"MyHost", true).expect("found");
        assert_eq!(ent.name, b"myhost.example.org");
        let aliases: Vec<&[u8]> = ent.aliases.iter().map(Vec::as_slice).collect();
        assert_eq!(aliases, [&b"myhost"[..], b"myalias", b"MYHOST", b"x", b"other.example"]);
        assert_eq!(ent.addrs, vec![v4("127.0.1.1"), v4("10.0.0.1")]);
        let (canon, addrs) = addresses(data, b"myhost", false).expect("found");
        assert_eq!((canon.as_slice(), addrs), (&b"myhost.example.org"[..], vec![v4("127.0.1.1")]));
        assert_eq!(addresses(data, b"myhost", true).map(|f| f.1.len()), Some(2));
        assert_eq!(addresses(data, b"nothere", true), None);
    }
}
