//! The kernel's two names: reading them, checking and setting them, and reading a new
//! one from a file the way the reference does.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::process::ExitCode;

use common::cli;
use common::error::{strerror, Errno};

use crate::hosts::is_c_space;

/// Writes to stdout, ignoring errors as the reference's unchecked printf does.
pub fn out(bytes: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(bytes).and_then(|()| o.flush());
}

/// `prog: msg` on stderr, status 1 (Debian's hostname translates nothing).
pub fn fail(msg: impl Into<common::message::Value>) -> ExitCode {
    cli::warn(common::Message::verbatim("%s").arg(msg));
    ExitCode::FAILURE
}

pub fn host_name() -> Vec<u8> {
    nix::unistd::gethostname().map(|n| n.as_bytes().to_vec()).unwrap_or_default()
}

pub fn domain_name() -> Vec<u8> {
    // nix has no getdomainname; uname(2) carries it.
    // SAFETY: utsname is plain old data; uname fills it.
    let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live utsname.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return Vec::new();
    }
    uts.domainname.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect()
}

/// RFC 1035 as the reference checks it: letters, digits, dots and hyphens; a letter or
/// digit first and last; no empty label and no hyphen next to a dot. Label lengths are
/// left to the kernel's 64-byte limit.
pub fn valid_host_name(name: &[u8]) -> bool {
    let (Some(first), Some(last)) = (name.first(), name.last()) else { return false };
    first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && name.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
        && !name.windows(2).any(|w| matches!(w, b".." | b".-" | b"-."))
}

fn trim(name: &[u8]) -> &[u8] {
    let start = name.iter().position(|&c| !is_c_space(c)).unwrap_or(name.len());
    let end = name.iter().rposition(|&c| !is_c_space(c)).map_or(start, |i| i + 1);
    &name[start..end]
}

/// The kernel refuses a name of more than 64 bytes with EINVAL; the reference calls
/// that "name too long" and ignores errors other than EPERM.
fn report_set(result: Errno, denied: &str) -> ExitCode {
    match result {
        Errno::EPERM => fail(denied),
        Errno::EINVAL => fail("name too long"),
        _ => ExitCode::SUCCESS,
    }
}

pub fn set_host_name(name: &[u8]) -> ExitCode {
    let name = trim(name);
    if !valid_host_name(name) {
        return fail("the specified hostname is invalid");
    }
    // SAFETY: pointer and length describe a live byte slice.
    let rc = unsafe { libc::sethostname(name.as_ptr().cast(), name.len()) };
    if rc == 0 {
        return ExitCode::SUCCESS;
    }
    report_set(Errno::last(), "you must be root to change the host name")
}

/// NIS domain names are set exactly as given: the reference checks nothing.
pub fn set_domain_name(name: &[u8]) -> ExitCode {
    // setdomainname is not in nix.
    // SAFETY: pointer and length describe a live byte slice.
    let rc = unsafe { libc::setdomainname(name.as_ptr().cast(), name.len()) };
    if rc == 0 {
        return ExitCode::SUCCESS;
    }
    report_set(Errno::last(), "you must be root to change the domain name")
}

/// What `-F FILE` yields: the first line neither empty nor starting with `#`, newline
/// removed. Like the reference it reads through a buffer of the file's stat size, so
/// a file that claims size 0 (empty, FIFO, most of /proc) reads as nothing; when
/// nothing at all was read, `boot` substitutes the current host name (or localhost).
/// A file of only comments and empty lines yields the last of them.
pub fn read_name_file(path: &[u8], boot: bool) -> Result<Vec<u8>, ExitCode> {
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(libc::O_CLOEXEC).open(OsStr::from_bytes(path));
    let mut file = match file {
        Ok(f) => f,
        Err(_) if boot => return Ok(boot_name()),
        Err(e) => return Err(fail(strerror(e.raw_os_error().unwrap_or(libc::EIO)))),
    };
    let size = match file.metadata() {
        Ok(m) => m.len(),
        Err(e) => return Err(fail(strerror(e.raw_os_error().unwrap_or(libc::EIO)))),
    };
    let mut data = Vec::new();
    if size > 0 {
        // A read error (a directory) ends the input like fgets's NULL does.
        let _ = file.read_to_end(&mut data);
    }
    match first_name_line(&data, size) {
        None if boot => Ok(boot_name()),
        None => Ok(Vec::new()),
        Some(line) => Ok(line),
    }
}

/// Splits `data` as fgets with a buffer of `size + 1` bytes would, keeping the last
/// piece read; None when no fgets call returned anything.
fn first_name_line(data: &[u8], size: u64) -> Option<Vec<u8>> {
    let chunk_max = usize::try_from(size).unwrap_or(usize::MAX).max(1);
    let mut rest = data;
    let mut last = None;
    while !rest.is_empty() {
        let newline = rest.iter().position(|&c| c == b'\n').map_or(rest.len(), |i| i + 1);
        let len = newline.min(chunk_max);
        let (chunk, tail) = rest.split_at(len);
        rest = tail;
        // The C string ends at the first NUL; fgets keeps the newline, the reference
        // cuts at the first one.
        let c_str = &chunk[..chunk.iter().position(|&c| c == 0).unwrap_or(chunk.len())];
        let line = &c_str[..c_str.iter().position(|&c| c == b'\n').unwrap_or(c_str.len())];
        last = Some(line.to_vec());
        if !line.is_empty() && line[0] != b'#' {
            break;
        }
    }
    last
}

/// The name `-b` falls back to: the current host name unless unset.
fn boot_name() -> Vec<u8> {
    let current = host_name();
    if current.is_empty() || current == b"(none)" {
        b"localhost".to_vec()
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1035_rules() {
        for ok in ["a", "1", "a--b", "A.B-c9", "1.2.3.4", "x.y"] {
            assert!(valid_host_name(ok.as_bytes()), "{ok}");
        }
        for bad in ["", "-a", "a-", "a.-b", "a-.b", "a..b", "a_b", ".a", "a.", "a b", "é", "*"] {
            assert!(!valid_host_name(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn trimming_is_c_isspace() {
        assert_eq!(trim(b"\x0b\x0c foo \t\r\n"), b"foo");
        assert_eq!(trim(b"   "), b"");
        assert_eq!(trim(b"a b"), b"a b");
    }

    fn line(data: &[u8]) -> Option<String> {
        first_name_line(data, data.len() as u64).map(|l| String::from_utf8_lossy(&l).into_owned())
    }

    #[test]
    fn name_files() {
        assert_eq!(line(b""), None);
        assert_eq!(line(b"\n"), Some(String::new()));
        assert_eq!(line(b"#c\n\nfoo.example\nbar\n"), Some("foo.example".into()));
        assert_eq!(line(b"#c1\n#c2\n"), Some("#c2".into()));
        assert_eq!(line(b"  foo  \n"), Some("  foo  ".into()));
        assert_eq!(line(b"abc"), Some("abc".into()));
        assert_eq!(line(b"ab\0cd\n"), Some("ab".into()));
        assert_eq!(line(b"#x\0\nfoo\n"), Some("foo".into()));
    }

    #[test]
    fn short_stat_sizes_split_lines_like_fgets() {
        // A file larger than its stat size is read in pieces of that size.
        let l = first_name_line(b"#abcdef\nname\n", 3).map(|l| String::from_utf8_lossy(&l).into_owned());
        assert_eq!(l, Some("cde".into()));
    }
}
