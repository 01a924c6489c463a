//! OpenSSL security levels applied to certificates: the chain a verifier builds, the first
//! certificate a level refuses, and how a side came by its level. The handshake prediction
//! and `handshake-certificate-below-seclevel` both read them.

use std::sync::Arc;

use crate::pki::cert::Certificate;
use crate::resolve::Effective;
use crate::tls::handshake::cert_refused_at;

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
    chain.iter().find_map(|(c, anchor)| {
        cert_refused_at(level, &c.key, c.sig_alg, *anchor).map(|why| (c.clone(), why))
    })
}

/// Why OpenSSL at `level` cannot load a side's own certificate.
pub(crate) fn load_refused(leaf: &Certificate, level: u8) -> Option<String> {
    cert_refused_at(level, &leaf.key, leaf.sig_alg, leaf.self_issued())
}

/// A side's security level, and how it got it: written as `@SECLEVEL=n`, or the build's
/// default, which the words name since upstream builds default to 1.
pub(crate) fn level_of(eff: &Effective) -> (u8, LevelWords) {
    let ep = super::endpoint(eff);
    let level = ep.seclevel();
    let explicit = crate::tls::cipherstring::evaluate_cached(ep.cipher_list.unwrap_or("DEFAULT"))
        .seclevel
        .is_some();
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
