//! Path building and validation. The verdict stands on two legs: tlskit's own
//! per-certificate checks, which follow OpenSSL (what the Security Pack runs) and explain
//! every problem with its depth, and rustls-webpki's path validation (name constraints,
//! path building under a budget), whose errors are translated into words. Where the two
//! disagree, a note says what each Genesys runtime will do.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

use super::cert::Certificate;
use super::crl::Crl;
use super::names::PeerName;

mod problems;
pub mod structure;
mod webpki_check;

use problems::{Found, certificate_problems, leaf_problems, path_end_problems};
pub use webpki_check::words;
use webpki_check::{webpki_rule, webpki_verdict};

/// Path building gives up after this many intermediates (OpenSSL's default depth is 100;
/// real Genesys chains have one or two).
pub const MAX_PATH_DEPTH: usize = 16;
/// And after this many issuer candidates tried, so that a hostile pool of cross-signed
/// certificates cannot make it run for ever.
pub const MAX_CANDIDATES: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    Server,
    Client,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRules {
    /// The Security Pack: SAN, else CN; no wildcards.
    Genesys,
    /// webpki and the CA/Browser Forum: SAN only; wildcards allowed.
    Webpki,
    /// A Java end: JSSE's endpoint identification "HTTPS" (`names::check_jsse`).
    Jsse,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub at: i64,
    pub purpose: Option<Purpose>,
    pub name: Option<PeerName>,
    pub name_rules: NameRules,
    /// Most intermediates allowed between the leaf and the trust anchor.
    pub max_depth: Option<usize>,
    /// Validate as JSSE's PKIX does (JDK 17, a Java end) rather than as OpenSSL: a trust
    /// anchor's pathLen and unknown critical extensions are not checked, and a certificate
    /// that is itself in the trusted CAs is trusted as it is (tests/java_trust.rs measures
    /// it against the JDK).
    pub pkix: bool,
}

/// What is wrong with a certificate, a chain or a CRL, as path validation finds it. Which
/// catalog rule reports each is the rules' business (`rules::chains::rule_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Defect {
    Expired,
    NotYetValid,
    WeakKey,
    WeakSignature,
    Untrusted,
    TrustedCaNotCa,
    LeafIsCa,
    KeyUsage,
    NoSan,
    SelfSigned,
    MissingEku,
    Wildcard,
    NameMismatch,
    SignatureInvalid,
    Incomplete,
    CrlSignatureInvalid,
    CrlExpired,
    Revoked,
    /// A bundle not in leaf → intermediates → root order.
    Order,
    /// A serial number that is zero, negative or longer than 20 octets.
    SerialNumber,
    /// A missing or malformed authority or subject key identifier.
    KeyIdentifier,
    /// basicConstraints, subjectAltName or policyConstraints with the wrong criticality.
    Criticality,
    /// A common name that does not repeat a SAN entry exactly.
    CnNotInSan,
    /// A SAN DNS name outside the preferred name syntax, or a SAN that does not parse.
    DnsName,
    /// Empty or malformed name constraints.
    NameConstraints,
    /// A malformed authorityInfoAccess.
    Aia,
    /// A critical extendedKeyUsage, anyExtendedKeyUsage in an end-entity certificate, an
    /// extendedKeyUsage on a root.
    EkuMisused,
    /// A CRL without a CRL number.
    CrlNumber,
    /// A critical extension OpenSSL does not process (authorityKeyIdentifier,
    /// subjectKeyIdentifier, authorityInfoAccess…, a CRL's CRL number): OpenSSL refuses it.
    CriticalUnhandled,
    /// A CRL whose issuer's keyUsage lacks cRLSign.
    CrlIssuerNoCrlSign,
}

