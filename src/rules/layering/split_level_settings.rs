use crate::rules::prelude::*;

declare_rule! {
    /// certificate, certificate-key, trusted-ca, provider and fips140-enabled are read as a
    /// group from the first level (port/connection, application, annex, host) that sets any
    /// of them. Values of the group at other levels are silently ignored, so a certificate
    /// on the host and its key on the application leave the port without a certificate.
    SplitLevelSettings = "split-level-settings" {
        severity: Error,
        phase: C,
        summary: "the credential group spread over two levels for one port or connection",
        source: "Guide: Where to Set TLS Properties (Tip); PSDK reads the group from one layer",
        bad: "host annex:   [security] certificate=/etc/sec/certs/host.pem\napplication:  [security] certificate-key=/etc/sec/certs/key.pem",
        good: "application:  [security]\n  certificate=/etc/sec/certs/host.pem\n  certificate-key=/etc/sec/certs/key.pem\n  trusted-ca=/etc/sec/ca/ca.pem",
    }
}
