//! PEM blocks as the Security Pack reads them: any number of `-----BEGIN X-----` …
//! `-----END X-----` blocks with anything between them. Every label is kept (an encrypted
//! key must not vanish silently), and each block remembers its line.

/// Bundles with more blocks than this are refused: real chains and CA lists have dozens.
pub const MAX_BLOCKS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub label: String,
    pub der: Vec<u8>,
    /// 1-based line of the BEGIN line.
    pub line: usize,
    /// A traditional encrypted PEM (`Proc-Type: 4,ENCRYPTED` header).
    pub encrypted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBlock {
    pub label: String,
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Pem {
    pub blocks: Vec<Block>,
    pub bad: Vec<BadBlock>,
    pub too_many: bool,
}

pub fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

pub fn parse(bytes: &[u8]) -> Pem {
    parse_with(bytes, true)
}

/// `fast`: plain bodies are taken in one pass (see `plain_body`); the tests compare.
fn parse_with(bytes: &[u8], fast: bool) -> Pem {
    // Valid UTF-8 (nearly always ASCII) is read in place, checked by the fast validator.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let mut pem = Pem::default();
    let mut current: Option<(String, usize, Body, bool)> = None;
    // `str::lines` by hand, so that a plain body can be stepped over: (number, line) pairs,
    // the next line starting at `pos`.
    let (mut pos, mut n) = (0, 0);
    while pos < text.len() {
        let rest = &text[pos..];
        let (raw, next) = match rest.find('\n') {
            Some(n) => (
                rest[..n].strip_suffix('\r').unwrap_or(&rest[..n]),
                pos + n + 1,
            ),
            None => (rest, text.len()),
        };
        let i = n;
        pos = next;
        n += 1;
        let line = raw.trim();
        if let Some(label) = marker(line, "-----BEGIN ") {
            if let Some((old, at, _, _)) = current.take() {
                pem.bad.push(BadBlock {
                    label: old,
                    line: at,
                    reason: "no END line before the next BEGIN (truncated block)".into(),
                });
            }
            // The common body, plain base64 lines up to the END line, taken in one pass.
            let mut body = Body::Text(String::new());
            if fast && let Some((der, end, lines)) = plain_body(&text, pos) {
                (body, pos) = (Body::Der(der), end);
                n += lines;
            }
            current = Some((label.to_string(), i + 1, body, false));
            continue;
        }
        if let Some(label) = marker(line, "-----END ") {
            match current.take() {
                Some((begin, at, body, encrypted)) if begin == label => {
                    if pem.blocks.len() >= MAX_BLOCKS {
                        pem.too_many = true;
                        return pem;
                    }
                    let der = match body {
                        Body::Text(text) => decode_base64(&text),
                        Body::Der(der) => Ok(der),
                    };
                    match der {
                        Ok(der) if !der.is_empty() => pem.blocks.push(Block {
                            label: begin,
                            der,
                            line: at,
                            encrypted,
                        }),
                        Ok(_) => pem.bad.push(BadBlock {
                            label: begin,
                            line: at,
                            reason: "empty block".into(),
                        }),
                        Err(e) => pem.bad.push(BadBlock {
                            label: begin,
                            line: at,
                            reason: e,
                        }),
                    }
                }
                Some((begin, at, _, _)) => pem.bad.push(BadBlock {
                    label: begin,
                    line: at,
                    reason: format!("ends with END {label}"),
                }),
                None => {}
            }
            continue;
        }
        if let Some((_, _, body, encrypted)) = current.as_mut() {
            // Headers of encrypted legacy PEM (Proc-Type, DEK-Info) are kept out of the body.
            if line.contains(':') {
                *encrypted |= line.starts_with("Proc-Type:") && line.contains("ENCRYPTED");
            } else {
                body.push_str(line);
            }
        }
    }
    if let Some((label, at, _, _)) = current {
        pem.bad.push(BadBlock {
            label,
            line: at,
            reason: "no END line (truncated file)".into(),
        });
    }
    pem
}

/// The label of a trimmed `-----BEGIN X-----` or `-----END X-----` line (`kind` is the
/// part up to the label).
fn marker<'l>(line: &'l str, kind: &str) -> Option<&'l str> {
    line.strip_prefix(kind)?.strip_suffix("-----")
}

/// A block's body as read so far: its base64 text, or already decoded by `plain_body`.
enum Body {
    Text(String),
    Der(Vec<u8>),
}

impl Body {
    fn push_str(&mut self, line: &str) {
        match self {
            Body::Text(t) => t.push_str(line),
            // `plain_body` stops at a BEGIN or END line only: no more body follows.
            Body::Der(_) => unreachable!("a decoded body takes no more lines"),
        }
    }
}

