use crate::rules::prelude::*;

declare_rule! {
    /// tls, tls-mutual and upgrade take a boolean (1/0, true/false, yes/no, on/off);
    /// sec-protocol one of SSLv23, TLSv12, TLSv13 or empty; tls-target-name-check host or
    /// no; path options a path or a comma-separated list of paths without empty items.
    InvalidOptionValue = "invalid-option-value" {
        severity: Error,
        phase: C,
        summary: "a value outside the option's valid set",
        source: "Guide: Tuning Protocol Version Availability; Check Certificate Host Matching",
        bad: "[security]\nsec-protocol=TLSv1.2\ntls-target-name-check=yes",
        good: "[security]\nsec-protocol=TLSv12\ntls-target-name-check=host",
    }
}
