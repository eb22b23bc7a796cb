//! What the waiting parent does with SIGINT and SIGTERM under --fork: block them (the
//! default, so a `kill` of unshare leaves the child running and a terminal's Ctrl-C
//! reaches the child through the process group), or forward them to the child
//! (--forward-signals). The child always gets the caller's mask and handlers back.

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

/// The caller's signal state, saved before the fork.
pub struct Saved {
    mask: SigSet,
    actions: Option<[SigAction; 2]>,
}

/// Blocks SIGINT and SIGTERM; with `forward`, also installs the forwarding handlers,
/// which take over once [`Saved::parent`] knows the child (signals arriving in
/// between stay pending).
pub fn prepare(forward_signals: bool) -> Result<Saved> {
    let mask = common::process::block(&TERMINAL)?;
    let actions = if forward_signals {
        let action = SigAction::new(SigHandler::Handler(forward), SaFlags::SA_RESTART, SigSet::empty());
        let mut old = [SigAction::new(SigHandler::SigDfl, SaFlags::empty(), SigSet::empty()); 2];
        for (slot, sig) in old.iter_mut().zip(TERMINAL) {
            // SAFETY: the handler only calls kill(2), which is async-signal-safe.
            *slot = unsafe { sigaction(sig, &action) }.map_err(|e| Error::sys("sigaction failed", e))?;
        }
        Some(old)
    } else {
        None
    };
    Ok(Saved { mask, actions })
}

impl Saved {
    /// In the child: the caller's handlers and mask.
    pub fn child(&self) -> Result<()> {
        if let Some(old) = &self.actions {
            for (action, sig) in old.iter().zip(TERMINAL) {
                // SAFETY: restoring a disposition saved from this process.
                unsafe { sigaction(sig, action) }.map_err(|e| Error::sys("sigaction failed", e))?;
            }
        }
        common::process::set_mask(&self.mask)
    }

    /// In the parent: forwarding starts now; blocking stays until the end.
    pub fn parent(&self, child: Pid) -> Result<()> {
        if self.actions.is_some() {
            CHILD.store(child.as_raw(), Ordering::Relaxed);
            common::process::set_mask(&self.mask)?;
        }
        Ok(())
    }
}
