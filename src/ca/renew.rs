//! What `ca renew` re-issues: each certificate of the store that expires within a window
//! (or each serial named), read back from its files so that the new one has the same
//! subject (byte for byte, string types kept), SANs, EKU, key type and file forms.

use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rcgen::{DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, SanType};
use time::{Duration, OffsetDateTime};
use x509_parser::certificate::X509Certificate;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::extensions::GeneralName;

use super::batch::FileOptions;
use super::db::{Entry, parse_asn1_time};
use super::issue::KeyType;
use super::serial::{parse_hex, same, serial_text};
use super::store::Store;
use crate::error::{InputError, Result};

/// A certificate to renew, as its files describe it.
pub(crate) struct Old {
    pub serial: String,
    pub host: String,
    /// Its ca.db subject (as `openssl ca` writes it).
    pub subject: String,
    /// The `<label>` of its file names, which the new files keep.
    pub label: String,
    pub expires: OffsetDateTime,
    /// Its lifetime in whole days: the new certificate gets as many.
    pub days: u32,
    pub dn: DistinguishedName,
    pub sans: Vec<SanType>,
    pub ekus: Vec<ExtendedKeyUsagePurpose>,
    pub key_type: KeyType,
    pub key_file: PathBuf,
    pub files: FileOptions,
}

/// A certificate of the window that is not renewed, and why.
pub(crate) struct Skip {
    pub serial: String,
    pub host: String,
    pub reason: String,
}

pub(crate) struct Plan {
    pub renew: Vec<Old>,
    pub skipped: Vec<Skip>,
}

/// The `<serial>_<label>_cert.pem` files of the repository: label by serial.
fn labels(store: &Store) -> BTreeMap<String, String> {
    std::fs::read_dir(store.repository())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let rest = name.strip_suffix("_cert.pem")?;
            let (serial, label) = rest.split_once('_')?;
            Some((serial_text(&parse_hex(serial)?), label.to_string()))
        })
        .collect()
}

/// What to renew: the serials named, else every valid certificate expiring within
/// `within` days of `now` that was not renewed already.
pub(crate) fn plan(
    store: &Store,
    entries: &[Entry],
    within: u32,
    named: &[String],
    now: OffsetDateTime,
) -> Result<Plan> {
    let labels = labels(store);
    let mut plan = Plan {
        renew: Vec::new(),
        skipped: Vec::new(),
    };
    if !named.is_empty() {
        for s in named {
            let e = find(entries, s, store)?;
            if e.status == 'R' {
                return Err(InputError(format!(
                    "serial {}: revoked; issue a new certificate with `ca issue`",
                    e.serial
                )));
            }
            let old = load(store, e, &labels)
                .map_err(|why| InputError(format!("serial {}: {why}", e.serial)))?;
            plan.renew.push(old);
        }
        return Ok(plan);
    }
    let end = now + Duration::days(within as i64);
    for e in entries.iter().filter(|e| e.status == 'V') {
        let Some(expires) = parse_asn1_time(&e.expiry) else {
            continue;
        };
        if expires < now || expires > end {
            continue;
        }
        let skip = |reason: String| Skip {
            serial: e.serial.clone(),
            host: e.common_name(),
            reason,
        };
        if let Some(newer) = renewed_as(entries, e, end) {
            plan.skipped
                .push(skip(format!("already renewed as serial {newer}")));
            continue;
        }
        match load(store, e, &labels) {
            Ok(old) => plan.renew.push(old),
            Err(why) => plan.skipped.push(skip(why)),
        }
    }
    Ok(plan)
}

/// Under the CA's lock, with ca.db read again: why `old` is no longer to be renewed, if
/// another run changed it since the plan was made from `planned` (the entries then). A
/// valid certificate of the same subject recorded meanwhile renewed it already (another
/// `ca renew`, or a `ca issue` for the same host); a certificate revoked meanwhile is not
/// renewed either.
pub(crate) fn changed_since(entries: &[Entry], planned: &[Entry], old: &Old) -> Option<String> {
    let known: HashSet<String> = planned.iter().map(|e| key(&e.serial)).collect();
    if let Some(newer) = entries
        .iter()
        .find(|e| e.status == 'V' && e.subject == old.subject && !known.contains(&key(&e.serial)))
    {
        return Some(format!("already renewed as serial {}", newer.serial));
    }
    match entries.iter().find(|e| same(&e.serial, &old.serial)) {
        Some(e) if e.status == 'V' => None,
        Some(_) => Some("revoked meanwhile".into()),
        None => Some("no longer in ca.db".into()),
    }
}

