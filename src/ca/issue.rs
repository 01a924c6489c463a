//! Keys and certificates for the lab CA: what create_ca.sh and create_cert.sh made with
//! openssl, made natively, with the properties the guide recommends (SAN and CN, both
//! serverAuth and clientAuth, SHA-256, SKI/AKI).

use crate::pki::der::wrap as der_wrap;
use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SanType, SerialNumber,
};
use time::{Duration, OffsetDateTime};

use crate::error::{InputError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa(u32),
    P256,
    P384,
    Ed25519,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Sha256,
    Sha384,
    Sha512,
}

impl KeyType {
    pub fn parse(kind: &str, bits: Option<u32>) -> Result<KeyType> {
        match kind {
            "rsa" => match bits.unwrap_or(2048) {
                b @ (2048 | 3072 | 4096) => Ok(KeyType::Rsa(b)),
                b => Err(InputError(format!(
                    "--key-size {b}: use 2048, 3072 or 4096"
                ))),
            },
            "ecdsa-p256" => Ok(KeyType::P256),
            "ecdsa-p384" => Ok(KeyType::P384),
            "ed25519" => Ok(KeyType::Ed25519),
            other => Err(InputError(format!(
                "--key-type {other}: use rsa, ecdsa-p256, ecdsa-p384 or ed25519"
            ))),
        }
    }
}

impl Digest {
    pub fn parse(s: &str) -> Result<Digest> {
        match s {
            "sha256" => Ok(Digest::Sha256),
            "sha384" => Ok(Digest::Sha384),
            "sha512" => Ok(Digest::Sha512),
            other => Err(InputError(format!(
                "--digest {other}: use sha256, sha384 or sha512"
            ))),
        }
    }
}

fn algorithm(kt: KeyType, digest: Digest) -> &'static rcgen::SignatureAlgorithm {
    match (kt, digest) {
        (KeyType::Rsa(_), Digest::Sha256) => &rcgen::PKCS_RSA_SHA256,
        (KeyType::Rsa(_), Digest::Sha384) => &rcgen::PKCS_RSA_SHA384,
        (KeyType::Rsa(_), Digest::Sha512) => &rcgen::PKCS_RSA_SHA512,
        (KeyType::P256, _) => &rcgen::PKCS_ECDSA_P256_SHA256,
        (KeyType::P384, _) => &rcgen::PKCS_ECDSA_P384_SHA384,
        (KeyType::Ed25519, _) => &rcgen::PKCS_ED25519,
    }
}

fn err(e: impl std::fmt::Display) -> InputError {
    InputError(format!("cannot make the certificate: {e}"))
}

pub fn generate_key(kt: KeyType, digest: Digest) -> Result<KeyPair> {
    let alg = algorithm(kt, digest);
    match kt {
        KeyType::Rsa(bits) => {
            let size = match bits {
                3072 => rcgen::RsaKeySize::_3072,
                4096 => rcgen::RsaKeySize::_4096,
                _ => rcgen::RsaKeySize::_2048,
            };
            KeyPair::generate_rsa_for(alg, size).map_err(err)
        }
        _ => KeyPair::generate_for(alg).map_err(err),
    }
}

/// A key read back from disk (PKCS#8, or PKCS#1 for RSA as openssl may leave it), signing
/// with `digest`.
pub fn load_key(pem: &str, digest: Digest) -> Result<KeyPair> {
    let parsed = crate::pki::pem::parse(pem.as_bytes());
    let block = parsed
        .blocks
        .iter()
        .find(|b| b.label.ends_with("PRIVATE KEY"))
        .ok_or_else(|| InputError::msg("the CA key file holds no private key"))?;
    if block.label == "ENCRYPTED PRIVATE KEY" || block.encrypted {
        return Err(InputError::msg(
            "the CA key is encrypted: decrypt it with `tlskit key convert --passin …` first",
        ));
    }
    let pkcs8 = match block.label.as_str() {
        "RSA PRIVATE KEY" => pkcs1_to_pkcs8(&block.der),
        _ => block.der.clone(),
    };
    let info = crate::pki::key::PrivateKey::parse(Some("PRIVATE KEY"), &pkcs8, false)
        .map_err(InputError)?;
    let kt = match (info.kind, info.bits) {
        (crate::pki::cert::KeyKind::Rsa, b) => KeyType::Rsa(b),
        (crate::pki::cert::KeyKind::Ec, 384) => KeyType::P384,
        (crate::pki::cert::KeyKind::Ec, _) => KeyType::P256,
        (crate::pki::cert::KeyKind::Ed25519, _) => KeyType::Ed25519,
        (k, _) => {
            return Err(InputError(format!(
                "the CA key type {k:?} cannot sign here"
            )));
        }
    };
    let der = rustls_pki_types::PrivatePkcs8KeyDer::from(pkcs8);
    KeyPair::from_pkcs8_der_and_sign_algo(&der, algorithm(kt, digest)).map_err(err)
}

/// PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo.
pub fn pkcs1_to_pkcs8(pkcs1: &[u8]) -> Vec<u8> {
    let alg: &[u8] = &[
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend_from_slice(alg);
    body.extend(der_wrap(0x04, pkcs1));
    der_wrap(0x30, &body)
}

/// An Ed25519 key as PKCS#8 version 1 (RFC 8410): aws-lc writes version 2 with the public
/// key attached, which OpenSSL 3.0 cannot read. Other keys are returned as they are.
pub fn portable_pkcs8(der: Vec<u8>) -> Vec<u8> {
    use crate::pki::der::tlv;
    use crate::pki::key::{OID_ED25519_KEY, pkcs8_parts};
    let seed = pkcs8_parts(&der).and_then(|p| {
        if p.oid != OID_ED25519_KEY || p.version == [0] {
            return None;
        }
        match tlv(p.private)? {
            (0x04, seed, _) if seed.len() == 32 => Some(seed.to_vec()),
            _ => None,
        }
    });
    match seed {
        Some(seed) => {
            let mut v1 = vec![
                0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
                0x04, 0x20,
            ];
            v1.extend(seed);
            v1
        }
        None => der,
    }
}

/// The PKCS#1 key inside an RSA PKCS#8 PrivateKeyInfo.
pub fn pkcs8_to_pkcs1(pkcs8: &[u8]) -> Option<Vec<u8>> {
    let p = crate::pki::key::pkcs8_parts(pkcs8)?;
    (p.oid == crate::pki::key::OID_RSA_ENCRYPTION).then(|| p.private.to_vec())
}

#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub cn: String,
    pub email: Option<String>,
    pub ou: Option<String>,
    pub org: Option<String>,
    pub locality: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

impl Subject {
    pub fn validate(&self) -> Result<()> {
        if let Some(c) = &self.country
            && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
        {
            return Err(InputError(format!(
                "--country `{c}`: use two upper-case letters (ISO 3166), e.g. US"
            )));
        }
        if self.cn.trim().is_empty() {
            return Err(InputError::msg("--cn must not be empty"));
        }
        Ok(())
    }

    fn dn(&self) -> DistinguishedName {
        let mut dn = DistinguishedName::new();
        for (t, v) in [
            (DnType::CountryName, &self.country),
            (DnType::StateOrProvinceName, &self.state),
            (DnType::LocalityName, &self.locality),
            (DnType::OrganizationName, &self.org),
            (DnType::OrganizationalUnitName, &self.ou),
        ] {
            if let Some(v) = v {
                dn.push(t, v.as_str());
            }
        }
        dn.push(DnType::CommonName, self.cn.as_str());
        if let Some(e) = &self.email {
            dn.push(
                DnType::CustomDnType(vec![1, 2, 840, 113549, 1, 9, 1]),
                e.as_str(),
            );
        }
        dn
    }

    /// The subject as index.txt writes it: `/C=US/O=…/CN=…`.
    pub fn oneline(&self) -> String {
        let mut s = String::new();
        for (k, v) in [
            ("C", &self.country),
            ("ST", &self.state),
            ("L", &self.locality),
            ("O", &self.org),
            ("OU", &self.ou),
        ] {
            if let Some(v) = v {
                s.push_str(&format!("/{k}={v}"));
            }
        }
        s.push_str(&format!("/CN={}", self.cn));
        if let Some(e) = &self.email {
            s.push_str(&format!("/emailAddress={e}"));
        }
        s
    }
}

pub fn serial_number(serial: &[u8]) -> SerialNumber {
    // A positive INTEGER: a leading 0x80 bit would read as negative.
    let mut s = serial.to_vec();
    if s.first().is_some_and(|b| b & 0x80 != 0) {
        s.insert(0, 0);
    }
    SerialNumber::from_slice(&s)
}

pub fn validity(params: &mut CertificateParams, days: u32) {
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    params.not_before = now - Duration::minutes(5);
    params.not_after = now + Duration::days(days as i64);
}

/// A CA certificate: basicConstraints critical CA:TRUE (pathLen 0 for an intermediate),
/// keyUsage keyCertSign and cRLSign, SKI.
pub fn ca_params(
    subject: &Subject,
    days: u32,
    serial: &[u8],
    path_len: Option<u8>,
) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = subject.dn();
    p.is_ca = IsCa::Ca(match path_len {
        Some(n) => BasicConstraints::Constrained(n),
        None => BasicConstraints::Unconstrained,
    });
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p.serial_number = Some(serial_number(serial));
    p.use_authority_key_identifier_extension = path_len.is_some();
    validity(&mut p, days);
    p
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    ServerClient,
    Server,
    Client,
}

