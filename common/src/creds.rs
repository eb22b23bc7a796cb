//! Credential changes, always in the order supplementary groups, gid, uid ([`switch`]),
//! and the ambient-capability dance of `--keep-caps`. Callers word their own messages
//! (`setgroups failed`, `failed to set group-ID`, ...) since the tools differ.

use nix::errno::Errno;
use nix::unistd::{Gid, Uid};

use crate::error::{Error, Result};

/// The step of [`switch`] that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Groups,
    Gid,
    Uid,
}

/// Sets the supplementary groups, then the gid, then the uid, each when given: the one
/// order that works, since after setuid(2) to a non-root user neither of the others is
/// permitted any more. The first failure stops the switch and names its step.
pub fn switch(
    groups: Option<&[u32]>,
    gid: Option<u32>,
    uid: Option<u32>,
) -> std::result::Result<(), (Step, Errno)> {
    if let Some(g) = groups {
        set_groups(g).map_err(|e| (Step::Groups, e))?;
    }
    if let Some(g) = gid {
        set_gid(g).map_err(|e| (Step::Gid, e))?;
    }
    if let Some(u) = uid {
        set_uid(u).map_err(|e| (Step::Uid, e))?;
    }
    Ok(())
}

/// setgroups(2) with exactly `gids`.
pub fn set_groups(gids: &[u32]) -> std::result::Result<(), Errno> {
    let list: Vec<libc::gid_t> = gids.to_vec();
    // SAFETY: the pointer and length describe a live slice of gid_t.
    Errno::result(unsafe { libc::setgroups(list.len(), list.as_ptr()) }).map(drop)
}

/// setgid(2).
pub fn set_gid(gid: u32) -> std::result::Result<(), Errno> {
    nix::unistd::setgid(Gid::from_raw(gid))
}

/// setuid(2).
pub fn set_uid(uid: u32) -> std::result::Result<(), Errno> {
    nix::unistd::setuid(Uid::from_raw(uid))
}

/// Whether CAP_SYS_PTRACE is in our effective set (a failed read counts as no).
pub fn has_sys_ptrace() -> bool {
    caps::has_cap(None, caps::CapSet::Effective, caps::Capability::CAP_SYS_PTRACE).unwrap_or(false)
}

/// Makes the permitted capabilities survive exec as a non-root user: copy them into
/// the inheritable set, then raise each as ambient.
pub fn permitted_to_ambient() -> Result<()> {
    use caps::CapSet;
    let permitted =
        caps::read(None, CapSet::Permitted).map_err(|_| Error::sys("capget failed", Errno::last()))?;
    caps::set(None, CapSet::Inheritable, &permitted)
        .map_err(|_| Error::sys("capset failed", Errno::last()))?;
    for cap in permitted {
        caps::raise(None, CapSet::Ambient, cap)
            .map_err(|_| Error::sys("prctl(PR_CAP_AMBIENT) failed", Errno::last()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeping_what_we_have_is_allowed() {
        let gid = nix::unistd::getgid().as_raw();
        let uid = nix::unistd::getuid().as_raw();
        assert_eq!(set_gid(gid), Ok(()));
        assert_eq!(set_uid(uid), Ok(()));
        assert_eq!(switch(None, Some(gid), Some(uid)), Ok(()));
        assert_eq!(switch(None, None, None), Ok(()));
    }
}
