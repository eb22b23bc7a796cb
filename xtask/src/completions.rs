//! bash, zsh and fish completions from the same clap view as the man pages.

use std::collections::BTreeMap;

use clap_complete::{generate, Shell};

use crate::tools::{self, TOOLS};

pub const SHELLS: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

/// One generated completion script.
pub struct Script {
    pub shell: Shell,
    pub name: String,
    pub data: Vec<u8>,
}

impl Script {
    /// The file name each shell looks for.
    pub fn file_name(&self) -> String {
        match self.shell {
            Shell::Zsh => format!("_{}", self.name),
            Shell::Fish => format!("{}.fish", self.name),
            _ => self.name.clone(),
        }
    }

    /// Where distributions install it, relative to PREFIX/share.
    pub fn install_path(&self) -> String {
        let dir = match self.shell {
            Shell::Zsh => "zsh/site-functions",
            Shell::Fish => "fish/vendor_completions.d",
            _ => "bash-completion/completions",
        };
        format!("{dir}/{}", self.file_name())
    }

    /// Where the repository keeps it, relative to `completions/`.
    pub fn repo_path(&self) -> String {
        format!("{}/{}", self.shell, self.file_name())
    }
}

/// Every script: each shell, each tool and alias, and the multicall binary.
pub fn scripts() -> Vec<Script> {
    let mut out = Vec::new();
    for shell in SHELLS {
        let mut add = |name: &str, mut cmd: clap::Command| {
            let mut data = Vec::new();
            generate(shell, &mut cmd, name, &mut data);
            out.push(Script { shell, name: name.to_string(), data });
        };
        for t in TOOLS {
            for name in std::iter::once(t.name).chain(t.aliases.iter().copied()) {
                add(name, tools::command(t, true).name(name));
            }
        }
        add(tools::MULTICALL, tools::multicall_command());
    }
    out
}

/// The scripts as the repository's `completions/` directory holds them.
pub fn repo_files() -> BTreeMap<String, Vec<u8>> {
    scripts().into_iter().map(|s| (s.repo_path(), s.data)).collect()
}
