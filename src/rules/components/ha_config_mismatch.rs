use crate::rules::prelude::*;

declare_rule! {
    /// Configuration of both instances of an HA pair must be identical (protocol, ciphers,
    /// mutual TLS, name checks). A backup on another host needs its own host's certificate:
    /// parameters copied from the primary name the primary's certificate.
    HaConfigMismatch = "ha-config-mismatch" {
        severity: Warning,
        phase: C,
        summary: "a redundant pair whose TLS settings differ, or a backup reusing the primary host's certificate",
        source: "Guide: Securing High Availability Connections",
        bad: "primary: sec-protocol=TLSv13\nbackup:  sec-protocol=TLSv12",
        good: "primary and backup: sec-protocol=TLSv12",
    }
}
