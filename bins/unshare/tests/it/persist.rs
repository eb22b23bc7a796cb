//! Persistent namespaces (`--KIND=FILE`): bound in a mount namespace of the test's own,
//! entered again with the system nsenter, and never half done: a bind that fails
//! unmounts the others and the program does not run.

use crate::support::*;

/// Runs SCRIPT isolated, with `$D` a fresh private tmpfs (shown as `$D` in stderr).
fn in_scratch(script: &str) -> Output {
    let d = TempDir::new("persist");
    let dir = d.path().display().to_string();
    let full = format!("export D={dir}; mount -t tmpfs nsutils $D || exit 99; cd $D || exit 99; {script}");
    let mut o = run(&mut isolated_sh(&full));
    o.stderr = o.err().replace(&dir, "$D").into_bytes();
    o
}

/// Lines of our mountinfo under $D other than the tmpfs itself.
const MOUNTS_LEFT: &str = "grep -c \" $D/\" /proc/self/mountinfo";

#[test]
fn uts_namespace_survives_its_process() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    for tool in ["$U", "$R"] {
        let o = in_scratch(&format!(
            "touch uts && {tool} --uts=$D/uts hostname kept-alive && nsenter --uts=$D/uts hostname && hostname"
        ));
        let text = ok(&o);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("kept-alive"), "{tool}");
        assert_ne!(lines.next(), Some("kept-alive"), "{tool}");
    }
}

#[test]
fn user_namespace_file_works() {
    if !need_namespaces() {
        return;
    }
    // util-linux before 2.42 could not bind it: after unshare(2) it lacked the rights
    let o = in_scratch(
        "touch user && \"$U\" --user=$D/user -r true && nsenter --user=$D/user cat /proc/self/uid_map",
    );
    assert_eq!(ok(&o).split_whitespace().collect::<Vec<_>>(), ["0", "0", "1"]);
    let o = in_scratch(
        "touch user && setpriv --reuid=65534 --regid=65534 --clear-groups -- \"$U\" --user=$D/user -r true; echo $?",
    );
    // an unprivileged user cannot mount in the original mount namespace
    assert_eq!(o.out(), "1\n");
    assert!(norm_err(&o).starts_with("unshare: mount /proc/N/ns/user on "), "{}", o.err());
}

#[test]
fn every_kind_at_once_with_fork() {
    if !need_namespaces() {
        return;
    }
    let kinds = ["user", "cgroup", "ipc", "uts", "net", "pid", "mount", "time"];
    let files: Vec<String> = kinds.iter().map(|k| format!("--{k}=$D/{k}")).collect();
    let script = format!(
        "touch {touch} && \"$U\" -f -r --monotonic=-7 {files} sh -c 'hostname inside; echo $$' && \
         for k in {kinds}; do stat -f -c %T $D/$k; done && \
         nsenter --uts=$D/uts hostname && \
         nsenter --time=$D/time cat /proc/self/timens_offsets | grep monotonic && \
         nsenter --mount=$D/mount --user=$D/user --preserve-credentials true && echo entered",
        touch = kinds.join(" "),
        files = files.join(" "),
        kinds = kinds.join(" "),
    );
    let text = ok(&in_scratch(&script));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "1", "{text}");
    assert!(lines[1..9].iter().all(|l| *l == "nsfs"), "{text}");
    assert_eq!(lines[9], "inside");
    assert_eq!(lines[10].split_whitespace().collect::<Vec<_>>(), ["monotonic", "-7", "0"]);
    assert_eq!(lines[11], "entered");
}

