//! OpenSSL cipher strings, evaluated exactly as OpenSSL 3.0's `SSL_CTX_set_cipher_list`
//! does (ssl/ssl_ciph.c: `ssl_create_cipher_list`, `ssl_cipher_process_rulestr`,
//! `check_suiteb_cipher_list`; ssl/ssl_lib.c: the TLS <= 1.2 check).
//!
//! The suites stand in one list in OpenSSL's base order, all inactive. Each element of the
//! string applies one operation to the suites it selects: plain names append the inactive
//! ones to the end (in list order), `-` deactivates active ones and moves them to the front
//! (so that a later add restores their order), `+` moves active ones to the end, `!` removes
//! them for good. `@STRENGTH` sorts the active suites by strength, stably; `@SECLEVEL=n`
//! sets the security level.
//!
//! The parser follows OpenSSL character by character:
//! * names are runs of `[A-Za-z0-9.=-]` (no `_`); separators are `:`, space, `;` and `,`
//!   (not tab); where a name is required and none stands, the whole call fails
//!   (`invalid command`);
//! * `A+B+C` is looked up name by name, each name's algorithm masks ANDed per category
//!   (key exchange, authentication, encryption, MAC, version, strength class): an unknown
//!   name, or a category whose AND becomes empty, makes the element select nothing, and the
//!   rest of it up to the next separator is skipped unread;
//! * after a name that matched, parsing resumes at the very next character: an operator
//!   starts a new element (`HIGH!aNULL`), anything but a separator or operator fails;
//! * a bad `@` command fails the call but parsing goes on, so earlier and later
//!   `@SECLEVEL=n` still take effect;
//! * a string starting with `SUITEB128ONLY`, `SUITEB128C2`, `SUITEB128` or `SUITEB192` is
//!   replaced whole by the Suite B list; one starting with `DEFAULT` first applies
//!   `ALL:!COMPLEMENTOFDEFAULT:!eNULL`;
//! * a string that parses but selects no TLS <= 1.2 suite makes `SSL_CTX_set_cipher_list`
//!   fail with `no cipher match`.
//!
//! The lookup list holds the available suites by OpenSSL name and the aliases of OpenSSL
//! 3.0's `cipher_aliases[]` that have an available algorithm (`OPENSSL_ALIASES`): aliases
//! whose algorithms this build lacks (RC4, RC2, IDEA, SEED, GOST) are unknown names, as in
//! OpenSSL.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::Suite;
use super::table::SUITES;

/// What OpenSSL 3.0 puts where a string starts with `DEFAULT`.
pub const DEFAULT_LIST: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

/// The security level an OpenSSL built as this one (Debian, `-DOPENSSL_TLS_SECURITY_LEVEL=2`)
/// starts with; upstream's default is 1.
pub const DEFAULT_SECLEVEL: u8 = 2;

/// How `SSL_CTX_set_cipher_list` ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Returns 1: the list is set.
    #[default]
    Ok,
    /// Returns 0, `invalid command` (ssl_ciph.c): the context keeps its previous list, but
    /// any `@SECLEVEL=n` processed stays applied.
    InvalidCommand,
    /// Returns 0, `no cipher match` (ssl_lib.c): the string parses but selects no
    /// TLS <= 1.2 suite; the context is left with the TLS 1.3 suites only.
    NoCipherMatch,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// The selected TLS <= 1.2 suites in order; empty when nothing matches or the string is
    /// invalid.
    pub suites: Vec<&'static Suite>,
    /// Names that are not in OpenSSL's lookup list (OpenSSL ignores them silently).
    pub unknown: Vec<String>,
    /// Why OpenSSL refuses the whole string with `invalid command`, if it does.
    pub invalid: Option<String>,
    /// The last `@SECLEVEL=n` OpenSSL applied, even when the call fails.
    pub seclevel: Option<u8>,
    /// The Suite B prefix the string starts with, if any: OpenSSL replaces the whole string
    /// and turns on Suite B mode.
    pub suite_b: Option<&'static str>,
}

