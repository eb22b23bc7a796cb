//! User-namespace id maps: parsing and validating `inner:outer:count` ranges, merging a
//! single id into ranges, /etc/subuid and /etc/subgid, and installing a map either by
//! writing /proc/PID/{uid,gid}_map (and setgroups) or through newuidmap/newgidmap.
//!
//! Every id and range is checked here, before anything runs, against what the kernel
//! accepts: ids are 32-bit, `u32::MAX` is the kernel's "no id", a count is at least 1
//! and a range must not wrap (`first + count <= u32::MAX`).

pub mod delegation;
pub mod subids;
mod write;

pub use delegation::{delegation, Delegation};
pub use subids::{kernel_map, subid_range};
pub use write::{helper_argv, helper_exec, write_map, write_setgroups, SetGroups};

use std::fmt;

use crate::error::{Error, Result};
use crate::msg;
use crate::num::{self, NumError};

/// Which of the two maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Uid,
    Gid,
}

impl IdKind {
    /// The file under /proc/PID (`uid_map`, `gid_map`).
    pub fn map_file(self) -> &'static str {
        match self {
            IdKind::Uid => "uid_map",
            IdKind::Gid => "gid_map",
        }
    }

    /// The shadow-utils helper that writes this map for unprivileged users.
    pub fn helper(self) -> &'static str {
        match self {
            IdKind::Uid => "newuidmap",
            IdKind::Gid => "newgidmap",
        }
    }

    /// /etc/subuid or /etc/subgid.
    pub fn subid_file(self) -> &'static str {
        match self {
            IdKind::Uid => "/etc/subuid",
            IdKind::Gid => "/etc/subgid",
        }
    }
}

/// One line of a uid_map or gid_map: `count` ids starting at `inner` inside the
/// namespace are `outer`... outside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdRange {
    pub inner: u32,
    pub outer: u32,
    pub count: u32,
}

impl IdRange {
    /// A range the kernel would accept: non-empty and not wrapping on either side.
    pub fn new(inner: u32, outer: u32, count: u32) -> Option<IdRange> {
        let fits = |first: u32| u64::from(first) + u64::from(count) <= u64::from(u32::MAX);
        (count > 0 && fits(inner) && fits(outer)).then_some(IdRange { inner, outer, count })
    }

    fn contains_inner(&self, id: u32) -> bool {
        id >= self.inner && u64::from(id) < u64::from(self.inner) + u64::from(self.count)
    }

    fn contains_outer(&self, id: u32) -> bool {
        id >= self.outer && u64::from(id) < u64::from(self.outer) + u64::from(self.count)
    }
}

impl fmt::Display for IdRange {
    /// The kernel's input format, without the newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.inner, self.outer, self.count)
    }
}

/// One `--map-users`/`--map-groups` value once resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeSpec {
    /// Both sides given (`inner:outer:count`, `outer,inner,count`, `subids`, `all`).
    Fixed(IdRange),
    /// Only the outside is known (`auto`): the inside starts at 0 and flows around a
    /// single mapped id without losing any outside id.
    Auto { outer: u32, count: u32 },
}

/// A single uid or gid: strtoul's grammar, at most 4294967294 (4294967295 is the
/// kernel's "no id").
pub fn parse_id_num(s: &str) -> std::result::Result<u32, NumError> {
    num::parse_unsigned(s.as_bytes(), u64::from(u32::MAX - 1)).map(|v| v as u32)
}

/// [`parse_id_num`] with util-linux's message: `WHAT: 'S'`, plus `: Numerical result
/// out of range` for numbers that do not fit.
pub fn id_or_err(s: &[u8], what: &'static str) -> Result<u32> {
    num::parse_unsigned(s, u64::from(u32::MAX - 1)).map(|v| v as u32).map_err(|e| num::error(what, s, e))
}

/// A single id inside a map value.
pub fn parse_id(s: &str) -> Option<u32> {
    parse_id_num(s).ok()
}

