//! The order glibc's getaddrinfo gives its addresses: RFC 3484 destination address
//! selection with glibc's default tables (its label and precedence tables, which
//! differ from musl's RFC 6724 ones). As glibc does, each destination's source address
//! is found by connecting a datagram socket to it; the prefix length and interface of
//! that source come from the interface list, which glibc consults only when some
//! interface has a non-loopback IPv6 address. /etc/gai.conf is not read (Debian's
//! ships with every line commented out), and no address is taken as deprecated or a
//! home address (getifaddrs does not say), so rules 3, 4 and 7 never decide.

use std::cmp::Ordering;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, UdpSocket};

/// What rule 1, 2, 5 and 9 need to know about a destination's source address.
#[derive(Clone, Copy, Debug)]
struct Source {
    addr: IpAddr,
    prefix_len: u32,
}

struct Candidate {
    dest: SocketAddr,
    source: Option<Source>,
}

/// `addrs` in glibc's order; ties keep the order given.
pub fn sort(addrs: Vec<SocketAddr>) -> Vec<SocketAddr> {
    if addrs.len() < 2 {
        return addrs;
    }
    let interfaces = interface_prefixes();
    let mut candidates: Vec<Candidate> = addrs
        .into_iter()
        .map(|dest| Candidate { dest, source: source_of(dest, interfaces.as_deref()) })
        .collect();
    candidates.sort_by(compare);
    candidates.into_iter().map(|c| c.dest).collect()
}

/// The source address the kernel would pick, None when the destination is unreachable.
fn source_of(dest: SocketAddr, interfaces: Option<&[(IpAddr, u32)]>) -> Option<Source> {
    let bind: SocketAddr = match dest {
        SocketAddr::V4(_) => (std::net::Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    // std's sockets are close-on-exec.
    let socket = UdpSocket::bind(bind).ok()?;
    socket.connect(dest).ok()?;
    let addr = socket.local_addr().ok()?.ip();
    // glibc looks loopback IPv4 sources up as 127.0.0.1, the lo interface's address.
    let key = match addr {
        IpAddr::V4(v4) if v4.octets()[0] == 127 => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        other => other,
    };
    let prefix_len =
        interfaces.and_then(|list| list.iter().find(|(a, _)| *a == key)).map_or(0, |&(_, len)| len);
    Some(Source { addr, prefix_len })
}

/// Every interface address with its prefix length, or None when no interface has an
/// IPv6 address other than ::1 (glibc then has no such list).
fn interface_prefixes() -> Option<Vec<(IpAddr, u32)>> {
    let list = nix::ifaddrs::getifaddrs().ok()?;
    let mut out = Vec::new();
    let mut seen_ipv6 = false;
    for ifa in list {
        let (Some(addr), Some(mask)) = (ifa.address, ifa.netmask) else { continue };
        if let (Some(a), Some(m)) = (addr.as_sockaddr_in(), mask.as_sockaddr_in()) {
            out.push((IpAddr::V4(a.ip()), m.ip().to_bits().count_ones()));
        } else if let (Some(a), Some(m)) = (addr.as_sockaddr_in6(), mask.as_sockaddr_in6()) {
            seen_ipv6 |= a.ip() != Ipv6Addr::LOCALHOST;
            out.push((IpAddr::V6(a.ip()), u128::from(m.ip()).count_ones()));
        }
    }
    seen_ipv6.then_some(out)
}

/// An address as glibc's tables see it: IPv4 as IPv4-mapped IPv6.
fn as_v6(ip: IpAddr) -> Ipv6Addr {
    match ip {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    }
}

fn scope(ip: IpAddr) -> u32 {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if (o[0] == 169 && o[1] == 254) || o[0] == 127 {
                2
            } else {
                14
            }
        }
        IpAddr::V6(v6) => {
            let b = v6.octets();
            if b[0] == 0xff {
                u32::from(b[1] & 0xf)
            } else if (b[0] == 0xfe && b[1] & 0xc0 == 0x80) || v6 == Ipv6Addr::LOCALHOST {
                2
            } else if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 {
                5
            } else {
                14
            }
        }
    }
}

/// The value of the first entry of `table` (prefix, length, value) that `ip` matches.
fn lookup(table: &[(u128, u32, i32)], ip: IpAddr) -> i32 {
    let bits = u128::from(as_v6(ip));
    table
        .iter()
        .find(|&&(prefix, len, _)| len == 0 || (bits ^ prefix) >> (128 - len) == 0)
        .map_or(0, |&(_, _, value)| value)
}

const LABELS: &[(u128, u32, i32)] = &[
    (1, 128, 0),
    (0x2002 << 112, 16, 2),
    (0, 96, 3),
    (0xffff << 32, 96, 4),
    (0xfec0 << 112, 10, 5),
    (0xfc00 << 112, 7, 6),
    (0x2001 << 112, 32, 7),
    (0, 0, 1),
];

