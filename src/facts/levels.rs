//! OpenSSL security levels applied to certificates: the chain a verifier builds, the first
//! certificate a level refuses, and how a side came by its level. The handshake prediction
//! and `handshake-certificate-below-seclevel` both read them.

use std::sync::Arc;

use crate::pki::cert::Certificate;
use crate::resolve::Effective;
use crate::tls::handshake::{cert_falls_short, cert_refused_at};

/// The chain a verifier builds from `leaf`: the certificates of the peer's file and the
/// verifier's CAs, by issuer name, up to a self-issued certificate or one of the CAs, each
/// with whether it is the trust anchor (whose own signature is not checked).
pub(crate) fn chain(
    leaf: &Arc<Certificate>,
    file: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
) -> Vec<(Arc<Certificate>, bool)> {
    let mut path = vec![leaf.clone()];
    let mut anchored = cas.iter().any(|a| a.sha256 == leaf.sha256);
    while !anchored && !path.last().expect("leaf").self_issued() && path.len() < 16 {
        let last = path.last().expect("leaf");
        let issuer = cas.iter().chain(file).find(|c| {
            c.subject_raw == last.issuer_raw && path.iter().all(|p| p.sha256 != c.sha256)
        });
        let Some(issuer) = issuer.cloned() else { break };
        anchored = cas.iter().any(|a| a.sha256 == issuer.sha256);
        path.push(issuer);
    }
    let n = path.len();
    path.into_iter()
        .enumerate()
        .map(|(i, c)| {
            let anchor = i + 1 == n && (anchored || c.self_issued());
            (c, anchor)
        })
        .collect()
}

/// The first certificate of the chain that a verifier at `level` refuses, and why.
pub(crate) fn refused_in(
    chain: &[(Arc<Certificate>, bool)],
    level: u8,
) -> Option<(Arc<Certificate>, String)> {
    chain
        .iter()
        .find_map(|(c, anchor)| refused(c, level, *anchor).map(|why| (c.clone(), why)))
}

/// The first certificate that a verifier at `level` refuses in the chain it builds from
/// `leaf` (`chain`, `refused_in`).
pub(crate) fn chain_refused(
    leaf: &Arc<Certificate>,
    file: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
    level: u8,
) -> Option<(Arc<Certificate>, String)> {
    if !any_short(level, std::slice::from_ref(leaf), file, cas) {
        return None;
    }
    refused_in(&chain(leaf, file, cas), level)
}

/// The first certificate but the leaf of the chain an end sends, built from its own CAs,
/// that its own level refuses (the leaf itself is judged when it is loaded).
pub(crate) fn sent_chain_refused(
    leaf: &Arc<Certificate>,
    file: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
    level: u8,
) -> Option<(Arc<Certificate>, String)> {
    if !any_short(level, &[], file, cas) {
        return None;
    }
    refused_in(&chain(leaf, file, cas)[1..], level)
}

/// Whether any certificate a chain could hold falls short of `level`. No chain is built
/// when none does, as nearly none does: a trust anchor is only judged more leniently (its
/// own signature is not checked), so one that passes as a link passes as an anchor.
fn any_short(
    level: u8,
    leaf: &[Arc<Certificate>],
    file: &[Arc<Certificate>],
    cas: &[Arc<Certificate>],
) -> bool {
    leaf.iter()
        .chain(file)
        .chain(cas)
        .any(|c| cert_falls_short(level, &c.key, c.sig_bits))
}

/// Why OpenSSL at `level` cannot load a side's own certificate.
pub(crate) fn load_refused(leaf: &Certificate, level: u8) -> Option<String> {
    refused(leaf, level, leaf.self_issued())
}

/// `cert_refused_at` of a certificate (`unchecked`: its own signature is not judged),
/// asked first by the signature bits it was parsed with, so that nothing is read from
/// the algorithm's name when it passes, as nearly every certificate does.
fn refused(c: &Certificate, level: u8, unchecked: bool) -> Option<String> {
    if !cert_falls_short(level, &c.key, c.sig_bits) {
        return None;
    }
    cert_refused_at(level, &c.key, c.sig_alg, unchecked)
}

/// A side's security level, and how it got it: written as `@SECLEVEL=n`, or the build's
/// default, which the words name since upstream builds default to 1.
pub(crate) fn level_of(eff: &Effective) -> (u8, LevelWords) {
    let list =
        crate::tls::cipherstring::evaluate_cached(eff.value("cipher-list").unwrap_or("DEFAULT"));
    let level = list.effective_seclevel();
    let explicit = list.seclevel.is_some();
    (level, LevelWords { level, explicit })
}

/// How a side came by its level, in words; formatted only for a finding.
#[derive(Clone, Copy)]
pub(crate) struct LevelWords {
    level: u8,
    explicit: bool,
}

impl std::fmt::Display for LevelWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = self.level;
        if self.explicit {
            write!(f, "security level {level}")
        } else {
            write!(
                f,
                "security level {level} (no @SECLEVEL is written: OpenSSL 3.0's default as Debian and Red Hat build it)"
            )
        }
    }
}
