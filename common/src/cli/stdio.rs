//! The standard streams as the caller set them up, and writing to stdout the way
//! the reference tools' stdio does.

use std::io::{self, Write};
use std::process::ExitCode;

use super::warn;
use crate::error::Error;

/// What the caller handed us, seen before Rust's runtime changes it: before `main`
/// std opens /dev/null on any of descriptors 0, 1 and 2 that is closed, and sets
/// SIGPIPE to be ignored. Both would reach the program we exec, and a closed stdout
/// turned into /dev/null would hide the write errors the reference reports. A
/// constructor in `.init_array` runs before std's setup (glibc and musl run them
/// before calling `main`).
mod caller {
    use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

    /// Bit N: descriptor N was closed.
    pub static CLOSED: AtomicU8 = AtomicU8::new(0);
    pub static SIGPIPE_IGNORED: AtomicBool = AtomicBool::new(false);

    extern "C" fn record() {
        for fd in 0..3 {
            // SAFETY: F_GETFD only reads the descriptor's flags.
            if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
                CLOSED.fetch_or(1 << fd, Ordering::Relaxed);
            }
        }
        // SAFETY: a zeroed sigaction is a valid out-parameter; a null new action
        // only queries.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGPIPE, std::ptr::null(), &mut old) == 0 {
                SIGPIPE_IGNORED.store(old.sa_sigaction == libc::SIG_IGN, Ordering::Relaxed);
            }
        }
    }

    #[used]
    #[link_section = ".init_array"]
    static RECORD: extern "C" fn() = record;
}

/// Gives back what Rust's runtime took from the caller's setup: the descriptors
/// among 0, 1 and 2 that were closed are closed again, and SIGPIPE gets the
/// disposition the caller gave it (default, or ignored).
pub(super) fn restore_caller_setup() {
    use std::sync::atomic::Ordering;
    let pipe = if caller::SIGPIPE_IGNORED.load(Ordering::Relaxed) { libc::SIG_IGN } else { libc::SIG_DFL };
    let closed = caller::CLOSED.load(Ordering::Relaxed);
    // SAFETY: setting a disposition and closing the descriptors std opened on
    // /dev/null have no memory preconditions; nothing of ours uses them yet.
    unsafe {
        libc::signal(libc::SIGPIPE, pipe);
        for fd in 0..3 {
            if closed & (1 << fd) != 0 {
                libc::close(fd);
            }
        }
    }
}

/// Writes `text` to stdout and reports a failure the way util-linux's tools do
/// through glibc's stdio and close_stdout. A broken pipe kills us with SIGPIPE first,
/// as it kills the reference, unless the caller ignores SIGPIPE. Then: output that
/// fits stdout's buffer is only written at exit, where close_stdout takes EBADF (a
/// closed stdout) and EPIPE for success and reports anything else as
/// `prog: write error: strerror`; larger output fails while being written, which
/// leaves only the stream's error flag, reported as a bare `prog: write error`.
/// Both failures exit 1.
///
/// Writes to descriptor 1 itself: std's stdout takes a closed descriptor for
/// success whatever the size.
pub fn print_stdout(text: &[u8]) -> Result<(), ExitCode> {
    let _ = io::stdout().lock().flush();
    let Err(e) = write_fd(1, text) else { return Ok(()) };
    if text.len() > stdout_buffer_size() {
        warn("write error");
        return Err(ExitCode::FAILURE);
    }
    match e.raw_os_error() {
        Some(libc::EBADF | libc::EPIPE) => Ok(()),
        _ => {
            super::report(&Error::io("write error", &e));
            Err(ExitCode::FAILURE)
        }
    }
}

/// Writes all of `text` to descriptor 1 (after flushing std's stdout), reporting a
/// closed descriptor as the EBADF it is; for tools whose write-error rules differ
/// from util-linux's (coreutils reports every error, with its own status).
pub fn write_stdout(text: &[u8]) -> io::Result<()> {
    io::stdout().lock().flush()?;
    write_fd(1, text)
}

/// The buffer glibc gives a stdout that is not a terminal: the descriptor's block
/// size, or BUFSIZ when it has none (a closed descriptor).
fn stdout_buffer_size() -> usize {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat fills the struct on success and we read it only then.
    if unsafe { libc::fstat(1, st.as_mut_ptr()) } == 0 {
        // SAFETY: fstat succeeded.
        let blksize = unsafe { st.assume_init() }.st_blksize;
        if blksize > 0 {
            return blksize as usize;
        }
    }
    8192
}

/// Set once a write to stderr failed (a closed or broken descriptor 2).
static STDERR_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes `text` to descriptor 2 and remembers a failure. std's stderr would take a
/// closed descriptor for success; glibc's marks the stream, and util-linux's
/// close_stdout then turns the exit status into 1 (see [`exit_status`]).
pub fn write_stderr(text: &[u8]) {
    if write_fd(2, text).is_err() {
        STDERR_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Whether a message could not be written to stderr.
fn stderr_failed() -> bool {
    STDERR_FAILED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The status to exit with: `code`, unless a message could not be written to stderr,
/// which makes it `failure` whatever was meant (an exec failure's 127 too), as the
/// close_stdout of util-linux (1) and coreutils (chroot's 125) does at exit.
pub fn exit_status(code: ExitCode, failure: ExitCode) -> ExitCode {
    if stderr_failed() {
        failure
    } else {
        code
    }
}

fn write_fd(fd: libc::c_int, mut text: &[u8]) -> io::Result<()> {
    while !text.is_empty() {
        // SAFETY: the pointer and length describe a live byte slice.
        let n = unsafe { libc::write(fd, text.as_ptr().cast(), text.len()) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        text = &text[n as usize..];
    }
    Ok(())
}