/// A count: like an id, but the kernel's full map has 4294967295 ids.
fn parse_count(s: &str) -> Option<u32> {
    num::parse_unsigned(s.as_bytes(), u64::from(u32::MAX)).ok().map(|v| v as u32)
}

/// Parses `inner:outer:count`, or the deprecated `outer,inner,count`. Errors read
/// `invalid mapping 'S'`, also for a zero count and ranges that wrap.
pub fn parse_range(s: &str) -> Result<IdRange> {
    let fields = |sep: char| -> Option<[u32; 3]> {
        let v: Vec<&str> = s.split(sep).collect();
        if v.len() != 3 {
            return None;
        }
        Some([parse_id(v[0])?, parse_id(v[1])?, parse_count(v[2])?])
    };
    let range = if let Some([inner, outer, count]) = fields(':') {
        IdRange::new(inner, outer, count)
    } else if let Some([outer, inner, count]) = fields(',') {
        IdRange::new(inner, outer, count)
    } else {
        None
    };
    range.ok_or_else(|| Error::msg(msg!("invalid mapping '%s'", s)))
}

/// The lines to install: the single mapping `inner -> outer` first (if any), then each
/// range with the single id taken out of it.
///
/// A range that holds the single id on the inside or the outside loses that id on
/// that side; the remaining inside and outside ids are paired in order, which splits
/// the range in up to three pieces. A fixed range so shrinks by one. An `auto` range
/// has no fixed inside, so it keeps every outside id (util-linux master's behaviour,
/// not 2.38-2.42's, which dropped one).
pub fn merge(single: Option<(u32, u32)>, ranges: &[RangeSpec]) -> Vec<IdRange> {
    let mut out: Vec<IdRange> =
        single.into_iter().map(|(i, o)| IdRange { inner: i, outer: o, count: 1 }).collect();
    for r in ranges {
        match single {
            None => out.push(match *r {
                RangeSpec::Fixed(f) => f,
                RangeSpec::Auto { outer, count } => IdRange { inner: 0, outer, count },
            }),
            Some((si, so)) => out.extend(punch(si, so, r)),
        }
    }
    out
}

