//! What the kernel shows inside: namespace identities, host names, time offsets,
//! mount propagation, proc and binfmt_misc mounts, root and directory, credentials,
//! capabilities, environment, the default shell, exit statuses and descriptors.

use crate::support::*;

fn ns_link(kind: &str) -> String {
    std::fs::read_link(format!("/proc/self/ns/{kind}")).expect("own ns").display().to_string()
}

/// `unshare ARGS readlink /proc/self/ns/K...` for each kind.
fn inside(args: &[&str], kinds: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.push("readlink".into());
    all.extend(kinds.iter().map(|k| format!("/proc/self/ns/{k}")));
    let o = run_ours(&all);
    assert_eq!(o.code(), Some(0), "{all:?}: {}", o.err());
    o.out().lines().map(str::to_string).collect()
}

#[test]
fn each_option_creates_exactly_its_namespace() {
    if !need_namespaces() {
        return;
    }
    let kinds = ["mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time"];
    let own: Vec<String> = kinds.iter().map(|k| ns_link(k)).collect();
    for (i, opt) in ["-m", "-u", "-i", "-n", "-p", "-U", "-C", "-T"].iter().enumerate() {
        let long = long_of(opt);
        for (long, args) in [(false, vec!["-f", *opt]), (true, vec![long.as_str(), "--fork"])] {
            let got = inside(&args, &kinds);
            for (j, k) in kinds.iter().enumerate() {
                if i == j {
                    assert_ne!(got[j], own[j], "{opt} (long: {long}) must create a new {k} namespace");
                } else {
                    assert_eq!(got[j], own[j], "{opt} (long: {long}) must not touch {k}");
                }
            }
        }
    }
    // without --fork, a new time namespace is entered by the exec itself
    let got = inside(&["-T"], &["time", "time_for_children"]);
    assert_eq!(got[0], got[1]);
    assert_ne!(got[1], ns_link("time"));
    // all at once
    let got = inside(&["-muinpUCT", "-f"], &["mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time"]);
    let own_now: Vec<String> =
        ["mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time"].iter().map(|k| ns_link(k)).collect();
    for (g, o) in got.iter().zip(&own_now) {
        assert_ne!(g, o);
    }
}

fn long_of(short: &str) -> String {
    let name = match short {
        "-m" => "mount",
        "-u" => "uts",
        "-i" => "ipc",
        "-n" => "net",
        "-p" => "pid",
        "-U" => "user",
        "-C" => "cgroup",
        _ => "time",
    };
    format!("--{name}")
}

#[test]
fn host_name_set_inside_stays_inside() {
    if !need_namespaces() {
        return;
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("hostname");
    let o =
        run_ours(&["-u", "sh", "-c", "hostname nsutils-inside && hostname && domainname dom && domainname"]);
    assert_eq!(ok(&o), "nsutils-inside\ndom\n");
    assert_eq!(std::fs::read_to_string("/proc/sys/kernel/hostname").expect("hostname"), host);
}

#[test]
fn pid_namespace_with_fork_and_mount_proc() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    let o = same(&["-fp", "--mount-proc", "readlink", "/proc/self"]);
    assert_eq!(o.out(), "1\n");
    let o = same(&["-fp", "--mount-proc", "sh", "-c", "echo $$; ls -d /proc/[0-9]* | head -1"]);
    assert_eq!(o.out(), "1\n/proc/1\n");
    // --mount-proc=DIR with a propagation other than private (util-linux issue #648)
    let d = TempDir::new("proc");
    let dir = d.path().to_str().expect("utf-8");
    let o = run_ours(&[
        "-fp",
        &format!("--mount-proc={dir}"),
        "--propagation=unchanged",
        "readlink",
        &format!("{dir}/self"),
    ]);
    assert_eq!(ok(&o), "1\n");
    same(&["--mount-proc=/nonexistent", "true"]);
    same(&["--mount-proc=", "true"]);
    // without --fork the program is not in the new pid namespace, its children are
    let o = same(&["-p", "sh", "-c", "sh -c 'echo $$'"]);
    assert_eq!(o.out(), "1\n");
}

