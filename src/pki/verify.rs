//! Path building and validation. The verdict stands on two legs: tlskit's own
//! per-certificate checks, which follow OpenSSL (what the Security Pack runs) and explain
//! every problem with its depth, and rustls-webpki's path validation (name constraints,
//! path building under a budget), whose errors are translated into words. Where the two
//! disagree, a note says what each Genesys runtime will do.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::cert::{
    Certificate, KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN, KU_KEY_ENCIPHERMENT,
};
use super::crl::Crl;
use super::names::{self, NameResult, PeerName};

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
}

#[derive(Debug, Clone)]
pub struct Options {
    pub at: i64,
    pub purpose: Option<Purpose>,
    pub name: Option<PeerName>,
    pub name_rules: NameRules,
    /// Most intermediates allowed between the leaf and the trust anchor.
    pub max_depth: Option<usize>,
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
}

impl Defect {
    /// Whether the defect alone makes the path invalid (the others are worth knowing:
    /// a CA as end-entity, no SAN, a self-signed leaf).
    pub fn invalidates(self) -> bool {
        !matches!(
            self,
            Defect::LeafIsCa | Defect::NoSan | Defect::SelfSigned | Defect::Order
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
type Verdicts<K> = RefCell<HashMap<K, Result<(), String>>>;

#[derive(Debug, Default)]
pub struct SigCache {
    /// By (certificate SHA-256, issuer SHA-256).
    certs: Verdicts<([u8; 32], [u8; 32])>,
    /// By (CRL address, issuer SHA-256).
    crls: Verdicts<(usize, [u8; 32])>,
}

impl SigCache {
    pub fn cert(&self, child: &Certificate, issuer: &Certificate) -> Result<(), String> {
        let key = (child.sha256, issuer.sha256);
        if let Some(r) = self.certs.borrow().get(&key) {
            return r.clone();
        }
        let r = child.signed_by(issuer);
        self.certs.borrow_mut().insert(key, r.clone());
        r
    }

    pub fn crl(&self, crl: &Arc<Crl>, issuer: &Certificate) -> Result<(), String> {
        let key = (Arc::as_ptr(crl) as usize, issuer.sha256);
        if let Some(r) = self.crls.borrow().get(&key) {
            return r.clone();
        }
        let r = crl.signed_by(issuer);
        self.crls.borrow_mut().insert(key, r.clone());
        r
    }

    /// The verdicts so far, read-only from now on.
    pub fn freeze(self) -> Signatures {
        Signatures {
            certs: self.certs.into_inner(),
            crls: self.crls.into_inner(),
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
    certificate_problems(&chain, anchored, opts.at, &mut out);
    leaf_problems(&chain[0], anchored && last == 0, opts, sigs, &mut out);
    path_end_problems(
        &chain,
        anchored,
        &b.bad_signatures,
        opts.max_depth,
        &mut out,
    );
    revocation(&chain, anchored, crls, opts.at, sigs, &mut out.problems);
    let webpki = webpki_verdict(leaf, pool, anchors, opts);
    let own_errors = out.problems.iter().any(|pr| pr.defect.invalidates());
    // A CA as end-entity is the one webpki refusal the Security Pack does not share.
    let webpki_ok = match &webpki {
        Ok(()) => true,
        Err(e) => e.starts_with("CaUsedAsEndEntity"),
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

/// The problems and notes of one verification, as they are found.
#[derive(Default)]
struct Found {
    problems: Vec<Problem>,
    notes: Vec<String>,
}

impl Found {
    fn problem(&mut self, defect: Defect, depth: usize, message: String) {
        self.problems.push(Problem {
            defect,
            depth,
            message,
        });
    }
}

/// What is wrong with each certificate of the path, as its place in the path judges it.
fn certificate_problems(chain: &[Arc<Certificate>], anchored: bool, at: i64, out: &mut Found) {
    let last = chain.len() - 1;
    for (depth, c) in chain.iter().enumerate() {
        let is_anchor = anchored && depth == last;
        let who = role(depth, is_anchor);
        if c.not_after < at {
            out.problem(
                Defect::Expired,
                depth,
                format!(
                    "{who} {} expired on {} ({} days ago)",
                    c.short_name(),
                    day(c.not_after),
                    (at - c.not_after) / 86_400
                ),
            );
        }
        if c.not_before > at {
            out.problem(
                Defect::NotYetValid,
                depth,
                format!(
                    "{who} {} is not valid before {}",
                    c.short_name(),
                    day(c.not_before)
                ),
            );
        }
        if c.key.weak() {
            out.problem(
                Defect::WeakKey,
                depth,
                format!(
                    "{who} {} has a weak key: {} (at least RSA 2048 or EC P-256)",
                    c.short_name(),
                    c.key.describe()
                ),
            );
        }
        // A trust anchor's own signature is never checked, so its hash does not matter.
        if c.weak_signature() && !(is_anchor && c.self_issued()) {
            out.problem(Defect::WeakSignature,
                depth,
                format!(
                    "{who} {} is signed with {}: MD5 and SHA-1 signatures are refused by OpenSSL 3 at security level 2, Java and Windows",
                    c.short_name(),
                    c.sig_alg
                ),
            );
        }
        if !c.unknown_critical.is_empty() {
            out.problem(Defect::Untrusted,
                depth,
                format!(
                    "{who} {} has critical extensions no verifier understands ({}): they must be refused",
                    c.short_name(),
                    crate::error::listed(&c.unknown_critical, ", ")
                ),
            );
        }
        if c.key.kind == super::cert::KeyKind::Rsa && c.key.bits % 8 != 0 {
            out.problem(Defect::WeakKey,
                depth,
                format!(
                    "{who} {} has an RSA modulus of {} bits, not a whole number of bytes: a broken key",
                    c.short_name(),
                    c.key.bits
                ),
            );
        }
        if c.is_ca() && c.subject_raw.len() <= 2 {
            out.problem(
                Defect::Untrusted,
                depth,
                format!("{who} is a CA with an empty subject, which RFC 5280 forbids"),
            );
        }
        if depth > 0 {
            if !c.is_ca() {
                let why = if c.basic.is_none() {
                    if c.version < 3 {
                        "it is a version 1 certificate without basicConstraints"
                    } else {
                        "it has no basicConstraints CA:TRUE"
                    }
                } else {
                    "its basicConstraints say CA:FALSE"
                };
                // OpenSSL still accepts a self-signed v1 root as a trust anchor.
                if !(is_anchor && c.basic.is_none() && c.version < 3 && c.self_issued()) {
                    out.problem(
                        if is_anchor {
                            Defect::TrustedCaNotCa
                        } else {
                            Defect::Untrusted
                        },
                        depth,
                        format!(
                            "{who} {} issued the certificate below it but is not a CA: {why}",
                            c.short_name()
                        ),
                    );
                } else {
                    out.notes.push(format!(
                        "the trusted CA {} is a version 1 certificate: OpenSSL (Security Pack) accepts it as a root, webpki and Java do not",
                        c.short_name()
                    ));
                }
            }
            if let Some(ku) = c.key_usage
                && ku & KU_KEY_CERT_SIGN == 0
            {
                out.problem(
                    Defect::Untrusted,
                    depth,
                    format!(
                        "{who} {} may not sign certificates: its keyUsage lacks keyCertSign",
                        c.short_name()
                    ),
                );
            }
            if let Some(limit) = c.basic.and_then(|b| b.path_len) {
                // Self-issued intermediates do not count (RFC 5280 6.1.4 (l)).
                let below = chain[1..depth].iter().filter(|i| !i.self_issued()).count();
                if below as u32 > limit {
                    out.problem(Defect::Untrusted,
                        depth,
                        format!(
                            "{who} {} allows {limit} intermediate{} below it (pathLen), but {below} follow{}",
                            c.short_name(),
                            if limit == 1 { "" } else { "s" },
                            if below == 1 { "s" } else { "" }
                        ),
                    );
                }
            }
        }
    }
}

/// What is wrong with the end-entity certificate: its usages, names and whether it signed
/// itself.
fn leaf_problems(
    leaf_c: &Arc<Certificate>,
    leaf_is_anchor: bool,
    opts: &Options,
    sigs: &SigCache,
    out: &mut Found,
) {
    if leaf_c.is_ca() && !leaf_is_anchor {
        out.problem(Defect::LeafIsCa,
            0,
            format!(
                "{} is a CA certificate (basicConstraints CA:TRUE) used as an end-entity certificate",
                leaf_c.short_name()
            ),
        );
        out.notes.push("a CA certificate as the end-entity certificate: OpenSSL (Security Pack) accepts it, rustls/webpki refuses it (CaUsedAsEndEntity)".into());
    }
    if !leaf_c.is_ca() {
        if leaf_c
            .key_usage
            .is_some_and(|ku| ku & KU_KEY_CERT_SIGN != 0)
        {
            out.problem(
                Defect::KeyUsage,
                0,
                format!(
                    "{} is not a CA but its keyUsage includes keyCertSign",
                    leaf_c.short_name()
                ),
            );
        }
        if leaf_c.name_constraints {
            out.problem(
                Defect::Untrusted,
                0,
                format!(
                    "{} carries name constraints, which only CA certificates may have",
                    leaf_c.short_name()
                ),
            );
        }
    }
    if !leaf_c.has_san {
        out.problem(
            Defect::NoSan,
            0,
            format!(
                "{} has no Subject Alternative Name: names are checked against its CN only",
                leaf_c.short_name()
            ),
        );
    }
    if leaf_c.self_issued() && sigs.cert(leaf_c, leaf_c).is_ok() && !leaf_c.is_ca() {
        out.problem(
            Defect::SelfSigned,
            0,
            format!(
                "{} is self-signed: a peer can trust it only by listing it in its trusted-ca",
                leaf_c.short_name()
            ),
        );
    }
    if let Some(purpose) = opts.purpose
        && let Some(eku) = &leaf_c.eku
        && !eku.any
    {
        let (ok, want) = match purpose {
            Purpose::Server => (eku.server, "serverAuth"),
            Purpose::Client => (eku.client, "clientAuth"),
        };
        if !ok {
            out.problem(
                Defect::MissingEku,
                0,
                format!(
                    "{} lacks the extended key usage {want} (it has {})",
                    leaf_c.short_name(),
                    crate::error::listed(&eku.names, ", ")
                ),
            );
        }
    }
    if let Some(ku) = leaf_c.key_usage
        && ku & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT) == 0
    {
        out.problem(Defect::KeyUsage,
            0,
            format!(
                "{}'s keyUsage ({}) allows neither digitalSignature nor keyEncipherment: OpenSSL refuses it for TLS",
                leaf_c.short_name(),
                super::cert::key_usage_names(ku).join(", ")
            ),
        );
    }
    if let Some(name) = &opts.name {
        match opts.name_rules {
            NameRules::Genesys => match names::check(leaf_c, name) {
                NameResult::Match => {}
                NameResult::WildcardOnly(w) => out.problem(Defect::Wildcard,
                    0,
                    format!(
                        "{} matches `{}` only through the wildcard `{w}`, which the Security Pack and Windows refuse",
                        name.text(),
                        leaf_c.short_name()
                    ),
                ),
                NameResult::Mismatch(why) => out.problem(Defect::NameMismatch,
                    0,
                    format!("{} is not a name of the certificate: {why}", name.text()),
                ),
            },
            NameRules::Webpki => {}
        }
        if !leaf_c.has_san && matches!(name, PeerName::Dns(_)) {
            out.notes.push("the certificate has no SAN: the Security Pack falls back to the CN, rustls/webpki and recent Java refuse the name".into());
        }
    }
}

/// Where the path ends: at a trusted CA, at a certificate no CA issued, at a bad signature;
/// and whether it is longer than allowed.
fn path_end_problems(
    chain: &[Arc<Certificate>],
    anchored: bool,
    bad_signatures: &[(Arc<Certificate>, Arc<Certificate>, String)],
    max_depth: Option<usize>,
    out: &mut Found,
) {
    let last = chain.len() - 1;
    if !anchored {
        let end = chain.last().expect("non-empty");
        if let Some((child, issuer, why)) = bad_signatures.first() {
            out.problem(
                Defect::SignatureInvalid,
                chain
                    .iter()
                    .position(|c| c.sha256 == child.sha256)
                    .unwrap_or(0),
                format!(
                    "{} names {} as its issuer, but {why}",
                    child.short_name(),
                    issuer.short_name()
                ),
            );
        } else if end.self_issued() || last > 0 {
            out.problem(
                Defect::Untrusted,
                last,
                format!(
                    "the path ends at {}, which is not among the trusted CAs",
                    end.short_name()
                ),
            );
        } else {
            out.problem(
                Defect::Incomplete,
                last,
                format!(
                    "the issuer of {} ({}) is in neither the certificate file nor the trusted CAs",
                    end.short_name(),
                    end.issuer
                ),
            );
        }
    } else if !chain[last].self_issued() && last > 0 {
        out.notes.push(format!(
            "the path ends at the trusted intermediate {}: webpki and Java accept a partial chain, OpenSSL (Security Pack) only with a full chain to a self-signed root in the file (Guide: Configuring Certificate Chains)",
            chain[last].short_name()
        ));
    }
    if let Some(max) = max_depth {
        let intermediates = chain.len().saturating_sub(if anchored { 2 } else { 1 });
        if intermediates > max {
            out.problem(
                Defect::Untrusted,
                last,
                format!("the path has {intermediates} intermediates, more than the {max} allowed"),
            );
        }
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

fn webpki_verdict(
    leaf: &Arc<Certificate>,
    pool: &[Arc<Certificate>],
    anchors: &[Arc<Certificate>],
    opts: &Options,
) -> Result<(), String> {
    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let ee = webpki::EndEntityCert::try_from(&leaf_der).map_err(|e| format!("{e:?}"))?;
    let anchor_ders: Vec<CertificateDer> = anchors
        .iter()
        .map(|a| CertificateDer::from(a.der.as_slice()))
        .collect();
    let trust: Vec<_> = anchor_ders
        .iter()
        .filter_map(|d| webpki::anchor_from_trusted_cert(d).ok())
        .collect();
    if trust.is_empty() {
        return Err("UnknownIssuer".into());
    }
    let inter: Vec<CertificateDer> = pool
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    // Revocation is judged by tlskit's own check (a hash lookup, and each CRL's signature
    // verified once per run): webpki would hash the whole CRL again for every certificate.
    let revocation: Option<webpki::RevocationOptions<'_>> = None;
    let usage = match opts.purpose {
        Some(Purpose::Client) => Usage::Required(webpki::KeyUsage::client_auth()),
        Some(Purpose::Server) => Usage::Required(webpki::KeyUsage::server_auth()),
        None => Usage::Any,
    };
    let max = opts.max_depth;
    let depth_check = move |p: &webpki::VerifiedPath<'_>| -> Result<(), webpki::Error> {
        match max {
            Some(m) if p.intermediate_certificates().count() > m => {
                Err(webpki::Error::MaximumPathDepthExceeded)
            }
            _ => Ok(()),
        }
    };
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(opts.at.max(0) as u64));
    ee.verify_for_usage(
        &super::sigmemo::ALGORITHMS,
        &trust,
        &inter,
        time,
        usage,
        revocation,
        Some(&depth_check),
    )
    .map_err(|e| format!("{e:?}"))?;
    if let (Some(name), NameRules::Webpki) = (&opts.name, opts.name_rules) {
        let server = match name {
            PeerName::Dns(d) => ServerName::try_from(d.as_str())
                .map_err(|_| "MalformedDnsIdentifier".to_string())?,
            PeerName::Ip(ip) => ServerName::IpAddress((*ip).into()),
        };
        ee.verify_is_valid_for_subject_name(&server)
            .map_err(|e| format!("{e:?}"))?;
    }
    Ok(())
}

/// The EKU policy handed to webpki: a purpose, or none at all (like `openssl verify`
/// without `-purpose`).
enum Usage {
    Required(webpki::KeyUsage),
    Any,
}

impl webpki::ExtendedKeyUsageValidator for Usage {
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        match self {
            Usage::Required(k) => k.validate(iter),
            Usage::Any => Ok(()),
        }
    }
}

fn webpki_rule(e: &str) -> Defect {
    let kind = e.split(['(', ' ', '{']).next().unwrap_or("");
    match kind {
        "CertExpired" => Defect::Expired,
        "CertNotValidYet" => Defect::NotYetValid,
        "CertRevoked" => Defect::Revoked,
        "CrlExpired" => Defect::CrlExpired,
        "InvalidCrlSignatureForPublicKey" => Defect::CrlSignatureInvalid,
        "InvalidSignatureForPublicKey" => Defect::SignatureInvalid,
        "CertNotValidForName" => Defect::NameMismatch,
        "RequiredEkuNotFound" | "RequiredEkuNotFoundContext" => Defect::MissingEku,
        "UnsupportedSignatureAlgorithm" | "UnsupportedSignatureAlgorithmContext" => {
            Defect::WeakSignature
        }
        _ => Defect::Untrusted,
    }
}

/// webpki's errors in words: they carry no depth and print raw DER.
pub fn words(e: &str) -> String {
    let kind = e.split(['(', ' ', '{']).next().unwrap_or(e);
    let text = match kind {
        "UnknownIssuer" => "no path to a trusted CA could be built",
        "CaUsedAsEndEntity" => "a CA certificate is used as the end-entity certificate",
        "EndEntityUsedAsCa" => "an end-entity certificate is used as an issuer",
        "NameConstraintViolation" => "a name of the certificate violates a CA's name constraints",
        "PathLenConstraintViolated" => "a CA's pathLen constraint is exceeded",
        "MaximumPathDepthExceeded" => "the path is longer than allowed",
        "MaximumPathBuildCallsExceeded"
        | "MaximumSignatureChecksExceeded"
        | "MaximumNameConstraintComparisonsExceeded" => {
            "path building gave up: too many candidate paths"
        }
        "CertExpired" => "a certificate of the path has expired",
        "CertNotValidYet" => "a certificate of the path is not yet valid",
        "CertRevoked" => "a certificate of the path is revoked",
        "CrlExpired" => "a CRL has expired",
        "InvalidSignatureForPublicKey" => "a signature does not verify",
        "UnsupportedSignatureAlgorithm"
        | "UnsupportedSignatureAlgorithmContext"
        | "UnsupportedSignatureAlgorithmForPublicKey"
        | "UnsupportedSignatureAlgorithmForPublicKeyContext" => {
            "a signature uses an algorithm webpki does not accept (SHA-1, MD5, or RSA under 2048 bits)"
        }
        "RequiredEkuNotFound" | "RequiredEkuNotFoundContext" => {
            "the extended key usage does not allow this purpose"
        }
        "CertNotValidForName" => "the certificate is not valid for the name",
        "BadDer" | "BadDerTime" | "MalformedExtensions" | "TrailingData" => {
            "a certificate is malformed"
        }
        "InvalidCertValidity" => "a certificate's validity period is invalid",
        "MalformedNameConstraint" => "a name constraint is malformed",
        "InvalidCrlSignatureForPublicKey" => "a CRL signature does not verify",
        "IssuerNotCrlSigner" => "a CRL issuer may not sign CRLs",
        "UnknownRevocationStatus" => "the revocation status is unknown",
        "ExtensionValueInvalid" => "an extension value is invalid",
        "UnsupportedCriticalExtension" => "a certificate has an unsupported critical extension",
        "EmptyEkuExtension" => "a certificate has an empty extendedKeyUsage",
        _ => return format!("webpki error {kind}"),
    };
    format!("{text} ({kind})")
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