/// A serial as one spelling, to compare `0a` and `0A`.
fn key(serial: &str) -> String {
    parse_hex(serial.trim()).map_or_else(|| serial.to_string(), |s| serial_text(&s))
}

fn find<'a>(entries: &'a [Entry], serial: &str, store: &Store) -> Result<&'a Entry> {
    if parse_hex(serial.trim()).is_none() {
        return Err(InputError(format!(
            "`{}` is not a hexadecimal serial",
            super::name::shown(serial)
        )));
    }
    entries
        .iter()
        .find(|e| same(&e.serial, serial))
        .ok_or_else(|| {
            InputError(format!(
                "serial {} is not in {}",
                serial.trim().to_uppercase(),
                store.path("ca.db").display()
            ))
        })
}

/// A valid certificate with the same subject that lasts beyond the window: `e` was
/// renewed already (without --revoke-old).
fn renewed_as(entries: &[Entry], e: &Entry, end: OffsetDateTime) -> Option<String> {
    entries
        .iter()
        .filter(|o| o.status == 'V' && o.serial != e.serial && o.subject == e.subject)
        .find(|o| parse_asn1_time(&o.expiry).is_some_and(|t| t > end))
        .map(|o| o.serial.clone())
}

/// Reads a certificate back from its files; the error says why it cannot be renewed.
fn load(
    store: &Store,
    e: &Entry,
    labels: &BTreeMap<String, String>,
) -> std::result::Result<Old, String> {
    let serial = serial_text(&parse_hex(&e.serial).unwrap_or_default());
    let label = labels
        .get(&serial)
        .ok_or("no certificate file in repository/ (not issued by tlskit)")?;
    let stem = store.repository().join(format!("{serial}_{label}"));
    let file = |suffix: &str| PathBuf::from(format!("{}{suffix}", stem.display()));
    let der = cert_der(&file("_cert.pem"))?;
    let cert = crate::pki::cert::Certificate::from_der(&der)?;
    if cert.is_ca() {
        return Err("a CA certificate: make a new intermediate with `ca init`".into());
    }
    let key_file = file("_priv_key.pem");
    let key_text = read_pki(&key_file)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|_| {
            "no private key in repository/ (signed from a request): sign a new request".to_string()
        })?;
    let key_type = KeyType::of(&cert.key).ok_or("its key type cannot be generated here")?;
    let (_, x509) = x509_parser::parse_x509_certificate(&der).map_err(|e| e.to_string())?;
    let host = cert
        .san_dns
        .first()
        .or(cert.common_names.first())
        .cloned()
        .unwrap_or_else(|| label.clone());
    let lifetime = (cert.not_after - cert.not_before + 43_200) / 86_400;
    Ok(Old {
        serial: e.serial.clone(),
        host,
        subject: e.subject.clone(),
        label: label.clone(),
        expires: OffsetDateTime::from_unix_timestamp(cert.not_after).map_err(|e| e.to_string())?,
        days: lifetime.clamp(1, u32::MAX as i64) as u32,
        dn: subject_dn(&x509)?,
        sans: sans(&x509)?,
        ekus: ekus(&x509)?,
        key_type,
        key_file,
        files: FileOptions {
            pkcs1: key_text.contains("BEGIN RSA PRIVATE KEY"),
            pfx_legacy: read_pki(&file("_cert.pfx")).is_ok_and(|p| is_3des(&p)),
            chain_file: file("_chain.pem").exists(),
        },
    })
}

fn cert_der(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let text = read_pki(path).map_err(|e| format!("{}: {e}", path.display()))?;
    crate::pki::pem::parse(&text)
        .blocks
        .into_iter()
        .find(|b| b.label == "CERTIFICATE")
        .map(|b| b.der)
        .ok_or_else(|| format!("{}: no certificate in it", path.display()))
}

/// The PFX was written with 3DES (`--pfx-legacy`): its OID pbeWithSHAAnd3-KeyTripleDES-CBC
/// is in it.
fn is_3des(pfx: &[u8]) -> bool {
    const OID: &[u8] = &[
        0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03,
    ];
    pfx.windows(OID.len()).any(|w| w == OID)
}

