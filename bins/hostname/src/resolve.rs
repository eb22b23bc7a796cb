//! Resolver calls through the C library: getaddrinfo, getnameinfo and gethostbyname_r
//! (for the services lookup.rs hands to it), and the interface list. Error texts come
//! from our own tables of glibc's wording, since musl's differ.

use std::ffi::{CStr, CString};
use std::mem;
use std::ptr;

use libc::{c_char, c_int, size_t};

/// A socket address as the C library handed it out.
pub struct SockAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    /// Copies `len` bytes of `sa`.
    ///
    /// # Safety
    /// `sa` must point to at least `len` readable bytes.
    unsafe fn copy(sa: *const libc::sockaddr, len: libc::socklen_t) -> SockAddr {
        // SAFETY: sockaddr_storage is plain old data.
        let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
        let len = len.min(mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t);
        // SAFETY: the caller vouches for `len` bytes at `sa`; storage holds at least that.
        unsafe {
            ptr::copy_nonoverlapping(sa.cast::<u8>(), ptr::addr_of_mut!(storage).cast::<u8>(), len as usize)
        };
        SockAddr { storage, len }
    }

    /// The C form of a Rust socket address.
    pub fn from_std(addr: std::net::SocketAddr) -> SockAddr {
        // SAFETY: sockaddr_storage is plain old data.
        let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
        let len = match addr {
            std::net::SocketAddr::V4(a) => {
                let sin = libc::sockaddr_in {
                    sin_family: libc::AF_INET as libc::sa_family_t,
                    sin_port: a.port().to_be(),
                    sin_addr: libc::in_addr { s_addr: u32::from_ne_bytes(a.ip().octets()) },
                    sin_zero: [0; 8],
                };
                // SAFETY: storage is large enough and suitably aligned for any sockaddr.
                unsafe { ptr::write(ptr::addr_of_mut!(storage).cast(), sin) };
                mem::size_of::<libc::sockaddr_in>()
            }
            std::net::SocketAddr::V6(a) => {
                // SAFETY: sockaddr_in6 is plain old data.
                let mut sin6: libc::sockaddr_in6 = unsafe { mem::zeroed() };
                sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                sin6.sin6_port = a.port().to_be();
                sin6.sin6_addr.s6_addr = a.ip().octets();
                sin6.sin6_flowinfo = a.flowinfo();
                sin6.sin6_scope_id = a.scope_id();
                // SAFETY: as above.
                unsafe { ptr::write(ptr::addr_of_mut!(storage).cast(), sin6) };
                mem::size_of::<libc::sockaddr_in6>()
            }
        };
        SockAddr { storage, len: len as libc::socklen_t }
    }

    /// The Rust form, for IPv4 and IPv6 addresses.
    pub fn to_std(&self) -> Option<std::net::SocketAddr> {
        let p = ptr::addr_of!(self.storage);
        match c_int::from(self.storage.ss_family) {
            libc::AF_INET => {
                // SAFETY: an AF_INET address is a sockaddr_in, which storage can hold.
                let sin = unsafe { &*p.cast::<libc::sockaddr_in>() };
                let ip = std::net::Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
                Some(std::net::SocketAddr::new(ip.into(), u16::from_be(sin.sin_port)))
            }
            libc::AF_INET6 => {
                // SAFETY: as above for sockaddr_in6.
                let sin6 = unsafe { &*p.cast::<libc::sockaddr_in6>() };
                let ip = std::net::Ipv6Addr::from(sin6.sin6_addr.s6_addr);
                let port = u16::from_be(sin6.sin6_port);
                Some(std::net::SocketAddrV6::new(ip, port, sin6.sin6_flowinfo, sin6.sin6_scope_id).into())
            }
            _ => None,
        }
    }

    fn as_ptr(&self) -> *const libc::sockaddr {
        ptr::addr_of!(self.storage).cast()
    }
}

/// What getaddrinfo found for a name.
pub struct Found {
    pub canonical: Option<Vec<u8>>,
    pub addrs: Vec<SockAddr>,
}

