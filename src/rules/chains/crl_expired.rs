use crate::rules::prelude::*;

declare_rule! {
    /// OpenSSL refuses certificates checked against an expired CRL.
    CrlExpired = "crl-expired" {
        severity: Error,
        phase: X,
        summary: "a CRL past its nextUpdate",
        source: "Guide: Configuring Certificate Revocation Lists",
        bad: "nextUpdate in the past",
        good: "a fresh CRL",
    }
}
