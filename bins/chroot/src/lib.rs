//! Run a command with a different root directory (drop-in for GNU coreutils chroot).

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs chroot with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, _args) = common::cli::init(args, "chroot");
    common::cli::warn("not implemented yet");
    ExitCode::FAILURE
}
