//! What the program nsenter runs gets: exit status and signal passthrough, signal
//! forwarding and stop mirroring when forked, descriptors, credentials, root and
//! working directory and environment (the cgroup: cgroup.rs).

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::Stdio;

use crate::support::*;

/// A target in new mount, UTS and PID namespaces, or None (after saying why) when
/// namespaces cannot be made here.
fn pid_target() -> Option<Sleeper> {
    nstest::need_namespaces()
        .then(|| Sleeper::unshare(&["-m", "-u", "-p", "-f", "--mount-proc"], "hostname forked"))
}

#[test]
fn exit_status_and_signal_death() {
    let Some(t) = pid_target() else { return };
    let pid = t.pid_arg();
    for (script, status) in
        [("exit 42", 42), ("exit 0", 0), ("kill -TERM $$", 128 + 15), ("kill -SEGV $$", 128 + 11)]
    {
        for fork in [&["-p"][..], &["-p", "-F"], &["-u"]] {
            let mut args = vec!["-t", &pid];
            args.extend(fork);
            args.extend(["sh", "-c", script]);
            let o = same(&args);
            assert_eq!(o.shell_status(), status, "{args:?}");
        }
    }
    let o = same(&["-t", &pid, "-p", "sh", "-c", "kill -KILL $$"]);
    assert_eq!(o.status.signal(), Some(9));
    let o = same(&["-t", &pid, "-p", "/nonexistent/program"]);
    assert_eq!(o.code(), Some(127));
    let o = same(&["-t", &pid, "-p", "/"]);
    assert_eq!(o.code(), Some(126));
}

#[test]
fn a_signal_our_caller_ignores_does_not_kill_us() {
    // util-linux sends the child's signal on to itself only: ignored (nohup), it
    // survives and exits 1 without a word
    let Some(t) = pid_target() else { return };
    let pid = t.pid_arg();
    let args = ["-t", &pid, "-p", "env", "--default-signal=USR1", "sh", "-c", "kill -USR1 $$"];
    let ignoring_usr1 = |mut c: std::process::Command| {
        // SAFETY: only signal(2) runs between fork and exec.
        unsafe {
            c.pre_exec(|| {
                libc::signal(libc::SIGUSR1, libc::SIG_IGN);
                Ok(())
            });
        }
        run(&mut c)
    };
    let (a, b) = (ignoring_usr1(ours_cmd(&args)), ignoring_usr1(theirs_cmd(&args)));
    assert_eq!((a.shell_status(), a.out(), a.err()), (b.shell_status(), b.out(), b.err()));
    assert_eq!(a.code(), Some(1));
}

#[test]
fn default_program_is_a_login_shell() {
    let Some(t) = pid_target() else { return };
    let o = run(ours_cmd(&["-t", &t.pid_arg(), "-u"]).env("SHELL", "/bin/sh").stdin(Stdio::null()));
    assert_eq!(o.code(), Some(0), "{}", o.err());
    let o = run(ours_cmd(&["-t", &t.pid_arg(), "-u"]).env("SHELL", "/nonexistent/shell"));
    assert_eq!(
        (o.code(), o.err()),
        (Some(127), "nsenter: failed to execute /nonexistent/shell: No such file or directory\n".into())
    );
}

/// Starts ours forking into the target's pid namespace to run `script`, and waits for
/// the shell it runs: returns (nsenter's child, the shell's pid).
fn forked(t: &Sleeper, script: &str) -> (std::process::Child, i32) {
    let child = ours_cmd(&["-t", &t.pid_arg(), "-p", "sh", "-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nsenter");
    let nsenter = child.id() as i32;
    let mut shell = 0;
    wait_until("the forked shell", || {
        shell = children(nsenter)
            .into_iter()
            .find(|&c| comm(c) == "sleep" || children(c).iter().any(|&g| comm(g) == "sleep"))
            .unwrap_or(0);
        shell != 0
    });
    (child, shell)
}

fn wait_exit(mut child: std::process::Child) -> std::process::ExitStatus {
    let mut status = None;
    wait_until("nsenter to exit", || {
        status = child.try_wait().expect("try_wait");
        status.is_some()
    });
    status.expect("status")
}

fn state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rfind(')').and_then(|i| stat[i + 2..].chars().next()).unwrap_or('?')
}

fn kill(pid: i32, sig: i32) {
    assert!(pid > 0);
    // SAFETY: kill(2) of a process this test started.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
}

