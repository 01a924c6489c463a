use crate::rules::prelude::*;

declare_rule! {
    /// The chain is corrupt or mixed up.
    ChainSignatureInvalid = "chain-signature-invalid" {
        severity: Error,
        phase: X,
        summary: "a signature in the chain does not verify",
        source: "Guide: Certificate Exchange and Validation",
        bad: "leaf signed by another key",
        good: "leaf signed by its issuer",
    }
}
