//! After every unshare and nsenter path, successful or failing half way, the
//! caller's mount table is what it was, except for the namespace files a successful
//! `--KIND=FILE` binds on purpose.
//!
//! Each run happens in fresh private namespaces under a shell that snapshots the
//! mount table before and after (`nstest::watched`): that namespace is the tool's
//! host, and the real host is compared once more around the whole test.

use std::collections::BTreeSet;

use nstest::{need_namespaces, ours, panic_signs, run_in_session, watched, HostState};

use nstest::{Sleeper, TempDir};

/// What a case may leave mounted: nothing, or nsfs binds on exactly these files.
enum Leaves {
    Nothing,
    Binds(Vec<String>),
    /// The binds if the run succeeded, nothing if it failed. Binding a mount
    /// namespace fails now and then with EINVAL on this kernel when namespaces are
    /// created on other CPUs at the same time (its loop check compares namespace
    /// ids that are not allocated in order): the reference's `--mount=FILE` too.
    BindsIfOk(Vec<String>),
}

/// Mount points added and removed between the two snapshots of a report.
fn mount_changes(report: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (before, after) = report.split_once("\nafter:\n").unwrap_or((report, ""));
    let lines = |s: &str| -> BTreeSet<String> {
        s.lines()
            .filter(|l| l.split(' ').nth(4).is_some_and(|t| t.starts_with('/')))
            .map(str::to_string)
            .collect()
    };
    let (b, a) = (lines(before.trim_start_matches("before:\n")), lines(after));
    let target_of = |l: &String| -> String {
        let fields: Vec<&str> = l.split(' ').collect();
        let fstype =
            fields.iter().position(|f| *f == "-").and_then(|i| fields.get(i + 1)).copied().unwrap_or("?");
        format!("{} {fstype}", fields[4])
    };
    (a.difference(&b).map(target_of).collect(), b.difference(&a).map(target_of).collect())
}

fn check(tool: &str, args: &[String], setup: &str, leaves: &Leaves, failures: &mut Vec<String>) {
    let (mut c, watch) = watched(&ours(tool), tool, args, setup);
    let (out, left) = run_in_session(&mut c);
    let what = format!("{tool} {}", args.join(" "));
    if !left.is_empty() {
        failures.push(format!("{what}: left processes behind: {left:?}"));
    }
    if let Some(p) = panic_signs(&out) {
        failures.push(format!("{what}: {p}"));
    }
    if out.status.code() == Some(200) {
        failures.push(format!("{what}: the setup failed: {}", out.err()));
        return;
    }
    let report = watch.changes().unwrap_or_default();
    let (added, removed) = mount_changes(&report);
    let want: BTreeSet<String> = match leaves {
        Leaves::Nothing => BTreeSet::new(),
        Leaves::BindsIfOk(_) if !out.status.success() => BTreeSet::new(),
        Leaves::Binds(files) | Leaves::BindsIfOk(files) => {
            files.iter().map(|f| format!("{f} nsfs")).collect()
        }
    };
    if added != want || !removed.is_empty() {
        failures.push(format!(
            "{what} (exit {:?}, stderr {:?}):\n    mounted {added:?} (want {want:?}), unmounted {removed:?}",
            out.status.code(),
            out.err()
        ));
    }
}

