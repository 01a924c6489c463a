use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// The CRL's issuer must be a trusted CA.
    CrlIssuerUnknown = "crl-issuer-unknown" {
        severity: Error,
        phase: X,
        summary: "a CRL whose issuer is not among the trusted CAs",
        source: "Guide: Configuring Certificate Revocation Lists",
        bad: "CRL of another CA",
        good: "CRL of the trusted CA",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| matches!(v.key, "crl" | "tls-crl")) {
        for crl in v.crls() {
            if !cx.facts.cas.iter().any(|c| c.subject_raw == crl.issuer_raw) {
                out.emit_once(finding(
                    RuleId::CrlIssuerUnknown,
                    v.span,
                    &v.object(),
                    Some(v.key),
                    format!(
                        "the CRL {} is issued by {}, which no trusted-ca of the deployment holds",
                        v.value, crl.issuer
                    ),
                ));
            }
        }
    }
}