#[test]
fn time_offsets_are_visible_inside() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    for args in [
        &["-T", "--monotonic=-5", "--boottime=86400", "cat", "/proc/self/timens_offsets"][..],
        &["-fT", "--monotonic", "+7", "cat", "/proc/self/timens_offsets"],
        &["--time", "--boottime=-3", "cat", "/proc/self/timens_offsets"],
        &["-T", "--monotonic=-99999999999", "true"],
    ] {
        same(args);
    }
    let uptime = |o: &Output| -> f64 {
        o.out().split_whitespace().next().and_then(|s| s.parse().ok()).expect("uptime")
    };
    let before = uptime(&run(&mut cmd("cat", ["/proc/uptime"])));
    let o = run_ours(&["-T", "--boottime=86400", "-f", "cat", "/proc/uptime"]);
    assert_eq!(o.code(), Some(0));
    assert!(uptime(&o) >= before + 86400.0, "{}", o.out());
}

/// The optional fields of the root mount's mountinfo line, numbers dropped.
const ROOT_PROPAGATION: &str =
    "awk '$5 == \"/\" { s = \"\"; for (i = 7; $i != \"-\"; i++) { sub(/:.*/, \"\", $i); s = s $i \" \" }; print s \"end\" }' /proc/self/mountinfo";

#[test]
fn propagation_of_the_new_mount_namespace() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    // a shared / to start from, in a mount namespace of the test's own
    let expect = [
        ("", "end"),
        ("private", "end"),
        ("shared", "shared end"),
        ("slave", "master end"),
        ("unchanged", "shared end"),
    ];
    for (mode, want) in expect {
        let opt = if mode.is_empty() { String::new() } else { format!("--propagation={mode}") };
        let script = format!(
            "mount --make-rshared / && \"$T\" -m {opt} sh -c '{}'",
            ROOT_PROPAGATION.replace('\'', "'\\''")
        );
        for tool in [ours().display().to_string(), REFERENCE.to_string()] {
            let o = run(isolated_sh(&script).env("T", &tool));
            assert_eq!(ok(&o).trim(), want, "{tool} --propagation={mode}");
        }
    }
    // propagation is ignored without a mount namespace
    let o = run_ours(&["--propagation=shared", "true"]);
    assert_eq!(o.code(), Some(0));
}

#[test]
fn root_directory_and_credentials() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    for args in [
        &["-R", "/", "pwd"][..],
        &["--root=/", "--wd=/tmp", "pwd"],
        &["-w", "/tmp", "pwd"],
        &["-w", "/nonexistent", "true"],
        &["-w", "", "true"],
        &["-R", "/nonexistent", "true"],
        &["-R", "/etc/passwd", "true"],
        &["-S", "65534", "-G", "65534", "sh", "-c", "id -u; id -g; id -G"],
        &["-r", "-S", "0", "-G", "0", "sh", "-c", "id -u; id -g"],
        &["-S", "0", "-G", "0", "-U", "id"],
        &["-U", "-S", "5", "true"],
    ] {
        same(args);
    }
}

#[test]
fn keep_caps_raises_ambient_capabilities() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    let amb =
        |o: &Output| ok(o).lines().find(|l| l.starts_with("CapAmb:")).map(str::to_string).expect("CapAmb");
    let with = run_ours(&["-r", "--keep-caps", "cat", "/proc/self/status"]);
    assert_ne!(amb(&with), "CapAmb:\t0000000000000000");
    let theirs = run_ref(&["-r", "--keep-caps", "cat", "/proc/self/status"]);
    assert_eq!(amb(&with), amb(&theirs));
    let without = run_ours(&["-r", "cat", "/proc/self/status"]);
    assert_eq!(amb(&without), "CapAmb:\t0000000000000000");
    // as an unprivileged user, the capabilities of the new namespace survive exec
    let o = run(&mut as_nobody(ours(), ["-c", "--keep-caps", "cat", "/proc/self/status"]));
    assert_ne!(amb(&o), "CapAmb:\t0000000000000000");
}

#[test]
fn environment_can_be_cleared_or_filtered() {
    let o = run(cmd(ours(), ["--clear-env", "/usr/bin/env"]).env("FOO", "1"));
    assert_eq!(ok(&o), "");
    let o = run(cmd(ours(), ["--whitelist-env=FOO,BAR", "/usr/bin/env"])
        .env_clear()
        .env("FOO", "1")
        .env("BAZ", "2")
        .env("BAR", "3"));
    let mut vars: Vec<String> = ok(&o).lines().map(str::to_string).collect();
    vars.sort();
    assert_eq!(vars, ["BAR=3", "FOO=1"]);
    // the program is still found without PATH (the default search path)
    let o = run(&mut cmd(ours(), ["--clear-env", "env"]));
    assert_eq!(ok(&o), "");
}