impl Evaluation {
    pub fn outcome(&self) -> Outcome {
        if self.invalid.is_some() {
            Outcome::InvalidCommand
        } else if self.suites.is_empty() {
            Outcome::NoCipherMatch
        } else {
            Outcome::Ok
        }
    }

    /// Why `SSL_CTX_set_cipher_list` returns 0 for this string, if it does.
    pub fn refusal(&self) -> Option<String> {
        match self.outcome() {
            Outcome::Ok => None,
            Outcome::InvalidCommand => Some(format!(
                "invalid command: {}",
                self.invalid.as_deref().unwrap_or_default()
            )),
            Outcome::NoCipherMatch => {
                Some("no cipher match: it selects no TLS 1.2-or-earlier suite".to_string())
            }
        }
    }

    /// The security level the context is left with.
    pub fn effective_seclevel(&self) -> u8 {
        self.seclevel.unwrap_or(DEFAULT_SECLEVEL)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Del,
    Ord,
    Kill,
}

fn sep(c: u8) -> bool {
    matches!(c, b':' | b' ' | b';' | b',')
}

/// OpenSSL's `ITEM_SEP` aside, the characters of a name: `_` is not one.
fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'=')
}

// Algorithm bits, one category each, as in ssl_local.h.
mod bits {
    pub(super) const K_RSA: u32 = 1;
    pub(super) const K_DHE: u32 = 2;
    pub(super) const K_ECDHE: u32 = 4;
    pub(super) const K_PSK: u32 = 8;
    pub(super) const K_RSAPSK: u32 = 16;
    pub(super) const K_ECDHEPSK: u32 = 32;
    pub(super) const K_DHEPSK: u32 = 64;
    pub(super) const K_SRP: u32 = 128;

    pub(super) const A_RSA: u32 = 1;
    pub(super) const A_DSS: u32 = 2;
    pub(super) const A_NULL: u32 = 4;
    pub(super) const A_ECDSA: u32 = 8;
    pub(super) const A_PSK: u32 = 16;
    pub(super) const A_SRP: u32 = 32;
    pub(super) const A_ALL: u32 = 63;

    pub(super) const E_DES: u32 = 1;
    pub(super) const E_3DES: u32 = 2;
    pub(super) const E_RC4: u32 = 4;
    pub(super) const E_RC2: u32 = 8;
    pub(super) const E_IDEA: u32 = 16;
    pub(super) const E_NULL: u32 = 32;
    pub(super) const E_AES128: u32 = 64;
    pub(super) const E_AES256: u32 = 128;
    pub(super) const E_CAMELLIA128: u32 = 256;
    pub(super) const E_CAMELLIA256: u32 = 512;
    pub(super) const E_SEED: u32 = 1 << 10;
    pub(super) const E_AES128GCM: u32 = 1 << 11;
    pub(super) const E_AES256GCM: u32 = 1 << 12;
    pub(super) const E_AES128CCM: u32 = 1 << 13;
    pub(super) const E_AES256CCM: u32 = 1 << 14;
    pub(super) const E_AES128CCM8: u32 = 1 << 15;
    pub(super) const E_AES256CCM8: u32 = 1 << 16;
    pub(super) const E_CHACHA20POLY1305: u32 = 1 << 17;
    pub(super) const E_ARIA128GCM: u32 = 1 << 18;
    pub(super) const E_ARIA256GCM: u32 = 1 << 19;
    pub(super) const E_ALL: u32 = (1 << 20) - 1;
    pub(super) const E_AES: u32 = E_AES128
        | E_AES256
        | E_AES128GCM
        | E_AES256GCM
        | E_AES128CCM
        | E_AES256CCM
        | E_AES128CCM8
        | E_AES256CCM8;
    pub(super) const E_CBC: u32 = E_DES
        | E_3DES
        | E_RC2
        | E_IDEA
        | E_AES128
        | E_AES256
        | E_CAMELLIA128
        | E_CAMELLIA256
        | E_SEED;