impl Defect {
    /// Whether the defect alone makes the path invalid (the others are worth knowing:
    /// a CA as end-entity, no SAN, a self-signed leaf).
    pub fn invalidates(self) -> bool {
        !matches!(
            self,
            Defect::LeafIsCa
                | Defect::NoSan
                | Defect::SelfSigned
                | Defect::Order
                | Defect::SerialNumber
                | Defect::KeyIdentifier
                | Defect::Criticality
                | Defect::CnNotInSan
                | Defect::DnsName
                | Defect::NameConstraints
                | Defect::Aia
                | Defect::EkuMisused
                | Defect::CrlNumber
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub defect: Defect,
    pub depth: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Verification {
    pub valid: bool,
    /// Leaf first, then issuers as far as the path could be built.
    pub chain: Vec<Arc<Certificate>>,
    /// Whether the path ends at a trusted certificate.
    pub anchored: bool,
    pub problems: Vec<Problem>,
    /// Where runtimes disagree, and other things worth knowing that are not problems.
    pub notes: Vec<String>,
    /// webpki's verdict, in words when it refuses.
    pub webpki: Result<(), String>,
}

/// Signature checks are the expensive part: each (certificate, issuer) pair and each
/// (CRL, issuer) pair is verified once per run.
type Verdicts<K> = Mutex<HashMap<K, Result<(), String>>>;

#[derive(Debug, Default)]
pub struct SigCache {
    /// By (certificate SHA-256, issuer SHA-256).
    certs: Verdicts<([u8; 32], [u8; 32])>,
    /// By (CRL address, issuer SHA-256).
    crls: Verdicts<(usize, [u8; 32])>,
}

fn locked<K>(v: &Verdicts<K>) -> std::sync::MutexGuard<'_, HashMap<K, Result<(), String>>> {
    v.lock().unwrap_or_else(|p| p.into_inner())
}

impl SigCache {
    pub fn cert(&self, child: &Certificate, issuer: &Certificate) -> Result<(), String> {
        let key = (child.sha256, issuer.sha256);
        if let Some(r) = locked(&self.certs).get(&key) {
            return r.clone();
        }
        let r = child.signed_by(issuer);
        locked(&self.certs).insert(key, r.clone());
        r
    }

    /// Verifies, ahead of the path building that will ask, the signature of each of
    /// `certs` by each certificate of `issuers` (or of `certs`) that may have issued it.
    pub fn settle(&self, certs: &[Arc<Certificate>], issuers: &[Arc<Certificate>]) {
        for child in certs {
            for issuer in certs.iter().chain(issuers) {
                if issuer.sha256 != child.sha256 && may_issue(child, issuer) {
                    let _ = self.cert(child, issuer);
                }
            }
        }
    }

    /// Verifies, ahead of the checks that will ask, each CRL's signature by each of
    /// `issuers` named as its issuer: a large CRL's digest is then taken while other work
    /// runs, not on the way to the first verdict.
    pub fn settle_crls(&self, crls: &[Arc<Crl>], issuers: &[Arc<Certificate>]) {
        for crl in crls {
            for issuer in issuers.iter().filter(|i| i.subject_raw == crl.issuer_raw) {
                let _ = self.crl(crl, issuer);
            }
        }
    }

    pub fn crl(&self, crl: &Arc<Crl>, issuer: &Certificate) -> Result<(), String> {
        let key = (Arc::as_ptr(crl) as usize, issuer.sha256);
        if let Some(r) = locked(&self.crls).get(&key) {
            return r.clone();
        }
        let r = crl.signed_by(issuer);
        locked(&self.crls).insert(key, r.clone());
        r
    }

    /// Verifies, on every core, the signature of each certificate of `certs` by each other
    /// one that may have issued it: the pairs path building asks about, answered before it
    /// asks (it then runs on one thread, and the signatures are most of its cost).
    pub fn prewarm(&self, certs: &[Arc<Certificate>]) {
        let pairs: Vec<_> = issuer_pairs(certs, usize::MAX)
            .into_iter()
            .filter(|(child, issuer)| {
                !locked(&self.certs).contains_key(&(child.sha256, issuer.sha256))
            })
            .collect();
        let verdicts = crate::par::map(&pairs, |(child, issuer)| child.signed_by(issuer));
        let mut memo = locked(&self.certs);
        for ((child, issuer), r) in pairs.into_iter().zip(verdicts) {
            memo.insert((child.sha256, issuer.sha256), r);
        }
    }

    /// The verdicts so far, read-only from now on.
    pub fn freeze(self) -> Signatures {
        Signatures {
            certs: self.certs.into_inner().unwrap_or_else(|p| p.into_inner()),
            crls: self.crls.into_inner().unwrap_or_else(|p| p.into_inner()),
        }
    }
}

/// Signature verdicts a run has already reached, for readers that must not change them: a
/// verdict not among them is computed again (signatures are pure functions of the DER).
#[derive(Debug, Default)]
pub struct Signatures {
    certs: HashMap<([u8; 32], [u8; 32]), Result<(), String>>,
    crls: HashMap<(usize, [u8; 32]), Result<(), String>>,
}

impl Signatures {
    pub fn cert(&self, child: &Certificate, issuer: &Certificate) -> Result<(), String> {
        match self.certs.get(&(child.sha256, issuer.sha256)) {
            Some(r) => r.clone(),
            None => child.signed_by(issuer),
        }
    }

    pub fn crl(&self, crl: &Arc<Crl>, issuer: &Certificate) -> Result<(), String> {
        match self.crls.get(&(Arc::as_ptr(crl) as usize, issuer.sha256)) {
            Some(r) => r.clone(),
            None => crl.signed_by(issuer),
        }
    }
}

/// Verifies each certificate of one file under its issuers in the same file, into the
/// process's memory of signatures (`sigmemo`), and keeps no verdict itself: a chain file
/// holds its leaf's issuers, so the thread that reads the file can do the RSA work while
/// the model is still being built, and the facts' `prewarm` then finds every verdict made.
/// Algorithms outside the memory are left to `prewarm`.
pub(crate) fn verify_within(certs: &[Arc<Certificate>]) {
    if certs.len() < 2 {
        return;
    }
    // A few candidates each: a file of certificates sharing one name would otherwise be
    // verified pairwise here, before the facts' own bounds apply.
    for (child, issuer) in issuer_pairs(certs, 4) {
        let _ = super::sigmemo::certificate_signed_by(&child.der, &issuer.der);
    }
}

/// Each distinct certificate of `certs` with each other one of them that may have issued
/// it, among the first `per_child` bearing its issuer's name.
fn issuer_pairs(
    certs: &[Arc<Certificate>],
    per_child: usize,
) -> Vec<(&Arc<Certificate>, &Arc<Certificate>)> {
    let mut by_subject: HashMap<&[u8], Vec<&Arc<Certificate>>> = Default::default();
    for c in certs {
        by_subject.entry(&c.subject_raw).or_default().push(c);
    }
    let mut seen = rustc_hash::FxHashSet::default();
    certs
        .iter()
        .filter(|c| seen.insert(c.sha256))
        .flat_map(|child| {
            by_subject
                .get(child.issuer_raw.as_slice())
                .into_iter()
                .flatten()
                .take(per_child)
                .filter(|issuer| issuer.sha256 != child.sha256 && may_issue(child, issuer))
                .map(move |issuer| (child, *issuer))
        })
        .collect()
}

fn may_issue(child: &Certificate, issuer: &Certificate) -> bool {
    if child.issuer_raw != issuer.subject_raw {
        return false;
    }
    match (&child.aki, &issuer.ski) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    }
}

struct Builder<'a> {
    pool: &'a [Arc<Certificate>],
    anchors: &'a [Arc<Certificate>],
    sigs: &'a SigCache,
    at: i64,
    tried: usize,
    best: Vec<Arc<Certificate>>,
    /// The first path that reached an anchor, kept while a cleaner one is sought.
    anchored: Option<Vec<Arc<Certificate>>>,
    bad_signatures: Vec<(Arc<Certificate>, Arc<Certificate>, String)>,
}