#[test]
fn terminating_signals_reach_the_child_and_its_fate_is_ours() {
    let Some(t) = pid_target() else { return };
    for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        // the child dies of it, and so do we (util-linux would die and orphan it)
        let (child, shell) = forked(&t, "exec sleep 20");
        let nsenter = child.id() as i32;
        kill(nsenter, sig);
        let st = wait_exit(child);
        assert_eq!(st.signal(), Some(sig), "{st:?}");
        wait_until("the shell to go", || state(shell) == '?' || state(shell) == 'Z');
        // a child that handles it decides our status
        let (child, _) = forked(&t, "trap 'exit 3' TERM INT HUP; sleep 20 & wait");
        kill(child.id() as i32, sig);
        assert_eq!(wait_exit(child).code(), Some(3));
    }
}

#[test]
fn stops_are_mirrored() {
    let Some(t) = pid_target() else { return };
    let (child, shell) = forked(&t, "exec sleep 20");
    let nsenter = child.id() as i32;
    kill(shell, libc::SIGSTOP);
    wait_until("nsenter to stop with its child", || state(nsenter) == 'T');
    kill(nsenter, libc::SIGCONT);
    wait_until("the child to continue with nsenter", || state(shell) == 'S');
    kill(shell, libc::SIGKILL);
    assert_eq!(wait_exit(child).signal(), Some(libc::SIGKILL));
}

#[test]
fn the_program_inherits_no_descriptor_of_ours() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Sleeper::unshare(&["-m", "-u", "-i", "-n", "-p", "-f", "--mount-proc", "-C"], "cd /");
    let file = format!("--uts={}", t.path("ns/uts").display());
    let script = "ls /proc/$$/fd";
    // what the test harness itself passes on is not ours
    let baseline = run(&mut cmd("sh", ["-c", script])).out();
    for args in [
        vec!["-t", &t.pid_arg(), "-a", "-r", "-w", "-e", "-S", "follow", "-G", "follow", "sh", "-c", script],
        vec!["-t", &t.pid_arg(), "-u", "-i", "-n", "-C", "-F", "--wdns=/", "sh", "-c", script],
        vec![&file, "-r/", "-w/", "sh", "-c", script],
    ] {
        let o = nsenter(&args);
        assert_eq!((o.code(), o.out()), (Some(0), baseline.clone()), "{args:?}: {}", o.err());
    }
}

#[test]
fn credentials() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Sleeper::unshare(&["-u"], "true");
    let pid = t.pid_arg();
    let ids = |o: &Output| {
        let s = o.out();
        (status_field(&s, "Uid"), status_field(&s, "Gid"), status_field(&s, "Groups"))
    };
    let o = same(&[
        "-t",
        &pid,
        "-u",
        "-S",
        "1234",
        "-G",
        "2345",
        "grep",
        "-E",
        "^(Uid|Gid|Groups):",
        "/proc/self/status",
    ]);
    assert_eq!(ids(&o), ("1234 1234 1234 1234".into(), "2345 2345 2345 2345".into(), String::new()));
    let o = same(&["-t", &pid, "-u", "--setuid=7", "grep", "-E", "^(Uid|Gid|Groups):", "/proc/self/status"]);
    assert_eq!(ids(&o).0, "7 7 7 7");
    // follow: the owner of the target
    let owned = Sleeper::spawn(nstest::as_nobody(
        "/usr/bin/unshare",
        ["-U", "--map-user=1000", "--map-group=1000", "sleep", "30"],
    ));
    let follow = |ns: &str| {
        let pid = owned.pid_arg();
        nsenter(&[
            "-t",
            &pid,
            ns,
            "-S",
            "follow",
            "-G",
            "follow",
            "grep",
            "-E",
            "^(Uid|Gid|Groups):",
            "/proc/self/status",
        ])
    };
    let o = follow("-n");
    assert_eq!(ids(&o), ("65534 65534 65534 65534".into(), "65534 65534 65534 65534".into(), String::new()));
    // and, inside its user namespace, the owner as it is mapped there
    let o = follow("-U");
    assert_eq!(ids(&o).0, "1000 1000 1000 1000", "{}", o.err());

    // a user namespace: uid/gid 0 unless --preserve-credentials
    let u = Sleeper::unshare(&["-U"], "true");
    let upid = u.pid_arg();
    for map in ["uid_map", "gid_map"] {
        std::fs::write(u.path(map), "0 100000 65536\n").expect("write id map");
    }
    let script = "id -u; id -g; cat /proc/self/uid_map";
    let o = same(&["-t", &upid, "-U", "sh", "-c", script]);
    assert_eq!(o.out().lines().take(2).collect::<Vec<_>>(), ["0", "0"], "{}", o.err());
    let o = same(&["-t", &upid, "-U", "-S", "1000", "-G", "1000", "sh", "-c", script]);
    assert_eq!(o.out().lines().take(2).collect::<Vec<_>>(), ["1000", "1000"]);
    let o = same(&["-t", &upid, "-U", "--preserve-credentials", "sh", "-c", script]);
    assert_eq!(o.out().lines().take(2).collect::<Vec<_>>(), ["65534", "65534"]);
    // an id the namespace does not map
    let o = nsenter(&["-t", &upid, "-U", "-S", "70000", "true"]);
    let r = theirs(&["-t", &upid, "-U", "-S", "70000", "true"]);
    assert_eq!((o.code(), o.err().lines().next()), (r.code(), r.err().lines().next()));
    assert_eq!(o.err().lines().next(), Some("nsenter: setuid failed: Invalid argument"));
    assert!(o.err().contains("nsenter: hint: "));
}