    pub(super) const M_MD5: u32 = 1;
    pub(super) const M_SHA1: u32 = 2;
    pub(super) const M_SHA256: u32 = 4;
    pub(super) const M_SHA384: u32 = 8;
    pub(super) const M_AEAD: u32 = 16;

    pub(super) const SSL3: u16 = 0x300;
    pub(super) const TLS1: u16 = 0x301;
    pub(super) const TLS1_2: u16 = 0x303;

    pub(super) const S_NONE: u8 = 1;
    pub(super) const S_LOW: u8 = 2;
    pub(super) const S_MEDIUM: u8 = 4;
    pub(super) const S_HIGH: u8 = 8;
    pub(super) const S_FIPS: u8 = 16;
    pub(super) const NOT_DEFAULT: u8 = 1;
}
use bits::*;

/// A search pattern (a `cipher_aliases[]` entry, or an available suite): 0 = any.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Mask {
    /// An explicit suite (position in SUITES).
    id: Option<usize>,
    mkey: u32,
    auth: u32,
    enc: u32,
    mac: u32,
    min_tls: u16,
    strength: u8,
    default: u8,
}

const fn alias(mkey: u32, auth: u32, enc: u32, mac: u32, min_tls: u16, strength: u8) -> Mask {
    Mask {
        id: None,
        mkey,
        auth,
        enc,
        mac,
        min_tls,
        strength,
        default: 0,
    }
}

/// OpenSSL 3.0's `cipher_aliases[]`, less the aliases none of whose algorithms this build
/// has (RC4, RC2, IDEA, SEED, GOST*: OpenSSL leaves those out of its lookup list, so they
/// are unknown names). `tests/differential_ciphers.rs` checks this list against the names
/// the local `openssl` accepts.
pub const OPENSSL_ALIASES: &[&str] = &[
    "ALL",
    "COMPLEMENTOFALL",
    "COMPLEMENTOFDEFAULT",
    "kRSA",
    "kEDH",
    "kDHE",
    "DH",
    "kEECDH",
    "kECDHE",
    "ECDH",
    "kPSK",
    "kRSAPSK",
    "kECDHEPSK",
    "kDHEPSK",
    "kSRP",
    "aRSA",
    "aDSS",
    "DSS",
    "aNULL",
    "aECDSA",
    "ECDSA",
    "aPSK",
    "aSRP",
    "EDH",
    "DHE",
    "EECDH",
    "ECDHE",
    "NULL",
    "RSA",
    "ADH",
    "AECDH",
    "PSK",
    "SRP",
    "3DES",
    "eNULL",
    "AES128",
    "AES256",
    "AES",
    "AESGCM",
    "AESCCM",
    "AESCCM8",
    "CAMELLIA128",
    "CAMELLIA256",
    "CAMELLIA",
    "CHACHA20",
    "ARIA",
    "ARIAGCM",
    "ARIA128",
    "ARIA256",
    "CBC",
    "MD5",
    "SHA1",
    "SHA",
    "SHA256",
    "SHA384",
    "SSLv3",
    "TLSv1",
    "TLSv1.0",
    "TLSv1.2",
    "LOW",
    "MEDIUM",
    "HIGH",
    "FIPS",
    "EDH-DSS-DES-CBC3-SHA",
    "EDH-RSA-DES-CBC3-SHA",
];

