use crate::rules::prelude::*;

declare_rule! {
    /// Every path-valued option (certificate, certificate-key, trusted-ca, crl, tls-crl)
    /// must name an existing file on the host. Map host paths to local copies with
    /// --path-map or tlskit.toml [path-map]. Windows thumbprints are not paths.
    FileNotFound = "file-not-found" {
        severity: Error,
        phase: X,
        summary: "a referenced file that does not exist (after path mapping)",
        source: "Guide: Installing Certificates on UNIX",
        bad: "[security]\ncertificate=/etc/sec/certs/hots.pem",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem",
    }
}