fn with_stdin(c: &mut std::process::Command, input: &str) -> Output {
    nstest::run_fed(c, input.as_bytes())
}

#[test]
fn default_program_is_a_login_shell() {
    for bin in [ours().display().to_string(), REFERENCE.to_string()] {
        let o = with_stdin(cmd(&bin, ["--"]).env("SHELL", "/bin/sh"), "echo \"$0\"\n");
        assert_eq!(ok(&o), "-sh\n", "{bin}");
        let o = with_stdin(cmd(&bin, Vec::<&str>::new()).env("SHELL", "/nonexistent/shell"), "");
        assert_eq!(o.code(), Some(127), "{bin}");
        assert_eq!(
            norm_err(&o),
            "unshare: failed to execute /nonexistent/shell: No such file or directory\n"
        );
    }
    // an empty SHELL falls back to the passwd shell (master; 2.38.1 tries to run "")
    let o = with_stdin(cmd(ours(), Vec::<&str>::new()).env("SHELL", ""), "echo \"$0\"\n");
    assert!(ok(&o).starts_with('-'));
}

#[test]
fn exit_status_and_exec_failures_match_the_reference() {
    if !have_reference() {
        return;
    }
    for args in [
        &["sh", "-c", "exit 3"][..],
        &["-f", "sh", "-c", "exit 42"],
        &["true"],
        &["-f", "false"],
        &["nonexistent-command-xyz"],
        &["-f", "nonexistent-command-xyz"],
        &["/etc/passwd"],
        &["/etc"],
        &["./"],
        &["-f", "sh", "-c", "kill -TERM $$"],
        &["-f", "sh", "-c", "kill -SEGV $$"],
        &["-f", "sh", "-c", "kill -INT $$"],
        &["-f", "sh", "-c", "kill -USR1 $$"],
    ] {
        same(args);
    }
}

#[test]
fn child_signals_are_our_death_sigkill_included() {
    for (sig, status) in [("TERM", 143), ("SEGV", 139), ("KILL", 137), ("HUP", 129), ("ABRT", 134)] {
        let o = run_ours(&["-f", "sh", "-c", &format!("kill -{sig} $$")]);
        assert_eq!(o.shell_status(), status, "SIG{sig}: {}", o.err());
        assert!(o.err().is_empty(), "{}", o.err());
    }
}

#[test]
fn waiting_parent_blocks_int_and_term_and_the_child_gets_the_callers_mask() {
    let script = "grep SigBlk /proc/$PPID/status /proc/self/status | sed 's/.*://'";
    let o = run_ours(&["-f", "sh", "-c", script]);
    assert_eq!(ok(&o), "\t0000000000004002\n\t0000000000000000\n");
    // a caller's blocked signal stays blocked for the program
    let mut c = cmd(ours(), ["-f", "sh", "-c", script]);
    // SAFETY: sigprocmask in the forked child before exec.
    unsafe {
        use std::os::unix::process::CommandExt;
        c.pre_exec(|| {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGUSR1);
            libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            Ok(())
        });
    }
    assert_eq!(ok(&run(&mut c)), "\t0000000000004202\n\t0000000000000200\n");
    // forwarding: nothing blocked, INT and TERM caught by the parent only
    let o = run_ours(&[
        "--forward-signals",
        "sh",
        "-c",
        "grep -E 'SigBlk|SigCgt' /proc/$PPID/status /proc/self/status",
    ]);
    let text = ok(&o);
    assert!(text.contains("SigBlk:\t0000000000000000"), "{text}");
    let parent_cgt = text.lines().find(|l| l.contains("SigCgt")).expect("SigCgt");
    let caught = u64::from_str_radix(parent_cgt.rsplit('\t').next().expect("mask"), 16).expect("hex");
    assert_eq!(caught & 0x4002, 0x4002, "{text}");
}