fn alias_mask(name: &str) -> Option<Mask> {
    let m = match name {
        "ALL" => alias(0, 0, E_ALL & !E_NULL, 0, 0, 0),
        "COMPLEMENTOFALL" => alias(0, 0, E_NULL, 0, 0, 0),
        "COMPLEMENTOFDEFAULT" => Mask {
            default: NOT_DEFAULT,
            ..Mask::default()
        },
        "kRSA" => alias(K_RSA, 0, 0, 0, 0, 0),
        "kEDH" | "kDHE" | "DH" => alias(K_DHE, 0, 0, 0, 0, 0),
        "kEECDH" | "kECDHE" | "ECDH" => alias(K_ECDHE, 0, 0, 0, 0, 0),
        "kPSK" => alias(K_PSK, 0, 0, 0, 0, 0),
        "kRSAPSK" => alias(K_RSAPSK, 0, 0, 0, 0, 0),
        "kECDHEPSK" => alias(K_ECDHEPSK, 0, 0, 0, 0, 0),
        "kDHEPSK" => alias(K_DHEPSK, 0, 0, 0, 0, 0),
        "kSRP" | "SRP" => alias(K_SRP, 0, 0, 0, 0, 0),
        "aRSA" => alias(0, A_RSA, 0, 0, 0, 0),
        "aDSS" | "DSS" => alias(0, A_DSS, 0, 0, 0, 0),
        "aNULL" => alias(0, A_NULL, 0, 0, 0, 0),
        "aECDSA" | "ECDSA" => alias(0, A_ECDSA, 0, 0, 0, 0),
        "aPSK" => alias(0, A_PSK, 0, 0, 0, 0),
        "aSRP" => alias(0, A_SRP, 0, 0, 0, 0),
        "EDH" | "DHE" => alias(K_DHE, A_ALL & !A_NULL, 0, 0, 0, 0),
        "EECDH" | "ECDHE" => alias(K_ECDHE, A_ALL & !A_NULL, 0, 0, 0, 0),
        "NULL" | "eNULL" => alias(0, 0, E_NULL, 0, 0, 0),
        "RSA" => alias(K_RSA, A_RSA, 0, 0, 0, 0),
        "ADH" => alias(K_DHE, A_NULL, 0, 0, 0, 0),
        "AECDH" => alias(K_ECDHE, A_NULL, 0, 0, 0, 0),
        "PSK" => alias(K_PSK | K_RSAPSK | K_ECDHEPSK | K_DHEPSK, 0, 0, 0, 0, 0),
        "3DES" => alias(0, 0, E_3DES, 0, 0, 0),
        "AES128" => alias(
            0,
            0,
            E_AES128 | E_AES128GCM | E_AES128CCM | E_AES128CCM8,
            0,
            0,
            0,
        ),
        "AES256" => alias(
            0,
            0,
            E_AES256 | E_AES256GCM | E_AES256CCM | E_AES256CCM8,
            0,
            0,
            0,
        ),
        "AES" => alias(0, 0, E_AES, 0, 0, 0),
        "AESGCM" => alias(0, 0, E_AES128GCM | E_AES256GCM, 0, 0, 0),
        "AESCCM" => alias(
            0,
            0,
            E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8,
            0,
            0,
            0,
        ),
        "AESCCM8" => alias(0, 0, E_AES128CCM8 | E_AES256CCM8, 0, 0, 0),
        "CAMELLIA128" => alias(0, 0, E_CAMELLIA128, 0, 0, 0),
        "CAMELLIA256" => alias(0, 0, E_CAMELLIA256, 0, 0, 0),
        "CAMELLIA" => alias(0, 0, E_CAMELLIA128 | E_CAMELLIA256, 0, 0, 0),
        "CHACHA20" => alias(0, 0, E_CHACHA20POLY1305, 0, 0, 0),
        "ARIA" | "ARIAGCM" => alias(0, 0, E_ARIA128GCM | E_ARIA256GCM, 0, 0, 0),
        "ARIA128" => alias(0, 0, E_ARIA128GCM, 0, 0, 0),
        "ARIA256" => alias(0, 0, E_ARIA256GCM, 0, 0, 0),
        "CBC" => alias(0, 0, E_CBC, 0, 0, 0),
        "MD5" => alias(0, 0, 0, M_MD5, 0, 0),
        "SHA1" | "SHA" => alias(0, 0, 0, M_SHA1, 0, 0),
        "SHA256" => alias(0, 0, 0, M_SHA256, 0, 0),
        "SHA384" => alias(0, 0, 0, M_SHA384, 0, 0),
        "SSLv3" => alias(0, 0, 0, 0, SSL3, 0),
        "TLSv1" | "TLSv1.0" => alias(0, 0, 0, 0, TLS1, 0),
        "TLSv1.2" => alias(0, 0, 0, 0, TLS1_2, 0),
        "LOW" => alias(0, 0, 0, 0, 0, S_LOW),
        "MEDIUM" => alias(0, 0, 0, 0, 0, S_MEDIUM),
        "HIGH" => alias(0, 0, 0, 0, 0, S_HIGH),
        "FIPS" => alias(0, 0, E_ALL & !E_NULL, 0, 0, S_FIPS),
        "EDH-DSS-DES-CBC3-SHA" => alias(K_DHE, A_DSS, E_3DES, M_SHA1, 0, S_HIGH | S_FIPS),
        "EDH-RSA-DES-CBC3-SHA" => alias(K_DHE, A_RSA, E_3DES, M_SHA1, 0, S_HIGH | S_FIPS),
        _ => return None,
    };
    Some(m)
}