#[test]
fn mount_namespace_file_needs_a_private_mount() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    // on a private mount it works (the scratch runs on CPU 0, so ids from CPU 0 grow)...
    let o =
        in_scratch("touch m && \"$U\" --mount=$D/m true && stat -f -c %T $D/m && nsenter --mount=$D/m true");
    assert_eq!(ok(&o), "nsfs\n");
    // ...except when the new namespace got a lower id than ours: Linux 6.18 numbers them
    // in per-CPU batches (the reference fails too); then the hint says so, not to
    // change the mount
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    for cpu in 1..cpus {
        let o = in_scratch(&format!("touch m && taskset -c {cpu} \"$U\" --mount=$D/m true"));
        if o.code() == Some(0) {
            continue;
        }
        let err = norm_err(&o);
        assert_eq!(
            err.lines().next(),
            Some("unshare: mount /proc/N/ns/mnt on $D/m failed: Invalid argument")
        );
        let hint = err.lines().nth(1).unwrap_or_default();
        assert!(hint.contains("lower id") && !hint.contains("--make-private"), "{err}");
    }
    // on a shared mount the kernel refuses (util-linux issue #289): same error, and a hint
    for tool in ["$U", "$R"] {
        let o = in_scratch(&format!("mount --make-shared $D && touch m && {tool} --mount=$D/m echo RAN"));
        assert_eq!(o.code(), Some(1));
        assert!(o.out().is_empty());
        let err = norm_err(&o);
        let first = err.lines().next().unwrap_or_default();
        assert_eq!(first, "unshare: mount /proc/N/ns/mnt on $D/m failed: Invalid argument");
        if tool == "$U" {
            let hint = err.lines().nth(1).unwrap_or_default();
            assert!(hint.starts_with("unshare: hint: ") && hint.contains("mount --make-private"), "{err}");
            assert!(!hint.contains("run it again"), "{err}");
        }
    }
}

#[test]
fn pid_namespace_file_needs_fork() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    let mut errs = Vec::new();
    for tool in ["$R", "$U"] {
        let o = in_scratch(&format!("touch pid && {tool} --pid=$D/pid echo RAN; echo $?; {MOUNTS_LEFT}"));
        assert_eq!(o.out(), "1\n0\n", "{tool}");
        errs.push(norm_err(&o));
    }
    assert_eq!(without_hints(&errs[1]), errs[0]);
    assert_eq!(
        errs[0],
        "unshare: mount /proc/N/ns/pid_for_children on $D/pid failed: No such file or directory\n"
    );
    assert!(errs[1].contains("unshare: hint: "), "{}", errs[1]);
    let o = in_scratch("touch pid && \"$U\" --pid=$D/pid --fork true && stat -f -c %T $D/pid");
    assert_eq!(ok(&o), "nsfs\n");
}

/// A failure half way: what was bound is unmounted again and the program never runs.
#[test]
fn a_failed_bind_leaves_nothing_behind() {
    if !need_namespaces() {
        return;
    }
    // binds go user, cgroup, ipc, uts, net, pid, mnt, time: the missing file fails late
    for setup in [
        // through the helper (a mount namespace is new), with and without --fork
        "--ipc=$D/ipc --uts=$D/uts --net=$D/net --mount=$D/missing",
        "-f --ipc=$D/ipc --uts=$D/uts --net=$D/net --mount=$D/missing",
        "-f --user=$D/user -r --cgroup=$D/cgroup --time=$D/missing",
        // bound by unshare itself (no mount or user namespace)
        "--ipc=$D/ipc --uts=$D/uts --net=$D/missing",
        "-f --ipc=$D/ipc --uts=$D/uts --pid=$D/pid --time=$D/missing",
        "--ipc=$D/ipc --uts=$D/uts --pid=$D/pid",
    ] {
        let o = in_scratch(&format!(
            "touch ipc uts net user cgroup pid && \"$U\" {setup} sh -c 'echo RAN; touch $D/ran'; echo $?; \
             {MOUNTS_LEFT}; ls $D/ran 2>/dev/null || echo not-run"
        ));
        assert_eq!(o.out(), "1\n0\nnot-run\n", "{setup}: {}", o.err());
        assert!(norm_err(&o).starts_with("unshare: mount /proc/N/ns/"), "{setup}: {}", o.err());
        assert_eq!(o.err().lines().filter(|l| !l.starts_with("unshare: hint: ")).count(), 1, "{}", o.err());
    }
}

#[test]
fn the_last_file_for_a_kind_wins() {
    if !need_namespaces() {
        return;
    }
    let o = in_scratch("touch a b && \"$U\" --uts=$D/a --uts=$D/b true && stat -f -c %T $D/a $D/b");
    assert_eq!(ok(&o), "tmpfs\nnsfs\n");
}

#[test]
fn binds_our_own_namespaces_inside_a_pid_namespace_without_its_proc() {
    if !need_namespaces() {
        return;
    }
    // getpid() is 2 there, but /proc still numbers the host's processes
    let o = in_scratch(
        "touch u m && \"$R\" -fp sh -c '\"$U\" --uts=$D/u hostname inner && \"$U\" --mount=$D/m -r --map-users=1:100000:5 true' \
         && nsenter --uts=$D/u hostname && nsenter --mount=$D/m true && echo ok",
    );
    assert_eq!(ok(&o), "inner\nok\n");
}
