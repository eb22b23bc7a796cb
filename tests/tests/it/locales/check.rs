//! Runs each job under each locale environment through the reference and through
//! each build of ours, and reports the differences readably.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use nstest::{
    escaped, escaped_lines, need_locales, need_root, panic_signs, reference, HostState, LocaleEnv, Output,
    Sandbox, LOCALE_ENVS,
};

use crate::locales::help::{entry_numbers, master_entries, without_entries};
use crate::malformed::case::{expected_with_escapes, reference_run, same, Case, Want};
use nstest::{without_hints, without_pids};

/// What a job compares.
pub enum Job {
    /// A message: status, stdout and stderr exactly (`Want::Same`), or for behaviour
    /// newer than the reference the status and the shape of the message.
    Message(Case),
    /// A help page (or a usage error asking for one): exactly, after the narrow
    /// normalisations of `help.rs`.
    Help(Case),
}

impl Job {
    fn case(&self) -> &Case {
        match self {
            Job::Message(c) | Job::Help(c) => c,
        }
    }
}

/// A build of ours: the default one, and the static musl one where it can be built.
struct Build {
    label: &'static str,
    dir: PathBuf,
}

fn builds() -> Vec<Build> {
    let mut builds = vec![Build { label: "default build", dir: nstest::target_dir() }];
    if let Some(dir) = crate::static_bins::static_bins() {
        builds.push(Build { label: "static musl build", dir: dir.to_path_buf() });
    }
    builds
}

struct Failure {
    build: &'static str,
    env: &'static LocaleEnv,
    /// The command line as typed.
    command: String,
    problems: Vec<String>,
}

/// Runs `case` under `env` with `program`, in its own session and namespaces.
fn run(case: &Case, program: &std::path::Path, env: &LocaleEnv, sandbox: &Sandbox) -> (Output, Vec<String>) {
    sandbox.run(&mut case.command(program, env.vars, sandbox))
}

/// The case as the user would type it, each argument escaped and at most 80 bytes.
fn command_line(case: &Case) -> String {
    use std::os::unix::ffi::OsStrExt;
    let vars: String = case.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a: &OsString| {
            let bytes = a.as_bytes();
            let shown = escaped(&bytes[..bytes.len().min(80)]);
            if bytes.len() > 80 {
                format!("\"{shown}...[{} bytes]\"", bytes.len())
            } else {
                format!("\"{shown}\"")
            }
        })
        .collect();
    format!("{vars}{} {}", case.name, args.join(" "))
}

/// Both outputs of one stream, when they differ, from the first differing line on.
fn stream_diff(stream: &str, ours: &[u8], theirs: &[u8]) -> Option<String> {
    if ours == theirs {
        return None;
    }
    let a: Vec<&[u8]> = ours.split_inclusive(|&b| b == b'\n').collect();
    let b: Vec<&[u8]> = theirs.split_inclusive(|&b| b == b'\n').collect();
    let first = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = |lines: &[&[u8]]| lines[first.min(lines.len())..].concat();
    Some(format!(
        "{stream} differs from line {}:\n  ours:\n{}  reference:\n{}",
        first + 1,
        escaped_lines(&from(&a), "    ", 30),
        escaped_lines(&from(&b), "    ", 30)
    ))
}

/// The reference's try-help line, translated: the last line of a usage error (the
/// lines before it are getopt's, whose French *unrecognized option* ends in an empty
/// line of its own).
fn try_help_line(
    name: &'static str,
    refpath: &std::path::Path,
    env: &LocaleEnv,
    sandbox: &Sandbox,
) -> Vec<u8> {
    let (out, _) = run(&same(name, &["--nsutils-no-such-option"]), refpath, env, sandbox);
    let body = out.stderr.strip_suffix(b"\n").unwrap_or(&out.stderr);
    let at = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    out.stderr[at..].to_vec()
}

