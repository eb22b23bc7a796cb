//! The human-readable format: libsmartcols' width calculation (header width as the
//! minimum, width hints, truncation of TRUNC columns only when stdout is a terminal)
//! and its cell printing (right alignment, no padding after the last column,
//! continuation lines of multi-line cells with the tree art carried on).

use super::encode::safe;
use super::width::{truncate, width};
use super::{symbols, Output, Table};

struct Cell {
    data: Vec<u8>,
    width: usize,
}

struct Layout {
    /// Index into the table's columns, for visible columns only.
    cols: Vec<usize>,
    widths: Vec<usize>,
}

pub fn render(t: &Table, out: Output) -> Vec<u8> {
    let mut buf = Vec::new();
    if t.lines.is_empty() {
        return buf;
    }
    let order = t.walk();
    let cols: Vec<usize> = t.visible().map(|(i, _)| i).collect();
    let cells: Vec<Vec<Cell>> = order.iter().map(|&id| encode_line(t, id, &cols, out.utf8)).collect();
    let layout = calculate(t, &order, &cols, &cells, out);
    if !t.noheadings {
        for (k, &i) in cols.iter().enumerate() {
            let c = &t.columns[i];
            let (h, w) = safe::encode(c.header.as_bytes(), out.utf8, false);
            print_cell(&mut buf, t, &layout, k, &Cell { data: h, width: w }, false);
        }
        buf.push(b'\n');
    }
    for (n, &id) in order.iter().enumerate() {
        print_line(&mut buf, t, &layout, id, &cells[n], out.utf8);
    }
    buf
}

fn encode_line(t: &Table, id: usize, cols: &[usize], utf8: bool) -> Vec<Cell> {
    cols.iter()
        .map(|&i| {
            let c = &t.columns[i];
            let mut raw = if c.tree { t.art(id, utf8) } else { Vec::new() };
            raw.extend_from_slice(t.lines[id].cells[i].as_deref().unwrap_or_default());
            let (data, w) = safe::encode(&raw, utf8, c.keep_nl);
            let w = if c.wrap_nl { data.split(|&b| b == b'\n').map(width).max().unwrap_or(0) } else { w };
            Cell { data, width: w }
        })
        .collect()
}

fn calculate(t: &Table, order: &[usize], cols: &[usize], cells: &[Vec<Cell>], out: Output) -> Layout {
    let mut widths = Vec::with_capacity(cols.len());
    let mut mins = Vec::with_capacity(cols.len());
    let mut treearts = Vec::with_capacity(cols.len());
    for (k, &i) in cols.iter().enumerate() {
        let c = &t.columns[i];
        let min = safe::encode(c.header.as_bytes(), out.utf8, false).1;
        let mut w = cells.iter().map(|l| l[k].width).max().unwrap_or(0);
        let treeart =
            if c.tree { order.iter().map(|&id| width(&t.art(id, out.utf8))).max().unwrap_or(0) } else { 0 };
        if w < min {
            w = min;
        } else if c.whint >= 1 && w < c.whint && min < c.whint {
            w = c.whint;
        }
        widths.push(w);
        mins.push(min);
        treearts.push(treeart);
    }
    if let Some(term) = out.term_width {
        let mut total: usize = widths.iter().sum::<usize>() + cols.len().saturating_sub(1);
        while total > term {
            let before = total;
            for (k, &i) in cols.iter().enumerate() {
                let c = &t.columns[i];
                if total <= term {
                    break;
                }
                if widths[k] == mins[k] || widths[k] == 0 || (c.tree && total <= treearts[k]) {
                    continue;
                }
                if c.trunc {
                    widths[k] -= 1;
                    total -= 1;
                }
            }
            if before == total {
                break;
            }
        }
    }
    Layout { cols: cols.to_vec(), widths }
}

fn pad(buf: &mut Vec<u8>, n: usize) {
    buf.resize(buf.len() + n, b' ');
}

/// Prints the first line of a cell; returns what is left of a multi-line cell.
fn print_cell(
    buf: &mut Vec<u8>,
    t: &Table,
    l: &Layout,
    k: usize,
    cell: &Cell,
    split: bool,
) -> Option<Vec<u8>> {
    let c = &t.columns[l.cols[k]];
    let is_last = k + 1 == l.cols.len();
    let (mut chunk, mut pending) = (&cell.data[..], None);
    let mut len = cell.width;
    if split && c.wrap_nl {
        if let Some(p) = cell.data.iter().position(|&b| b == b'\n') {
            chunk = &cell.data[..p];
            pending = Some(cell.data[p + 1..].to_vec()).filter(|r| !r.is_empty());
        }
        len = width(chunk);
    }
    let mut w = l.widths[k];
    if is_last && len < w && (!c.right || chunk.is_empty()) {
        w = len;
    }
    let mut bytes = chunk.len();
    if len > w && c.trunc {
        (bytes, len) = truncate(chunk, w);
    }
    if bytes > 0 {
        if c.right && len < w {
            pad(buf, w - len);
            len = w;
        }
        buf.extend_from_slice(&chunk[..bytes]);
    }
    // libsmartcols never fills the last column, not even when a wide character that
    // did not fit left its truncated text a cell short.
    if len < w && !is_last {
        pad(buf, w - len);
    }
    if !is_last {
        buf.push(b' ');
    }
    pending
}

fn print_line(buf: &mut Vec<u8>, t: &Table, l: &Layout, id: usize, cells: &[Cell], utf8: bool) {
    let mut pending: Vec<Option<Vec<u8>>> =
        cells.iter().enumerate().map(|(k, cell)| print_cell(buf, t, l, k, cell, true)).collect();
    while pending.iter().any(Option::is_some) {
        buf.push(b'\n');
        for k in 0..l.cols.len() {
            let c = &t.columns[l.cols[k]];
            let is_last = k + 1 == l.cols.len();
            let len = match pending[k].take() {
                Some(p) => {
                    let (chunk, rest) = match p.iter().position(|&b| b == b'\n') {
                        Some(i) => (p[..i].to_vec(), Some(p[i + 1..].to_vec()).filter(|r| !r.is_empty())),
                        None => (p, None),
                    };
                    pending[k] = rest;
                    buf.extend_from_slice(&chunk);
                    width(&chunk)
                }
                None if c.tree => {
                    let line = &t.lines[id];
                    let more = !line.children.is_empty() && pending.iter().any(Option::is_some);
                    let mut art = if line.parent.is_some() { t.ancestors_art(id, utf8) } else { Vec::new() };
                    if more {
                        art.extend_from_slice(symbols(utf8).vert.as_bytes());
                    }
                    let (art, w) = safe::encode(&art, utf8, false);
                    buf.extend_from_slice(&art);
                    w
                }
                None => 0,
            };
            if is_last {
                continue;
            }
            if len < l.widths[k] {
                pad(buf, l.widths[k] - len);
            }
            buf.push(b' ');
        }
    }
    buf.push(b'\n');
}
