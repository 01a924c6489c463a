use crate::rules::prelude::*;

declare_rule! {
    /// The CRL cannot be trusted.
    CrlSignatureInvalid = "crl-signature-invalid" {
        severity: Error,
        phase: X,
        summary: "a CRL not signed by the CA it claims",
        source: "Guide: Configuring Certificate Revocation Lists",
        bad: "tampered crl.pem",
        good: "crl.pem from the CA",
    }
}