#[test]
fn root_and_working_directory() {
    if !nstest::need_namespaces() {
        return;
    }
    let dir = TempDir::new("wd");
    std::fs::create_dir_all(dir.0.join("sub/inner")).expect("mkdir");
    std::fs::write(dir.0.join("sub/marker"), "x").expect("write");
    let t = Sleeper::unshare(&["-m", "-u"], &format!("cd {}/sub", dir.s()));
    let pid = t.pid_arg();
    let sub = format!("{}/sub", dir.s());
    for (args, out) in [
        (vec!["-t", &pid, "-m", "-w", "pwd"], format!("{sub}\n")),
        (vec!["-t", &pid, "-m", "pwd"], "/\n".to_string()),
        (vec!["-t", &pid, "-m", "-r", "-w", "pwd"], format!("{sub}\n")),
        (vec!["-t", &pid, "-m", "-W/tmp", "pwd"], "/tmp\n".to_string()),
        (vec!["-t", &pid, "-u", "--wd=/tmp", "pwd"], "/tmp\n".to_string()),
        (vec!["-t", &pid, "-u", &format!("--root={sub}"), "/bin/pwd"], String::new()),
    ] {
        let o = same(&args);
        assert_eq!(o.out(), out, "{args:?}: {}", o.err());
    }
    // --root=DIR without a working directory option keeps ours
    let o = same(&["-t", &pid, "-u", "-r/", "pwd"]);
    assert_eq!(o.out(), format!("{}\n", std::env::current_dir().expect("cwd").display()));
    // chroot into the target's cwd and look around; --wdns is resolved in the new root
    let o = same(&["-t", &pid, "-u", &format!("-r{sub}"), "-W/inner", "/bin/pwd"]);
    assert_eq!(o.code(), Some(127), "no /bin/pwd in the new root");
    let o = same(&["-t", &pid, "-u", &format!("-r{sub}"), "-W/nonexistent", "true"]);
    assert_eq!(o.err(), "nsenter: cannot open current working directory: No such file or directory\n");
    // -W takes its directory as 2.38.1 does
    let o = same(&["-t", &pid, "-m", "-W", "/tmp", "pwd"]);
    assert_eq!(o.out(), "/tmp\n");
    // --wdns without a directory: the target's working directory, looked up inside
    let o = nsenter(&["-t", &pid, "-m", "--wdns", "pwd"]);
    assert_eq!(o.out(), format!("{sub}\n"), "{}", o.err());
}

#[test]
fn environment_of_the_target() {
    if !nstest::need_namespaces() {
        return;
    }
    let t = Sleeper::spawn({
        let mut c = std::process::Command::new("env");
        c.args([
            "-i",
            "FOO=bar",
            "EMPTY=",
            "B=two words",
            "FOO=second",
            "/usr/bin/unshare",
            "-u",
            "sleep",
            "30",
        ]);
        c
    });
    let o = nsenter(&["-t", &t.pid_arg(), "-u", "-e", "/usr/bin/env"]);
    // env(1) replaced the first FOO in place
    assert_eq!(o.out(), "FOO=second\nEMPTY=\nB=two words\n", "{}", o.err());
    let o = nsenter(&["-t", &t.pid_arg(), "-u", "--env", "sh", "-c", "echo $B"]);
    assert_eq!(o.out(), "two words\n");
    // an empty environment is an environment
    let empty = Sleeper::spawn({
        let mut c = std::process::Command::new("env");
        c.args(["-i", "/usr/bin/unshare", "-u", "sleep", "30"]);
        c
    });
    let o = nsenter(&["-t", &empty.pid_arg(), "-u", "-e", "/usr/bin/env"]);
    assert_eq!((o.code(), o.out(), o.err()), (Some(0), String::new(), String::new()));
}
