//! Who writes which id map. A single mapping of our own id is written by ourselves
//! after unshare(2) (allowed even unprivileged). Ranges, and with --owner every map,
//! are written by the id-map helper from outside the new namespace, with the single
//! id merged in (see [`common::idmap::merge`]). Unprivileged, that helper is
//! newuidmap/newgidmap, and a range it would refuse is refused here first, before
//! anything is created.

use common::idmap::{self, merge, Delegation, IdKind, IdRange, RangeSpec};
use common::Error;

use crate::opts::{MapTo, Options};

#[derive(Debug, Default)]
pub struct IdPlan {
    pub helper_uid: Vec<IdRange>,
    pub helper_gid: Vec<IdRange>,
    pub own_uid: Option<IdRange>,
    pub own_gid: Option<IdRange>,
}

impl IdPlan {
    /// `uid`/`gid` are who the namespace belongs to: the --owner, or our effective ids.
    pub fn new(o: &Options, uid: u32, gid: u32) -> IdPlan {
        let mut plan = IdPlan::default();
        let owner = o.owner.is_some();
        (plan.helper_uid, plan.own_uid) = split(o.map_user, uid, &o.user_ranges, owner);
        (plan.helper_gid, plan.own_gid) = split(o.map_group, gid, &o.group_ranges, owner);
        plan
    }

    pub fn needs_helper(&self) -> bool {
        !self.helper_uid.is_empty() || !self.helper_gid.is_empty()
    }
}

/// Refuses, before anything is created, a range newuidmap or newgidmap would refuse
/// (util-linux learns it only after unshare(2), from the helper). Root writes the
/// maps itself and needs no check; `uid`/`gid` as for [`IdPlan::new`].
pub fn check_delegation(o: &Options, uid: u32, gid: u32) -> Result<(), Error> {
    if nix::unistd::geteuid().is_root() {
        return Ok(());
    }
    let maps =
        [(IdKind::Uid, o.map_user, uid, &o.user_ranges), (IdKind::Gid, o.map_group, gid, &o.group_ranges)];
    for (kind, single, me, ranges) in maps {
        if ranges.is_empty() {
            continue;
        }
        let Some(allowed) = idmap::delegation(kind) else {
            continue;
        };
        let single = single_pair(single, me);
        if let Some((inner, outer)) = single {
            let own = IdRange { inner, outer, count: 1 };
            if !allowed.allows(&own) {
                return Err(refused(kind, &own, &allowed));
            }
        }
        for spec in ranges {
            // the pieces the helper gets of this range, the single id taken out
            let pieces = merge(single, std::slice::from_ref(spec));
            if !pieces.iter().skip(usize::from(single.is_some())).all(|p| allowed.allows(p)) {
                let shown = match *spec {
                    RangeSpec::Fixed(r) => r,
                    RangeSpec::Auto { outer, count } => IdRange { inner: 0, outer, count },
                };
                return Err(refused(kind, &shown, &allowed));
            }
        }
    }
    Ok(())
}

fn refused(kind: IdKind, r: &IdRange, allowed: &Delegation) -> Error {
    let (range, file, user) =
        (format!("{}:{}:{}", r.inner, r.outer, r.count), allowed.file(), allowed.user_name());
    let message = match kind {
        IdKind::Uid => {
            common::msg!("uid mapping '%s' is not allowed by %s for user \"%s\"", range, file, user)
        }
        IdKind::Gid => {
            common::msg!("gid mapping '%s' is not allowed by %s for user \"%s\"", range, file, user)
        }
    };
    Error::msg(message)
}

fn single_pair(single: Option<MapTo>, me: u32) -> Option<(u32, u32)> {
    single.map(|m| match m {
        MapTo::Id(inner) => (inner, me),
        MapTo::Current => (me, me),
    })
}

fn split(
    single: Option<MapTo>,
    me: u32,
    ranges: &[RangeSpec],
    owner: bool,
) -> (Vec<IdRange>, Option<IdRange>) {
    let single = single_pair(single, me);
    if ranges.is_empty() && !owner {
        return (Vec::new(), single.map(|(inner, outer)| IdRange { inner, outer, count: 1 }));
    }
    (merge(single, ranges), None)
}
