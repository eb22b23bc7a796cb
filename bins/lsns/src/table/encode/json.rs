//! JSON strings the way libsmartcols writes them: only `"`, `\` and control
//! characters are escaped; other bytes (UTF-8 or not) pass through. Ours, not
//! serde_json's writer: that one takes only valid UTF-8 (a `str`), so a command line
//! that is not UTF-8 could not come out byte for byte as util-linux prints it.

pub fn string(data: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &c in data {
        match c {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_quotes_and_controls_only() {
        let mut j = Vec::new();
        super::string(b"a\"\\\t\x01\xff\x7f", &mut j);
        assert_eq!(j, b"\"a\\\"\\\\\\t\\u0001\xff\x7f\"");
    }
}
