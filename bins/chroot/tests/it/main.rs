//! chroot's integration tests, side by side with GNU coreutils chroot.
//! One test binary for the crate (modules, not files of their own, so it links once).

mod cli;
mod credentials;
mod support;
