//! A certificate, parsed once into the facts the checks need. The DER is kept for
//! signature checks, fingerprints and webpki.

use crate::escape::esc;
use std::net::IpAddr;

use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::*;
use x509_parser::public_key::PublicKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    Rsa,
    Ec,
    Ed25519,
    Ed448,
    Dsa,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub kind: KeyKind,
    /// Exact size: RSA modulus bits counted from the modulus itself, EC field size.
    pub bits: u32,
    pub curve: Option<&'static str>,
    /// The subjectPublicKeyInfo, to compare with private keys and between certificates.
    pub spki: Vec<u8>,
    /// The BIT STRING inside it (RSAPublicKey for RSA, the point for EC).
    pub public_key: Vec<u8>,
}

impl KeyInfo {
    pub fn describe(&self) -> String {
        match (self.kind, self.curve) {
            (KeyKind::Rsa, _) => format!("RSA {} bits", self.bits),
            (KeyKind::Ec, Some(c)) => format!("EC {c} ({} bits)", self.bits),
            (KeyKind::Ec, None) => format!("EC ({} bits)", self.bits),
            (KeyKind::Ed25519, _) => "Ed25519".into(),
            (KeyKind::Ed448, _) => "Ed448".into(),
            (KeyKind::Dsa, _) => format!("DSA {} bits", self.bits),
            (KeyKind::Other, _) => "unknown key type".into(),
        }
    }

    /// Below the guide's recommendation: RSA under 2048 bits, any DSA, EC under 256 bits.
    pub fn weak(&self) -> bool {
        match self.kind {
            KeyKind::Rsa => self.bits < 2048,
            KeyKind::Dsa => true,
            KeyKind::Ec => self.bits < 256,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Eku {
    pub server: bool,
    pub client: bool,
    pub any: bool,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub der: Vec<u8>,
    pub version: u32,
    pub subject: String,
    pub issuer: String,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    /// Serial as written, without leading zero bytes.
    pub serial: Vec<u8>,
    pub not_before: i64,
    pub not_after: i64,
    pub sig_alg: &'static str,
    pub sig_oid: String,
    pub key: KeyInfo,
    pub has_san: bool,
    pub san_dns: Vec<String>,
    pub san_ip: Vec<IpAddr>,
    pub san_other: Vec<String>,
    pub common_names: Vec<String>,
    pub eku: Option<Eku>,
    /// KeyUsage bits as x509-parser reports them (bit 0 = digitalSignature).
    pub key_usage: Option<u16>,
    pub basic: Option<Basic>,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<Vec<u8>>,
    pub crl_dps: Vec<String>,
    pub name_constraints: bool,
    /// Critical extensions no verifier here understands: RFC 5280 says reject.
    pub unknown_critical: Vec<String>,
    pub sha256: [u8; 32],
    pub sha1: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basic {
    pub ca: bool,
    pub path_len: Option<u32>,
}

pub const KU_DIGITAL_SIGNATURE: u16 = 1;
pub const KU_KEY_ENCIPHERMENT: u16 = 1 << 2;
pub const KU_KEY_AGREEMENT: u16 = 1 << 4;
pub const KU_KEY_CERT_SIGN: u16 = 1 << 5;
pub const KU_CRL_SIGN: u16 = 1 << 6;

const KU_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

pub fn key_usage_names(flags: u16) -> Vec<&'static str> {
    KU_NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| flags & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// Signature algorithm names, and whether the hash is broken for certificates.
pub fn signature_name(oid: &str) -> (&'static str, bool) {
    match oid {
        "1.2.840.113549.1.1.2" => ("md2WithRSAEncryption", true),
        "1.2.840.113549.1.1.3" => ("md4WithRSAEncryption", true),
        "1.2.840.113549.1.1.4" => ("md5WithRSAEncryption", true),
        "1.2.840.113549.1.1.5" => ("sha1WithRSAEncryption", true),
        "1.3.14.3.2.29" => ("sha1WithRSAEncryption", true),
        "1.2.840.113549.1.1.11" => ("sha256WithRSAEncryption", false),
        "1.2.840.113549.1.1.12" => ("sha384WithRSAEncryption", false),
        "1.2.840.113549.1.1.13" => ("sha512WithRSAEncryption", false),
        "1.2.840.113549.1.1.14" => ("sha224WithRSAEncryption", false),
        "1.2.840.113549.1.1.10" => ("rsassaPss", false),
        "1.2.840.10045.4.1" => ("ecdsa-with-SHA1", true),
        "1.2.840.10045.4.3.1" => ("ecdsa-with-SHA224", false),
        "1.2.840.10045.4.3.2" => ("ecdsa-with-SHA256", false),
        "1.2.840.10045.4.3.3" => ("ecdsa-with-SHA384", false),
        "1.2.840.10045.4.3.4" => ("ecdsa-with-SHA512", false),
        "1.3.101.112" => ("ED25519", false),
        "1.3.101.113" => ("ED448", false),
        "1.2.840.10040.4.3" => ("dsa-with-SHA1", true),
        "2.16.840.1.101.3.4.3.2" => ("dsa-with-SHA256", false),
        _ => ("unknown", false),
    }
}

fn curve_name(oid: &str) -> Option<(&'static str, u32)> {
    match oid {
        "1.2.840.10045.3.1.7" => Some(("P-256", 256)),
        "1.3.132.0.34" => Some(("P-384", 384)),
        "1.3.132.0.35" => Some(("P-521", 521)),
        "1.3.132.0.10" => Some(("secp256k1", 256)),
        "1.2.840.10045.3.1.1" => Some(("P-192", 192)),
        "1.3.132.0.33" => Some(("P-224", 224)),
        _ => None,
    }
}

/// Bits of an unsigned big-endian integer, exactly (x509-parser rounds to bytes).
pub fn bit_length(bytes: &[u8]) -> u32 {
    let trimmed: &[u8] = {
        let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        &bytes[start..]
    };
    match trimmed.first() {
        None => 0,
        Some(first) => (trimmed.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
    }
}

pub fn hex(bytes: &[u8], sep: &str) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(sep)
}

fn key_info(spki: &x509_parser::x509::SubjectPublicKeyInfo) -> KeyInfo {
    let oid = spki.algorithm.algorithm.to_id_string();
    let raw_spki = spki.raw.to_vec();
    let public_key = spki.subject_public_key.data.to_vec();
    let (kind, bits, curve) = match oid.as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
            let bits = match spki.parsed() {
                Ok(PublicKey::RSA(rsa)) => bit_length(rsa.modulus),
                _ => 0,
            };
            (KeyKind::Rsa, bits, None)
        }
        "1.2.840.10045.2.1" => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string())
                .and_then(|o| curve_name(&o));
            match curve {
                Some((name, bits)) => (KeyKind::Ec, bits, Some(name)),
                None => (KeyKind::Ec, 0, None),
            }
        }
        "1.3.101.112" => (KeyKind::Ed25519, 256, None),
        "1.3.101.113" => (KeyKind::Ed448, 456, None),
        "1.2.840.10040.4.1" => {
            let bits = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| match super::der::tlv(p.data) {
                    Some((0x02, prime, _)) => Some(bit_length(prime)),
                    _ => None,
                })
                .unwrap_or(0);
            (KeyKind::Dsa, bits, None)
        }
        _ => (KeyKind::Other, 0, None),
    };
    KeyInfo {
        kind,
        bits,
        curve,
        spki: raw_spki,
        public_key,
    }
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let start = b
        .iter()
        .position(|x| *x != 0)
        .unwrap_or(b.len().saturating_sub(1));
    b[start..].to_vec()
}

