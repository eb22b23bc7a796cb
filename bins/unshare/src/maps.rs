//! Who writes which id map. A single mapping of our own id is written by ourselves
//! after unshare(2) (allowed even unprivileged). Ranges, and with --owner every map,
//! are written by the id-map helper from outside the new namespace, with the single
//! id merged in (see [`common::idmap::merge`]).

use common::idmap::{merge, IdRange, RangeSpec};

use crate::options::{MapTo, Options};

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

fn split(
    single: Option<MapTo>,
    me: u32,
    ranges: &[RangeSpec],
    owner: bool,
) -> (Vec<IdRange>, Option<IdRange>) {
    let single = single.map(|m| match m {
        MapTo::Id(inner) => (inner, me),
        MapTo::Current => (me, me),
    });
    if ranges.is_empty() && !owner {
        return (Vec::new(), single.map(|(inner, outer)| IdRange { inner, outer, count: 1 }));
    }
    (merge(single, ranges), None)
}
