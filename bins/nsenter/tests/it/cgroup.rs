//! --join-cgroup on every cgroup2 layout, each built in a private mount namespace of
//! the test: plain (cgroup2 at /sys/fs/cgroup), hybrid (a tmpfs there, cgroup2 at
//! /sys/fs/cgroup/unified), cgroup2 mounted with a root below the hierarchy's, a
//! cgroup2 mount hidden under another mount, and none at all. The target sits in a
//! child cgroup of ours that the test creates and removes.

use std::path::{Path, PathBuf};

use crate::support::*;

/// A cgroup made for one test below our own, removed when dropped (once empty).
struct TestGroup {
    /// Its directory in the host's cgroup2 mount.
    dir: PathBuf,
    /// Its path as /proc/PID/cgroup shows it.
    path: String,
}

impl TestGroup {
    fn new(tag: &str) -> Option<TestGroup> {
        let own = v2_line(&std::fs::read_to_string("/proc/self/cgroup").ok()?)?;
        let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
        // a cgroup2 mount whose root is ours or above (field 4 root, 5 mount point)
        let (root, target) = mountinfo.lines().find_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            let sep = f.iter().position(|x| *x == "-")?;
            let root = f[3].trim_end_matches('/');
            let fits = own == root || own.starts_with(&format!("{root}/"));
            (f.get(sep + 1) == Some(&"cgroup2") && fits).then(|| (root.to_string(), f[4].to_string()))
        })?;
        let name = format!("nsutils-join-{tag}-{}", std::process::id());
        let own_rel = own[root.len()..].trim_start_matches('/');
        let dir = Path::new(&target).join(own_rel).join(&name);
        std::fs::create_dir(&dir).ok()?;
        let path = format!("{}/{name}", own.trim_end_matches('/'));
        Some(TestGroup { dir, path })
    }

    fn hold(&self, t: &Sleeper) {
        std::fs::write(self.dir.join("cgroup.procs"), t.pid_arg())
            .expect("move the target into the test cgroup");
    }
}

impl Drop for TestGroup {
    fn drop(&mut self) {
        // (no panic here: this runs while a failed assertion unwinds too)
        let start = std::time::Instant::now();
        while start.elapsed() < nstest::TIMEOUT {
            if std::fs::remove_dir(&self.dir).is_ok() || !self.dir.exists() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        eprintln!("could not remove the test cgroup {}", self.dir.display());
    }
}

/// The test's targets, killed before their cgroup is removed (fields drop in order).
struct Fixture {
    targets: Vec<Sleeper>,
    group: TestGroup,
}

fn v2_line(cgroup: &str) -> Option<String> {
    cgroup.lines().find_map(|l| l.strip_prefix("0::")).map(str::to_string)
}

/// Runs `layout` (shell commands building the mounts) and then our
/// `nsenter -t PID -u -c cat /proc/self/cgroup`, in new mount and UTS namespaces.
/// `$D` is a scratch directory, `$CG` the cgroup's path without its leading slash.
fn entered(layout: &str, target: &Sleeper, group: &TestGroup, scratch: &TempDir) -> Output {
    // every cgroup2 mount of the copied namespace unmounted, innermost first
    let hide = "for m in $(awk '$3 == \"cgroup2\" { print $2 }' /proc/self/mounts | sort -r); do \
                umount -l \"$m\" || exit 98; done";
    let script = format!("set -e; {hide}; {layout}; exec \"$N\" -t \"$T\" -u -c cat /proc/self/cgroup");
    let mut c = nstest::isolated("sh", ["-c", &script]);
    c.env("N", ours())
        .env("T", target.pid_arg())
        .env("D", scratch.path())
        .env("CG", group.path.trim_start_matches('/'));
    run(&mut c)
}

fn scratch() -> TempDir {
    let d = TempDir::new("join-cgroup");
    for sub in ["all", "bound"] {
        std::fs::create_dir(d.join(sub)).expect("mkdir");
    }
    d
}

fn setup(tag: &str) -> Option<Fixture> {
    if !nstest::need_namespaces() {
        return None;
    }
    let Some(group) = TestGroup::new(tag) else {
        nstest::skip("no cgroup2 hierarchy in which to create a test cgroup");
        return None;
    };
    let target = Sleeper::unshare(&["-u"], "true");
    group.hold(&target);
    Some(Fixture { targets: vec![target], group })
}

#[test]
fn joins_through_every_cgroup2_layout() {
    let Some(f) = setup("layouts") else {
        return;
    };
    let (group, target) = (&f.group, &f.targets[0]);
    let expected = group.path.clone();
    for (what, layout) in [
        ("plain", "mount -t cgroup2 none /sys/fs/cgroup"),
        (
            "hybrid",
            "mount -t tmpfs tmpfs /sys/fs/cgroup; mkdir /sys/fs/cgroup/unified; \
             mount -t cgroup2 none /sys/fs/cgroup/unified",
        ),
        (
            "a root below the hierarchy's",
            "mount -t cgroup2 none \"$D/all\"; mount --bind \"$D/all/$CG\" \"$D/bound\"; umount \"$D/all\"; \
             grep -q \" /$CG $D/bound \" /proc/self/mountinfo",
        ),
        (
            "the longest root hidden under a tmpfs",
            "mount -t cgroup2 none \"$D/all\"; mount --bind \"$D/all/$CG\" \"$D/bound\"; \
             mount -t tmpfs tmpfs \"$D/bound\"",
        ),
    ] {
        let d = scratch();
        let o = entered(layout, target, group, &d);
        assert_eq!(o.code(), Some(0), "{what}: {}", o.err());
        assert_eq!(v2_line(&o.out()), Some(expected.clone()), "{what}: {}", o.out());
    }
}

#[test]
fn says_why_when_no_cgroup2_mount_leads_to_the_target() {
    let Some(mut f) = setup("refusals") else {
        return;
    };
    let d = scratch();
    let o = entered("true", &f.targets[0], &f.group, &d);
    assert_eq!(
        (o.code(), o.out(), o.err()),
        (Some(1), String::new(), "nsenter: --join-cgroup is only supported in cgroup v2\n".to_string())
    );
    // only the test cgroup is mounted, and this target is outside it
    f.targets.push(Sleeper::unshare(&["-u"], "true"));
    let outside = &f.targets[1];
    let own =
        v2_line(&std::fs::read_to_string(outside.path("cgroup")).expect("target's cgroup")).expect("0::");
    let o = entered(
        "mount -t cgroup2 none \"$D/all\"; mount --bind \"$D/all/$CG\" \"$D/bound\"; umount \"$D/all\"",
        outside,
        &f.group,
        &d,
    );
    let message = format!("nsenter: cgroup {own} is not visible in any cgroup2 mount\n");
    assert_eq!((o.code(), o.out(), o.err()), (Some(1), String::new(), message));
}
