use crate::rules::prelude::*;

declare_rule! {
    /// The peer's trusted-ca must hold the root (or an intermediate) of the certificate's
    /// chain.
    ChainUntrusted = "chain-untrusted" {
        severity: Error,
        phase: X,
        summary: "the certificate does not chain to the trusted-ca of the peer that validates it",
        source: "Guide: Certificate Exchange and Validation",
        bad: "client trusted-ca=other_ca.pem",
        good: "client trusted-ca=ca_cert.pem",
    }
}
