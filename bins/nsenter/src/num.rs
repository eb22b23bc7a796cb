//! Numbers as util-linux reads them (strtoumax underneath): leading blanks and a sign
//! are accepted, trailing garbage is not, and a negative value is out of range
//! rather than wrapped (so `-G -5` fails instead of meaning gid 4294967291).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use common::error::Errno;
use common::Error;

/// Why a number did not parse; `Range` adds util-linux's `: strerror(ERANGE)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    Invalid,
    Range,
}

/// Parses the decimal prefix of `s` and returns it with the rest of the string.
pub fn leading_u64(s: &[u8]) -> Result<(u64, &[u8]), NumError> {
    let start = s.iter().position(|b| !b" \t\n\x0b\x0c\r".contains(b)).unwrap_or(s.len());
    let mut rest = &s[start..];
    let negative = match rest.first() {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => {
            return digits(rest);
        }
    };
    rest = &rest[1..];
    let (value, tail) = digits(rest)?;
    if negative && value != 0 {
        return Err(NumError::Range);
    }
    Ok((value, tail))
}

fn digits(s: &[u8]) -> Result<(u64, &[u8]), NumError> {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return Err(NumError::Invalid);
    }
    let mut value: u64 = 0;
    for &d in &s[..n] {
        value =
            value.checked_mul(10).and_then(|v| v.checked_add(u64::from(d - b'0'))).ok_or(NumError::Range)?;
    }
    Ok((value, &s[n..]))
}

/// The whole of `s` as a number no larger than `max`.
pub fn parse_max(s: &OsStr, max: u64) -> Result<u64, NumError> {
    match leading_u64(s.as_bytes())? {
        (v, []) if v <= max => Ok(v),
        (_, []) => Err(NumError::Range),
        _ => Err(NumError::Invalid),
    }
}

/// util-linux's `failed to parse uid: '1x'` (and `...: Numerical result out of range`).
pub fn error(what: &str, s: &OsStr, e: NumError) -> Error {
    let msg = [what.as_bytes(), b": '", s.as_bytes(), b"'"].concat();
    match e {
        NumError::Invalid => Error::msg_bytes(msg),
        NumError::Range => Error::sys_bytes(msg, Errno::ERANGE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<u64, NumError> {
        parse_max(OsStr::new(s), u64::from(u32::MAX))
    }

    #[test]
    fn strtoul_rules() {
        assert_eq!(p("0"), Ok(0));
        assert_eq!(p(" +7"), Ok(7));
        assert_eq!(p("-0"), Ok(0));
        assert_eq!(p("4294967295"), Ok(u64::from(u32::MAX)));
        assert_eq!(p("4294967296"), Err(NumError::Range));
        assert_eq!(p("99999999999999999999999"), Err(NumError::Range));
        assert_eq!(p("-5"), Err(NumError::Range));
        assert_eq!(p("1x"), Err(NumError::Invalid));
        assert_eq!(p(""), Err(NumError::Invalid));
        assert_eq!(p("-"), Err(NumError::Invalid));
        assert_eq!(p("5 "), Err(NumError::Invalid));
    }

    #[test]
    fn messages() {
        assert_eq!(
            error("failed to parse uid", OsStr::new("1x"), NumError::Invalid).to_string(),
            "failed to parse uid: '1x'"
        );
        assert_eq!(
            error("failed to parse gid", OsStr::new("-5"), NumError::Range).to_string(),
            "failed to parse gid: '-5': Numerical result out of range"
        );
    }
}
