use crate::rules::prelude::*;

declare_rule! {
    /// A secure listening port must be provisioned with a certificate at the port,
    /// application or host level; without one the server cannot open it.
    SecurePortMissingCertificate = "secure-port-missing-certificate" {
        severity: Error,
        phase: C,
        summary: "a port with tls=1 whose effective settings have no certificate",
        source: "Guide: Server Listening Ports",
        bad: "port: tls=1   (no certificate at any level)",
        good: "port: tls=1\nhost annex: [security] certificate=… certificate-key=… trusted-ca=…",
    }
}
