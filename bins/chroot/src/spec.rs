//! `--userspec=USER:GROUP` and `--groups=G_LIST` as coreutils reads them: a name is
//! looked up first (unless it starts with `+`), then tried as a decimal number;
//! `USER.GROUP` is accepted with a warning when the colon form fails.

use common::users;

/// The largest id a spec may name: (uid_t)-1 means "unchanged" to the kernel.
const MAX_ID: u64 = u32::MAX as u64 - 1;

/// strtoul in base 10 as coreutils' xstrtoul wraps it: leading white space and a `+`
/// allowed, no `-`, nothing after the digits, no overflow.
pub fn decimal(s: &[u8]) -> Option<u64> {
    let s = &s[s.iter().position(|c| !matches!(c, b' ' | b'\t'..=b'\r')).unwrap_or(s.len())..];
    let digits = s.strip_prefix(b"+").unwrap_or(s);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn name(s: &[u8]) -> Option<&str> {
    std::str::from_utf8(s).ok()
}

/// The user and group a spec sets; `None` leaves the current choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ids {
    pub uid: Option<u32>,
    pub gid: Option<u32>,
}

fn user_id(u: &[u8]) -> Result<(u32, Option<u32>), &'static str> {
    let by_name = if u.first() == Some(&b'+') { None } else { name(u).and_then(users::user_by_name) };
    match by_name {
        Some(pw) => Ok((pw.uid, Some(pw.gid))),
        None => match decimal(u) {
            Some(n) if n <= MAX_ID => Ok((n as u32, None)),
            _ => Err("invalid user"),
        },
    }
}

fn group_id(g: &[u8]) -> Result<u32, &'static str> {
    let by_name = if g.first() == Some(&b'+') { None } else { name(g).and_then(users::group_by_name) };
    match by_name {
        Some(gr) => Ok(gr.gid),
        None => match decimal(g) {
            Some(n) if n <= MAX_ID => Ok(n as u32),
            _ => Err("invalid group"),
        },
    }
}

/// One reading of `spec` with the user/group split at `sep`.
fn split_at(spec: &[u8], sep: Option<usize>, current: Ids) -> Result<Ids, &'static str> {
    let (user, group) = match sep {
        None => (spec, &b""[..]),
        Some(i) => (&spec[..i], &spec[i + 1..]),
    };
    let mut ids = current;
    if !user.is_empty() {
        // `USER:` means the user's login group, which only a name found in passwd has.
        let wants_login = sep.is_some() && group.is_empty();
        let (uid, login_gid) = user_id(user).map_err(|e| if wants_login { "invalid spec" } else { e })?;
        ids.uid = Some(uid);
        if wants_login {
            ids.gid = Some(login_gid.ok_or("invalid spec")?);
        }
    }
    if !group.is_empty() {
        ids.gid = Some(group_id(group)?);
    }
    Ok(ids)
}

/// What a `--userspec` says, starting from `current`; the flag is true when the
/// obsolete `USER.GROUP` form was used (coreutils warns).
pub fn user_spec(spec: &[u8], current: Ids) -> Result<(Ids, bool), &'static str> {
    let colon = spec.iter().position(|&c| c == b':');
    let first = split_at(spec, colon, current);
    match (first, colon, spec.iter().position(|&c| c == b'.')) {
        (Err(e), None, Some(dot)) => split_at(spec, Some(dot), current).map(|ids| (ids, true)).map_err(|_| e),
        (result, _, _) => result.map(|ids| (ids, false)),
    }
}

/// Why a `--groups` list was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum GroupsError {
    /// Items that are neither a group name nor a number, in order.
    Invalid(Vec<Vec<u8>>),
    /// Nothing but commas.
    Empty,
}

