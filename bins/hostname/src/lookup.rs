//! The two lookups the reference makes by name, done as glibc 2.36 does them in both
//! builds: getaddrinfo(name, AF_UNSPEC, AI_CANONNAME) for -f, -d, -i (and before -a)
//! and gethostbyname(name) for -a. Numeric names are converted as glibc converts them;
//! other names walk the `hosts:` services of nsswitch.conf with their actions. We read
//! /etc/hosts ourselves (the `files` service), and hand every other service to the C
//! library: glibc is told to use just that one service (`__nss_configure_lookup`), so
//! the glibc build does exactly what the reference does; a static musl build cannot
//! load NSS modules, so there `dns` is musl's resolver and any other service is a
//! module that is not installed (glibc's UNAVAIL).

use std::net::SocketAddr;

use libc::c_int;

use crate::hosts;
use crate::nss::{self, Action, Service, Status};
use crate::numeric::{digits_and_dots, numeric};
use crate::order;
use crate::resolve::{self, Found, SockAddr};

/// h_errno values.
pub const HOST_NOT_FOUND: c_int = 1;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
