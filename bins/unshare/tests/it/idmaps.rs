//! uid_map, gid_map and setgroups as the kernel shows them: single mappings written by
//! unshare itself, ranges written directly as root or through newuidmap/newgidmap,
//! /etc/subuid and /etc/subgid, and the merging of a single id into ranges.

use crate::support::*;

fn maps_with(args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["sh", "-c", MAPS]);
    run_ours(&all)
}

#[test]
fn single_mappings_match_the_reference() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    for args in [
        &["-r"][..],
        &["-c"],
        &["--map-root-user"],
        &["--map-user=1000", "--map-group=100"],
        &["--map-user=nobody", "--map-group=nogroup"],
        &["--map-group=nogroup"],
        &["--map-user=0"],
        &["--map-user", "+5"],
        &["-U"],
        &["-U", "--setgroups=deny"],
        &["-U", "--setgroups", "allow"],
        &["--map-user=0", "--setgroups=allow"],
        // setgroups can no longer be written once gid_map is (kept as util-linux has it)
        &["-r", "--setgroups=deny"],
        &["-c", "-r"],
        &["-r", "--map-user=7"],
    ] {
        let mut all = args.to_vec();
        all.extend(["sh", "-c", MAPS]);
        same(&all);
    }
}

#[test]
fn unprivileged_single_mappings_match_the_reference() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    for args in
        [&["-r"][..], &["-c"], &["--map-user=0"], &["-U"], &["-r", "-n", "-m", "-u", "-i", "-p", "-f"]]
    {
        let mut all = args.to_vec();
        all.extend(["sh", "-c", MAPS]);
        let mine = run(&mut as_nobody(ours(), &all));
        let theirs = run(&mut as_nobody(REFERENCE, &all));
        assert_eq!(mine.out(), theirs.out(), "{args:?}");
        assert_eq!(mine.code(), theirs.code(), "{args:?}: {}", mine.err());
    }
    let o = run(&mut as_nobody(ours(), ["-r", "sh", "-c", MAPS]));
    assert_eq!(compact(&ok(&o)), "0 65534 1\n-\n0 65534 1\n-\ndeny");
}

#[test]
fn ranges_are_written_directly_as_root() {
    if !need_namespaces() {
        return;
    }
    let cases: &[(&[&str], &str)] = &[
        (&["--map-users=0:100000:65536"], "0 100000 65536\n-\n-\nallow"),
        (&["--map-users=100000,0,65536"], "0 100000 65536\n-\n-\nallow"),
        (&["--map-groups=10:2000:5"], "-\n10 2000 5\n-\nallow"),
        (
            &["--map-users=0:1000:10", "--map-users=100:2000:5", "--map-groups=0:0:1"],
            "0 1000 10\n100 2000 5\n-\n0 0 1\n-\nallow",
        ),
        // the single id is written first and punched out of the ranges (no collision)
        (&["-r", "--map-users=0:100000:65536"], "0 0 1\n1 100000 65535\n-\n0 0 1\n-\ndeny"),
        (
            &["-r", "--map-users=1:100000:65536", "--map-groups=1:100000:65536"],
            "0 0 1\n1 100000 65536\n-\n0 0 1\n1 100000 65536\n-\nallow",
        ),
        (&["--map-user=5", "--map-users=0:0:10"], "5 0 1\n0 1 5\n6 6 4\n-\n-\nallow"),
        (
            &["-r", "--map-users=all", "--map-groups=all"],
            "0 0 1\n1 1 4294967294\n-\n0 0 1\n1 1 4294967294\n-\nallow",
        ),
        (&["--map-users=all"], "0 0 4294967295\n-\n-\nallow"),
    ];
    for (args, want) in cases {
        let o = maps_with(args);
        assert_eq!(compact(&ok(&o)), *want, "{args:?}");
    }
    // ranges the kernel refuses: reported, nothing runs
    let o = run_ours(&["--map-users=0:1000:10", "--map-users=5:5000:1", "sh", "-c", "echo RAN"]);
    assert_eq!(o.code(), Some(1));
    assert!(o.out().is_empty());
    assert!(
        norm_err(&o).starts_with("unshare: write failed /proc/N/uid_map: Invalid argument"),
        "{}",
        o.err()
    );
}

