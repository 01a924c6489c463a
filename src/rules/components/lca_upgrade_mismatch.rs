use crate::rules::prelude::*;

use super::local_agent_mismatch;
use crate::model::LocalKind;

declare_rule! {
    /// LCA listens securely only when lca.cfg [security] upgrade=1 and the host annex
    /// [security] lca-upgrade=1 agree; otherwise SCS and LCA disagree about TLS.
    LcaUpgradeMismatch = "lca-upgrade-mismatch" {
        severity: Error,
        phase: C,
        summary: "lca.cfg upgrade=1 without host annex lca-upgrade=1, or the reverse",
        source: "Guide: Securing Local Control Agent Connections",
        bad: "lca.cfg: [security] upgrade=1\nhost annex: (no lca-upgrade)",
        good: "lca.cfg: [security] upgrade=1\nhost annex: [security] lca-upgrade=1",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    let names = (
        LocalKind::Lca,
        "upgrade",
        "lca-upgrade",
        RuleId::LcaUpgradeMismatch,
    );
    local_agent_mismatch(cx, out, names);
}
