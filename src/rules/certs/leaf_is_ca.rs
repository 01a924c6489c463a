use crate::rules::prelude::*;
use crate::rules::presented::{each_leaf, finding};

declare_rule! {
    /// Use a host certificate issued by the CA, not the CA itself.
    LeafIsCa = "leaf-is-ca" {
        severity: Warning,
        phase: X,
        summary: "a CA certificate configured as an end-entity certificate",
        source: "Guide: TLS Certificates",
        bad: "certificate=ca_cert.pem",
        good: "certificate=01_host_cert.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_leaf(cx, |l| {
        if l.cert.is_ca() {
            out.emit_once(
                finding(
                    RuleId::LeafIsCa,
                    l.span,
                    &(l.object)(),
                    Some("certificate"),
                    format!(
                        "{} is a CA certificate (CA:TRUE) configured as the certificate of an application",
                        l.cert.short_name()
                    ),
                )
                .help("use a host certificate issued by the CA"),
            );
        }
    });
}
