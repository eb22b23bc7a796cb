//! `nstest-enter HOLDER DIR ARGV0 PROGRAM [ARG]...`: joins the mount and UTS namespaces
//! of process HOLDER, changes to DIR, starts a new session and execs PROGRAM with
//! argv\[0\] ARGV0 and the environment it was given.
//!
//! nstest::Sandbox starts every run through this instead of setting the namespaces in
//! a `pre_exec` hook: a hook makes the test process fork(2), copying its address
//! space for each of thousands of runs, where without one the standard library
//! spawns with posix_spawn (no copy).

use std::ffi::{CString, OsString};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::process::ExitCode;

fn cstring(s: OsString) -> Option<CString> {
    CString::new(s.into_vec()).ok()
}

fn enter(holder: &str, kind: &str, flag: libc::c_int) -> Result<(), String> {
    let path = format!("/proc/{holder}/ns/{kind}");
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    // SAFETY: setns takes a descriptor we own and a namespace type.
    if unsafe { libc::setns(file.as_raw_fd(), flag) } != 0 {
        return Err(format!("setns {path}: {}", std::io::Error::last_os_error()));
    }
    Ok(())
}

fn run() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1);
    let mut next = |what: &str| args.next().ok_or_else(|| format!("missing {what}"));
    let holder = next("HOLDER")?.to_string_lossy().into_owned();
    let dir = next("DIR")?;
    let argv0 = next("ARGV0")?;
    let program = next("PROGRAM")?;
    enter(&holder, "mnt", libc::CLONE_NEWNS)?;
    enter(&holder, "uts", libc::CLONE_NEWUTS)?;
    std::env::set_current_dir(&dir).map_err(|e| format!("chdir {}: {e}", dir.to_string_lossy()))?;
    // SAFETY: setsid has no preconditions; we are not a group leader (spawned fresh).
    if unsafe { libc::setsid() } < 0 {
        return Err(format!("setsid: {}", std::io::Error::last_os_error()));
    }
    let program_c = cstring(program.clone()).ok_or("PROGRAM holds a NUL byte")?;
    let mut argv: Vec<CString> = vec![cstring(argv0).ok_or("ARGV0 holds a NUL byte")?];
    for a in args {
        argv.push(cstring(a).ok_or("an argument holds a NUL byte")?);
    }
    let mut ptrs: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: both are NUL-terminated strings and argv a NULL-terminated array of
    // them, all alive across the call; execv returns only on failure.
    unsafe { libc::execv(program_c.as_ptr(), ptrs.as_ptr()) };
    Err(format!("execv {}: {}", String::from_utf8_lossy(program.as_bytes()), std::io::Error::last_os_error()))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nstest-enter: {e}");
            ExitCode::from(200)
        }
    }
}
