//! Completing the owner and parent trees: a namespace's owner or parent may have no
//! process, descriptor or mount of its own (a user namespace whose only processes
//! live in a child namespace). The nsfs ioctls reach it anyway, so the tree stays
//! whole; such namespaces are shown with no process (NPROCS 0).
//!
//! This module only follows the ioctls from a namespace file; the scan decides what
//! is missing, and records what comes back.

use common::error::Errno;
use common::{Error, NsFile, NsKind};

/// Which relations of a namespace the scan has not found.
#[derive(Clone, Copy)]
pub struct Missing {
    pub parent: bool,
    pub owner: bool,
}

/// The ancestors of `file` that `known` does not hold, each with its kind, in the
/// order they are to be recorded: a parent before an owner, each followed by its own
/// missing ancestors.
pub fn ancestors(
    file: &NsFile,
    missing: Missing,
    known: &dyn Fn(u64) -> bool,
) -> Result<Vec<(NsFile, NsKind)>, Error> {
    let mut found = Vec::new();
    if missing.parent {
        if let Ok(p) = file.parent() {
            visit(p, known, &mut found)?;
        }
    }
    if missing.owner {
        if let Ok(o) = file.owner() {
            visit(o, known, &mut found)?;
        }
    }
    Ok(found)
}

fn visit(file: NsFile, known: &dyn Fn(u64) -> bool, found: &mut Vec<(NsFile, NsKind)>) -> Result<(), Error> {
    let ino = file.ino();
    if known(ino) || found.iter().any(|(f, _)| f.ino() == ino) {
        return Ok(());
    }
    let kind = match file.kind() {
        Ok(k) => k,
        Err(Errno::ENOTTY | Errno::ENOSYS) => {
            return Err(Error::msg("Unsupported ioctl NS_GET_NSTYPE").with_status(2));
        }
        Err(_) => return Ok(()),
    };
    // only pid and user namespaces have a parent (the scan's PNS rule)
    let parent = matches!(kind, NsKind::Pid | NsKind::User).then(|| file.parent().ok()).flatten();
    let owner = file.owner().ok();
    found.push((file, kind));
    for related in parent.into_iter().chain(owner) {
        if related.ino() != ino {
            visit(related, known, found)?;
        }
    }
    Ok(())
}
