use crate::rules::prelude::*;

declare_rule! {
    /// The Security Pack of native applications reads `crl`; the Java Platform SDK reads
    /// `tls-crl`. The other name is ignored by that runtime.
    CrlOptionName = "crl-option-name" {
        severity: Notice,
        phase: C,
        summary: "tls-crl on a native application or crl on a Java application",
        source: "Guide: CRL with Security Pack on Unix vs. Mutual TLS on UNIX sample",
        bad: "native T-Server: [security] tls-crl=/etc/sec/crl.pem",
        good: "native T-Server: [security] crl=/etc/sec/crl.pem",
    }
}
