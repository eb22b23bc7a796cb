//! nsenter's integration tests, side by side with util-linux nsenter.
//! One test binary for the crate (modules, not files of their own, so it links once).

mod cgroup;
mod cli;
mod namespaces;
mod process;
mod support;
