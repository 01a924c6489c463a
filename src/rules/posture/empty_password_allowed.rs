use crate::rules::prelude::*;

declare_rule! {
    /// Users may have blank passwords.
    EmptyPasswordAllowed = "empty-password-allowed" {
        severity: Warning,
        phase: S,
        summary: "password-min-length=0, or allow-empty-password=true without password-min-length",
        source: "Guide: Empty (Blank) Passwords",
        bad: "allow-empty-password=true",
        good: "allow-empty-password=false",
    }
}
