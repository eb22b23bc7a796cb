//! Run a program in the namespaces of another process (drop-in for util-linux nsenter).
//!
//! The order of operations is upstream's: parse (opening explicit files at once),
//! resolve everything that comes from the target, enter the namespaces, chroot and
//! chdir, environment, cgroup, fork when a pid namespace was entered, credentials,
//! ambient capabilities, exec.

mod cgroup;
mod enter;
mod fork;
mod help;
pub mod opts;
mod selinux;
mod target;

use std::ffi::OsString;
use std::process::ExitCode;

use common::{cli, creds, process, Error, NsKind};

use crate::enter::Creds;
use crate::opts::{IdArg, Options, Parsed};

pub use help::manual;

/// Runs nsenter with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    cli::exit_status(run_nsenter(args), ExitCode::FAILURE)
}

fn run_nsenter(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, args) = cli::init(args, "nsenter", Some(common::i18n::Domain::UtilLinux));
    let o = match opts::parse(args) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => return print(&help::help(cli::prog())),
        Ok(Parsed::Version) => return print(format!("{}\n", cli::version_line()).as_bytes()),
        Err(stop) => return stop.report(1),
    };
    match nsenter(*o) {
        Ok(code) => code,
        Err(e) => cli::fail(&e, 1),
    }
}

fn print(text: &[u8]) -> ExitCode {
    cli::print_stdout(text).map_or_else(|code| code, |()| ExitCode::SUCCESS)
}

fn nsenter(mut o: Options) -> Result<ExitCode, Error> {
    let pid = o.target.map(|t| t.pid);
    if o.follow_context {
        selinux::follow_context(pid)?;
    }
    let mut r = target::resolve(&mut o)?;
    let user = r.enters(NsKind::User);
    let fork = r.enters(NsKind::Pid) && !o.no_fork;

    let mut creds = Creds { uid: None, gid: None, groups_failed_before: false, defaulted: false };
    if user && !o.preserve_cred {
        creds = Creds { uid: Some(0), gid: Some(0), groups_failed_before: false, defaulted: true };
        // again after the switch; only both failing is an error
        creds.groups_failed_before = creds::set_groups(&[]).is_err();
    }
    enter::enter_namespaces(&r.entries, enter::borrowed(&r.pidfd), user)?;
    r.entries.clear();
    r.pidfd = None;

    enter::change_root_and_wd(&mut r)?;
    if let Some(env) = r.environ.take() {
        enter::replace_environment(&env);
    }
    if let Some(procs) = r.cgroup_procs.as_mut() {
        enter::join_cgroup(procs)?;
    }
    r.cgroup_procs = None;
    let followed = r.proc_dir.take().map(|d| enter::follow_ids(&d)).transpose()?;
    let pick = |arg: Option<IdArg>, default: Option<u32>, follow: Option<u32>| match arg {
        Some(IdArg::Num(n)) => Some(n),
        Some(IdArg::Follow) => follow,
        None => default,
    };
    creds.uid = pick(o.uid, creds.uid, followed.map(|f| f.0));
    creds.gid = pick(o.gid, creds.gid, followed.map(|f| f.1));

    if fork {
        if let Some(code) = fork::continue_as_child()? {
            return Ok(code);
        }
    }
    enter::set_credentials(creds)?;
    if o.keep_caps && user {
        creds::permitted_to_ambient()?;
    }
    let err = process::exec_command(&o.program);
    Ok(cli::fail(&err, 1))
}
