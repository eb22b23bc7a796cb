//! The multicall binary: dispatches on the basename of argv[0], or on its first
//! argument when called as `nsutils TOOL ...`.

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let Some(argv0) = args.first() else { return ExitCode::FAILURE };
    let name = argv0.to_string_lossy();
    let name = name.rsplit('/').next().unwrap_or_default();
    if let Some(code) = dispatch(name, args.clone()) {
        return code;
    }
    match args.get(1) {
        Some(tool) => {
            let t = tool.to_string_lossy().into_owned();
            dispatch(&t, args[1..].to_vec()).unwrap_or_else(|| {
                eprintln!("nsutils: {t}: applet not found");
                ExitCode::from(127)
            })
        }
        None => {
            eprintln!("Usage: nsutils TOOL [ARGS...]");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(name: &str, args: Vec<OsString>) -> Option<ExitCode> {
    Some(match name {
        "unshare" => unshare::run(args),
        "nsenter" => nsenter::run(args),
        "lsns" => lsns::run(args),
        "chroot" => chroot::run(args),
        "hostname" | "domainname" | "nisdomainname" | "ypdomainname" | "dnsdomainname" => hostname::run(args),
        _ => return None,
    })
}
