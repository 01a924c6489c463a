use crate::pki::verify::Defect;
use crate::rules::chains::each_verdict;
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// The peer's trusted-ca must hold the root (or an intermediate) of the certificate's
    /// chain.
    ChainUntrusted = "chain-untrusted" {
        severity: Error,
        phase: X,
        summary: "the certificate does not chain to the trusted-ca of the peer that validates it",
        source: "Guide: Certificate Exchange and Validation",
        bad: "client trusted-ca=other_ca.pem",
        good: "client trusted-ca=ca_cert.pem",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_verdict(cx, |v| {
        // A signature that does not verify is chain-signature-invalid's.
        let Some((defect, why)) = &v.verdict.0 else {
            return;
        };
        if *defect == Defect::SignatureInvalid {
            return;
        }
        let (p, c) = (v.port, v.conn);
        let java = if v.judge_is_java() {
            "the Java (JSSE PKIX) "
        } else {
            ""
        };
        let f = if v.of_server {
            let ca_span = c.eff.get("trusted-ca").expect("has cas").taken.span;
            finding(
                RuleId::ChainUntrusted,
                v.span,
                &p.object(),
                Some("certificate"),
                format!(
                    "{} of port {}:{} is not trusted by {}client {} (trusted-ca {}): {why}",
                    v.cert.short_name(),
                    p.app.name,
                    p.port().id,
                    java,
                    c.client.name,
                    v.cas_value
                ),
            )
            .related(Place::Span(ca_span), "the client's trusted-ca")
            .help("issue the server certificate from a CA in the client's trusted-ca, or add that CA to it")
        } else {
            finding(
                RuleId::ChainUntrusted,
                v.span,
                &c.object(),
                Some("certificate"),
                format!(
                    "{} of client {} is not trusted by {}port {}:{} (trusted-ca {}), which requires mutual TLS: {why}",
                    v.cert.short_name(),
                    c.client.name,
                    java,
                    p.app.name,
                    p.port().id,
                    v.cas_value
                ),
            )
        };
        out.emit_once(f);
    });
}
