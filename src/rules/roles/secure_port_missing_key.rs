use crate::input::source::Span;
use crate::resolve::{Effective, Platform};
use crate::rules::prelude::*;
use crate::rules::roles::{each_tls_server, unix_server_missing};

declare_rule! {
    /// Native applications on UNIX read the private key from the file named by
    /// certificate-key, at the same level as the certificate.
    SecurePortMissingKey = "secure-port-missing-key" {
        severity: Error,
        phase: C,
        summary: "a secure port of a native UNIX application without certificate-key",
        source: "Guide: Server Listening Ports",
        bad: "[security]\ncertificate=/etc/sec/certs/host.pem\ntrusted-ca=/etc/sec/ca/ca.pem",
        good: "[security]\ncertificate=/etc/sec/certs/host.pem\ncertificate-key=/etc/sec/certs/key.pem\ntrusted-ca=/etc/sec/ca/ca.pem",
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
        RuleId::SecurePortMissingKey,
        "certificate-key",
        eff,
        platform,
        span,
        name,
    )
}
