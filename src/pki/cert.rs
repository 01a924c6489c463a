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
    /// EC parameters spelled out (specifiedCurve) instead of a named curve's OID: `bits`
    /// is then the size of the field they define.
    pub explicit_curve: bool,
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
            (KeyKind::Ec, None) if self.explicit_curve => {
                format!("EC with explicit curve parameters ({} bits)", self.bits)
            }
            (KeyKind::Ec, None) => format!("EC ({} bits)", self.bits),
            (KeyKind::Ed25519, _) => "Ed25519".into(),
            (KeyKind::Ed448, _) => "Ed448".into(),
            (KeyKind::Dsa, _) => format!("DSA {} bits", self.bits),
            (KeyKind::Other, _) => "unknown key type".into(),
        }
    }

    /// Below the guide's recommendation: RSA under 2048 bits, any DSA, EC under 256 bits,
    /// and EC keys on explicit curve parameters (which webpki, Java and OpenSSL's strict
    /// mode refuse, whatever their size).
    pub fn weak(&self) -> bool {
        match self.kind {
            KeyKind::Rsa => self.bits < 2048,
            KeyKind::Dsa => true,
            KeyKind::Ec => self.explicit_curve || self.bits < 256,
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
    /// The security bits OpenSSL 3.0 counts for the signature's digest
    /// (`signature_security_bits`), worked out once: every chain of every
    /// connection asks.
    pub sig_bits: Option<u32>,
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
    /// How the certificate is written, for the structural checks of RFC 5280 and the
    /// CA/Browser Forum (`verify::structure`).
    pub form: Form,
    pub sha256: [u8; 32],
}

/// What the structural checks read beyond the facts above: criticality flags, the fields
/// of a few extensions, and the extensions that could not be parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// The serial number is negative (its first content octet has the high bit set).
    pub serial_negative: bool,
    /// The serial number's length in octets, as encoded.
    pub serial_octets: usize,
    /// The subject is an empty sequence.
    pub empty_subject: bool,
    /// Each extension's criticality, where present.
    pub aki_critical: Option<bool>,
    pub ski_critical: Option<bool>,
    pub basic_critical: Option<bool>,
    pub san_critical: Option<bool>,
    pub eku_critical: Option<bool>,
    pub aia_critical: Option<bool>,
    pub policy_constraints_critical: Option<bool>,
    /// The authorityKeyIdentifier's authorityCertIssuer or authorityCertSerialNumber.
    pub aki_issuer_serial: bool,
    /// Its authorityCertSerialNumber, as encoded.
    pub aki_serial: Option<Vec<u8>>,
    /// The first directory name of its authorityCertIssuer, as encoded.
    pub aki_dirname: Option<Vec<u8>>,
    /// Critical extensions that x509-parser reads but OpenSSL 3.0 does not process, so
    /// that it refuses the certificate ("unhandled critical extension").
    pub critical_unhandled: Vec<&'static str>,
    /// Extensions present whose contents did not parse, by name ("subjectAltName", …).
    pub unparsed: Vec<&'static str>,
    /// Name constraints with neither permitted nor excluded subtrees.
    pub nc_empty: bool,
    /// dNSName constraints as written (permitted, then excluded).
    pub nc_dns: Vec<String>,
    /// The authorityInfoAccess holds no access description.
    pub aia_empty: bool,
}
/// The OIDs tlskit names, whose dotted text is looked up rather than formatted: a
/// certificate's parse asks for a dozen.
const NAMED_OIDS: &[&str] = &[
    "1.2.840.10040.4.1",
    "1.2.840.10040.4.3",
    "1.2.840.10045.2.1",
    "1.2.840.10045.3.1.1",
    "1.2.840.10045.3.1.7",
    "1.2.840.10045.4.1",
    "1.2.840.10045.4.3.1",
    "1.2.840.10045.4.3.2",
    "1.2.840.10045.4.3.3",
    "1.2.840.10045.4.3.4",
    "1.2.840.113549.1.1.1",
    "1.2.840.113549.1.1.10",
    "1.2.840.113549.1.1.11",
    "1.2.840.113549.1.1.12",
    "1.2.840.113549.1.1.13",
    "1.2.840.113549.1.1.14",
    "1.2.840.113549.1.1.2",
    "1.2.840.113549.1.1.3",
    "1.2.840.113549.1.1.4",
    "1.2.840.113549.1.1.5",
    "1.3.101.112",
    "1.3.101.113",
    "1.3.132.0.10",
    "1.3.132.0.33",
    "1.3.132.0.34",
    "1.3.132.0.35",
    "1.3.14.3.2.29",
    "1.3.6.1.4.1.11129.2.4.2",
    "1.3.6.1.5.5.7.1.1",
    "1.3.6.1.5.5.7.1.11",
    "2.16.840.1.101.3.4.3.2",
    "2.16.840.1.113730.1.13",
    "2.5.29.14",
    "2.5.29.15",
    "2.5.29.17",
    "2.5.29.18",
    "2.5.29.19",
    "2.5.29.30",
    "2.5.29.31",
    "2.5.29.35",
    "2.5.29.36",
    "2.5.29.37",
];