/// getaddrinfo(name) with the reference's hints: any family, datagram sockets (one
/// entry per address), and the canonical name.
pub fn lookup(name: &[u8]) -> Result<Found, c_int> {
    let name = CString::new(name).map_err(|_| libc::EAI_NONAME)?;
    // SAFETY: addrinfo is plain old data; zero is "no preference" for every field.
    let mut hints: libc::addrinfo = unsafe { mem::zeroed() };
    hints.ai_flags = libc::AI_CANONNAME;
    hints.ai_family = libc::AF_UNSPEC;
    hints.ai_socktype = libc::SOCK_DGRAM;
    let mut res: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: valid C strings and hints; res receives a list we free below.
    let rc = unsafe { libc::getaddrinfo(name.as_ptr(), ptr::null(), &hints, &mut res) };
    if rc != 0 {
        return Err(rc);
    }
    let mut found = Found { canonical: None, addrs: Vec::new() };
    let mut ai = res;
    while !ai.is_null() {
        // SAFETY: ai walks the list getaddrinfo returned, which stays alive until freed.
        let entry = unsafe { &*ai };
        if ai == res && !entry.ai_canonname.is_null() {
            // SAFETY: ai_canonname is a C string owned by the list.
            found.canonical = Some(unsafe { CStr::from_ptr(entry.ai_canonname) }.to_bytes().to_vec());
        }
        if !entry.ai_addr.is_null() {
            // SAFETY: ai_addr points to ai_addrlen bytes.
            found.addrs.push(unsafe { SockAddr::copy(entry.ai_addr, entry.ai_addrlen) });
        }
        ai = entry.ai_next;
    }
    // SAFETY: res came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(res) };
    Ok(found)
}

