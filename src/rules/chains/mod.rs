//! Chains and trust: every certificate's path to a CA its peer trusts, the CA lists and the
//! CRLs.

pub(super) mod cert_revoked;
pub(super) mod chain_incomplete;
pub(super) mod chain_order;
pub(super) mod chain_signature_invalid;
pub(super) mod chain_untrusted;
pub(super) mod crl_expired;
pub(super) mod crl_issuer_unknown;
pub(super) mod crl_issuer_without_crl_sign;
pub(super) mod crl_number_missing;
pub(super) mod crl_signature_invalid;
pub(super) mod multiple_trust_roots;
pub(super) mod trusted_ca_not_ca;

use std::sync::Arc;

use crate::facts::TrustVerdict;
use crate::input::source::Span;
use crate::pki::cert::Certificate;
use crate::pki::verify::Defect;
use crate::resolve::{ConnView, PortView};
use crate::rules::context::Cx;
use crate::rules::id::RuleId;
use crate::rules::presented::{PathValue, path_values};

/// The catalog rule that reports a defect path validation found.
pub(crate) fn rule_of(d: Defect) -> RuleId {
    match d {
        Defect::Expired => RuleId::CertExpired,
        Defect::NotYetValid => RuleId::CertNotYetValid,
        Defect::WeakKey => RuleId::WeakKey,
        Defect::WeakSignature => RuleId::WeakSignatureHash,
        Defect::Untrusted => RuleId::ChainUntrusted,
        Defect::TrustedCaNotCa => RuleId::TrustedCaNotCa,
        Defect::LeafIsCa => RuleId::LeafIsCa,
        Defect::KeyUsage => RuleId::KeyUsageIncompatible,
        Defect::NoSan => RuleId::NoSan,
        Defect::SelfSigned => RuleId::SelfSignedLeaf,
        Defect::MissingEku => RuleId::MissingEku,
        Defect::Wildcard => RuleId::WildcardName,
        Defect::NameMismatch => RuleId::HostnameMismatch,
        Defect::SignatureInvalid => RuleId::ChainSignatureInvalid,
        Defect::Incomplete => RuleId::ChainIncomplete,
        Defect::CrlSignatureInvalid => RuleId::CrlSignatureInvalid,
        Defect::CrlExpired => RuleId::CrlExpired,
        Defect::Revoked => RuleId::CertRevoked,
        Defect::Order => RuleId::ChainOrder,
        Defect::SerialNumber => RuleId::SerialNumberInvalid,
        Defect::KeyIdentifier => RuleId::KeyIdentifierInvalid,
        Defect::Criticality => RuleId::ExtensionCriticalityWrong,
        Defect::CnNotInSan => RuleId::CnNotInSan,
        Defect::DnsName => RuleId::DnsNameInvalid,
        Defect::NameConstraints => RuleId::NameConstraintsMalformed,
        Defect::Aia => RuleId::AiaMalformed,
        Defect::EkuMisused => RuleId::EkuMisused,
        Defect::CrlNumber => RuleId::CrlNumberMissing,
        Defect::CriticalUnhandled => RuleId::CriticalExtensionUnhandled,
        Defect::CrlIssuerNoCrlSign => RuleId::CrlIssuerWithoutCrlSign,
    }
}

/// Where the walk up a certificate file's chain ended: the Security Pack needs the full
/// chain in the certificate file (Guide: Configuring Certificate Chains), and every
/// signature in it must verify.
pub(super) enum ChainEnd {
    /// The file's chain reaches a self-issued certificate, or a root the deployment trusts.
    Complete,
    /// A certificate of the file names an issuer in the file whose key did not sign it.
    BadSignature {
        cert: Arc<Certificate>,
        issuer: Arc<Certificate>,
        why: String,
    },
    /// The issuer of the file's top certificate is an intermediate only in a trusted-ca.
    IntermediateOnlyTrusted {
        top: Arc<Certificate>,
        ca: Arc<Certificate>,
    },
    /// No CA of the deployment issued the file's top certificate.
    IssuerUnknown { top: Arc<Certificate> },
}

