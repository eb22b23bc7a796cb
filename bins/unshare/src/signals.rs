//! What the waiting parent does with SIGINT and SIGTERM under --fork: block them (the
//! default, so a `kill` of unshare leaves the child running and a terminal's Ctrl-C
//! reaches the child through the process group), or forward them to the child
//! (--forward-signals). The child always gets the caller's mask back. Its SIGINT and
//! SIGTERM dispositions are the caller's when blocking, and the defaults when
//! forwarding: util-linux master installs its forwarding handlers before the fork, so
//! its child execs with caught signals, which exec resets to SIG_DFL, even where the
//! caller ignored them (a background job of a non-interactive shell starts with SIGINT
//! ignored, and the forwarded SIGINT must still reach the program's trap).

use std::sync::atomic::{AtomicI32, Ordering};

use common::{Error, Result};
use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
use nix::unistd::Pid;

const TERMINAL: [Signal; 2] = [Signal::SIGINT, Signal::SIGTERM];

static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(sig: libc::c_int) {
    let pid = CHILD.load(Ordering::Relaxed);
    if pid > 0 {
        // SAFETY: kill is async-signal-safe.
        unsafe {
            libc::kill(pid, sig);
        }
    }
}

/// The caller's signal mask, saved before the fork, and whether we forward.
pub struct Saved {
    mask: SigSet,
    forwarding: bool,
}

/// Blocks SIGINT and SIGTERM; with `forward`, also installs the forwarding handlers,
/// which take over once [`Saved::parent`] knows the child (signals arriving in
/// between stay pending).
pub fn prepare(forward_signals: bool) -> Result<Saved> {
    let mask = common::process::block(&TERMINAL)?;
    if forward_signals {
        set_actions(SigHandler::Handler(forward), SaFlags::SA_RESTART)?;
    }
    Ok(Saved { mask, forwarding: forward_signals })
}

fn set_actions(handler: SigHandler, flags: SaFlags) -> Result<()> {
    let action = SigAction::new(handler, flags, SigSet::empty());
    for sig in TERMINAL {
        // SAFETY: the only handler set here calls kill(2), which is async-signal-safe.
        unsafe { sigaction(sig, &action) }.map_err(|e| Error::sys("sigaction failed", e))?;
    }
    Ok(())
}

impl Saved {
    /// In the child: the caller's mask; when forwarding, SIGINT and SIGTERM at their
    /// defaults already (exec would make them so), so a signal that arrives before
    /// the exec is not lost in a handler that has no child to forward to.
    pub fn child(&self) -> Result<()> {
        if self.forwarding {
            set_actions(SigHandler::SigDfl, SaFlags::empty())?;
        }
        common::process::set_mask(&self.mask)
    }

    /// In the parent: forwarding starts now; blocking stays until the end.
    pub fn parent(&self, child: Pid) -> Result<()> {
        if self.forwarding {
            CHILD.store(child.as_raw(), Ordering::Relaxed);
            common::process::set_mask(&self.mask)?;
        }
        Ok(())
    }
}
