//! A minimal root file system made from Debian's busybox-static, and running
//! /usr/sbin/chroot and ours the same way (argv\[0\] `chroot`, in a private mount
//! namespace with /proc bound into the new root) to compare what they do.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use nstest::{run, Output};

/// Our chroot, as cargo built it for these tests.
pub fn ours() -> PathBuf {
    nstest::bin!("chroot")
}

pub const REFERENCE: &str = "/usr/sbin/chroot";
pub const BUSYBOX: &str = "/bin/busybox";

/// The new root's users: some only exist here, so lookups after chroot(2) show.
pub const PASSWD: &str = "\
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
inuser:x:4242:4243:only in the new root:/:/bin/sh
other:x:4300:4301::/:/bin/sh
shared:x:1:4301:uid 1 with another group than the host's daemon:/:/bin/sh
  spaced:x:4500:4501:indented, which glibc reads as spaced:/:/bin/sh
short:x:4502:4503
";

pub const GROUP: &str = "\
root:x:0:
nogroup:x:65534:
ingroup:x:4243:
othergroup:x:4301:inuser
extra1:x:4400:inuser,other
extra2:x:4401:inuser
1234:x:4402:
	spacedgroup:x:4501:spaced
shortgroup:x:4503
";

pub use nstest::TempDir as Dir;

/// A fresh directory under the system's temporary directory, removed on drop.
pub fn temp_dir(tag: &str) -> Dir {
    Dir::new(tag)
}

/// A root file system with busybox as /bin/*, /etc/passwd and /etc/group, an empty
/// /proc, a non-executable file and a directory to try to run.
pub fn rootfs() -> Dir {
    let dir = temp_dir("root");
    let r = &dir.0;
    for d in ["bin", "etc", "proc", "tmp", "home/sub"] {
        std::fs::create_dir_all(r.join(d)).expect("mkdir");
    }
    std::fs::copy(BUSYBOX, r.join("bin/busybox")).expect("copy busybox");
    for applet in ["sh", "cat", "id", "pwd", "true", "false", "echo", "grep", "env", "ls", "sleep"] {
        std::os::unix::fs::symlink("busybox", r.join("bin").join(applet)).expect("symlink");
    }
    std::fs::write(r.join("etc/passwd"), PASSWD).expect("passwd");
    std::fs::write(r.join("etc/group"), GROUP).expect("group");
    std::fs::write(r.join("bin/not-executable"), "#!/bin/sh\necho no\n").expect("file");
    dir
}

/// True when the reference, busybox and root are available (else skip, or fail in CI).
pub fn ready() -> bool {
    if !Path::new(REFERENCE).exists() {
        nstest::skip("/usr/sbin/chroot (coreutils) is not installed");
        return false;
    }
    if !Path::new(BUSYBOX).exists() {
        nstest::skip("/bin/busybox (busybox-static) is not installed");
        return false;
    }
    nstest::need_root("chroot(2) and credential changes")
}

/// What one run did, with chroot's own path replaced by `chroot`.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// How to run: environment, working directory, as whom, and whether to bind /proc
/// into a new root first (in a private mount namespace).
#[derive(Clone, Debug, Default)]
pub struct How {
    pub env: Vec<(String, Option<String>)>,
    pub cwd: Option<PathBuf>,
    pub nobody: bool,
    pub proc_in: Option<PathBuf>,
}

pub fn run_one(bin: &Path, args: &[&OsStr], how: &How) -> Seen {
    // argv[0] is a symlink named chroot; its path is replaced by `chroot` below.
    let link = temp_dir("link");
    let path = link.0.join("chroot");
    std::os::unix::fs::symlink(bin, &path).expect("symlink");
    let mut cmd = Command::new("/usr/bin/env");
    if let Some(root) = &how.proc_in {
        cmd.args(["/usr/bin/unshare", "-m", "sh", "-c", r#"mount --bind /proc "$0/proc" && exec "$@""#])
            .arg(root);
    }
    if how.nobody {
        cmd.args(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
    }
    cmd.arg(&path).args(args);
    for (k, v) in &how.env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    if let Some(d) = &how.cwd {
        cmd.current_dir(d);
    }
    let out: Output = run(&mut cmd);
    let shown = path.display().to_string();
    let clean = |s: String| s.replace(&shown, "chroot");
    Seen { status: out.shell_status(), stdout: clean(out.out()), stderr: clean(out.err()) }
}

/// Runs both and asserts identical status, stdout and stderr.
pub fn same_how(args: &[&str], how: &How) -> Seen {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    same_os(&args, how)
}

pub fn same_os(args: &[&OsStr], how: &How) -> Seen {
    let theirs = run_one(Path::new(REFERENCE), args, how);
    let mine = run_one(&ours(), args, how);
    assert_eq!(mine, theirs, "\nchroot {args:?} with {how:?}");
    mine
}

pub fn same(args: &[&str]) -> Seen {
    same_how(args, &How::default())
}

/// The credential lines of /proc/self/status and the working directory, as a
/// command inside the new root prints them.
pub const SHOW_CREDS: &str = "grep -E '^(Uid|Gid|Groups):' /proc/self/status; pwd";

/// Uid, Gid and Groups from SHOW_CREDS output: (real uid, real gid, sorted groups).
pub fn creds(stdout: &str) -> (u32, u32, Vec<u32>) {
    let field = |name: &str| -> Vec<u32> {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|rest| rest.split_whitespace().filter_map(|v| v.parse().ok()).collect())
            .unwrap_or_default()
    };
    let mut groups = field("Groups:");
    groups.sort_unstable();
    (field("Uid:")[0], field("Gid:")[0], groups)
}
