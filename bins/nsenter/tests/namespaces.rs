//! Entering namespaces of targets the tests start: by pid, by /proc file, by an
//! `ip netns` name, by a bind-mounted file, by socket, by namespace id, the parent
//! user namespace, and as an unprivileged user; compared with util-linux where it
//! has the option.

mod support;

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Command;

use support::*;

const KINDS: &[&str] = &["mnt", "uts", "ipc", "net", "pid", "cgroup", "time"];

fn readlinks(kinds: &[&str]) -> String {
    kinds.iter().map(|k| format!("readlink /proc/self/ns/{k}; ")).collect()
}

#[test]
fn by_pid_every_kind_and_all() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Target::unshare(
        &["-m", "-u", "-i", "-n", "-p", "-f", "--mount-proc", "-C", "-T", "--monotonic", "1000"],
        "hostname target",
    );
    let script = format!("{} hostname; cat /proc/self/timens_offsets", readlinks(KINDS));
    let expected: String = KINDS.iter().map(|k| t.ns(k) + "\n").collect();
    let pid = t.pid_s();
    for opts in [
        &["-m", "-u", "-i", "-n", "-p", "-C", "-T"][..],
        &["-a"],
        &["--mount", "--uts", "--ipc", "--net", "--pid", "--cgroup", "--time"],
    ] {
        let mut args = vec!["-t", &pid];
        args.extend(opts);
        args.extend(["sh", "-c", &script]);
        let o = same(&args);
        assert_eq!(o.code(), Some(0), "{opts:?}: {}", o.err());
        let out = o.out();
        assert!(out.starts_with(&expected), "{opts:?}: {out}");
        let tail: Vec<&str> = out[expected.len()..].lines().collect();
        assert_eq!(tail[0], "target");
        let offsets: Vec<String> =
            tail.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert!(offsets.iter().any(|l| l == "monotonic 1000 0"), "{tail:?}");
    }
    // forked into the pid namespace, where sleep is pid 1; -F execs without a fork
    let o = nsenter(&["-t", &pid, "-p", "-m", "sh", "-c", "echo $$; readlink /proc/1/exe"]);
    let out = o.out();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].parse::<i32>().expect("pid") > 1, "{out}");
    assert!(lines[1].ends_with("/sleep"), "{out}");
    let o = nsenter(&[
        "-t",
        &pid,
        "-p",
        "-F",
        "sh",
        "-c",
        "readlink /proc/$$/ns/pid /proc/$$/ns/pid_for_children",
    ]);
    assert_eq!(o.out(), format!("{}\n{}\n", ns_link("/proc/self/ns/pid"), t.ns("pid")));
    // one kind only leaves the others alone
    let o = same(&["-t", &pid, "-u", "sh", "-c", &readlinks(&["uts", "net"])]);
    assert_eq!(o.out(), format!("{}\n{}\n", t.ns("uts"), ns_link("/proc/self/ns/net")));
}

#[test]
fn by_proc_files_and_pinned_pid() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Target::unshare(&["-u", "-n"], "hostname byfile");
    let uts = t.path("ns/uts").display().to_string();
    let net = t.path("ns/net").display().to_string();
    let o = same(&[
        format!("--uts={uts}").as_str(),
        &format!("-n{net}"),
        "sh",
        "-c",
        "hostname; readlink /proc/self/ns/net",
    ]);
    assert_eq!(o.out(), format!("byfile\n{}\n", t.ns("net")));
    // a file given explicitly wins over the target's namespace
    let o = same(&["-t", "1", &format!("-u{uts}"), "hostname"]);
    assert_eq!(o.out(), "byfile\n");

    // PID:INODE pins the process by its pidfd inode
    let pidfd = pidfd_open(t.pid);
    let ino = std::fs::metadata(format!("/proc/self/fd/{}", pidfd.as_raw_fd())).map(|m| {
        use std::os::unix::fs::MetadataExt;
        m.ino()
    });
    let ino = ino.expect("stat pidfd");
    let o = nsenter(&["-t", &format!("{}:{ino}", t.pid), "-u", "hostname"]);
    assert_eq!((o.code(), o.out()), (Some(0), "byfile\n".to_string()), "{}", o.err());
    let o = nsenter(&["-t", &format!("{}:{}", t.pid, ino + 1), "-u", "hostname"]);
    assert_eq!(o.code(), Some(1));
    assert_eq!(o.err(), format!("nsenter: pidfd inode {} not found for pid {}\n", ino + 1, t.pid));
}

