use crate::rules::prelude::*;

declare_rule! {
    /// The database password is stored in clear text.
    PlaintextDbPassword = "plaintext-db-password" {
        severity: Warning,
        phase: S,
        summary: "a Configuration Server file with a database password and encryption not true",
        source: "Guide: Encrypted Configuration Database Password",
        bad: "[dbserver] password=secret",
        good: "[dbserver] password=<encrypted> encryption=true",
    }
}
