use crate::rules::prelude::*;

declare_rule! {
    /// Keys must be at least RSA 2048 or EC P-256.
    WeakKey = "weak-key" {
        severity: Error,
        phase: X,
        summary: "RSA below 2048 bits, DSA, or EC below 256 bits",
        source: "Guide: Recommended Certificate Properties",
        bad: "RSA 1024",
        good: "RSA 2048",
    }
}
