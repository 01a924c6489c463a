use crate::rules::chains::each_verdict;
use crate::rules::prelude::*;
use crate::rules::presented::finding;

declare_rule! {
    /// Peers checking the CRL refuse it.
    CertRevoked = "cert-revoked" {
        severity: Error,
        phase: X,
        summary: "the certificate (or an intermediate) is on a configured CRL",
        source: "Guide: Certificate Revocation Lists",
        bad: "serial 0x1A on crl.pem",
        good: "a new certificate",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_verdict(cx, |v| {
        let (p, c) = (v.port, v.conn);
        for r in &v.verdict.1 {
            let (object, msg) = if v.of_server {
                (
                    p.object(),
                    format!(
                        "{r}: client {} refuses port {}:{}",
                        c.client.name,
                        p.app.name,
                        p.port().id
                    ),
                )
            } else {
                (
                    c.object(),
                    format!(
                        "{r}: port {}:{} refuses client {}",
                        p.app.name,
                        p.port().id,
                        c.client.name
                    ),
                )
            };
            out.emit_once(finding(
                RuleId::CertRevoked,
                v.span,
                &object,
                Some("certificate"),
                msg,
            ));
        }
    });
}
