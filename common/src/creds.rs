//! Credential changes, always in the order supplementary groups, gid, uid, and the
//! ambient-capability dance of `--keep-caps`. Callers word their own messages
//! (`setgroups failed`, `setgid() failed`, ...) since the tools differ.

use nix::errno::Errno;
use nix::unistd::{Gid, Uid};

use crate::error::{Error, Result};

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
    }
}
