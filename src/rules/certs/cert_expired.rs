use crate::rules::prelude::*;

declare_rule! {
    /// An expired certificate fails validation on every peer.
    CertExpired = "cert-expired" {
        severity: Error,
        phase: X,
        summary: "a certificate in use (leaf, chain, trusted CA) past notAfter",
        source: "Guide: Troubleshooting Genesys TLS (\"not expired\")",
        bad: "certificate valid until 2024-01-01",
        good: "a renewed certificate",
    }
}
