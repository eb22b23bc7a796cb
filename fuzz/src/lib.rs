//! The fuzz harnesses: one function per target, each feeding arbitrary bytes to a
//! parser we own and checking what must hold whatever the input (no panic, and the
//! invariants named in each function).
//!
//! The same file is compiled into `tests/tests/it/fuzz_corpus.rs`, which replays the
//! committed corpus on stable Rust as an ordinary test, so a fixed crash stays fixed
//! even where cargo-fuzz and nightly are missing.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use common::cli::{HasArg, Opt, Spec, UsageError};
use common::idmap::{self, IdRange, RangeSpec};

/// A harness: arbitrary bytes in, a panic on any broken invariant.
pub type Harness = fn(&[u8]);

/// Every target by name, as `.ci/fuzz` and the corpus test know them.
pub const TARGETS: &[(&str, Harness)] = &[
    ("getopt", getopt),
    ("unshare_options", unshare_options),
    ("nsenter_numbers", nsenter_numbers),
    ("lsns_options", lsns_options),
    ("lsns_filter", lsns_filter),
    ("lsns_table", lsns_table),
    ("chroot_specs", chroot_specs),
    ("hostname_names", hostname_names),
    ("idmap", idmap),
    ("subids", subids),
    ("procfs", procfs),
    ("users", users),
    ("i18n_catalog", i18n_catalog),
    ("i18n_plural", i18n_plural),
    ("i18n_format", i18n_format),
];

/// Arguments from bytes: NUL separates them, as in /proc/PID/cmdline.
pub fn args_of(data: &[u8]) -> Vec<OsString> {
    if data.is_empty() {
        return Vec::new();
    }
    data.split(|&b| b == 0).map(|a| OsString::from_vec(a.to_vec())).collect()
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The first byte picks one of the five option tables; the rest are the arguments.
pub fn getopt(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let args = args_of(rest);
    match pick % 5 {
        0 => check_spec(&unshare::opts::SPEC, &args),
        1 => check_spec(&nsenter::opts::SPEC, &args),
        2 => check_spec(&lsns::opts::SPEC, &args),
        3 => check_spec(&chroot::opts::SPEC, &args),
        _ => check_spec(&hostname::opts::SPEC, &args),
    }
}

/// getopt's contract: options come out in order with exactly the values their kind
/// allows, nothing is invented, and an error has a message that names it.
fn check_spec<T: Copy + PartialEq + std::fmt::Debug + 'static>(spec: &Spec<T>, args: &[OsString]) {
    let (parsed, err) = spec.parse_until_error(args.iter().cloned());
    let whole = spec.parse(args.iter().cloned());
    match (&whole, &err) {
        (Ok(p), None) => assert_eq!(p, &parsed, "parse and parse_until_error disagree"),
        (Err(e), Some(e2)) => assert_eq!(e, e2),
        _ => panic!("parse and parse_until_error disagree on failing: {whole:?} {err:?}"),
    }
    if let Some(e) = &err {
        let msg = e.to_bytes();
        assert!(!msg.is_empty());
        if let UsageError::Ambiguous(_, candidates) = e {
            assert!(candidates.len() >= 2, "ambiguous with one candidate: {e:?}");
        }
    }
    assert!(parsed.operands.len() <= args.len());
    assert!(parsed.opts.len() <= args.iter().map(|a| a.len().max(1)).sum::<usize>());
    for (id, value) in &parsed.opts {
        let kinds: Vec<HasArg> = spec.opts.iter().filter(|o: &&Opt<T>| o.id == *id).map(|o| o.arg).collect();
        assert!(!kinds.is_empty(), "option {id:?} is not in the table");
        if value.is_none() {
            assert!(kinds.iter().any(|k| *k != HasArg::Required), "{id:?} needs a value but has none");
        } else {
            assert!(kinds.iter().any(|k| *k != HasArg::No), "{id:?} takes no value but got one");
        }
    }
    for operand in &parsed.operands {
        assert!(args.contains(operand), "operand {operand:?} was not an argument");
    }
}

