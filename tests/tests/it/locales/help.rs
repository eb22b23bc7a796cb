//! Every tool's help pages, under each of its names, and the narrow normalisations a
//! help page needs before it is compared with the reference's.

use crate::malformed::case::{same, Case};

/// `--help` and `-h` (a usage error for chroot, which has no short options) under
/// every name of the tool; hostname also answers `-?`.
pub fn help_cases(tool: &str) -> Vec<Case> {
    let names = common::tools::tool_of(tool).unwrap_or_else(|| panic!("{tool} is no tool")).names();
    let mut cases = Vec::new();
    for name in names {
        cases.push(same(name, &["--help"]));
        cases.push(same(name, &["-h"]));
        if tool == "hostname" {
            cases.push(same(name, &["-?"]));
        }
    }
    cases
}

/// Options whose help entry is upstream master's, not 2.38.1's: options 2.38.1 does
/// not have, and the three entries master rewrote (`--map-users`/`--map-groups` with
/// master's syntax, nsenter's `-W.` typo fixed), as docs/COMPATIBILITY.md says
/// ("util-linux layout with the newer options added"). 2.38.1's catalogs have no
/// entry for master's text, so ours must print these in English in every locale;
/// they are taken out of both pages before the comparison and checked on their own.
pub fn master_entries(tool: &str) -> &'static [&'static str] {
    match tool {
        "unshare" => &[
            "map-subids",
            "map-users",
            "map-groups",
            "owner",
            "forward-signals",
            "mount-binfmt",
            "load-interp",
            "clear-env",
            "whitelist-env",
        ],
        "nsenter" => &["net-socket", "user-parent", "keep-caps", "wdns", "env", "join-cgroup"],
        "lsns" => &["persistent", "filter", "list-columns"],
        _ => &[],
    }
}

/// The long option an option line documents: ` -W, --wdns <dir>  ...` -> `wdns`.
fn long_option(line: &[u8]) -> Option<&[u8]> {
    let text = line.strip_prefix(b" ")?.trim_ascii_start();
    if !text.starts_with(b"-") {
        return None;
    }
    let spec_end = text.windows(2).position(|w| w == b"  ").unwrap_or(text.len());
    let spec = &text[..spec_end];
    let at = spec.windows(2).position(|w| w == b"--")? + 2;
    let name = &spec[at..];
    let len = name.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
    Some(&name[..len])
}

/// A help page cut into its option entries (an option line and the deeper indented
/// lines that continue it) and the text between them: (entry number, line) per line,
/// `None` outside entries.
fn entries(page: &[u8]) -> Vec<(Option<usize>, &[u8])> {
    let mut lines = Vec::new();
    let (mut current, mut count) = (None, 0);
    for line in page.split_inclusive(|&b| b == b'\n') {
        let text = line.trim_ascii_start();
        if line.starts_with(b" ") && text.starts_with(b"-") {
            current = Some(count);
            count += 1;
        } else if !line.starts_with(b"      ") || text.is_empty() {
            current = None;
        }
        lines.push((current, line));
    }
    lines
}

/// The numbers of the entries of `options` in a page in English.
pub fn entry_numbers(english_page: &[u8], options: &[&str]) -> Vec<usize> {
    let mut numbers: Vec<usize> = entries(english_page)
        .into_iter()
        .filter_map(|(n, line)| Some((n?, long_option(line)?)))
        .filter(|(_, name)| options.iter().any(|o| o.as_bytes() == *name))
        .map(|(n, _)| n)
        .collect();
    numbers.dedup();
    numbers
}

/// A help page without the entries numbered `numbers`, and those entries in order.
/// Entries are found by number, not by name, because translators rewrite names
/// (fr's entry for `--map-users` reads ` --map-user=<uid_ext>,...`).
pub fn without_entries(page: &[u8], numbers: &[usize]) -> (Vec<u8>, Vec<u8>) {
    let (mut kept, mut taken) = (Vec::new(), Vec::new());
    for (n, line) in entries(page) {
        if n.is_some_and(|n| numbers.contains(&n)) { &mut taken } else { &mut kept }.extend_from_slice(line);
    }
    (kept, taken)
}
