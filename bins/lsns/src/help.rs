//! lsns's `--help` (upstream's layout, the column list from the column table) and the
//! manual, from the option table.

use common::cli;
use common::cli::help::{self, Line};

use crate::columns::INFOS;
use crate::opts::{Id, SPEC};

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

/// The manual page's content, from the same option table.
pub fn manual() -> common::manual::Manual {
    common::manual::Manual {
        name: "lsns",
        section: 8,
        about: "list namespaces",
        synopsis: &["lsns [options] [namespace]"],
        description: "lsns lists information about all the currently accessible namespaces or about the \
                      given namespace. The namespace identifier is an inode number. The default output is \
                      a tree of namespaces along the processes that represent them; NPROCS counts the \
                      processes in each namespace and PID is the lowest of them. Namespaces that no \
                      process is in, but that a descriptor, a socket or an nsfs bind mount (e.g. \
                      /run/netns/NAME) keeps alive, are listed too, with NPROCS 0.",
        options: SPEC.infos(),
        exit_status: "0 on success, 1 on failure (bad arguments, unknown namespace), 2 when the kernel \
                      does not support a namespace ioctl lsns needs.",
        examples: &[
            ("lsns", "all namespaces, as a tree following the processes"),
            ("lsns -t net", "network namespaces, with NETNSID and NSFS"),
            ("lsns -T -o NS,TYPE,NPROCS", "namespaces nested under their owning user namespaces"),
            (
                "lsns -Q 'TYPE == \"net\" && NPROCS == 0'",
                "network namespaces kept only by mounts or descriptors",
            ),
        ],
        see_also: &["nsenter(1)", "unshare(1)", "clone(2)", "namespaces(7)", "ioctl_ns(2)", "ip-netns(8)"],
    }
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
