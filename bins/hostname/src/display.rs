//! The display modes: what each prints, byte for byte, and how each fails.

use std::process::ExitCode;

use common::cli;
use common::error::strerror;

use crate::names::{self, fail, out};
use crate::opts::Mode;
use crate::{lookup, resolve};

pub fn show(mode: Mode) -> ExitCode {
    match mode {
        Mode::Host => line(names::host_name()),
        Mode::Short => {
            let name = names::host_name();
            let end = name.iter().position(|&c| c == b'.').unwrap_or(name.len());
            line(name[..end].to_vec())
        }
        Mode::NisProgram => line(names::domain_name()),
        Mode::Nis => {
            let domain = names::domain_name();
            if domain == b"(none)" {
                // The reference prints this complaint on stdout.
                out(format!("{}: Local domain name not set\n", cli::prog()).as_bytes());
                return ExitCode::FAILURE;
            }
            line(domain)
        }
        Mode::Fqdn | Mode::Dns | Mode::Alias | Mode::IpAddress => by_host_name(mode),
        Mode::AllFqdns | Mode::AllIpAddresses => by_interfaces(mode),
    }
}

fn line(mut text: Vec<u8>) -> ExitCode {
    text.push(b'\n');
    out(&text);
    ExitCode::SUCCESS
}

/// The modes that start from getaddrinfo on the host name (-a then asks gethostbyname).
fn by_host_name(mode: Mode) -> ExitCode {
    let host = names::host_name();
    let found = match lookup::addresses(&host) {
        Ok(f) => f,
        Err(code) => return fail(resolve::gai_message(code)),
    };
    let canonical = found.canonical.clone().unwrap_or_else(|| host.clone());
    match mode {
        Mode::Dns => {
            // No dot, no domain: nothing at all is printed.
            if let Some(dot) = canonical.iter().position(|&c| c == b'.') {
                return line(canonical[dot + 1..].to_vec());
            }
            ExitCode::SUCCESS
        }
        Mode::Alias => match lookup::aliases(&host) {
            Ok(list) => line(list.join(&b' ')),
            Err(h) => fail(resolve::h_message(h)),
        },
        Mode::IpAddress => {
            let mut text = Vec::new();
            for (i, addr) in found.addrs.iter().enumerate() {
                if i > 0 {
                    text.push(b' ');
                }
                // A numeric conversion of an address getaddrinfo made cannot fail.
                text.extend(resolve::name_of(addr, libc::NI_NUMERICHOST).unwrap_or_default());
            }
            line(text)
        }
        _ => line(canonical),
    }
}

/// -I and -A: every address of every interface that is up, each name followed by a
/// space (the reference's trailing space), then a newline. -A skips addresses that do
/// not resolve for any reason; -I gives up on anything but EAI_NONAME, after printing
/// what it had.
fn by_interfaces(mode: Mode) -> ExitCode {
    let addrs = match resolve::interface_addrs() {
        Ok(a) => a,
        Err(errno) => return fail(strerror(errno)),
    };
    let flags = if mode == Mode::AllFqdns { libc::NI_NAMEREQD } else { libc::NI_NUMERICHOST };
    let mut text = Vec::new();
    for addr in &addrs {
        match resolve::name_of(addr, flags) {
            Ok(name) => {
                text.extend(name);
                text.push(b' ');
            }
            Err(code) if mode == Mode::AllIpAddresses && code != libc::EAI_NONAME => {
                out(&text);
                return fail(resolve::gai_message(code));
            }
            Err(_) => {}
        }
    }
    line(text)
}
