use crate::rules::prelude::*;

declare_rule! {
    /// Genesys recommends one CA for all components.
    MultipleTrustRoots = "multiple-trust-roots" {
        severity: Notice,
        phase: X,
        summary: "the deployment trusts more than one root CA",
        source: "Guide: TLS Certificates (\"use the same CA\")",
        bad: "two roots",
        good: "one root",
    }
}
