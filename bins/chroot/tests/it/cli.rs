//! The command line, exit statuses, messages, the default shell and the working
//! directory, each compared with /usr/sbin/chroot (coreutils 9.1).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::support::{ours, ready, rootfs, same, same_how, same_os, How};

fn locale(name: &str) -> How {
    How { env: vec![("LC_ALL".into(), Some(name.into()))], ..How::default() }
}

#[test]
fn usage_errors_are_125_with_getopt_wording() {
    if !ready() {
        return;
    }
    for args in [
        &[][..],
        &["---"],
        &["-x"],
        &["-u", "x", "/"],
        &["--bogus"],
        &["--bogus=1"],
        &["--u"],
        &["--user"],
        &["--userspec"],
        &["--groups"],
        &["--s=1", "/"],
        &["--skip-chdir=1", "/"],
        &["--g", "/"],
        &["--bogus", "--help"],
        &["--version=1"],
        &["--help=1"],
        &["--"],
        &["--userspec=0:0"],
        &["--skip-chdir", "/tmp", "true"],
        &["--skip-chdir", "/nonexistent", "true"],
        &["--skip-chdir", "."],
    ] {
        let s = same(args);
        assert_eq!(s.status, 125, "{args:?}");
        assert!(s.stderr.ends_with("Try 'chroot --help' for more information.\n"), "{s:?}");
        assert_eq!(s.stdout, "");
    }
    let s = same(&["--skip-chdir", "/tmp", "true"]);
    assert_eq!(
        s.stderr,
        "chroot: option --skip-chdir only permitted if NEWROOT is old '/'\n\
         Try 'chroot --help' for more information.\n"
    );
    assert_eq!(same(&[]).stderr, "chroot: missing operand\nTry 'chroot --help' for more information.\n");
}

#[test]
fn help_has_gnu_layout_and_version_is_ours() {
    if !ready() {
        return;
    }
    let theirs = crate::support::run_one(
        std::path::Path::new(crate::support::REFERENCE),
        &[OsStr::new("--help")],
        &How::default(),
    );
    // The whole page, GNU's web and info pointers included, as the reference prints it.
    let body = theirs.stdout.clone();
    for args in [
        &["--help"][..],
        &["--he"],
        &["--h", "--bogus"],
        &["--help", "/nonexistent"],
        &["--userspec=x", "--help"],
    ] {
        let mine = crate::support::run_one(
            &ours(),
            &args.iter().map(OsStr::new).collect::<Vec<_>>(),
            &How::default(),
        );
        assert_eq!(
            (mine.status, mine.stdout.as_str(), mine.stderr.as_str()),
            (0, body.as_str(), ""),
            "{args:?}"
        );
    }
    assert!(body.starts_with("Usage: chroot [OPTION] NEWROOT [COMMAND [ARG]...]\n  or:  chroot OPTION\n"));
    for args in [&["--version"][..], &["--v"], &["--vers", "--bogus"]] {
        let mine = crate::support::run_one(
            &ours(),
            &args.iter().map(OsStr::new).collect::<Vec<_>>(),
            &How::default(),
        );
        assert_eq!(mine.status, 0);
        assert_eq!(mine.stdout, format!("chroot from nsutils {}\n", env!("CARGO_PKG_VERSION")));
    }
    // A write error on stdout is chroot's own failure.
    let dev_full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let full = nstest::run_stderr(std::process::Command::new(ours()).arg("--help").stdout(dev_full));
    assert_eq!(full.status.code(), Some(125));
    let expected = format!("{}: write error: No space left on device\n", ours().display());
    assert_eq!(String::from_utf8_lossy(&full.stderr), expected);
}

#[test]
fn exit_statuses_pass_through_or_say_why() {
    if !ready() {
        return;
    }
    assert_eq!(same(&["/", "sh", "-c", "exit 2"]).status, 2);
    assert_eq!(same(&["/", "sh", "-c", "exit 0"]).status, 0);
    assert_eq!(same(&["/", "sh", "-c", "kill -TERM $$"]).status, 128 + 15);
    let s = same(&["/", "."]);
    assert_eq!(s.status, 126);
    assert_eq!(same(&["/", "no_such"]).status, 127);
    assert_eq!(same(&["/", "/etc/passwd"]).status, 126);
    assert_eq!(same(&["/", "/nonexistent/x"]).status, 127);
    assert_eq!(same(&["/", ""]).status, 127);
    assert_eq!(same(&["/nonexistent"]).status, 125);
    assert_eq!(same(&["/etc/passwd", "true"]).status, 125);
    assert_eq!(same(&["", "true"]).status, 125);
    // Options end at NEWROOT.
    assert_eq!(same(&["/", "--help"]).status, 127);
    same(&["/", "echo", "--userspec=x", "--", "-x"]);
    same(&["--", "/", "echo", "a"]);
    let root = rootfs();
    let r = root.0.to_str().expect("utf-8 path");
    for args in [
        &[r, "/bin/not-executable"][..],
        &[r, "/bin"],
        &[r, "no_such"],
        &[r, "/bin/sh", "-c", "exit 42"],
        &[r, "echo", "in", "root"],
        &[r, "/nonexistent"],
    ] {
        same(args);
    }
}

