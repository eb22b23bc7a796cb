//! Runs /usr/bin/hostname and ours side by side, each in fresh UTS, mount and network
//! namespaces made by the system unshare, so the host's names never change; a test
//! /etc/hosts and resolv.conf are bind-mounted inside, and both programs are called
//! through a symlink of the same relative name (argv\[0\] selects the mode and appears
//! in getopt's messages). When the musl target is installed, every comparison also
//! runs the static build of ours (built once per run into its own target directory),
//! since in minimal images that is the binary users run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use nstest::{run, Output};

/// Our hostname, as cargo built it for these tests.
pub fn ours() -> PathBuf {
    nstest::bin!("hostname")
}

/// hostname and its aliases, each of which argv\[0\] may name.
pub fn names() -> impl Iterator<Item = &'static str> {
    common::tools::tool_of("hostname").expect("hostname is a tool").names()
}

/// The hosts file most lookup cases use.
pub const HOSTS: &str = "\
127.0.0.1 localhost
10.1.1.1 myhost.example.com myhost alias1 alias2
10.1.1.2 myhost.example.com other
fd00::5 myhost.example.com myhost ipv6alias
10.1.1.1 dup.example.org myhost dupalias
fd00::6 v6only.example v6a
10.0.0.9 nodot nd2
10.0.0.10 lonely
10.9.0.1 first.example f1
fd01::1 six.example
10.8.0.1 eight
";

/// Interfaces for -I and -A, made inside the test's network namespace.
pub const NET_SETUP: &str = "\
ip link set lo up
ip link add v0 type veth peer name v1
ip link set v0 up; ip link set v1 up
ip addr add 10.9.0.1/24 dev v0; ip addr add 10.9.0.2/24 dev v0
ip addr add fd01::1/64 dev v0 nodad; ip addr add 169.254.3.3/16 dev v0
ip addr add 10.8.0.1/24 dev v1; ip addr add fe80::99/64 dev v1 nodad
ip link add br0 type bridge; ip addr add 10.7.0.1/24 dev br0
ip link add v2 type veth peer name v3; ip link set v2 up; ip addr add 10.6.0.1/24 dev v2
";

pub use nstest::TempDir as Dir;

/// A fresh directory under the system's temporary directory, removed on drop.
pub fn temp_dir(tag: &str) -> Dir {
    Dir::new(tag)
}

/// One run of one program: what it printed, its status, and the names it left.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub host: String,
    pub domain: String,
}

/// How the namespaces are prepared before the program runs.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// The host name to start from (written through /proc, so invalid ones work too).
    pub host: Option<String>,
    pub domain: Option<String>,
    pub hosts: Option<String>,
    /// /etc/nsswitch.conf and /etc/host.conf inside the namespace; None writes the
    /// Debian defaults' relevant lines (`hosts: files dns`, `multi on`), so results
    /// do not depend on the machine's files.
    pub nsswitch: Option<String>,
    pub host_conf: Option<String>,
    /// Shell commands run first (e.g. [`NET_SETUP`]).
    pub script: String,
    /// Run the program as uid/gid 65534.
    pub nobody: bool,
    pub env: Vec<(String, String)>,
}

impl Setup {
    pub fn host(name: &str) -> Setup {
        Setup { host: Some(name.into()), hosts: Some(HOSTS.into()), ..Setup::default() }
    }
}

const SCRIPT: &str = r#"
set -e
d="$1"; shift
[ -f "$d/hostname.set" ] && cat "$d/hostname.set" > /proc/sys/kernel/hostname
[ -f "$d/domain.set" ] && cat "$d/domain.set" > /proc/sys/kernel/domainname
[ -f "$d/hosts" ] && mount --bind "$d/hosts" /etc/hosts
mount --bind "$d/resolv.conf" /etc/resolv.conf
mount --bind "$d/nsswitch.conf" /etc/nsswitch.conf
mount --bind "$d/host.conf" /etc/host.conf
[ -f "$d/setup.sh" ] && . "$d/setup.sh" >/dev/null 2>&1
set +e
"$@"
rc=$?
{ cat /proc/sys/kernel/hostname; cat /proc/sys/kernel/domainname; } > "$d/after"
exit $rc
"#;

fn write(dir: &Path, name: &str, data: &[u8]) {
    std::fs::write(dir.join(name), data).expect("write test file");
}