/// A suite's own algorithm bits.
fn suite_mask(j: usize) -> Mask {
    let s = &SUITES[j];
    let mkey = match s.kx {
        "RSA" => K_RSA,
        "DH" => K_DHE,
        "ECDH" => K_ECDHE,
        "PSK" => K_PSK,
        "RSAPSK" => K_RSAPSK,
        "ECDHEPSK" => K_ECDHEPSK,
        "DHEPSK" => K_DHEPSK,
        "SRP" => K_SRP,
        other => unreachable!("key exchange {other}"),
    };
    let auth = match s.au {
        "RSA" => A_RSA,
        "DSS" => A_DSS,
        "None" => A_NULL,
        "ECDSA" => A_ECDSA,
        "PSK" => A_PSK,
        "SRP" => A_SRP,
        other => unreachable!("authentication {other}"),
    };
    let wide = s.bits > 128;
    let enc = match s.enc {
        "AES" if wide => E_AES256,
        "AES" => E_AES128,
        "AESGCM" if wide => E_AES256GCM,
        "AESGCM" => E_AES128GCM,
        "AESCCM" if wide => E_AES256CCM,
        "AESCCM" => E_AES128CCM,
        "AESCCM8" if wide => E_AES256CCM8,
        "AESCCM8" => E_AES128CCM8,
        "Camellia" if wide => E_CAMELLIA256,
        "Camellia" => E_CAMELLIA128,
        "ARIAGCM" if wide => E_ARIA256GCM,
        "ARIAGCM" => E_ARIA128GCM,
        "CHACHA20/POLY1305" => E_CHACHA20POLY1305,
        "None" => E_NULL,
        "3DES" => E_3DES,
        "DES" => E_DES,
        "RC4" => E_RC4,
        "RC2" => E_RC2,
        "IDEA" => E_IDEA,
        "SEED" => E_SEED,
        other => unreachable!("encryption {other}"),
    };
    let mac = match s.mac {
        "MD5" => M_MD5,
        "SHA1" => M_SHA1,
        "SHA256" => M_SHA256,
        "SHA384" => M_SHA384,
        "AEAD" => M_AEAD,
        other => unreachable!("MAC {other}"),
    };
    let min_tls = match s.protocol {
        "SSLv3" => SSL3,
        "TLSv1" => TLS1,
        _ => TLS1_2,
    };
    let mut strength = 0;
    for (class, bit) in [("HIGH", S_HIGH), ("MEDIUM", S_MEDIUM), ("LOW", S_LOW)] {
        if s.is(class) {
            strength |= bit;
        }
    }
    if strength == 0 {
        strength = S_NONE;
    }
    if s.is("FIPS") {
        strength |= S_FIPS;
    }
    Mask {
        id: Some(j),
        mkey,
        auth,
        enc,
        mac,
        min_tls,
        strength,
        default: if s.is("COMPLEMENTOFDEFAULT") {
            NOT_DEFAULT
        } else {
            0
        },
    }
}

fn suite_masks() -> &'static [Mask] {
    static MASKS: std::sync::OnceLock<Vec<Mask>> = std::sync::OnceLock::new();
    MASKS.get_or_init(|| (0..SUITES.len()).map(suite_mask).collect())
}

