//! exec, the default shell, fork and wait, and passing a child's fate on to our caller.

use std::ffi::{CStr, CString, OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::process::ExitCode;

use nix::errno::Errno;
use nix::sys::signal::{kill, sigprocmask, SigSet, SigmaskHow, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::{getpid, Pid};

use crate::error::{Error, Result};

fn cstring(s: &OsStr) -> CString {
    // An argument from argv cannot hold a NUL; one from elsewhere is cut there.
    let bytes = s.as_bytes();
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

/// The login shell util-linux runs when no program is given: `$SHELL` if set and not
/// empty, else the passwd shell of our uid, else /bin/sh. Returns (path, argv0) where
/// argv0 is `-` + basename.
pub fn login_shell() -> (OsString, OsString) {
    let shell = std::env::var_os("SHELL")
        .filter(|s| !s.is_empty())
        .or_else(|| {
            crate::users::user_by_uid(nix::unistd::getuid().as_raw())
                .map(|u| u.shell)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| OsString::from("/bin/sh"));
    let base = shell.as_bytes().rsplit(|&b| b == b'/').next().unwrap_or_default();
    let mut argv0 = b"-".to_vec();
    argv0.extend_from_slice(base);
    (shell, OsString::from_vec(argv0))
}

/// execvp(3) as glibc's, which the reference tools are built with, also in a static
/// musl build (musl's runs no script without `#!` and has another default PATH): a
/// name with a slash is run as it is, else each PATH element in turn (an empty one is
/// the current directory; no PATH is /bin:/usr/bin); a file the kernel cannot run
/// (ENOEXEC) is run by /bin/sh; an EACCES on the way wins over the last element's
/// ENOENT. Returns only on failure, with the errno.
pub fn execvp(file: &OsStr, argv: &[OsString]) -> Errno {
    Exec::search(file, argv).run()
}

/// execv(2) of an exact path (no PATH search).
pub fn execv(path: &OsStr, argv: &[OsString]) -> Errno {
    Exec::exact(path, argv).run()
}

/// A program to exec, with every string and pointer array built beforehand, so that
/// [`Exec::run`] allocates nothing and takes no lock: the only kind of work a child
/// forked from a threaded process may do before exec (see [`fork_unchecked`]).
pub struct Exec {
    /// The paths to try, in order (one when the name has a slash or is exact).
    candidates: Vec<CString>,
    /// A PATH search: EACCES and the errors of a missing file go on to the next
    /// candidate.
    search: bool,
    /// execvp's way (not execv's) of running a file without a known format by /bin/sh.
    script: bool,
    /// Owns the strings the pointer arrays point to.
    _argv: Vec<CString>,
    /// `argv`'s pointers, null-terminated.
    argv_ptrs: Vec<*const libc::c_char>,
    /// `/bin/sh`, the candidate (slot 1, set by `run`), `argv[1..]`, null: glibc's
    /// fallback for a file without a known format.
    script_ptrs: Vec<*const libc::c_char>,
}

const SH: &CStr = c"/bin/sh";

impl Exec {
    /// `file` searched in PATH as glibc's execvp does (see [`execvp`]).
    pub fn search(file: &OsStr, argv: &[OsString]) -> Exec {
        let name = file.as_bytes();
        if name.is_empty() {
            return Exec::new(Vec::new(), argv, false);
        }
        if name.contains(&b'/') {
            return Exec::new(vec![cstring(file)], argv, false);
        }
        let path = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/bin:/usr/bin"));
        let candidates = path
            .as_bytes()
            .split(|&b| b == b':')
            .map(|dir| {
                let mut candidate = dir.to_vec();
                if !candidate.is_empty() {
                    candidate.push(b'/');
                }
                candidate.extend_from_slice(name);
                cstring(OsStr::from_bytes(&candidate))
            })
            .collect();
        Exec::new(candidates, argv, true)
    }

    /// Exactly `path` as execv(2) runs it: no PATH search, no /bin/sh fallback.
    pub fn exact(path: &OsStr, argv: &[OsString]) -> Exec {
        Exec { script: false, ..Exec::new(vec![cstring(path)], argv, false) }
    }

    fn new(candidates: Vec<CString>, argv: &[OsString], search: bool) -> Exec {
        let argv: Vec<CString> = argv.iter().map(|a| cstring(a)).collect();
        let argv_ptrs = argv.iter().map(|a| a.as_ptr()).chain([std::ptr::null()]).collect();
        let script_ptrs = [SH.as_ptr(), std::ptr::null()]
            .into_iter()
            .chain(argv.iter().skip(1).map(|a| a.as_ptr()))
            .chain([std::ptr::null()])
            .collect();
        Exec { candidates, search, script: true, _argv: argv, argv_ptrs, script_ptrs }
    }

    /// Tries each candidate; returns only on failure, with the errno. Allocates
    /// nothing (async-signal-safe).
    pub fn run(&mut self) -> Errno {
        let (mut last, mut eacces) = (Errno::ENOENT, false);
        for i in 0..self.candidates.len() {
            last = self.exec_or_script(i);
            if !self.search {
                return last;
            }
            match last {
                Errno::EACCES => eacces = true,
                Errno::ENOENT | Errno::ESTALE | Errno::ENOTDIR | Errno::ENODEV | Errno::ETIMEDOUT => {}
                e => return e,
            }
        }
        if eacces {
            Errno::EACCES
        } else {
            last
        }
    }

    /// execv(2) of candidate `i`; a file without a known format runs as a /bin/sh
    /// script, with its path as $0, as glibc's execvp does.
    fn exec_or_script(&mut self, i: usize) -> Errno {
        let path = self.candidates[i].as_ptr();
        // SAFETY: `path` and every pointer of `argv_ptrs` point into CStrings owned by
        // self, and the array is null-terminated.
        unsafe { libc::execv(path, self.argv_ptrs.as_ptr()) };
        let errno = Errno::last();
        if errno != Errno::ENOEXEC || !self.script {
            return errno;
        }
        self.script_ptrs[1] = path;
        // SAFETY: as above; slot 1 now points to the candidate.
        unsafe { libc::execv(SH.as_ptr(), self.script_ptrs.as_ptr()) };
        Errno::last()
    }
}

/// The util-linux status for a failed exec: 127 when not found, else 126.
pub fn exec_failure_status(e: Errno) -> u8 {
    if e == Errno::ENOENT {
        127
    } else {
        126
    }
}

/// Runs `argv` (searched in PATH), or the login shell when empty. Returns only on
/// failure: `failed to execute CMD: strerror`, with status 127 or 126.
pub fn exec_command(argv: &[OsString]) -> Error {
    let (file, err) = match argv.first() {
        Some(cmd) => (cmd.clone(), execvp(cmd, argv)),
        None => {
            let (shell, argv0) = login_shell();
            let err = execv(&shell, &[argv0]);
            (shell, err)
        }
    };
    Error::sys(crate::msg!("failed to execute %s", &file), err).with_status(exec_failure_status(err))
}

/// fork(2) of a single-threaded process, checked: refused when /proc/self/task lists
/// another thread. The child is then a whole copy of us and may do anything (allocate,
/// read the environment) before it execs or exits. Where /proc is not mounted (after
/// nsenter --root into a tree without it) the check cannot be made and is skipped: the
/// tools start no threads.
pub fn fork() -> Result<Option<Pid>> {
    if let Some(n) = thread_count().filter(|&n| n > 1) {
        return Err(Error::msg(crate::msg!("fork refused: %d threads are running", n as u64)));
    }
    // SAFETY: single-threaded, checked above.
    unsafe { fork_unchecked() }
}

/// The number of threads of this process (`None`: /proc is not there to tell).
pub fn thread_count() -> Option<usize> {
    std::fs::read_dir("/proc/self/task").ok().map(Iterator::count)
}

/// fork(2) without the single-threaded check.
///
/// # Safety
/// If the process has other threads, any of them may have held a lock (the allocator's,
/// std's environment lock, stdio's) at the moment of the fork, and in the child that
/// lock stays held forever. The child must then run only async-signal-safe code until
/// it execs or `_exit`s: no allocation, no `std::env`, no printing. Build everything the
/// exec needs before the fork ([`Exec`]) and leave through `libc::_exit`.
pub unsafe fn fork_unchecked() -> Result<Option<Pid>> {
    // SAFETY: the caller keeps the child to async-signal-safe work (see above).
    match unsafe { nix::unistd::fork() } {
        Ok(nix::unistd::ForkResult::Parent { child }) => Ok(Some(child)),
        Ok(nix::unistd::ForkResult::Child) => Ok(None),
        Err(e) => Err(Error::sys("fork failed", e)),
    }
}

/// waitpid(2) retried on EINTR.
pub fn wait(pid: Pid, flags: Option<WaitPidFlag>) -> Result<WaitStatus> {
    loop {
        match waitpid(pid, flags) {
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(Error::sys("waitpid failed", e)),
            Ok(st) => return Ok(st),
        }
    }
}

/// Hands a dead child's fate to our caller: its exit status, or death by the same
/// signal (the default action is restored and the signal unblocked first, SIGKILL
/// included). Returns only if we survive our own signal: `child exit failed`.
pub fn mirror(status: WaitStatus) -> Result<ExitCode> {
    match status {
        WaitStatus::Exited(_, code) => Ok(ExitCode::from(code as u8)),
        WaitStatus::Signaled(_, sig, _) => {
            die_by(sig);
            Err(Error::msg("child exit failed"))
        }
        _ => Err(Error::msg("child exit failed")),
    }
}

/// Sends `sig` to ourselves with its default action.
pub fn die_by(sig: Signal) {
    if sig != Signal::SIGKILL && sig != Signal::SIGSTOP {
        // SAFETY: restoring a default disposition has no preconditions.
        unsafe {
            let _ = nix::sys::signal::signal(sig, nix::sys::signal::SigHandler::SigDfl);
        }
    }
    let mut set = SigSet::empty();
    set.add(sig);
    let _ = sigprocmask(SigmaskHow::SIG_UNBLOCK, Some(&set), None);
    let _ = kill(getpid(), sig);
}

/// Blocks `signals` and returns the previous mask, to be restored in a child.
pub fn block(signals: &[Signal]) -> Result<SigSet> {
    let mut set = SigSet::empty();
    for &s in signals {
        set.add(s);
    }
    let mut old = SigSet::empty();
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&set), Some(&mut old))
        .map_err(|e| Error::sys("sigprocmask block failed", e))?;
    Ok(old)
}

/// Restores a mask returned by [`block`].
pub fn set_mask(mask: &SigSet) -> Result<()> {
    sigprocmask(SigmaskHow::SIG_SETMASK, Some(mask), None)
        .map_err(|e| Error::sys("sigprocmask restore failed", e))
}

/// Parses a signal name the util-linux way: case-insensitive, optional `SIG`
/// prefix, `RTMIN+N`/`RTMAX-N`/`RTN` (glibc's numbering); numbers are not names.
pub fn signal_by_name(name: &str) -> Option<i32> {
    let up = name.to_ascii_uppercase();
    let bare = up.strip_prefix("SIG").unwrap_or(&up);
    if let Some(n) = rt_signal(bare) {
        return Some(n);
    }
    SIGNAL_NAMES.iter().find(|(n, _)| *n == bare).map(|&(_, v)| v)
}

/// glibc's SIGRTMIN: it keeps 32 and 33 for itself, musl also 34. util-linux is
/// built with glibc, and `RTMIN+N` must name the same number as it does (and as the
/// glibc programs it is sent to count) in a static musl build too.
const RTMIN: i32 = 34;
const RTMAX: i32 = 64;

/// util-linux's grammar after `RT`: `MIN+N`, `MAX-N` or plain `N` (= `MIN+N`), N
/// starting with a digit, anything after the digits ignored, N taken into a C int
/// (wrapping) and refused when negative or outside RTMIN..=RTMAX.
fn rt_signal(name: &str) -> Option<i32> {
    let rest = name.strip_prefix("RT")?;
    let (base, sign, num) = if let Some(n) = rest.strip_prefix("MIN+") {
        (RTMIN, 1, n)
    } else if let Some(n) = rest.strip_prefix("MAX-") {
        (RTMAX, -1, n)
    } else {
        (RTMIN, 1, rest)
    };
    let digits = num.bytes().take_while(u8::is_ascii_digit).count();
    let off: i64 = num[..digits].parse().ok()?;
    // util-linux stores strtol's long in an int
    let off = off as i32;
    if off < 0 {
        return None;
    }
    let n = base.checked_add(sign * off)?;
    (RTMIN..=RTMAX).contains(&n).then_some(n)
}

/// The names util-linux knows (lib/signames.c) on Linux, in its order (no EMT or
/// UNUSED: glibc does not define them, and 7 is SIGBUS here).
pub const SIGNAL_NAMES: &[(&str, i32)] = &[
    ("HUP", libc::SIGHUP),
    ("INT", libc::SIGINT),
    ("QUIT", libc::SIGQUIT),
    ("ILL", libc::SIGILL),
    ("TRAP", libc::SIGTRAP),
    ("ABRT", libc::SIGABRT),
    ("IOT", libc::SIGIOT),
    ("BUS", libc::SIGBUS),
    ("FPE", libc::SIGFPE),
    ("KILL", libc::SIGKILL),
    ("USR1", libc::SIGUSR1),
    ("SEGV", libc::SIGSEGV),
    ("USR2", libc::SIGUSR2),
    ("PIPE", libc::SIGPIPE),
    ("ALRM", libc::SIGALRM),
    ("TERM", libc::SIGTERM),
    ("STKFLT", libc::SIGSTKFLT),
    ("CHLD", libc::SIGCHLD),
    ("CLD", libc::SIGCHLD),
    ("CONT", libc::SIGCONT),
    ("STOP", libc::SIGSTOP),
    ("TSTP", libc::SIGTSTP),
    ("TTIN", libc::SIGTTIN),
    ("TTOU", libc::SIGTTOU),
    ("URG", libc::SIGURG),
    ("XCPU", libc::SIGXCPU),
    ("XFSZ", libc::SIGXFSZ),
    ("VTALRM", libc::SIGVTALRM),
    ("PROF", libc::SIGPROF),
    ("WINCH", libc::SIGWINCH),
    ("IO", libc::SIGIO),
    ("POLL", libc::SIGPOLL),
    ("PWR", libc::SIGPWR),
    ("SYS", libc::SIGSYS),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names() {
        assert_eq!(signal_by_name("KILL"), Some(9));
        assert_eq!(signal_by_name("sigterm"), Some(15));
        assert_eq!(signal_by_name("SigUsr1"), Some(libc::SIGUSR1));
        assert_eq!(signal_by_name("RTMIN+1"), Some(35));
        assert_eq!(signal_by_name("rtmax-2"), Some(62));
        assert_eq!(signal_by_name("RTMAX-30"), Some(34));
        assert_eq!(signal_by_name("RTMAX-31"), None);
        assert_eq!(signal_by_name("SIGRT5"), Some(39));
        assert_eq!(signal_by_name("RTMIN+1x"), Some(35));
        assert_eq!(signal_by_name("RTMIN+01"), Some(35));
        assert_eq!(signal_by_name("RTMIN++1"), None);
        assert_eq!(signal_by_name("RTMIN+ 1"), None);
        assert_eq!(signal_by_name("RT+1"), None);
        assert_eq!(signal_by_name("RTMIN+4294967297"), Some(35));
        assert_eq!(signal_by_name("RTMIN+9223372036854775808"), None);
        assert_eq!(signal_by_name("RTMIN-1"), None);
        assert_eq!(signal_by_name("RTMIN"), None);
        assert_eq!(signal_by_name("RTMAX"), None);
        assert_eq!(signal_by_name("RTMIN+0"), Some(34));
        assert_eq!(signal_by_name("EMT"), None);
        assert_eq!(signal_by_name("UNUSED"), None);
        assert_eq!(signal_by_name("RTMIN+99"), None);
        assert_eq!(signal_by_name("9"), None);
        assert_eq!(signal_by_name("BOGUS"), None);
        assert_eq!(signal_by_name(""), None);
    }

    #[test]
    fn exec_statuses() {
        assert_eq!(exec_failure_status(Errno::ENOENT), 127);
        assert_eq!(exec_failure_status(Errno::EACCES), 126);
    }

    #[test]
    fn login_shell_is_a_login_name() {
        let (path, argv0) = login_shell();
        let base = path.as_bytes().rsplit(|&b| b == b'/').next().unwrap_or_default().to_vec();
        assert_eq!(argv0.as_bytes()[0], b'-');
        assert_eq!(&argv0.as_bytes()[1..], &base[..]);
    }

    // libtest runs each test on a thread of its own, so these tests fork with
    // fork_unchecked and their children do only async-signal-safe work.

    /// An executable `dir/script` holding `text` and no `#!` line; returns (dir, script).
    ///
    /// A child process writes it: were the write fd ours, a test on another thread forking
    /// while it is open would hand its child a copy (close-on-exec only drops it at that
    /// child's exec), and executing the script meanwhile fails with ETXTBSY.
    fn script_without_interpreter(name: &str, text: &str) -> (std::path::PathBuf, std::path::PathBuf) {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("nsutils-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let script = dir.join("script");
        let path = CString::new(script.as_os_str().as_bytes()).expect("path without NUL");
        // SAFETY: the child only opens, writes, closes and _exits, all async-signal-safe.
        match unsafe { fork_unchecked() }.expect("fork") {
            None => unsafe {
                let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC;
                let fd = libc::open(path.as_ptr(), flags, 0o644);
                let written =
                    fd >= 0 && libc::write(fd, text.as_ptr().cast(), text.len()) == text.len() as isize;
                libc::_exit(if written && libc::close(fd) == 0 { 0 } else { 1 })
            },
            Some(child) => {
                let st = wait(child, None).expect("wait");
                assert_eq!(st, WaitStatus::Exited(child, 0), "writing {}", script.display());
            }
        }
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        (dir, script)
    }

    #[test]
    fn a_file_without_interpreter_line_runs_as_a_sh_script() {
        let (dir, script) = script_without_interpreter("execvp", "exit $(( $1 + 1 ))\n");
        let argv = [script.clone().into_os_string(), OsString::from("6")];
        let mut exec = Exec::search(script.as_os_str(), &argv);
        // SAFETY: the child only execs (prepared above) and _exits.
        match unsafe { fork_unchecked() }.expect("fork") {
            None => {
                let e = exec.run();
                unsafe { libc::_exit(100 + e as i32) }
            }
            Some(child) => {
                let st = wait(child, None).expect("wait");
                let _ = std::fs::remove_dir_all(&dir);
                assert_eq!(st, WaitStatus::Exited(child, 7));
            }
        }
    }

    #[test]
    fn exact_exec_runs_no_script() {
        let (dir, script) = script_without_interpreter("execv", "exit 3\n");
        // execv(2) of a file without `#!` fails here; it would never return otherwise
        let e = execv(script.as_os_str(), &[script.clone().into_os_string()]);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e, Errno::ENOEXEC);
        assert_eq!(execvp(OsStr::new(""), &[]), Errno::ENOENT);
    }

    #[test]
    fn fork_wait_and_exit_status() {
        // SAFETY: the child only _exits.
        match unsafe { fork_unchecked() }.expect("fork") {
            None => unsafe { libc::_exit(7) },
            Some(child) => {
                let st = wait(child, None).expect("wait");
                assert_eq!(st, WaitStatus::Exited(child, 7));
            }
        }
    }

    #[test]
    fn fork_is_refused_while_other_threads_run() {
        let (stop, wait_here) = std::sync::mpsc::channel::<()>();
        let other = std::thread::spawn(move || wait_here.recv());
        let Some(n) = thread_count() else {
            return crate::testing::skip("/proc/self/task is not readable, the thread check cannot be made");
        };
        assert!(n >= 2, "{n} threads with one spawned");
        let refused = fork().expect_err("fork with threads running");
        assert!(refused.to_string().starts_with("fork refused: "), "{refused}");
        drop(stop);
        let _ = other.join();
    }
}
