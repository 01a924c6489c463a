use crate::rules::prelude::*;

declare_rule! {
    /// Nothing answers on the configured host and port.
    ProbeUnreachable = "probe-unreachable" {
        severity: Error,
        phase: L,
        summary: "the endpoint does not accept TCP within the timeout",
        source: "Guide: Troubleshooting Genesys TLS",
        bad: "server down",
        good: "server listening",
    }
}
