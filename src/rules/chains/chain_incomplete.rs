use crate::rules::prelude::*;

declare_rule! {
    /// The Security Pack needs the full chain in the certificate file or comma-list.
    ChainIncomplete = "chain-incomplete" {
        severity: Error,
        phase: X,
        summary: "an intermediate is missing from the certificate file",
        source: "Guide: Configuring Certificate Chains",
        bad: "certificate=leaf.pem",
        good: "certificate=leaf_and_intermediate.pem",
    }
}
