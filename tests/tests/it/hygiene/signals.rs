//! Exit statuses and fatal signals pass through unshare --fork and nsenter with a
//! PID namespace; no helper process outlives a run or stays a zombie while the
//! program runs; `--kill-child` takes the child along when unshare is SIGKILLed.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::Duration;

use nstest::{need_namespaces, ours, panic_text, run_in_session, session_members, Output};

use nstest::{children, comm, gone_within, Sleeper, TempDir};

/// How a run must end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Code(i32),
    Signal(i32),
}

fn ended(out: &Output) -> End {
    match out.status.code() {
        Some(c) => End::Code(c),
        None => End::Signal(out.status.signal().unwrap_or(0)),
    }
}

/// `tool args...` in its own session, without core dumps.
fn tool(name: &str, args: &[&str]) -> Command {
    let mut c = Command::new(ours(name));
    c.arg0(name).args(args);
    // SAFETY: setrlimit is async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            Ok(())
        });
    }
    c
}

/// Runs each case; every one must end as given, print no panic and leave no
/// process of its session behind.
fn check_ends(name: &str, cases: &[(Vec<String>, End)]) {
    let mut failures = Vec::new();
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (out, left) = run_in_session(&mut tool(name, &args));
        let what = format!("{name} {}", args.join(" "));
        // the programs here crash on purpose: only a panic message counts
        if let Some(p) = panic_text(&out) {
            failures.push(format!("{what}: {p}"));
        }
        if ended(&out) != *want {
            failures.push(format!("{what}: ended {:?}, want {want:?}; stderr {:?}", ended(&out), out.err()));
        }
        if !left.is_empty() {
            failures.push(format!("{what}: left processes behind: {left:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn sh(prefix: &[&str], script: &str) -> Vec<String> {
    prefix.iter().map(|s| s.to_string()).chain(["sh".to_string(), "-c".into(), script.into()]).collect()
}

/// The ends every forking path must pass through.
fn endings(prefix: &[&str]) -> Vec<(Vec<String>, End)> {
    vec![
        (sh(prefix, "exit 0"), End::Code(0)),
        (sh(prefix, "exit 7"), End::Code(7)),
        (sh(prefix, "exit 255"), End::Code(255)),
        (sh(prefix, "kill -TERM $$"), End::Signal(libc::SIGTERM)),
        (sh(prefix, "kill -INT $$"), End::Signal(libc::SIGINT)),
        (sh(prefix, "kill -HUP $$"), End::Signal(libc::SIGHUP)),
        (sh(prefix, "kill -SEGV $$"), End::Signal(libc::SIGSEGV)),
        (sh(prefix, "kill -ABRT $$"), End::Signal(libc::SIGABRT)),
        (sh(prefix, "kill -KILL $$"), End::Signal(libc::SIGKILL)),
        (prefix.iter().map(|s| s.to_string()).chain(["/nonexistent".to_string()]).collect(), End::Code(127)),
    ]
}

#[test]
fn unshare_fork_passes_statuses_and_signals_through() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let mut cases = Vec::new();
    for prefix in [
        &["-f"][..],
        &["-f", "-m", "-u"],
        &["-U", "-r", "-f"],
        &["--kill-child"],
        &["--kill-child=SIGTERM", "-i"],
        &["--forward-signals", "-n"],
        &["-f", "-T", "--monotonic=3"],
    ] {
        cases.extend(endings(prefix));
    }
    // as PID 1 of a new namespace, sh cannot signal itself: its child can
    for prefix in [&["-p", "-f"][..], &["-p", "-f", "--mount-proc", "--kill-child"]] {
        cases.push((sh(prefix, "exit 9"), End::Code(9)));
        cases.push((sh(prefix, "sh -c 'kill -TERM $$'; exit $?"), End::Code(128 + libc::SIGTERM)));
    }
    check_ends("unshare", &cases);
}

#[test]
fn nsenter_pid_namespace_passes_statuses_and_signals_through() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let target = Sleeper::in_namespaces(&["-p", "-f", "-m", "--mount-proc"]);
    let user = Sleeper::in_namespaces(&["-U", "-r", "-p", "-f", "-m", "--mount-proc"]);
    let (t, u) = (target.pid_arg(), user.pid_arg());
    let mut cases = Vec::new();
    for prefix in [&["-t", &t, "-p"][..], &["-t", &t, "-p", "-m"], &["-t", &t, "-a"], &["-t", &u, "-a"]] {
        cases.extend(endings(prefix));
    }
    check_ends("nsenter", &cases);
}

/// The init of a new PID namespace killed from outside: unshare dies by the same
/// signal (2.38.1 printed `sigprocmask unblock failed` and exited 1).
#[test]
fn unshare_mirrors_a_sigkilled_pid_namespace_init() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    for args in [&["-p", "-f", "--mount-proc"][..], &["-p", "-f", "-U", "-r", "--mount-proc"], &["-f"]] {
        let mut c = tool("unshare", args);
        c.args(["sleep", "600"]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("start unshare");
        let sleeper = wait_for_child(child.id() as i32);
        // SAFETY: kill has no memory preconditions; the pid is our sleep.
        unsafe { libc::kill(sleeper, libc::SIGKILL) };
        let status = nstest::wait_child(&mut child, "unshare");
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "unshare {args:?} after its child was SIGKILLed: {status:?}"
        );
    }
}

