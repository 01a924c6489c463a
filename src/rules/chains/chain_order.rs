use crate::rules::prelude::*;

declare_rule! {
    /// List the end-entity certificate first, then intermediates, up to the root.
    ChainOrder = "chain-order" {
        severity: Warning,
        phase: X,
        summary: "the chain file is not in leaf → intermediates → root order",
        source: "Guide: PEM file Containing Multiple Certificates",
        bad: "cat root.pem leaf.pem",
        good: "cat leaf.pem intermediate.pem root.pem",
    }
}
