use crate::rules::live::{finding, reached};
use crate::rules::prelude::*;

declare_rule! {
    /// Legacy protocols are accepted on the wire.
    ProbeLegacyProtocol = "probe-legacy-protocol" {
        severity: Warning,
        phase: L,
        summary: "the endpoint accepts SSLv3, TLS 1.0 or TLS 1.1",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "TLS 1.0 accepted",
        good: "TLS 1.2+ only",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (p, r) in reached(cx) {
        let legacy = r.legacy.accepted();
        if legacy.is_empty() {
            continue;
        }
        let message = format!("{} accepts {}", r.endpoint, legacy.join(", "));
        out.emit(finding(RuleId::ProbeLegacyProtocol, p, message));
    }
}
