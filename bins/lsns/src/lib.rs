//! List Linux namespaces (drop-in for util-linux lsns).
//!
//! The command line becomes a [`opts::Config`]; one scan of /proc, of the processes'
//! descriptors and of mountinfo finds the namespaces ([`scan`]); [`output`] turns
//! them into lines of a libsmartcols-compatible [`table`], printed once.

pub mod columns;
pub mod filter;
mod help;
pub mod netnsid;
pub mod opts;
pub mod output;
mod related;
pub mod scan;
pub mod table;

use std::ffi::OsString;
use std::process::ExitCode;

use common::cli;
use common::msg;

use columns::{Col, JsonType, INFOS};
use filter::{Filter, FilterError};
use opts::{Config, Parsed, Tree};
use table::{Column, Format, Output, Table};

pub use help::manual;

/// Runs lsns with `args` (argv\[0\] included) and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (_name, args) = cli::init(args, "lsns", Some(common::i18n::Domain::UtilLinux));
    let cfg = match opts::parse(args) {
        Ok(Parsed::Run(c)) => c,
        Ok(Parsed::Help) => return print(&help::usage()),
        Ok(Parsed::Version) => return print(format!("{}\n", cli::version_line()).as_bytes()),
        Err(stop) => return stop.report(1),
    };
    let bytes = match if cfg.list_columns { Ok(list_columns(&cfg)) } else { lsns(&cfg) } {
        Ok(b) => b,
        Err(code) => return code,
    };
    print(&bytes)
}

fn print(bytes: &[u8]) -> ExitCode {
    match cli::print_stdout(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn resolve(name: &[u8]) -> Option<(Col, JsonType)> {
    Col::by_name(name).map(|c| (c, c.info().json))
}

fn lsns(cfg: &Config) -> Result<Vec<u8>, ExitCode> {
    let filter = match &cfg.filter {
        None => None,
        Some(expr) => match Filter::parse(expr, &resolve) {
            Ok(f) => Some(f),
            Err(FilterError::UnknownColumn(name)) => {
                cli::warn(msg!("unknown column: %s", name));
                return Err(ExitCode::FAILURE);
            }
            Err(FilterError::Syntax(msg)) => {
                cli::warn(msg!("failed to parse \"%s\": %s", expr, msg));
                return Err(ExitCode::FAILURE);
            }
        },
    };
    let used = |c: Col| cfg.columns.contains(&c) || filter.as_ref().is_some_and(|f| f.holders().contains(&c));
    let ns_mode = cfg.ns.filter(|&n| n != 0);
    let owner_tree = matches!(cfg.tree, Tree::Owner | Tree::Parent);
    let needs = scan::Needs {
        kinds: cfg.kinds.clone(),
        relations: used(Col::Pns) || used(Col::Ons) || owner_tree,
        netnsid: used(Col::Netnsid),
        task: cfg.task,
        members_of: ns_mode,
        complete_trees: owner_tree && ns_mode.is_none(),
    };
    let found = scan::Scan::run(needs).map_err(|e| cli::fail(&e, 1))?;
    let builder = output::Builder::new(&found, cfg, filter.as_ref());
    let table = match ns_mode {
        None => builder.namespaces(),
        Some(n) => match found.namespaces.get(&n) {
            Some(ns) => builder.processes(ns),
            None => {
                cli::warn(msg!("not found namespace: %ju", n));
                return Err(ExitCode::FAILURE);
            }
        },
    };
    Ok(table.render(Output::detect()))
}

/// `-H`: the columns as a table of their own (`lsns-columns`).
fn list_columns(cfg: &Config) -> Vec<u8> {
    let col = |header: &'static str, right: bool| Column::plain(header, right, JsonType::String);
    let cols = vec![col("HOLDER", true), col("TYPE", false), col("DESCRIPTION", false)];
    let mut t = Table::new("lsns-columns", cols, cfg.format(), true);
    for i in INFOS.iter() {
        let ty = match i.json {
            JsonType::Number => "number",
            JsonType::String => "string",
        };
        let ty = if cfg.format() == Format::Human { format!("<{ty}>") } else { ty.to_string() };
        t.add_line(None, vec![Some(i.name.into()), Some(ty.into_bytes()), Some(i.help.into())]);
    }
    t.render(Output::detect())
}
