//! The tools nsutils ships and the clap view of their option tables, which drives
//! the man pages and the shell completions.

use clap::{Arg, ArgAction, Command, ValueHint};
use common::cli::HasArg;
use common::manual::Manual;

/// One tool of the workspace's table (`common::tools`, which names it, its package
/// and its aliases), with its manual and the operands it takes (which the option
/// table does not describe).
pub struct Tool {
    pub tool: &'static common::tools::Tool,
    pub manual: fn() -> Manual,
    pub operands: &'static [Operand],
}

impl std::ops::Deref for Tool {
    type Target = common::tools::Tool;
    fn deref(&self) -> &common::tools::Tool {
        self.tool
    }
}

/// A positional argument, for completions.
pub struct Operand {
    pub name: &'static str,
    pub hint: ValueHint,
    pub required: bool,
    /// The program to run and its arguments: completes a command, then its words.
    pub command: bool,
}

const PROGRAM: Operand =
    Operand { name: "program", hint: ValueHint::CommandWithArguments, required: false, command: true };

pub const TOOLS: &[Tool] = &[
    Tool { tool: &common::tools::TOOLS[0], manual: unshare::manual, operands: &[PROGRAM] },
    Tool { tool: &common::tools::TOOLS[1], manual: nsenter::manual, operands: &[PROGRAM] },
    Tool {
        tool: &common::tools::TOOLS[2],
        manual: lsns::manual,
        operands: &[Operand { name: "namespace", hint: ValueHint::Other, required: false, command: false }],
    },
    Tool {
        tool: &common::tools::TOOLS[3],
        manual: chroot::manual,
        operands: &[
            Operand { name: "newroot", hint: ValueHint::DirPath, required: true, command: false },
            PROGRAM,
        ],
    },
    Tool {
        tool: &common::tools::TOOLS[4],
        manual: hostname::manual,
        operands: &[Operand { name: "name", hint: ValueHint::Hostname, required: false, command: false }],
    },
];

pub use common::tools::MULTICALL;

/// Every name a user can type: the tools and their aliases.
pub fn all_names() -> Vec<&'static str> {
    common::tools::all_names().collect()
}

pub fn tool(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

/// The tool's options as a clap command, in table order. Operands are added for
/// completions only: the man page's synopsis already names them.
pub fn command(tool: &Tool, with_operands: bool) -> Command {
    let manual = (tool.manual)();
    let mut cmd = Command::new(manual.name)
        .about(manual.about)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true);
    for (i, o) in manual.options.iter().enumerate() {
        let mut arg = Arg::new(format!("opt{i}")).help(o.help).display_order(i);
        if let Some(c) = o.short {
            arg = arg.short(c);
        }
        if let Some(l) = o.long {
            arg = arg.long(l);
        }
        arg = match o.arg {
            HasArg::No => arg.action(ArgAction::Count),
            HasArg::Required => arg.action(ArgAction::Append).num_args(1),
            HasArg::Optional => arg.action(ArgAction::Append).num_args(0..=1).require_equals(true),
        };
        if o.arg != HasArg::No {
            arg = arg.value_name(value_name(o.value)).value_hint(hint(o.value));
        }
        cmd = cmd.arg(arg);
    }
    if with_operands {
        for (i, op) in tool.operands.iter().enumerate() {
            let mut arg = Arg::new(op.name).value_hint(op.hint).required(op.required).index(i + 1);
            if op.command {
                arg = arg.num_args(1..).trailing_var_arg(true).allow_hyphen_values(true);
            }
            cmd = cmd.arg(arg);
        }
    }
    cmd
}

fn value_name(value: &str) -> String {
    if value.is_empty() {
        "arg".to_string()
    } else {
        value.to_string()
    }
}

/// What a placeholder names, so that shells complete files where files go.
fn hint(value: &str) -> ValueHint {
    let v = value.to_ascii_lowercase();
    if v.contains("dir") || v.contains("root") {
        ValueHint::DirPath
    } else if v.contains("file") || v.contains("path") {
        ValueHint::FilePath
    } else if v == "user" || v.contains("uid") && v.contains("name") {
        ValueHint::Username
    } else {
        ValueHint::Other
    }
}

/// The multicall binary as a command with one subcommand per name.
pub fn multicall_command() -> Command {
    let mut cmd = Command::new(MULTICALL)
        .about("Linux namespace tools in one binary")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(Arg::new("list").short('l').long("list").action(ArgAction::SetTrue).help("list the tools"))
        .arg(
            Arg::new("install-links")
                .long("install-links")
                .value_name("dir")
                .value_hint(ValueHint::DirPath)
                .help("create a symbolic link to this binary in dir for each tool"),
        )
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::SetTrue).help("display this help"))
        .arg(
            Arg::new("version").short('V').long("version").action(ArgAction::SetTrue).help("display version"),
        );
    for t in TOOLS {
        for name in t.names() {
            cmd = cmd.subcommand(command(t, true).name(name));
        }
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_valid_clap() {
        for t in TOOLS {
            command(t, true).debug_assert();
            command(t, false).debug_assert();
        }
        multicall_command().debug_assert();
    }

    #[test]
    fn each_manual_is_its_tools() {
        assert_eq!(TOOLS.len(), common::tools::TOOLS.len());
        for t in TOOLS {
            assert_eq!((t.manual)().name, t.name);
        }
    }
}