/// Pairs the inside ids (without `si`) with the outside ids (without `so`) and
/// returns the contiguous runs.
fn punch(si: u32, so: u32, spec: &RangeSpec) -> Vec<IdRange> {
    let (base, inner_len) = match *spec {
        RangeSpec::Fixed(r) => (r, u64::from(r.count)),
        // the inside of an auto range is unbounded: it never runs out before the outside
        RangeSpec::Auto { outer, count } => (IdRange { inner: 0, outer, count }, u64::MAX),
    };
    let auto = matches!(spec, RangeSpec::Auto { .. });
    let hole_in = (auto || base.contains_inner(si)).then(|| u64::from(si - base.inner));
    let hole_out = base.contains_outer(so).then(|| u64::from(so - base.outer));
    if hole_in.is_none() && hole_out.is_none() {
        return vec![base];
    }
    let len_in = inner_len - u64::from(hole_in.is_some() && !auto);
    let len_out = u64::from(base.count) - u64::from(hole_out.is_some());
    let n = len_in.min(len_out);
    let at = |start: u32, hole: Option<u64>, k: u64| {
        let skip = u64::from(hole.is_some_and(|h| k >= h));
        (u64::from(start) + k + skip) as u32
    };
    let mut cuts: Vec<u64> =
        [Some(0), hole_in, hole_out, Some(n)].into_iter().flatten().filter(|&c| c <= n).collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| IdRange {
            inner: at(base.inner, hole_in, w[0]),
            outer: at(base.outer, hole_out, w[0]),
            count: (w[1] - w[0]) as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(inner: u32, outer: u32, count: u32) -> IdRange {
        IdRange { inner, outer, count }
    }

    #[test]
    fn ids() {
        assert_eq!(parse_id("0"), Some(0));
        assert_eq!(parse_id("4294967294"), Some(4294967294));
        assert_eq!(parse_id("4294967295"), None);
        assert_eq!(parse_id("4294967296"), None);
        assert_eq!(parse_id("-5"), None);
        assert_eq!(parse_id("+5"), Some(5));
        assert_eq!(parse_id(" \t5"), Some(5));
        assert_eq!(parse_id("5 "), None);
        assert_eq!(parse_id("0x5"), None);
        assert_eq!(parse_id("-0"), Some(0));
        assert_eq!(parse_id(""), None);
        assert_eq!(parse_id("+"), None);
        assert_eq!(parse_id_num("-5"), Err(NumError::Range));
        assert_eq!(parse_id_num("99999999999999999999"), Err(NumError::Range));
        assert_eq!(parse_id_num("abc"), Err(NumError::Invalid));
        assert_eq!(
            id_or_err(b"abc", "failed to parse uid").expect_err("bad").to_string(),
            "failed to parse uid: 'abc'"
        );
        assert_eq!(
            id_or_err(b"-5", "failed to parse gid").expect_err("bad").to_string(),
            "failed to parse gid: '-5': Numerical result out of range"
        );
    }

    #[test]
    fn both_syntaxes() {
        assert_eq!(parse_range("0:1000:1"), Ok(r(0, 1000, 1)));
        assert_eq!(parse_range("1000,0,1"), Ok(r(0, 1000, 1)));
        assert_eq!(parse_range("1:100000:65536"), Ok(r(1, 100000, 65536)));
        assert_eq!(parse_range("0:0:4294967295"), Ok(r(0, 0, u32::MAX)));
    }

    #[test]
    fn bad_ranges_are_refused_by_us() {
        for bad in [
            "",
            "x",
            "1,2",
            "1:2",
            "1:2:3:4",
            "1,2,3,4",
            "1:2,3",
            "-5:0:1",
            "0:-5:1",
            "0:0:0",
            "0,0,0",
            "1:0:4294967295",
            "0:1:4294967295",
            "4294967295:0:1",
            "0:4294967294:2",
            "0:0:1 ",
            "0:0:1\n",
            "-1:0:1",
            "0x1:0:1",
            "0:0:4294967296",
        ] {
            let e = parse_range(bad).expect_err(bad);
            // a control character in the value is escaped so the message stays one line
            assert_eq!(e.to_string(), format!("invalid mapping '{}'", bad.replace('\n', "\\x0a")));
        }
        assert_eq!(parse_range("0:4294967293:2"), Ok(r(0, 4294967293, 2)));
    }

    #[test]
    fn no_single_keeps_ranges_in_order() {
        let ranges = [RangeSpec::Fixed(r(0, 1000, 10)), RangeSpec::Auto { outer: 100000, count: 65536 }];
        assert_eq!(merge(None, &ranges), vec![r(0, 1000, 10), r(0, 100000, 65536)]);
    }

    #[test]
    fn auto_range_wastes_no_id() {
        // user 1001 with subuid nscompat:100000:65536 running `unshare -r --map-auto`
        let m = merge(Some((0, 1001)), &[RangeSpec::Auto { outer: 100000, count: 65536 }]);
        assert_eq!(m, vec![r(0, 1001, 1), r(1, 100000, 65536)]);
        // a single id in the middle of the inside flows around it
        let m = merge(Some((1000, 1001)), &[RangeSpec::Auto { outer: 100000, count: 65536 }]);
        assert_eq!(m, vec![r(1000, 1001, 1), r(0, 100000, 1000), r(1001, 101000, 64536)]);
        // only when the outside holds the single id is one lost
        let m = merge(Some((0, 100005)), &[RangeSpec::Auto { outer: 100000, count: 10 }]);
        assert_eq!(m, vec![r(0, 100005, 1), r(1, 100000, 5), r(6, 100006, 4)]);
    }

    #[test]
    fn fixed_range_overlapping_inside() {
        let m = merge(Some((0, 1001)), &[RangeSpec::Fixed(r(0, 100000, 65536))]);
        assert_eq!(m, vec![r(0, 1001, 1), r(1, 100000, 65535)]);
        let m = merge(Some((5, 1001)), &[RangeSpec::Fixed(r(0, 100000, 10))]);
        assert_eq!(m, vec![r(5, 1001, 1), r(0, 100000, 5), r(6, 100005, 4)]);
        let m = merge(Some((9, 1001)), &[RangeSpec::Fixed(r(0, 100000, 10))]);
        assert_eq!(m, vec![r(9, 1001, 1), r(0, 100000, 9)]);
    }

    #[test]
    fn fixed_range_overlapping_outside() {
        let m = merge(Some((0, 1003)), &[RangeSpec::Fixed(r(100, 1000, 10))]);
        assert_eq!(m, vec![r(0, 1003, 1), r(100, 1000, 3), r(103, 1004, 6)]);
    }

    #[test]
    fn fixed_range_overlapping_both_sides() {
        // the same pair on both sides: just that pair goes
        let m = merge(Some((5, 1005)), &[RangeSpec::Fixed(r(0, 1000, 10))]);
        assert_eq!(m, vec![r(5, 1005, 1), r(0, 1000, 5), r(6, 1006, 4)]);
        // different pairs: three pieces, one id fewer
        let m = merge(Some((2, 1006)), &[RangeSpec::Fixed(r(0, 1000, 10))]);
        assert_eq!(m, vec![r(2, 1006, 1), r(0, 1000, 2), r(3, 1002, 4), r(7, 1007, 3)]);
        let m = merge(Some((6, 1002)), &[RangeSpec::Fixed(r(0, 1000, 10))]);
        assert_eq!(m, vec![r(6, 1002, 1), r(0, 1000, 2), r(2, 1003, 4), r(7, 1007, 3)]);
        // identity of everything (`-r --map-users=all` as root)
        let m = merge(Some((0, 0)), &[RangeSpec::Fixed(r(0, 0, u32::MAX))]);
        assert_eq!(m, vec![r(0, 0, 1), r(1, 1, u32::MAX - 1)]);
    }

    #[test]
    fn merged_maps_never_collide() {
        let ranges = [
            RangeSpec::Fixed(r(0, 1000, 10)),
            RangeSpec::Fixed(r(3, 1000, 1)),
            RangeSpec::Fixed(r(0, 1003, 1)),
            RangeSpec::Auto { outer: 1000, count: 10 },
            RangeSpec::Auto { outer: 1, count: 1 },
        ];
        for si in 0..12 {
            for so in 995..1012 {
                for spec in &ranges {
                    let m = merge(Some((si, so)), std::slice::from_ref(spec));
                    let ins: Vec<u32> = m.iter().flat_map(|x| x.inner..x.inner + x.count).collect();
                    let outs: Vec<u32> = m.iter().flat_map(|x| x.outer..x.outer + x.count).collect();
                    let mut a = ins.clone();
                    a.sort_unstable();
                    a.dedup();
                    let mut b = outs.clone();
                    b.sort_unstable();
                    b.dedup();
                    assert_eq!(a.len(), ins.len(), "inner overlap {si} {so} {spec:?}: {m:?}");
                    assert_eq!(b.len(), outs.len(), "outer overlap {si} {so} {spec:?}: {m:?}");
                    let expect = match spec {
                        RangeSpec::Fixed(f) => {
                            f.count - u32::from(f.contains_inner(si) || f.contains_outer(so))
                        }
                        RangeSpec::Auto { outer, count } => {
                            count - u32::from(so >= *outer && so < outer + count)
                        }
                    };
                    assert_eq!(outs.len() as u32 - 1, expect, "count {si} {so} {spec:?}: {m:?}");
                    assert!(m.iter().all(|x| x.count > 0));
                }
            }
        }
    }
}
