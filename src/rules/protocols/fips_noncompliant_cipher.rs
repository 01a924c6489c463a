use crate::rules::prelude::*;

declare_rule! {
    /// FIPS mode refuses such suites.
    FipsNoncompliantCipher = "fips-noncompliant-cipher" {
        severity: Warning,
        phase: P,
        summary: "with FIPS enabled, a suite or algorithm outside FIPS 140",
        source: "Guide: Federal Information Processing Standards",
        bad: "fips140-enabled=1, cipher-list=CHACHA20",
        good: "fips140-enabled=1, cipher-list=ECDHE+AESGCM",
    }
}
