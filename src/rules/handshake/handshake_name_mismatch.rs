use crate::rules::prelude::*;

declare_rule! {
    /// The client aborts the handshake.
    HandshakeNameMismatch = "handshake-name-mismatch" {
        severity: Error,
        phase: H,
        summary: "the client checks names and the server certificate does not name the target",
        source: "Guide: Check Certificate Host Matching",
        bad: "tls-target-name-check=host, SAN other.example.com",
        good: "SAN host.example.com",
    }
}
