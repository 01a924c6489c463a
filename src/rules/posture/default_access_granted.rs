use crate::rules::prelude::*;

declare_rule! {
    /// New users get default access rights.
    DefaultAccessGranted = "default-access-granted" {
        severity: Warning,
        phase: S,
        summary: "no-default-access=1 missing on Configuration Server",
        source: "Guide: No Default Access for New Users",
        bad: "[security] no-default-access=0",
        good: "[security] no-default-access=1",
    }
}
