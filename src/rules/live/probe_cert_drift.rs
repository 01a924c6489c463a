use crate::rules::prelude::*;

declare_rule! {
    /// The server runs with a certificate other than the configuration says.
    ProbeCertDrift = "probe-cert-drift" {
        severity: Error,
        phase: L,
        summary: "the endpoint presents another certificate than the one configured",
        source: "Guide: Troubleshooting Genesys TLS",
        bad: "presented leaf ≠ certificate file",
        good: "presented leaf = certificate file",
    }
}