/// unshare's whole option layer: every value is validated before anything runs.
pub fn unshare_options(data: &[u8]) {
    let Ok(unshare::opts::Parsed::Run(o)) = unshare::opts::parse(args_of(data)) else { return };
    for r in o.user_ranges.iter().chain(&o.group_ranges) {
        if let RangeSpec::Fixed(f) = r {
            assert_eq!(
                IdRange::new(f.inner, f.outer, f.count),
                Some(*f),
                "an invalid range got through: {f:?}"
            );
        }
    }
    for id in [o.setuid, o.setgid].into_iter().flatten() {
        assert_ne!(id, u32::MAX, "the kernel's no-id got through");
    }
}

/// The numbers the tools read (common::num: pids, ids, descriptors, namespace ids,
/// offsets) as strtoumax/strtoimax read them; named for its first user, nsenter.
pub fn nsenter_numbers(data: &[u8]) {
    if let Ok((v, rest)) = common::num::leading_u64(data) {
        assert!(rest.len() < data.len(), "a number without digits");
        let digits = &data[..data.len() - rest.len()];
        assert!(digits.iter().any(u8::is_ascii_digit));
        if v > 0 {
            assert!(!digits.contains(&b'-'), "a negative number was accepted: {data:?}");
        }
    }
    for max in [0, 1, u64::from(u32::MAX), i32::MAX as u64, u64::MAX] {
        if let Ok(v) = common::num::parse_unsigned(data, max) {
            assert!(v <= max);
        }
    }
    if let Ok(v) = common::num::parse_signed(data, i32::MIN.into(), i32::MAX.into()) {
        assert!(i32::try_from(v).is_ok());
    }
}

/// lsns's option layer: types, columns, pids, the namespace operand, tree kinds.
pub fn lsns_options(data: &[u8]) {
    if let Ok(lsns::opts::Parsed::Run(c)) = lsns::opts::parse(args_of(data)) {
        assert!(!c.columns.is_empty() || c.list_columns, "no columns to print");
    }
    let mut cols = Vec::new();
    if lsns::columns::apply_list(data, &mut cols).is_ok() {
        assert!(!cols.is_empty());
    }
}

fn resolve(name: &[u8]) -> Option<(lsns::columns::Col, lsns::columns::JsonType)> {
    lsns::columns::Col::by_name(name).map(|c| (c, c.info().json))
}

/// `-Q`: parse, then evaluate against a row whose cells come from the input too.
pub fn lsns_filter(data: &[u8]) {
    // The expression, then (after a NUL) the text every cell holds.
    let (expr, cell) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"4026531836"[..]),
    };
    let Ok(filter) = lsns::filter::Filter::parse(expr, &resolve) else { return };
    for holder in filter.holders() {
        assert!(lsns::columns::Col::all().any(|c| c == *holder));
    }
    let _ = filter.matches(&|_| Some(cell));
    let _ = filter.matches(&|_| None);
}

