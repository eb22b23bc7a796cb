//! Run a program in the namespaces of another process (drop-in for util-linux nsenter).

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs nsenter with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, _args) = common::cli::init(args, "nsenter");
    common::cli::warn("not implemented yet");
    ExitCode::FAILURE
}
