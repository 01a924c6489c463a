use crate::rules::prelude::*;

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
    }
}