fn pidfd_open(pid: i32) -> OwnedFd {
    // SAFETY: pidfd_open returns a new descriptor or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    assert!(fd >= 0, "pidfd_open");
    // SAFETY: a fresh descriptor that we own.
    unsafe { OwnedFd::from_raw_fd(fd as i32) }
}

struct NetNs(String);

impl Drop for NetNs {
    fn drop(&mut self) {
        let _ = run(&mut cmd("ip", ["netns", "delete", &self.0]));
    }
}

#[test]
fn by_ip_netns_name() {
    if !nstest::need_namespaces() {
        return;
    }
    let name = format!("nsutils-nsenter-{}", std::process::id());
    let add = run(&mut cmd("ip", ["netns", "add", &name]));
    assert!(add.status.success(), "ip netns add: {}", add.err());
    let netns = NetNs(name);
    let file = format!("/run/netns/{}", netns.0);
    let expected = {
        use std::os::unix::fs::MetadataExt;
        format!("net:[{}]\n", std::fs::metadata(&file).expect("stat netns").ino())
    };
    for arg in [format!("--net={file}"), format!("-n{file}")] {
        let o = same(&[arg.as_str(), "readlink", "/proc/self/ns/net"]);
        assert_eq!(o.out(), expected);
    }
    // upstream's -n=FILE
    let o = nsenter(&[format!("-n={file}").as_str(), "ip", "-o", "link"]);
    let o2 = nsenter(&[format!("--ne={file}").as_str(), "true"]);
    assert!(o2.err().contains("is ambiguous; possibilities: '--net' '--net-socket'"), "{}", o2.err());
    assert_eq!(o.code(), Some(0), "{}", o.err());
    assert!(o.out().contains("lo:") && !o.out().contains("eth"), "{}", o.out());
}

#[test]
fn by_bind_mounted_file() {
    if !nstest::need_namespaces() {
        return;
    }
    let dir = TempDir::new("bind");
    let (ours, theirs) = (ours("nsenter"), reference("nsenter").expect("reference"));
    // the bind mount lives in a private mount namespace made for this test
    let script = format!(
        "set -e; cd {d}; touch uts ipc; /usr/bin/unshare --uts=uts --ipc=ipc hostname persisted; \
         a=$({o} --uts=uts --ipc=ipc sh -c 'hostname; readlink /proc/self/ns/ipc'); \
         b=$({r} --uts=uts --ipc=ipc sh -c 'hostname; readlink /proc/self/ns/ipc'); \
         c=$({o} -uuts hostname); \
         test \"$a\" = \"$b\"; echo \"$a\"; echo \"$c\"; stat -L -c %i ipc; umount uts ipc",
        d = dir.s(),
        o = ours.display(),
        r = theirs.display()
    );
    let o = run(&mut nstest::isolated("sh", ["-c", &script]));
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let lines: Vec<&str> =
        o.stdout.split(|&b| b == b'\n').map(|l| std::str::from_utf8(l).unwrap_or("")).collect();
    assert_eq!(lines[0], "persisted");
    assert_eq!(lines[1], format!("ipc:[{}]", lines[3]));
    assert_eq!(lines[2], "persisted");
}

#[test]
fn by_a_file_our_unshare_made() {
    if !nstest::need_namespaces() {
        return;
    }
    let unshare = nstest::target_dir().join("unshare");
    if !unshare.exists() {
        nstest::skip("our unshare is not built (cargo test --workspace builds it)");
        return;
    }
    let dir = TempDir::new("ours");
    let script = format!(
        "set -e; cd {d}; touch uts net; {u} --uts=uts --net=net hostname made-by-ours; \
         {n} --uts=uts -nnet sh -c 'hostname; readlink /proc/self/ns/net'; stat -L -c %i net; umount uts net",
        d = dir.s(),
        u = unshare.display(),
        n = ours("nsenter").display()
    );
    let o = run(&mut nstest::isolated("sh", ["-c", &script]));
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let out = o.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "made-by-ours");
    assert_eq!(lines[1], format!("net:[{}]", lines[2]));
}

