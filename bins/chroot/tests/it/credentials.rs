//! --userspec and --groups (the cases of coreutils' chroot-credentials.sh and more),
//! checked through /proc/self/status of the command, in the host root and in a busybox
//! root whose /etc/passwd and /etc/group differ from the host's, each compared with
//! /usr/sbin/chroot.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{creds, ours, ready, rootfs, same_how, How, Seen, SHOW_CREDS};

const USERSPECS: &[&str] = &[
    "",
    ":",
    "0",
    "0:",
    "root",
    "root:",
    "nobody",
    "nobody:",
    "nobody:nogroup",
    "65534",
    "65534:",
    "+65534",
    "+65534:+0",
    ":0",
    ":nogroup",
    ":+65534",
    "1234:+5678",
    "1234:5678",
    "1234",
    "1234:",
    "nobody.nogroup",
    "nobody.0",
    "4294967294:0",
    "4294967295:0",
    "inuser",
    "inuser:",
    "inuser:othergroup",
    "4242",
    "4242:",
    "shared",
    "1",
    "1:",
    "daemon",
    "daemon:",
    "daemon:daemon",
    "other",
    "nosuch",
    ":nosuch",
    "nobody:nosuch",
    "0x1:0",
    " 0:0",
    "0 :0",
    ": ",
    "a.b.c",
    "spaced",
    " spaced",
    "short",
    "short:shortgroup",
    // One trailing colon is dropped first: `USER::` asks for the login group, which
    // only a name in passwd has (`invalid spec` otherwise), `::` sets nothing.
    "nobody::",
    "inuser::",
    "daemon::",
    "1234::",
    "+0::",
    "nosuch::",
    "::",
    ":::",
    "nobody.:",
    "1234.:",
    "nobody:nogroup:",
];

const GROUP_LISTS: &[&str] = &[
    "",
    ",",
    " ",
    "0trail",
    "0",
    ",0,,",
    " +8765,4321",
    "nogroup",
    "nogroup,root",
    "ingroup",
    "extra1,extra2",
    "daemon",
    "daemon,ingroup",
    "1234",
    "+1234",
    "nosuch",
    "nosuch1,nosuch2",
    "4294967295",
    "4294967294",
    "spacedgroup",
    "shortgroup",
];

/// Runs `options` then SHOW_CREDS in `root` (a rootfs, or `/`), both tools.
fn check(root: &str, options: &[&str]) -> Seen {
    let mut args: Vec<&str> = options.to_vec();
    args.extend([root, "sh", "-c", SHOW_CREDS]);
    let how = if root == "/" { How::default() } else { How { proc_in: Some(root.into()), ..How::default() } };
    same_how(&args, &how)
}

fn combos() -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = vec![vec![]];
    all.extend(USERSPECS.iter().map(|u| vec![format!("--userspec={u}")]));
    all.extend(GROUP_LISTS.iter().map(|g| vec![format!("--groups={g}")]));
    for u in ["nobody", "nobody:nogroup", ":nogroup", "1234:5678", "inuser", "4242", "1", "daemon", "1234"] {
        for g in ["", "0", "ingroup,extra1", "daemon", "nosuch", " +8765,4321"] {
            all.push(vec![format!("--userspec={u}"), format!("--groups={g}")]);
        }
    }
    // The last of each option wins; abbreviations work.
    all.push(vec!["--groups=1".into(), "--groups=2".into()]);
    all.push(vec!["--userspec=0".into(), "--userspec=nobody".into()]);
    all.push(vec!["--user=nobody".into(), "--gr=extra1".into()]);
    all
}

#[test]
fn every_form_in_the_host_root() {
    if !ready() {
        return;
    }
    for options in combos() {
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        check("/", &options);
    }
}

#[test]
fn every_form_in_a_new_root_with_its_own_users() {
    if !ready() {
        return;
    }
    let root = rootfs();
    let r = root.0.to_str().expect("utf-8 path");
    for options in combos() {
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        check(r, &options);
    }
}

#[test]
fn the_ids_the_command_gets() {
    if !ready() {
        return;
    }
    let root = rootfs();
    let r = root.0.to_str().expect("utf-8 path");
    let ids = |root: &str, options: &[&str]| {
        let s = check(root, options);
        assert_eq!(s.status, 0, "{options:?}: {s:?}");
        creds(&s.stdout)
    };
    // Nothing asked: nothing changes.
    let mine = nix::unistd::getgroups().expect("getgroups");
    let mut mine: Vec<u32> = mine.into_iter().map(|g| g.as_raw()).collect();
    mine.sort_unstable();
    assert_eq!(ids("/", &[]), (0, 0, mine.clone()));
    // :GROUP keeps the supplementary groups; --groups replaces them.
    assert_eq!(ids("/", &["--userspec=:65534"]), (0, 65534, mine));
    assert_eq!(ids("/", &["--groups=1,2"]), (0, 0, vec![1, 2]));
    assert_eq!(ids("/", &["--groups=1", "--groups=2"]), (0, 0, vec![2]));
    // --groups='' leaves only the primary group; arbitrary numbers are fine.
    assert_eq!(ids("/", &["--userspec=nobody", "--groups="]), (65534, 65534, vec![]));
    assert_eq!(ids("/", &["--userspec=1234:+5678", "--groups= +8765,4321"]), (1234, 5678, vec![4321, 8765]));
    // Looked up in the new root: its users, its groups, its memberships.
    assert_eq!(ids(r, &["--userspec=inuser"]), (4242, 4243, vec![4243, 4301, 4400, 4401]));
    assert_eq!(ids(r, &["--userspec=inuser:othergroup"]), (4242, 4301, vec![4301, 4400, 4401]));
    assert_eq!(ids(r, &["--userspec=other:"]), (4300, 4301, vec![4301, 4400]));
    assert_eq!(ids(r, &["--groups=ingroup,extra2"]), (0, 0, vec![4243, 4401]));
    // A group only the host has: the lookup made before chroot fills in.
    assert_eq!(ids(r, &["--groups=daemon"]), (0, 0, vec![1]));
    // A numeric group name names its group unless forced with +.
    assert_eq!(ids(r, &["--groups=1234"]), (0, 0, vec![4402]));
    assert_eq!(ids(r, &["--groups=+1234"]), (0, 0, vec![1234]));
}

