use crate::input::source::Span;
use crate::resolve::{Effective, Platform};
use crate::rules::prelude::*;
use crate::rules::roles::{each_tls_server, unix_server_missing};

declare_rule! {
    /// Native applications on UNIX need trusted-ca with the certificate for a secure port.
    SecurePortMissingTrustedCa = "secure-port-missing-trusted-ca" {
        severity: Error,
        phase: C,
        summary: "a secure port of a native UNIX application without trusted-ca",
        source: "Guide: Server Listening Ports",
        bad: "[security]\ncertificate=…\ncertificate-key=…",
        good: "[security]\ncertificate=…\ncertificate-key=…\ntrusted-ca=/etc/sec/ca/ca.pem",
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
    unix_server_missing(
        RuleId::SecurePortMissingTrustedCa,
        "trusted-ca",
        eff,
        platform,
        span,
        name,
    )
}
