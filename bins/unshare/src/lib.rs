//! Run a program in new namespaces (drop-in for util-linux unshare).

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs unshare with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, _args) = common::cli::init(args, "unshare");
    common::cli::warn("not implemented yet");
    ExitCode::FAILURE
}
