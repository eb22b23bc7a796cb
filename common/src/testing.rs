//! For the unit tests of every crate: a test that cannot check what it is about
//! says why on stderr, and under CI (`CI=true`) fails instead, so that a machine
//! lacking a capability the tests need shows up rather than passing quietly.
//! nstest's integration-test helpers are these same functions (nstest depends on
//! common, so common's own tests cannot use nstest).

/// True under CI (`CI=true`).
pub fn ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| v == "true")
}

/// Skips the rest of a test for `reason`; panics under CI.
pub fn skip(reason: &str) {
    assert!(!ci(), "CI=true but this test cannot run: {reason}");
    say(&format!("SKIP: {reason}"));
}

/// Says why part of a test does not apply on this machine (not a missing capability,
/// so not a failure in CI either), e.g. a check for machines without SELinux.
pub fn not_here(why: &str) {
    say(&format!("SKIP (does not apply here): {why}"));
}

/// Writes a line to the real stderr, naming the test: libtest captures `eprintln!` of
/// tests that pass, which would hide every skip, since a skipped test passes.
fn say(line: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("?");
    let _ = writeln!(std::io::stderr(), "{test}: {line}");
}
