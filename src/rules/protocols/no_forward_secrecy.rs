use crate::rules::prelude::*;

declare_rule! {
    /// Static RSA offers no forward secrecy.
    NoForwardSecrecy = "no-forward-secrecy" {
        severity: Warning,
        phase: P,
        summary: "static-RSA key exchange suites enabled",
        source: "Guide: Tuning Available Cipher Lists for TLS v1.2",
        bad: "cipher-list=AES256-SHA",
        good: "cipher-list=ECDHE+AESGCM",
    }
}
