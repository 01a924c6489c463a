use crate::rules::prelude::*;

declare_rule! {
    /// Remove weak suites with !aNULL:!eNULL:!3DES….
    WeakCipherEnabled = "weak-cipher-enabled" {
        severity: Error,
        phase: P,
        summary: "NULL, anonymous, EXPORT, DES, 3DES, RC4, RC2, IDEA, SEED or MD5 suites enabled",
        source: "Guide: Aliases; SWEET32/RC4 guidance",
        bad: "cipher-list=ALL",
        good: "cipher-list=HIGH:!aNULL:!3DES",
    }
}
