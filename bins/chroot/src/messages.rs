//! chroot's reporting, through the one message path in `common::cli`: coreutils
//! prefixes its messages with argv\[0\] exactly as given (`/usr/sbin/chroot: ...`,
//! not the basename), speaks the `coreutils` domain, and fails with status 125.

use std::process::ExitCode;

use common::error::Errno;
use common::{cli, Error, Message};

use crate::quote::{self, Charset};

/// coreutils' EXIT_CANCELED: chroot itself failed.
pub const FAILED: u8 = 125;

/// `argv0: message` or `argv0: message: strerror` on stderr.
pub fn line(message: Message, errno: Option<Errno>) {
    cli::report_as_invoked(&match errno {
        Some(e) => Error::sys(message, e),
        None => Error::msg(message),
    });
}

/// [`line`], then chroot's failure status.
pub fn fail(message: Message, errno: Option<Errno>) -> ExitCode {
    line(message, errno);
    ExitCode::from(FAILED)
}

/// A message, then the try-help line.
pub fn usage_fail(message: Message) -> ExitCode {
    line(message, None);
    cli::try_help_as_invoked(FAILED)
}

/// --help and --version output; a write error fails with chroot's status, as
/// coreutils' close_stdout does.
pub fn print(text: &[u8]) -> ExitCode {
    match cli::write_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fail(Message::new("write error"), Some(Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO))))
        }
    }
}

/// `name` in the locale's quotation marks (coreutils' `quote`), whose marks are the
/// catalog's translations of "`" and "'". The locale is read only now, when a
/// message needs it.
pub fn quoted(name: &[u8]) -> Vec<u8> {
    let charset = Charset::from_environment();
    let mark = |id: &'static str, utf8: &'static str, plain: &'static str| {
        cli::domain()
            .and_then(|d| common::i18n::gettext_plain(d, id))
            .unwrap_or_else(|| if charset == Charset::Utf8 { utf8 } else { plain }.as_bytes().to_vec())
    };
    quote::quote(name, &mark("`", "\u{2018}", "'"), &mark("'", "\u{2019}", "'"), charset)
}

/// `name` quoted for a shell (coreutils' `quoteaf`).
pub fn shell_quoted(name: &[u8]) -> Vec<u8> {
    quote::quoteaf(name, Charset::from_environment())
}
