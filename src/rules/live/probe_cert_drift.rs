use crate::rules::live::{finding, reached};
use crate::rules::prelude::*;

declare_rule! {
    /// The server runs with a certificate other than the configuration says.
    ProbeCertDrift = "probe-cert-drift" {
        severity: Error,
        phase: L,
        summary: "the endpoint presents another certificate than the one configured",
        source: "Guide: Troubleshooting Genesys TLS",
        bad: "presented leaf ≠ certificate file",
        good: "presented leaf = certificate file",
        check: check,
    }
}

/// The presented leaf against the configured certificate file's leaf, when both are known.
fn check(cx: &Cx, out: &mut Out) {
    for (p, r) in reached(cx) {
        let Some(presented) = r.chain.first() else {
            continue;
        };
        let Some(configured) = cx.facts.server_leaf(p) else {
            continue;
        };
        if presented.der == configured.der {
            continue;
        }
        let configured_at = p
            .eff
            .value("certificate")
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        let message = format!(
            "{} presents {} (SHA-1 {}), not the configured certificate{configured_at} {} (SHA-1 {})",
            r.endpoint,
            presented.short_name(),
            presented.thumbprint(),
            configured.short_name(),
            configured.thumbprint()
        );
        out.emit(finding(RuleId::ProbeCertDrift, p, message));
    }
}