/// An OID's dotted text (`2.5.29.17`), from a table for the OIDs tlskit names.
pub(crate) fn oid_text(
    oid: &x509_parser::der_parser::asn1_rs::Oid,
) -> std::borrow::Cow<'static, str> {
    static BY_DER: std::sync::LazyLock<rustc_hash::FxHashMap<Vec<u8>, &'static str>> =
        std::sync::LazyLock::new(|| NAMED_OIDS.iter().map(|o| (oid_der(o), *o)).collect());
    match BY_DER.get(oid.as_bytes()) {
        Some(text) => std::borrow::Cow::Borrowed(text),
        None => std::borrow::Cow::Owned(oid.to_id_string()),
    }
}

/// The DER contents of a dotted OID, as asn1-rs encodes it.
fn oid_der(dotted: &str) -> Vec<u8> {
    use std::str::FromStr;
    x509_parser::der_parser::asn1_rs::Oid::from_str(dotted)
        .expect("a dotted OID")
        .as_bytes()
        .to_vec()
}

/// Extensions OpenSSL 3.0 does not process (they are not in `X509_supported_extension`)
/// but x509-parser knows: marked critical, OpenSSL refuses the certificate. Unknown
/// extensions are `unknown_critical`.
fn openssl_unhandled(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.18" => "issuerAltName",
        "1.3.6.1.5.5.7.1.1" => "authorityInfoAccess",
        "1.3.6.1.5.5.7.1.11" => "subjectInfoAccess",
        "1.3.6.1.4.1.11129.2.4.2" => "signedCertificateTimestampList",
        "2.16.840.1.113730.1.13" => "nsComment",
        _ => return None,
    })
}

/// The name of an extension whose structure `Form` records.
fn extension_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.15" => "keyUsage",
        "2.5.29.17" => "subjectAltName",
        "2.5.29.19" => "basicConstraints",
        "2.5.29.30" => "nameConstraints",
        "2.5.29.36" => "policyConstraints",
        "2.5.29.37" => "extendedKeyUsage",
        "2.5.29.31" => "cRLDistributionPoints",
        "1.3.6.1.5.5.7.1.1" => "authorityInfoAccess",
        _ => return None,
    })
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
    let oid = oid_text(&spki.algorithm.algorithm);
    let raw_spki = spki.raw.to_vec();
    let public_key = spki.subject_public_key.data.to_vec();
    let mut explicit = false;
    let (kind, bits, curve) = match oid.as_ref() {
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
                .and_then(|o| curve_name(&oid_text(&o)));
            match curve {
                Some((name, bits)) => (KeyKind::Ec, bits, Some(name)),
                None => {
                    explicit = spki
                        .algorithm
                        .parameters
                        .as_ref()
                        .is_some_and(|p| p.header.tag().0 == 16);
                    let bits = spki
                        .algorithm
                        .parameters
                        .as_ref()
                        .filter(|_| explicit)
                        .and_then(|p| explicit_field_bits(p.data))
                        .unwrap_or(0);
                    (KeyKind::Ec, bits, None)
                }
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
        explicit_curve: explicit,
        spki: raw_spki,
        public_key,
    }
}

