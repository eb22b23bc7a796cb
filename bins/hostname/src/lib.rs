//! Show or set the system's host and domain names (drop-in for Debian hostname).

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs hostname with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, _args) = common::cli::init(args, "hostname");
    common::cli::warn("not implemented yet");
    ExitCode::FAILURE
}
