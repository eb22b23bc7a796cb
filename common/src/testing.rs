//! For the unit tests of every crate: a test that cannot check what it is about
//! says why on stderr, and under CI (`CI=true`) fails instead, so that a machine
//! lacking a capability the tests need shows up rather than passing quietly. The
//! same words as `nstest::skip`, which common's own tests cannot use (nstest depends
//! on common).

/// True under CI (`CI=true`).
pub fn ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| v == "true")
}

/// Skips the rest of a test for `reason`; panics under CI.
pub fn skip(reason: &str) {
    assert!(!ci(), "CI=true but this test cannot run: {reason}");
    eprintln!("SKIP: {reason}");
}