#[test]
fn refusals() {
    if !ready() {
        return;
    }
    let root = rootfs();
    let r = root.0.to_str().expect("utf-8 path");
    for (options, stderr) in [
        (&["--userspec=1234"][..], "chroot: no group specified for unknown uid: 1234\n"),
        (&["--userspec=4294967294"], "chroot: no group specified for unknown uid: -2\n"),
        (&["--userspec=nosuch"], "chroot: invalid user\n"),
        (&["--userspec=:nosuch"], "chroot: invalid group\n"),
        (&["--groups= "], "chroot: invalid group ' '\n"),
        (&["--groups=,"], "chroot: invalid group list ','\n"),
        (&["--groups=0trail"], "chroot: invalid group '0trail'\n"),
        (
            &["--groups=nosuch1,0,nosuch2"],
            "chroot: invalid group 'nosuch1'\nchroot: invalid group 'nosuch2'\n",
        ),
        (&["--groups=4294967295"], "chroot: failed to set supplemental groups: Invalid argument\n"),
    ] {
        for root in ["/", r] {
            let how = How { env: vec![("LC_ALL".into(), Some("C".into()))], ..How::default() };
            let mut args = options.to_vec();
            args.extend([root, "true"]);
            let s = same_how(&args, &how);
            assert_eq!((s.status, s.stdout.as_str(), s.stderr.as_str()), (125, "", stderr), "{args:?}");
        }
    }
    // Only in the host's files: not a user inside the new root.
    let s = check(r, &["--userspec=daemon"]);
    assert_eq!((s.status, s.stderr.as_str()), (125, "chroot: invalid user\n"));
    // The obsolete dot form works, with a warning.
    let s = check("/", &["--userspec=nobody.nogroup"]);
    assert_eq!((s.status, s.stderr.as_str()), (0, "chroot: warning: '.' should be ':'\n"));
}

/// Runs `args` through `bin` in a new user namespace whose only uid and gid are 0,
/// with setgroups allowed, so each credential call can fail on its own.
fn in_small_userns(bin: &std::path::Path, args: &[&str]) -> (i32, String) {
    let link = crate::support::temp_dir("userns");
    let path = link.0.join("chroot");
    std::os::unix::fs::symlink(bin, &path).expect("symlink");
    let mut child = Command::new("/usr/bin/unshare")
        .args([
            "-U",
            "sh",
            "-c",
            "while ! grep -q . /proc/self/gid_map; do sleep 0.01; done; exec \"$@\"",
            "sh",
        ])
        .arg(&path)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("unshare");
    let pid = child.id();
    // Written once the namespace exists (the uid map appears empty until then).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ours = std::fs::read_link("/proc/self/ns/user").ok();
        if std::fs::read_link(format!("/proc/{pid}/ns/user")).ok() != ours {
            break;
        }
        assert!(Instant::now() < deadline, "unshare -U did not start");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::write(format!("/proc/{pid}/uid_map"), "0 0 1\n").expect("uid_map");
    std::fs::write(format!("/proc/{pid}/gid_map"), "0 0 1\n").expect("gid_map");
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chroot in a user namespace did not finish");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read");
    (status.code().unwrap_or(-1), err.replace(&path.display().to_string(), "chroot"))
}

#[test]
fn failing_credential_calls() {
    if !ready() || !nstest::need_namespaces() {
        return;
    }
    for (args, stderr) in [
        (&["--userspec=5:0", "/", "true"][..], "chroot: failed to set user-ID: Invalid argument\n"),
        (&["--userspec=0:5", "/", "true"], "chroot: failed to set supplemental groups: Invalid argument\n"),
        (&["--userspec=:5", "/", "true"], "chroot: failed to set group-ID: Invalid argument\n"),
        (&["--groups=5", "/", "true"], "chroot: failed to set supplemental groups: Invalid argument\n"),
        (&["--userspec=0:0", "--groups=", "/", "true"], ""),
    ] {
        let theirs = in_small_userns(std::path::Path::new(crate::support::REFERENCE), args);
        let mine = in_small_userns(&ours(), args);
        assert_eq!(mine, theirs, "{args:?}");
        assert_eq!(mine.1, stderr, "{args:?}");
        assert_eq!(mine.0, if stderr.is_empty() { 0 } else { 125 });
    }
}
