//! What each cipher-string name selects, as OpenSSL's `ssl_cipher_table_*` and alias
//! table mask it: key exchange, authentication, encryption, MAC, minimum version and
//! strength bits.

use crate::tls::table::SUITES;

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
pub(super) struct Mask {
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
pub(super) fn lookup(name: &str) -> Option<Mask> {
    if let Some(j) = SUITES.iter().position(|s| s.openssl == name) {
        return Some(suite_masks()[j]);
    }
    alias_mask(name)
}

impl Mask {
    pub(super) fn selects(&self, j: usize) -> bool {
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
    pub(super) fn and(&mut self, e: &Mask) -> bool {
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