fn v(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[test]
fn unshare_leaves_the_callers_mounts_alone() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let host = HostState::now();
    let dir = TempDir::new("mounts-unshare");
    let d = |n: &str| dir.join(n).display().to_string();
    let (shared, ro) = (d("shared"), d("ro"));
    let touch =
        |names: &[&str]| names.iter().map(|n| format!("touch {}", d(n))).collect::<Vec<_>>().join("; ");
    let files = touch(&["f", "g", "u", "p", "m", "n"]);
    let shared_setup =
        format!("mkdir -p {shared} && mount -t tmpfs none {shared} && mount --make-shared {shared} && touch {shared}/f");
    let ro_setup =
        format!("mkdir -p {ro} && mount -t tmpfs none {ro} && touch {ro}/f && mount -o remount,ro,bind {ro}");
    let nothing = || Leaves::Nothing;
    let cases: Vec<(Vec<String>, String, Leaves)> = vec![
        (v(&["-m", "true"]), String::new(), nothing()),
        (v(&["-m", "-f", "true"]), String::new(), nothing()),
        (v(&["-m", "--propagation=shared", "true"]), String::new(), nothing()),
        (v(&["-m", "--propagation=slave", "true"]), String::new(), nothing()),
        (v(&["-m", "--propagation=unchanged", "true"]), String::new(), nothing()),
        (v(&["-p", "-f", "--mount-proc", "true"]), String::new(), nothing()),
        (v(&["-r", "-m", "-p", "-f", "--mount-proc=/proc", "true"]), String::new(), nothing()),
        (v(&["-U", "-r", "-m", "-R", "/", "-w", "/tmp", "true"]), String::new(), nothing()),
        (v(&["--mount-binfmt", "true"]), String::new(), nothing()),
        // failures before, during and after binding namespace files
        (v(&["-m", "--mount-proc=/nonexistent", "true"]), String::new(), nothing()),
        (v(&["-m", "-R", "/nonexistent", "true"]), String::new(), nothing()),
        (v(&["-m", "-w", "/nonexistent", "true"]), String::new(), nothing()),
        (v(&["--uts=/nonexistent/f", "true"]), String::new(), nothing()),
        (
            vec![format!("--uts={}", d("f")), "--net=/nonexistent".into(), "true".into()],
            files.clone(),
            nothing(),
        ),
        (
            vec!["-f".into(), format!("--uts={}", d("f")), format!("--ipc={}", d("missing")), "true".into()],
            files.clone(),
            nothing(),
        ),
        (
            vec!["-r".into(), format!("--user={}", d("u")), format!("--pid={}", d("p")), "true".into()],
            files.clone(),
            nothing(),
        ),
        (
            vec!["-m".into(), format!("--uts={}", d("f")), format!("--mount={shared}/f"), "true".into()],
            format!("{files}; {shared_setup}"),
            nothing(),
        ),
        (
            vec!["-f".into(), format!("--uts={ro}/f"), format!("--ipc={ro}/missing"), "true".into()],
            ro_setup.clone(),
            nothing(),
        ),
        (
            vec![
                format!("--net={}", d("n")),
                format!("--uts={}", d("f")),
                format!("--pid={}", d("p")),
                "true".into(),
            ],
            files.clone(),
            nothing(),
        ),
        // what a successful run binds, and nothing else
        (vec![format!("--uts={}", d("f")), "true".into()], files.clone(), Leaves::Binds(vec![d("f")])),
        (
            vec!["-m".into(), format!("--uts={}", d("f")), format!("--net={}", d("n")), "true".into()],
            files.clone(),
            Leaves::Binds(vec![d("f"), d("n")]),
        ),
        (
            vec![format!("--uts={}", d("f")), format!("--uts={}", d("g")), "true".into()],
            files.clone(),
            Leaves::Binds(vec![d("g")]),
        ),
        (
            vec![format!("--uts={ro}/f"), "true".into()],
            ro_setup.clone(),
            Leaves::Binds(vec![format!("{ro}/f")]),
        ),
        (
            vec!["-f".into(), format!("--pid={}", d("p")), format!("--mount={}", d("m")), "true".into()],
            files.clone(),
            Leaves::BindsIfOk(vec![d("p"), d("m")]),
        ),
        (
            vec!["-r".into(), format!("--user={}", d("u")), "true".into()],
            files.clone(),
            Leaves::Binds(vec![d("u")]),
        ),
    ];
    let mut failures = Vec::new();
    for (args, setup, leaves) in &cases {
        check("unshare", args, setup, leaves, &mut failures);
    }
    host.assert_unchanged("unshare's mount hygiene cases");
    assert!(failures.is_empty(), "unshare changed its caller's mounts:\n{}", failures.join("\n"));
}

#[test]
fn nsenter_leaves_the_callers_mounts_alone() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let host = HostState::now();
    let plain = Sleeper::plain();
    let ns = Sleeper::in_namespaces(&["-U", "-r", "-m", "-u", "-p", "-f", "--mount-proc"]);
    let (p, n) = (plain.pid_arg(), ns.pid_arg());
    let cases = [
        v(&["-t", &p, "-m", "true"]),
        v(&["-t", &p, "-a", "true"]),
        v(&["-t", &p, "-p", "true"]),
        v(&["-t", &p, "-m", "-r", "-w", "true"]),
        v(&["-t", &n, "-a", "true"]),
        v(&["-t", &n, "-U", "-m", "-p", "-r", "true"]),
        v(&["-t", &p, "-m", "/nonexistent"]),
        v(&["-t", &n, "-a", "/nonexistent"]),
        v(&["--mount=/etc/passwd", "true"]),
        v(&["-t", &p, "-m", "--root=/nonexistent", "true"]),
        v(&["-t", &p, "-m", "-W", "/nonexistent", "true"]),
        v(&["-t", &p, "-U", "true"]),
        v(&["-t", "99999999", "-m", "true"]),
    ];
    let mut failures = Vec::new();
    for args in &cases {
        check("nsenter", args, "", &Leaves::Nothing, &mut failures);
    }
    host.assert_unchanged("nsenter's mount hygiene cases");
    assert!(failures.is_empty(), "nsenter changed its caller's mounts:\n{}", failures.join("\n"));
}
