//! `-F FILE` with and without `-b`, and a table of malformed command lines: no panic,
//! and the same status and output as /usr/bin/hostname.

use crate::support::{names, ours, ready, same, temp_dir, Setup};

fn host(name: &str) -> Setup {
    Setup::host(name)
}

#[test]
fn names_from_files_with_and_without_boot() {
    if !ready() {
        return;
    }
    let dir = temp_dir("files");
    let d = &dir.0;
    let files: &[(&str, &[u8])] = &[
        ("plain", b"fromfile\n"),
        ("empty", b""),
        ("blank", b"\n\n"),
        ("one-newline", b"\n"),
        ("spaces", b"   \n"),
        ("no-newline", b"abc"),
        ("comments", b"#c1\n#c2\n"),
        ("comment-then-name", b"#comment\n\nfoo.example\nbar\n"),
        ("indented", b"\n\n  foo  \nbar\n"),
        ("indented-comment", b" #x\n"),
        ("nul", b"ab\0cd\n"),
        ("crlf", b"crlf\r\n"),
        ("invalid", b"a_b\n"),
        ("long", &[b'a'; 300]),
        ("longer", &[b'a'; 1100]),
    ];
    for (name, data) in files {
        std::fs::write(d.join(name), data).expect("write");
    }
    std::fs::create_dir(d.join("dir")).expect("mkdir");
    let mut paths: Vec<String> = files.iter().map(|(n, _)| d.join(n).display().to_string()).collect();
    paths.extend(["/nonexistent/file", "/dev/null", "/proc/sys/kernel/ostype", "", "dir"].iter().map(|p| {
        if *p == "dir" {
            d.join("dir").display().to_string()
        } else {
            p.to_string()
        }
    }));
    for start in ["vm", "(none)"] {
        for path in &paths {
            let p = path.as_str();
            let file_eq = format!("--file={p}");
            for args in [
                &["-F", p][..],
                &["-b", "-F", p],
                &["--file", p],
                &["--boot", &file_eq],
                &["-y", "-F", p],
                &["-b", "-y", "-F", p],
                &["-d", "-F", p],
                &["-b", "-s", "-F", p],
            ] {
                same("hostname", args, &host(start));
            }
            let args = ["-bF", p];
            same("domainname", &args, &host(start));
            same("nisdomainname", &["-F", p], &host(start));
        }
    }
    // -b keeps the current name, checked like any other.
    for path in ["/nonexistent/file", "/dev/null"] {
        same("hostname", &["-b", "-F", path], &host("a_b"));
        same("hostname", &["-b", "-y", "-F", path], &host("a_b"));
    }
    let s = same("hostname", &["-b", "-F", "/nonexistent/file"], &host("(none)"));
    assert_eq!(s.host, "localhost");
    let s = same("hostname", &["-F", "/nonexistent/file"], &host("vm"));
    assert_eq!((s.status, s.stderr.as_str()), (1, "hostname: No such file or directory\n"));
    let plain = d.join("plain").display().to_string();
    let s = same("hostname", &["-F", &plain], &host("vm"));
    assert_eq!(s.host, "fromfile");
    // A file and an operand, or two operands: usage on stderr.
    same("hostname", &["-F", &plain, "x"], &host("vm"));
    same("hostname", &["x", "-F", &plain], &host("vm"));
    same("hostname", &["-F", "/nonexistent/file", "a", "b"], &host("vm"));
    same("hostname", &["-F", "/nonexistent/file", "-F", &plain], &host("vm"));
}

/// Command lines that are wrong in some way; each must behave exactly like the
/// reference (usually the usage text and 255).
const MALFORMED: &[&[&str]] = &[
    &["-Z"],
    &["-sZ"],
    &["-Zs"],
    &["--foo"],
    &["--foo=bar"],
    &["---"],
    &["-F"],
    &["--file"],
    &["--fi"],
    &["--a"],
    &["--al"],
    &["--all"],
    &["--all-"],
    &["--f"],
    &["--help=x"],
    &["--alias=1"],
    &["--version=2"],
    &["--boot=yes"],
    &["a", "b"],
    &["a", "b", "c"],
    &["-s", "a", "b"],
    &["-h"],
    &["--help"],
    &["--he"],
    &["-?"],
    &["-V"],
    &["--version"],
    &["--v"],
    &["-Vh"],
    &["-hV"],
    &["-Z", "-V"],
    &["-V", "-Z"],
    &["-h", "-Z"],
    &["x", "-V"],
    &["-F", "/nonexistent", "-V"],
    &["-F", "/nonexistent", "-Z"],
    &["-Z", "-F", "/nonexistent"],
    &["--", "-V"],
    &["--", "--help"],
    &["--"],
    &["-"],
    &["-\u{e9}"],
    &["--\u{e9}"],
    &["-yh"],
    &["-b"],
    &["-bb"],
    &["--nis=x"],
    &[""],
];

#[test]
fn malformed_command_lines() {
    if !ready() {
        return;
    }
    for args in MALFORMED {
        for name in names() {
            same(name, args, &host("vm"));
        }
    }
    let s = same("hostname", &["-Z"], &host("vm"));
    assert_eq!((s.status, s.stderr.as_str()), (255, "./hostname: invalid option -- 'Z'\n"));
    assert!(s.stdout.starts_with("Usage: hostname [-b]"));
    let s = same("hostname", &["a", "b"], &host("vm"));
    assert_eq!((s.status, s.stdout.as_str()), (255, ""));
    assert!(s.stderr.starts_with("Usage: hostname [-b]"));
}

#[test]
fn version_is_ours() {
    for flag in ["-V", "--version", "--vers"] {
        let out = nstest::run(&mut nstest::cmd(ours(), [flag]));
        assert_eq!(out.code(), Some(0));
        assert_eq!(out.out(), format!("hostname from nsutils {}\n", env!("CARGO_PKG_VERSION")));
        assert_eq!(out.err(), "");
    }
}