/// The table writer: columns with any flags, cells of any bytes (numbers only in
/// numeric columns, as lsns fills them), lines hanging anywhere in a tree, each
/// format, terminal width and character set. JSON must parse (once bytes that are
/// not UTF-8, which pass through as in libsmartcols, are replaced); raw output has
/// one line per row.
pub fn lsns_table(data: &[u8]) {
    use lsns::columns::JsonType;
    use lsns::table::{Column, Format, Output, Table};
    const HEADERS: [&str; 6] = ["NS", "TYPE", "NPROCS", "COMMAND", "NSFS", "PATH"];
    let [a, b, c, rest @ ..] = data else { return };
    let ncols = usize::from(a % 6) + 1;
    let format = [Format::Human, Format::Raw, Format::Json][usize::from(b % 3)];
    let out = Output { term_width: (b & 4 != 0).then_some(usize::from(*c)), utf8: b & 8 != 0 };
    let Some((spec, body)) = rest.split_at_checked(ncols * 2) else { return };
    let columns: Vec<Column> = spec
        .chunks(2)
        .enumerate()
        .map(|(i, f)| Column {
            header: HEADERS[i],
            whint: usize::from(f[1] % 40),
            right: f[0] & 1 != 0,
            trunc: f[0] & 2 != 0,
            tree: f[0] & 4 != 0 && i == 0,
            wrap_nl: f[0] & 8 != 0,
            keep_nl: f[0] & 16 != 0,
            hidden: f[0] & 32 != 0,
            json: if f[0] & 64 != 0 { JsonType::Number } else { JsonType::String },
        })
        .collect();
    let numeric: Vec<bool> = columns.iter().map(|c| c.json == JsonType::Number).collect();
    let mut table = Table::new("namespaces", columns, format, b & 16 != 0);
    let mut rows = 0;
    for (id, line) in body.split(|&x| x == 0xff).enumerate() {
        let (pick, cells) = line.split_first().map_or((0, &b""[..]), |(p, c)| (usize::from(*p), c));
        let parent = (pick % (id + 1) != id).then_some(pick % (id + 1));
        let mut parts = cells.split(|&x| x == 0xfe);
        let row: Vec<Option<Vec<u8>>> = numeric
            .iter()
            .map(|&num| {
                let cell = parts.next()?.to_vec();
                if num {
                    // a number as lsns writes one: digits, no leading zero
                    let digits: Vec<u8> = cell.into_iter().filter(u8::is_ascii_digit).collect();
                    let start =
                        digits.iter().position(|&d| d != b'0').unwrap_or(digits.len().saturating_sub(1));
                    (!digits.is_empty()).then(|| digits[start..].to_vec())
                } else {
                    Some(cell)
                }
            })
            .collect();
        table.add_line(parent, row);
        rows += 1;
    }
    let text = table.render(out);
    match format {
        Format::Json => {
            // bytes that are not UTF-8 pass through as libsmartcols passes them: the
            // structure must hold around them
            let lossy = String::from_utf8_lossy(&text);
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&lossy) {
                panic!("invalid JSON ({e}):\n{lossy}");
            }
        }
        Format::Raw if rows > 0 => {
            let lines = text.iter().filter(|&&x| x == b'\n').count();
            assert_eq!(
                lines,
                rows + usize::from(b & 16 == 0),
                "raw output lines:\n{}",
                String::from_utf8_lossy(&text)
            );
        }
        _ => {}
    }
}

/// chroot's `--userspec` and `--groups` (looked up in this machine's files) and
/// its two quoting styles.
pub fn chroot_specs(data: &[u8]) {
    let _ = chroot::spec::decimal(data);
    if let Ok((ids, _)) = chroot::spec::user_spec(data, chroot::spec::Ids::default()) {
        assert!(ids.uid != Some(u32::MAX) && ids.gid != Some(u32::MAX), "the no-id got through");
    }
    if let Ok(gids) = chroot::spec::group_list(data) {
        assert!(!gids.contains(&u32::MAX));
    }
    for cs in [chroot::quote::Charset::Ascii, chroot::quote::Charset::Utf8] {
        let q = chroot::quote::quoteaf(data, cs);
        assert!(!q.contains(&b'\n') || data.contains(&b'\n'));
        let _ = chroot::quote::quote(data, "\u{201e}".as_bytes(), "\u{201c}".as_bytes(), cs);
    }
}

