//! Keys and certificates for the lab CA: what create_ca.sh and create_cert.sh made with
//! openssl, made natively, with the properties the guide recommends (SAN and CN, both
//! serverAuth and clientAuth, SHA-256, SKI/AKI).

use crate::pki::der::wrap as der_wrap;
use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType, SerialNumber,
};
use time::{Duration, OffsetDateTime};

use rcgen::string::{Ia5String, PrintableString};

use super::name::{check_text, shown};
use crate::error::{InputError, Result};

/// The key of a CA or host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyType {
    Rsa(u32),
    P256,
    P384,
    Ed25519,
}

/// The hash of RSA signatures (ECDSA and Ed25519 keys fix their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Digest {
    Sha256,
    Sha384,
    Sha512,
}

impl KeyType {
    /// The key type of a public key read from a certificate.
    pub(crate) fn of(key: &crate::pki::cert::KeyInfo) -> Option<KeyType> {
        use crate::pki::cert::KeyKind;
        match (key.kind, key.bits) {
            (KeyKind::Rsa, b) => Some(KeyType::Rsa(b)),
            (KeyKind::Ec, 256) => Some(KeyType::P256),
            (KeyKind::Ec, 384) => Some(KeyType::P384),
            (KeyKind::Ed25519, _) => Some(KeyType::Ed25519),
            _ => None,
        }
    }