/// getnameinfo for the host part only, with `flags` (NI_NUMERICHOST or NI_NAMEREQD).
pub fn name_of(addr: &SockAddr, flags: c_int) -> Result<Vec<u8>, c_int> {
    let mut host = [0 as c_char; libc::NI_MAXHOST as usize];
    // SAFETY: addr is a valid socket address of addr.len bytes; host is writable.
    let rc = unsafe {
        libc::getnameinfo(
            addr.as_ptr(),
            addr.len,
            host.as_mut_ptr(),
            host.len() as _,
            ptr::null_mut(),
            0,
            flags,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    // SAFETY: getnameinfo wrote a NUL-terminated string into host.
    Ok(unsafe { CStr::from_ptr(host.as_ptr()) }.to_bytes().to_vec())
}

extern "C" {
    // In glibc and musl alike, but not declared by the libc crate.
    fn gethostbyname_r(
        name: *const c_char,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
}

/// The aliases gethostbyname reports for `name`; the error is an h_errno value.
pub fn aliases(name: &[u8]) -> Result<Vec<Vec<u8>>, c_int> {
    let name = CString::new(name).map_err(|_| 1)?;
    let mut buf: Vec<c_char> = vec![0; 4096];
    loop {
        // SAFETY: hostent is plain old data, filled in by the call.
        let mut ent: libc::hostent = unsafe { mem::zeroed() };
        let mut result: *mut libc::hostent = ptr::null_mut();
        let mut herr: c_int = 0;
        // SAFETY: every pointer refers to live, writable storage of the stated size.
        let rc = unsafe {
            gethostbyname_r(name.as_ptr(), &mut ent, buf.as_mut_ptr(), buf.len(), &mut result, &mut herr)
        };
        if rc == libc::ERANGE && buf.len() < (1 << 24) {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if result.is_null() {
            return Err(if herr == 0 { 1 } else { herr });
        }
        let mut list = Vec::new();
        let mut p = ent.h_aliases;
        // SAFETY: h_aliases is a NULL-terminated array of C strings inside buf.
        while !p.is_null() && !unsafe { *p }.is_null() {
            // SAFETY: as above.
            list.push(unsafe { CStr::from_ptr(*p) }.to_bytes().to_vec());
            // SAFETY: the array continues up to its NULL terminator.
            p = unsafe { p.add(1) };
        }
        return Ok(list);
    }
}

/// Why a DNS query for `name`'s A records fails (an h_errno value), None if it works.
#[cfg(not(target_env = "gnu"))]
pub fn dns_failure(name: &[u8]) -> Option<c_int> {
    let name = CString::new(name).ok()?;
    extern "C" {
        fn res_query(name: *const c_char, class: c_int, kind: c_int, answer: *mut u8, len: c_int) -> c_int;
        fn __h_errno_location() -> *mut c_int;
    }
    const CLASS_IN: c_int = 1;
    const TYPE_A: c_int = 1;
    let mut answer = [0u8; 512];
    // SAFETY: a valid C string and a writable buffer of the stated length.
    let len =
        unsafe { res_query(name.as_ptr(), CLASS_IN, TYPE_A, answer.as_mut_ptr(), answer.len() as c_int) };
    // SAFETY: h_errno's location is valid for the calling thread.
    (len < 0).then(|| unsafe { *__h_errno_location() })
}

/// The addresses the reference lists for -I and -A: every IPv4 and IPv6 address of an
/// interface that is up and not loopback, IPv6 link-local (unicast or multicast)
/// ones excluded, in the order getifaddrs gives them.
pub fn interface_addrs() -> Result<Vec<SockAddr>, i32> {
    use nix::net::if_::InterfaceFlags;
    let list = nix::ifaddrs::getifaddrs().map_err(|e| e as i32)?;
    let mut addrs = Vec::new();
    for ifa in list {
        if !ifa.flags.contains(InterfaceFlags::IFF_UP) || ifa.flags.contains(InterfaceFlags::IFF_LOOPBACK) {
            continue;
        }
        let Some(addr) = ifa.address else { continue };
        if let Some(v4) = addr.as_sockaddr_in() {
            addrs.push(SockAddr::from_std(std::net::SocketAddr::V4((*v4).into())));
        } else if let Some(v6) = addr.as_sockaddr_in6() {
            let ip = v6.ip();
            let s = ip.segments();
            let link_local = s[0] & 0xffc0 == 0xfe80;
            let multicast_link_local = s[0] & 0xff0f == 0xff02;
            if !link_local && !multicast_link_local {
                addrs.push(SockAddr::from_std(std::net::SocketAddr::V6((*v6).into())));
            }
        }
    }
    Ok(addrs)
}

/// glibc's gai_strerror wording (2.36).
pub fn gai_message(code: c_int) -> &'static str {
    match code {
        -1 => "Bad value for ai_flags",
        -2 => "Name or service not known",
        -3 => "Temporary failure in name resolution",
        -4 => "Non-recoverable failure in name resolution",
        -5 => "No address associated with hostname",
        -6 => "ai_family not supported",
        -7 => "ai_socktype not supported",
        -8 => "Servname not supported for ai_socktype",
        -9 => "Address family for hostname not supported",
        -10 => "Memory allocation failure",
        -11 => "System error",
        -100 => "Processing request in progress",
        -101 => "Request canceled",
        -102 => "Request not canceled",
        -103 => "All requests done",
        -104 => "Interrupted by a signal",
        -105 => "Parameter string not correctly encoded",
        _ => "Unknown error",
    }
}

/// glibc's hstrerror wording.
pub fn h_message(code: c_int) -> &'static str {
    match code {
        0 => "Resolver Error 0 (no error)",
        1 => "Unknown host",
        2 => "Host name lookup failure",
        3 => "Unknown server error",
        4 => "No address associated with name",
        _ => "Unknown resolver error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_env = "gnu")]
    #[test]
    fn messages_match_the_running_glibc() {
        extern "C" {
            fn hstrerror(err: c_int) -> *const c_char;
        }
        for code in -110..=1 {
            // SAFETY: gai_strerror returns a static C string.
            let theirs = unsafe { CStr::from_ptr(libc::gai_strerror(code)) };
            assert_eq!(theirs.to_str().ok(), Some(gai_message(code)), "code {code}");
        }
        for code in 0..=6 {
            // SAFETY: hstrerror returns a static C string.
            let theirs = unsafe { CStr::from_ptr(hstrerror(code)) };
            assert_eq!(theirs.to_str().ok(), Some(h_message(code)), "h_errno {code}");
        }
    }

    #[test]
    fn numeric_names_of_literal_addresses() {
        let found = lookup(b"127.0.0.1").expect("numeric lookup");
        assert_eq!(found.addrs.len(), 1);
        assert_eq!(name_of(&found.addrs[0], libc::NI_NUMERICHOST), Ok(b"127.0.0.1".to_vec()));
        let six = lookup(b"::1").expect("numeric lookup");
        assert_eq!(name_of(&six.addrs[0], libc::NI_NUMERICHOST), Ok(b"::1".to_vec()));
    }
}