impl Builder<'_> {
    fn is_anchor(&self, c: &Certificate) -> bool {
        self.anchors.iter().any(|a| a.sha256 == c.sha256)
    }

    fn extend(&mut self, path: &mut Vec<Arc<Certificate>>) -> bool {
        let last = path.last().expect("path starts with the leaf").clone();
        if path.len() > self.best.len() {
            self.best = path.clone();
        }
        if self.is_anchor(&last) {
            // Like OpenSSL and webpki, keep looking when this path cannot be valid (an
            // issuer that is no CA, a certificate out of its validity period).
            let anchor = path.len() - 1;
            let clean = path.iter().enumerate().all(|(i, c)| {
                (i == 0 || c.is_ca() || (c.basic.is_none() && c.version < 3))
                    && c.not_before <= self.at
                    && c.not_after >= self.at
                    && (i == anchor || !c.weak_signature())
            });
            if clean {
                return true;
            }
            if self.anchored.is_none() {
                self.anchored = Some(path.clone());
            }
            return false;
        }
        if path.len() > MAX_PATH_DEPTH + 1 || self.tried >= MAX_CANDIDATES {
            return false;
        }
        let candidates: Vec<Arc<Certificate>> = self
            .anchors
            .iter()
            .chain(self.pool.iter())
            .filter(|c| may_issue(&last, c) && !path.iter().any(|p| p.sha256 == c.sha256))
            .cloned()
            .collect();
        for c in candidates {
            self.tried += 1;
            if self.tried > MAX_CANDIDATES {
                return false;
            }
            match self.sigs.cert(&last, &c) {
                Ok(()) => {
                    path.push(c);
                    if self.extend(path) {
                        return true;
                    }
                    path.pop();
                }
                Err(e) => self.bad_signatures.push((last.clone(), c, e)),
            }
        }
        false
    }
}

