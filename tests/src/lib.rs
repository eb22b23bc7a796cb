//! Helpers for the integration tests of every tool: locating our binaries and the
//! reference ones, running commands with a timeout, skipping (or, under CI=true,
//! failing) when root or a kernel feature is missing, and running as uid 65534.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

mod locale;
mod procs;
mod sandbox;
pub use locale::{escaped, escaped_lines, need_locales, without_locale, LocaleEnv, LOCALE_ENVS};
pub use procs::{children, comm, descendant_named, gone_within, ns_link, status_field, wait_until, Sleeper};
pub use sandbox::Sandbox;

/// How long any one command may run before a test kills it.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The directory cargo put the workspace's binaries in (target/debug or similar).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    // target/debug/deps/test-HASH -> target/debug
    let deps = exe.parent().expect("deps dir");
    if deps.file_name() == Some(OsStr::new("deps")) {
        deps.parent().expect("profile dir").to_path_buf()
    } else {
        deps.to_path_buf()
    }
}

/// The binary NAME of the package whose integration tests expand this: the path cargo
/// gives them in `CARGO_BIN_EXE_NAME` (set only for the tests of the package that has
/// the binary, so the cross-tool tests of this crate use [`ours`]).
#[macro_export]
macro_rules! bin {
    ($name:literal) => {
        ::std::path::PathBuf::from(env!(concat!("CARGO_BIN_EXE_", $name)))
    };
}

/// One of our binaries, for tests outside the package that builds it (which cannot
/// see its `CARGO_BIN_EXE_*`): found next to the test binary, where
/// `cargo test --workspace` builds them all. A tool's own tests use [`bin!`].
pub fn ours(name: &str) -> PathBuf {
    let p = target_dir().join(name);
    assert!(
        p.exists(),
        "{} is missing: run `cargo test --workspace`, which builds every binary",
        p.display()
    );
    p
}

/// The installed reference tool, if any.
pub fn reference(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].iter().map(|d| Path::new(d).join(name)).find(|p| p.exists())
}

pub use common::testing::{ci as in_ci, not_here, skip};

/// True when we are root; otherwise skips (or fails in CI) with `why`.
pub fn need_root(why: &str) -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    skip(&format!("needs root: {why}"));
    false
}

/// True when the kernel lets us create namespaces of every kind we test.
pub fn need_namespaces() -> bool {
    if !need_root("creating namespaces") {
        return false;
    }
    let ok = Command::new("/usr/bin/unshare")
        .args(["-m", "-u", "-i", "-n", "-p", "-f", "-C", "-T", "-U", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip("the kernel refuses to create namespaces here");
    }
    ok
}

/// Held by the tests of one test binary while they run: [`alone`] for tests whose
/// result depends on a quiet machine (lsns under its own churn, dead stdouts compared
/// with the reference's while the process table changes), [`sharing`] for tests that
/// load the machine with namespaces and processes. Each test is a thread of one
/// binary, so without this they would run side by side, as they never did when each
/// file was a test binary of its own.
static MACHINE: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Runs the caller alone among the tests that take [`alone`] or [`sharing`]; hold the
/// guard for the whole test.
pub fn alone() -> std::sync::RwLockWriteGuard<'static, ()> {
    // a test that failed while holding it leaves nothing to repair
    MACHINE.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Lets the caller run beside other [`sharing`] tests, never beside an [`alone`] one.
pub fn sharing() -> std::sync::RwLockReadGuard<'static, ()> {
    MACHINE.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a finished command left behind.
#[derive(Debug, Clone)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
    /// The shell's view: the exit code, or 128 + the signal that killed it.
    pub fn shell_status(&self) -> i32 {
        shell_view(self.status)
    }
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs `cmd` with stdin from /dev/null, killing it after [`TIMEOUT`].
pub fn run(cmd: &mut Command) -> Output {
    run_with_timeout(cmd, TIMEOUT)
}

pub fn run_with_timeout(cmd: &mut Command, timeout: Duration) -> Output {
    let child = spawn_captured(cmd);
    collect(child, cmd, timeout)
}

/// Runs `cmd` with `input` on its stdin (written by a thread of its own), killing it
/// after [`TIMEOUT`]; a command that ends without reading all of it fails the test.
pub fn run_fed(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(&input)
    });
    let out = collect(child, cmd, TIMEOUT);
    // the command has ended, so the writer has too (a closed pipe ends its write)
    let written = writer.join().expect("stdin writer");
    written.unwrap_or_else(|e| panic!("writing the stdin of {cmd:?}: {e}"));
    out
}

