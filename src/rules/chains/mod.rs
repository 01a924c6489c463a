//! Chains and trust: every certificate's path to a CA its peer trusts, the CA lists and the
//! CRLs.

pub(super) mod cert_revoked;
pub(super) mod chain_incomplete;
pub(super) mod chain_order;
pub(super) mod chain_signature_invalid;
pub(super) mod chain_untrusted;
pub(super) mod crl_expired;
pub(super) mod crl_issuer_unknown;
pub(super) mod crl_signature_invalid;
pub(super) mod multiple_trust_roots;
pub(super) mod trusted_ca_not_ca;

use crate::pki::verify::Defect;
use crate::rules::RuleId;

/// The catalog rule that reports a defect path validation found.
pub fn rule_of(d: Defect) -> RuleId {
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
    }
}