/// Host-name validation, and `-F FILE` reading (through a scratch file).
pub fn hostname_names(data: &[u8]) {
    if hostname::names::valid_host_name(data) {
        assert!(!data.is_empty());
        assert!(data.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-'));
        assert!(data[0].is_ascii_alphanumeric() && data[data.len() - 1].is_ascii_alphanumeric());
    }
    let path = std::env::temp_dir().join(format!("nsutils-fuzz-hostname-{}", std::process::id()));
    if std::fs::write(&path, data).is_ok() {
        for boot in [false, true] {
            if let Ok(name) = hostname::names::read_name_file(path.as_os_str().as_bytes(), boot) {
                assert!(
                    !name.contains(&b'\n') && !name.contains(&0),
                    "a line with its newline or NUL: {name:?}"
                );
            }
        }
        let _ = std::fs::remove_file(&path);
    }
}

/// Id maps: single ids, ranges in both syntaxes, and merging a single id into ranges
/// without ever mapping an id twice on either side.
pub fn idmap(data: &[u8]) {
    let s = text(data);
    let _ = idmap::parse_id_num(&s);
    let _ = idmap::id_or_err(s.as_bytes(), "failed to parse uid");
    let mut ranges = Vec::new();
    for line in s.split('\n') {
        if let Ok(r) = idmap::parse_range(line) {
            assert!(r.count > 0);
            assert!(u64::from(r.inner) + u64::from(r.count) <= u64::from(u32::MAX));
            assert!(u64::from(r.outer) + u64::from(r.count) <= u64::from(u32::MAX));
            ranges.push(if r.inner % 2 == 0 {
                RangeSpec::Fixed(r)
            } else {
                RangeSpec::Auto { outer: r.outer, count: r.count }
            });
        }
    }
    let single = data.get(..8).map(|b| {
        (
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]) % u32::MAX,
            u32::from_le_bytes([b[4], b[5], b[6], b[7]]) % u32::MAX,
        )
    });
    for spec in &ranges {
        check_merge(single, std::slice::from_ref(spec));
    }
}

/// No id mapped twice on either side, no empty or wrapping line, and each range
/// loses at most the one id the single mapping takes.
fn check_merge(single: Option<(u32, u32)>, ranges: &[RangeSpec]) {
    let lines = idmap::merge(single, ranges);
    for l in &lines {
        assert!(l.count > 0, "empty line in {lines:?}");
        assert!(u64::from(l.inner) + u64::from(l.count) <= u64::from(u32::MAX) + 1, "{lines:?}");
        assert!(u64::from(l.outer) + u64::from(l.count) <= u64::from(u32::MAX) + 1, "{lines:?}");
    }
    for side in [|r: &IdRange| r.inner, |r: &IdRange| r.outer] {
        let mut spans: Vec<(u64, u64)> =
            lines.iter().map(|r| (u64::from(side(r)), u64::from(side(r)) + u64::from(r.count))).collect();
        spans.sort_unstable();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "an id is mapped twice: {single:?} {ranges:?} -> {lines:?}");
        }
    }
    let given: u64 = ranges
        .iter()
        .map(|r| match r {
            RangeSpec::Fixed(f) => u64::from(f.count),
            RangeSpec::Auto { count, .. } => u64::from(*count),
        })
        .sum();
    let got: u64 = lines.iter().map(|r| u64::from(r.count)).sum();
    let from_single = u64::from(single.is_some());
    assert!(got <= given + from_single, "ids appeared from nowhere: {ranges:?} -> {lines:?}");
    assert!(got + ranges.len() as u64 >= given + from_single, "more than one id lost per range: {lines:?}");
}

/// /etc/subuid lines (looked up as root and as a named user) and the kernel's map.
pub fn subids(data: &[u8]) {
    for (name, uid) in [("root", 0), ("nobody", 65534), ("", 4294967294)] {
        if let Ok(Some((start, count))) = idmap::subids::find_subid_range(data, name, uid) {
            assert!(IdRange::new(0, start, count).is_some());
        }
    }
    if let Some(map) = idmap::subids::parse_kernel_map(&text(data)) {
        assert!(map.iter().all(|r| r.count > 0 && r.inner == r.outer));
    }
}

/// /proc/PID/stat, mountinfo lines and their octal escapes.
pub fn procfs(data: &[u8]) {
    if let Some(st) = common::procfs::parse_stat(data) {
        assert!(st.comm.len() < data.len());
    }
    for m in common::procfs::parse_mountinfo(data) {
        assert!(m.target.len() <= data.len() && m.root.len() <= data.len());
    }
    let u = common::procfs::unescape(data);
    assert!(u.len() <= data.len());
}

/// /etc/passwd and /etc/group lines.
pub fn users(data: &[u8]) {
    for line in data.split(|&b| b == b'\n') {
        if let Some(u) = common::users::parse_passwd_line(line) {
            assert!(!u.name.is_empty() && !u.name.contains(':'));
        }
        if let Some(g) = common::users::parse_group_line(line) {
            assert!(!g.name.is_empty() && g.members.iter().all(|m| !m.is_empty() && !m.contains(',')));
        }
    }
}

