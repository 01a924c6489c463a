use crate::rules::prelude::*;

declare_rule! {
    /// Peers checking the CRL refuse it.
    CertRevoked = "cert-revoked" {
        severity: Error,
        phase: X,
        summary: "the certificate (or an intermediate) is on a configured CRL",
        source: "Guide: Certificate Revocation Lists",
        bad: "serial 0x1A on crl.pem",
        good: "a new certificate",
    }
}
