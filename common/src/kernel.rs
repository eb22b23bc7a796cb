//! The running kernel's release, for features that came with a version.

/// Whether uname(2)'s release is at least `major.minor` (false when it cannot be read).
pub fn at_least(major: u32, minor: u32) -> bool {
    let Ok(uts) = nix::sys::utsname::uname() else { return false };
    let rel = uts.release().to_string_lossy().into_owned();
    let mut nums = rel.split(|c: char| !c.is_ascii_digit()).map(|n| n.parse::<u32>().unwrap_or(0));
    (nums.next().unwrap_or(0), nums.next().unwrap_or(0)) >= (major, minor)
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_kernel_is_past_the_oldest_we_know() {
        assert!(super::at_least(3, 8));
        assert!(!super::at_least(u32::MAX, 0));
    }
}
