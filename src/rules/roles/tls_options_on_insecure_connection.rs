use crate::resolve::LAYERED;
use crate::rules::prelude::*;
use crate::rules::roles::targeted;

declare_rule! {
    /// A connection is secure when, and only when, it targets a secure port. TLS options on
    /// a connection to a clear-text port suggest the admin believes it is protected.
    TlsOptionsOnInsecureConnection = "tls-options-on-insecure-connection" {
        severity: Warning,
        phase: C,
        summary: "a connection carries TLS options but its target port is not secure",
        source: "Guide: Client Connections (\"then and only then\")",
        bad: "connection to port default (no tls=1): transportParams: tls=1;trusted-ca=…",
        good: "connection to port secure (tls=1)",
        check: check,
    }
}

/// The first TLS option of each connection to a clear-text port.
fn check(cx: &Cx, out: &mut Out) {
    for (c, target) in targeted(cx).filter(|(_, t)| !t.port().secure()) {
        let Some(first) = c.conn().params.iter().find(|p| means_tls(&p.key)) else {
            continue;
        };
        out.emit_once_with(RuleId::TlsOptionsOnInsecureConnection, first.span, || {
            Finding::new(
                RuleId::TlsOptionsOnInsecureConnection,
                Place::Span(first.span),
                format!(
                    "connection {} carries TLS options but port {}:{} is not secure: the traffic is clear text",
                    c.name(),
                    target.app.name,
                    target.port().id
                ),
            )
            .object(c.object())
            .related(Place::Span(target.port().span), "target port defined here")
            .help("point the connection at a secure port (tls=1), or remove the TLS options")
        });
    }
}

/// A transport parameter that only means something on a TLS connection.
fn means_tls(key: &str) -> bool {
    key == "tls" || key == "tls-mutual" || LAYERED.contains(&key)
}
