use crate::rules::prelude::*;

declare_rule! {
    /// The CRL's issuer must be a trusted CA.
    CrlIssuerUnknown = "crl-issuer-unknown" {
        severity: Error,
        phase: X,
        summary: "a CRL whose issuer is not among the trusted CAs",
        source: "Guide: Configuring Certificate Revocation Lists",
        bad: "CRL of another CA",
        good: "CRL of the trusted CA",
    }
}
