use crate::rules::prelude::*;

declare_rule! {
    /// Java/PSDK needs the key in PKCS#8 and C++ applications in RSA form, so one
    /// host-level key file cannot serve both; use application-level certificates for the
    /// Java ones.
    HostKeyMixedRuntimes = "host-key-mixed-runtimes" {
        severity: Warning,
        phase: C,
        summary: "a host-level key used by both Java and native applications on one host",
        source: "Guide: Configuring Secure Connections to Java/PSDK-Based Applications",
        bad: "host annex: certificate-key=…  used by T-Server and UCS",
        good: "UCS application: [security] certificate=… certificate-key=…_pkcs8.pem",
    }
}
