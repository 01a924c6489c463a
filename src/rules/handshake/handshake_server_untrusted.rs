use crate::rules::prelude::*;

declare_rule! {
    /// The client rejects the server.
    HandshakeServerUntrusted = "handshake-server-untrusted" {
        severity: Error,
        phase: H,
        summary: "the server port's certificate does not chain to the client's trusted-ca",
        source: "Guide: Certificate Exchange and Validation",
        bad: "client trusted-ca=other.pem",
        good: "client trusted-ca=ca_cert.pem",
    }
}
