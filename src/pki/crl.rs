//! Certificate revocation lists: parsed once, revoked serials kept in a hash map so that
//! each lookup is constant time whatever the CRL's size.
//!
//! The list of revoked certificates is walked here rather than by x509-parser, which builds
//! a structure per entry (with its extensions) before anything can be indexed: for a
//! million-entry CRL that was most of the time and some 300 MB. Each entry is reduced to
//! its serial, date and reason as it is read. The header's parts (issuer, times,
//! extensions, algorithm) still go through x509-parser's parsers.

use std::ops::Range;

use x509_parser::der_parser::asn1_rs::{BitString, FromDer};
use x509_parser::extensions::{ParsedExtension, X509Extension};
use x509_parser::prelude::*;
use x509_parser::x509::{AlgorithmIdentifier, ReasonCode};

use super::cert::Certificate;

/// CRLs with more entries than this are refused (a hostile file could otherwise hold
/// hundreds of millions).
pub const MAX_CRL_ENTRIES: usize = 5_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    pub date: i64,
    pub reason: Option<String>,
}

/// A revocation as stored: the reason as its CRLReason code.
#[derive(Debug, Clone, Copy)]
struct Entry {
    date: i64,
    reason: Option<u8>,
}

/// Serial (without leading zero bytes) → where its entry starts in the CRL's DER. Only the
/// offsets are kept: a table of 50,000 of them fits in a core's cache, where one holding
/// serials and dates was several megabytes touched at random, one cache miss and page
/// fault after another; the few entries looked up are read again from the DER. SipHash with
/// a random key: the serials are the file's to choose.
#[derive(Debug, Default)]
struct Index {
    table: hashbrown::HashTable<u32>,
    hasher: std::hash::RandomState,
}

impl Index {
    fn with_capacity(n: usize) -> Index {
        Index {
            table: hashbrown::HashTable::with_capacity(n),
            hasher: std::hash::RandomState::new(),
        }
    }

    /// Records the entry at `at` for `serial`; a later entry for the same serial replaces
    /// an earlier one.
    fn insert(&mut self, der: &[u8], serial: &[u8], at: u32) {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(serial);
        let same = |&o: &u32| serial_at(der, o as usize) == Some(serial);
        match self.table.find_mut(hash, same) {
            Some(old) => *old = at,
            None => {
                let hasher = &self.hasher;
                self.table.insert_unique(hash, at, |&o| {
                    hasher.hash_one(serial_at(der, o as usize).unwrap_or_default())
                });
            }
        }
    }

    fn get(&self, der: &[u8], serial: &[u8]) -> Option<Entry> {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(serial);
        let &at = self
            .table
            .find(hash, |&o| serial_at(der, o as usize) == Some(serial))?;
        // Read when the index was built: it reads the same way now.
        entry_at(der, at as usize, der.len())
            .ok()
            .map(|(_, _, e)| e)
    }

    fn len(&self) -> usize {
        self.table.len()
    }
}

/// The serial (without leading zero bytes) of the entry at `at`, an entry already read.
fn serial_at(der: &[u8], at: usize) -> Option<&[u8]> {
    let entry = tlv(der, at, der.len()).ok()?;
    let serial = tlv(der, entry.body.start, entry.body.end).ok()?;
    Some(strip(&der[serial.body]))
}

/// The revoked-certificate entry at `at` (within `der[..end]`): where it ends, its serial
/// (without leading zero bytes) and its revocation.
fn entry_at(der: &[u8], at: usize, end: usize) -> Result<(usize, &[u8], Entry), String> {
    let entry = tlv(der, at, end)?;
    expect(&entry, SEQUENCE, "a revoked-certificate entry")?;
    let serial = tlv(der, entry.body.start, entry.body.end)?;
    expect(&serial, 0x02, "a serial number")?;
    let date = tlv(der, serial.all.end, entry.body.end)?;
    let date_s = time_at(der, &date, "a revocation date")?;
    let reason = if date.all.end < entry.body.end {
        let exts = tlv(der, date.all.end, entry.body.end)?;
        expect(&exts, SEQUENCE, "entry extensions")?;
        reason(der, exts.body)?
    } else {
        None
    };
    Ok((
        entry.all.end,
        strip(&der[serial.body]),
        Entry {
            date: date_s,
            reason,
        },
    ))
}

