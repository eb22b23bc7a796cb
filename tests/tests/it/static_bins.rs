//! The static musl binaries the tests run beside the default glibc build, built once
//! per test binary with the `dev` profile in their own target directory (the release
//! code without the minutes fat LTO takes; `cargo xtask dist` checks that build).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use nstest::skip;

pub fn static_target_dir() -> PathBuf {
    nstest::target_dir().parent().expect("target dir").join("static-test")
}

/// The directory of the static binaries, built on first use.
pub fn static_bins() -> Option<&'static Path> {
    static BUILT: OnceLock<Option<PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            if !nstest::target_installed(xtask::dist::HOST_TARGET) {
                skip("the x86_64-unknown-linux-musl target is not installed (rustup target add)");
                return None;
            }
            let start = Instant::now();
            let b = xtask::dist::build(xtask::dist::HOST_TARGET, "dev", &static_target_dir())
                .unwrap_or_else(|e| panic!("static build failed: {e:#}"));
            eprintln!("static build took {:?}", start.elapsed());
            Some(b.dir)
        })
        .as_deref()
}
