//! The two lookups the reference makes by name, done as glibc 2.36 does them in both
//! builds: getaddrinfo(name, AF_UNSPEC, AI_CANONNAME) for -f, -d, -i (and before -a)
//! and gethostbyname(name) for -a. Numeric names are converted as glibc converts them;
//! other names walk the `hosts:` services of nsswitch.conf with their actions. We read
//! /etc/hosts ourselves (the `files` service), and hand every other service to the C
//! library: glibc is told to use just that one service (`__nss_configure_lookup`), so
//! the glibc build does exactly what the reference does; a static musl build cannot
//! load NSS modules, so there `dns` is musl's resolver and any other service is a
//! module that is not installed (glibc's UNAVAIL).

use std::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV6};

use libc::c_int;

use crate::hosts;
use crate::nss::{self, Action, Service, Status};
use crate::order;
use crate::resolve::{self, Found, SockAddr};

/// h_errno values.
const HOST_NOT_FOUND: c_int = 1;
const TRY_AGAIN: c_int = 2;
const NO_RECOVERY: c_int = 3;
const NO_DATA: c_int = 4;

/// getaddrinfo's answer for the reference's hints; the error is an EAI_* code.
pub fn addresses(name: &[u8]) -> Result<Found, c_int> {
    if let Some(found) = numeric(name)? {
        return Ok(found);
    }
    let services = nss::hosts_services();
    let multi = nss::multi();
    // With no usable configuration glibc tries nothing and knows no name.
    let mut outcome = Err(libc::EAI_NONAME);
    for (i, service) in services.iter().enumerate() {
        let status;
        (status, outcome) = match service.name.as_slice() {
            b"files" => files_addresses(name, multi),
            _ => libc_addresses(service, name),
        };
        match service.action(status) {
            Action::Return => break,
            Action::Continue => {}
            // glibc's hosts database cannot merge: the next service is not asked
            // and the lookup fails (EAI_SYSTEM where the status set errno).
            Action::Merge if i + 1 < services.len() => {
                let code = match (status, &outcome) {
                    (Status::TryAgain | Status::Unavail, _) => libc::EAI_SYSTEM,
                    (_, Err(code)) if *code == libc::EAI_NODATA || *code == libc::EAI_AGAIN => *code,
                    _ => libc::EAI_NONAME,
                };
                return Err(code);
            }
            Action::Merge => {}
        }
    }
    outcome
}

fn files_addresses(name: &[u8], multi: bool) -> (Status, Result<Found, c_int>) {
    let data = match hosts::read(hosts::PATH) {
        Ok(d) => d,
        // Debian's glibc reports a missing file as an unknown name.
        Err(status) => return (status, Err(libc::EAI_NONAME)),
    };
    match hosts::addresses(&data, name, multi) {
        Some((canonical, ips)) => {
            let addrs = order::sort(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)).collect());
            let addrs = addrs.into_iter().map(SockAddr::from_std).collect();
            (Status::Success, Ok(Found { canonical: Some(canonical), addrs }))
        }
        None => (Status::NotFound, Err(libc::EAI_NONAME)),
    }
}

fn libc_addresses(service: &Service, name: &[u8]) -> (Status, Result<Found, c_int>) {
    if !use_service(&service.name) {
        // glibc without the module: UNAVAIL, errno set (EAI_SYSTEM if it is the last).
        return (Status::Unavail, Err(libc::EAI_SYSTEM));
    }
    if let Some(h) = dns_step_failure(name) {
        let code = match h {
            HOST_NOT_FOUND => libc::EAI_NONAME,
            TRY_AGAIN => libc::EAI_AGAIN,
            NO_DATA => libc::EAI_NODATA,
            _ => libc::EAI_FAIL,
        };
        return (h_status(h), Err(code));
    }
    match resolve::lookup(name) {
        Ok(mut found) => {
            // Sorted as glibc sorts (a no-op on glibc, which sorted already).
            let addrs: Vec<SocketAddr> = found.addrs.iter().filter_map(SockAddr::to_std).collect();
            if addrs.len() == found.addrs.len() {
                found.addrs = order::sort(addrs).into_iter().map(SockAddr::from_std).collect();
            }
            (Status::Success, Ok(found))
        }
        Err(code) => {
            // A name server that refuses or does not answer is UNAVAIL to glibc's
            // dns service, with h_errno TRY_AGAIN (EAI_AGAIN): the usual cause.
            let status = match code {
                libc::EAI_NONAME | libc::EAI_NODATA => Status::NotFound,
                _ => Status::Unavail,
            };
            (status, Err(code))
        }
    }
}

/// Makes the C library's lookups use `service` alone; false when it has no such
/// service (a static musl build has only its own resolver, our `dns`).
fn use_service(service: &[u8]) -> bool {
    #[cfg(target_env = "gnu")]
    {
        extern "C" {
            // glibc's documented way to override nsswitch.conf for one database.
            fn __nss_configure_lookup(db: *const libc::c_char, services: *const libc::c_char) -> c_int;
        }
        let Ok(line) = std::ffi::CString::new(service) else { return false };
        if !module_installed(service) {
            return false;
        }
        // SAFETY: two valid C strings; glibc copies what it keeps.
        unsafe { __nss_configure_lookup(c"hosts".as_ptr(), line.as_ptr()) == 0 }
    }
    #[cfg(not(target_env = "gnu"))]
    {
        service == b"dns"
    }
}

