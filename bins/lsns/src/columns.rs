//! lsns's output columns: names, width hints, alignment and JSON types, in the
//! reference's table order (which is also `--output-all`'s order).

/// One output column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Ns,
    Type,
    Path,
    Nprocs,
    Pid,
    Ppid,
    Command,
    Uid,
    User,
    Netnsid,
    Nsfs,
    Pns,
    Ons,
}

/// How a column's cells are typed in JSON and in filter expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
}

pub struct ColInfo {
    pub col: Col,
    pub name: &'static str,
    /// libsmartcols width hint: a column narrower than this (but wider than its
    /// header) is widened to it.
    pub whint: usize,
    pub right: bool,
    pub trunc: bool,
    /// A multi-line cell (NSFS), one mount point per line unless --nowrap.
    pub wrap: bool,
    pub json: JsonType,
    pub help: &'static str,
}

const fn info(
    col: Col,
    name: &'static str,
    whint: usize,
    right: bool,
    json: JsonType,
    help: &'static str,
) -> ColInfo {
    ColInfo { col, name, whint, right, trunc: false, wrap: false, json, help }
}

use JsonType::{Number, String as Str};

pub static INFOS: [ColInfo; 13] = [
    info(Col::Ns, "NS", 10, true, Number, "namespace identifier (inode number)"),
    info(Col::Type, "TYPE", 5, false, Str, "kind of namespace"),
    info(Col::Path, "PATH", 0, false, Str, "path to the namespace"),
    info(Col::Nprocs, "NPROCS", 5, true, Number, "number of processes in the namespace"),
    info(Col::Pid, "PID", 5, true, Number, "lowest PID in the namespace"),
    info(Col::Ppid, "PPID", 5, true, Number, "PPID of the PID"),
    ColInfo { trunc: true, ..info(Col::Command, "COMMAND", 0, false, Str, "command line of the PID") },
    info(Col::Uid, "UID", 0, true, Number, "UID of the PID"),
    info(Col::User, "USER", 0, false, Str, "username of the PID"),
    info(Col::Netnsid, "NETNSID", 0, true, Str, "namespace ID as used by network subsystem"),
    ColInfo {
        wrap: true,
        ..info(Col::Nsfs, "NSFS", 0, false, Str, "nsfs mountpoint (usually used network subsystem)")
    },
    info(Col::Pns, "PNS", 10, true, Number, "parent namespace identifier (inode number)"),
    info(Col::Ons, "ONS", 10, true, Number, "owner namespace identifier (inode number)"),
];

impl Col {
    pub fn info(self) -> &'static ColInfo {
        &INFOS[self as usize]
    }

    /// Case-insensitive lookup of a column name.
    pub fn by_name(name: &[u8]) -> Option<Col> {
        INFOS.iter().find(|i| i.name.as_bytes().eq_ignore_ascii_case(name)).map(|i| i.col)
    }

    pub fn all() -> impl Iterator<Item = Col> {
        INFOS.iter().map(|i| i.col)
    }
}

/// The reference's limit on the number of `-o` columns (twice the table).
pub const MAX_COLUMNS: usize = 2 * INFOS.len();

/// Why a column list was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum ListError {
    /// `unknown column: REST`, where REST is the list from the bad name on.
    Unknown(Vec<u8>),
    /// An empty name (`NS,,TYPE`, `,NS`, `''`, `+`): util-linux fails without a word
    /// here; we say so.
    EmptyName,
    /// More than [`MAX_COLUMNS`]: a silent failure, as in util-linux.
    Silent,
}

/// Applies an `-o` list to `cols`: `+LIST` appends, anything else replaces. Parses
/// the way util-linux's string_to_idarray does, quirks included: a trailing comma
/// becomes part of the last name (`unknown column: NS,`).
pub fn apply_list(list: &[u8], cols: &mut Vec<Col>) -> Result<(), ListError> {
    if list.is_empty() {
        return Err(ListError::EmptyName);
    }
    let (body, mut out) = match list.strip_prefix(b"+") {
        Some(rest) => (rest, cols.clone()),
        None => (list, Vec::new()),
    };
    if body.is_empty() {
        return Err(ListError::EmptyName);
    }
    let mut begin: Option<usize> = None;
    for p in 0..body.len() {
        if out.len() >= MAX_COLUMNS {
            return Err(ListError::Silent);
        }
        let b = *begin.get_or_insert(p);
        let mut end = None;
        if body[p] == b',' {
            end = Some(p);
        }
        if p + 1 == body.len() {
            end = Some(p + 1);
        }
        let Some(e) = end else { continue };
        if e <= b {
            return Err(ListError::EmptyName);
        }
        match Col::by_name(&body[b..e]) {
            Some(c) => out.push(c),
            None => return Err(ListError::Unknown(body[b..].to_vec())),
        }
        begin = None;
        if e == body.len() {
            break;
        }
    }
    *cols = out;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(s: &str, start: &[Col]) -> Result<Vec<Col>, ListError> {
        let mut v = start.to_vec();
        apply_list(s.as_bytes(), &mut v).map(|()| v)
    }

    #[test]
    fn table_is_indexed_by_column() {
        for (i, info) in INFOS.iter().enumerate() {
            assert_eq!(info.col as usize, i);
        }
    }

    #[test]
    fn lists_like_util_linux() {
        assert_eq!(list("ns,Type", &[]), Ok(vec![Col::Ns, Col::Type]));
        assert_eq!(list("+PATH", &[Col::Ns]), Ok(vec![Col::Ns, Col::Path]));
        assert_eq!(list("PID", &[Col::Ns]), Ok(vec![Col::Pid]));
        assert_eq!(list("NS,", &[]), Err(ListError::Unknown(b"NS,".to_vec())));
        assert_eq!(list("NS,FOO,TYPE", &[]), Err(ListError::Unknown(b"FOO,TYPE".to_vec())));
        assert_eq!(list(",NS", &[]), Err(ListError::EmptyName));
        assert_eq!(list("NS,,TYPE", &[]), Err(ListError::EmptyName));
        assert_eq!(list("", &[]), Err(ListError::EmptyName));
        assert_eq!(list("+", &[]), Err(ListError::EmptyName));
        assert_eq!(list("+,NS", &[]), Err(ListError::EmptyName));
        assert_eq!(list("NS,,", &[]), Err(ListError::Unknown(b",".to_vec())));
        let many = vec!["NS"; 26].join(",");
        assert_eq!(list(&many, &[]).map(|v| v.len()), Ok(26));
        assert_eq!(list(&format!("{many},NS"), &[]), Err(ListError::Silent));
    }
}
