//! The option table and the typed options it parses into. Values are checked as they
//! are seen, in command-line order, as util-linux's getopt loop does: the first bad
//! value (or `--help`) decides, even if a usage error follows.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

use common::cli::Stop;
use common::idmap::{self, IdKind, IdRange, RangeSpec, SetGroups};
use common::mount::{Propagation, BINFMT_MISC};
use common::msg;
use common::num;
use common::{Error, NsKind, Result};

mod table;

pub use table::{infos, Id, SPEC};

/// The inside id of a single mapping: a number, or the user's own id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapTo {
    Id(u32),
    Current,
}

/// Everything the command line asked for.
#[derive(Debug)]
pub struct Options {
    pub flags: libc::c_int,
    /// `--KIND=FILE`, the last file per kind.
    pub persist: Vec<(NsKind, OsString)>,
    pub fork: bool,
    pub kill_child: Option<i32>,
    pub forward_signals: bool,
    pub mount_proc: Option<OsString>,
    pub mount_binfmt: Option<OsString>,
    pub load_interp: Option<OsString>,
    pub propagation: Propagation,
    pub map_user: Option<MapTo>,
    pub map_group: Option<MapTo>,
    pub user_ranges: Vec<RangeSpec>,
    pub group_ranges: Vec<RangeSpec>,
    pub owner: Option<(u32, u32)>,
    pub setgroups: Option<SetGroups>,
    pub keep_caps: bool,
    pub root: Option<OsString>,
    pub wd: Option<OsString>,
    pub setuid: Option<u32>,
    pub setgid: Option<u32>,
    pub monotonic: Option<i64>,
    pub boottime: Option<i64>,
    pub clear_env: bool,
    pub keep_env: Option<Vec<OsString>>,
    pub command: Vec<OsString>,
}

impl Options {
    pub fn has(&self, kind: NsKind) -> bool {
        self.flags & kind.flag() != 0
    }
}

/// What parsing decided.
pub enum Parsed {
    Run(Box<Options>),
    Help,
    Version,
}

fn text(v: &OsStr) -> String {
    v.to_string_lossy().into_owned()
}

pub fn parse(args: Vec<OsString>) -> std::result::Result<Parsed, Stop> {
    let (parsed, usage) = SPEC.parse_until_error(args);
    let mut o = Options {
        flags: 0,
        persist: Vec::new(),
        fork: false,
        kill_child: None,
        forward_signals: false,
        mount_proc: None,
        mount_binfmt: None,
        load_interp: None,
        propagation: Propagation::Private,
        map_user: None,
        map_group: None,
        user_ranges: Vec::new(),
        group_ranges: Vec::new(),
        owner: None,
        setgroups: None,
        keep_caps: false,
        root: None,
        wd: None,
        setuid: None,
        setgid: None,
        monotonic: None,
        boottime: None,
        clear_env: false,
        keep_env: None,
        command: parsed.operands,
    };
    for (id, value) in parsed.opts {
        match id {
            Id::Help => return Ok(Parsed::Help),
            Id::Version => return Ok(Parsed::Version),
            _ => apply(&mut o, id, value.as_deref()).map_err(Stop::Fail)?,
        }
    }
    if let Some(e) = usage {
        return Err(Stop::Usage(e));
    }
    if (o.monotonic.is_some() || o.boottime.is_some()) && !o.has(NsKind::Time) {
        return Err(Error::msg(
            "options --monotonic and --boottime require unsharing of a time namespace (-T)",
        )
        .into());
    }
    Ok(Parsed::Run(Box::new(o)))
}

const USER: libc::c_int = libc::CLONE_NEWUSER;
const MNT: libc::c_int = libc::CLONE_NEWNS;