/// Runs `cmd` with stdin from /dev/null and the stdout its caller set up (a full or
/// closed one, say), capturing stderr only, killing it after [`TIMEOUT`].
pub fn run_stderr(cmd: &mut Command) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    collect(child, cmd, TIMEOUT)
}

/// Waits at most [`TIMEOUT`] for a child the test started, killing it and failing
/// the test after that.
pub fn wait_child(child: &mut Child, what: &str) -> ExitStatus {
    wait_for(child, &what, Instant::now(), TIMEOUT)
}

/// Starts `cmd` with stdin from /dev/null and stdout and stderr piped for [`collect`].
fn spawn_captured(cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"))
}

/// Runs `cmd` with the standard streams its caller set up and returns the shell's view
/// of its status (128 + signal for a signal death), killing it after [`TIMEOUT`].
pub fn shell_status_of(cmd: &mut Command) -> i32 {
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    shell_view(wait_for(&mut child, &*cmd, Instant::now(), TIMEOUT))
}

/// The shell's `$?` for `status`: the exit code, or 128 + the signal that killed it.
fn shell_view(status: ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
}

/// Waits for `child`, killing it and failing the test once `timeout` has passed
/// since `start`.
fn wait_for(child: &mut Child, cmd: &dyn std::fmt::Debug, start: Instant, timeout: Duration) -> ExitStatus {
    loop {
        if let Some(st) = child.try_wait().expect("try_wait") {
            return st;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Reads a started child's output and waits for it, killing it after `timeout`.
/// The output must also end by then: a leftover grandchild that keeps the pipes open
/// fails the test instead of hanging it.
fn collect(mut child: Child, cmd: &Command, timeout: Duration) -> Output {
    let start = Instant::now();
    let reader = |mut pipe: Box<dyn Read + Send>| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = pipe.read_to_end(&mut v);
            let _ = tx.send(v);
        });
        rx
    };
    // no stdout pipe: the caller gave the command a stdout of its own
    let out = reader(match child.stdout.take() {
        Some(pipe) => Box::new(pipe),
        None => Box::new(std::io::empty()),
    });
    let err = reader(Box::new(child.stderr.take().expect("stderr")));
    let status = wait_for(&mut child, cmd, start, timeout);
    let finish = |rx: std::sync::mpsc::Receiver<Vec<u8>>, name: &str| {
        rx.recv_timeout(timeout.saturating_sub(start.elapsed()).max(Duration::from_secs(1)))
            .unwrap_or_else(|_| panic!("{cmd:?} exited but a process it left keeps its {name} open"))
    };
    Output { status, stdout: finish(out, "stdout"), stderr: finish(err, "stderr") }
}

/// A scratch directory under the system's temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `$TMPDIR/nsutils-TAG-PID-N`, new and empty.
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "nsutils-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap_or_else(|e| panic!("cannot create {}: {e}", p.display()));
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The path as a string, for command lines.
    pub fn s(&self) -> String {
        self.0.display().to_string()
    }

    /// An empty file in the directory (a bind target), its path as a string.
    pub fn file(&self, name: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, b"").unwrap_or_else(|e| panic!("cannot create {}: {e}", p.display()));
        p.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A command running `program` with `args`.
pub fn cmd<I, S>(program: impl AsRef<OsStr>, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut c = Command::new(program);
    c.args(args);
    c
}

/// `program args` run as uid/gid 65534 with no supplementary groups (via setpriv).
pub fn as_nobody<I, S>(program: impl AsRef<OsStr>, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
    c.arg(program.as_ref());
    c.args(args);
    c
}

