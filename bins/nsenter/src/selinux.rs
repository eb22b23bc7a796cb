//! `--follow-context`: run the program in the target's SELinux context, which is
//! what libselinux's getpidcon and setexeccon do through /proc.

use common::msg;
use common::{cli, Error};

use nix::sys::statfs::{statfs, FsType};

// linux/magic.h; nix has no constant for it.
const SELINUX_MAGIC: u32 = 0xf97c_ff8c;

fn enabled() -> bool {
    #[allow(clippy::unnecessary_cast)] // the field's type differs between glibc and musl
    let magic = FsType(SELINUX_MAGIC as _);
    statfs("/sys/fs/selinux").is_ok_and(|fs| fs.filesystem_type() == magic)
}

/// Sets our exec context to the target's, or says why there is none to follow.
pub fn follow_context(pid: Option<i32>) -> Result<(), Error> {
    if !enabled() {
        cli::warn("SELinux is not enabled on this system; --follow-context has no context to follow");
        return Ok(());
    }
    let pid = pid.ok_or_else(|| Error::msg("no target PID specified for --follow-context"))?;
    let current = std::fs::read(format!("/proc/{pid}/attr/current"))
        .map_err(|_| Error::msg(msg!("failed to get %d SELinux context", pid)))?;
    let end = current.iter().position(|&b| b == 0 || b == b'\n').unwrap_or(current.len());
    let context = &current[..end];
    std::fs::write("/proc/thread-self/attr/exec", context)
        .map_err(|_| Error::msg(msg!("failed to set exec context to '%s'", context)))
}
