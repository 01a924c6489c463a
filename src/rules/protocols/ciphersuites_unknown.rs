use crate::rules::prelude::*;

declare_rule! {
    /// Use the RFC 8446 names.
    CiphersuitesUnknown = "ciphersuites-unknown" {
        severity: Error,
        phase: P,
        summary: "a TLS 1.3 ciphersuites name outside RFC 8446's five",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.3",
        bad: "ciphersuites=TLS_AES_256_SHA",
        good: "ciphersuites=TLS_AES_256_GCM_SHA384",
    }
}
