//! The tools nsutils ships, in one table: the multicall binary dispatches on it and
//! lists it, xtask builds, installs and documents what it names, and the tests check
//! every name in it. The man section of each tool is its manual's (the tool crate's
//! option table); every name is installed under `bin/`.

/// One tool: the binary a package builds, and the other names it answers to.
#[derive(Debug)]
pub struct Tool {
    /// The binary's name, and the name of its man page.
    pub name: &'static str,
    /// The cargo package that builds it.
    pub package: &'static str,
    /// Names that run the same binary (links made by install and dist, and names the
    /// multicall binary answers to).
    pub aliases: &'static [&'static str],
}

impl Tool {
    /// The tool's name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(self.aliases.iter().copied())
    }
}

/// Every tool, in `nsutils --list` order.
pub const TOOLS: &[Tool] = &[
    Tool { name: "unshare", package: "nsutils-unshare", aliases: &[] },
    Tool { name: "nsenter", package: "nsutils-nsenter", aliases: &[] },
    Tool { name: "lsns", package: "nsutils-lsns", aliases: &[] },
    Tool { name: "chroot", package: "nsutils-chroot", aliases: &[] },
    Tool {
        name: "hostname",
        package: "nsutils-hostname",
        aliases: &["domainname", "nisdomainname", "ypdomainname", "dnsdomainname"],
    },
];

/// The multicall binary's package and name.
pub const MULTICALL: &str = "nsutils";

/// Every name a user can type: each tool, then its aliases, in `--list` order.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    TOOLS.iter().flat_map(Tool::names)
}

/// The tool that a name (a tool's or an alias) runs.
pub fn tool_of(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.names().any(|n| n == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_aliases_lead_to_their_tool() {
        let names: Vec<_> = all_names().collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{names:?}");
        assert_eq!(tool_of("dnsdomainname").map(|t| t.name), Some("hostname"));
        assert_eq!(tool_of("lsns").map(|t| t.package), Some("nsutils-lsns"));
        assert!(tool_of(MULTICALL).is_none());
    }
}