#[derive(Debug)]
pub struct Crl {
    pub der: Vec<u8>,
    pub issuer: String,
    pub issuer_raw: Vec<u8>,
    pub this_update: i64,
    pub next_update: Option<i64>,
    pub number: Option<String>,
    /// The CRL number extension is marked critical (RFC 5280 5.2.3 says non-critical).
    pub number_critical: bool,
    pub aki: Option<Vec<u8>>,
    pub sig_alg: &'static str,
    revoked: Index,
    /// Where in `der` the signed part, the signature algorithm and the signature are.
    tbs: Range<usize>,
    signature_algorithm: Range<usize>,
    signature: Range<usize>,
}

/// One DER element of `input`: its tag, the element's range and its content's range.
struct Tlv {
    tag: u8,
    all: Range<usize>,
    body: Range<usize>,
}

/// Reads the element at `at` within `input[..end]`, as ranges of `input`.
fn tlv(input: &[u8], at: usize, end: usize) -> Result<Tlv, String> {
    use super::der::{HeaderError, header};
    if input
        .get(at)
        .filter(|_| at < end)
        .is_some_and(|t| t & 0x1f == 0x1f)
    {
        return Err("not a valid CRL (a multi-byte tag)".into());
    }
    let h = header(input.get(at..end).unwrap_or_default()).map_err(|e| match e {
        HeaderError::Truncated => "truncated CRL".to_string(),
        HeaderError::Indefinite => {
            "not a valid CRL (an indefinite length, which DER forbids)".to_string()
        }
        HeaderError::TooLong => "not a valid CRL (a length of more than four bytes)".to_string(),
    })?;
    Ok(Tlv {
        tag: h.tag,
        all: at..at + h.end,
        body: at + h.start..at + h.end,
    })
}

fn expect(t: &Tlv, tag: u8, what: &str) -> Result<(), String> {
    if t.tag == tag {
        Ok(())
    } else {
        Err(format!("not a valid CRL (expected {what})"))
    }
}

fn invalid(what: &str) -> impl Fn(x509_parser::nom::Err<X509Error>) -> String + '_ {
    move |e| format!("not a valid CRL ({what}: {e})")
}

fn time_at(der: &[u8], t: &Tlv, what: &str) -> Result<i64, String> {
    if let Some(s) = der_time(t.tag, &der[t.body.clone()]) {
        return Ok(s);
    }
    let (_, time) = ASN1Time::from_der(&der[t.all.clone()]).map_err(invalid(what))?;
    Ok(time.timestamp())
}

/// The two forms RFC 5280 prescribes (`YYMMDDHHMMSSZ`, `YYYYMMDDHHMMSSZ`) read directly: a
/// million-entry CRL has a million of them. Anything else goes to x509-parser, which also
/// accepts (or refuses, with its message) the looser forms some CAs write.
fn der_time(tag: u8, body: &[u8]) -> Option<i64> {
    let digits = match (tag, body.len(), body.last()) {
        (UTC_TIME, 13, Some(b'Z')) | (GENERALIZED_TIME, 15, Some(b'Z')) => &body[..body.len() - 1],
        _ => return None,
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |i: usize| (digits[i] - b'0') as i32 * 10 + (digits[i + 1] - b'0') as i32;
    let (year, rest) = if tag == UTC_TIME {
        let yy = n(0);
        (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2)
    } else {
        (n(0) * 100 + n(2), 4)
    };
    let month = ::time::Month::try_from(n(rest) as u8).ok()?;
    let date = ::time::Date::from_calendar_date(year, month, n(rest + 2) as u8).ok()?;
    let at = date
        .with_hms(n(rest + 4) as u8, n(rest + 6) as u8, n(rest + 8) as u8)
        .ok()?;
    Some(at.assume_utc().unix_timestamp())
}

const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const SEQUENCE: u8 = 0x30;
/// id-ce-cRLReasons (2.5.29.21), as its DER content octets.
const REASON_OID: &[u8] = &[0x55, 0x1d, 0x15];

fn strip(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|x| *x != 0)
        .unwrap_or(b.len().saturating_sub(1));
    &b[start..]
}

