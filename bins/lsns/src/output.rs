//! From what the scan found to table lines: which namespaces are shown, in which
//! order (by inode), under which parent line (process, owner or parent trees), and
//! the text of every cell.

use std::collections::{HashMap, HashSet};

use common::NsKind;

use crate::columns::Col;
use crate::filter::Filter;
use crate::opts::{Config, Tree};
use crate::scan::{Namespace, Process, Scan};
use crate::table::{Column, Table};

/// The table's columns: the chosen ones, then the filter's hidden ones.
pub fn columns(cfg: &Config, hidden: &[Col]) -> Vec<(Col, Column)> {
    let shown = cfg.columns.iter().map(|&c| (c, false));
    shown
        .chain(hidden.iter().map(|&c| (c, true)))
        .map(|(col, hidden)| {
            let i = col.info();
            let ns_tree = matches!(cfg.tree, Tree::Owner | Tree::Parent) && col == Col::Ns;
            let cmd_tree = cfg.tree == Tree::Process && col == Col::Command;
            let column = Column {
                header: i.name,
                whint: i.whint,
                right: i.right && !ns_tree,
                trunc: i.trunc && !cfg.notrunc,
                tree: (ns_tree || cmd_tree) && !hidden,
                wrap_nl: i.wrap && !cfg.nowrap,
                keep_nl: i.wrap,
                hidden,
                json: i.json,
            };
            (col, column)
        })
        .collect()
}

pub struct Builder<'a> {
    scan: &'a Scan,
    cfg: &'a Config,
    cols: Vec<Col>,
    filter: Option<&'a Filter>,
    table: Table,
    users: HashMap<u32, Vec<u8>>,
    ns_line: HashMap<u64, usize>,
    proc_line: HashMap<i32, usize>,
}

impl<'a> Builder<'a> {
    pub fn new(scan: &'a Scan, cfg: &'a Config, filter: Option<&'a Filter>) -> Builder<'a> {
        let hidden = filter.map(|f| f.hidden_columns(&cfg.columns)).unwrap_or_default();
        let (cols, specs): (Vec<Col>, Vec<Column>) = columns(cfg, &hidden).into_iter().unzip();
        let table = Table::new("namespaces", specs, cfg.format(), cfg.noheadings);
        Builder {
            scan,
            cfg,
            cols,
            filter,
            table,
            users: HashMap::new(),
            ns_line: HashMap::new(),
            proc_line: HashMap::new(),
        }
    }

    /// Every shown namespace, one line each.
    pub fn namespaces(mut self) -> Table {
        let mut sorted: Vec<&Namespace> = self.scan.namespaces.values().collect();
        sorted.sort_unstable_by_key(|ns| ns.ino);
        for ns in sorted {
            if self.cfg.task.is_some() && !ns.has_task {
                continue;
            }
            if self.cfg.persistent && ns.nprocs != 0 {
                continue;
            }
            match self.cfg.tree {
                Tree::Owner | Tree::Parent => self.show_related(ns, 0),
                _ => self.show(ns, self.rep(ns)),
            }
        }
        self.table
    }

    /// The processes of one namespace, one line each.
    pub fn processes(mut self, ns: &Namespace) -> Table {
        let members: HashMap<i32, usize> =
            self.scan.members.iter().filter_map(|&i| Some((self.scan.procs.get(i)?.pid, i))).collect();
        let mut done = HashSet::new();
        for &i in &self.scan.members {
            self.show_member(ns, i, &members, &mut done);
        }
        self.table
    }

    /// In the process tree, a member whose parent is a member too but has a higher
    /// pid (pids wrapped) gets its parent's line first, as util-linux does, so it
    /// still nests under it.
    fn show_member(
        &mut self,
        ns: &Namespace,
        i: usize,
        members: &HashMap<i32, usize>,
        done: &mut HashSet<usize>,
    ) {
        let scan = self.scan;
        let Some(proc) = scan.procs.get(i) else { return };
        if !done.insert(i) {
            return;
        }
        if self.cfg.tree == Tree::Process {
            if let Some(&parent) = members.get(&proc.ppid) {
                self.show_member(ns, parent, members, done);
            }
        }
        self.show(ns, Some(proc));
    }

    fn rep(&self, ns: &Namespace) -> Option<&'a Process> {
        ns.rep.and_then(|i| self.scan.procs.get(i))
    }

