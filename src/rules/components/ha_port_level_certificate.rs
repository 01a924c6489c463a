use crate::rules::prelude::*;

declare_rule! {
    /// Genesys does not support ports with port-level certificates for the HA
    /// synchronisation connection; configure the certificate at host or application level.
    HaPortLevelCertificate = "ha-port-level-certificate" {
        severity: Error,
        phase: C,
        summary: "an HA sync port whose certificate is set at port level",
        source: "Guide: Securing High Availability Connections (Important)",
        bad: "HA sync port: tls=1;certificate=/etc/sec/certs/host.pem",
        good: "HA sync port: tls=1\napplication: [security] certificate=…",
    }
}
