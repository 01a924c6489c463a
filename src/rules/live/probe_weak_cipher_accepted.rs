use crate::rules::prelude::*;

declare_rule! {
    /// A weak suite is accepted on the wire.
    ProbeWeakCipherAccepted = "probe-weak-cipher-accepted" {
        severity: Error,
        phase: L,
        summary: "the endpoint negotiates a weak suite",
        source: "Guide: Aliases",
        bad: "3DES accepted",
        good: "AEAD suites only",
    }
}