fn wait_for_child(parent: i32) -> i32 {
    for _ in 0..1000 {
        if let Some(&c) = children(parent).first() {
            if comm(c) == "sleep" {
                return c;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{parent} started no sleep");
}

/// `--kill-child` under SIGKILL of unshare: the child, and with `-p` every process
/// of the namespace, dies too.
#[test]
fn kill_child_follows_a_sigkilled_unshare() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let cases: [(&[&str], &str); 4] = [
        (&["--kill-child"], "exec sleep 600"),
        (&["--kill-child=SIGTERM", "-m"], "exec sleep 600"),
        (&["--kill-child", "-p", "--mount-proc"], "sleep 600 & sleep 600 & exec sleep 600"),
        // the init of a PID namespace ignores signals it has no handler for; KILL it is
        (&["--kill-child", "-U", "-r", "-p"], "sleep 600 & exec sleep 600"),
    ];
    for (args, script) in cases {
        let mut c = tool("unshare", args);
        c.args(["sh", "-c", script]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        // SAFETY: setsid is async-signal-safe.
        unsafe {
            c.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        let mut child = c.spawn().expect("start unshare");
        let unshare = child.id() as i32;
        let sleeper = wait_for_child(unshare);
        // SAFETY: as above.
        unsafe { libc::kill(unshare, libc::SIGKILL) };
        let _ = child.wait();
        assert!(
            gone_within(sleeper, Duration::from_secs(10)),
            "unshare {args:?}: the child outlived its parent"
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut left = session_members(unshare);
        while !left.is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            left = session_members(unshare);
        }
        for (pid, _) in &left {
            // SAFETY: as above; these are our processes.
            unsafe { libc::kill(*pid, libc::SIGKILL) };
        }
        assert!(left.is_empty(), "unshare {args:?}: processes outlived it: {left:?}");
    }
}

/// While the program runs, no helper of the tool is left over: without a fork the
/// program (which the tool became) has no children, with one the tool has only the
/// program. Reads /proc with shell builtins, which start no process.
#[test]
fn no_helper_is_left_while_the_program_runs() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let dir = TempDir::new("zombies");
    let own = "read -r c < /proc/$$/task/$$/children || true; echo \"[$c]\"";
    let parent =
        "read -r c < /proc/$PPID/task/$PPID/children || true; echo \"[$c]\" | sed \"s/\\[$$\\]/[self]/\"";
    let target = Sleeper::plain();
    let t = target.pid_arg();
    let cases: Vec<(&str, Vec<String>, &str, &str)> = vec![
        ("unshare", vec!["-m".into()], own, "[]"),
        ("unshare", vec![format!("--uts={}", dir.file("a"))], own, "[]"),
        ("unshare", vec!["-m".into(), format!("--uts={}", dir.file("b"))], own, "[]"),
        ("unshare", vec!["-r".into(), format!("--user={}", dir.file("c"))], own, "[]"),
        ("unshare", vec!["-U".into(), "--map-users=0:0:10".into(), "--map-groups=0:0:10".into()], own, "[]"),
        ("unshare", vec!["-f".into()], parent, "[self]"),
        ("unshare", vec!["-f".into(), format!("--ipc={}", dir.file("d"))], parent, "[self]"),
        ("unshare", vec!["-f".into(), "-m".into(), format!("--net={}", dir.file("e"))], parent, "[self]"),
        (
            "unshare",
            vec!["-U".into(), "--map-users=0:0:10".into(), "--map-groups=0:0:10".into(), "-f".into()],
            parent,
            "[self]",
        ),
        ("unshare", vec!["--kill-child".into(), "-r".into()], parent, "[self]"),
        ("nsenter", vec!["-t".into(), t.clone(), "-m".into(), "-u".into()], own, "[]"),
        ("nsenter", vec!["-t".into(), t.clone(), "-a".into()], parent, "[self]"),
        ("chroot", vec!["/".into()], own, "[]"),
    ];
    let mut failures = Vec::new();
    for (name, args, script, want) in cases {
        let mut c = tool(name, &args.iter().map(String::as_str).collect::<Vec<_>>());
        c.args(["sh", "-c", script]);
        nstest::in_private_namespaces(&mut c);
        let (out, left) = run_in_session(&mut c);
        let what = format!("{name} {}", args.join(" "));
        if !out.status.success() || out.out().trim() != want || !left.is_empty() {
            failures.push(format!(
                "{what}: {:?} {:?} stderr {:?} left {left:?}",
                out.status,
                out.out(),
                out.err()
            ));
        }
    }
    assert!(failures.is_empty(), "helpers left over:\n{}", failures.join("\n"));
}

/// The program gets the caller's signal mask and ignored signals, whatever the tool
/// blocked or ignored for itself on the way (unshare --fork blocks INT and TERM in
/// its parent; Rust ignores SIGPIPE before main).
#[test]
fn the_program_inherits_the_callers_signal_setup() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let status = ["sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"];
    let setup = |c: &mut Command, ignore_pipe: bool| {
        // SAFETY: sigprocmask and signal are async-signal-safe.
        unsafe {
            c.pre_exec(move || {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGUSR1);
                libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                libc::signal(libc::SIGHUP, libc::SIG_IGN);
                libc::signal(libc::SIGPIPE, if ignore_pipe { libc::SIG_IGN } else { libc::SIG_DFL });
                Ok(())
            });
        }
    };
    let target = Sleeper::plain();
    let ns = Sleeper::in_namespaces(&["-p", "-f", "-m", "--mount-proc"]);
    let (t, n) = (target.pid_arg(), ns.pid_arg());
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("unshare", vec!["-m"]),
        ("unshare", vec!["-f"]),
        ("unshare", vec!["-U", "-r", "-f", "-p"]),
        ("unshare", vec!["--kill-child"]),
        ("unshare", vec!["--forward-signals"]),
        ("nsenter", vec!["-t", &t, "-m"]),
        ("nsenter", vec!["-t", &n, "-p", "-m"]),
        ("chroot", vec!["/"]),
    ];
    let mut failures = Vec::new();
    for ignore_pipe in [false, true] {
        let mut direct = Command::new(status[0]);
        direct.args(&status[1..]);
        setup(&mut direct, ignore_pipe);
        let want = nstest::run(&mut direct).out();
        for (name, args) in &cases {
            let mut c = tool(name, args);
            c.args(status);
            setup(&mut c, ignore_pipe);
            let (out, _) = run_in_session(&mut c);
            if out.out() != want {
                failures.push(format!(
                    "{name} {} (SIGPIPE {}): {:?}, want {want:?} {}",
                    args.join(" "),
                    if ignore_pipe { "ignored" } else { "default" },
                    out.out(),
                    out.err()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the program's signal setup differs from the caller's:\n{}",
        failures.join("\n")
    );
}
