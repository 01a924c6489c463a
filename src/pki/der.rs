//! DER, for the few structures read or built by hand: one tag-length-value at a time.

/// Where the element at the start of some input lies: its tag, and its contents as the
/// range `start..end` of that input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub tag: u8,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The input ends inside the header or the contents.
    Truncated,
    /// `0x80`: the indefinite form, which DER forbids.
    Indefinite,
    /// A length of more than four bytes.
    TooLong,
}

/// Reads the header of the element at the start of `input`, checking that its contents
/// are all there.
pub fn header(input: &[u8]) -> Result<Header, HeaderError> {
    let (&tag, rest) = input.split_first().ok_or(HeaderError::Truncated)?;
    let (&first, rest) = rest.split_first().ok_or(HeaderError::Truncated)?;
    let (len, start) = match first {
        0..=0x7f => (first as usize, 2),
        0x80 => return Err(HeaderError::Indefinite),
        0x81..=0x84 => {
            let n = (first & 0x7f) as usize;
            let bytes = rest.get(..n).ok_or(HeaderError::Truncated)?;
            (
                bytes.iter().fold(0usize, |a, b| (a << 8) | *b as usize),
                2 + n,
            )
        }
        _ => return Err(HeaderError::TooLong),
    };
    if input.len() - start < len {
        return Err(HeaderError::Truncated);
    }
    Ok(Header {
        tag,
        start,
        end: start + len,
    })
}

/// The element at the start of `input`: tag, contents, and what follows it.
pub fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let h = header(input).ok()?;
    Some((h.tag, &input[h.start..h.end], &input[h.end..]))
}

pub fn wrap(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_wrap_writes_header_reads_back() {
        for len in [0, 1, 127, 128, 255, 256, 70_000] {
            let body = vec![7u8; len];
            let der = [wrap(0x04, &body), vec![9, 9]].concat();
            let (tag, got, rest) = tlv(&der).unwrap();
            assert_eq!((tag, got, rest), (0x04, &body[..], &[9u8, 9][..]), "{len}");
        }
    }

    #[test]
    fn short_indefinite_and_oversized_headers_are_refused() {
        assert_eq!(header(&[]), Err(HeaderError::Truncated));
        assert_eq!(header(&[0x30]), Err(HeaderError::Truncated));
        assert_eq!(header(&[0x30, 0x82, 0x01]), Err(HeaderError::Truncated));
        assert_eq!(header(&[0x30, 0x05, 0x02]), Err(HeaderError::Truncated));
        assert_eq!(header(&[0x30, 0x80, 0, 0]), Err(HeaderError::Indefinite));
        assert_eq!(
            header(&[0x30, 0x85, 1, 1, 1, 1, 1]),
            Err(HeaderError::TooLong)
        );
    }
}
