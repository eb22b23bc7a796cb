//! lsns's command line: the option table (in util-linux's long-option order, which
//! decides how ambiguous abbreviations are listed), the help text, and the checks
//! made as getopt hands out each option, in the reference's order.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;

use common::cli::help::{self, Line};
use common::cli::{self, Opt, Ordering, Spec};
use common::msg;
use common::{num, NsKind};

use crate::columns::{apply_list, Col, ListError, INFOS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    Json,
    Task,
    Persistent,
    Help,
    Output,
    OutputAll,
    NoTruncate,
    Version,
    NoHeadings,
    NoWrap,
    List,
    Raw,
    Type,
    Tree,
    Filter,
    ListColumns,
}

static OPTS: &[Opt<Id>] = &[
    Opt::flag(Id::Json, Some('J'), "json", "use JSON output format")
        .usage(" -J, --json             use JSON output format\n"),
    Opt::req(Id::Task, Some('p'), "task", "pid", "print process namespaces")
        .usage(" -p, --task <pid>       print process namespaces\n"),
    Opt::flag(Id::Persistent, Some('P'), "persistent", "namespaces without processes")
        .usage(" -P, --persistent       namespaces without processes\n"),
    Opt::flag(Id::Help, Some('h'), "help", "display this help"),
    Opt::req(Id::Output, Some('o'), "output", "list", "define which output columns to use")
        .usage(" -o, --output <list>    define which output columns to use\n"),
    Opt::flag(Id::OutputAll, None, "output-all", "output all columns")
        .usage("     --output-all       output all columns\n"),
    Opt::flag(Id::NoTruncate, Some('u'), "notruncate", "don't truncate text in columns")
        .usage(" -u, --notruncate       don't truncate text in columns\n"),
    Opt::flag(Id::Version, Some('V'), "version", "display version"),
    Opt::flag(Id::NoHeadings, Some('n'), "noheadings", "don't print headings")
        .usage(" -n, --noheadings       don't print headings\n"),
    Opt::flag(Id::NoWrap, Some('W'), "nowrap", "don't use multi-line representation")
        .usage(" -W, --nowrap           don't use multi-line representation\n"),
    Opt::flag(Id::List, Some('l'), "list", "use list format output")
        .usage(" -l, --list             use list format output\n"),
    Opt::flag(Id::Raw, Some('r'), "raw", "use the raw output format")
        .usage(" -r, --raw              use the raw output format\n"),
    Opt::req(
        Id::Type,
        Some('t'),
        "type",
        "name",
        "namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)",
    )
    .usage(" -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)\n"),
    Opt::optional(Id::Tree, Some('T'), "tree", "rel", "use tree format (parent, owner, or process)")
        .usage(" -T, --tree <rel>       use tree format (parent, owner, or process)\n"),
    Opt::req(Id::Filter, Some('Q'), "filter", "expr", "apply display filter")
        .usage(" -Q, --filter <expr>    apply display filter\n"),
    Opt::flag(Id::ListColumns, Some('H'), "list-columns", "list the available columns")
        .usage(" -H, --list-columns     list the available columns\n"),
];

pub static SPEC: Spec<Id> = Spec { opts: OPTS, ordering: Ordering::Permute };

/// How rows hang together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tree {
    None,
    Process,
    Owner,
    Parent,
}

/// Everything the command line asked for.
#[derive(Debug, Clone)]
pub struct Config {
    pub json: bool,
    pub raw: bool,
    pub noheadings: bool,
    pub notrunc: bool,
    pub nowrap: bool,
    pub persistent: bool,
    /// `-p PID`.
    pub task: Option<i32>,
    /// Selected kinds, in lsns's order.
    pub kinds: Vec<NsKind>,
    pub tree: Tree,
    /// The positional namespace; `Some(0)` lists namespaces with the process columns.
    pub ns: Option<u64>,
    pub columns: Vec<Col>,
    pub filter: Option<Vec<u8>>,
    pub list_columns: bool,
}

impl Config {
    /// The table format `-J` and `-r` select (JSON wins, as -J and -r exclude each other).
    pub fn format(&self) -> crate::table::Format {
        use crate::table::Format;
        if self.json {
            Format::Json
        } else if self.raw {
            Format::Raw
        } else {
            Format::Human
        }
    }
}

/// Parsing either yields a configuration or has already said everything.
pub enum Parsed {
    Run(Box<Config>),
    Exit(ExitCode),
}

