//! Numeric host names as glibc takes them: getaddrinfo's conversion (inet_aton forms,
//! IPv6 with a scope) and gethostbyname's digits-and-dots shortcut.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV6};

use libc::c_int;

use crate::hosts;
use crate::lookup::HOST_NOT_FOUND;
use crate::resolve::{Found, SockAddr};

/// glibc's shortcut for gethostbyname: a name of digits and dots not ending in a dot
/// is an IPv4 address or unknown, a name that looks like IPv6 is unknown to an IPv4
/// lookup; None for names that go to the services.
pub fn digits_and_dots(name: &[u8]) -> Option<Result<Vec<Vec<u8>>, c_int>> {
    let first = *name.first()?;
    if first.is_ascii_digit()
        && name.iter().all(|&c| c.is_ascii_digit() || c == b'.')
        && !name.ends_with(b".")
    {
        return Some(if inet_aton_exact(name).is_some() { Ok(Vec::new()) } else { Err(HOST_NOT_FOUND) });
    }
    if (first.is_ascii_hexdigit() && name.contains(&b':')) || first == b':' {
        return Some(Err(HOST_NOT_FOUND));
    }
    None
}

/// getaddrinfo's conversion of a numeric name: IPv4 as inet_aton reads it (with
/// nothing after it), or IPv6 with an optional `%scope`; the canonical name is the
/// name as given. Ok(None) for a name that is not numeric.
pub fn numeric(name: &[u8]) -> Result<Option<Found>, c_int> {
    let found =
        |addr: SocketAddr| Found { canonical: Some(name.to_vec()), addrs: vec![SockAddr::from_std(addr)] };
    if let Some(v4) = inet_aton_exact(name) {
        return Ok(Some(found(SocketAddr::new(IpAddr::V4(v4), 0))));
    }
    let (text, scope) = match name.iter().position(|&c| c == b'%') {
        Some(i) => (&name[..i], Some(&name[i + 1..])),
        None => (name, None),
    };
    let Some(v6) = hosts::pton6(text) else { return Ok(None) };
    let scope_id = match scope {
        None => 0,
        Some(scope) => scope_id(&v6, scope).ok_or(libc::EAI_NONAME)?,
    };
    Ok(Some(found(SocketAddr::V6(SocketAddrV6::new(v6, 0, 0, scope_id)))))
}

/// An interface name for link-local (and node- or link-local multicast) addresses,
/// else or failing that a decimal number.
fn scope_id(addr: &std::net::Ipv6Addr, scope: &[u8]) -> Option<u32> {
    let s = addr.segments();
    let local = s[0] & 0xffc0 == 0xfe80 || s[0] & 0xff0f == 0xff01 || s[0] & 0xff0f == 0xff02;
    if local {
        if let Ok(index) = nix::net::if_::if_nametoindex(scope) {
            if index != 0 {
                return Some(index);
            }
        }
    }
    if scope.first().is_some_and(u8::is_ascii_digit) && scope.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(scope).ok()?.parse().ok();
    }
    None
}

/// inet_aton with nothing after the address: one to four parts, each decimal, octal
/// (leading 0) or hex (0x), the last part filling the remaining bytes.
pub fn inet_aton_exact(text: &[u8]) -> Option<Ipv4Addr> {
    let mut parts: Vec<u64> = Vec::new();
    let mut rest = text;
    loop {
        if !rest.first()?.is_ascii_digit() {
            return None;
        }
        let (base, digits) = match rest {
            [b'0', b'x' | b'X', tail @ ..] => (16, tail),
            [b'0', tail @ ..] => (8, tail),
            _ => (10, rest),
        };
        let len = digits.iter().position(|c| !c.is_ascii_hexdigit() || (base != 16 && !c.is_ascii_digit()));
        let len = len.unwrap_or(digits.len());
        // "0x" alone has no digit; only the last part must have one.
        let has_digit = base == 8 || len > 0;
        let mut value: u64 = 0;
        for &c in &digits[..len] {
            let d = u64::from((c as char).to_digit(base)?);
            value = value * u64::from(base) + d;
            if value > 0xffff_ffff {
                return None;
            }
        }
        parts.push(value);
        rest = &digits[len..];
        match rest.first() {
            None if !has_digit => return None,
            None => break,
            Some(b'.') if parts.len() < 4 && value <= 0xff => rest = &rest[1..],
            Some(_) => return None,
        }
    }
    let (last, head) = parts.split_last()?;
    if head.iter().any(|&p| p > 0xff) || *last > (0xffff_ffff_u64 >> (8 * head.len())) {
        return None;
    }
    let value = head.iter().enumerate().fold(*last, |acc, (i, &p)| acc | p << (24 - 8 * i));
    Some(Ipv4Addr::from(u32::try_from(value).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inet_aton_forms() {
        let ok = |s: &str| inet_aton_exact(s.as_bytes()).map(|a| a.to_string());
        assert_eq!(ok("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ok("127.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ok("0x7f.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ok("0177.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ok("1.2.65535").as_deref(), Some("1.2.255.255"));
        assert_eq!(ok("4294967295").as_deref(), Some("255.255.255.255"));
        assert_eq!(ok("0x.1").as_deref(), Some("0.0.0.1"));
        for bad in [
            "0x",
            "",
            "1.",
            ".1",
            "1..2",
            "08",
            "256.1.1.1",
            "1.2.3.4.5",
            "1.2.3.256",
            "1 ",
            "a",
            "4294967296",
        ] {
            assert_eq!(ok(bad), None, "{bad}");
        }
    }

    #[test]
    fn gethostbyname_shortcuts() {
        assert_eq!(digits_and_dots(b"1.2.3.4"), Some(Ok(Vec::new())));
        assert_eq!(digits_and_dots(b"1.2.3.4.5"), Some(Err(HOST_NOT_FOUND)));
        assert_eq!(digits_and_dots(b"1.2.3."), None);
        assert_eq!(digits_and_dots(b"ab:cd"), Some(Err(HOST_NOT_FOUND)));
        assert_eq!(digits_and_dots(b"abc"), None);
        assert_eq!(digits_and_dots(b"1host"), None);
    }
}