#[test]
fn the_program_inherits_only_the_callers_descriptors() {
    if !need_namespaces() {
        return;
    }
    let d = TempDir::new("fds");
    let script = "cd /proc/$$/fd && echo *";
    for args in [
        vec!["sh", "-c", script],
        vec!["-f", "sh", "-c", script],
        vec!["-f", "--kill-child", "--forward-signals", "sh", "-c", script],
        vec!["-r", "--map-users=1:100000:10", "sh", "-c", script],
        vec!["-T", "--monotonic=1", "-f", "sh", "-c", script],
    ] {
        let mut c = cmd(ours(), &args);
        pass_only_fd_7(&mut c);
        let o = run(&mut c);
        // the shell's glob reads the directory through fd 3
        assert_eq!(ok(&o), "0 1 2 3 7\n", "{args:?}");
    }
    let mut c = isolated_sh(&format!(
        "mount -t tmpfs none {dir} && touch {dir}/u {dir}/m && \
         exec \"$U\" -f --uts={dir}/u --mount={dir}/m sh -c '{script}'",
        dir = d.path().display()
    ));
    pass_only_fd_7(&mut c);
    assert_eq!(ok(&run(&mut c)), "0 1 2 3 7\n");
}

/// The caller gives the command fds 0, 1, 2 and 7 (a copy of 2), nothing else.
fn pass_only_fd_7(c: &mut std::process::Command) {
    // SAFETY: only dup2, close and close_range run in the forked child before exec.
    unsafe {
        use std::os::unix::process::CommandExt;
        c.pre_exec(|| {
            libc::dup2(2, 7);
            for fd in [3, 4, 5, 6] {
                libc::close(fd);
            }
            libc::syscall(libc::SYS_close_range, 8, u32::MAX, 0);
            Ok(())
        });
    }
}

#[test]
fn owner_creates_the_user_namespace_as_another_user() {
    if !need_namespaces() {
        return;
    }
    let o = run_ours(&[
        "--owner=65534:65534",
        "-r",
        "sh",
        "-c",
        "cat /proc/self/uid_map /proc/self/gid_map; id -u",
    ]);
    assert_eq!(ok(&o), "         0      65534          1\n         0      65534          1\n0\n");
    let o = run_ours(&["--owner=65534:65534", "-U", "sh", "-c", "cat /proc/self/uid_map; id -u"]);
    assert_eq!(ok(&o), "65534\n");
}

#[test]
fn binfmt_misc_of_the_new_user_namespace() {
    if !need_namespaces() {
        return;
    }
    let o = run_ours(&["-pf", "--mount-binfmt", "sh", "-c", "ls /proc/sys/fs/binfmt_misc; echo $$"]);
    if o.code() != Some(0) && o.err().contains("binfmt") {
        skip(&format!("binfmt_misc is not mountable in a user namespace here: {}", o.err()));
        return;
    }
    assert_eq!(ok(&o), "register\nstatus\n1\n");
    let spec = ":nsutils-test:E::nstst::/bin/true:";
    let o = run_ours(&["-rpf", "-l", spec, "sh", "-c", "cat /proc/sys/fs/binfmt_misc/nsutils-test"]);
    let text = ok(&o);
    assert!(text.starts_with("enabled\ninterpreter /bin/true\n"), "{text}");
    // the host's registrations are untouched
    assert!(!std::path::Path::new("/proc/sys/fs/binfmt_misc/nsutils-test").exists());
}

#[test]
fn well_known_failures_carry_one_hint_after_the_reference_line() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    // an unprivileged user without a user namespace (util-linux issue #3851)
    // (not --mount=FILE: 2.38.1 leaves its bind helper blocked forever when unshare fails)
    for args in [&["-n", "true"][..], &["-p", "-f", "true"], &["-m", "-u", "true"]] {
        let mine = run(&mut as_nobody(ours(), args));
        let theirs = run(&mut as_nobody(REFERENCE, args));
        assert_eq!(mine.code(), theirs.code());
        let err = mine.err();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(format!("{}\n", lines[0]), theirs.err(), "{args:?}");
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[1].starts_with("unshare: hint: ") && lines[1].contains("--map-root-user"), "{err}");
    }
    let o = run(&mut as_nobody(ours(), ["--mount=/nonexistent", "true"]));
    assert_eq!(o.err().lines().count(), 2, "{}", o.err());
    assert!(o.err().starts_with("unshare: unshare failed: Operation not permitted\nunshare: hint: "));
    // fork in a PID namespace whose init is gone: here the id-map helper was its PID 1
    let o = run(&mut cmd(
        REFERENCE,
        ["-p", &ours().display().to_string(), "-f", "--map-users=0:100000:10", "echo", "RAN"],
    ));
    assert_eq!(o.code(), Some(1));
    assert!(o.out().is_empty());
    let err = o.err();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "unshare: fork failed: Cannot allocate memory");
    assert!(lines[1].starts_with("unshare: hint: ") && lines[1].contains("--fork"), "{err}");
}
