use crate::rules::prelude::*;

declare_rule! {
    /// The server rejects the client.
    HandshakeClientUntrusted = "handshake-client-untrusted" {
        severity: Error,
        phase: H,
        summary: "mutual TLS: the client's certificate does not chain to the server's trusted-ca",
        source: "Guide: Certificate Exchange and Validation",
        bad: "server trusted-ca=other.pem",
        good: "server trusted-ca=ca_cert.pem",
    }
}
