//! Hand-built ClientHellos for what rustls will not speak (SSLv3, TLS 1.0/1.1, weak TLS 1.2
//! suites), and a parser for the server's first answer: a ServerHello or an alert. No
//! handshake is completed; only the server's choice is read.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::io::Deadlined;

/// What the server answered to one ClientHello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The server accepted: the version and suite it chose, and the certificates it sent
    /// after its ServerHello (none for anonymous suites).
    Hello {
        version: u16,
        suite: [u8; 2],
        chain: Vec<Vec<u8>>,
    },
    Alert {
        level: u8,
        description: u8,
    },
    /// Closed, timed out, or not TLS.
    Nothing(String),
}

/// Why an answer that began but did not end within the timeout is no answer.
pub(crate) const TRICKLED: &str = "the answer did not complete within the timeout";

/// Most bytes read from one answer: a ServerHello and a certificate chain fit many times.
pub(crate) const MAX_ANSWER: usize = 256 * 1024;

/// A ClientHello record offering `suites` at `version` (0x0300 SSLv3 … 0x0303 TLS 1.2).
pub(crate) fn client_hello(version: u16, suites: &[[u8; 2]], host: Option<&str>) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend(version.to_be_bytes());
    let mut random = [0u8; 32];
    let _ = aws_lc_rs::rand::fill(&mut random);
    body.extend(random);
    body.push(0); // no session id
    let mut list: Vec<u8> = suites.iter().flatten().copied().collect();
    list.extend([0x00, 0xFF]); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
    body.extend((list.len() as u16).to_be_bytes());
    body.extend(list);
    body.extend([1, 0]); // compression: null
    if version > 0x0300 {
        let mut ext = Vec::new();
        if let Some(h) = host.filter(|h| h.parse::<std::net::IpAddr>().is_err()) {
            let name = h.as_bytes();
            let mut sni = vec![0];
            sni.extend((name.len() as u16).to_be_bytes());
            sni.extend(name);
            let mut list = (sni.len() as u16).to_be_bytes().to_vec();
            list.extend(sni);
            ext.extend([0, 0]);
            ext.extend((list.len() as u16).to_be_bytes());
            ext.extend(list);
        }
        // supported_groups (x25519, P-256, P-384) and EC point formats, for ECDHE suites.
        ext.extend([
            0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
        ]);
        ext.extend([0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]);
        if version >= 0x0303 {
            // signature_algorithms: the common RSA, ECDSA and PSS schemes.
            let algs: [u16; 9] = [
                0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0201,
            ];
            let mut a = Vec::new();
            for x in algs {
                a.extend(x.to_be_bytes());
            }
            ext.extend([0x00, 0x0d]);
            ext.extend(((a.len() + 2) as u16).to_be_bytes());
            ext.extend((a.len() as u16).to_be_bytes());
            ext.extend(a);
        }
        body.extend((ext.len() as u16).to_be_bytes());
        body.extend(ext);
    }
    let mut hs = vec![1];
    hs.extend(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend(body);
    let mut record = vec![22];
    record.extend(version.min(0x0301).to_be_bytes());
    record.extend((hs.len() as u16).to_be_bytes());
    record.extend(hs);
    record
}

/// Complete handshake messages at the start of `hs`: (type, body).
fn messages(hs: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    let mut rest = hs;
    while rest.len() >= 4 {
        let len = u32::from_be_bytes([0, rest[1], rest[2], rest[3]]) as usize;
        let Some(body) = rest.get(4..4 + len) else {
            break;
        };
        out.push((rest[0], body));
        rest = &rest[4 + len..];
    }
    out
}

/// The records in `data`: (content type, fragment), the last one possibly cut short.
fn records(data: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    let mut rest = data;
    while rest.len() >= 5 {
        let len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
        let end = (5 + len).min(rest.len());
        out.push((rest[0], &rest[5..end]));
        rest = &rest[end..];
    }
    out
}

/// The server's flight so far, read as an answer: bytes from the first record on, as they
/// came off the wire. Never panics, whatever the bytes.
pub(crate) fn parse_answer(data: &[u8]) -> Answer {
    if data.len() < 5 {
        return Answer::Nothing(if data.is_empty() {
            "the server closed the connection".into()
        } else {
            "a truncated record".into()
        });
    }
    let mut hs = Vec::new();
    for (ctype, body) in records(data) {
        match ctype {
            22 => hs.extend_from_slice(body),
            21 if hs.is_empty() && body.len() >= 2 => {
                return Answer::Alert {
                    level: body[0],
                    description: body[1],
                };
            }
            _ if hs.is_empty() => {
                return Answer::Nothing(format!("not a TLS answer (record type {ctype})"));
            }
            _ => break,
        }
    }
    let msgs = messages(&hs);
    let Some(&(2, hello)) = msgs.first() else {
        return Answer::Nothing(if hs.first() == Some(&2) {
            "a truncated ServerHello".into()
        } else {
            "not a ServerHello".into()
        });
    };
    // version, 32-byte random, session id, suite
    if hello.len() < 2 + 32 + 1 {
        return Answer::Nothing("a truncated ServerHello".into());
    }
    let version = u16::from_be_bytes([hello[0], hello[1]]);
    let sid = hello[34] as usize;
    let Some(s) = hello.get(35 + sid..37 + sid) else {
        return Answer::Nothing("a truncated ServerHello".into());
    };
    let chain = msgs
        .get(1)
        .filter(|(t, _)| *t == 11)
        .map(|(_, body)| certificate_list(body))
        .unwrap_or_default();
    Answer::Hello {
        version,
        suite: [s[0], s[1]],
        chain,
    }
}

