//! User and group lookups straight from /etc/passwd and /etc/group, never through NSS,
//! so the static musl binaries resolve the same names as the dynamic ones (users that
//! only LDAP or sssd know do not resolve).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

pub const PASSWD: &str = "/etc/passwd";
pub const GROUP: &str = "/etc/group";

/// One /etc/passwd entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub home: OsString,
    pub shell: OsString,
}

/// One /etc/group entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub gid: u32,
    pub members: Vec<String>,
}

fn lines(path: &Path) -> Vec<Vec<u8>> {
    std::fs::read(path)
        .map(|data| data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect())
        .unwrap_or_default()
}

fn id_field(f: &[u8]) -> Option<u32> {
    std::str::from_utf8(f).ok()?.parse().ok()
}

/// The fields of one line, as glibc's files backend reads them: leading white space
/// is skipped, and comments, NIS `+`/`-` entries and lines with fewer than `min`
/// fields give None.
fn fields(line: &[u8], min: usize) -> Option<Vec<&[u8]>> {
    let start = line.iter().position(|b| !b.is_ascii_whitespace() && *b != 0x0b)?;
    let f: Vec<&[u8]> = line[start..].split(|&b| b == b':').collect();
    if f.len() < min || f[0].is_empty() || matches!(f[0][0], b'#' | b'+' | b'-') {
        return None;
    }
    Some(f)
}

/// Parses one passwd line; comments, NIS `+`/`-` entries and malformed lines give None.
/// Missing trailing fields (gecos, home, shell) are empty, as with glibc.
pub fn parse_passwd_line(line: &[u8]) -> Option<User> {
    let f = fields(line, 4)?;
    let field = |i: usize| OsString::from_vec(f.get(i).copied().unwrap_or_default().to_vec());
    Some(User {
        name: String::from_utf8(f[0].to_vec()).ok()?,
        uid: id_field(f[2])?,
        gid: id_field(f[3])?,
        home: field(5),
        shell: field(6),
    })
}

/// Parses one group line.
pub fn parse_group_line(line: &[u8]) -> Option<Group> {
    let f = fields(line, 3)?;
    let members = std::str::from_utf8(f.get(3).copied().unwrap_or_default())
        .ok()?
        .split(',')
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect();
    Some(Group { name: String::from_utf8(f[0].to_vec()).ok()?, gid: id_field(f[2])?, members })
}

/// All users of a passwd file, in file order.
pub fn users_in(path: &Path) -> Vec<User> {
    lines(path).iter().filter_map(|l| parse_passwd_line(l)).collect()
}

/// All groups of a group file, in file order.
pub fn groups_in(path: &Path) -> Vec<Group> {
    lines(path).iter().filter_map(|l| parse_group_line(l)).collect()
}

/// The first user named `name` in /etc/passwd.
pub fn user_by_name(name: &str) -> Option<User> {
    users_in(Path::new(PASSWD)).into_iter().find(|u| u.name == name)
}

/// The first user with `uid` in /etc/passwd.
pub fn user_by_uid(uid: u32) -> Option<User> {
    users_in(Path::new(PASSWD)).into_iter().find(|u| u.uid == uid)
}

pub fn group_by_name(name: &str) -> Option<Group> {
    groups_in(Path::new(GROUP)).into_iter().find(|g| g.name == name)
}

pub fn group_by_gid(gid: u32) -> Option<Group> {
    groups_in(Path::new(GROUP)).into_iter().find(|g| g.gid == gid)
}

/// initgroups(3): `primary` first, then every group that lists `user` as a member,
/// without duplicates.
pub fn group_list(user: &str, primary: u32) -> Vec<u32> {
    let mut list = vec![primary];
    for g in groups_in(Path::new(GROUP)) {
        if g.members.iter().any(|m| m == user) && !list.contains(&g.gid) {
            list.push(g.gid);
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwd_lines() {
        let u = parse_passwd_line(b"root:x:0:0:root:/root:/bin/bash").expect("valid");
        assert_eq!((u.name.as_str(), u.uid, u.gid), ("root", 0, 0));
        assert_eq!(u.shell, OsString::from("/bin/bash"));
        assert_eq!(parse_passwd_line(b"# comment"), None);
        assert_eq!(parse_passwd_line(b"+nis::::::"), None);
        assert_eq!(parse_passwd_line(b"bad:x:notanumber:0::/:/bin/sh"), None);
        assert_eq!(parse_passwd_line(b"short:x:1"), None);
        assert_eq!(parse_passwd_line(b""), None);
        // glibc skips leading white space, also before a comment, and fills in
        // missing trailing fields
        let u = parse_passwd_line(b" \tsp:x:6001:6002").expect("valid");
        assert_eq!((u.name.as_str(), u.uid, u.gid, u.shell.len()), ("sp", 6001, 6002, 0));
        assert_eq!(parse_passwd_line(b"  # comment:x:1:1::/:/bin/sh"), None);
    }

    #[test]
    fn group_lines() {
        let g = parse_group_line(b"sudo:x:27:alice,bob").expect("valid");
        assert_eq!(g.gid, 27);
        assert_eq!(g.members, ["alice", "bob"]);
        assert_eq!(parse_group_line(b"empty:x:5:").expect("valid").members.len(), 0);
        assert_eq!(parse_group_line(b"x:x:99999999999:"), None);
        assert_eq!(parse_group_line(b"\tnomembers:x:7").expect("valid").name, "nomembers");
        assert_eq!(parse_group_line(b" #c:x:7:"), None);
    }

    #[test]
    fn system_root_resolves() {
        assert_eq!(user_by_uid(0).map(|u| u.name), Some("root".to_string()));
        assert_eq!(user_by_name("root").map(|u| u.uid), Some(0));
        assert_eq!(group_by_gid(0).map(|g| g.name), Some("root".to_string()));
        assert_eq!(group_list("root", 0)[0], 0);
    }
}
