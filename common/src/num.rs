//! Numbers as util-linux's `strto*_or_err` helpers read them (strtoimax/strtoumax
//! underneath): leading white space and a sign are accepted, trailing garbage is not,
//! a number beyond 64 bits is out of range even with garbage after it, and an
//! unsigned number that is negative is out of range rather than wrapped (so `-G -5`
//! fails instead of meaning gid 4294967291).

use crate::error::{Errno, Error};
use crate::message::Message;

/// Why a number did not parse; `Range` adds util-linux's `: strerror(ERANGE)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// Not a decimal number at all, or something after it.
    Invalid,
    /// A number, but negative where it must not be, or too large.
    Range,
}

/// What strtoimax/strtoumax see: leading white space, a sign, decimal digits (their
/// value, `None` beyond u64), and the rest.
fn scan(s: &[u8]) -> Result<(bool, Option<u64>, &[u8]), NumError> {
    let start = s.iter().position(|b| !b" \t\n\x0b\x0c\r".contains(b)).unwrap_or(s.len());
    let t = &s[start..];
    let (negative, t) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let n = t.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return Err(NumError::Invalid);
    }
    let value = t[..n].iter().try_fold(0u64, |v, d| v.checked_mul(10)?.checked_add(u64::from(d - b'0')));
    Ok((negative, value, &t[n..]))
}

/// The unsigned number at the start of `s` and what follows it (ul_strtou64 before
/// its check for trailing text).
pub fn leading_u64(s: &[u8]) -> Result<(u64, &[u8]), NumError> {
    match scan(s)? {
        (true, Some(0), rest) => Ok((0, rest)),
        (true, _, _) | (false, None, _) => Err(NumError::Range),
        (false, Some(v), rest) => Ok((v, rest)),
    }
}

/// The whole of `s` as an unsigned number no larger than `max`.
pub fn parse_unsigned(s: &[u8], max: u64) -> Result<u64, NumError> {
    match leading_u64(s)? {
        (v, []) if v <= max => Ok(v),
        (_, []) => Err(NumError::Range),
        _ => Err(NumError::Invalid),
    }
}

/// The whole of `s` as a signed number within `min..=max` (ul_strtos64 and the
/// bounds check of str2num_or_err).
pub fn parse_signed(s: &[u8], min: i64, max: i64) -> Result<i64, NumError> {
    let (negative, magnitude, rest) = scan(s)?;
    let v = match (negative, magnitude) {
        (false, Some(m)) => i64::try_from(m).map_err(|_| NumError::Range)?,
        (true, Some(m)) if m <= i64::MIN.unsigned_abs() => 0i64.wrapping_sub_unsigned(m),
        _ => return Err(NumError::Range),
    };
    if !rest.is_empty() {
        return Err(NumError::Invalid);
    }
    if v < min || v > max {
        return Err(NumError::Range);
    }
    Ok(v)
}

/// util-linux's `WHAT: 'S'` (and `...: Numerical result out of range`), `S` byte for
/// byte as given.
pub fn error(what: &'static str, s: &[u8], e: NumError) -> Error {
    let msg = Message::verbatim("%s: '%s'").arg(Message::new(what)).arg(s);
    match e {
        NumError::Invalid => Error::msg(msg),
        NumError::Range => Error::sys(msg, Errno::ERANGE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Result<u64, NumError> {
        parse_unsigned(s.as_bytes(), u64::from(u32::MAX))
    }

    fn i(s: &str) -> Result<i64, NumError> {
        parse_signed(s.as_bytes(), i64::from(i32::MIN), i64::from(i32::MAX))
    }

    #[test]
    fn unsigned_as_strtoumax() {
        assert_eq!(u("0"), Ok(0));
        assert_eq!(u(" +7"), Ok(7));
        assert_eq!(u("\t\n7"), Ok(7));
        assert_eq!(u("-0"), Ok(0));
        assert_eq!(u("4294967295"), Ok(u64::from(u32::MAX)));
        assert_eq!(u("4294967296"), Err(NumError::Range));
        assert_eq!(u("99999999999999999999999"), Err(NumError::Range));
        assert_eq!(u("99999999999999999999999x"), Err(NumError::Range));
        assert_eq!(u("-5"), Err(NumError::Range));
        assert_eq!(u("-5x"), Err(NumError::Range));
        assert_eq!(u("-0x"), Err(NumError::Invalid));
        assert_eq!(u("1x"), Err(NumError::Invalid));
        assert_eq!(u("0x10"), Err(NumError::Invalid));
        assert_eq!(u(""), Err(NumError::Invalid));
        assert_eq!(u("-"), Err(NumError::Invalid));
        assert_eq!(u("+"), Err(NumError::Invalid));
        assert_eq!(u("5 "), Err(NumError::Invalid));
        assert_eq!(parse_unsigned(b"+4026532180", u64::MAX), Ok(4026532180));
        assert_eq!(parse_unsigned(b"18446744073709551615", u64::MAX), Ok(u64::MAX));
        assert_eq!(parse_unsigned(b"18446744073709551616", u64::MAX), Err(NumError::Range));
        assert_eq!(leading_u64(b"12:345"), Ok((12, &b":345"[..])));
    }

    #[test]
    fn signed_as_strtoimax() {
        assert_eq!(i(" 5"), Ok(5));
        assert_eq!(i("-1"), Ok(-1));
        assert_eq!(i("+2147483647"), Ok(i64::from(i32::MAX)));
        assert_eq!(i("-2147483648"), Ok(i64::from(i32::MIN)));
        assert_eq!(i("2147483648"), Err(NumError::Range));
        assert_eq!(i("-2147483649"), Err(NumError::Range));
        assert_eq!(i("99999999999999999999x"), Err(NumError::Range));
        assert_eq!(i("-99999999999999999999x"), Err(NumError::Range));
        assert_eq!(i("5x"), Err(NumError::Invalid));
        assert_eq!(i("--5"), Err(NumError::Invalid));
        assert_eq!(i(""), Err(NumError::Invalid));
        assert_eq!(parse_signed(b"-9223372036854775808", i64::MIN, i64::MAX), Ok(i64::MIN));
        assert_eq!(parse_signed(b"9223372036854775808", i64::MIN, i64::MAX), Err(NumError::Range));
        assert_eq!(parse_signed(b"-9223372036854775809", i64::MIN, i64::MAX), Err(NumError::Range));
    }

    #[test]
    fn messages() {
        assert_eq!(
            error("failed to parse uid", b"1x", NumError::Invalid).to_string(),
            "failed to parse uid: '1x'"
        );
        assert_eq!(
            error("failed to parse gid", b"-5", NumError::Range).to_string(),
            "failed to parse gid: '-5': Numerical result out of range"
        );
        assert_eq!(error("x", b"\xff", NumError::Invalid).to_bytes(), b"x: '\xff'");
    }
}
