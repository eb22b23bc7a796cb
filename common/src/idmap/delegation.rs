//! What shadow's newuidmap and newgidmap will write for the calling user, so that a
//! map they would refuse is refused before anything is created (util-linux runs the
//! helper after unshare(2) and only then learns it fails).
//!
//! The rules are shadow's (newuidmap(1), subuid(5), and its have_sub_uids): each range
//! `inner outer count` is allowed when every outside id `outer..outer+count` lies in
//! /etc/subuid (/etc/subgid) lines of the user, possibly spread over several lines, or
//! when it is the caller's own uid (newgidmap: the passwd entry's gid) with count 1.
//! A line is the user's when its first field is the user's name, the uid in decimal,
//! or another name with the same uid. The user is the real uid's passwd entry. Root is
//! not exempt.
//!
//! The prediction errs only towards letting the helper decide: where we cannot know
//! (no passwd entry, an NSS subid module in /etc/nsswitch.conf, an unreadable file, an
//! owner name /etc/passwd does not know), nothing is refused here.

use std::path::Path;

use super::{IdKind, IdRange};
use crate::users::{self, User};

/// The ranges the caller may map through newuidmap or newgidmap.
#[derive(Debug)]
pub struct Delegation {
    kind: IdKind,
    user: User,
    users: Vec<User>,
    /// The lines of /etc/subuid or /etc/subgid that shadow's parser accepts.
    lines: Vec<SubidLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct SubidLine {
    owner: String,
    start: u64,
    count: u64,
}

impl SubidLine {
    /// Shadow's arithmetic: `unsigned long`, wrapping.
    fn holds(&self, id: u64) -> bool {
        let last = self.start.wrapping_add(self.count).wrapping_sub(1);
        id >= self.start && id <= last
    }

    fn last(&self) -> u64 {
        self.start.wrapping_add(self.count).wrapping_sub(1)
    }
}

/// What the helper of `kind` will allow the real uid, or `None` when that cannot be
/// told from here.
pub fn delegation(kind: IdKind) -> Option<Delegation> {
    if !subids_from_files(&std::fs::read("/etc/nsswitch.conf").unwrap_or_default()) {
        return None;
    }
    let lines = match std::fs::read(kind.subid_file()) {
        Ok(data) => parse_subid_file(&data),
        // the helper finds no range either: only the own id can pass
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(_) => return None,
    };
    let users = users::users_in(Path::new(users::PASSWD));
    let uid = nix::unistd::getuid().as_raw();
    let user = users.iter().find(|u| u.uid == uid)?.clone();
    Some(Delegation { kind, user, users, lines })
}

impl Delegation {
    /// The user whose lines count, for messages.
    pub fn user_name(&self) -> &str {
        &self.user.name
    }

    pub fn file(&self) -> &'static str {
        self.kind.subid_file()
    }

    /// Whether the helper writes `range` (or might: see the module's notes).
    pub fn allows(&self, range: &IdRange) -> bool {
        let own = match self.kind {
            IdKind::Uid => self.user.uid,
            IdKind::Gid => self.user.gid,
        };
        if range.count == 1 && range.outer == own {
            return true;
        }
        self.covers(u64::from(range.outer), u64::from(range.count))
    }

    /// Shadow's have_range: from `start`, a line of ours holding it carries us to its
    /// end, until the whole span is held.
    fn covers(&self, mut start: u64, count: u64) -> bool {
        let end = start + count - 1;
        while let Some(line) = self.lines.iter().find(|l| l.holds(start) && self.may_own(&l.owner)) {
            if line.last() >= end {
                return true;
            }
            start = line.last() + 1;
        }
        false
    }

    fn may_own(&self, owner: &str) -> bool {
        if owner == self.user.name || owner == self.user.uid.to_string() {
            return true;
        }
        match self.users.iter().find(|u| u.name == owner) {
            Some(u) => u.uid == self.user.uid,
            // getpwnam of a number fails; a name only NSS knows might be ours
            None => !owner.bytes().all(|b| b.is_ascii_digit()),
        }
    }
}

/// Whether /etc/nsswitch.conf leaves subordinate ids to the files (no `subid:` line,
/// or `subid: files`); another source is a libsubid plugin we cannot ask.
fn subids_from_files(nsswitch: &[u8]) -> bool {
    let text = String::from_utf8_lossy(nsswitch);
    let source = text.lines().find_map(|l| l.trim_start().strip_prefix("subid:"));
    source.is_none_or(|s| matches!(s.split_whitespace().next(), None | Some("files")))
}