/// `program args` run inside fresh mount and UTS namespaces made by the system
/// unshare, so the host's host name and mounts never change.
pub fn isolated<I, S>(program: impl AsRef<OsStr>, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut c = Command::new("/usr/bin/unshare");
    c.args(["-m", "-u", "--"]);
    c.arg(program.as_ref());
    c.args(args);
    c
}

/// Pids differ between two runs (`/proc/1234/ns/net`); nothing else may: each pid after
/// `/proc/` becomes `placeholder`.
pub fn without_pids(s: &[u8], placeholder: &str) -> Vec<u8> {
    const PROC: &[u8] = b"/proc/";
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(PROC) {
            out.extend_from_slice(PROC);
            i += PROC.len();
            let digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 {
                out.extend_from_slice(placeholder.as_bytes());
                i += digits;
            }
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// Our stderr without our own `NAME: hint: ...` lines, which may only follow the first.
pub fn without_hints(err: &[u8], name: &str) -> Vec<u8> {
    let hint = format!("{name}: hint: ");
    let mut lines = err.split_inclusive(|&b| b == b'\n');
    let mut kept: Vec<u8> = lines.next().unwrap_or_default().to_vec();
    for line in lines.filter(|l| !l.starts_with(hint.as_bytes())) {
        kept.extend_from_slice(line);
    }
    kept
}

/// True when rustup's standard library for `target` is installed (the static builds
/// the tests make need the musl one).
pub fn target_installed(target: &str) -> bool {
    let sysroot = Command::new("rustc").args(["--print", "sysroot"]).stdin(Stdio::null()).output();
    sysroot.is_ok_and(|o| {
        let root = String::from_utf8_lossy(&o.stdout).trim().to_string();
        Path::new(&root).join("lib/rustlib").join(target).exists()
    })
}

/// Makes `cmd` start in fresh mount and UTS namespaces with every mount private, so
/// whatever it mounts or names stays there (set up in the child before exec, so no
/// other program stands between the test and the command).
pub fn in_private_namespaces(cmd: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: unshare and mount are async-signal-safe system calls; the closure
    // allocates nothing.
    unsafe {
        cmd.pre_exec(|| {
            if libc::unshare(libc::CLONE_NEWNS | libc::CLONE_NEWUTS) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let flags = libc::MS_REC | libc::MS_PRIVATE;
            if libc::mount(c"none".as_ptr(), c"/".as_ptr(), std::ptr::null(), flags, std::ptr::null()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// What the host looks like to a test that must leave it alone: this process's
/// mount table and the host and domain names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostState {
    pub mountinfo: String,
    pub hostname: String,
    pub domainname: String,
}

impl HostState {
    pub fn now() -> HostState {
        let read = |p: &str| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        HostState {
            mountinfo: read("/proc/self/mountinfo"),
            hostname: read("/proc/sys/kernel/hostname"),
            domainname: read("/proc/sys/kernel/domainname"),
        }
    }

    /// Panics with both states when the host changed since `self`.
    pub fn assert_unchanged(&self, what: &str) {
        let now = HostState::now();
        assert!(now == *self, "{what} changed the host\nbefore: {self:#?}\nafter: {now:#?}");
    }
}

/// The panic message or backtrace in `out`'s stderr, if any.
pub fn panic_text(out: &Output) -> Option<String> {
    let err = out.err();
    ["panicked at", "RUST_BACKTRACE", "stack backtrace", "has overflowed its stack"]
        .into_iter()
        .any(|sign| err.contains(sign))
        .then(|| format!("panicked ({:?}):\n{err}", out.status))
}

/// Why `out` looks like a Rust panic (or a crash) rather than a tool's message.
pub fn panic_signs(out: &Output) -> Option<String> {
    use std::os::unix::process::ExitStatusExt;
    // 101 is Rust's panic status; SIGABRT and SIGSEGV are a panic under
    // panic = "abort" and a stack overflow.
    let status = out.status.code() == Some(101)
        || matches!(out.status.signal(), Some(libc::SIGABRT | libc::SIGSEGV | libc::SIGBUS));
    panic_text(out).or_else(|| status.then(|| format!("crashed ({:?}):\n{}", out.status, out.err())))
}

/// Panics if `out` shows a Rust panic or a crash instead of a tool's message.
pub fn assert_no_panic(out: &Output, what: &str) {
    if let Some(why) = panic_signs(out) {
        panic!("{what} {why}");
    }
}

/// The shell [`watched`] runs: `$0` is the report file, `$1` a setup script run
/// first, `$2` argv\[0\] for the program, then the program and its arguments.
const WATCH_SHELL: &str = r#"
report=$0 setup=$1 name=$2
shift 2
eval "$setup" || exit 200
m0=$(</proc/self/mountinfo) h0=$(</proc/sys/kernel/hostname) d0=$(</proc/sys/kernel/domainname)
(exec -a "$name" "$@")
st=$?
m1=$(</proc/self/mountinfo) h1=$(</proc/sys/kernel/hostname) d1=$(</proc/sys/kernel/domainname)
if [ "$m0" != "$m1" ] || [ "$h0" != "$h1" ] || [ "$d0" != "$d1" ]; then
    printf 'before:\n%s\n%s %s\nafter:\n%s\n%s %s\n' "$m0" "$h0" "$d0" "$m1" "$h1" "$d1" >"$report"
fi
exit $st
"#;

/// A command run by [`watched`]: what it printed, and whether it changed anything.
pub struct Watched {
    report: PathBuf,
}

impl Watched {
    /// The mount table and names before and after, if the program changed them.
    pub fn changes(&self) -> Option<String> {
        let text = std::fs::read_to_string(&self.report).ok();
        let _ = std::fs::remove_file(&self.report);
        text
    }
}

/// `program` run as argv\[0\] `name` with `args`, in fresh private mount and UTS
/// namespaces (so nothing reaches the host) under a bash that first runs `setup`
/// (shell code, e.g. mounts the case needs), then snapshots the mount table and the
/// host and domain names before and after the program: [`Watched::changes`] tells
/// whether the program left anything behind in what is, for it, the host.
pub fn watched<S: AsRef<OsStr>>(program: &Path, name: &str, args: &[S], setup: &str) -> (Command, Watched) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let report = std::env::temp_dir().join(format!(
        "nsutils-watch-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let mut c = Command::new("bash");
    c.arg("-c").arg(WATCH_SHELL).arg(&report).arg(setup).arg(name).arg(program);
    c.args(args);
    in_private_namespaces(&mut c);
    (c, Watched { report })
}

/// Runs `cmd` (stdin from /dev/null) as the leader of a new session, so that every
/// process it starts, in any namespace, carries its session id. Returns the output
/// and the processes of that session still there once it ended (given a moment to
/// finish dying), each killed after being listed as `pid comm state`.
pub fn run_in_session(cmd: &mut Command) -> (Output, Vec<String>) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = spawn_captured(cmd);
    let sid = child.id() as i32;
    let out = collect(child, cmd, TIMEOUT);
    (out, kill_session(sid))
}

/// The processes of session `sid` still there after a moment to finish dying, each
/// killed after being listed as `pid comm state`.
fn kill_session(sid: i32) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut left = session_members(sid);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        left = session_members(sid);
    }
    for (pid, _) in &left {
        // SAFETY: kill has no memory preconditions; these processes are ours.
        unsafe { libc::kill(*pid, libc::SIGKILL) };
    }
    left.into_iter().map(|(pid, what)| format!("{pid} {what}")).collect()
}

/// The processes whose session id is `sid`, as (pid, "comm state").
pub fn session_members(sid: i32) -> Vec<(i32, String)> {
    let mut found = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else { return found };
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        let Some(close) = stat.rfind(')') else { continue };
        let comm = stat.get(stat.find('(').map_or(0, |i| i + 1)..close).unwrap_or_default().to_string();
        // after "comm)": state ppid pgrp session
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if fields.get(3).and_then(|s| s.parse::<i32>().ok()) == Some(sid) {
            found.push((pid, format!("{comm} {}", fields.first().copied().unwrap_or("?"))));
        }
    }
    found
}