impl Profile {
    pub fn parse(s: &str) -> Result<Profile> {
        match s {
            "server-client" => Ok(Profile::ServerClient),
            "server" => Ok(Profile::Server),
            "client" => Ok(Profile::Client),
            o => Err(InputError(format!(
                "--profile {o}: use server-client, server or client"
            ))),
        }
    }
}

pub struct Leaf<'a> {
    pub host: &'a str,
    pub subject: Subject,
    pub ips: Vec<IpAddr>,
    pub dns: Vec<String>,
    pub days: u32,
    pub profile: Profile,
    pub rsa: bool,
}

/// A host certificate: the FQDN and IP always in the SAN as well as the CN, EKU
/// serverAuth+clientAuth by default, keyUsage digitalSignature (+keyEncipherment for RSA).
pub fn leaf_params(l: &Leaf, serial: &[u8]) -> Result<CertificateParams> {
    let mut p = CertificateParams::default();
    p.distinguished_name = l.subject.dn();
    let mut sans = vec![SanType::DnsName(l.host.try_into().map_err(|_| {
        InputError(format!("--host `{}` is not a DNS name", l.host))
    })?)];
    for d in &l.dns {
        if d != l.host {
            sans.push(SanType::DnsName(
                d.as_str()
                    .try_into()
                    .map_err(|_| InputError(format!("`{d}` is not a DNS name")))?,
            ));
        }
    }
    for ip in &l.ips {
        sans.push(SanType::IpAddress(*ip));
    }
    p.subject_alt_names = sans;
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = if l.rsa {
        vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ]
    } else {
        vec![KeyUsagePurpose::DigitalSignature]
    };
    p.extended_key_usages = match l.profile {
        Profile::ServerClient => vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ],
        Profile::Server => vec![ExtendedKeyUsagePurpose::ServerAuth],
        Profile::Client => vec![ExtendedKeyUsagePurpose::ClientAuth],
    };
    p.serial_number = Some(serial_number(serial));
    p.use_authority_key_identifier_extension = true;
    validity(&mut p, l.days);
    Ok(p)
}

pub fn sign(
    params: &CertificateParams,
    key: &KeyPair,
    ca_pem: &str,
    ca_key: &KeyPair,
) -> Result<rcgen::Certificate> {
    let issuer = rcgen::Issuer::from_ca_cert_pem(ca_pem, ca_key).map_err(err)?;
    params.signed_by(key, &issuer).map_err(err)
}

/// A PKCS#12 file that OpenSSL 3 reads without -legacy (PBES2 AES-256-CBC, HMAC-SHA256), or
/// with `legacy` the 3DES form old Windows needs.
pub fn pfx(
    cert_der: &[u8],
    key_pkcs8: &[u8],
    chain: &[Vec<u8>],
    password: &str,
    legacy: bool,
) -> Result<Vec<u8>> {
    use p12_keystore::{
        Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
        PrivateKeyChain,
    };
    let e =
        |x: p12_keystore::error::Error| InputError(format!("cannot write the PKCS#12 file: {x}"));
    let mut certs = vec![Certificate::from_der(cert_der).map_err(e)?];
    for c in chain {
        certs.push(Certificate::from_der(c).map_err(e)?);
    }
    let key = PrivateKey::from_der(key_pkcs8).map_err(e)?;
    let id = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, cert_der);
    let mut ks = KeyStore::new();
    ks.add_entry(
        "1",
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(id.as_ref(), key, certs)),
    );
    let w = ks
        .writer(password)
        .encryption_iterations(2048)
        .mac_iterations(2048);
    let w = if legacy {
        w.encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1)
    } else {
        w
    };
    w.write().map_err(e)
}