pub fn serial_hex(serial: &[u8]) -> String {
    if serial.is_empty() {
        "00".into()
    } else {
        hex(serial, "").to_uppercase()
    }
}

impl Certificate {
    pub fn from_der(der: &[u8]) -> Result<Certificate, String> {
        let (rest, x) = X509Certificate::from_der(der).map_err(|e| match e {
            x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => {
                format!("not a valid X.509 certificate ({e})")
            }
            x509_parser::nom::Err::Incomplete(_) => "truncated certificate".to_string(),
        })?;
        if !rest.is_empty() {
            return Err(format!(
                "{} bytes of trailing data after the certificate",
                rest.len()
            ));
        }
        let der = der[..der.len() - rest.len()].to_vec();
        let sig_oid = x.signature_algorithm.algorithm.to_id_string();
        let (sig_alg, _) = signature_name(&sig_oid);
        let mut c = Certificate {
            version: x.version().0 + 1,
            // Names are for showing: a control character in one (a hostile certificate)
            // is escaped once here, for every report (see `escape`).
            subject: esc(&x.subject().to_string()).into_owned(),
            issuer: esc(&x.issuer().to_string()).into_owned(),
            subject_raw: x.subject().as_raw().to_vec(),
            issuer_raw: x.issuer().as_raw().to_vec(),
            serial: strip_zeros(x.raw_serial()),
            not_before: x.validity().not_before.timestamp(),
            not_after: x.validity().not_after.timestamp(),
            sig_alg,
            sig_oid,
            key: key_info(x.public_key()),
            has_san: false,
            san_dns: Vec::new(),
            san_ip: Vec::new(),
            san_other: Vec::new(),
            common_names: x
                .subject()
                .iter_common_name()
                .filter_map(|cn| cn.as_str().ok().map(|s| esc(s).into_owned()))
                .collect(),
            eku: None,
            key_usage: None,
            basic: None,
            ski: None,
            aki: None,
            crl_dps: Vec::new(),
            name_constraints: false,
            unknown_critical: Vec::new(),
            sha256: aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &der)
                .as_ref()
                .try_into()
                .expect("SHA-256 digests are 32 bytes"),
            sha1: aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &der)
                .as_ref()
                .to_vec(),
            der: Vec::new(),
        };
        for ext in x.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectAlternativeName(san) => {
                    c.has_san = true;
                    for n in &san.general_names {
                        match n {
                            GeneralName::DNSName(d) => c.san_dns.push(esc(d).into_owned()),
                            GeneralName::IPAddress(ip) => match ip.len() {
                                4 => c.san_ip.push(IpAddr::from(
                                    <[u8; 4]>::try_from(*ip).unwrap_or_default(),
                                )),
                                16 => c.san_ip.push(IpAddr::from(
                                    <[u8; 16]>::try_from(*ip).unwrap_or_default(),
                                )),
                                _ => c.san_other.push(format!("IP:{}", hex(ip, ":"))),
                            },
                            GeneralName::RFC822Name(e) => {
                                c.san_other.push(format!("email:{}", esc(e)))
                            }
                            GeneralName::URI(u) => c.san_other.push(format!("URI:{}", esc(u))),
                            other => c
                                .san_other
                                .push(esc(&format!("{other:?}")).chars().take(80).collect()),
                        }
                    }
                }
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    let mut names = Vec::new();
                    for (on, name) in [
                        (eku.server_auth, "serverAuth"),
                        (eku.client_auth, "clientAuth"),
                        (eku.code_signing, "codeSigning"),
                        (eku.email_protection, "emailProtection"),
                        (eku.time_stamping, "timeStamping"),
                        (eku.ocsp_signing, "OCSPSigning"),
                        (eku.any, "anyExtendedKeyUsage"),
                    ] {
                        if on {
                            names.push(name.to_string());
                        }
                    }
                    names.extend(eku.other.iter().map(|o| o.to_id_string()));
                    c.eku = Some(Eku {
                        server: eku.server_auth,
                        client: eku.client_auth,
                        any: eku.any,
                        names,
                    });
                }
                ParsedExtension::KeyUsage(ku) => c.key_usage = Some(ku.flags),
                ParsedExtension::BasicConstraints(bc) => {
                    c.basic = Some(Basic {
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    })
                }
                ParsedExtension::SubjectKeyIdentifier(k) => c.ski = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    c.aki = a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                ParsedExtension::CRLDistributionPoints(dps) => {
                    for dp in dps.iter() {
                        if let Some(DistributionPointName::FullName(names)) = &dp.distribution_point
                        {
                            for n in names {
                                if let GeneralName::URI(u) = n {
                                    c.crl_dps.push(esc(u).into_owned());
                                }
                            }
                        }
                    }
                }
                ParsedExtension::NameConstraints(_) => c.name_constraints = true,
                ParsedExtension::UnsupportedExtension { .. } if ext.critical => {
                    c.unknown_critical.push(ext.oid.to_id_string())
                }
                _ => {}
            }
        }
        c.der = der;
        Ok(c)
    }

    pub fn is_ca(&self) -> bool {
        self.basic.is_some_and(|b| b.ca)
    }

    pub fn self_issued(&self) -> bool {
        self.subject_raw == self.issuer_raw
    }

    pub fn weak_signature(&self) -> bool {
        signature_name(&self.sig_oid).1
    }

    /// The Windows thumbprint form: SHA-1 of the DER in spaced lower-case hex.
    pub fn thumbprint(&self) -> String {
        hex(&self.sha1, " ")
    }

    /// Whether `issuer` signed this certificate. Keys and algorithms that the verifier does
    /// not support are an error saying so, not a silent pass.
    pub fn signed_by(&self, issuer: &Certificate) -> Result<(), String> {
        // The common algorithms go through the verdicts webpki shares (one verification
        // per signature and run); the same aws-lc algorithm x509-parser would run.
        match super::sigmemo::certificate_signed_by(&self.der, &issuer.der) {
            Some(true) => return Ok(()),
            Some(false) => {
                return Err("the signature does not verify with the issuer's key".to_string());
            }
            None => {}
        }
        let (_, me) = X509Certificate::from_der(&self.der).map_err(|e| e.to_string())?;
        let (_, them) = X509Certificate::from_der(&issuer.der).map_err(|e| e.to_string())?;
        match me.verify_signature(Some(them.public_key())) {
            Ok(()) => Ok(()),
            // MD5 and SHA-1 signatures cannot be checked here; the link is taken on the
            // names, and weak-signature-hash makes the certificate invalid all the same.
            Err(X509Error::SignatureUnsupportedAlgorithm) if self.weak_signature() => Ok(()),
            Err(X509Error::SignatureUnsupportedAlgorithm) => Err(format!(
                "the signature algorithm {} cannot be verified",
                self.sig_alg
            )),
            Err(_) => Err("the signature does not verify with the issuer's key".to_string()),
        }
    }

    pub fn short_name(&self) -> String {
        match self.common_names.first() {
            Some(cn) => format!("CN={cn}"),
            None => self.subject.clone(),
        }
    }
}