fn fail(msg: impl Into<common::Message>) -> Parsed {
    cli::warn(msg);
    Parsed::Exit(ExitCode::FAILURE)
}

/// [`fail`] for an error that quotes an argument byte for byte.
fn fail_with(err: common::Error) -> Parsed {
    Parsed::Exit(cli::fail(&err, 1))
}

/// The options in the order getopt returns them, each checked as it comes.
pub fn parse(args: Vec<OsString>) -> Parsed {
    let (parsed, err) = SPEC.parse_until_error(args);
    let mut c = Config {
        json: false,
        raw: false,
        noheadings: false,
        notrunc: false,
        nowrap: false,
        persistent: false,
        task: None,
        kinds: Vec::new(),
        tree: Tree::Process,
        ns: None,
        columns: Vec::new(),
        filter: None,
        list_columns: false,
    };
    let mut tree: Option<Tree> = None;
    let mut list = false;
    let mut outarg: Option<OsString> = None;
    let mut output_all = false;
    let mut net_given = false;
    let mut excl: [Option<char>; 2] = [None, None];
    for (id, given) in parsed.opts {
        let val = given.clone().unwrap_or_default();
        if let Some(code) = exclusive(id, &mut excl) {
            return Parsed::Exit(code);
        }
        match id {
            Id::Json => c.json = true,
            Id::List => list = true,
            Id::Output => outarg = Some(val),
            Id::OutputAll => {
                c.columns = Col::all().collect();
                output_all = true;
            }
            Id::Version => {
                let printed = cli::print_stdout(format!("{}\n", cli::version_line()).as_bytes());
                return Parsed::Exit(printed.err().unwrap_or(ExitCode::SUCCESS));
            }
            // master's strtopid_or_err: 1 to INT_MAX, anything else out of range
            // (2.38.1 took any int and read 0 as no filter).
            Id::Task => match num::parse_signed(val.as_bytes(), 1, i32::MAX.into()) {
                Ok(p) => c.task = i32::try_from(p).ok(),
                Err(e) => return fail_with(num::error("invalid PID argument", val.as_bytes(), e)),
            },
            Id::Persistent => c.persistent = true,
            Id::Help => {
                let printed = cli::print_stdout(&usage());
                return Parsed::Exit(printed.err().unwrap_or(ExitCode::SUCCESS));
            }
            Id::NoHeadings => c.noheadings = true,
            Id::Raw => {
                c.raw = true;
                c.nowrap = true;
            }
            Id::NoTruncate => c.notrunc = true,
            Id::NoWrap => c.nowrap = true,
            Id::Type => {
                let Some(kind) =
                    NsKind::LSNS_ORDER.iter().copied().find(|k| k.proc_name().as_bytes() == val.as_bytes())
                else {
                    return fail(msg!("unknown namespace type: %s", val));
                };
                net_given |= kind == NsKind::Net;
                if !c.kinds.contains(&kind) {
                    c.kinds.push(kind);
                }
            }
            Id::Tree => {
                let v = val.as_bytes();
                let v = v.strip_prefix(b"=").unwrap_or(v);
                tree = Some(match v {
                    _ if given.is_none() => Tree::Owner,
                    b"parent" => Tree::Parent,
                    b"process" => Tree::Process,
                    b"owner" => Tree::Owner,
                    _ => return fail(msg!("unknown tree type: %s", v)),
                });
            }
            Id::Filter => c.filter = Some(val.as_bytes().to_vec()),
            Id::ListColumns => c.list_columns = true,
        }
    }
    if let Some(e) = err {
        return Parsed::Exit(cli::usage_error(&e, 1));
    }
    // util-linux turns the process tree on where it sets the default columns, which
    // --output-all skips; a positional namespace always gets it.
    let flat = list || (output_all && parsed.operands.is_empty());
    let tree = tree.or(flat.then_some(Tree::None));
    finish(c, parsed.operands, tree, outarg, net_given)
}

