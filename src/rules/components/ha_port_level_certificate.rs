use crate::rules::prelude::*;
use crate::rules::roles::secure_ports;

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
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for p in secure_ports(cx).filter(|p| p.port().ha_sync()) {
        let Some(cert) = p.port().param("certificate") else {
            continue;
        };
        out.emit_once(
            Finding::new(
                RuleId::HaPortLevelCertificate,
                Place::Span(cert.span),
                format!(
                    "HA sync port {}:{} has its certificate at port level: Genesys does not support that for HA synchronisation",
                    p.app.name,
                    p.port().id
                ),
            )
            .object(p.object())
            .help("configure the certificate at the application or host level"),
        );
    }
}