/// The body starting at byte `start` of `text` (the line after a BEGIN line), decoded, when
/// it is nothing but lines of base64 characters (padding at its end) up to a line starting
/// with `-----`: the DER, where that line starts, and how many lines the body spans. None
/// for anything else (headers, blanks, carriage returns, stray characters, padding
/// within), which the line-by-line reading handles and explains.
fn plain_body(text: &str, start: usize) -> Option<(Vec<u8>, usize, usize)> {
    let bytes = text.as_bytes();
    // `-` is not base64: the first one ends the body, and must begin the `-----` line.
    let end = start + memchr::memchr(b'-', bytes.get(start..)?)?;
    let next = &text[end..];
    let next = next[..memchr::memchr(b'\n', next.as_bytes()).unwrap_or(next.len())].trim();
    if marker(next, "-----BEGIN ").is_none() && marker(next, "-----END ").is_none() {
        return None;
    }
    let region = &bytes[start..end];
    if region.last().is_some_and(|&c| c != b'\n') {
        return None;
    }
    let lines = memchr::memchr_iter(b'\n', region).count();
    let der = match decode_lines(region) {
        Lines::Decoded(der) => der,
        Lines::Refused => return None,
        Lines::Join => {
            let mut body = Vec::with_capacity(region.len());
            for line in region.split(|&c| c == b'\n') {
                body.extend_from_slice(line);
            }
            decode_plain(&body)?
        }
    };
    Some((der, end, lines))
}

/// What `decode_lines` made of a body.
enum Lines {
    Decoded(Vec<u8>),
    /// Not plain base64: what `decode_plain` of the joined lines refuses.
    Refused,
    /// A line before the last one does not hold whole groups of four base64 characters
    /// (its width, a padding character, a stray one): the lines are joined first, and
    /// the joined text decides.
    Join,
}

/// `decode_plain` of `region`'s lines joined (each ends with a line feed), decoded line by
/// line when every line but the last holds whole groups of four characters, as PEM's
/// 64-character lines do: a large CRL is then not copied once more without its line feeds.
/// The result is the joined decoding's (padding can only end the last line).
fn decode_lines(region: &[u8]) -> Lines {
    let mut out = Vec::with_capacity(region.len() / 4 * 3 + 3);
    let mut bad = 0u8;
    let mut at = 0;
    let last = loop {
        let Some(n) = memchr::memchr(b'\n', &region[at..]) else {
            break &region[at..];
        };
        let line = &region[at..at + n];
        at += n + 1;
        if at == region.len() {
            break line;
        }
        if !line.len().is_multiple_of(4) {
            return Lines::Join;
        }
        let start = out.len();
        out.resize(start + line.len() / 4 * 3, 0);
        bad |= decode_quads(line, &mut out[start..]);
    };
    if bad & 0xc0 != 0 {
        return Lines::Join;
    }
    // The lines before hold whole groups: the joined text ends as the last line does.
    match decode_plain(last) {
        Some(tail) => {
            out.extend_from_slice(&tail);
            Lines::Decoded(out)
        }
        None => Lines::Refused,
    }
}

/// Each byte's 6-bit value in the base64 alphabet; 0xff for any other byte.
const DECODE: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    match decode_plain(text.as_bytes()) {
        Some(der) => Ok(der),
        None => decode_base64_checked(text),
    }
}

