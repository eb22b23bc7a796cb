//! The NETNSID column: the id our network namespace assigned to another one, asked
//! of the kernel with RTM_GETNSID on a NETLINK_ROUTE socket (opened only when the
//! column is used). No netlink crate: the two messages are a few bytes each.

use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

const RTM_NEWNSID: u16 = 88;
const RTM_GETNSID: u16 = 90;
const NETNSA_NSID: u16 = 1;
const NETNSA_FD: u16 = 3;
const NLMSG_ERROR: u16 = 2;
const NLM_F_REQUEST: u16 = 1;

/// What the kernel said about one namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetnsId {
    Id(i32),
    /// NETNSA_NSID_NOT_ASSIGNED: our namespace has no id for it.
    Unassigned,
    /// The question could not be asked or answered: an empty cell.
    Unknown,
}

impl NetnsId {
    pub fn cell(self) -> Option<Vec<u8>> {
        match self {
            NetnsId::Id(n) => Some(n.to_string().into_bytes()),
            NetnsId::Unassigned => Some(b"unassigned".to_vec()),
            NetnsId::Unknown => None,
        }
    }
}

/// A lazily opened NETLINK_ROUTE socket.
#[derive(Default)]
pub struct Netlink {
    sock: Option<Option<OwnedFd>>,
    seq: u32,
}

impl Netlink {
    fn socket(&mut self) -> Option<&OwnedFd> {
        self.sock
            .get_or_insert_with(|| {
                // SAFETY: socket(2) returns a new descriptor or -1.
                let fd = unsafe {
                    libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, libc::NETLINK_ROUTE)
                };
                // SAFETY: a fresh descriptor that we own.
                (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
            })
            .as_ref()
    }

    /// The id of the network namespace open as `ns`.
    pub fn id_of(&mut self, ns: BorrowedFd<'_>) -> NetnsId {
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let Some(sock) = self.socket() else { return NetnsId::Unknown };
        let mut req = Vec::with_capacity(28);
        req.extend_from_slice(&28u32.to_ne_bytes());
        req.extend_from_slice(&RTM_GETNSID.to_ne_bytes());
        req.extend_from_slice(&NLM_F_REQUEST.to_ne_bytes());
        req.extend_from_slice(&seq.to_ne_bytes());
        req.extend_from_slice(&0u32.to_ne_bytes());
        req.extend_from_slice(&[libc::AF_UNSPEC as u8, 0, 0, 0]);
        req.extend_from_slice(&8u16.to_ne_bytes());
        req.extend_from_slice(&NETNSA_FD.to_ne_bytes());
        req.extend_from_slice(&ns.as_raw_fd().to_ne_bytes());
        // SAFETY: send reads req.len() bytes from our buffer.
        let sent = unsafe { libc::send(sock.as_raw_fd(), req.as_ptr().cast(), req.len(), 0) };
        if sent != req.len() as isize {
            return NetnsId::Unknown;
        }
        let mut buf = [0u8; 4096];
        loop {
            // SAFETY: recv writes at most buf.len() bytes into our buffer.
            let n = unsafe { libc::recv(sock.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
            if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            if n < 16 {
                return NetnsId::Unknown;
            }
            match parse_reply(&buf[..n as usize], seq) {
                Some(Reply::Answer(id)) => return id,
                Some(Reply::Other) => continue,
                None => return NetnsId::Unknown,
            }
        }
    }
}

enum Reply {
    Answer(NetnsId),
    /// A message for an earlier request (or not ours): read on.
    Other,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn parse_reply(msg: &[u8], seq: u32) -> Option<Reply> {
    let len = u32_at(msg, 0)? as usize;
    let kind = u16_at(msg, 4)?;
    if u32_at(msg, 8)? != seq {
        return Some(Reply::Other);
    }
    let msg = msg.get(..len)?;
    match kind {
        NLMSG_ERROR => Some(Reply::Answer(NetnsId::Unknown)),
        RTM_NEWNSID => {
            let mut at = 16 + 4;
            while at + 4 <= msg.len() {
                let alen = u16_at(msg, at)? as usize;
                let atype = u16_at(msg, at + 2)? & 0x3fff;
                if alen < 4 {
                    break;
                }
                if atype == NETNSA_NSID && alen >= 8 {
                    let id = u32_at(msg, at + 4)? as i32;
                    return Some(Reply::Answer(if id < 0 { NetnsId::Unassigned } else { NetnsId::Id(id) }));
                }
                at += (alen + 3) & !3;
            }
            Some(Reply::Answer(NetnsId::Unknown))
        }
        _ => Some(Reply::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    #[test]
    fn own_namespace_is_unassigned() {
        let own = common::NsFile::open_proc(None, common::NsKind::Net).expect("own netns");
        let mut nl = Netlink::default();
        assert_eq!(nl.id_of(own.as_fd()), NetnsId::Unassigned);
        assert_eq!(nl.id_of(own.as_fd()), NetnsId::Unassigned);
    }

    #[test]
    fn cells() {
        assert_eq!(NetnsId::Id(7).cell(), Some(b"7".to_vec()));
        assert_eq!(NetnsId::Unassigned.cell(), Some(b"unassigned".to_vec()));
        assert_eq!(NetnsId::Unknown.cell(), None);
    }
}