/// The lines shadow's subordinate_parse accepts: exactly three non-empty fields, the
/// numbers read by getulong (decimal, 0x hexadecimal or 0 octal, the whole field).
fn parse_subid_file(data: &[u8]) -> Vec<SubidLine> {
    data.split(|&b| b == b'\n')
        .filter_map(|line| {
            let line = std::str::from_utf8(line).ok()?;
            let f: Vec<&str> = line.split(':').collect();
            let [owner, start, count] = f[..] else {
                return None;
            };
            if owner.is_empty() {
                return None;
            }
            Some(SubidLine { owner: owner.to_string(), start: getulong(start)?, count: getulong(count)? })
        })
        .collect()
}

/// shadow's getulong: strtoll with base 0 over the whole string; a negative value
/// wraps as the C conversion to unsigned long does.
fn getulong(s: &str) -> Option<u64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, h)
    } else if t.len() > 1 && t.starts_with('0') {
        (8, &t[1..])
    } else {
        (10, t)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i64::try_from(u64::from_str_radix(digits, radix).ok()?).ok()?;
    Some(if negative { magnitude.wrapping_neg() as u64 } else { magnitude as u64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, uid: u32, gid: u32) -> User {
        User { name: name.into(), uid, gid, home: "/".into(), shell: "/bin/sh".into() }
    }

    fn nobody(kind: IdKind, file: &str) -> Delegation {
        let users = vec![user("root", 0, 0), user("alias", 65534, 7), user("nobody", 65534, 65534)];
        Delegation { kind, user: users[2].clone(), users, lines: parse_subid_file(file.as_bytes()) }
    }

    fn r(inner: u32, outer: u32, count: u32) -> IdRange {
        IdRange { inner, outer, count }
    }

    #[test]
    fn ranges_inside_the_users_lines() {
        let d = nobody(IdKind::Uid, "root:0:65536\nnobody:100000:10\n65534:100010:5\nalias:200000:3\n");
        assert!(d.allows(&r(0, 100000, 10)));
        // spread over lines owned by name, by uid and by another name of the uid
        assert!(d.allows(&r(0, 100000, 15)));
        assert!(d.allows(&r(0, 200000, 3)));
        assert!(!d.allows(&r(0, 100000, 16)));
        assert!(!d.allows(&r(0, 99999, 2)));
        // root's line is root's; host root needs a line of ours
        assert!(!d.allows(&r(0, 0, 1)));
        assert!(!d.allows(&r(0, 300000, 1)));
    }

    #[test]
    fn the_own_id_with_count_one() {
        let d = nobody(IdKind::Uid, "");
        assert!(d.allows(&r(0, 65534, 1)));
        assert!(!d.allows(&r(0, 65534, 2)));
        // newgidmap: the passwd entry's gid
        let g = nobody(IdKind::Gid, "");
        assert!(g.allows(&r(0, 65534, 1)));
        assert!(!g.allows(&r(0, 7, 1)));
    }

    #[test]
    fn shadows_parser() {
        let d = nobody(IdKind::Uid, "nobody:0x100:0x10\nnobody:0400:1 \nnobody:1:2:3\n:5:5\nnobody: 7:1\n");
        assert!(d.allows(&r(0, 256, 16)));
        // trailing space, a fourth field, an empty owner: not lines at all
        assert!(!d.allows(&r(0, 256, 17)));
        assert!(!d.allows(&r(0, 1, 1)));
        assert!(!d.allows(&r(0, 5, 1)));
        // strtoll skips leading white space
        assert!(d.allows(&r(0, 7, 1)));
        assert_eq!(getulong("-1"), Some(u64::MAX));
        assert_eq!(getulong("08"), None);
        assert_eq!(getulong("0"), Some(0));
        assert_eq!(getulong(""), None);
    }

    #[test]
    fn owners_we_cannot_resolve_might_be_ours() {
        let d = nobody(IdKind::Uid, "ldapname:100:10\n1000:200:10\n");
        assert!(d.allows(&r(0, 100, 10)));
        assert!(!d.allows(&r(0, 200, 10)));
    }

    #[test]
    fn nsswitch_subid_sources() {
        assert!(subids_from_files(b""));
        assert!(subids_from_files(b"passwd: files\nsubid: files\n"));
        assert!(subids_from_files(b"subid:\n"));
        assert!(!subids_from_files(b"passwd: files\n subid: sss\n"));
    }
}