/// Runs `bin` as `./NAME args` in fresh namespaces prepared by `setup`.
pub fn run_one(bin: &Path, name: &str, args: &[&str], setup: &Setup) -> Seen {
    let dir = temp_dir("run");
    let d = &dir.0;
    if let Some(h) = &setup.host {
        write(d, "hostname.set", h.as_bytes());
    }
    if let Some(h) = &setup.domain {
        write(d, "domain.set", h.as_bytes());
    }
    if let Some(h) = &setup.hosts {
        write(d, "hosts", h.as_bytes());
    }
    // No name server is reachable from the empty network namespace: lookups that
    // miss /etc/hosts fail at once instead of waiting for DNS.
    write(d, "resolv.conf", b"nameserver 127.0.0.1\noptions attempts:1 timeout:1\n");
    write(d, "nsswitch.conf", setup.nsswitch.as_deref().unwrap_or("hosts: files dns\n").as_bytes());
    write(d, "host.conf", setup.host_conf.as_deref().unwrap_or("multi on\n").as_bytes());
    if !setup.script.is_empty() {
        write(d, "setup.sh", setup.script.as_bytes());
    }
    std::os::unix::fs::symlink(bin, d.join(name)).expect("symlink");
    let mut cmd = nstest::cmd("/usr/bin/unshare", ["-u", "-m", "-n", "sh", "-c", SCRIPT, "sh"]);
    cmd.arg(d);
    if setup.nobody {
        cmd.args(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
    }
    cmd.arg(format!("./{name}")).args(args).current_dir(d);
    cmd.env_remove("POSIXLY_CORRECT");
    for (k, v) in &setup.env {
        cmd.env(k, v);
    }
    let out: Output = run(&mut cmd);
    let after = std::fs::read_to_string(d.join("after")).unwrap_or_default();
    let mut lines = after.lines();
    Seen {
        status: out.shell_status(),
        stdout: out.out(),
        stderr: out.err(),
        host: lines.next().unwrap_or_default().to_string(),
        domain: lines.next().unwrap_or_default().to_string(),
    }
}

pub fn reference() -> PathBuf {
    PathBuf::from("/usr/bin/hostname")
}

/// True when the reference and namespaces are available (else skip, or fail in CI).
pub fn ready() -> bool {
    if !reference().exists() {
        nstest::skip("/usr/bin/hostname (Debian's hostname package) is not installed");
        return false;
    }
    nstest::need_namespaces()
}

/// Runs the reference and ours (the glibc build, and the static musl build when there
/// is one) the same way and asserts identical results.
pub fn same(name: &str, args: &[&str], setup: &Setup) -> Seen {
    let theirs = run_one(&reference(), name, args, setup);
    let mut builds = vec![("glibc build", ours())];
    if let Some(bin) = static_build() {
        builds.push(("static build", bin.to_path_buf()));
    }
    let mut last = None;
    for (build, bin) in builds {
        let mut mine = run_one(&bin, name, args, setup);
        // The one intended difference: our version line.
        if mine.stdout == format!("hostname from nsutils {}\n", env!("CARGO_PKG_VERSION")) {
            mine.stdout = "hostname 3.23\n".into();
        }
        assert_eq!(mine, theirs, "\n{build}: {name} {args:?} with {setup:?}");
        last = Some(mine);
    }
    last.unwrap_or(theirs)
}

/// Our hostname built statically for the host architecture's musl target, once per
/// test run, or None (after saying why) when the target is not installed.
pub fn static_build() -> Option<&'static Path> {
    static BUILT: OnceLock<Option<PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            if cfg!(target_feature = "crt-static") {
                // the tests themselves run a static build (.ci/targets: i686, qemu)
                nstest::not_here("the build under test is static already: no second static build");
                return None;
            }
            let target = format!("{}-unknown-linux-musl", std::env::consts::ARCH);
            if !nstest::target_installed(&target) {
                nstest::skip(&format!("the {target} target is not installed (rustup target add {target})"));
                return None;
            }
            let dir = nstest::target_dir().parent().expect("target dir").join("static-hostname-test");
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = Command::new(cargo)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(["build", "--quiet", "-p", "nsutils-hostname", "--target", &target])
                .env("CARGO_TARGET_DIR", &dir)
                .env("CARGO_ENCODED_RUSTFLAGS", "-Ctarget-feature=+crt-static\x1f-Cdebuginfo=0")
                .status()
                .expect("run cargo build");
            assert!(status.success(), "the static build of hostname failed");
            Some(dir.join(&target).join("debug/hostname"))
        })
        .as_deref()
}
