use crate::rules::prelude::*;
use crate::rules::presented::{day, finding, path_values};

declare_rule! {
    /// OpenSSL refuses certificates checked against an expired CRL.
    CrlExpired = "crl-expired" {
        severity: Error,
        phase: X,
        summary: "a CRL past its nextUpdate",
        source: "Guide: Configuring Certificate Revocation Lists",
        bad: "nextUpdate in the past",
        good: "a fresh CRL",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in path_values(cx).filter(|v| matches!(v.key, "crl" | "tls-crl")) {
        for crl in v.crls() {
            if let Some(next) = crl.next_update
                && next < cx.at
            {
                out.emit_once(
                    finding(
                        RuleId::CrlExpired,
                        v.span,
                        &v.object(),
                        Some(v.key),
                        format!(
                            "the CRL {} of {} expired on {} (nextUpdate): OpenSSL refuses every certificate checked against it",
                            v.value,
                            crl.issuer,
                            day(next)
                        ),
                    )
                    .help("publish a fresh CRL (tlskit ca crl)"),
                );
            }
        }
    }
}
