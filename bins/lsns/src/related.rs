//! Completing the owner and parent trees: a namespace's owner or parent may have no
//! process, descriptor or mount of its own (a user namespace whose only processes
//! live in a child namespace). The nsfs ioctls reach it anyway, so the tree stays
//! whole; such namespaces are shown with no process (NPROCS 0).

use common::{NsFile, NsKind};

use crate::scan::{Origin, Scan};

impl Scan {
    /// Adds every missing ancestor of the namespaces found so far.
    pub(crate) fn complete_related(&mut self) -> Result<(), common::Error> {
        let mut inos: Vec<u64> = self.namespaces.keys().copied().collect();
        inos.sort_unstable();
        for ino in inos {
            let Some(ns) = self.namespaces.get(&ino) else { continue };
            let missing_parent = self.missing(ns.pns, ino);
            let missing_owner = self.missing(ns.ons, ino);
            if !missing_parent && !missing_owner {
                continue;
            }
            let Some(file) = self.reopen(ns) else { continue };
            if missing_parent {
                if let Ok(p) = file.parent() {
                    self.add_related(p)?;
                }
            }
            if missing_owner {
                if let Ok(o) = file.owner() {
                    self.add_related(o)?;
                }
            }
        }
        Ok(())
    }

    fn missing(&self, related: u64, ino: u64) -> bool {
        related != 0 && related != ino && !self.namespaces.contains_key(&related)
    }

    fn add_related(&mut self, file: NsFile) -> Result<(), common::Error> {
        let ino = file.ino();
        if self.namespaces.contains_key(&ino) {
            return Ok(());
        }
        let kind = match file.kind() {
            Ok(k) => k,
            Err(common::error::Errno::ENOTTY | common::error::Errno::ENOSYS) => {
                return Err(common::Error::msg("Unsupported ioctl NS_GET_NSTYPE").with_status(2));
            }
            Err(_) => return Ok(()),
        };
        self.add(ino, kind, Origin::Related, Some(&file))?;
        let Some(ns) = self.namespaces.get(&ino) else { return Ok(()) };
        let (pns, ons) = (ns.pns, ns.ons);
        if matches!(kind, NsKind::Pid | NsKind::User) && self.missing(pns, ino) {
            if let Ok(p) = file.parent() {
                self.add_related(p)?;
            }
        }
        if self.missing(ons, ino) {
            if let Ok(o) = file.owner() {
                self.add_related(o)?;
            }
        }
        Ok(())
    }
}