/// The subject as rcgen writes it again: the same attributes in the same order, each
/// with its string type.
fn subject_dn(x509: &X509Certificate) -> std::result::Result<DistinguishedName, String> {
    let mut dn = DistinguishedName::new();
    for rdn in x509.subject().iter() {
        let mut attrs = rdn.iter();
        let (Some(attr), None) = (attrs.next(), attrs.next()) else {
            return Err("a multi-valued RDN in its subject cannot be copied".into());
        };
        let oid: Vec<u64> = attr
            .attr_type()
            .iter()
            .ok_or("an attribute type too large to copy")?
            .collect();
        let data = attr.attr_value().data;
        let text = || std::str::from_utf8(data).map_err(|e| e.to_string());
        let bad = |e: rcgen::Error| e.to_string();
        let value = match attr.attr_value().header.tag() {
            Tag::PrintableString => DnValue::PrintableString(text()?.try_into().map_err(bad)?),
            Tag::Ia5String => DnValue::Ia5String(text()?.try_into().map_err(bad)?),
            Tag::T61String => DnValue::TeletexString(text()?.try_into().map_err(bad)?),
            Tag::BmpString => DnValue::BmpString(
                rcgen::string::BmpString::from_utf16be(data.to_vec()).map_err(bad)?,
            ),
            Tag::UniversalString => DnValue::UniversalString(
                rcgen::string::UniversalString::from_utf32be(data.to_vec()).map_err(bad)?,
            ),
            Tag::Utf8String => DnValue::Utf8String(text()?.to_string()),
            t => return Err(format!("a subject attribute of type {t} cannot be copied")),
        };
        dn.push(DnType::from_oid(&oid), value);
    }
    Ok(dn)
}

fn sans(x509: &X509Certificate) -> std::result::Result<Vec<SanType>, String> {
    let Some(ext) = x509.subject_alternative_name().map_err(|e| e.to_string())? else {
        return Ok(Vec::new());
    };
    let bad = |e: rcgen::Error| e.to_string();
    ext.value
        .general_names
        .iter()
        .map(|g| match g {
            GeneralName::DNSName(d) => Ok(SanType::DnsName((*d).try_into().map_err(bad)?)),
            GeneralName::RFC822Name(m) => Ok(SanType::Rfc822Name((*m).try_into().map_err(bad)?)),
            GeneralName::URI(u) => Ok(SanType::URI((*u).try_into().map_err(bad)?)),
            GeneralName::IPAddress(b) => match b.len() {
                4 => Ok(SanType::IpAddress(IpAddr::from(
                    <[u8; 4]>::try_from(*b).map_err(|e| e.to_string())?,
                ))),
                16 => Ok(SanType::IpAddress(IpAddr::from(
                    <[u8; 16]>::try_from(*b).map_err(|e| e.to_string())?,
                ))),
                _ => Err("an IP address SAN of odd length".to_string()),
            },
            other => Err(format!("a SAN entry tlskit cannot copy ({other})")),
        })
        .collect()
}

fn ekus(x509: &X509Certificate) -> std::result::Result<Vec<ExtendedKeyUsagePurpose>, String> {
    use ExtendedKeyUsagePurpose as P;
    let Some(ext) = x509.extended_key_usage().map_err(|e| e.to_string())? else {
        return Ok(Vec::new());
    };
    let e = &ext.value;
    let mut out = Vec::new();
    for (on, p) in [
        (e.server_auth, P::ServerAuth),
        (e.client_auth, P::ClientAuth),
        (e.any, P::Any),
        (e.code_signing, P::CodeSigning),
        (e.email_protection, P::EmailProtection),
        (e.time_stamping, P::TimeStamping),
        (e.ocsp_signing, P::OcspSigning),
    ] {
        if on {
            out.push(p);
        }
    }
    for oid in &e.other {
        out.push(P::Other(
            oid.iter().ok_or("an EKU OID too large to copy")?.collect(),
        ));
    }
    Ok(out)
}

/// A file of the CA's repository: a regular file only (never a FIFO left there), capped.
fn read_pki(path: &Path) -> std::result::Result<Vec<u8>, crate::input::read::ReadError> {
    crate::input::read::read_capped(path, crate::pki::load::MAX_PKI_BYTES)
}
