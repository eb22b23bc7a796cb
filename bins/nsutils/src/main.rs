//! The multicall binary: dispatches on the basename of argv[0] (a link named after a
//! tool), or on its first argument when called as `nsutils TOOL ...`, like busybox.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use common::error::Error;
use common::tools::{all_names, tool_of, Tool};
use common::Message;

const USAGE_HEAD: &str = "\
Usage:
 nsutils TOOL [ARGUMENT]...
 TOOL [ARGUMENT]...            (through a link named TOOL)
 nsutils --list
 nsutils --install-links DIR

";

const USAGE_OPTIONS: &str = "
Options:
 -l, --list                 list the tools, one per line
     --install-links DIR    create a symbolic link to this binary in DIR for each tool
 -h, --help                 display this help
 -V, --version              display version
";

/// The usage text, naming every tool (common::tools) in lines of at most 80 columns.
fn usage() -> String {
    let mut text = String::from(USAGE_HEAD);
    let mut line = String::from("Linux namespace tools in one binary:");
    let names: Vec<&str> = all_names().collect();
    for (i, name) in names.iter().enumerate() {
        let word = format!("{name}{}", if i + 1 == names.len() { "." } else { "," });
        if line.len() + 1 + word.len() > 80 {
            text.push_str(&line);
            text.push('\n');
            line.clear();
        } else {
            line.push(' ');
        }
        line.push_str(&word);
    }
    text.push_str(&line);
    text.push('\n');
    text.push_str(USAGE_OPTIONS);
    text
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let argv0 = args.first().map(|a| a.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(code) = dispatch(basename(&argv0), &args) {
        return code;
    }
    let Some(first) = args.get(1).map(|a| a.to_string_lossy().into_owned()) else {
        eprint!("{}", usage());
        return ExitCode::FAILURE;
    };
    if let Some(code) = dispatch(&first, &args[1..]) {
        return code;
    }
    match first.as_str() {
        "-h" | "--help" => out(&usage()),
        "-V" | "--version" => out(&format!("nsutils {}\n", env!("CARGO_PKG_VERSION"))),
        "-l" | "--list" => out(&all_names().map(|n| format!("{n}\n")).collect::<String>()),
        "--install-links" => match args.get(2) {
            Some(dir) => install_links(Path::new(dir)),
            None => usage_error("option '--install-links' requires an argument"),
        },
        s if s.starts_with("--install-links=") => {
            install_links(Path::new(OsStr::from_bytes(&args[1].as_bytes()[16..])))
        }
        s if s.starts_with('-') => usage_error(&format!("unrecognized option '{s}'")),
        s => usage_error(&format!("unknown tool: {s}")),
    }
}

/// Runs the tool called `name` (a tool's name or an alias), if it is one, with `args`
/// (its argv\[0\] first).
fn dispatch(name: &str, args: &[OsString]) -> Option<ExitCode> {
    let run = runner(tool_of(name)?)?;
    Some(run(args.to_vec()))
}

/// The entry point of each tool of the table.
fn runner(tool: &Tool) -> Option<fn(Vec<OsString>) -> ExitCode> {
    let run: fn(Vec<OsString>) -> ExitCode = match tool.name {
        "unshare" => unshare::run,
        "nsenter" => nsenter::run,
        "lsns" => lsns::run,
        "chroot" => chroot::run,
        "hostname" => hostname::run,
        _ => return None,
    };
    Some(run)
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn out(text: &str) -> ExitCode {
    match common::cli::print_stdout(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// The multicall's own usage error; its messages go through the tools' one printer
/// (no tool has set a name yet, so it names itself `nsutils`).
fn usage_error(msg: &str) -> ExitCode {
    common::cli::warn(Message::verbatim("%s").arg(msg));
    common::cli::try_help(1)
}

/// busybox's `--install -s`: one symbolic link per tool. The link is relative when it
/// sits next to the binary (so the tree can move), absolute otherwise. An existing
/// link to this binary is left alone; any other existing file is an error, not
/// replaced.
fn install_links(dir: &Path) -> ExitCode {
    let exe = match std::fs::read_link("/proc/self/exe") {
        Ok(p) => p,
        Err(e) => return fail(&Error::io("cannot find this binary: /proc/self/exe", &e)),
    };
    let same_dir = std::fs::canonicalize(dir).ok().is_some_and(|d| Some(d.as_path()) == exe.parent());
    let target: PathBuf = match exe.file_name() {
        Some(file) if same_dir => PathBuf::from(file),
        _ => exe.clone(),
    };
    let mut status = ExitCode::SUCCESS;
    for name in all_names() {
        let link = dir.join(name);
        if let Err(e) = std::os::unix::fs::symlink(&target, &link) {
            let ours = std::fs::canonicalize(&link).is_ok_and(|p| p == exe);
            if !(e.kind() == std::io::ErrorKind::AlreadyExists && ours) {
                status = fail(&Error::io(Message::verbatim("%s").arg(&link), &e));
            }
        }
    }
    status
}

fn fail(err: &Error) -> ExitCode {
    common::cli::report(err);
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::tools::TOOLS;

    #[test]
    fn every_tool_of_the_table_runs() {
        for t in TOOLS {
            assert!(runner(t).is_some(), "{} has no entry point here", t.name);
        }
    }

    #[test]
    fn usage_names_every_tool_in_80_columns() {
        let text = usage();
        assert!(text.contains(
            "Linux namespace tools in one binary: unshare, nsenter, lsns, chroot, hostname,\n\
             domainname, nisdomainname, ypdomainname, dnsdomainname.\n\nOptions:"
        ));
    }
}
