//! Errors carried up to the one place that prints them: a [`Message`] (the
//! reference's msgid and its arguments), the errno of the system call that failed,
//! and the exit status when it is not the tool's usual one.
//!
//! `strerror` is our own table of glibc's messages so that the static musl build
//! prints the same words as the reference tools (musl's wording differs, e.g.
//! "Out of memory" for ENOMEM); they are translated through glibc's own catalog.

use std::fmt;

pub use nix::errno::Errno;

use crate::i18n::{self, Domain};
use crate::message::Message;

/// An error: printed as `tool: message` or `tool: message: strerror`, then its hint
/// line if it has one (`tool: hint: text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: Message,
    errno: Option<i32>,
    status: Option<u8>,
    hint: Option<Box<Message>>,
    /// Already printed by the process that failed (a helper we forked): only the
    /// status is passed on.
    reported: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error without an errno.
    pub fn msg(message: impl Into<Message>) -> Self {
        Error::with_errno(message.into(), None)
    }

    /// An error from a failed system call.
    pub fn sys(message: impl Into<Message>, errno: Errno) -> Self {
        Error::with_errno(message.into(), Some(errno as i32))
    }

    /// Like [`Error::sys`] but taking the errno from a `std::io::Error`.
    pub fn io(message: impl Into<Message>, err: &std::io::Error) -> Self {
        Error::with_errno(message.into(), err.raw_os_error())
    }

    fn with_errno(message: Message, errno: Option<i32>) -> Self {
        Error { message, errno, status: None, hint: None, reported: false }
    }

    /// A failure already printed by another process (a forked helper); it ends the
    /// tool with `status` and prints nothing more.
    pub fn reported(status: u8) -> Self {
        Error { reported: true, ..Error::msg(Message::verbatim("")).with_status(status) }
    }

    /// Adds the line printed after the error, for the problems people hit most
    /// (`tool: hint: text`, never translated).
    pub fn with_hint(mut self, hint: impl Into<crate::message::Value>) -> Self {
        self.hint = Some(Box::new(Message::verbatim("hint: %s").arg(hint)));
        self
    }

    /// Like [`Error::with_hint`] when there is one.
    pub fn with_hint_opt(self, hint: Option<String>) -> Self {
        match hint {
            Some(h) => self.with_hint(h),
            None => self,
        }
    }

    /// The line printed after the error, `hint: text`.
    pub fn hint(&self) -> Option<&Message> {
        self.hint.as_deref()
    }

    /// True for a failure whose message another process already printed.
    pub fn is_reported(&self) -> bool {
        self.reported
    }

    /// Sets the exit status the tool should use instead of its default failure status.
    pub fn with_status(mut self, status: u8) -> Self {
        self.status = Some(status);
        self
    }

    pub fn errno(&self) -> Option<Errno> {
        self.errno.map(Errno::from_raw)
    }

    pub fn status(&self) -> Option<u8> {
        self.status
    }

    pub fn message(&self) -> &Message {
        &self.message
    }

    /// The whole message (`message` or `message: strerror`) in the language of
    /// `domain` (none: English).
    pub fn render(&self, domain: Option<Domain>) -> Vec<u8> {
        let mut out = self.message.render(domain);
        if let Some(e) = self.errno {
            out.extend_from_slice(b": ");
            out.extend_from_slice(&strerror_in(e, domain.is_some()));
        }
        out
    }

    /// The whole message in English.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.render(None)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_bytes()))
    }
}

impl std::error::Error for Error {}

/// glibc's message for `errno`, translated through libc's catalog when `translate`.
pub fn strerror_in(errno: i32, translate: bool) -> Vec<u8> {
    match glibc_message(errno) {
        Some(s) => {
            translate.then(|| i18n::gettext_plain(Domain::Libc, s)).flatten().unwrap_or_else(|| s.into())
        }
        None => {
            let mut out = translate
                .then(|| i18n::gettext_plain(Domain::Libc, "Unknown error "))
                .flatten()
                .unwrap_or_else(|| b"Unknown error ".to_vec());
            out.extend_from_slice(errno.to_string().as_bytes());
            out
        }
    }
}

/// glibc's message for `errno`.
pub fn strerror(errno: i32) -> String {
    match glibc_message(errno) {
        Some(s) => s.to_string(),
        None => format!("Unknown error {errno}"),
    }
}