#[test]
fn by_socket_of_the_target() {
    if !nstest::need_namespaces() {
        return;
    }
    // a process that keeps, as fd 7, a socket made in the namespace it then leaves
    let mut c = Command::new("sleep");
    c.arg("30");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        c.pre_exec(|| {
            let s = libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
            if s < 0 || libc::dup2(s, 7) < 0 || libc::unshare(libc::CLONE_NEWNET) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let t = Target::spawn(c);
    let ours_net = ns_link("/proc/self/ns/net");
    assert_ne!(t.ns("net"), ours_net);
    let pid = t.pid_s();
    let o = nsenter(&["-t", &pid, "-N", "7", "readlink", "/proc/self/ns/net"]);
    assert_eq!((o.code(), o.out()), (Some(0), format!("{ours_net}\n")), "{}", o.err());
    let o = nsenter(&["-t", &pid, "-n", "--net-socket=7", "-u", "readlink", "/proc/self/ns/net"]);
    assert_eq!(o.out(), format!("{ours_net}\n"), "-N replaces -n: {}", o.err());
    let o = nsenter(&["-t", &pid, "-n", "readlink", "/proc/self/ns/net"]);
    assert_eq!(o.out(), format!("{}\n", t.ns("net")));
    let o = nsenter(&["-t", &pid, "-N", "99", "true"]);
    assert_eq!(o.code(), Some(1));
    assert_eq!(
        o.err(),
        format!("nsenter: cannot get file descriptor 99 of process {pid}: Bad file descriptor\n")
    );
    let o = nsenter(&["-t", &pid, "-N", "1", "true"]);
    assert_eq!(o.code(), Some(1));
    assert!(o.err().starts_with("nsenter: cannot get network namespace of socket 1"), "{}", o.err());
}

fn ns_id(path: &str) -> Option<u64> {
    let f = std::fs::File::open(path).expect("open ns file");
    let mut id: u64 = 0;
    // SAFETY: NS_GET_ID writes one u64.
    let r = unsafe { libc::ioctl(f.as_raw_fd(), 0x8008_b70d_u32 as libc::Ioctl, &mut id as *mut u64) };
    (r == 0).then_some(id)
}

#[test]
fn by_namespace_id() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Target::unshare(&["-u"], "hostname byid");
    let Some(id) = ns_id(&t.path("ns/uts").display().to_string()) else {
        nstest::skip("NS_GET_ID needs Linux 6.18");
        return;
    };
    let o = nsenter(&[format!("--uts=:{id}").as_str(), "hostname"]);
    assert_eq!((o.code(), o.out()), (Some(0), "byid\n".to_string()), "{}", o.err());
    let o = nsenter(&[format!("-u:{id}").as_str(), "hostname"]);
    assert_eq!(o.out(), "byid\n");
    // the id of a uts namespace is no mount namespace
    let o = nsenter(&[format!("-m:{id}").as_str(), "true"]);
    assert_eq!(
        (o.code(), o.err()),
        (Some(1), format!("nsenter: cannot open :{id}: No such file or directory\n"))
    );
}

#[test]
fn parent_user_namespace() {
    if !nstest::need_namespaces() {
        return;
    }
    // sleep in a user namespace nested in another
    let t = Target::unshare(&["-U", "-r"], "/usr/bin/unshare -U -r sleep 30");
    let outer = ns_link(&format!("/proc/{}/ns/user", t_parent(t.pid)));
    assert_ne!(outer, t.ns("user"));
    let pid = t.pid_s();
    for extra in [&[][..], &["-U"], &["-U", "-u"]] {
        let mut args = vec!["-t", &pid, "--user-parent", "--preserve-credentials"];
        args.extend(extra);
        args.extend(["readlink", "/proc/self/ns/user"]);
        let o = nsenter(&args);
        assert_eq!((o.code(), o.out()), (Some(0), format!("{outer}\n")), "{extra:?}: {}", o.err());
    }
    // without --preserve-credentials we become root of the parent namespace
    let o = nsenter(&["-t", &pid, "--user-parent", "id", "-u"]);
    assert_eq!(o.out(), "0\n", "{}", o.err());
    // the parent of a user namespace given as a file, with no target
    let file = format!("--user={}", t.path("ns/user").display());
    let o = nsenter(&[
        file.as_str(),
        "--user-parent",
        "--preserve-credentials",
        "readlink",
        "/proc/self/ns/user",
    ]);
    assert_eq!(o.out(), format!("{outer}\n"), "{}", o.err());
}

/// The process whose child is `pid` (the outer `sh` of a nested unshare).
fn t_parent(pid: i32) -> i32 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    let after = &stat[stat.rfind(')').expect("comm") + 2..];
    after.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("ppid")
}

