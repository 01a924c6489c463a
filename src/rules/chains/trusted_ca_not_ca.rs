use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// trusted-ca must hold CA certificates.
    TrustedCaNotCa = "trusted-ca-not-ca" {
        severity: Error,
        phase: X,
        summary: "the trusted-ca file holds a certificate that is not a CA",
        source: "Guide: Configuring Multiple Trusted CAs",
        bad: "trusted-ca=host_cert.pem",
        good: "trusted-ca=ca_cert.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| v.key == "trusted-ca") {
        for c in v.certs() {
            // A version 1 root (no extensions at all) is still a CA to OpenSSL.
            let v1_root = c.basic.is_none() && c.version < 3;
            if !(c.is_ca() || v1_root) {
                out.emit_once(
                    finding(
                        RuleId::TrustedCaNotCa,
                        v.span,
                        &v.object(),
                        Some("trusted-ca"),
                        format!(
                            "trusted-ca {} holds {}, which is not a CA certificate",
                            v.value,
                            c.short_name()
                        ),
                    )
                    .help("list only CA certificates (the roots and intermediates that issue your peers' certificates)"),
                );
            }
        }
    }
}
