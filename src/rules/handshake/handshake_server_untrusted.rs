use crate::rules::chains::each_verdict;
use crate::rules::prelude::*;

declare_rule! {
    /// The client rejects the server. A Java (Platform SDK) client validates as JSSE's PKIX
    /// does (JDK 17): it accepts a chain that ends at a trusted intermediate, a certificate
    /// listed itself in its trusted-ca, and a trusted root whose pathLen or critical
    /// extensions OpenSSL would refuse (docs/java-tls.md).
    HandshakeServerUntrusted = "handshake-server-untrusted" {
        severity: Error,
        phase: H,
        summary: "the server port's certificate does not chain to the client's trusted-ca",
        source: "Guide: Certificate Exchange and Validation",
        bad: "client trusted-ca=other.pem",
        good: "client trusted-ca=ca_cert.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_verdict(cx, |v| {
        if v.anonymous {
            return;
        }
        if !v.of_server || v.verdict.0.is_none() {
            return;
        }
        let c = v.conn;
        let ca_span = c.eff.get("trusted-ca").expect("has cas").taken.span;
        out.emit_once(
            Finding::new(
                RuleId::HandshakeServerUntrusted,
                Place::Span(c.conn().server.span),
                format!(
                    "connection {}: {} does not trust the server's certificate {} (its trusted-ca is {}): the handshake fails (unknown_ca)",
                    c.name(),
                    if v.judge_is_java() {
                        "the Java client (JSSE PKIX path validation)"
                    } else {
                        "the client"
                    },
                    v.cert.short_name(),
                    v.cas_value
                ),
            )
            .object(c.object())
            .related(Place::Span(v.span), "the server's certificate")
            .related(Place::Span(ca_span), "the client's trusted-ca"),
        );
    });
}