/// What is wrong with ours for a message case.
fn message_problems(
    c: &Case,
    env: &LocaleEnv,
    theirs: &Output,
    mine: &Output,
    refpath: &std::path::Path,
    sandbox: &Sandbox,
) -> Vec<String> {
    let mut problems = Vec::new();
    let err = without_hints(&mine.stderr, c.name);
    match c.want {
        Want::Same => {
            if mine.shell_status() != theirs.shell_status() {
                problems.push(format!(
                    "status {} (reference {})",
                    mine.shell_status(),
                    theirs.shell_status()
                ));
            }
            problems.extend(stream_diff(
                "stdout",
                &without_pids(&mine.stdout, "PID"),
                &without_pids(&theirs.stdout, "PID"),
            ));
            let want = without_pids(&expected_with_escapes(&theirs.stderr, &c.args), "PID");
            problems.extend(stream_diff("stderr", &without_pids(&err, "PID"), &want));
        }
        Want::Fixed { status, try_help, .. } => {
            // newer than the reference: its words cannot be compared, their shape can
            if mine.shell_status() != status {
                problems.push(format!("status {} (want {status})", mine.shell_status()));
            }
            problems.extend(stream_diff("stdout", &mine.stdout, b""));
            let first_end = err.iter().position(|&b| b == b'\n').map_or(err.len(), |i| i + 1);
            let (first, rest) = err.split_at(first_end);
            let named = [format!("{}: ", c.name), format!("{}\u{a0}: ", c.name)];
            if !named.iter().any(|n| first.starts_with(n.as_bytes())) {
                problems
                    .push(format!("first stderr line does not start with the name: \"{}\"", escaped(first)));
            }
            let want_rest = if try_help { try_help_line(c.name, refpath, env, sandbox) } else { Vec::new() };
            problems.extend(stream_diff("stderr after the first line", rest, &want_rest));
        }
    }
    problems
}

/// Both sides of a help case in English (LC_ALL=C): the reference's and ours.
struct English {
    theirs: Output,
    mine: Output,
}

/// What is wrong with ours for a help case.
fn help_problems(c: &Case, theirs: &Output, mine: &Output, english: &English) -> Vec<String> {
    let mut problems = Vec::new();
    if mine.shell_status() != theirs.shell_status() {
        problems.push(format!("status {} (reference {})", mine.shell_status(), theirs.shell_status()));
    }
    let newer = master_entries(c.tool());
    let (theirs_page, _) = without_entries(&theirs.stdout, &entry_numbers(&english.theirs.stdout, newer));
    let mine_newer_numbers = entry_numbers(&english.mine.stdout, newer);
    let (mine_page, mine_newer) = without_entries(&mine.stdout, &mine_newer_numbers);
    let (_, english_newer) = without_entries(&english.mine.stdout, &mine_newer_numbers);
    problems.extend(stream_diff("stdout", &mine_page, &theirs_page));
    if let Some(d) =
        stream_diff("help entries only upstream master has (must stay English)", &mine_newer, &english_newer)
    {
        problems.push(d);
    }
    problems.extend(stream_diff("stderr", &mine.stderr, &theirs.stderr));
    problems
}

const C_LOCALE: LocaleEnv = LocaleEnv { vars: &[("LC_ALL", "C")], rule: "English" };