/// A TLS ≤ 1.2 Certificate message: a 3-byte list length, then 3-byte length + DER each.
fn certificate_list(body: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = body.get(3..).unwrap_or_default();
    while rest.len() >= 3 {
        let len = u32::from_be_bytes([0, rest[0], rest[1], rest[2]]) as usize;
        let Some(der) = rest.get(3..3 + len) else {
            break;
        };
        out.push(der.to_vec());
        rest = &rest[3 + len..];
    }
    out
}

/// Whether the flight read so far says all the answer can say: an alert, something not
/// TLS, or a ServerHello followed by the message after it.
fn answer_complete(data: &[u8]) -> bool {
    let mut hs = Vec::new();
    for (ctype, body) in records(data) {
        if ctype != 22 {
            return true;
        }
        hs.extend_from_slice(body);
    }
    let msgs = messages(&hs);
    match msgs.first() {
        Some((2, _)) => msgs.len() >= 2,
        Some(_) => true,
        None => false,
    }
}

/// Sends one ClientHello on a fresh connection and reads the answer, up to the message
/// after the ServerHello (the certificate, when there is one).
pub(crate) fn ask(addr: &std::net::SocketAddr, hello: &[u8], timeout: Duration) -> Answer {
    let deadline = std::time::Instant::now() + timeout;
    let mut sock = match TcpStream::connect_timeout(addr, timeout) {
        Ok(s) => s,
        Err(e) => return Answer::Nothing(format!("cannot connect: {e}")),
    };
    // Connecting, sending and every read share the one deadline.
    let mut io = Deadlined::new(&mut sock, deadline);
    if let Err(e) = io.write_all(hello) {
        return Answer::Nothing(match e.kind() {
            std::io::ErrorKind::TimedOut => {
                "the ClientHello could not be sent within the timeout".into()
            }
            _ => format!("cannot send: {e}"),
        });
    }
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    while data.len() < MAX_ANSWER && !answer_complete(&data) {
        match io.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(e) if data.is_empty() => {
                return Answer::Nothing(match e.kind() {
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                        "no answer within the timeout".into()
                    }
                    _ => "the server closed the connection".into(),
                });
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::TimedOut) => {
                // A ServerHello came whole and the rest stalled: the choice is known.
                return match parse_answer(&data) {
                    hello @ Answer::Hello { .. } => hello,
                    _ => Answer::Nothing(TRICKLED.into()),
                };
            }
            Err(_) => break,
        }
    }
    parse_answer(&data)
}

pub(crate) fn alert_name(d: u8) -> &'static str {
    match d {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "an unknown alert",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_and_garbage_does_not_panic() {
        let mut hello = vec![22, 3, 3, 0, 0, 2, 0, 0, 0, 3, 1];
        hello.extend([0u8; 32]);
        hello.push(0);
        hello.extend([0xC0, 0x30, 0]);
        let len = (hello.len() - 5) as u16;
        hello[3..5].copy_from_slice(&len.to_be_bytes());
        hello[8] = (len - 4) as u8;
        assert_eq!(
            parse_answer(&hello),
            Answer::Hello {
                version: 0x0301,
                suite: [0xC0, 0x30],
                chain: vec![]
            }
        );
        // The same ServerHello split over two records, then a Certificate with one "DER".
        let (a, b) = hello[5..].split_at(10);
        let mut split = vec![22, 3, 1, 0, a.len() as u8];
        split.extend(a);
        split.extend([22, 3, 1, 0, b.len() as u8]);
        split.extend(b);
        split.extend([22, 3, 1, 0, 13, 11, 0, 0, 9, 0, 0, 6, 0, 0, 3, 0x30, 1, 0]);
        assert!(answer_complete(&split));
        assert_eq!(
            parse_answer(&split),
            Answer::Hello {
                version: 0x0301,
                suite: [0xC0, 0x30],
                chain: vec![vec![0x30, 1, 0]]
            }
        );
        assert_eq!(
            parse_answer(&[21, 3, 3, 0, 2, 2, 40]),
            Answer::Alert {
                level: 2,
                description: 40
            }
        );
        for junk in [
            &[][..],
            &[22],
            &[22, 3, 3, 0xff, 0xff, 2],
            &[1, 2, 3, 4, 5, 6, 7],
        ] {
            assert!(matches!(parse_answer(junk), Answer::Nothing(_)));
        }
        let h = client_hello(0x0301, &[[0x00, 0x2f]], Some("a.example.com"));
        assert_eq!(h[0], 22);
        assert_eq!(u16::from_be_bytes([h[3], h[4]]) as usize, h.len() - 5);
    }
}
