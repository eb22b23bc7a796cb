//! Run a command with a different root directory (drop-in for GNU coreutils chroot).

mod creds;
mod help;
mod messages;
pub mod opts;
pub mod quote;
pub mod spec;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::ExitCode;

use common::{cli, process};

use common::cli::Stop;
use common::i18n::Domain;
use common::{msg, Message};
pub use help::manual;
use opts::{Options, Parsed};

/// Runs chroot with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_, args) = cli::init(args, "chroot", Some(Domain::Coreutils));

    let Options { request, skip_chdir, newroot, command } = match opts::parse(args) {
        Ok(Parsed::Run(o)) => *o,
        Ok(Parsed::Help) => return messages::print(&help::help(cli::invoked_as())),
        Ok(Parsed::Version) => return messages::print(format!("{}\n", cli::version_line()).as_bytes()),
        Err(Stop::Usage(e)) => {
            cli::print_usage_error(&e);
            return cli::try_help_as_invoked(messages::FAILED);
        }
        Err(Stop::Fail(e)) => return messages::usage_fail(e.message().clone()),
        Err(Stop::Exclusive(_) | Stop::Silent) => return ExitCode::from(messages::FAILED),
    };
    let old_root = std::fs::canonicalize(&newroot).is_ok_and(|p| p == Path::new("/"));
    if !old_root && skip_chdir {
        let root = messages::shell_quoted(b"/");
        return messages::usage_fail(msg!("option --skip-chdir only permitted if NEWROOT is old %s", root));
    }
    // Users and groups are looked up outside the new root too: what is found there
    // fills in for what the new root's files lack.
    let mut state = creds::State::default();
    if !old_root {
        state.look_outside(&request);
    }
    if let Err(e) = nix::unistd::chroot(newroot.as_os_str()) {
        let shown = messages::shell_quoted(newroot.as_bytes());
        return messages::fail(msg!("cannot change root directory to %s", shown), Some(e));
    }
    if !skip_chdir {
        if let Err(e) = nix::unistd::chdir("/") {
            return messages::fail(Message::new("cannot chdir to root directory"), Some(e));
        }
    }
    let argv = if command.is_empty() {
        let shell = std::env::var_os("SHELL").unwrap_or_else(|| OsString::from("/bin/sh"));
        vec![shell, OsString::from("-i")]
    } else {
        command
    };
    if let Err(status) = state.apply_inside(&request) {
        return status;
    }
    let err = process::execvp(&argv[0], &argv);
    messages::line(msg!("failed to run command %s", messages::quoted(argv[0].as_bytes())), Some(err));
    cli::exit_status(ExitCode::from(process::exec_failure_status(err)), ExitCode::from(messages::FAILED))
}
