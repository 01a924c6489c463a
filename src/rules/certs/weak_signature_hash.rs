use crate::rules::prelude::*;

declare_rule! {
    /// Use SHA-256 or stronger signatures.
    WeakSignatureHash = "weak-signature-hash" {
        severity: Error,
        phase: X,
        summary: "an MD4, MD5 or SHA-1 signature on a leaf or intermediate",
        source: "Guide: Certificate Signature Hash Function",
        bad: "sha1WithRSAEncryption",
        good: "sha256WithRSAEncryption",
    }
}
