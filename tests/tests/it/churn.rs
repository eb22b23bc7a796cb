//! lsns on a busy machine: every output mode runs again and again while other
//! threads keep starting and ending short-lived processes in fresh namespaces
//! (nested user and PID namespaces, namespaces held only by a descriptor, network
//! namespaces with sockets). Whatever vanishes mid-scan, lsns must exit 0, print
//! nothing on stderr, and (with -J) print valid JSON. Bounded to about 15 seconds.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use nstest::{need_namespaces, ours, panic_signs, run, Output};

/// How long lsns keeps running against the churn.
const RUN_FOR: Duration = Duration::from_secs(12);
/// How many churn processes may live at once, per churn thread.
const ALIVE: usize = 6;

/// Short-lived programs, each in namespaces of its own.
const CHURN: &[&[&str]] = &[
    &["-m", "-u", "-i", "-n", "true"],
    &["-U", "-r", "-p", "-f", "--mount-proc", "sh", "-c", "sleep 0.05 & sleep 0.1; wait"],
    &["-U", "-r", "-C", "-T", "-f", "sleep", "0.2"],
    &["-p", "-f", "-m", "--mount-proc", "/usr/bin/unshare", "-U", "-r", "-n", "-f", "sleep", "0.1"],
    &["-U", "-r", "/usr/bin/unshare", "-U", "-r", "/usr/bin/unshare", "-U", "-r", "-n", "sleep", "0.15"],
    // a namespace that only a descriptor holds, for a moment
    &["-n", "sh", "-c", "exec 7</proc/self/ns/net; /usr/bin/unshare -n sleep 0.1"],
    &["-i", "-u", "-f", "sh", "-c", "for i in 1 2 3; do sleep 0.02 & done; wait"],
];

/// Keeps up to [`ALIVE`] churn processes running until `stop`.
fn churn(stop: Arc<AtomicBool>, seed: usize, started: Arc<AtomicUsize>) {
    let mut alive: Vec<Child> = Vec::new();
    let mut i = seed;
    while !stop.load(Ordering::Relaxed) {
        alive.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
        if alive.len() < ALIVE {
            let args = CHURN[i % CHURN.len()];
            i += 1;
            if let Ok(c) = Command::new("/usr/bin/unshare")
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
            {
                alive.push(c);
                started.fetch_add(1, Ordering::Relaxed);
            }
        } else {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    for mut c in alive {
        let _ = c.kill();
        let _ = c.wait();
    }
}

/// The modes lsns runs in; `{pid}` is a pid that may vanish at any time.
fn modes(pid: &str, own_user_ns: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| s.replace("{pid}", pid)).collect::<Vec<String>>();
    vec![
        v(&[]),
        v(&["-l"]),
        v(&["-J"]),
        v(&["-J", "-l"]),
        v(&["-T"]),
        v(&["-Tparent"]),
        v(&["-Tparent", "-J"]),
        v(&["--tree=process", "-J"]),
        v(&["-r"]),
        v(&["-r", "-n", "-t", "net"]),
        v(&["-t", "net"]),
        v(&["-t", "pid", "-t", "user", "-T", "-J"]),
        v(&["-p", "{pid}"]),
        v(&["-p", "{pid}", "-J"]),
        v(&["--output-all", "-J"]),
        v(&["-o", "+PNS,ONS,NSFS,NETNSID,PATH,UID,PPID", "-u", "-W"]),
        v(&["-P"]),
        v(&["-Q", "NPROCS > 0 && TYPE == 'user'", "-J"]),
        vec![own_user_ns.to_string()],
        vec![own_user_ns.to_string(), "-J".into()],
    ]
}

fn check(args: &[String], out: &Output, failures: &mut Vec<String>) {
    let what = format!("lsns {}", args.join(" "));
    if let Some(p) = panic_signs(out) {
        failures.push(format!("{what}: {p}"));
    }
    if !out.status.success() {
        failures.push(format!("{what}: {:?}: {}", out.status, out.err()));
    }
    if !out.stderr.is_empty() {
        failures.push(format!("{what}: stderr {:?}", out.err()));
    }
    if args.iter().any(|a| a == "-J") {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out.stdout) {
            failures.push(format!("{what}: invalid JSON ({e}):\n{}", out.out()));
        }
    }
}

#[test]
fn lsns_holds_under_namespace_churn() {
    let _machine = nstest::alone();
    if !need_namespaces() {
        return;
    }
    let own_user_ns = std::fs::metadata("/proc/self/ns/user")
        .map(|m| std::os::unix::fs::MetadataExt::ino(&m).to_string())
        .expect("own user namespace");
    let stop = Arc::new(AtomicBool::new(false));
    let started = Arc::new(AtomicUsize::new(0));
    let churners: Vec<_> = (0..2)
        .map(|seed| {
            let (stop, started) = (stop.clone(), started.clone());
            std::thread::spawn(move || churn(stop, seed * 3, started))
        })
        .collect();
    let lsns = ours("lsns");
    let deadline = Instant::now() + RUN_FOR;
    let mut failures = Vec::new();
    let mut runs = 0;
    'outer: while Instant::now() < deadline {
        // a pid of the churn that may be gone by the time lsns looks
        let pid = std::fs::read_dir("/proc")
            .ok()
            .and_then(|d| d.flatten().filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok()).max())
            .unwrap_or(1)
            .to_string();
        for args in modes(&pid, &own_user_ns) {
            let out = run(Command::new(&lsns).args(&args));
            check(&args, &out, &mut failures);
            runs += 1;
            if failures.len() > 20 || Instant::now() >= deadline {
                break 'outer;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    for c in churners {
        c.join().expect("churn thread");
    }
    let started = started.load(Ordering::Relaxed);
    assert!(
        failures.is_empty(),
        "{} of {runs} lsns runs failed under churn:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(runs >= 20 && started >= 20, "too little happened: {runs} lsns runs, {started} churn processes");
    eprintln!("{runs} lsns runs against {started} short-lived namespace processes");
}
