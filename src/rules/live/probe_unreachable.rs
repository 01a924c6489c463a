use crate::rules::live::{finding, probed};
use crate::rules::prelude::*;

declare_rule! {
    /// Nothing answers on the configured host and port.
    ProbeUnreachable = "probe-unreachable" {
        severity: Error,
        phase: L,
        summary: "the endpoint does not accept TCP within the timeout",
        source: "Guide: Troubleshooting Genesys TLS",
        bad: "server down",
        good: "server listening",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (p, r) in probed(cx).filter(|(_, r)| !r.reachable) {
        let why = r.unreachable.as_deref().unwrap_or("no TCP connection");
        let message = format!("{} is unreachable: {why}", r.endpoint);
        out.emit(finding(RuleId::ProbeUnreachable, p, message));
    }
}