    pub(crate) fn is_rsa(self) -> bool {
        matches!(self, KeyType::Rsa(_))
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

pub(crate) fn generate_key(kt: KeyType, digest: Digest) -> Result<KeyPair> {
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
pub(crate) fn load_key(pem: &str, digest: Digest) -> Result<KeyPair> {
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
pub(crate) fn pkcs1_to_pkcs8(pkcs1: &[u8]) -> Vec<u8> {
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
pub(crate) fn portable_pkcs8(der: Vec<u8>) -> Vec<u8> {
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
pub(crate) fn pkcs8_to_pkcs1(pkcs8: &[u8]) -> Option<Vec<u8>> {
    let p = crate::pki::key::pkcs8_parts(pkcs8)?;
    (p.oid == crate::pki::key::OID_RSA_ENCRYPTION).then(|| p.private.to_vec())
}

/// The subject fields a command line gives, checked before anything is taken or written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Subject {
    pub cn: String,
    pub email: Option<String>,
    pub ou: Option<String>,
    pub org: Option<String>,
    pub locality: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

impl Subject {
    /// Every field is printable text within its X.520 upper bound (RFC 5280, appendix A);
    /// the country is two upper-case letters and the email address ASCII, as their
    /// PrintableString and IA5String encodings need. `cn_flag` names where the CN came
    /// from (`--cn`, or `--host` when it defaults to the host).
    pub(crate) fn validate(&self, cn_flag: &str) -> Result<()> {
        for (flag, value, max) in [
            (cn_flag, Some(&self.cn), 64),
            ("--email", self.email.as_ref(), 255),
            ("--ou", self.ou.as_ref(), 64),
            ("--org", self.org.as_ref(), 64),
            ("--locality", self.locality.as_ref(), 128),
            ("--state", self.state.as_ref(), 128),
        ] {
            let Some(v) = value else { continue };
            check_text(flag, v)?;
            if v.trim().is_empty() {
                return Err(InputError(format!("{flag} must not be empty")));
            }
            if v.chars().count() > max {
                return Err(InputError(format!(
                    "{flag} `{}`: longer than {max} characters, the upper bound of RFC 5280{}",
                    shown(v),
                    if flag == "--host" {
                        ": give a shorter --cn"
                    } else {
                        ""
                    }
                )));
            }
        }
        if let Some(c) = &self.country
            && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
        {
            return Err(InputError(format!(
                "--country `{}`: use two upper-case letters (ISO 3166), e.g. US",
                shown(c)
            )));
        }
        if let Some(e) = &self.email
            && !(e.is_ascii() && e.contains('@'))
        {
            return Err(InputError(format!(
                "--email `{}`: an ASCII address with an @ (it is encoded as IA5String)",
                shown(e)
            )));
        }
        Ok(())
    }

    /// The distinguished name, encoded as RFC 5280 asks: countryName as PrintableString,
    /// emailAddress as IA5String, the rest as UTF8String.
    pub(crate) fn dn(&self) -> Result<DistinguishedName> {
        let mut dn = DistinguishedName::new();
        if let Some(c) = &self.country {
            let v = PrintableString::try_from(c.as_str())
                .map_err(|_| InputError(format!("--country `{}`: not printable", shown(c))))?;
            dn.push(DnType::CountryName, DnValue::PrintableString(v));
        }
        for (t, v) in [
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
            let v = Ia5String::try_from(e.as_str())
                .map_err(|_| InputError(format!("--email `{}`: not ASCII", shown(e))))?;
            dn.push(
                DnType::CustomDnType(vec![1, 2, 840, 113549, 1, 9, 1]),
                DnValue::Ia5String(v),
            );
        }
        Ok(dn)
    }

    /// The email address as an rfc822Name for the SAN: RFC 5280 (4.1.2.6) wants it there
    /// whenever the subject has one.
    pub(crate) fn email_san(&self) -> Result<Option<SanType>> {
        self.email
            .as_deref()
            .map(|e| {
                Ia5String::try_from(e)
                    .map(SanType::Rfc822Name)
                    .map_err(|_| InputError(format!("--email `{}`: not ASCII", shown(e))))
            })
            .transpose()
    }
}

pub(crate) fn serial_number(serial: &[u8]) -> SerialNumber {
    // A positive INTEGER: a leading 0x80 bit would read as negative.
    let mut s = serial.to_vec();
    if s.first().is_some_and(|b| b & 0x80 != 0) {
        s.insert(0, 0);
    }
    SerialNumber::from_slice(&s)
}

/// When a certificate (or a CRL's next update) starts and ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lifetime {
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    /// The end was moved to the CA's end (see `lifetime`).
    pub clipped: bool,
}

/// The latest end a certificate can have: ASN.1 GeneralizedTime stops at year 9999.
fn last_moment() -> OffsetDateTime {
    time::macros::datetime!(9999-12-31 23:59:59 UTC)
}

/// `days` from now (started five minutes back, for clocks a little behind), checked: at
/// least one day, an end before year 10000, and never past `ca_end` unless `beyond`: a
/// longer request ends with the CA (`clipped`), since no verifier accepts it longer.
pub(crate) fn lifetime(
    days: u32,
    ca_end: Option<OffsetDateTime>,
    beyond: bool,
) -> Result<Lifetime> {
    if days == 0 {
        return Err(InputError::msg("--days 0: give at least one day"));
    }
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    let not_after = now
        .checked_add(Duration::days(days as i64))
        .filter(|t| *t <= last_moment())
        .ok_or_else(|| {
            InputError(format!(
                "--days {days}: out of range (the end would be after 9999-12-31)"
            ))
        })?;
    let mut life = Lifetime {
        not_before: now - Duration::minutes(5),
        not_after,
        clipped: false,
    };
    if let Some(end) = ca_end {
        if end <= now {
            return Err(InputError(format!(
                "the CA certificate expired on {}: nothing it signs would be valid",
                super::rfc3339(end)
            )));
        }
        if end < not_after && !beyond {
            life.not_after = end;
            life.clipped = true;
        }
    }
    Ok(life)
}

/// A CA certificate: basicConstraints critical CA:TRUE (pathLen 0 for an intermediate),
/// keyUsage keyCertSign and cRLSign, SKI; the email address, if any, in the SAN.
pub(crate) fn ca_params(
    subject: &Subject,
    life: &Lifetime,
    serial: &[u8],
    path_len: Option<u8>,
) -> Result<CertificateParams> {
    let mut p = CertificateParams::default();
    p.distinguished_name = subject.dn()?;
    p.subject_alt_names = subject.email_san()?.into_iter().collect();
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
    p.not_before = life.not_before;
    p.not_after = life.not_after;
    Ok(p)
}

/// What a host certificate is for: both ends of a TLS connection by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Profile {
    /// serverAuth and clientAuth
    ServerClient,
    /// serverAuth only
    Server,
    /// clientAuth only
    Client,
}

impl Profile {
    pub(crate) fn ekus(self) -> Vec<ExtendedKeyUsagePurpose> {
        match self {
            Profile::ServerClient => vec![
                ExtendedKeyUsagePurpose::ServerAuth,
                ExtendedKeyUsagePurpose::ClientAuth,
            ],
            Profile::Server => vec![ExtendedKeyUsagePurpose::ServerAuth],
            Profile::Client => vec![ExtendedKeyUsagePurpose::ClientAuth],
        }
    }
}

/// The SAN of a host certificate: the host first, then more DNS names (the host not
/// twice), then the IP addresses. Names are checked by the caller (`name::check_dns`).
pub(crate) fn host_sans(host: &str, dns: &[String], ips: &[IpAddr]) -> Result<Vec<SanType>> {
    let dns_san = |d: &str| -> Result<SanType> {
        Ok(SanType::DnsName(d.try_into().map_err(|_| {
            InputError(format!("`{}` is not a DNS name", shown(d)))
        })?))
    };
    let mut sans = vec![dns_san(host)?];
    for d in dns.iter().filter(|d| d.as_str() != host) {
        sans.push(dns_san(d)?);
    }
    sans.extend(ips.iter().map(|ip| SanType::IpAddress(*ip)));
    Ok(sans)
}

/// A host certificate to make.
#[derive(Clone)]
pub(crate) struct Leaf {
    pub dn: DistinguishedName,
    pub sans: Vec<SanType>,
    pub ekus: Vec<ExtendedKeyUsagePurpose>,
    pub rsa: bool,
    pub life: Lifetime,
}

/// A host certificate: the FQDN and IP always in the SAN as well as the CN, EKU
/// serverAuth+clientAuth by default, keyUsage digitalSignature (+keyEncipherment for RSA).
pub(crate) fn leaf_params(l: &Leaf, serial: &[u8]) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = l.dn.clone();
    p.subject_alt_names = l.sans.clone();
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = key_usages(l.rsa);
    p.extended_key_usages = l.ekus.clone();
    p.serial_number = Some(serial_number(serial));
    p.use_authority_key_identifier_extension = true;
    p.not_before = l.life.not_before;
    p.not_after = l.life.not_after;
    p
}

/// digitalSignature, and keyEncipherment for an RSA key (RSA key transport).
pub(crate) fn key_usages(rsa: bool) -> Vec<KeyUsagePurpose> {
    if rsa {
        vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ]
    } else {
        vec![KeyUsagePurpose::DigitalSignature]
    }
}

/// A PKCS#12 file that OpenSSL 3 reads without -legacy (PBES2 AES-256-CBC, HMAC-SHA256), or
/// with `legacy` the 3DES form old Windows needs.
pub(crate) fn pfx(
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
