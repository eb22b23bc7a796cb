//! The table: every malformed command line, per tool.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use super::case::{case, fixed, fixed_usage, os, same, same_os, Case, Want};

/// 100 KB of one character.
fn big(c: char) -> String {
    std::iter::repeat_n(c, 100 * 1024).collect()
}

/// A name with a newline in it.
fn newline_path() -> OsString {
    OsString::from_vec(b"/nonexistent\nsecond line".to_vec())
}

/// A live process of ours to point nsenter at (never pid 1, which is not ours).
fn me() -> String {
    std::process::id().to_string()
}

fn with(parts: &[&str], extra: impl Into<OsString>, tail: &[&str]) -> Vec<OsString> {
    let mut v = os(parts);
    v.push(extra.into());
    v.extend(os(tail));
    v
}

fn glued(prefix: &str, value: &OsStr) -> OsString {
    let mut v = prefix.as_bytes().to_vec();
    v.extend_from_slice(value.as_bytes());
    OsString::from_vec(v)
}

pub fn unshare_cases() -> Vec<Case> {
    const RANGE: &str = "unshare: invalid mapping";
    vec![
        // getopt
        same("unshare", &["--bogus"]),
        same("unshare", &["-x"]),
        same("unshare", &["-mx", "true"]),
        same("unshare", &["-"]),
        same("unshare", &["---"]),
        same("unshare", &["--fork=1", "true"]),
        same("unshare", &["--map-user"]),
        same("unshare", &["-R"]),
        same("unshare", &["-w"]),
        same("unshare", &["--setgroups"]),
        same("unshare", &["--propagation"]),
        same("unshare", &["--help=x"]),
        fixed_usage(
            "unshare",
            &["--mou=/x", "true"],
            "unshare: option '--mou=/x' is ambiguous; possibilities: '--mount' '--mount-proc' '--mount-binfmt'",
        ),
        // values
        same("unshare", &["--kill-child=9", "true"]),
        same("unshare", &["--kill-child=", "true"]),
        same("unshare", &["--kill-child=SIGFOO", "true"]),
        same("unshare", &["--kill-child=-9", "true"]),
        same("unshare", &["--propagation=", "true"]),
        same("unshare", &["--propagation=PRIVATE", "true"]),
        same("unshare", &["--propagation", "shared1", "true"]),
        same("unshare", &["--setgroups=ALLOW", "true"]),
        same("unshare", &["--setgroups=", "true"]),
        same("unshare", &["--map-user=", "true"]),
        same("unshare", &["--map-user=nosuchuser", "true"]),
        same("unshare", &["--map-group=x1", "true"]),
        same("unshare", &["--map-group=", "true"]),
        same("unshare", &["-S", "", "true"]),
        same("unshare", &["-S", "1x", "true"]),
        same("unshare", &["-S", "99999999999999999999", "true"]),
        same("unshare", &["-G", "1x", "true"]),
        same("unshare", &["-G", "0x10", "true"]),
        same("unshare", &["-T", "--monotonic=x", "true"]),
        same("unshare", &["-T", "--monotonic=", "true"]),
        // beyond 64 bits is out of range even with garbage after the digits
        same("unshare", &["-S", "99999999999999999999x", "true"]),
        same("unshare", &["-T", "--monotonic=99999999999999999999x", "true"]),
        same("unshare", &["-T", "--boottime=-99999999999999999999x", "true"]),
        same("unshare", &["-T", "--boottime=99999999999999999999", "true"]),
        same("unshare", &["-T", "--boottime=1.5", "true"]),
        same("unshare", &["-r", "--setgroups=allow", "true"]),
        // files and programs
        same("unshare", &["-R", "/nonexistent", "true"]),
        same("unshare", &["-R", "/etc/passwd", "true"]),
        same("unshare", &["-R", "", "true"]),
        same("unshare", &["-w", "/nonexistent", "true"]),
        same("unshare", &["/nonexistent"]),
        same("unshare", &["/etc/passwd"]),
        same("unshare", &[""]),
        same("unshare", &["--uts=/nonexistent/file", "true"]),
        same("unshare", &["--ipc=/nonexistent", "true"]),
        same("unshare", &["--net=", "true"]),
        same("unshare", &["--pid=/etc/hostname", "true"]),
        same("unshare", &["-m", "--mount-proc=/nonexistent", "true"]),
        same_os("unshare", with(&["-R"], newline_path(), &["true"])),
        same_os("unshare", vec![newline_path()]),
        same_os("unshare", os(&["-R", &format!("/{}", big('x')), "true"])),
        same_os("unshare", os(&[&format!("--propagation={}", big('x')), "true"])),
        same_os("unshare", os(&[&format!("--kill-child={}", big('x')), "true"])),
        same_os("unshare", os(&["-S", &big('1'), "true"])),
        same_os("unshare", os(&[&format!("--{}", big('x'))])),
        // validated by us before anything runs, as upstream master does (the
        // installed 2.38.1 lets them through or leaves them to newuidmap)
        fixed(
            "unshare",
            &["--map-user=4294967295", "true"],
            1,
            "unshare: failed to parse uid: '4294967295'",
        ),
        fixed(
            "unshare",
            &["--map-user=4294967296", "true"],
            1,
            "unshare: failed to parse uid: '4294967296'",
        ),
        fixed("unshare", &["--map-user=-5", "true"], 1, "unshare: failed to parse uid: '-5'"),
        fixed("unshare", &["--map-group=-1", "true"], 1, "unshare: failed to parse gid: '-1'"),
        fixed("unshare", &["-G", "-5", "true"], 1, "unshare: failed to parse gid: '-5'"),
        fixed("unshare", &["-S", "-1", "true"], 1, "unshare: failed to parse uid: '-1'"),
        fixed("unshare", &["--map-users=0:0:0", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=1,0,0", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=0,0", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=0:0", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=0:0:1:1", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=4294967295,0,1", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=0:4294967294:2", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=1:0:4294967295", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=0:0:4294967296", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=-1:0:1", "true"], 1, RANGE),
        fixed("unshare", &["--map-users=", "true"], 1, RANGE),
        fixed("unshare", &["--map-groups=a,b,c", "true"], 1, RANGE),
        fixed("unshare", &["--map-groups=0:0:1x", "true"], 1, RANGE),
        case(
            "unshare",
            &["--map-users", &big('9'), "true"],
            Want::Fixed { status: 1, first: RANGE, try_help: false },
        ),
        // ranges that overlap each other: the kernel refuses the map, nothing runs
        fixed(
            "unshare",
            &["--map-users=0:1000:10", "--map-users=5:2000:10", "--map-groups=0:0:1", "true"],
            1,
            "unshare: write failed /proc/",
        ),
        fixed(
            "unshare",
            &["--map-users=0:1000:10", "--map-users=20:1005:10", "--map-groups=0:0:1", "true"],
            1,
            "unshare: write failed /proc/",
        ),
        fixed("unshare", &["--map-groups=0:0:5", "--map-groups=0:0:5", "--map-users=0:0:1", "true"], 1, "unshare: write failed /proc/"),
        fixed("unshare", &["--owner=1", "true"], 1, "unshare: failed to parse owner"),
        fixed("unshare", &["--owner=a:b", "true"], 1, "unshare: failed to parse owner"),
        fixed("unshare", &["--owner=0:-1", "true"], 1, "unshare: failed to parse owner"),
        // the default program comes from the environment
        same("unshare", &["-m"]).with_env("SHELL", "/nonexistent"),
        same("unshare", &["-f"]).with_env("SHELL", "/etc/passwd"),
        same("unshare", &["--bogus"]).with_env("POSIXLY_CORRECT", "1"),
        fixed(
            "unshare",
            &["--monotonic=5", "true"],
            1,
            "unshare: options --monotonic and --boottime require unsharing of a time namespace (-T)",
        ),
    ]
}

pub fn nsenter_cases() -> Vec<Case> {
    let pid = me();
    let p = pid.as_str();
    vec![
        same("nsenter", &["--bogus"]),
        same("nsenter", &["-y"]),
        same("nsenter", &["-t"]),
        same("nsenter", &["--target"]),
        same("nsenter", &["-S"]),
        same("nsenter", &["-G"]),
        same("nsenter", &["--fork"]),
        same("nsenter", &["--preserve-credentials=x", "true"]),
        same("nsenter", &["--all=1", "true"]),
        same("nsenter", &["-t", "1x", "-m", "true"]),
        same("nsenter", &["-t", "", "-m", "true"]),
        same("nsenter", &["-t", "x", "-m", "true"]),
        same("nsenter", &["-t", "99999999999999999999", "-m", "true"]),
        same("nsenter", &["-t", "99999999", "-m", "true"]),
        same("nsenter", &["-t", "1:x", "-m", "true"]),
        same("nsenter", &["-m/nonexistent", "true"]),
        same("nsenter", &["--mount=/nonexistent", "true"]),
        same("nsenter", &["--net=/etc/passwd", "true"]),
        same("nsenter", &["--uts=", "true"]),
        same("nsenter", &["-S", "1x", "-t", p, "-m", "true"]),
        same("nsenter", &["-S", "-t", p, "-m", "true"]),
        same("nsenter", &["-G", "", "-t", p, "-m", "true"]),
        same("nsenter", &["-w/nonexistent", "-t", p, "-m", "true"]),
        same("nsenter", &["--root=/nonexistent", "-t", p, "-m", "true"]),
        same("nsenter", &["-w", "-W", "/tmp", "-t", p, "-m", "true"]),
        same("nsenter", &["-t", p, "-m", "/nonexistent"]),
        same("nsenter", &["-t", p, "-m", "/etc/passwd"]),
        same("nsenter", &["-t", p, "-u", ""]),
        same("nsenter", &["-a"]),
        same("nsenter", &["-t", p, "-m"]).with_env("SHELL", "/nonexistent"),
        same("nsenter", &["-t", p, "-u", "-F"]).with_env("SHELL", "/etc/passwd"),
        same_os("nsenter", with(&["-t", p, "-m"], newline_path(), &[])),
        same_os("nsenter", vec![glued("--mount=", &newline_path()), "true".into()]),
        same_os("nsenter", os(&["-t", &big('1'), "-m", "true"])),
        same_os("nsenter", os(&[&format!("--net=/{}", big('x')), "true"])),
        same_os("nsenter", os(&["-t", p, "-m", &format!("/{}", big('x'))])),
        // upstream master
        fixed("nsenter", &["-t", "-1", "-m", "true"], 1, "nsenter: failed to parse pid: '-1'"),
        fixed(
            "nsenter",
            &["-t", p, "-t", p, "-m", "true"],
            1,
            "nsenter: option --target may be given only once",
        ),
        fixed("nsenter", &["-m", "true"], 1, "nsenter: no target PID specified"),
        fixed("nsenter", &["-t", "0", "-m", "true"], 1, "nsenter: no target PID specified"),
        fixed("nsenter", &["-t", p, "true"], 1, "nsenter: no namespace specified"),
        fixed(
            "nsenter",
            &["-G", "4294967296", "-t", p, "-m", "true"],
            1,
            "nsenter: failed to parse gid: '4294967296'",
        ),
        fixed("nsenter", &["-S", "-5", "-t", p, "-m", "true"], 1, "nsenter: failed to parse uid: '-5'"),
        fixed("nsenter", &["-t", p, "-N", "x", "true"], 1, "nsenter: failed to parse file descriptor: 'x'"),
        fixed("nsenter", &["-N", "3", "-m", "true"], 1, "nsenter: no target PID specified"),
        fixed("nsenter", &["-t", "0:5", "-m", "true"], 1, "nsenter: no target PID specified"),
        fixed("nsenter", &["-t", "1:0", "-m", "true"], 1, "nsenter: failed to parse pid: '1:0'"),
        fixed_usage(
            "nsenter",
            &["--user-parent=1", "true"],
            "nsenter: option '--user-parent' doesn't allow an argument",
        ),
        fixed("nsenter", &["-m:x", "true"], 1, "nsenter: failed to parse namespace id: 'x'"),
    ]
}

pub fn lsns_cases() -> Vec<Case> {
    vec![
        same("lsns", &["--bogus"]),
        same("lsns", &["-x"]),
        same("lsns", &["-t"]),
        same("lsns", &["-p"]),
        same("lsns", &["-p", "99999999999999999999x"]),
        same("lsns", &["-p", "-99999999999999999999x"]),
        same("lsns", &["99999999999999999999x"]),
        same("lsns", &["-o"]),
        same("lsns", &["--output"]),
        same("lsns", &["--no"]),
        same("lsns", &["-1"]),
        same("lsns", &["-u", "-W", "-n", "--bogus"]),
        same("lsns", &["--json=1"]),
        same("lsns", &["-t", "foo"]),
        same("lsns", &["-t", ""]),
        same("lsns", &["-t", "NET"]),
        same("lsns", &["-t", "net", "-t", "mnt,net"]),
        same("lsns", &["-o", "FOO"]),
        same("lsns", &["-o", "+FOO"]),
        same("lsns", &["-o", "NS,FOO"]),
        same("lsns", &["-o", "NS", "-o", "FOO"]),
        // every release exits 1 without a word on an empty column name; we name it
        fixed("lsns", &["-o", ""], 1, "lsns: empty name in column list: ''"),
        fixed("lsns", &["-o", "NS,,TYPE"], 1, "lsns: empty name in column list: 'NS,,TYPE'"),
        // master's strtopid_or_err (2.38.1 took 0 as no filter)
        fixed("lsns", &["-p", "0"], 1, "lsns: invalid PID argument: '0': Numerical result out of range"),
        same("lsns", &["-p", "1x"]),
        same("lsns", &["-p", ""]),
        same("lsns", &["-p", "99999999999999999999"]),
        same("lsns", &["1x"]),
        same("lsns", &[""]),
        same("lsns", &["99999999999999999999"]),
        same("lsns", &["12"]),
        same("lsns", &["-J", "-r"]),
        same("lsns", &["-r", "-J"]),
        same("lsns", &["-p", "1", "4026531835"]),
        same("lsns", &["4026531835", "-p", "1"]),
        same("lsns", &["-T", "foo"]),
        same("lsns", &["--tree=foo"]),
        same("lsns", &["-Tfoo"]),
        same("lsns", &["--tree="]),
        same("lsns", &["-J", "x", "-r"]).with_env("POSIXLY_CORRECT", "1"),
        same("lsns", &["12", "-Z"]).with_env("POSIXLY_CORRECT", "1"),
        same("lsns", &["-o", "FOO"]).with_env("LC_ALL", "C"),
        same("lsns", &["-t", "ä"]).with_env("LC_ALL", "xx_XX.bogus"),
        same_os("lsns", os(&["-o", &big('x')])),
        same_os("lsns", os(&["-t", &big('x')])),
        same_os("lsns", os(&[&big('1')])),
        same_os("lsns", vec!["-t".into(), newline_path()]),
        // options newer than the installed reference
        fixed("lsns", &["-P", "-p", "1"], 1, "lsns: mutually exclusive arguments: --persistent --task"),
        fixed_usage("lsns", &["-Q"], "lsns: option requires an argument -- 'Q'"),
        fixed_usage("lsns", &["--list-columns=1"], "lsns: option '--list-columns' doesn't allow an argument"),
        fixed("lsns", &["-Q", "NS =="], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", "(("], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", "FOO == 1"], 1, "lsns: "),
        fixed("lsns", &["-Q", ""], 1, "lsns: "),
        fixed("lsns", &["-Q", &big('(')], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", &format!("{}NS", big('!'))], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", &vec!["1"; 20000].join(" == ")], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", &format!("COMMAND =~ '{}'", big('('))], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", &format!("COMMAND =~ 'a{}'", big('*'))], 1, "lsns: failed to parse"),
        fixed("lsns", &["-Q", "COMMAND =~ '[[:nope:]]'"], 1, "lsns: failed to parse"),
    ]
}

pub fn chroot_cases() -> Vec<Case> {
    vec![
        same("chroot", &[]),
        same("chroot", &["--bogus"]),
        same("chroot", &["-x"]),
        same("chroot", &["---"]),
        same("chroot", &["--userspec"]),
        same("chroot", &["--user"]),
        same("chroot", &["--groups"]),
        same("chroot", &["--help=x"]),
        same("chroot", &["--skip-chdir=1", "/", "true"]),
        same("chroot", &["--userspec=nosuchuser", "/", "true"]),
        same("chroot", &["--userspec=nosuchuser:", "/", "true"]),
        same("chroot", &["--userspec=:nosuchgroup", "/", "true"]),
        same("chroot", &["--userspec=99999999999999999999", "/", "true"]),
        same("chroot", &["--userspec=4294967295", "/", "true"]),
        same("chroot", &["--userspec=1x", "/", "true"]),
        same("chroot", &["--userspec=+1x", "/", "true"]),
        same("chroot", &["--userspec=12345", "/", "true"]),
        same("chroot", &["--groups=nosuch", "/", "true"]),
        same("chroot", &["--groups= ", "/", "true"]),
        same("chroot", &["--groups=,", "/", "true"]),
        same("chroot", &["--groups=0trail", "/", "true"]),
        same("chroot", &["--groups=+99999999999", "/", "true"]),
        same("chroot", &["/nonexistent"]),
        same("chroot", &["/etc/passwd"]),
        same("chroot", &[""]),
        same("chroot", &["--skip-chdir", "/tmp", "true"]),
        same("chroot", &["/", "/nonexistent"]),
        same("chroot", &["/", "/etc/passwd"]),
        same("chroot", &["/", ""]),
        same("chroot", &["/"]).with_env("SHELL", "/nonexistent"),
        same("chroot", &["/"]).with_env("SHELL", "/etc/passwd"),
        same("chroot", &["--groups=nosuch", "/", "true"]).with_env("LC_ALL", "C"),
        same("chroot", &["--groups=nosuch", "/", "true"]).with_env("LC_ALL", "xx_XX.bogus"),
        same("chroot", &["/", "/nonexistent"]).with_env("LANG", "C.UTF-8"),
        same("chroot", &["/nonexistent\u{e4}"]).with_env("LC_ALL", "C"),
        same_os("chroot", with(&[], newline_path(), &["true"])),
        same_os("chroot", with(&["/"], newline_path(), &[])),
        same_os("chroot", os(&[&format!("/{}", big('x'))])),
        same_os("chroot", os(&[&format!("--userspec={}", big('x')), "/", "true"])),
        same_os("chroot", os(&[&format!("--groups={}", big('9')), "/", "true"])),
    ]
}

pub fn hostname_cases() -> Vec<Case> {
    let long = "x".repeat(65);
    vec![
        same("hostname", &["--bogus"]),
        same("hostname", &["-Z"]),
        same("hostname", &["-F"]),
        same("hostname", &["--file"]),
        same("hostname", &["--a"]),
        same("hostname", &["--help=1"]),
        same("hostname", &["-h"]),
        same("hostname", &["a", "b"]),
        same("hostname", &["-F", "/etc/hostname", "name"]),
        same("hostname", &["-s", "name"]),
        same("hostname", &["-F", "/nonexistent"]),
        same("hostname", &["-F", ""]),
        same("hostname", &["--file=/nonexistent"]),
        same("hostname", &["a_b"]),
        same("hostname", &[""]),
        same("hostname", &[" "]),
        same("hostname", &["--", "-bad"]),
        same("hostname", &["a..b"]),
        same("hostname", &["a.-b"]),
        same("hostname", &["--", "a-"]),
        same("hostname", &[".a"]),
        same("hostname", &["a$b"]),
        same("hostname", &["ä"]),
        same("hostname", &[&long]),
        same_os("hostname", vec![OsString::from_vec(b"a\nb".to_vec())]),
        same_os("hostname", vec![OsString::from_vec(b"a\xffb".to_vec())]),
        same_os("hostname", os(&[&big('x')])),
        same_os("hostname", os(&["-F", &format!("/{}", big('x'))])),
        same_os("hostname", vec!["-F".into(), newline_path()]),
        same("dnsdomainname", &["name"]),
        same("dnsdomainname", &["--bogus"]),
        same("domainname", &["-Z"]),
        same("nisdomainname", &["a", "b"]),
        same("ypdomainname", &["-F"]),
        same("hostname", &["name", "-s"]).with_env("POSIXLY_CORRECT", "1"),
        same("hostname", &["a_b"]).with_env("LC_ALL", "C"),
    ]
}
