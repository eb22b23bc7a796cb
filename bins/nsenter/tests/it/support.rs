//! What the nsenter integration tests share: running ours and the reference (targets
//! to enter are nstest::Sleeper: sleeps the tests start, killed by PID when dropped).

use std::os::unix::process::CommandExt;
use std::process::Command;

pub use nstest::{
    as_nobody, children, cmd, comm, ns_link, reference, run, status_field, wait_until, Output, Sleeper,
    TempDir,
};

/// Our nsenter, as cargo built it for these tests.
pub fn ours() -> std::path::PathBuf {
    nstest::bin!("nsenter")
}

/// Our nsenter, named `nsenter` in its messages as the reference is.
pub fn ours_cmd<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(ours());
    c.arg0("nsenter").args(args);
    c
}

pub fn nsenter<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    run(&mut ours_cmd(args))
}

/// util-linux's nsenter, named `nsenter` in its messages.
pub fn theirs_cmd<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Command {
    let mut c = Command::new(reference("nsenter").expect("util-linux nsenter installed"));
    c.arg0("nsenter").args(args);
    c
}

pub fn theirs<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    run(&mut theirs_cmd(args))
}

/// Runs ours and the reference and asserts the same status, stdout and stderr.
pub fn same<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> Output {
    let a = nsenter(args);
    let b = theirs(args);
    assert_eq!(
        (a.shell_status(), a.out(), a.err()),
        (b.shell_status(), b.out(), b.err()),
        "ours vs util-linux for nsenter {args:?}"
    );
    // byte for byte: a lossy string hides U+FFFD printed for a byte that is not UTF-8
    assert_eq!((&a.stdout, &a.stderr), (&b.stdout, &b.stderr), "bytes of nsenter {args:?}");
    a
}
