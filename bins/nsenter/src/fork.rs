//! The fork nsenter needs after entering a pid namespace (setns affects only
//! children): the parent waits, mirrors the child's stops, passes on its exit status
//! or dies by its signal, and forwards SIGTERM, SIGINT and SIGHUP to it. util-linux
//! leaves those signals at their default, so it dies and orphans the child; we don't.

use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};

use common::process;
use common::Error;
use nix::sys::signal::{kill, sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
use nix::sys::wait::{WaitPidFlag, WaitStatus};
use nix::unistd::{getpid, Pid};

const FORWARDED: [Signal; 3] = [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP];

static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    let child = CHILD.load(Ordering::Relaxed);
    // SAFETY: the kernel hands SA_SIGINFO handlers a valid siginfo.
    let code = unsafe { (*info).si_code };
    // A terminal's ^C (sent by the kernel to the whole foreground process group) has
    // reached the child already; a second one would count twice.
    if child > 0 && !(sig == libc::SIGINT && code == libc::SI_KERNEL) {
        // SAFETY: kill is async-signal-safe.
        unsafe {
            libc::kill(child, sig);
        }
    }
}

/// Forks. Returns `None` in the child, which goes on to exec; the parent returns the
/// status to exit with once the child is gone.
pub fn continue_as_child() -> Result<Option<ExitCode>, Error> {
    let old = process::block(&FORWARDED)?;
    // SAFETY: restoring a default disposition has no preconditions.
    unsafe {
        let _ = nix::sys::signal::signal(Signal::SIGCHLD, SigHandler::SigDfl);
    }
    let Some(child) = process::fork()? else {
        process::set_mask(&old)?;
        return Ok(None);
    };
    CHILD.store(child.as_raw(), Ordering::Relaxed);
    let act = SigAction::new(
        SigHandler::SigAction(forward),
        SaFlags::SA_RESTART | SaFlags::SA_SIGINFO,
        SigSet::empty(),
    );
    for sig in FORWARDED {
        // SAFETY: the handler only reads an atomic and calls kill(2).
        let before = unsafe { sigaction(sig, &act) }.map_err(|e| Error::sys("sigaction failed", e))?;
        if matches!(before.handler(), SigHandler::SigIgn) {
            // ignored by whoever started us (nohup, a background job): the child
            // inherited that, and so do we
            // SAFETY: restoring the disposition we found.
            unsafe { sigaction(sig, &before) }.map_err(|e| Error::sys("sigaction failed", e))?;
        }
    }
    process::set_mask(&old)?;
    Ok(Some(wait_for(child)))
}

fn wait_for(child: Pid) -> ExitCode {
    loop {
        match process::wait(child, Some(WaitPidFlag::WUNTRACED)) {
            Ok(WaitStatus::Stopped(..)) => {
                // the child was suspended: suspend ourselves too, and wake it with us
                let _ = kill(getpid(), Signal::SIGSTOP);
                let _ = kill(child, Signal::SIGCONT);
            }
            Ok(WaitStatus::Signaled(_, sig, _)) if shielded(sig) => return ExitCode::FAILURE,
            Ok(status) => return process::mirror(status).unwrap_or_else(|e| common::cli::fail(&e, 1)),
            Err(e) => return common::cli::fail(&e, 1),
        }
    }
}

/// util-linux only sends the child's signal on to itself, so a signal our caller
/// ignored or blocked for us (nohup, a blocked mask inherited through exec) does not
/// kill us: we exit 1 instead, silently, as it does.
fn shielded(sig: Signal) -> bool {
    // SAFETY: a null new action only reads the current one into `old`.
    let ignored = unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig as libc::c_int, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    };
    ignored || SigSet::thread_get_mask().is_ok_and(|mask| mask.contains(sig))
}
