//! Release artefacts: the static binaries alone in an empty root, the multicall
//! binary under every name, the install layout, the dist tarball, and the generated
//! man pages and completions being current.
//!
//! The static binaries are built once per run with the musl target and the `dev`
//! profile in their own target directory: the code is the same as the release
//! build, without the minutes fat LTO takes (`cargo xtask dist` checks that build).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nstest::{cmd, need_namespaces, ours, run, run_with_timeout, skip};

use crate::static_bins::{static_bins, static_target_dir};
use xtask::tools::{all_names, MULTICALL, TOOLS};

fn tempdir(tag: &str) -> PathBuf {
    let base = nstest::target_dir().join("release-tests");
    std::fs::create_dir_all(&base).expect("mkdir");
    let dir = base.join(format!("{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// A process in new mount, UTS and PID namespaces, where `root` is an empty tmpfs
/// holding only `bin/` with the static binaries of `bins` and a fresh proc on
/// `proc/`; killed on drop. (The host's shell sets it up from outside the root.)
struct Holder {
    unshare: std::process::Child,
    pid: u32,
}

impl Holder {
    // The child is waited for in Drop.
    #[allow(clippy::zombie_processes)]
    fn start(root: &Path, bins: &Path) -> Holder {
        let tools: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        let script = format!(
            "mount -t tmpfs -o mode=755 emptyroot \"$1\" && mkdir \"$1/bin\" \"$1/proc\" && \
             for t in {}; do cp \"$2/$t\" \"$1/bin/\"; done && \
             mount -t proc proc \"$1/proc\" && exec sleep 120",
            tools.join(" ")
        );
        let unshare = Command::new("/usr/bin/unshare")
            .args(["-m", "-u", "-p", "-f", "--propagation", "private", "/bin/sh", "-c", &script, "sh"])
            .arg(root)
            .arg(bins)
            .stdin(Stdio::null())
            .spawn()
            .expect("start the namespace holder");
        let children = format!("/proc/{0}/task/{0}/children", unshare.id());
        let start = Instant::now();
        loop {
            let pid: Option<u32> = std::fs::read_to_string(&children)
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse().ok());
            if let Some(pid) = pid {
                if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|e| e.ends_with("sleep")) {
                    return Holder { unshare, pid };
                }
            }
            assert!(start.elapsed() < Duration::from_secs(10), "the namespace holder did not start");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `root/bin/chroot root ARGS...` run inside the holder's mount and PID
    /// namespaces (the UTS namespace stays the host's: nothing here changes it).
    fn in_root(&self, root: &Path, args: &[&str]) -> nstest::Output {
        self.chroot(&[], root, args)
    }

    /// `root/bin/TOOL ARGS...` run in the holder's mount and PID namespaces but
    /// not chrooted (the kernel refuses user namespaces to chrooted processes).
    fn tool(&self, root: &Path, tool: &str, args: &[&str]) -> nstest::Output {
        let mut c = cmd("/usr/bin/nsenter", ["-t", &self.pid.to_string(), "-m", "-p", "--"]);
        c.arg(root.join("bin").join(tool)).args(args).env_clear();
        run(&mut c)
    }

    fn chroot(&self, options: &[&str], root: &Path, args: &[&str]) -> nstest::Output {
        let mut c = cmd("/usr/bin/nsenter", ["-t", &self.pid.to_string(), "-m", "-p", "--"]);
        c.arg(root.join("bin/chroot")).args(options).arg(root).args(args).env_clear();
        run(&mut c)
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        // SAFETY: kill has no memory preconditions; the pid is our holder's child.
        unsafe {
            libc::kill(self.pid as i32, libc::SIGKILL);
        }
        let _ = self.unshare.kill();
        let _ = self.unshare.wait();
    }
}

fn ok(o: &nstest::Output, what: &str) -> String {
    assert_eq!(o.code(), Some(0), "{what}: stdout {:?} stderr {:?}", o.out(), o.err());
    o.out()
}

#[test]
fn static_binaries_do_real_work_in_an_empty_root() {
    let _machine = nstest::sharing();
    if !need_namespaces() {
        return;
    }
    let Some(bins) = static_bins() else { return };
    let root = tempdir("emptyroot");
    let holder = Holder::start(&root, bins);

    // chroot into a root with no /etc, no /lib and no shell, with numeric ids.
    let host = ok(&run(&mut cmd("/usr/bin/hostname", [] as [&str; 0])), "host hostname");
    let seen = holder.chroot(&["--userspec=65534:65534"], &root, &["/bin/hostname"]);
    assert_eq!(ok(&seen, "chroot --userspec + hostname"), host);

    // hostname sets the name of the holder's UTS namespace, entered by nsenter
    // through /proc/1/ns/uts of the fresh proc.
    let name = "nsutils-release-test";
    ok(&holder.in_root(&root, &["/bin/nsenter", "-t", "1", "-u", "/bin/hostname", name]), "set hostname");
    let got = holder.in_root(&root, &["/bin/nsenter", "-t", "1", "-u", "/bin/hostname"]);
    assert_eq!(ok(&got, "nsenter + hostname"), format!("{name}\n"));
    assert_eq!(ok(&run(&mut cmd("/usr/bin/hostname", [] as [&str; 0])), "host hostname"), host);

    // Nothing but our binaries and proc in the root.
    let ls = run(cmd("/usr/bin/nsenter", ["-t", &holder.pid.to_string(), "-m", "ls", "-A"]).arg(&root));
    assert_eq!(ok(&ls, "ls root"), "bin\nproc\n");

    // unshare: a new PID namespace with its own proc, where lsns finds itself as pid 1.
    let pids = holder.in_root(
        &root,
        &["/bin/unshare", "-p", "-f", "--mount-proc", "/bin/lsns", "-n", "-o", "PID", "-t", "pid"],
    );
    assert_eq!(ok(&pids, "unshare --mount-proc + lsns").trim(), "1");

    // unshare: a user namespace with root mapped, without /etc/passwd or /etc/group,
    // then --root into the empty root (a chrooted process may not make one).
    let root_arg = format!("--root={}", root.display());
    let userns = holder.tool(&root, "unshare", &["-r", "-u", &root_arg, "/bin/hostname", "inner"]);
    ok(&userns, "unshare -r -u --root hostname");
    let userns = holder.tool(&root, "unshare", &["-r", "-u", &root_arg, "/bin/hostname"]);
    assert_eq!(ok(&userns, "unshare -r -u --root hostname"), host);

    // lsns lists the namespaces of the processes in the fresh proc.
    let list = holder.in_root(&root, &["/bin/lsns"]);
    let list = ok(&list, "lsns");
    assert!(list.lines().next().is_some_and(|h| h.contains("TYPE")), "{list}");
    assert!(list.contains(" uts "), "{list}");
    drop(holder);
    let _ = std::fs::remove_dir_all(&root);
}

/// `name ARGS` through a link to the multicall binary against the standalone tool
/// run under the same name: status, stdout and stderr agree.
#[test]
fn multicall_dispatches_under_every_name() {
    let _machine = nstest::sharing();
    let dir = tempdir("multicall");
    let multi = ours("nsutils");
    let links = dir.join("links");
    let solo = dir.join("solo");
    std::fs::create_dir_all(&links).expect("mkdir");
    std::fs::create_dir_all(&solo).expect("mkdir");
    let made = run(&mut cmd(&multi, ["--install-links".as_ref(), links.as_os_str()]));
    assert_eq!(made.code(), Some(0), "{}", made.err());
    let listed = run(&mut cmd(&multi, ["--list"]));
    assert_eq!(listed.out().lines().collect::<Vec<_>>(), all_names());
    for t in TOOLS {
        for name in t.names() {
            std::os::unix::fs::symlink(ours(t.name), solo.join(name)).expect("symlink");
            for args in [&["--version"][..], &["--help"], &["--no-such-option"]] {
                // Messages may name argv[0] as given (getopt, coreutils' usage).
                let norm = |s: String, d: &Path| s.replace(&format!("{}/", d.display()), "");
                let a = run(&mut cmd(links.join(name), args));
                let b = run(&mut cmd(solo.join(name), args));
                assert_eq!(a.code(), b.code(), "{name} {args:?}");
                assert_eq!(norm(a.out(), &links), norm(b.out(), &solo), "{name} {args:?}");
                assert_eq!(norm(a.err(), &links), norm(b.err(), &solo), "{name} {args:?}");
                // `nsutils NAME ARGS` is the same call with argv[0] = NAME.
                let mut via_arg = cmd(&multi, [name]);
                via_arg.args(args);
                let c = run(&mut via_arg);
                assert_eq!(c.code(), a.code(), "nsutils {name} {args:?}");
                assert_eq!(c.out(), norm(a.out(), &links), "nsutils {name} {args:?}");
                assert_eq!(c.err(), norm(a.err(), &links), "nsutils {name} {args:?}");
            }
        }
    }
    let bad = run(&mut cmd(&multi, ["frobnicate"]));
    assert_eq!(bad.code(), Some(1));
    assert_eq!(bad.err(), "nsutils: unknown tool: frobnicate\nTry 'nsutils --help' for more information.\n");
    let none = run(&mut cmd(&multi, [] as [&str; 0]));
    assert_eq!(none.code(), Some(1));
    assert!(none.err().starts_with("Usage:"), "{}", none.err());
    let _ = std::fs::remove_dir_all(&dir);
}

fn files_under(dir: &Path) -> BTreeSet<String> {
    xtask::walk(dir).expect("walk").into_iter().collect()
}

#[test]
fn install_layout_under_destdir() {
    let _machine = nstest::sharing();
    for multicall in [false, true] {
        let destdir = tempdir(if multicall { "install-multi" } else { "install" });
        let opts = xtask::install::Options {
            prefix: PathBuf::from("/usr"),
            destdir: Some(destdir.clone()),
            multicall,
            bin_dir: Some(nstest::target_dir()),
        };
        let written = xtask::install::run(&opts).expect("install");
        assert!(written.iter().all(|p| p.starts_with(destdir.join("usr"))), "{written:?}");
        let files = files_under(&destdir);
        let prefix = destdir.join("usr");
        for name in all_names() {
            assert!(files.contains(&format!("usr/bin/{name}")), "bin/{name} in {files:?}");
            assert!(files.contains(&format!("usr/share/bash-completion/completions/{name}")));
            assert!(files.contains(&format!("usr/share/zsh/site-functions/_{name}")));
            assert!(files.contains(&format!("usr/share/fish/vendor_completions.d/{name}.fish")));
            let version = run(&mut cmd(prefix.join("bin").join(name), ["--version"]));
            assert_eq!(version.code(), Some(0), "{name} --version: {}", version.err());
        }
        for t in TOOLS {
            let sec = (t.manual)().section;
            for name in t.names() {
                assert!(files.contains(&format!("usr/share/man/man{sec}/{name}.{sec}")), "{name}.{sec}");
            }
            let bin = prefix.join("bin").join(t.name);
            let meta = std::fs::symlink_metadata(&bin).expect("installed");
            assert_eq!(meta.file_type().is_symlink(), multicall, "{}", bin.display());
            for alias in t.aliases {
                let target = std::fs::read_link(prefix.join("bin").join(alias)).expect("alias is a link");
                let want = if multicall { "nsutils" } else { t.name };
                assert_eq!(target, Path::new(want));
            }
        }
        assert_eq!(files.contains("usr/bin/nsutils"), multicall);
        for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            assert!(files.contains(&format!("usr/share/doc/nsutils/{doc}")));
        }
        let _ = std::fs::remove_dir_all(&destdir);
    }
}

#[test]
fn man_pages_are_current() {
    let _machine = nstest::sharing();
    let pages = xtask::man::pages().expect("render man pages");
    xtask::sync(&xtask::root().join("docs/man"), &pages, true).expect("docs/man is current");
    for t in TOOLS {
        let m = (t.manual)();
        let page =
            String::from_utf8(pages[&format!("man{0}/{1}.{0}", m.section, t.name)].clone()).expect("utf-8");
        for section in ["SYNOPSIS", "DESCRIPTION", "OPTIONS", "\"EXIT STATUS\"", "EXAMPLES", "\"SEE ALSO\""] {
            assert!(page.contains(&format!(".SH {section}\n")), "{} lacks {section}", t.name);
        }
        for o in &m.options {
            if let Some(l) = o.long {
                assert!(page.contains(&format!("\\-\\-{}", l.replace('-', "\\-"))), "{}: --{l}", t.name);
            }
        }
    }
}

#[test]
fn completions_are_current() {
    let _machine = nstest::sharing();
    let files = xtask::completions::repo_files();
    xtask::sync(&xtask::root().join("completions"), &files, true).expect("completions/ is current");
}

/// man renders every page without a warning.
#[test]
fn man_pages_render() {
    let _machine = nstest::sharing();
    if Command::new("man").arg("--version").output().is_err() {
        skip("man is not installed");
        return;
    }
    for (rel, _) in xtask::man::pages().expect("pages") {
        let path = xtask::root().join("docs/man").join(&rel);
        let mut c = cmd("man", ["-l".as_ref(), path.as_os_str()]);
        c.env("MANWIDTH", "80").env("MAN_KEEP_FORMATTING", "0").current_dir(xtask::root().join("docs/man"));
        let o = run_with_timeout(&mut c, Duration::from_secs(30));
        assert_eq!(o.code(), Some(0), "{rel}: {}", o.err());
        assert!(o.err().is_empty(), "{rel}: {}", o.err());
        assert!(!o.out().is_empty(), "{rel}");
    }
}

/// The tarball dist makes from the static build: prefix layout, static binaries,
/// fixed owners and times, and the same bytes when made twice.
#[test]
fn dist_tarball_is_reproducible_and_complete() {
    let _machine = nstest::sharing();
    let Some(_) = static_bins() else { return };
    let out = tempdir("dist");
    let opts = xtask::dist::Options {
        targets: vec![xtask::dist::HOST_TARGET.into()],
        profile: "dev".into(),
        out: out.join("a"),
        target_dir: static_target_dir(),
    };
    let first = xtask::dist::run(&opts).expect("dist");
    let second = xtask::dist::run(&xtask::dist::Options { out: out.join("b"), ..opts }).expect("dist again");
    let (a, b) = (std::fs::read(&first[0]).expect("read"), std::fs::read(&second[0]).expect("read"));
    assert!(a == b, "two dist runs made different tarballs");
    let sums = std::fs::read_to_string(out.join("a/SHA256SUMS")).expect("SHA256SUMS");
    let check = run(cmd("sha256sum", ["-c", "SHA256SUMS"]).current_dir(out.join("a")));
    assert_eq!(check.code(), Some(0), "{sums}\n{}", check.err());

    let listing = run(&mut cmd("tar", ["--numeric-owner".as_ref(), "-tvzf".as_ref(), first[0].as_os_str()]));
    let listing = ok(&listing, "tar -t");
    let top = format!("nsutils-{}-{}", env!("CARGO_PKG_VERSION"), xtask::dist::HOST_TARGET);
    let mut names = Vec::new();
    for line in listing.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[1], "0/0", "{line}");
        names.push(cols[5].to_string());
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are sorted");
    for want in [
        "bin/nsutils",
        "bin/unshare",
        "bin/domainname",
        "share/man/man1/unshare.1",
        "README.md",
        "LICENSE-MIT",
    ] {
        assert!(names.contains(&format!("{top}/{want}")), "{want} in {names:?}");
    }
    let x = out.join("x");
    std::fs::create_dir_all(&x).expect("mkdir");
    ok(
        &run(&mut cmd("tar", ["-xzf".as_ref(), first[0].as_os_str(), "-C".as_ref(), x.as_os_str()])),
        "tar -x",
    );
    for name in TOOLS.iter().map(|t| t.name).chain([MULTICALL]) {
        let data = std::fs::read(x.join(&top).join("bin").join(name)).expect("binary");
        let facts = xtask::elf::facts(&data).expect("ELF");
        assert!(!facts.interpreter, "{name} needs a dynamic loader");
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// bash loads each completion script and offers every long option of the tool.
#[test]
fn bash_completions_offer_every_long_option() {
    let _machine = nstest::sharing();
    for t in TOOLS {
        let script = xtask::root().join("completions/bash").join(t.name);
        let func = format!("_{}", t.name);
        let code = format!(
            "source '{}'; COMP_WORDS=({} --); COMP_CWORD=1; {func} {} -- {}; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            t.name,
            t.name,
            t.name
        );
        let o = run(&mut cmd("bash", ["-c", &code]));
        let offered = ok(&o, "bash completion");
        for opt in (t.manual)().options {
            if let Some(l) = opt.long {
                assert!(offered.lines().any(|w| w == format!("--{l}")), "{}: --{l} not offered", t.name);
            }
        }
    }
}
