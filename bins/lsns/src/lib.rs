//! List Linux namespaces (drop-in for util-linux lsns).

use std::ffi::OsString;
use std::process::ExitCode;

/// Runs lsns with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, _args) = common::cli::init(args, "lsns");
    common::cli::warn("not implemented yet");
    ExitCode::FAILURE
}
