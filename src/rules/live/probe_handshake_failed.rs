use crate::rules::prelude::*;

declare_rule! {
    /// The live endpoint refuses TLS as configured.
    ProbeHandshakeFailed = "probe-handshake-failed" {
        severity: Error,
        phase: L,
        summary: "the handshake fails; the message carries the alert or reason",
        source: "Guide: Troubleshooting Genesys TLS",
        bad: "alert handshake_failure",
        good: "handshake completes",
    }
}
