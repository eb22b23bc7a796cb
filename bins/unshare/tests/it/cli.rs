//! The command line: help, version, getopt's behaviour and messages, and every
//! malformed value refused with one `unshare:` line before anything runs.

use crate::support::*;

#[test]
fn help_keeps_the_reference_layout_and_lists_every_option() {
    let mine = run_ours(&["--help"]);
    let text = ok(&mine);
    assert!(mine.err().is_empty());
    assert!(text.starts_with("\nUsage:\n unshare [options] [<program> [<argument>...]]\n"), "{text}");
    assert!(text.ends_with("\nFor more details see unshare(1).\n"));
    for long in [
        "mount[=<file>]",
        "uts",
        "ipc",
        "net",
        "pid",
        "user",
        "cgroup",
        "time",
        "fork",
        "kill-child",
        "forward-signals",
        "mount-proc",
        "mount-binfmt",
        "load-interp",
        "map-user",
        "map-users",
        "map-group",
        "map-groups",
        "map-root-user",
        "map-current-user",
        "map-auto",
        "map-subids",
        "owner",
        "propagation",
        "setgroups",
        "keep-caps",
        "setuid",
        "setgid",
        "root",
        "wd",
        "monotonic",
        "boottime",
        "clear-env",
        "whitelist-env",
        "help",
        "version",
    ] {
        assert!(text.contains(&format!("--{long}")), "--{long} missing from --help");
    }
    if !have_reference() {
        return;
    }
    // every line of 2.38.1's help is ours too, in the same order, except the
    // deprecated range syntax it still advertises
    let theirs = ok(&run_ref(&["--help"]));
    let mut lines = text.lines();
    for line in theirs.lines().filter(|l| !l.contains("<outeruid>,") && !l.contains("<outergid>,")) {
        assert!(lines.any(|l| l == line), "missing or out of order: {line:?}");
    }
}

