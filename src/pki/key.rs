//! Private keys in the forms Genesys files hold them: PKCS#1 (`RSA PRIVATE KEY`, what
//! native applications expect), PKCS#8 (`PRIVATE KEY`, what Java needs), encrypted PKCS#8,
//! SEC1 EC keys and Ed25519. What matters here is the format and the public half, to match
//! the key against its certificate.

use super::cert::{KeyKind, bit_length};
use super::der::{tlv, wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum KeyFormat {
    /// `BEGIN RSA PRIVATE KEY`.
    Pkcs1,
    /// `BEGIN PRIVATE KEY`.
    Pkcs8,
    /// `BEGIN ENCRYPTED PRIVATE KEY`.
    EncryptedPkcs8,
    /// `BEGIN EC PRIVATE KEY`.
    Sec1,
    /// A traditional PEM key with `Proc-Type: 4,ENCRYPTED`.
    LegacyEncrypted,
}

impl KeyFormat {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1 => "PKCS#1 (BEGIN RSA PRIVATE KEY)",
            KeyFormat::Pkcs8 => "PKCS#8 (BEGIN PRIVATE KEY)",
            KeyFormat::EncryptedPkcs8 => "encrypted PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY)",
            KeyFormat::Sec1 => "SEC1 (BEGIN EC PRIVATE KEY)",
            KeyFormat::LegacyEncrypted => "encrypted traditional PEM (Proc-Type: 4,ENCRYPTED)",
        }
    }

    pub(crate) fn encrypted(self) -> bool {
        matches!(self, KeyFormat::EncryptedPkcs8 | KeyFormat::LegacyEncrypted)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrivateKey {
    pub format: KeyFormat,
    pub kind: KeyKind,
    pub bits: u32,
    /// The public half in the form a certificate's subjectPublicKey holds it; None when the
    /// key is encrypted.
    pub public_key: Option<Vec<u8>>,
}

fn seq(input: &[u8]) -> Option<&[u8]> {
    match tlv(input)? {
        (0x30, body, _) => Some(body),
        _ => None,
    }
}

/// PKCS#1 RSAPrivateKey → its RSAPublicKey, and the modulus size.
fn rsa_public(pkcs1: &[u8]) -> Option<(Vec<u8>, u32)> {
    let body = seq(pkcs1)?;
    let (0x02, _version, rest) = tlv(body)? else {
        return None;
    };
    let (0x02, n, rest) = tlv(rest)? else {
        return None;
    };
    let (0x02, e, _) = tlv(rest)? else {
        return None;
    };
    let mut inner = wrap(0x02, n);
    inner.extend(wrap(0x02, e));
    Some((wrap(0x30, &inner), bit_length(n)))
}

fn curve_bits(oid: &[u8]) -> u32 {
    match oid {
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] => 256,
        [0x2b, 0x81, 0x04, 0x00, 0x22] => 384,
        [0x2b, 0x81, 0x04, 0x00, 0x23] => 521,
        [0x2b, 0x81, 0x04, 0x00, 0x0a] => 256,
        _ => 0,
    }
}

/// SEC1 ECPrivateKey → the public point when it is included, and the curve size.
fn ec_public(sec1: &[u8], params_oid: Option<&[u8]>) -> Option<(Option<Vec<u8>>, u32)> {
    let body = seq(sec1)?;
    let (0x02, _version, mut rest) = tlv(body)? else {
        return None;
    };
    let (0x04, _private, r) = tlv(rest)? else {
        return None;
    };
    rest = r;
    let mut bits = params_oid.map(curve_bits).unwrap_or(0);
    let mut public = None;
    while let Some((tag, content, r)) = tlv(rest) {
        match tag {
            0xa0 => {
                if let Some((0x06, oid, _)) = tlv(content) {
                    bits = curve_bits(oid);
                }
            }
            0xa1 => {
                if let Some((0x03, bits_str, _)) = tlv(content) {
                    public = bits_str.get(1..).map(<[u8]>::to_vec);
                }
            }
            _ => {}
        }
        rest = r;
    }
    Some((public, bits))
}

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];

/// The parts of a PKCS#8 PrivateKeyInfo: version, algorithm OID, the algorithm's parameter
/// OID (EC curves), and the inner private key.
pub(crate) struct Pkcs8Parts<'a> {
    pub version: &'a [u8],
    pub oid: &'a [u8],
    pub params_oid: Option<&'a [u8]>,
    pub private: &'a [u8],
}

