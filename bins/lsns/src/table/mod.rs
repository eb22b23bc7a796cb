//! A small table writer with libsmartcols' behaviour: column widths and hints,
//! truncation on a terminal, tree art, multi-line cells, and the raw and JSON formats
//! byte for byte as util-linux prints them.

pub mod encode;
mod human;
pub mod width;

use std::os::unix::ffi::OsStrExt;

use crate::columns::JsonType;

/// How one column is laid out.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: &'static str,
    pub whint: usize,
    pub right: bool,
    pub trunc: bool,
    pub tree: bool,
    /// Multi-line cell split at newlines (libsmartcols' wrapnl functions).
    pub wrap_nl: bool,
    /// Newlines are printed as they are rather than as `\x0a`.
    pub keep_nl: bool,
    /// Used by a filter but not printed.
    pub hidden: bool,
    pub json: JsonType,
}

impl Column {
    /// A column with no width hint, truncation, tree or newline handling.
    pub fn plain(header: &'static str, right: bool, json: JsonType) -> Column {
        Column {
            header,
            whint: 0,
            right,
            trunc: false,
            tree: false,
            wrap_nl: false,
            keep_nl: false,
            hidden: false,
            json,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Raw,
    Json,
}

#[derive(Debug)]
struct Line {
    cells: Vec<Option<Vec<u8>>>,
    parent: Option<usize>,
    children: Vec<usize>,
}

/// A table being filled; lines may hang under earlier lines (tree output).
#[derive(Debug)]
pub struct Table {
    name: &'static str,
    columns: Vec<Column>,
    lines: Vec<Line>,
    roots: Vec<usize>,
    format: Format,
    noheadings: bool,
}

/// Where the output goes: a terminal of some width, or anything else.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub term_width: Option<usize>,
    pub utf8: bool,
}

impl Output {
    /// What libsmartcols finds out about stdout: a terminal's width (TIOCGWINSZ, then
    /// COLUMNS, then 80), and the locale's character set.
    pub fn detect() -> Output {
        // SAFETY: isatty only inspects the descriptor.
        let tty = unsafe { libc::isatty(libc::STDOUT_FILENO) } == 1;
        Output { term_width: tty.then(terminal_width), utf8: common::i18n::locale_is_utf8() }
    }
}

fn terminal_width() -> usize {
    let mut ws = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ fills a struct winsize.
    if unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0 && ws.ws_col > 0 {
        return ws.ws_col as usize;
    }
    // read as strtol reads it: leading white space skipped, a sign allowed
    std::env::var_os("COLUMNS")
        .and_then(|c| common::num::parse_signed(c.as_bytes(), 1, i32::MAX.into()).ok())
        .map_or(80, |c| c as usize)
}

impl Table {
    pub fn new(name: &'static str, columns: Vec<Column>, format: Format, noheadings: bool) -> Table {
        Table { name, columns, lines: Vec::new(), roots: Vec::new(), format, noheadings }
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Adds a line (one cell per column, `None` for empty) under `parent`.
    pub fn add_line(&mut self, parent: Option<usize>, cells: Vec<Option<Vec<u8>>>) -> usize {
        let id = self.lines.len();
        self.lines.push(Line { cells, parent, children: Vec::new() });
        match parent {
            Some(p) => self.lines[p].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// Lines in printing order: depth first when a column shows the tree, otherwise
    /// as they were added (libsmartcols ignores the hierarchy then).
    fn walk(&self) -> Vec<usize> {
        if !self.is_tree() {
            return (0..self.lines.len()).collect();
        }
        let mut order = Vec::with_capacity(self.lines.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            order.push(id);
            stack.extend(self.lines[id].children.iter().rev());
        }
        order
    }

    fn is_last_child(&self, id: usize) -> bool {
        let siblings = match self.lines[id].parent {
            Some(p) => &self.lines[p].children,
            None => &self.roots,
        };
        siblings.last() == Some(&id)
    }

    /// The tree art in front of a line's own data: the ancestors' verticals and the
    /// line's branch.
    fn art(&self, id: usize, utf8: bool) -> Vec<u8> {
        let Some(parent) = self.lines[id].parent else { return Vec::new() };
        let mut art = self.ancestors_art(parent, utf8);
        let sym = if self.is_last_child(id) { symbols(utf8).right } else { symbols(utf8).branch };
        art.extend_from_slice(sym.as_bytes());
        art
    }

    /// libsmartcols' tree_ascii_art_to_buffer: one vertical (or blank) per level from
    /// below the root down to `id` itself.
    fn ancestors_art(&self, id: usize, utf8: bool) -> Vec<u8> {
        let mut chain = Vec::new();
        let mut cur = id;
        while let Some(p) = self.lines[cur].parent {
            chain.push(cur);
            cur = p;
        }
        let mut art = Vec::new();
        for &n in chain.iter().rev() {
            let s = if self.is_last_child(n) { "  " } else { symbols(utf8).vert };
            art.extend_from_slice(s.as_bytes());
        }
        art
    }

    fn is_tree(&self) -> bool {
        self.columns.iter().any(|c| c.tree)
    }

    /// Renders the whole table.
    pub fn render(&self, out: Output) -> Vec<u8> {
        match self.format {
            Format::Json => self.render_json(),
            Format::Raw => self.render_raw(out.utf8),
            Format::Human => human::render(self, out),
        }
    }

    fn visible(&self) -> impl Iterator<Item = (usize, &Column)> {
        self.columns.iter().enumerate().filter(|(_, c)| !c.hidden)
    }

    fn render_raw(&self, utf8: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if self.lines.is_empty() {
            return out;
        }
        if !self.noheadings {
            let names: Vec<&[u8]> = self.visible().map(|(_, c)| c.header.as_bytes()).collect();
            self.raw_line(&names, &mut out);
        }
        for id in self.walk() {
            let mut cells: Vec<Vec<u8>> = Vec::new();
            for (i, c) in self.visible() {
                let mut data = if c.tree { self.art(id, utf8) } else { Vec::new() };
                data.extend_from_slice(self.lines[id].cells[i].as_deref().unwrap_or_default());
                cells.push(data);
            }
            let refs: Vec<&[u8]> = cells.iter().map(Vec::as_slice).collect();
            self.raw_line(&refs, &mut out);
        }
        out
    }

    fn raw_line(&self, cells: &[&[u8]], out: &mut Vec<u8>) {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            encode::raw::encode(c, out);
        }
        out.push(b'\n');
    }

    fn render_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"{\n   ");
        encode::json::string(self.name.as_bytes(), &mut out);
        out.extend_from_slice(b": [\n");
        if self.lines.is_empty() {
            out.push(b'\n');
        } else if self.is_tree() {
            self.json_list(&self.roots, 0, &mut out);
        } else {
            self.json_list(&self.walk(), 0, &mut out);
        }
        out.extend_from_slice(b"   ]\n}\n");
        out
    }