const PRECEDENCE: &[(u128, u32, i32)] =
    &[(1, 128, 50), (0x2002 << 112, 16, 30), (0, 96, 20), (0xffff << 32, 96, 10), (0, 0, 40)];

/// Leading zero bits of `x`, glibc's "fls".
fn common_bits(x: u32) -> u32 {
    x.leading_zeros()
}

fn compare(a: &Candidate, b: &Candidate) -> Ordering {
    let (da, db) = (a.dest.ip(), b.dest.ip());
    // Rule 1: avoid unusable destinations.
    match (a.source, b.source) {
        (Some(_), None) => return Ordering::Less,
        (None, Some(_)) => return Ordering::Greater,
        _ => {}
    }
    let (scope_a, scope_b) = (scope(da), scope(db));
    if let (Some(sa), Some(sb)) = (a.source, b.source) {
        // Rule 2: prefer matching scope.
        let (ma, mb) = (scope_a == scope(sa.addr), scope_b == scope(sb.addr));
        if ma != mb {
            return if ma { Ordering::Less } else { Ordering::Greater };
        }
        // Rule 5: prefer matching label.
        let ma = lookup(LABELS, da) == lookup(LABELS, sa.addr);
        let mb = lookup(LABELS, db) == lookup(LABELS, sb.addr);
        if ma != mb {
            return if ma { Ordering::Less } else { Ordering::Greater };
        }
    }
    // Rule 6: prefer higher precedence.
    let order = lookup(PRECEDENCE, db).cmp(&lookup(PRECEDENCE, da));
    if order != Ordering::Equal {
        return order;
    }
    // Rule 8: prefer smaller scope.
    if scope_a != scope_b {
        return scope_a.cmp(&scope_b);
    }
    // Rule 9: longest matching prefix, within one family.
    if let (Some(sa), Some(sb)) = (a.source, b.source) {
        let (bits_a, bits_b) = match (da, db, sa.addr, sb.addr) {
            (IpAddr::V4(d1), IpAddr::V4(d2), IpAddr::V4(s1), IpAddr::V4(s2)) => {
                let same_net = |d: u32, s: u32, len: u32| {
                    // glibc shifts by 32 - len, which x86 takes modulo 32.
                    let mask = u32::MAX.wrapping_shl(32 - len);
                    if d & mask == s & mask {
                        common_bits(d ^ s)
                    } else {
                        0
                    }
                };
                (
                    same_net(d1.to_bits(), s1.to_bits(), sa.prefix_len),
                    same_net(d2.to_bits(), s2.to_bits(), sb.prefix_len),
                )
            }
            (IpAddr::V6(d1), IpAddr::V6(d2), IpAddr::V6(s1), IpAddr::V6(s2)) => {
                let words = |ip: Ipv6Addr| {
                    let o = ip.octets();
                    [0, 1, 2, 3]
                        .map(|i| u32::from_be_bytes([o[4 * i], o[4 * i + 1], o[4 * i + 2], o[4 * i + 3]]))
                };
                let (d1, d2, s1, s2) = (words(d1), words(d2), words(s1), words(s2));
                match (0..4).find(|&i| d1[i] != s1[i] || d2[i] != s2[i]) {
                    Some(i) => (common_bits(d1[i] ^ s1[i]), common_bits(d2[i] ^ s2[i])),
                    None => (0, 0),
                }
            }
            _ => (0, 0),
        };
        if bits_a != bits_b {
            return bits_b.cmp(&bits_a);
        }
    }
    // Rule 10: keep the order given (the sort is stable).
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn tables() {
        assert_eq!(lookup(PRECEDENCE, ip("::1")), 50);
        assert_eq!(lookup(PRECEDENCE, ip("10.0.0.1")), 10);
        assert_eq!(lookup(PRECEDENCE, ip("fd00::1")), 40);
        assert_eq!(lookup(PRECEDENCE, ip("2002::1")), 30);
        assert_eq!(lookup(LABELS, ip("fd00::1")), 6);
        assert_eq!(lookup(LABELS, ip("2001:0:1::1")), 7);
        assert_eq!(lookup(LABELS, ip("2001:db8::1")), 1);
        assert_eq!(lookup(LABELS, ip("127.0.0.1")), 4);
        assert_eq!(scope(ip("127.0.1.1")), 2);
        assert_eq!(scope(ip("fe80::1")), 2);
        assert_eq!(scope(ip("ff05::1")), 5);
        assert_eq!(scope(ip("10.1.1.1")), 14);
    }

    #[test]
    fn unreachable_destinations_sort_by_precedence_then_scope() {
        let cand = |s: &str| Candidate { dest: SocketAddr::new(ip(s), 0), source: None };
        let mut list = [cand("10.1.1.1"), cand("fd00::5"), cand("127.0.0.1"), cand("::1")];
        list.sort_by(compare);
        let got: Vec<String> = list.iter().map(|c| c.dest.ip().to_string()).collect();
        assert_eq!(got, ["::1", "fd00::5", "127.0.0.1", "10.1.1.1"]);
    }
}
