//! Show or set the system's host and domain names (drop-in for Debian hostname 3.23,
//! including its other names domainname, nisdomainname, ypdomainname, dnsdomainname).

mod display;
mod help;
mod hosts;
mod lookup;
pub mod names;
mod nss;
mod numeric;
pub mod opts;
mod order;
mod resolve;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;

use common::cli;

pub use help::manual;
use opts::{Mode, Options, Parsed};

/// Debian's hostname exits -1 for help and every usage problem.
const USAGE_STATUS: u8 = 255;

/// Runs hostname with `args` (argv[0] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (name, args) = cli::init(args, "hostname", None);
    let Options { mode, file, boot, operands } = match opts::parse(&name, args) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => return usage(Stream::Stdout),
        Ok(Parsed::Version) => {
            names::out(format!("hostname from nsutils {}\n", env!("CARGO_PKG_VERSION")).as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // getopt's '?' lands in the same case as -h: usage on stdout.
            cli::print_usage_error(&e);
            return usage(Stream::Stdout);
        }
    };
    let from_file = match &file {
        Some(path) => match names::read_name_file(path.as_bytes(), boot) {
            Ok(name) => Some(name),
            Err(status) => return status,
        },
        None => None,
    };
    if operands.len() > 1 || (from_file.is_some() && !operands.is_empty()) {
        return usage(Stream::Stderr);
    }
    let new_name = from_file.or_else(|| operands.first().map(|o| o.as_bytes().to_vec()));
    match new_name {
        Some(new) => match mode {
            Mode::Host => names::set_host_name(&new),
            Mode::NisProgram | Mode::Nis => names::set_domain_name(&new),
            _ => usage(Stream::Stderr),
        },
        None => display::show(mode),
    }
}

enum Stream {
    Stdout,
    Stderr,
}

/// The full usage text, on stdout for -h and getopt errors, on stderr for a command
/// line that does not make sense; always status 255.
fn usage(stream: Stream) -> ExitCode {
    use std::io::Write;
    let _ = match stream {
        Stream::Stdout => std::io::stdout().lock().write_all(&help::usage()),
        Stream::Stderr => {
            cli::write_stderr(&help::usage());
            Ok(())
        }
    };
    ExitCode::from(USAGE_STATUS)
}
