use crate::rules::handshake::{both, each_failure, with_settings};
use crate::rules::prelude::*;
use crate::tls::handshake::{Prediction, Version};

declare_rule! {
    /// The handshake fails with protocol_version.
    HandshakeNoCommonProtocol = "handshake-no-common-protocol" {
        severity: Error,
        phase: H,
        summary: "client and server port share no protocol version",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "client TLSv12, server TLSv13",
        good: "both TLSv12 or empty",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (c, target, p) in each_failure(cx) {
        let Prediction::NoCommonProtocol {
            client,
            server,
            reason,
        } = p
        else {
            continue;
        };
        let f = Finding::new(
            RuleId::HandshakeNoCommonProtocol,
            Place::Span(c.conn().server.span),
            format!(
                "{}: the client allows {} and the server {}: no common protocol version, the handshake fails (protocol_version){}",
                both(c, target),
                versions(client, reason.is_some()),
                versions(server, reason.is_some()),
                reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default()
            ),
        )
        .help(if reason.is_some() {
            "a Java application on JDK 17 speaks TLS 1.2 and 1.3 only: leave tls-version, protocol-list and sec-protocol unset on it, or allow TLS 1.2 (docs/java-tls.md)"
        } else {
            "set the same sec-protocol on both sides, or leave it empty for TLS 1.2 and 1.3"
        });
        out.emit(with_settings(f, c, target));
    }
}

/// The versions an end allows; with a reason (a Java end), an empty list is JSSE's doing.
fn versions(v: &[Version], explained: bool) -> String {
    if v.is_empty() && explained {
        "none".into()
    } else if v.is_empty() {
        "none (the value is refused)".into()
    } else {
        v.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
    }
}
