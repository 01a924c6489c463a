//! The ClientHello scan: which of SSLv3, TLS 1.0, 1.1 and 1.2 the server accepts, and, at
//! each accepted version, every suite it will choose (offer all, strike the one chosen,
//! ask again). Only the ServerHello is read; no handshake is completed.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::hello::{self, Answer};
use super::{Accepted, Legacy, ProbeOptions};
use crate::tls::{Grade, Suite, table};

/// Weak suites the cipher table lacks (OpenSSL 3.0 dropped RC4, DES and EXPORT; Debian
/// builds it without 3DES) but old servers still accept; codes and names from the IANA TLS
/// Cipher Suites registry.
const RETIRED: &[(u16, &str, &str)] = &[
    (
        0x000A,
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0x0013,
        "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0x0016,
        "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0x001B,
        "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",
        "anonymous, 3DES",
    ),
    (
        0xC003,
        "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0xC008,
        "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0xC00D,
        "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0xC012,
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        "3DES (64-bit blocks: SWEET32)",
    ),
    (
        0xC017,
        "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA",
        "anonymous, 3DES",
    ),
    (0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXPORT, RC4"),
    (0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4"),
    (0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4"),
    (0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXPORT, RC2"),
    (0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXPORT, DES"),
    (0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "single DES"),
    (
        0x0011,
        "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
        "EXPORT, DES",
    ),
    (0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", "single DES"),
    (
        0x0014,
        "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
        "EXPORT, DES",
    ),
    (0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "single DES"),
    (
        0x0017,
        "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5",
        "EXPORT, anonymous, RC4",
    ),
    (0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", "anonymous, RC4"),
    (
        0x0019,
        "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA",
        "EXPORT, anonymous, DES",
    ),
    (
        0x001A,
        "TLS_DH_anon_WITH_DES_CBC_SHA",
        "anonymous, single DES",
    ),
    (0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", "RC4"),
    (0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "RC4"),
    (0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", "RC4"),
    (0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "RC4"),
    (0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA", "anonymous, RC4"),
];

/// One suite the scan can offer.
#[derive(Debug, Clone)]
struct Offer {
    code: [u8; 2],
    name: String,
    grade: &'static str,
    why: Option<String>,
}

fn grade_of(s: &Suite) -> (&'static str, Option<String>) {
    match s.grade() {
        Grade::Weak => ("weak", s.weakness().map(str::to_string)),
        Grade::Legacy => {
            let mut why = Vec::new();
            if s.kx == "RSA" {
                why.push("static RSA key exchange");
            } else if !s.forward_secret() {
                why.push("no forward secrecy");
            }
            if !s.aead() {
                why.push("CBC");
            }
            ("legacy", Some(why.join(", ")))
        }
        Grade::Ok => ("ok", (!s.aead()).then(|| "CBC".to_string())),
        Grade::Strong => ("strong", None),
    }
}

fn catalogue() -> Vec<Offer> {
    let mut offers: Vec<Offer> = table::SUITES
        .iter()
        .map(|s| {
            let (grade, why) = grade_of(s);
            Offer {
                code: s.code,
                name: s.iana.to_string(),
                grade,
                why,
            }
        })
        .collect();
    for (code, name, why) in RETIRED {
        let code = code.to_be_bytes();
        if !offers.iter().any(|o| o.code == code) {
            offers.push(Offer {
                code,
                name: name.to_string(),
                grade: "weak",
                why: Some(why.to_string()),
            });
        }
    }
    offers
}

const VERSIONS: [(u16, &str); 4] = [
    (0x0303, "TLS 1.2"),
    (0x0302, "TLS 1.1"),
    (0x0301, "TLS 1.0"),
    (0x0300, "SSLv3"),
];

pub(crate) struct Scan {
    pub legacy: Legacy,
    pub accepted: Vec<Accepted>,
    pub connections: usize,
    pub note: Option<String>,
    /// The certificates sent with the first ServerHello accepted, as DER.
    pub chain: Vec<Vec<u8>>,
}

struct Budget {
    left: usize,
    deadline: Instant,
    timeout: Duration,
    used: usize,
    stopped: Option<String>,
}

impl Budget {
    fn take(&mut self) -> bool {
        if self.stopped.is_some() {
            return false;
        }
        if self.left == 0 {
            self.stopped = Some(format!(
                "scan stopped at the limit of {} connections",
                self.used
            ));
            return false;
        }
        if Instant::now() + self.timeout > self.deadline {
            self.stopped = Some("scan stopped at the endpoint's deadline".into());
            return false;
        }
        self.left -= 1;
        self.used += 1;
        true
    }
}

pub(crate) fn scan(addr: &SocketAddr, name: &str, opts: &ProbeOptions, time: Duration) -> Scan {
    let offers = catalogue();
    let mut asker = Asker {
        addr,
        name,
        opts,
        budget: Budget {
            left: opts.max_connections,
            deadline: Instant::now() + time,
            timeout: opts.timeout,
            used: 0,
            stopped: None,
        },
        cut: None,
    };
    let all: Vec<&Offer> = offers.iter().collect();
    // Versions first, so that a long suite list cannot use up the budget before them.
    let (legacy, firsts, chain) = versions(&mut asker, &all);
    let mut accepted = Vec::new();
    for (version, vname, chosen) in firsts {
        suites(&mut asker, &all, version, vname, chosen, &mut accepted);
    }
    Scan {
        legacy,
        accepted,
        connections: asker.budget.used,
        note: asker.budget.stopped.or(asker.cut),
        chain,
    }
}

/// Hand-built ClientHellos to one endpoint, within the scan's budget of connections and
/// time; `cut` says why the scan could not judge everything.
struct Asker<'a> {
    addr: &'a SocketAddr,
    name: &'a str,
    opts: &'a ProbeOptions,
    budget: Budget,
    cut: Option<String>,
}

impl Asker<'_> {
    fn ask(&mut self, version: u16, offered: &[&Offer]) -> Option<Answer> {
        if !self.budget.take() {
            return None;
        }
        let codes: Vec<[u8; 2]> = offered.iter().map(|o| o.code).collect();
        let hello = hello::client_hello(version, &codes, Some(self.name));
        Some(hello::ask(self.addr, &hello, self.opts.timeout))
    }
}

/// The suite a server picks first at each version, offered everything: which legacy
/// versions it accepts, and the chain it sent first.
#[allow(clippy::type_complexity)]
fn versions(
    asker: &mut Asker,
    all: &[&Offer],
) -> (Legacy, Vec<(u16, &'static str, [u8; 2])>, Vec<Vec<u8>>) {
    let mut legacy = Legacy::default();
    let mut firsts = Vec::new();
    let mut chain = Vec::new();
    for (version, vname) in VERSIONS {
        let Some(answer) = asker.ask(version, all) else {
            break;
        };
        let first = match answer {
            // Too slow to judge: neither accepted nor refused.
            Answer::Nothing(why) if why.contains("within the timeout") => {
                asker
                    .cut
                    .get_or_insert(format!("{vname} could not be judged: {why}"));
                continue;
            }
            Answer::Hello {
                version: v,
                suite,
                chain: certs,
            } if v == version => {
                if chain.is_empty() {
                    chain = certs;
                }
                Some(suite)
            }
            _ => None,
        };
        match version {
            0x0302 => legacy.tls1_1 = Some(first.is_some()),
            0x0301 => legacy.tls1_0 = Some(first.is_some()),
            0x0300 => legacy.sslv3 = Some(first.is_some()),
            _ => {}
        }
        if let Some(f) = first {
            firsts.push((version, vname, f));
        }
    }
    (legacy, firsts, chain)
}

/// Every suite a server accepts at `version`: strike each chosen suite and ask again until
/// the server has nothing left.
fn suites(
    asker: &mut Asker,
    all: &[&Offer],
    version: u16,
    vname: &'static str,
    mut chosen: [u8; 2],
    accepted: &mut Vec<Accepted>,
) {
    let mut left: Vec<&Offer> = all.to_vec();
    // A suite not offered ends the loop: the server is not to be believed.
    while let Some(pos) = left.iter().position(|o| o.code == chosen) {
        let o = left.remove(pos);
        accepted.push(Accepted {
            version: vname,
            suite: o.name.clone(),
            code: format!("0x{:02X},0x{:02X}", o.code[0], o.code[1]),
            grade: o.grade,
            why: o.why.clone(),
        });
        if left.is_empty() {
            break;
        }
        match asker.ask(version, &left) {
            Some(Answer::Hello {
                version: v, suite, ..
            }) if v == version => chosen = suite,
            Some(Answer::Nothing(why)) => {
                // Not a refusal: the list at this version may be incomplete.
                asker
                    .cut
                    .get_or_insert(format!("suite scan at {vname} ended early: {why}"));
                break;
            }
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_offers_every_table_suite_and_the_retired_weak_ones_once() {
        let c = catalogue();
        let in_table = |code: u16| table::SUITES.iter().any(|s| s.code == code.to_be_bytes());
        let extra = RETIRED.iter().filter(|(code, ..)| !in_table(*code)).count();
        assert_eq!(c.len(), table::SUITES.len() + extra);
        let rc4 = c.iter().find(|o| o.code == [0x00, 0x05]).unwrap();
        assert_eq!((rc4.grade, rc4.why.as_deref()), ("weak", Some("RC4")));
        let des3 = c
            .iter()
            .find(|o| o.name == "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
            .unwrap();
        assert_eq!(des3.grade, "weak");
        let cbc = c
            .iter()
            .find(|o| o.name == "TLS_RSA_WITH_AES_128_CBC_SHA")
            .unwrap();
        assert_eq!(cbc.grade, "legacy");
        assert_eq!(cbc.why.as_deref(), Some("static RSA key exchange, CBC"));
    }
}