/// What a static build must decide before musl's resolver stands in for glibc's dns
/// service (an h_errno value to fail with, None to ask musl). glibc's dns service
/// sends no query for a name that is no valid host name (res_hnok) and reports it
/// unknown; musl would ask. And musl reads /etc/hosts before DNS, answering from the
/// file when the name is there (even "no address" for a line of the other family):
/// for such a name ask DNS alone, and when DNS fails say why. (When DNS does know a
/// name that is also in the file, musl's answer is used.)
fn dns_step_failure(name: &[u8]) -> Option<c_int> {
    #[cfg(target_env = "gnu")]
    {
        let _ = name;
        None
    }
    #[cfg(not(target_env = "gnu"))]
    {
        if !valid_dns_host_name(name) {
            return Some(HOST_NOT_FOUND);
        }
        let data = hosts::read(hosts::PATH).ok()?;
        hosts::addresses(&data, name, false)?;
        resolve::dns_failure(name)
    }
}

/// glibc's res_hnok: printable ASCII, labels of letters, digits, `-` and `_` of 1 to
/// 63 bytes (a final dot allowed), at most 255 bytes in all, no `-` first. Backslash
/// escapes are taken as invalid.
#[cfg_attr(target_env = "gnu", allow(dead_code))]
fn valid_dns_host_name(name: &[u8]) -> bool {
    if name.is_empty() || name == b"." {
        return true;
    }
    let body = name.strip_suffix(b".").unwrap_or(name);
    body.len() <= 253
        && !name.starts_with(b"-")
        && body.split(|&c| c == b'.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        })
}

/// Whether glibc can load the NSS module of `service` (files and dns are built in).
/// A missing module is skipped by gethostbyname and UNAVAIL to getaddrinfo, which is
/// what the callers of [`use_service`] make of false.
#[cfg(target_env = "gnu")]
fn module_installed(service: &[u8]) -> bool {
    if service == b"files" || service == b"dns" {
        return true;
    }
    let mut path = b"libnss_".to_vec();
    path.extend_from_slice(service);
    path.extend_from_slice(b".so.2");
    let Ok(path) = std::ffi::CString::new(path) else { return false };
    // SAFETY: a valid C string; the handle is closed at once (glibc keeps its own).
    unsafe {
        let handle = libc::dlopen(path.as_ptr(), libc::RTLD_LAZY);
        if handle.is_null() {
            return false;
        }
        libc::dlclose(handle);
    }
    true
}

/// gethostbyname's aliases for `name`; the error is an h_errno value.
pub fn aliases(name: &[u8]) -> Result<Vec<Vec<u8>>, c_int> {
    if let Some(result) = digits_and_dots(name) {
        return result;
    }
    let services = nss::hosts_services();
    let multi = nss::multi();
    let mut outcome = Err(HOST_NOT_FOUND);
    let mut any_service = false;
    for service in &services {
        let status;
        if service.name == b"files" {
            (status, outcome) = match hosts::read(hosts::PATH) {
                Ok(data) => match hosts::host_by_name(&data, name, multi) {
                    Some(ent) => (Status::Success, Ok(ent.aliases)),
                    None => (Status::NotFound, Err(HOST_NOT_FOUND)),
                },
                Err(status) => (status, Err(HOST_NOT_FOUND)),
            };
        } else if use_service(&service.name) {
            (status, outcome) = match dns_step_failure(name).map_or_else(|| resolve::aliases(name), Err) {
                Ok(list) => (Status::Success, Ok(list)),
                Err(h) => (h_status(h), Err(h)),
            };
        } else {
            // A service without the function is skipped while UNAVAIL continues.
            if service.action(Status::Unavail) == Action::Continue {
                continue;
            }
            break;
        }
        any_service = true;
        if service.action(status) != Action::Continue {
            break;
        }
    }
    if !any_service {
        return Err(NO_RECOVERY);
    }
    outcome
}

/// The status behind an h_errno value (TRY_AGAIN as for EAI_AGAIN above).
fn h_status(h: c_int) -> Status {
    match h {
        HOST_NOT_FOUND | NO_DATA => Status::NotFound,
        _ => Status::Unavail,
    }
}

/// glibc's shortcut for gethostbyname: a name of digits and dots not ending in a dot
/// is an IPv4 address or unknown, a name that looks like IPv6 is unknown to an IPv4
/// lookup; None for names that go to the services.
fn digits_and_dots(name: &[u8]) -> Option<Result<Vec<Vec<u8>>, c_int>> {
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
fn numeric(name: &[u8]) -> Result<Option<Found>, c_int> {
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
    fn dns_host_names() {
        for ok in ["a", "a.b", "a.b.", "x_y-z.example", "", ".", "1.2.3.4.5"] {
            assert!(valid_dns_host_name(ok.as_bytes()), "{ok}");
        }
        for bad in ["(none)", "-a", "a..b", ".a", "a b", "a\\.b", "\u{e9}", "a.."] {
            assert!(!valid_dns_host_name(bad.as_bytes()), "{bad}");
        }
        assert!(!valid_dns_host_name("x".repeat(64).as_bytes()));
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
