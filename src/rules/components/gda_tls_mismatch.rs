use crate::rules::prelude::*;

use super::local_agent_mismatch;
use crate::model::LocalKind;

declare_rule! {
    /// Genesys Deployment Agent uses TLS when gda.cfg [security] tls=1 and the host annex
    /// [security] gda-tls=1 agree.
    GdaTlsMismatch = "gda-tls-mismatch" {
        severity: Error,
        phase: C,
        summary: "gda.cfg tls=1 without host annex gda-tls=1, or the reverse",
        source: "Guide: Configuring TLS on Genesys Deployment Agent",
        bad: "gda.cfg: [security] tls=1\nhost annex: (no gda-tls)",
        good: "gda.cfg: [security] tls=1\nhost annex: [security] gda-tls=1",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    local_agent_mismatch(
        cx,
        out,
        (LocalKind::Gda, "tls", "gda-tls", RuleId::GdaTlsMismatch),
    );
}
