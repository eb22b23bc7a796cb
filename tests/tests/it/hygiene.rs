//! Hygiene of every tool that runs a program, on every path through it: the program
//! gets exactly the caller's descriptors (fds), exit statuses and fatal signals pass
//! through and no helper process is left behind (signals), nothing stays mounted in
//! the caller's namespace after success or failure half way (mounts), and a closed or
//! full stdout ends the tool the way it ends the reference (pipes).

mod fds;
mod mounts;
mod pipes;
mod signals;
