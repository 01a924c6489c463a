//! webpki's verdict on the same path, and its errors in words.

use std::sync::Arc;

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::pki::cert::Certificate;
use crate::pki::names::PeerName;
use crate::pki::verify::{Defect, NameRules, Options, Purpose};

pub(super) fn webpki_verdict(
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
        &crate::pki::sigmemo::ALGORITHMS,
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

pub(super) fn webpki_rule(e: &str) -> Defect {
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
