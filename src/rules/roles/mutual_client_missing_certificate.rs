use crate::rules::prelude::*;

declare_rule! {
    /// With tls-mutual=1 on the server side the client must present a certificate, and on
    /// native UNIX also its certificate-key.
    MutualClientMissingCertificate = "mutual-client-missing-certificate" {
        severity: Error,
        phase: C,
        summary: "the target port requires mutual TLS but the client has no certificate (or key)",
        source: "Guide: Client Connections; Mutual TLS on UNIX",
        bad: "server port: tls=1;tls-mutual=1\nclient: [security] trusted-ca=…",
        good: "client: [security] certificate=… certificate-key=… trusted-ca=…",
    }
}
