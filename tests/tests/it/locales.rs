//! Every message and every `--help` of every tool, side by side with the reference, in
//! every locale environment of issue 11 (nstest::LOCALE_ENVS): German, French (U+00A0
//! before getopt's colon), Japanese (partial catalogs), C, C.UTF-8 with and without
//! LANGUAGE, LANGUAGE lists, LC_MESSAGES against LANG and LC_ALL, a locale that is not
//! installed, Latin-1. The messages are those of the malformed-input table
//! (`malformed/cases.rs`) plus a few runtime errors per tool (`locales/runtime.rs`);
//! whole stdout and stderr are compared byte for byte, with the exit status, for our
//! default build and for the static musl build.
//!
//! Every run starts in fresh private mount and UTS namespaces (what the malformed
//! table may do to the host stays there; `malformed.rs` also checks that nothing
//! changes inside them) as the leader of its own session, so nothing it leaves behind
//! survives. `LOCALE_TESTS_SHOW=N` shows N failures in full (default 10).

mod check;
mod help;
mod runtime;

use crate::malformed::case::Case;
use crate::malformed::cases::{chroot_cases, hostname_cases, lsns_cases, nsenter_cases, unshare_cases};
use check::{check_all, Job};
use help::help_cases;
use runtime::runtime_cases;

/// The tool's malformed command lines, its runtime errors and its help pages.
fn jobs(tool: &str, malformed: Vec<Case>) -> Vec<Job> {
    let mut jobs: Vec<Job> = malformed.into_iter().chain(runtime_cases(tool)).map(Job::Message).collect();
    jobs.extend(help_cases(tool).into_iter().map(Job::Help));
    jobs
}

#[test]
fn unshare_in_every_locale() {
    let _machine = nstest::sharing();
    check_all("unshare", jobs("unshare", unshare_cases()));
}

#[test]
fn nsenter_in_every_locale() {
    let _machine = nstest::sharing();
    check_all("nsenter", jobs("nsenter", nsenter_cases()));
}

#[test]
fn lsns_in_every_locale() {
    let _machine = nstest::sharing();
    check_all("lsns", jobs("lsns", lsns_cases()));
}

#[test]
fn chroot_in_every_locale() {
    let _machine = nstest::sharing();
    check_all("chroot", jobs("chroot", chroot_cases()));
}

#[test]
fn hostname_in_every_locale() {
    let _machine = nstest::sharing();
    check_all("hostname", jobs("hostname", hostname_cases()));
}
