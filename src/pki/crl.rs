//! Certificate revocation lists: parsed once, revoked serials kept in a hash set so that
//! each lookup is constant time whatever the CRL's size.

use std::collections::HashMap;

use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::*;

use super::cert::Certificate;

/// CRLs with more entries than this are refused (a hostile file could otherwise hold
/// hundreds of millions).
pub const MAX_CRL_ENTRIES: usize = 5_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    pub date: i64,
    pub reason: Option<String>,
}

#[derive(Debug)]
pub struct Crl {
    pub der: Vec<u8>,
    pub issuer: String,
    pub issuer_raw: Vec<u8>,
    pub this_update: i64,
    pub next_update: Option<i64>,
    pub number: Option<String>,
    pub aki: Option<Vec<u8>>,
    pub sig_alg: &'static str,
    /// Serial (without leading zero bytes) → revocation.
    pub revoked: HashMap<Vec<u8>, Revoked>,
}

fn strip(b: &[u8]) -> Vec<u8> {
    let start = b
        .iter()
        .position(|x| *x != 0)
        .unwrap_or(b.len().saturating_sub(1));
    b[start..].to_vec()
}

impl Crl {
    pub fn from_der(der: &[u8]) -> Result<Crl, String> {
        let (rest, crl) = CertificateRevocationList::from_der(der).map_err(|e| match e {
            x509_parser::nom::Err::Incomplete(_) => "truncated CRL".to_string(),
            e => format!("not a valid CRL ({e})"),
        })?;
        if !rest.is_empty() {
            return Err(format!(
                "{} bytes of trailing data after the CRL",
                rest.len()
            ));
        }
        let mut revoked = HashMap::with_capacity(crl.iter_revoked_certificates().count());
        for (i, r) in crl.iter_revoked_certificates().enumerate() {
            if i >= MAX_CRL_ENTRIES {
                return Err(format!("more than {MAX_CRL_ENTRIES} revoked entries"));
            }
            revoked.insert(
                strip(r.raw_serial()),
                Revoked {
                    date: r.revocation_date.timestamp(),
                    reason: r.reason_code().map(|(_, code)| format!("{code}")),
                },
            );
        }
        let aki = crl
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                _ => None,
            });
        Ok(Crl {
            der: der[..der.len() - rest.len()].to_vec(),
            issuer: crl.issuer().to_string(),
            issuer_raw: crl.issuer().as_raw().to_vec(),
            this_update: crl.last_update().timestamp(),
            next_update: crl.next_update().map(|t| t.timestamp()),
            number: crl.crl_number().map(|n| n.to_string()),
            aki,
            sig_alg: super::cert::signature_name(&crl.signature_algorithm.algorithm.to_id_string())
                .0,
            revoked,
        })
    }

    pub fn signed_by(&self, ca: &Certificate) -> Result<(), String> {
        let (_, crl) = CertificateRevocationList::from_der(&self.der).map_err(|e| e.to_string())?;
        let (_, issuer) = X509Certificate::from_der(&ca.der).map_err(|e| e.to_string())?;
        crl.verify_signature(issuer.public_key())
            .map_err(|_| "the CRL's signature does not verify with the CA's key".to_string())
    }

    pub fn lookup(&self, serial: &[u8]) -> Option<&Revoked> {
        self.revoked.get(serial)
    }
}
