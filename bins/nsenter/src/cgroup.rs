//! `--join-cgroup`: the target's cgroup.procs, found through the cgroup2 mounts we
//! see rather than at /sys/fs/cgroup only (util-linux master's one layout), so hybrid
//! hosts (cgroup2 at /sys/fs/cgroup/unified) and cgroup2 mounted with a root below
//! the hierarchy's work too.
//!
//! /proc/PID/cgroup and the roots in /proc/self/mountinfo are both relative to our
//! own cgroup namespace, so one is mapped through the other: the cgroup `PATH` is the
//! file `MOUNTPOINT + (PATH minus ROOT) + /cgroup.procs` of a cgroup2 mount whose ROOT
//! is a prefix of PATH. There is one cgroup2 hierarchy, so every such mount leads to
//! the same cgroup; the longest ROOT is tried first, and a mount hidden under another
//! one shows itself when its file does not open on a cgroup2 filesystem.

use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use common::error::Errno;
use common::nsfile::open_cloexec;
use common::procfs::{self, MountInfo};
use common::Error;
use nix::fcntl::OFlag;

/// Opens the cgroup.procs of the target's cgroup v2 group for appending.
pub fn open_procs(pid: Option<i32>) -> Result<File, Error> {
    let mounts = procfs::mountinfo().map_err(|e| Error::sys("cannot open /proc/self/mountinfo", e))?;
    if !mounts.iter().any(is_cgroup2) {
        return Err(Error::msg("--join-cgroup is only supported in cgroup v2"));
    }
    let pid = pid.ok_or_else(|| Error::msg("no target PID specified for --join-cgroup"))?;
    let path = format!("/proc/{pid}/cgroup");
    let text = std::fs::read(&path).map_err(|e| Error::io(common::msg!("cannot open %s", &path), &e))?;
    let cgroup = v2_path(&text).ok_or_else(|| Error::msg("failed to get cgroup path"))?;
    let candidates = procs_files(&mounts, cgroup);
    if candidates.is_empty() {
        return Err(Error::msg(common::msg!("cgroup %s is not visible in any cgroup2 mount", cgroup)));
    }
    let mut first_error = None;
    for file in candidates {
        match open_on_cgroup2(&file) {
            Ok(f) => return Ok(f),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(Error::sys("failed to open cgroup.procs", first_error.unwrap_or(Errno::ENOENT)))
}

fn is_cgroup2(m: &MountInfo) -> bool {
    m.fstype == b"cgroup2"
}

/// The path of the `0::PATH` line of /proc/PID/cgroup (the v2 hierarchy's).
fn v2_path(text: &[u8]) -> Option<&[u8]> {
    text.split(|&b| b == b'\n').find_map(|l| l.strip_prefix(b"0::"))
}

/// The cgroup.procs files that may be `cgroup`'s, best first: mounts with the
/// longest root first, and among equal roots the later mount (stacked on top).
fn procs_files(mounts: &[MountInfo], cgroup: &[u8]) -> Vec<PathBuf> {
    let mut found: Vec<(usize, usize, PathBuf)> = mounts
        .iter()
        .enumerate()
        .filter(|(_, m)| is_cgroup2(m))
        .filter_map(|(i, m)| {
            let below = below_root(&m.root, cgroup)?;
            let mut file = PathBuf::from(OsStr::from_bytes(&m.target));
            if !below.is_empty() {
                file.push(OsStr::from_bytes(below));
            }
            file.push("cgroup.procs");
            Some((m.root.len(), i, file))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse((f.0, f.1)));
    found.into_iter().map(|(_, _, f)| f).collect()
}

/// `cgroup` relative to `root` (no leading slash), when `root` is `cgroup` or one of
/// its ancestors; `/a` is not an ancestor of `/ab`.
fn below_root<'a>(root: &[u8], cgroup: &'a [u8]) -> Option<&'a [u8]> {
    let root = root.strip_suffix(b"/").unwrap_or(root);
    match cgroup.strip_prefix(root)? {
        [] => Some(&[]),
        [b'/', below @ ..] => Some(below),
        _ => None,
    }
}

fn open_on_cgroup2(file: &Path) -> Result<File, Errno> {
    let fd =
        open_cloexec(file, OFlag::O_WRONLY | OFlag::O_APPEND).map_err(|e| e.errno().unwrap_or(Errno::EIO))?;
    let fs = nix::sys::statfs::fstatfs(&fd)?;
    if fs.filesystem_type() != nix::sys::statfs::CGROUP2_SUPER_MAGIC {
        return Err(Errno::ENOENT);
    }
    Ok(File::from(fd))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYBRID: &[u8] = b"31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n\
        39 31 0:36 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n\
        41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n\
        50 23 0:38 /a/b /srv/b\\040c rw - cgroup2 cgroup2 rw\n\
        51 23 0:38 /a/b /srv/top rw - cgroup2 cgroup2 rw\n\
        52 23 0:38 /ab /srv/ab rw - cgroup2 cgroup2 rw\n";

    fn files(cgroup: &str) -> Vec<String> {
        let mounts = procfs::parse_mountinfo(HYBRID);
        procs_files(&mounts, cgroup.as_bytes()).iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn the_longest_root_first_and_later_mounts_before_earlier_ones() {
        assert_eq!(
            files("/a/b/c"),
            [
                "/srv/top/c/cgroup.procs",
                "/srv/b c/c/cgroup.procs",
                "/sys/fs/cgroup/unified/a/b/c/cgroup.procs"
            ]
        );
        assert_eq!(
            files("/a/b"),
            ["/srv/top/cgroup.procs", "/srv/b c/cgroup.procs", "/sys/fs/cgroup/unified/a/b/cgroup.procs"]
        );
        assert_eq!(files("/"), ["/sys/fs/cgroup/unified/cgroup.procs"]);
        assert_eq!(files("/abc"), ["/sys/fs/cgroup/unified/abc/cgroup.procs"]);
        assert_eq!(files("/ab/x"), ["/srv/ab/x/cgroup.procs", "/sys/fs/cgroup/unified/ab/x/cgroup.procs"]);
    }

    #[test]
    fn a_cgroup_outside_every_root_has_no_file() {
        let mounts = procfs::parse_mountinfo(b"50 23 0:38 /a /srv/a rw - cgroup2 cgroup2 rw\n");
        assert!(procs_files(&mounts, b"/b").is_empty());
        assert!(procs_files(&mounts, b"/../x").is_empty());
        assert_eq!(procs_files(&mounts, b"/a").len(), 1);
    }

    #[test]
    fn the_v2_line() {
        assert_eq!(v2_path(b"12:pids:/x\n0::/user.slice/a b\n"), Some(&b"/user.slice/a b"[..]));
        assert_eq!(v2_path(b"1:name=systemd:/\n"), None);
    }
}
