use crate::rules::prelude::*;

declare_rule! {
    /// OpenSSL rejects such certificates for TLS outside compatibility mode.
    KeyUsageIncompatible = "key-usage-incompatible" {
        severity: Error,
        phase: X,
        summary: "a KeyUsage extension without digitalSignature/keyEncipherment",
        source: "Guide: Backward Compatibility of Genesys Security Pack",
        bad: "keyUsage = keyCertSign",
        good: "keyUsage = digitalSignature, keyEncipherment",
    }
}