/// Walks every certificate file from its end-entity certificate up through the file.
pub(super) fn chain_in_files(cx: &Cx, mut f: impl FnMut(&PathValue, ChainEnd)) {
    for v in path_values(cx).filter(|v| v.key == "certificate") {
        let Some(leaf) = v.leaf() else { continue };
        let end = chain_end(cx, leaf, v.certs());
        f(&v, end);
    }
}

fn chain_end(cx: &Cx, leaf: &Arc<Certificate>, certs: &[Arc<Certificate>]) -> ChainEnd {
    let mut top = leaf.clone();
    let mut seen = vec![leaf.sha256];
    while let Some(issuer) = certs
        .iter()
        .find(|c| c.subject_raw == top.issuer_raw && !seen.contains(&c.sha256))
    {
        if let Err(why) = cx.facts.sigs.cert(&top, issuer) {
            return ChainEnd::BadSignature {
                cert: top,
                issuer: issuer.clone(),
                why,
            };
        }
        seen.push(issuer.sha256);
        top = issuer.clone();
    }
    if top.self_issued() {
        return ChainEnd::Complete;
    }
    match cx
        .facts
        .cas
        .iter()
        .find(|c| c.subject_raw == top.issuer_raw)
    {
        Some(ca) if ca.self_issued() => ChainEnd::Complete,
        Some(ca) => ChainEnd::IntermediateOnlyTrusted {
            top,
            ca: ca.clone(),
        },
        // With no CA named at all there is nothing to look in.
        None if cx.facts.cas.is_empty() => ChainEnd::Complete,
        None => ChainEnd::IssuerUnknown { top },
    }
}

/// One side's verdict on the other's certificate, on one connection.
pub(crate) struct Verdict<'x, 'd> {
    pub(crate) port: &'x PortView<'d>,
    pub(crate) conn: &'x ConnView<'d>,
    /// Whether the certificate judged is the server's (by the client's trusted-ca), else
    /// the client's (by the server's, in mutual TLS).
    pub(crate) of_server: bool,
    pub(crate) cert: &'x Arc<Certificate>,
    /// Where the judged certificate's option is written.
    pub(crate) span: Span,
    /// The judge's trusted-ca value as written.
    pub(crate) cas_value: &'d str,
    pub(crate) verdict: &'x TrustVerdict,
    /// Whether the connection negotiates an anonymous suite, where no certificate is sent.
    pub(crate) anonymous: bool,
}

impl Verdict<'_, '_> {
    /// Whether the end that judges is Java: its verdict is JSSE's PKIX (JDK 17), not
    /// OpenSSL's.
    pub(crate) fn judge_is_java(&self) -> bool {
        let judge = if self.of_server {
            self.conn.client
        } else {
            self.port.app
        };
        judge.runtime == crate::model::Runtime::Java
    }
}

/// Every trust verdict of the facts: for each secure port and each of its clients, the
/// client's on the server's certificate, then (mutual TLS) the server's on the client's.
pub(crate) fn each_verdict<'x, 'd>(cx: &'x Cx<'_, 'd>, mut f: impl FnMut(Verdict<'x, 'd>)) {
    for link in &cx.facts.links {
        let p = &cx.res.ports[link.port];
        let Some((leaf, _, cert_span)) = &link.server.leaf else {
            continue;
        };
        for cl in &link.clients {
            let c = &cx.res.conns[cl.conn];
            if let (Some(verdict), Some((_, cas_value))) = (&cl.server_trusted, &cl.client.cas) {
                f(Verdict {
                    port: p,
                    conn: c,
                    of_server: true,
                    cert: leaf,
                    span: *cert_span,
                    cas_value,
                    verdict,
                    anonymous: cx.facts.anonymous(cl.conn),
                });
            }
            if let (Some(verdict), Some((cleaf, _, cspan)), Some((_, cas_value))) =
                (&cl.client_trusted, &cl.client.leaf, &link.server.cas)
            {
                f(Verdict {
                    port: p,
                    conn: c,
                    of_server: false,
                    cert: cleaf,
                    span: *cspan,
                    cas_value,
                    verdict,
                    anonymous: cx.facts.anonymous(cl.conn),
                });
            }
        }
    }
}
