use crate::rules::prelude::*;

declare_rule! {
    /// Unattended sessions stay open.
    InactivityTimeoutDisabled = "inactivity-timeout-disabled" {
        severity: Notice,
        phase: S,
        summary: "a GUI application without a non-zero inactivity-timeout",
        source: "Guide: Inactivity Timeout",
        bad: "inactivity-timeout=0",
        good: "inactivity-timeout=15",
    }
}