/// Applies one option; `arg` is None for a flag or an optional argument not given
/// (`--mount=` gives an empty one, which util-linux takes as a file name).
fn apply(o: &mut Options, id: Id, arg: Option<&OsStr>) -> Result<()> {
    let value = arg.unwrap_or_default();
    let s = text(value);
    match id {
        Id::Help | Id::Version => {}
        Id::Ns(kind) => {
            o.flags |= kind.flag();
            if let Some(file) = arg {
                o.persist.retain(|(k, _)| *k != kind);
                o.persist.push((kind, file.to_os_string()));
            }
        }
        Id::Fork => o.fork = true,
        Id::KillChild => {
            o.fork = true;
            o.kill_child = Some(kill_signal(arg)?);
        }
        Id::ForwardSignals => {
            o.fork = true;
            o.forward_signals = true;
        }
        Id::MountProc => {
            o.flags |= MNT;
            o.mount_proc = Some(arg.map_or_else(|| OsString::from("/proc"), OsStr::to_os_string));
        }
        Id::MountBinfmt => {
            o.flags |= MNT | USER;
            match arg {
                Some(dir) => o.mount_binfmt = Some(dir.to_os_string()),
                None => default_binfmt(o),
            }
        }
        Id::LoadInterp => {
            o.flags |= MNT | USER;
            if o.mount_binfmt.is_none() {
                default_binfmt(o);
            }
            o.load_interp = Some(value.to_os_string());
        }
        Id::MapUser => {
            o.flags |= USER;
            o.map_user = Some(MapTo::Id(user_id(value)?));
        }
        Id::MapGroup => {
            o.flags |= USER;
            o.map_group = Some(MapTo::Id(group_id(value)?));
        }
        Id::MapRoot => {
            o.flags |= USER;
            o.map_user = Some(MapTo::Id(0));
            o.map_group = Some(MapTo::Id(0));
        }
        Id::MapCurrent => {
            o.flags |= USER;
            o.map_user = Some(MapTo::Current);
            o.map_group = Some(MapTo::Current);
        }
        Id::MapUsers => {
            o.flags |= USER;
            o.user_ranges.extend(ranges(IdKind::Uid, value)?);
        }
        Id::MapGroups => {
            o.flags |= USER;
            o.group_ranges.extend(ranges(IdKind::Gid, value)?);
        }
        Id::MapAuto | Id::MapSubids => {
            o.flags |= USER;
            let word = if id == Id::MapAuto { "auto" } else { "subids" };
            o.user_ranges.extend(ranges(IdKind::Uid, OsStr::new(word))?);
            o.group_ranges.extend(ranges(IdKind::Gid, OsStr::new(word))?);
        }
        Id::Owner => {
            o.flags |= USER;
            o.owner = Some(owner(&s).ok_or_else(|| Error::msg("failed to parse owner"))?);
        }
        Id::Propagation => {
            o.propagation = Propagation::parse(&s)
                .ok_or_else(|| Error::msg(msg!("unsupported propagation mode: %s", value)))?;
        }
        Id::SetGroups => {
            o.setgroups = Some(
                SetGroups::parse(&s)
                    .ok_or_else(|| Error::msg(msg!("unsupported --setgroups argument '%s'", value)))?,
            );
        }
        Id::KeepCaps => o.keep_caps = true,
        Id::SetUid => o.setuid = Some(idmap::id_or_err(value.as_bytes(), "failed to parse uid")?),
        Id::SetGid => o.setgid = Some(idmap::id_or_err(value.as_bytes(), "failed to parse gid")?),
        Id::Root => o.root = Some(value.to_os_string()),
        Id::Wd => o.wd = Some(value.to_os_string()),
        Id::Monotonic => o.monotonic = Some(offset(value.as_bytes(), "failed to parse monotonic offset")?),
        Id::Boottime => o.boottime = Some(offset(value.as_bytes(), "failed to parse boottime offset")?),
        Id::ClearEnv => o.clear_env = true,
        Id::WhitelistEnv => {
            let names =
                value.to_string_lossy().split(',').filter(|n| !n.is_empty()).map(OsString::from).collect();
            o.keep_env = Some(names);
        }
    }
    Ok(())
}