/// A MO catalog from arbitrary bytes: parsing and every lookup stay in bounds, a
/// translation handed out is valid in the codeset asked for, and every original the
/// catalog lists is found when its table is sorted.
pub fn i18n_catalog(data: &[u8]) {
    use common::i18n::{gettext_in, mo::Catalog, ngettext_in};
    let Some(catalog) = Catalog::parse(data.to_vec()) else { return };
    let mut msgids: Vec<String> = catalog
        .originals()
        .take(64)
        .filter_map(|o| std::str::from_utf8(o.split(|&b| b == 0).next().unwrap_or_default()).ok())
        .map(str::to_string)
        .collect();
    msgids.extend(["", "%s", "%d file", "x"].map(String::from));
    for msgid in &msgids {
        for codeset in ["UTF-8", "ISO-8859-1", "ISO-8859-15", "ANSI_X3.4-1968", "EUC-JP"] {
            let one = gettext_in([&catalog].into_iter(), codeset, msgid);
            let forms: Vec<_> = [0, 1, 2, 5, u64::MAX]
                .iter()
                .map(|&n| ngettext_in([&catalog].into_iter(), codeset, msgid, "%d files", n))
                .collect();
            // glibc hands out msgid itself for a plural form the entry lacks.
            for text in std::iter::once(&one)
                .chain(forms.iter())
                .flatten()
                .filter(|t| t.as_slice() != msgid.as_bytes())
            {
                match codeset {
                    "UTF-8" => assert!(std::str::from_utf8(text).is_ok(), "not UTF-8: {text:?}"),
                    "ANSI_X3.4-1968" => assert!(text.is_ascii(), "not ASCII: {text:?}"),
                    "EUC-JP" => panic!("converted to a codeset we do not know"),
                    _ => {}
                }
            }
        }
    }
}

/// A Plural-Forms header or expression from arbitrary bytes: parsing is bounded, and
/// the form index is below nplurals whenever there is one.
pub fn i18n_plural(data: &[u8]) {
    use common::i18n::plural::{eval, parse, Plural};
    let rule = Plural::from_header(data);
    for n in [0, 1, 2, 3, 5, 11, 21, 100, 101, u64::MAX] {
        if let Some(i) = rule.index(n) {
            assert!(i < rule.nplurals || i == 0);
        }
    }
    if let Some(expr) = parse(data) {
        for n in [0, 1, 7, u64::MAX] {
            let _ = eval(&expr, n);
        }
    }
}

/// printf over an arbitrary format: the bytes up to the first NUL are the format, each
/// later NUL-separated chunk an argument (its first byte picks the kind). Never panics,
/// and the output is bounded by the format, the arguments and the width cap.
pub fn i18n_format(data: &[u8]) {
    use common::i18n::{format, Arg};
    let mut parts = data.split(|&b| b == 0);
    let fmt = parts.next().unwrap_or_default();
    let chunks: Vec<&[u8]> = parts.collect();
    let args: Vec<Arg> = chunks
        .iter()
        .map(|c| {
            let (kind, rest) = c.split_first().unwrap_or((&0, &[]));
            let mut num = [0u8; 8];
            for (d, s) in num.iter_mut().zip(rest) {
                *d = *s;
            }
            match kind % 4 {
                0 => Arg::Str(rest),
                1 => Arg::Int(i64::from_le_bytes(num)),
                2 => Arg::Uint(u64::from_le_bytes(num)),
                _ => Arg::Char(rest.first().copied().unwrap_or(b'?')),
            }
        })
        .collect();
    let out = format(fmt, &args);
    let arg_bytes: usize = chunks.iter().map(|c| c.len()).sum();
    let directives = fmt.iter().filter(|&&b| b == b'%').count();
    assert!(out.len() <= fmt.len() + directives * (2 * 4096 + 64 + arg_bytes), "{} bytes out", out.len());
}
