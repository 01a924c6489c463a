use crate::input::source::Span;
use crate::resolve::{Effective, Platform};
use crate::rules::prelude::*;
use crate::rules::roles::each_tls_server;

declare_rule! {
    /// A secure listening port must be provisioned with a certificate at the port,
    /// application or host level; without one the server cannot open it.
    SecurePortMissingCertificate = "secure-port-missing-certificate" {
        severity: Error,
        phase: C,
        summary: "a port with tls=1 whose effective settings have no certificate",
        source: "Guide: Server Listening Ports",
        bad: "port: tls=1   (no certificate at any level)",
        good: "port: tls=1\nhost annex: [security] certificate=… certificate-key=… trusted-ca=…",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_tls_server(cx, out, missing);
}

/// Said of every TLS server (see `each_tls_server`).
pub(super) fn missing(
    eff: &Effective,
    platform: Platform,
    span: Span,
    name: &dyn Fn() -> (ObjectRef, String),
) -> Option<Finding> {
    if eff.get("certificate").is_some() {
        return None;
    }
    let (object, who) = name();
    Some(
        Finding::new(
            RuleId::SecurePortMissingCertificate,
            Place::Span(span),
            format!("{who} is secure but no level sets a certificate: the server cannot open it"),
        )
        .object(object)
        .help(if platform.uses_windows_store() {
            "set certificate to the thumbprint of the host certificate at the port, application or host level"
        } else {
            "set certificate, certificate-key and trusted-ca together at the port, application or host level"
        }),
    )
}
