//! `--help`, laid out as util-linux master lays it out (2.38.1's lines plus the newer
//! options in upstream's style); each option's line comes from the option table.

use common::cli::help::{self, Line};
use common::NsKind;

use crate::table::{Id, SPEC};

const LINES: &[Line<Id>] = &[
    Line::Text("\nUsage:\n"),
    Line::Synopsis(" %s [options] [<program> [<argument>...]]\n"),
    Line::Plain("\n"),
    Line::Text("Run a program with some namespaces unshared from the parent.\n"),
    Line::Text("\nOptions:\n"),
    Line::Opt(Id::Ns(NsKind::Mnt)),
    Line::Opt(Id::Ns(NsKind::Uts)),
    Line::Opt(Id::Ns(NsKind::Ipc)),
    Line::Opt(Id::Ns(NsKind::Net)),
    Line::Opt(Id::Ns(NsKind::Pid)),
    Line::Opt(Id::Ns(NsKind::User)),
    Line::Opt(Id::Ns(NsKind::Cgroup)),
    Line::Opt(Id::Ns(NsKind::Time)),
    Line::Plain("\n"),
    Line::Opt(Id::Fork),
    Line::Opt(Id::MapUser),
    Line::Opt(Id::MapGroup),
    Line::Opt(Id::MapRoot),
    Line::Opt(Id::MapCurrent),
    Line::Opt(Id::MapAuto),
    Line::Opt(Id::MapSubids),
    Line::Opt(Id::MapUsers),
    Line::Opt(Id::MapGroups),
    Line::Opt(Id::Owner),
    Line::Plain("\n"),
    Line::Opt(Id::KillChild),
    Line::Opt(Id::ForwardSignals),
    Line::Opt(Id::MountProc),
    Line::Opt(Id::MountBinfmt),
    Line::Opt(Id::LoadInterp),
    Line::Opt(Id::Propagation),
    Line::Opt(Id::SetGroups),
    Line::Opt(Id::KeepCaps),
    Line::Plain("\n"),
    Line::Opt(Id::Root),
    Line::Opt(Id::Wd),
    Line::Opt(Id::SetUid),
    Line::Opt(Id::SetGid),
    Line::Opt(Id::Monotonic),
    Line::Opt(Id::Boottime),
    Line::Opt(Id::ClearEnv),
    Line::Opt(Id::WhitelistEnv),
    Line::Plain("\n"),
    Line::HelpOptions(27),
    Line::ManTail("unshare(1)"),
];

pub fn help(prog: &str) -> Vec<u8> {
    help::render(&SPEC, LINES, prog)
}