/// The size of the field that explicit EC parameters (SEC 1 SpecifiedECDomain, the
/// contents of its SEQUENCE) define: the prime's bits for a prime field, m for a
/// characteristic-two field.
fn explicit_field_bits(params: &[u8]) -> Option<u32> {
    use super::der::tlv;
    let (tag, _version, rest) = tlv(params)?;
    if tag != 0x02 {
        return None;
    }
    let (tag, field_id, _) = tlv(rest)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, field_type, rest) = tlv(field_id)?;
    if tag != 0x06 {
        return None;
    }
    // prime-field 1.2.840.10045.1.1: the prime p; characteristic-two-field
    // 1.2.840.10045.1.2: SEQUENCE { m INTEGER, … }.
    match field_type {
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x01] => match tlv(rest)? {
            (0x02, p, _) => Some(bit_length(p)),
            _ => None,
        },
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x02] => match tlv(rest)? {
            (0x30, body, _) => match tlv(body)? {
                (0x02, m, _) if m.len() <= 4 => {
                    Some(m.iter().fold(0u32, |a, b| (a << 8) | *b as u32))
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let start = b
        .iter()
        .position(|x| *x != 0)
        .unwrap_or(b.len().saturating_sub(1));
    b[start..].to_vec()
}

/// A serial number as people read it: upper-case hex, with a minus sign when the number
/// is negative (`raw` as encoded, two's complement).
pub fn serial_text(raw: &[u8], negative: bool) -> String {
    if !negative {
        return serial_hex(&strip_zeros(raw));
    }
    // The magnitude: invert and add one.
    let mut m: Vec<u8> = raw.iter().map(|b| !b).collect();
    for b in m.iter_mut().rev() {
        let (v, carry) = b.overflowing_add(1);
        *b = v;
        if !carry {
            break;
        }
    }
    format!("-{}", serial_hex(&strip_zeros(&m)))
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
        let sig_oid = oid_text(&x.signature_algorithm.algorithm).into_owned();
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
            sig_bits: signature_security_bits(sig_alg),
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
            form: Form {
                serial_negative: x.raw_serial().first().is_some_and(|b| b & 0x80 != 0),
                serial_octets: x.raw_serial().len(),
                empty_subject: x.subject().iter().next().is_none(),
                ..Form::default()
            },
            sha256: aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &der)
                .as_ref()
                .try_into()
                .expect("SHA-256 digests are 32 bytes"),
            der: Vec::new(),
        };
        for ext in x.extensions() {
            let oid = oid_text(&ext.oid);
            let name = extension_name(&oid);
            if ext.critical
                && let Some(n) = openssl_unhandled(&oid)
            {
                c.form.critical_unhandled.push(n);
            }
            let critical = Some(ext.critical);
            match name {
                Some("authorityKeyIdentifier") => c.form.aki_critical = critical,
                Some("subjectKeyIdentifier") => c.form.ski_critical = critical,
                Some("basicConstraints") => c.form.basic_critical = critical,
                Some("subjectAltName") => c.form.san_critical = critical,
                Some("extendedKeyUsage") => c.form.eku_critical = critical,
                Some("authorityInfoAccess") => c.form.aia_critical = critical,
                Some("policyConstraints") => c.form.policy_constraints_critical = critical,
                _ => {}
            }
            match ext.parsed_extension() {
                ParsedExtension::ParseError { .. } => {
                    if let Some(n) = name {
                        c.form.unparsed.push(n);
                    }
                }
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
                    c.aki = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                    c.form.aki_issuer_serial =
                        a.authority_cert_issuer.is_some() || a.authority_cert_serial.is_some();
                    c.form.aki_serial = a.authority_cert_serial.map(|s| s.to_vec());
                    c.form.aki_dirname = a.authority_cert_issuer.as_ref().and_then(|names| {
                        names.iter().find_map(|n| match n {
                            GeneralName::DirectoryName(d) => Some(d.as_raw().to_vec()),
                            _ => None,
                        })
                    });
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
                ParsedExtension::NameConstraints(nc) => {
                    c.name_constraints = true;
                    let subtrees = nc
                        .permitted_subtrees
                        .iter()
                        .chain(nc.excluded_subtrees.iter())
                        .flatten();
                    c.form.nc_empty = subtrees.clone().next().is_none();
                    c.form.nc_dns = subtrees
                        .filter_map(|t| match t.base {
                            GeneralName::DNSName(d) => Some(esc(d).into_owned()),
                            _ => None,
                        })
                        .collect();
                }
                ParsedExtension::AuthorityInfoAccess(aia) => {
                    c.form.aia_empty = aia.accessdescs.is_empty()
                }
                ParsedExtension::UnsupportedExtension { .. } if ext.critical => {
                    c.unknown_critical.push(oid.to_string())
                }
                _ => {}
            }
        }
        c.der = der;
        Ok(c)
    }

    /// The serial number as people read it, with its sign.
    pub fn serial_text(&self) -> String {
        serial_text(&self.serial, self.form.serial_negative)
    }

    /// Whether the authorityKeyIdentifier could name this certificate itself, as OpenSSL's
    /// `X509_check_akid` judges it: a self-issued certificate whose identifier names
    /// another key, serial or issuer is not taken as self-signed by OpenSSL.
    pub fn akid_names_itself(&self) -> bool {
        let f = &self.form;
        if let (Some(a), Some(s)) = (&self.aki, &self.ski)
            && a != s
        {
            return false;
        }
        if let Some(serial) = &f.aki_serial
            && strip_zeros(serial) != self.serial
        {
            return false;
        }
        if let Some(name) = &f.aki_dirname
            && *name != self.issuer_raw
        {
            return false;
        }
        true
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

    /// The SHA-1 digest of the DER, computed when asked: only stores, thumbprints and
    /// reports name certificates by it, and a thousand leaves need none.
    pub fn sha1(&self) -> [u8; 20] {
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &self.der)
            .as_ref()
            .try_into()
            .expect("SHA-1 digests are 20 bytes")
    }

    /// The Windows thumbprint form: SHA-1 of the DER in spaced lower-case hex.
    pub fn thumbprint(&self) -> String {
        hex(&self.sha1(), " ")
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

/// The security bits of a certificate signature's digest in OpenSSL 3.0: MD5 and SHA-1 count
/// 63 bits, so that level 1 already refuses them; SHA-224 112, SHA-256 128, SHA-384 192,
/// SHA-512 256; None for algorithms not listed.
pub fn signature_security_bits(sig_alg: &str) -> Option<u32> {
    // Case-blind, without a lower-case copy: every certificate of every chain of every
    // connection asks.
    let s = sig_alg.as_bytes();
    let has = |pat: &str| {
        s.windows(pat.len())
            .any(|w| w.eq_ignore_ascii_case(pat.as_bytes()))
    };
    let starts = |pat: &str| {
        s.get(..pat.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(pat.as_bytes()))
    };
    Some(if starts("md") || has("sha1") {
        if starts("md2") || starts("md4") {
            0
        } else {
            63
        }
    } else if has("sha224") {
        112
    } else if has("sha256") || s.eq_ignore_ascii_case(b"ed25519") {
        128
    } else if has("sha384") {
        192
    } else if has("sha512") || s.eq_ignore_ascii_case(b"ed448") {
        256
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_oids_are_encoded_as_x509_parser_reads_them() {
        for dotted in NAMED_OIDS {
            let der = oid_der(dotted);
            let oid = x509_parser::der_parser::asn1_rs::Oid::new(std::borrow::Cow::Borrowed(&der));
            assert_eq!(oid.to_id_string(), *dotted);
            assert!(matches!(oid_text(&oid), std::borrow::Cow::Borrowed(t) if t == *dotted));
        }
        // One tlskit does not name is formatted.
        let other = oid_der("1.2.3.4.5.300000");
        let oid = x509_parser::der_parser::asn1_rs::Oid::new(std::borrow::Cow::Borrowed(&other));
        assert_eq!(oid_text(&oid), "1.2.3.4.5.300000");
    }
}
