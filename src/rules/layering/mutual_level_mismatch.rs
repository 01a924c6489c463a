use crate::rules::prelude::*;

use super::consumers;
use crate::resolve::{Level, SECURITY};
use crate::rules::layering::first_group_span;

declare_rule! {
    /// The guide asks for tls-mutual at the same level as the certificate it goes with;
    /// tls-mutual=1 in a port's transport parameters is always right.
    MutualLevelMismatch = "mutual-level-mismatch" {
        severity: Warning,
        phase: C,
        summary: "tls-mutual at application or host level while the certificate is at another level",
        source: "Guide: Securing Core Framework Connections (Tip); Secure Network Logging Connections",
        bad: "host annex:  [security] tls-mutual=1\napplication: [security] certificate=…",
        good: "application: [security] certificate=… tls-mutual=1",
        check: check,
    }
}

/// Ports only: a connection's tls-mutual is the client's, which has no such rule.
fn check(cx: &Cx, out: &mut Out) {
    for c in consumers(cx).filter(|c| c.is_port()) {
        let Some(m) = c.eff.get("tls-mutual") else {
            continue;
        };
        let (Some(g), Some(gs)) = (c.eff.group_level, first_group_span(c.eff)) else {
            continue;
        };
        if !matches!(
            m.taken.level,
            Level::Application | Level::Annex | Level::Host
        ) || m.taken.level == g
        {
            continue;
        }
        out.emit_once(
            Finding::new(
                RuleId::MutualLevelMismatch,
                Place::Span(m.taken.span),
                format!(
                    "tls-mutual is set in the {} but the certificate of {} comes from the {}",
                    m.taken.level.label(),
                    c.object().describe(),
                    g.label()
                ),
            )
            .key(SECURITY, "tls-mutual")
            .object(c.object())
            .related(Place::Span(gs), "certificate settings taken from here")
            .help("set tls-mutual at the same level as the certificate, or tls-mutual=1 in the port's transport parameters"),
        );
    }
}