/// Every problem of one job in every environment, for each build of ours.
fn check_job(job: &Job, builds: &[Build], sandbox: &Sandbox) -> Vec<Failure> {
    let c = job.case();
    let tool = c.tool();
    let Some(refpath) = reference(tool) else {
        let problems = vec![format!("reference {tool} is not installed")];
        return vec![Failure {
            build: "reference",
            env: &LOCALE_ENVS[0],
            command: command_line(c),
            problems,
        }];
    };
    // both in English, to find the help entries that must stay English
    let theirs_english =
        matches!(job, Job::Help(_)).then(|| reference_run(tool, || run(c, &refpath, &C_LOCALE, sandbox).0));
    let english: Vec<Option<English>> = builds
        .iter()
        .map(|b| {
            let theirs = theirs_english.clone()?;
            Some(English { theirs, mine: run(c, &b.dir.join(tool), &C_LOCALE, sandbox).0 })
        })
        .collect();
    let mut failures = Vec::new();
    for env in LOCALE_ENVS {
        let theirs = reference_run(tool, || run(c, &refpath, env, sandbox).0);
        for (build, english) in builds.iter().zip(&english) {
            let (mine, left) = run(c, &build.dir.join(tool), env, sandbox);
            let mut problems: Vec<String> = panic_signs(&mine).into_iter().collect();
            if !left.is_empty() {
                problems.push(format!("left processes behind: {left:?}"));
            }
            problems.extend(match (job, english) {
                (Job::Help(c), Some(english)) => help_problems(c, &theirs, &mine, english),
                _ => message_problems(c, env, &theirs, &mine, &refpath, sandbox),
            });
            if !problems.is_empty() {
                problems.push(format!("(glibc's rule here: {})", env.rule));
                failures.push(Failure { build: build.label, env, command: command_line(c), problems });
            }
        }
    }
    failures
}

/// `f` over `items` on four threads per CPU: the runs mostly wait for a child.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()) * 4;
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Runs every job of `tool` in every environment and fails with the first
/// differences in full, the count of all, and the count per environment.
pub fn check_all(tool: &str, jobs: Vec<Job>) {
    if !need_root("the cases run in private mount and UTS namespaces") || !need_locales() {
        return;
    }
    let builds = builds();
    let host = HostState::now();
    let sandbox = Sandbox::new();
    let before = sandbox.state();
    let start = Instant::now();
    let failures: Vec<Failure> =
        parallel(&jobs, |job| check_job(job, &builds, &sandbox)).into_iter().flatten().collect();
    host.assert_unchanged(&format!("the {tool} command lines in every locale"));
    assert_eq!(sandbox.state(), before, "the {tool} command lines changed the sandbox's mounts or names");
    eprintln!(
        "{tool}: {} jobs x {} environments x {} builds in {:.1?}",
        jobs.len(),
        LOCALE_ENVS.len(),
        builds.len(),
        start.elapsed()
    );
    if failures.is_empty() {
        return;
    }
    panic!("{}", report(tool, &failures, jobs.len() * LOCALE_ENVS.len() * builds.len()));
}

/// The count of all failures and per environment, then the first failures of the
/// first N command lines (`LOCALE_TESTS_SHOW`, default 10, `all`), each with the other
/// environments where the same command line also differs.
fn report(tool: &str, failures: &[Failure], runs: usize) -> String {
    let show = match std::env::var("LOCALE_TESTS_SHOW").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n.parse().unwrap_or(10),
        Err(_) => 10,
    };
    let per_env: Vec<String> = LOCALE_ENVS
        .iter()
        .map(|e| (e, failures.iter().filter(|f| std::ptr::eq(f.env, e)).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(e, n)| format!("  {n:5}  {}", e.label()))
        .collect();
    // one entry per build and command line, in the order they failed
    let mut groups: Vec<(&Failure, Vec<String>)> = Vec::new();
    for f in failures {
        match groups.iter_mut().find(|(g, _)| g.build == f.build && g.command == f.command) {
            Some((_, others)) => others.push(f.env.label()),
            None => groups.push((f, Vec::new())),
        }
    }
    let shown: Vec<String> = groups
        .iter()
        .take(show)
        .map(|(f, others)| {
            let also = if others.is_empty() {
                String::new()
            } else {
                format!("\n  also differs under: {}", others.join(" | "))
            };
            format!("[{}] {} {}:\n  {}{also}", f.build, f.env.label(), f.command, f.problems.join("\n  "))
        })
        .collect();
    format!(
        "{} of {runs} {tool} runs differ from the reference, {} command lines and builds \
         (first {} below; LOCALE_TESTS_SHOW=N or all for more)\nper environment:\n{}\n\n{}",
        failures.len(),
        groups.len(),
        shown.len(),
        per_env.join("\n"),
        shown.join("\n\n")
    )
}
