//! Working out and setting the credentials of `--userspec` and `--groups`, the way
//! coreutils does it: one pass outside the new root (errors ignored), one inside it
//! (errors fatal), where the inside pass starts from what the outside pass found and
//! falls back to its group list when the new root's /etc/group lacks a group. Then
//! supplementary groups, group, user, in that order.

use std::process::ExitCode;

use common::creds::{self, Step};
use common::users;

use crate::messages::{self, fail, line, quoted};
use crate::spec::{self, GroupsError, Ids};
use common::{msg, Message};

/// What the command line asked for (the last of each option wins).
#[derive(Debug, Default)]
pub struct Request {
    pub userspec: Option<Vec<u8>>,
    pub groups: Option<Vec<u8>>,
}

impl Request {
    /// `--groups` with a non-empty list (`--groups=` means "none").
    fn group_list(&self) -> Option<&[u8]> {
        self.groups.as_deref().filter(|g| !g.is_empty())
    }
}

/// What has been found so far.
#[derive(Debug, Default)]
pub struct State {
    ids: Ids,
    /// The user whose /etc/group memberships become the supplementary groups.
    username: Option<String>,
    /// The supplementary groups found outside the new root.
    outside: Vec<u32>,
}

impl State {
    /// The user's login group (when no group was given) and name, from passwd.
    fn login(&mut self, req: &Request) -> Option<()> {
        let uid = self.ids.uid?;
        if req.groups.is_some() && self.ids.gid.is_some() {
            return Some(());
        }
        let pw = users::user_by_uid(uid)?;
        self.ids.gid.get_or_insert(pw.gid);
        self.username = Some(pw.name);
        Some(())
    }

    /// Before chroot(2), in the old root's files; nothing here is an error.
    pub fn look_outside(&mut self, req: &Request) {
        if let Some(s) = &req.userspec {
            if let Ok((ids, _)) = spec::user_spec(s, self.ids) {
                self.ids = ids;
            }
        }
        let _ = self.login(req);
        if let Some(list) = req.group_list() {
            self.outside = spec::group_list(list).unwrap_or_default();
        } else if let (None, Some(gid), Some(name)) = (&req.groups, self.ids.gid, &self.username) {
            self.outside = users::group_list(name, gid);
        }
    }

    /// After chroot(2), in the new root's files: resolve everything, then set
    /// supplementary groups, group and user. On failure the message is printed and the
    /// status returned.
    pub fn apply_inside(mut self, req: &Request) -> Result<(), ExitCode> {
        if let Some(s) = &req.userspec {
            match spec::user_spec(s, self.ids) {
                Ok((ids, warned)) => {
                    self.ids = ids;
                    if warned {
                        line(Message::new("warning: '.' should be ':'"), None);
                    }
                }
                Err(e) => return Err(fail(Message::new(e), None)),
            }
        }
        if self.login(req).is_none() {
            if let (Some(uid), None) = (self.ids.uid, self.ids.gid) {
                // coreutils prints the id as a signed int.
                return Err(fail(msg!("no group specified for unknown uid: %d", uid as i32), None));
            }
        }
        let mut gids = std::mem::take(&mut self.outside);
        if let Some(list) = req.group_list() {
            match spec::group_list(list) {
                Ok(inside) => gids = inside,
                // The outside pass found them all: go with those, silently.
                Err(_) if !gids.is_empty() => {}
                Err(GroupsError::Invalid(items)) => {
                    for item in items {
                        line(msg!("invalid group %s", quoted(&item)), None);
                    }
                    return Err(ExitCode::from(messages::FAILED));
                }
                Err(GroupsError::Empty) => {
                    return Err(fail(msg!("invalid group list %s", quoted(list)), None))
                }
            }
        } else if let (None, Some(gid), Some(name)) = (&req.groups, self.ids.gid, &self.username) {
            gids = users::group_list(name, gid);
        }
        let groups = (self.ids.uid.is_some() || req.groups.is_some()).then_some(&gids[..]);
        creds::switch(groups, self.ids.gid, self.ids.uid).map_err(|(step, errno)| {
            let msg = match step {
                Step::Groups => "failed to set supplemental groups",
                Step::Gid => "failed to set group-ID",
                Step::Uid => "failed to set user-ID",
            };
            fail(msg.into(), Some(errno))
        })
    }
}
