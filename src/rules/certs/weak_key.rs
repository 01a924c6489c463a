use crate::rules::prelude::*;
use crate::rules::presented::{finding, path_values, store_certs};

declare_rule! {
    /// Keys must be at least RSA 2048 or EC P-256.
    WeakKey = "weak-key" {
        severity: Error,
        phase: X,
        summary: "RSA below 2048 bits, DSA, or EC below 256 bits",
        source: "Guide: Recommended Certificate Properties",
        bad: "RSA 1024",
        good: "RSA 2048",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| v.key == "certificate") {
        let certs = v.certs();
        if certs.is_empty() {
            continue;
        }
        let leaf = crate::pki::verify::leaf_of(&certs);
        for c in certs.iter().filter(|c| c.key.weak()) {
            let what = if c.sha256 == leaf.sha256 {
                "the certificate"
            } else {
                "the chain certificate"
            };
            out.emit_once(finding(
                RuleId::WeakKey,
                v.span,
                &v.object(),
                Some("certificate"),
                format!(
                    "{what} {} has a weak key: {} (at least RSA 2048 or EC P-256)",
                    c.short_name(),
                    c.key.describe()
                ),
            ));
        }
    }
    for s in store_certs(cx) {
        if let Some(c) = s.cert.filter(|c| c.key.weak()) {
            out.emit_once(finding(
                RuleId::WeakKey,
                s.option.taken.span,
                &s.port.object(),
                Some("certificate"),
                format!(
                    "the certificate {} has a weak key: {}",
                    c.short_name(),
                    c.key.describe()
                ),
            ));
        }
    }
}
