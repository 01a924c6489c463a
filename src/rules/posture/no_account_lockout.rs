use crate::rules::prelude::*;

declare_rule! {
    /// Password guessing is not slowed.
    NoAccountLockout = "no-account-lockout" {
        severity: Notice,
        phase: S,
        summary: "[security-authentication-rules] without account-lockout-threshold",
        source: "Guide: Account Lockout After Failed Connection Attempts",
        bad: "(no account-lockout-threshold)",
        good: "account-lockout-threshold=5",
    }
}
