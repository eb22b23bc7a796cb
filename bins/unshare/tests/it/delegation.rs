//! Unprivileged id maps that newuidmap/newgidmap would refuse are refused by unshare
//! first, before anything is created (util-linux runs the helper after unshare(2)):
//! host root, ranges outside the caller's /etc/subuid and /etc/subgid lines, no line
//! at all. What a helper still refuses comes back after `unshare: `. Each case runs
//! as uid 65534 with subid files bind-mounted in a mount namespace of the test.

use crate::support::*;

const NOBODY: &str = "setpriv --reuid=65534 --regid=65534 --clear-groups --";

fn ready() -> bool {
    need_namespaces() && have_subid_files() && have_newuidmap()
}

/// `unshare ARGS sh -c 'echo RAN'` as uid 65534 with SUBIDS in both files; the
/// mount table is compared before and after (`CHANGED` on stdout if it moved).
fn as_nobody_with(subids: &str, args: &str) -> Output {
    let script = format!(
        "before=$(cat /proc/self/mountinfo); {NOBODY} \"$U\" {args} sh -c 'echo RAN'; st=$?; \
         [ \"$before\" = \"$(cat /proc/self/mountinfo)\" ] || echo CHANGED; exit $st"
    );
    with_subids(subids, &script)
}

fn refused(o: &Output, message: &str) {
    assert_eq!((o.code(), o.out(), o.err()), (Some(1), String::new(), format!("unshare: {message}\n")));
}

#[test]
fn ranges_the_subid_files_allow_are_mapped() {
    if !ready() {
        return;
    }
    // by name, by uid, and one range spread over two adjacent lines
    let lines = "root:0:65536\nnobody:100000:10\n65534:100010:5\n";
    let o = with_subids(
        lines,
        &format!("{NOBODY} \"$U\" --map-users=0:100000:15 --map-groups=0:100003:3 -r sh -c '{MAPS}'"),
    );
    assert_eq!(compact(&ok(&o)), "0 65534 1\n1 100000 14\n-\n0 65534 1\n1 100003 2\n-\nallow");
    // our own uid and gid need no line
    let o = with_subids(
        "",
        &format!("{NOBODY} \"$U\" --map-users=7:65534:1 --map-groups=9:65534:1 sh -c '{MAPS}'"),
    );
    assert_eq!(compact(&ok(&o)), "7 65534 1\n-\n9 65534 1\n-\ndeny");
}

#[test]
fn ranges_outside_the_subid_files_are_refused_before_anything_is_created() {
    if !ready() {
        return;
    }
    let lines = "root:0:65536\nnobody:100000:10\n";
    let uid_msg = |r: &str| format!("uid mapping '{r}' is not allowed by /etc/subuid for user \"nobody\"");
    let gid_msg = |r: &str| format!("gid mapping '{r}' is not allowed by /etc/subgid for user \"nobody\"");
    // host root, in either syntax
    refused(&as_nobody_with(lines, "--map-users=0,0,1"), &uid_msg("0:0:1"));
    refused(&as_nobody_with(lines, "--map-users=0:0:1"), &uid_msg("0:0:1"));
    refused(&as_nobody_with(lines, "--map-groups=0:0:1"), &gid_msg("0:0:1"));
    // one id past the line, and a range of someone else's
    refused(&as_nobody_with(lines, "--map-users=0:100000:11"), &uid_msg("0:100000:11"));
    refused(
        &as_nobody_with(lines, "--map-users=0:100000:10 --map-users=10:300000:1"),
        &uid_msg("10:300000:1"),
    );
    // with -r our own ids pass, the range does not
    refused(&as_nobody_with(lines, "-r --map-groups=1:5:1"), &gid_msg("1:5:1"));
    // nothing else is tried: no namespace file is bound, no fork, no /proc mounted
    refused(
        &as_nobody_with(lines, "--map-users=0:0:1 --user=\"$D/userns\" -m --mount-proc -f"),
        &uid_msg("0:0:1"),
    );
    // no line for us at all
    refused(&as_nobody_with("root:100000:65536\n", "--map-users=0:100000:1"), &uid_msg("0:100000:1"));
    refused(&as_nobody_with("", "--map-auto"), "no line matching user \"nobody\" in /etc/subuid");
}

#[test]
fn a_helper_failure_is_passed_on_after_our_name() {
    if !ready() {
        return;
    }
    // a copy of newuidmap without its setuid bit, first in PATH: it runs, and fails
    let script = format!(
        "mkdir \"$D/bin\" && cp /usr/bin/newuidmap /usr/bin/newgidmap \"$D/bin/\" && chmod 755 \"$D\"/bin/*; \
         PATH=\"$D/bin:$PATH\" {NOBODY} \"$U\" --map-users=0:100000:10 sh -c 'echo RAN'"
    );
    let o = with_subids("nobody:100000:65536\n", &script);
    assert_eq!(o.code(), Some(1), "{}", o.err());
    assert!(o.out().is_empty());
    assert!(o.err().starts_with("unshare: newuidmap: "), "{}", o.err());
    assert!(o.err().lines().all(|l| l.starts_with("unshare: ")), "{}", o.err());
    // a caller without a passwd entry: unshare cannot tell, the helper can
    let script =
        "LC_ALL=C setpriv --reuid=4000 --regid=4000 --clear-groups -- \"$U\" --map-users=0:4000:1 sh -c 'echo RAN'";
    let o = with_subids("", script);
    assert_eq!(
        (o.code(), o.out(), o.err()),
        (Some(1), String::new(), "unshare: newuidmap: Cannot determine your user name.\n".to_string())
    );
}