/// OpenSSL's lookup list: available suites by OpenSSL name first, then the aliases.
fn lookup(name: &str) -> Option<Mask> {
    if let Some(j) = SUITES.iter().position(|s| s.openssl == name) {
        return Some(suite_masks()[j]);
    }
    alias_mask(name)
}

impl Mask {
    fn selects(&self, j: usize) -> bool {
        let c = &suite_masks()[j];
        self.id.is_none_or(|id| id == j)
            && (self.mkey == 0 || self.mkey & c.mkey != 0)
            && (self.auth == 0 || self.auth & c.auth != 0)
            && (self.enc == 0 || self.enc & c.enc != 0)
            && (self.mac == 0 || self.mac & c.mac != 0)
            && (self.min_tls == 0 || self.min_tls == c.min_tls)
            && (self.strength == 0 || self.strength & c.strength != 0)
            && (self.default == 0 || self.default & c.default != 0)
    }

    /// ANDs one more name of a `+` chain in, as ssl_cipher_process_rulestr does; false when
    /// a category becomes empty (the element then selects nothing).
    fn and(&mut self, e: &Mask) -> bool {
        for (mine, theirs) in [
            (&mut self.mkey, e.mkey),
            (&mut self.auth, e.auth),
            (&mut self.enc, e.enc),
            (&mut self.mac, e.mac),
        ] {
            if theirs != 0 {
                if *mine != 0 {
                    *mine &= theirs;
                    if *mine == 0 {
                        return false;
                    }
                } else {
                    *mine = theirs;
                }
            }
        }
        if e.strength != 0 {
            if self.strength != 0 {
                self.strength &= e.strength;
                if self.strength == 0 {
                    return false;
                }
            } else {
                // OpenSSL assigns the whole algo_strength here, which drops a
                // COMPLEMENTOFDEFAULT flag set before.
                self.strength = e.strength;
                self.default = 0;
            }
        }
        if e.default != 0 {
            if self.default != 0 {
                self.default &= e.default;
                if self.default == 0 {
                    return false;
                }
            } else {
                self.default = e.default;
            }
        }
        if e.id.is_some() {
            self.id = e.id;
        } else if e.min_tls != 0 {
            if self.min_tls != 0 && self.min_tls != e.min_tls {
                return false;
            }
            self.min_tls = e.min_tls;
        }
        true
    }
}

struct State {
    /// Suite positions in list order; killed suites are gone.
    order: Vec<usize>,
    active: Vec<bool>,
}

impl State {
    fn new() -> State {
        State {
            order: (0..SUITES.len()).collect(),
            active: vec![false; SUITES.len()],
        }
    }

    fn apply(&mut self, op: Op, select: impl Fn(usize) -> bool) {
        let (hit, rest): (Vec<usize>, Vec<usize>) = self.order.iter().partition(|&&i| {
            select(i)
                && match op {
                    Op::Add => !self.active[i],
                    Op::Del | Op::Ord => self.active[i],
                    Op::Kill => true,
                }
        });
        match op {
            Op::Add => {
                for &i in &hit {
                    self.active[i] = true;
                }
                self.order = rest.into_iter().chain(hit).collect();
            }
            Op::Ord => self.order = rest.into_iter().chain(hit).collect(),
            Op::Del => {
                for &i in &hit {
                    self.active[i] = false;
                }
                self.order = hit.into_iter().chain(rest).collect();
            }
            Op::Kill => {
                for &i in &hit {
                    self.active[i] = false;
                }
                self.order = rest;
            }
        }
    }

    /// `@STRENGTH`: active suites by descending strength, stable within a strength.
    fn strength_sort(&mut self) {
        let mut strengths: Vec<u16> = self
            .order
            .iter()
            .filter(|&&i| self.active[i])
            .map(|&i| SUITES[i].strength())
            .collect();
        strengths.sort_unstable_by(|a, b| b.cmp(a));
        strengths.dedup();
        for s in strengths {
            self.apply(Op::Ord, |j| SUITES[j].strength() == s);
        }
    }
}

