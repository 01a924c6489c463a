use crate::rules::prelude::*;

declare_rule! {
    /// Native applications on UNIX read the private key from the file named by
    /// certificate-key, at the same level as the certificate.
    SecurePortMissingKey = "secure-port-missing-key" {
        severity: Error,
        phase: C,
        summary: "a secure port of a native UNIX application without certificate-key",
        source: "Guide: Server Listening Ports",
        bad: "[security]\ncertificate=/etc/sec/certs/host.pem\ntrusted-ca=/etc/sec/ca/ca.pem",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem\ncertificate-key=/etc/sec/certs/key.pem\ntrusted-ca=/etc/sec/ca/ca.pem",
    }
}
