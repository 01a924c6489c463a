use crate::rules::prelude::*;
use crate::rules::presented::{each_file_certificate, finding, store_certs};

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
    each_file_certificate(cx, |v, c, what| {
        if c.key.weak() {
            out.emit_about(
                About::Cert(c.sha256),
                finding(
                    RuleId::WeakKey,
                    v.span,
                    &v.object(),
                    Some("certificate"),
                    format!(
                        "{what} {} has a weak key: {} (at least RSA 2048 or EC P-256)",
                        c.short_name(),
                        c.key.describe()
                    ),
                ),
                || format!("{what} is named here too, for {}", v.object().describe()),
            );
        }
    });
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
