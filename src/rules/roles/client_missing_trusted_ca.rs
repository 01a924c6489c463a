use crate::rules::prelude::*;

declare_rule! {
    /// For client connections of native applications on UNIX you must configure trusted-ca,
    /// at the connection, application or host level; without it the server cannot be
    /// verified and the handshake fails.
    ClientMissingTrustedCa = "client-missing-trusted-ca" {
        severity: Error,
        phase: C,
        summary: "a connection to a secure port from a native UNIX client without trusted-ca",
        source: "Guide: Client Connections",
        bad: "client host annex: [security]   (empty)",
        good: "client host annex: [security] trusted-ca=/etc/sec/ca/ca.pem",
    }
}
