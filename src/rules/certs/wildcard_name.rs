use crate::rules::prelude::*;

declare_rule! {
    /// The Security Pack and Windows accept no wildcards in certificate names.
    WildcardName = "wildcard-name" {
        severity: Error,
        phase: X,
        summary: "a `*` in a SAN or CN",
        source: "Guide: Check Certificate Host Matching; Genesys Native Applications on Windows",
        bad: "SAN DNS:*.example.com",
        good: "SAN DNS:host.example.com",
    }
}
