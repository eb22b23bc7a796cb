//! unshare's integration tests, side by side with util-linux unshare.
//! One test binary for the crate (modules, not files of their own, so it links once).

mod cli;
mod delegation;
mod idmaps;
mod namespaces;
mod persist;
mod signals;
mod support;
