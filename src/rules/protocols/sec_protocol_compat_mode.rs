use crate::rules::prelude::*;

declare_rule! {
    /// Compatibility mode negotiates down to TLS 1.1.
    SecProtocolCompatMode = "sec-protocol-compat-mode" {
        severity: Warning,
        phase: P,
        summary: "sec-protocol=SSLv23 (accepts TLS 1.1)",
        source: "Guide: Tuning Protocol Version Availability",
        bad: "sec-protocol=SSLv23",
        good: "sec-protocol=TLSv12",
    }
}
