//! Raw output (`-r`): blanks, backslashes and anything not printable ASCII as `\xNN`,
//! whatever the locale.

use super::push_hex;

pub fn encode(data: &[u8], out: &mut Vec<u8>) {
    for &c in data {
        if c == b' ' || c == b'\t' || c == b'\\' || !(0x21..0x7f).contains(&c) {
            push_hex(out, c);
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_blanks_and_non_ascii() {
        let mut v = Vec::new();
        super::encode("a b\\é\x7f\"".as_bytes(), &mut v);
        assert_eq!(v, b"a\\x20b\\x5c\\xc3\\xa9\\x7f\"");
    }
}