/// Names a byte for a message.
fn shown(c: u8) -> String {
    match c {
        b'\t' => "tab".to_string(),
        b'\n' => "newline".to_string(),
        b'\r' => "carriage return".to_string(),
        c if c.is_ascii_graphic() => format!("`{}`", c as char),
        c => format!("byte 0x{c:02X}"),
    }
}

/// `ssl_cipher_process_rulestr`: false on `invalid command` (the first reason is kept in
/// `ev.invalid`). `offset` is where `rules` starts in the string as written.
fn process(rules: &str, offset: usize, st: &mut State, ev: &mut Evaluation) -> bool {
    let b = rules.as_bytes();
    let mut retval = true;
    let fail = |ev: &mut Evaluation, why: String| {
        if ev.invalid.is_none() {
            ev.invalid = Some(why);
        }
    };
    let mut i = 0;
    while i < b.len() {
        let ch = b[i];
        let op = match ch {
            b'-' => Some(Op::Del),
            b'+' => Some(Op::Ord),
            b'!' => Some(Op::Kill),
            _ => None,
        };
        let special = ch == b'@';
        if op.is_some() || special {
            i += 1;
        }
        if sep(ch) {
            i += 1;
            continue;
        }
        let op = op.unwrap_or(Op::Add);
        let mut mask = Mask::default();
        let mut found = false;
        let mut name;
        loop {
            let start = i;
            while i < b.len() && name_char(b[i]) {
                i += 1;
            }
            if i == start {
                fail(
                    ev,
                    match b.get(i) {
                        Some(&c) if i > 0 && name_char(b[i - 1]) => format!(
                            "{} at position {} follows the name `{}`: only a separator or an operator may",
                            shown(c),
                            offset + i + 1,
                            &rules[rules[..i]
                                .rfind(|c: char| !name_char(c as u8))
                                .map_or(0, |k| k + 1)..i]
                        ),
                        Some(&c) => format!(
                            "{} at position {} stands where a cipher name must",
                            shown(c),
                            offset + i + 1
                        ),
                        None => format!(
                            "the string ends with `{}` where a cipher name must follow",
                            b[i - 1] as char
                        ),
                    },
                );
                return false;
            }
            name = &rules[start..i];
            if special {
                break;
            }
            let multi = i < b.len() && b[i] == b'+';
            if multi {
                i += 1;
            }
            let Some(e) = lookup(name) else {
                if !ev.unknown.iter().any(|u| u == name) {
                    ev.unknown.push(name.to_string());
                }
                found = false;
                break;
            };
            found = mask.and(&e);
            if !found || !multi {
                break;
            }
        }
        if special {
            if name == "STRENGTH" {
                st.strength_sort();
            } else if let Some(level) = name.strip_prefix("SECLEVEL=")
                && level.len() == 1
                && matches!(level.as_bytes()[0], b'0'..=b'5')
            {
                ev.seclevel = Some(level.as_bytes()[0] - b'0');
            } else {
                retval = false;
                fail(
                    ev,
                    if name.starts_with("SECLEVEL=") {
                        format!("@{name}: the security level must be one digit, 0 to 5")
                    } else {
                        format!("@{name} is not a command (only @STRENGTH and @SECLEVEL=n are)")
                    },
                );
            }
            while i < b.len() && !sep(b[i]) {
                i += 1;
            }
        } else if found {
            st.apply(op, |j| mask.selects(j));
        } else {
            while i < b.len() && !sep(b[i]) {
                i += 1;
            }
        }
    }
    retval
}