/// The CRLReason of an entry's extensions, when it has one that parses.
fn reason(der: &[u8], exts: Range<usize>) -> Result<Option<u8>, String> {
    let mut at = exts.start;
    while at < exts.end {
        let ext = tlv(der, at, exts.end)?;
        at = ext.all.end;
        let oid = tlv(der, ext.body.start, ext.body.end)?;
        if oid.tag != 0x06 || &der[oid.body.clone()] != REASON_OID {
            continue;
        }
        let mut value = tlv(der, oid.all.end, ext.body.end)?;
        if value.tag == 0x01 {
            value = tlv(der, value.all.end, ext.body.end)?; // the critical flag
        }
        if value.tag != 0x04 {
            return Ok(None);
        }
        let code = tlv(der, value.body.start, value.body.end)?;
        if code.tag == 0x0a && code.body.len() == 1 {
            return Ok(Some(der[code.body.start]));
        }
        return Ok(None);
    }
    Ok(None)
}

fn entries(der: &[u8], list: Range<usize>) -> Result<Index, String> {
    // Counted first (headers only) so that the table is sized once: growing it doubles
    // and, while it moves, holds both copies.
    let mut count = 0usize;
    let mut at = list.start;
    while at < list.end {
        if count >= MAX_CRL_ENTRIES {
            return Err(format!("more than {MAX_CRL_ENTRIES} revoked entries"));
        }
        at = tlv(der, at, list.end)?.all.end;
        count += 1;
    }
    let mut index = Index::with_capacity(count);
    // The same elements again (the count above bounds them): now each one read.
    let mut at = list.start;
    while at < list.end {
        let (next, serial, _) = entry_at(der, at, list.end)?;
        let offset = u32::try_from(at).map_err(|_| "a CRL of more than 4 GiB".to_string())?;
        index.insert(der, serial, offset);
        at = next;
    }
    Ok(index)
}

impl Crl {
    pub fn from_der(input: &[u8]) -> Result<Crl, String> {
        Crl::from_der_vec(input.to_vec())
    }

