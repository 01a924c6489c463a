use crate::rules::prelude::*;

declare_rule! {
    /// Blank passwords reach the external directory.
    EmptyExternalPasswordAllowed = "empty-external-password-allowed" {
        severity: Warning,
        phase: S,
        summary: "external authentication with allow-empty-external-password not false",
        source: "Guide: Empty (Blank) Passwords",
        bad: "allow-empty-external-password=true",
        good: "allow-empty-external-password=false",
    }
}
