//! The multicall binary's own surface. Living in this package also makes
//! `cargo test --workspace` build the `nsutils` binary that the cross-tool tests use.

use std::process::Command;

const NSUTILS: &str = env!("CARGO_BIN_EXE_nsutils");

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(NSUTILS).args(args).output().expect("run nsutils");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn lists_every_tool_name() {
    let (code, out, _) = run(&["--list"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "unshare\nnsenter\nlsns\nchroot\nhostname\ndomainname\nnisdomainname\nypdomainname\ndnsdomainname\n"
    );
}

#[test]
fn first_argument_selects_the_tool() {
    let (code, out, _) = run(&["unshare", "--version"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("unshare from nsutils {}\n", env!("CARGO_PKG_VERSION")));
    let (code, _, err) = run(&["lsns", "--bogus"]);
    assert_eq!(code, 1);
    assert_eq!(err, "lsns: unrecognized option '--bogus'\nTry 'lsns --help' for more information.\n");
}

#[test]
fn unknown_tool_is_a_usage_error() {
    let (code, out, err) = run(&["frobnicate"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.starts_with("nsutils: unknown tool: frobnicate\n"), "{err}");
}
