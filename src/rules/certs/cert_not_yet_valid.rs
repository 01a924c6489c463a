use crate::rules::prelude::*;

declare_rule! {
    /// Peers reject a certificate before its validity starts (check the clocks too).
    CertNotYetValid = "cert-not-yet-valid" {
        severity: Error,
        phase: X,
        summary: "a certificate whose notBefore is in the future",
        source: "Guide: Certificate Exchange and Validation",
        bad: "notBefore tomorrow",
        good: "notBefore in the past",
    }
}