fn finish(
    mut c: Config,
    operands: Vec<OsString>,
    tree: Option<Tree>,
    outarg: Option<OsString>,
    net_given: bool,
) -> Parsed {
    if c.list_columns {
        return Parsed::Run(Box::new(c));
    }
    if c.kinds.is_empty() {
        c.kinds = NsKind::LSNS_ORDER.to_vec();
    } else {
        c.kinds.sort_by_key(|k| NsKind::LSNS_ORDER.iter().position(|o| o == k));
    }
    if let Some(arg) = operands.first() {
        if c.task.is_some() {
            return fail("--task is mutually exclusive with <namespace>");
        }
        match num::parse_unsigned(arg.as_bytes(), u64::MAX) {
            Ok(n) => c.ns = Some(n),
            Err(e) => return fail_with(num::error("invalid namespace argument", arg.as_bytes(), e)),
        }
    }
    if c.columns.is_empty() {
        c.columns = default_columns(c.ns.is_some(), net_given);
    }
    if let Some(list) = outarg {
        match apply_list(list.as_bytes(), &mut c.columns) {
            Ok(()) => {}
            Err(ListError::Unknown(rest)) => {
                return fail(msg!("unknown column: %s", rest));
            }
            Err(ListError::EmptyName) => {
                return fail(msg!("empty name in column list: '%s'", list.as_bytes()))
            }
            Err(ListError::Silent) => return Parsed::Exit(ExitCode::FAILURE),
        }
    }
    c.tree = tree.unwrap_or(Tree::Process);
    Parsed::Run(Box::new(c))
}

fn default_columns(ns_mode: bool, net: bool) -> Vec<Col> {
    if ns_mode {
        return vec![Col::Pid, Col::Ppid, Col::User, Col::Command];
    }
    let mut v = vec![Col::Ns, Col::Type, Col::Nprocs, Col::Pid, Col::User];
    if net {
        v.extend([Col::Netnsid, Col::Nsfs]);
    }
    v.push(Col::Command);
    v
}

/// util-linux's err_exclusive_options for lsns's groups: {-J, -r} and {-P, -p}.
fn exclusive(id: Id, seen: &mut [Option<char>; 2]) -> Option<ExitCode> {
    const GROUPS: [[(char, &str); 2]; 2] =
        [[('J', "json"), ('r', "raw")], [('P', "persistent"), ('p', "task")]];
    let ch = match id {
        Id::Json => 'J',
        Id::Raw => 'r',
        Id::Persistent => 'P',
        Id::Task => 'p',
        _ => return None,
    };
    for (g, group) in GROUPS.iter().enumerate() {
        if !group.iter().any(|(c, _)| *c == ch) {
            continue;
        }
        match seen[g] {
            None => seen[g] = Some(ch),
            Some(prev) if prev != ch => {
                let names: Vec<&str> = group.iter().map(|&(_, n)| n).collect();
                cli::exclusive_options(&names);
                return Some(ExitCode::FAILURE);
            }
            Some(_) => {}
        }
    }
    None
}

const LINES: &[Line<Id>] = &[
    Line::Text("\nUsage:\n"),
    Line::Synopsis(" %s [options] [<namespace>]\n"),
    Line::Plain("\n"),
    Line::Text("List system namespaces.\n"),
    Line::Text("\nOptions:\n"),
    Line::Opt(Id::Json),
    Line::Opt(Id::List),
    Line::Opt(Id::NoHeadings),
    Line::Opt(Id::Output),
    Line::Opt(Id::OutputAll),
    Line::Opt(Id::Persistent),
    Line::Opt(Id::Task),
    Line::Opt(Id::Raw),
    Line::Opt(Id::NoTruncate),
    Line::Opt(Id::NoWrap),
    Line::Opt(Id::Type),
    Line::Opt(Id::Tree),
    Line::Opt(Id::Filter),
    Line::Plain("\n"),
    Line::Opt(Id::ListColumns),
    Line::HelpOptions(24),
    Line::Text("\nAvailable output columns:\n"),
    Line::Columns(column_helps),
    Line::ManTail("lsns(8)"),
];

fn column_helps() -> Vec<(&'static str, &'static str)> {
    INFOS.iter().map(|i| (i.name, i.help)).collect()
}

/// The help text, laid out as upstream's; the synopsis names the program as invoked
/// (program_invocation_short_name).
pub fn usage() -> Vec<u8> {
    help::render(&SPEC, LINES, cli::prog())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines_line_up() {
        let u = String::from_utf8(usage()).expect("UTF-8");
        assert!(u.contains("\n -J, --json             use JSON output format\n"));
        assert!(u.contains("\n     --output-all       output all columns\n"));
        assert!(u.contains("\n -T, --tree <rel>       use tree format (parent, owner, or process)\n"));
        assert!(u.contains("\n          NS  namespace identifier (inode number)\n"));
    }
}