#[test]
fn map_auto_keeps_every_subordinate_id() {
    if !need_namespaces() || !have_subid_files() {
        return;
    }
    let lines = "alice:300000:10\nroot:100000:65536\n0:200000:5\n";
    let o = with_subids(lines, &format!("\"$U\" -r --map-auto sh -c '{MAPS}'"));
    // util-linux 2.38 to 2.42 drop one: `1 100000 65535`
    assert_eq!(compact(&ok(&o)), "0 0 1\n1 100000 65536\n-\n0 0 1\n1 100000 65536\n-\nallow");
    let o = with_subids(lines, &format!("\"$U\" --map-auto sh -c '{MAPS}'"));
    assert_eq!(compact(&ok(&o)), "0 100000 65536\n-\n0 100000 65536\n-\nallow");
    let o = with_subids(lines, &format!("\"$U\" --map-subids sh -c '{MAPS}'"));
    assert_eq!(compact(&ok(&o)), "100000 100000 65536\n-\n100000 100000 65536\n-\nallow");
    let o = with_subids(lines, &format!("\"$U\" --map-users=auto --map-group=0 sh -c '{MAPS}'"));
    assert_eq!(compact(&ok(&o)), "0 100000 65536\n-\n0 0 1\n-\ndeny");
    let o = with_subids(lines, &format!("\"$U\" --map-user=1000 --map-users=auto sh -c '{MAPS}'"));
    assert_eq!(compact(&ok(&o)), "1000 0 1\n0 100000 1000\n1001 101000 64536\n-\n-\nallow");
}

#[test]
fn subid_lookup_errors() {
    if !need_namespaces() || !have_subid_files() {
        return;
    }
    // a named line is not root's, whatever strtoul makes of it
    let o = with_subids("alice:300000:10\n", "\"$U\" --map-auto true");
    assert_eq!(o.code(), Some(1));
    assert_eq!(o.err(), "unshare: no line matching user \"root\" in /etc/subuid\n");
    let o = with_subids("root:abc:10\n", "\"$U\" --map-users=subids true");
    assert_eq!(o.err(), "unshare: failed to parse subid map: 'abc'\n");
    let o = with_subids("root:100000:0\n", "\"$U\" --map-groups=auto true");
    assert_eq!(o.err(), "unshare: failed to parse subid map: 'root:100000:0'\n");
}

#[test]
fn unprivileged_ranges_go_through_newuidmap() {
    if !need_namespaces() || !have_subid_files() || !have_newuidmap() {
        return;
    }
    let lines = "nobody:100000:65536\n";
    let nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups --";
    let o = with_subids(lines, &format!("{nobody} \"$U\" -r --map-auto sh -c '{MAPS}'"));
    // newgidmap leaves setgroups alone for ranges /etc/subgid allows
    assert_eq!(compact(&ok(&o)), "0 65534 1\n1 100000 65536\n-\n0 65534 1\n1 100000 65536\n-\nallow");
    let o = with_subids(
        lines,
        &format!("{nobody} \"$U\" --map-users=0:100000:10 --map-groups=5:100005:3 sh -c '{MAPS}'"),
    );
    assert_eq!(compact(&ok(&o)), "0 100000 10\n-\n5 100005 3\n-\nallow");
}

#[test]
fn a_missing_newuidmap_is_an_exec_failure() {
    if !need_namespaces() {
        return;
    }
    let mut c = cmd("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
    // our own uid with count 1 is a range newuidmap allows without /etc/subuid
    c.arg(ours()).args(["--map-users=0:65534:1", "/bin/sh", "-c", "echo RAN"]).env("PATH", "/nonexistent");
    let o = run(&mut c);
    assert_eq!(o.code(), Some(127));
    assert_eq!(o.err(), "unshare: failed to execute newuidmap: No such file or directory\n");
    assert!(o.out().is_empty());
}

/// The combinations scripts use, run as uid 65534: the same status, output, stderr
/// (hints aside), ids, maps, setgroups and capability sets as the reference.
#[test]
fn unprivileged_script_combinations_match_the_reference() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    const STATE: &str = "id; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; \
                         grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status; pwd";
    for args in [
        &["-Urm"][..],
        &["-rn"],
        &["-Ur", "--mount-proc", "-pf"],
        &["-U", "--map-current-user"],
        &["-c", "-m"],
        &["-U"],
        &["--map-root-user", "--setgroups=allow"],
        &["-r", "-G", "0", "-S", "0"],
        &["-U", "-S", "0"],
        &["--user", "--keep-caps", "-r"],
        &["--user", "--keep-caps"],
        &["-c", "--keep-caps", "-pf"],
        &["-r", "--keep-caps", "-S", "0"],
        &["-r", "-R", "/", "-w", "/tmp"],
        &["-r", "-w", "/"],
        &["-r", "-w", "/nonexistent"],
        &["-U", "--setgroups=deny"],
        &["--map-user=0", "--setgroups=allow"],
    ] {
        let mut all = args.to_vec();
        all.extend(["sh", "-c", STATE]);
        let mine = run(&mut as_nobody(ours(), &all));
        let theirs = run(&mut as_nobody(REFERENCE, &all));
        assert_eq!(mine.shell_status(), theirs.shell_status(), "{args:?}: {}", mine.err());
        assert_eq!(mine.out(), theirs.out(), "{args:?}");
        assert_eq!(without_hints(&norm_err(&mine)), norm_err(&theirs), "{args:?}");
    }
}
