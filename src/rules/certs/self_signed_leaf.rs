use crate::rules::prelude::*;

declare_rule! {
    /// Peers can trust it only by trusting it directly.
    SelfSignedLeaf = "self-signed-leaf" {
        severity: Warning,
        phase: X,
        summary: "a self-signed end-entity certificate",
        source: "Guide: TLS Certificates",
        bad: "self-signed host.pem",
        good: "host.pem issued by the lab CA",
    }
}
