//! lsns's integration tests, side by side with util-linux lsns.
//! One test binary for the crate (modules, not files of their own, so it links once).

mod differential;
mod upstream;

/// Our lsns, as cargo built it for these tests.
fn ours() -> std::path::PathBuf {
    nstest::bin!("lsns")
}
