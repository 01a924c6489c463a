use crate::rules::prelude::*;

declare_rule! {
    /// Genesys servers act as TLS servers and clients, so their certificates need both
    /// extended key usages.
    MissingEku = "missing-eku" {
        severity: Error,
        phase: X,
        summary: "a server certificate without serverAuth and clientAuth, or a GUI's without clientAuth",
        source: "Guide: Recommended Certificate Properties",
        bad: "extendedKeyUsage = serverAuth",
        good: "extendedKeyUsage = serverAuth, clientAuth",
    }
}
