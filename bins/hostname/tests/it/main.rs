//! hostname's integration tests, side by side with Debian's hostname.
//! One test binary for the crate (modules, not files of their own, so it links once).

mod differential;
mod files_and_usage;
mod hosts_file;
mod support;
