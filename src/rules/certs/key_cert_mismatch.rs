use crate::rules::prelude::*;

declare_rule! {
    /// The server cannot use the pair.
    KeyCertMismatch = "key-cert-mismatch" {
        severity: Error,
        phase: X,
        summary: "the private key does not belong to the certificate",
        source: "Guide: Installing Certificates on UNIX",
        bad: "certificate-key of another host",
        good: "the key made with the certificate",
    }
}
