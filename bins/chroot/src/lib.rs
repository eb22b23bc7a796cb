//! Run a command with a different root directory (drop-in for GNU coreutils chroot).

mod creds;
mod messages;
pub mod opts;
pub mod quote;
pub mod spec;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::ExitCode;

use common::{cli, process};

use messages::Messages;
pub use opts::manual;
use opts::{Id, SPEC};
use quote::Charset;

/// Runs chroot with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    let argv0 = args.first().map(|a| a.to_string_lossy().into_owned()).filter(|a| !a.is_empty());
    let (_, args) = cli::init(args, "chroot");
    let msg =
        Messages { argv0: argv0.unwrap_or_else(|| "chroot".into()), charset: Charset::from_environment() };

    let mut request = creds::Request::default();
    let mut skip_chdir = false;
    // --help and --version act when getopt hands them out, before any later error.
    let (parsed, err) = SPEC.parse_until_error(args);
    for (id, value) in parsed.opts {
        match id {
            Id::Groups => request.groups = value.map(|v| v.as_bytes().to_vec()),
            // coreutils drops one trailing `:` as it takes the option (`USER:` reads as
            // `USER`), so `USER::` is `USER:` and `::` is `:`.
            Id::Userspec => {
                request.userspec = value.map(|v| {
                    let v = v.as_bytes();
                    v.strip_suffix(b":").unwrap_or(v).to_vec()
                })
            }
            Id::SkipChdir => skip_chdir = true,
            Id::Help => return msg.print(opts::help(&msg.argv0).as_bytes()),
            Id::Version => return msg.print(format!("{}\n", cli::version_line()).as_bytes()),
        }
    }
    if let Some(e) = err {
        cli::print_usage_error(&e);
        return msg.try_help();
    }
    let mut operands = parsed.operands.into_iter();
    let Some(newroot) = operands.next() else {
        return msg.usage_fail(b"missing operand");
    };
    let command: Vec<OsString> = operands.collect();
    let old_root = std::fs::canonicalize(&newroot).is_ok_and(|p| p == Path::new("/"));
    if !old_root && skip_chdir {
        return msg.usage_fail(b"option --skip-chdir only permitted if NEWROOT is old '/'");
    }
    // Users and groups are looked up outside the new root too: what is found there
    // fills in for what the new root's files lack.
    let mut state = creds::State::default();
    if !old_root {
        state.look_outside(&request);
    }
    if let Err(e) = nix::unistd::chroot(newroot.as_os_str()) {
        return msg.fail(&msg.shell_quoted("cannot change root directory to ", newroot.as_bytes()), Some(e));
    }
    if !skip_chdir {
        if let Err(e) = nix::unistd::chdir("/") {
            return msg.fail(b"cannot chdir to root directory", Some(e));
        }
    }
    let argv = if command.is_empty() {
        let shell = std::env::var_os("SHELL").unwrap_or_else(|| OsString::from("/bin/sh"));
        vec![shell, OsString::from("-i")]
    } else {
        command
    };
    if let Err(status) = state.apply_inside(&request, &msg) {
        return status;
    }
    let err = process::execvp(&argv[0], &argv);
    msg.line(&msg.quoted("failed to run command ", argv[0].as_bytes()), Some(err));
    cli::exit_status(ExitCode::from(process::exec_failure_status(err)), ExitCode::from(messages::FAILED))
}
