use crate::rules::chains::each_verdict;
use crate::rules::prelude::*;

declare_rule! {
    /// The server rejects the client.
    HandshakeClientUntrusted = "handshake-client-untrusted" {
        severity: Error,
        phase: H,
        summary: "mutual TLS: the client's certificate does not chain to the server's trusted-ca",
        source: "Guide: Certificate Exchange and Validation",
        bad: "server trusted-ca=other.pem",
        good: "server trusted-ca=ca_cert.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_verdict(cx, |v| {
        if v.anonymous {
            return;
        }
        if v.of_server || v.verdict.0.is_none() {
            return;
        }
        let (p, c) = (v.port, v.conn);
        out.emit_once(
            Finding::new(
                RuleId::HandshakeClientUntrusted,
                Place::Span(c.conn().server.span),
                format!(
                    "connection {}: port {}:{} requires mutual TLS and does not trust the client's certificate {} (its trusted-ca is {}): the handshake fails",
                    c.name(),
                    p.app.name,
                    p.port().id,
                    v.cert.short_name(),
                    v.cas_value
                ),
            )
            .object(c.object())
            .related(Place::Span(v.span), "the client's certificate"),
        );
    });
}
