use crate::rules::prelude::*;

declare_rule! {
    /// A connection is secure when, and only when, it targets a secure port. TLS options on
    /// a connection to a clear-text port suggest the admin believes it is protected.
    TlsOptionsOnInsecureConnection = "tls-options-on-insecure-connection" {
        severity: Warning,
        phase: C,
        summary: "a connection carries TLS options but its target port is not secure",
        source: "Guide: Client Connections (\"then and only then\")",
        bad: "connection to port default (no tls=1): transportParams: tls=1;trusted-ca=…",
        good: "connection to port secure (tls=1)",
    }
}