fn day(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
        })
        .unwrap_or_else(|_| t.to_string())
}

fn role(depth: usize, is_anchor: bool) -> &'static str {
    match (depth, is_anchor) {
        (0, _) => "the certificate",
        (_, true) => "the trusted CA",
        _ => "the intermediate",
    }
}

pub fn verify(
    leaf: &Arc<Certificate>,
    pool: &[Arc<Certificate>],
    anchors: &[Arc<Certificate>],
    crls: &[Arc<Crl>],
    opts: &Options,
    sigs: &SigCache,
) -> Verification {
    let mut b = Builder {
        pool,
        anchors,
        sigs,
        at: opts.at,
        tried: 0,
        best: Vec::new(),
        anchored: None,
        bad_signatures: Vec::new(),
    };
    let mut path = vec![leaf.clone()];
    let (anchored, chain) = if b.extend(&mut path) {
        (true, path)
    } else if let Some(p) = b.anchored.take() {
        (true, p)
    } else {
        (false, b.best.clone())
    };
    let mut out = Found::default();
    let last = chain.len() - 1;
    certificate_problems(&chain, anchored, opts.at, opts.pkix, &mut out);
    leaf_problems(&chain[0], anchored && last == 0, opts, sigs, &mut out);
    path_end_problems(
        &chain,
        anchors,
        anchored,
        &b.bad_signatures,
        opts.max_depth,
        &mut out,
    );
    revocation(&chain, anchored, crls, opts.at, sigs, &mut out.problems);
    for (depth, c) in chain.iter().enumerate() {
        let who = role(depth, anchored && depth == last);
        for (defect, message) in structure::certificate_defects(c) {
            out.problem(defect, depth, format!("{who} {message}"));
        }
    }
    let webpki = webpki_verdict(leaf, pool, anchors, opts);
    let own_errors = out.problems.iter().any(|pr| pr.defect.invalidates());
    // A CA as end-entity is the one webpki refusal the Security Pack does not share.
    // JSSE trusts a certificate found in its trusted CAs as it is, with no path above it.
    let pkix_trusted_itself = opts.pkix && anchored && chain.len() == 1;
    let webpki_ok = match &webpki {
        Ok(()) => true,
        Err(e) => e.starts_with("CaUsedAsEndEntity") || pkix_trusted_itself,
    };
    if let Err(e) = &webpki
        && !own_errors
        && !webpki_ok
    {
        out.problem(
            webpki_rule(e),
            0,
            format!("path validation refuses it: {}", words(e)),
        );
    }
    Verification {
        valid: anchored
            && !own_errors
            && webpki_ok
            && !out.problems.iter().any(|pr| pr.defect == Defect::Untrusted),
        chain,
        anchored,
        problems: out.problems,
        notes: out.notes,
        webpki: webpki.map_err(|e| words(&e)),
    }
}

