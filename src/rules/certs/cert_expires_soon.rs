use crate::rules::prelude::*;

declare_rule! {
    /// Rotate the certificate before it expires; the window is set by --expiry-warn-days.
    CertExpiresSoon = "cert-expires-soon" {
        severity: Warning,
        phase: X,
        summary: "a certificate that expires within the warning window (default 30 days)",
        source: "Guide: Recommended Certificate Properties (\"rotated or replaced before it expires\")",
        bad: "expires in 12 days",
        good: "expires in 300 days",
    }
}