/// A comma-separated list of group names or numbers; empty items are skipped, a
/// leading `+` skips the name lookup of a number.
pub fn group_list(list: &[u8]) -> Result<Vec<u32>, GroupsError> {
    let mut gids = Vec::new();
    let mut invalid = Vec::new();
    for item in list.split(|&c| c == b',').filter(|i| !i.is_empty()) {
        let gid = match decimal(item) {
            Some(n) if n <= u64::from(u32::MAX) => {
                // A numeric name still names its group, unless forced with `+`.
                let trimmed =
                    &item[item.iter().position(|c| !matches!(c, b' ' | b'\t'..=b'\r')).unwrap_or(0)..];
                let by_name = if trimmed.first() == Some(&b'+') {
                    None
                } else {
                    name(trimmed).and_then(users::group_by_name)
                };
                Some(by_name.map_or(n as u32, |g| g.gid))
            }
            _ => name(item).and_then(users::group_by_name).map(|g| g.gid),
        };
        match gid {
            Some(g) => gids.push(g),
            None => invalid.push(item.to_vec()),
        }
    }
    if !invalid.is_empty() {
        Err(GroupsError::Invalid(invalid))
    } else if gids.is_empty() {
        Err(GroupsError::Empty)
    } else {
        Ok(gids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_like_xstrtoul() {
        assert_eq!(decimal(b"010"), Some(10));
        assert_eq!(decimal(b" +5"), Some(5));
        assert_eq!(decimal(b"\t7"), Some(7));
        for bad in
            [&b""[..], b" ", b"+", b"-1", b" -1", b"5 ", b"0x1", b"+ 5", b"1a", b"99999999999999999999999"]
        {
            assert_eq!(decimal(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    fn spec(s: &str) -> Result<(Ids, bool), &'static str> {
        user_spec(s.as_bytes(), Ids::default())
    }

    fn ids(uid: Option<u32>, gid: Option<u32>) -> Ids {
        Ids { uid, gid }
    }

    #[test]
    fn user_specs_of_the_host() {
        assert_eq!(spec("root"), Ok((ids(Some(0), None), false)));
        assert_eq!(spec("root:"), Ok((ids(Some(0), Some(0)), false)));
        assert_eq!(spec("0:0"), Ok((ids(Some(0), Some(0)), false)));
        assert_eq!(spec("+0:+0"), Ok((ids(Some(0), Some(0)), false)));
        assert_eq!(spec(""), Ok((ids(None, None), false)));
        assert_eq!(spec(":"), Ok((ids(None, None), false)));
        assert_eq!(spec(":0"), Ok((ids(None, Some(0)), false)));
        assert_eq!(spec(" 0:0"), Ok((ids(Some(0), Some(0)), false)));
        assert_eq!(spec("4294967294:0"), Ok((ids(Some(4294967294), Some(0)), false)));
        assert_eq!(spec("root.0"), Ok((ids(Some(0), Some(0)), true)));
        assert_eq!(spec("1.2"), Ok((ids(Some(1), Some(2)), true)));
        for (bad, why) in [
            ("0 :0", "invalid user"),
            ("-1", "invalid user"),
            ("4294967295", "invalid user"),
            ("4294967296", "invalid user"),
            ("0:4294967295", "invalid group"),
            ("+root", "invalid user"),
            ("0x10:0", "invalid user"),
            ("a.b.c", "invalid user"),
            (": ", "invalid group"),
            ("root:+root", "invalid group"),
            ("nosuchuser-xyz", "invalid user"),
            // A login group is asked for, but only passwd names have one.
            ("nosuchuser-xyz:", "invalid spec"),
            ("99999:", "invalid spec"),
            ("+0:", "invalid spec"),
            // The dot reading fails the same way, so the first error stands.
            ("99999.", "invalid user"),
        ] {
            assert_eq!(spec(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn a_spec_without_group_keeps_the_current_one() {
        let current = ids(Some(5), Some(7));
        assert_eq!(user_spec(b"0", current), Ok((ids(Some(0), Some(7)), false)));
        assert_eq!(user_spec(b":1", current), Ok((ids(Some(5), Some(1)), false)));
    }

    #[test]
    fn group_lists() {
        assert_eq!(group_list(b",,0,,"), Ok(vec![0]));
        assert_eq!(group_list(b" +8765,4321"), Ok(vec![8765, 4321]));
        assert_eq!(group_list(b"4294967295"), Ok(vec![u32::MAX]));
        assert_eq!(group_list(b"root, 1"), Ok(vec![0, 1]));
        assert_eq!(group_list(b","), Err(GroupsError::Empty));
        assert_eq!(group_list(b""), Err(GroupsError::Empty));
        assert_eq!(
            group_list(b"no-such-1,0,no-such-2"),
            Err(GroupsError::Invalid(vec![b"no-such-1".to_vec(), b"no-such-2".to_vec()]))
        );
        for bad in [&b" "[..], b"0trail", b"-1", b"+root", b"root ", b"1 ", b"0x1", b"99999999999"] {
            assert!(
                matches!(group_list(bad), Err(GroupsError::Invalid(_))),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
