//! Run a program in new namespaces (drop-in for util-linux unshare).

mod child;
mod help;
mod hints;
mod launch;
mod maps;
pub mod opts;
mod preforked;
mod signals;

use std::ffi::OsString;
use std::process::ExitCode;

use common::cli;
use common::i18n::Domain;

use opts::Parsed;

pub use help::manual;

/// Runs unshare with `args` (argv\[0\] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    cli::exit_status(unshare(args), ExitCode::FAILURE)
}

fn unshare(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (name, args) = cli::init(args, "unshare", Some(Domain::UtilLinux));
    let opts = match opts::parse(args) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => return print(&help::help(&name)),
        Ok(Parsed::Version) => return print(format!("{}\n", cli::version_line()).as_bytes()),
        Err(stop) => return stop.report(1),
    };
    match launch::launch(&opts) {
        Ok(code) => code,
        Err(e) => cli::fail(&e, 1),
    }
}

fn print(text: &[u8]) -> ExitCode {
    match cli::print_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
