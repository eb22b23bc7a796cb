//! nsutils-common: what unshare, nsenter, lsns, chroot and hostname share.
//!
//! Nothing here prints except [`cli`]; everything else returns [`error::Error`]s with
//! context, printed once by the tool as `tool: context: strerror`.

pub mod cli;
pub mod creds;
pub mod error;
pub mod i18n;
pub mod idmap;
pub mod kernel;
pub mod manual;
pub mod message;
pub mod mount;
pub mod ns;
pub mod nsfile;
pub mod num;
pub mod process;
pub mod procfs;
pub mod testing;
pub mod tools;
pub mod users;
pub mod utf8;

pub use error::{Error, Result};
pub use message::Message;
pub use ns::NsKind;
pub use nsfile::NsFile;
