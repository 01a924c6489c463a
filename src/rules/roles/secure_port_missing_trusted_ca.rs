use crate::rules::prelude::*;

declare_rule! {
    /// Native applications on UNIX need trusted-ca with the certificate for a secure port.
    SecurePortMissingTrustedCa = "secure-port-missing-trusted-ca" {
        severity: Error,
        phase: C,
        summary: "a secure port of a native UNIX application without trusted-ca",
        source: "Guide: Server Listening Ports",
        bad: "[security]\ncertificate=…\ncertificate-key=…",
        good: "[security]\ncertificate=…\ncertificate-key=…\ntrusted-ca=/etc/sec/ca/ca.pem",
    }
}
