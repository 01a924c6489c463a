//! Serial numbers as `openssl ca` keeps them in `serial.num` and `ca.db`: upper-case hex,
//! whole bytes, counted up one at a time.

/// The bytes of a hexadecimal serial (an odd number of digits is padded on the left).
pub(crate) fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let padded = if s.len() % 2 == 1 {
        format!("0{s}")
    } else {
        s.to_string()
    };
    (0..padded.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&padded[i..i + 2], 16).ok())
        .collect()
}

/// Serials as `openssl ca` writes them: upper-case hex, whole bytes.
pub(crate) fn serial_text(serial: &[u8]) -> String {
    let start = serial
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(serial.len().saturating_sub(1));
    let s: String = serial[start..].iter().map(|b| format!("{b:02X}")).collect();
    if s.is_empty() { "00".into() } else { s }
}

/// The serial after `serial`.
pub(crate) fn increment(serial: &[u8]) -> Vec<u8> {
    let mut out = serial.to_vec();
    for b in out.iter_mut().rev() {
        if *b == 0xFF {
            *b = 0;
        } else {
            *b += 1;
            return out;
        }
    }
    out.insert(0, 1);
    out
}

/// `serial` moved `n` steps on.
pub(crate) fn advance(serial: &[u8], n: usize) -> Vec<u8> {
    (0..n).fold(serial.to_vec(), |s, _| increment(&s))
}

/// The same serial written two ways (`0A` and `a`) compares equal.
pub(crate) fn same(a: &str, b: &str) -> bool {
    match (parse_hex(a.trim()), parse_hex(b.trim())) {
        (Some(x), Some(y)) => serial_text(&x) == serial_text(&y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_count_in_hex_like_openssl() {
        assert_eq!(parse_hex("1000"), Some(vec![0x10, 0x00]));
        assert_eq!(parse_hex("abc"), Some(vec![0x0a, 0xbc]));
        assert_eq!(serial_text(&increment(&[0x10, 0xFF])), "1100");
        assert_eq!(serial_text(&increment(&[0xFF])), "0100");
        assert_eq!(serial_text(&advance(&[0x01], 3)), "04");
        assert_eq!(parse_hex("xyz"), None);
        assert!(same("0a", "A") && !same("0a", "0b"));
    }
}
