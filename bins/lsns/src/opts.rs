//! lsns's command line: the option table (in util-linux's long-option order, which
//! decides how ambiguous abbreviations are listed) and the checks made as getopt
//! hands out each option, in the reference's order.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use common::cli::{Opt, Ordering, Spec, Stop};
use common::msg;
use common::{num, NsKind};

use crate::columns::{apply_list, Col, ListError};

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

/// What the command line asks for.
pub enum Parsed {
    Run(Box<Config>),
    Help,
    Version,
}

fn fail(msg: impl Into<common::Message>) -> Result<Parsed, Stop> {
    Err(Stop::Fail(common::Error::msg(msg)))
}

/// The options in the order getopt returns them, each checked as it comes; prints
/// nothing.
pub fn parse(args: Vec<OsString>) -> Result<Parsed, Stop> {
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
        if let Some(names) = exclusive(id, &mut excl) {
            return Err(Stop::Exclusive(names));
        }
        match id {
            Id::Json => c.json = true,
            Id::List => list = true,
            Id::Output => outarg = Some(val),
            Id::OutputAll => {
                c.columns = Col::all().collect();
                output_all = true;
            }
            Id::Version => return Ok(Parsed::Version),
            // master's strtopid_or_err: 1 to INT_MAX, anything else out of range
            // (2.38.1 took any int and read 0 as no filter).
            Id::Task => match num::parse_signed(val.as_bytes(), 1, i32::MAX.into()) {
                Ok(p) => c.task = i32::try_from(p).ok(),
                Err(e) => return Err(Stop::Fail(num::error("invalid PID argument", val.as_bytes(), e))),
            },
            Id::Persistent => c.persistent = true,
            Id::Help => return Ok(Parsed::Help),
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
        return Err(Stop::Usage(e));
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
) -> Result<Parsed, Stop> {
    if c.list_columns {
        return Ok(Parsed::Run(Box::new(c)));
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
            Err(e) => return Err(Stop::Fail(num::error("invalid namespace argument", arg.as_bytes(), e))),
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
            Err(ListError::Silent) => return Err(Stop::Silent),
        }
    }
    c.tree = tree.unwrap_or(Tree::Process);
    Ok(Parsed::Run(Box::new(c)))
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

/// util-linux's err_exclusive_options for lsns's groups: {-J, -r} and {-P, -p}; the
/// names of the group `id` conflicts in.
fn exclusive(id: Id, seen: &mut [Option<char>; 2]) -> Option<&'static [&'static str]> {
    const GROUPS: [([char; 2], &[&str]); 2] =
        [(['J', 'r'], &["json", "raw"]), (['P', 'p'], &["persistent", "task"])];
    let ch = match id {
        Id::Json => 'J',
        Id::Raw => 'r',
        Id::Persistent => 'P',
        Id::Task => 'p',
        _ => return None,
    };
    for (g, (chars, names)) in GROUPS.iter().enumerate() {
        if !chars.contains(&ch) {
            continue;
        }
        match seen[g] {
            None => seen[g] = Some(ch),
            Some(prev) if prev != ch => return Some(names),
            Some(_) => {}
        }
    }
    None
}