/// `--mount-binfmt` without a directory (and `-l`) also mounts a fresh /proc, so the
/// default binfmt_misc directory is the new namespace's.
fn default_binfmt(o: &mut Options) {
    o.mount_binfmt = Some(OsString::from(BINFMT_MISC));
    if o.mount_proc.is_none() {
        o.mount_proc = Some(OsString::from("/proc"));
    }
}

fn kill_signal(arg: Option<&OsStr>) -> Result<i32> {
    let Some(value) = arg else {
        return Ok(libc::SIGKILL);
    };
    common::process::signal_by_name(&text(value)).ok_or_else(|| Error::msg(msg!("unknown signal: %s", value)))
}

fn user_id(v: &OsStr) -> Result<u32> {
    match common::users::user_by_name(&text(v)) {
        Some(u) => Ok(u.uid),
        None => idmap::id_or_err(v.as_bytes(), "failed to parse uid"),
    }
}

fn group_id(v: &OsStr) -> Result<u32> {
    match common::users::group_by_name(&text(v)) {
        Some(g) => Ok(g.gid),
        None => idmap::id_or_err(v.as_bytes(), "failed to parse gid"),
    }
}

/// One `--map-users`/`--map-groups` value: `auto` and `subids` read the euid's
/// /etc/subuid or /etc/subgid line, `all` our own map, anything else a range.
fn ranges(kind: IdKind, value: &OsStr) -> Result<Vec<RangeSpec>> {
    let euid = nix::unistd::geteuid().as_raw();
    // not UTF-8 is no range; util-linux quotes it as given
    let Some(s) = value.to_str() else {
        return Err(Error::msg(msg!("invalid mapping '%s'", value)));
    };
    Ok(match s {
        "auto" => {
            let (outer, count) = idmap::subid_range(kind, euid)?;
            vec![RangeSpec::Auto { outer, count }]
        }
        "subids" => {
            let (outer, count) = idmap::subid_range(kind, euid)?;
            vec![RangeSpec::Fixed(IdRange { inner: outer, outer, count })]
        }
        "all" => idmap::kernel_map(kind)?.into_iter().map(RangeSpec::Fixed).collect(),
        _ => vec![RangeSpec::Fixed(idmap::parse_range(s)?)],
    })
}

/// `UID:GID`, both numeric.
fn owner(s: &str) -> Option<(u32, u32)> {
    let (u, g) = s.split_once(':')?;
    Some((idmap::parse_id(u)?, idmap::parse_id(g)?))
}

/// A signed number of seconds (strtos64_or_err).
fn offset(s: &[u8], what: &'static str) -> Result<i64> {
    num::parse_signed(s, i64::MIN, i64::MAX).map_err(|e| num::error(what, s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(offset(b"5", "failed to parse monotonic offset"), Ok(5));
        assert_eq!(offset(b" +5", "failed to parse monotonic offset"), Ok(5));
        assert_eq!(offset(b"-5", "failed to parse boottime offset"), Ok(-5));
        assert_eq!(offset(b"-9223372036854775808", "failed to parse boottime offset"), Ok(i64::MIN));
        assert_eq!(
            offset(b"5 ", "failed to parse monotonic offset").expect_err("bad").to_string(),
            "failed to parse monotonic offset: '5 '"
        );
        assert_eq!(
            offset(b"", "failed to parse boottime offset").expect_err("bad").to_string(),
            "failed to parse boottime offset: ''"
        );
        assert_eq!(
            offset(b"--5", "failed to parse boottime offset").expect_err("bad").to_string(),
            "failed to parse boottime offset: '--5'"
        );
        assert_eq!(
            offset(b"99999999999999999999", "failed to parse monotonic offset").expect_err("bad").to_string(),
            "failed to parse monotonic offset: '99999999999999999999': Numerical result out of range"
        );
    }

    #[test]
    fn owners() {
        assert_eq!(owner("1000:100"), Some((1000, 100)));
        assert_eq!(owner("1000"), None);
        assert_eq!(owner("a:b"), None);
        assert_eq!(owner("1:2:3"), None);
        assert_eq!(owner("-1:2"), None);
    }
}
