use crate::rules::prelude::*;

use super::written;

declare_rule! {
    /// Compatibility mode negotiates down to TLS 1.1.
    SecProtocolCompatMode = "sec-protocol-compat-mode" {
        severity: Warning,
        phase: P,
        summary: "sec-protocol=SSLv23 (accepts TLS 1.1)",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "sec-protocol=SSLv23",
        good: "sec-protocol=TLSv12",
        check: check,
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for v in written(cx, "sec-protocol").filter(|v| v.value == "SSLv23") {
        out.emit_once(
            v.finding(
                RuleId::SecProtocolCompatMode,
                "sec-protocol=SSLv23 is compatibility mode: it still accepts TLS 1.1".into(),
            )
            .help("use TLSv12 (or leave it empty for TLS 1.2 and 1.3)"),
        );
    }
}
