//! Cipher suites and OpenSSL cipher strings, with OpenSSL 3.0's semantics.

pub mod cipherstring;
pub mod handshake;
pub mod jsse;
pub mod table;

use serde::Serialize;

/// One cipher suite as OpenSSL knows it.
#[derive(Debug, PartialEq, Eq)]
pub struct Suite {
    pub code: [u8; 2],
    pub iana: &'static str,
    pub openssl: &'static str,
    pub protocol: &'static str,
    pub kx: &'static str,
    pub au: &'static str,
    pub enc: &'static str,
    /// Algorithm bits of the cipher (3DES: 168).
    pub bits: u16,
    pub mac: &'static str,
    /// Bit i: member of `table::ALIASES[i]`.
    pub aliases: u128,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Weak,
    Legacy,
    Ok,
    Strong,
}

impl Suite {
    /// Effective strength, which `@STRENGTH` sorts by: 3DES gives 112 bits, not 168.
    pub fn strength(&self) -> u16 {
        if self.enc == "3DES" { 112 } else { self.bits }
    }

    pub fn code_text(&self) -> String {
        format!("0x{:02X},0x{:02X}", self.code[0], self.code[1])
    }

    pub fn is(&self, alias: &str) -> bool {
        table::ALIASES
            .iter()
            .position(|a| *a == alias)
            .is_some_and(|i| self.aliases & (1 << i) != 0)
    }

    pub fn aead(&self) -> bool {
        self.mac == "AEAD"
    }

    pub fn forward_secret(&self) -> bool {
        self.protocol == "TLSv1.3" || matches!(self.kx, "ECDH" | "DH" | "ECDHEPSK" | "DHEPSK")
    }

    /// Why a suite is weak (Guide: Aliases; SWEET32 and RC4 guidance), if it is.
    pub fn weakness(&self) -> Option<&'static str> {
        if self.enc == "None" {
            Some("no encryption (NULL)")
        } else if self.au == "None" {
            Some("no authentication (anonymous)")
        } else if self.enc == "3DES" {
            Some("3DES (64-bit blocks: SWEET32)")
        } else if self.enc == "DES" {
            Some("single DES")
        } else if self.enc == "RC4" {
            Some("RC4")
        } else if self.enc == "RC2" {
            Some("RC2")
        } else if self.enc == "IDEA" {
            Some("IDEA")
        } else if self.enc == "SEED" {
            Some("SEED")
        } else if self.mac == "MD5" {
            Some("MD5 MAC")
        } else {
            None
        }
    }

    pub fn grade(&self) -> Grade {
        if self.weakness().is_some() {
            Grade::Weak
        } else if !self.forward_secret() || !self.aead() && self.mac == "SHA1" {
            Grade::Legacy
        } else if self.aead() {
            Grade::Strong
        } else {
            Grade::Ok
        }
    }

    /// Whether FIPS 140 mode allows the suite: AES with an approved key exchange and
    /// certificate authentication. (OpenSSL 3.0's `FIPS` alias also selects CHACHA20 and
    /// PSK suites, so it is no guide here.)
    pub fn fips(&self) -> bool {
        let aes = self.enc.starts_with("AES");
        if self.protocol == "TLSv1.3" {
            return aes;
        }
        aes && matches!(self.kx, "ECDH" | "DH" | "RSA")
            && matches!(self.au, "RSA" | "ECDSA" | "DSS")
            && self.mac != "MD5"
    }
}

/// The five TLS 1.3 suites of RFC 8446.
pub fn tls13(name: &str) -> Option<&'static Suite> {
    table::TLS13.iter().find(|s| s.iana == name)
}

/// OpenSSL 3.0's TLS 1.3 default: `TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256`.
pub const DEFAULT_CIPHERSUITES: &str =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// A suite by its OpenSSL name (TLS 1.3 suites have their IANA name there too).
pub fn by_openssl(name: &str) -> Option<&'static Suite> {
    table::TLS13
        .iter()
        .chain(table::SUITES)
        .find(|s| s.openssl == name)
}
