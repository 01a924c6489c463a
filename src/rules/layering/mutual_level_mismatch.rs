use crate::rules::prelude::*;

declare_rule! {
    /// The guide asks for tls-mutual at the same level as the certificate it goes with;
    /// tls-mutual=1 in a port's transport parameters is always right.
    MutualLevelMismatch = "mutual-level-mismatch" {
        severity: Warning,
        phase: C,
        summary: "tls-mutual at application or host level while the certificate is at another level",
        source: "Guide: Securing Core Framework Connections (Tip); Secure Network Logging Connections",
        bad: "host annex:  [security] tls-mutual=1\napplication: [security] certificate=…",
        good: "application: [security] certificate=… tls-mutual=1",
    }
}
