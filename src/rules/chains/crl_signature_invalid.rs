use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values};

declare_rule! {
    /// The CRL cannot be trusted.
    CrlSignatureInvalid = "crl-signature-invalid" {
        severity: Error,
        phase: X,
        summary: "a CRL not signed by the CA it claims",
        source: "Guide: Configuring Certificate Revocation Lists",
        bad: "tampered crl.pem",
        good: "crl.pem from the CA",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| matches!(v.key, "crl" | "tls-crl")) {
        for crl in v.crls() {
            let Some(ca) = cx
                .facts
                .cas
                .iter()
                .find(|c| c.subject_raw == crl.issuer_raw)
            else {
                continue;
            };
            if let Err(e) = cx.facts.sigs.crl(crl, ca) {
                out.emit_once(finding(
                    RuleId::CrlSignatureInvalid,
                    v.span,
                    &v.object(),
                    Some(v.key),
                    format!("{}: {e} ({})", v.value, ca.short_name()),
                ));
            }
        }
    }
}
