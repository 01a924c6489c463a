use crate::rules::live::{finding, reached};
use crate::rules::prelude::*;

declare_rule! {
    /// The live endpoint refuses TLS as configured.
    ProbeHandshakeFailed = "probe-handshake-failed" {
        severity: Error,
        phase: L,
        summary: "the handshake fails; the message carries the alert or reason",
        source: "Guide: Troubleshooting Genesys TLS",
        bad: "alert handshake_failure",
        good: "handshake completes",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (p, r) in reached(cx) {
        // A mutual port refusing a probe that has no client certificate is doing its job.
        let refused_as_configured = r.failed_for_client_cert() && p.mutual();
        if r.handshake_ok() || refused_as_configured {
            continue;
        }
        let why: Vec<String> = r
            .attempts
            .iter()
            .map(|a| format!("{}: {}", a.version, a.error.as_deref().unwrap_or("failed")))
            .collect();
        let message = format!(
            "no TLS handshake with {} succeeds ({})",
            r.endpoint,
            why.join("; ")
        );
        out.emit(finding(RuleId::ProbeHandshakeFailed, p, message));
    }
}
