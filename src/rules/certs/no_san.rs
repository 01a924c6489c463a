use crate::rules::prelude::*;
use crate::rules::presented::{each_leaf, finding};

declare_rule! {
    /// The guide recommends both SAN and CN; newer runtimes ignore the CN.
    NoSan = "no-san" {
        severity: Warning,
        phase: X,
        summary: "no Subject Alternative Name (CN fallback only)",
        source: "Guide: Recommended Certificate Properties",
        bad: "subject CN=host.example.com, no SAN",
        good: "SAN DNS:host.example.com",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    each_leaf(cx, |l| {
        if !l.cert.has_san && !l.cert.form.unparsed.contains(&"subjectAltName") {
            out.emit_once(
                finding(
                    RuleId::NoSan,
                    l.span,
                    &(l.object)(),
                    Some("certificate"),
                    format!(
                        "{} has no Subject Alternative Name: the Security Pack falls back to the CN; Java and rustls refuse the name",
                        l.cert.short_name()
                    ),
                )
                .help("reissue it with the host's FQDN in the SAN (tlskit ca issue puts it there)"),
            );
        }
    });
}