    fn json_list(&self, ids: &[usize], depth: usize, out: &mut Vec<u8>) {
        let ind = " ".repeat(3 * (2 * depth + 2));
        let tree = self.is_tree();
        for (n, &id) in ids.iter().enumerate() {
            if n == 0 {
                out.extend_from_slice(ind.as_bytes());
                out.extend_from_slice(b"{\n");
            }
            let line = &self.lines[id];
            let fields: Vec<(usize, &Column)> = self.visible().collect();
            for (k, &(i, c)) in fields.iter().enumerate() {
                out.extend_from_slice(ind.as_bytes());
                out.extend_from_slice(b"   ");
                encode::json::string(c.header.to_ascii_lowercase().as_bytes(), out);
                out.extend_from_slice(b": ");
                match (line.cells[i].as_deref().filter(|d| !d.is_empty()), c.json) {
                    (None, _) => out.extend_from_slice(b"null"),
                    (Some(d), JsonType::Number) => out.extend_from_slice(d),
                    (Some(d), JsonType::String) => encode::json::string(d, out),
                }
                let more = k + 1 < fields.len() || (tree && !line.children.is_empty());
                out.extend_from_slice(if more { b",\n" } else { b"\n" });
            }
            if tree && !line.children.is_empty() {
                out.extend_from_slice(ind.as_bytes());
                out.extend_from_slice(b"   \"children\": [\n");
                self.json_list(&line.children, depth + 1, out);
                out.extend_from_slice(ind.as_bytes());
                out.extend_from_slice(b"   ]\n");
            }
            out.extend_from_slice(ind.as_bytes());
            out.extend_from_slice(if n + 1 < ids.len() { b"},{\n" } else { b"}\n" });
        }
    }
}

pub struct Symbols {
    pub branch: &'static str,
    pub vert: &'static str,
    pub right: &'static str,
}

pub fn symbols(utf8: bool) -> &'static Symbols {
    static UTF8: Symbols = Symbols { branch: "├─", vert: "│ ", right: "└─" };
    static ASCII: Symbols = Symbols { branch: "|-", vert: "| ", right: "`-" };
    if utf8 {
        &UTF8
    } else {
        &ASCII
    }
}

#[cfg(test)]
mod tests;
