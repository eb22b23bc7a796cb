//! Where `auto`, `subids` and `all` get their ranges: /etc/subuid, /etc/subgid and
//! our own /proc/self/{uid,gid}_map.

use std::path::Path;

use super::{parse_count, parse_id, IdKind, IdRange};
use crate::error::{Error, Result};
use crate::msg;
use crate::users;

/// The first `/etc/subuid` (or `/etc/subgid`) range of user `uid`, as
/// (first outside id, count). Both files are looked up by the user, not the group.
///
/// A line matches by user name or by a numeric first field equal to `uid`. Unlike
/// util-linux, a non-numeric name is never taken for uid 0, so root does not get the
/// first named user's range.
pub fn subid_range(kind: IdKind, uid: u32) -> Result<(u32, u32)> {
    subid_range_in(Path::new(kind.subid_file()), uid)
}

fn subid_range_in(file: &Path, uid: u32) -> Result<(u32, u32)> {
    let user = users::user_by_uid(uid).ok_or_else(|| Error::msg(msg!("you (user %d) don't exist.", uid)))?;
    let data = std::fs::read(file).map_err(|e| Error::io(msg!("could not open '%s'", file), &e))?;
    find_subid_range(&data, &user.name, uid)?
        .ok_or_else(|| Error::msg(msg!("no line matching user \"%s\" in %s", &user.name, file)))
}

/// The first range in the text of a subuid/subgid file whose first field is `name` or
/// the number `uid`, as (first outside id, count); `None` when no line matches, an
/// error when the matching line is malformed.
pub fn find_subid_range(data: &[u8], name: &str, uid: u32) -> Result<Option<(u32, u32)>> {
    for line in data.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let mut fields = line.splitn(3, ':');
        let (Some(fields_name), Some(start), Some(count)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if fields_name != name && parse_id(fields_name) != Some(uid) {
            continue;
        }
        let bad = |s: &str| Error::msg(msg!("failed to parse subid map: '%s'", s));
        let start = parse_id(start).ok_or_else(|| bad(start))?;
        let count = parse_count(count).ok_or_else(|| bad(count))?;
        IdRange::new(0, start, count).ok_or_else(|| bad(&line))?;
        return Ok(Some((start, count)));
    }
    Ok(None)
}

/// `all`: every range we have, mapped to itself in the new namespace.
pub fn kernel_map(kind: IdKind) -> Result<Vec<IdRange>> {
    let path = format!("/proc/self/{}", kind.map_file());
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(msg!("cannot open %s", &path), &e))?;
    parse_kernel_map(&text).ok_or_else(|| Error::msg(msg!("failed to parse %s", &path)))
}

/// Reads the kernel's `inner outer count` lines and keeps the inside ids, which are
/// the ids we own.
pub fn parse_kernel_map(text: &str) -> Option<Vec<IdRange>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Vec<u32> = l.split_whitespace().map(|f| f.parse().ok()).collect::<Option<_>>()?;
            match v[..] {
                [inner, _, count] => IdRange::new(inner, inner, count),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(content: &str) -> std::path::PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "nsutils-subid-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&p, content).expect("write temp file");
        p
    }

    #[test]
    fn first_matching_line_by_name_or_uid() {
        let root = users::user_by_uid(0).expect("root exists");
        let p = file(&format!("alice:100000:65536\n0:300000:10\n{}:200000:5\n", root.name));
        assert_eq!(subid_range_in(&p, 0), Ok((300000, 10)));
        let p2 = file(&format!("alice:100000:65536\n{}:200000:5\n0:300000:10\n", root.name));
        assert_eq!(subid_range_in(&p2, 0), Ok((200000, 5)));
        let _ = std::fs::remove_file(p);
        let _ = std::fs::remove_file(p2);
    }

    #[test]
    fn a_named_line_is_not_uid_zero() {
        let p = file("alice:100000:65536\n");
        let e = subid_range_in(&p, 0).expect_err("no match for root");
        assert_eq!(e.to_string(), format!("no line matching user \"root\" in {}", p.display()));
        let _ = std::fs::remove_file(p);
    }

    #[test]
    fn malformed_and_missing() {
        let p = file("root:abc:5\n");
        assert_eq!(subid_range_in(&p, 0).expect_err("bad").to_string(), "failed to parse subid map: 'abc'");
        let _ = std::fs::remove_file(p);
        let p = file("garbage\nroot:1\n");
        assert!(subid_range_in(&p, 0).is_err());
        let _ = std::fs::remove_file(p);
        let e = subid_range_in(Path::new("/nonexistent/subuid"), 0).expect_err("missing");
        assert_eq!(e.to_string(), "could not open '/nonexistent/subuid': No such file or directory");
        let e = subid_range_in(Path::new("/etc/subuid"), 4_000_000_000).expect_err("no such user");
        assert_eq!(e.to_string(), "you (user 4000000000) don't exist.");
    }

    #[test]
    fn kernel_maps() {
        let m = parse_kernel_map("         0          0 4294967295\n").expect("parses");
        assert_eq!(m, vec![IdRange { inner: 0, outer: 0, count: u32::MAX }]);
        let m = parse_kernel_map("0 1000 1\n1 100000 65536\n").expect("parses");
        assert_eq!(
            m,
            vec![IdRange { inner: 0, outer: 0, count: 1 }, IdRange { inner: 1, outer: 1, count: 65536 }]
        );
        assert_eq!(parse_kernel_map(""), Some(vec![]));
        assert_eq!(parse_kernel_map("1 2\n"), None);
        assert!(kernel_map(IdKind::Uid).is_ok());
    }
}
