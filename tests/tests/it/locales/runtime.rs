//! Runtime errors (not usage errors) whose messages carry an errno text or a string
//! the user gave, beyond those of the malformed-input table: each is the reference's
//! exact output in every locale. The ones with an escape character in an argument
//! check our one deliberate deviation (escaped, see `case::expected_with_escapes`).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::malformed::case::{same, same_os, Case};

/// A path ending in a terminal colour sequence (ESC `[31m`).
fn escape_path() -> String {
    "/nonexistent\u{1b}[31m".to_string()
}

pub fn runtime_cases(tool: &str) -> Vec<Case> {
    let esc = escape_path();
    let me = std::process::id().to_string();
    let os = |parts: &[&str]| parts.iter().map(OsString::from).collect::<Vec<_>>();
    match tool {
        "unshare" => vec![
            // -R /nonexistent and friends are in the malformed table
            same("unshare", &["/nonexistent/cmd"]),
            same("unshare", &["-R", "/", "/nonexistent/cmd"]),
            same("unshare", &["--net=/nonexistent/ns", "true"]),
            same_os("unshare", os(&["-R", &esc, "true"])),
            same_os("unshare", os(&["-w", &esc, "true"])),
            // a C1 control (CSI) as a lone byte, which is not UTF-8
            same_os(
                "unshare",
                vec!["-R".into(), OsString::from_vec(b"/nonexistent\x9b31m".to_vec()), "true".into()],
            ),
        ],
        "nsenter" => vec![
            same("nsenter", &["-t", "999999999", "-n", "true"]),
            same("nsenter", &["-t", &me, "-n", "/nonexistent/cmd"]),
            same("nsenter", &["--net=/nonexistent/ns", "true"]),
            same_os("nsenter", os(&[&format!("--net={esc}"), "true"])),
            same_os("nsenter", os(&["-t", &me, "-n", &esc])),
        ],
        "lsns" => vec![
            same("lsns", &["-t", "bogus"]),
            same("lsns", &["-p", "abc"]),
            same("lsns", &["-o", "NS,BOGUS"]),
            same("lsns", &["abc"]),
            same_os("lsns", os(&["-t", &format!("bogus{}", &esc[12..])])),
            same_os("lsns", os(&["-o", &format!("NS,BOGUS{}", &esc[12..])])),
            // a C1 control (CSI) in UTF-8
            same_os("lsns", os(&["-t", "bogus\u{9b}31m"])),
        ],
        "chroot" => vec![
            // /nonexistent and --groups=nosuch are in the malformed table
            same("chroot", &["/", "/nonexistent/cmd"]),
            same("chroot", &["--userspec=nosuch", "/", "true"]),
            same("chroot", &["/", "/etc"]),
            // coreutils already shell-quotes the escape character ('...'$'\033''...')
            same_os("chroot", os(&[&esc])),
            same_os("chroot", os(&["/", &esc])),
        ],
        // hostname translates nothing: English in every locale
        "hostname" => vec![
            // -F /nonexistent is in the malformed table
            same("hostname", &["-F", "/etc"]),
            same("hostname", &["bad_name"]),
            same("dnsdomainname", &["-F", "/nonexistent"]),
            same_os("hostname", os(&["-F", &esc])),
        ],
        _ => Vec::new(),
    }
}
