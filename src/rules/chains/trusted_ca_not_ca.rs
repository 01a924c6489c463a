use crate::rules::prelude::*;

declare_rule! {
    /// trusted-ca must hold CA certificates.
    TrustedCaNotCa = "trusted-ca-not-ca" {
        severity: Error,
        phase: X,
        summary: "the trusted-ca file holds a certificate that is not a CA",
        source: "Guide: Configuring Multiple Trusted CAs",
        bad: "trusted-ca=host_cert.pem",
        good: "trusted-ca=ca_cert.pem",
    }
}