#[test]
fn version_names_nsutils() {
    let o = run_ours(&["--version"]);
    assert_eq!(ok(&o), format!("unshare from nsutils {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(ok(&run_ours(&["-V"])), ok(&o));
}

#[test]
fn options_act_in_command_line_order() {
    assert!(ok(&run_ours(&["-h", "--bogus"])).contains("Usage:"));
    assert!(ok(&run_ours(&["-V", "--propagation=x"])).contains("nsutils"));
    if !have_reference() {
        return;
    }
    for args in [
        &["--bogus", "-h"][..],
        &["--propagation=x", "-h"],
        &["--kill-child=nope", "--propagation=x"],
        &["--propagation=x", "--kill-child=nope"],
        &["-S", "x", "-G", "y"],
    ] {
        same(args);
    }
}

#[test]
fn getopt_complaints_match_the_reference() {
    if !have_reference() {
        return;
    }
    for args in [
        &["--bogus"][..],
        &["--bogus=1"],
        &["-x"],
        &["-fx"],
        &["-w"],
        &["--wd"],
        &["-R"],
        &["-S"],
        &["-G"],
        &["--setuid"],
        &["--fork=1"],
        &["--map-root=x"],
        &["--map-c=1"],
        &["--keep-caps=1"],
        &["-rm=x"],
        &["-m/x"],
        &["--s=x"],
        &["--k"],
        &["--p"],
        &["--u"],
        &["--map-u=1"],
        &["--map-g"],
        &["--propagation"],
        &["--setgroups"],
        &["--monotonic"],
        &["---"],
        &["-é"],
    ] {
        let o = same(args);
        assert_eq!(o.code(), Some(1));
        assert!(o.err().ends_with("Try 'unshare --help' for more information.\n"), "{args:?}");
    }
}

#[test]
fn value_errors_match_the_reference() {
    if !have_reference() {
        return;
    }
    for args in [
        &["--propagation=bogus", "true"][..],
        &["--propagation=", "true"],
        &["--propagation", "Private", "true"],
        &["--setgroups=maybe", "true"],
        &["--setgroups", "", "true"],
        &["--kill-child=9", "true"],
        &["--kill-child=", "true"],
        &["--kill-child=bogus", "true"],
        &["--kill-child=RTMIN", "true"],
        &["--kill-child=RTMIN++1", "true"],
        &["--kill-child=RTMIN+ 1", "true"],
        &["--kill-child=RTMIN-1", "true"],
        &["--kill-child=RTMAX-31", "true"],
        &["--kill-child=RT31", "true"],
        &["--kill-child=RT+1", "true"],
        &["--kill-child=RTMIN+9223372036854775808", "true"],
        &["-S", "abc", "true"],
        &["-S", "", "true"],
        &["-S", "0x5", "true"],
        &["-S", "99999999999999999999", "true"],
        &["-G", "abc", "true"],
        &["--setgid=1.5", "true"],
        &["--map-user=nosuchuser", "true"],
        &["--map-group=nosuchgroup", "true"],
        &["--map-user=", "true"],
        &["--monotonic=x", "-T", "true"],
        &["--monotonic=", "-T", "true"],
        &["--monotonic=5 ", "-T", "true"],
        &["--boottime=1x", "-T", "true"],
        &["-T", "--boottime=99999999999999999999", "true"],
    ] {
        let o = same(args);
        assert_eq!(o.code(), Some(1), "{args:?}");
        assert_eq!(o.err().lines().count(), 1, "{args:?}: {}", o.err());
        assert!(o.out().is_empty());
    }
}

/// util-linux's real-time signal grammar: `RTN` is `RTMIN+N`, text after the digits
/// is ignored, N is wrapped into a C int.
#[test]
fn kill_child_takes_real_time_names_as_the_reference_does() {
    if !have_reference() {
        return;
    }
    for name in
        ["RTMIN+0", "RTMAX-30", "RT1", "sigrt30", "RTMIN+1x", "RTMIN+1 ", "RTMIN+01", "RTMIN+4294967297"]
    {
        let arg = format!("--kill-child={name}");
        let o = same(&[arg.as_str(), "true"]);
        assert_eq!(o.code(), Some(0), "{arg}: {}", o.err());
    }
}

/// Values 2.38.1 lets through (wrapping, ignoring, or leaving to newuidmap) are
/// refused by us with one `unshare:` line, and nothing runs.
#[test]
fn every_id_and_range_is_validated_before_anything_runs() {
    let erange = ": Numerical result out of range";
    let cases: &[(&[&str], String)] = &[
        (&["--map-user=-5"], format!("failed to parse uid: '-5'{erange}")),
        (&["--map-user=4294967295"], format!("failed to parse uid: '4294967295'{erange}")),
        (&["--map-user=4294967296"], format!("failed to parse uid: '4294967296'{erange}")),
        (&["--map-group=-1"], format!("failed to parse gid: '-1'{erange}")),
        (&["--map-group=4294967295"], format!("failed to parse gid: '4294967295'{erange}")),
        (&["-S", "-5"], format!("failed to parse uid: '-5'{erange}")),
        (&["-S", "4294967295"], format!("failed to parse uid: '4294967295'{erange}")),
        (&["-G", "4294967296"], format!("failed to parse gid: '4294967296'{erange}")),
        (&["--map-users=0:0:0"], "invalid mapping '0:0:0'".into()),
        (&["--map-users=1000,0,0"], "invalid mapping '1000,0,0'".into()),
        (&["--map-users=-5:0:1"], "invalid mapping '-5:0:1'".into()),
        (&["--map-users=0:4294967295:1"], "invalid mapping '0:4294967295:1'".into()),
        (&["--map-users=4294967290:0:10"], "invalid mapping '4294967290:0:10'".into()),
        (&["--map-users=0:4294967000:1000"], "invalid mapping '0:4294967000:1000'".into()),
        (&["--map-users=0:0:4294967296"], "invalid mapping '0:0:4294967296'".into()),
        (&["--map-users=1,2"], "invalid mapping '1,2'".into()),
        (&["--map-users=1:2:3:4"], "invalid mapping '1:2:3:4'".into()),
        (&["--map-users=x"], "invalid mapping 'x'".into()),
        (&["--map-groups=0:1000:1,"], "invalid mapping '0:1000:1,'".into()),
        (&["--map-groups="], "invalid mapping ''".into()),
        (&["--owner=1000"], "failed to parse owner".into()),
        (&["--owner=a:b"], "failed to parse owner".into()),
        (&["--owner=-1:0"], "failed to parse owner".into()),
        (
            &["--monotonic=5"],
            "options --monotonic and --boottime require unsharing of a time namespace (-T)".into(),
        ),
        (
            &["--boottime=-5"],
            "options --monotonic and --boottime require unsharing of a time namespace (-T)".into(),
        ),
        (
            &["-r", "--setgroups=allow"],
            "options --setgroups=allow and --map-group are mutually exclusive".into(),
        ),
        (
            &["--map-group=0", "--setgroups=allow"],
            "options --setgroups=allow and --map-group are mutually exclusive".into(),
        ),
    ];
    for (args, msg) in cases {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["sh", "-c", "echo RAN"]);
        let o = run_ours(&all);
        assert_eq!(o.code(), Some(1), "{args:?}: {}", o.err());
        assert_eq!(o.err(), format!("unshare: {msg}\n"), "{args:?}");
        assert!(o.out().is_empty(), "{args:?} ran the program");
    }
}

#[test]
fn option_parsing_stops_at_the_program() {
    let o = run_ours(&["sh", "-c", "echo \"$@\"", "x", "-r", "--fork", "-l"]);
    assert_eq!(ok(&o), "-r --fork -l\n");
    let o = run_ours(&["--", "sh", "-c", "echo \"$@\"", "x", "--help"]);
    assert_eq!(ok(&o), "--help\n");
    // --mount FILE is "mount namespace, then run FILE"
    if need_root("creating a mount namespace") {
        let o = run_ours(&["--mount", "echo", "ran"]);
        assert_eq!(ok(&o), "ran\n");
    }
}

/// The program is looked up and run as glibc's execvp does it (also in a static musl
/// build): a file without `#!` runs with /bin/sh, an empty PATH element is the
/// current directory, no PATH is /bin:/usr/bin, and an EACCES or ENOTDIR on the way
/// decides the message and status.
#[test]
fn programs_are_found_and_run_as_the_reference_finds_them() {
    use std::os::unix::fs::PermissionsExt;
    if !have_reference() {
        return;
    }
    let d = TempDir::new("execvp");
    let mode = |name: &str, text: &str, m: u32| {
        std::fs::write(d.join(name), text).expect("write");
        std::fs::set_permissions(d.join(name), std::fs::Permissions::from_mode(m)).expect("chmod");
    };
    mode("no-hashbang", "echo \"ran $0 $*\"\n", 0o755);
    mode("plain", "echo plain\n", 0o644);
    let script = r#"cd "$D"
        for p in "$D" ":/nonexistent" "/nonexistent:$D" "$D/plain:/bin" "$D/plain"; do
          for prog in no-hashbang plain "$D/no-hashbang" ./no-hashbang true nonexistent; do
            out=$(PATH=$p "$X" $prog a b 2>&1); echo "$p $prog $? $out"
          done
        done
        out=$(env -u PATH "$X" true 2>&1); echo "unset $? $out"
        out=$(env -u PATH "$X" no-hashbang 2>&1); echo "unset $? $out""#;
    let outputs: Vec<String> = [ours(), std::path::PathBuf::from(REFERENCE)]
        .iter()
        .map(|x| {
            let o = run(sh(script).env("D", d.path()).env("X", x));
            assert_eq!(o.code(), Some(0), "{}", o.err());
            o.out().replace(&x.display().to_string(), "unshare")
        })
        .collect();
    assert_eq!(outputs[0], outputs[1]);
    assert!(
        outputs[0].contains(&format!("{0} no-hashbang 0 ran {0}/no-hashbang a b", d.s())),
        "{}",
        outputs[0]
    );
}

#[test]
fn long_options_abbreviate_and_short_ones_cluster() {
    if !need_root("creating namespaces") {
        return;
    }
    let o = run_ours(&["--fork", "--map-r", "--pi", "--mount-p", "sh", "-c", "id -u; echo $$"]);
    assert_eq!(ok(&o), "0\n1\n");
    let o = run_ours(&["--fo", "true"]);
    assert_eq!(
        o.err(),
        format!(
            "{}: option '--fo' is ambiguous; possibilities: '--fork' '--forward-signals'\n\
             Try 'unshare --help' for more information.\n",
            ours().display()
        )
    );
    // short namespace options take no argument: -pf is -p -f
    let o = run_ours(&["-rpf", "--mount-proc", "readlink", "/proc/self"]);
    assert_eq!(ok(&o), "1\n");
    let o = run_ours(&["-Ucw/", "pwd"]);
    assert_eq!(ok(&o), "/\n");
}

#[test]
fn failures_never_panic() {
    for args in [
        &["--map-users=all", "--map-users=all", "true"][..],
        &["--map-users=auto", "true"],
        &["--mount=/nonexistent/x", "true"],
        &["--whitelist-env=", "true"],
        &["--kill-child=RTMIN+40", "true"],
        &["-R", "/nonexistent", "true"],
        &["--load-interp=", "true"],
    ] {
        let o = run_ours(args);
        assert!(!o.err().contains("panicked"), "{args:?}: {}", o.err());
        assert!(
            o.err().lines().all(|l| l.starts_with("unshare: ") || l.starts_with("newuidmap: ")),
            "{}",
            o.err()
        );
    }
}

#[test]
fn arguments_are_quoted_byte_for_byte() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    if !have_reference() {
        return;
    }
    let bad = |prefix: &str| {
        let mut v = prefix.as_bytes().to_vec();
        v.extend_from_slice(b"x\xff\xfey");
        OsString::from_vec(v)
    };
    for args in [
        vec![OsString::from("-R"), bad("/"), "true".into()],
        vec![OsString::from("-w"), bad("/"), "true".into()],
        vec![bad("--kill-child="), "true".into()],
        vec![bad("--propagation="), "true".into()],
        vec![bad("--setgroups="), "true".into()],
        vec![bad("--map-user="), "true".into()],
        vec![bad("-S"), "true".into()],
        vec!["-T".into(), bad("--monotonic="), "true".into()],
        vec![bad("--mount-proc=/"), "true".into()],
        vec![bad("/nonexistent/")],
        vec![bad("--bogus")],
    ] {
        let theirs = run_ref(&args);
        let mine = run_ours(&args);
        assert_eq!(mine.code(), theirs.code(), "{args:?}");
        let norm = |o: &Output, p: &str| {
            let mut v = o.stderr.clone();
            if let Some(i) = v.windows(p.len()).position(|w| w == p.as_bytes()) {
                v.splice(i..i + p.len(), b"unshare".iter().copied());
            }
            v
        };
        assert_eq!(norm(&mine, &ours().display().to_string()), norm(&theirs, REFERENCE), "{args:?}");
    }
    // master's `invalid mapping '%s'` (2.38.1 words it otherwise), the value as given
    for opt in ["--map-users=", "--map-groups=1:2:"] {
        let o = run_ours(&[bad(opt), "true".into()]);
        let range = &bad(opt).into_vec()[opt.find('=').map_or(0, |i| i + 1)..];
        assert_eq!(o.stderr, [&b"unshare: invalid mapping '"[..], range, b"'\n"].concat(), "{opt}");
    }
}

/// A message that stderr cannot take makes the status 1 whatever it was meant to be
/// (127 and 126 of exec failures included), as util-linux's close_stdout does; a run
/// that writes nothing there keeps its status.
#[test]
fn a_closed_or_full_stderr_turns_the_status_into_1() {
    if !need_namespaces() || !have_reference() {
        return;
    }
    for case in [
        "-r /nonexistent 2>&-",
        "-r /etc 2>&-",
        "-fr /nonexistent 2>&-",
        "-r /nonexistent 2>/dev/full",
        "-S x true 2>&-",
        "--bogus 2>&-",
        "-r sh -c 'exit 5' 2>&-",
        "-r /nonexistent 2>/dev/null",
    ] {
        let o = run(&mut sh(&format!("\"$R\" {case}; echo $?; \"$U\" {case}; echo $?")));
        let out = o.out();
        let codes: Vec<&str> = out.lines().collect();
        assert_eq!(codes.len(), 2, "{case}: {}", o.err());
        assert_eq!(codes[1], codes[0], "{case}");
    }
}
