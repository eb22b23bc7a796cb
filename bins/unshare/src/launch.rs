//! unshare's order of operations up to the fork (util-linux master's sys-utils/unshare.c
//! main()), after refusing id maps newuidmap would refuse: helpers
//! forked first, --owner, unshare(2), id maps, time offsets, fork, persistent
//! namespace files, then wait and pass the child's fate on.

use std::io::Write;
use std::os::fd::OwnedFd;
use std::process::ExitCode;

use common::creds;
use common::idmap::SetGroups;
use common::process;
use common::Error;
use nix::sched::CloneFlags;
use nix::unistd::{getegid, geteuid, getpid};

use crate::helpers::{self, Gate, Helper};
use crate::maps::{self, IdPlan};
use crate::options::Options;
use crate::{child, hints, signals, Failure, Res};

const BINDS_FROM_HELPER: libc::c_int = libc::CLONE_NEWNS | libc::CLONE_NEWUSER;

pub fn launch(o: &Options) -> Res<ExitCode> {
    // SAFETY: restoring a default disposition has no preconditions.
    unsafe {
        libc::signal(libc::SIGCHLD, libc::SIG_DFL);
    }
    let (uid, gid) = o.owner.unwrap_or((geteuid().as_raw(), getegid().as_raw()));
    let plan = IdPlan::new(o, uid, gid);
    if plan.own_gid.is_some() && o.setgroups == Some(SetGroups::Allow) {
        return Err(Error::msg("options --setgroups=allow and --map-group are mutually exclusive").into());
    }
    maps::check_delegation(o, uid, gid)?;
    let binder = if !o.persist.is_empty() && o.flags & BINDS_FROM_HELPER != 0 {
        Some(helpers::persist(o.persist.clone(), o.fork)?)
    } else {
        None
    };
    let mapper = if plan.needs_helper() {
        Some(helpers::idmap(plan.helper_uid.clone(), plan.helper_gid.clone())?)
    } else {
        None
    };
    if let Some((u, g)) = o.owner {
        become_owner(u, g)?;
    }
    nix::sched::unshare(CloneFlags::from_bits_retain(o.flags))
        .map_err(|e| Failure::Report(Error::sys("unshare failed", e), hints::unshare_failed(o.flags, e)))?;
    if let Some(m) = mapper {
        m.release()?;
    }
    if let Some(b) = o.boottime {
        set_time_offset(libc::CLOCK_BOOTTIME, b)?;
    }
    if let Some(m) = o.monotonic {
        set_time_offset(libc::CLOCK_MONOTONIC, m)?;
    }
    if o.fork {
        fork_and_wait(o, &plan, binder)
    } else {
        persist(o, binder)?;
        child::run(o, &plan, None)
    }
}

/// Creates the user namespace as another user: groups, gid, uid, in that order.
fn become_owner(uid: u32, gid: u32) -> Res<()> {
    creds::set_groups(&[]).map_err(|e| Error::sys("setgroups failed", e))?;
    creds::set_gid(gid).map_err(|e| Error::sys("setgid failed", e))?;
    creds::set_uid(uid).map_err(|e| Error::sys("setuid failed", e))?;
    Ok(())
}

/// `CLOCKID OFFSET 0` into /proc/self/timens_offsets, before any process enters the
/// new time namespace.
fn set_time_offset(clock: libc::clockid_t, secs: i64) -> Res<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open("/proc/self/timens_offsets")
        .map_err(|e| Error::io("failed to open /proc/self/timens_offsets", &e))?;
    f.write_all(format!("{clock} {secs} 0").as_bytes())
        .map_err(|e| Error::io("failed to write to /proc/self/timens_offsets", &e))?;
    Ok(())
}

/// Binds the persistent namespace files: through the helper forked before
/// unshare(2), or ourselves when neither a mount nor a user namespace is new.
fn persist(o: &Options, binder: Option<Helper>) -> Res<()> {
    match binder {
        Some(h) => h.release(),
        None if !o.persist.is_empty() => helpers::bind(helpers::proc_pid(), &o.persist, o.fork),
        None => Ok(()),
    }
}

fn fork_and_wait(o: &Options, plan: &IdPlan, binder: Option<Helper>) -> Res<ExitCode> {
    // the child runs nothing until every namespace file is bound
    let gate = if o.persist.is_empty() { None } else { Some(Gate::new()?) };
    // for the child's check that we did not die before its PR_SET_PDEATHSIG took
    // effect; kernels before 5.3 lack pidfds and go without the check
    let parent_fd: Option<OwnedFd> = match o.kill_child.map(|_| common::nsfile::pidfd_open(getpid().as_raw()))
    {
        Some(Ok(fd)) => Some(fd),
        Some(Err(nix::errno::Errno::ENOSYS)) | None => None,
        Some(Err(e)) => return Err(Error::sys("pidfd_open failed", e).into()),
    };
    let saved = signals::prepare(o.forward_signals)?;
    let Some(child) = process::fork().map_err(helpers::fork_failure)? else {
        saved.child()?;
        drop(binder);
        if let Some(g) = gate {
            if !g.wait() {
                return Err(Failure::Silent(1));
            }
        }
        return child::run(o, plan, parent_fd);
    };
    drop(parent_fd);
    saved.parent(child)?;
    let opener = gate.map(Gate::opener);
    if let Err(f) = persist(o, binder) {
        drop(opener);
        let _ = process::wait(child, None);
        return Err(f);
    }
    if let Some(op) = opener {
        op.open();
    }
    let status = process::wait(child, None)?;
    Ok(process::mirror(status)?)
}
