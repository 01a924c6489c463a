use crate::rules::live::{finding, reached};
use crate::rules::prelude::*;

declare_rule! {
    /// A weak suite is accepted on the wire.
    ProbeWeakCipherAccepted = "probe-weak-cipher-accepted" {
        severity: Error,
        phase: L,
        summary: "the endpoint negotiates a weak suite",
        source: "Guide: Aliases",
        bad: "3DES accepted",
        good: "AEAD suites only",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for (p, r) in reached(cx) {
        let weak: Vec<String> = r
            .weak_accepted()
            .map(|a| match &a.why {
                Some(w) => format!("{} at {} ({w})", a.suite, a.version),
                None => format!("{} at {}", a.suite, a.version),
            })
            .collect();
        if weak.is_empty() {
            continue;
        }
        let message = format!("{} negotiates weak suites: {}", r.endpoint, weak.join(", "));
        out.emit(finding(RuleId::ProbeWeakCipherAccepted, p, message));
    }
}