/// Whether a verification refuses trust in the certificate, with the defect that decides it
/// and its words: the path reaches no trusted CA (no issuer, a bad signature, an untrusted
/// root), or a certificate of the path may not be where it is. Expiry, weak algorithms, key
/// usages and names are other verdicts, each reported by its own rule.
pub fn trust_refusal(o: &Verification) -> Option<(Defect, String)> {
    let first = |wanted: &[Defect]| {
        o.problems
            .iter()
            .find(|p| wanted.contains(&p.defect))
            .map(|p| (p.defect, p.message.clone()))
    };
    if !o.anchored {
        Some(
            first(&[
                Defect::Untrusted,
                Defect::Incomplete,
                Defect::SignatureInvalid,
            ])
            .unwrap_or_else(|| (Defect::Untrusted, "no path to any of its CAs".into())),
        )
    } else {
        first(&[Defect::Untrusted])
    }
}

fn revocation(
    chain: &[Arc<Certificate>],
    anchored: bool,
    crls: &[Arc<Crl>],
    at: i64,
    sigs: &SigCache,
    problems: &mut Vec<Problem>,
) {
    if crls.is_empty() {
        return;
    }
    let checked = if anchored {
        chain.len() - 1
    } else {
        chain.len()
    };
    for depth in 0..checked {
        let c = &chain[depth];
        let issuer = chain.get(depth + 1);
        for crl in crls.iter().filter(|crl| crl.issuer_raw == c.issuer_raw) {
            if let Some(issuer) = issuer
                && let Err(e) = sigs.crl(crl, issuer)
            {
                problems.push(Problem {
                    defect: Defect::CrlSignatureInvalid,
                    depth,
                    message: format!("the CRL of {}: {e}", crl.issuer),
                });
                continue;
            }
            for (defect, message) in structure::crl_defects(crl) {
                problems.push(Problem {
                    defect,
                    depth,
                    message,
                });
            }
            if let Some(issuer) = issuer
                && let Some(message) = structure::crl_issuer_problem(crl, issuer)
            {
                problems.push(Problem {
                    defect: Defect::CrlIssuerNoCrlSign,
                    depth,
                    message,
                });
            }
            if let Some(next) = crl.next_update
                && next < at
            {
                problems.push(Problem {
                    defect: Defect::CrlExpired,
                    depth,
                    message: format!("the CRL of {} expired on {} (nextUpdate): OpenSSL refuses certificates checked against it", crl.issuer, day(next)),
                });
            }
            if crl.this_update > at {
                problems.push(Problem {
                    defect: Defect::CrlExpired,
                    depth,
                    message: format!(
                        "the CRL of {} is not valid before {} (thisUpdate)",
                        crl.issuer,
                        day(crl.this_update)
                    ),
                });
            }
            if let Some(r) = crl.lookup(&c.serial) {
                problems.push(Problem {
                    defect: Defect::Revoked,
                    depth,
                    message: format!(
                        "{} {} (serial {}) was revoked on {}{}",
                        role(depth, false),
                        c.short_name(),
                        super::cert::serial_hex(&c.serial),
                        day(r.date),
                        r.reason
                            .as_ref()
                            .map(|x| format!(" ({x})"))
                            .unwrap_or_default()
                    ),
                });
            }
        }
    }
}

/// Whether a certificate file lists its certificates leaf → intermediates → root.
pub fn order_problem(certs: &[Arc<Certificate>]) -> Option<String> {
    if certs.len() < 2 {
        return None;
    }
    // The leaf is the certificate that issued none of the others.
    let issues_another = |c: &Certificate| {
        certs
            .iter()
            .any(|o| o.sha256 != c.sha256 && may_issue(o, c))
    };
    if issues_another(&certs[0]) {
        return Some(format!(
            "the first certificate, {}, is an issuer of another one in the file: the end-entity certificate must come first",
            certs[0].short_name()
        ));
    }
    for w in certs.windows(2) {
        if !may_issue(&w[0], &w[1]) {
            return Some(format!(
                "{} is not followed by its issuer ({} comes next)",
                w[0].short_name(),
                w[1].short_name()
            ));
        }
    }
    None
}

/// The end-entity certificate of a bundle in any order: the one that issued none of the
/// others.
pub fn leaf_of(certs: &[Arc<Certificate>]) -> Arc<Certificate> {
    certs
        .iter()
        .find(|c| {
            !certs
                .iter()
                .any(|o| o.sha256 != c.sha256 && o.issuer_raw == c.subject_raw && !o.self_issued())
        })
        .unwrap_or(&certs[0])
        .clone()
}
