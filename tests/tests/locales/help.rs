//! Every tool's help pages, under each of its names, and the narrow normalisations a
//! help page needs before it is compared with the reference's.

use crate::case::{same, Case};

/// `--help` and `-h` (a usage error for chroot, which has no short options) under
/// every name of the tool; hostname also answers `-?`.
pub fn help_cases(tool: &str) -> Vec<Case> {
    let names: &[&'static str] = match tool {
        "unshare" => &["unshare"],
        "nsenter" => &["nsenter"],
        "lsns" => &["lsns"],
        "chroot" => &["chroot"],
        _ => &["hostname", "domainname", "nisdomainname", "ypdomainname", "dnsdomainname"],
    };
    let mut cases = Vec::new();
    for &name in names {
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

/// A help page without the entries of `options` (an option line and the deeper
/// indented lines that continue it), and those entries in order.
pub fn without_entries(page: &[u8], options: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let (mut kept, mut taken) = (Vec::new(), Vec::new());
    let mut in_taken = false;
    for line in page.split_inclusive(|&b| b == b'\n') {
        let continues = line.starts_with(b"      ") && !line.trim_ascii_start().starts_with(b"-");
        if let Some(name) = long_option(line) {
            in_taken = options.iter().any(|o| o.as_bytes() == name);
        } else if !continues {
            in_taken = false;
        }
        if in_taken { &mut taken } else { &mut kept }.extend_from_slice(line);
    }
    (kept, taken)
}

/// chroot's page without coreutils' closing block (the blank line, then "GNU coreutils
/// online help: <https://www.gnu.org/software/coreutils/>", the translation-bugs line,
/// "Full documentation ..." and the info line, all translated): ours leaves out the
/// GNU web and info pointers, as docs/COMPATIBILITY.md says.
pub fn without_gnu_footer(page: &[u8]) -> Vec<u8> {
    let marker: &[u8] = b"<https://www.gnu.org/software/coreutils/>";
    let Some(at) = page.windows(marker.len()).position(|w| w == marker) else { return page.to_vec() };
    match page[..at].windows(2).rposition(|w| w == b"\n\n") {
        Some(blank) => page[..blank + 1].to_vec(),
        None => page.to_vec(),
    }
}