/// Decodes `text`'s groups of four characters into `out` (three bytes each), and returns
/// their 6-bit values or'd together: a bad character sets the top bits, which the caller
/// judges once, after the loop.
fn decode_quads(text: &[u8], out: &mut [u8]) -> u8 {
    let mut bad = 0u8;
    for (q, o) in text.chunks_exact(4).zip(out.chunks_exact_mut(3)) {
        let (a, b, c, d) = (
            DECODE[q[0] as usize],
            DECODE[q[1] as usize],
            DECODE[q[2] as usize],
            DECODE[q[3] as usize],
        );
        bad |= a | b | c | d;
        let n = (a as u32) << 18 | (b as u32) << 12 | (c as u32) << 6 | d as u32;
        o.copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    bad
}

/// The common case, four characters at a time: only alphabet characters, then at most two
/// `=`. None for anything else (blanks, misplaced padding, bad characters, a dangling
/// character), which `decode_base64_checked` decodes or explains; where both decode, they
/// agree.
fn decode_plain(text: &[u8]) -> Option<Vec<u8>> {
    let body = text.strip_suffix(b"=").unwrap_or(text);
    let body = body.strip_suffix(b"=").unwrap_or(body);
    let quads = body.chunks_exact(4);
    let rest = quads.remainder();
    let tail = match rest.len() {
        0 => 0,
        2 => 1,
        3 => 2,
        _ => return None, // one dangling character: truncated
    };
    let whole = quads.len() * 3;
    let mut out = vec![0u8; whole + tail];
    let mut bad = decode_quads(&body[..body.len() - rest.len()], &mut out[..whole]);
    let mut n = 0u32;
    for &ch in rest {
        let v = DECODE[ch as usize];
        bad |= v;
        n = n << 6 | v as u32;
    }
    if bad & 0xc0 != 0 {
        return None;
    }
    match rest.len() {
        2 => out[whole] = (n >> 4) as u8,
        3 => out[whole..].copy_from_slice(&[(n >> 10) as u8, (n >> 2) as u8]),
        _ => {}
    }
    Some(out)
}

/// Byte by byte, with the reason when the text is not base64.
fn decode_base64_checked(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = 0;
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b' ' | b'\t' => continue,
            _ => {
                return Err(format!(
                    "invalid base64 character `{}` at offset {i}",
                    (c as char).escape_default()
                ));
            }
        };
        if padding > 0 {
            return Err("base64 data after `=` padding".into());
        }
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if bits >= 6 || padding > 2 {
        return Err("truncated base64 data".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_among_junk_with_their_lines() {
        let text = b"junk\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\nmore junk\n-----BEGIN ENCRYPTED PRIVATE KEY-----\nAwQ=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let pem = parse(text);
        assert_eq!(pem.blocks.len(), 2);
        assert_eq!(pem.blocks[0].der, vec![0, 1, 2]);
        assert_eq!(pem.blocks[0].line, 2);
        assert_eq!(pem.blocks[1].label, "ENCRYPTED PRIVATE KEY");
        assert_eq!(pem.blocks[1].der, vec![3, 4]);
    }

    #[test]
    fn plain_bodies_read_as_the_lines_do() {
        let cases: [&[u8]; 8] = [
            b"-----BEGIN CERTIFICATE-----\r\nAAEC\r\nAw==\r\n-----END CERTIFICATE-----\r\n",
            b"-----BEGIN CERTIFICATE-----\nAAEC\rAw==\n-----END CERTIFICATE-----\n",
            b"-----BEGIN CERTIFICATE-----\nAA EC\n-----END CERTIFICATE-----\n",
            b"-----BEGIN CERTIFICATE-----\nAAEC\n-----BEGIN CERTIFICATE-----\nAw==\n-----END CERTIFICATE-----\n",
            b"-----BEGIN CERTIFICATE-----\nAAEC\nx-----END CERTIFICATE-----\n",
            b"-----BEGIN CERTIFICATE-----\n\nAA=EC\n\n-----END CERTIFICATE-----",
            b"-----BEGIN CERTIFICATE-----\r",
            b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        ];
        for text in cases {
            let pem = parse(text);
            let other = parse_with(text, false);
            assert_eq!(
                pem.blocks,
                other.blocks,
                "{:?}",
                String::from_utf8_lossy(text)
            );
            assert_eq!(pem.bad, other.bad, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn the_fast_decoder_agrees_with_the_checked_one() {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t*";
        let mut seed = 7u64;
        for len in 0..40 {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let i = (seed >> 33) as usize % alphabet.len();
                        // Mostly alphabet characters, so that valid texts are common.
                        alphabet[if i >= 64 && seed & 0x700 != 0 {
                            i % 64
                        } else {
                            i
                        }] as char
                    })
                    .collect();
                if let Some(fast) = decode_plain(text.as_bytes()) {
                    assert_eq!(Ok(fast), decode_base64_checked(&text), "{text:?}");
                }
                assert_eq!(
                    decode_base64(&text),
                    decode_base64_checked(&text),
                    "{text:?}"
                );
            }
        }
    }

    /// Bodies cut into lines of every width, blank lines and padding in every place:
    /// decoded line by line where the lines allow it, they decode as the joined text does.
    #[test]
    fn line_by_line_decoding_is_the_joined_decoding() {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=*";
        let mut seed = 11u64;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        let mut line_by_line = 0;
        for _ in 0..20_000 {
            let len = next(40);
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    let i = next(alphabet.len());
                    alphabet[if i >= 64 && next(8) != 0 { i % 64 } else { i }]
                })
                .collect();
            let mut region = Vec::new();
            let mut at = 0;
            while at < text.len() {
                let width = [0, 4, 4, 8, 64, 3, 5][next(7)];
                let end = (at + width).min(text.len());
                region.extend_from_slice(&text[at..end]);
                region.push(b'\n');
                at = end;
            }
            region.push(b'\n');
            let joined = decode_plain(&text);
            match decode_lines(&region) {
                Lines::Decoded(der) => {
                    line_by_line += 1;
                    assert_eq!(Some(der), joined, "{:?}", String::from_utf8_lossy(&region));
                }
                Lines::Refused => {
                    assert_eq!(joined, None, "{:?}", String::from_utf8_lossy(&region))
                }
                Lines::Join => {}
            }
        }
        assert!(line_by_line > 1_000, "{line_by_line}");
    }

    #[test]
    fn bad_base64_and_truncation_are_reported_per_block() {
        let pem = parse(b"-----BEGIN CERTIFICATE-----\nAA*C\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nAAEC\n");
        assert_eq!(pem.blocks.len(), 0);
        assert_eq!(pem.bad.len(), 2);
        assert!(pem.bad[0].reason.contains("invalid base64"));
        assert!(pem.bad[1].reason.contains("truncated"));
    }
}

/// PEM text for one block: base64 in lines of 64 characters.
pub fn encode(label: &str, der: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::with_capacity(der.len() * 4 / 3 + 4);
    for chunk in der.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, b| (a << 8) | *b as u32) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod encode_tests {
    #[test]
    fn encoding_round_trips() {
        for n in 0..70 {
            let der: Vec<u8> = (0..n as u8).collect();
            if der.is_empty() {
                continue;
            }
            let pem = super::encode("X", &der);
            assert_eq!(super::parse(pem.as_bytes()).blocks[0].der, der);
        }
    }
}