#[test]
fn unprivileged_into_a_namespace_owned_by_nobody() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Target::unshare_as_nobody(
        &["-U", "-r", "-u", "-m", "-i", "-n", "-C", "-T", "-p", "-f", "--mount-proc"],
        "hostname rootless",
    );
    let pid = t.pid_s();
    let nobody = |args: &[&str]| run(&mut as_nobody(ours("nsenter"), args));
    let o = nobody(&[
        "--preserve-credentials",
        "-U",
        "-u",
        "-m",
        "-p",
        "-t",
        &pid,
        "sh",
        "-c",
        "hostname; id -u; readlink /proc/self/ns/mnt",
    ]);
    assert_eq!(o.code(), Some(0), "{} {}", o.err(), o.out());
    assert_eq!(o.out(), format!("rootless\n0\n{}\n", t.ns("mnt")));
    // -a enters the user namespace too, as it is not ours
    let o = nobody(&["--preserve-credentials", "-a", "-t", &pid, "sh", "-c", &readlinks(KINDS)]);
    let expected: String = KINDS.iter().map(|k| t.ns(k) + "\n").collect();
    assert_eq!((o.code(), o.out()), (Some(0), expected), "{}", o.err());
    // the famous EPERM: unshare -r denied setgroups, and nsenter drops groups by default
    let o = nobody(&["-U", "-u", "-t", &pid, "true"]);
    let r = run(&mut as_nobody(reference("nsenter").expect("reference"), ["-U", "-u", "-t", &pid, "true"]));
    assert_eq!(o.code(), r.code());
    assert_eq!(o.err().lines().next(), Some("nsenter: setgroups failed: Operation not permitted"));
    assert_eq!(o.err().lines().next(), r.err().lines().next());
    assert!(o.err().lines().nth(1).is_some_and(|l| l.starts_with("nsenter: hint: ")), "{}", o.err());
    // without -U the target's namespaces are out of reach
    let o = nobody(&["-u", "-t", &pid, "true"]);
    assert_eq!(o.code(), Some(1));
    assert_eq!(
        o.err().lines().next(),
        Some("nsenter: reassociate to namespace 'ns/uts' failed: Operation not permitted")
    );
    assert!(o.err().contains("hint: "), "{}", o.err());
    // and nobody cannot open root's namespaces at all
    let root = Target::unshare(&["-u"], "true");
    let args = ["-u", "-t", &root.pid_s(), "true"];
    let o = nobody(&args);
    let r = run(&mut as_nobody(reference("nsenter").expect("reference"), args));
    assert_eq!(o.code(), r.code());
    assert_eq!(o.err().lines().next(), r.err().lines().next());
    assert!(o.err().contains("nsenter: hint: "), "{}", o.err());
}

#[test]
fn keep_caps_raises_ambient_capabilities() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Target::unshare_as_nobody(&["-U", "--map-user=1000", "--map-group=1000"], "true");
    let pid = t.pid_s();
    let caps = |extra: &[&str]| {
        let mut args = vec!["--preserve-credentials", "-U", "-t", &pid];
        args.extend(extra);
        args.extend(["cat", "/proc/self/status"]);
        let o = run(&mut as_nobody(ours("nsenter"), args));
        assert_eq!(o.code(), Some(0), "{}", o.err());
        (status_field(&o.out(), "Uid"), status_field(&o.out(), "CapEff"), status_field(&o.out(), "CapAmb"))
    };
    let (uid, eff, amb) = caps(&[]);
    assert_eq!(uid, "1000 1000 1000 1000");
    assert_eq!((eff.trim_start_matches('0'), amb.trim_start_matches('0')), ("", ""));
    // -U is the only namespace, and still the capabilities survive exec
    let (_, eff, amb) = caps(&["--keep-caps"]);
    assert!(!eff.trim_start_matches('0').is_empty() && eff == amb, "{eff} {amb}");
}