/// `check_suiteb_cipher_list`: the prefixes that replace the whole string.
const SUITE_B: &[(&str, &str)] = &[
    ("SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ("SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"),
    (
        "SUITEB128",
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
    ),
    ("SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"),
];

/// Evaluates a `cipher-list` value.
pub fn evaluate(string: &str) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut st = State::new();
    let mut string = string;
    if let Some(&(prefix, list)) = SUITE_B.iter().find(|(p, _)| string.starts_with(p)) {
        ev.suite_b = Some(prefix);
        string = list;
    }
    let (rest, offset) = match string.strip_prefix("DEFAULT") {
        Some(rest) => {
            let mut ignored = Evaluation::default();
            process(DEFAULT_LIST, 0, &mut st, &mut ignored);
            match rest.strip_prefix(':') {
                Some(r) => (r, 8),
                None => (rest, 7),
            }
        }
        None => (string, 0),
    };
    if !process(rest, offset, &mut st, &mut ev) {
        ev.suites.clear();
        return ev;
    }
    ev.suites = st
        .order
        .iter()
        .filter(|&&i| st.active[i])
        .map(|&i| &SUITES[i])
        .collect();
    ev
}

/// Each distinct string is evaluated once per thread: a deployment repeats the same few
/// strings on thousands of ports.
pub fn evaluate_cached(string: &str) -> Arc<Evaluation> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Arc<Evaluation>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        if let Some(e) = c.borrow().get(string) {
            return e.clone();
        }
        let e = Arc::new(evaluate(string));
        c.borrow_mut().insert(string.to_string(), e.clone());
        e
    })
}

/// The guide's formatting rules for cipher-list (Cipher List Formatting Rules): colons
/// between elements, no spaces, only letters, digits and `- + ! @ =` (and the `.` of names
/// such as TLSv1.2). `_` is named apart: OpenSSL itself refuses it after a name it knows.
pub fn syntax_problem(string: &str) -> Option<String> {
    if let Some(c) = string.chars().find(|c| matches!(c, ' ' | ',' | ';')) {
        return Some(format!(
            "the cipher list uses `{}` as a separator: the guide asks for colons only",
            if c == ' ' {
                "space".to_string()
            } else {
                c.to_string()
            }
        ));
    }
    if string.contains('_') {
        return Some(
            "`_` is not allowed in a cipher list: OpenSSL cipher names use `-` (IANA names such \
             as TLS_RSA_WITH_AES_128_CBC_SHA are not cipher-list names)"
                .to_string(),
        );
    }
    string
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-+!@=:.".contains(*c)))
        .map(|c| format!("`{}` is not allowed in a cipher list", c.escape_debug()))
}

/// A `ciphersuites` value as `SSL_CTX_set_ciphersuites` reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ciphersuites {
    /// The TLS 1.3 suites, in order.
    pub suites: Vec<&'static Suite>,
    /// Names OpenSSL does not know: ignored, as long as one name is known.
    pub unknown: Vec<String>,
    /// TLS 1.2-and-earlier suites named by their IANA name: OpenSSL accepts them, but they
    /// add no TLS 1.3 suite.
    pub tls12: Vec<&'static Suite>,
}

impl Ciphersuites {
    /// Whether `SSL_CTX_set_ciphersuites` fails (`no cipher match`, the previous list kept):
    /// only a non-empty value of which no name is known.
    pub fn refused(&self, string: &str) -> bool {
        !string.is_empty() && self.suites.is_empty() && self.tls12.is_empty()
    }
}

/// Evaluates a TLS 1.3 `ciphersuites` value as OpenSSL 3.0 does (`set_ciphersuites`,
/// `ciphersuite_cb`): colon-separated (the only separator), whitespace around a name
/// trimmed, names case-sensitive IANA names. Unknown names are skipped ("Ciphersuite not
/// found but return 1 to parse rest of the list"); the call fails only when the value is
/// not empty and no name is found.
pub fn ciphersuites(string: &str) -> Ciphersuites {
    let mut out = Ciphersuites::default();
    for name in string.split(':') {
        let name = name.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
        if name.is_empty() {
            continue;
        }
        if let Some(s) = super::tls13(name) {
            if !out.suites.contains(&s) {
                out.suites.push(s);
            }
        } else if let Some(s) = SUITES.iter().find(|s| s.iana == name) {
            if !out.tls12.contains(&s) {
                out.tls12.push(s);
            }
        } else if !out.unknown.iter().any(|u| u == name) {
            out.unknown.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests;