    /// `from_der`, keeping `der` itself: a large CRL's DER, just decoded from its PEM, is
    /// not copied again.
    pub fn from_der_vec(der: Vec<u8>) -> Result<Crl, String> {
        let outer = tlv(&der, 0, der.len())?;
        expect(&outer, SEQUENCE, "a SEQUENCE")?;
        let rest = der.len() - outer.all.end;
        if rest > 0 {
            return Err(format!("{rest} bytes of trailing data after the CRL"));
        }
        let tbs = tlv(&der, outer.body.start, outer.body.end)?;
        expect(&tbs, SEQUENCE, "tbsCertList")?;
        let sig_alg = tlv(&der, tbs.all.end, outer.body.end)?;
        expect(&sig_alg, SEQUENCE, "the signature algorithm")?;
        let signature = tlv(&der, sig_alg.all.end, outer.body.end)?;
        expect(&signature, 0x03, "the signature")?;
        if signature.all.end != outer.body.end {
            return Err("not a valid CRL (data after the signature)".into());
        }
        let (_, alg) = AlgorithmIdentifier::from_der(&der[sig_alg.all.clone()])
            .map_err(invalid("signature algorithm"))?;

        // tbsCertList: version?, signature, issuer, thisUpdate, nextUpdate?,
        // revokedCertificates?, [0] crlExtensions?
        let end = tbs.body.end;
        let mut t = tlv(&der, tbs.body.start, end)?;
        if t.tag == 0x02 {
            t = tlv(&der, t.all.end, end)?;
        }
        expect(&t, SEQUENCE, "the inner signature algorithm")?;
        let issuer_t = tlv(&der, t.all.end, end)?;
        let (_, issuer) =
            X509Name::from_der(&der[issuer_t.all.clone()]).map_err(invalid("issuer"))?;
        let this_t = tlv(&der, issuer_t.all.end, end)?;
        if this_t.tag != UTC_TIME && this_t.tag != GENERALIZED_TIME {
            return Err("not a valid CRL (expected thisUpdate)".into());
        }
        let this_update = time_at(&der, &this_t, "thisUpdate")?;
        let mut next_update = None;
        let mut revoked = Index::default();
        let mut extensions = None;
        // The optional parts, each at most once and in this order.
        let mut stage = 0;
        let mut at = this_t.all.end;
        while at < end {
            let t = tlv(&der, at, end)?;
            at = t.all.end;
            match t.tag {
                UTC_TIME | GENERALIZED_TIME if stage < 1 => {
                    next_update = Some(time_at(&der, &t, "nextUpdate")?);
                    stage = 1;
                }
                SEQUENCE if stage < 2 => {
                    revoked = entries(&der, t.body)?;
                    stage = 2;
                }
                0xa0 if stage < 3 => {
                    let list = tlv(&der, t.body.start, t.body.end)?;
                    expect(&list, SEQUENCE, "the CRL extensions")?;
                    extensions = Some(list.body);
                    stage = 3;
                }
                _ => return Err("not a valid CRL (unexpected data in tbsCertList)".into()),
            }
        }
        let mut aki = None;
        let mut number = None;
        let mut number_critical = false;
        if let Some(list) = extensions {
            let mut at = list.start;
            while at < list.end {
                let e = tlv(&der, at, list.end)?;
                at = e.all.end;
                let (_, ext) = X509Extension::from_der(&der[e.all.clone()])
                    .map_err(invalid("an extension"))?;
                match ext.parsed_extension() {
                    ParsedExtension::AuthorityKeyIdentifier(a) if aki.is_none() => {
                        aki = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                    }
                    ParsedExtension::CRLNumber(n) if number.is_none() => {
                        number = Some(n.to_string());
                        number_critical = ext.critical;
                    }
                    _ => {}
                }
            }
        }
        Ok(Crl {
            issuer: issuer.to_string(),
            issuer_raw: issuer.as_raw().to_vec(),
            this_update,
            next_update,
            number,
            number_critical,
            aki,
            sig_alg: super::cert::signature_name(&super::cert::oid_text(&alg.algorithm)).0,
            revoked,
            tbs: tbs.all,
            signature_algorithm: sig_alg.all,
            signature: signature.all,
            der,
        })
    }

    pub fn signed_by(&self, ca: &Certificate) -> Result<(), String> {
        let (_, alg) = AlgorithmIdentifier::from_der(&self.der[self.signature_algorithm.clone()])
            .map_err(|e| e.to_string())?;
        let (_, signature) =
            BitString::from_der(&self.der[self.signature.clone()]).map_err(|e| e.to_string())?;
        let (_, issuer) = X509Certificate::from_der(&ca.der).map_err(|e| e.to_string())?;
        x509_parser::verify::verify_signature(
            issuer.public_key(),
            &alg,
            &signature,
            &self.der[self.tbs.clone()],
        )
        .map_err(|_| "the CRL's signature does not verify with the CA's key".to_string())
    }

    pub fn lookup(&self, serial: &[u8]) -> Option<Revoked> {
        self.revoked.get(&self.der, serial).map(|e| Revoked {
            date: e.date,
            reason: e.reason.map(|c| format!("{}", ReasonCode(c))),
        })
    }

    /// How many certificates the CRL revokes.
    pub fn entries(&self) -> usize {
        self.revoked.len()
    }
}

#[cfg(test)]
mod tests;
