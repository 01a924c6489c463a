use crate::rules::prelude::*;

declare_rule! {
    /// Set crl at the same level (host, application or connection) as the certificates it
    /// applies to.
    CrlLevelMismatch = "crl-level-mismatch" {
        severity: Warning,
        phase: C,
        summary: "crl set at a different level than the certificates",
        source: "Guide: Configuring Certificate Revocation Lists (CRL with Security Pack on Unix)",
        bad: "host annex: [security] crl=/etc/sec/crl.pem\napplication: [security] certificate=…",
        good: "application: [security] certificate=… crl=/etc/sec/crl.pem",
    }
}
