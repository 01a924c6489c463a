use crate::rules::prelude::*;

use super::consumers;
use crate::resolve::SECURITY;
use crate::rules::layering::first_group_span;

declare_rule! {
    /// Set crl at the same level (host, application or connection) as the certificates it
    /// applies to.
    CrlLevelMismatch = "crl-level-mismatch" {
        severity: Warning,
        phase: C,
        summary: "crl set at a different level than the certificates",
        source: "Guide: Configuring Certificate Revocation Lists (CRL with Security Pack on Unix)",
        bad: "host annex: [security] crl=/etc/sec/crl.pem\napplication: [security] certificate=…",
        good: "application: [security] certificate=… crl=/etc/sec/crl.pem",
        check: check,
    }
}

/// The CRL option the application's runtime reads, against the level of its credentials.
fn check(cx: &Cx, out: &mut Out) {
    for c in consumers(cx) {
        let Some(crl) = c.eff.crl_read_by(c.app.runtime) else {
            continue;
        };
        let (Some(g), Some(gs)) = (c.eff.group_level, first_group_span(c.eff)) else {
            continue;
        };
        if crl.taken.level == g {
            continue;
        }
        out.emit_once(
            Finding::new(
                RuleId::CrlLevelMismatch,
                Place::Span(crl.taken.span),
                format!(
                    "{} is set in the {} but the certificates of {} come from the {}",
                    crl.key,
                    crl.taken.level.label(),
                    c.object().describe(),
                    g.label()
                ),
            )
            .key(SECURITY, crl.key)
            .object(c.object())
            .related(Place::Span(gs), "certificate settings taken from here")
            .help("set the CRL at the same level as the certificates it applies to"),
        );
    }
}
