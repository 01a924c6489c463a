use crate::rules::prelude::*;

declare_rule! {
    /// Use a host certificate issued by the CA, not the CA itself.
    LeafIsCa = "leaf-is-ca" {
        severity: Warning,
        phase: X,
        summary: "a CA certificate configured as an end-entity certificate",
        source: "Guide: TLS Certificates",
        bad: "certificate=ca_cert.pem",
        good: "certificate=01_host_cert.pem",
    }
}
