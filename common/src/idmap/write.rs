//! Installing a map: straight into /proc/PID/{uid,gid}_map when we may (root, or a
//! process mapping only its own id), through newuidmap/newgidmap otherwise.

use std::ffi::OsString;
use std::io::Write;

use super::{IdKind, IdRange};
use crate::error::{Error, Result};
use crate::msg;
use crate::process::Exec;

/// The value written to /proc/PID/setgroups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetGroups {
    Allow,
    Deny,
}

impl SetGroups {
    pub fn parse(s: &str) -> Option<SetGroups> {
        match s {
            "allow" => Some(SetGroups::Allow),
            "deny" => Some(SetGroups::Deny),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SetGroups::Allow => "allow",
            SetGroups::Deny => "deny",
        }
    }
}

fn proc_path(pid: Option<i32>, file: &str) -> String {
    match pid {
        Some(p) => format!("/proc/{p}/{file}"),
        None => format!("/proc/self/{file}"),
    }
}

/// Writes `data` to a /proc file in one write(2), as the kernel requires. Errors read
/// `cannot open PATH: ...` and `write failed PATH: ...`; `missing_ok` ignores ENOENT
/// (kernels without /proc/PID/setgroups).
fn write_proc(path: &str, data: &[u8], missing_ok: bool) -> Result<()> {
    let mut f = match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(f) => f,
        Err(e) if missing_ok && e.raw_os_error() == Some(libc::ENOENT) => return Ok(()),
        Err(e) => return Err(Error::io(msg!("cannot open %s", path), &e)),
    };
    f.write_all(data).map_err(|e| Error::io(msg!("write failed %s", path), &e))
}

/// Writes `ranges` to /proc/PID/uid_map or gid_map (`None`: our own).
pub fn write_map(pid: Option<i32>, kind: IdKind, ranges: &[IdRange]) -> Result<()> {
    let text: String = ranges.iter().map(|r| format!("{r}\n")).collect();
    write_proc(&proc_path(pid, kind.map_file()), text.as_bytes(), false)
}

/// Writes `allow` or `deny` to /proc/PID/setgroups (`None`: our own). A kernel
/// without the file (before 3.19) needs nothing.
pub fn write_setgroups(pid: Option<i32>, value: SetGroups) -> Result<()> {
    write_proc(&proc_path(pid, "setgroups"), value.as_str().as_bytes(), true)
}

/// `newuidmap PID inner outer count ...` (or newgidmap), ranges in the given order.
pub fn helper_argv(kind: IdKind, pid: i32, ranges: &[IdRange]) -> Vec<OsString> {
    let mut argv = vec![OsString::from(kind.helper()), OsString::from(pid.to_string())];
    for r in ranges {
        argv.extend([r.inner, r.outer, r.count].map(|n| OsString::from(n.to_string())));
    }
    argv
}

/// newuidmap/newgidmap (searched in PATH) with its arguments, ready to exec in a
/// forked child: [`Exec::run`] replaces the process, or returns the errno.
pub fn helper_exec(kind: IdKind, pid: i32, ranges: &[IdRange]) -> Exec {
    let argv = helper_argv(kind, pid, ranges);
    Exec::search(&argv[0], &argv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setgroups_words() {
        assert_eq!(SetGroups::parse("allow"), Some(SetGroups::Allow));
        assert_eq!(SetGroups::parse("deny"), Some(SetGroups::Deny));
        assert_eq!(SetGroups::parse("Deny"), None);
        assert_eq!(SetGroups::Deny.as_str(), "deny");
    }

    #[test]
    fn helper_arguments_in_chain_order() {
        let ranges =
            [IdRange { inner: 0, outer: 1000, count: 1 }, IdRange { inner: 1, outer: 100000, count: 65536 }];
        let argv = helper_argv(IdKind::Gid, 42, &ranges);
        assert_eq!(argv, ["newgidmap", "42", "0", "1000", "1", "1", "100000", "65536"]);
    }

    #[test]
    fn errors_name_the_file() {
        let e = write_map(Some(i32::MAX), IdKind::Uid, &[]).expect_err("no such pid");
        assert_eq!(
            e.to_string(),
            format!("cannot open /proc/{}/uid_map: No such file or directory", i32::MAX)
        );
        // an existing map cannot be written again
        let e =
            write_map(None, IdKind::Uid, &[IdRange { inner: 0, outer: 0, count: 1 }]).expect_err("written");
        assert!(e.to_string().starts_with("write failed /proc/self/uid_map: "), "{e}");
    }
}
