use crate::rules::prelude::*;

declare_rule! {
    /// TLS 1.2 handshakes fail.
    CipherListEmpty = "cipher-list-empty" {
        severity: Error,
        phase: P,
        summary: "the cipher string selects no TLS 1.2 cipher",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.2",
        bad: "cipher-list=!ALL",
        good: "cipher-list=HIGH:!aNULL",
    }
}