fn glibc_message(errno: i32) -> Option<&'static str> {
    Some(match errno {
        0 => "Success",
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        4 => "Interrupted system call",
        5 => "Input/output error",
        6 => "No such device or address",
        7 => "Argument list too long",
        8 => "Exec format error",
        9 => "Bad file descriptor",
        10 => "No child processes",
        11 => "Resource temporarily unavailable",
        12 => "Cannot allocate memory",
        13 => "Permission denied",
        14 => "Bad address",
        15 => "Block device required",
        16 => "Device or resource busy",
        17 => "File exists",
        18 => "Invalid cross-device link",
        19 => "No such device",
        20 => "Not a directory",
        21 => "Is a directory",
        22 => "Invalid argument",
        23 => "Too many open files in system",
        24 => "Too many open files",
        25 => "Inappropriate ioctl for device",
        26 => "Text file busy",
        27 => "File too large",
        28 => "No space left on device",
        29 => "Illegal seek",
        30 => "Read-only file system",
        31 => "Too many links",
        32 => "Broken pipe",
        33 => "Numerical argument out of domain",
        34 => "Numerical result out of range",
        35 => "Resource deadlock avoided",
        36 => "File name too long",
        37 => "No locks available",
        38 => "Function not implemented",
        39 => "Directory not empty",
        40 => "Too many levels of symbolic links",
        41 => "Unknown error 41",
        42 => "No message of desired type",
        43 => "Identifier removed",
        44 => "Channel number out of range",
        45 => "Level 2 not synchronized",
        46 => "Level 3 halted",
        47 => "Level 3 reset",
        48 => "Link number out of range",
        49 => "Protocol driver not attached",
        50 => "No CSI structure available",
        51 => "Level 2 halted",
        52 => "Invalid exchange",
        53 => "Invalid request descriptor",
        54 => "Exchange full",
        55 => "No anode",
        56 => "Invalid request code",
        57 => "Invalid slot",
        58 => "Unknown error 58",
        59 => "Bad font file format",
        60 => "Device not a stream",
        61 => "No data available",
        62 => "Timer expired",
        63 => "Out of streams resources",
        64 => "Machine is not on the network",
        65 => "Package not installed",
        66 => "Object is remote",
        67 => "Link has been severed",
        68 => "Advertise error",
        69 => "Srmount error",
        70 => "Communication error on send",
        71 => "Protocol error",
        72 => "Multihop attempted",
        73 => "RFS specific error",
        74 => "Bad message",
        75 => "Value too large for defined data type",
        76 => "Name not unique on network",
        77 => "File descriptor in bad state",
        78 => "Remote address changed",
        79 => "Can not access a needed shared library",
        80 => "Accessing a corrupted shared library",
        81 => ".lib section in a.out corrupted",
        82 => "Attempting to link in too many shared libraries",
        83 => "Cannot exec a shared library directly",
        84 => "Invalid or incomplete multibyte or wide character",
        85 => "Interrupted system call should be restarted",
        86 => "Streams pipe error",
        87 => "Too many users",
        88 => "Socket operation on non-socket",
        89 => "Destination address required",
        90 => "Message too long",
        91 => "Protocol wrong type for socket",
        92 => "Protocol not available",
        93 => "Protocol not supported",
        94 => "Socket type not supported",
        95 => "Operation not supported",
        96 => "Protocol family not supported",
        97 => "Address family not supported by protocol",
        98 => "Address already in use",
        99 => "Cannot assign requested address",
        100 => "Network is down",
        101 => "Network is unreachable",
        102 => "Network dropped connection on reset",
        103 => "Software caused connection abort",
        104 => "Connection reset by peer",
        105 => "No buffer space available",
        106 => "Transport endpoint is already connected",
        107 => "Transport endpoint is not connected",
        108 => "Cannot send after transport endpoint shutdown",
        109 => "Too many references: cannot splice",
        110 => "Connection timed out",
        111 => "Connection refused",
        112 => "Host is down",
        113 => "No route to host",
        114 => "Operation already in progress",
        115 => "Operation now in progress",
        116 => "Stale file handle",
        117 => "Structure needs cleaning",
        118 => "Not a XENIX named type file",
        119 => "No XENIX semaphores available",
        120 => "Is a named type file",
        121 => "Remote I/O error",
        122 => "Disk quota exceeded",
        123 => "No medium found",
        124 => "Wrong medium type",
        125 => "Operation canceled",
        126 => "Required key not available",
        127 => "Key has expired",
        128 => "Key has been revoked",
        129 => "Key was rejected by service",
        130 => "Owner died",
        131 => "State not recoverable",
        132 => "Operation not possible due to RF-kill",
        133 => "Memory page has hardware error",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn display_with_and_without_errno() {
        assert_eq!(Error::msg("no namespace specified").to_string(), "no namespace specified");
        assert_eq!(
            Error::sys(msg!("cannot open %s", "/x"), Errno::ENOENT).to_string(),
            "cannot open /x: No such file or directory"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_kept() {
        let e = Error::sys(msg!("cannot open %s", &b"/\xff"[..]), Errno::ENOENT);
        assert_eq!(e.to_bytes(), b"cannot open /\xff: No such file or directory");
        assert_eq!(e.to_string(), "cannot open /\u{fffd}: No such file or directory");
    }

    #[test]
    fn glibc_wording_not_musl() {
        assert_eq!(strerror(libc::ENOMEM), "Cannot allocate memory");
        assert_eq!(strerror(libc::EPERM), "Operation not permitted");
        assert_eq!(strerror(libc::ENOTTY), "Inappropriate ioctl for device");
        assert_eq!(strerror(9999), "Unknown error 9999");
    }

    #[test]
    fn hint_is_its_own_line() {
        let e = Error::sys("setgid failed", Errno::EINVAL).with_hint("gid 5 is not mapped".to_string());
        assert_eq!(e.to_string(), "setgid failed: Invalid argument");
        assert_eq!(e.hint().map(Message::english), Some(b"hint: gid 5 is not mapped".to_vec()));
        assert_eq!(Error::msg("x").with_hint_opt(None).hint(), None);
    }

    #[test]
    fn reported_carries_only_the_status() {
        let e = Error::reported(3);
        assert!(e.is_reported());
        assert_eq!(e.status(), Some(3));
        assert!(!Error::msg("x").is_reported());
    }

    #[test]
    fn status_is_carried() {
        let e = Error::msg("x").with_status(2);
        assert_eq!(e.status(), Some(2));
        assert_eq!(Error::sys("y", Errno::EINVAL).errno(), Some(Errno::EINVAL));
    }
}