    /// Owner and parent trees: the owner (and in the parent tree, the parent) gets
    /// its line first, as util-linux does.
    fn show_related(&mut self, ns: &Namespace, depth: usize) {
        if self.ns_line.contains_key(&ns.ino) || depth > 64 {
            return;
        }
        let parent = if self.cfg.tree == Tree::Parent { self.tree_parent(ns) } else { None };
        for rel in [parent, Some(ns.ons)].into_iter().flatten() {
            if rel != 0 && rel != ns.ino && !self.ns_line.contains_key(&rel) {
                if let Some(r) = self.scan.namespaces.get(&rel) {
                    self.show_related(r, depth + 1);
                }
            }
        }
        self.show(ns, self.rep(ns));
    }

    fn tree_parent(&self, ns: &Namespace) -> Option<u64> {
        matches!(ns.kind, NsKind::Pid | NsKind::User).then_some(ns.pns)
    }

    fn show(&mut self, ns: &Namespace, proc: Option<&Process>) {
        let parent = match self.cfg.tree {
            Tree::Process => proc.and_then(|p| self.proc_line.get(&p.ppid)).copied(),
            Tree::Parent => self.tree_parent(ns).and_then(|p| self.ns_line.get(&p)).copied(),
            Tree::Owner => self.ns_line.get(&ns.ons).copied(),
            Tree::None => None,
        };
        let cells: Vec<Option<Vec<u8>>> =
            self.cols.clone().into_iter().map(|c| self.cell(c, ns, proc)).collect();
        if let Some(f) = self.filter {
            let get = |col: Col| self.cols.iter().position(|&c| c == col).and_then(|i| cells[i].as_deref());
            if !f.matches(&get) {
                return;
            }
        }
        let line = self.table.add_line(parent, cells);
        match self.cfg.tree {
            Tree::Owner | Tree::Parent => {
                self.ns_line.insert(ns.ino, line);
            }
            _ => {
                if let Some(p) = proc {
                    self.proc_line.insert(p.pid, line);
                }
            }
        }
    }

    fn cell(&mut self, col: Col, ns: &Namespace, proc: Option<&Process>) -> Option<Vec<u8>> {
        let num = |n: u64| Some(n.to_string().into_bytes());
        match col {
            Col::Ns => num(ns.ino),
            Col::Type => Some(ns.kind.proc_name().as_bytes().to_vec()),
            Col::Path => proc.map(|p| format!("/proc/{}/ns/{}", p.pid, ns.kind.proc_name()).into_bytes()),
            Col::Nprocs => num(ns.nprocs as u64),
            Col::Pid => proc.map(|p| p.pid.to_string().into_bytes()),
            Col::Ppid => proc.map(|p| p.ppid.to_string().into_bytes()),
            Col::Command => proc.map(|p| p.command.clone()),
            Col::Uid => num(proc.map_or(ns.owner_uid, |p| p.uid) as u64),
            Col::User => Some(self.user(proc.map_or(ns.owner_uid, |p| p.uid))),
            Col::Netnsid => (ns.kind == NsKind::Net).then(|| ns.netnsid.cell()).flatten(),
            Col::Nsfs => {
                let sep: &[u8] = if self.cfg.nowrap { b"," } else { b"\n" };
                self.scan.nsfs.get(&ns.ino).map(|targets| targets.join(sep))
            }
            Col::Pns => num(ns.pns),
            Col::Ons => num(ns.ons),
        }
    }

    fn user(&mut self, uid: u32) -> Vec<u8> {
        self.users
            .entry(uid)
            .or_insert_with(|| match common::users::user_by_uid(uid) {
                Some(u) => u.name.into_bytes(),
                None => uid.to_string().into_bytes(),
            })
            .clone()
    }
}
