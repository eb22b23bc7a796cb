//! The process that becomes the program (the forked child, or unshare itself without
//! --fork): kill-child, its own id maps, propagation, root and directory, proc and
//! binfmt_misc, credentials, capabilities, environment, exec.

use std::ffi::OsString;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use std::process::ExitCode;

use common::creds::{self, Step};
use common::idmap::{self, IdKind, SetGroups};
use common::mount::{self, Propagation, BINFMT_MISC};
use common::msg;
use common::{process, Error, NsKind};

use crate::maps::IdPlan;
use crate::opts::Options;
use common::Result;

pub fn run(o: &Options, plan: &IdPlan, parent: Option<OwnedFd>) -> Result<ExitCode> {
    if let Some(sig) = o.kill_child {
        die_with_parent(sig, parent)?;
    }
    if let Some(r) = plan.own_uid {
        idmap::write_map(None, IdKind::Uid, &[r])?;
    }
    if let Some(r) = plan.own_gid {
        // unprivileged gid_map writes need setgroups denied first (Linux 3.19)
        idmap::write_setgroups(None, SetGroups::Deny)?;
        idmap::write_map(None, IdKind::Gid, &[r])?;
    }
    if let Some(v) = o.setgroups {
        idmap::write_setgroups(None, v)?;
    }
    if o.has(NsKind::Mnt) {
        mount::set_propagation(Path::new("/"), o.propagation)
            .map_err(|e| Error::sys("cannot change root filesystem propagation", e))?;
    }
    let interp_early = o.root.is_some() && o.load_interp.as_deref().is_some_and(mount::binfmt_fixes_binary);
    if interp_early {
        load_binfmt(Path::new(BINFMT_MISC), o.load_interp.as_deref())?;
    }
    change_root(o)?;
    if let Some(dir) = &o.mount_proc {
        mount_proc(o, Path::new(dir))?;
    }
    if let Some(dir) = &o.mount_binfmt {
        load_binfmt(Path::new(dir), if interp_early { None } else { o.load_interp.as_deref() })?;
    }
    // supplementary groups are dropped only with a new gid
    switch_credentials(o.setgid.map(|_| &[][..]), o.setgid, o.setuid)?;
    if o.keep_caps && o.has(NsKind::User) {
        creds::permitted_to_ambient()?;
    }
    filter_env(o);
    Ok(exec(&o.command))
}

/// [`creds::switch`] with unshare's messages.
pub fn switch_credentials(groups: Option<&[u32]>, gid: Option<u32>, uid: Option<u32>) -> Result<()> {
    creds::switch(groups, gid, uid).map_err(|(step, errno)| {
        let msg = match step {
            Step::Groups => "setgroups failed",
            Step::Gid => "setgid failed",
            Step::Uid => "setuid failed",
        };
        Error::sys(msg, errno)
    })
}

/// Runs `argv` (searched in PATH), or the login shell when empty; on failure reports
/// `failed to execute CMD: ...` and returns 127 (not found) or 126.
fn exec(argv: &[OsString]) -> ExitCode {
    let (file, errno) = match argv.first() {
        Some(cmd) => (cmd.clone(), process::execvp(cmd, argv)),
        None => {
            let (shell, argv0) = process::login_shell();
            let errno = process::execv(&shell, &[argv0]);
            (shell, errno)
        }
    };
    common::cli::report(&Error::sys(msg!("failed to execute %s", &file), errno));
    ExitCode::from(process::exec_failure_status(errno))
}

/// PR_SET_PDEATHSIG, then make sure the parent did not die before that took effect
/// (we would have been re-parented and never get the signal).
fn die_with_parent(sig: i32, parent: Option<OwnedFd>) -> Result<()> {
    // SAFETY: prctl(PR_SET_PDEATHSIG) takes a signal number.
    if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::c_ulong::try_from(sig).unwrap_or(0)) } < 0 {
        return Err(Error::sys("prctl failed", nix::errno::Errno::last()));
    }
    if let Some(fd) = parent {
        let mut p = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd, no timeout.
        let n = unsafe { libc::poll(&mut p, 1, 0) };
        if n < 0 {
            return Err(Error::sys("poll parent pidfd failed", nix::errno::Errno::last()));
        }
        if n > 0 {
            return Err(Error::reported(1));
        }
    }
    Ok(())
}

fn change_root(o: &Options) -> Result<()> {
    let mut wd = o.wd.clone();
    if let Some(root) = &o.root {
        nix::unistd::chroot(Path::new(root))
            .map_err(|e| Error::sys(msg!("cannot change root directory to '%s'", root), e))?;
        wd.get_or_insert_with(|| OsString::from("/"));
    }
    if let Some(dir) = wd {
        nix::unistd::chdir(Path::new(&dir)).map_err(|e| Error::sys(msg!("cannot chdir to '%s'", &dir), e))?;
    }
    Ok(())
}

fn mount_proc(o: &Options, dir: &Path) -> Result<()> {
    // the recursive change of / already made an existing proc mount private
    if o.root.is_none() && o.propagation != Propagation::Private {
        match mount::set_propagation(dir, Propagation::Private) {
            // a proc-less directory is not a mount point (util-linux issue #648)
            Ok(()) | Err(nix::errno::Errno::EINVAL) => {}
            Err(e) => {
                return Err(Error::sys(msg!("cannot change %s filesystem propagation", dir), e));
            }
        }
    }
    mount::mount_proc(dir).map_err(|e| mount_failed(dir, e))?;
    Ok(())
}

fn load_binfmt(dir: &Path, interp: Option<&std::ffi::OsStr>) -> Result<()> {
    mount::mount_binfmt(dir).map_err(|e| mount_failed(dir, e))?;
    if let Some(spec) = interp {
        mount::register_binfmt(dir, spec)?;
    }
    Ok(())
}

fn mount_failed(dir: &Path, e: nix::errno::Errno) -> Error {
    Error::sys(msg!("mount %s failed", dir), e)
}

/// --clear-env and --whitelist-env: the program sees only the listed variables.
fn filter_env(o: &Options) {
    if !o.clear_env && o.keep_env.is_none() {
        return;
    }
    let keep = o.keep_env.as_deref().unwrap_or_default();
    for (name, _) in std::env::vars_os() {
        if !keep.contains(&name) {
            std::env::remove_var(&name);
        }
    }
}
