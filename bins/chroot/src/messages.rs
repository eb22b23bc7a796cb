//! chroot's own messages: prefixed with argv\[0\] exactly as given (coreutils prints
//! `/usr/sbin/chroot: ...`, not the basename), status 125.

use std::io::Write;
use std::process::ExitCode;

use common::error::{strerror, Errno};

use crate::quote::{self, Charset};

/// coreutils' EXIT_CANCELED: chroot itself failed.
pub const FAILED: u8 = 125;

pub struct Messages {
    pub argv0: String,
    pub charset: Charset,
}

impl Messages {
    /// `argv0: msg` or `argv0: msg: strerror` on stderr.
    pub fn line(&self, msg: &[u8], errno: Option<Errno>) {
        let mut line = format!("{}: ", self.argv0).into_bytes();
        line.extend_from_slice(msg);
        if let Some(e) = errno {
            line.extend_from_slice(format!(": {}", strerror(e as i32)).as_bytes());
        }
        line.push(b'\n');
        common::cli::write_stderr(&line);
    }

    pub fn fail(&self, msg: &[u8], errno: Option<Errno>) -> ExitCode {
        self.line(msg, errno);
        ExitCode::from(FAILED)
    }

    /// A message, then the try-help line.
    pub fn usage_fail(&self, msg: &[u8]) -> ExitCode {
        self.line(msg, None);
        self.try_help()
    }

    pub fn try_help(&self) -> ExitCode {
        let _ = writeln!(std::io::stderr().lock(), "Try '{} --help' for more information.", self.argv0);
        ExitCode::from(FAILED)
    }

    /// --help and --version output; a write error fails with chroot's status, as
    /// coreutils' close_stdout does.
    pub fn print(&self, text: &[u8]) -> ExitCode {
        match common::cli::write_stdout(text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => self.fail(b"write error", Some(Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)))),
        }
    }

    /// `prefix` followed by `name` in the locale's quotation marks.
    pub fn quoted(&self, prefix: &str, name: &[u8]) -> Vec<u8> {
        let mut m = prefix.as_bytes().to_vec();
        m.extend(quote::quote(name, self.charset));
        m
    }

    /// `prefix` followed by `name` quoted for a shell.
    pub fn shell_quoted(&self, prefix: &str, name: &[u8]) -> Vec<u8> {
        let mut m = prefix.as_bytes().to_vec();
        m.extend(quote::quoteaf(name, self.charset));
        m
    }
}
