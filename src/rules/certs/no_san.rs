use crate::rules::prelude::*;

declare_rule! {
    /// The guide recommends both SAN and CN; newer runtimes ignore the CN.
    NoSan = "no-san" {
        severity: Warning,
        phase: X,
        summary: "no Subject Alternative Name (CN fallback only)",
        source: "Guide: Recommended Certificate Properties",
        bad: "subject CN=host.example.com, no SAN",
        good: "SAN DNS:host.example.com",
    }
}
