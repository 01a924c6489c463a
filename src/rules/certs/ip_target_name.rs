use crate::rules::prelude::*;

declare_rule! {
    /// The client must connect with the same FQDN as in the certificate, not an IP address.
    IpTargetName = "ip-target-name" {
        severity: Warning,
        phase: X,
        summary: "name checking is on but the client reaches the server by IP address",
        source: "Guide: Check Certificate Host Matching (\"not an IP address\")",
        bad: "host name 10.0.0.5, tls-target-name-check=host",
        good: "host name cs.example.com",
    }
}
