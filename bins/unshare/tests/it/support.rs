//! Shared by unshare's integration tests: our binary and the reference, differential
//! runs, and shell scripts run inside namespaces the test itself creates.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use nstest::{as_nobody, cmd, need_namespaces, need_root, run, skip, Output};

/// Our unshare, as cargo built it for these tests.
pub fn ours() -> PathBuf {
    nstest::bin!("unshare")
}

pub const REFERENCE: &str = "/usr/bin/unshare";

pub fn have_reference() -> bool {
    if Path::new(REFERENCE).exists() {
        return true;
    }
    skip("util-linux unshare is not installed");
    false
}

pub fn run_ours<S: AsRef<OsStr>>(args: &[S]) -> Output {
    run(&mut cmd(ours(), args))
}

pub fn run_ref<S: AsRef<OsStr>>(args: &[S]) -> Output {
    run(&mut cmd(REFERENCE, args))
}

/// Stderr with the program path shown as `unshare` and pids as `N`.
pub fn norm_err(o: &Output) -> String {
    let s = o.err().replace(&ours().display().to_string(), "unshare").replace(REFERENCE, "unshare");
    String::from_utf8_lossy(&nstest::without_pids(s.as_bytes(), "N")).into_owned()
}

/// Stderr without our `unshare: hint: ` lines (which only follow a first line).
pub fn without_hints(err: &str) -> String {
    String::from_utf8_lossy(&nstest::without_hints(err.as_bytes(), "unshare")).into_owned()
}

/// Runs `args` through both and asserts equal status, stdout and stderr (hints aside).
pub fn same<S: AsRef<OsStr>>(args: &[S]) -> Output {
    let theirs = run_ref(args);
    let mine = run_ours(args);
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect();
    assert_eq!(
        mine.shell_status(),
        theirs.shell_status(),
        "status of {shown:?}\nours: {}theirs: {}",
        mine.err(),
        theirs.err()
    );
    assert_eq!(mine.out(), theirs.out(), "stdout of {shown:?}");
    assert_eq!(without_hints(&norm_err(&mine)), norm_err(&theirs), "stderr of {shown:?}");
    mine
}

/// `sh -c SCRIPT` with `$U` our unshare and `$R` the reference.
pub fn sh(script: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(script).env("U", ours()).env("R", REFERENCE);
    c
}

/// [`sh`] inside new mount and UTS namespaces made by the system unshare (all mounts
/// private there), pinned to CPU 0: Linux 6.18 numbers mount namespaces from per-CPU
/// batches, and binding a mount namespace onto a file fails (EINVAL) when the new
/// namespace got a lower number than the binder's.
pub fn isolated_sh(script: &str) -> Command {
    let mut c = Command::new("taskset");
    c.args(["-c", "0", REFERENCE, "-m", "-u", "--", "sh", "-c", script]).env("U", ours()).env("R", REFERENCE);
    c
}

pub use nstest::TempDir;

/// Asserts the command succeeded and returns its stdout.
pub fn ok(o: &Output) -> String {
    assert_eq!(o.code(), Some(0), "stdout: {}\nstderr: {}", o.out(), o.err());
    o.out()
}

/// A script that prints the id maps and setgroups, for [`compact`].
pub const MAPS: &str =
    "cat /proc/self/uid_map; echo -; cat /proc/self/gid_map; echo -; cat /proc/self/setgroups";

/// The maps as `inner outer count` lines, uid and gid parts separated by `-`.
pub fn compact(text: &str) -> String {
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

/// Runs SCRIPT in a mount namespace where /etc/subuid and /etc/subgid hold CONTENT;
/// `$D` is a scratch directory (mode 755) the script may use.
pub fn with_subids(content: &str, script: &str) -> Output {
    let d = TempDir::new("subid");
    std::fs::write(d.join("subid"), content).expect("write subid");
    std::fs::set_permissions(d.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    let sub = d.join("subid");
    let full = format!(
        "for f in /etc/subuid /etc/subgid; do [ -e $f ] || exit 99; mount --bind {s} $f || exit 98; done; {script}",
        s = sub.display()
    );
    run(isolated_sh(&full).env("D", d.path()))
}

pub fn have_subid_files() -> bool {
    if std::path::Path::new("/etc/subuid").exists() && std::path::Path::new("/etc/subgid").exists() {
        return true;
    }
    skip("/etc/subuid or /etc/subgid missing (package passwd)");
    false
}

pub fn have_newuidmap() -> bool {
    let found = ["/usr/bin/newuidmap", "/bin/newuidmap"].iter().any(|p| std::path::Path::new(p).exists());
    if !found {
        skip("newuidmap is not installed (package uidmap)");
    }
    found
}