pub(crate) fn pkcs8_parts(der: &[u8]) -> Option<Pkcs8Parts<'_>> {
    let body = seq(der)?;
    let (0x02, version, rest) = tlv(body)? else {
        return None;
    };
    let (0x30, alg, rest) = tlv(rest)? else {
        return None;
    };
    let (0x04, private, _) = tlv(rest)? else {
        return None;
    };
    let (0x06, oid, params) = tlv(alg)? else {
        return None;
    };
    let params_oid = match tlv(params) {
        Some((0x06, o, _)) => Some(o),
        _ => None,
    };
    Some(Pkcs8Parts {
        version,
        oid,
        params_oid,
        private,
    })
}

pub(crate) const OID_RSA_ENCRYPTION: &[u8] = OID_RSA;
pub(crate) const OID_ED25519_KEY: &[u8] = OID_ED25519;

fn pkcs8(der: &[u8]) -> Option<PrivateKey> {
    let Pkcs8Parts {
        oid,
        params_oid,
        private,
        ..
    } = pkcs8_parts(der)?;
    let key = |kind, bits, public_key| PrivateKey {
        format: KeyFormat::Pkcs8,
        kind,
        bits,
        public_key,
    };
    Some(match oid {
        OID_RSA => {
            let (public, bits) = rsa_public(private)?;
            key(KeyKind::Rsa, bits, Some(public))
        }
        OID_EC => {
            let (public, bits) = ec_public(private, params_oid)?;
            key(KeyKind::Ec, bits, public)
        }
        OID_ED25519 => {
            let public = aws_lc_rs::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
                .ok()
                .map(|k| {
                    use aws_lc_rs::signature::KeyPair;
                    k.public_key().as_ref().to_vec()
                });
            key(KeyKind::Ed25519, 256, public)
        }
        OID_DSA => key(KeyKind::Dsa, 0, None),
        _ => key(KeyKind::Other, 0, None),
    })
}

impl PrivateKey {
    /// Parses a key from its PEM label (or from bare DER when `label` is None).
    pub(crate) fn parse(
        label: Option<&str>,
        der: &[u8],
        legacy_encrypted: bool,
    ) -> Result<PrivateKey, String> {
        if legacy_encrypted {
            return Ok(PrivateKey {
                format: KeyFormat::LegacyEncrypted,
                kind: if label == Some("EC PRIVATE KEY") {
                    KeyKind::Ec
                } else {
                    KeyKind::Rsa
                },
                bits: 0,
                public_key: None,
            });
        }
        match label {
            Some("RSA PRIVATE KEY") => rsa_public(der)
                .map(|(public, bits)| PrivateKey {
                    format: KeyFormat::Pkcs1,
                    kind: KeyKind::Rsa,
                    bits,
                    public_key: Some(public),
                })
                .ok_or_else(|| "the RSA PRIVATE KEY block is not a PKCS#1 RSA key".to_string()),
            Some("EC PRIVATE KEY") => ec_public(der, None)
                .map(|(public, bits)| PrivateKey {
                    format: KeyFormat::Sec1,
                    kind: KeyKind::Ec,
                    bits,
                    public_key: public,
                })
                .ok_or_else(|| "the EC PRIVATE KEY block is not a SEC1 EC key".to_string()),
            Some("PRIVATE KEY") => {
                pkcs8(der).ok_or_else(|| "the PRIVATE KEY block is not a PKCS#8 key".to_string())
            }
            Some("ENCRYPTED PRIVATE KEY") => Ok(PrivateKey {
                format: KeyFormat::EncryptedPkcs8,
                kind: KeyKind::Other,
                bits: 0,
                public_key: None,
            }),
            Some(other) => Err(format!("`{other}` is not a private key")),
            None => pkcs8(der)
                .or_else(|| {
                    rsa_public(der).map(|(public, bits)| PrivateKey {
                        format: KeyFormat::Pkcs1,
                        kind: KeyKind::Rsa,
                        bits,
                        public_key: Some(public),
                    })
                })
                .ok_or_else(|| "not a DER private key".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_round_trip() {
        let long = vec![7u8; 300];
        let w = wrap(0x04, &long);
        let (tag, body, rest) = tlv(&w).unwrap();
        assert_eq!((tag, body.len(), rest.len()), (0x04, 300, 0));
        assert!(tlv(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(tlv(&[0x30, 0x05, 1]).is_none());
    }
}
