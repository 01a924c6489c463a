use crate::rules::prelude::*;

declare_rule! {
    /// Clients that check names compare the host they connect to with the SAN (else CN).
    HostnameMismatch = "hostname-mismatch" {
        severity: Error,
        phase: X,
        summary: "the server certificate does not name the host's FQDN",
        source: "Guide: Target Hostname Check; Troubleshooting Genesys TLS",
        bad: "SAN DNS:other.example.com",
        good: "SAN DNS:host.example.com",
    }
}
