//! The multicall binary's own surface. Living in this package also makes
//! `cargo test --workspace` build the `nsutils` binary that the cross-tool tests use.

fn run(args: &[&str]) -> (i32, String, String) {
    let out = nstest::run(&mut nstest::cmd(nstest::bin!("nsutils"), args));
    (out.code().unwrap_or(-1), out.out(), out.err())
}

#[test]
fn lists_every_tool_name() {
    let (code, out, _) = run(&["--list"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "unshare\nnsenter\nlsns\nchroot\nhostname\ndomainname\nnisdomainname\nypdomainname\ndnsdomainname\n"
    );
    assert_eq!(out.lines().collect::<Vec<_>>(), common::tools::all_names().collect::<Vec<_>>());
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