#[test]
fn names_in_messages_are_quoted_like_coreutils() {
    if !ready() {
        return;
    }
    let names: Vec<Vec<u8>> = [
        &b""[..],
        b"/a'b",
        b"/a\nb",
        b"/a\tb",
        "/é".as_bytes(),
        b"/a\x01b",
        b"/a b",
        b"/$x",
        b"/a\"b",
        b"/\x80",
        br"/a\b",
        b"a\n'b",
        b"'\nb",
        b"#'x",
        b"/x'@",
        b"/x'?",
        "/é'x".as_bytes(),
        "a’b".as_bytes(),
        b"\x1b[0m",
    ]
    .iter()
    .map(|n| n.to_vec())
    .collect();
    let unset = How {
        env: ["LC_ALL", "LC_CTYPE", "LANG"].iter().map(|v| (v.to_string(), None)).collect(),
        ..How::default()
    };
    let ctype_only = How {
        env: vec![
            ("LC_ALL".into(), None),
            ("LANG".into(), Some("C".into())),
            ("LC_CTYPE".into(), Some("C.UTF-8".into())),
        ],
        ..How::default()
    };
    for how in [
        locale("C"),
        locale("C.UTF-8"),
        locale("POSIX"),
        locale("en_US.UTF-8"),
        locale(""),
        unset,
        ctype_only,
    ] {
        for n in &names {
            let n = OsStr::from_bytes(n);
            same_os(&[n], &how);
            same_os(&[OsStr::new("/"), n], &how);
            same_os(&[OsStr::new("--groups=,"), OsStr::new("/"), OsStr::new("true")], &how);
            let g = [b"--groups=".as_slice(), n.as_bytes()].concat();
            same_os(&[OsStr::from_bytes(&g), OsStr::new("/"), OsStr::new("true")], &how);
        }
    }
}

#[test]
fn default_command_is_shell_dash_i() {
    if !ready() {
        return;
    }
    let with_shell =
        |v: Option<&str>| How { env: vec![("SHELL".into(), v.map(String::from))], ..How::default() };
    let s = same_how(&["/"], &with_shell(Some("/bin/echo")));
    assert_eq!((s.status, s.stdout.as_str()), (0, "-i\n"));
    let s = same_how(&["/"], &with_shell(Some("")));
    assert_eq!(s.status, 127);
    same_how(&["/"], &with_shell(Some("no-such-shell")));
    // SHELL unset: /bin/sh -i, here reading commands from /dev/null.
    let root = rootfs();
    let r = root.0.to_str().expect("utf-8 path");
    let s = same_how(&[r], &with_shell(None));
    assert_eq!(s.status, 0);
    let s = same_how(&[r], &with_shell(Some("/bin/echo")));
    assert_eq!((s.status, s.stdout.as_str()), (0, "-i\n"));
}

#[test]
fn working_directory_after_the_call() {
    if !ready() {
        return;
    }
    let root = rootfs();
    let r = root.0.to_str().expect("utf-8 path");
    let sub = root.0.join("home/sub");
    let in_sub = How { cwd: Some(sub.clone()), ..How::default() };
    // A new root: always its top, so `..` cannot lead out.
    let s = same_how(&[r, "pwd"], &in_sub);
    assert_eq!(s.stdout, "/\n");
    let s = same_how(&[r, "sh", "-c", "cd .. && cd .. && ls /"], &in_sub);
    assert_eq!(s.stdout, "bin\netc\nhome\nproc\ntmp\n");
    // The old root: `/` unless --skip-chdir, for every spelling of it.
    let link = crate::support::temp_dir("link-to-root");
    let to_root = link.0.join("root");
    std::os::unix::fs::symlink("/", &to_root).expect("symlink");
    let to_root = to_root.to_str().expect("utf-8 path");
    for newroot in ["/", "/.", "/../", "//", to_root] {
        let s = same_how(&[newroot, "pwd"], &in_sub);
        assert_eq!(s.stdout, "/\n", "{newroot}");
        let s = same_how(&["--skip-chdir", newroot, "pwd"], &in_sub);
        assert_eq!(s.stdout, format!("{}\n", sub.display()), "{newroot}");
        same_how(&["--skip", newroot, "sh", "-c", "pwd"], &in_sub);
    }
}

#[test]
fn not_permitted_without_privilege() {
    if !ready() {
        return;
    }
    let nobody = How { nobody: true, ..How::default() };
    for args in [
        &["/", "true"][..],
        &["--skip-chdir", "/", "true"],
        &["/nonexistent", "true"],
        &["--userspec=0:0", "/", "true"],
        &["--skip-chdir", "/tmp", "true"],
        &["--bogus"],
    ] {
        same_how(args, &nobody);
    }
    let s = same_how(&["/", "true"], &nobody);
    assert_eq!(s.stderr, "chroot: cannot change root directory to '/': Operation not permitted\n");
}

#[test]
fn a_failed_write_to_stderr_is_chroots_own_failure() {
    if !ready() {
        return;
    }
    let status = |bin: &std::path::Path, args: &[&str]| {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("open /dev/full");
        let mut c = std::process::Command::new(bin);
        c.args(args).stdout(std::process::Stdio::null()).stderr(full);
        nstest::shell_status_of(&mut c)
    };
    for args in [&["/", "/nonexistent"][..], &["/", "/etc"], &["/", "sh", "-c", "exit 3"], &["--bogus"]] {
        let theirs = status(std::path::Path::new("/usr/sbin/chroot"), args);
        assert_eq!(status(&ours(), args), theirs, "chroot {args:?} 2>/dev/full");
    }
}
